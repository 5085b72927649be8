"""Parsing front matter with positions: every key and value keeps its file offsets.

``newslint.frontmatter`` only *locates* front matter (so that prose extraction can mask
it). This module reads what is inside, in three ways:

- fenced YAML: PyYAML ``compose`` (C loader when available). Composing never expands
  aliases; the node graph is then walked with a node budget so that an alias bomb becomes
  a parse problem instead of a hang.
- TOML: ``tomllib`` for validity and values, plus a line scan for key positions.
- JSON: ``json`` with a pair hook (duplicates stay visible) plus a small scanner for key
  positions.
- loose ``key: value`` lines (unfenced metadata pasted into the body, or a YAML block
  that does not parse): a forgiving line splitter that also finds keys run together on
  one line and values delimited by curly quotes.

All offsets are code-point offsets into the whole file text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

#: Opening curly (typographic) quote -> the closing quotes that may end it.
CURLY_PAIRS = {
    "\u201c": "\u201d\u201c",  # “…” (and “…“ as some keyboards produce)
    "\u2018": "\u2019",  # ‘…’
    "\u201e": "\u201c\u201d",  # „…“
    "\u00ab": "\u00bb",  # «…»
    "\u201d": "\u201d",  # ”…” (both sides closing quotes)
}
_CLOSERS = "\"'\u201d\u2019\u201c\u00bb"

#: Default budget of YAML nodes visited (aliases count every time they are followed).
DEFAULT_MAX_NODES = 10_000


@dataclass(slots=True)
class Entry:
    """One ``key: value`` of a front-matter block, with file offsets."""

    key: str
    key_start: int
    key_end: int
    #: The source span of the value (quotes included; empty span for a missing value).
    value_start: int
    value_end: int
    #: The value as the site generator would see it (str, list, dict, bool, int, None,
    #: date...). For loose entries, curly-quoted values are given without their quotes.
    value: Any
    #: How the scalar was written: None (plain), '"', "'", "curly", "block" (| or >),
    #: "collection" (a list or table), "empty".
    style: str | None = None
    #: Offsets of the scalar's text when ``value`` is exactly ``text[inner_start:inner_end]``
    #: (then rules may point inside it); -1 otherwise.
    inner_start: int = -1
    inner_end: int = -1
    #: YAML tag resolution of a plain scalar (e.g. "timestamp", "bool", "int", "null").
    tag: str = ""
    #: Extra source lines that belong to this entry (loose parser: indented lists).
    continuation: str = ""
    #: Position of the key on its line among run-together keys (0: first key of the line).
    order_on_line: int = 0

    @property
    def text_value(self) -> str | None:
        """The value as a string for comparisons, or None if it is not a scalar."""
        v = self.value
        if v is None:
            return ""
        if isinstance(v, (list, dict)):
            return None
        if isinstance(v, bool):
            return "true" if v else "false"
        return str(v)


@dataclass(slots=True)
class ParseProblem:
    message: str
    offset: int
    end: int = -1
    kind: str = "syntax"  # syntax | size | budget | shape | unclosed


@dataclass(slots=True)
class ParsedBlock:
    """A front-matter block (the top one, or one found astray in the body)."""

    format: str  # yaml | toml | json | loose
    start: int  # region, fences included
    end: int
    content_start: int
    content_end: int
    entries: list[Entry] = field(default_factory=list)
    problem: ParseProblem | None = None
    top: bool = True
    fenced: bool = True
    fence_above: bool = False
    fence_below: bool = False
    #: Offsets of the start of lines on which several keys run together -> the entries
    #: of that line (loose splitter).
    run_together: dict[int, list[Entry]] = field(default_factory=dict)
    #: Whether the strict parser accepted the block.
    parsed: bool = False
    #: The loose splitter's view of the block's lines (for NL104/NL105 and repairs).
    loose_entries: list[Entry] = field(default_factory=list)
    #: Duplicate keys found by a format-specific scan (TOML tables): (first, repeat).
    dups: list[tuple[Entry, Entry]] | None = None

    def first(self, key: str) -> Entry | None:
        low = key.lower()
        for e in self.entries:
            if e.key.lower() == low:
                return e
        return None

    def keys(self) -> set[str]:
        return {e.key.lower() for e in self.entries}


# -- loose `key: value` lines -------------------------------------------------------------

_LOOSE_KEY = re.compile(r"([A-Za-z_][\w-]{0,40})[ \t]*:(?=[ \t]|\r?$)")
_SPLIT = re.compile(r"[ \t]+([A-Za-z_][\w-]{0,40}):(?=[ \t]|$)")
_TOML_KEY = re.compile(r"""([A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')[ \t]*=""")
_TOML_SPLIT = re.compile(r"[ \t]+([A-Za-z_][\w-]{0,40})[ \t]*=(?!=)")


#: A one-token plain value after which any ``Key:`` starts a new key (``ShowToc: true
#: TocOpen: false``).
_SCALAR_TOKEN = re.compile(
    r"(?i:true|false|yes|no|on|off|null|~)|-?\d+(?:\.\d+)?|\d{4}-\d{1,2}-\d{1,2}(?:[T ][\d:.+Z-]+)?"
)


def _quote_end(line: str, i: int) -> int:
    """For a value starting at ``line[i]`` with a quote, the index after its closing
    quote on this line, or -1."""
    q = line[i]
    if q == '"':
        j = i + 1
        while j < len(line):
            if line[j] == "\\":
                j += 2
                continue
            if line[j] == '"':
                return j + 1
            j += 1
        return -1
    if q == "'":
        j = i + 1
        while j < len(line):
            if line[j] == "'":
                if line[j + 1 : j + 2] == "'":
                    j += 2
                    continue
                return j + 1
            j += 1
        return -1
    closers = CURLY_PAIRS.get(q)
    if not closers:
        return -1
    # The first closer followed by whitespace or the end of the line.
    j = i + 1
    while j < len(line):
        if line[j] in closers and (j + 1 == len(line) or line[j + 1] in " \t\r"):
            return j + 1
        j += 1
    return -1


def split_line(
    line: str, known: frozenset[str] | set[str], sep: str = ":"
) -> list[tuple[str, int, int, int, int]]:
    """Split a metadata line into ``(key, key_start, key_end, value_start, value_end)``
    segments (indices into ``line``). Several segments mean keys run together.

    A later key is recognised when it is a known key preceded by whitespace, or any
    ``Key:`` right after a quoted value (``title: "A" ShowToc: true``). Text inside a
    quoted value is never split.
    """
    head = (_LOOSE_KEY if sep == ":" else _TOML_KEY).match(line)
    if not head:
        return []
    splitter = _SPLIT if sep == ":" else _TOML_SPLIT
    segments: list[tuple[str, int, int, int, int]] = []
    key, ks, ke = head.group(1), head.start(1), head.end(1)
    pos = head.end()
    n = len(line.rstrip("\r\n"))
    while True:
        vs = pos
        while vs < n and line[vs] in " \t":
            vs += 1
        scan_from = vs
        after_quote = False
        if vs < n and (line[vs] in "\"'" or line[vs] in CURLY_PAIRS):
            qe = _quote_end(line, vs)
            if qe != -1:
                scan_from = qe
                after_quote = True
        nxt = None
        for m in splitter.finditer(line, scan_from, n):
            cand = m.group(1)
            so_far = line[scan_from : m.start()].strip()
            directly_after_quote = after_quote and so_far == ""
            after_token = not after_quote and _SCALAR_TOKEN.fullmatch(so_far) is not None
            if cand.lower() in known or directly_after_quote or after_token:
                nxt = m
                break
        if nxt is None:
            ve = n
            while ve > vs and line[ve - 1] in " \t":
                ve -= 1
            segments.append((key, ks, ke, vs, ve))
            return segments
        ve = nxt.start()
        segments.append((key, ks, ke, vs, ve))
        key, ks, ke = nxt.group(1), nxt.start(1), nxt.end(1)
        pos = nxt.end()


_APOSTROPHE = re.compile(r"(?<=\w)\u2019(?=\w)|(?<=s)\u2019(?=\s)")


def curly_delimited(opener: str, inner: str) -> bool:
    """Whether curly quotes around ``inner`` delimit the whole value (rather than quote a
    part of it, as in ``“Go” and “Rust”``)."""
    if not inner.strip():
        return False
    if opener == "\u2018":
        rest = _APOSTROPHE.sub("", inner)
        return "\u2018" not in rest and "\u2019" not in rest
    others = {"\u201c", "\u201d", "\u201e", "\u00ab", "\u00bb"}
    return not any(ch in others for ch in inner)


def classify_value(raw: str) -> tuple[Any, str | None, int, int]:
    """``(value, style, inner_from, inner_to)`` of a loose value's source text ``raw``.

    ``inner_from``/``inner_to`` index into ``raw`` when the value maps 1:1 onto it.
    """
    if not raw:
        return None, "empty", -1, -1
    first, last = raw[0], raw[-1]
    if len(raw) >= 2 and first in CURLY_PAIRS and last in CURLY_PAIRS[first]:
        inner = raw[1:-1]
        if curly_delimited(first, inner):
            return inner, "curly", 1, len(raw) - 1
        return raw, None, 0, len(raw)
    if len(raw) >= 2 and first == '"' and last == '"':
        import json

        try:
            value = json.loads(raw)
        except ValueError:
            value = raw[1:-1]
        exact = "\\" not in raw
        return value, '"', 1 if exact else -1, len(raw) - 1 if exact else -1
    if len(raw) >= 2 and first == "'" and last == "'":
        value = raw[1:-1].replace("''", "'")
        exact = "''" not in raw[1:-1]
        return value, "'", 1 if exact else -1, len(raw) - 1 if exact else -1
    if raw in ("|", ">", "|-", ">-", "|+", ">+"):
        return "", "block", -1, -1
    return raw, None, 0, len(raw)


def parse_loose(
    text: str,
    start: int,
    end: int,
    known: frozenset[str] | set[str],
    sep: str = ":",
) -> tuple[list[Entry], dict[int, list[Entry]]]:
    """Entries of the ``key: value`` lines in ``text[start:end]``.

    Lines that do not start with a key at column 1 (indented list items, comments,
    continuation lines) are attached to the previous entry as ``continuation``.
    """
    entries: list[Entry] = []
    run_together: dict[int, list[Entry]] = {}
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl == -1 else nl
        line = text[pos:line_end].rstrip("\r")
        segs = split_line(line, known, sep) if line[:1] not in " \t#-[" else []
        if segs:
            line_entries = []
            for i, (key, ks, ke, vs, ve) in enumerate(segs):
                raw = line[vs:ve]
                value, style, a, b = classify_value(raw)
                if sep == "=" and style is None and raw:
                    value = _toml_scalar(raw)
                entry = Entry(
                    key=key,
                    key_start=pos + ks,
                    key_end=pos + ke,
                    value_start=pos + vs,
                    value_end=pos + ve,
                    value=value,
                    style=style,
                    inner_start=pos + vs + a if a >= 0 else -1,
                    inner_end=pos + vs + b if b >= 0 else -1,
                    order_on_line=i,
                )
                line_entries.append(entry)
            entries.extend(line_entries)
            if len(line_entries) > 1:
                run_together[pos] = line_entries
        elif entries and line.strip() and not line.lstrip().startswith("#"):
            last = entries[-1]
            last.continuation += line + "\n"
            if last.style in ("empty", "block"):
                last.style = "collection" if line.lstrip().startswith("-") else last.style
                if last.value is None:
                    last.value = []
        pos = line_end + 1
    return entries, run_together


def _toml_scalar(raw: str) -> Any:
    if raw in ("true", "false"):
        return raw == "true"
    return raw


# -- YAML ----------------------------------------------------------------------------------


class _BudgetExceeded(Exception):
    pass


def _yaml_loader():
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_TAG_SHORT = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "timestamp",
}


def _node_value(node: Any, budget: list[int]) -> Any:
    """A plain Python value for a composed node, never expanding more than the budget."""
    budget[0] -= 1
    if budget[0] < 0:
        raise _BudgetExceeded
    kind = node.id
    if kind == "scalar":
        tag = _TAG_SHORT.get(node.tag, "")
        v = node.value
        if getattr(node, "style", None):
            return v
        return _scalar_value(tag, v)
    if kind == "sequence":
        return [_node_value(child, budget) for child in node.value]
    out: dict[str, Any] = {}
    for k, v in node.value:
        key = _node_value(k, budget)
        out[str(key)] = _node_value(v, budget)
    return out


# -- simple YAML without PyYAML ------------------------------------------------------------
#
# Most front matter is a few ``key: value`` lines. Those are read here exactly as PyYAML
# composes them (same values, tags, styles and offsets), so that a typical run never imports
# PyYAML (milliseconds of start-up); lists of one-line scalars, as ``- item`` lines or a
# one-line flow list (``tags: [local, transport]``, common in news front matter), are read
# too. Anything else (nesting, comments, escapes, multi-line values, odd characters) goes to
# PyYAML. tests/test_startup.py compares both.

_SIMPLE_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +|$)")
_SIMPLE_ITEM = re.compile(r"( *)- +")
_ASCII_BAD = re.compile(r"[^\n\x20-\x7e]")


def _simple_chars(content: str) -> bool:
    """Whether every character is one PyYAML's reader accepts, leaving out its extra line
    breaks (NEL, LS, PS), the BOM, tabs and carriage returns (PyYAML reads those)."""
    if content.isascii():
        return not _ASCII_BAD.search(content)
    for ch in content:
        o = ord(ch)
        if o < 0x80:
            if o < 0x20 and ch != "\n" or o == 0x7F:
                return False
        elif not (
            0xA0 <= o <= 0x2027
            or 0x202A <= o <= 0xD7FF
            or 0xE000 <= o <= 0xFEFE
            or 0xFF00 <= o <= 0xFFFD
            or o >= 0x10000
        ):
            return False
    return True


_YAML_BOOL = frozenset(
    "yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF".split()
)
_YAML_NULL = frozenset(("null", "Null", "NULL"))
# Indicators (and the first characters of merge, value and null) a plain value here may
# not start with.
_PLAIN_NOT_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@`~<= ")


@lru_cache(maxsize=1)
def _yaml_number_res() -> tuple[Any, Any, Any]:
    """PyYAML's implicit resolvers for plain scalars that start with a digit (in its order)."""
    x = re.X
    float_re = re.compile(
        r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
        |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
        |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        x,
    )
    int_re = re.compile(
        r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0[0-7_]+
        |[-+]?(?:0|[1-9][0-9_]*)
        |[-+]?0x[0-9a-fA-F_]+
        |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
        x,
    )
    timestamp_re = re.compile(
        r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
         (?:[Tt]|[ \t]+)[0-9][0-9]?
         :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
         (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
        x,
    )
    return float_re, int_re, timestamp_re


def _plain_tag(v: str) -> str:
    """The short tag PyYAML resolves a plain scalar to ("" for a string)."""
    if v in _YAML_BOOL:
        return "bool"
    if v in _YAML_NULL:
        return "null"
    if v[0] in "+.0123456789":
        for tag, rx in zip(("float", "int", "timestamp"), _yaml_number_res(), strict=True):
            if rx.match(v):
                return tag
    return "str"


def _scalar_value(tag: str, v: str) -> Any:
    """The value of a plain scalar (see ``_node_value``)."""
    if tag == "null":
        return None
    if tag == "bool":
        return v.lower() in ("true", "yes", "on", "y")
    if tag == "int":
        try:
            return int(v.replace("_", ""), 0)
        except ValueError:
            return v
    return v


def _simple_scalar(v: str, vs: int) -> tuple[str, Any, str | None, int, int] | None:
    """``(tag, value, style, inner_start, inner_end)`` of a one-line scalar ``v`` (no
    trailing spaces) written at offset ``vs``, or None when PyYAML should read it."""
    if v[0] in "\"'":
        inner = v[1:-1]
        if len(v) < 2 or v[-1] != v[0] or v[0] in inner or "\\" in inner:
            return None
        return "str", inner, v[0], vs + 1, vs + len(v) - 1
    if v[0] in _PLAIN_NOT_FIRST or " #" in v or ": " in v or v.endswith(":") or "\t" in v:
        return None
    tag = _plain_tag(v)
    return tag, _scalar_value(tag, v), None, vs, vs + len(v)


# Characters a flow list here may not hold at all: they end a plain scalar or open
# something else in a flow context (PyYAML stops a plain scalar at ``,?[]{}`` and at a
# ``:`` before them), or start a comment.
_FLOW_NOT_INSIDE = frozenset("[]{}#:?")


def _simple_flow_items(v: str) -> list[Any] | None:
    """The items of a one-line flow sequence of one-line scalars (``[local, "Big news"]``,
    ``[]``), ``v`` starting with ``[`` and without trailing spaces; None when PyYAML
    should read it. Items are split at every comma, so a quoted item holding a comma is
    cut in two and refused (its piece does not end with its quote); an empty item (as a
    trailing comma makes) is refused too."""
    if len(v) < 2 or v[-1] != "]":
        return None
    inner = v[1:-1]
    if not _FLOW_NOT_INSIDE.isdisjoint(inner):
        return None
    if not inner.strip(" "):
        return []
    items: list[Any] = []
    for piece in inner.split(","):
        item = piece.strip(" ")
        scalar = _simple_scalar(item, 0) if item else None
        if scalar is None:
            return None
        items.append(scalar[1])
    return items


def _simple_yaml(text: str, content_start: int, content_end: int) -> list[Entry] | None:
    """The entries of a block of ``key: value`` lines (a value may be a list of ``- item``
    lines or a one-line flow list ``[a, b]``), or None for anything else."""
    content = text[content_start:content_end]
    if not content.strip() or not _simple_chars(content):
        return None
    entries: list[Entry] = []
    lines = content.split("\n")
    starts = [0] * len(lines)
    pos = 0
    for n, line in enumerate(lines):
        starts[n] = pos
        pos += len(line) + 1
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line:
            i += 1
            continue
        m = _SIMPLE_KEY.match(line)
        if m is None:
            return None
        key = m.group(1)
        ktag = _plain_tag(key)
        if ktag not in ("str", "bool", "null"):
            return None
        at = content_start + starts[i]
        v = line[m.end() :].rstrip(" ")
        i += 1
        if v and v[0] == "[":
            flow = _simple_flow_items(v)
            if flow is None:
                return None
            tag, value, style, inner_s, inner_e = "", flow, "collection", -1, -1
            vs, ve = at + m.end(), at + m.end() + len(v)  # PyYAML: from "[" to after "]"
        elif v:
            scalar = _simple_scalar(v, at + m.end())
            if scalar is None:
                return None
            tag, value, style, inner_s, inner_e = scalar
            vs, ve = at + m.end(), at + m.end() + len(v)
        else:
            # A list of one-line scalars on the lines that follow, or nothing (null).
            items: list[Any] = []
            indent = -1
            vs = -1
            while i < len(lines):
                item_line = lines[i]
                if not item_line:
                    i += 1
                    continue
                mi = _SIMPLE_ITEM.match(item_line)
                if mi is None:
                    break
                if indent < 0:
                    indent = len(mi.group(1))
                    vs = content_start + starts[i] + indent
                elif len(mi.group(1)) != indent:
                    return None
                iv = item_line[mi.end() :].rstrip(" ")
                scalar = _simple_scalar(iv, 0) if iv else None
                if scalar is None:
                    return None
                items.append(scalar[1])
                i += 1
            if items:
                # PyYAML ends the list where the next key starts (or at the end).
                ve = content_start + (starts[i] if i < len(lines) else len(content))
                tag, value, style, inner_s, inner_e = "", items, "collection", -1, -1
            else:
                vs = ve = at + m.end(1) + 1  # PyYAML: an empty value right after the colon
                tag, value, style, inner_s, inner_e = "null", None, "empty", -1, -1
        entries.append(
            Entry(
                key=str(_scalar_value(ktag, key)),
                key_start=at,
                key_end=at + len(key),
                value_start=vs,
                value_end=ve,
                value=value,
                style=style,
                inner_start=inner_s,
                inner_end=inner_e,
                tag=tag,
            )
        )
    return entries


def parse_yaml(
    text: str, content_start: int, content_end: int, max_nodes: int = DEFAULT_MAX_NODES
) -> tuple[list[Entry], ParseProblem | None]:
    """Top-level entries of a YAML block (duplicates kept), or the reason it fails."""
    simple = _simple_yaml(text, content_start, content_end)
    if simple is not None:
        nodes = sum(2 + (len(e.value) if e.style == "collection" else 0) for e in simple)
        if nodes <= max_nodes:
            return simple, None
    import yaml

    content = text[content_start:content_end]
    try:
        root = yaml.compose(content, Loader=_yaml_loader())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if (
            exc.context_mark is not None
            and mark is not None
            and mark.index >= len(content.rstrip())
        ):
            # Hit the end of the block: point at what was left open instead.
            mark = exc.context_mark
        offset = content_start + (mark.index if mark is not None else 0)
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            problem = f"{problem} ({exc.context})"
        return [], ParseProblem(f"YAML does not parse: {problem}", min(offset, content_end))
    except yaml.YAMLError as exc:
        return [], ParseProblem(f"YAML does not parse: {exc}", content_start)
    if root is None:
        return [], None
    if root.id != "mapping":
        where = content_start + root.start_mark.index
        return [], ParseProblem(
            "front matter is a YAML "
            + ("list" if root.id == "sequence" else "scalar")
            + ", not a mapping of keys",
            where,
            kind="shape",
        )
    budget = [max_nodes]
    entries: list[Entry] = []
    try:
        for knode, vnode in root.value:
            key = _node_value(knode, budget)
            value = _node_value(vnode, budget)
            vs = content_start + vnode.start_mark.index
            ve = content_start + vnode.end_mark.index
            style: str | None
            inner_s = inner_e = -1
            tag = ""
            if vnode.id == "scalar":
                s = vnode.style
                tag = _TAG_SHORT.get(vnode.tag, "")
                if s in ("|", ">"):
                    style = "block"
                elif s in ('"', "'"):
                    style = s
                    raw = text[vs + 1 : ve - 1]
                    if raw == vnode.value:
                        inner_s, inner_e = vs + 1, ve - 1
                elif vnode.value == "" and tag == "null":
                    style = "empty"
                else:
                    style = None
                    if text[vs:ve] == vnode.value:
                        inner_s, inner_e = vs, ve
            else:
                style = "collection"
            entries.append(
                Entry(
                    key=str(key),
                    key_start=content_start + knode.start_mark.index,
                    key_end=content_start + knode.end_mark.index,
                    value_start=vs,
                    value_end=ve,
                    value=value,
                    style=style,
                    inner_start=inner_s,
                    inner_end=inner_e,
                    tag=tag,
                )
            )
    except _BudgetExceeded:
        return [], ParseProblem(
            f"YAML expands to more than {max_nodes:,} nodes, counting every use of an alias "
            "(an alias bomb?); not read",
            content_start,
            kind="budget",
        )
    except RecursionError:
        return [], ParseProblem(
            "YAML nests too deeply (recursive alias?); not read", content_start, kind="budget"
        )
    return entries, None


# -- TOML ----------------------------------------------------------------------------------

_TOML_ERR_POS = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOML_TABLE = re.compile(r"[ \t]*\[\[?[ \t]*([^\]]+?)[ \t]*\]\]?[ \t]*(?:#.*)?$")


def _line_col_offset(content: str, line: int, col: int) -> int:
    """Offset in ``content`` of 1-based ``line``/``col`` (clamped)."""
    pos = 0
    for _ in range(line - 1):
        nl = content.find("\n", pos)
        if nl == -1:
            return len(content)
        pos = nl + 1
    return min(pos + max(col - 1, 0), len(content))


def toml_lines(
    text: str, content_start: int, content_end: int
) -> tuple[list[Entry], list[tuple[Entry, Entry]]]:
    """Key positions of a TOML block by a line scan: top-level keys (tables are entries
    whose key is the table name and value a dict), and duplicate keys within a table."""
    entries: list[Entry] = []
    dups: list[tuple[Entry, Entry]] = []
    seen: dict[tuple[str, str], Entry] = {}
    table = ""
    array_table = False
    pos = content_start
    in_multiline: str | None = None
    depth = 0
    while pos < content_end:
        nl = text.find("\n", pos, content_end)
        line_end = content_end if nl == -1 else nl
        line = text[pos:line_end].rstrip("\r")
        if in_multiline:
            if line.count(in_multiline) % 2 == 1:
                in_multiline = None
            pos = line_end + 1
            continue
        if depth > 0:
            depth += line.count("[") + line.count("{") - line.count("]") - line.count("}")
            depth = max(depth, 0)
            pos = line_end + 1
            continue
        tm = _TOML_TABLE.match(line)
        if tm and not _TOML_KEY.match(line):
            table = tm.group(1).strip()
            array_table = line.lstrip().startswith("[[")
            head = table.split(".")[0].strip().strip("\"'")
            if head and head.lower() not in {e.key.lower() for e in entries}:
                # the table's top-level name is a key of the block (``[menu.main]``)
                hs = pos + tm.start(1)
                entries.append(Entry(head, hs, hs + len(head), pos, line_end, {}, "collection"))
            if not array_table:
                ks = pos + tm.start(1)
                ent = Entry(table, ks, ks + len(table), pos, line_end, {}, "collection")
                if ("", table) in seen:
                    dups.append((seen[("", table)], ent))
                else:
                    seen[("", table)] = ent
            pos = line_end + 1
            continue
        km = _TOML_KEY.match(line)
        if km and not line.startswith((" ", "\t")) or km and table == "":
            key = km.group(1).strip("\"'")
            vs = km.end()
            while vs < len(line) and line[vs] in " \t":
                vs += 1
            raw = line[vs:]
            raw_v = _strip_toml_comment(raw)
            for q in ('"""', "'''"):
                if raw_v.startswith(q) and raw_v.count(q) == 1:
                    in_multiline = q
            if not in_multiline and raw_v[:1] in "[{":
                depth = raw_v.count("[") + raw_v.count("{") - raw_v.count("]") - raw_v.count("}")
                depth = max(depth, 0)
            value, style, a, b = classify_value(raw_v)
            if style is None and raw_v:
                value = _toml_scalar(raw_v)
            if raw_v[:1] in "[{" or in_multiline:
                style = "collection" if raw_v[:1] in "[{" else "block"
                a = b = -1
            ent = Entry(
                key,
                pos + km.start(1),
                pos + km.end(1),
                pos + vs,
                pos + vs + len(raw_v),
                value,
                style,
                pos + vs + a if a >= 0 else -1,
                pos + vs + b if b >= 0 else -1,
            )
            if not array_table:
                k = (table, key)
                if k in seen:
                    dups.append((seen[k], ent))
                else:
                    seen[k] = ent
            if table == "":
                entries.append(ent)
        pos = line_end + 1
    return entries, dups


def _strip_toml_comment(raw: str) -> str:
    """A TOML value without a trailing comment (quotes respected), right-stripped."""
    quote = None
    i = 0
    while i < len(raw):
        c = raw[i]
        if quote:
            if c == "\\" and quote == '"':
                i += 2
                continue
            if c == quote:
                quote = None
        elif c in "\"'":
            quote = c
        elif c == "#":
            return raw[:i].rstrip()
        i += 1
    return raw.rstrip()


_TOML_LINE = re.compile(r"([A-Za-z0-9_-]+)[ \t]*=[ \t]*(.*?)[ \t]*$")
_TOML_HEADER = re.compile(r"\[([A-Za-z0-9_-]+)\][ \t]*$")
_TOML_INT = re.compile(r"[+-]?(?:0|[1-9][0-9]*)")
# Control characters TOML allows nowhere unescaped (tab aside), and CR (left to tomllib).
_TOML_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def _toml_string(v: str, i: int) -> tuple[str, int] | None:
    """A basic or literal string without escapes starting at ``v[i]``: (value, end)."""
    q = v[i]
    j = v.find(q, i + 1)
    if j < 0 or (q == '"' and "\\" in v[i + 1 : j]) or "\t" in v[i + 1 : j] or "\n" in v[i + 1 : j]:
        return None
    return v[i + 1 : j], j + 1


def _toml_value(v: str) -> tuple[Any] | None:
    """A value: a string, a boolean, a plain integer or an array of strings (which may
    run over several lines, joined here by line breaks)."""
    if not v:
        return None
    if v[0] in "\"'":
        if v.startswith(('"""', "'''")):
            return None
        got = _toml_string(v, 0)
        return (got[0],) if got and got[1] == len(v) else None
    if v in ("true", "false"):
        return (v == "true",)
    if _TOML_INT.fullmatch(v):
        return (int(v),)
    if v[0] != "[" or v[-1] != "]":
        return None
    items: list[str] = []
    i, n = 1, len(v) - 1
    while True:
        while i < n and v[i] in " \t\n":
            i += 1
        if i == n:
            return (items,)
        if v[i] not in "\"'" or v.startswith(('"""', "'''"), i):
            return None
        got = _toml_string(v, i)
        if got is None or got[1] > n:
            return None
        items.append(got[0])
        i = got[1]
        while i < n and v[i] in " \t\n":
            i += 1
        if i == n:
            return (items,)
        if v[i] != ",":
            return None
        i += 1


def _simple_toml(content: str) -> dict | None:
    """The table of plain ``key = value`` lines and ``[table]`` headers (see
    ``_toml_value``), or None for anything else; tomllib reads the rest."""
    if "\r" in content or _TOML_BAD.search(content):
        return None
    data: dict[str, Any] = {}
    table = data
    lines = content.split("\n")
    k = 0
    while k < len(lines):
        line = lines[k]
        k += 1
        if not line or line.startswith("#"):
            continue
        m = _TOML_LINE.match(line)
        if m is not None:
            key, raw = m.groups()
            if raw == "[":  # an array over several lines, up to a line ending in "]"
                while k < len(lines) and not raw.endswith("]"):
                    raw += "\n" + lines[k].rstrip(" \t")
                    k += 1
            value = _toml_value(raw)
            if value is None or key in table:
                return None
            table[key] = value[0]
            continue
        h = _TOML_HEADER.match(line)
        if h is None or h.group(1) in data:
            return None
        table = data[h.group(1)] = {}
    return data


def parse_toml(
    text: str, content_start: int, content_end: int
) -> tuple[dict | None, ParseProblem | None]:
    content = text[content_start:content_end]
    simple = _simple_toml(content)
    if simple is not None:
        return simple, None
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        return tomllib.loads(content), None
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        line = getattr(exc, "lineno", None)
        col = getattr(exc, "colno", None)
        m = _TOML_ERR_POS.search(msg)
        if line is None and m:
            line, col = int(m.group(1)), int(m.group(2))
        reason = _TOML_ERR_POS.sub("", getattr(exc, "msg", msg)).strip()
        offset = content_start + (_line_col_offset(content, line, col or 1) if line else 0)
        return None, ParseProblem(f"TOML does not parse: {reason}", min(offset, content_end))


# -- JSON ----------------------------------------------------------------------------------


def parse_json(text: str, start: int, end: int) -> tuple[list[Entry], ParseProblem | None]:
    """Top-level entries of a JSON object (Hugo JSON front matter), duplicates kept."""
    import json

    content = text[start:end]
    pairs_top: list[list[tuple[str, Any]]] = []

    def hook(pairs):
        pairs_top.append(pairs)
        return dict(pairs)

    try:
        obj, _ = json.JSONDecoder(object_pairs_hook=hook).raw_decode(content)
    except json.JSONDecodeError as exc:
        return [], ParseProblem(f"JSON does not parse: {exc.msg}", start + exc.pos)
    if not isinstance(obj, dict):
        return [], ParseProblem("JSON front matter is not an object", start, kind="shape")
    values = pairs_top[-1] if pairs_top else []
    spans = _json_key_spans(content)
    entries = []
    for i, (key, value) in enumerate(values):
        if i >= len(spans):
            break
        ks, ke, vs, ve = spans[i]
        raw = content[vs:ve]
        style = '"' if raw.startswith('"') else ("collection" if raw[:1] in "[{" else None)
        exact = style == '"' and "\\" not in raw
        entries.append(
            Entry(
                key,
                start + ks + 1,
                start + ke - 1,
                start + vs,
                start + ve,
                value,
                "empty" if value in (None, "") else style,
                start + vs + 1 if exact else -1,
                start + ve - 1 if exact else -1,
            )
        )
    return entries, None


def _json_key_spans(content: str) -> list[tuple[int, int, int, int]]:
    """(key start, key end, value start, value end) of the top-level object's members."""
    out = []
    depth = 0
    i = 0
    n = len(content)
    key_span: tuple[int, int] | None = None
    value_start = -1
    last_string: tuple[int, int] | None = None
    while i < n:
        c = content[i]
        if c == '"':
            j = i + 1
            while j < n and content[j] != '"':
                j += 2 if content[j] == "\\" else 1
            last_string = (i, j + 1)
            i = j + 1
            continue
        if c in "{[":
            depth += 1
            if depth == 1 and c == "[":
                return out
        elif c in "}]":
            if depth == 1 and key_span and value_start >= 0:
                out.append((*key_span, value_start, _rstrip_at(content, value_start, i)))
                key_span = None
            depth -= 1
            if depth == 0:
                return out
        elif depth == 1 and c == ":" and last_string:
            key_span = last_string
            value_start = i + 1
            while value_start < n and content[value_start] in " \t\r\n":
                value_start += 1
        elif depth == 1 and c == "," and key_span:
            out.append((*key_span, value_start, _rstrip_at(content, value_start, i)))
            key_span = None
        i += 1
    return out


def _rstrip_at(content: str, start: int, end: int) -> int:
    while end > start and content[end - 1] in " \t\r\n":
        end -= 1
    return end
