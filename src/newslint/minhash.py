"""Word shingles and a small MinHash sketch (standard library only).

A block's *shingles* are its runs of ``k`` consecutive words (lower-cased, quotes
straightened, punctuation dropped). Two blocks' similarity is the Jaccard index of their
shingle sets. Digits are kept: two release posts that differ only in their version numbers
are a series, not copies; an install paragraph with a new version number still lands well
above the similarity threshold.

The *sketch* of a shingle set is ``SIZE`` minimum hash values: each shingle is hashed
once with SHAKE-128 into ``SIZE`` independent 32-bit values and the sketch keeps the
minimum at every position. The fraction of positions where two sketches agree estimates
the Jaccard index (standard error about ``sqrt(J(1-J)/SIZE)``). The sketch is cut into
``BANDS`` bands of ``ROWS`` values; two sketches that agree on a whole band are
*candidates* (locality-sensitive hashing), so finding near copies across many files never
compares every pair. With 16 bands of 4 rows a pair at Jaccard 0.7 becomes a candidate
with probability 0.988, a pair at 0.5 with probability 0.64, a pair at 0.2 with 0.03.
With 64 values the estimate's standard deviation is about 0.045 at Jaccard 0.8.

Everything here is deterministic across processes and runs (no ``hash()``), so sketches
can cross process boundaries and be cached. docs/duplicates.md records why this was
chosen over ``datasketch``.
"""

from __future__ import annotations

import re
import sys
from array import array
from hashlib import shake_128

SIZE = 64  # hash values per sketch
BANDS = 16
ROWS = SIZE // BANDS
SHINGLE = 3  # words per shingle

_QUOTES = (
    ("\u201c", '"'),
    ("\u201d", '"'),
    ("\u201e", '"'),
    ("\u00ab", '"'),
    ("\u00bb", '"'),
    ("\u2033", '"'),
    ("\u2018", "'"),
    ("\u2019", "'"),
    ("\u201a", "'"),
    ("\u2032", "'"),
    ("\u02bc", "'"),
)
_WORD = re.compile(r"\w+(?:'\w+)*")
_EMPTY = array("I", [0xFFFFFFFF] * SIZE).tobytes()


def straighten(text: str) -> str:
    """Curly quotes, guillemets and primes as straight quotes. (A chain of ``replace``:
    ``str.translate`` with a table is some hundred times slower on non-ASCII text.)"""
    if text.isascii():
        return text
    for curly, straight in _QUOTES:
        if curly in text:
            text = text.replace(curly, straight)
    return text


def normalize(text: str) -> str:
    """Whitespace folded to single spaces and quotes straightened (for comparisons)."""
    return " ".join(straighten(text).split())


def words(text: str) -> list[str]:
    """The words of ``text``: lower-cased, apostrophes straightened, punctuation dropped."""
    return _WORD.findall(straighten(text).lower())


def shingles(tokens: list[str], k: int = SHINGLE) -> set[str]:
    """The set of ``k``-word runs of ``tokens`` (the whole text when it is shorter)."""
    if len(tokens) <= k:
        return {" ".join(tokens)} if tokens else set()
    return set(map(" ".join, zip(*[tokens[j:] for j in range(k)], strict=False)))


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


# The minimum at every position is taken on whole sketches at once, as Python integers
# (SWAR: SIMD within a register). A digest read as a little-endian integer holds the
# ``SIZE`` 32-bit values; its even positions go to the low half and its odd positions to
# the high half of a wider integer, each value alone in a 64-bit slot. Then
# ``((a | _GUARD) - b) & _GUARD`` has bit 32 of a slot set exactly where ``a >= b`` (no
# borrow crosses a slot), and ``m - (m >> 32)`` turns that bit into a mask selecting ``b``:
# five big-integer operations per shingle instead of ``SIZE`` comparisons of boxed values.
# Same values as ``array("I")`` minima on a little-endian machine; elsewhere the plain
# version below is used.
_BITS = 32 * SIZE
_LOW = int.from_bytes(b"\xff\xff\xff\xff\x00\x00\x00\x00" * (SIZE // 2), "little")
_HALF = (1 << _BITS) - 1
_LOW2 = _LOW | _LOW << _BITS
_GUARD = int.from_bytes(b"\x00\x00\x00\x00\x01\x00\x00\x00" * SIZE, "little")
#: Shingle -> its hash values spread into slots: shingles recur across the blocks and
#: files of a run ("of the", "said on"), and hashing is half the cost of a sketch.
_LANES: dict[str, int] = {}
_LANES_MAX = 16384  # about 12 MB of cached values per process


def _lanes(shingle: str) -> int:
    lanes = _LANES.get(shingle)
    if lanes is None:
        x = int.from_bytes(shake_128(shingle.encode("utf-8")).digest(4 * SIZE), "little")
        lanes = (x & _LOW) | ((x >> 32) & _LOW) << _BITS
        if len(_LANES) >= _LANES_MAX:
            _LANES.clear()
        _LANES[shingle] = lanes
    return lanes


def sketch(shingle_set: set[str]) -> bytes:
    """The MinHash sketch of a shingle set: ``SIZE`` 32-bit minima, as ``4 * SIZE`` bytes.
    Each shingle is hashed with SHAKE-128 into ``SIZE`` 32-bit values; the sketch keeps the
    minimum at every position."""
    if not shingle_set:
        return _EMPTY
    guard, lanes = _GUARD, _lanes
    it = iter(shingle_set)
    acc = lanes(next(it))
    for s in it:
        e = lanes(s)
        m = ((acc | guard) - e) & guard
        acc ^= (acc ^ e) & (m - (m >> 32))
    return ((acc & _HALF) | (acc >> _BITS) << 32).to_bytes(4 * SIZE, "little")


def _sketch_plain(shingle_set: set[str]) -> bytes:
    if not shingle_set:
        return _EMPTY
    values = array("I")
    values.frombytes(b"".join([shake_128(s.encode("utf-8")).digest(4 * SIZE) for s in shingle_set]))
    return array("I", [min(values[i::SIZE]) for i in range(SIZE)]).tobytes()


if sys.byteorder != "little":  # pragma: no cover - the lanes above assume little-endian
    sketch = _sketch_plain  # noqa: F811


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard index of the sets behind two sketches."""
    if len(a) != len(b) or not a:
        return 0.0
    if len(a) == 4 * SIZE:
        return similarity_int(spread(a), spread(b))
    va, vb = array("I"), array("I")
    va.frombytes(a)
    vb.frombytes(b)
    return sum(1 for x, y in zip(va, vb, strict=True) if x == y) / len(va)


def similarity_int(x: int, y: int) -> float:
    """``similarity`` of two ``4 * SIZE``-byte sketches given as ``spread(sig)`` (spread
    each once when comparing it many times)."""
    # Positions that agree are the zero slots of ``x ^ y``; a slot plus 0xFFFFFFFF
    # reaches bit 32 exactly when it is not zero.
    return (SIZE - (((x ^ y) + _LOW2) & _GUARD).bit_count()) / SIZE


def bands(sig: bytes) -> list[bytes]:
    """Band keys of a sketch: ``BANDS`` byte strings, each tagged with its band number."""
    width = 4 * ROWS
    return [bytes((i,)) + sig[i * width : (i + 1) * width] for i in range(BANDS)]


def spread(sig: bytes) -> int:
    """A ``4 * SIZE``-byte sketch as one integer, each 32-bit value alone in a 64-bit
    slot (the form ``similarity_int`` compares)."""
    x = int.from_bytes(sig, "little")
    return (x & _LOW) | ((x >> 32) & _LOW) << _BITS


def merge(a: bytes, b: bytes) -> bytes:
    """The sketch of the union of two sets: the minimum at every position."""
    if len(a) == len(b) == 4 * SIZE and sys.byteorder == "little":
        x, y = spread(a), spread(b)
        m = ((x | _GUARD) - y) & _GUARD
        x ^= (x ^ y) & (m - (m >> 32))
        return ((x & _HALF) | (x >> _BITS) << 32).to_bytes(4 * SIZE, "little")
    va, vb = array("I"), array("I")
    va.frombytes(a)
    vb.frombytes(b)
    return array("I", map(min, va, vb)).tobytes()
