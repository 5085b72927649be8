"""Builders for temporary content repositories used by CLI tests."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def project(
    tmp_path: Path,
    config: str = "",
    files: dict[str, str | bytes] | None = None,
    select: str = '["EXG", "NL9"]',
) -> Path:
    """A directory with the golden test plugin, a newslint.toml and the given files."""
    shutil.copy(FIXTURES / "plugins" / "goldenrules.py", tmp_path / "goldenrules.py")
    base = f'plugins = ["goldenrules"]\nselect = {select}\n'
    (tmp_path / "newslint.toml").write_text(base + config, encoding="utf-8")
    for name, content in (files or {}).items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")
    return tmp_path


def corpus_indexes(cache_dir: Path) -> dict[Path, dict[str, Any]]:
    """The NL204 corpus indexes in a cache directory (entry path -> index), read as the
    tests' own data: an entry is a format line, its key and a pickle."""
    found = {}
    for entry in sorted(cache_dir.rglob("*")):
        if entry.is_file() and entry.name != ".gitignore":
            data = entry.read_bytes()
            value = pickle.loads(data[data.index(b"\n", data.index(b"\n") + 1) + 1 :])
            if isinstance(value, dict) and "files" in value:
                found[entry] = value
    return found
