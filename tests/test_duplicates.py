"""NL201-NL205: repeated blocks, near copies, repeated sentences, doubled words.

Each rule: clean copy that must stay silent next to copy that must fire at the exact line
and column. Cross-file copies (NL204) are in test_duplicates_corpus.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newslint.fixes import apply_fixes

FIXTURES = Path(__file__).parent / "fixtures" / "duplicates"


def at(findings, code):
    return [(f.line, f.column) for f in findings if f.code == code]


# -- NL201 repeated block ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["un-report.txt", "un-report.md"])
def test_seed_copies_point_at_first_occurrence(lint, seed_text, name):
    found = [f for f in lint(seed_text, name, select=["NL201"])]
    assert [(f.line, f.column) for f in found] == [(4, 1), (5, 1), (7, 1), (8, 1), (10, 1), (11, 1)]
    assert [f.related[0].line for f in found] == [1, 2, 1, 2, 1, 2]
    assert all(f.related[0].column == 1 for f in found)
    assert all(f.fix is not None and f.fix.applicability == "unsafe" for f in found)


def test_seed_unsafe_fix_through_cli_keeps_one_copy(run_cli, seed_text, tmp_path):
    path = tmp_path / "un-report.txt"
    path.write_text(seed_text, encoding="utf-8")
    body, credit = seed_text.split("\n")[0], seed_text.split("\n")[1]
    proc = run_cli("--isolated", "--select", "NL201", "--fix", "--unsafe-fixes", str(path))
    assert proc.returncode in (0, 1), proc.stderr.decode()
    fixed = path.read_text(encoding="utf-8")
    assert fixed.count(body) == 1
    assert fixed.count(credit) == 1
    lines = fixed.split("\n")
    # body, credit line, then the three run-together front-matter lines (NL1xx territory)
    assert lines[:2] == [body, credit]
    assert len(lines) == 5 and all(line.startswith("title:") for line in lines[2:])
    again = run_cli("--isolated", "--select", "NL201", str(path))
    assert again.returncode == 0, again.stdout.decode()


def test_seed_with_one_copy_lightly_edited(lint, seed_text):
    lines = seed_text.split("\n")
    lines[6] = lines[6].replace("campaign to stamp out", "campaign to root out")
    found = lint("\n".join(lines), "un-report.txt", select=["NL2"])
    assert [(f.code, f.line, f.column) for f in found] == [
        ("NL201", 4, 1),
        ("NL201", 5, 1),
        ("NL202", 7, 1),
        ("NL201", 8, 1),
        ("NL201", 10, 1),
        ("NL201", 11, 1),
    ]
    assert found[2].related[0].line == 1


def test_pasted_body_with_heading_and_quote(lint):
    text = (FIXTURES / "pasted-twice.md").read_text(encoding="utf-8")
    found = lint(text, "pasted-twice.md", select=["NL201"])
    # The heading (5 words) counts because it opens a run of copies; curly and straight
    # apostrophes ("county's" / "county’s") compare equal.
    assert [(f.line, f.column, f.end_line, f.end_column) for f in found] == [
        (22, 3, 22, 31),
        (24, 1, 25, 69),
        (27, 3, 27, 92),
    ]
    assert [f.related[0].line for f in found] == [7, 9, 12]
    assert found[0].message == "heading repeats the heading at line 7"
    fixed, n = apply_fixes(text, found, unsafe=True)
    assert n == 3
    assert fixed.endswith("4.2 m\n```\n\nReporting by Priya Raman; editing by Joel Okafor.\n")
    assert fixed.count("The River Calder peaked") == 1
    assert lint(fixed, "pasted-twice.md", select=["NL2"]) == []


def test_fix_needs_unsafe_flag(lint):
    text = (FIXTURES / "pasted-twice.md").read_text(encoding="utf-8")
    found = lint(text, "pasted-twice.md", select=["NL201"])
    assert apply_fixes(text, found, unsafe=False) == (text, 0)


def test_clean_feature_is_silent(lint):
    # Repeated code lines, table rows and short list items; grammatical doubles; two
    # sentences that differ only in where their link points.
    text = (FIXTURES / "clean-feature.md").read_text(encoding="utf-8")
    assert lint(text, "clean-feature.md", select=["NL2"]) == []


def test_short_repeated_line_alone_is_not_a_copy(lint):
    text = (
        "Voters in Kestrel County go to the polls on Thursday to choose a new sheriff.\n\n"
        "Read more:\n\n"
        "The two candidates met for a debate in the high-school gym on Monday night.\n\n"
        "Read more:\n"
    )
    assert at(lint(text, "a.md", select=["NL201"]), "NL201") == []


def test_list_item_copy_and_crlf_fix(lint):
    text = (
        "Our correspondents in Nairobi and Lagos sent these notes:\r\n"
        "\r\n"
        "- Fuel prices rose for the third week running, traders at the Gikomba market said.\r\n"
        "- A new bus rapid transit line opened in Lagos on Monday.\r\n"
        "- Fuel prices rose for the third week running, traders at the Gikomba market said.\r\n"
        "\r\n"
        "More on Friday.\r\n"
    )
    found = lint(text, "notes.md", select=["NL201"])
    assert [(f.line, f.column) for f in found] == [(5, 3)]
    fixed, n = apply_fixes(text, found, unsafe=True)
    assert n == 1
    lines = text.splitlines(keepends=True)
    assert fixed == "".join(lines[:4] + lines[5:])
    assert fixed.count("Gikomba") == 1
    assert fixed.endswith("Monday.\r\n\r\nMore on Friday.\r\n")


def test_last_block_copy_without_final_newline(lint):
    text = (
        "Ticket sales for the Harbourfront jazz festival open at nine on Saturday morning.\n\n"
        "Organisers expect the weekend passes to sell out within the hour, as they did last year.\n\n"
        "Ticket sales for the Harbourfront jazz festival open at nine on Saturday morning."
    )
    found = lint(text, "jazz.txt", select=["NL201"])
    assert [(f.line, f.column) for f in found] == [(5, 1)]
    fixed, _ = apply_fixes(text, found, unsafe=True)
    assert fixed == text[: text.index("last year.") + len("last year.\n")]


def test_scraped_plain_text_pasted_twice(lint):
    # one paragraph per long line, no blank lines, a short "Related:" line between
    text = (FIXTURES / "scraped-twice.txt").read_text(encoding="utf-8")
    found = lint(text, "scraped-twice.txt", select=["NL2"])
    assert [(f.code, f.line, f.column, f.end_line) for f in found] == [
        ("NL201", 5, 1, 5),
        ("NL201", 6, 1, 6),
        ("NL201", 7, 1, 7),  # the credit line (8 words) as part of the run
    ]
    assert [f.related[0].line for f in found] == [1, 2, 3]
    fixed, n = apply_fixes(text, found, unsafe=True)
    assert n == 3
    assert fixed == "".join(text.splitlines(keepends=True)[:4])


def test_shortcodes_html_and_code_are_not_prose_copies(lint):
    # same figure caption, same HTML lines, same indented code; two paragraphs that differ
    # only in a shortcode's argument
    text = (FIXTURES / "shortcodes.md").read_text(encoding="utf-8")
    assert lint(text, "shortcodes.md", select=["NL2"]) == []


def test_seed_gets_nothing_but_the_six_copies(lint, seed_text):
    found = lint(seed_text, "un-report.txt", select=["NL2"])
    assert {f.code for f in found} == {"NL201"} and len(found) == 6


def test_body_pasted_inside_one_block_of_one_line_paragraphs(lint):
    # short one-paragraph lines with no blank line: the whole file is one block, so the
    # copy is found as a run of repeated lines (and NL203 stays quiet inside it)
    text = (FIXTURES / "one-line-paragraphs.txt").read_text(encoding="utf-8")
    found = lint(text, "typhoon.txt", select=["NL2"])
    assert [(f.code, f.line, f.column, f.end_line, f.end_column) for f in found] == [
        ("NL201", 5, 1, 8, 61)
    ]
    assert found[0].message == "lines 5-8 repeat lines 1-4"
    assert (found[0].related[0].line, found[0].related[0].end_line) == (1, 4)
    fixed, _ = apply_fixes(text, found, unsafe=True)
    assert fixed == "".join(text.splitlines(keepends=True)[:4])


def test_wrapped_lines_that_repeat_mid_sentence_are_silent(lint):
    text = (
        "The committee will meet again on\n"
        "Thursday to discuss the harbour plan and the\n"
        "budget for the new ferry terminal.\n"
        "Members said they would meet again on\n"
        "Thursday to discuss the harbour plan and the\n"
        "parking charges near the old market.\n"
    )
    assert lint(text, "committee.txt", select=["NL2"]) == []


# -- NL202 near copy --------------------------------------------------------------------------


def test_lightly_edited_paste(lint):
    text = (
        "## Budget\n\n"
        "The city council approved a budget of 2.1 billion euros on Wednesday, with extra money "
        "for school repairs, two new tram lines and a pay rise for the city's nurses and "
        "cleaners, after a debate that ran late into the night.\n\n"
        "Opposition members walked out before the vote.\n\n"
        "The city council approved a budget of 2.1 billion euros on Wednesday, with more money "
        "for school repairs, two new tram lines and a pay rise for the city's nurses and "
        "cleaners, after a debate that went late into the night.\n"
    )
    found = lint(text, "budget.md", select=["NL2"])
    assert [(f.code, f.line, f.column) for f in found] == [("NL202", 7, 1)]
    assert "near copy" in found[0].message and "line 3" in found[0].message
    assert found[0].related[0].line == 3
    assert found[0].fix is None


def test_similar_but_different_paragraphs_are_silent(lint):
    text = (
        "The first storm reached the coast on Monday, flooding roads in Brest and cutting power "
        "to 40,000 homes in Finistère, the regional prefecture said in a statement.\n\n"
        "The second storm reached the coast on Thursday, bringing gusts of 150 km/h to the "
        "Cotentin peninsula and closing the port of Cherbourg for a day, the prefecture said.\n"
    )
    assert lint(text, "storms.md", select=["NL2"]) == []


# -- NL203 repeated sentence ------------------------------------------------------------------


def test_repeated_sentence_in_two_paragraphs(lint):
    text = (
        "The bridge will stay closed until Friday. Engineers are checking the cables.\n"
        "\n"
        "Traffic is diverted through Millbrook. The bridge will stay closed until Friday.\n"
    )
    found = lint(text, "bridge.txt", select=["NL2"])
    assert [(f.code, f.line, f.column, f.end_column) for f in found] == [("NL203", 3, 40, 81)]
    assert found[0].related[0].line == 1 and found[0].related[0].column == 1


def test_repeated_sentence_in_one_paragraph_with_markup(lint):
    text = (
        "Mayor **Inés Castillo** said the *new* depot would open in May. Residents asked "
        "about noise. Mayor Inés Castillo said the new depot would open in May.\n"
    )
    found = lint(text, "depot.md", select=["NL203"])
    assert [(f.line, f.column) for f in found] == [(1, 94)]
    assert found[0].message == "sentence repeats the sentence earlier on this line"


def test_refrain_and_parenthetical_are_silent(lint):
    text = (
        "(We will add a link here when the video becomes available.)\n\n"
        "The talk covered memory safety in drivers.\n\n"
        "(We will add a link here when the video becomes available.)\n\n"
        "Vote early, vote often, vote for change. The polls open at seven. "
        "Vote early, vote often, vote for change. The polls close at ten. "
        "Vote early, vote often, vote for change.\n"
    )
    assert lint(text, "talk.md", select=["NL203"]) == []


# -- NL205 doubled word -----------------------------------------------------------------------


def test_doubled_word_exact_columns(lint):
    text = "---\ntitle: Budget\n---\n\nThe council approved the the budget on Monday.\n"
    found = lint(text, "a.md", select=["NL205"])
    assert [(f.line, f.column, f.end_line, f.end_column) for f in found] == [(5, 22, 5, 29)]
    assert found[0].message == "doubled word: 'the the'"


def test_doubled_word_across_line_break_and_at_sentence_start(lint):
    text = (
        "Firefighters from three stations were called to\n"
        "to the warehouse fire in Dunmore shortly after midnight.\n"
        "The the roof had already collapsed when they arrived.\n"
    )
    found = lint(text, "fire.txt", select=["NL205"])
    assert [(f.line, f.column, f.end_line, f.end_column) for f in found] == [
        (1, 46, 2, 3),
        (3, 1, 3, 8),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "She had had enough of the delays by March.",
        "He said that that was the end of it.",
        "What it is is a question of money.",
        "He gave her her keys back at the station.",
        "They moved from Walla Walla to Pago Pago.",
        "Voters said bye bye to the old council.",
        "The council approved the [the budget](https://example.org) plan.",
        "The council approved *the* the plan.",
        "The score was 2 2 at half time.",
        "Protesters chanted no no no outside the court.",
        "The word THE the article is an example of capitals.",
        "The crowd chanted done done done until midnight.",
        "The strike ended in May. May brought rain.",
        "Officials in Baden-Baden said Baden was not the same town.",
    ],
)
def test_grammatical_or_marked_up_doubles_are_silent(lint, sentence):
    assert lint(sentence + "\n", "a.md", select=["NL205"]) == []


def test_heading_run_into_paragraph_is_silent(lint):
    # plain text: a one-word heading line directly above a paragraph starting with it
    text = "Business\nBusiness leaders in Osaka welcomed the rate decision on Friday.\n"
    assert lint(text, "a.txt", select=["NL205"]) == []
    text = "Reports from the\nthe regional office arrived late.\n"
    assert lint(text, "b.txt", select=["NL205"]) == []


# -- documentation ----------------------------------------------------------------------------


def test_every_rule_documents_examples_and_fix_safety():
    from newslint.checks.duplicates import newslint_rules

    rules = newslint_rules()
    assert [r.code for r in rules] == ["NL201", "NL202", "NL203", "NL204", "NL205"]
    for r in rules:
        doc = r.explanation
        assert "**Bad**" in doc and "**Good**" in doc and "**Fix" in doc, r.code
        assert r.category == "duplicate"
    assert [r.fixable for r in rules] == [True, False, False, False, False]
    assert rules[3].scope == "corpus"


def test_one_paragraph_pasted_three_times_is_reported(lint):
    para = (
        "Hundreds of residents of Valparaíso queued for water on Sunday after a main burst "
        "under the port road, the regional water company said."
    )
    text = f"{para}\n\n{para}\n\n{para}\n"
    found = lint(text, "water.txt", select=["NL2"])
    assert [(f.code, f.line, f.column) for f in found] == [("NL201", 3, 1), ("NL201", 5, 1)]
    assert all(f.related[0].line == 1 for f in found)


def test_template_paragraph_among_different_text_is_silent(lint):
    status = "**Status:** The team has made progress on this goal since the start of the year."
    text = "\n\n".join(
        f"## Goal {n}\n\n{status}\n\nThis goal is about {topic}, led by {lead}."
        for n, topic, lead in [
            (1, "faster builds", "Amara Osei"),
            (2, "better error messages", "Lin Wei"),
            (3, "a new documentation site", "Sofia Brandt"),
        ]
    )
    assert lint(text + "\n", "goals.md", select=["NL2"]) == []


def test_linted_documents_are_not_kept_alive(tmp_path):
    # The per-document analysis is cached weakly: once linted, a document can go (a run
    # over 25,000 files kept every one of them before).
    import gc
    import weakref

    from newslint.document import Document
    from newslint.engine import Linter

    linter = Linter(isolated=True, select=["NL2"])
    settings = linter.settings_for(None)
    text = "A paragraph about the harbour strike and the talks that failed on Friday.\n\n" * 3
    doc = Document(text, "a.md", settings=settings)
    found = linter.lint_document(doc, settings).findings
    assert [f.code for f in found] == ["NL201", "NL201"]
    ref = weakref.ref(doc)
    del doc
    gc.collect()
    assert ref() is None


# -- fast paths: the same answers as the straightforward forms ------------------------------


def test_doubled_word_prefilter_never_skips_a_match():
    import random

    from newslint import minhash
    from newslint.checks import duplicates
    from newslint.document import Block

    rng = random.Random(29)
    words = ["the", "The", "THE", "a", "in", "it's", "don’t", "café", "CAFÉ", "x_1", "42"]
    # letters whose cases the pattern and ``str.lower`` treat differently, and characters
    # that ``straighten`` turns into apostrophes
    words += ["s", "ſ", "k", "\u212a", "i", "İ", "ı", "ΟΔΟΣ", "οδοσ", "οδος", "ǅ", "ǆ", "donʼt"]
    seps = [" ", "  ", "\n", "\u00a0", " — ", "\ufffc", "-", "’", "'", ", ", ". ", "\t", "…"]
    seps += ["‘", "‚", "′", "ʼ", "“", " ‘", "’ ", "\u2009"]
    for _ in range(20000):
        parts = []
        for _ in range(rng.randint(1, 6)):
            parts += [rng.choice(words), rng.choice(seps)]
        text = "".join(parts)
        block = Block("paragraph", text, [(0, 0, len(text), len(text))], 0, len(text), 1, 1)
        if duplicates._DOUBLED.search(text):
            assert duplicates._may_double(block, minhash.words(text)), text


def test_source_key_is_the_line_prefix_pattern_then_normalize():
    import random

    from newslint.checks import duplicates
    from newslint.document import Document
    from newslint.minhash import normalize

    rng = random.Random(31)
    pieces = ["Floods", " ", "\n", "\r\n", "> ", ">", "\t", "“hi”", "  ", "a>b", "\n  > ", "x"]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        doc = Document(text, "t.md")
        i = rng.randint(0, len(text))
        j = rng.randint(i, len(text))
        want = normalize(duplicates._LINE_PREFIX.sub(" ", text[i:j]))
        assert duplicates.source_key(doc, i, j) == want


def test_repeated_lines_and_near_copies_on_varied_scraped_copy(lint):
    # One-paragraph-per-line copy with short lines, repeated short lines and a pasted run,
    # then near copies that need the postings lists: the fast paths (line word counts only
    # for repeated lines, postings filled late) still report exactly these.
    body = [
        "Ministers met in Tallinn on Monday to discuss the grid.",
        "No.",
        "The talks ran late into the evening, aides said afterwards.",
        "Officials from Riga and Vilnius joined by video link from their capitals.",
        "Ok!",
        "A statement is expected on Tuesday morning, a spokeswoman said.",
        "No.",
    ]
    text = "\n".join(body + body[2:4] + ["Ok!"]) + "\n"
    found = lint(text, select=["NL201"])
    assert [(f.line, f.column, f.message) for f in found] == [(8, 1, "lines 8-9 repeat lines 3-4")]
    found = lint(text.replace("\n", "\r\n"), select=["NL201"])
    assert [(f.line, f.column, f.end_column) for f in found] == [(8, 1, len(body[3]) + 1)]
    para = (
        "Rescue teams from {0} reached the flooded village late on Tuesday night after "
        "the river burst its banks, and residents were moved to the school hall."
    )
    other = (
        "The mayor said late on Tuesday night that the river burst its banks twice this "
        "year, and that the school hall would stay open for residents all week."
    )
    text = "\n\n".join([other, para.format("Arden"), other[:60] + ".", para.format("Elm")])
    found = lint(text + "\n", select=["NL202"])
    assert [(f.line, f.column, f.message) for f in found] == [
        (7, 1, "paragraph is a near copy (85% similar) of the paragraph at line 3")
    ]
    # with markup the words of the source count: link targets differ, emphasis does not
    para = para.replace("flooded", "*flooded*").replace(
        "the school hall.", "the [school hall](https://example.org/halls/{0})."
    )
    other = other.replace("school hall", "`school hall`")
    text = "\n\n".join([other, para.format("Arden"), other[:60] + ".", para.format("Elm")])
    found = lint(text + "\n", select=["NL202"])
    assert [(f.line, f.column, f.message) for f in found] == [
        (7, 1, "paragraph is a near copy (82% similar) of the paragraph at line 3")
    ]


def test_shingle_runs_are_the_shingles_in_order():
    # NL202 compares the set of a block's shingle runs, NL204 hashes the same runs
    import random

    from newslint import minhash

    rng = random.Random(37)
    vocab = ["river", "burst", "its", "banks", "l'été", "2024", "a"]
    for _ in range(500):
        a = [rng.choice(vocab) for _ in range(rng.randint(0, 6))]
        for k in (1, 2, 3):
            runs = minhash.shingle_runs(a, k)
            assert set(runs) == minhash.shingles(a, k)
            assert len(runs) == (max(1, len(a) - k + 1) if a else 0)
            assert sorted(set(minhash.hashes(runs))) == sorted(set(minhash.shingle_hashes(a, k)))
            if len(a) > k:
                assert minhash.hashes(runs) == minhash.shingle_hashes(a, k)


def test_same_words_means_the_same_words():
    import random

    from newslint import minhash
    from newslint.checks import duplicates

    rng = random.Random(41)
    pieces = ["word", "it's", " ", "\n", "\r\n", "’", "-", "*", "[x](http://e.org)", "é", "\t"]
    for _ in range(3000):
        prose = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        source = "".join(c if c != " " or rng.random() < 0.5 else "\n" for c in prose)
        if duplicates._same_words(source, prose):
            assert minhash.words(source) == minhash.words(prose), (source, prose)
        want = source == prose or source.replace("\n", " ") == prose
        assert duplicates._same_words(source, prose) == want


_SENTENCES = [
    "Rescue teams reached the flooded village of Arden late on Tuesday night.",
    "The council approved the budget on Monday after a long debate.",
    "“We will rebuild the bridge,” said Zoë Ångström, the mayor.",
    "Mr O’Brien said his team had worked through the night to restore power.",
    "She told reporters the talks in Tallinn had been ‘constructive’ so far.",
    "Ms Nakamura, who chairs the committee, said the vote was close.",
    "Police said the road would stay closed until Friday at the earliest.",
    "Officials in Łódź and São Paulo declined to comment on the report.",
    "The ΟΔΟΣ project, he said, was the largest in the region since 2009.",
    "Prices rose by 3.5% in March, the statistics office said on Tuesday.",
    "(The figures were revised later in the week by the ministry.)",
    "Details follow below:",
    "It was not clear when the İzmir ferry would resume its crossings.",
]


def _markup(rng, sentence: str) -> str:
    """``sentence`` with now and then some inline markup around one of its words."""
    words = sentence.split(" ")
    if rng.random() < 0.3:
        k = rng.randrange(len(words))
        words[k] = rng.choice(
            [
                "*{}*",
                "**{}**",
                "`{}`",
                "[{}](https://example.org/a-b)",
                "<b>{}</b>",
                "{}\\",
                "[{}][ref]",
            ]
        ).format(words[k])
    text = " ".join(words)
    if rng.random() < 0.4:  # wrapped
        text = "\n".join(text.split(" ", 4))
    return text


def _random_doc(rng) -> str:
    """A Markdown story built from a small pool of sentences (so that sentences and
    blocks repeat), with markup, quotes, list items, headings, names and Unicode."""
    blocks = []
    for _ in range(rng.randint(1, 9)):
        sentences = [_markup(rng, rng.choice(_SENTENCES)) for _ in range(rng.randint(1, 4))]
        body = " ".join(sentences)
        kind = rng.random()
        if kind < 0.15:
            body = "- " + body.replace("\n", "\n  ")
        elif kind < 0.25:
            body = "> " + body.replace("\n", "\n> ")
        elif kind < 0.32:
            body = "## " + body.replace("\n", " ")
        elif kind < 0.36:
            body = "<blockquote>\n\n" + body + "\n\n</blockquote>"
        blocks.append(body)
    text = "\n\n".join(blocks) + "\n\n[ref]: https://example.org/ref\n"
    return text.replace("\n", "\r\n") if rng.random() < 0.1 else text


def _where(f):
    return (f.line, f.column, f.end_line, f.end_column, f.message, f.related)


def test_sentences_of_blocks_mapped_in_place_take_the_fast_path():
    import random

    from newslint.checks import duplicates
    from newslint.document import Document
    from newslint.engine import Linter

    linter = Linter(isolated=True, select=["NL201", "NL202", "NL203"])
    settings = linter.settings_for(None)
    rng = random.Random(43)
    fast = reported = 0
    for _ in range(400):
        text = _random_doc(rng)
        doc = Document(text, "t.md", settings=settings)
        for b in doc.blocks:
            if duplicates._maps_in_place(b):
                fast += 1
                for _ in range(5):
                    i = rng.randint(0, len(b.text))
                    j = rng.randint(i, len(b.text))
                    assert b.span(i, j) == (b.start + i, b.start + j)
        got = [_where(f) for f in linter.lint_document(doc, settings).findings]
        plain = Document(text, "t.md", settings=settings)
        original = duplicates._maps_in_place
        duplicates._maps_in_place = lambda b: False
        try:
            want = [_where(f) for f in linter.lint_document(plain, settings).findings]
        finally:
            duplicates._maps_in_place = original
        assert got == want, text
        reported += sum(1 for f in got if f[4].startswith("sentence repeats"))
    assert fast > 500 and reported > 100


def test_near_copies_by_shingle_strings_are_the_ones_by_word_pairs(monkeypatch):
    # NL202 compares sets of joined two-word shingles (shared with NL204's hashes); the
    # same sets as sets of word pairs (words hold no space), so the same near copies
    import random

    from newslint import minhash
    from newslint.checks import duplicates
    from newslint.document import Document
    from newslint.engine import Linter

    def pairs(tokens):
        return [tuple(tokens)] if len(tokens) < 2 else list(zip(tokens, tokens[1:], strict=False))

    linter = Linter(isolated=True, select=["NL202"])
    settings = linter.settings_for(None)
    rng = random.Random(61)
    found = 0
    for _ in range(300):
        blocks = []
        for _ in range(rng.randint(2, 6)):
            sentences = rng.sample(_SENTENCES, 4)
            if blocks and rng.random() < 0.5:  # an edited copy of an earlier block
                sentences = list(rng.choice(blocks))
                sentences[rng.randrange(4)] = rng.choice(_SENTENCES)
            blocks.append(sentences)
        text = "\n\n".join(" ".join(_markup(rng, s) for s in b) for b in blocks) + "\n"
        got = [_where(f) for f in linter.lint_document(Document(text, "t.md"), settings).findings]
        with monkeypatch.context() as m:
            m.setattr(duplicates, "_block_shingles", lambda shared, i: pairs(shared.words[i]))
            m.setattr(minhash, "shingle_runs", lambda tokens, k: pairs(tokens))
            doc = Document(text, "t.md")
            want = [_where(f) for f in linter.lint_document(doc, settings).findings]
        assert got == want, text
        found += len(got)
    assert found > 20


def test_block_keys_are_the_source_keys():
    # the ASCII way without ``>`` (split and join) gives ``source_key``'s answer
    import random

    from newslint.checks import duplicates
    from newslint.document import Document

    rng = random.Random(67)
    for _ in range(300):
        text = _random_doc(rng)
        text = text.replace("Zoë", rng.choice(["Zoe", "Zoë"])).replace("’", rng.choice("'’"))
        doc = Document(text, "t.md")
        shared = duplicates._shared(doc)
        for b in doc.blocks:
            want = duplicates.source_key(doc, b.start, b.end)
            assert duplicates._block_key(doc, shared, b) == want


def _line_copies_everywhere(doc, an, compared):
    """The (line, original line, words) copies of ``_line_runs``, every paragraph read."""
    from newslint import minhash
    from newslint.checks import duplicates

    first, copies = {}, []
    for b in doc.blocks:
        if an.kinds[b.index] != "paragraph":
            continue
        inside = b.end_line > b.line and b.index not in compared
        for ln, part in enumerate(doc.text[b.start : b.end].split("\n"), b.line):
            line = part.strip()
            if not duplicates._ENDS_SENTENCE.search(line):
                continue
            key = minhash.normalize(line)
            if key in first:
                n = len(minhash.words(key))
                if inside and n >= 3:
                    copies.append((ln, first[key], n))
            else:
                first[key] = ln
    return copies


def test_line_runs_read_only_up_to_the_last_paragraph_that_can_hold_copies(monkeypatch):
    import random

    from newslint.checks import duplicates
    from newslint.document import Document

    rng = random.Random(71)
    seen = []
    real = duplicates._Analysis._line_runs

    def spy(self, opts, compared):
        runs = real(self, opts, compared)
        seen.append((runs, _line_copies_everywhere(self.doc, self, compared)))
        return runs

    monkeypatch.setattr(duplicates._Analysis, "_line_runs", spy)
    reported = 0
    for _ in range(300):
        lines = [rng.choice(_SENTENCES) for _ in range(rng.randint(1, 8))]
        if rng.random() < 0.7:  # part of the body pasted again
            lines += lines[rng.randrange(len(lines)) :]
        blocks = []
        while lines:
            k = rng.randint(1, 6)
            blocks.append("\n".join(lines[:k]))
            lines = lines[k:]
        doc = Document("\n\n".join(blocks) + "\n", "t.md")
        seen.clear()
        runs = duplicates.analysis(doc, None).line_runs
        ((got, copies),) = seen
        assert got == runs
        # the runs the copies found anywhere make
        want, k = [], 0
        while k < len(copies):
            ln, orig, n = copies[k]
            end, words = k, n
            while (
                end + 1 < len(copies)
                and copies[end + 1][0] == copies[end][0] + 1
                and copies[end + 1][1] == copies[end][1] + 1
            ):
                end += 1
                words += copies[end][2]
            if copies[end][1] < ln and ((end > k and words >= 20) or words >= 30):
                want.append((ln, copies[end][0], orig, copies[end][1]))
            k = end + 1
        assert got == want
        reported += len(got)
    assert reported > 20


def _near_copies_plain(an, opts, copy_of):
    """``_Analysis._near_copies`` the straightforward way: every block's shingles posted
    as soon as it is read (the first block of each, then up to 63 later ones), and every
    block with enough known shingles scored (the same shingles and scoring, the
    ``_Analysis`` methods)."""
    from newslint.checks import duplicates

    threshold = float(opts["near-threshold"])
    min_words = int(opts["near-min-words"])
    doc = an.doc
    shared = duplicates._shared(doc)
    first, more, sets, out = {}, {}, {}, {}
    for b in doc.blocks:
        i = b.index
        if an.kinds[i] not in duplicates._PROSE_KINDS or len(an.words[i]) < min_words:
            continue
        sh = an._near_shingles(shared, b)
        new = {s for s in sh if s not in first}
        if i not in copy_of and len(sh) - len(new) >= threshold * len(sh):
            best = an._closest(i, sh, sh - new, first, more, sets, threshold)
            if best is not None:
                out[i] = best
                continue
        if i in copy_of:
            continue
        sets[i] = sh
        for s in sh:
            if s in first:
                lst = more.setdefault(s, [])
                if len(lst) < 63:
                    lst.append(i)
            else:
                first[s] = i
    return out


def test_near_copies_with_postings_filled_late_are_the_plain_ones(monkeypatch):
    # _near_copies fills its postings only when a block passes the prefilter (the
    # prefilter reads the set of shingles met so far): the near copies of postings filled
    # block by block. Long documents of blocks sharing common shingles, with edited
    # copies at the edge of the threshold (some with more than 63 earlier postings).
    import random

    from newslint.checks import duplicates
    from newslint.document import Document

    rng = random.Random(73)
    common = [f"c{k} d{k}" for k in range(8)]  # in most blocks
    vocab = [f"w{k}" for k in range(300)]
    results = []
    real = duplicates._Analysis._near_copies

    def spy(self, opts, copy_of):
        got = real(self, opts, copy_of)
        results.append((got, _near_copies_plain(self, opts, copy_of)))
        return got

    monkeypatch.setattr(duplicates._Analysis, "_near_copies", spy)
    opts = duplicates._options(None)
    for _ in range(60):
        blocks: list[list[str]] = []
        for _ in range(rng.randint(20, 240)):
            if blocks and rng.random() < 0.3:  # an edited copy of a recent block
                words = list(rng.choice(blocks[len(blocks) * 2 // 3 :]))
                for _ in range(rng.randint(0, 3)):
                    words[rng.randrange(len(words))] = rng.choice(vocab)
            else:
                words = [rng.choice(vocab) for _ in range(rng.randint(12, 20))]
                for pair in rng.sample(common, rng.randint(5, 8)):
                    words[rng.randrange(len(words)) : 0] = pair.split()
            blocks.append(words)
        text = "\n\n".join(" ".join(b) for b in blocks) + "\n"
        duplicates._Analysis(Document(text, "t.md"), opts)
    assert all(got == want for got, want in results)
    assert sum(len(got) for got, _ in results) > 100
