"""``--format text``: ``path:line:col: CODE message``; on a terminal, colour and the
source line with a caret under the finding."""

from __future__ import annotations

from collections import Counter

_C = {
    "bold": "\033[1m",
    "dim": "\033[2m",
    "red": "\033[31m",
    "yellow": "\033[33m",
    "cyan": "\033[36m",
    "reset": "\033[0m",
}
_SEV = {"error": "red", "warning": "yellow", "info": "cyan"}


def _read_lines(path: str, context, cache: dict) -> list[str] | None:
    if path not in cache:
        text = context.source(path) if context.source else None
        if text is None:
            try:
                with open(path, encoding="utf-8-sig", errors="replace") as fh:
                    text = fh.read()
            except OSError:
                text = None
        cache[path] = text.splitlines() if text is not None else None
    return cache[path]


def render(findings, context) -> str:
    c = _C if context.color else {k: "" for k in _C}
    out: list[str] = []
    cache: dict = {}
    for f in findings:
        sev = str(f.severity)
        head = (
            f"{c['bold']}{f.path}{c['reset']}:{f.line}:{f.column}: "
            f"{c['bold']}{c[_SEV.get(sev, 'yellow')]}{f.code}{c['reset']} {f.message}"
        )
        if f.fix is not None:
            head += f" {c['dim']}[{'*' if f.fix.applicability == 'safe' else 'unsafe'} fixable]{c['reset']}"
        out.append(head)
        if context.show_source:
            lines = _read_lines(f.path, context, cache)
            if lines is not None and 1 <= f.line <= len(lines):
                src = lines[f.line - 1]
                start = f.column - 1
                end = f.end_column - 1 if f.end_line == f.line else len(src)
                # Long lines (scraped copy) are shown as a window around the finding.
                lo = max(0, start - 60)
                hi = min(len(src), max(end, start + 1) + 60)
                prefix = "…" if lo > 0 else ""
                suffix = "…" if hi < len(src) else ""
                snippet = prefix + src[lo:hi] + suffix
                caret_at = len(prefix) + start - lo
                width = max(1, min(end, hi) - start)
                out.append(f"  {c['dim']}|{c['reset']} {snippet}")
                out.append(
                    f"  {c['dim']}|{c['reset']} {' ' * caret_at}{c['red']}{'^' * width}{c['reset']}"
                )
    if context.statistics and findings:
        counts = Counter((f.code, f.name) for f in findings)
        out.append("")
        for (code, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            out.append(f"{n:>6}  {code}  {name}")
    if not context.quiet:
        n = len(findings)
        fixable = sum(1 for f in findings if f.fix is not None)
        if n:
            tail = (
                f" ({fixable} fixable with --fix{'/--unsafe-fixes' if any(f.fix and f.fix.applicability != 'safe' for f in findings) else ''})"
                if fixable
                else ""
            )
            out.append(
                f"Found {n} finding{'s' if n != 1 else ''} in {context.files} file{'s' if context.files != 1 else ''}{tail}."
            )
        else:
            out.append(
                f"All clear: {context.files} file{'s' if context.files != 1 else ''} checked."
            )
    return "\n".join(out) + ("\n" if out else "")
