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
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

from .document import PLACEHOLDER, Block, Region

if TYPE_CHECKING:
    from .document import Document

UNWRAPPED_LINE = 300

# Multi-line regions masked before block parsing (their content is code or markup):
# HTML comments, paired code shortcodes, and HTML tags whose attributes span lines. The
# plain form is one pattern, ``MASKED_PAIRS`` (kept for the tests); it is run as two
# patterns, one per first character (``<`` and ``{``), because a pattern that starts with
# a literal lets the regex engine skip to that character quickly, while an alternation of
# different first characters is tried at every position (see ``_masked_pairs``).
MASKED_PAIRS = r"""
      <!--.*?-->
    | \{\{<\s*(highlight|code|codeblock|raw)\b.*?>\}\}.*?\{\{<\s*/\s*\1\s*>\}\}
    | \{\{%\s*(highlight|code|codeblock|raw)\b.*?%\}\}.*?\{\{%\s*/\s*\2\s*%\}\}
    | \{%-?\s*(highlight|codeblock|raw|comment)\b.*?%\}.*?\{%-?\s*end\3\s*-?%\}
    | </?[A-Za-z][\w-]*\s[^<>]{0,2000}?\n[^<>]{0,2000}?>
"""
_MASKED_ANGLE = re.compile(
    r"""<(?:
      !--.*?-->
    | /?[A-Za-z][\w-]*\s[^<>]{0,2000}?\n[^<>]{0,2000}?>
    )""",
    re.S | re.X,
)
_MASKED_BRACE = re.compile(
    r"""\{(?:
      \{<\s*(highlight|code|codeblock|raw)\b.*?>\}\}.*?\{\{<\s*/\s*\1\s*>\}\}
    | \{%\s*(highlight|code|codeblock|raw)\b.*?%\}\}.*?\{\{%\s*/\s*\2\s*%\}\}
    | %-?\s*(highlight|codeblock|raw|comment)\b.*?%\}.*?\{%-?\s*end\3\s*-?%\}
    )""",
    re.S | re.X,
)


def _masked_pairs(text: str) -> Iterator[tuple[int, int]]:
    """The spans ``re.compile(MASKED_PAIRS, re.S | re.X).finditer(text)`` gives.

    That pattern's matches are leftmost-first and do not overlap; at any position only
    the alternatives of one first character can match, in the same order as in
    ``_MASKED_ANGLE`` or ``_MASKED_BRACE``. So: take whichever of the two next matches
    starts first, and search again, from the end of the match taken, the pattern whose
    next match started inside it (a match found from an earlier position that starts at or
    after that end is still the first one there: nothing in these patterns looks back)."""
    angle = _MASKED_ANGLE.search(text) if "<" in text else None
    brace = _MASKED_BRACE.search(text) if "{" in text else None
    while angle is not None or brace is not None:
        first = (
            brace
            if angle is None or (brace is not None and brace.start() < angle.start())
            else angle
        )
        assert first is not None
        yield first.span()
        pos = first.end()
        if angle is not None and angle.start() < pos:
            angle = _MASKED_ANGLE.search(text, pos)
        if brace is not None and brace.start() < pos:
            brace = _MASKED_BRACE.search(text, pos)


# A template action or shortcode that starts a line and may span several lines. Strings
# (backquoted or double-quoted) inside it are skipped, so Go's {{raw `...`}} holds.
# ``ACTION_START`` (re.M) is the plain form of what ``_action_starts`` finds.
ACTION_START = r"^[ \t]*(\{\{|\{%)"
_ACTION_OPEN = re.compile(r"\{[{%]")


def _action_starts(text: str) -> Iterator[int]:
    """Offsets of the ``{{``/``{%`` that a line opens with (after spaces and tabs only).

    The same as ``m.start(1)`` for ``re.compile(ACTION_START, re.M).finditer(text)``, but
    found from the (rare) braces: a ``^`` pattern is tried at every character. Only the
    first ``{{``/``{%`` of a line can qualify (a later one has a brace before it), and
    that one is never hidden inside an earlier match on the same line."""
    for m in _ACTION_OPEN.finditer(text):
        s = m.start()
        if not text[text.rfind("\n", 0, s) + 1 : s].strip(" \t"):
            yield s


_MAX_ACTION_LINES = 400

# Inline Markdown that is not prose. Each alternative starts with its first character as
# a literal, followed by an empty group that names the alternative (``m.lastgroup``):
# a pattern made only of such alternatives lets the regex engine skip straight to the
# next character that can start one, instead of trying every alternative everywhere.
# Each comes with the bit of what a line needs for it to match anywhere (0: nothing):
# 1 "://" or "www." (a URL), 4 a space at the end (a hard break); see ``_inline_md``.
_INLINE_MD_ALTERNATIVES: tuple[tuple[str, int], ...] = (
    (r"`(?P<code>)(?P<ticks>`*)(?!`).*?(?<!`)`(?P=ticks)(?!`)", 0),
    (r"\{(?P<action>)(?:\{<.*?>\}\}|\{%.*?%\}\}|\{.*?\}\}|%.*?%\})", 0),
    (r"<(?P<comment>)!--.*?(?:-->|$)", 0),
    (r"<(?P<autolink>)(?:https?|ftp|mailto):[^>\s]*>", 0),
    (r"<(?P<tag>)/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", 0),
    (r"!(?P<image>)\[(?:[^\[\]]|\[[^\]]*\])*\](?:\([^)]*\)|\[[^\]]*\])?", 0),
    # A link's text and destination: ``(?:[^\[\]]|\[[^\]]*\])*`` and
    # ``(?:[^()\s]|\([^()]*\))*`` written as "a run, then (a bracketed part, a run)*":
    # the same strings (the two choices start with different characters, and giving
    # back any of the run never lets what follows match), but the runs are one
    # character-class repeat each instead of an alternation per character.
    (r"\[(?P<linkopen>)(?=[^\[\]]*(?:\[[^\]]*\][^\[\]]*)*\](?:\(|\[))", 0),
    (
        r"\](?P<linkclose>)(?:\([^()\s]*(?:\([^()]*\)[^()\s]*)*"
        r"""(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)|\[[^\]]*\])""",
        0,
    ),
    (r"""h(?P<url>)ttps?://[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'"\u201d\u2019*_]""", 1),
    (r"""f(?P<url_ftp>)tp://[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'"\u201d\u2019*_]""", 1),
    (r"""w(?P<url_www>)ww\.[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'"\u201d\u2019*_]""", 1),
    (r"\\(?P<escape>)[!-/:-@\[-`{-~]", 0),
    (r"\*(?P<emph>)\*{0,2}", 0),
    (r"_(?P<emph_under>)_{0,2}", 0),
    (r"~(?P<emph_tilde>)~", 0),
    (r"[ ](?P<hardbreak>)[ ]+$", 4),
    (r"\\(?P<hardbreak_backslash>)$", 0),
)
# The whole inline pattern is ``_INLINE_MD_PARTS``, with ``_EMAIL`` added for a line with
# an "@" (an address needs one). That alternative starts with no fixed character, so in one
# pattern the engine would try the whole alternation at every position; e-mail addresses
# are found apart instead, from the "@" signs, and merged (see ``_inline_md_matches``).
_INLINE_MD_PARTS = "|".join(alt for alt, _ in _INLINE_MD_ALTERNATIVES)
_EMAIL = r"|(?P<email>(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]*\w)"
_EMAIL_AT = re.compile(_EMAIL[1:])
_EMAIL_RUN = re.compile(r"[\w.+-]*")
# Every character that can start an alternative makes the regex engine try the whole
# alternation there, and spaces (the hard break) and the letters h, f and w (URLs) are
# frequent. An alternative that can match nowhere in a line can be left out of the
# pattern for that line without changing any match: at each position the others are
# tried in the same order as before. Patterns by the bits of what a line has, compiled
# on first use.
_INLINE_MD_BY_NEED: dict[int, re.Pattern[str]] = {}


def _inline_md(line: str) -> re.Pattern[str]:
    """A pattern with the same matches in ``line`` as ``_INLINE_MD_PARTS``, less the
    alternatives the line cannot match: a URL needs "://" or "www.", a hard break a space
    at the end (Markdown content lines never end with one)."""
    # One bit for the three URL alternatives: a pattern per combination costs several
    # million instructions to compile, more than the "w"s of a line with "://" cost.
    need = 1 if "://" in line or "www." in line else 0
    if line.endswith(" ") or line.endswith(" \n"):  # "$" also matches before a final "\n"
        need |= 4
    pattern = _INLINE_MD_BY_NEED.get(need)
    if pattern is None:
        source = "|".join(alt for alt, bit in _INLINE_MD_ALTERNATIVES if not bit or need & bit)
        pattern = re.compile(source)
        _INLINE_MD_BY_NEED[need] = pattern
    return pattern


def _next_email(line: str, pos: int, rev: str) -> re.Match[str] | None:
    r"""The first match of the e-mail alternative at or after ``pos`` (``rev`` is the line
    reversed). A match holds exactly one "@" (none can come before it or after it), and
    starts where the run of ``[\w.+-]`` that ends at that "@" starts: inside the run the
    look-behind fails, and before it the run cannot reach the "@". So the candidates are
    one per "@", in order, each tried with the alternative itself; a run that starts
    before ``pos`` gives none (from ``pos`` on, every position of it fails)."""
    n = len(line)
    at = line.find("@", pos)
    while at != -1:
        start = at - (_EMAIL_RUN.match(rev, n - at).end() - (n - at))
        if pos <= start < at:
            m = _EMAIL_AT.match(line, start)
            if m is not None:
                return m
        at = line.find("@", at + 1)
    return None


def _inline_md_matches(line: str) -> Iterator[re.Match[str]]:
    """The matches of the whole inline pattern in ``line`` (``_INLINE_MD_PARTS``, plus
    ``_EMAIL`` if the line has an "@"), by ``m.lastgroup`` and ``m.span()``. Without an
    "@" that is the pattern's own iterator (no generator to step through per match)."""
    pattern = _inline_md(line)
    if "@" not in line:
        return pattern.finditer(line)
    return _with_emails(pattern, line)


def _with_emails(pattern: re.Pattern[str], line: str) -> Iterator[re.Match[str]]:
    """The matches of ``pattern`` and of the e-mail alternative: the next match of the
    Markdown alternatives and the next e-mail address, whichever starts first (the
    Markdown one at the same start: the e-mail alternative comes last), then search
    again, from the end of the match taken, the one whose next match started inside it
    (a match found from an earlier position that starts at or after that end is still
    the first one there: the look-behinds only see characters that are there whatever
    the start of the search)."""
    rev = line[::-1]
    md = pattern.search(line)
    mail = _next_email(line, 0, rev)
    while md is not None or mail is not None:
        if mail is not None and (md is None or mail.start() < md.start()):
            first = mail
        else:
            assert md is not None
            first = md
        yield first
        pos = first.end()
        if md is not None and md.start() < pos:
            md = pattern.search(line, pos)
        if mail is not None and mail.start() < pos:
            mail = _next_email(line, pos, rev)


# What each alternative is, by the name of its group.
_KIND = {
    "ticks": "code",
    "url_ftp": "url",
    "url_www": "url",
    "emph_under": "emph",
    "emph_tilde": "emph",
    "hardbreak_backslash": "hardbreak",
}


def _md_plain(line: str) -> bool:
    """Whether a line is plain prose (most lines: no inline scan needed): it has none of
    the characters `{<[]!\\*_~@, no URL or e-mail start and no trailing hard break. One
    substring test each: every one is a fast scan of the line, where a search for a
    character class costs the regex engine tens of instructions per character."""
    return not (
        "[" in line
        or "`" in line
        or "*" in line
        or "_" in line
        or "]" in line
        or "<" in line
        or "{" in line
        or "!" in line
        or "\\" in line
        or "~" in line
        or "@" in line
        or "http:" in line
        or "https:" in line
        or "ftp:" in line
        or "www." in line
        or line.endswith(("  ", "  \n"))
    )


@cache
def _inline_text() -> re.Pattern[str]:
    """URLs and e-mail addresses in a plain-text line (compiled on first use: only text
    files with one need it)."""
    return re.compile(
        r"""
          (?P<url>(?:https?://|ftp://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'"\u201d\u2019])
        | (?P<email>(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]*\w)
        """,
        re.X,
    )


def _text_plain(line: str) -> bool:
    return not (
        "@" in line or "http:" in line or "https:" in line or "ftp:" in line or "www." in line
    )


_PLACEHOLDER_KINDS = frozenset({"code", "action", "autolink", "image", "url", "email"})


def _scan_line(
    parts: list[str],
    segments: list[tuple[int, int, int, int]],
    length: int,
    line: str,
    base: int,
    markdown: bool,
) -> int:
    """Append the prose of one source line (at source offset ``base``) to a block being
    built: its text to ``parts``, its source map to ``segments`` (see ``Block``). Returns
    the block's new length."""
    if not line:
        return length
    if markdown:
        if _md_plain(line):
            parts.append(line)
            segments.append((length, base, len(line), len(line)))
            return length + len(line)
        matches = _inline_md_matches(line)
    else:
        if _text_plain(line):
            parts.append(line)
            segments.append((length, base, len(line), len(line)))
            return length + len(line)
        matches = _inline_text().finditer(line)
    pos = 0
    for m in matches:
        kind = _KIND.get(m.lastgroup, m.lastgroup)
        start, end = m.span()
        if kind == "emph" and not _is_emphasis(line, start, end):
            continue  # a literal asterisk or underscore ("5 * 3", snake_case)
        if start > pos:
            parts.append(line[pos:start])
            segments.append((length, base + pos, start - pos, start - pos))
            length += start - pos
        if kind in _PLACEHOLDER_KINDS:
            parts.append(PLACEHOLDER)
            segments.append((length, base + start, 1, end - start))
            length += 1
        elif kind == "escape":
            parts.append(line[start + 1])
            segments.append((length, base + start + 1, 1, 1))
            length += 1
        # tags, comments, emphasis, link brackets and hard breaks are dropped
        pos = end
    if pos < len(line):
        parts.append(line[pos:])
        segments.append((length, base + pos, len(line) - pos, len(line) - pos))
        length += len(line) - pos
    return length


def _is_emphasis(line: str, start: int, end: int) -> bool:
    """Whether a run of ``*``, ``_`` or ``~~`` is emphasis markup (CommonMark's flanking
    rules, simplified): not when spaces surround it ("5 * 3"), and an underscore inside a
    word (snake_case) is a literal."""
    before = line[start - 1] if start > 0 else " "
    after = line[end] if end < len(line) else " "
    if before.isspace() and after.isspace():
        return False
    return not (line[start] == "_" and before.isalnum() and after.isalnum())


def blank(text: str) -> str:
    """``re.sub(r"[^\\r\\n]", " ", text)``: every character but line breaks as a space,
    by splitting at the breaks (one match per character made the substitution slow)."""
    if "\n" not in text and "\r" not in text:
        return " " * len(text)
    return "\n".join(
        "\r".join(" " * len(piece) for piece in line.split("\r")) for line in text.split("\n")
    )


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
        out.append(blank(text[s:e]))
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
        for s, e in _masked_pairs(text):
            spans.append((s, e))
            doc.regions.append(Region("template", s, e))
        for s in _action_starts(text):
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
    line_of = doc.lines.line_of
    for group in groups:
        parts: list[str] = []
        segments: list[tuple[int, int, int, int]] = []
        length = 0
        prev_end = -1
        for src, content in group:
            if prev_end != -1:  # the line break between two lines: one space
                parts.append(" ")
                segments.append((length, prev_end, 1, 1))
                length += 1
            length = _scan_line(parts, segments, length, content, src, markdown)
            prev_end = src + len(content)
        text = "".join(parts)
        if not text.strip() or not text.replace(PLACEHOLDER, "").strip():
            continue
        start = group[0][0]
        end = prev_end
        line = line_of(start)
        end_line = line_of(max(start, end - 1))
        out.append(Block(kind, text, segments, start, end, line, end_line))
    return out


# -- Markdown ------------------------------------------------------------------------------


def _markdown_blocks(doc: Document, masked: str) -> list[Block]:
    from .mdblocks import parse

    leaves, regions = parse(masked)
    for kind, s, e in regions:
        doc.regions.append(Region(kind, s, e))
    blocks: list[Block] = []
    for leaf in leaves:
        block = _plain_run_block(doc, masked, leaf.lines, leaf.kind)
        if block is not None:
            blocks.append(block)
            continue
        pieces = [(s, masked[s:e]) for s, e in leaf.lines]
        blocks.extend(_blocks_from_pieces(doc, pieces, leaf.kind, markdown=True))
    return blocks


def _plain_run_block(
    doc: Document, masked: str, lines: list[tuple[int, int]], kind: str
) -> Block | None:
    """The block ``_blocks_from_pieces`` makes of a Markdown paragraph whose lines are
    contiguous (each starts right after the line break ending the one before: no
    indentation, container prefix or trailing space) and hold no markup; None for any
    other paragraph.

    Then the block's text is the source from the first line's start to the last line's
    end with each line break read as a space, character for character, so one segment
    maps it (the per-line segments and one-space segments ``_blocks_from_pieces`` makes
    map every offset the same way). ``_md_plain`` finds nothing in that source iff it finds
    nothing in any line (it looks for no line break, and the source ends where the last
    line's content ends, never with spaces)."""
    start, end = lines[0][0], lines[-1][1]
    n = len(lines)
    lengths = [e - s for s, e in lines]
    # The lines are in order on successive source lines, so each gap holds a line break:
    # the gaps add up to one character per gap only when every gap is just that.
    if end - start != sum(lengths) + n - 1 or max(lengths) > UNWRAPPED_LINE:
        return None
    source = masked[start:end]
    if not _md_plain(source):
        return None
    text = source.replace("\n", " ") if n > 1 else source
    if not text.strip() or not text.replace(PLACEHOLDER, "").strip():
        return None  # as _blocks_from_pieces: no block (it gives none either)
    line = doc.lines.line_of(start)
    return Block(kind, text, [(0, start, len(text), len(text))], start, end, line, line + n - 1)
