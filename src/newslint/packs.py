"""Declarative rule packs: loading, validating and matching YAML rules.

A pack is a YAML file of rules that editors write without code (see docs/rule-packs.md).
Each rule has one of a small closed set of types:

- ``existence``: phrases or patterns that should not appear in prose;
- ``substitution``: a wrong form and its correction, offered as a fix;
- ``conflict``: pattern A and pattern B in one document (or paragraph, or sentence);
- ``capitalization`` / ``pattern``: a front-matter field's case or shape.

Literal phrases are matched with an Aho-Corasick automaton (pyahocorasick), patterns with
the ``regex`` module under a timeout, so that no pattern can hang a run. Matching runs over
prose blocks only, on a folded copy of each block's text (curly quotes straightened, any run
of whitespace read as one space) whose every character maps back to the source.

A pack with an error is a :class:`~newslint.config.ConfigError` naming the file, the rule
and the line. The Rule objects built from packs live in ``newslint.checks.packs``.
"""

from __future__ import annotations

import bisect
import os
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import ConfigError

if TYPE_CHECKING:
    from .document import Block, Document

TYPES = ("existence", "substitution", "conflict", "capitalization", "pattern")
PROSE_TYPES = ("existence", "substitution", "conflict")
FIELD_TYPES = ("capitalization", "pattern")
CATEGORIES_DEFAULT = "meaning"
FIX_MODES = ("safe", "unsafe", "none")
WITHIN = ("document", "paragraph", "sentence")
STYLES = ("title", "sentence", "lower", "upper")

#: Seconds one pattern may spend on one block before it is given up for the run.
PATTERN_TIMEOUT = 0.25

_CODE = re.compile(r"[A-Z][A-Z0-9]{0,7}[0-9]$")
_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")

_COMMON_KEYS = {
    "code",
    "name",
    "type",
    "message",
    "category",
    "severity",
    "summary",
    "description",
    "explanation",
    "examples",
    "ignore-case",
    "skip-quotes",
    "skip-headings",
    "enabled",
    "link",
}
_TYPE_KEYS = {
    "existence": {"phrases", "patterns", "exceptions"},
    "substitution": {"swap", "patterns", "exceptions", "fix"},
    "conflict": {"first", "second", "within", "related"},
    "capitalization": {"field", "style"},
    "pattern": {"field", "require", "forbid"},
}
_PACK_KEYS = {
    "description",
    "rules",
    "category",
    "severity",
    "ignore-case",
    "skip-quotes",
    "skip-headings",
}
_MESSAGE_FIELDS = {
    "existence": {"match"},
    "substitution": {"match", "replacement"},
    "conflict": {"match", "other"},
    "capitalization": {"field", "value", "style"},
    "pattern": {"field", "value", "match"},
}


# -- YAML with line numbers -------------------------------------------------------------------


class YMap(dict):
    """A YAML mapping that remembers its line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class YList(list):
    """A YAML sequence that remembers its line and the line of each item (1-based)."""

    line: int = 0
    item_lines: list[int]


class PackError(ConfigError):
    """An invalid rule pack; the message names the file, the rule and the line."""


def _compose(text: str, path: str) -> Any:
    import yaml

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(text, Loader=loader_cls)
    except yaml.MarkedYAMLError as exc:
        # An unclosed quote or bracket is reported where it opened (the context mark),
        # not at the end of the file where the parser gave up.
        mark = exc.context_mark or exc.problem_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else path
        problem = exc.problem or "syntax error"
        if exc.context:
            problem = f"{exc.context}: {problem}"
            if exc.problem_mark is not None and exc.problem_mark is not mark:
                problem += f" (line {exc.problem_mark.line + 1})"
        raise PackError(f"{where}: invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise PackError(f"{path}: invalid YAML: {exc}") from None
    if node is None:
        return None
    constructor = yaml.constructor.SafeConstructor()
    seen: set[int] = set()

    def convert(n: Any) -> Any:
        if id(n) in seen:
            raise PackError(
                f"{path}:{n.start_mark.line + 1}: YAML anchors and aliases are not supported in rule packs"
            )
        seen.add(id(n))
        if isinstance(n, yaml.MappingNode):
            out = YMap()
            out.line = n.start_mark.line + 1
            out.key_lines = {}
            for k, v in n.value:
                if not isinstance(k, yaml.ScalarNode):
                    raise PackError(
                        f"{path}:{k.start_mark.line + 1}: mapping keys must be plain text"
                    )
                key = constructor.construct_object(k)
                key = str(key) if not isinstance(key, str) else key
                if key == "<<":
                    raise PackError(
                        f"{path}:{k.start_mark.line + 1}: YAML merge keys are not supported"
                    )
                if key in out:
                    raise PackError(
                        f"{path}:{k.start_mark.line + 1}: key '{key}' appears twice "
                        f"(first on line {out.key_lines[key]})"
                    )
                out.key_lines[key] = k.start_mark.line + 1
                out[key] = convert(v)
            return out
        if isinstance(n, yaml.SequenceNode):
            out_list = YList()
            out_list.line = n.start_mark.line + 1
            out_list.item_lines = []
            for item in n.value:
                out_list.item_lines.append(item.start_mark.line + 1)
                out_list.append(convert(item))
            return out_list
        value = constructor.construct_object(n)
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, bool) and n.value.lower() in ("true", "false"):
            return value
        # Everything else is text as written: `message: no` is "no", not false, and a
        # phrase such as `1984` or a date is a phrase (YAML 1.1 would say otherwise).
        return n.value

    return convert(node)


# -- text folding -----------------------------------------------------------------------------

_FOLD_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2032": "'"}
)
_FOLD_PAIRS = tuple((chr(k), v) for k, v in _FOLD_QUOTES.items())
_WS_RUN = re.compile(r"\s{2,}|[^\S ]")


def _straighten(text: str) -> str:
    """Curly quotes (and the prime) as straight ones, character for character."""
    if text.isascii():
        return text
    for curly, straight in _FOLD_PAIRS:  # a chain of replace: str.translate is slow here
        if curly in text:
            text = text.replace(curly, straight)
    return text


def fold(text: str) -> tuple[str, list[int] | None]:
    """Straighten quotes and fold whitespace runs to one space.

    Returns the folded text and, when its length differs from ``text``'s, a map from
    each folded offset (and the end) to the offset in ``text``; ``None`` means identity.
    """
    t = _straighten(text)
    if not _WS_RUN.search(t):
        return t, None
    parts: list[str] = []
    idx: list[int] = []
    pos = 0
    for m in _WS_RUN.finditer(t):
        parts.append(t[pos : m.start()])
        idx.extend(range(pos, m.start()))
        parts.append(" ")
        idx.append(m.start())
        pos = m.end()
    parts.append(t[pos:])
    idx.extend(range(pos, len(t)))
    idx.append(len(t))
    return "".join(parts), idx


def _lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _fold_phrase(phrase: str) -> str:
    return " ".join(phrase.translate(_FOLD_QUOTES).split())


class Folded:
    """One prose block prepared for matching: folded text and the way back to the source."""

    __slots__ = ("block", "text", "lower", "idx", "_quoted")

    def __init__(self, block: Block, folded: str | None = None) -> None:
        """``folded``: the block's text already folded, known to be as long as the block's."""
        self.block = block
        if folded is None:
            self.text, self.idx = fold(block.text)
        else:
            self.text, self.idx = folded, None
        self.lower: str | None = None
        self._quoted: list[tuple[int, int]] | None = None

    def lowered(self) -> str:
        if self.lower is None:
            self.lower = _lower_same_length(self.text)
        return self.lower

    def block_offsets(self, i: int, j: int) -> tuple[int, int]:
        """Block-text offsets for folded offsets ``[i, j)``."""
        if self.idx is None:
            return i, j
        return self.idx[i], (self.idx[j - 1] + 1 if j > i else self.idx[i])

    def source_span(self, i: int, j: int) -> tuple[int, int]:
        bi, bj = self.block_offsets(i, j)
        return self.block.span(bi, bj)

    def in_quotes(self, i: int) -> bool:
        """Whether folded offset ``i`` lies inside double quotation marks."""
        if self._quoted is None:
            self._quoted = _quoted_spans(self.block.text)
        bi = self.block_offsets(i, i + 1)[0]
        return any(s <= bi < e for s, e in self._quoted)

    def sentence_index(self, i: int) -> int:
        bi = self.block_offsets(i, i + 1)[0]
        for k, (_s, e) in enumerate(self.block.sentences):
            if bi < e:
                return k
        return len(self.block.sentences)


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside double quotes (curly or straight); an unclosed quote runs to the end."""
    spans = []
    open_at = -1
    for i, ch in enumerate(text):
        if ch == "\u201c" or (ch == '"' and open_at < 0):
            if open_at < 0:
                open_at = i
        elif ch == "\u201d" or ch == '"':
            if open_at >= 0:
                spans.append((open_at, i + 1))
                open_at = -1
    if open_at >= 0:
        spans.append((open_at, len(text)))
    return spans


# -- matchers ---------------------------------------------------------------------------------


class PatternTimeout(Exception):
    """A pattern took longer than its time budget on one document."""

    def __init__(self, entry: Entry, seconds: float) -> None:
        super().__init__(entry.source)
        self.entry = entry
        self.seconds = seconds


@dataclass
class Entry:
    """One phrase or pattern of a rule, with its correction (substitution) if any."""

    source: str  # as written in the pack
    line: int
    literal: bool
    replacement: str | None = None
    compiled: Any = None  # regex pattern (patterns only); compiled on first use if None
    disabled: bool = False  # a pattern that timed out: skipped for the rest of the run
    ignore_case: bool = True
    #: Literal text every match contains (see :func:`needles`): a pattern whose needles are
    #: absent from a document cannot match it, and is neither compiled nor run there.
    needles: tuple[tuple[str, ...], ...] | None = None

    def regex(self) -> Any:
        if self.compiled is None:
            # Only shipped patterns are compiled lazily; the test suite validates them,
            # so the separate validating compile is skipped (it costs start-up time).
            self.compiled = _compile(
                self.source, self.ignore_case, f"line {self.line}", validate=False
            )
        return self.compiled


@dataclass
class Match:
    start: int  # folded offsets in the block
    end: int
    entry: Entry
    folded: Folded
    groups: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.folded.text[self.start : self.end]


class FoldedDoc:
    """Every folded prose block of a document, joined by line breaks.

    Each pattern and the automaton then run once per document instead of once per block;
    a match that runs over a line break (from one block into the next) is dropped.
    """

    __slots__ = ("starts", "ends", "text", "_source", "_folded", "_lower", "_hay", "_present")

    def __init__(self, doc: Document) -> None:
        source = doc.blocks
        texts = [b.text for b in source]
        joined = "\n".join(texts)
        folded: list[Folded | None] = [None] * len(texts)
        # fold() changes whitespace runs and whitespace other than a space; every such
        # character but the space is unprintable (a separator or control character). Most
        # documents have none: their folded text is the joined text with straight quotes,
        # and a block's Folded is made only when a match needs it.
        if "  " not in joined and all(map(str.isprintable, texts)):
            pieces = texts
            self.text = _straighten(joined)
        else:  # fold the blocks that need it; the others, as above
            pieces = []
            for k, (b, t) in enumerate(zip(source, texts, strict=True)):
                if t.isprintable() and "  " not in t:
                    pieces.append(t)
                else:
                    folded[k] = Folded(b)
                    pieces.append(folded[k].text)  # type: ignore[union-attr]
            self.text = _straighten("\n".join(pieces))  # folded pieces are straight already
        self.starts: list[int] = []
        self.ends: list[int] = []
        pos = 0
        for t in pieces:
            self.starts.append(pos)
            pos += len(t)
            self.ends.append(pos)
            pos += 1
        self._source = source
        self._folded = folded
        self._lower: str | None = None
        self._hay: str | None = None
        self._present: dict[Vocabulary, set[str] | None] = {}

    def block(self, k: int) -> Folded:
        """The ``k``-th prose block, folded."""
        f = self._folded[k]
        if f is None:
            f = Folded(self._source[k], self.text[self.starts[k] : self.ends[k]])
            self._folded[k] = f
        return f

    @property
    def blocks(self) -> list[Folded]:
        return [self.block(k) for k in range(len(self._folded))]

    def lowered(self) -> str:
        if self._lower is None:
            self._lower = _lower_same_length(self.text)
        return self._lower

    def needle_hay(self, ignore_case: bool) -> str:
        """The text that pattern needles are looked up in (lower case for ``ignore_case``).

        Besides the case pairs of ASCII letters, ``regex`` matches U+0130 (I with dot) to
        ``i``, U+017F (long s) to ``s`` and U+212A (Kelvin sign) to ``k`` ignoring case; they
        are mapped first, so that no match is ever missed.
        """
        if not ignore_case:
            return self.text
        if self._hay is None:
            t = self.text
            if self._lower_is_hay():
                self._hay = self.lowered()  # the same text: lower it once
                return self._hay
            if not t.isascii():
                # ``str.replace`` per character: ``str.translate`` with a table is very
                # slow on non-ASCII text
                for ch, folded in _NEEDLE_FOLD.items():
                    if chr(ch) in t:
                        t = t.replace(chr(ch), folded)
            self._hay = t.lower()
        return self._hay

    def _lower_is_hay(self) -> bool:
        """Whether :meth:`lowered` equals ``needle_hay(True)``: the text has neither U+0130
        (the one character whose lower case is two characters long) nor U+017F (mapped to
        ``s`` for the needles only); the Kelvin sign lowers to ``k`` either way."""
        t = self.text
        return t.isascii() or ("\u0130" not in t and "\u017f" not in t)

    def present(self, vocab: Vocabulary) -> set[str] | None:
        """The words of ``vocab`` found in the lowered text, or None when the shortcut does
        not apply (a text with U+0130 or U+017F: the literal and needle hays differ)."""
        try:
            return self._present[vocab]
        except KeyError:
            pass
        found = None
        if self._lower_is_hay() and vocab.ready():
            found = vocab.find_in(self.lowered())
        self._present[vocab] = found
        return found

    def block_of(self, start: int, end: int) -> int | None:
        """Index of the block holding ``[start, end)``, or None if it crosses blocks."""
        k = bisect.bisect_right(self.starts, start) - 1
        if k < 0 or end > self.ends[k]:
            return None
        return k


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


#: Needles shorter than this (`` of ``, ``his``) are in nearly every document: they are
#: looked for with ``in`` (which stops at the first one), not with the shared automaton
#: (which would report every one of them).
_SHORT_NEEDLE = 5


class Vocabulary:
    """The literal phrases and needles of a set of matchers, found in one pass per document.

    Every matcher of the loaded packs shares one vocabulary (see :func:`share_vocabulary`):
    one Aho-Corasick automaton over the document's lowered text tells which of its words
    occur, so that a matcher none of whose phrases occur skips its own automaton, and a
    pattern's needles are set look-ups instead of a scan of the text each.
    """

    #: Documents read the plain way (each matcher on its own) before the automaton is
    #: built: it pays for itself over a few documents, not for the one of a pre-commit run.
    WARM_UP = 3

    def __init__(self, matchers: list[Matcher]) -> None:
        self.matchers = list(matchers)
        self.warm_up = self.WARM_UP
        self._words: set[str] | None = None
        self._automaton: Any = None

    @property
    def words(self) -> set[str]:
        if self._words is None:
            words: set[str] = set()
            for m in self.matchers:
                words |= m.prefilter_words()
            self._words = words
        return self._words

    def ready(self) -> bool:
        """Whether to use the vocabulary for the next document (after the warm-up)."""
        if self.warm_up <= 0:
            return True
        self.warm_up -= 1
        return False

    def find_in(self, lowered: str) -> set[str]:
        """The words occurring in ``lowered`` (overlapping occurrences count)."""
        if not self.words:
            return set()
        if self._automaton is None:
            import ahocorasick

            auto = ahocorasick.Automaton()
            for w in self.words:
                auto.add_word(w, w)
            auto.make_automaton()
            self._automaton = auto
        return {w for _end, w in self._automaton.iter(lowered)}


def share_vocabulary(matchers: list[Matcher]) -> None:
    """Give ``matchers`` one :class:`Vocabulary` (each document is then scanned once)."""
    current = matchers[0].vocab if matchers else None
    if current is not None and current.matchers == matchers:
        return  # the same packs loaded again: keep the vocabulary (and its automaton)
    vocab = Vocabulary(matchers)
    for m in matchers:
        m.vocab = vocab


def _plan_needles(
    clauses: tuple[tuple[str, ...], ...], ignore_case: bool
) -> tuple[tuple[frozenset[str], tuple[str, ...], tuple[str, ...]], ...]:
    """Each needle clause as (long needles lowered, for the vocabulary; those needles as
    written; short needles, for ``in``), the clauses the vocabulary can settle first."""
    plan = []
    for clause in clauses:
        longs = tuple(n for n in clause if len(n) >= _SHORT_NEEDLE)
        shorts = tuple(n for n in clause if len(n) < _SHORT_NEEDLE)
        # needles are ASCII (see needles()); ignoring case, already lower case
        plan.append((frozenset(n.lower() for n in longs), longs, shorts))
    plan.sort(key=lambda c: bool(c[2]))
    return tuple(plan)


class Matcher:
    """Literal phrases (one Aho-Corasick automaton) and patterns (regex, with a timeout)."""

    def __init__(self, entries: list[Entry], ignore_case: bool) -> None:
        self.entries = entries
        self.ignore_case = ignore_case
        self.literals = [e for e in entries if e.literal]
        self.patterns = [e for e in entries if not e.literal]
        self._automaton: Any = None
        self.vocab: Vocabulary | None = None
        self._keys: frozenset[str] | None = None  # the automaton's keys, lowered
        self._keys_exact = True  # whether a key in the vocabulary means a key in the text
        #: id of each pattern entry -> (its needles when the vocabulary was made, their plan)
        self._plans: dict[int, Any] = {}

    def _key(self, e: Entry) -> str:
        key = _fold_phrase(e.source)
        return _lower_same_length(key) if self.ignore_case else key

    def prefilter_words(self) -> set[str]:
        """What this matcher looks up in a :class:`Vocabulary`."""
        if self._keys is None:
            keys = {self._key(e) for e in self.literals}
            if not self.ignore_case:
                # Case-sensitive phrases: an ASCII phrase in the text is in the lowered text
                # lowered; the automaton then decides. Any other: always run the automaton.
                self._keys_exact = False
                if not all(k.isascii() for k in keys):
                    keys = set()
                    self.literals_always = True
                keys = {k.lower() for k in keys}
            self._keys = frozenset(keys)
        words = set(self._keys)
        # The gate: the phrases and, for each pattern, the words of one clause that the
        # vocabulary settles alone. A document with none of them has no match at all.
        gate: set[str] | None = None if self.literals_always else set(self._keys)
        # The plans are made afresh with the words: a plan is used only while its words are
        # in the vocabulary, and its needles are the entry's (see _needles_present).
        plans = {}
        for e in self.patterns:
            if e.needles is None:
                gate = None  # a pattern that always runs
                continue
            plan = self._plans.get(id(e))
            if plan is None or plan[0] is not e.needles:
                plan = (e.needles, _plan_needles(e.needles, e.ignore_case))
            plans[id(e)] = plan
            for longs, _written, _shorts in plan[1]:
                words |= longs
            settled = plan[1][0] if plan[1] else None
            if settled is None or settled[2]:  # (the plan lists such clauses first)
                gate = None
            elif gate is not None:
                gate |= settled[0]
        self._gate = None if gate is None else frozenset(gate)
        self._plans = plans
        return words

    literals_always = False
    _gate: frozenset[str] | None = None

    def _needles_present(self, e: Entry, fdoc: FoldedDoc, present: set[str] | None) -> bool:
        """Whether every needle clause of ``e`` has a needle in the document."""
        assert e.needles is not None
        plan = self._plans.get(id(e))
        if present is None or plan is None or plan[0] is not e.needles:
            # no vocabulary for this text (or these needles): look each one up
            hay = fdoc.needle_hay(e.ignore_case)
            return all(any(s in hay for s in clause) for clause in e.needles)
        for lowered, written, shorts in plan[1]:
            if not lowered.isdisjoint(present):
                if e.ignore_case:
                    continue
                # case-sensitive: the lowered needle is there; is the needle as written?
                text = fdoc.text
                if any(n in text for n in written if n.lower() in present):
                    continue
            if shorts:
                hay = fdoc.needle_hay(e.ignore_case)
                if any(n in hay for n in shorts):
                    continue
            return False
        return True

    def _build(self) -> Any:
        import ahocorasick

        auto = ahocorasick.Automaton()
        for e in self.literals:
            key = self._key(e)
            if auto.get(key, None) is None:
                auto.add_word(key, (len(key), e))
        auto.make_automaton()
        return auto

    def find(self, fdoc: FoldedDoc, timeouts: list[PatternTimeout] | None = None) -> list[Match]:
        """Non-overlapping matches in the document's prose, leftmost-longest first.

        A pattern that runs out of time is disabled for the run and added to ``timeouts``
        (raised when no list is given); the other phrases and patterns still count.
        """
        raw: list[tuple[int, int, Entry, dict[str, str] | None]] = []
        text = fdoc.text
        n = len(text)
        if not n:
            return []
        # (a vocabulary that found words has asked this matcher for its own: _keys is set)
        present = fdoc.present(self.vocab) if self.vocab is not None else None
        if present is not None and self._gate is not None and self._gate.isdisjoint(present):
            return []
        if self.literals and (
            present is None or self.literals_always or not self._keys.isdisjoint(present)  # type: ignore[union-attr]
        ):
            if self._automaton is None:
                self._automaton = self._build()
            hay = fdoc.lowered() if self.ignore_case else text
            for end_idx, (length, entry) in self._automaton.iter(hay):
                start, end = end_idx - length + 1, end_idx + 1
                if _is_word(text[start]) and start > 0 and _is_word(text[start - 1]):
                    continue
                if _is_word(text[end - 1]) and end < n and _is_word(text[end]):
                    continue
                raw.append((start, end, entry, None))
        budget = PATTERN_TIMEOUT + n / 2_000_000  # seconds: generous for honest patterns
        for entry in self.patterns:
            if entry.disabled:
                continue
            if entry.needles is not None and not self._needles_present(entry, fdoc, present):
                continue
            try:
                for m in entry.regex().finditer(text, timeout=budget):
                    if m.end() == m.start():
                        continue
                    groups = {k: v or "" for k, v in m.groupdict().items()}
                    for k, v in enumerate(m.groups(), 1):
                        groups[str(k)] = v or ""
                    raw.append((m.start(), m.end(), entry, groups))
            except TimeoutError:
                entry.disabled = True
                if timeouts is None:
                    raise PatternTimeout(entry, budget) from None
                timeouts.append(PatternTimeout(entry, budget))
        if len(raw) > 1:
            raw.sort(key=lambda r: (r[0], r[0] - r[1]))
        found: list[Match] = []
        last_end = -1
        for start, end, entry, groups in raw:
            if start < last_end:
                continue
            k = fdoc.block_of(start, end)
            if k is None:
                continue
            last_end = end
            s0 = fdoc.starts[k]
            found.append(Match(start - s0, end - s0, entry, fdoc.block(k), groups or {}))
        return found


_NEEDLE_FOLD = {0x130: "i", 0x17F: "s", 0x212A: "k"}
#: Group openers whose meaning the standard library's parser shares with ``regex``.
_PLAIN_GROUP = re.compile(r"\(\?(?:[:=!#]|P[<=]|<[=!])")
#: Escapes that mean the same in ``re`` and ``regex`` (V0).
#: (Digits are left out: back-references and octal escapes are told apart by context.)
_PLAIN_ESCAPE = frozenset("bBdDsSwWAZntrfvxuU\\.^$*+?()[]{}|-/ '\"#&~,:;<=>!@%`_")
_MIN_NEEDLE = 3  # shorter literals say little about a document


def needles(pattern: str, ignore_case: bool) -> tuple[tuple[str, ...], ...] | None:
    """Literal text every match of ``pattern`` contains, or None when that is not known.

    The answer is a conjunction of alternatives: each inner tuple lists strings at least one
    of which is in any text the pattern matches (lower case when ``ignore_case``). Derived
    from the standard library's parse of the pattern, so only for patterns written in the
    syntax both libraries read alike (plain groups, escapes and counted repeats); anything
    else (inline flags, fuzzy matching, Unicode properties, ...) gets None: always run.
    """
    import re._parser as sre_parse  # the stdlib's own parser; no compile

    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            if pattern[i + 1 : i + 2] not in _PLAIN_ESCAPE or i + 1 >= len(pattern):
                return None
            i += 2
            continue
        if c == "(" and pattern.startswith("(?", i) and not _PLAIN_GROUP.match(pattern, i):
            return None
        if c == "{" and not re.match(r"\{(?:\d+(?:,\d*)?|,\d+)\}", pattern[i:]):
            return None
        if c == "[" and pattern[i + 1 : i + 2] in ("[", ":"):
            return None
        i += 1
    flags = re.IGNORECASE if ignore_case else 0
    try:
        tree = sre_parse.parse(pattern, flags)
    except Exception:  # re reads some valid regex patterns differently or not at all
        return None
    if tree.state.flags & ~(re.UNICODE | flags):
        return None
    try:
        clauses = _required(list(tree), ignore_case)
    except _Unknown:
        return None
    clauses = [c for c in clauses if min(map(len, c)) >= _MIN_NEEDLE]
    if not clauses:
        return None
    clauses.sort(key=lambda c: (-min(map(len, c)), len(c), sorted(c)))
    return tuple(tuple(sorted(c)) for c in clauses[:4])


class _Unknown(Exception):
    """A construct the needle analysis does not know: give no needles."""


#: The most strings a run of a pattern may spell out as one clause (see :func:`_required`).
_PRODUCT_CAP = 256


def _finite(op: Any, av: Any, ignore_case: bool) -> set[str] | None:
    """Every text one parsed item can match, when that is a small set; None otherwise.

    Zero-width items (anchors, lookarounds) match the empty text; letters are ASCII only,
    lower case when ``ignore_case`` (as :func:`needles` promises).
    """
    from re import _constants as C

    if op is C.LITERAL:
        if av >= 128:
            return None
        return {chr(av).lower() if ignore_case else chr(av)}
    if op is C.IN:
        chars = set()
        for iop, iav in av:
            if iop is not C.LITERAL or iav >= 128:
                return None  # a range, a category, a negated class...
            chars.add(chr(iav).lower() if ignore_case else chr(iav))
        return chars
    if op is C.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return None if add_flags or del_flags else _finite_seq(list(sub), ignore_case)
    if op is C.BRANCH:
        union: set[str] = set()
        for alt in av[1]:
            texts = _finite_seq(list(alt), ignore_case)
            if texts is None:
                return None
            union |= texts
        return union if len(union) <= _PRODUCT_CAP else None
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        lo, hi, sub = av
        texts = _finite_seq(list(sub), ignore_case) if hi <= 1 else None
        if texts is None:
            return None
        return texts | {""} if lo == 0 else texts
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return {""}
    return None


def _finite_seq(items: list, ignore_case: bool) -> set[str] | None:
    texts = {""}
    for op, av in items:
        part = _finite(op, av, ignore_case)
        if part is None:
            return None
        texts = {a + b for a in texts for b in part}
        if len(texts) > _PRODUCT_CAP:
            return None
    return texts


def _required(items: list, ignore_case: bool) -> list[frozenset[str]]:
    """Clauses (sets of alternatives) that every match of a parsed sequence satisfies.

    A run of items that can each match only a few texts (letters, small alternations,
    optional parts) is spelled out: ``(?:could|would) of`` gives the clause {"could of",
    "would of"}, much rarer than " of " alone. A run stops where an item can match too
    much (``\\w+``, a class) or the spelled-out texts would pass ``_PRODUCT_CAP``.
    """
    from re import _constants as C

    clauses: list[frozenset[str]] = []
    run: set[str] = {""}

    def flush() -> None:
        nonlocal run
        if min(map(len, run)) >= 2:
            clauses.append(frozenset(run))
        run = {""}

    for op, av in items:
        part = _finite(op, av, ignore_case)
        if part is not None:
            longer = {a + b for a in run for b in part}
            if len(longer) <= _PRODUCT_CAP:
                run = longer
            else:
                flush()
                run = part
            continue
        flush()
        if op is C.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if add_flags or del_flags:
                raise _Unknown
            clauses.extend(_required(list(sub), ignore_case))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, _hi, sub = av
            if lo >= 1:
                clauses.extend(_required(list(sub), ignore_case))
        elif op is C.ATOMIC_GROUP:
            clauses.extend(_required(list(av), ignore_case))
        elif op is C.BRANCH:
            union: set[str] = set()
            for alt in av[1]:
                options = [c for c in _required(list(alt), ignore_case) if min(map(len, c)) >= 2]
                if not options:
                    union = set()
                    break
                union |= max(options, key=lambda c: (min(map(len, c)), -len(c)))
            if union:
                clauses.append(frozenset(union))
        # anything else (classes, back-references, ...) requires nothing
    flush()
    return clauses


def _group_names(pattern: str, compiled: Any) -> set[str]:
    """Names and numbers of a pattern's groups (scanned when it is not compiled yet)."""
    if compiled is not None:
        return set(compiled.groupindex) | {str(k) for k in range(1, compiled.groups + 1)}
    names = set(re.findall(r"\(\?P<(\w+)>", pattern))
    count = len(re.findall(r"(?<!\\)\((?!\?)", pattern)) + len(names)
    return names | {str(k) for k in range(1, count + 1)}


def _compile(pattern: str, ignore_case: bool, where: str, *, validate: bool = True) -> Any:
    import regex

    flags = regex.V0 | (regex.IGNORECASE if ignore_case else 0)
    try:
        if validate:
            regex.compile(pattern, flags)  # errors with positions in the pattern as written
        # Whole words: nothing word-like directly before or after a match.
        return regex.compile(rf"(?<![\w])(?:{pattern})(?![\w])", flags)
    except regex.error as exc:
        raise PackError(f"{where}: invalid pattern {pattern!r}: {exc}") from None
    except (ValueError, OverflowError, RecursionError) as exc:
        raise PackError(f"{where}: invalid pattern {pattern!r}: {exc}") from None


# -- templates --------------------------------------------------------------------------------


def _template_fields(template: str, where: str) -> list[str]:
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise PackError(
            f"{where}: bad braces in {template!r}: {exc} (write {{{{ and }}}} for literal braces)"
        ) from None
    names = []
    for _literal, name, spec, conv in parsed:
        if name is None:
            continue
        if spec or conv:
            raise PackError(f"{where}: write placeholders plainly, as {{{name}}}, in {template!r}")
        if not name:
            raise PackError(
                f"{where}: empty placeholder {{}} in {template!r}; name it, e.g. {{match}}"
            )
        names.append(name)
    return names


def render(template: str, values: dict[str, str]) -> str:
    out = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        out.append(literal)
        if name is not None:
            out.append(values.get(name, ""))
    return "".join(out)


def _match_case(found: str, replacement: str) -> str:
    """Carry an initial capital (or all capitals) of the matched text over to its correction."""
    if not found or not replacement:
        return replacement
    letters = [c for c in found if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if found[0].isupper() and replacement[0].islower():
        return replacement[0].upper() + replacement[1:]
    return replacement


# -- rule specifications ----------------------------------------------------------------------


@dataclass
class Side:
    """One side of a conflict: its phrases and patterns."""

    matcher: Matcher
    describe: list[str]


@dataclass
class RuleSpec:
    """A validated pack rule."""

    code: str
    name: str
    type: str
    message: str
    category: str
    severity: str
    summary: str
    description: str
    path: str  # the pack file
    line: int  # the rule's first line
    shipped: bool
    ignore_case: bool = True
    skip_quotes: bool = False
    skip_headings: bool = False
    enabled: bool = True
    link: str | None = None
    examples_bad: list[str] = field(default_factory=list)
    examples_good: list[str] = field(default_factory=list)
    matcher: Matcher | None = None
    exceptions: Matcher | None = None
    fix: str = "unsafe"
    first: Side | None = None
    second: Side | None = None
    within: str = "document"
    related: str = "the other statement: \u201c{other}\u201d"
    field_name: str = ""
    style: str = ""
    require: Any = None
    forbid: Any = None
    pattern_source: str = ""

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}: rule {self.code} ({self.name})"

    def matchers(self) -> list[Matcher]:
        """Every matcher of the rule: its phrases, exceptions, or both sides of a conflict."""
        found = [self.matcher, self.exceptions]
        found += [side.matcher for side in (self.first, self.second) if side is not None]
        return [m for m in found if m is not None]

    @property
    def fixable(self) -> bool:
        return self.type == "substitution" and self.fix != "none"

    # -- explanation -----------------------------------------------------------------------

    def explanation(self) -> str:
        parts = [self.description.strip() or self.summary]
        origin = "shipped with newslint" if self.shipped else "a local rule pack"
        parts.append(
            f"**Type.** `{self.type}`, from `{os.path.basename(self.path)}` ({origin}), line {self.line}."
        )
        listing = self._listing()
        if listing:
            parts.append("**What it looks for.**\n\n" + listing)
        if self.examples_bad:
            parts.append("**Bad.**\n\n" + "\n".join(f"    {e}" for e in self.examples_bad))
        if self.examples_good:
            parts.append("**Good.**\n\n" + "\n".join(f"    {e}" for e in self.examples_good))
        if self.type == "substitution":
            if self.fix == "none":
                parts.append("**Fix.** Rewrite the phrase; no automatic fix is offered.")
            else:
                parts.append(
                    f"**Fix.** Replaces the phrase with its correction ({self.fix} fix"
                    + (
                        "; applied only with `--unsafe-fixes`, check it reads right"
                        if self.fix == "unsafe"
                        else ""
                    )
                    + ")."
                )
        elif self.type == "conflict":
            parts.append(
                "**Fix.** Decide which statement is right and correct the other; the finding "
                "is at the later one and `related` points at the earlier one."
            )
        return "\n\n".join(p for p in parts if p)

    def _listing(self) -> str:
        lines: list[str] = []
        case = "" if self.ignore_case else " (case-sensitive)"
        if self.matcher is not None:
            for e in self.matcher.entries:
                kind = "phrase" if e.literal else "pattern"
                if e.replacement is not None:
                    lines.append(f"- {kind} `{e.source}` \u2192 `{e.replacement}`{case}")
                else:
                    lines.append(f"- {kind} `{e.source}`{case}")
        if self.first is not None and self.second is not None:
            lines.append(f"- first: {', '.join(self.first.describe)}")
            lines.append(f"- second: {', '.join(self.second.describe)}")
            lines.append(f"- within the same {self.within}")
        if self.field_name:
            if self.style:
                lines.append(f"- front-matter field `{self.field_name}` in {self.style} case")
            elif self.require is not None:
                lines.append(
                    f"- front-matter field `{self.field_name}` must match `{self.pattern_source}`"
                )
            else:
                lines.append(
                    f"- front-matter field `{self.field_name}` must not match `{self.pattern_source}`"
                )
        if self.skip_quotes:
            lines.append("- text inside quotation marks is left alone")
        if self.skip_headings:
            lines.append("- headings are left alone")
        return "\n".join(lines)

    # -- checking --------------------------------------------------------------------------

    def prose_matches(
        self, doc: Document, matcher: Matcher, timeouts: list[PatternTimeout] | None = None
    ) -> Iterator[Match]:
        fdoc = folded_doc(doc)
        found = matcher.find(fdoc, timeouts)
        if not found:
            return
        excepted: list[Match] = []
        if self.exceptions is not None:
            excepted = self.exceptions.find(fdoc, timeouts)
        for m in found:
            if self.skip_quotes and m.folded.in_quotes(m.start):
                continue
            if self.skip_headings and m.folded.block.kind == "heading":
                continue
            if any(
                ex.folded is m.folded and ex.start <= m.start and m.end <= ex.end for ex in excepted
            ):
                continue
            yield m


def folded_doc(doc: Document) -> FoldedDoc:
    """The folded prose of ``doc``, computed once per document for every pack rule."""
    cached = getattr(doc, "_newslint_pack_folded", None)
    if cached is None:
        cached = FoldedDoc(doc)
        try:
            doc._newslint_pack_folded = cached  # type: ignore[attr-defined]
        except AttributeError:
            pass
    return cached


# -- front-matter fields ----------------------------------------------------------------------


def field_value(doc: Document, name: str) -> tuple[str, int, int] | None:
    """A top-level string field of the front matter: ``(value, start, end)`` in the source.

    Minimal on purpose: one-line scalar values only (quoted or not); lists, tables, block
    scalars and escaped JSON strings are left alone (the front-matter rules judge those).
    """
    fm = doc.front_matter
    if fm is None:
        return None
    text = doc.text
    key = re.escape(name)
    if fm.format == "yaml":
        rx = re.compile(rf"^{key}[ \t]*:[ \t]*(.*?)[ \t]*\r?$", re.M | re.I)
    elif fm.format == "toml":
        rx = re.compile(rf"^{key}[ \t]*=[ \t]*(.*?)[ \t]*\r?$", re.M | re.I)
    else:
        rx = re.compile(rf'^[ \t]*"{key}"[ \t]*:[ \t]*("(?:[^"\\\n]|\\.)*")', re.M | re.I)
    m = rx.search(text, fm.content_start, fm.content_end)
    if not m or m.end(1) > fm.content_end:
        return None
    raw, start = m.group(1), m.start(1)
    if not raw:
        return None
    if raw[0] in "\"'":
        close = raw.find(raw[0], 1)
        if close == -1:
            return None
        inner = raw[1:close]
        if "\\" in inner:
            return None
        return inner, start + 1, start + 1 + len(inner)
    if fm.format != "yaml" or raw[0] in "[{|>&*!%@`":
        return None
    hash_at = raw.find(" #")
    if hash_at != -1:
        raw = raw[:hash_at].rstrip()
    return raw, start, start + len(raw)


_SMALL_WORDS = frozenset(
    "a an and as at but by en for if in nor of off on or per so the to up via vs v yet from into onto with over".split()
)
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")


def capitalization_problem(value: str, style: str) -> tuple[int, int] | None:
    """The offending span of ``value`` for the style, or None when it conforms."""
    words = list(_WORD.finditer(value))
    if not words:
        return None
    if style == "upper":
        for w in words:
            if w.group() != w.group().upper():
                return w.span()
        return None
    if style == "lower":
        for w in words:
            if w.group() != w.group().lower():
                return w.span()
        return None
    first = words[0]
    if not first.group()[0].isupper():
        return first.span()
    if style == "title":
        last = len(words) - 1
        for k, w in enumerate(words):
            word = w.group()
            if k not in (0, last) and word.lower() in _SMALL_WORDS:
                continue
            if word[0].islower():
                return w.span()
        return None
    # sentence case: a run of capitalised ordinary words after the first reads as title case
    rest = [w for w in words[1:] if w.group().lower() not in _SMALL_WORDS]
    if len(rest) >= 3 and all(w.group()[0].isupper() and not w.group().isupper() for w in rest):
        return rest[0].start(), words[-1].end()
    return None


# -- loading ----------------------------------------------------------------------------------


def shipped_pack_files() -> list[Path]:
    """The packs shipped inside the package (``newslint._packs``), or the checkout's rules/."""
    files: list[Path] = []
    try:
        # The data package's own folder: cheaper than importlib.resources, which is the
        # fallback (for a package that does not live in a plain folder).
        from . import _packs

        base = os.path.dirname(_packs.__file__ or "")
        files = [
            Path(base, n)
            for n in os.listdir(base or None)
            if n.endswith((".yml", ".yaml")) and os.path.isfile(os.path.join(base, n))
        ]
    except (ImportError, OSError, TypeError):
        files = []
    if not files:
        try:
            from importlib.resources import files as resource_files

            root = resource_files("newslint._packs")
            for item in root.iterdir():
                if item.name.endswith((".yml", ".yaml")) and item.is_file():
                    files.append(Path(str(item)))
        except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError, TypeError):
            files = []
    if not files:
        here = Path(__file__).resolve().parents[2] / "rules"
        if here.is_dir():
            files = [p for p in here.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file()]
    return sorted(files, key=lambda p: p.name)


def user_pack_files(dirs: list[str], root: str, config_path: str | None) -> list[Path]:
    out: list[Path] = []
    origin = config_path or "configuration"
    for d in dirs:
        p = Path(d)
        if not p.is_absolute():
            p = Path(root) / p
        if p.is_file():
            out.append(p)
            continue
        if not p.is_dir():
            raise PackError(
                f"{origin}: rule-packs: '{d}' is not a directory or a pack file (looked at {p})"
            )
        found = sorted(q for q in p.iterdir() if q.suffix in (".yml", ".yaml") and q.is_file())
        out.extend(found)
    return out


_CACHE: dict[tuple[str, float, int, bool], list[RuleSpec]] = {}

# -- the shipped packs, pre-parsed --------------------------------------------------------------
#
# newslint/_packs_index.py holds each shipped pack's composed YAML (with its line numbers)
# and the needles of its patterns, so that a run reads no YAML and parses no pattern for
# them. It is generated (``python -m newslint.packs``) and keyed by each pack's digest: a
# pack edited since is read from its YAML as usual. tests/test_startup.py checks it is fresh.

_NO_TREE = object()
INDEX_FILE = Path(__file__).with_name("_packs_index.py")


def _digest(text: str) -> str:
    import hashlib

    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _index() -> Any:
    try:
        from . import _packs_index
    except ImportError:
        return None
    return _packs_index


def _indexed_tree(text: str, name: str) -> Any:
    ix = _index()
    entry = ix.PACKS.get(name) if ix is not None else None
    if entry is None or entry[0] != _digest(text):
        return _NO_TREE
    return _decode(entry[1])


def _shipped_needles(pattern: str, ignore_case: bool) -> tuple[tuple[str, ...], ...] | None:
    ix = _index()
    key = (pattern, ignore_case)
    if ix is not None and key in ix.NEEDLES:
        return ix.NEEDLES[key]
    return needles(pattern, ignore_case)


def _encode(value: Any) -> Any:
    """A composed pack as plain tuples: ("m", line, ((key, line, value), ...)) for a mapping,
    ("l", line, ((line, item), ...)) for a list; scalars as they are."""
    if isinstance(value, YMap):
        return (
            "m",
            value.line,
            tuple((k, value.key_lines[k], _encode(v)) for k, v in value.items()),
        )
    if isinstance(value, YList):
        return (
            "l",
            value.line,
            tuple((value.item_lines[i], _encode(v)) for i, v in enumerate(value)),
        )
    return value


def _decode(value: Any) -> Any:
    if type(value) is not tuple:
        return value
    kind, line, items = value
    if kind == "m":
        out = YMap()
        out.line, out.key_lines = line, {}
        for k, kline, v in items:
            out.key_lines[k] = kline
            out[k] = _decode(v)
        return out
    seq = YList()
    seq.line, seq.item_lines = line, []
    for iline, v in items:
        seq.item_lines.append(iline)
        seq.append(_decode(v))
    return seq


def build_index() -> tuple[dict[str, Any], dict[tuple[str, bool], Any]]:
    """The content of newslint/_packs_index.py, from the shipped packs as they are now."""
    packs: dict[str, Any] = {}
    found: dict[tuple[str, bool], Any] = {}
    for p in shipped_pack_files():
        text = p.read_text(encoding="utf-8")
        packs[p.name] = (_digest(text), _encode(_compose(text, str(p))))
        for spec in parse_pack(text, str(p), shipped=True):
            matchers = [spec.matcher, spec.exceptions]
            matchers += [side.matcher for side in (spec.first, spec.second) if side]
            for m in matchers:
                for e in m.patterns if m else ():
                    found[(e.source, e.ignore_case)] = needles(e.source, e.ignore_case)
    return packs, found


def write_index(path: Path = INDEX_FILE) -> None:
    """Regenerate newslint/_packs_index.py (after editing a shipped pack)."""
    packs, found = build_index()
    lines = [
        '"""The shipped rule packs, pre-parsed. Generated by `python -m newslint.packs`: do not edit.',
        "",
        "PACKS: file name -> (digest of its text, composed YAML); NEEDLES: (pattern, ignore-case)",
        '-> literal text its matches contain. See newslint.packs."""',
        "",
        "# fmt: off",
        "PACKS = {",
        *(f"    {name!r}: {value!r}," for name, value in sorted(packs.items())),
        "}",
        "",
        "NEEDLES = {",
        *(f"    {key!r}: {value!r}," for key, value in sorted(found.items())),
        "}",
        "# fmt: on",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


def load_pack(path: Path, *, shipped: bool = False) -> list[RuleSpec]:
    """Load and validate one pack file (cached by path and modification time)."""
    try:
        st = path.stat()
        key = (str(path), st.st_mtime, st.st_size, shipped)
    except OSError as exc:
        raise PackError(f"{path}: cannot read rule pack: {exc.strerror or exc}") from None
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(f"{path}: cannot read rule pack: {exc}") from None
    tree = _indexed_tree(text, path.name) if shipped else _NO_TREE
    specs = parse_pack(text, str(path), shipped=shipped, tree=tree)
    _CACHE[key] = specs
    return specs


def parse_pack(
    text: str, path: str, *, shipped: bool = False, tree: Any = _NO_TREE
) -> list[RuleSpec]:
    """Validate a pack's text (or, given ``tree``, its already composed YAML)."""
    data = _compose(text, path) if tree is _NO_TREE else tree
    defaults: dict[str, Any] = {}
    if isinstance(data, YList):
        rules = data
    elif isinstance(data, YMap):
        for k in data:
            if k not in _PACK_KEYS:
                raise PackError(
                    f"{path}:{data.key_lines[k]}: unknown top-level key '{k}' "
                    f"(known: {', '.join(sorted(_PACK_KEYS))})"
                )
        if "rules" not in data:
            raise PackError(f"{path}:{data.line}: a rule pack needs a 'rules:' list")
        rules = data["rules"]
        if not isinstance(rules, YList):
            raise PackError(f"{path}:{data.key_lines['rules']}: 'rules' must be a list of rules")
        defaults = {k: v for k, v in data.items() if k not in ("rules", "description")}
        for k, v in defaults.items():
            _check_scalar(k, v, f"{path}:{data.key_lines[k]}")
    elif data is None:
        return []
    else:
        raise PackError(f"{path}:1: a rule pack is a list of rules (or a mapping with 'rules:')")
    specs = []
    for i, item in enumerate(rules):
        line = rules.item_lines[i]
        if not isinstance(item, YMap):
            raise PackError(
                f"{path}:{line}: rule #{i + 1}: each rule must be a mapping (code: ..., name: ...)"
            )
        specs.append(_parse_rule(item, path, defaults, shipped))
    check_unique(specs)
    return specs


def check_unique(specs: list[RuleSpec]) -> None:
    """Codes and names must be unique across every pack in use."""
    by_code: dict[str, RuleSpec] = {}
    by_name: dict[str, RuleSpec] = {}
    for s in specs:
        if s.code in by_code:
            o = by_code[s.code]
            raise PackError(f"{s.where}: code {s.code} is already used by {o.path}:{o.line}")
        if s.name in by_name:
            o = by_name[s.name]
            raise PackError(
                f"{s.where}: name '{s.name}' is already used by {o.path}:{o.line} ({o.code})"
            )
        by_code[s.code] = s
        by_name[s.name] = s


def _check_scalar(key: str, value: Any, where: str) -> None:
    if key in ("ignore-case", "skip-quotes", "skip-headings", "enabled"):
        if not isinstance(value, bool):
            raise PackError(f"{where}: '{key}' must be true or false, not {value!r}")
    elif key == "severity":
        if not isinstance(value, str) or value.lower() not in ("info", "warning", "error"):
            raise PackError(f"{where}: 'severity' must be info, warning or error, not {value!r}")
    elif key in ("category",):
        if not isinstance(value, str) or not _NAME.match(value):
            raise PackError(f"{where}: 'category' must be a lower-case word, not {value!r}")


def _parse_rule(item: YMap, path: str, defaults: dict[str, Any], shipped: bool) -> RuleSpec:
    code = item.get("code")
    name = item.get("name")
    label = f"rule {code}" if isinstance(code, str) else "rule"
    if isinstance(name, str):
        label += f" ({name})"

    def where(key: str | None = None) -> str:
        line = item.key_lines.get(key, item.line) if key else item.line
        return f"{path}:{line}: {label}"

    for req in ("code", "name", "type", "message"):
        if req not in item:
            raise PackError(f"{where()}: missing required field '{req}'")
        if not isinstance(item[req], str) or not item[req].strip():
            raise PackError(f"{where(req)}: '{req}' must be non-empty text")
    if not _CODE.match(code):
        raise PackError(
            f"{where('code')}: code '{code}' must be capital letters then digits, like ED101"
        )
    if not shipped and code.upper().startswith("NL"):
        raise PackError(
            f"{where('code')}: codes starting with NL are reserved for newslint's own rules; "
            "use a prefix of your own, like ED101"
        )
    if not _NAME.match(name):
        raise PackError(
            f"{where('name')}: name '{name}' must be lower-case words joined by hyphens"
        )
    rtype = item["type"]
    if rtype not in TYPES:
        raise PackError(
            f"{where('type')}: unknown type '{rtype}' (expected one of: {', '.join(TYPES)})"
        )
    allowed = _COMMON_KEYS | _TYPE_KEYS[rtype]
    for k in item:
        if k not in allowed:
            hint = ""
            owners = [t for t, keys in _TYPE_KEYS.items() if k in keys]
            if owners:
                hint = f" ('{k}' belongs to type {' / '.join(owners)})"
            raise PackError(f"{where(k)}: unknown field '{k}' for type {rtype}{hint}")
    opts = dict(defaults)
    for k in ("category", "severity", "ignore-case", "skip-quotes", "skip-headings", "enabled"):
        if k in item:
            _check_scalar(k, item[k], where(k))
            opts[k] = item[k]
    for k in ("summary", "description", "explanation", "link"):
        if k in item and not isinstance(item[k], str):
            raise PackError(f"{where(k)}: '{k}' must be text")
    if "description" in item and "explanation" in item:
        raise PackError(
            f"{where('explanation')}: give 'description' or 'explanation' (the same thing), not both"
        )
    description = str(item.get("description") or item.get("explanation") or "")
    summary = str(item.get("summary") or "").strip()
    if not summary:
        message = item["message"]
        filler = {name: "…" for name in _template_fields(message, where("message"))}
        summary = _first_sentence(description) or render(message, filler).strip()
    spec = RuleSpec(
        code=code,
        name=name,
        type=rtype,
        message=item["message"],
        category=opts.get("category", CATEGORIES_DEFAULT),
        severity=str(opts.get("severity", "warning")).lower(),
        summary=" ".join(summary.split()),
        description=description,
        path=path,
        line=item.line,
        shipped=shipped,
        ignore_case=bool(opts.get("ignore-case", True)),
        skip_quotes=bool(opts.get("skip-quotes", False)),
        skip_headings=bool(opts.get("skip-headings", False)),
        enabled=bool(opts.get("enabled", True)),
        link=item.get("link"),
    )
    _parse_examples(item, spec, where)
    group_names: set[str] = set()
    if rtype in ("existence", "substitution"):
        entries = _parse_entries(item, rtype, spec, path, label, group_names)
        if not entries:
            raise PackError(
                f"{where()}: a {rtype} rule needs "
                + ("'phrases' or 'patterns'" if rtype == "existence" else "'swap' or 'patterns'")
            )
        spec.matcher = Matcher(entries, spec.ignore_case)
        if "exceptions" in item:
            ex = item["exceptions"]
            if not isinstance(ex, YList) or not all(isinstance(x, str) and x.strip() for x in ex):
                raise PackError(f"{where('exceptions')}: 'exceptions' must be a list of phrases")
            spec.exceptions = Matcher(
                [Entry(x, ex.item_lines[k], True) for k, x in enumerate(ex)], spec.ignore_case
            )
        if rtype == "substitution":
            fix = item.get("fix", "unsafe")
            if fix not in FIX_MODES:
                raise PackError(f"{where('fix')}: 'fix' must be safe, unsafe or none, not {fix!r}")
            spec.fix = fix
    elif rtype == "conflict":
        for side in ("first", "second"):
            if side not in item:
                raise PackError(f"{where()}: a conflict rule needs '{side}' (phrases or patterns)")
        spec.first = _parse_side(item, "first", spec, path, label, group_names)
        spec.second = _parse_side(item, "second", spec, path, label, group_names)
        within = item.get("within", "document")
        if within not in WITHIN:
            raise PackError(
                f"{where('within')}: 'within' must be one of {', '.join(WITHIN)}, not {within!r}"
            )
        spec.within = within
        if "related" in item:
            if not isinstance(item["related"], str):
                raise PackError(f"{where('related')}: 'related' must be text")
            spec.related = item["related"]
            _check_fields(spec.related, _MESSAGE_FIELDS["conflict"] | group_names, where("related"))
    else:
        fname = item.get("field")
        if not isinstance(fname, str) or not fname.strip():
            raise PackError(
                f"{where('field') if 'field' in item else where()}: a {rtype} rule needs 'field' (a front-matter key)"
            )
        spec.field_name = fname.strip()
        if rtype == "capitalization":
            style = item.get("style")
            if style not in STYLES:
                raise PackError(
                    f"{where('style') if 'style' in item else where()}: 'style' must be one of "
                    f"{', '.join(STYLES)}, not {style!r}"
                )
            spec.style = style
        else:
            has = [k for k in ("require", "forbid") if k in item]
            if len(has) != 1:
                raise PackError(
                    f"{where()}: a pattern rule needs exactly one of 'require' or 'forbid'"
                )
            src = item[has[0]]
            if not isinstance(src, str) or not src:
                raise PackError(f"{where(has[0])}: '{has[0]}' must be a pattern (text)")
            import regex

            flags = regex.IGNORECASE if spec.ignore_case else 0
            try:
                compiled = regex.compile(src, flags)
            except (regex.error, ValueError, OverflowError, RecursionError) as exc:
                raise PackError(f"{where(has[0])}: invalid pattern {src!r}: {exc}") from None
            spec.pattern_source = src
            if has[0] == "require":
                spec.require = compiled
            else:
                spec.forbid = compiled
    _check_fields(spec.message, _MESSAGE_FIELDS[rtype] | group_names, where("message"))
    return spec


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    m = re.match(r"(.+?[.!?])(?:\s|$)", text)
    return (m.group(1) if m else text)[:160]


def _check_fields(template: str, allowed: set[str], where: str) -> None:
    for name in _template_fields(template, where):
        if name not in allowed:
            known = ", ".join(
                "{" + a + "}" for a in sorted(allowed, key=lambda s: (s.isdigit(), s))
            )
            raise PackError(f"{where}: unknown placeholder {{{name}}} (available: {known})")


def _parse_examples(item: YMap, spec: RuleSpec, where) -> None:
    if "examples" not in item:
        return
    ex = item["examples"]
    if not isinstance(ex, YMap):
        raise PackError(
            f"{where('examples')}: 'examples' must be a mapping with 'bad' and/or 'good' lists"
        )
    label = f"rule {spec.code} ({spec.name})"
    for k, v in ex.items():
        at = f"{spec.path}:{ex.key_lines.get(k, ex.line)}: {label}"
        if k not in ("bad", "good"):
            raise PackError(f"{at}: examples take 'bad' and 'good', not '{k}'")
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise PackError(f"{at}: examples '{k}' must be text or a list of texts")
        if k == "bad":
            spec.examples_bad = [x.strip() for x in v]
        else:
            spec.examples_good = [x.strip() for x in v]


def _parse_entries(
    item: YMap, rtype: str, spec: RuleSpec, path: str, label: str, group_names: set[str]
) -> list[Entry]:
    entries: list[Entry] = []
    lit_key = "phrases" if rtype == "existence" else "swap"
    if lit_key in item:
        val = item[lit_key]
        line = item.key_lines[lit_key]
        if rtype == "existence":
            if not isinstance(val, YList) or not val:
                raise PackError(f"{path}:{line}: {label}: 'phrases' must be a list of phrases")
            for k, ph in enumerate(val):
                _check_phrase(ph, f"{path}:{val.item_lines[k]}: {label}")
                entries.append(Entry(ph, val.item_lines[k], True))
        else:
            if not isinstance(val, YMap) or not val:
                raise PackError(
                    f"{path}:{line}: {label}: 'swap' must map each wrong phrase to its correction"
                )
            for ph, repl in val.items():
                w = f"{path}:{val.key_lines[ph]}: {label}"
                _check_phrase(ph, w)
                if not isinstance(repl, str) or not repl.strip():
                    raise PackError(f"{w}: the correction of {ph!r} must be non-empty text")
                entries.append(Entry(ph, val.key_lines[ph], True, replacement=repl))
    if "patterns" in item:
        val = item["patterns"]
        line = item.key_lines["patterns"]
        if rtype == "existence":
            if not isinstance(val, YList) or not val:
                raise PackError(f"{path}:{line}: {label}: 'patterns' must be a list of patterns")
            pairs = [(p, None, val.item_lines[k]) for k, p in enumerate(val)]
        elif isinstance(val, YMap) and val:
            pairs = [(p, r, val.key_lines[p]) for p, r in val.items()]
        elif isinstance(val, YList) and val:
            # the long form: a list of {pattern: ..., replacement: ...}
            pairs = []
            for k, it in enumerate(val):
                w = f"{path}:{val.item_lines[k]}: {label}"
                if not isinstance(it, YMap) or set(it) != {"pattern", "replacement"}:
                    raise PackError(
                        f"{w}: each item of 'patterns' needs exactly 'pattern' and 'replacement'"
                    )
                pairs.append((it["pattern"], it["replacement"], it.key_lines["pattern"]))
        else:
            raise PackError(
                f"{path}:{line}: {label}: 'patterns' must map each pattern to its correction "
                "(or be a list of 'pattern:' / 'replacement:' pairs)"
            )
        for pat, repl, pline in pairs:
            w = f"{path}:{pline}: {label}"
            if not isinstance(pat, str) or not pat.strip():
                raise PackError(f"{w}: a pattern must be non-empty text")
            # Shipped packs are tested: their patterns compile on first use (fast start);
            # a user's pack is compiled now so that a bad pattern is a configuration error.
            compiled = None if spec.shipped else _compile(pat, spec.ignore_case, w)
            names = _group_names(pat, compiled)
            group_names |= names
            if repl is not None:
                if not isinstance(repl, str) or not repl.strip():
                    raise PackError(f"{w}: the correction of {pat!r} must be non-empty text")
                _check_fields(repl, names | {"match"}, w)
            entries.append(
                Entry(
                    pat,
                    pline,
                    False,
                    replacement=repl,
                    compiled=compiled,
                    ignore_case=spec.ignore_case,
                    needles=_shipped_needles(pat, spec.ignore_case) if spec.shipped else None,
                )
            )
    return entries


def _check_phrase(ph: Any, where: str) -> None:
    if not isinstance(ph, str) or not ph.strip():
        raise PackError(f"{where}: a phrase must be non-empty text, not {ph!r}")


def _parse_side(
    item: YMap, side: str, spec: RuleSpec, path: str, label: str, group_names: set[str]
) -> Side:
    val = item[side]
    line = item.key_lines[side]
    if not isinstance(val, YMap):
        raise PackError(
            f"{path}:{line}: {label}: '{side}' must be a mapping with 'phrases' and/or 'patterns'"
        )
    entries: list[Entry] = []
    describe: list[str] = []
    for k in val:
        if k not in ("phrases", "patterns"):
            raise PackError(
                f"{path}:{val.key_lines[k]}: {label}: '{side}' takes 'phrases' and 'patterns', not '{k}'"
            )
        lst = val[k]
        if not isinstance(lst, YList) or not lst:
            raise PackError(f"{path}:{val.key_lines[k]}: {label}: '{side}.{k}' must be a list")
        for n, src in enumerate(lst):
            w = f"{path}:{lst.item_lines[n]}: {label}"
            if k == "phrases":
                _check_phrase(src, w)
                entries.append(Entry(src, lst.item_lines[n], True))
                describe.append(f"phrase `{src}`")
            else:
                if not isinstance(src, str) or not src.strip():
                    raise PackError(f"{w}: a pattern must be non-empty text")
                compiled = None if spec.shipped else _compile(src, spec.ignore_case, w)
                group_names |= {g for g in _group_names(src, compiled) if not g.isdigit()}
                entries.append(
                    Entry(
                        src,
                        lst.item_lines[n],
                        False,
                        compiled=compiled,
                        ignore_case=spec.ignore_case,
                        needles=_shipped_needles(src, spec.ignore_case) if spec.shipped else None,
                    )
                )
                describe.append(f"pattern `{src}`")
    if not entries:
        raise PackError(f"{path}:{line}: {label}: '{side}' needs 'phrases' or 'patterns'")
    return Side(Matcher(entries, spec.ignore_case), describe)


def load_all(user_dirs: list[str], root: str, config_path: str | None) -> list[RuleSpec]:
    """Shipped packs, then the user's; codes and names must be unique across all of them."""
    specs: list[RuleSpec] = []
    for p in shipped_pack_files():
        specs.extend(load_pack(p, shipped=True))
    for p in user_pack_files(user_dirs, root, config_path):
        specs.extend(load_pack(p))
    check_unique(specs)
    share_vocabulary([m for spec in specs for m in spec.matchers()])
    return specs


if __name__ == "__main__":
    write_index()
    print(f"wrote {INDEX_FILE}")
