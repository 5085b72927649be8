"""NL6xx: grammar, spelling and style matches from LanguageTool (an optional backend).

Off until a backend is configured: ``--languagetool URL`` on the command line, or
``[languagetool] enabled = true`` with ``server = "http://…"`` or ``directory = "…"``
in the config (see docs/languagetool.md). The client, ``newslint.languagetool``, is
imported only when these rules run with a backend enabled; it needs the optional extra
``newslint[languagetool]`` (language-tool-python, GPL-3.0).

Three rules share one request per document and sort LanguageTool's matches by kind:

| code | name | LanguageTool matches | default |
|---|---|---|---|
| NL601 | ``languagetool-grammar`` | grammar, punctuation, casing, confused words, … | on (with a backend) |
| NL602 | ``languagetool-spelling`` | category ``TYPOS`` (names in news copy: noisy) | off |
| NL603 | ``languagetool-style`` | style, typography, redundancy, whitespace | off |

Each finding keeps LanguageTool's rule id in its name, ``lt/<RULE_ID>`` (for example
``lt/EN_A_VS_AN``), and in its message. ``--ignore lt/EN_A_VS_AN``, config ``ignore``,
``per-file-ignores``, ``<!-- newslint-disable-next-line lt/EN_A_VS_AN -->`` and
``severity`` tables all accept that name; ``lt/<CATEGORY_ID>`` (``lt/TYPOGRAPHY``)
ignores a whole LanguageTool category. ``[languagetool] disabled-rules`` keeps the
server from checking a rule at all.

A failing backend (refused connection, stalled server, HTTP error, no Java, no
installation) gives one NL904 finding for the run and never stops other rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from ..document import PLACEHOLDER
from ..finding import Severity
from ..hookspecs import hookimpl
from ..rule import Rule, rule_matches

if TYPE_CHECKING:
    from ..config import Settings
    from ..document import Block, Document
    from ..finding import Finding

SECTION = "languagetool"

#: ``[languagetool]``: keys and defaults (the defaults set each value's type).
OPTIONS: dict[str, Any] = {
    "enabled": False,  # the switch; --languagetool URL sets it together with server
    "server": "",  # URL of a running LanguageTool server, e.g. http://localhost:8081
    "directory": "",  # a LanguageTool installation (unzipped) newslint starts itself
    "allow-download": False,  # let language-tool-python download LanguageTool (~250 MB)
    "download-version": "",  # which version it downloads (default: its own default)
    "java": "java",  # the Java executable for a local installation
    "language": "en-US",  # or "auto", "en-GB", "de-DE", …
    "mother-tongue": "",
    "preferred-variants": [],
    "disabled-rules": [],  # LanguageTool rule ids the server does not check
    "enabled-rules": [],
    "enabled-only": False,  # check only enabled-rules / enabled-categories
    "disabled-categories": [],
    "enabled-categories": [],
    "picky": False,
    "username": "",  # LanguageTool Premium
    "api-key": "",
    "connect-timeout": 2.0,  # seconds
    "read-timeout": 5.0,  # seconds for one request's answer
    "startup-timeout": 10.0,  # seconds a local server may take to answer after starting
    "retry-after": 300.0,  # seconds before a long-lived process tries a failed backend again
    "max-request-chars": 20000,  # longer documents are sent in batches of whole blocks
}

#: LanguageTool categories and issue types that NL603 (style) reports; TYPOS and
#: ``misspelling`` are NL602; everything else is NL601.
STYLE_CATEGORIES = frozenset(
    {
        "STYLE",
        "TYPOGRAPHY",
        "REDUNDANCY",
        "PLAIN_ENGLISH",
        "WIKIPEDIA",
        "REPETITIONS_STYLE",
        "GENDER_NEUTRALITY",
        "REGIONALISMS",
        "CREATIVE_WRITING",
        "TEXT_ANALYSIS",
        "AMERICAN_ENGLISH_STYLE",
        "BRITISH_ENGLISH",
    }
)
#: Categories that are NL601 whatever their issue type (``UPPERCASE_SENTENCE_START`` is
#: CASING but "typographical").
GRAMMAR_CATEGORIES = frozenset(
    {
        "GRAMMAR",
        "PUNCTUATION",
        "CASING",
        "CONFUSED_WORDS",
        "COLLOCATIONS",
        "COMPOUNDING",
        "SEMANTICS",
        "NONSTANDARD_PHRASES",
        "FALSE_FRIENDS",
        "REPETITIONS",
    }
)
STYLE_ISSUE_TYPES = frozenset(
    {"style", "typographical", "whitespace", "register", "locale-violation"}
)


def kind_of(rule_id: str, category: str, issue_type: str) -> str:
    """``grammar``, ``spelling`` or ``style``: which NL6xx rule reports a match."""
    cat = (category or "").upper()
    issue = (issue_type or "").lower()
    if cat == "TYPOS" or issue == "misspelling":
        return "spelling"
    if cat in STYLE_CATEGORIES:
        return "style"
    if cat in GRAMMAR_CATEGORIES:
        return "grammar"
    return "style" if issue in STYLE_ISSUE_TYPES else "grammar"


def _previous_char(text: str, i: int) -> str:
    k = i - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    return text[k] if k >= 0 else ""


def _next_char(text: str, j: int) -> str:
    k = j
    while k < len(text) and text[k].isspace():
        k += 1
    return text[k] if k < len(text) else ""


def defers_to_newslint(rule_id: str, text: str, i: int, j: int) -> bool:
    """LanguageTool matches that repeat one of newslint's own findings at the same place.

    ``UPPERCASE_SENTENCE_START`` after a period that does not end the sentence is
    NL301's stray period (``secretary-general. of``) — or an abbreviation, where
    LanguageTool's advice would be wrong anyway. newslint's finding is the one kept.
    """
    if rule_id == "UPPERCASE_SENTENCE_START":
        return _previous_char(text, i) == "."
    return False


def near_placeholder(text: str, i: int, j: int) -> bool:
    """A match on or right next to code, a URL or a shortcode judges what it cannot see."""
    return (
        PLACEHOLDER in text[i:j]
        or _previous_char(text, i) == PLACEHOLDER
        or _next_char(text, j) == PLACEHOLDER
    )


def _ignore_selectors(settings: Settings, path: str) -> list[str]:
    return [*settings.ignore, *settings.ignores_for(path)]


def _lt_ignores(selectors: list[str]) -> frozenset[str]:
    """``lt/RULE_ID`` and ``lt/CATEGORY_ID`` selectors, upper-cased without the prefix."""
    return frozenset(
        s.strip()[3:].upper() for s in selectors if s.strip().lower().startswith("lt/")
    )


class _LanguageToolRule(Rule):
    """Shared logic; subclasses choose which kind of LanguageTool match they report."""

    category = "grammar"
    fixable = True
    kind: ClassVar[str] = "grammar"

    def check(self, doc: Document, settings: Settings) -> Iterator[Finding]:
        section = settings.section(SECTION)
        if not section.get("enabled"):
            return
        from .. import languagetool as lt

        cfg = lt.LTConfig.from_section(section, settings.root)
        selectors = _ignore_selectors(settings, doc.path)
        ignored = _lt_ignores(selectors) | {r.upper() for r in cfg.disabled_rules}
        form = cfg.form()
        if "TYPOS" not in {c.upper() for c in cfg.enabled_categories} and not _enabled(
            SpellingMatch, settings, doc.path
        ):
            # Spelling suggestions are LanguageTool's slowest part: skip them unless used.
            cats = [*cfg.disabled_categories, "TYPOS"]
            form["disabledCategories"] = ",".join(dict.fromkeys(cats))
        repeated = doc.repeated_blocks  # findings in copies are dropped: do not send them
        blocks = [b for b in doc.blocks if b.index not in repeated]
        backend = lt.backend_for(cfg)
        try:
            for batch in lt.batches(blocks, cfg.max_request_chars):
                for hit in backend.check(batch, form):
                    if kind_of(hit.rule_id, hit.category, hit.issue_type) != self.kind:
                        continue
                    if hit.rule_id.upper() in ignored or hit.category.upper() in ignored:
                        continue
                    where = batch.locate(hit.start, hit.end)
                    if where is None:
                        continue
                    block, i, j = where
                    if near_placeholder(block.text, i, j):
                        continue
                    if defers_to_newslint(hit.rule_id, block.text, i, j):
                        continue
                    yield self._finding(doc, block, i, j, hit.match)
        except lt.BackendUnavailable as exc:
            if not any(rule_matches(_NL904, s) for s in selectors):
                yield _NL904.finding(
                    doc,
                    0,
                    0,
                    f"{lt.describe(cfg)} unavailable: {exc.reason}; "
                    "grammar rules (NL6xx) skipped for this run",
                )

    def _finding(self, doc: Document, block: Block, i: int, j: int, match: Any) -> Finding:
        start, end = block.span(i, j)
        fix = None
        replacements = [r for r in match.replacements if isinstance(r, str)]
        # A replacement may only cover plain prose: not markup dropped from the prose
        # text (emphasis, link brackets) between the two ends.
        if replacements and doc.text[start:end] == block.text[i:j]:
            first = replacements[0]
            others = ", ".join(repr(r) for r in replacements[1:4])
            message = f"replace with {first!r}" + (f" (or {others})" if others else "")
            fix = self.fix(doc, message, [(start, end, first)], unsafe=True)
        message = f"{match.message.strip() or 'LanguageTool match'} [lt/{match.rule_id}]"
        finding = self.finding(doc, start, end, message, fix=fix)
        return _renamed(finding, f"lt/{match.rule_id}")


def _renamed(finding: Finding, name: str) -> Finding:
    from dataclasses import replace

    return replace(finding, name=name)


def _enabled(rule_cls: type[Rule], settings: Settings, path: str) -> bool:
    from ..engine import is_enabled

    return is_enabled(_INSTANCES[rule_cls], settings, path)


class GrammarMatch(_LanguageToolRule):
    """A grammar or punctuation problem found by LanguageTool.

    **What it does.** Sends the prose of each document (no front matter, code, URLs or
    markup) to a LanguageTool server and reports its grammar, punctuation, casing and
    confused-word matches where they are in the source. Each finding is named
    ``lt/<RULE_ID>`` after LanguageTool's rule and carries its message; LanguageTool's
    suggestions become fixes.

    **Why it matters.** Machine rewriting and careless pasting leave agreement errors
    and wrong words (``a apple``, ``their is``) that a reader notices at once.

    **Off by default.** It runs only with a backend: ``--languagetool URL`` or
    ``[languagetool] enabled = true`` with ``server`` or ``directory`` (see
    docs/languagetool.md). Without the backend it does nothing; when the backend fails
    the run reports one NL904 and goes on.

    **Bad.** ``She filed a appeal on Tuesday.`` (``lt/EN_A_VS_AN``)

    **Good.** ``She filed an appeal on Tuesday.``

    **Fix safety.** Unsafe: LanguageTool's first suggestion replaces the span, which can
    change the meaning. Matches next to code or a URL, or where newslint has its own
    finding (a lowercase word after a stray period is NL301), are not reported.
    Silence one LanguageTool rule with ``--ignore lt/RULE_ID`` or
    ``[languagetool] disabled-rules``.
    """

    code = "NL601"
    name = "languagetool-grammar"
    severity = Severity.WARNING
    summary = "Grammar or punctuation problem found by LanguageTool (needs a backend)"
    kind = "grammar"


class SpellingMatch(_LanguageToolRule):
    """A possible spelling mistake found by LanguageTool.

    **What it does.** Reports LanguageTool's ``TYPOS`` matches (its spell checker),
    with its suggestions as fixes.

    **Why it is off by default.** News copy is full of names LanguageTool does not
    know (``Bachelet``, ``Xinjiang``): most of its spelling matches would be false
    alarms. Enable it with ``--extend-select NL602`` where copy is mostly common words;
    teach LanguageTool your names in its own configuration, or ignore single rules.

    **Bad.** ``The goverment said on Tuesday.``

    **Good.** ``The government said on Tuesday.``

    **Fix safety.** Unsafe: the first suggestion is not always the word meant.
    """

    code = "NL602"
    name = "languagetool-spelling"
    severity = Severity.INFO
    summary = "Possible spelling mistake found by LanguageTool (off by default)"
    kind = "spelling"
    default_enabled = False


class StyleMatch(_LanguageToolRule):
    """A style, typography or whitespace remark from LanguageTool.

    **What it does.** Reports LanguageTool's style, typography, redundancy and
    whitespace matches (``EN_QUOTES``, ``WHITESPACE_RULE``, ``ADVERB_WORD_ORDER``…).

    **Why it is off by default.** House styles differ (straight or curly quotes,
    British or American usage); these are advice, not errors. Enable it with
    ``--extend-select NL603``.

    **Bad.** ``He said  that the plan was "very unique".``

    **Good.** ``He said that the plan was “unique”.``

    **Fix safety.** Unsafe: LanguageTool's first suggestion replaces the span.
    """

    code = "NL603"
    name = "languagetool-style"
    severity = Severity.INFO
    summary = "Style or typography remark from LanguageTool (off by default)"
    kind = "style"
    default_enabled = False


RULES: list[type[_LanguageToolRule]] = [GrammarMatch, SpellingMatch, StyleMatch]
_INSTANCES: dict[type[Rule], Rule] = {cls: cls() for cls in RULES}


def _nl904() -> Rule:
    from .internal import BackendUnavailable

    return BackendUnavailable()


_NL904 = _nl904()


@hookimpl
def newslint_options():
    return {SECTION: dict(OPTIONS)}


@hookimpl
def newslint_configure(settings):
    """Validate ``[languagetool]``; start a local LanguageTool server once, here, in the
    process that configures the run (worker processes inherit it)."""
    section = settings.section(SECTION)
    if not section.get("enabled"):
        return
    from .. import languagetool as lt
    from ..config import ConfigError
    from ..engine import is_enabled

    cfg = lt.LTConfig.from_section(section, settings.root)
    problems = cfg.problems()
    if problems:
        where = f"[languagetool] in {settings.path}" if settings.path else "[languagetool]"
        raise ConfigError(f"{where} or --languagetool: " + "; ".join(problems))
    if cfg.server:
        return  # a remote server is contacted lazily, by the first document
    if any(is_enabled(rule, settings) for rule in _INSTANCES.values()):
        lt.backend_for(cfg).prepare()


@hookimpl
def newslint_rules():
    return list(_INSTANCES.values())
