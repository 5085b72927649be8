"""The Rule contract every check, built in or third-party, fulfils.

A rule is a small class: metadata as class attributes, its documentation as the
docstring, and a ``check`` generator. Document rules look at one file; corpus rules
first ``summarize`` each file (in the worker that read it) and then ``check_corpus``
over every summary once all files are read.

    class LoremIpsum(Rule):
        '''Placeholder text left in an article. ...'''

        code = "EX001"
        name = "lorem-ipsum"
        category = "placeholder"
        summary = "Placeholder text (lorem ipsum) left in prose"

        def check(self, doc, settings):
            for block in doc.blocks:
                for m in PATTERN.finditer(block.text):
                    start, end = block.span(m.start(), m.end())
                    yield self.finding(doc, start, end, "placeholder text")
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from .finding import Edit, Finding, Fix, Location, Severity

if TYPE_CHECKING:
    from .config import Settings
    from .document import Document

DOCS_URL = "https://github.com/newslint/newslint/blob/main/docs/rules.md#{code}"


class Rule:
    """Base class for rules. Subclasses set the class attributes and implement ``check``."""

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    category: ClassVar[str] = ""
    severity: ClassVar[Severity] = Severity.WARNING
    summary: ClassVar[str] = ""
    scope: ClassVar[str] = "document"  # or "corpus"
    fixable: ClassVar[bool] = False
    #: Off unless selected explicitly (``--select``/``--extend-select``/config).
    default_enabled: ClassVar[bool] = True
    #: Documentation URL; ``{code}`` and ``{name}`` are filled in.
    url_template: ClassVar[str | None] = DOCS_URL

    # -- metadata ------------------------------------------------------------------------

    @property
    def explanation(self) -> str:
        """The long explanation: the class docstring, dedented."""
        return inspect.cleandoc(type(self).__doc__ or self.summary)

    @property
    def url(self) -> str | None:
        if not self.url_template:
            return None
        if self.url_template == DOCS_URL and not type(self).__module__.startswith("newslint."):
            return None  # a plugin's rule is not documented in newslint's docs
        return self.url_template.format(code=self.code.lower(), name=self.name)

    def __repr__(self) -> str:
        return f"<Rule {self.code} {self.name}>"

    # -- checking ------------------------------------------------------------------------

    def check(self, doc: Document, settings: Settings) -> Iterable[Finding]:
        """Yield the findings for one document (document-scope rules)."""
        return ()

    def summarize(self, doc: Document, settings: Settings) -> Any:
        """Corpus rules: a small, picklable summary of one document (hashes, sketches)."""
        return None

    def check_corpus(
        self, summaries: Sequence[tuple[str, Any]], settings: Settings
    ) -> Iterator[Finding]:
        """Corpus rules: findings across all documents, from their summaries."""
        return iter(())

    # -- helpers for building findings ---------------------------------------------------

    def finding(
        self,
        doc: Document,
        start: int,
        end: int,
        message: str,
        *,
        related: Iterable[Location] = (),
        fix: Fix | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding for source offsets ``start``..``end`` of ``doc``."""
        end = max(end, start)
        line, col = doc.lines.position(start)
        end_line, end_col = doc.lines.position(end)
        found = self.finding_at(
            doc.path,
            line,
            col,
            end_line,
            end_col,
            message,
            related=related,
            severity=severity,
            start=start,
            end=end,
        )
        return replace(found, fix=fix) if fix is not None else found

    def finding_at(
        self,
        path: str,
        line: int,
        column: int,
        end_line: int,
        end_column: int,
        message: str,
        *,
        related: Iterable[Location] = (),
        severity: Severity | None = None,
        start: int = -1,
        end: int = -1,
    ) -> Finding:
        """A finding at positions already resolved: for corpus rules, whose summaries
        carry line and column, and for findings the engine raises itself."""
        return Finding(
            path=path,
            code=self.code,
            name=self.name,
            category=self.category,
            severity=severity or self.severity,
            message=message,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            related=tuple(related),
            url=self.url,
            start=start,
            end=end,
        )

    @staticmethod
    def fix(
        doc: Document,
        message: str,
        edits: Iterable[tuple[int, int, str]],
        *,
        unsafe: bool = False,
    ) -> Fix:
        """A fix from ``(start, end, replacement)`` offset triples."""
        built = []
        for start, end, text in sorted(edits):
            line, col = doc.lines.position(start)
            end_line, end_col = doc.lines.position(end)
            built.append(Edit(start, end, text, line, col, end_line, end_col))
        return Fix(message, tuple(built), "unsafe" if unsafe else "safe")


def rule_matches(rule: Rule, selector: str) -> bool:
    """Whether ``selector`` (a code, code prefix, name or category) names ``rule``."""
    sel = selector.strip()
    if not sel:
        return False
    if sel.upper() == "ALL":
        return True
    if rule.code.upper().startswith(sel.upper()):
        return True
    low = sel.lower()
    return low == rule.name.lower() or low == rule.category.lower()


def sequence_of_rules(items: Iterable[Any]) -> list[Rule]:
    """Normalise what a ``newslint_rules`` hook returns: instances or Rule classes."""
    out = []
    for item in items or ():
        if isinstance(item, type) and issubclass(item, Rule):
            item = item()
        if not isinstance(item, Rule):
            raise TypeError(f"newslint_rules returned {item!r}, which is not a Rule")
        out.append(item)
    return out
