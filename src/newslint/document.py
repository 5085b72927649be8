"""The Document: one file's text, built once and read by every rule.

- ``text``: the decoded file (BOM removed, line endings kept as they are).
- ``lines``: offset <-> (line, column), 1-based, in code points; CRLF counts as one break.
- ``front_matter``: the fenced region at the top of the file, if any (parsed lazily by
  ``newslint.frontmatter``; body rules never look inside it).
- ``blocks``: prose blocks (paragraphs, headings, list items, quotes). Each block's
  ``text`` is prose only (markup, code, URLs and template actions removed or replaced by
  U+FFFC) and ``block.span(i, j)`` maps prose offsets back to source offsets.
- ``sentences``: computed lazily, abbreviation aware.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .sentences import split_sentences

if TYPE_CHECKING:
    from .frontmatter import FrontMatter, StrayMetadata

#: Stands in the prose text for a non-prose span kept in place (inline code, a URL, a
#: shortcode), so that words either side do not run together.
PLACEHOLDER = "\ufffc"

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mdx")


class DecodeError(Exception):
    """The bytes are not text newslint can read."""

    def __init__(self, message: str, offset: int, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column


def decode(data: bytes) -> tuple[str, bool]:
    """Decode UTF-8 (with or without a BOM). Returns ``(text, had_bom)``.

    Raises DecodeError for binary data (a NUL byte) or invalid UTF-8, with the position
    of the first bad byte (line and column counted in the text before it).
    """
    bom = data.startswith(b"\xef\xbb\xbf")
    if bom:
        data = data[3:]
    nul = data.find(b"\x00")
    if nul != -1:
        line, col = _position_in_prefix(data, nul)
        raise DecodeError(
            f"binary file (NUL byte at byte offset {nul + (3 if bom else 0)})", nul, line, col
        )
    try:
        return data.decode("utf-8"), bom
    except UnicodeDecodeError as exc:
        line, col = _position_in_prefix(data, exc.start)
        raise DecodeError(
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} at byte offset "
            f"{exc.start + (3 if bom else 0)} ({exc.reason})",
            exc.start,
            line,
            col,
        ) from None


def _position_in_prefix(data: bytes, bad: int) -> tuple[int, int]:
    prefix = data[:bad].decode("utf-8", errors="replace")
    line = prefix.count("\n") + 1
    col = len(prefix) - (prefix.rfind("\n") + 1) + 1
    return line, col


class LineIndex:
    """Maps code-point offsets to 1-based (line, column) and back."""

    __slots__ = ("text", "starts")

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        find = text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self.starts = starts

    @property
    def count(self) -> int:
        """Number of lines (a final newline does not open a new line)."""
        n = len(self.starts)
        if n > 1 and self.starts[-1] == len(self.text):
            return n - 1
        return n

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, len(self.text)))
        idx = bisect.bisect_right(self.starts, offset) - 1
        return idx + 1, offset - self.starts[idx] + 1

    def line_of(self, offset: int) -> int:
        """The line of ``offset``, for ``0 <= offset <= len(text)``: ``position(offset)[0]``
        without the clamping and the column."""
        return bisect.bisect_right(self.starts, offset)

    def offset(self, line: int, column: int) -> int:
        """Inverse of ``position`` (clamped to the text)."""
        if line < 1:
            return 0
        if line > len(self.starts):
            return len(self.text)
        return min(self.starts[line - 1] + column - 1, len(self.text))

    def line_span(self, line: int) -> tuple[int, int]:
        """Offsets of line ``line`` without its line break (CR of CRLF excluded)."""
        start = self.starts[line - 1]
        end = self.starts[line] - 1 if line < len(self.starts) else len(self.text)
        if end > start and self.text[end - 1] == "\r":
            end -= 1
        return start, end

    def line_text(self, line: int) -> str:
        start, end = self.line_span(line)
        return self.text[start:end]


@dataclass(slots=True)
class Block:
    """A prose block. ``text`` is prose only; ``segments`` map it back to the source.

    Each segment is ``(prose_start, source_start, length, source_length)``: prose text
    ``[prose_start, prose_start + length)`` came from source
    ``[source_start, source_start + source_length)``. Ordinary text has equal lengths; a
    placeholder has length 1 and the source length of what it replaced.
    """

    kind: str  # paragraph | heading | list_item | quote | line
    text: str
    segments: list[tuple[int, int, int, int]]
    start: int  # source offset of the block's first character
    end: int  # source offset after its last character
    line: int  # first line (1-based)
    end_line: int
    index: int = 0
    # The prose start of every segment, made on first use (most blocks never map an
    # offset back: only findings do); derived from ``segments``, so not compared.
    _keys: list[int] | None = field(default=None, repr=False, compare=False)
    _sentences: list[tuple[int, int]] | None = field(default=None, repr=False)
    _words: list[str] | None = field(default=None, repr=False)

    def _segment(self, i: int) -> tuple[int, int, int, int]:
        """The segment that holds prose offset ``i`` (the first one for ``i < 0``)."""
        keys = self._keys
        if keys is None:
            keys = self._keys = [s[0] for s in self.segments]
        return self.segments[max(bisect.bisect_right(keys, i) - 1, 0)]

    def source_offset(self, i: int) -> int:
        """Source offset of prose character ``i`` (``i == len(text)`` maps to the end)."""
        if not self.segments:
            return self.start
        if i >= len(self.text):
            p, s, n, sn = self.segments[-1]
            return s + sn
        p, s, n, sn = self._segment(i)
        if n == sn:
            return s + (i - p)
        return s  # inside a placeholder

    def source_end(self, j: int) -> int:
        """Source offset just after prose character ``j - 1`` (for end-exclusive spans)."""
        if j <= 0:
            return self.source_offset(0)
        p, s, n, sn = self._segment(j - 1)
        if n == sn:
            return s + (j - p)
        return s + sn

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Source offsets for the prose span ``[i, j)``."""
        return self.source_offset(i), self.source_end(max(i, j))

    @property
    def sentences(self) -> list[tuple[int, int]]:
        """Sentence spans ``(start, end)`` in prose offsets."""
        if self._sentences is None:
            self._sentences = split_sentences(self.text)
        return self._sentences

    @property
    def words(self) -> list[str]:
        """The words of ``text`` as ``minhash.words`` gives them (lower-cased, quotes
        straightened), computed once, for plugins. (The duplicate rules read every
        block's words from one shared pass of their own, ``checks/duplicates._shared``.)"""
        if self._words is None:
            from .minhash import words

            self._words = words(self.text)
        return self._words

    @property
    def normalized(self) -> str:
        """Text with whitespace folded and quotes straightened (for comparisons)."""
        return normalize(self.text)

    def word_count(self) -> int:
        return len(self.text.split())


_QUOTE_PAIRS = (
    ("\u201c", '"'),
    ("\u201d", '"'),
    ("\u201e", '"'),
    ("\u00ab", '"'),
    ("\u00bb", '"'),
    ("\u2018", "'"),
    ("\u2019", "'"),
    ("\u201a", "'"),
    ("\u2032", "'"),
    ("\u2033", '"'),
)


def normalize(text: str) -> str:
    """Whitespace folded and quotes straightened. (A chain of ``replace`` calls: on
    non-ASCII text it is far faster than ``str.translate``.)"""
    if not text.isascii():
        for curly, straight in _QUOTE_PAIRS:
            if curly in text:
                text = text.replace(curly, straight)
    return fold_spaces(text)


def fold_spaces(text: str) -> str:
    """``" ".join(text.split())``. Most text is words with one space between and none at
    either end, in lines: folding only turns its line breaks into spaces. Every
    whitespace character but the space is unprintable, so after the line breaks one
    ``isprintable`` scan tells, with no string made per word."""
    flat = text.replace("\n", " ") if "\n" in text else text
    if flat.isprintable() and "  " not in flat and flat[:1] != " " and flat[-1:] != " ":
        return flat
    return " ".join(text.split())


@dataclass(slots=True)
class Sentence:
    block: Block
    start: int  # prose offsets within block.text
    end: int

    @property
    def text(self) -> str:
        return self.block.text[self.start : self.end]

    def span(self) -> tuple[int, int]:
        return self.block.span(self.start, self.end)


@dataclass(slots=True)
class Region:
    """A span of the source that is not prose (code, HTML, front matter...)."""

    kind: str
    start: int
    end: int


class Document:
    """One file, decoded and split once; every rule reads it."""

    def __init__(
        self,
        text: str,
        path: str = "<text>",
        *,
        kind: str | None = None,
        bom: bool = False,
        settings: Any = None,
    ) -> None:
        self.path = path
        self.text = text
        self.bom = bom
        self.kind = kind or guess_kind(path)
        self.lines = LineIndex(text)
        self.settings = settings
        self.regions: list[Region] = []
        self._blocks: list[Block] | None = None

    # -- front matter --------------------------------------------------------------------

    @cached_property
    def front_matter(self) -> FrontMatter | None:
        """The front-matter block at the top of the file (fenced ``---``/``+++``/JSON)."""
        from .frontmatter import locate

        return locate(self.text)

    @cached_property
    def stray_metadata(self) -> list[StrayMetadata]:
        """Unfenced ``key: value`` metadata runs anywhere outside the top block."""
        from .frontmatter import find_stray_metadata

        return find_stray_metadata(self)

    @property
    def body_start(self) -> int:
        fm = self.front_matter
        return fm.end if fm else 0

    # -- prose ---------------------------------------------------------------------------

    @property
    def blocks(self) -> list[Block]:
        if self._blocks is None:
            from .prose import extract_blocks

            self._blocks = extract_blocks(self)
            for i, b in enumerate(self._blocks):
                b.index = i
        return self._blocks

    def sentences(self) -> Iterator[Sentence]:
        for block in self.blocks:
            for s, e in block.sentences:
                yield Sentence(block, s, e)

    @cached_property
    def repeated_blocks(self) -> dict[int, int]:
        """Block index -> index of the earlier block it repeats (after normalising)."""
        seen: dict[str, int] = {}
        out: dict[int, int] = {}
        for b in self.blocks:
            key = b.normalized
            if len(key) < 20:
                continue
            first = seen.setdefault(key, b.index)
            if first != b.index:
                out[b.index] = first
        return out

    def block_at(self, offset: int) -> Block | None:
        blocks = self.blocks
        lo, hi = 0, len(blocks)
        while lo < hi:
            mid = (lo + hi) // 2
            if blocks[mid].end <= offset:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(blocks) and blocks[lo].start <= offset < blocks[lo].end:
            return blocks[lo]
        return None

    def location(self, start: int, end: int, message: str = ""):
        """A related Location in this document."""
        from .finding import Location

        line, col = self.lines.position(start)
        end_line, end_col = self.lines.position(end)
        return Location(self.path, line, col, end_line, end_col, message)

    def __repr__(self) -> str:
        return f"<Document {self.path!r} {self.kind} {len(self.text)} chars>"


def guess_kind(path: str) -> str:
    low = path.lower()
    if low.endswith(MARKDOWN_SUFFIXES):
        return "markdown"
    return "text"
