"""NL401 gender slip and NL402 orphan surname: clean copy stays silent, garbles fire exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REFERENCE = FIXTURES / "reference"
SELECT = ["NL401", "NL402"]


def spans(findings, code=None):
    return [
        (f.code, f.line, f.column, f.end_line, f.end_column)
        for f in findings
        if code is None or f.code == code
    ]


# -- the reference article ---------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_seed_gender_slip_and_orphan_surname(lint, seed_text, suffix):
    findings = lint(seed_text, path="un-report" + suffix, select=SELECT)
    assert spans(findings) == [("NL401", 1, 6852, 1, 6860), ("NL402", 2, 1, 2, 17)]
    slip = findings[0]
    assert "Michelle Bachelet" in slip.message
    # related: the speaker's mention just before ("said Bachelet") and the full name
    assert [(r.line, r.column, r.end_column, r.message) for r in slip.related] == [
        (1, 6571, 6579, "speaker: Michelle Bachelet"),
        (1, 163, 180, "first named: Michelle Bachelet"),
    ]
    assert slip.fix is not None and slip.fix.applicability == "unsafe"
    assert [(e.column, e.end_column, e.text) for e in slip.fix.edits] == [(6852, 6854, "she")]


# -- fixtures ----------------------------------------------------------------------------

CLEAN = sorted((REFERENCE / "clean").iterdir()) + sorted((FIXTURES / "meaning" / "clean").iterdir())


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_clean_fixtures_are_silent(lint, path):
    assert spans(lint(path.read_text(encoding="utf-8"), path=path.name, select=SELECT)) == []


def test_clean_news_reference_set_is_silent(lint):
    folder = FIXTURES / "clean_news"
    if not folder.is_dir():
        pytest.skip("tests/fixtures/clean_news is not present")
    for path in sorted(folder.iterdir()):
        found = spans(lint(path.read_text(encoding="utf-8"), path=path.name, select=SELECT))
        assert found == [], path.name


GARBLED = {
    # Mia Mottley quoted, then "He added" (continuation: the one who adds just spoke)
    "summit-speakers.md": [("NL401", 22, 7, 22, 15)],
    # the byline was lost: "Ruiz reported from Madrid."
    "court-hearing.txt": [("NL402", 26, 1, 26, 14)],
    # a list item: Marchand speaks, "He added"; a new item names "Dubois" alone
    "tech-launch.md": [("NL401", 22, 65, 22, 73), ("NL402", 25, 3, 25, 14)],
    # festival director Anna Kowalski, "she was pleased", then "he said"
    "quotes-nested.md": [("NL401", 12, 1, 12, 8)],
}


@pytest.mark.parametrize("name", sorted(GARBLED))
def test_garbled_fixtures_fire_at_exact_positions(lint, name):
    text = (REFERENCE / "garbled" / name).read_text(encoding="utf-8")
    assert spans(lint(text, path=name, select=SELECT)) == GARBLED[name]


def test_garbled_fixture_clean_twin_is_silent(lint):
    # Each garbled fixture differs from its clean twin only by the garbles.
    for name in GARBLED:
        clean = (REFERENCE / "clean" / name).read_text(encoding="utf-8")
        assert spans(lint(clean, path=name, select=SELECT)) == []


# -- NL401 specification -------------------------------------------------------------------


def slips(lint, text, path="a.md"):
    return spans(lint(text, path=path, select=["NL401"]))


def test_attribution_after_a_quote_from_a_woman(lint):
    text = 'Sarah Connor spoke first. "It was a long day," he said.\n'
    assert slips(lint, text) == [("NL401", 1, 48, 1, 55)]
    text = 'Sarah Connor spoke first. "It was a long day," she said.\n'
    assert slips(lint, text) == []


def test_man_called_she_plain_text(lint):
    text = (
        "Judge Alberto Navarro said the trial would open in March.\n"
        "She said the case had already been postponed twice.\n"
    )
    assert slips(lint, text, path="a.txt") == [("NL401", 2, 1, 2, 9)]


def test_possessive_in_the_next_sentence(lint):
    text = "Elizabeth Warren said the bill was flawed. His office released a statement.\n"
    assert slips(lint, text) == [("NL401", 1, 44, 1, 47)]


def test_honorific_decides_over_the_name_table(lint):
    # "Mr." marks a man; the first name alone would say nothing (Kim is ambiguous)
    text = 'Mr. Kim Jong-un spoke first. "We are ready," she said.\n'
    assert slips(lint, text) == [("NL401", 1, 46, 1, 54)]
    text = 'Ms. Robin Ellis spoke first. "We are ready," she said.\n'
    assert slips(lint, text) == []


def test_gendered_title_is_evidence(lint):
    text = 'Chairwoman Pat Lee opened the meeting. "We have quorum," he said.\n'
    assert slips(lint, text) == [("NL401", 1, 58, 1, 65)]


def test_pronouns_already_used_for_an_unlisted_name(lint):
    # "Ngozi" is not in the census table: the article's own pronouns decide.
    text = (
        "Ngozi Okonjo-Iweala said the trade body would adapt. She said reform was overdue. "
        "She added that members agreed. She stressed the timeline. "
        '"We are on track," Okonjo-Iweala said. "Nothing is decided," he added.\n'
    )
    assert slips(lint, text) == [("NL401", 1, 202, 1, 210)]


def test_unlisted_name_with_weak_evidence_is_silent(lint):
    text = (
        'Kamala Harris arrived in Paris. Her motorcade was late. "We are glad to be here," '
        'said Harris. "The talks matter," he added.\n'
    )
    assert slips(lint, text) == []


def test_several_speakers_are_silent(lint):
    text = 'John Smith met Mary Jones in Paris. "It went well," she said. "We agreed," he said.\n'
    assert slips(lint, text) == []


def test_speaker_introduced_after_another(lint):
    text = (
        '"The vote was fair," said Angela Merkel. Olaf Scholz, her successor, was less sure. '
        '"We will see," he said.\n'
    )
    assert slips(lint, text) == []
    text = (
        "Mary Jones said the talks had stalled. Her lawyer, Tom Baker, disagreed. "
        '"We are close," he said.\n'
    )
    assert slips(lint, text) == []


def test_unnamed_person_in_view_is_silent(lint):
    text = (
        'Mary Jones said the talks had stalled. Her husband disagreed. "We are close," he said.\n'
    )
    assert slips(lint, text) == []
    text = (
        "Patricia Lopez opened the hearing. The ambassador said the bill was flawed. "
        '"We disagree," he said.\n'
    )
    assert slips(lint, text) == []


def test_quotes_inside_quotes_are_not_checked(lint):
    text = "\"He told me, 'she is not coming,' and he left,\" said Robert Chen.\n"
    assert slips(lint, text) == []
    text = 'Anna Kowalski was pleased. "He always says his team won," she said.\n'
    assert slips(lint, text) == []


def test_plural_they_and_organisations(lint):
    text = (
        'The ministry said the budget would rise. "It is a record," it added. '
        "They said more was coming. Amnesty International said it would respond.\n"
    )
    assert slips(lint, text) == []
    text = "Maria Ruiz and Tom Ford said they would appeal. They said the ruling was unfair.\n"
    assert slips(lint, text) == []


def test_generic_and_formal_pronouns(lint):
    text = (
        "Angela Merkel said every voter should know whether he or she is registered. "
        "His Excellency the ambassador arrived later.\n"
    )
    assert slips(lint, text) == []


def test_internationally_ambiguous_first_name_is_silent(lint):
    # Andrea is a man's name in Italy, a woman's in the US: no evidence either way.
    text = 'Andrea Rossi spoke for an hour. "We are ready," he said. He added that talks would resume.\n'
    assert slips(lint, text) == []


def test_consistent_other_gender_for_a_listed_name_is_silent(lint):
    # An article that calls its Michelle "he" twice or more knows something the table does not.
    text = (
        "Michelle Dupont spoke on Monday. He said the plan was sound. "
        'He added that it would pass. "We are ready," he said.\n'
    )
    assert slips(lint, text) == []


def test_markdown_emphasis_links_and_lists(lint):
    text = (
        "# Launch\n\n"
        "- *Hélène Marchand*, the [chief executive](https://example.com), said the launch "
        "went well.\n"
        '- "We are proud," **he added**.\n'
    )
    assert slips(lint, text) == [("NL401", 4, 21, 4, 29)]


def test_heading_breaks_the_window(lint):
    text = "Anna Kowalski spoke on Monday.\n\n## Other news\n\nHe said the roads were closed.\n"
    assert slips(lint, text) == []


def test_repeated_block_is_reported_once(lint):
    para = 'Sarah Connor spoke first. "It was a long day," he said.'
    findings = lint(para + "\n\n" + para + "\n", path="a.md", select=["NL401"])
    assert spans(findings) == [("NL401", 1, 48, 1, 55)]


# -- NL402 specification -------------------------------------------------------------------


def orphans(lint, text, path="a.md"):
    return spans(lint(text, path=path, select=["NL402"]))


def test_surname_alone_fires_with_the_verb(lint):
    assert orphans(lint, "Hassan said the border would reopen on Friday.\n") == [
        ("NL402", 1, 1, 1, 12)
    ]
    assert orphans(lint, '"The border will reopen," said Hassan.\n') == [("NL402", 1, 32, 1, 38)]


def test_surname_introduced_earlier_is_silent(lint):
    text = "Amina Hassan, the interior minister, spoke on Monday. Hassan said the border would reopen.\n"
    assert orphans(lint, text) == []
    text = "By Edith M. Lederer\n\nThe council met on Friday.\n\nLederer reported from the United Nations.\n"
    assert orphans(lint, text) == []


def test_full_name_only_later_still_fires(lint):
    text = "Hassan said the border would reopen.\n\nAmina Hassan is the interior minister.\n"
    findings = lint(text, path="a.md", select=["NL402"])
    assert spans(findings) == [("NL402", 1, 1, 1, 12)]
    assert "later" in findings[0].message


@pytest.mark.parametrize(
    "front",
    [
        '---\ntitle: "Port deal"\nauthor: "Edith M. Lederer"\n---\n',
        '+++\ntitle = "Port deal"\nauthors = ["Edith Lederer"]\n+++\n',
        '---\ntitle: Port deal\nby: ["Edith Lederer"]\n---\n',
    ],
)
def test_front_matter_author_counts(lint, front):
    text = (
        front
        + "\nThe port deal was agreed on Friday. **Lederer reported** from the [UN](https://un.org).\n"
    )
    assert orphans(lint, text) == []


def test_markdown_surname_alone_fires(lint):
    text = "---\ntitle: Port deal\n---\n\nThe deal was agreed. **Lederer reported** from the [UN](https://un.org).\n"
    assert orphans(lint, text) == [("NL402", 5, 24, 5, 40)]


def test_organisations_places_and_titles_are_silent(lint):
    text = (
        "Reuters reported that the deal was close. Google said it would comment later. "
        "Beijing said nothing. Washington said it was studying the text. Bloomberg reported "
        "the figures first. Mr. Hassan said he was pleased. President Ruto said the fund "
        "mattered. Amnesty International welcomed it, and Amnesty said more was needed.\n"
    )
    assert orphans(lint, text) == []


def test_first_names_and_unknown_words_are_silent(lint):
    text = "Sarah said the room was full. Bpifrance said it was proud. Okafor said it was late.\n"
    assert orphans(lint, text) == []


def test_common_word_used_in_lower_case_is_silent(lint):
    # "Cargo" is a census surname, but here a tool whose name also appears as "cargo".
    text = "Cargo reported the error. Run cargo build again to see it.\n"
    assert orphans(lint, text) == []


def test_credit_line_in_plain_text(lint):
    text = "The council met on Friday.\n\nMoritsugu contributed to this report.\n"
    assert orphans(lint, text, path="a.txt") == [("NL402", 3, 1, 3, 22)]


def test_reported_once_per_surname(lint):
    text = "Hassan said the border would reopen. Hassan added that talks would go on.\n"
    assert orphans(lint, text) == [("NL402", 1, 1, 1, 12)]


# -- name table and documentation ------------------------------------------------------------


def test_name_table_credits_the_census_and_skips_ambiguous_names():
    from newslint.names import DATA, first_name_gender, is_first_name, surnames

    header = (DATA / "first_names.tsv").read_text(encoding="utf-8").splitlines()[:5]
    assert any("1990 US Census" in line for line in header)
    assert first_name_gender("Michelle") == "F"
    assert first_name_gender("Stéphane") is None  # census noise below the threshold
    assert first_name_gender("Antonio") == "M"
    for ambiguous in ("Jordan", "Taylor", "Casey", "Jean", "Andrea"):
        assert first_name_gender(ambiguous) is None
        assert is_first_name(ambiguous)
    assert "lederer" in surnames()


def test_build_script_reproduces_the_committed_table(tmp_path):
    names_dir = Path("/tmp/namespkg/names-0.3.0/names")
    if not (names_dir / "dist.male.first").is_file():
        pytest.skip("census lists from the `names` package are not unpacked at /tmp/namespkg")
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_name_table", Path(__file__).resolve().parent.parent / "tools" / "build_name_table.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.DATA = tmp_path
    module.build(names_dir)
    from newslint.names import DATA

    for name in ("first_names.tsv", "surnames.txt"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes()


@pytest.mark.parametrize("code", ["NL401", "NL402", "NL403"])
def test_rule_documentation(run_cli, code):
    result = run_cli("rule", code)
    out = result.stdout.decode("utf-8")
    assert result.returncode == 0
    for section in ("What it does", "Why it matters", "Bad", "Good", "How to fix"):
        assert section in out


def test_continuation_with_a_rival_in_view_is_silent(lint):
    # "he added" may be Macron answering: two people of either sex in view.
    text = (
        'Angela Merkel met Emmanuel Macron in Berlin. "We agree on the essentials," she said. '
        '"And on the details," he added.\n'
    )
    assert slips(lint, text) == []


def test_continuation_reaches_past_a_company_speaking(lint):
    text = (
        "Bpifrance said it was proud to back the team. Anna Kowalski said the next satellite "
        "would carry a larger camera. He added that it would launch in May.\n"
    )
    assert slips(lint, text) == [("NL401", 1, 114, 1, 122)]


def test_possessor_of_a_role_noun_is_a_person(lint):
    text = "Mary Jones spoke at the rally. Smithson's wife said he was proud of the crowd.\n"
    assert slips(lint, text) == []


def test_predicate_role_noun_is_the_subject_itself(lint):
    text = "Marie Curie won the Nobel Prize twice. He was the first person to do so.\n"
    assert slips(lint, text) == [("NL401", 1, 40, 1, 42)]
    # but "it was a man" brings in somebody else
    text = "Jane Doe said it was a man she had never seen. He ran away.\n"
    assert slips(lint, text) == []


def test_single_names_of_other_people_block(lint):
    # "Xi" was introduced as "Xi Jinping" (surname first); "Smith" is a census surname.
    text = (
        "Chinese President Xi Jinping spoke first.\n\n"
        "Michelle Bachelet met Xi in May. He told her the camps were closed.\n\n"
        "Anna Kowalski met Smith on Friday. He said little.\n"
    )
    assert slips(lint, text) == []


def test_surname_inside_a_quote_is_the_speakers_word(lint):
    text = '"Hassan said no, and that was that," Amina Khalil recalled.\n'
    assert orphans(lint, text) == []


# -- NL403 specification -------------------------------------------------------------------


def orphan_pronouns(lint, text, path="a.md"):
    return spans(lint(text, path=path, select=["NL403"]))


@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_seed_her_letter_said(lint, seed_text, suffix):
    findings = lint(seed_text, path="un-report" + suffix, select=["NL403"])
    assert spans(findings) == [("NL403", 1, 4653, 1, 4668)]


NARRATIVE = (
    "The report was released on Wednesday in Brussels. It runs to 48 pages. "
    "Its authors interviewed former detainees. The office said it could not confirm "
    "estimates of how many people were held. The camps were built in 2017. Most have "
    "since closed. Thousands remain in prison. "
)


def test_credited_pronoun_with_nobody_in_view(lint):
    text = NARRATIVE + '"The findings are lies," her letter said.\n'
    column = len(NARRATIVE) + len('"The findings are lies," ') + 1
    assert orphan_pronouns(lint, text) == [("NL403", 1, column, 1, column + 15)]


def test_credited_pronoun_with_an_owner_in_view_is_silent(lint):
    text = "Anna Kowalski wrote to the office. The report was released on Monday. " + (
        'It runs to 48 pages. Most camps have closed. "No," her letter said.\n'
    )
    assert orphan_pronouns(lint, text) == []  # Anna is four sentences back
    text = NARRATIVE.replace("The office said", "The ambassador said") + '"No," his letter said.\n'
    assert orphan_pronouns(lint, text) == []
    text = 'Anna Kowalski spoke first. "No," she said. "Never," her spokesman said.\n'
    assert orphan_pronouns(lint, text) == []


def test_long_quotes_do_not_push_the_owner_out_of_view(lint):
    text = (
        'Anna Kowalski spoke to the council on Monday. "We tried. We failed. We will try '
        'again. We will not stop. Nobody should doubt it," her spokesman said.\n'
    )
    assert orphan_pronouns(lint, text) == []


def test_other_pronoun_positions_are_not_checked(lint):
    text = NARRATIVE + "Her office declined to comment.\n"
    assert orphan_pronouns(lint, text) == []


def test_credited_prefilter_is_the_word_boundary_pattern():
    # NL403's document prefilter starts with its character class for speed; it must
    # find exactly what ``\b(?:his|her|His|Her)`` would.
    import re

    from newslint.checks.reference import _CREDITED, _SOURCE_NOUNS

    plain = re.compile(
        r"\b(?:his|her|His|Her)\s+(?:"
        + _SOURCE_NOUNS
        + r")\s+(?:said|says|stated|added|noted|read|wrote)\b"
    )
    texts = [
        '"No," her letter said.',
        "His lawyer said the appeal was lodged.",
        "Her  spokeswoman\nadded that the talks would resume.",
        "The Fisher aide said nothing.",  # "her" inside a word
        "Another statement said the same; mother aide wrote.",
        "_his aide said it",  # an underscore is a word character
        "(Her ministry stated it.)",
        "His Excellency said grace.",
    ]
    for text in texts:
        assert [m.span() for m in _CREDITED.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ], text
    assert sum(bool(_CREDITED.search(t)) for t in texts) == 4


def test_credited_case_split_prefilter_equals_the_word_boundary_pattern():
    # NL403's document prefilter searches "h..." everywhere and "H..." only in a text
    # with an "H"; it must say yes exactly where ``\b(?:his|her|His|Her)...`` matches.
    import random
    import re

    from newslint.checks.reference import _SOURCE_NOUNS, _may_credit

    plain = re.compile(
        r"\b(?:his|her|His|Her)\s+(?:"
        + _SOURCE_NOUNS
        + r")\s+(?:said|says|stated|added|noted|read|wrote)\b"
    )
    rng = random.Random(403)
    pieces = (
        "his her His Her HIS hEr other Fisher _his 3her éhis Hérnan Ḧis his_ "
        + _SOURCE_NOUNS.replace("|", " ").replace("e-?mail", "email e-mail")
        + " said says stated added noted read wrote saids readers The Mr. Ms. Anna "
        "“ ” ‘ ’ \" ' ( ) [ ] * _ ` <b> </b> — – , . ; : ! ? é ß ü 中文 \u00a0 \t \n"
    ).split(" ")
    seps = [" ", " ", " ", "  ", "\n", "\t", "", "\u00a0", "\u2009"]
    checked = found = 0
    for _ in range(20000):
        n = rng.randint(1, 14)
        text = "".join(rng.choice(pieces) + rng.choice(seps) for _ in range(n))
        want = plain.search(text) is not None
        assert _may_credit(text) == want, text
        checked += 1
        found += want
    assert found > 50 and checked - found > 2000


def test_capital_word_pattern_is_the_look_behind_first_pattern():
    # names.CAP_WORD checks the character before the capital after matching it (faster);
    # it must match what the look-behind-first form matches.
    import re

    from newslint.names import CAP_WORD

    plain = re.compile(
        r"(?<![\w\-'\u2019])[A-Z\u00c0-\u00de\u0100-\u024f][\w\-]*(?:['\u2019]\w+)*['\u2019]?"
    )
    texts = [
        "Ana Ruiz met Jean-Luc O'Neill and Zoë Ōtsuka in Łódź.",
        "McDonald's CEO, x-Ray, d'Artagnan, l’Équipe and O’Brien’s",
        "Start of text. Ágnes Kovács-Szabó said _Bob and 3Com were here.",
        "",
    ]
    for text in texts:
        assert [m.span() for m in CAP_WORD.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ], text


# -- fast paths: the same people as the straightforward scan --------------------------------

_PIECES = [
    "Ana", "Ruiz", "Michelle", "Bachelet", "Mr", "Mr.", "Ms", "Dr.", "Gen.", "J.", "R.",
    "de", "la", "van", "der", "bin", "y", "Ludwig", "Beethoven", "Xi", "Jinping", "The",
    "In", "the", "said", "says", "told", "added", "he", "she", "her", "His", "him",
    "Guterres'", "Guterres\u2019", "Obama's", "O'Neill", "Łukasz", "łódź", "\u00d7Foo",
    "Zoë", "Ōtsuka", "ǅemal", "United", "Nations", "office", "spokesman", "wife", "Anna",
    "Kowalski", "NASA", "GitHub", "x-Ray", "Jean-Luc", "?", "Smith", "Tom", "Rust",
    "3Com", "_Bob", "Émile", "\u2019s", "'", "-",
]  # fmt: skip
_GAPS = [" ", " ", " ", " ", "\u00a0", ". ", ", ", ".\n", " \u201c", "\u201d ", "  ", "-", ""]


def _random_article(rnd) -> str:
    paragraphs = []
    for _ in range(rnd.randint(1, 4)):
        words = [rnd.choice(_PIECES) + rnd.choice(_GAPS) for _ in range(rnd.randint(1, 30))]
        paragraphs.append("".join(words).strip() or "x")
    if rnd.random() < 0.3:
        paragraphs.insert(0, "# " + paragraphs[0])
    return "\n\n".join(paragraphs) + "\n"


def _people_facts(doc):
    from newslint.names import People

    p = People(doc)
    ents = sorted(
        (
            k,
            sorted(e.firsts),
            sorted(e.evidence),
            e.full and (e.full.start, e.full.end, e.full.tokens),
            sorted(e.others),
        )
        for k, e in p.entities.items()
    )
    items = [
        (it.kind, it.block.index, it.start, it.end, it.sentence, it.gender, it.key, it.weak)
        for it in p.items
    ]
    return (
        ents,
        [(b.index, s, e, w) for b, s, e, w in p.runs],
        [(b.index, s, e, w) for b, s, e, w in p.singles],
        sorted(p.name_words),
        items,
        sorted(p.quoted_sentences),
    )


def test_people_scan_matches_the_word_by_word_scan(monkeypatch):
    # People._scan reads a block's capitalised words with one pattern that takes each
    # word standing alone or a whole chain of words (see names._WORD_OR_CHAIN). With a
    # pattern that takes the whole block as one chain, every word goes through
    # capitalised_runs one by one: the straightforward scan. Both must find the same
    # people, names and pronoun items.
    import random
    import re

    from newslint import names
    from newslint.document import Document

    rnd = random.Random(11)
    texts = [_random_article(rnd) for _ in range(600)]
    texts.append(Path(__file__).resolve().parent.joinpath("conftest.py").read_text()[:3000])
    fast = [_people_facts(Document(t, "a.md")) for t in texts]
    monkeypatch.setattr(names, "_WORD_OR_CHAIN", re.compile(r"(?s)(.+)"))
    slow = [_people_facts(Document(t, "a.md")) for t in texts]
    assert sum(bool(f[0]) for f in fast) > 50  # people were found
    assert sum(bool(f[4]) for f in fast) > 50  # and pronoun items
    for text, a, b in zip(texts, fast, slow, strict=True):
        assert a == b, text


def test_pronoun_spans_are_the_word_boundary_matches():
    import random

    from newslint.names import _PRONOUN, pronoun_spans

    pieces = [
        "he", "He", "HE", "him", "his", "himself", "she", "\u017fhe", "h\u0130m", "h\u0131s",
        "her", "hers", "herself", "x", " ", "-", "_", "1", ".", "\n", "\u00e9", "\u2019",
        "the", "shell", "\ufffc", "\u00a0", "'", "HeR", "s", "h", "\u201c", "\u2014",
        "\u212a", "\u0301", "\u00df", "\u0660", "\u00c9",
    ]  # fmt: skip
    rnd = random.Random(3)
    for _ in range(30000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 10)))
        assert pronoun_spans(text) == [m.span() for m in _PRONOUN.finditer(text)], text


def test_indefinite_quick_test_never_hides_a_match():
    # The pronoun items try _INDEFINITE only where _may_be_indefinite says it may match:
    # whenever the pattern finds something, the quick test is true.
    import random

    from newslint.names import _INDEFINITE, _may_be_indefinite, ascii_lowered

    pieces = [
        "someone", "SomeBody", "anyone", "Everybody", "nobody", "whoever", "no", "No",
        "one", "One", "each", "Either", "the", "The", "THE", "former", "latter", "Former",
        "Briton", "Spaniard", "said", "who", "25", "-", "year", "old", "-year-old", "of",
        "-of-", "mother", "father", "two", " ", "\n", "\u00a0", ",", ".", "\u017f", "\u0130",
        "\u0131", "\u00e9", "x", "s", "e",
    ]  # fmt: skip
    rnd = random.Random(5)
    found = 0
    for _ in range(30000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 9)))
        low = ascii_lowered(text)
        if _INDEFINITE.search(text):
            found += 1
            assert _may_be_indefinite(text, low, low.split()), text
    assert found > 1000


def test_noun_spans_with_words_are_the_word_boundary_matches():
    # Given the block's ASCII words, noun_spans finds the nouns of an ASCII block from
    # their first words (str.find): it must find what the noun pattern finds.
    import random
    import re

    from newslint import names

    old = re.compile(r"\b" + names._trie_pattern(names._NOUN_WORDS) + r"\b")
    pieces = [
        "officer", "Officer", "co", "-", "founder", "co-founder", "spokesperson", "s", "'s",
        "\u2019s", "fianc\u00e9", "fianc\u00e9e", "2", "_", " ", "\n", ".", "vice", "chair",
        "actor", "actress", "\u00e9", "x", "mother", "mothers", "editor", "in", "chief",
        "editor-in-chief", "Editor", "officers", "1", "\u00a0", "the", "a", "\u201c",
        "\u2014", "\u212a", "\u0301", "\u00f6", "\u0130", "\u0660", "fianc",
    ]  # fmt: skip
    rnd = random.Random(8)
    for _ in range(20000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 8)))
        words = names.ascii_lowered(text).split()
        assert list(names.noun_spans(text, words)) == [m.span() for m in old.finditer(text)], text


def test_orphan_surname_quick_test_never_hides_a_candidate():
    # NL402 tries its patterns only on words that pass _may_report: whenever the word is
    # the subject of a verb of saying, or follows "said"/"says", the quick test is true.
    import random

    from newslint.checks.reference import _may_report, _speaker_context

    pieces = [
        "Lederer", " ", "\u00a0", "said", "Said", "SAYS", "says", "told", "reported",
        "Reportedly", "acknowledged", ".", ",", ";", "\n", "x", "sai", "d", "\u0130", "K",
        "noted", "note", "-", "\u2019", "2",
    ]  # fmt: skip
    rnd = random.Random(8)
    hits = 0
    for _ in range(20000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 9)))
        for s in range(len(text)):
            for e in range(s + 1, min(len(text), s + 8) + 1):
                _nxt, _prv, subject, inverted = _speaker_context(text, s, e)
                if subject or inverted:
                    hits += 1
                    assert _may_report(text, s, e), (text, s, e)
    assert hits > 1000


def test_pronouns_spelled_with_long_s_or_dotted_capital_i_do_not_crash(lint):
    """Ignore-case matching takes ſ for s and İ for i: such a pronoun is read as the plain
    one (it used to raise KeyError, reported as NL902)."""
    text = (
        "Maria Okafor said the plan was ready. ſhe added that the council had agreed.\n\n"
        "Okafor said hİm and HİS were words. Okafor left.\n"
    )
    findings = lint(text)
    assert not [f for f in findings if f.code == "NL902"], findings


# -- cached readings of names: the same as the plain forms -------------------------------


def _classify_run_plain(text, toks, run):
    """names.classify_run as it was before its reading of the words was cached."""
    from newslint.names import (
        _STOP_CAPS,
        GENDERED_NOUNS,
        HONORIFICS,
        ORG_WORDS,
        WORDY_FIRST_NAMES,
        Mention,
        first_names,
        fold,
        surnames,
    )

    if len(run) == 1:
        return None  # a person mention needs two words (a name, or an honorific and name)
    ws = [toks[i][2] for i in run]
    # Drop words that are capitalised only because they start a sentence.
    lead = 0
    while lead < len(ws) and ws[lead].lower() in _STOP_CAPS:
        lead += 1
    ws_idx = run[lead:]
    if not ws_idx:
        return None
    ws = [toks[i][2] for i in ws_idx]
    folded = [fold(w) for w in ws]
    if any(f in ORG_WORDS for f in folded):
        return None
    evidence: set[str] = set()
    # An honorific or gendered title just before the run ("chairwoman Jane Doe").
    before = text[max(0, toks[ws_idx[0]][0] - 40) : toks[ws_idx[0]][0]].split()
    if before:
        prev = fold(before[-1].rstrip(".,"))
        g = GENDERED_NOUNS.get(prev) or HONORIFICS.get(prev)
        if g:
            evidence.add(g)
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
        start_i = ws_idx[first_at]
        return Mention(
            toks[start_i][0],
            toks[ws_idx[-1]][1],
            ws[first_at:],
            "person",
            first=ws[first_at],
            surname=ws[-1],
            evidence=evidence,
        )
    if honorific and len(ws) >= 2 and fold(ws[-1]) not in HONORIFICS:
        # "Mr. Hassan": the name is what follows the honorific.
        k = max(j for j, f in enumerate(folded) if f.rstrip(".") in HONORIFICS) + 1
        if k < len(ws):
            start_i = ws_idx[k]
            return Mention(
                toks[start_i][0],
                toks[ws_idx[-1]][1],
                ws[k:],
                "person",
                surname=ws[-1],
                evidence=evidence,
            )
    if len(ws) >= 2 and all(not w.isupper() for w in ws):
        # Two capitalised words we cannot place (Xi Jinping, Stephane Dujarric): maybe a person.
        return Mention(
            toks[ws_idx[0]][0],
            toks[ws_idx[-1]][1],
            ws,
            "unknown",
            surname=ws[-1],
            evidence=evidence,
        )
    return None


def _random_runs(rnd, n):
    """Random capitalised runs (words and the text around them) for the classifier."""
    words = [
        "Ana", "Ruiz", "Michelle", "Bachelet", "Mr", "Mr.", "Ms", "Dr.", "Gen.", "J.", "The",
        "In", "Amber", "Alert", "Will", "Smith", "Grace", "Period", "Queen", "Elizabeth",
        "Chairwoman", "United", "Nations", "NASA", "Xi", "Jinping", "Obama's", "Zo\u00eb",
        "\u00c9mile", "Jordan", "Lady", "Gaga", "Sir", "Lord", "Of", "Halvik", "Council",
        "Tom", "Mrs", "Mme", "St", "Rose", "Maria", "Reyes", "Kestrel", "Falls", "Bin",
    ]  # fmt: skip
    before = [
        "", "said ", "chairwoman ", "Chairwoman ", "the queen, ", "Mr. ", "by ", "actress ",
        "wife\n", "spokesman, ", "x" * 45 + " ", "Dame ", "king ", "\u00a0", "señora ",
    ]  # fmt: skip
    cases = []
    for _ in range(n):
        ws = [rnd.choice(words) for _ in range(rnd.randint(1, 5))]
        text = rnd.choice(before)
        toks = []
        for w in ws:
            toks.append((len(text), len(text) + len(w), w))
            text += w + rnd.choice((" ", " ", "\u00a0", ". "))
        cases.append((text, toks))
    return cases


def test_classify_run_is_the_plain_classification():
    # classify_run reads a run's words once (cached by the words and the sex the word
    # before the name gives); the plain form reads them every time.
    import random

    from newslint.names import classify_run

    rnd = random.Random(5)
    kinds = set()
    for text, toks in _random_runs(rnd, 20000):
        run = list(range(len(toks)))
        a, b = classify_run(text, toks, run), _classify_run_plain(text, toks, run)
        assert a == b, (text, toks)
        if a is not None:
            kinds.add((a.kind, bool(a.first), bool(a.evidence)))
    assert len(kinds) >= 5  # persons with and without first names and evidence, unknowns


def test_chain_runs_are_the_runs_of_the_chain_in_its_text():
    # A chain is split into runs once, from its own text: the same words and runs as
    # _words_in and capitalised_runs on the block around it.
    import random

    from newslint import names

    rnd = random.Random(6)
    texts = [_random_article(rnd) for _ in range(1500)]
    chains = 0
    for text in texts:
        for m in names._WORD_OR_CHAIN.finditer(text):
            if m.lastindex is None:
                continue
            chains += 1
            cs, ce = m.span()
            toks = names._words_in(text, cs, ce)
            plain = [tuple(toks[i] for i in run) for run in names.capitalised_runs(text, toks)]
            cached = [
                tuple((cs + s, cs + e, w) for s, e, w in run)
                for run, _words in names._chain_runs(m.group())
            ]
            assert cached == plain, (text, m.group())
            assert [w for run, words in names._chain_runs(m.group()) for w in words] == [
                w for run in plain for _s, _e, w in run
            ]
    assert chains > 1000


def test_name_words_are_the_plain_name_words():
    import random

    from newslint.names import _TITLE_WORDS, _name_words, fold

    rnd = random.Random(7)
    pieces = ["Mr.", "Ana", "Ruiz", "Ruiz's", "Gen.", "Xi", "Jinping", "The", "Obama\u2019s"]
    for _ in range(3000):
        tokens = tuple(rnd.choice(pieces) for _ in range(rnd.randint(1, 4)))
        for person in (True, False):
            key = fold(tokens[-1])
            plain = []
            for t in tokens:
                ft = fold(t).rstrip(".")
                if (ft != key or not person) and ft not in _TITLE_WORDS:
                    plain.append(ft)
            assert _name_words(tokens, person) == tuple(plain), tokens


def test_introduced_for_some_keys_is_the_full_index_for_them():
    import random

    from newslint.checks.reference import _introduced
    from newslint.document import Document
    from newslint.names import People, fold

    rnd = random.Random(12)
    for _ in range(300):
        text = "---\nauthor: Ana Ruiz\n---\n\n" + _random_article(rnd)
        doc = Document(text, "a.md")
        p = People(doc)
        full = _introduced(doc, p)
        words = sorted({fold(w) for _b, _s, _e, ws in p.runs for w in ws} | {"ruiz", "ana"})
        keys = set(rnd.sample(words, min(len(words), 3)))
        assert _introduced(doc, p, keys) == {k: v for k, v in full.items() if k in keys}


def test_quote_mark_substring_tests_equal_the_class_search():
    # The people scan reads a block's quotation spans only when it holds a double mark;
    # the substring tests must say so exactly where the character class finds one.
    import random

    from newslint.names import _QUOTE_MARK, _has_quote_mark

    rnd = random.Random(367)
    alphabet = list("ab .,'\"") + ["\u201c", "\u201d", "\u201e", "\u00ab", "\u00bb", "\u2018"]
    alphabet += ["\u2019", "\u201a", "\u2039", "\u203a", "\u00e9", "\u4e2d", "\U0001f600", "\n"]
    found = 0
    for _ in range(20000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 10)))
        want = _QUOTE_MARK.search(text) is not None
        assert _has_quote_mark(text) == want, repr(text)
        found += want
    assert 2000 < found < 19000
