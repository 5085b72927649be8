"""Finding front matter: the fenced block at the top, and metadata lines astray in the body.

This module only *locates* front matter so that the Document can keep it out of the
prose. Parsing it with positions is ``newslint.fmparse``; judging it is the job of the
front-matter rules (``newslint.checks.frontmatter``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .document import Document

#: Keys that static-site generators (Hugo, Jekyll, Zola, Hexo, Eleventy) use in front
#: matter. Lower case; matching is case-insensitive.
KNOWN_KEYS = frozenset(
    """
    title subtitle date lastmod publishdate publish_date expirydate updated author authors by
    byline tags categories category series draft slug description summary layout template
    aliases showtoc toc image images cover thumbnail featured_image keywords weight type url
    permalink canonical canonicalurl source lang language translationkey excerpt
    linktitle expirydate headless outputs sitemap published redirect_from redirect_to
    taxonomies eleventynavigation tocopen hidemeta disableshare hidesummary searchhidden
    showreadingtime showbreadcrumbs showpostnavlinks showwordcount editpost headline
    dateline kicker
    """.split()
)

_FENCE_YAML = re.compile(r"---[ \t]*\r?$")
_FENCE_TOML = re.compile(r"\+\+\+[ \t]*\r?$")
# A `key:` that starts a metadata line; the key may contain letters, digits, _ and -.
_KEY_LINE = re.compile(r"[ \t]*([A-Za-z_][\w-]{0,40})[ \t]*:(?:[ \t]|\r?$)")
# Any known key followed by a colon, anywhere on a line (keys run together).
_INLINE_KEY = re.compile(r"(?<![\w-])([A-Za-z_][\w-]{0,40}):[ \t]")


# A line that may open with a ``key:`` (an over-approximation of ``_KEY_LINE``); with a
# code fence (```` ``` ````, ``~~~``) or a code region opening (``<pre``, ``<!--``, ``{{<``,
# ``{{%``, ``{%``: over-approximations of ``_CODE_FENCE`` and ``_CODE_OPEN``) anywhere on
# it, it is a line where something can happen when nothing is open (``_next_candidate``).
_KEY_START = re.compile(r"[A-Za-z_][\w-]{0,40}[ \t]*:")
_CODE_FENCE = re.compile(r"(`{3,}|~{3,})")
# Regions whose lines are code or markup, not metadata: <pre>, HTML comments, and
# highlight/code/raw shortcodes and tags (Hugo, Jekyll/Liquid, Eleventy).
_CODE_OPEN = re.compile(
    r"(?P<pre><pre\b)|(?P<comment><!--)"
    r"|(?P<hugo>\{\{[<%]\s*(?:highlight|code|codeblock|raw)\b)"
    r"|(?P<liquid>\{%-?\s*(?:highlight|raw|codeblock|comment)\b)",
    re.I,
)
_CODE_CLOSE = {
    "pre": re.compile(r"</pre\s*>", re.I),
    "comment": re.compile(r"-->"),
    "hugo": re.compile(r"\{\{[<%]\s*/\s*(?:highlight|code|codeblock|raw)\s*[>%]\}\}"),
    "liquid": re.compile(r"\{%-?\s*end(?:highlight|raw|codeblock|comment)\s*-?%\}"),
}


@dataclass(slots=True)
class FrontMatter:
    """The front-matter block at the top of a file.

    ``start``/``end`` cover the whole block including fences and the final line break;
    ``content_start``/``content_end`` cover what is between the fences.
    """

    format: str  # yaml | toml | json
    start: int
    end: int
    content_start: int
    content_end: int
    closed: bool = True

    def content(self, text: str) -> str:
        return text[self.content_start : self.content_end]


@dataclass(slots=True)
class StrayMetadata:
    """Consecutive lines of ``key: value`` metadata found outside the top block."""

    start: int
    end: int
    line: int
    end_line: int
    #: (key, start offset of the key) for every key seen, in order
    keys: list[tuple[str, int]] = field(default_factory=list)
    #: A ``---``/``+++`` line directly above / below the run (included in the span).
    fence_above: bool = False
    fence_below: bool = False

    @property
    def fenced(self) -> bool:
        """Fenced on both sides (a half-fenced run is still missing a fence)."""
        return self.fence_above and self.fence_below


def _line_end(text: str, pos: int) -> int:
    """Offset after the line break of the line containing ``pos`` (or len(text))."""
    i = text.find("\n", pos)
    return len(text) if i == -1 else i + 1


def locate(text: str) -> FrontMatter | None:
    """Locate front matter at the very top of ``text`` (after a BOM has been removed)."""
    if text.startswith("---"):
        return _locate_fenced(text, _FENCE_YAML, "yaml")
    if text.startswith("+++"):
        return _locate_fenced(text, _FENCE_TOML, "toml")
    if text.startswith("{"):
        return _locate_json(text)
    return None


def _locate_fenced(text: str, fence: re.Pattern[str], fmt: str) -> FrontMatter | None:
    first_end = _line_end(text, 0)
    if not fence.match(
        text, 0, first_end - 1 if text[first_end - 1 : first_end] == "\n" else first_end
    ):
        return None
    pos = first_end
    n = len(text)
    while pos < n:
        end = _line_end(text, pos)
        line_stop = end - 1 if text[end - 1] == "\n" else end
        if fence.match(text, pos, line_stop):
            if fmt == "yaml" and not _looks_like_yaml_mapping(text, first_end, pos):
                return None
            if fmt == "yaml" and _prose_after_blank(text, first_end, pos):
                break  # the fence closing it is missing; that `---` is a rule in the body
            return FrontMatter(fmt, 0, end, first_end, pos, closed=True)
        pos = end
    # Unclosed: the block runs over the metadata-looking lines after the fence.
    pos = first_end
    while pos < n:
        end = _line_end(text, pos)
        line = text[pos:end].rstrip("\r\n")
        if not line.strip():
            break
        if not (_KEY_LINE.match(line) or line[:1] in " \t-#" or fmt == "toml" and line[:1] == "["):
            break
        pos = end
    if pos == first_end and fmt == "yaml":
        # A lone `---` followed by prose is a thematic break, not front matter.
        return None
    return FrontMatter(fmt, 0, pos, first_end, pos, closed=False)


_PROSE_LINE = re.compile(r"[^\W\d_][^:]*\s\S+[ \t]+\S")  # words with spaces, no `key:`


def _prose_after_blank(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` has, after a blank line, an unindented line of prose
    (which no YAML mapping can hold): the block's closing fence was lost and the body
    ran on to a thematic break."""
    pos = start
    blank = False
    while pos < end:
        line_end = _line_end(text, pos)
        line = text[pos:line_end].rstrip("\r\n")
        if not line.strip():
            blank = True
        else:
            if blank and line[:1] not in " \t-#[{'\"?!&*|>%" and not _KEY_LINE.match(line):
                if _PROSE_LINE.match(line):
                    return True
            blank = False
        pos = line_end
    return False


def _looks_like_yaml_mapping(text: str, start: int, end: int) -> bool:
    """Whether the first meaningful line of ``text[start:end]`` is a ``key:`` line (or
    the block is empty): a file that opens with a ``---`` thematic break followed by
    prose, with another ``---`` further down, has no front matter."""
    pos = start
    while pos < end:
        line_end = _line_end(text, pos)
        line = text[pos:line_end].rstrip("\r\n")
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return bool(_KEY_LINE.match(line)) or stripped.startswith(("{", "? "))
        pos = line_end
    return True


def _locate_json(text: str) -> FrontMatter | None:
    """Hugo's JSON front matter: a ``{`` object at the top, closed by a ``}`` line."""
    first_end = _line_end(text, 0)
    if text[1:first_end].strip() and not text[1:first_end].lstrip().startswith('"'):
        return None
    pos = first_end if text[1:first_end].strip() == "" else 0
    n = len(text)
    scan = pos
    while scan < n:
        end = _line_end(text, scan)
        if text[scan:end].rstrip() == "}":
            return FrontMatter("json", 0, end, 0, end, closed=True)
        scan = end
    return None


def known_keys(settings: object = None) -> frozenset[str]:
    """KNOWN_KEYS plus the ``known-keys`` of the ``[front-matter]`` config section."""
    extra = ()
    section = getattr(settings, "section", None)
    if section is not None:
        extra = section("front-matter").get("known-keys") or ()
    if not extra:
        return KNOWN_KEYS
    return KNOWN_KEYS | {str(k).lower() for k in extra}


def find_stray_metadata(doc: Document) -> list[StrayMetadata]:
    """Runs of metadata lines outside the top front matter.

    A run is reported when it is clearly metadata: a line whose first key is known and
    which holds two or more known keys (run together), or two or more consecutive lines
    that each start with a ``key:`` of which at least one is known. Fences (``---`` or
    ``+++``) directly around a run are included in it.
    """
    text = doc.text
    fm = doc.front_matter
    start_at = fm.end if fm else 0
    known = known_keys(doc.settings)
    lines = doc.lines
    first_line = lines.position(start_at)[0] if start_at < len(text) else lines.count + 1
    runs: list[StrayMetadata] = []
    current: list[tuple[int, int, int, list[tuple[str, int]]]] = []  # (line, start, end, keys)

    def close() -> None:
        if not current:
            return
        keys = [k for item in current for k in item[3]]
        found = [k for k, _ in keys if k.lower() in known]
        run_together = any(
            sum(1 for k, _ in item[3] if k.lower() in known) >= 2 for item in current
        )
        strong = len(current) >= 2 and len(found) >= 2 or run_together
        if strong and not run_together and _label_list(text, lines, current):
            strong = False
        if strong:
            runs.append(
                StrayMetadata(
                    start=current[0][1],
                    end=current[-1][2],
                    line=current[0][0],
                    end_line=current[-1][0],
                    keys=keys,
                )
            )
        current.clear()

    fence = ""  # the open code fence (``` or ~~~, with its length), if any
    closer: re.Pattern[str] | None = None  # the end of an open <pre>, comment, highlight
    last_line = lines.count
    ln = first_line - 1
    while ln < last_line:
        ln += 1
        s, e = lines.line_span(ln)
        if not current:
            # Go straight to the next line where something can happen (the lines skipped
            # would each reach a ``continue`` or an empty ``close()``).
            p = _next_line_of_note(text, s, fence, closer)
            if p == -1:
                break
            if p >= e:
                ln = lines.position(p)[0]
                s, e = lines.line_span(ln)
        line = text[s:e]
        stripped = line.lstrip()
        if fence:
            if stripped.startswith(fence) and not stripped[len(fence) :].strip(fence[0]).strip():
                fence = ""
            continue
        fm_ = _CODE_FENCE.match(stripped)
        if fm_:
            close()
            fence = fm_.group(1)
            continue
        if closer is not None:
            if closer.search(line):
                closer = None
            continue
        om = _CODE_OPEN.search(line) if "<" in line or "{" in line else None
        if om:
            kind = next(k for k, v in om.groupdict().items() if v)
            end_re = _CODE_CLOSE[kind]
            if not end_re.search(line, om.end()):
                close()
                closer = end_re
                continue
        # Metadata starts at column 1: indented lines are code or continuation.
        m = _KEY_LINE.match(line) if line[:1] not in " \t" else None
        if m and (m.group(1).lower() in known or current):
            keys = [(m.group(1), s + m.start(1))]
            for im in _INLINE_KEY.finditer(line, m.end()):
                if im.group(1).lower() in known:
                    keys.append((im.group(1), s + im.start(1)))
            current.append((ln, s, e, keys))
            continue
        if current and line.strip() and (line[:1] in " \t" or line.startswith("- ")):
            # a list or nested value under a key with no inline value (``tags:``)
            prev = current[-1]
            if not prev[3] or not text[prev[1] : prev[2]].split(":", 1)[1].strip():
                current.append((ln, s, e, []))
                continue
        close()
    close()
    _attach_fences(doc, runs)
    return runs


def _next_line_of_note(text: str, s: int, fence: str, closer: re.Pattern[str] | None) -> int:
    """An offset in the first line, from the line starting at ``s``, that
    ``find_stray_metadata`` must look at when no metadata run is open (-1: none).

    - In a code fence, only a line holding the fence string can close it.
    - In a region with a closing pattern, the first line where it matches is at or after
      the line where its first match in the rest of the text starts; a code fence line
      (which opens a fence even there) holds ````` or ``~~~``.
    - Otherwise, only a line with a code fence, a code region opening or a ``key:`` at its
      start can change anything (``_next_candidate``); the first line is always looked at.
    """
    if fence:
        return text.find(fence, s)
    if closer is not None:
        m = closer.search(text, s)
        found = [i for i in (text.find("```", s), text.find("~~~", s)) if i != -1]
        if m is not None:
            found.append(m.start())
        return min(found, default=-1)
    if s == 0:
        return 0
    return _next_candidate(text, s)


def _next_candidate(text: str, s: int) -> int:
    """The start of the first line from the line starting at ``s`` (> 0) that opens with a
    ``_KEY_START`` or holds a code fence or code region opening; -1 if there is none.

    A regex alternation of these scanned every character at ~74 instructions each; str.find
    goes to the few characters they start with. The text is searched in windows that
    double in width, so each call costs about the distance to what it finds, not the
    length of the rest of the text."""
    n = len(text)
    lo, width = s, 512
    while lo < n:
        hi = min(n, lo + width)
        found = _candidate_line_in(text, lo, hi)
        if found != -1:
            return found
        lo, width = hi, width * 2
    return -1


def _candidate_line_in(text: str, lo: int, hi: int) -> int:
    """``_next_candidate`` for a line whose code opening starts, or whose ``key:`` colon
    is, in ``[lo, hi)`` when no earlier window had one (-1: none)."""
    best = hi  # the earliest opening found so far; later ones cannot come first
    i = text.find("```", lo, best + 2)
    if i != -1:
        best = i
    i = text.find("~~~", lo, best + 2)
    if i != -1:
        best = i
    i = text.find("<", lo, best)
    while i != -1:
        after = text[i + 1 : i + 4]
        if after == "!--" or after.lower() == "pre":
            best = i
            break
        i = text.find("<", i + 1, best)
    i = text.find("{", lo, best)
    while i != -1:
        if text[i + 1 : i + 2] == "%" or text[i + 1 : i + 3] in ("{<", "{%"):
            best = i
            break
        i = text.find("{", i + 1, best)
    # Only a ``key:`` line before the opening's line comes first (its colon is before it).
    stop = text.rfind("\n", 0, best) + 1 if best < hi else hi
    c = text.find(":", lo, stop)
    while c != -1:
        line_start = text.rfind("\n", 0, c) + 1
        if _KEY_START.match(text, line_start):
            return line_start
        c = text.find("\n", c, stop)  # the key is at the line start: on to the next line
        if c == -1:
            break
        c = text.find(":", c, stop)
    return stop if best < hi else -1


_QUOTED_VALUE = re.compile(r"[^:]*:[ \t]*[\"'\u201c\u2018\u201e\u00ab]")


def _label_list(text: str, lines, current) -> bool:
    """Capitalised ``Label: value`` lines with plain values and no fence around them — a
    book box in a review (``Title: …`` / ``Author: …``) or Pelican/MultiMarkdown metadata —
    rather than front matter that lost its fences."""
    if not all(k[:1].isupper() for item in current for k, _ in item[3]):
        return False
    if any(_QUOTED_VALUE.match(text, item[1], item[2]) for item in current):
        return False
    first, last = current[0][0], current[-1][0]
    above = lines.line_text(first - 1).strip() if first > 1 else ""
    below = lines.line_text(last + 1).strip() if last < lines.count else ""
    if above in ("---", "+++") or below in ("---", "+++"):
        return False
    at_top = not text[: current[0][1]].strip()
    # In the body, keys no label list has (date, draft, slug, tags...) say "front matter".
    return at_top or not any(k.lower() in _SITE_KEYS for item in current for k, _ in item[3])


_SITE_KEYS = frozenset(
    "date draft slug tags categories layout showtoc lastmod publishdate aliases weight permalink".split()
)


def _attach_fences(doc: Document, runs: list[StrayMetadata]) -> None:
    lines = doc.lines
    for run in runs:
        if run.line > 1:
            above = lines.line_text(run.line - 1).strip()
            if above in ("---", "+++"):
                s, _ = lines.line_span(run.line - 1)
                run.start, run.line, run.fence_above = s, run.line - 1, True
        if run.end_line < lines.count:
            below = lines.line_text(run.end_line + 1).strip()
            if below in ("---", "+++"):
                _, e = lines.line_span(run.end_line + 1)
                run.end, run.end_line, run.fence_below = e, run.end_line + 1, True
