"""Inline suppression comments, in Markdown and plain text alike.

    <!-- newslint-disable NL301,NL302 -->  ...  <!-- newslint-enable -->
    <!-- newslint-disable-next-line NL401 -- reason -->
    <!-- newslint-disable-file -->

Codes may be codes, prefixes, names or categories; none means every rule. A directive
that suppresses nothing is reported as NL903 (like ruff's RUF100).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

from .finding import Finding


@cache
def _directive() -> re.Pattern[str]:
    """A ``<!-- newslint-... -->`` comment (compiled on first use: few files have one)."""
    return re.compile(
        r"<!--\s*newslint-(disable-next-line|disable-file|disable|enable)\b"
        r"(?P<codes>(?:(?!--\s*>|-->|\s--\s).)*)(?:\s--\s(?P<reason>(?:(?!-->).)*))?\s*-->",
        re.I,
    )


@dataclass
class Directive:
    kind: str  # disable | enable | disable-next-line | disable-file
    codes: list[str]  # empty: all rules
    line: int
    column: int
    end_column: int
    start: int
    end: int
    first_line: int = 0  # range covered
    last_line: int = 0
    used: set[str] = field(default_factory=set)  # selectors that matched something
    used_any: bool = False


def parse_directives(text: str, position: Callable[[int], tuple[int, int]]) -> list[Directive]:
    if "newslint-" not in text:
        return []
    out: list[Directive] = []
    for m in _directive().finditer(text):
        codes = [c for c in re.split(r"[\s,]+", m.group("codes").strip()) if c]
        line, col = position(m.start())
        _, end_col = position(m.end())
        out.append(Directive(m.group(1).lower(), codes, line, col, end_col, m.start(), m.end()))
    # Resolve ranges.
    open_disables: list[Directive] = []
    for d in out:
        if d.kind == "disable-file":
            d.first_line, d.last_line = 1, 10**9
        elif d.kind == "disable-next-line":
            d.first_line = d.last_line = d.line + 1
        elif d.kind == "disable":
            d.first_line, d.last_line = d.line, 10**9
            open_disables.append(d)
        elif d.kind == "enable":
            for od in open_disables:
                if od.last_line == 10**9 and (
                    not d.codes or set(d.codes) & set(od.codes) or not od.codes
                ):
                    od.last_line = d.line
            open_disables = [od for od in open_disables if od.last_line == 10**9]
    return out


def apply(
    findings: Iterable[Finding],
    directives: list[Directive],
    matches: Callable[[Finding, str], bool],
) -> list[Finding]:
    """Findings that no directive suppresses; marks directives that were used."""
    active = [d for d in directives if d.kind != "enable"]
    if not active:
        return list(findings)
    kept = []
    for f in findings:
        suppressed = False
        for d in active:
            if not (d.first_line <= f.line <= d.last_line):
                continue
            if not d.codes:
                d.used_any = True
                suppressed = True
                continue
            for c in d.codes:
                if matches(f, c):
                    d.used.add(c)
                    suppressed = True
        if not suppressed:
            kept.append(f)
    return kept
