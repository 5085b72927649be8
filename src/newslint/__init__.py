"""newslint: a linter for news and article content kept in git.

The public API:

    from newslint import lint_text, lint_paths
    findings = lint_text(open("article.md").read(), "article.md")

    from newslint import Rule, hookimpl   # for plugins
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Document",
    "Edit",
    "Finding",
    "Fix",
    "Location",
    "Rule",
    "Severity",
    "__version__",
    "hookimpl",
    "lint_paths",
    "lint_text",
]

if TYPE_CHECKING:
    from .document import Document
    from .finding import Edit, Finding, Fix, Location, Severity
    from .hookspecs import hookimpl
    from .rule import Rule

_LAZY = {
    "Document": "document",
    "Finding": "finding",
    "Location": "finding",
    "Fix": "finding",
    "Edit": "finding",
    "Severity": "finding",
    "Rule": "rule",
    "hookimpl": "hookspecs",
}


def __getattr__(name: str) -> Any:
    # Imports stay lazy so that `newslint` starts fast in a pre-commit hook.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'newslint' has no attribute {name!r}")


def lint_text(text: str, path: str = "<text>", **options: Any) -> list[Finding]:
    """Lint one document given as text. ``options`` are those of ``Linter``
    (``select``, ``ignore``, ``config``, ``isolated``...)."""
    from .engine import Linter

    return Linter(**options).lint_text(text, path)


def lint_paths(paths: list[str], **options: Any) -> list[Finding]:
    """Lint files and directories as the command line does."""
    from .engine import Linter
    from .files import discover

    linter = Linter(**options)
    files = list(discover(paths, linter.settings_for(None)))
    return linter.run(files).findings
