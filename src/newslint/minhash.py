"""Word shingles and a small MinHash sketch (one permutation hashing over xxh3).

A block's *shingles* are its runs of ``k`` consecutive words (lower-cased, quotes
straightened, punctuation dropped). Two blocks' similarity is the Jaccard index of their
shingle sets. Digits are kept: two release posts that differ only in their version numbers
are a series, not copies; an install paragraph with a new version number still lands well
above the similarity threshold.

The *sketch* of a shingle set is ``SIZE`` values made by one permutation hashing: each
shingle is hashed once (64-bit xxh3); the low bits of the hash choose one of ``SIZE`` bins,
its top 32 bits are the value, and every bin keeps its smallest value. A bin that received
nothing takes the value of a donor bin chosen by a fixed pseudo-random order per bin
("optimal densification", Shrivastava 2017), so two sketches still agree at a position
with probability equal to the Jaccard index. The fraction of positions where two sketches
agree estimates it (standard error about ``sqrt(J(1-J)/SIZE)`` for sets of a few dozen
shingles or more). The sketch is cut into ``BANDS`` bands of ``ROWS`` values; two sketches
that agree on a whole band are *candidates* (locality-sensitive hashing), so finding near
copies across many files never compares every pair. With 16 bands of 4 rows a pair at
Jaccard 0.7 becomes a candidate with probability 0.988, a pair at 0.5 with probability
0.64, a pair at 0.2 with 0.03. One hash per shingle instead of ``SIZE`` made NL204's
summaries about five times cheaper than classic MinHash did (docs/duplicates.md).

Everything here is deterministic across processes and runs (no ``hash()``), so sketches
can cross process boundaries and be cached. docs/duplicates.md records why this was
chosen over ``datasketch``.
"""

from __future__ import annotations

import functools
import re
import sys
from array import array
from collections.abc import Iterable, Sequence
from itertools import chain, repeat
from operator import itemgetter, rshift
from typing import TYPE_CHECKING

from xxhash import xxh3_64_intdigest as _xxh3

from .document import fold_spaces

if TYPE_CHECKING:
    from struct import Struct

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
    return fold_spaces(straighten(text))


#: ASCII bytes with every character that cannot be part of a word (``\\w`` or an
#: apostrophe) turned into a space.
_ASCII_WORDS = bytes(
    c if chr(c).isalnum() or chr(c) in "_'" else 0x20 if c < 128 else c for c in range(256)
)


#: A word character beyond ASCII (a letter with an accent, a CJK character...).
_NONASCII_WORD = re.compile(r"[^\W\x00-\x7f]")
#: What ``_WORD`` leaves out: neither a word character nor an apostrophe between two.
_NOT_WORD = re.compile(r"[^\w']|(?<!\w)'|'(?!\w)")


def _ascii_word_chars(data: bytes) -> str:
    """ASCII ``data`` lower-cased with every character outside a word blanked."""
    text = data.translate(_ASCII_WORDS).decode("ascii").lower()
    if "'" in text:
        # An apostrophe is part of a word only between two word characters: blank the
        # others (next to another apostrophe, a blank or an end of the text).
        text = f" {text} "
        while "''" in text:
            text = text.replace("''", "  ")
        text = text.replace(" '", "  ").replace("' ", "  ")[1:-1]
    return text


def words(text: str) -> list[str]:
    """The words of ``text``: lower-cased, apostrophes straightened, punctuation dropped."""
    text = straighten(text)
    # The same words as the pattern, by blanking what is not a word character (and
    # apostrophes not between two word characters) and splitting, several times faster.
    # Text whose only characters beyond ASCII are not word characters (dashes, the
    # placeholder, non-breaking spaces) gets the same words with a "?" for each of them.
    if text.isascii():
        return _ascii_word_chars(text.encode("ascii")).split()
    if _NONASCII_WORD.search(text) is None:
        return _ascii_word_chars(text.encode("ascii", "replace")).split()
    return _WORD.findall(text.lower())


def word_chars(text: str) -> str | None:
    """``text`` lower-cased with every character that is not part of a word blanked, each
    character in its place: ``words(text[i:j]) == word_chars(text)[i:j].strip("'").split()``
    for any ``i, j``, so the words of every sentence of a block come from one pass over the
    block. (The ``strip``: an apostrophe between two word characters at an end of the
    slice is no longer between two.) None when lower-casing moves characters (a capital
    letter that lower-cases to two characters, or a capital sigma, whose lower case
    depends on the letters around it)."""
    text = straighten(text)
    if text.isascii():
        return _ascii_word_chars(text.encode("ascii"))
    if _NONASCII_WORD.search(text) is None:
        return _ascii_word_chars(text.encode("ascii", "replace"))
    low = text.lower()
    if len(low) != len(text) or "\u03a3" in text:
        return None
    return _NOT_WORD.sub(" ", low)


def shingles(tokens: list[str], k: int = SHINGLE) -> set[str]:
    """The set of ``k``-word runs of ``tokens`` (the whole text when it is shorter)."""
    if len(tokens) <= k:
        return {" ".join(tokens)} if tokens else set()
    if k == 2:  # the common case, without building the list of shifted copies
        return set(map(" ".join, zip(tokens, tokens[1:], strict=False)))
    return set(map(" ".join, zip(*[tokens[j:] for j in range(k)], strict=False)))


def shingle_runs(tokens: list[str], k: int = SHINGLE) -> list[str]:
    """The shingles of ``tokens`` in order, a repeated one as often as it occurs:
    ``set(shingle_runs(tokens, k)) == shingles(tokens, k)``."""
    if len(tokens) <= k:
        return [" ".join(tokens)] if tokens else []
    if k == 2:
        return list(map(" ".join, zip(tokens, tokens[1:], strict=False)))
    return list(map(" ".join, zip(*[tokens[j:] for j in range(k)], strict=False)))


def shingle_hashes(tokens: list[str], k: int = SHINGLE) -> list[int]:
    """``hashes(shingles(tokens, k))`` with repeated shingles hashed again instead of
    collected in a set first: the same values, some perhaps twice, which ``sketch_of``
    does not mind."""
    if len(tokens) <= k:
        return hashes(shingles(tokens, k))
    if k == 2:
        runs = map(" ".join, zip(tokens, tokens[1:], strict=False))
    else:
        runs = map(" ".join, zip(*[tokens[j:] for j in range(k)], strict=False))
    return list(map(_xxh3, map(str.encode, runs)))


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


# Comparing two sketches: read as one integer each, the positions where they agree are
# the zero 32-bit lanes of their XOR ``z``. ``(z & _LOW31) + _LOW31`` sets a lane's top bit
# when its low 31 bits are not all zero (no carry leaves a lane), ``| z`` adds the lane's own
# top bit: the lanes left with their top bit set are the ones that differ (``apart``).
_LOW31 = int.from_bytes(b"\xff\xff\xff\x7f" * SIZE, "little")
_TOPS = int.from_bytes(b"\x00\x00\x00\x80" * SIZE, "little")
#: The same for 8-bit lanes (``first_bytes``).
_LOW7 = int.from_bytes(b"\x7f" * SIZE, "little")
_TOPS8 = int.from_bytes(b"\x80" * SIZE, "little")
#: The low bits of a shingle's 64-bit hash choose its bin; the top 32 bits are its value.
_BIN_MASK = SIZE - 1


def hashes(shingle_set: Iterable[str]) -> list[int]:
    """The 64-bit xxh3 hash of every shingle (``sketch_of`` takes these; hash a file's
    blocks once and sketch each block and the whole file from the same values)."""
    return list(map(_xxh3, map(str.encode, shingle_set)))


@functools.cache
def _donors() -> tuple[tuple[int, ...], ...]:
    """For every bin, the other bins in a fixed pseudo-random order: an empty bin takes
    the value of the first non-empty one (densification)."""
    return tuple(
        tuple(sorted((j for j in range(SIZE) if j != i), key=lambda j: _xxh3(bytes((i, j)))))
        for i in range(SIZE)
    )


#: Above every 64-bit hash: the minimum of a bin that received nothing.
_NOTHING = 1 << 64


def new_minima() -> list[int]:
    """``SIZE`` bins that received nothing yet (see ``lower_minima``)."""
    return [_NOTHING] * SIZE


def lower_minima(low: list[int], values: Iterable[int], also: list[int] | None = None) -> None:
    """Let each bin of ``low`` keep the smallest of the hashes it receives from ``values``
    (the low bits of a hash choose its bin). With ``also`` (the bins of a larger set,
    say a whole file), the same hashes lower its bins too: a hash that does not lower
    ``low`` is no smaller than one already offered to ``also``, so only the ones that do
    are offered."""
    # One permutation hashing: a bin keeps the smallest value (top 32 bits) it receives.
    # The smallest whole hash of a bin has the smallest top bits, so the bins keep whole
    # hashes and are shifted once at the end. (A plain loop: sorting the hashes to let a
    # dict keep the last one written was twice as slow.)
    if also is None:
        for v in values:
            b = v & _BIN_MASK
            if v < low[b]:
                low[b] = v
    else:
        for v in values:
            b = v & _BIN_MASK
            if v < low[b]:
                low[b] = v
                if v < also[b]:
                    also[b] = v


def sketch_of_minima(low: list[int]) -> bytes:
    """The sketch of the set whose hashes gave the bins ``low`` (``new_minima`` lowered by
    ``lower_minima``: a bin that received nothing still holds ``_NOTHING`` itself)."""
    if _NOTHING in low:
        if low.count(_NOTHING) == SIZE:
            return _EMPTY
        # densification: an empty bin takes the value of its first non-empty donor (the
        # donors are read from ``low``, the bins filled here are written to ``out``)
        out = low[:]
        donors = _donors()
        for b, v in enumerate(low):
            if v is _NOTHING:  # every empty bin holds this very object
                for j in donors[b]:
                    v = low[j]
                    if v is not _NOTHING:
                        out[b] = v
                        break
        low = out
    # The top 32 bits of each 64-bit minimum: the odd 32-bit halves of the 64-bit values
    # in little-endian order (``v >> 32`` for each, without making an integer of each).
    sig = memoryview(array("Q", low)).cast("B").cast("I")[1::2]
    if sys.byteorder != "little":  # pragma: no cover - sketches are little-endian bytes
        sig = array("I", map(rshift, low, repeat(32)))
        sig.byteswap()
    return sig.tobytes()


def sketch_of(values: Iterable[int]) -> bytes:
    """The sketch of a set given as the 64-bit hashes of its members (duplicates allowed:
    the sketch of a union is the sketch of its members' hashes put together)."""
    low = new_minima()
    lower_minima(low, values)
    return sketch_of_minima(low)


def sketch(shingle_set: Iterable[str]) -> bytes:
    """The MinHash sketch of a shingle set: ``SIZE`` 32-bit values, as ``4 * SIZE``
    bytes (one permutation hashing with densification; see the module docstring)."""
    return sketch_of(hashes(shingle_set))


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard index of the sets behind two sketches."""
    if len(a) != len(b) or not a:
        return 0.0
    if len(a) == 4 * SIZE:
        return similarity_int(as_int(a), as_int(b))
    va, vb = array("I"), array("I")
    va.frombytes(a)
    vb.frombytes(b)
    return sum(1 for x, y in zip(va, vb, strict=True) if x == y) / len(va)


def apart(x: int, y: int) -> int:
    """How many positions two sketches given as ``as_int(sig)`` differ at (convert each
    once when comparing it many times)."""
    z = x ^ y
    return ((((z & _LOW31) + _LOW31) | z) & _TOPS).bit_count()


def first_bytes(sig: bytes) -> int:
    """The first byte of each position of a ``4 * SIZE``-byte sketch, as one integer: a
    quarter of ``as_int(sig)`` to compare first (see ``within``)."""
    return int.from_bytes(sig[0::4], "little")


#: A byte as the ASCII digit of its lowest bit (``low_bits``).
_LOW_BIT_DIGIT = bytes(0x30 + (c & 1) for c in range(256))


def low_bits(sig: bytes) -> int:
    """The lowest bit of each position of a ``4 * SIZE``-byte sketch, as one ``SIZE``-bit
    integer: positions whose bits differ differ, so two sketches are at least
    ``(low_bits(a) ^ low_bits(b)).bit_count()`` positions apart. A small integer, tested
    before ``within``: of two unrelated sketches, about half the positions show. (Two
    low bits per position reject more pairs but cost more per pair than they save.)"""
    return int(sig[0::4].translate(_LOW_BIT_DIGIT), 2)


def within(x: int, fx: int, y: int, fy: int, most: int) -> bool:
    """``apart(x, y) <= most`` for two sketches given as ``as_int`` and ``first_bytes``.
    Positions whose first bytes differ differ: when more than ``most`` of those do, the
    sketches are further apart than ``most`` and the four times wider ``apart`` is not
    needed (most pairs of a bucket are far apart)."""
    z = fx ^ fy
    if ((((z & _LOW7) + _LOW7) | z) & _TOPS8).bit_count() > most:
        return False
    return apart(x, y) <= most


def similarity_int(x: int, y: int) -> float:
    """``similarity`` of two ``4 * SIZE``-byte sketches given as ``as_int(sig)``."""
    return (SIZE - apart(x, y)) / SIZE


def bands(sig: bytes) -> list[bytes]:
    """Band keys of a sketch: ``BANDS`` byte strings, each tagged with its band number."""
    width = 4 * ROWS
    return [bytes((i,)) + sig[i * width : (i + 1) * width] for i in range(BANDS)]


@functools.cache
def _band_formats() -> tuple[Struct, ...]:
    """For each band, the format that picks it out of one sketch (the bytes around it
    skipped). ``struct`` is imported here: only the cross-file step needs it."""
    from struct import Struct

    return tuple(
        Struct(f"{4 * ROWS * band}x{4 * ROWS}s{4 * (SIZE - ROWS * (band + 1))}x")
        for band in range(BANDS)
    )


def band_keys(runs: Sequence[bytes], band: int) -> list[int]:
    """A 64-bit key of band ``band`` of every sketch in ``runs`` (byte strings of sketches
    put end to end), in order; the same in every process and run: equal bands, equal
    keys."""
    width, band_width = 4 * SIZE, 4 * ROWS
    if any(len(run) % width for run in runs):  # a partial sketch: cut by hand
        off = band * band_width
        cut = [
            run[i + off : i + off + band_width] for run in runs for i in range(0, len(run), width)
        ]
        return list(map(_xxh3, cut))
    # every band cut out by ``iter_unpack``, at C speed
    bands = chain.from_iterable(map(_band_formats()[band].iter_unpack, runs))
    return list(map(_xxh3, map(itemgetter(0), bands)))


def as_int(sig: bytes) -> int:
    """A ``4 * SIZE``-byte sketch as one integer (the form ``similarity_int`` compares)."""
    return int.from_bytes(sig, "little")
