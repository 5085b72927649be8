"""Configuration: discovery, validation and the effective Settings for a file.

Sources, nearest first when walking up from a linted file: ``newslint.toml``,
``.newslint.toml``, then ``pyproject.toml`` with a ``[tool.newslint]`` table. Keys are
kebab-case. Unknown keys are errors naming the key and the file. Plugins declare their
own sections through the ``newslint_options`` hook (see docs/configuration.md).
"""

from __future__ import annotations

import copy
import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONFIG_NAMES = ("newslint.toml", ".newslint.toml", "pyproject.toml")

DEFAULT_INCLUDE = ["*.md", "*.markdown", "*.txt"]
DEFAULT_MAX_FILE_SIZE = 5_000_000  # bytes

#: Core keys and their defaults. Sections declared by plugins are added at validation.
CORE_DEFAULTS: dict[str, Any] = {
    "select": None,
    "ignore": [],
    "extend-select": [],
    "per-file-ignores": {},
    "severity": {},
    "include": list(DEFAULT_INCLUDE),
    "exclude": [],
    "extend-exclude": [],
    "respect-gitignore": True,
    "plugins": [],
    "rule-packs": [],
    "max-file-size": DEFAULT_MAX_FILE_SIZE,
    "cache-dir": ".newslint_cache",
}


class ConfigError(Exception):
    """A configuration problem; the CLI prints it and exits 2."""


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None


def read_config_file(path: Path) -> dict[str, Any] | None:
    """The newslint table of a config file, or None (a pyproject without one)."""
    data = _load_toml(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        if not isinstance(tool, dict) or "newslint" not in tool:
            return None
        table = tool["newslint"]
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.newslint] must be a table")
        return table
    return data


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above directory ``start``."""
    d = start.resolve()
    while True:
        for name in CONFIG_NAMES:
            cand = d / name
            if cand.is_file():
                if name != "pyproject.toml" or read_config_file(cand) is not None:
                    return cand
        if d.parent == d:
            return None
        d = d.parent


@dataclass
class Settings:
    """The effective configuration for a set of files (picklable plain data)."""

    values: dict[str, Any] = field(default_factory=lambda: copy.deepcopy(CORE_DEFAULTS))
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)
    path: str | None = None  # the config file, if any
    root: str = "."  # directory paths in the config are relative to
    # Command-line overrides (merged over the file's values).
    cli_select: list[str] | None = None
    cli_ignore: list[str] = field(default_factory=list)
    cli_extend_select: list[str] = field(default_factory=list)
    _key: str | None = field(default=None, repr=False, compare=False)

    def get(self, key: str) -> Any:
        return self.values.get(key, CORE_DEFAULTS.get(key))

    def section(self, name: str) -> dict[str, Any]:
        """Merged values of a plugin's section (defaults from ``newslint_options``)."""
        return self.sections.get(name, {})

    @property
    def select(self) -> list[str] | None:
        if self.cli_select is not None:
            return self.cli_select
        return self.values.get("select")

    @property
    def ignore(self) -> list[str]:
        return list(self.values.get("ignore") or []) + list(self.cli_ignore)

    @property
    def extend_select(self) -> list[str]:
        return list(self.values.get("extend-select") or []) + list(self.cli_extend_select)

    def ignores_for(self, path: str) -> list[str]:
        """Per-file ignores whose glob matches ``path`` (relative to the config root)."""
        out: list[str] = []
        table = self.values.get("per-file-ignores") or {}
        if not table:
            return out
        rel = _relative(path, self.root)
        for pattern, codes in table.items():
            if _glob_match(rel, pattern):
                out.extend(codes)
        return out

    def key(self) -> str:
        """A stable identity for caching registries and results (computed once: settings
        are not changed after the engine has finished building them)."""
        if self._key is None:
            self._key = self._compute_key()
        return self._key

    def _compute_key(self) -> str:
        return _canonical(
            [self.values, self.sections, self.cli_select, self.cli_ignore, self.cli_extend_select]
        )


def _canonical(value: Any) -> str:
    """A stable text for plain config data (mappings in key order), like a sorted JSON dump
    but without importing json at start-up; other values are written as their str()."""
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda kv: str(kv[0]))
        return "{" + ",".join(f"{_canonical(k)}:{_canonical(v)}" for k, v in items) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_canonical(v) for v in value) + "]"
    if value is None or isinstance(value, (str, int, float)):
        return repr(value)
    return repr(str(value))


def _relative(path: str, root: str) -> str:
    try:
        return os.path.relpath(os.path.abspath(path), os.path.abspath(root)).replace(os.sep, "/")
    except ValueError:
        return path.replace(os.sep, "/")


def _glob_match(rel: str, pattern: str) -> bool:
    pattern = pattern.replace(os.sep, "/")
    if fnmatch.fnmatchcase(rel, pattern):
        return True
    # A pattern without a slash matches the file name in any directory.
    if "/" not in pattern:
        return fnmatch.fnmatchcase(rel.rsplit("/", 1)[-1], pattern)
    if pattern.startswith("**/"):
        return fnmatch.fnmatchcase(rel, pattern[3:])
    return False


def _type_name(value: Any) -> str:
    return {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a table",
    }.get(type(value), type(value).__name__)


def _check_type(value: Any, default: Any, where: str) -> Any:
    if default is None:
        return value
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, int):
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif isinstance(default, float):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    else:
        ok = isinstance(value, type(default))
    if not ok:
        raise ConfigError(f"{where} must be {_type_name(default)}, not {value!r}")
    return value


def build_settings(
    table: dict[str, Any] | None,
    path: str | None,
    option_specs: dict[str, dict[str, Any]],
) -> Settings:
    """Validate a raw config table against the core keys and the plugins' sections."""
    where_file = path or "<defaults>"
    values = copy.deepcopy(CORE_DEFAULTS)
    sections = {name: copy.deepcopy(spec) for name, spec in option_specs.items()}
    for key, value in (table or {}).items():
        if key in CORE_DEFAULTS:
            values[key] = _check_type(value, CORE_DEFAULTS[key], f"{where_file}: '{key}'")
            if key == "select" and not (
                isinstance(value, list) and all(isinstance(v, str) for v in value)
            ):
                raise ConfigError(f"{where_file}: 'select' must be a list of strings")
            continue
        if key in option_specs:
            if not isinstance(value, dict):
                raise ConfigError(f"{where_file}: [{key}] must be a table")
            spec = option_specs[key]
            for sub, subval in value.items():
                if sub not in spec:
                    known = ", ".join(sorted(spec)) or "none"
                    raise ConfigError(
                        f"{where_file}: unknown key '{sub}' in [{key}] (known keys: {known})"
                    )
                sections[key][sub] = _check_type(subval, spec[sub], f"{where_file}: '{key}.{sub}'")
            continue
        known = ", ".join(sorted([*CORE_DEFAULTS, *option_specs]))
        raise ConfigError(f"{where_file}: unknown key '{key}' (known keys: {known})")
    for key in (
        "ignore",
        "extend-select",
        "include",
        "exclude",
        "extend-exclude",
        "plugins",
        "rule-packs",
    ):
        if not all(isinstance(v, str) for v in values[key]):
            raise ConfigError(f"{where_file}: '{key}' must be a list of strings")
    for pattern, codes in values["per-file-ignores"].items():
        if not (isinstance(codes, list) and all(isinstance(c, str) for c in codes)):
            raise ConfigError(
                f"{where_file}: per-file-ignores '{pattern}' must be a list of rule codes"
            )
    from .finding import Severity

    for code, sev in values["severity"].items():
        try:
            Severity.parse(sev)
        except ValueError as exc:
            raise ConfigError(f"{where_file}: severity for '{code}': {exc}") from None
    root = str(Path(path).parent) if path else "."
    return Settings(values=values, sections=sections, path=path, root=root)


def load_raw(path: Path | None) -> dict[str, Any] | None:
    if path is None:
        return None
    return read_config_file(path)
