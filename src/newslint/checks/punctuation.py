"""Punctuation rules (NL3xx): the damage transcription, scraping and machine rewriting
leave in punctuation — stray periods, orphan fragments, broken quotation marks, mojibake
and HTML entities, lost apostrophes.

Every rule reads the prose blocks of the Document (``block.text`` is prose only: inline
code, URLs and shortcodes are one U+FFFC placeholder each) and reports source offsets
through ``block.span``. Precision comes first: each rule stays silent unless the
evidence is specific (see ``docs/punctuation.md`` for the decisions and their reasons).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from ..document import PLACEHOLDER
from ..finding import Severity
from ..hookspecs import hookimpl
from ..rule import Rule

if TYPE_CHECKING:
    from ..config import Settings
    from ..document import Block, Document
    from ..finding import Finding

CATEGORY = "punctuation"

# -- shared word knowledge ---------------------------------------------------------------

#: Words written with a period that does not end a sentence (lowercase, dots inside
#: removed: "e.g" and "u.s" are handled by the dotted-abbreviation test).
ABBREVIATIONS = frozenset(
    """
    mr mrs ms mx dr prof sr jr st mt ft no nos vs v etc inc co cos corp ltd llc plc bros
    gen col lt maj sgt cpl pvt capt cmdr adm brig gov sen rep reps rev hon pres supt det
    insp amb treas sec messrs mmes mme mlle jan feb mar apr jun jul aug sep sept oct nov
    dec mon tue tues wed thu thur thurs fri sat sun approx dept est fig figs vol vols ed eds
    al cf ca op cit ibid viz esp incl max min avg misc assn assoc univ intl natl govt div
    mgr asst atty ave blvd rd hwy pt pts pp ch chap sect para art no tel ext hr hrs mins
    secs mo mos yr yrs wk wks oz lb lbs sq mi cal ariz ark calif colo conn del fla ga ill
    ind kan ky la md mass mich minn miss mont neb nev okla ore pa tenn tex va vt wash wis
    wyo alta ont que sask trans repr seq ff et pfc spc ret sens govs dist mssrs rt fr br
    msgr cpt ens ald const sra srta dra ing lic pty pte bhd ltda cia cie mfg grp hldgs ste
    """.split()
)

#: A lowercase word that (almost) never begins a sentence: after a period it proves
#: the period is stray.
CONTINUATION_STRONG = frozenset("of than per whom".split())

#: Function words and attribution verbs that continue a sentence; in edited copy a
#: sentence does not begin with them in lowercase. Writers who start sentences in
#: lowercase exist (chat logs, informal blogs): see ``lowercase_habit``.
CONTINUATION = frozenset(
    """
    the a an for in on at by with to from into onto about after before during under over
    between among amid against across through throughout toward towards without within
    upon via near and or nor as that which who whose where while including according is
    are was were be been being has have had will would could should can may might must
    said says told added noted wrote announced reported its their his her our your this
    these those whether because since until despite like unlike not
    """.split()
)

#: Lowercase words a sentence naturally begins with when its writer does not capitalise:
#: never evidence of a stray period on their own, but evidence of the habit.
NATURAL_STARTS = frozenset(
    """
    i we you they he she it but so if then also now yes maybe however still just here
    there what why how when my thanks ok okay well anyway again
    """.split()
)

#: Lowercase particles of personal names: "… said. de Klerk", "van der Berg".
NAME_PARTICLES = frozenset(
    "de del della der den di da das do dos du van von la le el al bin ibn ter ten zu y e".split()
)
#: wordfreq Zipf frequency from which an open-class word counts as common English.
COMMON_WORD_ZIPF = 4.0


def _common_word(word: str) -> bool:
    """Whether ``word`` is common English: Zipf frequency at least ``COMMON_WORD_ZIPF``."""
    from ..zipf import zipf_at_least  # lazily: only for candidates

    return zipf_at_least(word, COMMON_WORD_ZIPF)


_DOTTED = re.compile(r"^(?:[a-z]{1,2}\.)+[a-z]{1,2}$")
_OPENERS = "\"'\u201c\u2018([{<\u00ab*_"


@cache
def _habit_re() -> re.Pattern[str]:
    """A natural lowercase sentence start, or a lowercase "i" used as the pronoun
    (compiled on first use: most runs never need it)."""
    return re.compile(
        r"(?:(?<=[.!?] )|(?<=[.!?]\n))(?P<word>[a-z]+)\b(?![.'\u2019-])"
        r"|(?<![\w.'\u2019/-])i(?:['\u2019](?:m|ve|d|ll))?(?= [a-z])"
    )


#: Unit abbreviations that are also words: abbreviations only after a number.
UNITS = frozenset("in gal qt cu".split())


def is_abbreviation(token: str, number_before: bool = False) -> bool:
    """Whether ``token`` (the text just before a period, without it) is an
    abbreviation, an initial, a number or a list marker rather than a sentence end."""
    word = token.strip(_OPENERS).lower()
    if not word:
        return True
    if (word.isdigit() and len(word) <= 2) or word in (
        "ii",
        "iii",
        "iv",
        "vi",
        "vii",
        "viii",
        "ix",
    ):
        return True  # list markers: "1. the item", "(iv). the"; a year ends sentences
    if word in ABBREVIATIONS:
        return True
    if word in UNITS and number_before:
        return True  # "10 in. of rain"
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "Edith M. Lederer"
    if "." in word:
        # U.S., a.m., e.g., Ph.D. — short dotted parts; also "a.k.a".
        return bool(_DOTTED.match(word.strip(".")))
    return False


def lowercase_habit(doc: Document) -> bool:
    """Whether the writer starts sentences in lowercase (informal copy, chat logs).

    Evidence: a lowercase "i" used as the pronoun, or two or more sentences that begin
    with a natural lowercase start ("we think", "but it"). A garbled article has stray
    periods before continuations, not before such starts, so this does not hide them.
    """
    cached = getattr(doc, "_nl3_habit", None)
    if cached is not None:
        return cached
    starts = 0
    habit = False
    for block in doc.blocks:
        for m in _habit_re().finditer(block.text):
            word = m.group("word")
            if word is None:
                habit = True
                break
            if word in NATURAL_STARTS:
                starts += 1
                if starts >= 2:
                    habit = True
                    break
        if habit:
            break
    try:
        doc._nl3_habit = habit  # type: ignore[attr-defined]
    except AttributeError:  # pragma: no cover - a slotted Document
        pass
    return habit


def _token_before(text: str, dot: int) -> str:
    """The run of non-space characters just before ``dot`` (at most 80)."""
    lo = max(0, dot - 80)
    cut = max(text.rfind(" ", lo, dot), text.rfind("\n", lo, dot), text.rfind("\t", lo, dot))
    return text[max(cut + 1, lo) : dot]


def _word_before(text: str, end: int) -> str:
    """The letters of the word that ends, before spaces, at ``end`` (at most 40)."""
    j = end
    while j > 0 and text[j - 1] == " " and end - j < 10:
        j -= 1
    i = j
    while i > 0 and text[i - 1].isalpha() and j - i < 40:
        i -= 1
    return text[i:j] if j < end else ""


def _starts_link_label(doc: Document, block: Block, i: int) -> bool:
    """Whether prose offset ``i`` starts a Markdown link label (``[blog](…)``): labels
    are titles in a list of links, not the continuation of a sentence."""
    src = block.source_offset(i)
    return src > 0 and doc.text[src - 1] == "["


def _is_sentence_period(text: str, dot: int) -> bool:
    """Whether the period at ``dot`` can end a sentence (not an abbreviation, an
    ellipsis, a decimal point or the end of a code/URL placeholder)."""
    if dot > 0 and text[dot - 1] in ".\u2026" or text[dot + 1 : dot + 2] in (".", "\u2026"):
        return False
    token = _token_before(text, dot)
    if not token or token.endswith(PLACEHOLDER):
        return False
    start = dot - len(token)
    number_before = _token_before(text, start - 1).isdigit() if start > 1 else False
    return not is_abbreviation(token, number_before)


# -- NL301 ---------------------------------------------------------------------------------

# A period followed by whitespace and a lowercase word.
# (The period comes first and the look-behind after it, ``(?<=\S\.)`` for ``(?<=\S)\.``:
# the same matches, but the regex engine then jumps from period to period.)
_STRAY_PERIOD = re.compile(
    r"\.(?<=\S\.)(?=[ \t\r\n]+(?P<word>[a-z][a-z'\u2019-]*)(?P<after>[^\s]?))"
)
# What follows the continuation word when it is a fragment closed by a period.
_FRAGMENT_TAIL = re.compile(r"(?:[ \t\r\n]+[a-z][a-z'\u2019-]*)?\.(?=\s|$)")


class StrayPeriod(Rule):
    """A period inside a sentence: ``.`` followed by a lowercase continuation.

    **What it does.** Reports a period followed by a word that continues the sentence
    in lowercase: a preposition or function word (`director. of`, `spokesman. for`,
    `China. the`), a common English word (`the wider issue. saying the case…`), or a
    word that is itself a one- or two-word fragment closed by a period
    (`International. statement.`). Rare words after a period — tool names, handles,
    `gofmt`, `rustc` — are left alone. The finding is the stray period itself.

    It does not fire after abbreviations (Inc., Co., Corp., Ltd., Mr., Dr., St., No.,
    vs., etc., e.g., i.e., a.m., p.m., U.S., U.K.), initials (`Edith M. Lederer`),
    numbers and list markers (`1. the first`), ellipses, or a period that ends inline
    code or a URL. Decimals, version numbers, file names (`config.yaml`) and code
    identifiers (`std.io`) have no space after the dot and are never candidates. In copy
    whose writer habitually starts sentences in lowercase (a lowercase pronoun `i`, or
    several sentences starting `we …`, `but …`), only continuations that cannot start a
    sentence (`of`, `than`, `per`, `whom`) are reported.

    **Why it matters.** Machine rewriting and careless transcription break sentences
    apart; the result reads as two broken sentences. Spell checkers do not see it.

    **Bad:**

        “It is a damning report,” said Ana Ruiz, director. of the Lima Rights Centre.

    **Good:**

        “It is a damning report,” said Ana Ruiz, director of the Lima Rights Centre.
        The U.S. officials met at 9 a.m. on Monday, e.g. in Geneva.

    **Fix (unsafe).** Delete the period. The fix is unsafe because the damage may be
    larger than one character (a comma or words may have been lost: `International,
    in a statement`); read the sentence before applying it.
    """

    code = "NL301"
    name = "stray-period"
    category = CATEGORY
    severity = Severity.WARNING
    summary = "A period inside a sentence, followed by a lowercase continuation"
    fixable = True

    def check(self, doc: Document, settings: Settings) -> Iterator[Finding]:
        habit: bool | None = None
        for block in doc.blocks:
            text = block.text
            if ". " not in text and ".\n" not in text:
                continue
            for m in _STRAY_PERIOD.finditer(text):
                word = m.group("word").rstrip("'\u2019-")
                after = m.group("after")
                if after in (".", "\u2026") and word in ABBREVIATIONS:
                    continue
                if word in CONTINUATION_STRONG:
                    strength = 2
                elif word in NATURAL_STARTS:
                    continue
                elif word in CONTINUATION:
                    strength = 1
                elif word.isalpha() and len(word) > 1 and after in ("", ",", ".", ";", ":"):
                    # An open-class word: when it is a fragment closed by a period, or a
                    # common English word (tool names and handles such as "rustc" or
                    # "pnkfelix" are rare words; name particles are excluded).
                    if word in NAME_PARTICLES:
                        continue
                    tail = _FRAGMENT_TAIL.match(text, m.end("word"))
                    if not tail and (len(word) < 3 or not _common_word(word)):
                        continue
                    strength = 1
                else:
                    continue
                if "-" in m.group("word") and word not in CONTINUATION_STRONG:
                    continue  # "wg-async", "rust-analyzer": names, not prose
                if after == "." and not _FRAGMENT_TAIL.match(text, m.end("word")):
                    continue  # "release.2010-10-27": an identifier, not a word
                dot = m.start()
                if not _is_sentence_period(text, dot):
                    continue
                if _starts_link_label(doc, block, m.start("word")):
                    continue
                if strength < 2:
                    if habit is None:
                        habit = lowercase_habit(doc)
                    if habit:
                        continue
                start, end = block.span(dot, dot + 1)
                yield self.finding(
                    doc,
                    start,
                    end,
                    f"stray period before lowercase “{word}”: the sentence continues",
                    fix=self.fix(doc, "delete the stray period", [(start, end, "")], unsafe=True),
                )


# -- NL302 ---------------------------------------------------------------------------------

# A sentence end, whitespace, then one or two words closed by a period.
_FRAGMENT = re.compile(
    r"(?<=\.)[ \t\r\n]+"
    r"(?P<frag>(?P<first>[A-Za-z][A-Za-z'\u2019-]*)(?:[ \t]+[A-Za-z][A-Za-z'\u2019-]*)?)"
    r"\.(?=(?P<gap>[ \t\r\n]+)(?P<next>[a-z]+)?|$)"
)
# The periods that can open a fragment: one or two words then a period follow. The regex
# engine jumps from period to period here, where _FRAGMENT (which starts with a
# look-behind) is tried at every character. The runs are possessive (``*+``, ``++``: never
# given back) because giving back cannot help: what follows each run (a space, a letter,
# a period) is never a character of the run, so a shorter run fails too, only later.
_FRAGMENT_OPENER = re.compile(
    r"\.(?=[ \t\r\n]++[A-Za-z][A-Za-z'\u2019-]*+(?:[ \t]++[A-Za-z][A-Za-z'\u2019-]*+)?\.)"
)


def _fragments(text: str) -> Iterator[re.Match[str]]:
    """``_FRAGMENT.finditer(text)``, tried only after the periods that can open a match."""
    pos = 0
    for opener in _FRAGMENT_OPENER.finditer(text):
        at = opener.end()
        if at >= pos:
            m = _FRAGMENT.match(text, at)  # the look-behind sees the period before ``at``
            if m is not None:
                yield m
                pos = m.end()


class SentenceFragment(Rule):
    """A one- or two-word fragment between periods that starts in lowercase or runs
    into a lowercase continuation.

    **What it does.** Reports a "sentence" of one or two words between two periods when
    it starts with a lowercase letter (`International. statement. The report…`) or is
    followed by a lowercase function word (`her letter said. China. the diplomatic
    mission…`). Short sentences in edited copy start with a capital and are followed
    by a capital: `Exactly.`, `Yes.`, and a quotation followed by its attribution
    (`“Never,” she said.`) are never reported. A period after an abbreviation
    (`U.S.`, `Inc.`) is not a sentence end. Writers who start sentences in lowercase
    are recognised (see NL301) and left alone.

    **Why it matters.** The fragment is what remains of a clause that machine rewriting
    broke up (`…International, in a statement.` became `…International. statement.`);
    the sentence has lost words and its meaning is in doubt.

    **Bad:**

        The mission rejected the findings, the letter said. Chile. the consulate
        in Geneva issued a note.

    **Good:**

        Was the vote close? Hardly. The motion passed 12 to 3.

    **Fix.** None is offered: the lost words cannot be guessed. Rewrite the sentence
    from the source.
    """

    code = "NL302"
    name = "sentence-fragment"
    category = CATEGORY
    severity = Severity.WARNING
    summary = "A one- or two-word fragment between periods (lowercase start or continuation)"

    def check(self, doc: Document, settings: Settings) -> Iterator[Finding]:
        habit: bool | None = None
        for block in doc.blocks:
            text = block.text
            if text.count(".") < 2:
                continue
            for m in _fragments(text):
                frag = m.group("frag")
                first = m.group("first")
                words = frag.split()
                if any(len(w) == 1 or w.lower() in ABBREVIATIONS for w in words):
                    continue
                nxt = m.group("next")
                lower_start = first[0].islower()
                runs_on = nxt is not None and (nxt in CONTINUATION or nxt in CONTINUATION_STRONG)
                if not (lower_start or runs_on):
                    continue
                if lower_start and first.lower() in NATURAL_STARTS:
                    continue
                left = m.start() - 1
                if text[left] == "." and not _is_sentence_period(text, left):
                    continue
                if habit is None:
                    habit = lowercase_habit(doc)
                if habit:
                    continue
                i, j = m.start("frag"), m.end("frag") + 1
                start, end = block.span(i, j)
                why = "starts in lowercase" if lower_start else f"runs into lowercase “{nxt}”"
                kind = "one-word" if len(words) == 1 else "two-word"
                yield self.finding(
                    doc, start, end, f"{kind} fragment “{frag}.” between periods {why}"
                )


# -- NL303 ---------------------------------------------------------------------------------

_DOUBLE_MARKS = re.compile('["\u201c\u201d]')


def _german_or_french_quotes(text: str) -> bool:
    """Whether ``text`` holds a German or French quotation mark („ « » ‚ ‹ ›): one
    substring test per mark, each a fast scan, where a character-class search costs tens
    of instructions per character."""
    return (
        "\u201e" in text
        or "\u00ab" in text
        or "\u00bb" in text
        or "\u201a" in text
        or "\u2039" in text
        or "\u203a" in text
    )


# A left single quote used as an apostrophe: "China‘s", "don‘t", "‘90s".
_MISORIENTED_APOSTROPHE = re.compile(
    r"(?<=[A-Za-z])\u2018(?=(?:s|t|re|ve|ll|d|m)\b)|(?<![\w\u2018])\u2018(?=\d0s\b)"
)
# A right single quote that could close a quotation: after a word, before a space or
# punctuation (also matches plural possessives, so it is only used as a hint).
# A single quote opening a quotation: after a space or at the start, before a word; a
# right single quote there is an opening mark of the wrong orientation unless it
# begins an elision ("’til", "rock ’n’ roll", "’em").
_SINGLE_OPENER = re.compile(
    "(?:(?<=\\s)|^)(?:\u2018|\u2019(?!(?:tis|twas|til|em|n|cause|cos|round|bout|nuff)\\b))"
    "(?=[ ]?[^\\W\\d])"
)
_SINGLE_CLOSER = re.compile("(?<=[\\w.,!?])\u2019(?=[\\s.,;:!?)]|$)")
_MAX_QUOTE_PARAGRAPHS = 5


def _role(text: str, i: int) -> str | None:
    """The role of the double quotation mark at ``i``: "open", "close", "open!" or
    "close!" (a curly mark whose position contradicts its shape), "spaced" (a curly mark
    with space on both sides: its role depends on whether a quotation is open), or None.
    """
    c = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before == "=" or after == ">" or (after == "/" and text[i + 2 : i + 3] == ">"):
        return None  # an HTML attribute that leaked into prose: alt="..." />
    open_pos = (before.isspace() or before in "([{\u2014\u2013/") and not after.isspace()
    close_pos = not before.isspace() and (after.isspace() or after in ".,;:!?)]}\u2014\u2013")
    if c == "\u201c":
        if close_pos and not open_pos and (before.isalnum() or before in ".,!?"):
            return "close!"
        return "open"
    if c == "\u201d":
        if open_pos and not close_pos and (after.isalnum() or after == PLACEHOLDER):
            return "open!"
        if before.isspace() and after.isspace():
            return "spaced"
        return "close"
    # Straight quote: decided by position only.
    if before.isdigit():
        return None  # inch or second marks: 12"
    if open_pos and not close_pos:
        return "open"
    if close_pos and not open_pos:
        return "close"
    return None


def _opening_edit(block: Block, i: int) -> tuple[int, int, str]:
    """Replace the mark at prose offset ``i`` with “, dropping a space after it
    (``” business`` -> ``“business``)."""
    j = i + 2 if block.text[i + 1 : i + 2] == " " else i + 1
    start, end = block.span(i, j)
    if end - start != j - i:
        start, end = block.span(i, i + 1)
    return (start, end, "\u201c")


def _starts_with_opener(block: Block) -> bool:
    head = block.text.lstrip(" \t*_")[:1]
    return head in ('"', "\u201c", "\u2018")


class QuotationMarks(Rule):
    """Quotation marks of the wrong kind or orientation, or unbalanced in a paragraph.

    **What it does.** Follows the double quotation marks of each paragraph and reports:

    - a closing mark `”` that opens a quotation (`use of ” business centers’`), or an
      opening mark `“` that closes one (`she said.“`);
    - a quotation opened and never closed in its paragraph — when it seems closed by a
      single quote `’`, the finding covers both marks;
    - a closing mark with no opening mark before it in the paragraph;
    - a quotation opened with a curly mark and closed with a straight one, or the
      reverse, or opened with a single `‘` and closed with a double `”`;
    - a left single quote used as an apostrophe (`China‘s`, `don‘t`, `‘90s`).

    Apostrophes (`’s`, `’90s`, `rock ’n’ roll`) and nested single quotes inside double
    quotes are not quotation marks here. Straight quotes (`"..."`) are normal, and `12"`
    is an inch mark. The newsroom convention for a quotation that runs over several
    paragraphs — no closing mark at the end of a paragraph when the next paragraph
    opens with a quotation mark — is respected. Paragraphs quoted in the German or French
    style (`„…“`, `«…»`) are skipped.

    **Why it matters.** Scraping and machine rewriting replace, flip or drop quotation
    marks; the reader can no longer tell where a speaker's words begin and end, and a
    misattributed quote is a correction waiting to happen.

    **Bad:**

        …rather than the use of ” vocational centres’ once praised by officials.

    **Good:**

        …rather than the use of “vocational centres” once praised by officials.
        “I’ll be back in the ’90s style,” she said of the rock ’n’ roll revival.

    **Fix (unsafe).** For a mark of the wrong orientation (and, when it is clear, the
    single quote that closes it) the fix swaps in the right mark. Unbalanced quotations
    have no automatic fix: where the quotation ends is for the editor to decide. Turning
    a `‘` inside a word into the apostrophe `’` is a safe fix.
    """

    code = "NL303"
    name = "quotation-marks"
    category = CATEGORY
    severity = Severity.WARNING
    summary = "Quotation marks of the wrong kind or orientation, or unbalanced in a paragraph"
    fixable = True

    def check(self, doc: Document, settings: Settings) -> Iterator[Finding]:
        blocks = doc.blocks
        # A quotation left open at the end of a paragraph that the next paragraph does
        # not reopen: (block, prose offset, wrong orientation, paragraphs waited). A
        # later paragraph whose first mark closes it makes it a long quotation.
        pending: tuple[Block, int, bool, int] | None = None
        for n, block in enumerate(blocks):
            text = block.text
            if "\u2018" in text:
                yield from self._apostrophes(doc, block)
            if "\u201c" not in text and "\u201d" not in text or _german_or_french_quotes(text):
                if pending is not None:
                    pb, pi, pw, waited = pending
                    pending = (pb, pi, pw, waited + 1) if waited < _MAX_QUOTE_PARAGRAPHS else None
                    if pending is None:
                        yield self._unclosed(doc, pb, pi, pw, len(pb.text))
                continue
            nxt = blocks[n + 1] if n + 1 < len(blocks) else None
            found, left_open, closed_carry = self._doubles(doc, block, carried=pending is not None)
            if pending is not None:
                pb, pi, pw, _ = pending
                if not closed_carry:
                    yield self._unclosed(doc, pb, pi, pw, len(pb.text))
                elif pw:
                    yield self._flipped(doc, pb, pi, "\u201d", "\u201c")
            pending = None
            yield from found
            if left_open is not None:
                if nxt is not None and _starts_with_opener(nxt):
                    if left_open[1]:  # reopened convention, but the mark itself is flipped
                        yield self._flipped(doc, block, left_open[0], "\u201d", "\u201c")
                else:
                    pending = (block, left_open[0], left_open[1], 0)
        if pending is not None:
            yield self._unclosed(doc, pending[0], pending[1], pending[2], len(pending[0].text))

    def _apostrophes(self, doc: Document, block: Block) -> Iterator[Finding]:
        for m in _MISORIENTED_APOSTROPHE.finditer(block.text):
            start, end = block.span(m.start(), m.end())
            yield self.finding(
                doc,
                start,
                end,
                "left single quote ‘ used as an apostrophe (should be ’)",
                fix=self.fix(doc, "use an apostrophe ’", [(start, end, "\u2019")]),
            )

    def _doubles(
        self, doc: Document, block: Block, *, carried: bool
    ) -> tuple[list[Finding], tuple[int, bool] | None, bool]:
        """Findings for one paragraph's curly double quotes, the quotation left open at
        its end (offset, wrong orientation), and whether its first mark closed a
        quotation carried over from an earlier paragraph.

        Straight quotes are not checked for balance (code-like prose uses them freely);
        they only count when a curly quotation is closed with one, or the reverse.
        """
        text = block.text
        out: list[Finding] = []
        open_at: int | None = None
        open_wrong = False
        straight_open: int | None = None
        closed_carry = False
        seen_curly = False
        last_mark = -1
        for m in _DOUBLE_MARKS.finditer(text):
            i = m.start()
            role = _role(text, i)
            prev_mark, last_mark = last_mark, i
            if role is None:
                continue
            if text[i] == '"':
                if role == "close" and open_at is not None and not open_wrong:
                    out.append(
                        self.finding(
                            doc,
                            *block.span(open_at, i + 1),
                            f"quotation opened with {text[open_at]} and closed with a straight "
                            '": mixed kinds of quotation marks',
                        )
                    )
                    open_at = None
                elif role == "open" and open_at is None:
                    straight_open = i
                elif role == "close":
                    straight_open = None
                continue
            first_curly = not seen_curly
            seen_curly = True
            if role == "spaced":  # " ” " opens when no quotation is open
                role = "close" if open_at is not None or (carried and first_curly) else "open!"
            wrong = role.endswith("!")
            role = role.rstrip("!")
            if role == "open":
                if open_at is not None:
                    out.append(self._unclosed(doc, block, open_at, open_wrong, i))
                open_at, open_wrong = i, wrong
                straight_open = None
                continue
            # a closing mark
            if open_at is None:
                if straight_open is not None:
                    out.append(
                        self.finding(
                            doc,
                            *block.span(straight_open, i + 1),
                            f'quotation opened with a straight " and closed with {text[i]}: '
                            "mixed kinds of quotation marks",
                        )
                    )
                    straight_open = None
                elif carried and first_curly:
                    closed_carry = True  # ends a quotation that ran over paragraphs
                elif i and text[i - 1].isdigit():
                    pass  # an inch mark: a 65” screen
                elif wrong:
                    out.append(self._flipped(doc, block, i, "\u201c", "\u201d"))
                elif single := _SINGLE_OPENER.search(text, prev_mark + 1, i):
                    # ‘… ” : a single opening mark closed by a double one.
                    out.append(
                        self.finding(
                            doc,
                            *block.span(single.start(), i + 1),
                            f"quotation opened with {text[single.start()]} and closed with {text[i]}: "
                            "mixed kinds of quotation marks",
                        )
                    )
                else:
                    out.append(
                        self.finding(
                            doc,
                            *block.span(i, i + 1),
                            f"closing quotation mark {text[i]} with no opening mark "
                            "in this paragraph",
                        )
                    )
                continue
            if open_wrong:
                out.append(self._flipped(doc, block, open_at, "\u201d", "\u201c"))
            if wrong:
                out.append(self._flipped(doc, block, i, "\u201c", "\u201d"))
            open_at, open_wrong = None, False
        left_open = (open_at, open_wrong) if open_at is not None else None
        return out, left_open, closed_carry

    def _flipped(self, doc: Document, block: Block, i: int, found: str, right: str) -> Finding:
        start, end = block.span(i, i + 1)
        edit = _opening_edit(block, i) if right == "\u201c" else (start, end, right)
        what = "closing" if found == "\u201d" else "opening"
        does = "opens" if found == "\u201d" else "closes"
        return self.finding(
            doc,
            start,
            end,
            f"{what} quotation mark {found} {does} a quotation (should be {right})",
            fix=self.fix(doc, f"use {right}", [edit], unsafe=True),
        )

    def _unclosed(self, doc: Document, block: Block, i: int, wrong: bool, limit: int) -> Finding:
        text = block.text
        mark = text[i]
        closers = list(_SINGLE_CLOSER.finditer(text, i + 2, limit)) if mark != '"' else []
        # Prefer a single quote after the punctuation that ends a quotation (",’ she
        # said"); nested quotations and plural possessives come without it.
        single = next((c for c in closers if text[c.start() - 1] in ".,!?"), None)
        if single is None and closers:
            single = closers[0]
        if single is not None and single.start() - i > 200:
            single = None
        j = single.end() if single is not None else i + 1
        start, end = block.span(i, j)
        if wrong:
            msg = f"closing quotation mark {mark} opens a quotation (should be “)"
        else:
            msg = f"quotation opened with {mark} is not closed in this paragraph"
        edits: list[tuple[int, int, str]] = []
        if single is not None:
            msg += ", and seems closed by the single quote ’ (should be ”)"
            if wrong:
                s_start, s_end = block.span(single.start(), single.end())
                edits = [_opening_edit(block, i), (s_start, s_end, "\u201d")]
        elif wrong:
            edits = [_opening_edit(block, i)]
        fix = self.fix(doc, "use matching curly quotes “…”", edits, unsafe=True) if edits else None
        return self.finding(doc, start, end, msg, fix=fix)


# -- NL304 ---------------------------------------------------------------------------------

# UTF-8 bytes decoded as Windows-1252/Latin-1: a lead byte (Â–ß, à–ï, ð–ô) followed by
# the right number of continuation bytes (0x80–0xBF seen through cp1252), or the
# common "â€" whose third byte (0x9D, undefined in cp1252) was dropped.
_CONT = (
    "[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]"
)


@cache
def _mojibake_re() -> re.Pattern[str]:
    # compiled on first use: most documents never need it
    return re.compile(
        rf"(?:[\u00c2-\u00df]{_CONT}|[\u00e0-\u00ef]{_CONT}{{2}}|[\u00f0-\u00f4]{_CONT}{{3}}"
        r"|\u00e2\u20ac)+"
    )


_ENTITY_START = re.compile(r"#?\w+;")
_MOJIBAKE_HINT = re.compile("[\u00c2-\u00f4]")


def _may_have_mojibake(text: str) -> bool:
    """Whether ``text`` has a character ``_MOJIBAKE_HINT`` finds (every mojibake starts
    with one). Those characters are in Latin-1: a text whose Latin-1 encoding (other
    characters dropped) is ASCII has none. ``isascii`` and the encoding are fast scans;
    the character-class search, tens of instructions per character, runs only when
    the text has Latin-1 letters or signs."""
    if text.isascii() or text.encode("latin-1", "ignore").isascii():
        return False
    return _MOJIBAKE_HINT.search(text) is not None


@cache
def _entity_re() -> re.Pattern[str]:
    # compiled on first use: most documents never need it
    return re.compile(
        r"&(?P<amps>(?:amp;)*)(?P<body>#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
    )


# Named entities a Markdown writer types on purpose (markup escapes and typography).
_MARKDOWN_NAMED_OK = frozenset(
    """
    lt gt nbsp ensp emsp thinsp zwj zwnj shy mdash ndash hellip copy reg trade times
    divide rarr larr harr uarr darr rArr lArr hArr infin deg plusmn minus middot bull
    sect para dagger Dagger frac12 frac14 frac34 le ge ne asymp micro
    """.split()
)
_MARKDOWN_SPECIAL = frozenset("&<>*_`|[]\\#~+-={}!.()/^$")


def _entity_is_residue(m: re.Match[str], text: str, markdown: bool) -> str | None:
    """Why the entity matched by ``m`` is scraper residue, or None when it is not."""
    body = m.group("body")
    single = "&" + body + ";"
    import html

    decoded = html.unescape(single)
    if decoded == single:
        return None  # not an entity HTML knows
    if m.group("amps"):
        return "double-escaped: it shows as is"
    if not markdown:
        return "plain text shows it as is"
    # Markdown renders entities, so only the ones no writer types on purpose count.
    if body == "amp":
        before = text[m.start() - 1 : m.start()] or " "
        after = text[m.end() : m.end() + 1] or " "
        if (before.isalnum() or before == " ") and (after.isalnum() or after == " "):
            return "residue of escaped copy: write “&”"
        return None
    if body[0] != "#" and body in _MARKDOWN_NAMED_OK:
        return None
    if len(decoded) != 1:
        return None
    if decoded.isspace() or decoded in _MARKDOWN_SPECIAL or not decoded.isprintable():
        return None  # an escape that protects markup, or invisible spacing
    if body[0] == "#" or decoded.isalnum() or decoded in "'\"\u2018\u2019\u201c\u201d,;:?%@":
        return f"residue of escaped copy: write “{decoded}”"
    return None


@lru_cache(maxsize=2048)
def _ftfy(text: str) -> str:
    """ftfy's repair, keeping curly quotes curly (imported only when a candidate exists)."""
    import ftfy

    return ftfy.fix_text(text, uncurl_quotes=False, normalization=None)


class EncodingDamage(Rule):
    """Mojibake (`â€™`) and HTML entities (`&amp;`, `&#039;`) left in prose.

    **What it does.** Reports text that went through the wrong character encoding —
    UTF-8 read as Windows-1252 or Latin-1, which turns `’` into `â€™` and `é` into
    `Ã©` — and HTML entities that scraping left in the copy.

    Mojibake is recognised by its byte structure (a UTF-8 lead character followed by
    the right number of continuation characters) and confirmed with ftfy; accented
    names and places (Zürich, São Paulo, Ñuñoa, Côte d’Ivoire) are never flagged.

    HTML entities: in plain text every entity (`&amp;`, `&#039;`, `&quot;`) is residue,
    since nothing will render it. In Markdown an entity is markup and renders as its
    character, so only the ones no writer types on purpose are reported: numeric
    entities for ordinary characters (`&#039;`, `&#8217;`, `&#233;`), named entities
    for quotes and letters (`&quot;`, `&rsquo;`, `&eacute;`), `&amp;` between words
    (`Procter &amp; Gamble`), and double-escaped entities (`&amp;#039;`), which render
    literally. Escapes that protect markup (`&lt;`, `&gt;`, `&#96;`, `&#124;`, `&amp;`
    next to markup) and typographic entities (`&nbsp;`, `&mdash;`, `&hellip;`) are
    left alone. Code, HTML blocks and URLs are not prose and are never checked.

    **Why it matters.** Readers see `donâ€™t` or `Procter &amp; Gamble` on the page;
    it marks the copy as scraped and damages names and quotations.

    **Bad:**

        The ministryâ€™s spokesperson said Procter &amp;amp; Gamble would appeal.

    **Good:**

        The ministry’s spokesperson in Zürich said Procter & Gamble would appeal.

    **Fix.** Entities: replaced by their character (safe). Mojibake: ftfy's repair,
    with curly quotes kept curly (`uncurl_quotes=False`); unsafe, since a repair of
    doubly damaged text can still be wrong — check the result.
    """

    code = "NL304"
    name = "encoding-damage"
    category = CATEGORY
    severity = Severity.WARNING
    summary = "Mojibake (â€™) or HTML entities (&amp;, &#039;) left in prose"
    fixable = True

    def check(self, doc: Document, settings: Settings) -> Iterator[Finding]:
        markdown = doc.kind == "markdown"
        for block in doc.blocks:
            text = block.text
            if "&" in text:
                yield from self._entities(doc, block, markdown)
            if _may_have_mojibake(text):
                yield from self._mojibake(doc, block)

    def _entities(self, doc: Document, block: Block, markdown: bool) -> Iterator[Finding]:
        text = block.text
        for m in _entity_re().finditer(text):
            raw = m.group()
            why = _entity_is_residue(m, text, markdown)
            if why is None:
                continue
            decoded = raw
            import html

            for _ in range(4):  # "&amp;#039;" -> "&#039;" -> "'"
                step = html.unescape(decoded)
                if step == decoded:
                    break
                decoded = step
            i, j = m.start(), m.end()
            start, end = block.span(i, j)
            if end - start != j - i:
                continue  # crosses markup; the position would not be exact
            safe = not markdown or not (
                any(c in "<>*_`[]\\" for c in decoded)
                or ("&" in decoded and _ENTITY_START.match(text, j))
            )
            shown = decoded if decoded.isprintable() and not decoded.isspace() else repr(decoded)
            yield self.finding(
                doc,
                start,
                end,
                f"HTML entity {raw} left in prose ({why})",
                fix=self.fix(
                    doc, f"replace with “{shown}”", [(start, end, decoded)], unsafe=not safe
                ),
            )

    def _mojibake(self, doc: Document, block: Block) -> Iterator[Finding]:
        text = block.text
        matches = list(_mojibake_re().finditer(text))
        if not matches:
            return
        for m in matches:
            i, j = m.start(), m.end()
            # Repair the whole word so ftfy sees the context ("Chinaâ€™s").
            ws = i
            while ws > 0 and not text[ws - 1].isspace() and i - ws < 40:
                ws -= 1
            we = j
            while we < len(text) and not text[we].isspace() and we - j < 40:
                we += 1
            word = text[ws:we]
            fixed_word = _ftfy(word)
            run = text[i:j]
            fixed_run = None
            if fixed_word != word:
                prefix, suffix = text[ws:i], text[j:we]
                if fixed_word.startswith(prefix) and fixed_word.endswith(suffix):
                    fixed_run = fixed_word[len(prefix) : len(fixed_word) - len(suffix)]
            if fixed_run is None:
                alone = _ftfy(run)
                if alone != run:
                    fixed_run = alone
            if fixed_run is None and run.endswith("\u00e2\u20ac"):
                # "â€" whose third byte was lost: almost always a closing double quote.
                head = _ftfy(run[:-2]) if len(run) > 2 else ""
                fixed_run = head + "\u201d"
            if fixed_run is None or fixed_run == run:
                continue
            start, end = block.span(i, j)
            if end - start != j - i:
                continue
            yield self.finding(
                doc,
                start,
                end,
                f"mojibake “{run}” (text decoded with the wrong encoding): probably “{fixed_run}”",
                fix=self.fix(
                    doc, f"replace with “{fixed_run}”", [(start, end, fixed_run)], unsafe=True
                ),
            )


# -- NL305 ---------------------------------------------------------------------------------


# A lone "s"/"S" between two words: "the company s shares", "China S Xinjiang".
@cache
def _lone_s_re() -> re.Pattern[str]:
    # compiled on first use: most documents never need it
    return re.compile(
        r"(?<![\w'\u2019&.-])(?P<prev>[A-Za-z][A-Za-z-]*[A-Za-z])[ ](?P<s>[sS])[ ]"
        r"(?P<next>[A-Za-z][A-Za-z-]*)(?![\w&'\u2019])"
    )


# A contraction that lost its apostrophe: "don t", "it s".
@cache
def _lost_contraction_re() -> re.Pattern[str]:
    # compiled on first use: most documents never need it
    return re.compile(
        r"(?<![\w'\u2019-])(?:(?P<neg>(?:do|does|did|is|are|was|were|has|have|had|ca|wo|could|would|should|must|need)n)"
        r"|(?P<pron>(?i:it|that|there|here|what|who|let|he|she)))[ ](?P<x>[ts])[ ](?=[a-z])"
    )


# Words that take a lone letter after them as a name ("Plan S", "Model S", "the letter s").
_LETTER_NAMES = frozenset(
    """
    plan type model class series galaxy vitamin section schedule appendix exhibit form
    table figure fig part chapter annex group grade size line route train row gate block
    ward zone level category phase version option mode tier division unit sector area lot
    pier terminal platform building wing hall room floor box column cell item article rule
    clause paragraph point step stage round pool team squad letter letters variable var
    character char symbol string slice array list set map value field struct parameter
    param argument arg named called say suffix prefix key label flag register channel
    pointer object vector matrix function func method interface node tree queue stack
    buffer file sample element entry record word token
    """.split()
)
# Words after which a lone "s" is not a possessive.
_NOT_POSSESSOR = frozenset(
    """
    the a an and or nor but if when where while let of to in on at by for with from as
    is are was were be been that this these those each every any some no not than then
    so such which who whom whose what how why with without via per plus minus times
    into onto about like unlike where whereas i we you they he she it
    """.split()
)
# Words that do not follow a possessive ("s is", "s and", "s =").
_NOT_POSSESSED = frozenset(
    """
    is are was were be been being has have had do does did can could will would shall
    should may might must and or nor but to of in on at by for with from as so that then
    than if when where which who whom whose than into onto the a an it its this these
    those per via vs
    """.split()
)
# Prepositions and determiners that put the word after them in body prose as a
# possessor ("in China S Xinjiang"), not as a first name before a middle initial.
_POSSESSOR_CONTEXT = frozenset(
    "in of from at on across into for over against about amid toward towards within "
    "throughout inside outside near beyond under than and".split()
)


class LostApostrophe(Rule):
    """A lost apostrophe: a possessive flattened to a lone `s`/`S`, or a contraction
    split in two (`don t`, `it s`).

    **What it does.** Reports a lone `s` between two words in body prose when the
    word before it is a possessor (`the company s shares`, `the minister s office`) and
    the word after it can be possessed (not a verb or function word: `s is`, `s and`).
    A capital `S` (`China S Xinjiang`, title-cased copy) is reported when the next word
    is lowercase, or when the possessor follows a preposition (`in China S Xinjiang`) or
    is in a title-cased heading; never after words that name things with a letter
    (`Plan S`, `Type S`, `Model S`, `Class S`, `the letter s`, `string s`), after an
    all-capitals word, nor in `S&P` or list markers. It also reports contractions that
    lost their apostrophe (`don t`, `can t`, `it s`).

    **Why it matters.** Scrapers and slug generators drop apostrophes; `China S
    Xinjiang` and `the company s shares` are unreadable on the page.

    **Bad:**

        Shares in the carmaker s Mexican unit fell; the plant isn t closing.

    **Good:**

        Shares in the carmaker’s Mexican unit fell; Tesla’s Model S sales rose.

    **Fix (unsafe).** Join with an apostrophe (`carmaker’s`, `isn’t`), curly unless the
    paragraph uses straight apostrophes. Unsafe: a lone letter may still be a name.
    """

    code = "NL305"
    name = "lost-apostrophe"
    category = CATEGORY
    severity = Severity.WARNING
    summary = "A possessive or contraction that lost its apostrophe (company s, China S, don t)"
    fixable = True

    def check(self, doc: Document, settings: Settings) -> Iterator[Finding]:
        for block in doc.blocks:
            text = block.text
            lone_s = " s " in text
            if lone_s or " S " in text:
                for m in _lone_s_re().finditer(text):
                    if self._possessive(block, m):
                        yield self._report(
                            doc, block, m.end("prev"), m.end("s"), m.group("s"), "possessive"
                        )
            if lone_s or " t " in text:
                for m in _lost_contraction_re().finditer(text):
                    x = m.group("x")
                    if (m.group("neg") is None) != (x == "s"):
                        continue  # "don s", "it t"
                    word = m.group("neg") or m.group("pron")
                    yield self._report(
                        doc, block, m.start() + len(word), m.end("x"), x, "contraction"
                    )

    @staticmethod
    def _possessive(block: Block, m: re.Match[str]) -> bool:
        text = block.text
        prev, s, nxt = m.group("prev"), m.group("s"), m.group("next")
        low_prev = prev.lower()
        if low_prev in _LETTER_NAMES or low_prev in _NOT_POSSESSOR or prev.isupper():
            return False
        if nxt.lower() in _NOT_POSSESSED or len(nxt) < 2:
            return False
        if s == "s":
            return True
        # Capital S.
        if not prev[0].isupper():
            return False
        if nxt[0].islower():
            return True
        if not nxt[0].isupper():
            return False
        word = _word_before(text, m.start())
        if not word:
            return False
        from ..names import is_first_name  # lazily: the census table loads on first use

        if is_first_name(prev):
            return False  # a middle initial: "of Harry S Truman"
        if word in _POSSESSOR_CONTEXT:
            return True  # body prose: "in China S Xinjiang"
        if block.kind == "heading" and word.lower() in _POSSESSOR_CONTEXT and word[0].isupper():
            return True  # title case: "Crimes In China S Xinjiang"
        return False

    def _report(
        self, doc: Document, block: Block, i: int, j: int, letter: str, what: str
    ) -> Finding:
        text = block.text
        mark = "'" if ("'" in text and "\u2019" not in text) else "\u2019"
        start, end = block.span(i, j)
        replacement = mark + letter.lower()
        k = i
        while k > 0 and text[k - 1].isalpha() and i - k < 40:
            k -= 1
        word = text[k:i]
        return self.finding(
            doc,
            start,
            end,
            f"lost apostrophe: “{word} {letter}” looks like the {what} “{word}{replacement}”",
            fix=self.fix(
                doc, f"write “{word}{replacement}”", [(start, end, replacement)], unsafe=True
            ),
        )


@hookimpl
def newslint_rules():
    return [StrayPeriod(), SentenceFragment(), QuotationMarks(), EncodingDamage(), LostApostrophe()]
