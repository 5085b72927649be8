"""People in prose: name mentions, gender evidence, pronouns, and quotation spans.

Shared by the reference rules (NL401 gender slip, NL402 orphan surname). Everything here
works on one prose block's ``text`` (prose offsets); rules map offsets back with
``block.span``.

Gender evidence, strongest first: an honorific (Mr, Ms, Mrs) or gendered title (Queen,
chairwoman, actress) attached to the name; then a first-name table derived from the
public-domain 1990 US Census name lists (``data/first_names.tsv``, built by
``tools/build_name_table.py``), loaded lazily on first use. Names whose sex is split or
differs across languages (Jordan, Jean, Andrea) carry no gender in the table.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from .document import Block, Document

DATA = Path(__file__).resolve().parent / "data"

# -- tables ----------------------------------------------------------------------------


@lru_cache(maxsize=16384)  # names and capitalised words recur within and across files
def fold(word: str) -> str:
    """Lower case without accents or possessive (``Stéphane`` -> ``stephane``)."""
    if word.endswith(("\u2019s", "'s")):
        word = word[:-2]
    word = word.rstrip("\u2019'")
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=1)
def first_names() -> dict[str, tuple[str, float, float]]:
    """``name -> (gender M/F/U, share of the majority sex, frequency %)``."""
    table: dict[str, tuple[str, float, float]] = {}
    with open(DATA / "first_names.tsv", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            name, gender, p, freq = line.rstrip("\n").split("\t")
            table[name] = (gender, float(p), float(freq))
    return table


@lru_cache(maxsize=1)
def surnames() -> dict[str, int]:
    """``surname -> census rank`` (1 = most common)."""
    table: dict[str, int] = {}
    with open(DATA / "surnames.txt", encoding="utf-8") as fh:
        rank = 0
        for line in fh:
            if line.startswith("#"):
                continue
            rank += 1
            table[line.strip()] = rank
    return table


def first_name_gender(word: str) -> str | None:
    """``"M"``/``"F"`` for a first name with a clear sex in the table, else None."""
    entry = first_names().get(fold(word))
    if entry and entry[0] in "MF" and entry[1] >= 0.95:
        return entry[0]
    return None


def is_first_name(word: str, min_freq: float = 0.0) -> bool:
    entry = first_names().get(fold(word))
    return bool(entry) and entry[2] >= min_freq


# -- vocabulary ------------------------------------------------------------------------

HONORIFICS: dict[str, str | None] = {
    "mr": "M",
    "mister": "M",
    "sir": "M",
    "lord": "M",
    "messrs": None,
    "mrs": "F",
    "ms": "F",
    "miss": "F",
    "madam": "F",
    "madame": "F",
    "mme": "F",
    "mlle": "F",
    "dame": "F",
    "lady": "F",
    "señor": "M",
    "senor": "M",
    "señora": "F",
    "senora": "F",
    "herr": "M",
    "frau": "F",
    "dr": None,
    "prof": None,
    "professor": None,
    "rev": None,
}

#: Titles and role nouns that say the bearer's sex.
GENDERED_NOUNS: dict[str, str] = {}
for _m, _f in (
    ("king", "queen"),
    ("prince", "princess"),
    ("duke", "duchess"),
    ("emperor", "empress"),
    ("baron", "baroness"),
    ("count", "countess"),
    ("tsar", "tsarina"),
    ("czar", "czarina"),
    ("sultan", "sultana"),
    ("sheikh", "sheikha"),
    ("chairman", "chairwoman"),
    ("spokesman", "spokeswoman"),
    ("congressman", "congresswoman"),
    ("councilman", "councilwoman"),
    ("assemblyman", "assemblywoman"),
    ("businessman", "businesswoman"),
    ("sportsman", "sportswoman"),
    ("policeman", "policewoman"),
    ("anchorman", "anchorwoman"),
    ("headmaster", "headmistress"),
    ("actor", "actress"),
    ("waiter", "waitress"),
    ("host", "hostess"),
    ("steward", "stewardess"),
    ("heir", "heiress"),
    ("widower", "widow"),
    ("priest", "priestess"),
    ("monk", "nun"),
    ("husband", "wife"),
    ("ex-husband", "ex-wife"),
    ("father", "mother"),
    ("stepfather", "stepmother"),
    ("grandfather", "grandmother"),
    ("dad", "mom"),
    ("daddy", "mummy"),
    ("son", "daughter"),
    ("grandson", "granddaughter"),
    ("stepson", "stepdaughter"),
    ("brother", "sister"),
    ("uncle", "aunt"),
    ("nephew", "niece"),
    ("boy", "girl"),
    ("man", "woman"),
    ("gentleman", "lady"),
    ("boyfriend", "girlfriend"),
    ("fiance", "fiancee"),
    ("fiancé", "fiancée"),
    ("groom", "bride"),
    ("godfather", "godmother"),
):
    GENDERED_NOUNS[_m] = "M"
    GENDERED_NOUNS[_f] = "F"
GENDERED_NOUNS.update(pope="M", patriarch="M", abbess="F", matriarch="F", ballerina="F", mum="F")
# "host" and "actor" are used for both sexes today: as titles they say nothing.
for _neutral in ("host", "actor", "count", "cardinal", "heir", "steward"):
    GENDERED_NOUNS.pop(_neutral, None)

#: Singular nouns for a person: an unnamed person who could be what a pronoun means.
PERSON_NOUNS = frozenset(
    """
    official spokesperson minister president premier chancellor leader chief director
    lawyer attorney judge justice prosecutor officer envoy ambassador diplomat secretary
    senator governor mayor candidate nominee incumbent suspect victim witness defendant
    plaintiff activist analyst expert researcher scientist professor doctor physician
    nurse surgeon teacher student pupil author writer reporter journalist correspondent
    editor columnist founder co-founder ceo executive manager owner chair chairperson
    head commander admiral colonel captain lieutenant sergeant soldier player
    coach striker goalkeeper midfielder defender forward driver rider pilot passenger
    resident worker employee employer member friend partner colleague neighbour neighbor
    child baby infant toddler teenager teen person individual parent spouse sibling
    relative cousin boss farmer user customer patient detective inspector investigator
    monarch ruler dictator lawmaker legislator representative deputy aide adviser
    advisor assistant staffer source insider survivor refugee migrant immigrant prisoner
    detainee inmate hostage protester protestor demonstrator critic opponent rival ally
    supporter fan voter citizen artist singer musician rapper producer filmmaker
    novelist poet photographer designer architect engineer developer programmer
    maintainer contributor creator inventor entrepreneur investor banker trader
    economist historian commissioner regulator auditor guard chef athlete champion
    winner loser runner-up tenant landlord guest speaker moderator organizer organiser
    volunteer appointee predecessor successor counterpart cleric imam bishop archbishop
    rabbi pastor preacher pontiff sheriff marshal secretary-general undersecretary
    under-secretary negotiator mediator spokesperson-general billionaire millionaire
    celebrity actor host heir steward cardinal principal dean provost
    rector vicar chaplain minister-president vice-president vice-chair sponsor donor
    applicant agent lobbyist consultant contractor dealer seller buyer broker tourist
    visitor traveller traveler pilgrim commuter shopper diner viewer listener reader
    caller sender recipient owner-operator gunman gunwoman killer attacker assailant
    shooter bomber hacker thief robber burglar murderer culprit perpetrator accused
    convict fugitive informant whistleblower
    """.split()
)

#: Common nouns ending like agent nouns (-er, -or, -ist, -ian) that are not people.
_NOT_AGENTS = frozenset(
    """
    order number paper matter border letter center centre chapter character answer other
    latter water power tower summer winter quarter error mirror floor door color colour
    sector factor motor monitor corridor meter metre layer filter register server browser
    compiler parser linker debugger container cluster router buffer pointer parameter
    counter header footer identifier marker trigger wrapper handler folder cover computer
    fiber fibre river liver ever never whether however together further rather either
    neither later after over under per super finger member-state offer transfer barrier
    disaster theater theatre manner dinner corner prayer weather feather shelter
    minister manner october november december september sober major minor interior
    exterior mirror horror terror behavior behaviour favour favor honour honor flavor
    flavour vapor armor humor rumor tumor labor labour vigor rigor valor decor odor
    tenor mentor list gist mist fist twist wrist christian guardian median meridian
    librarian indian asian
    """.split()
)

#: Words that may precede a surname in a capitalised run without being a first name.
_TITLE_ADJECTIVES = frozenset(
    """
    former late then acting interim deputy vice chief senior junior elder younger new
    outgoing incoming current foreign defence defense finance interior justice health
    labour labor trade state federal general attorney lord lady sir dame saint st
    """.split()
)

#: First names that are also common words: at the head of a capitalised run they name a
#: person only before a census surname ("Will Smith", not "Amber Alert").
WORDY_FIRST_NAMES = frozenset(
    """
    will rose mark bill frank jack pat guy rich sue don dean chase hunter joy faith hope
    grace dawn april june may summer autumn ruby pearl holly iris lily daisy ivy crystal
    amber sky rocky buck christian victoria georgia virginia carolina florence sydney
    austin dallas houston madison paris india china jordan regan king major earl duke
    prince royal baron bishop price young long little rice bell hill green white black
    brown gray grey rusty sandy misty destiny charity honor justice star sunny bud
    """.split()
)

#: Census surnames that are, in news copy, far more often a place, a company or a news
#: organisation speaking ("Washington said", "Ford reported", "Bloomberg reported").
PLACE_ORG_SURNAMES = frozenset(
    """
    washington jackson houston dallas austin lincoln denver phoenix boston orlando madison
    cleveland charlotte memphis nashville jordan israel georgia virginia carolina kent york
    chester london paris berlin rome moscow vienna geneva sydney victoria florence
    chelsea everton fulham ford chase bloomberg reuters dell boeing disney wells fargo
    morgan stanley goldman pfizer merck bayer nestle shell target walmart gap apple amazon
    oracle cisco intel tesla uber hilton marriott kellogg heinz gucci prada dior cartier
    ferrari porsche mercedes toyota honda nissan sony nokia siemens philips bosch adidas
    nike puma visa google microsoft netflix spotify twitter meta facebook kremlin
    pentagon downing vatican france britain england scotland wales ireland america china
    india japan korea russia mexico canada brazil africa asia europe harvard yale
    stanford princeton oxford cambridge manchester liverpool birmingham hollywood
    politico axios wired variety guardian times post mirror sun telegraph express
    fitch moody gallup nielsen gartner pew ipsos rasmussen hershey goodyear firestone
    nordstrom macy sears kroger bentley dodge chrysler fox gannett hearst dow schwab roche
    kraft forbes mckinsey bain jefferies cowen nomura barclay lazard guggenheim kellogg
    """.split()
)

#: Words in a capitalised run that make it an organisation, place or thing, not a person.
ORG_WORDS = frozenset(
    """
    international nations united union council committee commission office ministry
    department agency bureau institute institution foundation fund bank group company
    corporation corp inc ltd llc plc co association federation league party parliament
    congress senate assembly court tribunal university college school academy hospital
    church mosque temple museum library center centre watch rights press news times post
    journal herald tribune guardian telegraph gazette review magazine radio television
    tv network service services authority board police army navy force forces guard
    republic kingdom states state city county province region district island islands
    river mountain mountains street avenue road square airport station port bay sea
    ocean lake park hall house palace tower bridge project programme program team club
    foundation society organization organisation alliance coalition front movement
    government administration treaty accord agreement act bill summit conference forum
    festival awards prize cup championship games olympics world day week democrats
    republicans labour tories greens tech labs systems solutions motors airlines airways
    energy capital partners holdings media studios records pictures entertainment
    software technologies pharmaceuticals sciences health insurance finance securities
    exchange market markets stadium arena gallery hotel restaurant cafe cathedral
    station valley county township village town beach hospital clinic prison
    """.split()
)

# Words that start sentences or headlines in capitals without being names.
_STOP_CAPS = frozenset(
    """
    the a an and but or nor so yet for if when while as after before since until because
    although though in on at of to from by with without about into onto over under above
    below between among during through across against toward towards upon within this
    that these those there here then now today yesterday tomorrow last next first second
    third it its he she his her hers him they them their we our us you your i my me
    what which who whom whose where why how all some many most much more few each every
    both either neither no not any other another such only also even just still meanwhile
    however instead indeed moreover furthermore finally earlier later according asked
    dear hello thanks thank please note see read update edit photo image credit source
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    """.split()
)

#: Verbs of saying, reporting and writing (past and present forms).
SPEECH_VERBS = frozenset(
    """
    said says added adds told tells noted notes wrote writes explained explains argued
    argues insisted insists stressed stresses recalled recalls replied replies asked asks
    continued continues warned warns claimed claims stated states declared declares
    acknowledged acknowledges admitted admits conceded concedes observed observes
    remarked remarks suggested suggests urged urges testified testifies tweeted tweets
    posted posts announced announces responded responds countered counters reported
    reports contributed contributes concluded concludes emphasized emphasised
    emphasizes emphasises cautioned cautions predicted predicts mused muses joked jokes
    complained complains confirmed confirms denied denies repeated repeats shouted
    whispered wondered wonders
    """.split()
)

PRONOUN_GENDER = {
    "he": "M",
    "him": "M",
    "his": "M",
    "himself": "M",
    "she": "F",
    "her": "F",
    "hers": "F",
    "herself": "F",
}

_PARTICLES = frozenset(
    "de da di del della dos das du van von der den ter ten bin ibn al el la le y zu".split()
)


def _trie_pattern(words: set[str] | frozenset[str]) -> str:
    """A regex alternation of ``words`` factored as a trie (much faster than a flat list)."""
    trie: dict = {}
    for w in words:
        node = trie
        for c in w:
            node = node.setdefault(c, {})
        node[""] = True

    def emit(node: dict) -> str:
        end = "" in node
        alts = [re.escape(c) + emit(child) for c, child in sorted(node.items()) if c != ""]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if end else body

    return emit(trie)


# -- quotations --------------------------------------------------------------------------

_QUOTE_MARK = re.compile('[\u201c\u201e\u00ab\u201d\u00bb"]')


def _has_quote_mark(text: str) -> bool:
    """Whether ``_QUOTE_MARK`` finds a mark in ``text``: one substring test per mark, each a
    fast scan, where the character-class search costs tens of instructions per
    character (most blocks hold no quotation)."""
    return (
        '"' in text
        or "\u201c" in text
        or "\u201d" in text
        or "\u201e" in text
        or "\u00ab" in text
        or "\u00bb" in text
    )


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` inside double quotation marks (marks included).

    Curly quotes pair by orientation; straight double quotes toggle. A closing mark with
    nothing open is ignored; a quote left open runs to the end of the block (the
    journalistic convention for quotes over several paragraphs). Single quotes are nested
    quotes or apostrophes: they never open a span on their own.
    """
    spans: list[tuple[int, int]] = []
    open_at = -1
    for m in _QUOTE_MARK.finditer(text):
        c = m.group()
        i = m.start()
        if c in "\u201c\u201e\u00ab":
            if open_at < 0:
                open_at = i
        elif c in "\u201d\u00bb":
            if open_at >= 0:
                spans.append((open_at, i + 1))
                open_at = -1
        elif open_at < 0:
            open_at = i
        else:
            spans.append((open_at, i + 1))
            open_at = -1
    if open_at >= 0:
        spans.append((open_at, len(text)))
    return spans


def in_spans(spans: list[tuple[int, int]], pos: int) -> bool:
    for s, e in spans:
        if s <= pos < e:
            return True
        if s > pos:
            break
    return False


# -- mentions ----------------------------------------------------------------------------


@dataclass(slots=True)
class Mention:
    """A capitalised run of words that names (or may name) a person."""

    start: int  # prose offsets of the name itself (titles excluded)
    end: int
    tokens: list[str]
    kind: str  # "person" (a first name or honorific) | "unknown" (could be a person)
    first: str | None = None
    surname: str | None = None
    evidence: set[str] = field(default_factory=set)  # M/F from honorifics and titles

    @property
    def key(self) -> str | None:
        return fold(self.surname) if self.surname else None

    @property
    def full(self) -> str:
        return " ".join(
            t.removesuffix("\u2019s").removesuffix("'s").rstrip("\u2019'") for t in self.tokens
        )


# A capitalised word (Latin scripts), with inner hyphens and apostrophes and a possessive.
# (The capital comes first and the look-behind checks the character before it: a pattern
# that starts with a character class lets the scanner skip ahead; one that starts with a
# look-behind is tried at every position, 2.6x slower on the corpus.)
CAP_WORD = re.compile(
    r"[A-Z\u00c0-\u00de\u0100-\u024f](?<![\w\-'\u2019].)[\w\-]*(?:['\u2019]\w+)*['\u2019]?"
)
_PARTICLE_GAP = re.compile(
    r"[ \u00a0](?:(?:de|da|di|del|della|dos|das|du|van|von|der|den|ter|ten|bin|ibn|al|el|la|le|y|zu)[ \u00a0])+"
)
_TITLE_ABBR = frozenset(
    "gen col lt sgt capt cmdr adm gov sen rep rev hon pres supt det insp st".split()
)


def capital_words(text: str) -> list[tuple[int, int, str]]:
    return [
        (m.start(), m.end(), m.group()) for m in CAP_WORD.finditer(text) if m.group()[0].isupper()
    ]


# The fast way through a block's capitalised words (``People._scan``): one pattern finds
# each word standing alone and each chain of words that follow each other across a gap
# ``capitalised_runs`` may join (a space, ". ", particles), with no Python step per word.
# Most words stand alone (sentence starts, product names); only a chain can hold a run of
# two or more, and it is then split into runs by ``capitalised_runs`` itself, which
# applies the finer conditions ("Gen. Smith" joins; "said. Smith" and "Guterres' Office"
# do not). A match starts where CAP_WORD would start a word (same class, same
# look-behind) and its words are CAP_WORD's words: a word cut short ends before a word
# character, where no gap can start. After a gap the look-behind always holds, so the
# next words skip it. Group 1 is set when the match is a chain.
_NEXT_CAP = r"[A-Z\u00c0-\u00de\u0100-\u024f][\w\-]*(?:['\u2019]\w+)*['\u2019]?"
_WORD_OR_CHAIN = re.compile(
    CAP_WORD.pattern
    + r"((?:[ \u00a0](?:"
    + _trie_pattern(_PARTICLES)
    + r"[ \u00a0])*"
    + _NEXT_CAP
    + r"|\. "
    + _NEXT_CAP
    + ")+)?"
)


def _words_in(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """``capital_words`` of ``text[start:end]`` (the bounds must not cut a word)."""
    found = CAP_WORD.finditer(text, start, end)
    return [(m.start(), m.end(), m.group()) for m in found if m.group()[0].isupper()]


@lru_cache(maxsize=8192)
def _chain_runs(
    chain: str,
) -> tuple[tuple[tuple[tuple[int, int, str], ...], tuple[str, ...]], ...]:
    """The runs (``capitalised_runs``) of a chain of capitalised words, a match of
    ``_WORD_OR_CHAIN``: for each run its words as (start, end, word), offsets in
    ``chain``, and the words alone.

    They depend on the chain's text alone: inside it CAP_WORD's look-behind sees only the
    chain, at its start the chain's own match passed the same look-behind, and
    ``capitalised_runs`` reads the gaps between the words. Names recur within and across
    articles ("Kestrel Falls", "Maria Reyes"), so each is split once."""
    toks = _words_in(chain, 0, len(chain))
    runs = [tuple(toks[i] for i in run) for run in capitalised_runs(chain, toks)]
    return tuple((run, tuple(w for _s, _e, w in run)) for run in runs)


def capitalised_runs(text: str, toks: list[tuple[int, int, str]]) -> list[list[int]]:
    """Indices into ``toks`` (capitalised words) of runs that make one name or title."""
    runs: list[list[int]] = []
    cur: list[int] = []
    prev_end = -1
    prev_word = ""
    for i, (s, e, w) in enumerate(toks):
        joinable = False
        if cur:
            gap = text[prev_end:s]
            if gap == " " or gap == "\u00a0":
                joinable = True
            elif gap == ". ":
                low = prev_word.lower()
                joinable = len(prev_word) == 1 or low in HONORIFICS or low in _TITLE_ABBR
            elif 3 < len(gap) < 20 and _PARTICLE_GAP.fullmatch(gap):
                joinable = True
            if prev_word.endswith(("\u2019s", "'s", "\u2019", "'")) and len(prev_word) > 2:
                joinable = False  # "Guterres' spokesman": a possessive ends the name
        if joinable:
            cur.append(i)
        else:
            if cur:
                runs.append(cur)
            cur = [i]
        prev_end, prev_word = e, w
    if cur:
        runs.append(cur)
    return runs


def classify_run(text: str, toks: list[tuple[int, int, str]], run: list[int]) -> Mention | None:
    """A Mention for a capitalised run that is (or may be) a person, else None."""
    if len(run) == 1:
        return None  # a person mention needs two words (a name, or an honorific and name)
    toks_run = tuple(toks[i] for i in run)
    return _classify(text, 0, toks_run, tuple(w for _s, _e, w in toks_run))


def _classify(
    text: str, offset: int, run: tuple[tuple[int, int, str], ...], words: tuple[str, ...]
) -> Mention | None:
    """``classify_run`` for the words ``run`` (two or more: start, end, word) at
    ``offset + start`` in ``text``, ``words`` their text. What a run is depends on its
    words and on the sex the word just before the name gives (``_gender_before``),
    nothing else: the reading of the words is cached (``_name_lead``, ``_read_run``),
    positions are added here."""
    lead = _name_lead(words)
    if lead is None:
        return None
    read = _read_run(words, lead, _gender_before(text, offset + run[lead][0]))
    if read is None:
        return None
    at, kind, first, evidence = read
    return Mention(
        offset + run[at][0],
        offset + run[-1][1],
        list(words[at:]),
        kind,
        first=first,
        surname=words[-1],
        evidence=set(evidence),
    )


@lru_cache(maxsize=16384)
def _name_lead(words: tuple[str, ...]) -> int | None:
    """How many words of a run are capitalised only because they start a sentence ("The",
    "In"), or None when the run cannot name a person (all such words, or an organisation
    word: "United Nations", "Halvik Council")."""
    lead = 0
    while lead < len(words) and words[lead].lower() in _STOP_CAPS:
        lead += 1
    if lead == len(words) or any(fold(w) in ORG_WORDS for w in words[lead:]):
        return None
    return lead


def _gender_before(text: str, start: int) -> str | None:
    """The sex an honorific or gendered title just before ``start`` gives ("chairwoman
    Jane Doe"), else None."""
    before = text[max(0, start - 40) : start].split()
    if before:
        prev = fold(before[-1].rstrip(".,"))
        return GENDERED_NOUNS.get(prev) or HONORIFICS.get(prev)
    return None


@lru_cache(maxsize=16384)
def _read_run(
    words: tuple[str, ...], lead: int, before: str | None
) -> tuple[int, str, str | None, frozenset[str]] | None:
    """The person a run's ``words`` name, from word ``lead`` on (see ``_name_lead``), with
    ``before`` the sex given by the word before them: (index of the name's first word,
    kind "person" or "unknown", first name, evidence), or None."""
    ws = words[lead:]
    folded = [fold(w) for w in ws]
    evidence: set[str] = {before} if before else set()
    honorific = False
    first_at = -1
    for j, f in enumerate(folded):
        f2 = f.rstrip(".")
        if f2 in HONORIFICS:
            honorific = True
            if HONORIFICS[f2]:
                evidence.add(HONORIFICS[f2])
            continue
        g = GENDERED_NOUNS.get(f2)
        if g and first_at < 0:
            evidence.add(g)
            continue
        if first_at < 0 and j < len(folded) - 1 and f2 in first_names() and len(f2) > 1:
            if f2 in WORDY_FIRST_NAMES and folded[-1] not in surnames() and not evidence:
                break  # "Amber Alert", "Grace Period": a word, not a name
            first_at = j
            break
    if first_at >= 0:
        return lead + first_at, "person", ws[first_at], frozenset(evidence)
    if honorific and len(ws) >= 2 and fold(ws[-1]) not in HONORIFICS:
        # "Mr. Hassan": the name is what follows the honorific.
        k = max(j for j, f in enumerate(folded) if f.rstrip(".") in HONORIFICS) + 1
        if k < len(ws):
            return lead + k, "person", None, frozenset(evidence)
    if len(ws) >= 2 and all(not w.isupper() for w in ws):
        # Two capitalised words we cannot place (Xi Jinping, Stephane Dujarric): maybe a person.
        return lead, "unknown", None, frozenset(evidence)
    return None


@lru_cache(maxsize=16384)
def _name_words(tokens: tuple[str, ...], person: bool) -> tuple[str, ...]:
    """The words of a mention's ``tokens`` that go into ``People.name_words``: folded,
    without titles, and for a person without the surname (the last token, its key)."""
    key = fold(tokens[-1])
    out = []
    for t in tokens:
        ft = fold(t).rstrip(".")
        if (ft != key or not person) and ft not in _TITLE_WORDS:
            out.append(ft)
    return tuple(out)


# -- a document's people -----------------------------------------------------------------

DETERMINERS = frozenset("the a an his her their its this that our my your".split())
_PRONOUN = re.compile(r"\b(?:he|him|his|himself|she|her|hers|herself)\b", re.I)
_GENERIC = re.compile(r"(?:\s+or\s+|\s*/\s*)(?:he|she|him|her|his|hers|they|them|their)\b", re.I)
_GENERIC_BEFORE = re.compile(r"\b(?:he|she|him|her|his|hers)(?:\s+or\s+|\s*/\s*)$", re.I)
_STYLE = re.compile(
    r"[ \u00a0](?:Majesty|Majesty's|Majesty\u2019s|Holiness|Excellency|Royal|Highness|Grace|Honour|Honor|Eminence|Lordship|Ladyship)\b"
)
_NEXT_WORD = re.compile(r"[ \u00a0]([A-Za-z]+)")
_PREV_WORD = re.compile(r"([A-Za-z]+)\.?[ \u00a0]$")

# ``pronoun_spans`` finds what _PRONOUN finds, faster. Most blocks hold no third-person
# pronoun: a bytes translate (ASCII letters lower-cased, every other byte a space) and a
# split give the block's ASCII words, a superset of what \b...\b can match, except
# where re.I lets a non-ASCII letter stand for an ASCII one (İ and ı for i, ſ for s).
# The search itself starts at the non-word character before the pronoun: a pattern that
# starts with a character class is only tried where that class matches, one that starts
# with \b at every position (3x slower); the text's start is matched apart.
_ASCII_LOWER = bytes(c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 else 32 for c in range(256))
_PRONOUN_BYTES = frozenset(w.encode() for w in PRONOUN_GENDER)
_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f")
_PRONOUN_AFTER = re.compile(r"\W" + _trie_pattern(frozenset(PRONOUN_GENDER)) + r"\b", re.I)
_PRONOUN_AT_START = re.compile(_trie_pattern(frozenset(PRONOUN_GENDER)) + r"\b", re.I)


def ascii_lowered(text: str) -> bytes:
    """``text`` as bytes with its ASCII letters lower-cased and every other byte a space:
    its ``split`` holds every ASCII word a word pattern (case-insensitive or not) can
    match in ``text``, and more (except where ``re.I`` lets a non-ASCII letter stand for
    an ASCII one, ``_FOLDS_TO_ASCII``). One pass for several prefilters of a block."""
    return text.encode("utf-8", "surrogatepass").translate(_ASCII_LOWER)


def pronoun_spans(text: str, words: list[bytes] | None = None) -> list[tuple[int, int]]:
    """Spans of the third-person pronouns in ``text``: ``_PRONOUN.finditer``'s matches
    (``words``: ``ascii_lowered(text).split()``, when the caller has it)."""
    if words is None:
        words = ascii_lowered(text).split()
    present = _PRONOUN_BYTES.intersection(words)
    folds = not text.isascii() and any(c in text for c in _FOLDS_TO_ASCII)
    if not present and not folds:
        return []
    if not folds:
        low = text.lower()
        if len(low) == len(text):
            # Each pronoun of the block's words found in the lower-cased text (a C scan;
            # the same offsets, as lower-casing moved no character), kept where it is a
            # whole word: what the pattern matches (the pronouns are whole words, so no
            # two overlap).
            spans = []
            for p in present:
                w = p.decode()
                k = len(w)
                spans += [(i, i + k) for i in _whole_words(low, w, text)]
            spans.sort()
            return spans
    first = _PRONOUN_AT_START.match(text)
    spans = [first.span()] if first else []
    spans += [(m.start() + 1, m.end()) for m in _PRONOUN_AFTER.finditer(text)]
    return spans


def pronoun_key(word: str) -> str | None:
    """The ``PRONOUN_GENDER`` key of a pronoun ``pronoun_spans`` found ("She", "ſhe",
    "hİm" give "she", "she", "him"), or None."""
    low = word.lower()
    if low not in PRONOUN_GENDER:
        low = low.replace("\u017f", "s").replace("i\u0307", "i").replace("\u0131", "i")
    return low if low in PRONOUN_GENDER else None


_NOUN_WORDS = frozenset(PERSON_NOUNS | set(GENDERED_NOUNS))
_NOUN_HEADS = frozenset(w.split("-", 1)[0] for w in _NOUN_WORDS)
#: The ASCII ones as bytes (``noun_spans`` compares them with ``ascii_lowered`` words).
_NOUN_HEAD_BYTES = frozenset(h.encode() for h in _NOUN_HEADS if h.isascii())
_NONASCII_NOUN_HEADS = tuple(sorted(h for h in _NOUN_HEADS if not h.isascii()))
#: The nouns by their first word, longest first (``_find_nouns``).
_NOUNS_BY_HEAD: dict[str, tuple[str, ...]] = {}
for _noun in sorted(_NOUN_WORDS, key=len, reverse=True):
    _head = _noun.split("-", 1)[0]
    _NOUNS_BY_HEAD[_head] = (*_NOUNS_BY_HEAD.get(_head, ()), _noun)
del _noun, _head
_NOUN_MAX = max(map(len, _NOUN_WORDS))
_WORD_RUN = re.compile(r"\w+")
#: The regex of every noun, compiled once enough prose has been scanned word by word to
#: pay for it (compiling costs ~10 ms; a one-file run seldom gets there).
_NOUN_RE: re.Pattern[str] | None = None
_NOUN_SCAN_BUDGET = 100_000
_noun_scanned = 0


def noun_spans(text: str, words: list[bytes] | None = None) -> Iterator[tuple[int, int]]:
    """Person nouns in ``text``: whole words (or hyphenated compounds such as "co-founder"),
    left to right, the longest at each start: what ``\\b(?:nouns...)\\b`` matches.
    ``words``: ``ascii_lowered(text).split()``, when the caller has it."""
    global _NOUN_RE, _noun_scanned
    if words is not None and (text.isascii() or not any(h in text for h in _NONASCII_NOUN_HEADS)):
        # Without a noun whose first word is not ASCII ("fiancé"), the nouns of a text
        # have their first word among its ASCII words (lower-cased or not): find those.
        heads = _NOUN_HEAD_BYTES.intersection(words)
        return iter(_find_nouns(text, heads)) if heads else iter(())
    if _NOUN_RE is None:
        _noun_scanned += len(text)
        if _noun_scanned <= _NOUN_SCAN_BUDGET:
            return _scan_nouns(text)
        _NOUN_RE = re.compile(r"\b" + _trie_pattern(_NOUN_WORDS) + r"\b")
    return (m.span() for m in _NOUN_RE.finditer(text))


def _find_nouns(text: str, heads: Iterable[bytes]) -> list[tuple[int, int]]:
    """``_scan_nouns`` of a ``text`` whose nouns all start with one of ``heads`` (ASCII
    words): each head is found by ``str.find`` (a C scan) instead of visiting every word,
    and the longest noun starting there that ends a word is taken."""
    found = []
    n = len(text)
    for h in heads:
        head = h.decode()
        for s in _whole_words(text, head, text):
            for noun in _NOUNS_BY_HEAD[head]:
                end = s + len(noun)
                if text.startswith(noun, s) and (end == n or not _is_word_char(text[end])):
                    found.append((s, end))
                    break
    found.sort()
    out = []
    pos = 0
    for s, e in found:  # left to right, a match resuming the scan where it ends
        if s >= pos:
            out.append((s, e))
            pos = e
    return out


def _whole_words(hay: str, word: str, text: str) -> list[int]:
    """Where ``word`` occurs in ``hay`` (``text`` itself, or ``text`` lower-cased with the
    same offsets) as a whole word of ``text``: ``\\b`` before and after it, as a pattern
    sees it. Found with ``str.find``, a C scan."""
    k, n = len(word), len(text)
    out = []
    i = hay.find(word)
    while i >= 0:
        e = i + k
        if (i == 0 or not _is_word_char(text[i - 1])) and (e == n or not _is_word_char(text[e])):
            out.append(i)
        i = hay.find(word, i + 1)
    return out


def _is_word_char(c: str) -> bool:
    """``\\w`` for one character (the pattern's word characters are ``str.isalnum``'s and
    the underscore)."""
    return c.isalnum() or c == "_"


def _scan_nouns(text: str) -> Iterator[tuple[int, int]]:
    """``noun_spans`` word by word (the same matches, no regex of every noun)."""
    if _NOUN_HEADS.isdisjoint(_WORD_RUN.findall(text)):
        return  # the common case, decided at C speed
    runs = [m.span() for m in _WORD_RUN.finditer(text)]
    pos = 0
    for i, (s, e) in enumerate(runs):
        if s < pos or text[s:e] not in _NOUN_HEADS:
            continue
        best = -1
        j = i
        while j < len(runs) and runs[j][1] - s <= _NOUN_MAX:
            if text[s : runs[j][1]] in _NOUN_WORDS:
                best = runs[j][1]
            j += 1
        if best >= 0:
            yield s, best
            pos = best


_INDEFINITE = re.compile(
    r"\b(?i:someone|somebody|anyone|anybody|everyone|everybody|no one|nobody|whoever|"
    r"each one|either one)\b"
    # "the former", "the 25-year-old", "a father of two": a person without a name
    r"|\b(?i:the)\s+(?:former|latter)\b|\b\d+-year-old\b|\b(?:father|mother)-of-\w+\b"
    # "the Briton said", "the Spaniard, 24,": one capitalised word after "the", alone
    r"|\b[Tt]he\s+[A-Z][a-z][\w\-]*(?=\s*[,.;:!?]|\s+(?:who|was|is|has|had|will|would|"
    r"said|says|told|added|won|lost|scored)\b)"
)
#: What ``_INDEFINITE`` cannot match without (``_may_be_indefinite``): one of these
#: words, one of these pairs, "-year-old", "-of-", or "the" before a capitalised word.
_INDEFINITE_WORDS = frozenset(
    b"someone somebody anyone anybody everyone everybody nobody whoever former latter".split()
)
_THE_CAPITAL = re.compile(r"[Tt]he\s+[A-Z][a-z]")


def _may_be_indefinite(text: str, lowered: bytes, words: list[bytes]) -> bool:
    """False when ``_INDEFINITE`` finds nothing in ``text`` (``lowered`` is
    ``ascii_lowered(text)``, ``words`` its split): tests at C speed, where the pattern,
    which starts with ``\\b``, is tried at every position (most blocks hold none)."""
    return (
        not _INDEFINITE_WORDS.isdisjoint(words)
        or "-" in text
        and ("-year-old" in text or "-of-" in text)
        or b" one" in lowered
        and (b"no one" in lowered or b"each one" in lowered or b"either one" in lowered)
        or _THE_CAPITAL.search(text) is not None
        or not text.isascii()
        and any(c in text for c in _FOLDS_TO_ASCII)
    )


_AFTER_AGENT = frozenset(
    """
    said says told added at for of in from who whose was is has had and or with on will
    would could can may might should must did does do also then himself herself
    """.split()
)
# A role noun that describes the subject rather than introducing someone: "her two terms
# as Chile's president", "she was the first woman", "who became mayor".
_PREDICATE = re.compile(
    r"(?:\bas|\b(?i:he|she|who)\s+(?:was|is|became|becomes|remains|remained|has\s+been|"
    r"had\s+been)|\b(?:named|appointed|elected))\s+(?:[\w\-\u2019']+\s+){0,3}$"
)
_AGENT = re.compile(
    r"\b(?:the|a|an|his|her|their|its|this|that|our|my|your)\s+([a-z]{3,}(?:er|or|ist|ian))\b"
)


@dataclass(slots=True)
class Item:
    """Something in the prose that a third-person pronoun could point at, or a pronoun."""

    kind: str  # person | unknown | noun | pronoun
    block: Block
    start: int  # prose offsets in block.text
    end: int
    sentence: int  # global sentence number
    segment: int  # window barrier number (headings start a new segment)
    in_quote: bool
    gender: str | None = None
    key: str | None = None  # entity key (folded surname) for person mentions
    attribution: bool = False  # pronoun followed by a verb of saying ("he added")
    speaker: bool = False  # person mention that is the subject of a verb of saying
    weak: bool = False  # unplaced single word before a verb of saying ("Bpifrance said")
    resolved: str | None = None  # entity key a pronoun was resolved to
    single: bool = False  # resolved with a named mention of the only candidate in view


@dataclass(slots=True)
class Entity:
    """One person, keyed by folded surname, with the evidence for their sex."""

    key: str
    firsts: set[str] = field(default_factory=set)
    evidence: set[str] = field(default_factory=set)
    full: Mention | None = None
    full_block: Block | None = None
    #: first words of other capitalised names ending in the same surname
    others: set[str] = field(default_factory=set)

    @property
    def static_gender(self) -> str | None:
        """Gender from honorifics/titles, else from the first-name table; None if unclear."""
        if len(self.evidence) == 1:
            return next(iter(self.evidence))
        if self.evidence:
            return None
        genders = {first_name_gender(f) for f in self.firsts}
        if len(genders) == 1:
            return genders.pop()
        return None

    @property
    def conflicted(self) -> bool:
        """Two people share the surname (Barack and Michelle Obama): pronouns cannot tell."""
        return len({first_name_gender(f) for f in self.firsts}) > 1 or bool(self.others)

    @property
    def strong(self) -> bool:
        return len(self.evidence) == 1


@dataclass(slots=True)
class _BlockInfo:
    block: Block
    segment: int
    mentions: list[Mention]
    singles: list[tuple[int, int, str]]  # capitalised words standing alone: start, end, word


_TITLE_WORDS = (
    PERSON_NOUNS
    | frozenset(GENDERED_NOUNS)
    | frozenset(HONORIFICS)
    | _TITLE_ABBR
    | _STOP_CAPS
    | _TITLE_ADJECTIVES
)


class People:
    """The people of one document: entities, names, and (lazily) pronoun items."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.entities: dict[str, Entity] = {}
        #: every capitalised run of two or more words: (block, start, end, words)
        self.runs: list[tuple[Block, int, int, list[str]]] = []
        #: words of people's names other than surnames ("xi" of "Xi Jinping", "michelle")
        self.name_words: set[str] = set()
        self._blocks: list[_BlockInfo] = []
        self._items: list[Item] | None = None
        #: global numbers of sentences wholly inside quotation marks (set with ``items``)
        self.quoted_sentences: set[int] = set()
        self._scan()

    def _scan(self) -> None:
        segment = 0
        unknown: list[Mention] = []  # unplaced names, checked against the entities below
        repeated = self.doc.repeated_blocks
        for block in self.doc.blocks:
            if block.index in repeated:
                continue  # a copy of an earlier block: reported once, at the first
            text = block.text
            if block.kind == "heading":
                segment += 1
            mentions: list[Mention] = []
            singles: list[tuple[int, int, str]] = []
            for m in _WORD_OR_CHAIN.finditer(text):
                if m.lastindex is None:  # a word alone (the common case)
                    w = m.group()
                    if w[0].isupper():  # as capital_words: not "×" or "ł"
                        singles.append((m.start(), m.end(), w))
                else:
                    singles += self._runs(block, m.start(), m.group(), mentions, unknown)
            self._blocks.append(_BlockInfo(block, segment, mentions, singles))
            if block.kind == "heading":
                segment += 1
        for m in unknown:
            # "Barack Obama" beside "Michelle Obama": another person with the surname.
            ent = self.entities.get(m.key)
            head = fold(m.tokens[0]).rstrip(".")
            if ent is not None and not m.tokens[0].isupper() and head not in _TITLE_WORDS:
                ent.others.add(head)

    def _runs(
        self,
        block: Block,
        offset: int,
        chain: str,
        mentions: list[Mention],
        unknown: list[Mention],
    ) -> list[tuple[int, int, str]]:
        """Read the chain of capitalised words ``chain`` at ``offset`` in ``block``'s text:
        add the names of people to ``mentions`` (and to the entities, or to ``unknown``);
        return the words that stand alone."""
        text = block.text
        entities = self.entities
        singles: list[tuple[int, int, str]] = []
        for run, words in _chain_runs(chain):
            if len(run) == 1:
                s, e, w = run[0]
                singles.append((offset + s, offset + e, w))
                continue
            self.runs.append((block, offset + run[0][0], offset + run[-1][1], list(words)))
            m = _classify(text, offset, run, words)
            if m is None:
                if all(w.lower() in _STOP_CAPS for w in words[:-1]):
                    s, e, w = run[-1]
                    singles.append((offset + s, offset + e, w))
                continue
            if m.kind == "unknown" and _speaks(text, m.start, m.end):
                # "Ngozi Okonjo-Iweala said": a person whose sex only pronouns can tell.
                m.kind = "person"
            mentions.append(m)
            person = m.kind == "person"
            if person:
                key = m.key
                ent = entities.get(key)
                if ent is None:
                    ent = entities[key] = Entity(key)
                ent.evidence |= m.evidence
                if m.first:
                    ent.firsts.add(fold(m.first))
                if ent.full is None or (m.first and ent.full.first is None):
                    ent.full, ent.full_block = m, block
            else:
                unknown.append(m)
            self.name_words.update(_name_words(tuple(m.tokens), person))
        return singles

    @property
    def singles(self) -> list[tuple[Block, int, int, str]]:
        """Capitalised words standing alone: (block, start, end, word), in text order."""
        return [(info.block, s, e, w) for info in self._blocks for s, e, w in info.singles]

    def block_singles(self) -> list[tuple[Block, list[tuple[int, int, str]]]]:
        """``singles`` block by block: (block, [(start, end, word)...])."""
        return [(info.block, info.singles) for info in self._blocks]

    @property
    def items(self) -> list[Item]:
        if self._items is None:
            self._items = self._build_items()
        return self._items

    def _build_items(self) -> list[Item]:
        import bisect

        entities = self.entities
        items: list[Item] = []
        g0 = 0
        lowered = [ascii_lowered(info.block.text) for info in self._blocks]
        words = [low.split() for low in lowered]
        pronouns = [
            pronoun_spans(info.block.text, ws) for info, ws in zip(self._blocks, words, strict=True)
        ]
        for k, info in enumerate(self._blocks):
            if not any(pronouns[k : k + 3]):
                # No pronoun here or in the next two blocks: nothing here can be an
                # antecedent in view. Leave a gap wider than the window in the numbering.
                g0 += 3
                continue
            block = info.block
            text = block.text
            heading = block.kind == "heading"
            starts = [s for s, _e in block.sentences] or [0]
            seg = info.segment
            qs = quote_spans(text) if _has_quote_mark(text) else []
            out: list[Item] = []

            def add(
                kind: str,
                s: int,
                e: int,
                g0: int = g0,
                starts=starts,
                qs=qs,
                out=out,
                block=block,
                seg=seg,
                **kw,
            ) -> None:
                sent = g0 + max(0, bisect.bisect_right(starts, s) - 1)
                out.append(Item(kind, block, s, e, sent, seg, in_spans(qs, s), **kw))

            spans = []
            for m in info.mentions:
                spans.append((m.start, m.end))
                key = m.key
                if m.kind == "person" or key in entities:
                    add("person", m.start, m.end, key=key, speaker=_speaks(text, m.start, m.end))
                else:
                    add("unknown", m.start, m.end)
            for s, e, w in info.singles:
                f = fold(w)
                if f in entities:
                    add("person", s, e, key=f, speaker=_speaks(text, s, e))
                    continue
                if f in _STOP_CAPS or len(f) < 2 or w.isupper():
                    continue
                nxt = _NEXT_WORD.match(text, e)
                prv = _PREV_WORD.search(text, max(0, s - 20), s)
                possessor = (
                    w.endswith(("\u2019s", "'s", "\u2019", "'"))
                    and nxt is not None
                    and (nxt.group(1) in PERSON_NOUNS or nxt.group(1) in GENDERED_NOUNS)
                )
                if possessor or (prv and prv.group(1).lower() in HONORIFICS):
                    add("unknown", s, e)  # "Zelensky's wife", "Mr Zelensky"
                elif is_first_name(w, 0.01) and f not in WORDY_FIRST_NAMES:
                    add("unknown", s, e, gender=first_name_gender(w))  # "Tom said", "met Tom"
                elif f in self.name_words:
                    add("unknown", s, e)  # "Xi" after "Xi Jinping": a person we cannot place
                elif nxt and nxt.group(1).lower() in SPEECH_VERBS:
                    add("unknown", s, e, weak=True)  # "Bpifrance said": a company, maybe
                elif f in surnames() and f not in PLACE_ORG_SURNAMES:
                    add("unknown", s, e, weak=True)  # "met Smith": maybe a person
            for s, e in pronouns[k]:
                if _GENERIC.match(text, e) or _GENERIC_BEFORE.search(text, max(0, s - 8), s):
                    continue  # "he or she", "his/her": generic, nobody in particular
                if _STYLE.match(text, e):
                    continue  # "Her Majesty", "His Excellency": a form of address
                low = pronoun_key(text[s:e])
                if low is None:
                    continue
                nxt = _NEXT_WORD.match(text, e)
                attribution = (
                    low in ("he", "she")
                    and nxt is not None
                    and nxt.group(1).lower() in SPEECH_VERBS
                )
                add(
                    "pronoun",
                    s,
                    nxt.end() if attribution else e,
                    gender=PRONOUN_GENDER[low],
                    attribution=attribution,
                )
                if heading:
                    out[-1].in_quote = True  # never tested
            for s, e in noun_spans(text, words[k]):
                if _PREDICATE.search(text, max(0, s - 50), s):
                    continue  # "during her two terms as Chile's president": not someone else
                if not _attached(text, s, e, spans):
                    add("noun", s, e, gender=GENDERED_NOUNS.get(text[s:e]))
            if _may_be_indefinite(text, lowered[k], words[k]):
                for m in _INDEFINITE.finditer(text):
                    add("noun", m.start(), m.end())  # "anyone who ... he": nobody in particular
            for m in _AGENT.finditer(text):
                w = m.group(1)
                if w in _NOT_AGENTS or w in PERSON_NOUNS or w in GENDERED_NOUNS:
                    continue
                after = _NEXT_WORD.match(text, m.end())
                if after and after.group(1) not in _AFTER_AGENT:
                    continue  # "a larger camera": a comparative before its noun
                s, e = m.span(1)
                if not _attached(text, s, e, spans):
                    add("noun", s, e)
            out.sort(key=lambda it: it.start)
            items.extend(out)
            for n, (ss, se) in enumerate(block.sentences if qs else ()):
                if any(qs_ <= ss + 1 and qe >= se - 1 for qs_, qe in qs):
                    self.quoted_sentences.add(g0 + n)  # a sentence of somebody's words
            g0 += len(starts)
        return items


_APPOSITION = re.compile(r",[^,.;:!?\"\u201c\u201d]{1,80},[ \u00a0]([A-Za-z]+)")
_SAID_BEFORE = re.compile(r"(?:\bsaid|\bsays|\baccording to)[ \u00a0]$")


def _speaks(text: str, s: int, e: int) -> bool:
    """Whether the name at ``s:e`` is the subject of a verb of saying (``X said``, ``said X``)."""
    nxt = _NEXT_WORD.match(text, e)
    if nxt and nxt.group(1).lower() in SPEECH_VERBS:
        return True
    if _SAID_BEFORE.search(text, max(0, s - 20), s):
        return True
    apposition = _APPOSITION.match(text, e)  # "Akinwumi Adesina, the bank's president, said"
    return bool(apposition) and apposition.group(1).lower() in SPEECH_VERBS


_CACHE: dict[int, tuple[object, People]] = {}


def people(doc: Document) -> People:
    """The People of ``doc``, computed once per document (shared by the NL4xx rules)."""
    hit = _CACHE.get(id(doc))
    if hit is not None and hit[0] is doc:
        return hit[1]
    result = People(doc)
    if len(_CACHE) > 8:
        _CACHE.clear()
    _CACHE[id(doc)] = (doc, result)
    return result


# Between a title and the name it introduces: a space, a comma, or capitalised words and
# "of the" ("director of the FBI Christopher Wray").
_TITLE_GAP = re.compile(r",?[ \u00a0](?:(?:of|the|for|at|[A-Z][\w\-.\u2019']*)[ \u00a0])*")
_ATTACH_STOP = re.compile(r"[.;:!?()\[\]\u201c\u201d\"]")


def _attached(text: str, s: int, e: int, spans: list[tuple[int, int]]) -> bool:
    """Whether a role noun belongs to a name: a title before it or an appositive after."""
    for ms, _me in spans:
        if ms >= e:
            gap = text[e:ms]
            if len(gap) <= 60 and _TITLE_GAP.fullmatch(gap):
                return True  # "human rights chief Michelle Bachelet", "the director, Anna Kowalski"
            break
    for _ms, me in reversed(spans):
        if me <= s:
            gap = text[me:s]
            if (
                gap.startswith(",")
                and gap.count(",") == 1
                and len(gap) <= 80
                and not _ATTACH_STOP.search(gap)
            ):
                return True  # "Sophie Richardson, China director at ..."
            break
    return False
