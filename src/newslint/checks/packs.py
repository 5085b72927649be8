"""NL502 and the other pack rules: rules written as data in YAML rule packs.

Every rule of every pack (the packs shipped in ``rules/`` and the directories named by the
``rule-packs`` config key) becomes one :class:`PackRule`, listed by ``newslint rules`` and
explained by ``newslint rule CODE`` like any other rule. Loading and matching live in
``newslint.packs``; the format is documented in docs/rule-packs.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..finding import Finding, Severity
from ..hookspecs import hookimpl
from ..rule import Rule

if TYPE_CHECKING:
    from ..config import Settings
    from ..document import Document
    from ..packs import Match, RuleSpec


_PACKS = None


def _packs():
    """``newslint.packs``, imported on first use (start-up) and then kept: an import
    statement in each check costs a lookup per document and rule."""
    global _PACKS
    if _PACKS is None:
        from .. import packs

        _PACKS = packs
    return _PACKS


class PackRule(Rule):
    """A rule defined in a declarative rule pack; its explanation comes from the pack."""

    def __init__(self, spec: RuleSpec) -> None:
        self.spec = spec
        self.code = spec.code
        self.name = spec.name
        self.category = spec.category
        self.severity = Severity.parse(spec.severity)
        self.summary = spec.summary
        self.fixable = spec.fixable
        self.default_enabled = spec.enabled
        self.scope = "document"

    @property
    def explanation(self) -> str:
        return self.spec.explanation()

    @property
    def url(self) -> str | None:
        if self.spec.link:
            return self.spec.link
        if self.spec.shipped:
            return super().url
        return None

    def check(self, doc: Document, settings: Settings) -> Iterator[Finding]:
        PatternTimeout = _packs().PatternTimeout  # noqa: N806 (the class)

        spec = self.spec
        timeouts: list[PatternTimeout] = []
        try:
            if spec.type == "existence":
                yield from self._existence(doc, timeouts)
            elif spec.type == "substitution":
                yield from self._substitution(doc, timeouts)
            elif spec.type == "conflict":
                yield from self._conflict(doc, timeouts)
            else:
                finding = self._front_matter(doc)
                if finding is not None:
                    yield finding
        except PatternTimeout as exc:
            timeouts.append(exc)
        for exc in timeouts:
            yield self._timeout_finding(doc, exc)

    # -- prose types -----------------------------------------------------------------------

    def _existence(self, doc: Document, timeouts: list) -> Iterator[Finding]:
        render = _packs().render

        spec = self.spec
        assert spec.matcher is not None
        for m in spec.prose_matches(doc, spec.matcher, timeouts):
            start, end = m.folded.source_span(m.start, m.end)
            values = dict(m.groups, match=m.text)
            yield self.finding(doc, start, end, render(spec.message, values))

    def _substitution(self, doc: Document, timeouts: list) -> Iterator[Finding]:
        P = _packs()  # noqa: N806
        _match_case, fold, render = P._match_case, P.fold, P.render

        spec = self.spec
        assert spec.matcher is not None
        for m in spec.prose_matches(doc, spec.matcher, timeouts):
            start, end = m.folded.source_span(m.start, m.end)
            values = dict(m.groups, match=m.text)
            template = m.entry.replacement or ""
            replacement = render(template, values) if not m.entry.literal else template
            replacement = " ".join(replacement.split())
            if spec.ignore_case:
                replacement = _match_case(m.text, replacement)
            values["replacement"] = replacement
            fix = None
            source = doc.text[start:end]
            # Offer an edit only where the source is the matched prose itself (no markup
            # inside the span), so a fix never eats emphasis, links or code.
            if spec.fix != "none" and fold(source)[0] == m.text and replacement != m.text:
                s, e, new = _minimal_edit(source, replacement)
                fix = self.fix(
                    doc,
                    f"replace with \u201c{replacement}\u201d",
                    [(start + s, start + e, new)],
                    unsafe=spec.fix == "unsafe",
                )
            yield self.finding(doc, start, end, render(spec.message, values), fix=fix)

    def _conflict(self, doc: Document, timeouts: list) -> Iterator[Finding]:
        render = _packs().render

        spec = self.spec
        assert spec.first is not None and spec.second is not None

        def key(m: Match):
            if spec.within == "document":
                return 0
            if spec.within == "paragraph":
                return m.folded.block.index
            return (m.folded.block.index, m.folded.sentence_index(m.start))

        firsts: dict[object, Match] = {}
        for m in spec.prose_matches(doc, spec.first.matcher, timeouts):
            firsts.setdefault(key(m), m)
        if not firsts:
            return
        seconds: dict[object, Match] = {}
        for m in spec.prose_matches(doc, spec.second.matcher, timeouts):
            seconds.setdefault(key(m), m)
        for k, a in firsts.items():
            b = seconds.get(k)
            if b is None:
                continue
            a_span = a.folded.source_span(a.start, a.end)
            b_span = b.folded.source_span(b.start, b.end)
            if a_span[0] < b_span[1] and b_span[0] < a_span[1]:
                continue  # one stretch of text matched both sides: no conflict
            (later, lspan), (earlier, espan) = sorted(
                [(a, a_span), (b, b_span)], key=lambda x: x[1][0], reverse=True
            )
            values = dict(earlier.groups)
            values.update(later.groups)
            values.update(match=later.text, other=earlier.text)
            related = doc.location(espan[0], espan[1], render(spec.related, values))
            yield self.finding(
                doc, lspan[0], lspan[1], render(spec.message, values), related=[related]
            )

    # -- front-matter types ----------------------------------------------------------------

    def _front_matter(self, doc: Document) -> Finding | None:
        P = _packs()  # noqa: N806
        capitalization_problem, field_value, render = (
            P.capitalization_problem,
            P.field_value,
            P.render,
        )

        spec = self.spec
        found = field_value(doc, spec.field_name)
        if found is None:
            return None
        value, start, end = found
        values = {"field": spec.field_name, "value": value, "style": spec.style, "match": ""}
        if spec.type == "capitalization":
            bad = capitalization_problem(value, spec.style)
            if bad is None:
                return None
            values["match"] = value[bad[0] : bad[1]]
            return self.finding(doc, start + bad[0], start + bad[1], render(spec.message, values))
        if spec.require is not None:
            try:
                ok = spec.require.search(value, timeout=0.25) is not None
            except TimeoutError:
                return None
            if ok:
                return None
            return self.finding(doc, start, end, render(spec.message, values))
        try:
            m = spec.forbid.search(value, timeout=0.25)
        except TimeoutError:
            return None
        if m is None or m.end() == m.start():
            return None
        values["match"] = m.group()
        return self.finding(doc, start + m.start(), start + m.end(), render(spec.message, values))

    # -- a pattern that took too long ------------------------------------------------------

    def _timeout_finding(self, doc: Document, exc) -> Finding:
        entry = exc.entry
        start = doc.blocks[0].start if doc.blocks else doc.body_start
        line, col = doc.lines.position(start)
        return Finding(
            path=doc.path,
            code="NL902",
            name="rule-crashed",
            category="internal",
            severity=Severity.ERROR,
            message=(
                f"rule {self.code} ({self.name}): pattern {entry.source!r} "
                f"({self.spec.path}:{entry.line}) gave up after {exc.seconds:.2f} s on this "
                "file (catastrophic backtracking?); it is skipped for the rest of the run. "
                "Simplify the pattern."
            ),
            line=line,
            column=col,
            end_line=line,
            end_column=col,
            url=None,
            start=start,
            end=start,
        )


def _minimal_edit(old: str, new: str) -> tuple[int, int, str]:
    """The smallest whole-word edit turning ``old`` into ``new``: ``(start, end, text)``.

    Whitespace counts as equal to whitespace, so a line break inside the match survives.
    """

    def same(a: str, b: str) -> bool:
        return a == b or (a.isspace() and b.isspace())

    n = min(len(old), len(new))
    p = 0
    while p < n and same(old[p], new[p]):
        p += 1
    # back up to a word start so the edit replaces whole words
    while p > 0 and not old[p - 1].isspace():
        p -= 1
    s = 0
    while s < n - p and same(old[len(old) - 1 - s], new[len(new) - 1 - s]):
        s += 1
    while s > 0 and not old[len(old) - s].isspace():
        s -= 1
    return p, len(old) - s, new[p : len(new) - s]


def load_rules(settings: Settings | None) -> list[PackRule]:
    from ..packs import load_all

    dirs: list[str] = []
    root = "."
    path = None
    if settings is not None:
        dirs = list(settings.get("rule-packs") or [])
        root = settings.root
        path = settings.path
    return [PackRule(spec) for spec in load_all(dirs, root, path)]


@hookimpl
def newslint_rules(settings):
    return load_rules(settings)
