"""A fast line-based Markdown block splitter (CommonMark's container rules, simplified).

It finds what newslint needs and nothing more: the lines of every paragraph and heading
(with the offset where each line's content starts, container prefixes removed), the kind
of container a paragraph sits in (block quote or list item), and the spans of code, HTML
blocks and tables. ``tests/test_mdblocks.py`` checks it against markdown-it-py, the
reference CommonMark implementation, on real Markdown.

Simplifications (documented in docs/architecture.md): tabs count as four columns for
indentation; multi-line link reference definitions and a few HTML-block start conditions
are approximated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_BLANK = re.compile(r"[ \t]*\r?$")
_ATX = re.compile(r" {0,3}(#{1,6})(?=[ \t]|\r?$)[ \t]*")
_ATX_CLOSE = re.compile(r"[ \t]+#+[ \t]*$|^#+[ \t]*$")
_FENCE = re.compile(r" {0,3}(`{3,}(?=[^`]*$)|~{3,})")
_HR = re.compile(r" {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})\r?$")
_SETEXT = re.compile(r" {0,3}(?:=+|-+)[ \t]*\r?$")
_BULLET = re.compile(r"( {0,3})([-+*])(?=[ \t]|\r?$)")
_ORDERED = re.compile(r"( {0,3})(\d{1,9})([.)])(?=[ \t]|\r?$)")
_REFDEF = re.compile(
    r" {0,3}\[(?:[^\[\]\\]|\\.){1,999}\]:[ \t]*(?:<[^>\n]*>|\S+)"
    r"(?:[ \t]+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?[ \t]*\r?$"
)
# What both reference-definition patterns need: the end of the label. Most lines that
# reach them hold none, and a substring test is cheaper than the match.
_REFDEF_NEEDS = "]:"
_REFDEF_LABEL_ONLY = re.compile(r" {0,3}\[(?:[^\[\]\\]|\\.){1,999}\]:[ \t]*\r?$")
_REFDEF_DEST = re.compile(
    r"[ \t]*(?:<[^>\n]*>|\S+)(?:[ \t]+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?[ \t]*\r?$"
)
_TABLE_DELIM = re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*\r?$")
_HTML_BLOCK_TAGS = frozenset(
    """address article aside base basefont blockquote body caption center col colgroup dd
    details dialog dir div dl dt fieldset figcaption figure footer form frame frameset h1 h2
    h3 h4 h5 h6 head header hr html iframe legend li link main menu menuitem nav noframes ol
    optgroup option p param search section summary table tbody td tfoot th thead title tr
    track ul""".split()
)
_HTML_RAW = re.compile(r" {0,3}<(script|pre|style|textarea)(?:[ \t>]|\r?$)", re.I)
_HTML_OPEN = re.compile(r" {0,3}</?([A-Za-z][A-Za-z0-9-]*)(?:[ \t/>]|\r?$)")
_HTML_TYPE7 = re.compile(
    r" {0,3}(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*\s*/?>"
    r"|</[A-Za-z][A-Za-z0-9-]*\s*>)[ \t]*\r?$"
)


# The first characters of every line that is not plain paragraph text at top level: blank
# or indented lines, container starts (``>``, list bullets ``-+*``; ordered lists start with
# a digit, tested apart with ``isdigit``, which holds for every digit ``\d`` matches), code
# fences, headings, thematic breaks, setext underlines, HTML, reference definitions and
# table delimiter rows (``|``, ``:``, ``-``).
_NOT_TEXT_FIRST = frozenset(" \t\r\n>-+*#`~=_<[|:")
# After indentation: the characters a container can start with (and digits); those a block
# that ends a lazy paragraph can start with (``_starts_block``: quote, heading, fence,
# thematic break, list item, HTML; and digits); and those any leaf other than paragraph
# text can start with (``_leaf``: fence, heading, setext underline, thematic break, HTML,
# table delimiter row, reference definition). "" (nothing after the indentation) is in
# each: such a line takes the general path.
_CONTAINER_FIRST = frozenset((">", "-", "+", "*", ""))
_BLOCK_FIRST = frozenset((">", "#", "`", "~", "*", "-", "_", "+", "<", ""))
_LEAF_FIRST = frozenset(("`", "~", "#", "=", "-", "_", "*", "<", "|", ":", "[", ""))


def _closes_fence(rest: str, ch: str, length: int) -> bool:
    """Whether ``rest`` closes a fence of ``length`` ``ch`` characters: at least as many
    of them after up to three spaces, then only blanks."""
    m = _FENCE.match(rest)
    return bool(
        m and m.group(1)[0] == ch and len(m.group(1)) >= length and _BLANK.match(rest, m.end())
    )


@dataclass
class LeafBlock:
    """A paragraph or heading: ``lines`` holds ``(content_start, content_end)`` source
    offsets per line (container prefixes and surrounding blanks removed)."""

    kind: str
    lines: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class _Container:
    kind: str  # quote | item
    indent: int = 0  # items: columns of content indentation


def _indent(line: str, pos: int) -> tuple[int, int]:
    """Columns of indentation from ``pos`` and the position after it."""
    cols = 0
    n = len(line)
    while pos < n:
        c = line[pos]
        if c == " ":
            cols += 1
        elif c == "\t":
            cols += 4 - cols % 4
        else:
            break
        pos += 1
    return cols, pos


def _skip_cols(line: str, pos: int, cols: int) -> int:
    """Advance past ``cols`` columns of indentation (a tab may be split: kept simple)."""
    taken = 0
    n = len(line)
    while pos < n and taken < cols and line[pos] in " \t":
        taken += 1 if line[pos] == " " else 4 - taken % 4
        pos += 1
    return pos


def _html_start(rest: str, in_paragraph: bool) -> str | None:
    """The end condition of an HTML block starting here, or None."""
    if rest.lstrip(" ")[:1] != "<":
        return None
    m = _HTML_RAW.match(rest)
    if m:
        return "</" + m.group(1).lower() + ">"
    s = rest.lstrip(" ")
    if s.startswith("<!--"):
        return "-->"
    if s.startswith("<?"):
        return "?>"
    if s.startswith("<![CDATA["):
        return "]]>"
    if len(s) > 2 and s[1] == "!" and s[2].isalpha():
        return ">"
    m = _HTML_OPEN.match(rest)
    if m and m.group(1).lower() in _HTML_BLOCK_TAGS:
        return ""  # ends at a blank line
    if not in_paragraph and _HTML_TYPE7.match(rest):
        return ""
    return None


def _list_marker(rest: str) -> tuple[int, int, bool, bool] | None:
    """(marker end index, content indent columns, ordered, empty) for a list item start."""
    m = _BULLET.match(rest)
    ordered = False
    if not m:
        m = _ORDERED.match(rest)
        ordered = True
        if not m:
            return None
    end = m.end()
    marker_cols = len(m.group(0))
    cols, after = _indent(rest, end)
    empty = bool(_BLANK.match(rest, after))
    if empty:
        content = marker_cols + 1
    elif cols > 4:
        content = marker_cols + 1  # indented code inside the item
    else:
        content = marker_cols + max(cols, 1)
    start_num = int(m.group(2)) if ordered else 0
    return end, content, ordered, empty if not ordered else (empty or start_num != 1)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.leaves: list[LeafBlock] = []
        self.regions: list[tuple[str, int, int]] = []
        self.stack: list[_Container] = []
        self.para: LeafBlock | None = None
        self.table = False
        self.fence: tuple[str, int, int, int] | None = None  # char, length, indent, start offset
        self.html: tuple[str, int] | None = None  # end condition, start offset
        self.indented: tuple[int, int] | None = None  # start, end offsets
        self.refdef_pending: int | None = None

    # -- leaves ----------------------------------------------------------------------

    def close_para(self) -> None:
        if self.para is not None and self.para.lines:
            self.leaves.append(self.para)
        self.para = None
        self.table = False

    def close_indented(self) -> None:
        if self.indented is not None:
            self.regions.append(("code", *self.indented))
            self.indented = None

    def close_all_leaves(self, at: int) -> None:
        self.close_para()
        self.close_indented()
        if self.fence is not None:
            self.regions.append(("code", self.fence[3], at))
            self.fence = None
        if self.html is not None:
            self.regions.append(("html", self.html[1], at))
            self.html = None

    def kind(self) -> str:
        for c in reversed(self.stack):
            return "quote" if c.kind == "quote" else "list_item"
        return "paragraph"

    # -- lines -----------------------------------------------------------------------

    def feed(self, line: str, start: int) -> None:
        first = line[:1]
        if (
            first.isalpha()
            and first.isascii()
            and not self.stack
            and self.fence is None
            and self.html is None
            and not self.table
            and self.indented is None
            and self.refdef_pending is None
        ):
            # Most lines of prose: at top level, a line that starts with a letter can
            # neither open a container nor start any other block (every block start is
            # indentation or punctuation or a digit), so it is paragraph text.
            self._para_line(line, 0, start)
            return
        if not self.stack and self.html is None and self.refdef_pending is None:
            # The other common top-level lines, as the general path below treats them:
            if self.fence is None:
                if not line or line == "\r":  # a blank line ends the paragraph
                    self.close_para()
                    return
            elif line[:1] not in "`~ ":  # inside a code fence, a line that cannot close it
                return
        end_of_line = start + len(line)
        pos = 0
        matched = 0
        for c in self.stack:
            if c.kind == "quote":
                cols, p = _indent(line, pos)
                if cols <= 3 and p < len(line) and line[p] == ">":
                    pos = p + 1
                    if pos < len(line) and line[pos] in " \t":
                        pos += 1
                    matched += 1
                    continue
                break
            if _BLANK.match(line, pos):
                matched += 1
                continue
            cols, _ = _indent(line, pos)
            if cols >= c.indent:
                pos = _skip_cols(line, pos, c.indent)
                matched += 1
                continue
            break
        rest = line[pos:]
        all_matched = matched == len(self.stack)

        if all_matched and self.fence is not None:
            ch, length, _, fstart = self.fence
            if _closes_fence(rest, ch, length):
                self.regions.append(("code", fstart, end_of_line))
                self.fence = None
            return
        if all_matched and self.html is not None:
            cond, hstart = self.html
            if cond == "" and _BLANK.match(rest):
                self.regions.append(("html", hstart, start))
                self.html = None
                return
            if cond and cond in rest.lower():
                self.regions.append(("html", hstart, end_of_line))
                self.html = None
            return

        if not all_matched:
            # Lazy continuation of a paragraph inside a quote or list item.
            if (
                self.para is not None
                and not self.table
                and not _BLANK.match(rest)
                and not self._starts_block(rest)
            ):
                self._para_line(line, pos, start)
                return
            self.close_all_leaves(start)
            del self.stack[matched:]

        if self.refdef_pending is not None and (
            self.stack
            or _indent(rest, 0)[0] < 4
            and (rest.lstrip(" ").startswith(">") or _list_marker(rest) is not None)
        ):
            pending, self.refdef_pending = self.refdef_pending, None
            self._flush_label(pending, start)

        # Open new containers.
        while True:
            cols, p = _indent(rest, 0)
            if cols >= 4 and not (self.para is not None and not self.table):
                break
            c = rest[p : p + 1]
            if c not in _CONTAINER_FIRST and not c.isdigit():
                break  # no container starts here (quotes: ">", bullets: "-+*", digits)
            if p < len(rest) and rest[p] == ">" and cols <= 3:
                self.close_all_leaves(start)
                self.stack.append(_Container("quote"))
                q = p + 1
                if q < len(rest) and rest[q] in " \t":
                    q += 1
                pos += q
                rest = line[pos:]
                continue
            if cols <= 3 and not _HR.match(rest):
                lm = _list_marker(rest)
                if lm is not None:
                    mend, content, _ordered, weak = lm
                    if self.para is not None and not self.table and weak:
                        break  # cannot interrupt a paragraph
                    self.close_all_leaves(start)
                    self.stack.append(_Container("item", content))
                    if _BLANK.match(rest, mend):
                        pos += mend
                    else:
                        marker_cols = len(rest[:mend].expandtabs(4))
                        pos += _skip_cols(rest, mend, content - marker_cols)
                    rest = line[pos:]
                    if _BLANK.match(rest):
                        return
                    continue
            break

        self._leaf(line, pos, rest, start, end_of_line)

    def at_top_level(self) -> bool:
        """Outside every container and open code, HTML, table or definition: where a
        line that starts with a character of no block start is paragraph text."""
        return (
            not self.stack
            and self.fence is None
            and self.html is None
            and not self.table
            and self.indented is None
            and self.refdef_pending is None
        )

    def text_run(self, start: int) -> int:
        """Take the paragraph lines from ``start`` on, as long as each starts with a
        character outside ``_NOT_TEXT_FIRST`` and no digit; returns where the next line
        starts. ``feed`` gives each such line at top level to ``_para_line`` (no container
        or block starts with one: see ``_NOT_TEXT_FIRST``), and that changes nothing but
        the paragraph, so the state stays at top level for the whole run. As in
        ``_para_line``, a line's content ends before trailing spaces, tabs and CR."""
        text = self.text
        n = len(text)
        if self.para is None:
            self.para = LeafBlock(self.kind())
        append = self.para.lines.append
        find = text.find
        while True:
            nl = find("\n", start)
            end = n if nl == -1 else nl
            content_end = end
            if text[end - 1] in " \t\r":  # end > start: the first character is none of these
                content_end = start + len(text[start:end].rstrip(" \t\r"))
            append((start, content_end))
            start = end + 1
            if start >= n:
                return start
            c = text[start]
            if c in _NOT_TEXT_FIRST or c.isdigit():
                return start

    def skip_fence(self, start: int) -> int:
        """Inside a code fence opened at top level, from the line at ``start``: close the
        fence at its closing line and return where the next line starts (the end of the
        text when it stays open: ``finish`` closes it). ``feed`` changes nothing for any
        other line there (no container can open inside a fence), and a closing line
        starts with at least three of the fence's characters after at most three
        spaces: only lines with such a run after spaces are tested, as ``feed`` tests
        them."""
        assert self.fence is not None and not self.stack
        ch, length, _, fence_start = self.fence
        text = self.text
        n = len(text)
        run = ch * 3
        pos = start
        while True:
            i = text.find(run, pos)
            if i == -1:
                return n
            line_start = text.rfind("\n", 0, i) + 1  # >= start: pos is on a line after it
            nl = text.find("\n", i)
            end = n if nl == -1 else nl
            if i - line_start <= 3 and not text[line_start:i].strip(" "):
                if _closes_fence(text[line_start:end], ch, length):
                    self.regions.append(("code", fence_start, end))
                    self.fence = None
                    return end + 1
            pos = end + 1  # a later run on this line has more than spaces before it

    def shortcut(self, line: str, start: int) -> bool:
        """Take ``line`` (at ``start``) as ``feed`` would, when it is one of three common
        kinds and no code fence, HTML block or reference definition is open; return
        False, having done nothing, for any other line. A line's *text start* is a
        character outside ``_NOT_TEXT_FIRST`` and no digit: no container or block other
        than paragraph text starts with one.

        - A blank line (spaces, tabs, a final CR) where every container is a list item
          (or there is none): each item holds it, and it only closes the paragraph.
        - Spaces then a text start, in an open paragraph (not a table): a continuation
          line. Item containers take only spaces and no quote marker is there, so
          either all containers hold the line or the rest is a lazy continuation (no
          block starts with a text start); both add the line from its first character
          that is no space or tab, and indentation cannot start code in a paragraph.
        - A bullet ``-``, ``*`` or ``+`` in the first column, one to four spaces and a
          text start: no open container holds it (quotes need ``>``, items at least two
          columns of indentation) and it can interrupt any paragraph, so every leaf is
          closed and every container left; the new item's content starts after the
          spaces, and its paragraph with the rest of the line.
        """
        if self.fence is not None or self.html is not None or self.refdef_pending is not None:
            return False
        rest = line.lstrip(" \t")
        if rest == "" or rest == "\r":
            for c in self.stack:
                if c.kind != "item":
                    return False
            self.close_para()
            return True
        c = rest[0]
        if c not in _NOT_TEXT_FIRST and not c.isdigit():
            if self.para is None or self.table or self.indented is not None:
                return False
            content_start = start + len(line) - len(rest)
            self.para.lines.append((content_start, content_start + len(rest.rstrip(" \t\r"))))
            return True
        if c in "-*+" and len(rest) == len(line) and line[1:2] == " ":
            after = line[2:].lstrip(" ")
            spaces = len(line) - 1 - len(after)
            first = after[:1]
            if spaces > 4 or not first or first in _NOT_TEXT_FIRST or first.isdigit():
                return False
            self.close_all_leaves(start)
            self.stack = [_Container("item", 1 + spaces)]
            content_start = start + 1 + spaces
            content = after.rstrip(" \t\r")
            self.para = LeafBlock("list_item", [(content_start, content_start + len(content))])
            return True
        return False

    def _starts_block(self, rest: str) -> bool:
        cols, p = _indent(rest, 0)
        if cols >= 4:
            return False
        c = rest[p : p + 1]
        if c not in _BLOCK_FIRST and not c.isdigit():
            return False  # none of the blocks below starts with this character
        s = rest[p:]
        return bool(
            s.startswith(">")
            or _ATX.match(rest)
            or _FENCE.match(rest)
            or _HR.match(rest)
            or self._item_start(rest)
            or _html_start(rest, True) is not None
        )

    def _item_start(self, rest: str) -> bool:
        """A list item that may end a lazy paragraph: in an open list any numbered or
        bulleted item with content; otherwise only one that may interrupt a paragraph."""
        lm = _list_marker(rest)
        if lm is None:
            return False
        if any(c.kind == "item" for c in self.stack):
            return True  # a sibling item, even an empty one
        return not lm[3]

    def _leaf(self, line: str, pos: int, rest: str, start: int, end_of_line: int) -> None:
        if _BLANK.match(rest):
            self.close_para()
            if self.refdef_pending is not None:  # a label alone: keep it as text
                pending, self.refdef_pending = self.refdef_pending, None
                self._flush_label(pending, start)
            return
        cols, p = _indent(rest, 0)
        in_para = self.para is not None and not self.table
        if self.table:
            if self._starts_block(rest):
                self.close_para()
            else:
                return  # a table row: not prose
        if cols >= 4 and not in_para:
            if self.indented is None:
                self.close_para()
                self.indented = (start, end_of_line)
            else:
                self.indented = (self.indented[0], end_of_line)
            return
        self.close_indented()
        if self.refdef_pending is None and rest[p : p + 1] not in _LEAF_FIRST:
            # Every other leaf start below begins with one of _LEAF_FIRST (after up to
            # three spaces): anything else starts paragraph text (the common case).
            self._para_line(line, pos, start)
            return
        m = _FENCE.match(rest)
        if m:
            self.close_para()
            self.fence = (m.group(1)[0], len(m.group(1)), cols, start)
            return
        m = _ATX.match(rest)
        if m:
            self.close_para()
            cstart = pos + m.end()
            content = line[cstart:].rstrip("\r")
            close = _ATX_CLOSE.search(content)
            if close:
                content = content[: close.start()]
            content = content.rstrip()
            if content:
                self.leaves.append(
                    LeafBlock("heading", [(start + cstart, start + cstart + len(content))])
                )
            return
        if in_para and _SETEXT.match(rest):
            assert self.para is not None
            self.para.kind = "heading"
            self.close_para()
            return
        if _HR.match(rest):
            self.close_para()
            return
        cond = _html_start(rest, in_para)
        if cond is not None:
            self.close_para()
            if cond and cond in rest.lower()[rest.find("<") + 1 :]:
                self.regions.append(("html", start, end_of_line))
            else:
                self.html = (cond, start)
            return
        if in_para and self.para is not None and _TABLE_DELIM.match(rest):
            header_start, header_end = self.para.lines[-1]
            if "|" in self.text[header_start:header_end] or "|" in rest:
                # The paragraph's last line is the table's header row.
                self.para.lines.pop()
                self.close_para()
                self.regions.append(("table", header_start, end_of_line))
                self.table = True
                return
        if not in_para and _REFDEF_NEEDS in rest and _REFDEF.match(rest):
            self.regions.append(("reference", start, end_of_line))
            return
        if (
            not in_para
            and not self.stack
            and _REFDEF_NEEDS in rest
            and _REFDEF_LABEL_ONLY.match(rest)
        ):
            self.refdef_pending = start  # the destination follows on the next line
            return
        if self.refdef_pending is not None:
            pending, self.refdef_pending = self.refdef_pending, None
            if not self.stack and _REFDEF_DEST.match(rest):
                self.regions.append(("reference", pending, end_of_line))
                return
            self._flush_label(pending, start)
        self._para_line(line, pos, start)

    def _flush_label(self, pending: int, start: int) -> None:
        """A ``[label]:`` line that turned out not to start a definition is a paragraph
        of its own (at top level, where it was seen)."""
        saved, self.stack = self.stack, []
        self.close_para()
        self._para_line(self.text[pending:start].rstrip("\r\n"), 0, pending)
        self.close_para()
        self.stack = saved

    def _para_line(self, line: str, pos: int, start: int) -> None:
        _, p = _indent(line, pos)
        content = line[p:].rstrip(" \t\r")
        if not content:
            return
        if self.para is None:
            self.para = LeafBlock(self.kind())
        self.para.lines.append((start + p, start + p + len(content)))

    def finish(self) -> None:
        self.close_all_leaves(len(self.text))


def parse(text: str) -> tuple[list[LeafBlock], list[tuple[str, int, int]]]:
    """Paragraphs and headings (in order) and the non-prose regions of ``text``."""
    parser = _Parser(text)
    start = 0
    n = len(text)
    while start < n:
        c = text[start]
        if c not in _NOT_TEXT_FIRST and not c.isdigit() and parser.at_top_level():
            start = parser.text_run(start)
            continue
        if parser.fence is not None and not parser.stack:
            start = parser.skip_fence(start)
            continue
        nl = text.find("\n", start)
        end = n if nl == -1 else nl
        line = text[start:end]
        if not parser.shortcut(line, start):
            parser.feed(line, start)
        start = end + 1
    parser.finish()
    return parser.leaves, parser.regions
