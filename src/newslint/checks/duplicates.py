"""Duplicates (NL2xx): pasted copies in a file, near copies, repeated sentences, doubled
words, and the same text across the files of a repository.

What is never a duplicate here: code blocks, tables, HTML blocks and front matter (they
are not prose blocks), short list items and headings on their own (only as part of a run
of copied blocks), and boilerplate: a block that recurs across many files of a run or of
the configured corpus (an install paragraph, a newsletter footer).

Options (``[duplicates]`` in newslint.toml, ``[tool.newslint.duplicates]`` in pyproject):
see ``newslint_options`` below and docs/duplicates.md.
"""

from __future__ import annotations

import bisect
import hashlib
import os
import re
import sys
import weakref
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import compress, islice, repeat
from operator import eq, lt, ne
from typing import TYPE_CHECKING, Any

from .. import minhash
from ..document import PLACEHOLDER
from ..finding import Finding, Location, Severity
from ..hookspecs import hookimpl
from ..minhash import normalize
from ..rule import Rule

if TYPE_CHECKING:
    from ..config import Settings
    from ..document import Block, Document

DEFAULTS: dict[str, Any] = {
    # NL201: shortest block (in words) reported on its own as an exact copy; shorter
    # blocks (headings, short list items) are reported only inside a run of copies.
    "min-words": 10,
    # NL202: word-shingle (2-word) Jaccard similarity that makes a near copy.
    "near-threshold": 0.8,
    "near-min-words": 20,
    # NL203: shortest repeated sentence, in words.
    "sentence-min-words": 6,
    # NL204: directory (relative to the config file) indexed besides the linted files.
    "corpus": "",
    "cross-file-min-words": 30,
    "cross-file-threshold": 0.7,
    # NL204: similarity of two files' whole prose that makes one a copy of the other.
    "file-threshold": 0.9,
    # NL204: a block found in this many files or more is boilerplate and not reported.
    "boilerplate-files": 5,
}

#: Block kinds compared as prose (headings take part only in exact-copy runs).
_PROSE_KINDS = frozenset({"paragraph", "list_item", "quote"})


def _options(settings: Settings | None) -> dict[str, Any]:
    opts = dict(DEFAULTS)
    if settings is not None:
        opts.update(settings.section("duplicates"))
    return opts


# -- shared analysis of one document ---------------------------------------------------------


_LINE_PREFIX = re.compile(r"\r?\n[ \t>]*")


def source_key(doc: Document, start: int, end: int) -> str:
    """The source between two offsets as one line, whitespace folded and quotes
    straightened: link targets, URLs and code stay in, so two blocks that differ only in
    where a link points are not equal."""
    text = doc.text[start:end]
    # Without a ``>`` the line prefixes are whitespace, which ``normalize`` folds anyway.
    if ">" in text:
        text = _LINE_PREFIX.sub(" ", text)
    return normalize(text)


def expanded(doc: Document, block: Block, i: int = 0, j: int | None = None) -> str:
    """Prose ``[i, j)`` of ``block`` with every placeholder replaced by the source it stands
    for, so that two blocks differing only in a URL or a code span do not compare equal."""
    text = block.text
    j = len(text) if j is None else j
    if PLACEHOLDER not in text[i:j]:
        return text[i:j]
    out = []
    for p, s, n, sn in block.segments:
        if p + n <= i or p >= j:
            continue
        if n != sn:  # a placeholder
            out.append(" " + doc.text[s : s + sn] + " ")
        else:
            a, b = max(i, p), min(j, p + n)
            out.append(text[a:b])
    return "".join(out)


_HTML_QUOTE = re.compile(r"<(/?)blockquote\b[^>]*>", re.I)


def block_kinds(doc: Document) -> list[str]:
    """Each block's kind, with paragraphs inside an HTML ``<blockquote>`` counted as
    quotes: a quoted comment or letter repeats its source on purpose."""
    kinds = [b.kind for b in doc.blocks]
    tags = list(_HTML_QUOTE.finditer(doc.text))
    if not tags:
        return kinds
    code = sorted((r.start, r.end) for r in doc.regions if r.kind == "code")
    code_starts = [s for s, _ in code]
    spans: list[tuple[int, int]] = []
    depth, opened = 0, 0
    for m in tags:
        k = bisect.bisect_right(code_starts, m.start()) - 1
        if k >= 0 and m.start() < code[k][1]:
            continue  # a tag shown in a code block
        if not m.group(1):
            if depth == 0:
                opened = m.end()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                spans.append((opened, m.start()))
    if depth:
        spans.append((opened, len(doc.text)))
    starts = [s for s, _ in spans]
    for b in doc.blocks:
        k = bisect.bisect_right(starts, b.start) - 1
        if k >= 0 and b.start < spans[k][1]:
            kinds[b.index] = "quote"
    return kinds


class _Shared:
    """What NL201-NL203 (``analysis``) and NL204 (``summarize_document``) both need of a
    document, computed once for whichever asks first."""

    __slots__ = ("kinds", "words", "prose_chars", "shingles", "keys", "source_chars")

    def __init__(self, doc: Document) -> None:
        self.kinds = block_kinds(doc)
        #: ``minhash.word_chars`` of each block's prose (None where lower-casing moves
        #: characters): the words of any slice of it (NL203 reads sentences there)
        self.prose_chars = [minhash.word_chars(b.text) for b in doc.blocks]
        #: the words of each block's prose, as ``minhash.words`` gives them (the
        #: ``split`` of its word characters: one pass over the prose for both)
        self.words = [
            minhash.words(b.text) if chars is None else chars.split()
            for b, chars in zip(doc.blocks, self.prose_chars, strict=True)
        ]
        self.shingles: list[list[str] | None] = [None] * len(doc.blocks)  # see below
        self.keys: list[str | None] = [None] * len(doc.blocks)  # ``source_key``s
        #: ``minhash.word_chars`` of each block's source: the words of the block's source
        #: and of any slice of it (NL202 compares blocks by them, NL203 sentences)
        self.source_chars: list[str | None] = [None] * len(doc.blocks)


_SHARED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _shared(doc: Document) -> _Shared:
    shared = _SHARED.get(doc)
    if shared is None:
        shared = _SHARED[doc] = _Shared(doc)
    return shared


def _block_key(doc: Document, shared: _Shared, b: Block) -> str:
    """``source_key`` of block ``b``, computed once per document."""
    key = shared.keys[b.index]
    if key is None:
        text = doc.text[b.start : b.end]
        if text.isascii() and ">" not in text:
            key = minhash.fold_spaces(text)  # ``source_key``: no prefix, no curly quote
        else:
            key = source_key(doc, b.start, b.end)
        shared.keys[b.index] = key
    return key


def _same_words(source: str, prose: str) -> bool:
    """True when ``source`` is ``prose`` or differs from it only by line breaks where the
    prose has spaces (a wrapped paragraph without markup): the same words either way."""
    return source == prose or ("\n" in source and source.replace("\n", " ") == prose)


def _maps_in_place(b: Block) -> bool:
    """True when prose offset ``i`` of ``b`` is source offset ``b.start + i`` for every
    ``0 <= i <= len(b.text)`` (``b.span(i, j) == (b.start + i, b.start + j)``): every
    segment has its source length and starts at ``b.start`` plus its prose start, and the
    last one ends the text (``Block.source_offset`` maps the end to the last segment's
    end)."""
    segments = b.segments
    if not segments:
        return False
    start = b.start
    for p, s, n, sn in segments:
        if n != sn or s - p != start:
            return False
    p, _, n, _ = segments[-1]
    return p + n == len(b.text)


def _source_chars(doc: Document, shared: _Shared, b: Block) -> str:
    """``minhash.word_chars`` of block ``b``'s source, computed once per document; empty
    when lower-casing moves characters (take ``minhash.words`` then)."""
    chars = shared.source_chars[b.index]
    if chars is None:
        chars = minhash.word_chars(doc.text[b.start : b.end]) or ""
        shared.source_chars[b.index] = chars
    return chars


_ENDS_SENTENCE = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$")
_SENTENCE_ENDERS = frozenset(".!?\u2026\"'\u201d\u2019)]")


def _block_shingles(shared: _Shared, i: int) -> list[str]:
    """``minhash.shingle_runs`` of block ``i``'s words, two-word shingles, made once per
    document: NL202 compares blocks by their set, NL204 sketches their hashes."""
    runs = shared.shingles[i]
    if runs is None:
        runs = shared.shingles[i] = minhash.shingle_runs(shared.words[i], 2)
    return runs


class _Analysis:
    """Exact copies (NL201) and near copies (NL202) of one document, computed once."""

    doc: Document  # only while it is being computed

    def __init__(self, doc: Document, opts: dict[str, Any]) -> None:
        self.doc = doc
        blocks = doc.blocks
        shared = _shared(doc)
        self.kinds = shared.kinds
        #: ``source_key`` of every block, and (kind, source key) pairs: equal blocks
        self.source_keys = [_block_key(doc, shared, b) for b in blocks]
        self.keys = list(zip(self.kinds, self.source_keys, strict=True))
        self.words = shared.words
        copy_of = self._copy_of()
        near = self._near_copies(opts, copy_of)
        # How many later blocks repeat each original, exactly or nearly. A paragraph met
        # three times or more among different text is a refrain or a template
        # ("Progress: on track."); a pasted body comes back as a run of blocks.
        family: dict[int, int] = {}
        for j in [*copy_of.values(), *(j for j, _ in near.values())]:
            family[j] = family.get(j, 0) + 1
        partner = dict(copy_of)
        partner.update((i, j) for i, (j, _) in near.items())

        def in_run(i: int, j: int) -> bool:
            # next to a copy of its original's neighbour, or pasted right after the
            # original or another copy of it (A A A)
            return (
                partner.get(i - 1) == j - 1
                or partner.get(i + 1) == j + 1
                or i - 1 == j
                or partner.get(i - 1) == j
            )

        self.exact = self._exact_copies(opts, copy_of, family, in_run)
        # An edited paragraph among exact copies of its neighbours (one copy of a pasted
        # body touched up) is a copy; near copies that only neighbour other near copies
        # are a template filled in ("submitted on behalf of ..., worked on by @X").
        self.near = {
            i: v
            for i, v in near.items()
            if family[v[0]] < 2
            or self.exact.get(i - 1) == v[0] - 1
            or self.exact.get(i + 1) == v[0] + 1
        }
        compared = {*copy_of, *copy_of.values(), *near, *(j for j, _ in near.values())}
        self.line_runs = self._line_runs(opts, compared)
        # ``analysis`` caches this per document in a WeakKeyDictionary: a reference back
        # to the document would keep every document of a run alive.
        del self.doc

    def _line_runs(
        self, opts: dict[str, Any], compared: set[int]
    ) -> list[tuple[int, int, int, int]]:
        """Runs of source lines inside one paragraph that repeat earlier lines in order:
        ``(first, last, original first, original last)``. Scraped copy often puts one
        paragraph per line with no blank line between, so a pasted body can sit inside a
        single block, where comparing blocks cannot see it. Only lines that end a sentence
        count (a wrapped line ends anywhere), in blocks not already compared whole."""
        doc = self.doc
        min_words = int(opts["min-words"])
        # Lines of fewer than three words take no part. The word count is a function of
        # ``key`` (folding whitespace and quotes changes no word), so equal keys have equal
        # counts: every line is recorded and only a repeated line's words are counted.
        first: dict[str, int] = {}
        counts: dict[str, int] = {}
        copies: list[tuple[int, int, int]] = []  # (line, original line, words)
        text = doc.text
        # Copies are found only inside paragraphs of two lines or more not compared
        # whole: the lines after the last of those are nobody's original.
        paragraphs = [b for b in doc.blocks if self.kinds[b.index] == "paragraph"]
        inside = [b.end_line > b.line and b.index not in compared for b in paragraphs]
        if True not in inside:
            return []
        last = len(inside) - inside[::-1].index(True)
        for b, inside_b in zip(paragraphs[:last], inside, strict=False):
            # the block's part of each of its lines (``strip`` drops a CR before a LF)
            for ln, part in enumerate(text[b.start : b.end].split("\n"), b.line):
                line = part.strip()
                # the last character of a line that ends a sentence (cheap test first)
                if line[-1:] not in _SENTENCE_ENDERS or not _ENDS_SENTENCE.search(line):
                    continue
                key = normalize(line)
                if key in first:
                    if inside_b:
                        n = counts.get(key)
                        if n is None:
                            n = counts[key] = len(minhash.words(key))
                        if n >= 3:
                            copies.append((ln, first[key], n))
                else:
                    first[key] = ln
        runs: list[tuple[int, int, int, int]] = []
        k = 0
        while k < len(copies):
            ln, orig, n = copies[k]
            end, words = k, n
            while (
                end + 1 < len(copies)
                and copies[end + 1][0] == copies[end][0] + 1
                and copies[end + 1][1] == copies[end][1] + 1
            ):
                end += 1
                words += copies[end][2]
            length = end - k + 1
            last_orig = copies[end][1]
            if last_orig < ln and (
                (length >= 2 and words >= 2 * min_words) or words >= 3 * min_words
            ):
                runs.append((ln, copies[end][0], orig, last_orig))
            k = end + 1
        return runs

    def _copy_of(self) -> dict[int, int]:
        """Every block equal to an earlier one -> index of its first occurrence."""
        first: dict[tuple[str, str], int] = {}
        copy_of: dict[int, int] = {}
        for b in self.doc.blocks:
            key = self.keys[b.index]
            if not self.words[b.index]:
                continue
            if key in first:
                copy_of[b.index] = first[key]
            else:
                first[key] = b.index
        return copy_of

    def _exact_copies(
        self,
        opts: dict[str, Any],
        copy_of: dict[int, int],
        family: dict[int, int],
        in_run: Callable[[int, int], bool],
    ) -> dict[int, int]:
        """Reported copies: block index -> index of its first occurrence."""
        min_words = int(opts["min-words"])
        reported = {
            i: j
            for i, j in copy_of.items()
            if len(self.words[i]) >= min_words and (family[j] < 2 or in_run(i, j))
        }
        # Short blocks (a heading, a one-line item) count when they sit inside a run of
        # copied blocks in the same order as the original run.
        # A forward and a backward sweep reach every block of a run, however long.
        items = sorted(copy_of.items())
        changed = True
        while changed:
            changed = False
            for sweep in (items, items[::-1]):
                for i, j in sweep:
                    if i not in reported and (
                        reported.get(i - 1) == j - 1 or reported.get(i + 1) == j + 1
                    ):
                        reported[i] = j
                        changed = True
        return dict(sorted(reported.items()))

    def _near_copies(
        self, opts: dict[str, Any], copy_of: dict[int, int]
    ) -> dict[int, tuple[int, float]]:
        """Near copies: block index -> (index of the earlier block, similarity)."""
        threshold = float(opts["near-threshold"])
        min_words = int(opts["near-min-words"])
        shared = _shared(self.doc)
        # Postings: the first block with a shingle, and up to 63 later ones (a very common
        # shingle says little; keep this linear). Most shingles occur once, so the first
        # block is kept apart from the lists.
        first: dict[str, int] = {}
        more: dict[str, list[int]] = {}
        # Both are read only when a block passes the prefilter below, which few do: the
        # prefilter needs only the set of shingles met so far (``seen``, the keys of
        # ``first`` once it is filled). The blocks whose shingles still have to be added
        # to them wait here, each with the shingles it brought first (``unfirst``: to
        # ``first``; ``pending``: its other, shared shingles to ``more``).
        seen: set[str] = set()
        unfirst: list[tuple[int, set[str]]] = []
        pending: list[tuple[int, set[str]]] = []
        sets: dict[int, set[str]] = {}
        out: dict[int, tuple[int, float]] = {}
        for b in self.doc.blocks:
            i = b.index
            if self.kinds[i] not in _PROSE_KINDS or len(self.words[i]) < min_words:
                continue
            sh = self._near_shingles(shared, b)
            # A block shares at most ``len(sh) - len(new)`` shingles with any earlier
            # block: when that is below the threshold no earlier block can pass the
            # count test below.
            new = sh.difference(seen)
            if i not in copy_of and len(sh) - len(new) >= threshold * len(sh):
                for j, jnew in unfirst:
                    first.update(dict.fromkeys(jnew, j))
                unfirst.clear()
                for j, jnew in pending:
                    for s in sets[j] - jnew:
                        lst = more.setdefault(s, [])
                        if len(lst) < 63:
                            lst.append(j)
                pending.clear()
                best = self._closest(i, sh, sh - new, first, more, sets, threshold)
                if best is not None:
                    out[i] = best
                    continue  # a copy is not itself an original for later blocks
            if i in copy_of:
                continue
            sets[i] = sh
            if len(new) < len(sh):
                pending.append((i, new))
            seen |= new
            unfirst.append((i, new))
        return out

    def _near_shingles(self, shared: _Shared, b: Block) -> set[str]:
        """The two-word shingles NL202 compares block ``b`` by: the words of its source
        (link targets and code count); a block without markup has the words of its prose
        (``source_key`` only folds whitespace, quotes and line prefixes, which separate
        words anyway)."""
        if _same_words(self.doc.text[b.start : b.end], b.text):
            return set(_block_shingles(shared, b.index))
        chars = _source_chars(self.doc, shared, b)
        tokens = chars.split() if chars else minhash.words(self.source_keys[b.index])
        return set(minhash.shingle_runs(tokens, 2))

    def _closest(
        self,
        i: int,
        sh: set[str],
        known: set[str],
        first: dict[str, int],
        more: dict[str, list[int]],
        sets: dict[int, set[str]],
        threshold: float,
    ) -> tuple[int, float] | None:
        """The earlier block that block ``i`` (shingles ``sh``, of which ``known`` were
        met before) is the closest near copy of, with their similarity, from the
        postings ``first`` and ``more``; None when none reaches ``threshold``."""
        counts: dict[int, int] = {}
        for s in known:
            j = first[s]
            counts[j] = counts.get(j, 0) + 1
            for j in more.get(s, ()):
                counts[j] = counts.get(j, 0) + 1
        best: tuple[int, float] | None = None
        for j, c in counts.items():
            # Jaccard is at most shared / larger set: skip what cannot reach it.
            if c < threshold * max(len(sh), len(sets[j])):
                continue
            if self.keys[j] == self.keys[i] or self.kinds[j] != self.kinds[i]:
                continue
            sim = minhash.jaccard(sh, sets[j])
            # ties go to the earlier block (``counts`` follows set order)
            if sim >= threshold and (
                best is None or sim > best[1] or (sim == best[1] and j < best[0])
            ):
                best = (j, sim)
        return best


_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def analysis(doc: Document, settings: Settings | None) -> _Analysis:
    opts = _options(settings)
    key = repr(sorted(opts.items()))
    cached = _CACHE.get(doc)
    if cached is None or cached[0] != key:
        cached = (key, _Analysis(doc, opts))
        _CACHE[doc] = cached
    return cached[1]


def _kind_name(block: Block) -> str:
    return {"list_item": "list item", "quote": "quote"}.get(block.kind, block.kind)


# -- NL201 -----------------------------------------------------------------------------------

_PREFIX = re.compile(r"[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?(?:#{1,6}[ \t]+)?[ \t]*")
_SUFFIX = re.compile(r"[ \t]*(?:#+[ \t]*)?")
_SETEXT = re.compile(r"[ \t]{0,3}(?:=+|-+)[ \t]*")


def _is_blank(doc: Document, line: int) -> bool:
    if line < 1 or line > doc.lines.count:
        return False
    return not doc.lines.line_text(line).strip()


def deletion_span(doc: Document, block: Block) -> tuple[int, int] | None:
    """Source offsets that delete ``block``'s whole lines (line break included) without
    breaking the file, or None when its lines hold anything else."""
    lines, text = doc.lines, doc.text
    first, last = block.line, block.end_line
    line_start = lines.line_span(first)[0]
    if not _PREFIX.fullmatch(text, line_start, block.start):
        return None
    if not _SUFFIX.fullmatch(text, block.end, lines.line_span(last)[1]):
        return None
    count = lines.count
    if block.kind == "heading" and last < count and _SETEXT.fullmatch(lines.line_text(last + 1)):
        last += 1
    if block.kind == "list_item" and last < count:
        nxt = lines.line_text(last + 1)
        if nxt.strip() and nxt[:1] in " \t":
            return None  # the item goes on below (nested content)
    start = line_start
    end = lines.starts[last] if last < len(lines.starts) else len(text)
    blank_before = first == 1 or _is_blank(doc, first - 1) or line_start == doc.body_start
    if blank_before:
        n = last + 1
        while n <= count and _is_blank(doc, n):
            n += 1
        if n <= count:
            end = lines.starts[n - 1]  # take the blank lines after; the one before stays
        else:
            end = len(text)  # the last block: take the blank lines before it instead
            p = first - 1
            while p >= 1 and _is_blank(doc, p):
                p -= 1
            if p >= 1:
                start = lines.starts[p]
    elif end == len(text) and not text.endswith("\n"):
        start = lines.line_span(first - 1)[1]  # no line break of its own: take the one before
    return start, end


class RepeatedBlock(Rule):
    """A block (paragraph, heading, list item, quote) that repeats an earlier block.

    **What it does.** Compares every prose block of a file with the blocks before it, after
    folding whitespace and straightening quotes, and reports each later copy once, at the
    copy, with a related location at the first occurrence. Blocks of at least
    ``min-words`` words (default 10) count on their own; shorter ones (a heading, a
    one-line list item) only inside a run of copied blocks that follows the original's
    order. Only blocks of the same kind are compared (a heading repeating a list item is a
    table of contents; a paragraph inside an HTML ``<blockquote>`` is a quote). A block met
    three times or more among different text is a template, reported only where its
    copies form a run (a pasted body). Code blocks, tables and front matter are not prose
    and never count. Scraped copy with one paragraph per line and no blank lines is one
    block; there a run of whole lines (each ending a sentence) that repeats earlier lines
    in order is reported as ``lines 9-16 repeat lines 1-8``.

    **Why it matters.** Scrapers and editors paste the same body twice; a reader sees the
    story again, and every other finding in it twice (newslint reports those once, at the
    first occurrence).

    **Bad**::

        Rescue teams reached the flooded village of Arden late on Tuesday night.

        Rescue teams reached the flooded village of Arden late on Tuesday night.

    **Good**: the paragraph once.

    **Fix (unsafe).** ``--fix --unsafe-fixes`` deletes the copy's whole lines, keeping the
    first occurrence. It is unsafe because a deliberate repetition (a refrain, a
    corrected reprint) would go too; check the diff (``--diff``).
    """

    code = "NL201"
    name = "repeated-block"
    category = "duplicate"
    severity = Severity.WARNING
    summary = "A block repeats an earlier block of the same file"
    fixable = True

    def check(self, doc: Document, settings: Settings) -> Iterator[Finding]:
        an = analysis(doc, settings)
        blocks = doc.blocks
        for i, j in an.exact.items():
            b, orig = blocks[i], blocks[j]
            fix = None
            span = deletion_span(doc, b)
            if span is not None:
                fix = self.fix(
                    doc, "delete the repeated block", [(span[0], span[1], "")], unsafe=True
                )
            yield self.finding(
                doc,
                b.start,
                b.end,
                f"{_kind_name(b)} repeats the {_kind_name(orig)} at line {orig.line}",
                related=[doc.location(orig.start, orig.end, "first occurrence")],
                fix=fix,
            )
        lines, text = doc.lines, doc.text
        for first, last, ofirst, olast in an.line_runs:
            start, end = lines.line_span(first)[0], lines.line_span(last)[1]
            ostart, oend = lines.line_span(ofirst)[0], lines.line_span(olast)[1]
            cut_start = start
            cut_end = lines.starts[last] if last < len(lines.starts) else len(text)
            if cut_end == len(text) and not text.endswith("\n"):
                cut_start = lines.line_span(first - 1)[1]
            what = f"lines {first}-{last} repeat lines {ofirst}-{olast}"
            if first == last:
                what = f"line {first} repeats line {ofirst}"
            yield self.finding(
                doc,
                start,
                end,
                what,
                related=[doc.location(ostart, oend, "first occurrence")],
                fix=self.fix(
                    doc, "delete the repeated lines", [(cut_start, cut_end, "")], unsafe=True
                ),
            )


# -- NL202 -----------------------------------------------------------------------------------


class NearCopy(Rule):
    """A block that is a near copy of an earlier block of the same file.

    **What it does.** Compares prose blocks of at least ``near-min-words`` words (default
    20) by the Jaccard similarity of their sets of two-word shingles (lower-cased words of
    the source, so link targets count) and reports a block whose similarity to an earlier
    block of the same kind reaches ``near-threshold`` (default 0.8) without being an exact
    copy (NL201 covers those). A block with two or more near or exact copies among other
    text is a template and is not reported.

    **Why it matters.** A reworded or lightly edited paste: the scraper kept two versions
    of a paragraph, or an editor revised a copy and forgot to delete the original.

    **Bad**::

        Rescue teams reached the flooded village of Arden late on Tuesday night, police said.

        Rescue teams reached the flooded village of Arden late on Tuesday evening, police said.

    **Good**: one version of the paragraph.

    **Fix.** None automatic: choose which version to keep.
    """

    code = "NL202"
    name = "near-copy"
    category = "duplicate"
    severity = Severity.WARNING
    summary = "A block is a near copy of an earlier block of the same file"

    def check(self, doc: Document, settings: Settings) -> Iterator[Finding]:
        an = analysis(doc, settings)
        blocks = doc.blocks
        for i, (j, sim) in an.near.items():
            b, orig = blocks[i], blocks[j]
            yield self.finding(
                doc,
                b.start,
                b.end,
                f"{_kind_name(b)} is a near copy ({sim:.0%} similar) of the "
                f"{_kind_name(orig)} at line {orig.line}",
                related=[doc.location(orig.start, orig.end, "earlier version")],
            )


# -- NL203 -----------------------------------------------------------------------------------


class RepeatedSentence(Rule):
    """A sentence of six or more words that occurs twice in one file.

    **What it does.** Compares the sentences of paragraphs and list items (case folded,
    punctuation and quote style ignored) and reports each later occurrence of a sentence
    of at least ``sentence-min-words`` words (default 6), with a related location at the
    first. Blocks already reported as copies (NL201, NL202) are skipped, and so are
    headings and block quotes (a pull quote repeats a sentence on purpose).

    **Why it matters.** A sentence pasted twice, or kept in two places by a rewrite, reads
    as a slip and often marks a botched edit around it.

    **Bad**::

        The bridge will stay closed until Friday. Engineers are checking the cables.
        Traffic is diverted through Millbrook. The bridge will stay closed until Friday.

    **Good**: the sentence once.

    **Fix.** None automatic: decide which occurrence belongs.
    """

    code = "NL203"
    name = "repeated-sentence"
    category = "duplicate"
    severity = Severity.WARNING
    summary = "A sentence occurs twice in the same file"

    def check(self, doc: Document, settings: Settings) -> Iterator[Finding]:
        an = analysis(doc, settings)
        min_words = int(_options(settings)["sentence-min-words"])
        shared = _shared(doc)
        # the sentences by their words, joined (words hold no space: equal strings,
        # equal words; cheaper to hash than a tuple of fresh strings)
        seen: dict[str, list[tuple[int, int, str, bool]]] = {}
        in_runs = [(first, last) for first, last, _, _ in an.line_runs]
        text = doc.text
        for b in doc.blocks:
            kind = an.kinds[b.index]
            if kind not in ("paragraph", "list_item") or b.index in an.exact or b.index in an.near:
                continue
            sentences = b.sentences
            whole = len(sentences) == 1
            # The words of each sentence are a slice of the block's word characters. In a
            # block whose source is its prose in place (no markup; line breaks aside) a
            # sentence's source is at the same offsets and has the same words.
            prose_chars = shared.prose_chars[b.index]
            plain = _same_words(text[b.start : b.end], b.text) and _maps_in_place(b)
            for s, e in sentences:
                prose = b.text[s:e]
                sentence = prose.strip()
                if sentence.endswith(":") or (
                    sentence[:1] == "(" and sentence.rstrip(".!?")[-1:] == ")"
                ):
                    continue  # a label introducing code or a list; a parenthetical note
                if sentence.count(" ") + 1 < min_words:
                    continue
                # the words of the sentence (``minhash.words(sentence)``; see
                # ``minhash.word_chars``)
                if prose_chars is not None:
                    words = prose_chars[s:e].strip("'").split()
                else:
                    words = minhash.words(sentence)
                if plain:
                    # ``b.span(s, e)``, and ``_same_words`` true (see ``_maps_in_place``)
                    start, end, same = b.start + s, b.start + e, True
                else:
                    start, end = b.span(s, e)
                    same = _same_words(text[start:end], prose)
                if len(words) < min_words:
                    continue
                if in_runs and any(
                    f <= doc.lines.position(start)[0] <= last for f, last in in_runs
                ):
                    continue  # inside lines NL201 reports as a pasted copy
                # The words of the source (link targets and code count). Same words as
                # ``source_key``'s text: folding whitespace and quotes changes no word;
                # a sentence without markup has the words of its prose.
                if not same:
                    chars = _source_chars(doc, shared, b)
                    if chars and b.start <= start <= end <= b.end:
                        # one pass over the block's source serves all its sentences
                        words = chars[start - b.start : end - b.start].strip("'").split()
                    else:
                        words = minhash.words(text[start:end])
                seen.setdefault(" ".join(words), []).append((start, end, kind, whole))
        for spans in seen.values():
            # Twice is a slip; three times or more is a refrain or a template.
            if len(spans) != 2:
                continue
            (ostart, oend, okind, owhole), (start, end, kind, whole) = spans
            if owhole and whole:
                continue  # a repeated one-sentence block: NL201's business (min-words)
            if okind != "paragraph" and kind != "paragraph":
                continue  # two lists sharing an item (old and new search order, say)
            oline = doc.lines.position(ostart)[0]
            where = (
                "earlier on this line"
                if oline == doc.lines.position(start)[0]
                else f"at line {oline}"
            )
            yield self.finding(
                doc,
                start,
                end,
                f"sentence repeats the sentence {where}",
                related=[doc.location(ostart, oend, "first occurrence")],
            )


# -- NL205 -----------------------------------------------------------------------------------

_DOUBLED = re.compile(r"(?<![\w'\u2019-])(\w+)(\s+)(\1)(?![\w'\u2019-])", re.IGNORECASE)
_TRIPLE = re.compile(r"\s+(\w+)")
#: See ``_may_double``: capital dotted I, capital sigma, and the modifier apostrophe,
#: left quote, low quote and prime that ``minhash.straighten`` makes apostrophes.
_DOUBLE_HAZARDS = ("\u0130", "\u03a3", "\u02bc", "\u2018", "\u201a", "\u2032")

#: Doubles that are grammatical or idiomatic ("what it is is", "she had had", "gave her
#: her keys", "log in in the corner", "bye bye"), never reported.
GRAMMATICAL_DOUBLES = frozenset(
    """
    had that is was do does did her him can will no so very really bye ha haha yes well now
    there tut knock blah bla chop yada ho hip wink nudge boo ding la night pretty far long
    many in on up out off by over down through round around mm hmm uh ah oh choo tsk
    """.split()
)


def _may_double(b: Block, ws: list[str]) -> bool:
    """False when ``_DOUBLED`` cannot match in the block's text: most blocks, which then
    skip the backreference scan. ``ws``: the words of the block's text (``minhash.words``).

    The two words of a match are whole words of ``ws`` (a word character, an
    apostrophe or a hyphen never touches them; only whitespace lies between), next to each
    other, and equal once lower-cased: the pattern's ignore-case compares the simple lower
    case of each character, which ``str.lower`` gives too except for a capital dotted I and
    a capital sigma. A block holding those, or a character that ``straighten`` turns into
    an apostrophe without the pattern treating it as one, takes the scan."""
    text = b.text
    if not text.isascii() and any(map(text.__contains__, _DOUBLE_HAZARDS)):
        return True
    return any(map(eq, ws, islice(ws, 1, None)))


def _sentence_start(text: str, i: int) -> bool:
    before = text[:i].rstrip(" \t\n\"'\u201c\u2018(")
    return not before or before[-1] in ".!?:\u2026"


class DoubledWord(Rule):
    """The same word twice in a row (``the the``) inside a sentence.

    **What it does.** Reports a word followed, after nothing but whitespace, by the same
    word (case-insensitive). Not reported: grammatical or idiomatic doubles (``had had``,
    ``that that``, ``is is`` as in "what it is is", ``her her`` as in "gave her her keys",
    ``in in`` as in "log in in the corner", ``bye bye``); numbers; names (both words
    capitalised, ``Walla Walla``); words separated by markup (``the [the`` ...) or
    punctuation; and a short line followed by a line that starts with the same word (a
    heading run into its paragraph).

    **Why it matters.** Readers stumble on it and it is one of the commonest typos;
    editors miss it at a line break.

    **Bad**: ``The council approved the the budget on Monday.``

    **Good**: ``The council approved the budget on Monday.``

    **Fix.** None automatic (newslint deletes nothing but exact repeated blocks); delete
    one of the two words.
    """

    code = "NL205"
    name = "doubled-word"
    category = "duplicate"
    severity = Severity.WARNING
    summary = "A word is doubled (the the)"

    def check(self, doc: Document, settings: Settings) -> Iterator[Finding]:
        text = doc.text
        words = _shared(doc).words
        for b in doc.blocks:
            if not _may_double(b, words[b.index]):
                continue  # most blocks: no backreference scan
            for m in _DOUBLED.finditer(b.text):
                w1, w2 = m.group(1), m.group(3)
                low = w1.lower()
                if low in GRAMMATICAL_DOUBLES or not w1.isalpha() or "_" in w1:
                    continue
                if w2 != w2.lower():  # "Walla Walla", "THE THE", "Sirhan Sirhan"
                    continue
                if w1 != low and (w1 != w1.capitalize() or not _sentence_start(b.text, m.start(1))):
                    continue  # "AND and": a term set in capitals, then the word
                t = _TRIPLE.match(b.text, m.end(3))
                if t and t.group(1).lower() == low:
                    continue  # "done done done", "ah ah ah": deliberate
                if len(w1) == 1 and low != "a":
                    continue
                s1, e1 = b.span(m.start(1), m.end(1))
                s2, e2 = b.span(m.start(3), m.end(3))
                gap = text[e1:s2]
                if gap.strip() or PLACEHOLDER in gap:
                    continue  # markup between the two words
                if "\n" in gap:
                    line = doc.lines.position(s1)[0]
                    if len(doc.lines.line_text(line).split()) < 4:
                        continue  # a short line (heading, label) run into the next
                yield self.finding(
                    doc,
                    s1,
                    e2,
                    f"doubled word: '{w1} {w2}'",
                )


# -- NL204 -----------------------------------------------------------------------------------

_SUMMARY_VERSION = 2  # 2: one permutation hashing (xxh3) sketches
_DATE = re.compile(r"""^\s*date\s*[:=]\s*["']?(\d{4}-\d{2}-\d{2})""", re.M | re.I)


def summarize_document(doc: Document, opts: dict[str, Any]) -> dict[str, Any]:
    """The cross-file summary of one document: per substantial block an 8-byte hash of its
    normalised text, a MinHash sketch and its position; per file a sketch of all its prose.
    Never the text itself."""
    min_words = int(opts["cross-file-min-words"])
    hashes = bytearray()
    sigs = bytearray()
    pos = array("I")
    nwords = array("I")
    total = prose = 0
    shared = _shared(doc)
    kinds, words = shared.kinds, shared.words
    # Every shingle of the file's prose is hashed once; the file's sketch is the sketch
    # of all those hashes (short blocks count towards it without being reported alone).
    # Its bins are lowered by each sketched block's hashes as they fill the block's own
    # bins, and by the other blocks' hashes at the end.
    file_low = minhash.new_minima()
    rest: list[int] = []  # hashes of the blocks not sketched on their own
    for b in doc.blocks:
        if b.kind not in _PROSE_KINDS and b.kind != "heading":
            continue
        if PLACEHOLDER in b.text:
            tokens = minhash.words(expanded(doc, b))
            if len(tokens) < 3:
                continue
            hs = minhash.shingle_hashes(tokens, 2)
        else:
            tokens = words[b.index]
            if len(tokens) < 3:
                continue
            # the block's shingles, shared with NL202 (a repeated one changes no sketch)
            hs = minhash.hashes(_block_shingles(shared, b.index))
        total += len(tokens)
        prose += len(b.text)
        if kinds[b.index] in ("heading", "quote") or len(tokens) < min_words:
            rest += hs
            continue
        low = minhash.new_minima()
        minhash.lower_minima(low, hs, file_low)
        sigs += minhash.sketch_of_minima(low)
        key = _block_key(doc, shared, b)
        hashes += hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
        line, col = doc.lines.position(b.start)
        end_line, end_col = doc.lines.position(b.end)
        pos.extend((line, col, end_line, end_col, b.start, b.end))
        nwords.append(len(tokens))
    minhash.lower_minima(file_low, rest)
    file_sig = minhash.sketch_of_minima(file_low) if total else None
    date = ""
    fm = doc.front_matter
    if fm is not None:
        m = _DATE.search(doc.text, fm.start, fm.end)
        if m:
            date = m.group(1)
    return {
        "v": _SUMMARY_VERSION,
        "date": date,
        "hashes": bytes(hashes),
        "sigs": bytes(sigs),
        "pos": pos.tobytes(),
        "words": nwords.tobytes(),
        "file_sig": file_sig,
        "total_words": total,
        "prose_share": round(prose / max(1, len(doc.text) - doc.body_start), 3),
    }


class _Find:
    """Union-find over block ids (a flat array: four bytes per block)."""

    def __init__(self, n: int) -> None:
        self.parent = array("I", range(n))

    def __call__(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self(a), self(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


class CrossFileCopy(Rule):
    """A block of substance that also appears in another file of the run or the corpus.

    **What it does.** Every file's paragraphs, list items and quotes of at least
    ``cross-file-min-words`` words (default 30) are summarised as a hash of their
    normalised text and a MinHash sketch of their two-word shingles. Once every file is
    read, blocks that are equal, or whose estimated similarity reaches
    ``cross-file-threshold`` (default 0.7), are grouped, and each occurrence after the
    first (files of the corpus outside the run first, then older ``date`` in front matter,
    then path order) is reported with related locations in the other files. A file whose
    prose is a copy of an earlier file's (similarity at least ``file-threshold``, default
    0.9) gets one finding, at 1:1, not one per block.

    With ``corpus = "content/"`` in ``[duplicates]`` the files of that directory are
    indexed too, so a pre-commit run on one changed file still finds copies in the
    repository. A block found in ``boilerplate-files`` files or more (default 5) is
    boilerplate (an install paragraph, a newsletter footer) and is not reported.

    **Why it matters.** One story republished under several slugs and dates, or a
    paragraph lifted from another article, is duplicate content for readers and for
    search engines.

    **Bad**: ``content/2024/floods.md`` and ``content/2024/floods-update.md`` carry the
    same 120-word paragraph about the evacuation.

    **Good**: the update links to the first story or quotes a sentence of it.

    **Severity.** A whole-file copy is a warning. A single shared block is reported as
    info, which does not fail a run at the default ``--fail-on warning``: blogs and news
    sites legitimately reuse a paragraph between a preview and a final post, or a yearly
    announcement and the next. Raise it with ``[severity] NL204 = "warning"``.

    **Fix.** None automatic: delete one file or rewrite the copied block.
    """

    code = "NL204"
    name = "cross-file-copy"
    category = "duplicate"
    severity = Severity.WARNING
    summary = "A block of substance also appears in another file"
    scope = "corpus"

    def summarize(self, doc: Document, settings: Settings) -> dict[str, Any]:
        return summarize_document(doc, _options(settings))

    def check_corpus(
        self, summaries: Sequence[tuple[str, Any]], settings: Settings
    ) -> Iterator[Finding]:
        opts = _options(settings)
        files: list[tuple[str, dict[str, Any], bool]] = [(p, s, True) for p, s in summaries if s]
        files.extend(self._corpus_files(settings, opts, {p for p, _ in summaries}))
        yield from cross_file_findings(self, files, opts)

    def _corpus_files(
        self, settings: Settings, opts: dict[str, Any], run_paths: set[str]
    ) -> Iterator[tuple[str, dict[str, Any], bool]]:
        corpus = str(opts.get("corpus") or "").strip()
        if not corpus:
            return
        root = settings.root if settings.path else os.getcwd()
        top = os.path.join(root, corpus)
        if not os.path.isdir(top):
            where = f" (set in {settings.path})" if settings.path else ""
            raise ValueError(f"[duplicates] corpus directory {top!r} does not exist{where}")
        from ..files import discover

        run_files = set()
        for p in run_paths:
            try:
                st = os.stat(p)
            except OSError:
                continue
            run_files.add((st.st_dev, st.st_ino))
        found = corpus_summaries(discover([top], settings), settings, opts, top, run_files)
        for rel, summary in found:
            yield rel, summary, False


#: An index entry: the file's stat stamp (size, mtime, ctime, inode), whether that stamp
#: is settled (written well before it was read: see ``_RACY_NS``), the xxh3-128 digest of
#: its bytes, and its summary (None for a file that cannot be read or is over the limit).
_Entry = tuple[tuple[int, int, int, int], bool, bytes, "dict[str, Any] | None"]

#: Corpus indexes of this process (the language server lints the same repository again
#: and again): index key -> path inside the corpus directory -> entry. A few
#: configurations at most.
_CORPUS_MEMO: dict[str, dict[str, _Entry]] = {}
_INDEX_VERSION = 1
#: A stamp read within this long of the file's last change is not trusted on its own: the
#: file may change again within the same timestamp tick, size unchanged (git's "racily
#: clean" problem). Such an entry is checked against its digest next time.
_RACY_NS = 2_000_000_000


def corpus_summaries(
    paths: Iterable[str],
    settings: Settings,
    opts: dict[str, Any],
    top: str,
    run_files: set[tuple[int, int]] = frozenset(),  # type: ignore[assignment]
) -> list[tuple[str, dict[str, Any]]]:
    """The summaries of the files ``paths`` of the corpus directory ``top``, but for the
    files of the run (``run_files``: their device and inode numbers), as (path relative
    to the working directory, summary), from the corpus index where a file is unchanged.

    The index is kept in this process and, when the run has a cache (no ``--no-cache``),
    in the cache directory, keyed by the code's fingerprint, the settings, the options and
    the corpus directory, so a pre-commit run on one file reads the repository's
    summaries instead of summarising every file again. A file is unchanged when its stat
    stamp is (a settled one), or else when the digest of its bytes is; anything else is
    summarised again (in worker processes when there are many). An index that does not
    load or does not have the expected shape is ignored and rewritten."""
    import time

    from .. import cache as cache_mod
    from ..parallel import PARALLEL_THRESHOLD, default_jobs

    cache = cache_mod.active()
    key = corpus_index_key(settings, opts, top)
    entries = _CORPUS_MEMO.get(key)
    if entries is None and cache is not None:
        entries = _valid_index(cache.get(key))
    entries = entries or {}
    limit = int(settings.get("max-file-size") or 0)
    fresh: dict[str, _Entry] = {}
    out: list[tuple[str, dict[str, Any]]] = []
    work: list[tuple[str, Settings, dict[str, Any]]] = []
    pending: list[tuple[str, str, tuple[int, int, int, int], bool]] = []
    changed = False
    rel_top = os.path.relpath(top)
    now = time.time_ns()  # before any stat: a stamp settled by it is settled by then
    # ``os.path.relpath(p)`` is costly per file: below ``top`` it is ``rel_top`` and the
    # path inside, but where the run starts inside ``top`` (``rel_top`` all "..")
    outside = not all(part in (".", "..") for part in rel_top.split(os.sep))
    for p in paths:
        try:
            st = os.stat(p)
        except OSError:
            continue
        # entries are named by their path inside the corpus directory (``discover``
        # yields them under ``top``); the index itself is named by the directory's real path
        inside = p.startswith(top)
        name = p[len(top) :].lstrip(os.sep) if inside else p
        rel = os.path.join(rel_top, name) if inside and outside else os.path.relpath(p)
        old = entries.get(name)
        if (st.st_dev, st.st_ino) in run_files:
            # summarised by the run itself; its entry is kept for the next run, which
            # checks it like any other (a pre-commit run need not rewrite the index)
            if old is not None:
                fresh[name] = old
            continue
        stamp = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        settled = max(st.st_mtime_ns, st.st_ctime_ns) < now - _RACY_NS
        if old is not None and old[1] and old[0] == stamp:
            fresh[name] = old
        elif old is not None and old[2] and old[2] == _digest_of(p, limit):
            # touched, checked out again or restored from a CI cache: same bytes
            fresh[name] = (stamp, settled, old[2], old[3])
            changed = True
        else:
            work.append((p, settings, opts))
            pending.append((name, rel, stamp, settled))
            continue
        if fresh[name][3] is not None:
            out.append((rel, fresh[name][3]))
    if work:
        changed = True
        jobs = default_jobs()
        if jobs > 1 and len(work) >= PARALLEL_THRESHOLD:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            methods = multiprocessing.get_all_start_methods()
            ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
                results = list(pool.map(_summarize_path, work, chunksize=32))
        else:
            results = [_summarize_path(w) for w in work]
        for (name, rel, stamp, settled), (digest, summary) in zip(pending, results, strict=True):
            if digest is None:  # unreadable now: nothing to remember
                continue
            fresh[name] = (stamp, settled, digest, summary)
            if summary is not None:
                out.append((rel, summary))
    if changed or len(fresh) != len(entries):
        if len(_CORPUS_MEMO) >= 4 and key not in _CORPUS_MEMO:
            _CORPUS_MEMO.clear()
        _CORPUS_MEMO[key] = fresh
        if cache is not None:
            cache.put(key, {"v": _INDEX_VERSION, "files": fresh})
    return out


def corpus_index_key(settings: Settings, opts: dict[str, Any], top: str) -> str:
    """The cache key of the corpus index of directory ``top`` under these settings."""
    from ..cache import entry_key

    return entry_key(
        "nl204-corpus-index",
        str(_INDEX_VERSION),
        settings.key(),
        repr(sorted(opts.items())),
        os.path.realpath(top),
    )


def _valid_index(value: Any) -> dict[str, _Entry] | None:
    """The entries of an index read from the cache, or None when it is not one (another
    version, or damaged in a way that still unpickled)."""
    if not isinstance(value, dict) or value.get("v") != _INDEX_VERSION:
        return None
    files = value.get("files")
    if not isinstance(files, dict):
        return None
    for real, entry in files.items():
        if not (
            isinstance(real, str)
            and isinstance(entry, tuple)
            and len(entry) == 4
            and isinstance(entry[0], tuple)
            and len(entry[0]) == 4
            and all(isinstance(x, int) for x in entry[0])
            and isinstance(entry[1], bool)
            and isinstance(entry[2], bytes)
            and (
                entry[3] is None
                or (isinstance(entry[3], dict) and entry[3].get("v") == _SUMMARY_VERSION)
            )
        ):
            return None
    return files


def _digest_of(path: str, limit: int) -> bytes | None:
    """The digest of a file's bytes (None when it cannot be read or is over ``limit``)."""
    try:
        with open(path, "rb") as fh:
            if limit and os.fstat(fh.fileno()).st_size > limit:
                return None
            return _digest(fh.read())
    except OSError:
        return None


def _digest(data: bytes) -> bytes:
    from xxhash import xxh3_128_digest

    return xxh3_128_digest(data)


def _summarize_path(
    work: tuple[str, Settings, dict[str, Any]],
) -> tuple[bytes | None, dict[str, Any] | None]:
    """Read and summarise one corpus file (in a worker process when there are many):
    (digest of its bytes, summary). The summary is None for a file that is not text, and
    for one over the size limit, which is not read (its digest is empty: its stamp alone
    decides); both are None for a file that cannot be read."""
    from ..document import DecodeError, Document, decode

    path, settings, opts = work
    limit = int(settings.get("max-file-size") or 0)
    try:
        with open(path, "rb") as fh:
            if limit and os.fstat(fh.fileno()).st_size > limit:
                return b"", None
            data = fh.read()
    except OSError:
        return None, None
    digest = _digest(data)
    try:
        text, bom = decode(data)
    except DecodeError:
        return digest, None
    doc = Document(text, os.path.relpath(path), bom=bom, settings=settings)
    return digest, summarize_document(doc, opts)


def _whole_file_copies(
    files: list[tuple[str, dict[str, Any], bool]], opts: dict[str, Any]
) -> dict[int, tuple[int, float]]:
    """Files whose prose copies an earlier file's: file index -> (index of the file it
    copies, similarity). Independent of the block clusters until the report, so it can run
    in a second process beside them."""
    file_threshold = float(opts["file-threshold"])
    boiler = max(2, int(opts["boilerplate-files"]))
    width = 4 * minhash.SIZE
    # Whole-file copies: banded file sketches, verified by estimated similarity. Only
    # files that are mostly prose take part (a page of HTML cards or code with one intro
    # paragraph says nothing by its prose). A file close to many others is one of a
    # series (release announcements, a yearly call for candidates), not a copy.
    series_threshold = file_threshold - 0.2
    similar: dict[int, dict[int, float]] = {}
    fbuckets: dict[bytes, list[int]] = {}
    for fi, (_path, s, _in_run) in enumerate(files):
        if (
            s.get("file_sig")
            and s.get("total_words", 0) >= int(opts["cross-file-min-words"])
            and s.get("prose_share", 1.0) >= 0.3
        ):
            for band in minhash.bands(s["file_sig"]):
                fbuckets.setdefault(band, []).append(fi)
    # the file sketches as integers, made on a file's first comparison (a run against a
    # corpus compares few of them); None for a short sketch
    ints: dict[int, int | None] = {}

    def int_of(fi: int) -> int | None:
        if fi not in ints:
            sig = files[fi][1]["file_sig"]
            ints[fi] = minhash.as_int(sig) if len(sig) == width else None
        return ints[fi]

    # Each file is compared once with every earlier file that shares a band with it
    # (among the 50 before it in that band's bucket: a huge bucket is a series).
    windows: dict[int, list[tuple[list[int], int]]] = {}
    # Files of the corpus outside the run come first (``_order``): with some of them, a
    # pair that holds a file of the run has it second, and only those files are reported,
    # so only their windows are needed.
    only_run = not all(in_run for _p, _s, in_run in files)
    for members in fbuckets.values():
        for n, fi in enumerate(members):
            if n and not (only_run and not files[fi][2]):
                windows.setdefault(fi, []).append((members, n))
    for fi, places in windows.items():
        candidates: set[int] = set()
        for members, n in places:
            candidates.update(members[max(0, n - 50) : n])
        xi = int_of(fi)
        for fj in candidates:
            xj = int_of(fj)
            if xi is None or xj is None:
                sim = minhash.similarity(files[fi][1]["file_sig"], files[fj][1]["file_sig"])
            else:
                sim = minhash.similarity_int(xi, xj)
            if sim >= series_threshold:
                similar.setdefault(fi, {})[fj] = sim
                similar.setdefault(fj, {})[fi] = sim
    whole: dict[int, tuple[int, float]] = {}
    for fi, others in similar.items():
        # In a series only a near-verbatim copy counts: a story republished five times
        # is still a copy, five release announcements from one template are not.
        floor = max(file_threshold, 0.98) if len(others) + 1 >= boiler else file_threshold
        earlier = [fj for fj, sim in others.items() if fj < fi and sim >= floor]
        if earlier:
            fj = min(earlier)
            whole[fi] = (fj, others[fj])
    return whole


def _equal_key_runs(keys: Sequence[int]) -> Iterator[list[int]]:
    """Runs of block ids (positions in ``keys``) with equal keys, two or more, in key
    order; each run in block order."""
    # Most keys are unique: the repeated ones are found by counting, and only their
    # blocks are picked out (both at C speed), sorted and grouped.
    counts = Counter(keys)
    if len(counts) == len(keys):
        return
    repeated = set(compress(counts, map(lt, repeat(1), counts.values())))
    chosen = list(compress(range(len(keys)), map(repeated.__contains__, keys)))
    # in key order, and block order within a key (the sort is stable); the runs end
    # where the key changes
    chosen.sort(key=keys.__getitem__)
    ks = list(map(keys.__getitem__, chosen))
    cuts = [0, *compress(range(1, len(ks)), map(ne, ks, islice(ks, 1, None))), len(ks)]
    for i, j in zip(cuts, islice(cuts, 1, None), strict=False):
        yield chosen[i:j]


def _clusters(uf: _Find) -> dict[int, list[int]]:
    """The clusters of two blocks or more: root -> its blocks in order (the root first),
    in the order of each cluster's second block."""
    # A union makes the smaller root the parent and path halving only points a block at
    # an ancestor, so a block's parent is never after it and its root is the smallest
    # block of its cluster: in block order, a block's root is its parent's, known by then.
    parent = uf.parent
    roots = parent.tolist()
    clusters: dict[int, list[int]] = {}
    for b in compress(range(len(parent)), map(ne, parent, range(len(parent)))):
        r = roots[b] = roots[parent[b]]
        members = clusters.get(r)
        if members is None:
            clusters[r] = [r, b]
        else:
            members.append(b)
    return clusters


def _order(entry: tuple[str, dict[str, Any], bool]) -> tuple[bool, str, str]:
    path, summary, in_run = entry
    # The repository's files (the corpus, outside the run) come first: what is being
    # committed is the copy. Then older first (front-matter date), then path order.
    return (in_run, summary.get("date") or "9999", path)


def cross_file_findings(
    rule: Rule, files: list[tuple[str, dict[str, Any], bool]], opts: dict[str, Any]
) -> Iterator[Finding]:
    """NL204 over summaries: groups equal or similar blocks with hashing and banded
    MinHash (never all pairs), then reports copies after the first occurrence."""
    threshold = float(opts["cross-file-threshold"])
    boiler = max(2, int(opts["boilerplate-files"]))
    files = sorted(files, key=_order)
    width = 4 * minhash.SIZE

    # Flatten blocks: block id -> (file index, block number in file). Everything per
    # block lives in flat arrays; a band is bucketed by sorting its 64-bit keys, one band
    # at a time, so memory stays a few hundred bytes per block (the summaries included).
    owner = array("I")
    local = array("I")
    first_run = None  # the first block of the run's files (they come last: ``_order``)
    for fi, (_path, s, in_run) in enumerate(files):
        if in_run and first_run is None:
            first_run = len(owner)
        n = len(s["hashes"]) // 8
        owner.extend([fi] * n)
        local.extend(range(n))
    total = len(owner)
    if not any(in_run for _p, _s, in_run in files):
        return  # only findings in the run's files are reported
    if first_run is not None and 0 < first_run and (total - first_run) * _QUERY_SHARE <= total:
        # A few files against a large corpus (a pre-commit run): compare their blocks
        # with the blocks they meet, instead of clustering the whole corpus.
        yield from _run_against_corpus(rule, files, opts, owner, local, first_run)
        return
    uf = _Find(total)
    parent = uf.parent

    def sig_of(b: int) -> bytes:
        k = local[b]
        return files[owner[b]][1]["sigs"][k * width : (k + 1) * width]

    # Sketches as integers (``as_int`` and ``first_bytes``), made once per block on its
    # first comparison (a block meets others in up to ``BANDS`` buckets): -1 until then,
    # None for a short sketch.
    ints: list[int | None] = [-1] * total
    firsts: list[int] = [0] * total
    lows: list[int] = [0] * total

    def int_of(b: int) -> int | None:
        sig = sig_of(b)
        if len(sig) != width:
            ints[b] = None
            return None
        firsts[b] = minhash.first_bytes(sig)
        lows[b] = minhash.low_bits(sig)
        x = ints[b] = minhash.as_int(sig)
        return x

    most_apart = _most_apart(threshold)

    # the blocks' 8-byte hashes as signed little-endian integers
    hashes = array("q")
    hashes.frombytes(b"".join(s["hashes"] for _path, s, _in_run in files))
    if sys.byteorder != "little":  # pragma: no cover
        hashes.byteswap()
    for members in _equal_key_runs(hashes.tolist()):
        for b in members[1:]:
            uf.union(members[0], b)

    # The whole-file comparisons need only the file sketches: on a large run they go to a
    # second process while this one clusters the blocks.
    from .. import parallel

    whole_later = (
        parallel.in_background(_whole_file_copies, files, opts) if len(files) >= 2000 else None
    )

    sigs = [s["sigs"] for _path, s, _in_run in files]
    for band in range(minhash.BANDS):
        # Deterministic band keys (not ``hash()``): the order in which buckets are
        # visited decides which blocks become representatives, so it must not depend
        # on the process's hash seed.
        keys = minhash.band_keys(sigs, band)
        for members in _equal_key_runs(keys):
            # Compare each member with a few representatives of the bucket: linear in
            # the bucket size, and a boilerplate bucket of hundreds collapses at once.
            # Representatives stay in distinct clusters (a member already in one's
            # cluster is skipped, a member close to one joins only that one), so their
            # roots are kept in a list and refreshed after each union.
            # block, sketch, firsts, low bits, owner
            reps: list[tuple[int, int | None, int, int, int]] = []
            rep_roots: list[int] = []
            for b in members:
                rb = parent[b]
                if parent[rb] != rb:
                    rb = uf(b)
                if rb in rep_roots:
                    continue
                ob = owner[b]
                xb = ints[b]
                if xb == -1:
                    xb = int_of(b)
                fb, lb = firsts[b], lows[b]
                for i, (r, xr, fr, lr, orr) in enumerate(reps):
                    if orr == ob:
                        continue
                    if xb is None or xr is None:
                        close = minhash.similarity(sig_of(r), sig_of(b)) >= threshold
                    elif (lr ^ lb).bit_count() > most_apart:
                        # further apart than that (``minhash.low_bits``): most pairs of
                        # a bucket, settled on two small integers
                        continue
                    else:
                        close = minhash.within(xr, fr, xb, fb, most_apart)
                    if close:
                        uf.union(r, b)
                        rep_roots[i] = uf(r)
                        break
                else:
                    if len(reps) < 4:
                        reps.append((b, xb, fb, lb, ob))
                        rep_roots.append(rb)

    clusters = _clusters(uf)
    del keys, sigs

    whole = whole_later() if whole_later is not None else _whole_file_copies(files, opts)

    yield from _whole_file_findings(rule, files, whole)

    def hash_of(m: int) -> bytes:
        k = local[m]
        return files[owner[m]][1]["hashes"][8 * k : 8 * k + 8]

    for members in clusters.values():
        owners = sorted({owner[b] for b in members})
        if len(owners) < 2 or len(owners) >= boiler:
            continue
        members.sort(key=lambda b: (owner[b], local[b]))
        for b in members:
            fi = owner[b]
            path, s, in_run = files[fi]
            if not in_run or fi == owners[0] or (fi in whole and whole[fi][0] in owners):
                continue
            # Compare with each other file's closest block: a cluster can chain (A~B~C),
            # and what is reported must itself be close to what it points at.
            sig, h = sig_of(b), hash_of(b)
            best: dict[int, tuple[float, int]] = {}
            for m in members:
                o = owner[m]
                if o == fi:
                    continue
                sim = 1.0 if hash_of(m) == h else minhash.similarity(sig_of(m), sig)
                if sim >= threshold and sim > best.get(o, (0.0, 0))[0]:
                    best[o] = (sim, m)
            finding = _block_finding(rule, files, fi, local[b], best, local)
            if finding is not None:
                yield finding


#: The query form of the cross-file step (``_run_against_corpus``) serves runs whose
#: blocks are at most this fraction (one in ``_QUERY_SHARE``) of all blocks, the corpus's
#: included; larger runs cluster every block.
_QUERY_SHARE = 50
#: How many steps ``_run_against_corpus`` follows close blocks from the run's blocks (a
#: series chains a post to the next): enough to reach ``boilerplate-files`` files.
_HOPS = 8


def _most_apart(threshold: float) -> int:
    """The most positions two sketches may disagree on and still reach ``threshold`` (the
    same test as ``similarity(...) >= threshold``, in whole positions)."""
    return next(
        (minhash.SIZE - k for k in range(minhash.SIZE + 1) if k / minhash.SIZE >= threshold),
        -1,
    )


def _run_against_corpus(
    rule: Rule,
    files: list[tuple[str, dict[str, Any], bool]],
    opts: dict[str, Any],
    owner: Sequence[int],
    local: Sequence[int],
    first: int,
) -> Iterator[Finding]:
    """NL204 for a few files (blocks ``first`` onwards) against a corpus, without
    clustering the corpus. Each block of the run is compared with every block, of the
    corpus or of the run, that shares a band bucket with it; the blocks close to it are
    followed in turn, bucket by bucket, until the blocks joined to it span
    ``boilerplate-files`` files (boilerplate, or a series: not reported) or no new block
    is met. A block is then reported as the clusters of ``cross_file_findings`` report
    theirs: as a copy of the most similar block of an earlier file. The work grows with
    the run's blocks and the blocks chained to them, not with the corpus."""
    threshold = float(opts["cross-file-threshold"])
    boiler = max(2, int(opts["boilerplate-files"]))
    width = 4 * minhash.SIZE
    most_apart = _most_apart(threshold)
    total = len(owner)
    sigs = [s["sigs"] for _path, s, _in_run in files]
    hashes = b"".join(s["hashes"] for _path, s, _in_run in files)
    keys = [array("Q", minhash.band_keys(sigs, band)) for band in range(minhash.BANDS)]
    del sigs

    def sig_of(b: int) -> bytes:
        k = local[b]
        return files[owner[b]][1]["sigs"][k * width : (k + 1) * width]

    # a compared block's sketch as integers (``low_bits``, ``as_int``), once per block;
    # None for a short sketch
    ints: dict[int, tuple[int, int] | None] = {}

    def ints_of(b: int) -> tuple[int, int] | None:
        if b in ints:
            return ints[b]
        sig = sig_of(b)
        got = ints[b] = (minhash.low_bits(sig), minhash.as_int(sig)) if len(sig) == width else None
        return got

    def similar(m: int, x: int) -> float:
        """The similarity of two blocks, 0.0 when it is surely below the threshold."""
        if hashes[8 * m : 8 * m + 8] == hashes[8 * x : 8 * x + 8]:
            return 1.0
        xm, xx = ints_of(m), ints_of(x)
        if xm is None or xx is None:
            return minhash.similarity(sig_of(m), sig_of(x))
        if (xm[0] ^ xx[0]).bit_count() > most_apart:
            return 0.0
        return minhash.similarity_int(xm[1], xx[1])

    # The blocks met, joined where close (union-find over block ids, with the files
    # each group spans); the run's blocks first.
    parent: dict[int, int] = {b: b for b in range(first, total)}
    spans: dict[int, set[int]] = {b: {owner[b]} for b in range(first, total)}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            ra, rb = min(ra, rb), max(ra, rb)
            parent[rb] = ra
            spans[ra] |= spans.pop(rb)

    # per block of the run: the closest block of each other file (file -> (sim, block))
    best: dict[int, dict[int, tuple[float, int]]] = {b: {} for b in range(first, total)}
    frontier = list(range(first, total))
    copies: dict[int, int] = {}  # a run's block -> an equal block of its file that looks
    for hop in range(_HOPS):
        # blocks of groups that are already boilerplate lead nowhere new, and of equal
        # blocks (one hash) one looks: they meet the same blocks (a run's block stands
        # for the equal blocks of its own file, which keep their own closest blocks)
        looking: dict[tuple[int, bytes], int] = {}
        for m in frontier:
            if len(spans[find(m)]) >= boiler:
                continue
            key = (owner[m] if hop == 0 else -1, hashes[8 * m : 8 * m + 8])
            rep = looking.setdefault(key, m)
            if rep != m:
                join(rep, m)
                if hop == 0:
                    copies[m] = rep
        frontier = list(looking.values())
        if not frontier:
            break
        following: list[int] = []
        compared: dict[int, set[int]] = {m: {m} for m in frontier}
        for band in range(minhash.BANDS):
            kb = keys[band]
            wanted = {kb[m] for m in frontier}
            groups: dict[int, list[int]] = {}
            for x in compress(range(total), map(wanted.__contains__, kb)):
                groups.setdefault(kb[x], []).append(x)
            for m in frontier:
                members = groups[kb[m]]
                if len(members) < 2 or len(spans[find(m)]) >= boiler:
                    continue  # alone in the bucket, or boilerplate already: never reported
                done, om, mine = compared[m], owner[m], best.get(m)
                for x in members:
                    if x in done:
                        continue
                    done.add(x)
                    ox = owner[x]
                    if ox == om:  # a file's own blocks join only when equal
                        if hashes[8 * m : 8 * m + 8] != hashes[8 * x : 8 * x + 8]:
                            continue
                        sim = 1.0
                    else:
                        sim = similar(m, x)
                        if sim < threshold:
                            continue
                    if x not in parent:
                        parent[x] = x
                        spans[x] = {ox}
                        following.append(x)
                    join(m, x)
                    if mine is not None and ox != om:
                        # the closest block of each other file; the first of equals
                        cur = mine.get(ox)
                        if cur is None or sim > cur[0] or (sim == cur[0] and x < cur[1]):
                            mine[ox] = (sim, x)
                    if len(spans[find(m)]) >= boiler:
                        break  # a footer in thousands of files is settled at the fifth
        frontier = following

    for m, rep in copies.items():
        best[m] = best[rep]
    whole = _whole_file_copies(files, opts)
    yield from _whole_file_findings(rule, files, whole)
    for b in range(first, total):
        fi = owner[b]
        span = spans[find(b)]
        if len(span) < 2 or len(span) >= boiler:
            continue
        if fi in whole and whole[fi][0] in span:
            continue  # the whole file is reported as a copy of one of these
        finding = _block_finding(rule, files, fi, local[b], best[b], local)
        if finding is not None:
            yield finding


def _location(
    files: list[tuple[str, dict[str, Any], bool]], fi: int, k: int, message: str
) -> Location:
    """Where block ``k`` of file ``fi`` is (its summary's positions)."""
    path, s, _ = files[fi]
    p = array("I")
    p.frombytes(s["pos"][24 * k : 24 * k + 24])
    return Location(path, p[0], p[1], p[2], p[3], message)


def _whole_file_findings(
    rule: Rule,
    files: list[tuple[str, dict[str, Any], bool]],
    whole: dict[int, tuple[int, float]],
) -> Iterator[Finding]:
    """The whole-file copies among the files of the run, at 1:1."""
    for fi, (fj, sim) in sorted(whole.items()):
        path, s, in_run = files[fi]
        if not in_run:
            continue
        other = files[fj][0]
        yield rule.finding_at(
            path,
            1,
            1,
            1,
            1,
            f"the whole file is a copy ({sim:.0%} similar) of {other}",
            related=[Location(other, 1, 1, 1, 1, "the file it copies")],
            start=0,
            end=0,
        )


def _block_finding(
    rule: Rule,
    files: list[tuple[str, dict[str, Any], bool]],
    fi: int,
    k: int,
    best: dict[int, tuple[float, int]],
    local: Sequence[int],
) -> Finding | None:
    """The finding for block ``k`` of file ``fi``, given the closest block of each other
    file that reaches the threshold (``best``: file -> (similarity, block id)): a copy of
    the most similar block of an earlier file; None when no earlier file has one."""
    earlier = [o for o in best if o < fi]
    if not earlier:
        return None
    source = max(earlier, key=lambda o: (best[o][0], -o))
    sim, m = best[source]
    others = [source] + sorted(o for o in best if o != source)
    rel = [_location(files, o, local[best[o][1]], "also here") for o in others[:3]]
    loc = _location(files, fi, k, "")
    path, s, _in_run = files[fi]
    p = array("I")
    p.frombytes(s["pos"][24 * k : 24 * k + 24])
    where = files[source][0]
    more = f" and {len(others) - 1} other file(s)" if len(others) > 1 else ""
    if sim >= 1.0:
        message = f"block also appears in {where}{more}"
    else:
        message = f"block is a near copy ({sim:.0%} similar) of a block in {where}{more}"
    # A lifted block is information (related posts reuse paragraphs); a whole file that
    # copies another is a warning.
    return rule.finding_at(
        path,
        loc.line,
        loc.column,
        loc.end_line,
        loc.end_column,
        message,
        related=rel,
        severity=Severity.INFO,
        start=p[4],
        end=p[5],
    )


@hookimpl
def newslint_options():
    return {"duplicates": dict(DEFAULTS)}


@hookimpl
def newslint_rules():
    return [RepeatedBlock(), NearCopy(), RepeatedSentence(), CrossFileCopy(), DoubledWord()]
