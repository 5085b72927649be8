"""``--format json``: one array of findings (schema: docs/findings.schema.json)."""

from __future__ import annotations

import json


def render(findings, context) -> str:
    return json.dumps([f.to_dict() for f in findings], indent=2, ensure_ascii=False) + "\n"
