"""Reference rules (NL4xx): who a pronoun or a bare surname points at.

- NL401 gender-slip: a pronoun that disagrees with the person it can only refer to.
- NL402 orphan-surname: a person called by surname alone, never introduced in full.
- NL403 orphan-pronoun: "her letter said" with nobody of that sex in view.

All read ``newslint.names.people(doc)``: person mentions, role nouns and pronouns with
their sentence numbers, computed once per document.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..finding import Severity
from ..hookspecs import hookimpl
from ..names import (
    _NEXT_WORD,
    _PREV_WORD,
    _STOP_CAPS,
    GENDERED_NOUNS,
    HONORIFICS,
    ORG_WORDS,
    PERSON_NOUNS,
    PLACE_ORG_SURNAMES,
    Item,
    People,
    fold,
    in_spans,
    is_first_name,
    people,
    quote_spans,
    surnames,
)
from ..rule import Rule

if TYPE_CHECKING:
    from ..document import Document

#: Sentences before the pronoun's own sentence that may hold its antecedent.
WINDOW = 2

#: The pronoun of the other sex, where there is exactly one.
_SWAP = {
    "he": "she",
    "she": "he",
    "himself": "herself",
    "herself": "himself",
    "his": "her",
    "him": "her",
    "hers": "his",
}
_WORD_FOR = {"M": "he/him/his", "F": "she/her"}


def resolve(p: People) -> None:
    """Resolve third-person pronouns to entities, conservatively, in document order.

    A pronoun outside quotation marks is resolved when, within its sentence and the
    ``WINDOW`` sentences before it (not across a heading), exactly one named person is
    in view and nothing else could be meant: no unplaced capitalised name, no unnamed
    person (``the envoy``, ``her husband``) of a compatible sex, and no unresolved or
    quoted pronoun of the same sex. With several named people in view it is resolved
    only when exactly one of them has the pronoun's sex (never a slip then).
    """
    items = p.items
    n = len(items)
    entities = p.entities
    for k, it in enumerate(items):
        if it.kind != "pronoun" or it.in_quote:
            continue
        lo = k
        while (
            lo > 0
            and items[lo - 1].segment == it.segment
            and items[lo - 1].sentence >= it.sentence - WINDOW
        ):
            lo -= 1
        hi = k
        while (
            hi + 1 < n
            and items[hi + 1].sentence == it.sentence
            and items[hi + 1].segment == it.segment
        ):
            hi += 1
        keys: set[str] = set()
        named = False
        blocked = False
        strong_rival = False  # an unplaced name or compatible first name in view
        same_sex_open = False  # an unresolved pronoun of the same sex in view
        for j in range(lo, hi + 1):
            if j == k:
                continue
            other = items[j]
            if other.kind == "person":
                keys.add(other.key)
                named = True
            elif other.kind == "unknown":
                if other.gender is None or other.gender == it.gender:
                    blocked = True
                    strong_rival = strong_rival or not other.weak
            elif other.kind == "noun":
                if other.gender is None or other.gender == it.gender:
                    blocked = True
            elif other.kind == "pronoun":
                if other.resolved is not None and j < k:
                    keys.add(other.resolved)
                elif other.gender == it.gender:
                    same_sex_open = True
        if (
            it.attribution
            and not strong_rival
            and _CONTINUATION.search(it.block.text, it.start, it.end)
        ):
            speaker = _last_speaker(items, k, lo)
            rivals = [
                key
                for key in keys
                if key != speaker
                and (key not in entities or entities[key].static_gender in (None, it.gender))
            ]
            if speaker is not None and not rivals:
                # "…,” he added": the one who adds is the one who just spoke.
                it.resolved, it.single = speaker, True
                continue
        if same_sex_open:
            # Harmless when the one person in view has this sex (a run of "she ... her"
            # about the same woman); otherwise someone else of this sex may be meant.
            only = next(iter(keys)) if len(keys) == 1 else None
            ent = entities.get(only) if only else None
            if ent is None or ent.static_gender != it.gender:
                blocked = True
        if blocked or not keys:
            continue
        if len(keys) == 1:
            it.resolved = keys.pop()
            it.single = named
            continue
        compatible = []
        for key in keys:
            g = entities[key].static_gender if key in entities else None
            if g is None:
                compatible = []
                break
            if g == it.gender:
                compatible.append(key)
        if len(compatible) == 1:
            it.resolved = compatible[0]


_CONTINUATION = re.compile(r"\b(?:added|adds|continued|continues)\b")


def _last_speaker(items: list[Item], k: int, lo: int) -> str | None:
    """The entity that spoke last before ``items[k]`` with no other person in between."""
    for j in range(k - 1, lo - 1, -1):
        other = items[j]
        if other.kind == "person":
            return other.key if other.speaker and other.sentence >= items[k].sentence - 1 else None
        if other.kind == "unknown" and not other.in_quote:
            return None
        if other.kind == "noun" and other.gender in (None, items[k].gender):
            return None  # "Marchand said her husband was ill. He added": who?
        if other.kind == "pronoun" and not other.in_quote:
            if other.attribution:
                return other.resolved
            if other.resolved is None:
                return None
    return None


class GenderSlip(Rule):
    """A pronoun disagrees with the sex of the only person it can refer to.

    **What it does.** Finds a third-person pronoun (`he added`, `she said`, `his`, `her`)
    outside quotation marks whose only possible antecedent — the one person named within
    the same sentence and the two before it — is known to be of the other sex. The sex
    comes from the article first (Mr/Ms/Mrs, gendered titles such as chairwoman, queen or
    actress, and the pronouns the article already uses for that person), then from a
    first-name table derived from the public-domain 1990 US Census name lists.

    It stays silent when more than one person could be meant (several speakers, a name it
    cannot place, an unnamed `spokesman` or `her husband`), for pronouns inside quotes
    (the speaker's own words may be about someone else), for plural `they`, for
    organisations, and when the evidence is weak or contradictory (names such as Jordan,
    Jean or Andrea; an article that uses `he` for a Michelle twice or more).

    **Why it matters.** Machine rewriting and careless editing swap pronouns; a reader then
    wonders who is talking, and a quote can end up attributed to the wrong person.

    **Bad:**

        "We will not be silenced," said Michelle Bachelet. "The report stands," he added.

    **Good:**

        "We will not be silenced," said Michelle Bachelet. "The report stands," she added.

    **How to fix.** Check who is speaking and correct the pronoun. The suggested fix swaps
    `he`/`she` (`his` → `her`, `himself` → `herself`); it is unsafe: confirm the speaker.
    `related` points at the person's mention.
    """

    code = "NL401"
    name = "gender-slip"
    category = "reference"
    severity = Severity.WARNING
    summary = "Pronoun disagrees with the gender of the person it refers to"
    fixable = True

    def check(self, doc: Document, settings):
        p = people(doc)
        if not p.entities:
            return  # nobody named with a first name or honorific: nothing to check

        resolve(p)
        by_entity: dict[str, list[Item]] = {}
        for it in p.items:
            if it.kind == "pronoun" and it.resolved is not None:
                by_entity.setdefault(it.resolved, []).append(it)
        for key, pronouns in by_entity.items():
            ent = p.entities.get(key)
            if ent is None or ent.conflicted:
                continue
            counts = {"M": 0, "F": 0}
            for it in pronouns:
                counts[it.gender] += 1
            gender = ent.static_gender
            source = "evidence" if ent.strong else "table"
            if gender is None:
                major = "M" if counts["M"] > counts["F"] else "F"
                minor = "F" if major == "M" else "M"
                if counts[major] >= 3 and counts[minor] == 1:
                    gender, source = major, "pronouns"
                else:
                    continue
            other = "F" if gender == "M" else "M"
            agree, disagree = counts[gender], counts[other]
            if disagree == 0:
                continue
            if source == "evidence":
                ok = disagree <= max(1, agree)
            elif source == "table":
                ok = disagree == 1 or disagree * 3 <= agree
            else:
                ok = True
            if not ok:
                continue
            for it in pronouns:
                if it.gender != other or not it.single:
                    continue
                yield self._finding(doc, p, it, ent, gender, source, agree)

    def _finding(self, doc, p: People, it: Item, ent, gender: str, source: str, agree: int):
        block = it.block
        start, end = block.span(it.start, it.end)
        word = block.text[it.start : it.end].split()[0]
        name = ent.full.full if ent.full is not None else ent.key.title()
        if source == "evidence":
            why = "the article marks " + name + (" as a man" if gender == "M" else " as a woman")
        elif source == "table":
            first = ent.full.first if ent.full is not None and ent.full.first else name
            why = f"{first} is a {'male' if gender == 'M' else 'female'} first name"
            if agree:
                why += f" and the article uses {_WORD_FOR[gender]} for {name} {_times(agree)}"
        else:
            why = f"the article uses {_WORD_FOR[gender]} for {name} {_times(agree)}"
        message = f"'{word}' refers to {name}, but {why}"
        related = []
        # The nearest mention of the person before the pronoun.
        nearest = None
        for other in p.items:
            if other is it:
                break
            if other.kind == "person" and other.key == ent.key:
                nearest = other
        label = "speaker" if it.attribution else "person"
        if nearest is not None:
            s, e = nearest.block.span(nearest.start, nearest.end)
            related.append(doc.location(s, e, f"{label}: {name}"))
        if ent.full is not None and ent.full_block is not None:
            s, e = ent.full_block.span(ent.full.start, ent.full.end)
            if nearest is None or (s, e) != nearest.block.span(nearest.start, nearest.end):
                related.append(doc.location(s, e, f"first named: {name}"))
        fix = None
        new = _SWAP.get(word.lower())  # "her" is his or him: no single fix
        if new is not None:
            if word[0].isupper():
                new = new.capitalize()
            ws, we = block.span(it.start, it.start + len(word))
            fix = self.fix(doc, f"replace '{word}' with '{new}'", [(ws, we, new)], unsafe=True)
        return self.finding(doc, start, end, message, related=related, fix=fix)


def _times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


# -- NL402 ---------------------------------------------------------------------------------


# A word before the name that makes it a title, an object or a place ("in Beijing said").
_NOT_SUBJECT = frozenset(
    "the a an in at from of for to with by on near into onto about over under via than as".split()
)
#: Verbs of saying that make a bare capitalised word the subject of a quote or report.
#: Present forms other than "says" are left out: "Cargo adds", "the tool reports".
_REPORTING = frozenset(
    """
    said says told added wrote noted explained argued insisted stressed recalled replied
    asked warned claimed contributed reported testified tweeted acknowledged admitted
    conceded confirmed denied cautioned recounted
    """.split()
)
#: The first four letters of each verb in _REPORTING (all have four or more).
_REPORTING_HEADS = frozenset(v[:4] for v in _REPORTING)
_CREDIT_AFTER = ("reported from", "contributed to", "contributed reporting", "contributed from")


class OrphanSurname(Rule):
    """A person is called by surname alone but was never introduced by full name.

    **What it does.** Finds a capitalised word used as the subject of a verb of saying or
    reporting (`Lederer reported`, `Hassan said`, `said Hassan`) that looks like a
    person's surname — it is in the 1990 US Census surname list and not mainly a common
    word, place or company, or it stands in a credit line (`X reported from`, `X
    contributed to this report`) — with no earlier full-name mention anywhere: not in
    the text before it (`Edith M. Lederer`, `By Edith M. Lederer`), not in the front
    matter (`author`, `by`, `authors`). Only the first such use of a surname is reported.

    Silent for organisations and places (`Reuters reported`, `Beijing said`, `Amnesty
    said` after `Amnesty International`), for titled references (`Mr. Hassan`,
    `President Hassan`), for first names used alone (`Sarah said`), and for surnames
    introduced earlier.

    **Why it matters.** A surname-only first reference usually means a lost byline or a
    cut paragraph: readers cannot tell who is speaking or who wrote the story.

    **Bad:**

        Lederer reported from the United Nations.

    **Good:**

        Edith M. Lederer reported from the United Nations.

    **How to fix.** Give the full name at the first reference (or restore the byline or
    the `author` key). No automatic fix: newslint cannot know the first name.
    """

    code = "NL402"
    name = "orphan-surname"
    category = "reference"
    severity = Severity.WARNING
    summary = "Person referred to by surname alone with no earlier full-name mention"

    def check(self, doc: Document, settings):
        p = people(doc)
        candidates = []
        for block, singles in p.block_singles():
            if block.kind == "heading":
                continue
            text = block.text
            for s, e, w in singles:
                if not _may_report(text, s, e):
                    continue  # most words: no pattern tried
                if w.isupper() or not w[1:].islower() or len(w) < 3:
                    continue
                f = fold(w)
                if f in _STOP_CAPS or f in ORG_WORDS or f in PLACE_ORG_SURNAMES or f in HONORIFICS:
                    continue
                nxt, prv, subject, inverted = _speaker_context(text, s, e)
                if not (subject or inverted):
                    continue
                if prv is not None:
                    low = prv.group(1).lower()
                    if (
                        low in HONORIFICS
                        or low in PERSON_NOUNS
                        or low in GENDERED_NOUNS
                        or low in _NOT_SUBJECT
                    ):
                        continue
                if w.endswith(("\u2019s", "'s", "\u2019", "'")):
                    continue
                if in_spans(quote_spans(text), s):
                    continue  # a speaker may call a colleague by surname: their words, not ours
                credit = subject and any(
                    text[nxt.start(1) :].lower().startswith(c) for c in _CREDIT_AFTER
                )
                candidates.append((block, s, nxt.end() if subject else e, w, f, credit))
        if not candidates:
            return
        known = _introduced(doc, p, {c[4] for c in candidates})
        lower_words: set[str] | None = None
        seen: set[str] = set()
        for block, s, e, w, f, credit in candidates:
            if f in seen:
                continue
            start, end = block.span(s, e)
            if any(pos < start for pos in known.get(f, ())):
                continue
            seen.add(f)
            if is_first_name(w, 0.02):
                continue
            if not credit and not _looks_like_surname(f):
                continue
            if lower_words is None:
                lower_words = {w for b in doc.blocks for w in _LOWER_WORD.findall(b.text)}
            if f in lower_words:
                continue  # "cargo", "bloomberg terminal": a common word or a product here
            later = [pos for pos in known.get(f, ()) if pos > start]
            related = []
            message = f"'{w}' is a surname with no full-name mention before it"
            if later:
                message += " (the full name only comes later)"
            yield self.finding(doc, start, end, message, related=related)


def _speaker_context(
    text: str, s: int, e: int
) -> tuple[re.Match[str] | None, re.Match[str] | None, bool, bool]:
    """The words after and before ``text[s:e]``, and whether the word is the subject of
    a verb of saying ("Lederer said") or follows "said"/"says" ("said Lederer.")."""
    nxt = _NEXT_WORD.match(text, e)
    prv = _PREV_WORD.search(text, max(0, s - 20), s)
    subject = nxt is not None and nxt.group(1).lower() in _REPORTING
    inverted = (
        prv is not None
        and prv.group(1).lower() in ("said", "says")
        and text[e : e + 1] in (".", ",", ";", "")
    )
    return nxt, prv, subject, inverted


def _may_report(text: str, s: int, e: int) -> bool:
    """A quick test that the word at ``s:e`` may be the subject of a verb of saying
    (``Lederer reported``) or its object after "said" (``..., said Lederer.``): true
    whenever the patterns in ``check`` can find either. The word is followed by a space
    and a word whose first four letters start a verb of _REPORTING, or by punctuation
    with "said"/"says" just before it (``_PREV_WORD`` reaches back over ``"said. \\n"`` at most)."""
    after = text[e : e + 1]
    if after == " " or after == "\u00a0":
        return text[e + 1 : e + 5].lower() in _REPORTING_HEADS
    if after in (".", ",", ";", ""):
        before = text[max(0, s - 8) : s].lower()
        return "said" in before or "says" in before
    return False


_LOWER_WORD = re.compile(r"(?<![\w\-])[a-z][a-z\-]+(?![\w\-])")


def _looks_like_surname(f: str) -> bool:
    rank = surnames().get(f)
    if rank is None:
        return False
    if rank <= 200:
        return True
    from ..zipf import zipf_at_least

    return not zipf_at_least(f, 4.3)


def _introduced(doc: Document, p: People, keys: set[str] | None = None) -> dict[str, list[int]]:
    """Folded word -> source offsets of the multi-word names (or front matter) holding it.

    Front-matter words are stored under offset -1 (before everything). With ``keys``,
    only those words are stored (what the rule looks up: its candidates' words).
    """
    out: dict[str, list[int]] = {}
    for block, s, _e, run_words in p.runs:
        folded = [fold(w) for w in run_words]
        if keys is not None:
            folded = [f for f in folded if f in keys]
            if not folded:
                continue
        pos = block.source_offset(s)
        for f in folded:
            out.setdefault(f, []).append(pos)
    regions = []
    fm = doc.front_matter
    if fm is not None:
        regions.append((fm.content_start, fm.content_end))
    for stray in doc.stray_metadata:
        regions.append((stray.start, stray.end))
    for a, b in regions:
        for m in re.finditer(r"[^\W\d_][\w\-']*", doc.text[a:b]):
            f = fold(m.group())
            if keys is None or f in keys:
                out.setdefault(f, []).append(-1)
    return out


# -- NL403 ---------------------------------------------------------------------------------

_SOURCE_NOUNS = (
    "letter|statement|note|message|e-?mail|post|tweet|office|spokesman|spokeswoman|"
    "spokesperson|lawyer|attorney|aide|ministry|mission|account|memo"
)
# ``[Hh](?<!\w.)(?:is|er)`` is ``\b(?:his|her|His|Her)``, written to start with a character
# class so that the scanner skips ahead (it is matched at pronouns' positions).
_AFTER_H = (
    r"(?<!\w.)(?:is|er)\s+(?:"
    + _SOURCE_NOUNS
    + r")\s+(?:said|says|stated|added|noted|read|wrote)\b"
)
_CREDITED = re.compile("[Hh]" + _AFTER_H)
# The document prefilter: ``_CREDITED`` split by the case of its first letter. A pattern
# that starts with one literal character lets the scanner jump between its occurrences
# (4x faster than the class ``[Hh]`` on news copy); "H" is rare, so the capital form is
# only searched in a text holding one. Together they match where ``_CREDITED`` does.
_CREDITED_LOWER = re.compile("h" + _AFTER_H)
_CREDITED_UPPER = re.compile("H" + _AFTER_H)


def _may_credit(text: str) -> bool:
    """Whether ``_CREDITED`` finds a match in ``text``."""
    return _CREDITED_LOWER.search(text) is not None or (
        "H" in text and _CREDITED_UPPER.search(text) is not None
    )


#: Sentences of the narrative (quoted sentences not counted) searched for an antecedent.
ORPHAN_WINDOW = 6


class OrphanPronoun(Rule):
    """A source is credited with "his" or "her" but nobody of that sex is in view.

    **What it does.** Finds attributions such as `her letter said`, `his office said`,
    `her spokesman said` outside quotation marks when nothing within the same sentence and
    the six narrative sentences before it (sentences wholly inside quotation marks are
    not counted) could be the owner: no person named or unnamed of that sex or of unknown
    sex (`the ambassador`, `Xi`), no other `he`/`she`/`his`/`her` of that sex. Only this
    attribution form is checked: a pronoun elsewhere may refer far back in good copy.

    **Why it matters.** When a sentence is rewritten, the owner of a letter or a statement
    is often lost: `her letter said` after paragraphs about China's diplomatic mission
    leaves readers to guess whose letter it was, or credits it to the wrong person.

    **Bad:**

        China hit back, saying the rights office had ignored its achievements.
        "The so-called assessment distorts China's laws," her letter said.

    **Good:**

        "The so-called assessment distorts China's laws," the mission's letter said.

    **How to fix.** Name the source (`the mission's letter said`) or restore the sentence
    that introduced its author. No automatic fix.
    """

    code = "NL403"
    name = "orphan-pronoun"
    category = "reference"
    severity = Severity.WARNING
    summary = "A his/her attribution with nobody of that sex in view"

    def check(self, doc: Document, settings):
        repeated = doc.repeated_blocks
        if not any(_may_credit(b.text) for b in doc.blocks if b.index not in repeated):
            return
        p = people(doc)
        items = p.items
        quoted = p.quoted_sentences
        for it in items:
            if it.kind != "pronoun" or it.in_quote or it.gender is None:
                continue
            if not _CREDITED.match(it.block.text, it.start):
                continue
            if it.sentence in quoted:
                continue
            # The first sentence of the window: ORPHAN_WINDOW narrative sentences back.
            first, counted = it.sentence, 0
            while first > 0 and counted < ORPHAN_WINDOW:
                first -= 1
                if first not in quoted:
                    counted += 1
            if first == 0 and counted < ORPHAN_WINDOW:
                continue  # too close to the top: a headline or byline may name the owner
            clear = True
            for other in items:
                if other.sentence < first or other is it:
                    continue
                if other.sentence > it.sentence:
                    break
                if other.segment != it.segment:
                    clear = False  # a heading in between: do not look past it
                    break
                if other.kind in ("person", "unknown"):
                    clear = False
                elif other.kind == "noun" and other.gender in (None, it.gender):
                    clear = False
                elif other.kind == "pronoun" and other.gender == it.gender:
                    clear = False
                if not clear:
                    break
            if not clear:
                continue
            match = _CREDITED.match(it.block.text, it.start)
            start, end = it.block.span(match.start(), match.end())
            sex = "man" if it.gender == "M" else "woman"
            message = (
                f"'{match.group()}': no {sex} is named or mentioned in the sentences before "
                f"it, so whose is it?"
            )
            yield self.finding(doc, start, end, message)


@hookimpl
def newslint_rules():
    return [GenderSlip(), OrphanSurname(), OrphanPronoun()]
