"""Rule family placeholder: filled by its issue."""

from __future__ import annotations

from ..hookspecs import hookimpl


@hookimpl
def newslint_rules():
    return []
