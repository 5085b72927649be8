"""Applying fix edits to text, and writing files atomically."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable

from .finding import Finding


def apply_fixes(text: str, findings: Iterable[Finding], *, unsafe: bool = False) -> tuple[str, int]:
    """Apply every non-overlapping fix. Returns the new text and how many fixes applied.

    A fix is applied whole or not at all: if any of its edits overlaps an edit already
    accepted, the whole fix waits for the next pass.
    """
    accepted: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    count = 0
    for f in sorted(findings, key=lambda f: (f.start, f.code)):
        fix = f.fix
        if fix is None or not fix.edits:
            continue
        if fix.applicability != "safe" and not unsafe:
            continue
        spans = [(e.start, e.end) for e in fix.edits]
        if any(_overlaps(s, e, ts, te) for s, e in spans for ts, te in taken):
            continue
        if any(e.start < 0 or e.end > len(text) or e.end < e.start for e in fix.edits):
            continue
        taken.extend(spans)
        accepted.extend((e.start, e.end, e.text) for e in fix.edits)
        count += 1
    if not accepted:
        return text, 0
    out = text
    for start, end, new in sorted(accepted, key=lambda x: (x[0], x[1]), reverse=True):
        out = out[:start] + new + out[end:]
    return out, count


def _overlaps(s1: int, e1: int, s2: int, e2: int) -> bool:
    if s1 == e1 or s2 == e2:  # insertions conflict only at the same point or inside
        return s2 < s1 < e2 or s1 < s2 < e1 or s1 == s2
    return s1 < e2 and s2 < e1


def write_atomic(path: str, text: str, *, bom: bool = False) -> None:
    """Write ``text`` as UTF-8 via a temporary file in the same directory and a rename."""
    data = text.encode("utf-8")
    if bom:
        data = b"\xef\xbb\xbf" + data
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".newslint-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.chmod(tmp, os.stat(path).st_mode & 0o7777)
        except OSError:
            pass
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
