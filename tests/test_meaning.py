"""NL501 contradiction: two time relations for one event and one period that cannot both hold."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MEANING = FIXTURES / "meaning"
SELECT = ["NL501"]


def found(lint, text, path="a.md"):
    return [
        (f.code, f.line, f.column, f.end_line, f.end_column)
        for f in lint(text, path=path, select=SELECT)
    ]


def related(lint, text, path="a.md"):
    (finding,) = lint(text, path=path, select=SELECT)
    return [(r.line, r.column, r.end_line, r.end_column) for r in finding.related]


# -- the reference article ---------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_seed_contradiction_points_at_the_other_statement(lint, seed_text, suffix):
    findings = lint(seed_text, path="un-report" + suffix, select=SELECT)
    assert [(f.line, f.column, f.end_column) for f in findings] == [(1, 736, 774)]
    (finding,) = findings
    # "minutes into Bachelet's four-year term" vs "minutes before her term ended", and
    # "I said I would publish it before the end of my term" as supporting evidence
    assert [(r.line, r.column, r.end_column) for r in finding.related] == [
        (1, 6264, 6293),
        (1, 6185, 6210),
    ]
    assert finding.related[1].message.startswith("see also")
    assert "published" in finding.message


# -- fixtures ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    sorted((MEANING / "clean").iterdir()) + sorted((FIXTURES / "reference" / "clean").iterdir()),
    ids=lambda p: p.name,
)
def test_clean_fixtures_are_silent(lint, path):
    assert found(lint, path.read_text(encoding="utf-8"), path=path.name) == []


def test_clean_news_reference_set_is_silent(lint):
    folder = FIXTURES / "clean_news"
    if not folder.is_dir():
        pytest.skip("tests/fixtures/clean_news is not present")
    for path in sorted(folder.iterdir()):
        assert found(lint, path.read_text(encoding="utf-8"), path=path.name) == [], path.name


def test_garbled_summit_markdown(lint):
    text = (MEANING / "garbled" / "summit-deal.md").read_text(encoding="utf-8")
    # "hours into the summit" (in bold) vs "signed after the summit\nended" (after a link)
    assert found(lint, text, "summit-deal.md") == [("NL501", 9, 28, 9, 49)]
    assert related(lint, text, "summit-deal.md") == [(15, 69, 16, 6)]


def test_garbled_mandate_plain_text(lint):
    text = (MEANING / "garbled" / "term-report.txt").read_text(encoding="utf-8")
    assert found(lint, text, "term-report.txt") == [("NL501", 3, 52, 4, 8)]
    assert related(lint, text, "term-report.txt") == [(7, 67, 8, 16)]


# -- specification ---------------------------------------------------------------------------


def test_signed_into_versus_after_the_summit(lint):
    text = (
        "The treaty was signed hours into the summit. "
        "Diplomats said the treaty was signed after the summit ended.\n"
    )
    assert found(lint, text) == [("NL501", 1, 23, 1, 44)]
    assert related(lint, text) == [(1, 83, 1, 105)]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("at the start of the trial", "at the close of the trial"),
        ("as the meeting opened", "minutes before the meeting ended"),
        ("on the first day of the conference", "after the conference ended"),
        ("in the opening minutes of the session", "in the final minutes of the session"),
        ("before the talks began", "early in the talks"),
        ("shortly after the hearing began", "after the end of the hearing"),
    ],
)
def test_time_relations_that_cannot_both_hold(lint, first, second):
    text = f"The ruling was announced {first}. Officials said the ruling was announced {second}.\n"
    assert len(found(lint, text)) == 1


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("minutes into the match", "minutes into the match"),  # same relation
        ("early in the session", "during the session"),  # no relation for "during"
        ("before the end of her term", "minutes into her term"),  # "before the end" is weak
    ],
)
def test_compatible_relations_are_silent(lint, first, second):
    text = f"The plan was approved {first}. The plan was approved {second}.\n"
    assert found(lint, text) == []


def test_one_statement_alone_is_silent(lint):
    assert found(lint, "The report was published minutes into her term.\n") == []


def test_different_events_are_silent(lint):
    text = (
        "The first goal came minutes into the match. "
        "The second goal came minutes before the match ended.\n"
    )
    assert found(lint, text) == []
    text = "The treaty was signed hours into the summit. The leaders met after the summit ended.\n"
    assert found(lint, text) == []


def test_different_periods_are_silent(lint):
    text = "The bill was passed early in his term. Critics noted the bill was passed late in her term.\n"
    assert found(lint, text) == []
    text = (
        "The law was passed early in her first term. The law was passed late in her second term.\n"
    )
    assert found(lint, text) == []
    text = "The deal was signed hours into the summit. The deal was signed after the trial ended.\n"
    assert found(lint, text) == []


def test_negation_and_verbs_of_saying_are_silent(lint):
    text = (
        "The bill was not passed early in the session. "
        "The bill was passed at the end of the session.\n"
    )
    assert found(lint, text) == []
    text = "She said minutes into the debate that taxes would rise. She said after the debate ended that they would not.\n"
    assert found(lint, text) == []


def test_explicit_amounts_on_both_sides_are_silent(lint):
    text = (
        "The goal was scored 80 minutes into the match. "
        "The goal was scored 10 minutes before the match ended.\n"
    )
    assert found(lint, text) == []


def test_repeated_paragraph_is_not_a_second_statement(lint):
    para = "The treaty was signed hours into the summit."
    assert found(lint, para + "\n\n" + para + "\n") == []


def test_rule_documentation(run_cli):
    result = run_cli("rule", "NL501")
    out = result.stdout.decode("utf-8")
    assert result.returncode == 0
    for section in ("What it does", "Why it matters", "Bad", "Good", "How to fix"):
        assert section in out


def test_different_subjects_are_different_events(lint):
    text = "The House voted early in the session. The Senate voted late in the session.\n"
    assert found(lint, text) == []


def test_pronoun_subject_can_match_a_named_one(lint):
    text = "She signed it hours into the summit. The treaty was signed after the summit ended.\n"
    assert found(lint, text) == [("NL501", 1, 15, 1, 36)]


def test_as_the_period_ended_conflicts_with_shortly_after_it_began(lint):
    text = (
        "The ceasefire was announced shortly after the talks began. "
        "Officials said the ceasefire was announced as the talks ended.\n"
    )
    assert found(lint, text) == [("NL501", 1, 37, 1, 58)]
    assert related(lint, text) == [(1, 103, 1, 121)]


def test_weak_statement_is_only_supporting_evidence(lint):
    text = (
        "The law was signed minutes into her term. "
        '"I promised to sign it before the end of my term," she said. '
        "Aides said the law was signed hours before her term expired.\n"
    )
    findings = lint(text, path="a.md", select=SELECT)
    assert [(f.line, f.column, f.end_column) for f in findings] == [(1, 20, 41)]
    assert [(r.column, r.message.split(":")[0]) for r in findings[0].related] == [
        (134, "contradicting statement"),
        (66, "see also"),
    ]
    # alone, "before the end of my term" contradicts nothing
    text = 'The law was signed minutes into her term. "I signed it before the end of my term."\n'
    assert found(lint, text) == []


@pytest.mark.parametrize(
    ("first", "second", "column"),
    [
        ("during the summit", "after the summit ended", 23),
        ("on the eve of the summit", "hours into the summit", 23),
        ("after the summit, officials said", "minutes into the summit", 23),
        ("ahead of the summit in Lima", "during the summit", 23),
        ("half an hour into the summit", "as the summit closed", 23),
    ],
)
def test_more_relations(lint, first, second, column):
    text = f"The accord was signed {first}. The accord was signed {second}.\n"
    findings = found(lint, text)
    assert len(findings) == 1 and findings[0][2] == column  # at the earlier statement


def test_more_fans_is_another_event(lint):
    text = "Police arrested 12 fans during the match. Police arrested two more fans after the match ended.\n"
    assert found(lint, text) == []


def test_before_the_end_of_is_not_before_the_start(lint):
    text = "The accord was signed before the end of the summit. The accord was signed minutes into the summit.\n"
    assert found(lint, text) == []


def test_lasting_states_are_not_single_moments(lint):
    text = "Exports boomed early in her term. Exports boomed again late in her term, and grew late in her term.\n"
    assert found(lint, text) == []
    text = "The economy improved early in her term. The economy improved late in her term.\n"
    assert found(lint, text) == []


# -- fast paths: the same answers as the plain patterns ------------------------------------


def _varied_texts(seed: int, n: int) -> list[str]:
    import random

    rnd = random.Random(seed)
    pieces = [
        "as", "As", "AS", "\u017ftart", "end", "ends", "x", " ", "-", "run-up", "run", "up",
        "\u00e9", "_", "1", ".", "\n", "Early", "earlier", "ahead", "K", "eve", "ever",
        "\u2019", "term", "Term", "terms", "summit", "summit's", "mid-match", "\u00e9vote",
        "count", "account", "\ufffc", "\u00a0", "talks", "game2", "trial_",
    ]  # fmt: skip
    return ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12))) for _ in range(n)]


def test_trigger_search_matches_the_word_boundary_pattern():
    # _has_trigger starts its pattern at the character before the word (a non-word
    # character), which lets the regex engine skip ahead; it must find what \b...\b finds.
    import re

    from newslint.checks.meaning import _TRIGGER_WORDS, _has_trigger

    plain = re.compile(r"\b(?:" + "|".join(map(re.escape, _TRIGGER_WORDS)) + r")\b", re.I)
    for text in _varied_texts(5, 3000):
        for lo in range(len(text) + 1):
            for hi in range(lo, len(text) + 1):
                assert _has_trigger(text, lo, hi) == bool(plain.search(text, lo, hi)), (
                    text,
                    lo,
                    hi,
                )


def test_anchor_filter_never_hides_an_anchor_noun():
    from newslint.checks.meaning import _HEAD_RE, _may_have_anchor

    texts = _varied_texts(7, 5000) + [
        "Minutes into her term, the report was published.",
        "the summit\u2019s end",
        "\u00e9term term\u00e9 (match) mid-game",
    ]
    for text in texts:
        if _HEAD_RE.search(text):
            assert _may_have_anchor(text), text
    assert not _may_have_anchor("The determined accountant gamely showed up.")


def _statement_texts(seed: int, n: int) -> list[str]:
    """Random prose made of the phrases and words the time patterns are built from."""
    import random

    rnd = random.Random(seed)
    phrases = [
        "minutes into", "hours before", "shortly after", "just before", "at the start of",
        "at the end of", "early in", "late in", "as", "when", "in the final minutes of",
        "on the first day of", "on the eve of", "in the run-up to", "during",
        "midway through", "ahead of", "before the end of", "after the close of", "after",
        "before", "in", "of", "to", "into",
    ]  # fmt: skip
    possessors = [
        "her", "his", "the", "their", "Bachelet's", "Bachelet\u2019s", "Michelle Bachelet's",
        "UN", "a", "this",
    ]  # fmt: skip
    words = [
        "term", "summit", "talks", "terms", "Term", "four-year", "second", "final", "match",
        "termite", "trial", "ended", "began", "opened", "closed", "was", "published", "signed",
        "the", "report", "not", "x\u00e9", "game2", "10", "minutes", "and", "meeting", "end",
    ]  # fmt: skip
    events = ["was published", "signed it", "The report was published", "resigned", "said"]
    gaps = [" "] * 12 + ["\u00a0", "\n", ", ", ". ", "-", ""]
    texts = []
    for _ in range(n):
        pieces = []
        for _ in range(rnd.randint(1, 8)):
            if rnd.random() < 0.5:  # a phrase in the patterns' order, maybe broken by a gap
                pools = [phrases, possessors, words[:12], words[12:]][: rnd.randint(2, 4)]
                if rnd.random() < 0.3:
                    pools.insert(2, words)  # a modifier before the noun
                if rnd.random() < 0.7:
                    pools.insert(0, events)  # the event the phrase places in time
            else:
                pools = [rnd.choice((phrases, possessors, words))]
            pieces += [rnd.choice(pool) + rnd.choice(gaps) for pool in pools]
        texts.append("".join(pieces))
    return texts


def test_statement_prefilter_never_hides_a_pattern_match():
    # _statements searches its windows only in blocks where _MAY_STATE finds a key word,
    # a possessor and an anchor noun in a row: every pattern match holds one, even in a
    # window that ends inside a word.
    import random

    from newslint.checks.meaning import _MAY_STATE, _PATTERN_SOURCES, _pattern

    rnd = random.Random(21)
    matched = 0
    for text in _statement_texts(4, 2000):
        gate = _MAY_STATE.search(text) is not None
        windows = [(0, len(text))]
        for _ in range(5):
            lo = rnd.randint(0, len(text))
            windows.append((lo, rnd.randint(lo, len(text))))
        for lo, hi in windows:
            for k in range(len(_PATTERN_SOURCES)):
                if _pattern(k).search(text, lo, hi):
                    matched += 1
                    assert gate, (text, lo, hi, k)
    assert matched > 500


def test_statements_are_the_same_without_the_prefilter(monkeypatch):
    import re

    from newslint.checks import meaning
    from newslint.document import Document

    texts = _statement_texts(9, 1500) + _varied_texts(13, 500)
    docs = [Document(t + "\n", "a.md") for t in texts]
    fast = [[meaning._statements(b) for b in d.blocks] for d in docs]
    monkeypatch.setattr(meaning, "_MAY_STATE", re.compile(""))
    plain = [[meaning._statements(b) for b in d.blocks] for d in docs]
    assert sum(len(s) for blocks in plain for s in blocks) > 100  # statements were found
    assert sum(not any(blocks) for blocks in plain) > 100  # and texts without any
    assert fast == plain
