"""Rule documentation from the rules themselves: ``newslint rules``, ``newslint rule``,
and ``docs/rules.md`` (regenerate with ``python -m newslint.docs > docs/rules.md``)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from .rule import Rule


def rule_dict(rule: Rule) -> dict:
    return {
        "code": rule.code,
        "name": rule.name,
        "category": rule.category,
        "severity": str(rule.severity),
        "scope": rule.scope,
        "fixable": rule.fixable,
        "default_enabled": rule.default_enabled,
        "summary": rule.summary,
        "explanation": rule.explanation,
        "url": rule.url,
    }


def rules_table(rules: Iterable[Rule], fmt: str = "text") -> str:
    rules = sorted(rules, key=lambda r: r.code)
    if fmt == "json":
        return json.dumps([rule_dict(r) for r in rules], indent=2) + "\n"
    rows = [("CODE", "NAME", "CATEGORY", "SEVERITY", "FIX", "SUMMARY")]
    for r in rules:
        fix = "yes" if r.fixable else ""
        name = r.name if r.default_enabled else r.name + " (opt-in)"
        rows.append((r.code, name, r.category, str(r.severity), fix, r.summary))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    out = []
    for row in rows:
        out.append(
            "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:5])) + "  " + row[5]
        )
    return "\n".join(line.rstrip() for line in out) + "\n"


def rule_text(rule: Rule, fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps(rule_dict(rule), indent=2) + "\n"
    head = f"{rule.code} {rule.name}"
    meta = f"category: {rule.category} · severity: {rule.severity} · fixable: {'yes' if rule.fixable else 'no'}"
    if not rule.default_enabled:
        meta += " · off by default (select it to enable)"
    return f"{head}\n{'=' * len(head)}\n{meta}\n\n{rule.explanation}\n"


def rules_markdown(rules: Iterable[Rule]) -> str:
    rules = sorted(rules, key=lambda r: r.code)
    out = [
        "# Rules",
        "",
        "Generated from the rules' own documentation by `python -m newslint.docs`; do not edit.",
        "",
        "| code | name | category | severity | fixable | summary |",
        "|---|---|---|---|---|---|",
    ]
    for r in rules:
        out.append(
            f"| [{r.code}](#{r.code.lower()}) | {r.name} | {r.category} | {r.severity} | "
            f"{'yes' if r.fixable else ''} | {r.summary} |"
        )
    for r in rules:
        out += [
            "",
            f"## {r.code}",
            "",
            f"**{r.name}** · {r.category} · {r.severity}"
            + (" · fixable" if r.fixable else "")
            + ("" if r.default_enabled else " · opt-in"),
            "",
            r.explanation,
        ]
    return "\n".join(out) + "\n"


def main() -> None:
    from .engine import Linter

    linter = Linter(isolated=True, entry_points=False)
    print(rules_markdown(linter.registry(linter.settings_for(None)).rules.values()), end="")


if __name__ == "__main__":
    main()
