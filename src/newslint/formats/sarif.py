"""``--format sarif``: SARIF 2.1.0 for code-scanning services.

Columns are Unicode code points (``columnKind: unicodeCodePoints``).
"""

from __future__ import annotations

import hashlib
import json
from urllib.parse import quote

LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _uri(path: str) -> str:
    return quote(path.replace("\\", "/"))


def _region(line: int, column: int, end_line: int, end_column: int) -> dict:
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def _rule_descriptor(rule) -> dict:
    d = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary or rule.name},
        "fullDescription": {"text": rule.explanation},
        "defaultConfiguration": {"level": LEVELS.get(str(rule.severity), "warning")},
        "properties": {"category": rule.category, "fixable": rule.fixable},
    }
    if rule.url:
        d["helpUri"] = rule.url
    return d


def render(findings, context) -> str:
    rules = dict(context.rules)
    used = sorted(
        {f.code for f in findings} | {c for c in rules if c in {f.code for f in findings}}
    )
    descriptors = []
    index: dict[str, int] = {}
    for code in used:
        rule = rules.get(code)
        index[code] = len(descriptors)
        descriptors.append(_rule_descriptor(rule) if rule else {"id": code})
    results = []
    seen: dict[str, int] = {}
    for f in findings:
        base = hashlib.sha256(f"{f.code}\0{f.path}\0{f.message}".encode()).hexdigest()[:32]
        n = seen.get(base, 0)
        seen[base] = n + 1
        result = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": LEVELS.get(str(f.severity), "warning"),
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(f.path)},
                        "region": _region(f.line, f.column, f.end_line, f.end_column),
                    }
                }
            ],
            "partialFingerprints": {"newslint/v1": f"{base}:{n}"},
        }
        if f.related:
            result["relatedLocations"] = [
                {
                    "id": i,
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(r.path)},
                        "region": _region(r.line, r.column, r.end_line, r.end_column),
                    },
                    "message": {"text": r.message or "related"},
                }
                for i, r in enumerate(f.related)
            ]
        if f.fix is not None:
            result["fixes"] = [
                {
                    "description": {"text": f.fix.message},
                    "artifactChanges": [
                        {
                            "artifactLocation": {"uri": _uri(f.path)},
                            "replacements": [
                                {
                                    "deletedRegion": _region(
                                        e.line, e.column, e.end_line, e.end_column
                                    ),
                                    "insertedContent": {"text": e.text},
                                }
                                for e in f.fix.edits
                            ],
                        }
                    ],
                }
            ]
        results.append(result)
    doc = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "newslint",
                        "version": context.version,
                        "informationUri": "https://github.com/newslint/newslint",
                        "rules": descriptors,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
