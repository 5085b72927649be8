"""Meaning rules (NL5xx) written in code: contradictions inside one article.

NL501 reads every statement that places an event in time against an anchor period
(``minutes into her term``, ``hours before the summit ended``, ``after the match``) and
reports two statements about the same event and anchor whose time relations cannot both
hold. Rule packs (NL502 and user packs) live in ``packs.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..finding import Severity
from ..hookspecs import hookimpl
from ..names import _trie_pattern
from ..rule import Rule

if TYPE_CHECKING:
    from ..document import Block, Document

# -- time relations ------------------------------------------------------------------------

#: Where in (or around) the anchor period the event happened.
BEFORE_START = "before the start of"
EARLY = "early in"
LATE = "near the end of"
AFTER_END = "after the end of"
DURING = "during"

#: Pairs of relations that cannot both hold for one event and one anchor period.
CONFLICTS = {
    frozenset((BEFORE_START, EARLY)),
    frozenset((BEFORE_START, LATE)),
    frozenset((BEFORE_START, AFTER_END)),
    frozenset((EARLY, LATE)),
    frozenset((EARLY, AFTER_END)),
    frozenset((LATE, AFTER_END)),
    frozenset((DURING, BEFORE_START)),
    frozenset((DURING, AFTER_END)),
}

#: Periods an event can be placed in. Plain calendar units (day, year) are left out:
#: "days into the new year" is about the calendar, not an event.
ANCHOR_NOUNS = frozenset(
    """
    term tenure mandate presidency premiership chancellorship reign administration
    summit conference meeting meetings session sitting hearing hearings trial inquiry
    match game final race tournament championship talks negotiations debate speech
    address visit trip tour festival ceremony concert show broadcast flight voyage
    mission campaign war ceasefire truce strike protest rally vote election count
    shift season lockdown siege occupation assembly congress convention playoff
    playoffs series half innings inning round contract deal
    """.split()
)

_UNITS = r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|moments?)"
_QTY = (
    r"(?:(?:just|only|barely|mere|a\s+mere|a\s+few|few|several|some|within|less\s+than|"
    r"more\s+than|about|around|nearly|almost|over)\s+)*"
    r"(?:(?P<num>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|forty|fifty|a|an|half\s+an|half\s+a)\s+)?" + _UNITS
)
# The anchor phrase: a determiner or possessor, up to three modifiers, the anchor noun.
_POSS = r"(?P<poss>the|this|that|his|her|their|its|my|our|your|(?:[A-Z][\w\-]*\s+)?[A-Z][\w\-]*(?:['\u2019]s|['\u2019]))"
_HEADS = "|".join(sorted(ANCHOR_NOUNS, key=len, reverse=True))
_ANCHOR = _POSS + r"\s+(?P<mods>(?:[\w\-]+\s+){0,3}?)(?P<head>" + _HEADS + r")\b"
_END_VERBS = r"(?:ended|closed|expired|concluded|finished|ran\s+out|wrapped\s+up|was\s+over|were\s+over|came\s+to\s+an\s+end|drew\s+to\s+a\s+close|wound\s+down|had\s+ended|was\s+due\s+to\s+end|adjourned)"
_START_VERBS = r"(?:began|started|opened|got\s+under\s+way|got\s+underway|kicked\s+off|convened|had\s+begun|started\s+up)"
_START_NOUNS = r"(?:start|beginning|outset|opening|onset)"
_END_NOUNS = r"(?:end|close|conclusion|expiry|expiration|closing)"

# What may follow a bare period noun: punctuation, or a word that starts something else.
_BARE_END = (
    r"(?![\w\-'\u2019])(?=\s*[,.;:!?)\u201d\"]|\s+(?:in|on|at|last|this|next|and|but|as|when|"
    r"while|because|with|without|by|for|to|of|had|has|was|were)\b)"
)

#: The time patterns' sources, each compiled on first use (``_pattern``): most files never
#: need them, and compiling them costs more than linting a short file.
_PATTERN_SOURCES: list[tuple[str, str]] = [
    (EARLY, (r"\b" + _QTY + r"\s+into\s+" + _ANCHOR)),
    (
        EARLY,
        (r"\b(?:at|on|from)\s+the\s+(?:very\s+)?" + _START_NOUNS + r"\s+of\s+" + _ANCHOR),
    ),
    (EARLY, (r"\b(?:early|earlier)\s+in\s+" + _ANCHOR)),
    (
        EARLY,
        (r"\bin\s+the\s+(?:first|opening)\s+(?:few\s+)?" + _UNITS + r"\s+of\s+" + _ANCHOR),
    ),
    (EARLY, (r"\bon\s+the\s+(?:first|opening)\s+day\s+of\s+" + _ANCHOR)),
    (EARLY, (r"\b(?:as|when)\s+" + _ANCHOR + r"\s+" + _START_VERBS)),
    (
        EARLY,
        (
            r"\b(?:"
            + _QTY
            + r"\s+|(?:shortly|soon|just|right|immediately)\s+)after\s+"
            + _ANCHOR
            + r"\s+"
            + _START_VERBS
        ),
    ),
    (
        LATE,
        (r"\b(?:" + _QTY + r"|just|shortly|moments)\s+before\s+" + _ANCHOR + r"\s+" + _END_VERBS),
    ),
    (
        LATE,
        (
            r"\b(?:"
            + _QTY
            + r"|just|shortly)\s+before\s+the\s+"
            + _END_NOUNS
            + r"\s+of\s+"
            + _ANCHOR
        ),
    ),
    (LATE, (r"\b(?:at|on)\s+the\s+(?:very\s+)?" + _END_NOUNS + r"\s+of\s+" + _ANCHOR)),
    (LATE, (r"\blate\s+in\s+" + _ANCHOR)),
    (
        LATE,
        (
            r"\bin\s+the\s+(?:final|closing|last|dying)\s+(?:few\s+)?"
            + _UNITS
            + r"\s+of\s+"
            + _ANCHOR
        ),
    ),
    (LATE, (r"\bon\s+the\s+(?:final|last|closing)\s+day\s+of\s+" + _ANCHOR)),
    (LATE, (r"\b(?:as|when)\s+" + _ANCHOR + r"\s+" + _END_VERBS)),
    (
        AFTER_END,
        (
            r"\b(?:"
            + _QTY
            + r"\s+|(?:shortly|soon|just|right|long|well)\s+)?after\s+"
            + _ANCHOR
            + r"\s+"
            + _END_VERBS
        ),
    ),
    (
        AFTER_END,
        (
            r"\b(?:"
            + _QTY
            + r"\s+|(?:shortly|soon|just|right|long|well)\s+)?after\s+the\s+"
            + _END_NOUNS
            + r"\s+of\s+"
            + _ANCHOR
        ),
    ),
    (
        BEFORE_START,
        (
            r"\b(?:"
            + _QTY
            + r"\s+|(?:shortly|just|right|long|well)\s+)?before\s+"
            + _ANCHOR
            + r"\s+"
            + _START_VERBS
        ),
    ),
    (
        BEFORE_START,
        (
            r"\b(?:"
            + _QTY
            + r"\s+|(?:shortly|just|right|long|well)\s+)?(?:before|ahead\s+of)\s+the\s+"
            + _START_NOUNS
            + r"\s+of\s+"
            + _ANCHOR
        ),
    ),
    (BEFORE_START, (r"\b(?:on|in)\s+the\s+(?:eve|run-up)\s+(?:of|to)\s+" + _ANCHOR)),
    (
        DURING,
        (r"\b(?:during|midway\s+through|halfway\s+through|in\s+the\s+middle\s+of)\s+" + _ANCHOR),
    ),
    # Bare "after the summit" / "ahead of the summit", once the specific forms are taken.
    (AFTER_END, (r"\b(?:" + _QTY + r"\s+)?after\s+" + _ANCHOR + _BARE_END)),
    (
        BEFORE_START,
        (r"\b(?:" + _QTY + r"\s+)?(?:before|ahead\s+of)\s+" + _ANCHOR + _BARE_END),
    ),
]


@lru_cache(maxsize=64)
def _pattern(k: int) -> re.Pattern[str]:
    return re.compile(_PATTERN_SOURCES[k][1])


#: Words each pattern above cannot match without (every group: one of its words, case as
#: written), so that a window lacking them skips the pattern. A filter only: it never
#: changes what a pattern matches.
_U = ("second", "minute", "hour", "day", "week", "month", "year", "moment")
_SV = ("began", "started", "opened", "got", "kicked", "convened", "begun")
_EV = ("end", "close", "expired", "concluded", "finished", "ran", "wrapped", "over", "wound")
_EV += ("adjourned",)
_SN = ("start", "beginning", "outset", "opening", "onset")
_EN = ("end", "close", "conclusion", "expiry", "expiration", "closing")
_NEEDS: list[tuple[tuple[str, ...], ...]] = [
    (("into",), _U),
    (_SN,),
    (("early",),),
    (("first", "opening"), _U),
    (("first", "opening"), ("day",)),
    (_SV,),
    (("after",), _SV),
    (("before",), _EV),
    (("before",), _EN),
    (_EN,),
    (("late",),),
    (("final", "closing", "last", "dying"), _U),
    (("final", "last", "closing"), ("day",)),
    (_EV,),
    (("after",), _EV),
    (("after",), _EN),
    (("before",), _SV),
    (("before", "ahead"), _SN),
    (("eve", "run-up"),),
    (("during", "through", "middle"),),
    (("after",),),
    (("before", "ahead"),),
]
assert len(_NEEDS) == len(_PATTERN_SOURCES)
_LITERALS = sorted({w for needs in _NEEDS for group in needs for w in group})
_BIT = {w: 1 << i for i, w in enumerate(_LITERALS)}
#: Per pattern two masks of literal bits; a window passes when it has a word of each.
_MASKS = [
    (
        sum(_BIT[w] for w in needs[0]),
        sum(_BIT[w] for w in needs[-1]),
    )
    for needs in _NEEDS
]

_HEAD_RE = re.compile(r"\b" + _trie_pattern(ANCHOR_NOUNS) + r"\b")
#: A filter before _HEAD_RE (which is tried at every position of every block): every
#: byte but an ASCII letter becomes a space, so the split holds each anchor noun that
#: _HEAD_RE would find as a word of its own (and pieces of other words: a filter only).
#: Five times cheaper than the search; fewer than one block in ten passes.
_LETTERS_ONLY = bytes(c if 65 <= c <= 90 or 97 <= c <= 122 else 32 for c in range(256))
_ANCHOR_BYTES = frozenset(w.encode() for w in ANCHOR_NOUNS)


def _may_have_anchor(text: str) -> bool:
    words = text.encode("utf-8", "surrogatepass").translate(_LETTERS_ONLY).split()
    return not _ANCHOR_BYTES.isdisjoint(words)


#: The word just before the anchor phrase (``_ANCHOR``) in every pattern above: "into"
#: her term, "at the start of" the summit, "early in", "as"/"when" the talks began,
#: "after", "before", "midway through", "during", "the eve of"/"to". A statement is
#: always ``KEY\s+POSS\s+MODS HEAD`` somewhere, which ``_MAY_STATE`` looks for in the
#: whole block before any window is made: in news copy nearly every block that names an
#: anchor noun ("the final vote", "hours of debate") has no such phrase. The head is
#: matched without its closing ``\b``: a window may end inside a word, and the pattern
#: searched in that window then sees the word end at the window's edge. Each key word
#: starts with its letter and the look-behind checks the character before it (as ``\b``
#: would), so the regex engine skips to those letters.
_ANCHOR_KEYS = ("into", "of", "in", "as", "when", "after", "before", "through", "during", "to")
_MAY_STATE = re.compile(
    "(?:"
    + "|".join(k[0] + r"(?<!\w.)" + k[1:] for k in _ANCHOR_KEYS)
    + r")\s+"
    + _POSS
    + r"\s+(?:[\w\-]+\s+){0,3}?(?:"
    + _HEADS
    + ")"
)

#: The words a statement's time phrase starts with (or holds); a window around an anchor
#: noun without one of them is skipped. ``_TRIGGER`` finds them as ``\b(?:words)\b``
#: would, but each after the character before it: a pattern that starts with a character
#: class is only tried where that class matches (a non-word character here), one that
#: starts with ``\b`` at every position. ``_has_trigger`` adds the case of the text's start.
_TRIGGER_WORDS = (
    "into start beginning outset opening onset early earlier first before after end close "
    "conclusion expiry expiration late final closing last dying as when during through "
    "middle eve run-up ahead"
).split()
_TRIGGER = re.compile(r"\W" + _trie_pattern(_TRIGGER_WORDS) + r"\b", re.I)
_TRIGGER_AT_START = re.compile(_trie_pattern(_TRIGGER_WORDS) + r"\b", re.I)


def _has_trigger(text: str, lo: int, hi: int) -> bool:
    """Whether ``text[lo:hi]`` holds a trigger word (bounded as by ``\b`` in ``text``)."""
    if lo == 0:
        return bool(_TRIGGER_AT_START.match(text, 0, hi) or _TRIGGER.search(text, 0, hi))
    return _TRIGGER.search(text, lo - 1, hi) is not None


# -- the event -------------------------------------------------------------------------------

#: Irregular past forms -> base, for the verbs news uses to report an event.
_IRREGULAR = {
    "came": "come",
    "began": "begin",
    "begun": "begin",
    "took": "take",
    "taken": "take",
    "made": "make",
    "held": "hold",
    "won": "win",
    "lost": "lose",
    "left": "leave",
    "met": "meet",
    "spoke": "speak",
    "spoken": "speak",
    "gave": "give",
    "given": "give",
    "went": "go",
    "gone": "go",
    "broke": "break",
    "broken": "break",
    "struck": "strike",
    "fell": "fall",
    "fallen": "fall",
    "quit": "quit",
    "sent": "send",
    "set": "set",
    "put": "put",
    "hit": "hit",
    "shot": "shoot",
    "sold": "sell",
    "bought": "buy",
    "drew": "draw",
    "drawn": "draw",
    "wrote": "write",
    "written": "write",
    "rose": "rise",
    "risen": "rise",
    "sank": "sink",
    "sunk": "sink",
    "flew": "fly",
    "flown": "fly",
    "arose": "arise",
    "led": "lead",
    "ran": "run",
    "found": "find",
    "froze": "freeze",
    "frozen": "freeze",
}
#: Verbs of saying are not events here: one person says many things at different times.
_SPEECH = frozenset(
    """
    say said says tell told add added note noted write wrote explain explained argue
    argued claim claimed state stated insist insisted recall recalled reply replied ask
    asked warn warned declare declared
    """.split()
)
_NOT_VERBS = frozenset(
    """
    need needed red bed led shed seed feed speed indeed weed hundred kindred deed bred
    sacred naked wicked rugged ragged crooked jagged wretched beloved learned aged
    interested concerned detailed limited united related supposed alleged so-called
    expected unexpected scheduled planned
    """.split()
)
_FUNCTION_WORDS = frozenset(
    """
    the and but for nor yet with from into onto that this these those which who whom whose
    what when where while his her hers their theirs its our ours your yours him them she
    they was were been being has have had will would could should can may might must did
    does not also just only even then than there here said says told added according
    after before during about over under since until because although though however
    """.split()
)
#: Verbs of a single moment: a document that is published, a deal that is signed. Only
#: these make a contradiction: "the economy grew early in her term" and "grew late in her
#: term" can both be true.
_POINT_EVENT_WORDS = """
    published released signed announced approved passed adopted issued unveiled launched
    resigned appointed named elected sworn fired dismissed sacked ousted arrested charged
    indicted scored killed died crashed exploded landed arrived departed opened closed
    agreed reached concluded filed submitted delivered presented sentenced convicted
    acquitted freed declared awarded granted vetoed enacted ratified finalized finalised
    completed collapsed introduced unveiled posted tweeted confirmed revealed disclosed
    leaked handed surrendered withdrew withdrawn stepped walked stormed erupted attacked
    invaded bombed shelled evacuated suspended canceled cancelled postponed called
    come begin win lose leave meet give break strike fall send shoot sell draw quit hit
    take make
    """.split()
_NEGATION = re.compile(r"\b(?:not|never|n['\u2019]t|no\s+longer)\b", re.I)
#: Words that mark another occurrence of the event ("the second goal", "again").
_OTHER_OCCURRENCE = re.compile(
    r"\b(?:first|second|third|fourth|fifth|last|final|another|again|other|next|previous|"
    r"earlier|later|latest|new|also|too|both|each|every|twice|once|more|further|"
    r"additional|subsequent|follow-up)\b",
    re.I,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z\-']*")
_LEADING_ADVERBS = re.compile(
    r"(?:(?:just|only|barely|mere|a\s+mere|within|less\s+than|more\s+than|about|around|"
    r"nearly|almost|over|shortly|soon|right|immediately|long|well)\s+)+(?=\S)",
    re.I,
)


def _base(word: str) -> str | None:
    low = word.lower()
    if low in _IRREGULAR:
        return _IRREGULAR[low]
    if low in _NOT_VERBS or len(low) < 4:
        return None
    if low.endswith("ied"):
        return low[:-3] + "y"
    if low.endswith("ed"):
        stem = low[:-2]
        if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
            stem = stem[:-1]  # "planned" -> "plan"
        return stem.rstrip("e")
    return None


_POINT_EVENTS = frozenset(_base(w) or w for w in _POINT_EVENT_WORDS)


def _stem(word: str) -> str:
    low = word.lower()
    if low in _IRREGULAR:
        return _IRREGULAR[low]
    for suffix in ("ing", "es", "ed", "s", "e"):
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            return low[: -len(suffix)]
    return low


@dataclass(slots=True)
class Statement:
    relation: str
    head: str  # anchor noun
    poss: str  # possessor or determiner, lower case
    ordinal: str | None  # "second" in "her second term"
    number: str | None  # explicit quantity ("10 minutes")
    event: str  # base form of the verb the time phrase modifies
    word: str  # that verb as written
    block: Block
    start: int  # prose offsets of the time phrase
    end: int
    negated: bool
    other: bool  # another occurrence is signalled
    subject: set[str]  # content words of the clause before the verb


_ORDINALS = frozenset("first second third fourth fifth sixth last final previous next new".split())
_FIRST_PERSON = frozenset("my our".split())
_PRONOUN_POSS = frozenset("his her their its my our your".split())


def _statements(block: Block) -> list[Statement]:
    text = block.text
    if not _may_have_anchor(text) or not _MAY_STATE.search(text):
        return []
    # Only the text around an anchor noun can hold a statement: look there alone.
    windows: list[list[int]] = []
    for h in _HEAD_RE.finditer(text):
        lo, hi = max(0, h.start() - 120), min(len(text), h.end() + 50)
        if not _has_trigger(text, lo, hi):
            continue
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    if not windows:
        return []
    out: list[Statement] = []
    taken: list[tuple[int, int]] = []
    chunks = []
    union = 0
    for lo, hi in windows:
        chunk = text[lo:hi]
        has = sum([bit for w, bit in _BIT.items() if w in chunk])
        chunks.append((lo, hi, has))
        union |= has
    for k, (need1, need2) in enumerate(_MASKS):
        if not (union & need1 and union & need2):
            continue
        relation, pattern = _PATTERN_SOURCES[k][0], _pattern(k)
        spans = [(lo, hi) for lo, hi, has in chunks if has & need1 and has & need2]
        for m in (m for lo, hi in spans for m in pattern.finditer(text, lo, hi)):
            head = m.group("head").lower()
            if head not in ANCHOR_NOUNS:
                continue
            if "of" in (m.group("mods") or "").lower().split():
                continue  # "before the end of the summit" is not "before the summit"
            s, e = m.start(), m.end()
            lead = _LEADING_ADVERBS.match(text, s, e)
            if lead:
                s = lead.end()  # the span starts at the quantity or preposition
            if any(a < e and s < b for a, b in taken):
                continue
            # The event: the nearest past-tense verb before the phrase, in its clause.
            clause_start = max(text.rfind(c, 0, s) for c in '.;:!?\u201c\u201d"(')
            before = text[clause_start + 1 : s]
            all_toks = _WORD.findall(before)
            toks = all_toks[-8:]
            event = None
            word = ""
            at = len(all_toks)
            for i in range(len(all_toks) - 1, max(-1, len(all_toks) - 9), -1):
                base = _base(all_toks[i])
                if base is not None:
                    event, word, at = base, all_toks[i], i
                    break
            if event is None or event in _SPEECH or event not in _POINT_EVENTS:
                continue
            # Who or what the event is about: the content words before the verb.
            subject = {
                w.lower()
                for w in all_toks[max(0, at - 25) : at]
                if len(w) > 2 and w.lower() not in _FUNCTION_WORDS and _base(w) is None
            }
            mods = (m.group("mods") or "").lower().split()
            ordinal = next((w for w in mods if w in _ORDINALS), None)
            num = m.groupdict().get("num")
            if num in ("a", "an"):
                num = None
            out.append(
                Statement(
                    relation,
                    head,
                    m.group("poss").lower().replace("\u2019", "'"),
                    ordinal,
                    num,
                    event,
                    word,
                    block,
                    s,
                    e,
                    bool(_NEGATION.search(" ".join(toks[-4:]))),
                    bool(_OTHER_OCCURRENCE.search(" ".join(toks))),
                    subject,
                )
            )
            taken.append((s, e))
    return out


def _same_anchor(a: Statement, b: Statement) -> bool:
    if a.head != b.head:
        return False
    if a.ordinal != b.ordinal and a.ordinal and b.ordinal:
        return False
    pa, pb = a.poss, b.poss
    if pa == pb or pa in _FIRST_PERSON or pb in _FIRST_PERSON:
        return True  # "my term" in a quote is the speaker's: it may be anyone's
    if pa in ("the", "this", "that") or pb in ("the", "this", "that"):
        return True
    if pa in _PRONOUN_POSS and pb in _PRONOUN_POSS:
        return False  # "his term" and "her term"
    if pa in _PRONOUN_POSS or pb in _PRONOUN_POSS:
        return True  # "Bachelet's term" and "her term"
    return False  # two different named possessors


class Contradiction(Rule):
    """Two statements place the same event at incompatible times of the same period.

    **What it does.** Reads the statements that place an event against a period — a
    term, tenure, summit, match, trial, meeting, session, visit... — as early in it
    (`minutes into her term`, `at the start of the summit`, `as the trial opened`), near
    its end (`minutes before her term ended`, `at the close of the session`, `in the final
    minutes of the match`), after it (`after the summit ended`) or before it (`before the
    talks began`, `ahead of the start of the trial`). When two statements about the same
    event (the same verb: `published`, `signed`) and the same period (the same noun, no
    conflicting possessor or ordinal) cannot both hold, it reports the first and points
    `related` at the other.

    Silent for one statement alone, for different events (`the first goal came minutes
    into the match` / `the second came minutes before it ended`: another occurrence is
    signalled), for negated statements, for verbs of saying (one person speaks many times)
    and when both give explicit amounts (`80 minutes into` / `10 minutes before the end`
    can both be true).

    **Why it matters.** Rewriting tools flip time relations (`before` ↔ `into`); the
    article then states two different facts, one of them false.

    **Bad:**

        The report was published minutes into her term. ... The report was published
        minutes before her term ended.

    **Good:**

        The report was published minutes before her term ended.

    **How to fix.** Check which statement is right and correct the other. No automatic fix.
    """

    code = "NL501"
    name = "contradiction"
    category = "meaning"
    severity = Severity.WARNING
    summary = "Two statements place the same event at incompatible times"

    def check(self, doc: Document, settings):
        statements: list[Statement] = []
        repeated = doc.repeated_blocks
        for block in doc.blocks:
            if block.index in repeated:
                continue
            statements.extend(_statements(block))
        if len(statements) < 2:
            return
        statements.sort(key=lambda st: (st.block.index, st.start))
        reported: set[int] = set()
        for i, a in enumerate(statements):
            if a.negated or a.other:
                continue
            related = []
            for j, b in enumerate(statements):
                if j == i or b.negated or b.other:
                    continue
                if frozenset((a.relation, b.relation)) not in CONFLICTS:
                    continue
                if a.event != b.event and _stem(a.event) != _stem(b.event):
                    continue
                if not _same_anchor(a, b):
                    continue
                if a.number and b.number:
                    continue
                if a.subject and b.subject and not (a.subject & b.subject):
                    continue  # "the House voted" / "the Senate voted": different events
                related.append(b)
            if not related or i in reported:
                continue
            if any(statements.index(b) < i for b in related):
                continue  # reported at the earlier statement
            reported.add(i)
            for b in related:
                reported.add(statements.index(b))
            start, end = a.block.span(a.start, a.end)
            locs = []
            for b in related:
                bs, be = b.block.span(b.start, b.end)
                locs.append(
                    doc.location(bs, be, f"contradicting statement: {b.relation} the {b.head}")
                )
            for w in _supporting(doc, a, related, statements):
                ws, we = w.block.span(w.start, w.end)
                locs.append(doc.location(ws, we, f"see also: {w.relation} the {w.head}"))
            first = related[0]
            line, col = doc.lines.position(first.block.span(first.start, first.end)[0])
            message = (
                f"contradiction: '{a.word}' {a.relation} the {a.head} here, but "
                f"'{first.word}' {first.relation} the {first.head} at line {line}:{col}"
            )
            yield self.finding(doc, start, end, message, related=locs)


#: "before the end of my term": true of any moment in the term, so never a contradiction
#: by itself, but it backs the statement that puts the event near the end.
BEFORE_END = "before the end of"
_WEAK_SOURCES = (
    r"\bbefore\s+the\s+(?:end|close|expiry|expiration)\s+of\s+" + _ANCHOR,
    r"\bbefore\s+" + _ANCHOR + r"\s+" + _END_VERBS,
)


@lru_cache(maxsize=1)
def _weak_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(source) for source in _WEAK_SOURCES)


def _supporting(doc: Document, a: Statement, related: list[Statement], strong: list[Statement]):
    """Weak statements about the same event and period that side with ``related``."""
    if not any(b.relation in (LATE, AFTER_END) for b in related):
        return []
    if a.relation not in (EARLY, BEFORE_START):
        return []
    event = _stem(a.event)
    out = []
    repeated = doc.repeated_blocks
    for block in doc.blocks:
        if block.index in repeated or a.head not in block.text:
            continue
        text = block.text
        for pattern in _weak_patterns():
            for m in pattern.finditer(text):
                if m.group("head").lower() != a.head:
                    continue
                s, e = m.start(), m.end()
                if any(st.block is block and st.start < e and s < st.end for st in strong):
                    continue
                clause_start = max(text.rfind(c, 0, s) for c in '.;:!?\u201c"(')
                words = _WORD.findall(text[clause_start + 1 : s])[-10:]
                if event not in {_stem(w) for w in words}:
                    continue
                weak = Statement(
                    BEFORE_END,
                    a.head,
                    m.group("poss").lower().replace("\u2019", "'"),
                    None,
                    None,
                    event,
                    "",
                    block,
                    s,
                    e,
                    False,
                    False,
                    set(),
                )
                if any(_same_anchor(weak, b) for b in related):
                    out.append(weak)
    return out


@hookimpl
def newslint_rules():
    return [Contradiction()]
