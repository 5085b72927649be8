"""A per-file result cache, so that a re-run over an unchanged repository is cheap.

An entry is keyed by the file's path and content, the effective configuration, and a
fingerprint of the code that produced it (newslint's own files, installed plugins and rule
packs), so a change to any of those misses. Entries are pickled ``FileResult`` objects
written through a temporary file and a rename, so concurrent runs never see half an entry;
an entry that does not load (truncated, corrupt, from another version) is ignored and
overwritten, never trusted.

A key has two halves: the first names *what* the entry is about (a file's path under one
configuration, a corpus directory's index), the second *which version* of it (the file's
content, the code, the rule packs). An entry is stored under its first half only, with
the whole key written before the pickle: writing a new version replaces the old one, so
the cache holds one entry per file and configuration however often the files are edited
or newslint is upgraded, and needs no clean-up pass.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any

CACHE_DIR_NAME = ".newslint_cache"
_FORMAT = b"newslint-cache-2\n"
#: hex digits of a key's first half (what the entry is about) and of the whole key
_FAMILY = 20
_KEY = 40


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Identity of the code that lints: newslint's files and the plugins' versions."""
    h = hashlib.blake2b(digest_size=16)
    pkg = Path(__file__).resolve().parent
    # The package, and in a source checkout the top-level rules/ folder (installed, the
    # packs live inside the package as newslint/_packs).
    for base in (pkg, pkg.parent.parent / "rules"):
        if not base.is_dir():
            continue
        for p in sorted(base.rglob("*")):
            if p.suffix in (".py", ".yml", ".yaml", ".tsv", ".txt", ".json") and p.is_file():
                st = p.stat()
                h.update(f"{p}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    from .engine import may_have_entry_points

    try:
        # importlib.metadata costs tens of milliseconds: only when a plugin may exist
        if not may_have_entry_points("newslint"):
            return h.hexdigest()
        from importlib.metadata import entry_points

        for ep in entry_points(group="newslint"):
            dist = getattr(ep, "dist", None)
            h.update(f"{ep.name}={ep.value}@{dist.version if dist else '?'}\n".encode())
    except Exception:  # metadata problems must not stop a run; they only weaken the key
        h.update(b"entry-points-unknown")
    return h.hexdigest()


def _files_fingerprint(dirs: list[str], root: str) -> str:
    """Sizes and mtimes of user rule packs and local plugins (they change the results)."""
    h = hashlib.blake2b(digest_size=16)
    for d in dirs:
        base = Path(root, d)
        if base.is_file():
            st = base.stat()
            h.update(f"{base}:{st.st_size}:{st.st_mtime_ns}".encode())
        elif base.is_dir():
            for p in sorted(base.rglob("*")):
                if p.is_file():
                    st = p.stat()
                    h.update(f"{p}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()


def entry_key(*parts: str) -> str:
    """The key of an entry that is not one file's result (a corpus rule's index, say).
    Its first half names ``parts``, its second half the code's fingerprint, so new code
    never reads an old entry, and writes its own in the old one's place."""
    h = hashlib.blake2b(digest_size=10)
    for part in parts:
        h.update(part.encode("utf-8", "surrogateescape") + b"\0")
    code = hashlib.blake2b(code_fingerprint().encode(), digest_size=10)
    return h.hexdigest() + code.hexdigest()


_ACTIVE: ContextVar[Cache | None] = ContextVar("newslint_active_cache", default=None)


def active() -> Cache | None:
    """The cache of the run in progress while its corpus rules run (``Linter.finish``),
    for a rule that keeps what it learnt about files outside the run (NL204's corpus
    index); None with ``--no-cache`` or outside a run."""
    return _ACTIVE.get()


@contextmanager
def activated(cache: Cache | None) -> Iterator[None]:
    token = _ACTIVE.set(cache)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


class Cache:
    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.dir = Path(directory)
        self._ready = False
        self.hits = 0
        self.misses = 0

    def _prepare(self) -> bool:
        if self._ready:
            return True
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            gi = self.dir / ".gitignore"
            if not gi.exists():
                gi.write_text("# Created by newslint.\n*\n", encoding="utf-8")
            self._ready = True
        except OSError:
            return False
        return True

    def key(self, path: str, text: str, settings: Any) -> str:
        """A file's key: its path under ``settings`` (first half), then the code, the
        rule packs and local plugins, and the text (second half)."""
        what = hashlib.blake2b(digest_size=_FAMILY // 2)
        what.update(settings.key().encode())
        what.update(b"\0" + os.path.abspath(path).encode("utf-8", "surrogateescape"))
        what.update(b"\0" + path.encode("utf-8", "surrogateescape"))
        version = hashlib.blake2b(digest_size=(_KEY - _FAMILY) // 2)
        version.update(code_fingerprint().encode())
        extra = list(settings.get("rule-packs") or []) + [
            p.replace(".", "/") + ".py" for p in settings.get("plugins") or []
        ]
        if extra:
            version.update(b"\0" + _files_fingerprint(extra, settings.root).encode())
        version.update(b"\0" + text.encode("utf-8", "surrogatepass"))
        return what.hexdigest() + version.hexdigest()

    def _path(self, key: str) -> Path:
        """Where the entries of ``key``'s first half live: one file for all versions."""
        return self.dir / key[:2] / key[2:_FAMILY]

    def get(self, key: str) -> Any | None:
        """The value put under ``key``; None when there is none, when the entry holds
        another version (another key with the same first half), or when it does not load."""
        header = _FORMAT + key.encode("ascii") + b"\n"
        try:
            data = self._path(key).read_bytes()
        except OSError:
            self.misses += 1
            return None
        if not data.startswith(header):
            self.misses += 1
            return None
        try:
            value = pickle.loads(data[len(header) :])
        except Exception:  # a corrupt entry is ignored, never trusted
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key: str, value: Any) -> None:
        """Store ``value`` under ``key`` in place of the entry of any other key with the
        same first half (an older content of the file, an index written by older code)."""
        if not self._prepare():
            return
        target = self._path(key)
        try:
            target.parent.mkdir(exist_ok=True)
            import tempfile

            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(_FORMAT + key.encode("ascii") + b"\n")
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except (OSError, pickle.PicklingError):
            try:
                os.unlink(tmp)  # type: ignore[possibly-undefined]
            except (OSError, UnboundLocalError):
                pass
