"""NL1xx: front matter — fences, placement, syntax, keys, dates, repeated blocks, titles.

Every rule reads one shared analysis of the document (``analyze``), built once per
document: the top block (YAML, TOML or JSON, parsed with positions by
``newslint.fmparse``) and every metadata run found astray in the body (parsed by the
loose ``key: value`` splitter). The ``--fix`` repair is one rewrite of all of them into a
single ``---`` fenced YAML block at the top (see ``_rewrite_fix``).

Configuration: the ``[front-matter]`` section (``[tool.newslint.front-matter]`` in
pyproject.toml); see docs/front-matter.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..finding import Severity
from ..fmparse import (
    CURLY_PAIRS,
    DEFAULT_MAX_NODES,
    Entry,
    ParsedBlock,
    ParseProblem,
    parse_json,
    parse_loose,
    parse_toml,
    parse_yaml,
    toml_lines,
)
from ..frontmatter import known_keys
from ..hookspecs import hookimpl
from ..rule import Rule

if TYPE_CHECKING:
    from ..config import Settings
    from ..document import Document
    from ..finding import Fix

SECTION = "front-matter"

DEFAULTS: dict[str, Any] = {
    # Keys every article's front matter must have (NL107).
    "required": ["title", "date"],
    # Also require front matter (and so the required keys) in files that have none.
    "require-front-matter": False,
    # Keys whose value must not be empty (NL111), besides the required ones.
    "non-empty": ["title", "date", "author", "slug"],
    # Keys holding dates (NL108).
    "date-keys": [
        "date",
        "lastmod",
        "publishdate",
        "publish_date",
        "expirydate",
        "expiry_date",
        "updated",
        "published",
        "pubdate",
        "created",
        "modified",
    ],
    # Accepted date formats: "iso8601" (what Hugo, Jekyll and Zola accept) and/or
    # strftime patterns such as "%d %B %Y".
    "date-formats": ["iso8601"],
    # Largest front matter read, in characters (bigger is reported, not parsed).
    "max-size": 65_536,
    # Budget of YAML nodes visited when reading a block (alias bombs stop here).
    "max-nodes": DEFAULT_MAX_NODES,
    # Extra keys that mark a `key: value` line as metadata (besides the built-in list).
    "known-keys": [],
}

#: Keys that satisfy a required ``date`` (publication-date synonyms).
_DATE_SYNONYMS = ("date", "publishdate", "publish_date", "published", "pubdate", "created")
#: Keys whose value may carry the publication date in a path (Zola's ``path``).
_PATH_KEYS = ("path", "url", "permalink", "slug", "aliases")
_DATE_IN_PATH = re.compile(r"(?<!\d)(\d{4})[-/](\d{2})[-/](\d{2})(?!\d)")


def options(settings: Settings | None) -> dict[str, Any]:
    section = settings.section(SECTION) if settings is not None else {}
    return {**DEFAULTS, **(section or {})}


# -- the shared analysis -------------------------------------------------------------------


@dataclass
class Analysis:
    """Every front-matter block of a document, parsed once for all NL1xx rules."""

    blocks: list[ParsedBlock] = field(default_factory=list)
    top: ParsedBlock | None = None
    body_start: int | None = None  # source offset of the first prose block
    _fix: Any = None
    _fix_done: bool = False


def analyze(doc: Document, settings: Settings | None) -> Analysis:
    cached = doc.__dict__.get("_newslint_fm")
    if cached is not None:
        return cached
    opts = options(settings)
    known = known_keys(settings)
    text = doc.text
    an = Analysis()
    if doc.stray_metadata:
        blocks = doc.blocks  # prose extraction only when placement must be judged
        an.body_start = blocks[0].start if blocks else None
    fm = doc.front_matter
    if fm is not None:
        an.top = _parse_top(doc, fm, opts, known)
        an.blocks.append(an.top)
    for run in () if _project_file(doc.path) else doc.stray_metadata:
        cs, ce = run.start, run.end
        lines = doc.lines
        if run.fence_above:
            cs = lines.line_span(run.line + 1)[0]
        if run.fence_below:
            ce = lines.line_span(run.end_line)[0]
        entries, rt = parse_loose(text, cs, ce, known)
        before_body = an.body_start is None or an.body_start > run.start
        block = ParsedBlock(
            "loose",
            run.start,
            run.end,
            cs,
            ce,
            entries,
            top=before_body and fm is None and not an.blocks,
            fenced=run.fenced,
            fence_above=run.fence_above,
            fence_below=run.fence_below,
            run_together=rt,
            loose_entries=entries,
        )
        an.blocks.append(block)
    doc.__dict__["_newslint_fm"] = an
    return an


_PROJECT_FILES = frozenset(
    "readme changelog changes contributing license licence code_of_conduct security authors history".split()
)


def _project_file(path: str) -> bool:
    """README, CHANGELOG and the like document front matter rather than carry it: metadata
    runs in their body are examples, not stray front matter."""
    import os

    return os.path.splitext(os.path.basename(path))[0].lower() in _PROJECT_FILES


def _parse_top(doc: Document, fm: Any, opts: dict[str, Any], known: frozenset[str]) -> ParsedBlock:
    text = doc.text
    block = ParsedBlock(fm.format, fm.start, fm.end, fm.content_start, fm.content_end)
    size = fm.content_end - fm.content_start
    limit = int(opts["max-size"])
    if limit and size > limit:
        block.problem = ParseProblem(
            f"front matter is {size:,} characters, over max-size ({limit:,}); not read",
            fm.start,
            kind="size",
        )
        return block
    sep = "=" if fm.format == "toml" else ":"

    def read_loosely() -> None:
        block.loose_entries, block.run_together = parse_loose(
            text, fm.content_start, fm.content_end, known, sep
        )

    # The loose view is what an unclosed or unparsable block is read as, and where curly
    # quotes delimit values. A block the strict parser reads uses it only for the latter
    # (_curly_entries): without a curly quote in the block, it is not made (left empty).
    if not fm.closed:
        if fm.format in ("yaml", "toml"):
            read_loosely()
        fence = "---" if fm.format == "yaml" else "+++"
        block.problem = ParseProblem(
            f"front matter opened with {fence} is never closed", fm.start, kind="unclosed"
        )
        block.entries = block.loose_entries
        return block
    if fm.format == "yaml":
        entries, problem = parse_yaml(
            text, fm.content_start, fm.content_end, int(opts["max-nodes"])
        )
        block.problem = problem
        block.parsed = problem is None
        if problem is None:
            if _has_curly_quote(text, fm.content_start, fm.content_end):
                read_loosely()
            block.entries = entries
            # A parsed block has no run-together keys (they would not parse).
            block.run_together = {}
        else:
            read_loosely()
            block.entries = block.loose_entries
    elif fm.format == "toml":
        _data, problem = parse_toml(text, fm.content_start, fm.content_end)
        block.problem = problem
        block.parsed = problem is None
        block.entries, block.dups = toml_lines(text, fm.content_start, fm.content_end)
        if problem is None:
            if _has_curly_quote(text, fm.content_start, fm.content_end):
                read_loosely()
            block.run_together = {}
        else:
            read_loosely()
            if block.run_together:
                block.entries = block.loose_entries  # the line scan would see one key per line
    else:
        block.entries, block.problem = parse_json(text, fm.content_start, fm.content_end)
        block.parsed = block.problem is None
    return block


def _has_curly_quote(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` has a quote that can open a curly-quoted value."""
    return any(text.find(q, start, end) != -1 for q in CURLY_PAIRS)


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _line_stop(text: str, offset: int) -> int:
    i = text.find("\n", offset)
    i = len(text) if i == -1 else i
    if i > offset and text[i - 1] == "\r":
        i -= 1
    return i


def _curly_entries(block: ParsedBlock) -> list[Entry]:
    """Values delimited by curly quotes in a block (loose view of its lines; a parsed top
    block without a curly quote has no loose view, and no such value)."""
    source = block.loose_entries if block.format != "json" else []
    return [e for e in source if e.style == "curly"]


def _bad_date_on_line(doc: Document, block: ParsedBlock, line_start: int, opts: dict) -> bool:
    date_keys = {str(k).lower() for k in opts["date-keys"]}
    formats = [str(f) for f in opts["date-formats"]] or ["iso8601"]
    for e in block.entries:
        if e.key.lower() in date_keys and _line_start(doc.text, e.key_start) == line_start:
            if isinstance(e.value, str) and e.value and check_date(e.value, formats):
                return True
    return False


def _readable(block: ParsedBlock) -> bool:
    """Whether the block's keys are known: it parsed, or its problem is one the loose
    reading explains (an unclosed fence, keys run together, curly-quote delimiters)."""
    p = block.problem
    if p is None:
        return True
    if p.kind == "unclosed":
        return True
    return p.kind == "syntax" and bool(block.run_together or _curly_entries(block))


def _needs_rewrite(an: Analysis) -> bool:
    """Whether repairing needs the whole-block rewrite (rather than per-value edits)."""
    if any(b is not an.top for b in an.blocks):
        return True  # metadata outside the top block: it has to move
    top = an.top
    if top is None:
        return False
    if top.problem is not None and top.problem.kind == "unclosed":
        return True
    return bool(top.run_together)


# -- values --------------------------------------------------------------------------------


def _norm(value: str) -> str:
    from ..document import normalize

    return normalize(value).strip("\"'")


_ISO_DATE = re.compile(
    r"""(\d{4})-(\d{1,2})-(\d{1,2})
    (?:(?:[Tt]|[ ]+)(\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?
       (?:[ ]*(?:[Zz]|([+-])(\d{2})(?::?(\d{2}))?))?
       (?:[ ]+[A-Z]{2,5})?
    )?""",
    re.X,
)


# English month names (calendar.month_name in the C locale newslint runs in); calendar
# itself costs milliseconds to import.
_MONTHS = (
    "January February March April May June July August September October November December"
).split()


def _days_in_month(year: int, month: int) -> int:
    """``calendar.monthrange(year, month)[1]``."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def valid_iso_date(value: str) -> str | None:
    """None if ``value`` is an ISO 8601 / RFC 3339 date or datetime that Hugo, Jekyll
    and Zola accept; otherwise the reason it is not."""
    m = _ISO_DATE.fullmatch(value.strip())
    if not m:
        return "not ISO 8601 (YYYY-MM-DD, optionally with a time and an offset)"
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not 1 <= month <= 12:
        return f"month {month} does not exist"
    last = _days_in_month(year, month)
    if not 1 <= day <= last:
        return f"day {day} does not exist in {_MONTHS[month - 1]} {year}"
    if m.group(4) is not None:
        hour, minute = int(m.group(4)), int(m.group(5))
        second = int(m.group(6) or 0)
        if hour > 23 or minute > 59 or second > 60:
            return f"time {m.group(4)}:{m.group(5)} is out of range"
        if m.group(8) is not None and (int(m.group(8)) > 14 or int(m.group(9) or 0) > 59):
            return "UTC offset is out of range"
    return None


def check_date(value: str, formats: list[str]) -> str | None:
    """None if ``value`` matches one of the configured formats, else the reason."""
    reasons = []
    for fmt in formats:
        if fmt.lower() in ("iso8601", "iso", "rfc3339"):
            reason = valid_iso_date(value)
            if reason is None:
                return None
            reasons.append(reason)
        else:
            from datetime import datetime  # only for formats other than ISO 8601

            try:
                datetime.strptime(value.strip(), fmt)
                return None
            except ValueError:
                reasons.append(f"not in the format {fmt!r}")
    return (
        reasons[0]
        if len(reasons) == 1
        else "not in any configured date format (" + ", ".join(formats) + ")"
    )


# -- rules ---------------------------------------------------------------------------------


class _FrontMatterRule(Rule):
    category = "front-matter"


class UnfencedFrontMatter(_FrontMatterRule):
    """Front matter without fences: ``key: value`` metadata lines with no ``---`` around them.

    **What it does.** Finds runs of lines that are clearly metadata — known keys such as
    ``title``, ``date``, ``author``, ``tags``, ``draft``, ``slug`` (or keys configured in
    ``known-keys``), two or more of them on consecutive lines or run together on one
    line — with no fence around them, at the top of the file or anywhere in the body.

    **Why it matters.** Without fences the site generator does not read them: the
    metadata is published as a paragraph of the article and the page has no title or
    date. A lone ``By Jane Doe`` byline, a single ``Note: ...`` line, examples inside code,
    ``<pre>`` or comments, and capitalised label lists with plain values (a book box:
    ``Title: …`` / ``Author: …`` / ``Publisher: …``) are not reported.

    **Bad**::

        title: Floods hit the coast
        date: 2024-03-02

        Heavy rain ...

    **Good**::

        ---
        title: Floods hit the coast
        date: 2024-03-02
        ---

        Heavy rain ...

    **Fix.** ``--fix`` rewrites every front-matter block of the file as one ``---``
    fenced YAML block at the top (safe when no value is dropped).
    """

    code = "NL101"
    name = "unfenced-front-matter"
    severity = Severity.ERROR
    summary = "Front-matter keys without --- fences"
    fixable = True

    def check(self, doc, settings):
        an = analyze(doc, settings)
        for block in an.blocks:
            if block.format != "loose" or block.fenced:
                continue
            keys = ", ".join(dict.fromkeys(e.key for e in block.entries))
            start = block.start
            if block.fence_above:
                msg = f"front matter without its closing --- fence ({keys})"
            elif block.fence_below:
                msg = f"front matter without its opening --- fence ({keys})"
            else:
                msg = f"front matter without --- fences ({keys})"
            start = block.content_start
            yield self.finding(
                doc,
                start,
                _line_stop(doc.text, start),
                msg,
                fix=_rewrite_fix(doc, an, settings),
            )


class MisplacedFrontMatter(_FrontMatterRule):
    """Front matter that is not at the top of the file.

    **What it does.** Reports a metadata block (fenced or not) that comes after body
    text, and every second or third block pasted further down the file.

    **Why it matters.** Site generators read front matter only at the very top; a block
    lower down is rendered as text in the middle of the article.

    **Bad**::

        Heavy rain flooded the coast on Saturday.

        title: "Floods hit the coast"
        date: 2024-03-02

    **Good**: the block at line 1, fenced with ``---``.

    **Fix.** ``--fix`` moves it into the single fenced block at the top (safe when its
    values agree with the rest; unsafe when it has to drop disagreeing values).
    """

    code = "NL102"
    name = "misplaced-front-matter"
    severity = Severity.ERROR
    summary = "Front matter after body text, or a second block"
    fixable = True

    def check(self, doc, settings):
        an = analyze(doc, settings)
        first: ParsedBlock | None = an.top
        for block in an.blocks:
            if block is an.top:
                continue
            if block.top and first is None:
                first = block
                if block.fenced and block.start > 0:
                    yield self.finding(
                        doc,
                        block.start,
                        _line_stop(doc.text, block.start),
                        "front matter must start on line 1 (site generators ignore it otherwise)",
                        fix=_rewrite_fix(doc, an, settings),
                    )
                continue
            end = _line_stop(doc.text, block.content_start)
            if first is not None:
                line = doc.lines.position(first.start)[0]
                msg = f"another front-matter block (the first is at line {line})"
                related = [
                    doc.location(first.start, _line_stop(doc.text, first.start), "first block")
                ]
            else:
                body_line = doc.lines.position(an.body_start or 0)[0]
                msg = f"front matter is not at the top of the file (body text starts at line {body_line})"
                related = []
                first = block
            yield self.finding(
                doc,
                block.content_start,
                end,
                msg,
                related=related,
                fix=_rewrite_fix(doc, an, settings),
            )


class InvalidFrontMatter(_FrontMatterRule):
    """Front matter that does not parse as YAML, TOML or JSON, or whose fence is never closed.

    **What it does.** Parses the block at the top (``---`` YAML, ``+++`` TOML, ``{``
    JSON) and reports the parser's error at its line and column in the file. YAML is
    composed without expanding aliases; a block whose aliases expand past ``max-nodes``
    (an alias bomb) and a block larger than ``max-size`` are reported instead of read.

    **Why it matters.** A block that does not parse breaks the build, or (with some
    generators) silently publishes the page without any metadata.

    **Bad**::

        ---
        title: Floods hit the coast
        tags: [weather, coast
        ---

    **Good**::

        ---
        title: Floods hit the coast
        tags: [weather, coast]
        ---

    Problems explained by NL104 (keys run together) or NL105 (curly quotes) are reported
    by those rules only.

    **Fix.** Repair the syntax at the position given. An unclosed fence is closed by
    ``--fix`` (the rewrite of NL101).
    """

    code = "NL103"
    name = "invalid-front-matter"
    severity = Severity.ERROR
    summary = "Front matter that does not parse (or an unclosed fence)"
    fixable = True

    def check(self, doc, settings):
        an = analyze(doc, settings)
        top = an.top
        if top is None or top.problem is None:
            return
        p = top.problem
        text = doc.text
        if p.kind == "syntax":
            line_start = _line_start(text, p.offset)
            if line_start in top.run_together:
                return
            if any(_line_start(text, e.value_start) == line_start for e in _curly_entries(top)):
                return
            dups = top.dups
            if dups and "overwrite" in p.message:
                return
            if _bad_date_on_line(doc, top, line_start, options(settings)):
                return  # TOML refuses 2024-13-45 as a value: NL108 explains it
        if p.kind == "unclosed":
            yield self.finding(
                doc,
                top.start,
                _line_stop(text, top.start),
                p.message,
                fix=_rewrite_fix(doc, an, settings),
            )
            return
        end = _line_stop(text, p.offset)
        yield self.finding(doc, p.offset, max(end, p.offset), p.message)


class RunTogetherKeys(_FrontMatterRule):
    """Several front-matter keys run together on one line.

    **What it does.** Finds metadata lines holding more than one ``key: value``, as
    pipelines produce when they strip line breaks: a known key after a value, or any
    ``Key:`` right after a quoted value. Text inside quotes is never split.

    **Why it matters.** YAML cannot read it (or reads everything after the first key as
    one long title).

    **Bad**::

        title: "Floods hit the coast" ShowToc: true date: 2024-03-02

    **Good**::

        title: "Floods hit the coast"
        ShowToc: true
        date: 2024-03-02

    **Fix.** ``--fix`` puts one key per line (part of the front-matter rewrite).
    """

    code = "NL104"
    name = "run-together-keys"
    severity = Severity.ERROR
    summary = "Several front-matter keys on one line"
    fixable = True

    def check(self, doc, settings):
        an = analyze(doc, settings)
        for block in an.blocks:
            for _line, entries in sorted(block.run_together.items()):
                extra = entries[1:]
                keys = ", ".join(e.key for e in entries)
                yield self.finding(
                    doc,
                    extra[0].key_start,
                    entries[-1].value_end,
                    f"{len(entries)} keys run together on one line ({keys})",
                    fix=_rewrite_fix(doc, an, settings),
                )


class CurlyQuoteDelimiters(_FrontMatterRule):
    """Curly (typographic) quotes used as string delimiters in front matter.

    **What it does.** Finds values that open with ``“`` (or ``‘``, ``„``, ``«``) and close
    with the matching curly quote. Curly quotes *inside* a value (``title: The “Go” way``
    or ``summary: It’s here``) are normal and not reported.

    **Why it matters.** YAML and TOML only know straight quotes: YAML keeps the curly
    quotes as part of the title (the page shows them), TOML refuses the file.

    **Bad**::

        title: “Floods hit the coast”

    **Good**::

        title: "Floods hit the coast"

    **Fix.** ``--fix`` replaces them with straight double quotes, escaping what needs it
    (safe: the intended value does not change).
    """

    code = "NL105"
    name = "curly-quote-delimiters"
    severity = Severity.WARNING
    summary = "Curly quotes used as front-matter string delimiters"
    fixable = True

    def check(self, doc, settings):
        an = analyze(doc, settings)
        rewrite = _needs_rewrite(an)
        for block in an.blocks:
            for e in _curly_entries(block):
                if rewrite:
                    fix = _rewrite_fix(doc, an, settings)
                else:
                    import json

                    fix = self.fix(
                        doc,
                        "replace the curly quotes with straight ones",
                        [(e.value_start, e.value_end, json.dumps(e.value, ensure_ascii=False))],
                    )
                yield self.finding(
                    doc,
                    e.value_start,
                    e.value_end,
                    f"curly quotes delimit the value of '{e.key}' (front matter needs straight quotes)",
                    fix=fix,
                )


class DuplicateKey(_FrontMatterRule):
    """A key given twice in one front-matter block.

    **What it does.** Compares the keys of each block (case-insensitively: Hugo folds
    key case) and reports the second occurrence, with the first as related location.

    **Why it matters.** Parsers keep one of the two silently (YAML the last, some
    generators the first), TOML refuses the file: what is published is a coin toss.

    **Bad**::

        title: Floods hit the coast
        date: 2024-03-02
        title: Storm floods the coast

    **Good**: one ``title``.

    **Fix.** Delete the copy you do not want.
    """

    code = "NL106"
    name = "duplicate-key"
    severity = Severity.ERROR
    summary = "Key given twice in one front-matter block"

    def check(self, doc, settings):
        an = analyze(doc, settings)
        for block in an.blocks:
            pairs = block.dups
            if pairs is None:
                pairs = []
                seen: dict[str, Entry] = {}
                for e in block.entries:
                    k = e.key.lower()
                    if k in seen:
                        pairs.append((seen[k], e))
                    else:
                        seen[k] = e
            for first, dup in pairs:
                yield self.finding(
                    doc,
                    dup.key_start,
                    dup.key_end,
                    f"key '{dup.key}' is given twice in this block",
                    related=[doc.location(first.key_start, first.key_end, f"first '{first.key}'")],
                )


class MissingRequiredKey(_FrontMatterRule):
    """A required front-matter key is missing (default: ``title`` and ``date``).

    **What it does.** Checks that the keys listed in ``required`` are present in the
    file's front matter (all blocks together). It applies to articles: files that have
    front matter and body prose.

    - Files without any front matter (a plain ``.txt`` article, a README) are skipped
      unless ``require-front-matter = true``.
    - Section and list pages (``_index.md``), redirects and pages with no prose (index
      templates) are skipped.
    - ``date`` is satisfied by a synonym (``publishDate``, ``published``...), by a date in
      the file name (Jekyll, Zola) or in a ``path``/``url``/``slug`` value. Static pages
      need none: files named like ``about``, ``contact``, ``privacy``, ``search``,
      ``404`` (or such a page bundle's ``index.md``), pages with a ``menu`` entry or a
      ``layout``/``type`` ``page``.
    - ``title`` is not required when the body opens with a level-1 heading (``# Title``),
      which several generators use as the title.

    **Why it matters.** A page without a title or a date sorts wrong, renders without a
    headline, or is dropped from feeds.

    **Bad**::

        ---
        title: Floods hit the coast
        ---

    **Good**::

        ---
        title: Floods hit the coast
        date: 2024-03-02
        ---

    **Fix.** Add the key. Configure with ``required = ["title", "date", "author"]``.
    """

    code = "NL107"
    name = "missing-required-key"
    severity = Severity.WARNING
    summary = "A required front-matter key is missing"

    def check(self, doc, settings):
        opts = options(settings)
        required = [str(k) for k in opts["required"]]
        if not required:
            return
        an = analyze(doc, settings)
        import os

        base = os.path.basename(doc.path)
        if base.lower().startswith("_index."):
            return
        if not an.blocks:
            if not opts["require-front-matter"] or not doc.blocks:
                return
            yield self.finding(
                doc,
                0,
                _line_stop(doc.text, 0),
                "no front matter (required keys: " + ", ".join(required) + ")",
            )
            return
        keys: set[str] = set()
        for block in an.blocks:
            if not _readable(block):
                return  # unreadable: NL103 says so, the keys are unknown
            keys |= block.keys()
        anchor = an.blocks[0]
        for key in required:
            low = key.lower()
            if low in keys:
                continue
            if low == "date" and (
                _date_elsewhere(doc, an, keys, base) or _page_like(doc, an, keys)
            ):
                continue
            if low == "title" and _title_from_heading(doc):
                continue
            if keys & _REDIRECT_KEYS:
                return
            if not doc.blocks:
                return  # no prose: a redirect stub, an index template, not an article
            yield self.finding(
                doc,
                anchor.start,
                _line_stop(doc.text, anchor.start),
                f"required key '{key}' is missing from the front matter",
            )


#: Pages (not articles) that go without a date: about, contact... (file or bundle name).
_PAGE_NAMES = frozenset(
    """about contact contacts privacy imprint impressum legal terms tos search archive
    archives tags categories 404 index home readme faq colophon now uses subscribe
    newsletter team authors cookies accessibility disclaimer sitemap""".split()
)
_PAGE_LAYOUTS = frozenset("page home index archive archives search list about static".split())
_REDIRECT_KEYS = frozenset("redirect redirect_to redirect_url redirecturl headless".split())


def _title_from_heading(doc: Document) -> bool:
    """The body opens with a level-1 heading (generators that take the title from it)."""
    blocks = doc.blocks
    if not blocks or blocks[0].kind != "heading":
        return False
    first = doc.lines.line_text(blocks[0].line).lstrip()
    return first.startswith("# ") or (
        blocks[0].end_line > blocks[0].line
        and doc.lines.line_text(blocks[0].end_line).strip().startswith("=")
    )


def _page_like(doc: Document, an: Analysis, keys: set[str]) -> bool:
    """A static page rather than an article: no date expected."""
    import os

    stem = os.path.splitext(os.path.basename(doc.path))[0].lower()
    if stem in ("index", "_index"):
        stem = os.path.basename(os.path.dirname(os.path.abspath(doc.path))).lower()
    if stem in _PAGE_NAMES or "menu" in keys or keys & _REDIRECT_KEYS:
        return True
    for block in an.blocks:
        for e in block.entries:
            if (
                e.key.lower() in ("layout", "type")
                and str(e.value).strip("\"'").lower() in _PAGE_LAYOUTS
            ):
                return True
    return False


def _date_elsewhere(doc: Document, an: Analysis, keys: set[str], base: str) -> bool:
    if any(k in keys for k in _DATE_SYNONYMS):
        return True
    if _DATE_IN_PATH.search(base):
        return True
    for block in an.blocks:
        for e in block.entries:
            if e.key.lower() in _PATH_KEYS and _DATE_IN_PATH.search(str(e.value)):
                return True
    return False


class InvalidDate(_FrontMatterRule):
    """A date that is not a valid date, or not in the configured formats.

    **What it does.** Checks the values of date keys (``date``, ``lastmod``,
    ``publishDate``, ``expiryDate``, ``updated``...; ``date-keys``). By default accepted
    is what Hugo, Jekyll and Zola read: ISO 8601 / RFC 3339 dates and datetimes, ``T``
    or a space before the time, fractional seconds, offsets ``Z``, ``+01:00`` or
    ``+0100`` (Jekyll's ``2016-03-05 18:00:00 -0500``), quoted or not. The calendar is
    checked too (no 31 April). ``date-formats`` may add strftime patterns.

    **Why it matters.** An unreadable date breaks the build or files the story under
    the wrong day.

    **Bad**::

        date: 2024-13-45
        date: 2020-08-31-20-01-53

    **Good**::

        date: 2024-03-02
        date: 2020-08-31T20:01:53+02:00

    **Fix.** Write the date in ISO 8601.
    """

    code = "NL108"
    name = "invalid-date"
    severity = Severity.ERROR
    summary = "Front-matter date that is not a valid date"

    def check(self, doc, settings):
        opts = options(settings)
        date_keys = {str(k).lower() for k in opts["date-keys"]}
        formats = [str(f) for f in opts["date-formats"]] or ["iso8601"]
        an = analyze(doc, settings)
        for block in an.blocks[:1]:  # repeats are NL109's business
            if block.format == "loose" and not block.fenced:
                continue  # unfenced metadata: NL101 first; dates are checked once fenced
            for e in block.entries:
                if e.key.lower() not in date_keys or e.style == "empty":
                    continue
                value = e.value
                if value is None or value == "":
                    continue
                if isinstance(value, (list, dict)):
                    reason = "it is a list or table"
                elif isinstance(value, bool):
                    reason = "it is a boolean"
                else:
                    value = str(value)
                    if (
                        len(value) >= 2
                        and value[0] in CURLY_PAIRS
                        and value[-1] in CURLY_PAIRS[value[0]]
                    ):
                        value = value[1:-1]  # curly delimiters: NL105's business
                    reason = check_date(value, formats)
                if reason:
                    import json

                    shown = (
                        e.value if isinstance(e.value, str) else json.dumps(e.value, default=str)
                    )
                    yield self.finding(
                        doc,
                        e.value_start,
                        e.value_end,
                        f"'{e.key}' value {shown!r} is not a valid date: {reason}",
                    )


class ConflictingBlocks(_FrontMatterRule):
    """Several front-matter blocks in one file whose values disagree.

    **What it does.** When a file holds more than one metadata block (pasted again
    further down, typically with another date or author), compares every later block
    with the first and reports each key whose value differs, with the first block's key
    as related location.

    **Why it matters.** Which date and which author are right? The file says three
    things at once; a reader (or the generator) picks one at random.

    **Bad**::

        title: "Floods hit the coast" date: "2024-03-02" author: "Ana Lima"
        ...
        title: "Floods hit the coast" date: "2024-02-11" author: "Tom Berg"

    **Good**: one block, one date, one author.

    **Fix.** ``--fix`` (unsafe) keeps the first block's values and names the dropped ones.
    """

    code = "NL109"
    name = "conflicting-front-matter"
    severity = Severity.ERROR
    summary = "Repeated front-matter blocks whose values disagree"
    fixable = True

    def check(self, doc, settings):
        an = analyze(doc, settings)
        if len(an.blocks) < 2:
            return
        first = an.blocks[0]
        firsts: dict[str, Entry] = {}
        for e in first.entries:
            firsts.setdefault(e.key.lower(), e)
        for block in an.blocks[1:]:
            for e in block.entries:
                f = firsts.get(e.key.lower())
                if f is None:
                    continue
                a, b = f.text_value, e.text_value
                if a is None or b is None or _norm(a) == _norm(b):
                    continue
                fline = doc.lines.position(f.key_start)[0]
                yield self.finding(
                    doc,
                    e.key_start,
                    e.value_end,
                    f"'{e.key}' is {b!r} here but {a!r} in the first block (line {fline})",
                    related=[doc.location(f.key_start, f.value_end, f"first block: {f.key}")],
                    fix=_rewrite_fix(doc, an, settings),
                )


#: Contractions a slugifier splits into two words ("don't" -> "Don T"); only pairs that
#: cannot be read any other way.
_CONTRACTIONS = frozenset(
    [
        (w, "t")
        for w in "don can won isn aren doesn didn wasn weren hasn haven hadn couldn shouldn wouldn mustn".split()
    ]
    + [(w, "s") for w in "it that what there here let".split()]
    + [(w, "re") for w in "you we they".split()]
    + [(w, "ve") for w in "you we they".split()]
    + [(w, "ll") for w in "you we they".split()]
)
_CONTRACTION_TAILS = frozenset(t for _, t in _CONTRACTIONS)
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
_VOWELS = set("aeiouyAEIOUYáéíóúàèìòùäëïöüâêîôûåæøœ")


class GarbledTitle(_FrontMatterRule):
    """A title garbled by a slugifier or a scraper.

    **What it does.** Compares the title's words with how the article itself writes
    them and reports, one finding per defect, at its column:

    - a possessive flattened to a lone capital ``S`` (``China S Xinjiang``) when the
      body writes ``China’s``/``China's`` and never ``China S``;
    - a contraction split in two (``Don T``, ``It S``, ``We Re``): only pairs that cannot
      be read another way, no body evidence needed;
    - an acronym whose case was lost (``Un Reports``) when the body writes ``UN`` and
      never ``Un``/``un`` as a word — or, for words that are also acronyms (``Who``), when
      the body spells it out (``World Health Organization``) and the title is no question;
    - a junk token (``Klmat``): a title-cased word that is no English word (wordfreq,
      loaded only when this rule runs), found nowhere in the body (nor any body word
      sharing its first four letters), and either the last word of the title or
      unpronounceable (it opens with three consonants no English word opens with, or
      has four in a row).

    Without a body of some length there is no evidence and the rule stays silent.

    **Bad**::

        title: "Un Reports Possible Crimes In China S Xinjiang Klmat"

    **Good**::

        title: "UN Reports Possible Crimes in China's Xinjiang"

    **Fix.** Restore the title by hand (the body shows the spelling).
    """

    code = "NL110"
    name = "garbled-title"
    severity = Severity.WARNING
    summary = "Title garbled: flattened possessive, lost acronym case, junk token"

    def check(self, doc, settings):
        an = analyze(doc, settings)
        title = None
        for block in an.blocks:
            title = block.first("title")
            if title is not None:
                break
        if title is None or title.inner_start < 0 or not isinstance(title.value, str):
            return
        # The source outside every front-matter block: a cheap first filter, so that the
        # prose (the real evidence) is extracted only for titles with a suspect word.
        raw, pos = [], 0
        for block in sorted(an.blocks, key=lambda b: b.start):
            raw.append(doc.text[pos : block.start])
            pos = max(pos, block.end)
        raw.append(doc.text[pos:])
        raw_body = " ".join(raw)
        # (split(maxsplit=29) stops at 30 words: the same test, without splitting it all)
        if len(raw_body.split(maxsplit=29)) < 30:
            return
        prose: list[str] = []

        def body() -> str:
            """The article's prose, or "" when it is too short to be evidence."""
            if not prose:
                joined = " ".join(b.text for b in doc.blocks)
                prose.append(joined if len(joined.split(maxsplit=29)) >= 30 else "")
            return prose[0]

        yield from self._defects(doc, title.value, title.inner_start, raw_body, body)

    def _defects(self, doc, text: str, base: int, raw_body: str, body):
        words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
        if not words:
            return
        raw_lower = body_lower = body_words = None
        for i, (w, s, e) in enumerate(words):
            # 0. a contraction split by a slugifier: "Don T", "We Re", "That S"
            if i > 0 and len(w) <= 2 and w.lower() in _CONTRACTION_TAILS:
                prev = words[i - 1]
                if (prev[0].lower(), w.lower()) in _CONTRACTIONS and text[prev[2] : s] == " ":
                    yield self.finding(
                        doc,
                        base + prev[1],
                        base + e,
                        f"'{prev[0]} {w}': apostrophe lost (\u201c{prev[0]}\u2019{w.lower()}\u201d)",
                    )
                    continue
            # 1. a lone S where the body has the possessive
            if w in ("S", "s") and 0 < i < len(words) - 1:
                prev, nxt = words[i - 1], words[i + 1]
                if prev[0][:1].isupper() and text[prev[2] : s] == " " and text[e : nxt[1]] == " ":
                    name = re.escape(prev[0])
                    possessive = rf"\b{name}['\u2019]s\b"
                    if (
                        re.search(possessive, raw_body)
                        and re.search(possessive, body())
                        and not re.search(rf"\b{name} [Ss]\b", body())
                    ):
                        yield self.finding(
                            doc,
                            base + prev[1],
                            base + nxt[2],
                            f"'{prev[0]} S {nxt[0]}': possessive lost (the article writes "
                            f"\u201c{prev[0]}\u2019s\u201d)",
                        )
                continue
            # 2. an acronym whose case was lost
            if 2 <= len(w) <= 5 and w[0].isupper() and w[1:].islower() and w.isalpha():
                caps = w.upper()
                word_re = rf"(?<![\w-]){re.escape(w)}(?![\w-])"
                # (the forms found ignoring case count only when two of them are the
                # acronym: most title words skip that scan of the whole body, as the
                # acronym is not twice in it as a whole word)
                raw_forms = []
                if _whole_word_at_least(raw_body, caps, 2):
                    raw_forms = re.findall(word_re, raw_body, re.I)
                all_forms = re.findall(word_re, body(), re.I) if raw_forms.count(caps) >= 2 else []
                only_caps = len(all_forms) >= 2 and all(f == caps for f in all_forms)
                # A word that is also an acronym ("who"/WHO, "us"/US): only when the
                # article spells the acronym out, and the title is no question.
                defined = (
                    not only_caps
                    and all_forms.count(caps) >= 2
                    and not text.rstrip().endswith("?")
                    and _acronym_defined(caps, body())
                )
                if only_caps or defined:
                    yield self.finding(
                        doc,
                        base + s,
                        base + e,
                        f"'{w}': acronym case lost (the article writes '{caps}')",
                    )
                    continue
            # 3. a junk token (slug residue)
            # Slug residue comes back title-cased; lower-case or CamelCase tokens are
            # names of things (crates, commands, brands).
            if len(w) >= 4 and w.isalpha() and w[0].isupper() and w[1:].islower():
                low = w.lower()
                last = i == len(words) - 1
                if not (last or _consonant_run(low) >= 4 or _odd_onset(low)):
                    continue
                # (a lower-case word in the text is in the lowered text: that cheaper
                # test first, and each text lowered once, when needed)
                if low in raw_body:
                    continue
                if raw_lower is None:
                    raw_lower = raw_body.lower()
                if low in raw_lower or not body() or low in body():
                    continue
                if body_lower is None:
                    body_lower = body().lower()
                if low in body_lower:
                    continue
                if body_words is None:
                    body_words = {bw.lower()[:4] for bw in _WORD.findall(body()) if len(bw) >= 4}
                if low[:4] in body_words:
                    continue
                from ..zipf import is_listed

                if is_listed(low):
                    continue
                yield self.finding(
                    doc,
                    base + s,
                    base + e,
                    f"'{w}' is not a word and appears nowhere in the article (slug residue?)",
                )


def _whole_word_at_least(text: str, word: str, n: int) -> bool:
    r"""Whether ``word`` occurs ``n`` times in ``text`` with neither a word character nor a
    hyphen on either side (as ``(?<![\w-])word(?![\w-])`` matches it)."""
    found = 0
    end = len(text)
    i = text.find(word)
    while i != -1:
        j = i + len(word)
        if not (i and (text[i - 1].isalnum() or text[i - 1] in "_-")) and not (
            j < end and (text[j].isalnum() or text[j] in "_-")
        ):
            found += 1
            if found >= n:
                return True
        i = text.find(word, i + 1)
    return False


_MINOR = frozenset("of for and the on in to de".split())


def _acronym_defined(caps: str, body: str) -> bool:
    """Whether the article introduces the acronym: ``(WHO)`` after a name, or a run of
    capitalised words whose initials spell it (``World Health Organization``)."""
    if f"({caps})" in body:
        return True
    words = re.findall(r"[^\W\d_]+", body)
    n = len(caps)
    for i, word in enumerate(words):
        if word[0] != caps[0] or not word[0].isupper():
            continue
        initials, j = [], i
        while j < len(words) and len(initials) < n:
            wj = words[j]
            if wj.lower() in _MINOR and initials:
                j += 1
                continue
            if not wj[0].isupper():
                break
            initials.append(wj[0])
            j += 1
        if "".join(initials) == caps and len(initials) == n and n >= 2:
            return True
    return False


_ONSETS3 = frozenset("str spr scr spl squ shr thr chr sch phr sph skr scl".split())


def _odd_onset(word: str) -> bool:
    """Three consonants opening a word that no English word opens with (``klm``)."""
    head = word[:3]
    return (
        len(head) == 3
        and all(c.isalpha() and c not in _VOWELS for c in head)
        and head not in _ONSETS3
    )


def _consonant_run(word: str) -> int:
    best = run = 0
    for c in word:
        if c.isalpha() and c not in _VOWELS:
            run += 1
            best = max(best, run)
        else:
            run = 0
    return best


class EmptyValue(_FrontMatterRule):
    """A front-matter key that needs a value is empty.

    **What it does.** Reports ``title:``, ``date: ""`` and the like for the keys in
    ``required`` and ``non-empty`` (default ``title``, ``date``, ``author``, ``slug``).
    Other keys may be empty (``description:`` in an archetype is normal).

    **Bad**::

        title:
        date: 2024-03-02

    **Good**::

        title: Floods hit the coast
        date: 2024-03-02

    **Fix.** Fill in the value, or remove the key.
    """

    code = "NL111"
    name = "empty-value"
    severity = Severity.WARNING
    summary = "Front-matter key that needs a value is empty"

    def check(self, doc, settings):
        opts = options(settings)
        needed = {str(k).lower() for k in (*opts["required"], *opts["non-empty"])}
        an = analyze(doc, settings)
        for block in an.blocks[:1]:  # repeats are NL109's business
            for e in block.entries:
                if e.key.lower() not in needed:
                    continue
                if e.style == "collection" or e.continuation:
                    continue
                v = e.value
                if v is None or (isinstance(v, str) and not v.strip()):
                    yield self.finding(doc, e.key_start, e.key_end, f"'{e.key}' has no value")


# -- the fix: one fenced YAML block at the top ----------------------------------------------

_PLAIN_OK = re.compile(r"[\w(][^:#\n]*")


def _yaml_value(e: Entry, text: str) -> str:
    """The value of a loose entry written for a YAML block (straight quotes)."""
    import json

    if e.style == "curly":
        out = json.dumps(e.value, ensure_ascii=False)
    elif e.style in ('"', "'"):
        out = text[e.value_start : e.value_end]
    elif e.style == "empty" or (e.style == "collection" and e.value == []):
        out = ""
    elif e.style == "block":
        out = text[e.value_start : e.value_end]
    else:
        raw = text[e.value_start : e.value_end]
        if raw[:1] in "[{" and _flow_collection(raw):
            out = raw  # a flow list or table (TOML arrays read the same in YAML)
        else:
            out = raw if _plain_roundtrips(raw) else json.dumps(raw, ensure_ascii=False)
    return (" " + out if out else "") + (
        "\n" + e.continuation.rstrip("\n") if e.continuation else ""
    )


def _flow_collection(raw: str) -> bool:
    import yaml

    try:
        loaded = yaml.load("k: " + raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return False
    return isinstance(loaded, dict) and isinstance(loaded.get("k"), (list, dict))


def _plain_roundtrips(raw: str) -> bool:
    if not _PLAIN_OK.fullmatch(raw) or raw.endswith(" "):
        return False
    import yaml

    try:
        loaded = yaml.load("k: " + raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return False
    return isinstance(loaded, dict) and list(loaded) == ["k"] and loaded["k"] is not None


def _blank_line_before(text: str, start: int) -> bool:
    """Whether the line before offset ``start`` (a line start) is blank (or absent)."""
    if start == 0:
        return False
    prev_start = text.rfind("\n", 0, start - 1) + 1
    return not text[prev_start:start].strip()


def _deletion(text: str, start: int, end: int) -> tuple[int, int]:
    """Span that removes lines ``[start, end)`` with their line break."""
    if end < len(text) and text[end] == "\r":
        end += 1
    if end < len(text) and text[end] == "\n":
        end += 1
        if end == len(text):
            # the run ends the file: take the blank lines before it as well
            while start >= 2 and text[start - 1] == "\n" and text[start - 2] in "\r\n":
                start -= 1
            if start >= 1 and text[start - 1] == "\r" and start >= 2 and text[start - 2] == "\n":
                start -= 1
        elif _blank_line_before(text, start):
            # between two blank lines: take the one after too, so one blank line remains
            m = re.match(r"[ \t]*\r?\n", text[end:])
            if m:
                end += m.end()
        return start, end
    # last line of the file: take the preceding line break instead
    s = start
    if s > 0 and text[s - 1] == "\n":
        s -= 1
        if s > 0 and text[s - 1] == "\r":
            s -= 1
    return s, end


def _rewrite_fix(doc: Document, an: Analysis, settings: Settings | None) -> Fix | None:
    if an._fix_done:
        return an._fix
    an._fix_done = True
    try:
        an._fix = _build_rewrite(doc, an)
    except Exception:  # never let a repair attempt break the check
        an._fix = None
    return an._fix


def _build_rewrite(doc: Document, an: Analysis) -> Fix | None:
    import json

    text = doc.text
    nl = "\r\n" if "\r\n" in text[:4000] else "\n"
    top = an.top
    if (
        top is not None
        and top.problem is not None
        and top.problem.kind in ("size", "budget", "shape")
    ):
        return None
    strays = [b for b in an.blocks if b is not top]
    keep_top_text = top is not None and top.parsed and not top.run_together
    if top is not None and top.format == "json":
        keep_top_text = True
    if top is not None and top.format == "yaml" and not keep_top_text and top.problem is not None:
        if (
            top.problem.kind not in ("unclosed",)
            and not top.run_together
            and not _curly_entries(top)
        ):
            return None  # a YAML error the rewrite would not repair
    if top is not None and top.format == "toml" and not top.parsed:
        # A TOML block broken by keys run together or curly quotes is rewritten as YAML,
        # when it has no tables (their nesting is not carried over).
        content = text[top.content_start : top.content_end]
        if not _readable(top) or re.search(r"(?m)^[ \t]*\[", content):
            return None

    merged: dict[str, Entry] = {}
    order: list[Entry] = []
    dropped: list[str] = []
    sources = ([top] if top is not None else []) + strays
    for block in sources:
        for e in block.entries:
            k = e.key.lower()
            if k in merged:
                a, b = merged[k].text_value, e.text_value
                if a is None or b is None or _norm(a) != _norm(b):
                    line = doc.lines.position(e.key_start)[0]
                    dropped.append(f"{e.key} {text[e.value_start : e.value_end]!s} (line {line})")
                continue
            merged[k] = e
            order.append(e)

    edits: list[tuple[int, int, str]] = []
    new_entries = [e for e in order if top is None or not keep_top_text or e not in top.entries]
    if keep_top_text:
        assert top is not None
        if new_entries:
            if top.format == "toml":
                lines = []
                for e in new_entries:
                    v = e.value
                    if isinstance(v, bool):
                        lines.append(f"{e.key} = {'true' if v else 'false'}")
                    elif isinstance(v, str) and e.style != "block" and not e.continuation:
                        if v in ("true", "false"):
                            lines.append(f"{e.key} = {v}")
                        else:
                            lines.append(f"{e.key} = {json.dumps(v, ensure_ascii=False)}")
                    else:
                        return None
                insert_at = _toml_insert_point(text, top)
                edits.append((insert_at, insert_at, nl.join(lines) + nl))
            elif top.format == "yaml":
                body = "".join(f"{e.key}:{_yaml_value(e, text)}{nl}" for e in new_entries)
                edits.append((top.content_end, top.content_end, body))
            else:
                return None
        new_block = None
    else:
        body = "".join(f"{e.key}:{_yaml_value(e, text)}{nl}" for e in order)
        new_block = f"---{nl}{body}---{nl}"
        if not _valid_yaml(body):
            return None

    first_stray = strays[0] if strays else None
    if new_block is not None:
        if top is not None:
            edits.append((top.start, top.end, new_block))
        elif first_stray is not None and first_stray.top and first_stray.start == 0:
            s, e = _deletion(text, first_stray.start, first_stray.end)
            edits.append((0, e, new_block))
            strays = strays[1:]
        else:
            edits.append((0, 0, new_block))
    for block in strays:
        s, e = _deletion(text, block.start, block.end)
        edits.append((s, e, ""))
    edits = _merge_touching(edits)
    if _overlapping(edits):
        return None
    if dropped:
        msg = (
            "rewrite the front matter as one fenced YAML block at the top, keeping the first block's values; dropped: "
            + "; ".join(dropped)
        )
    else:
        msg = "rewrite the front matter as one fenced YAML block at the top"
    return Rule.fix(doc, msg, edits, unsafe=bool(dropped))


def _merge_touching(edits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    edits = sorted(edits)
    out: list[tuple[int, int, str]] = []
    for s, e, t in edits:
        if out and out[-1][1] == s and out[-1][0] != out[-1][1] and s != e:
            ps, pe, pt = out[-1]
            out[-1] = (ps, e, pt + t)
        else:
            out.append((s, e, t))
    return out


def _overlapping(edits: list[tuple[int, int, str]]) -> bool:
    for (_s1, e1, _), (s2, _e2, _) in zip(edits, edits[1:], strict=False):
        if s2 < e1:
            return True
    return False


def _toml_insert_point(text: str, top: ParsedBlock) -> int:
    """After the last top-level key line of a TOML block (before its first table)."""
    m = re.search(r"(?m)^[ \t]*\[", text[top.content_start : top.content_end])
    return top.content_start + m.start() if m else top.content_end


def _valid_yaml(body: str) -> bool:
    import yaml

    try:
        data = yaml.load(body, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return False
    return isinstance(data, dict)


RULES = [
    UnfencedFrontMatter,
    MisplacedFrontMatter,
    InvalidFrontMatter,
    RunTogetherKeys,
    CurlyQuoteDelimiters,
    DuplicateKey,
    MissingRequiredKey,
    InvalidDate,
    ConflictingBlocks,
    GarbledTitle,
    EmptyValue,
]


@hookimpl
def newslint_rules():
    return [cls() for cls in RULES]


@hookimpl
def newslint_options():
    return {SECTION: {k: (list(v) if isinstance(v, list) else v) for k, v in DEFAULTS.items()}}
