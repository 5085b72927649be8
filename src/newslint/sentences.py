"""Sentence splitting: a regex with an abbreviation list (fast, and good enough for news).

A sentence ends at ``.``, ``!`` or ``?`` (optionally followed by closing quotes or
brackets) followed by whitespace and an uppercase letter, a digit or an opening quote —
unless the word before the period is a known abbreviation, an initial, or a number.
"""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt ft no nos vs etc inc co corp ltd llc plc bros gen col lt
    sgt capt cmdr adm gov sen rep rev hon pres supt det insp messrs mmes jan feb mar apr jun
    jul aug sep sept oct nov dec mon tue wed thu fri sat sun approx dept est fig vol ed eds
    al cf ca e.g i.e a.m p.m u.s u.k u.n e.u d.c n.y l.a ph.d b.a m.a u.s.a op cit
    """.split()
)

# Candidate boundary: terminal punctuation, optional closers, whitespace. The lookahead
# also reads where the next sentence would start: opening quotes or brackets (group 1)
# and its first character (group 2). (Once this was two patterns, the boundary with
# ``(?=\s+)`` and then ``\s+([openers]*)(\S)`` matched after it; a boundary followed
# only by whitespace to the end was skipped. No match of the boundary part can start
# inside a run it would have taken (closers are no terminal punctuation, and a shorter
# run of terminal punctuation is followed by more of it, not by whitespace), so the one
# pattern finds the same boundaries, less those skipped.)
#
# The run is written ``[.!?\u2026][.!?\u2026]*``, not ``[.!?\u2026]+`` (the same matches): the
# regex engine skips ahead to the next character that can start a match only when the
# pattern starts with a character or a set, not with a repeat; otherwise it tries the
# whole pattern at every position. ``_BOUNDARY_DOT`` is the same pattern for a text whose
# only terminal punctuation is "." (most blocks): starting with one literal character,
# it is found fastest.
_CLOSERS_AND_NEXT = r"[\"'\u201d\u2019)\]]*(?=\s+([\"'\u201c\u2018(\[]*)(\S))"
_BOUNDARY = re.compile(r"[.!?\u2026][.!?\u2026]*" + _CLOSERS_AND_NEXT)
_BOUNDARY_DOT = re.compile(r"\.\.*" + _CLOSERS_AND_NEXT)
_WORD_BEFORE = re.compile(r"([\w.\-]+)$")
_RUN = re.compile(r"[\w.\-]*")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the sentences in ``text`` (end excludes trailing space)."""
    spans: list[tuple[int, int]] = []
    n = len(text)
    # The whitespace str.strip removes is what str.isspace accepts: skipping it by length
    # costs one call where a loop over the characters cost two per character.
    start = n - len(text.lstrip())
    tail_end = len(text.rstrip())
    if "!" in text or "?" in text or "\u2026" in text:
        boundary = _BOUNDARY
    else:
        # Most blocks have no "." or one sentence ending in one: a boundary needs
        # whitespace after its run and something after that, so none can start at
        # the last two characters before the trailing whitespace.
        dot = text.find(".")
        if dot == -1 or dot >= tail_end - 2:
            return [(start, tail_end)] if tail_end > start else []
        boundary = _BOUNDARY_DOT
    for m in boundary.finditer(text):
        mark, end = m.span()
        if end <= start:
            continue
        opener, first = m.groups()
        if not (opener or first.isupper() or first.isdigit()):
            continue
        if end - mark == 1 and text[mark] == "." and _is_abbreviation(text, mark):
            continue
        spans.append((start, end))
        start = m.start(1)
    if tail_end > start:
        spans.append((start, tail_end))
    return spans


def _word_before(text: str, dot: int) -> str:
    """The run of word characters, dots and hyphens that ends at ``dot`` ("" if none)."""
    # Usually the run starts after the last space: one test of that candidate.
    space = text.rfind(" ", 0, dot)
    if _RUN.fullmatch(text, space + 1, dot):
        return text[space + 1 : dot]
    # Otherwise look near the dot first: searching from 0 rescans the whole block for
    # every period. Only a run reaching the window's start needs more.
    lo = max(0, dot - 64)
    m = _WORD_BEFORE.search(text, lo, dot)
    if m and m.start() == lo and lo:
        m = _WORD_BEFORE.search(text, 0, dot)
    return m.group(1) if m else ""


_PAST_ABBREVIATION = max(map(len, ABBREVIATIONS)) + 1


def _is_abbreviation(text: str, dot: int) -> bool:
    # Most periods end a plain word or number after a space: that is the word
    # ``_word_before`` finds (``\w`` is str.isalnum or "_"), with nothing to strip, and
    # lowercasing never shortens it (one longer than every abbreviation is none).
    word = text[text.rfind(" ", 0, dot) + 1 : dot]
    if word.isalnum():
        return len(word) < _PAST_ABBREVIATION and _abbreviation(word.lower())
    return _is_abbreviation_plain(text, dot)


def _is_abbreviation_plain(text: str, dot: int) -> bool:
    """``_is_abbreviation`` without its shortcut for a plain word."""
    return _abbreviation(_word_before(text, dot).lower().strip(".-"))


def _abbreviation(word: str) -> bool:
    """Whether ``word`` (lower case, no outer periods or hyphens) ends in a period that
    does not end a sentence."""
    if word in ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "Edith M. Lederer"
    # U.S., Ph.D. (an empty word has no period)
    return "." in word and all(len(p) <= 2 for p in word.split("."))
