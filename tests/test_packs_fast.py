"""The pack matcher's shortcuts change no match.

``FoldedDoc`` folds a document's blocks in one go when nothing but quotes needs folding,
and the matchers of the loaded packs share one :class:`~newslint.packs.Vocabulary` (one
automaton pass per document says which phrases and needles occur). Each shortcut is
checked here against the straightforward form, on varied and random text.
"""

from __future__ import annotations

import random
from types import SimpleNamespace

import pytest

from newslint import packs
from newslint.document import Document

WHITESPACE = [chr(c) for c in range(0x3001) if chr(c).isspace()]
PIECES = [
    "word",
    "Could",
    "of been",
    "statue of limitations",
    "Related Press",
    "related press",
    "the ",
    "\u201cquoted\u201d",
    "it\u2019s",
    "\u2032",
    "caf\u00e9",
    "\u0130stanbul",  # lower case is two characters long
    "\u017fo",  # long s
    "\u212a",  # Kelvin sign
    "\u2014",
    "\ufffc",
    "\u200b",  # unprintable, not whitespace
    ".",
    ",",
]


def random_text(rng: random.Random, pieces: list[str], n: int = 30) -> str:
    out = []
    for _ in range(n):
        r = rng.random()
        if r < 0.25:
            out.append(rng.choice(WHITESPACE) * rng.choice((1, 1, 2)))
        elif r < 0.4:
            out.append(" ")
        else:
            out.append(rng.choice(pieces))
    return "".join(out)


def test_whitespace_but_the_space_is_unprintable():
    """FoldedDoc's fast path rests on this: a printable text has no whitespace but spaces."""
    assert all(not chr(c).isprintable() for c in range(0x110000) if chr(c).isspace() and c != 0x20)


def _reference(texts: list[str]) -> tuple[str, list[int], list[tuple[str, list[int] | None]]]:
    folded = [packs.fold(t) for t in texts]
    starts, pos = [], 0
    for t, _idx in folded:
        starts.append(pos)
        pos += len(t) + 1
    return "\n".join(t for t, _ in folded), starts, folded


@pytest.mark.parametrize("seed", range(40))
def test_folded_doc_is_fold_per_block(seed):
    rng = random.Random(seed)
    texts = [random_text(rng, PIECES, rng.randint(0, 25)) for _ in range(rng.randint(0, 6))]
    if seed % 3 == 0:  # no whitespace to fold: the fast path
        texts = [" ".join(t.split()) for t in texts]
    doc = SimpleNamespace(blocks=[SimpleNamespace(text=t) for t in texts])
    fdoc = packs.FoldedDoc(doc)
    text, starts, folded = _reference(texts)
    assert fdoc.text == text
    assert fdoc.starts == starts
    for k, (t, idx) in enumerate(folded):
        f = fdoc.block(k)
        assert f.text == t
        ref = SimpleNamespace(idx=idx, block_offsets=packs.Folded.block_offsets)
        for i in range(len(t) + 1):
            for j in range(i, min(len(t), i + 4) + 1):
                assert f.block_offsets(i, j) == packs.Folded.block_offsets(ref, i, j)
        assert fdoc.block_of(starts[k], starts[k] + len(t)) == k


@pytest.mark.parametrize("seed", range(20))
def test_vocabulary_finds_what_in_finds(seed):
    rng = random.Random(seed)
    words = {"of been", "statue", "tue of", "he", "she", "hers", "caf\u00e9", "\u017fo", "k "}
    matcher = packs.Matcher([packs.Entry(w, 1, True) for w in words], ignore_case=True)
    vocab = packs.Vocabulary([matcher])
    assert [vocab.ready() for _ in range(packs.Vocabulary.WARM_UP + 2)][-2:] == [True, True]
    text = random_text(rng, PIECES + ["she", "hers", "ushers"], 60).lower()
    assert vocab.find_in(text) == {w for w in vocab.words if w in text}


USER_PACK = """
rules:
  - code: ED101
    name: case-sensitive-phrase
    type: existence
    ignore-case: false
    message: "{match}"
    phrases: [Related Press, Caf\u00e9 Society, \u0130stanbul Times, statue]
  - code: ED102
    name: case-sensitive-pattern
    type: existence
    ignore-case: false
    message: "{match}"
    patterns: ["(?:Could|Would) of (?:been|had)", "Related (?:Press|Wire)s?"]
  - code: ED103
    name: any-case
    type: substitution
    message: "{match}"
    swap: {"statue of limitations": "statute of limitations", "it's raining": "it rains"}
    patterns: {"(?P<m>could|would) of been": "{m} have been", "caf\u00e9 (?:au lait|noir)": "coffee"}
    exceptions: [the statue of limitations]
"""


def _matchers():
    specs = packs.load_all([], ".", None)
    specs += packs.parse_pack(USER_PACK, "user.yml")
    matchers = [m for spec in specs for m in spec.matchers()]
    for m in matchers:
        for e in m.patterns:
            if e.needles is None:  # user patterns have none; give them some to test
                e.needles = packs.needles(e.source, e.ignore_case)
    packs.share_vocabulary(matchers)
    matchers[0].vocab.warm_up = 0  # use it from the first document on
    return matchers


def _texts():
    rng = random.Random(7)
    pieces = list(PIECES)
    for spec in packs.load_all([], ".", None):
        pieces += spec.examples_bad + spec.examples_good
    texts = [random_text(rng, pieces, 40) for _ in range(60)]
    texts += [
        "The Related Press said the statue of limitations had run. Could of been worse.",
        "RELATED PRESS. related press. Related Presses and a Related Wire.",
        "Caf\u00e9 Society met at the caf\u00e9 au lait bar; \u0130stanbul Times said so.",
        "It\u2019s raining, and it's raining. She would of been there.",
        "He could of been there.\n\nNew paragraph: the statue of limitations.",
        "\u0130t was unexpected to pass. The Related Pre\u017f\u017f said it would of been.",
        # regex matches U+0130 to i and U+017F to s ignoring case: the needles must too
        "\u0130n accordance with police, he was \u017furvived by his late wife.",
        "She COULD OF BEEN there; he wa\u017f unexpected to pa\u017f\u017f.",
    ]
    return texts


def test_find_is_the_same_without_the_vocabulary():
    matchers = _matchers()
    checked = 0
    for text in _texts():
        doc = Document(text, "a.md")
        for m in matchers:
            fast = [(f.start, f.end, f.entry.source) for f in m.find(packs.FoldedDoc(doc))]
            vocab, m.vocab = m.vocab, None
            try:
                slow = [(f.start, f.end, f.entry.source) for f in m.find(packs.FoldedDoc(doc))]
            finally:
                m.vocab = vocab
            assert fast == slow, (text, [e.source for e in m.entries])
            checked += bool(fast)
    assert checked > 20


def test_loading_the_same_packs_again_keeps_the_vocabulary():
    first = packs.load_all([], ".", None)
    vocab = first[0].matcher.vocab
    again = packs.load_all([], ".", None)
    assert again[0].matcher.vocab is vocab
    user = packs.parse_pack(USER_PACK, "user.yml")
    matchers = [m for spec in again + user for m in spec.matchers()]
    packs.share_vocabulary(matchers)  # other packs beside them: a new one, for all
    assert len({id(m.vocab) for m in matchers}) == 1
    assert matchers[0].vocab is not vocab


def test_needles_changed_around_the_vocabulary_are_still_exact():
    """A vocabulary made while a pattern had no needles holds none of its words: once the
    needles are back, that pattern is looked up the plain way, not in the vocabulary."""
    matchers = _matchers()
    texts = _texts()
    saved = {id(e): e.needles for m in matchers for e in m.patterns}
    for e in (e for m in matchers for e in m.patterns):
        e.needles = None
    packs.share_vocabulary(matchers[1:] + matchers[:1])  # a new vocabulary, words made now
    vocab = matchers[0].vocab
    vocab.warm_up = 0
    vocab.words  # noqa: B018 - made while the needles are away
    for e in (e for m in matchers for e in m.patterns):
        e.needles = saved[id(e)]
    for text in texts:
        doc = Document(text, "a.md")
        for m in matchers:
            fast = [(f.start, f.end) for f in m.find(packs.FoldedDoc(doc))]
            m.vocab = None
            slow = [(f.start, f.end) for f in m.find(packs.FoldedDoc(doc))]
            m.vocab = vocab
            assert fast == slow, text
