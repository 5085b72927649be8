"""Prose extraction: from a file's source to prose blocks with a source map.

Markdown block structure comes from ``mdblocks`` (a line-based CommonMark block splitter,
checked against markdown-it-py on real Markdown by the tests); newslint scans inlines
itself so that every prose character keeps its source offset. Plain text is paragraphs
separated by blank lines.

Not prose: front matter and stray metadata lines, fenced and indented code, HTML blocks
and comments, tables, inline code, link targets, URLs, images, shortcodes ``{{< >}}``
``{{% %}}`` and template actions ``{{ }}`` ``{% %}``. Inline non-prose that sits between
words (code, URLs, shortcodes) becomes one U+FFFC placeholder so words stay apart;
markup around prose (emphasis, link brackets, HTML tags) is simply dropped.

Scraped copy often puts a whole paragraph on one line with no blank line between
paragraphs; a Markdown or text paragraph any of whose lines is longer than
``UNWRAPPED_LINE`` characters is therefore split into one block per line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .document import PLACEHOLDER, Block, Region

if TYPE_CHECKING:
    from .document import Document

UNWRAPPED_LINE = 300

# Multi-line regions masked before block parsing (their content is code or markup):
# HTML comments, paired code shortcodes, and HTML tags whose attributes span lines.
_MASKED_PAIRS = re.compile(
    r"""
      <!--.*?-->
    | \{\{<\s*(highlight|code|codeblock|raw)\b.*?>\}\}.*?\{\{<\s*/\s*\1\s*>\}\}
    | \{\{%\s*(highlight|code|codeblock|raw)\b.*?%\}\}.*?\{\{%\s*/\s*\2\s*%\}\}
    | \{%-?\s*(highlight|codeblock|raw|comment)\b.*?%\}.*?\{%-?\s*end\3\s*-?%\}
    | </?[A-Za-z][\w-]*\s[^<>]{0,2000}?\n[^<>]{0,2000}?>
    """,
    re.S | re.X,
)
# A template action or shortcode that starts a line and may span several lines. Strings
# (backquoted or double-quoted) inside it are skipped, so Go's {{raw `...`}} holds.
_ACTION_START = re.compile(r"^[ \t]*(\{\{|\{%)", re.M)
_MAX_ACTION_LINES = 400

_INLINE_MD_PARTS = r"""
      (?P<code>(?P<ticks>`+)(?!`).*?(?<!`)(?P=ticks)(?!`))
    | (?P<action>\{\{<.*?>\}\}|\{\{%.*?%\}\}|\{\{.*?\}\}|\{%.*?%\})
    | (?P<comment><!--.*?(?:-->|$))
    | (?P<autolink><(?:https?|ftp|mailto):[^>\s]*>)
    | (?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)
    | (?P<image>!\[(?:[^\[\]]|\[[^\]]*\])*\](?:\([^)]*\)|\[[^\]]*\])?)
    | (?P<linkopen>\[)(?=(?:[^\[\]]|\[[^\]]*\])*\](?:\(|\[))
    | (?P<linkclose>\](?:\((?:[^()\s]|\([^()]*\))*(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)|\[[^\]]*\]))
    | (?P<url>(?:https?://|ftp://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'"\u201d\u2019*_])
    | (?P<escape>\\[!-/:-@\[-`{-~])
    | (?P<emph>\*{1,3}|_{1,3}|~~)
    | (?P<hardbreak>(?:[ ]{2,}|\\)$)
"""
_EMAIL = r"| (?P<email>(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]*\w)"
_INLINE_MD = re.compile(_INLINE_MD_PARTS, re.X)
_INLINE_MD_EMAIL = re.compile(_INLINE_MD_PARTS + _EMAIL, re.X)
# Lines without any of these characters are plain prose (most lines): no scan needed.
_MD_TRIGGER = re.compile(r"[`{<\[\]!\\*_~@]|https?:|ftp:|www\.|  $")

_INLINE_TEXT = re.compile(
    r"""
      (?P<url>(?:https?://|ftp://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'"\u201d\u2019])
    | (?P<email>(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]*\w)
    """,
    re.X,
)
_TEXT_TRIGGER = re.compile(r"https?:|ftp:|www\.|@")

_PLACEHOLDER_KINDS = frozenset({"code", "action", "autolink", "image", "url", "email"})


class _Builder:
    """Accumulates prose text and its segments for one block."""

    __slots__ = ("parts", "segments", "length")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.segments: list[tuple[int, int, int, int]] = []
        self.length = 0

    def text(self, s: str, src: int) -> None:
        if not s:
            return
        self.parts.append(s)
        self.segments.append((self.length, src, len(s), len(s)))
        self.length += len(s)

    def placeholder(self, src: int, src_len: int) -> None:
        self.parts.append(PLACEHOLDER)
        self.segments.append((self.length, src, 1, src_len))
        self.length += 1

    def build(self, kind: str, start: int, end: int, doc: Document) -> Block | None:
        text = "".join(self.parts)
        if not text.strip() or not text.replace(PLACEHOLDER, "").strip():
            return None
        line = doc.lines.position(start)[0]
        end_line = doc.lines.position(max(start, end - 1))[0]
        return Block(kind, text, self.segments, start, end, line, end_line)


def _scan_line(b: _Builder, line: str, base: int, markdown: bool) -> None:
    if markdown:
        if not _MD_TRIGGER.search(line):
            b.text(line, base)
            return
        pattern = _INLINE_MD_EMAIL if "@" in line else _INLINE_MD
    else:
        if not _TEXT_TRIGGER.search(line):
            b.text(line, base)
            return
        pattern = _INLINE_TEXT
    pos = 0
    for m in pattern.finditer(line):
        kind = m.lastgroup
        if kind == "emph" and not _is_emphasis(line, m.start(), m.end()):
            continue  # a literal asterisk or underscore ("5 * 3", snake_case)
        if m.start() > pos:
            b.text(line[pos : m.start()], base + pos)
        if kind == "ticks":
            kind = "code"
        if kind in _PLACEHOLDER_KINDS:
            b.placeholder(base + m.start(), m.end() - m.start())
        elif kind == "escape":
            b.text(line[m.start() + 1 : m.end()], base + m.start() + 1)
        # tags, comments, emphasis, link brackets and hard breaks are dropped
        pos = m.end()
    if pos < len(line):
        b.text(line[pos:], base + pos)


def _is_emphasis(line: str, start: int, end: int) -> bool:
    """Whether a run of ``*``, ``_`` or ``~~`` is emphasis markup (CommonMark's flanking
    rules, simplified): not when spaces surround it ("5 * 3"), and an underscore inside a
    word (snake_case) is a literal."""
    before = line[start - 1] if start > 0 else " "
    after = line[end] if end < len(line) else " "
    if before.isspace() and after.isspace():
        return False
    return not (line[start] == "_" and before.isalnum() and after.isalnum())


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Replace spans with spaces, keeping line breaks (so offsets and lines hold)."""
    if not spans:
        return text
    out = []
    pos = 0
    for s, e in sorted(spans):
        if s < pos:
            s = pos
        if e <= s:
            continue
        out.append(text[pos:s])
        out.append(re.sub(r"[^\r\n]", " ", text[s:e]))
        pos = e
    out.append(text[pos:])
    return "".join(out)


def _action_end(text: str, start: int) -> int:
    """End of a template action starting at ``start`` (``{{`` or ``{%``), or -1."""
    close = "}}" if text.startswith("{{", start) else "%}"
    i = start + 2
    n = len(text)
    lines = 0
    while i < n:
        c = text[i]
        if c == "`":
            j = text.find("`", i + 1)
            if j == -1:
                return -1
            lines += text.count("\n", i, j)
            i = j + 1
            continue
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"' and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if c == "\n":
            lines += 1
            if lines > _MAX_ACTION_LINES:
                return -1
        if text.startswith(close, i):
            return i + 2
        i += 1
    return -1


def _masked_spans(doc: Document) -> list[tuple[int, int]]:
    text = doc.text
    spans: list[tuple[int, int]] = []
    fm = doc.front_matter
    if fm:
        spans.append((fm.start, fm.end))
        doc.regions.append(Region("front_matter", fm.start, fm.end))
    for run in doc.stray_metadata:
        spans.append((run.start, run.end))
        doc.regions.append(Region("metadata", run.start, run.end))
    if "<" in text or "{{" in text or "{%" in text:
        for m in _MASKED_PAIRS.finditer(text):
            spans.append((m.start(), m.end()))
            doc.regions.append(Region("template", m.start(), m.end()))
        for m in _ACTION_START.finditer(text):
            s = m.start(1)
            e = _action_end(text, s)
            if e != -1 and "\n" in text[s:e]:
                spans.append((s, e))
                doc.regions.append(Region("template", s, e))
    return spans


def extract_blocks(doc: Document) -> list[Block]:
    masked = _mask(doc.text, _masked_spans(doc))
    if doc.kind == "markdown":
        return _markdown_blocks(doc, masked)
    return _text_blocks(doc, masked)


# -- plain text ----------------------------------------------------------------------------


def _text_blocks(doc: Document, masked: str) -> list[Block]:
    blocks: list[Block] = []
    lines = doc.lines
    para: list[int] = []

    def flush() -> None:
        if para:
            blocks.extend(_paragraph(doc, masked, para, "paragraph", markdown=False))
            para.clear()

    for ln in range(1, lines.count + 1):
        s, e = lines.line_span(ln)
        if masked[s:e].strip():
            para.append(ln)
        else:
            flush()
    flush()
    return blocks


def _paragraph(
    doc: Document, masked: str, line_numbers: list[int], kind: str, *, markdown: bool
) -> list[Block]:
    """Blocks for a plain-text paragraph made of whole source lines."""
    lines = doc.lines
    pieces: list[tuple[int, str]] = []  # (source offset, line content)
    for ln in line_numbers:
        s, e = lines.line_span(ln)
        raw = masked[s:e]
        content = raw.strip()
        if content:
            pieces.append((s + raw.find(content), content))
    return _blocks_from_pieces(doc, pieces, kind, markdown=markdown)


def _blocks_from_pieces(
    doc: Document, pieces: list[tuple[int, str]], kind: str, *, markdown: bool
) -> list[Block]:
    """One block from a paragraph's content lines, or one block per line when the
    paragraph is scraped copy with a paragraph per (very long) line."""
    if not pieces:
        return []
    unwrapped = any(len(c) > UNWRAPPED_LINE for _, c in pieces)
    groups = [[p] for p in pieces] if unwrapped else [pieces]
    out: list[Block] = []
    for group in groups:
        b = _Builder()
        for n, (src, content) in enumerate(group):
            if n:
                prev_src, prev = group[n - 1]
                b.text(" ", prev_src + len(prev))  # the line break between them
            _scan_line(b, content, src, markdown)
        first, last = group[0], group[-1]
        block = b.build(kind, first[0], last[0] + len(last[1]), doc)
        if block is not None:
            out.append(block)
    return out


# -- Markdown ------------------------------------------------------------------------------


def _markdown_blocks(doc: Document, masked: str) -> list[Block]:
    from .mdblocks import parse

    leaves, regions = parse(masked)
    for kind, s, e in regions:
        doc.regions.append(Region(kind, s, e))
    blocks: list[Block] = []
    for leaf in leaves:
        pieces = [(s, masked[s:e]) for s, e in leaf.lines]
        blocks.extend(_blocks_from_pieces(doc, pieces, leaf.kind, markdown=True))
    return blocks
