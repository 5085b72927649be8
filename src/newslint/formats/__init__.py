"""Output formats, one module each. Formatters never lint; they only render findings.

A formatter is ``format(findings, context) -> str``. Plugins add formats through the
``newslint_formatters`` hook.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..hookspecs import hookimpl

if TYPE_CHECKING:
    from ..rule import Rule

BUILTIN_FORMATS = ("text", "json", "jsonl", "sarif", "github")


@dataclass
class FormatContext:
    rules: dict[str, Rule] = field(default_factory=dict)
    color: bool = False
    show_source: bool = False
    statistics: bool = False
    quiet: bool = False
    files: int = 0
    #: path -> source text, for showing the offending line (None: read from disk)
    source: Callable[[str], str | None] | None = None
    version: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _lazy(module: str) -> Callable[..., str]:
    def render(findings, context):
        import importlib

        return importlib.import_module(f"newslint.formats.{module}").render(findings, context)

    render.__name__ = f"render_{module}"
    return render


@hookimpl
def newslint_formatters():
    return {name: _lazy(name if name != "json" else "json_") for name in BUILTIN_FORMATS}
