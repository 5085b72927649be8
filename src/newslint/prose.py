"""Prose extraction: from a file's source to prose blocks with a source map.

Markdown block structure comes from markdown-it-py (CommonMark, tables enabled; its
inline phase is skipped, newslint scans inlines itself so that every prose character
keeps its source offset). Plain text is paragraphs separated by blank lines.

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

# Multi-line regions masked before block parsing (their content is code or markup).
_MASKED_PAIRS = re.compile(
    r"""
      <!--.*?-->
    | \{\{<\s*(highlight|code|codeblock|raw)\b.*?>\}\}.*?\{\{<\s*/\s*\1\s*>\}\}
    | \{\{%\s*(highlight|code|codeblock|raw)\b.*?%\}\}.*?\{\{%\s*/\s*\2\s*%\}\}
    | \{%-?\s*(highlight|codeblock|raw|comment)\b.*?%\}.*?\{%-?\s*end\3\s*-?%\}
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
    if "<!--" in text or "{{" in text or "{%" in text:
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
    doc: Document,
    masked: str,
    line_numbers: list[int],
    kind: str,
    *,
    markdown: bool,
    contents: list[str] | None = None,
) -> list[Block]:
    """Blocks for one paragraph made of source lines (optionally with markdown-it's
    content for each line, which lacks container prefixes)."""
    lines = doc.lines
    pieces: list[tuple[int, str]] = []  # (source offset, line content)
    for i, ln in enumerate(line_numbers):
        s, e = lines.line_span(ln)
        raw = masked[s:e]
        if contents is not None and i < len(contents):
            content = contents[i].rstrip()
            stripped = raw.rstrip()
            k = len(stripped) - len(content)
            if k < 0 or stripped[k:] != content:
                k = raw.find(content.strip()) if content.strip() else -1
                if k == -1:
                    continue
                content = content.strip()
        else:
            content = raw.strip()
            k = raw.find(content) if content else -1
            if k == -1:
                continue
        pieces.append((s + k, content))
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

_MD = None


def _parser():
    global _MD
    if _MD is None:
        from markdown_it import MarkdownIt

        md = MarkdownIt("commonmark").enable("table")
        md.core.ruler.disable(["inline"])
        _MD = md
    return _MD


def _markdown_blocks(doc: Document, masked: str) -> list[Block]:
    tokens = _parser().parse(masked)
    blocks: list[Block] = []
    containers: list[str] = []
    heading = False
    in_table = 0
    for tok in tokens:
        t = tok.type
        if t == "blockquote_open":
            containers.append("quote")
        elif t == "list_item_open":
            containers.append("list_item")
        elif t in ("blockquote_close", "list_item_close"):
            if containers:
                containers.pop()
        elif t == "table_open":
            in_table += 1
        elif t == "table_close":
            in_table -= 1
        elif t == "heading_open":
            heading = True
        elif t == "heading_close":
            heading = False
        elif t in ("fence", "code_block", "html_block") and tok.map:
            s = doc.lines.line_span(tok.map[0] + 1)[0]
            e = doc.lines.line_span(tok.map[1])[1] if tok.map[1] >= 1 else s
            doc.regions.append(Region("code" if t != "html_block" else "html", s, e))
        elif t == "inline" and tok.map and not in_table:
            if heading:
                kind = "heading"
            elif containers:
                kind = containers[-1]
            else:
                kind = "paragraph"
            first, last = tok.map
            contents = tok.content.split("\n")
            line_numbers = list(range(first + 1, first + 1 + len(contents)))
            if kind == "heading":
                blocks.extend(_heading(doc, masked, line_numbers, contents))
            else:
                blocks.extend(
                    _paragraph(doc, masked, line_numbers, kind, markdown=True, contents=contents)
                )
    blocks.sort(key=lambda b: b.start)
    return blocks


def _heading(
    doc: Document, masked: str, line_numbers: list[int], contents: list[str]
) -> list[Block]:
    # ATX headings may carry closing hashes, so the content is not a suffix of the line.
    if len(contents) == 1:
        s, e = doc.lines.line_span(line_numbers[0])
        raw = masked[s:e]
        content = contents[0].strip()
        k = raw.find(content) if content else -1
        if k == -1:
            return []
        b = _Builder()
        _scan_line(b, content, s + k, True)
        block = b.build("heading", s + k, s + k + len(content), doc)
        return [block] if block else []
    return _paragraph(doc, masked, line_numbers, "heading", markdown=True, contents=contents)
