"""The shipped rule packs (rules/garbled.yml, rules/spun-phrases.yml): NL502-NL512.

Each rule fires at the exact line and column on garbled copy and stays silent on clean,
professionally edited copy; every bad/good example a pack gives is checked too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newslint.packs import load_pack, shipped_pack_files

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "packs"
PACK_CODES = ("NL502", "NL503", "NL504", "NL505", "NL510", "NL511", "NL512")


def pos(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the nth occurrence of ``needle`` in ``text``."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def where(findings, code=None):
    return [(f.line, f.column) for f in findings if code is None or f.code == code]


def pack_findings(lint, text, path="article.md"):
    return [f for f in lint(text, path, select=list(PACK_CODES))]


def apply_fix(text: str, fix) -> str:
    out = text
    for e in sorted(fix.edits, key=lambda e: e.start, reverse=True):
        out = out[: e.start] + e.text + out[e.end :]
    return out


# -- the packs themselves ---------------------------------------------------------------------


def test_shipped_packs_are_found_and_valid():
    names = {p.name for p in shipped_pack_files()}
    assert {"garbled.yml", "spun-phrases.yml"} <= names
    codes = [s.code for p in shipped_pack_files() for s in load_pack(p, shipped=True)]
    assert sorted(codes) == sorted(PACK_CODES)


def _examples():
    for p in shipped_pack_files():
        for spec in load_pack(p, shipped=True):
            for text in spec.examples_bad:
                yield pytest.param(spec.code, text, True, id=f"{spec.code}-bad-{text[:30]}")
            for text in spec.examples_good:
                yield pytest.param(spec.code, text, False, id=f"{spec.code}-good-{text[:30]}")


@pytest.mark.parametrize("code,text,fires", list(_examples()))
def test_every_pack_example(lint, code, text, fires):
    for path in ("example.md", "example.txt"):
        found = [f for f in pack_findings(lint, text + "\n", path) if f.code == code]
        assert bool(found) is fires, (path, text, found)
        others = [f for f in pack_findings(lint, text + "\n", path) if f.code != code]
        if not fires:
            assert others == [], others


def test_every_shipped_rule_has_examples_and_explains_itself():
    for p in shipped_pack_files():
        for spec in load_pack(p, shipped=True):
            assert spec.examples_bad and spec.examples_good, spec.code
            text = spec.explanation()
            assert "**Bad.**" in text and "**Good.**" in text


# -- the reference article --------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_seed_garbles_found_at_their_columns(lint, seed_text, suffix):
    found = pack_findings(lint, seed_text, "un-report" + suffix)
    by_code = {(f.code, f.line, f.column, f.end_column) for f in found}
    assert ("NL502", 1, 776, 802) in by_code  # It was unexpected to break
    assert ("NL505", 1, 5501, 5525) in by_code  # fire her before her exit
    nl502 = next(f for f in found if f.code == "NL502")
    fixed = apply_fix(seed_text, nl502.fix)
    assert "It was not expected to break significant new ground" in fixed
    assert nl502.fix.applicability == "unsafe"
    # reported once, at the first occurrence: the copies are left to the duplicate rules
    assert len(found) == 2, found


# -- NL502 garbled negation -------------------------------------------------------------------


def test_nl502_other_tenses_and_wordings(lint):
    text = (FIXTURES / "garbled" / "negation.txt").read_text(encoding="utf-8")
    found = pack_findings(lint, text, "negation.txt")
    assert where(found, "NL502") == [
        pos(text, "is unexpected to close"),
        pos(text, "had been unexpected"),
        pos(text, "Which was unanticipated"),
    ]
    fixed = text
    for f in sorted(found, key=lambda f: f.start, reverse=True):
        fixed = apply_fix(fixed, f.fix)
    assert "The merger is not expected to close" in fixed
    assert "Ministers had not been expected to announce" in fixed
    assert "Which was not anticipated to change" in fixed
    # a quoted speaker's words are theirs
    assert '"It was unexpected to win,"' in fixed


def test_nl502_across_markup_and_line_breaks(lint):
    text = "The report, *it was said,* was\nunexpected to [break](https://x.org/a) new ground.\n"
    found = pack_findings(lint, text)
    assert where(found, "NL502") == [pos(text, "was\nunexpected")]
    f = found[0]
    assert (f.end_line, f.end_column) == (2, 21)  # through "break", before "]"
    assert f.fix is None  # the match spans link markup: no edit that could eat it


def test_nl502_fix_is_minimal_and_keeps_case(lint):
    text = "It was unexpected to pass.\n"
    (f,) = pack_findings(lint, text, "a.txt")
    (edit,) = f.fix.edits
    assert text[edit.start : edit.end] == "unexpected" and edit.text == "not expected"


@pytest.mark.parametrize(
    "clean",
    [
        "It was unexpected to see so many people at the rally.",
        "The decision was unexpected to many in the room.",
        "The merger is not expected to close before June.",
        "An unexpected turn: the senator is expected to resign.",
        "“It was unexpected to break the record,” she said.",
    ],
)
def test_nl502_silent(lint, clean):
    assert pack_findings(lint, clean + "\n") == []


# -- NL503 / NL505 ----------------------------------------------------------------------------


def test_nl503_nl505_in_markdown(lint):
    text = (FIXTURES / "garbled" / "nonsense.md").read_text(encoding="utf-8")
    found = pack_findings(lint, text, "nonsense.md")
    assert [(f.code, f.line, f.column) for f in found] == [
        ("NL505", *pos(text, "sack him ahead")),
        ("NL505", *pos(text, "fire them before")),
        ("NL505", *pos(text, "re-elected to a first")),
        ("NL503", *pos(text, "plunged to a record high")),
    ]
    assert all(f.fix is None for f in found)


@pytest.mark.parametrize(
    "clean",
    [
        "The board fired him in March, months before his retirement.",
        "She left before her exit interview was scheduled.",
        "The club will fire him before his departure for Madrid, reports said.",
        "Inflation fell to a record low while wages rose to an all-time high.",
        "He was re-elected to a first full term in 2020 after finishing his predecessor's.",
        "He is survived by his wife and was predeceased by a son.",
    ],
)
def test_nl503_nl505_silent(lint, clean):
    assert pack_findings(lint, clean + "\n") == []


# -- NL504 misheard phrases -------------------------------------------------------------------


def test_nl504_misheard(lint):
    text = "Lawyers said the Statue of Limitations ran out.\nShe would of won, for all intensive purposes.\n"
    found = pack_findings(lint, text, "a.txt")
    assert where(found, "NL504") == [
        pos(text, "Statue of"),
        pos(text, "would of"),
        pos(text, "for all intensive"),
    ]
    assert found[0].fix.edits[0].text.startswith("Statute")  # the initial capital is kept
    assert apply_fix(text, found[1].fix).count("would have won") == 1


@pytest.mark.parametrize(
    "clean",
    [
        "The statue of the general was removed from the square.",
        "They reviewed the case and point to errors in the ruling.",
        "He would, of course, have gone.",
        "The summit peaked in the afternoon.",
    ],
)
def test_nl504_silent(lint, clean):
    assert pack_findings(lint, clean + "\n") == []


# -- NL510-NL512 spun phrases -----------------------------------------------------------------


def test_spun_wire_copy_in_markdown(lint):
    text = (FIXTURES / "garbled" / "wire-rewrite.md").read_text(encoding="utf-8")
    found = pack_findings(lint, text, "wire-rewrite.md")
    expected = [
        ("NL510", "Related Press"),
        ("NL510", "Home Speaker"),
        ("NL510", "Senate Majority Chief"),
        ("NL511", "instructed reporters"),
        ("NL510", "Nationwide Hurricane Heart"),
        ("NL510", "White Home"),
        ("NL511", "request for remark"),
        ("NL511", "on situation of anonymity"),
        ("NL502", "was unexpected to\n  reach"),
        ("NL511", "In accordance with officials"),
        ("NL511", "tons of of"),
        ("NL511", "earlier this 12 months"),
    ]
    got = [(f.code, f.line, f.column) for f in found]
    assert got == [(code, *pos(text, needle)) for code, needle in expected]
    # inline code, the code block and the front matter are not prose
    assert all(f.line > 5 and f.line < 19 for f in found)
    names = {f.message for f in found if f.code == "NL510"}
    assert any("“Associated Press”" in m for m in names)
    assert all(f.fix.applicability == "safe" for f in found if f.code == "NL510")
    assert all(f.fix.applicability == "unsafe" for f in found if f.code == "NL511")


def test_spun_fixes_read_right(lint):
    text = "In accordance with officials, the minister instructed reporters that tons of of homes flooded.\n"
    found = pack_findings(lint, text, "a.txt")
    fixed = text
    for f in sorted(found, key=lambda f: f.start, reverse=True):
        fixed = apply_fix(fixed, f.fix)
    assert (
        fixed
        == "According to officials, the minister told reporters that hundreds of homes flooded.\n"
    )


def test_tortured_phrases(lint):
    text = (
        "The lab applies counterfeit consciousness and machine studying fashions to bosom peril.\n"
    )
    found = pack_findings(lint, text, "a.txt")
    assert where(found, "NL512") == [
        pos(text, "counterfeit"),
        pos(text, "machine studying"),
        pos(text, "bosom peril"),
    ]


@pytest.mark.parametrize(
    "clean",
    [
        "Police instructed reporters to stay behind the cordon.",
        "The judge instructed CNN to hand over the footage.",
        "Its smart home speaker sold well; the Google Home Speaker did not.",
        "The new states joined states that already ban the practice.",
        "The related press releases were published on Monday.",
        "Troops acted in accordance with the law and with police guidance.",
        "The artificial intelligence lab studies machine learning.",
        "In the final 12 months of his life he wrote two books.",
        "Solar panels give the island a sustainable power source.",
        "The striker handed away the lead in the second half.",
        "Imagine a machine studying your face as you shop.",
        "It was a colossal information-gathering operation and a colossal information failure.",
        "Financial regulation enforcement officials met in Basel.",
        "The official instructed reporters' crews to move back.",
        "Cancers of the tongue and cheek are rare.",
    ],
)
def test_spun_silent(lint, clean):
    assert pack_findings(lint, clean + "\n") == []


def test_spun_names_in_title_case_headings_are_left_alone(lint):
    text = "# Inside the Supreme Courtroom\n\nThe Supreme Courtroom ruled on Monday.\n"
    found = pack_findings(lint, text)
    assert [(f.code, f.line, f.column) for f in found] == [("NL510", 3, 5)]


def test_antonym_slip_with_spelled_out_periods(lint):
    text = "The pound dropped to a six-month high against the euro.\n"
    found = pack_findings(lint, text, "a.txt")
    assert [(f.code, f.line, f.column) for f in found] == [("NL503", 1, 11)]


def test_word_boundaries(lint):
    # "Related Pressure" is not "Related Press"; "misheard" needs whole words
    text = "Unrelated Pressmen met. The Related Pressure group. deep-seededness.\n"
    assert pack_findings(lint, text) == []


# -- clean copy -------------------------------------------------------------------------------


def test_clean_fixtures_are_silent(lint):
    files = sorted((FIXTURES / "clean").iterdir())
    assert len(files) >= 3
    for p in files:
        found = pack_findings(lint, p.read_text(encoding="utf-8"), p.name)
        assert found == [], (p.name, found)


def test_shared_clean_news_is_silent(lint):
    clean = Path(__file__).resolve().parent / "fixtures" / "clean_news"
    if not clean.is_dir():
        pytest.skip("tests/fixtures/clean_news is not present (written by another issue)")
    files = sorted(p for p in clean.rglob("*") if p.suffix in (".md", ".txt"))
    for p in files:
        found = pack_findings(lint, p.read_text(encoding="utf-8"), str(p))
        assert found == [], (p.name, found)


def test_corpus_is_silent(shared_dir):
    corpus = shared_dir / "corpus"
    if not corpus.is_dir():
        pytest.skip("../shared/corpus is absent")
    from newslint.engine import Linter

    linter = Linter(isolated=True, select=list(PACK_CODES))
    files = sorted(str(p) for p in corpus.rglob("*") if p.suffix in (".md", ".markdown", ".txt"))
    run = linter.run(files, jobs=1)
    assert run.files > 500
    assert run.findings == []


def test_hugo_post_with_toml_front_matter_shortcodes_and_html(lint):
    text = (FIXTURES / "garbled" / "hugo-post.md").read_text(encoding="utf-8")
    found = pack_findings(lint, text, "hugo-post.md")
    expected = [
        ("NL512", "counterfeit consciousness {{"),  # the body, not the title in the front matter
        ("NL512", "bosom peril**"),
        ("NL512", "machine studying"),
        ("NL503", "rose to a four-decade low"),
        ("NL511", "instructed <abbr>"),
        ("NL510", "World Well being"),
        ("NL511", "kidney disappointment"),
    ]
    assert [(f.code, f.line, f.column) for f in found] == [(c, *pos(text, n)) for c, n in expected]
    instructed = found[4]
    assert instructed.fix is None  # "instructed <abbr>CNN</abbr>": markup inside, no fix
    assert found[6].fix.edits[0].text == "failure"
    assert "HTML block" not in "".join(text[f.start : f.end] for f in found)


@pytest.mark.parametrize(
    "clean",
    [
        "Related Press Releases: the company's statements this year.",
        "See the Related Press Coverage section below.",
        "Fox Information Systems won the contract.",
    ],
)
def test_spun_names_silent_on_ordinary_labels(lint, clean):
    assert pack_findings(lint, clean + "\n") == []


def test_spun_names_after_the_or_in_parentheses(lint):
    text = "Copyright 2022 The Related Press. BEIRUT (Related Press) - Fox Information said.\n"
    found = pack_findings(lint, text, "a.txt")
    assert [(f.code, f.column) for f in found] == [
        ("NL510", pos(text, "Related Press.")[1]),
        ("NL510", pos(text, "Related Press)")[1]),
        ("NL510", pos(text, "Fox")[1]),
    ]
    fixed = text
    for f in sorted(found, key=lambda f: f.start, reverse=True):
        fixed = apply_fix(fixed, f.fix)
    assert (
        fixed == "Copyright 2022 The Associated Press. BEIRUT (Associated Press) - Fox News said.\n"
    )
