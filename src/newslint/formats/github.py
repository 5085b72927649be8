"""``--format github``: GitHub Actions workflow commands (annotations on the diff)."""

from __future__ import annotations

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


def render(findings, context) -> str:
    out = []
    for f in findings:
        level = LEVELS.get(str(f.severity), "warning")
        props = (
            f"file={_prop(f.path)},line={f.line},col={f.column},"
            f"endLine={f.end_line},endColumn={f.end_column},title={_prop(f.code + ' ' + f.name)}"
        )
        out.append(f"::{level} {props}::{_data(f.code + ' ' + f.message)}\n")
    return "".join(out)
