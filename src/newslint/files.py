"""From command-line paths to the list of files to lint.

Files named explicitly are always linted. Directories are walked: a file is taken when
its name matches an ``include`` glob and its path no ``exclude``/``extend-exclude`` glob;
hidden directories are skipped, and ``.gitignore`` files are respected (pathspec, git's
wildmatch rules).
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator

from .config import Settings

ALWAYS_SKIPPED_DIRS = frozenset(
    {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv"}
)


class PathError(Exception):
    """A path given on the command line does not exist."""


def _matches_any(rel: str, patterns: Iterable[str]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    for p in patterns:
        p = p.rstrip("/")
        if fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(name, p):
            return True
        if p.startswith("**/") and fnmatch.fnmatchcase(rel, p[3:]):
            return True
        if rel.startswith(p + "/"):
            return True
    return False


def discover(
    paths: Iterable[str], settings: Settings, *, force_exclude: bool = False
) -> Iterator[str]:
    """Files to lint. With ``force_exclude``, files named explicitly are subject to the
    ``exclude`` globs too (pre-commit names every staged file explicitly)."""
    include = settings.get("include") or []
    exclude = list(settings.get("exclude") or []) + list(settings.get("extend-exclude") or [])
    gitignore = bool(settings.get("respect-gitignore"))
    root = settings.root if settings.path else os.getcwd()
    seen: set[str] = set()
    for path in paths:
        if os.path.isfile(path) or path == "-":
            if force_exclude and path != "-":
                rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
                if _matches_any(rel.replace(os.sep, "/"), exclude):
                    continue
            if path not in seen:
                seen.add(path)
                yield path
            continue
        if not os.path.isdir(path):
            raise PathError(f"{path}: no such file or directory")
        for f in _walk(path, include, exclude, gitignore):
            if f not in seen:
                seen.add(f)
                yield f


def _walk(top: str, include: list[str], exclude: list[str], gitignore: bool) -> Iterator[str]:
    specs: list[tuple[str, object]] = []  # (directory, PathSpec)
    if gitignore:
        specs.extend(_parent_gitignores(top))
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames.sort()
        if gitignore and ".gitignore" in filenames:
            spec = _load_gitignore(os.path.join(dirpath, ".gitignore"))
            if spec is not None:
                specs.append((dirpath, spec))
        keep = []
        for d in dirnames:
            full = os.path.join(dirpath, d)
            rel = os.path.relpath(full, top).replace(os.sep, "/")
            if d.startswith(".") or d in ALWAYS_SKIPPED_DIRS:
                continue
            if _matches_any(rel, exclude) or _ignored(full, True, specs):
                continue
            keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            if not any(fnmatch.fnmatchcase(name, p) for p in include):
                continue
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, top).replace(os.sep, "/")
            if _matches_any(rel, exclude) or _ignored(full, False, specs):
                continue
            yield full


def _load_gitignore(path: str):
    try:
        import pathspec

        with open(path, encoding="utf-8", errors="replace") as fh:
            return pathspec.PathSpec.from_lines("gitwildmatch", fh)
    except (OSError, ValueError):
        return None


def _parent_gitignores(top: str) -> list[tuple[str, object]]:
    """.gitignore files above ``top`` up to the repository root."""
    out = []
    d = os.path.abspath(top)
    chain = []
    while True:
        chain.append(d)
        if os.path.isdir(os.path.join(d, ".git")):
            break
        parent = os.path.dirname(d)
        if parent == d:
            return []  # not in a repository: only .gitignore files inside top count
        d = parent
    for directory in reversed(chain[1:]):
        gi = os.path.join(directory, ".gitignore")
        if os.path.isfile(gi):
            spec = _load_gitignore(gi)
            if spec is not None:
                out.append((directory, spec))
    return out


def _ignored(full: str, is_dir: bool, specs: list[tuple[str, object]]) -> bool:
    absolute = os.path.abspath(full)
    for directory, spec in specs:
        base = os.path.abspath(directory)
        if not absolute.startswith(base + os.sep):
            continue
        rel = os.path.relpath(absolute, base).replace(os.sep, "/")
        if is_dir:
            rel += "/"
        if spec.match_file(rel):  # type: ignore[attr-defined]
            return True
    return False
