"""The plugin contract: every hook newslint calls, in one file.

A plugin is any module or object with functions decorated by ``newslint.hookimpl``.
Built-in rule families (``newslint.checks.*``) are registered exactly like third-party
plugins, which are found through the ``newslint`` entry-point group or named in config
(``plugins = ["my_module"]``).

    from newslint import Rule, hookimpl

    class LoremIpsum(Rule):
        ...

    @hookimpl
    def newslint_rules():
        return [LoremIpsum()]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from .config import Settings
    from .rule import Rule

PROJECT = "newslint"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def newslint_rules(settings: Settings) -> Sequence[Rule]:
    """Return the rules this plugin provides (Rule instances or Rule subclasses).

    ``settings`` is the effective configuration (an implementation may leave the
    parameter out). Rule codes must be unique across all plugins; a clash is a
    configuration error.
    """


@hookspec
def newslint_formatters() -> dict[str, Callable[..., str]]:
    """Return output formats: name -> ``format(findings, context) -> str``.

    ``context`` is a :class:`newslint.formats.FormatContext` (rules by code, colour,
    source text by path).
    """


@hookspec
def newslint_options() -> dict[str, dict[str, Any]]:
    """Declare configuration sections this plugin reads: section -> {key: default}.

    newslint validates user config against these: an unknown key in a declared section
    is an error naming the key and the file, and a value must have the default's type.
    Rules read the merged values with ``settings.section(name)``.
    """


@hookspec
def newslint_configure(settings: Settings) -> None:
    """Called once per effective configuration before any file is linted.

    Raise ``newslint.config.ConfigError`` to reject a value; the run exits 2 with the
    message.
    """
