"""English word frequencies (wordfreq's Zipf scale) without wordfreq's start-up cost.

``zipf_frequency(word)`` returns exactly what ``wordfreq.zipf_frequency(word, "en")``
returns, and ``zipf_at_least(word, threshold)`` whether it reaches a threshold, reading
only the common words when the threshold is high. For a word of plain lowercase ASCII letters (what the rules ask about nearly
always) it reads wordfreq's own English list (the ``large_en`` cBpack file wordfreq
ships) directly: about 0.05 s once per process instead of 0.2 s for importing wordfreq
(langcodes, the ``regex`` tokenizer) and building its float dictionary. Any other word
goes to wordfreq itself.

Why it is the same number: wordfreq tokenizes such a word to itself (no digits to smash,
nothing to split or case-fold), looks it up in the same list, and turns the list's
centibel bucket into a Zipf value by a fixed chain of float operations, which
``_bucket_zipf`` repeats step by step. ``tests/test_zipf.py`` compares both on a word of
every bucket and on random words.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

#: The words that take the fast path: wordfreq tokenizes them to themselves.
_ASCII_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")


def _bucket_zipf(index: int) -> float:
    """wordfreq's Zipf value for a word in bucket ``index`` of a cBpack list: the steps
    of ``get_frequency_dict``, ``_word_frequency`` (one token, minimum
    ``zipf_to_freq(0)``) and ``zipf_frequency``, in the same float operations."""
    freq = 10 ** (-index / 100)  # cB_to_freq(-index)
    freq = 1.0 / (0.0 + 1.0 / freq)  # one token's frequencies combined
    unrounded = max(freq, 10**0 / 1e9)  # the minimum, zipf_to_freq(0)
    leading_zeroes = math.floor(-math.log(unrounded, 10))
    rounded = round(unrounded, leading_zeroes + 3)
    return round(math.log(rounded, 10) + 9, 2)


#: ``zipf_at_least`` and ``is_listed`` first read only the buckets down to this Zipf
#: value (about 54,000 words, 0.03 s), and the whole list only for a rarer word.
COMMON_FLOOR = 2.5


def _list_path() -> Path | None:
    """wordfreq's English list (``large_en``), found without importing wordfreq."""
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "large_en.msgpack.gz"


def _bucket_count(unpacker: Any) -> int | None:
    """Read the list's header from a msgpack ``unpacker`` at its start: the number of
    frequency buckets that follow, or None where it is not wordfreq's cBpack format 1."""
    count = unpacker.read_array_header()
    header = unpacker.unpack() if count else None
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
        return None
    return count - 1


def _read(floor: float) -> dict[str, float] | None:
    """Word -> Zipf value for the words of wordfreq's English list whose value is at
    least ``floor``, or None where the list cannot be read this way (another wordfreq
    layout: then wordfreq answers every word). The list's buckets run from the most
    frequent words down, so a high floor reads only the start of the file."""
    try:
        import gzip

        import msgpack  # wordfreq's own dependency, a small C extension

        path = _list_path()
        if path is None:
            return None
        table: dict[str, float] = {}
        with gzip.open(path, "rb") as fh:
            unpacker = msgpack.Unpacker(fh, raw=False)
            buckets = _bucket_count(unpacker)
            if buckets is None:
                return None
            for index in range(buckets):
                value = _bucket_zipf(index)
                if value < floor:
                    break
                bucket = unpacker.unpack()
                if bucket:  # a later bucket wins, as in get_frequency_dict
                    table.update(dict.fromkeys(bucket, value))
        return table
    except Exception:  # noqa: BLE001 - any surprise: let wordfreq answer
        return None


@lru_cache(maxsize=1)
def _table() -> dict[str, float] | None:
    """The whole list (``_read`` with no floor)."""
    return _read(float("-inf"))


@lru_cache(maxsize=1)
def _common() -> dict[str, float] | None:
    """The words down to ``COMMON_FLOOR``."""
    return _read(COMMON_FLOOR)


def _wordfreq(word: str) -> float:
    from wordfreq import zipf_frequency as wf_zipf

    return wf_zipf(word, "en")


@lru_cache(maxsize=8192)
def zipf_frequency(word: str) -> float:
    """``wordfreq.zipf_frequency(word, "en")``, read quickly for lowercase ASCII words."""
    if word and _ASCII_LOWER.issuperset(word):
        table = _table()
        if table is not None:
            return table.get(word, 0.0)
    return _wordfreq(word)


def _common_value(word: str) -> float | None:
    """The Zipf value of a lowercase ASCII word among the common words, 0.0 for such a
    word that is not among them (its value is below ``COMMON_FLOOR``), None for any
    other word or where the list cannot be read."""
    if word and _ASCII_LOWER.issuperset(word):
        common = _common()
        if common is not None:
            return common.get(word, 0.0)
    return None


@lru_cache(maxsize=8192)
def zipf_at_least(word: str, threshold: float) -> bool:
    """``wordfreq.zipf_frequency(word, "en") >= threshold``, from the common words alone
    for a common word or a threshold of at least ``COMMON_FLOOR``."""
    value = _common_value(word)
    if value is not None and (value or threshold >= COMMON_FLOOR):
        return value >= threshold
    return zipf_frequency(word) >= threshold


@lru_cache(maxsize=1)
def _rare() -> frozenset[str] | None:
    """The words of the list below ``COMMON_FLOOR`` (about 270,000), without their values:
    what ``is_listed`` needs beyond the common words. Half the cost of the whole table
    (0.08 s against 0.16 s): the file is inflated in one call, the common buckets are
    skipped unread and no value is attached to a word. None where the list cannot be read
    this way."""
    try:
        import gzip

        import msgpack

        path = _list_path()
        if path is None:
            return None
        with open(path, "rb") as fh:
            data = gzip.decompress(fh.read())
        unpacker = msgpack.Unpacker(raw=False)
        unpacker.feed(data)
        buckets = _bucket_count(unpacker)
        if buckets is None:
            return None
        rare: set[str] = set()
        for index in range(buckets):
            if _bucket_zipf(index) >= COMMON_FLOOR:
                unpacker.skip()
                continue
            bucket = unpacker.unpack()
            if bucket:
                rare.update(bucket)
        return frozenset(rare)
    except Exception:  # noqa: BLE001 - any surprise: let wordfreq answer
        return None


@lru_cache(maxsize=8192)
def is_listed(word: str) -> bool:
    """``wordfreq.zipf_frequency(word, "en") > 0``: a word of wordfreq's English list.
    A common word answers from the common words alone, a rarer lowercase ASCII word from
    the set of the others (``_rare``)."""
    value = _common_value(word)
    if value:
        return True
    if value is not None:  # lowercase ASCII, not among the common words
        rare = _rare()
        if rare is not None:
            return word in rare
    return zipf_frequency(word) > 0
