"""NL301–NL305 (punctuation): garbled copy fires at the exact line and column, clean
professional copy stays silent.

Expected positions are computed from the fixture text itself (where a marker string
sits), never from the rule's own code.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newslint.fixes import apply_fixes

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CLEAN = sorted((FIXTURES / "clean_news").iterdir())


def where(text: str, needle: str, k: int = 0, nth: int = 0) -> tuple[int, int]:
    """1-based (line, column) of ``needle`` (its ``nth`` occurrence) plus ``k`` chars."""
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    i += k
    line = text.count("\n", 0, i) + 1
    return line, i - (text.rfind("\n", 0, i) + 1) + 1


def codes(findings, prefix="NL3"):
    return [(f.code, f.line, f.column) for f in findings if f.code.startswith(prefix)]


def only(findings, code):
    return [f for f in findings if f.code == code]


# -- the clean reference set -----------------------------------------------------------


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_clean_reference_set_is_silent(lint, path):
    text = path.read_text(encoding="utf-8")
    assert len(text.split()) > 250  # real articles, not stubs
    assert codes(lint(text, path.name, select=["NL3"])) == []


def test_clean_reference_set_is_silent_as_the_other_file_type(lint):
    # The same copy linted as .txt (no Markdown) and as .md must stay silent too.
    for path in CLEAN:
        text = path.read_text(encoding="utf-8")
        if "```" in text or "\n> " in text:
            continue  # code blocks and block quotes are prose only in Markdown
        other = path.stem + (".txt" if path.suffix == ".md" else ".md")
        assert codes(lint(text, other, select=["NL3"])) == [], other


# -- NL301 stray period ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, marker, k",
    [
        (
            "“The report is damning,” said Ana Ruiz, director. of the Lima Rights Centre.",
            "director.",
            8,
        ),
        (
            "The decision was announced by the spokesman. for the ministry on Monday.",
            "spokesman.",
            9,
        ),
        (
            "Officials met in Nairobi. with their Kenyan counterparts before the vote.",
            "Nairobi.",
            7,
        ),
        (
            "Prices rose faster in March. than in any month since 2008, the agency said.",
            "March.",
            5,
        ),
        ("The letter said. Peru. the embassy in Lima issued a reply on Tuesday.", "Peru.", 4),
        ("It came from the Red Cross. statement. The agency later confirmed it.", "Cross.", 5),
        (
            "Sales fell 3% at the carmaker. according to figures published on Friday.",
            "carmaker.",
            8,
        ),
        ("Profits doubled in 2016. after the merger closed, analysts said.", "2016.", 4),
        ("The court avoided the wider issue. saying the case was narrow.", "issue.", 5),
        ("“We did. not expect it,” the coach said.", "did.", 3),
    ],
)
def test_stray_period_fires_at_the_period(lint, text, marker, k):
    found = only(lint(text, "story.md", select=["NL301"]), "NL301")
    assert [(f.line, f.column) for f in found] == [where(text, marker, k)]
    assert found[0].end_column == found[0].column + 1
    assert found[0].fix is not None and found[0].fix.applicability == "unsafe"
    fixed, n = apply_fixes(text, found, unsafe=True)
    assert n == 1 and fixed == text[: text.index(marker) + k] + text[text.index(marker) + k + 1 :]


@pytest.mark.parametrize(
    "text",
    [
        "Shares of Apple Inc. and Alphabet Inc. rose, while Acme Co. fell and Widget Corp. was flat.",
        "Mr. and Mrs. Okafor met Dr. Ruiz at St. Mary’s at 9 a.m. on Monday, and at 5 p.m. the council met.",
        "It was ranked No. 1 in the U.S. and the U.K. by analysts, e.g. at Barclays, i.e. in London.",
        "The match, Spain vs. the Netherlands, drew fruit, flags, etc. from fans in the stands.",
        "The lawsuit names Edith M. Lederer and John F. Kennedy Jr. as witnesses in the case.",
        "Growth was 2.5 percent, up from 1.9 percent, and version 1.2.3 of the app fixed std.io calls.",
        "Edit config.yaml and then run the tool; the file settings.toml is ignored by default.",
        "She paused... then said she would stay. He waited . . . and left.",
        "Visitors included F. W. de Klerk. de Klerk spoke first.",
        "See the [guide](https://example.com/guide). [release notes](https://example.com/notes) too.",
        "This is handled by the runtime. gofmt then formats it, and rustc builds it.",
        "The rule is explained at https://example.com/rules. the site is down today.",
        "The firm, Smith & Co. of Boston, and Ltd. companies in the U.K. are exempt.",
        "1. the first item is read aloud. 2. the second is not.",
        "Halvorsen Bros. announced the sale to Kline Ltd. of Bristol on Friday.",
        "“Exactly.” She nodded. “Yes.” Then she left.",
        "The ship sailed from St. Petersburg, Fla. in the morning, and Gov. Ruiz was aboard.",
        "The storm dropped 10 in. of rain on Msgr. Okoye’s parish, Fr. Diaz said.",
    ],
)
def test_stray_period_silent_on_clean_copy(lint, text):
    assert only(lint(text, "story.md", select=["NL301"]), "NL301") == []


def test_stray_period_silent_in_code_and_urls(lint):
    text = (
        "Run `make all. then install` and open <https://example.com/a. of-b> first.\n\n"
        "```\nThe end. of code. the rest\n```\n\n"
        "Visit www.example.org/path. It works.\n"
    )
    assert only(lint(text, "story.md", select=["NL301"]), "NL301") == []


def test_stray_period_respects_writers_who_start_sentences_in_lowercase(lint):
    # Chat-style copy: lowercase starts are the writer's habit, not damage...
    chat = (
        "we met on friday. the team agreed to ship. i think we are close. "
        "but the docs need work. the plan is on the wiki."
    )
    assert only(lint(chat, "notes.md", select=["NL301"]), "NL301") == []
    # ...but a continuation no sentence starts with is still a stray period.
    chat2 = chat + " we spoke to the head. of the docs team."
    found = only(lint(chat2, "notes.md", select=["NL301"]), "NL301")
    assert [(f.line, f.column) for f in found] == [where(chat2, "head.", 4)]


# -- NL302 fragment ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, marker",
    [
        (
            "The coalition rejected the plan, the group said. Mexico. the delegation walked out.",
            "Mexico.",
        ),
        ("It was signed by the Red Cross. statement. The agency confirmed it.", "statement."),
        ("The board met on Friday. decision pending. Members left at noon.", "decision pending."),
        ("He said the vote would go ahead. Ghana Airways. of Accra objected.", "Ghana Airways."),
    ],
)
def test_fragment_fires_on_the_fragment(lint, text, marker):
    found = only(lint(text, "story.txt", select=["NL302"]), "NL302")
    assert [(f.line, f.column, f.end_column) for f in found] == [
        (*where(text, marker), where(text, marker)[1] + len(marker))
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Was the vote close? Exactly. The motion passed. Yes. It was unanimous.",
        "“Never,” she said. “Not while I am mayor.”",
        "“Never.” She said it twice. Agreed. The council moved on.",
        "The firm, based in the U.S. and the U.K. now, said so.",
        "Shares of Acme Inc. rose. Others fell.",
        "It ended badly. Again. The team flew home.",
        "Who won? the Tigers. The final was in Lima.",  # after a question mark: not between periods
    ],
)
def test_fragment_silent_on_clean_copy(lint, text):
    assert only(lint(text, "story.txt", select=["NL302"]), "NL302") == []


# -- NL303 quotation marks ---------------------------------------------------------------


def test_flipped_opening_mark_closed_by_single_quote(lint):
    text = "Officials praised the use of ” vocational centres’ once touted by the ministry.\n"
    (f,) = only(lint(text, "story.md", select=["NL303"]), "NL303")
    assert (f.line, f.column) == where(text, "”")
    assert f.end_column == where(text, "centres’", len("centres’"))[1]
    fixed, _ = apply_fixes(text, [f], unsafe=True)
    assert "use of “vocational centres” once" in fixed


@pytest.mark.parametrize(
    "text, marker, k, fragment",
    [
        # closing mark used to open
        ("The minister called it ”a disgrace,” aides said.", "”a", 0, "opens a quotation"),
        # opening mark used to close
        ("“We will appeal,“ the lawyer said.", ",“", 1, "closes a quotation"),
        # unclosed, and the next paragraph does not reopen
        (
            "“We will appeal the ruling, the lawyer said.\n\nThe court did not comment.",
            "“We",
            0,
            "not closed",
        ),
        # closing mark with no opening mark
        ("We will appeal,” the lawyer said on Tuesday.", ",”", 1, "no opening mark"),
        # curly opened, straight closed
        ('“We will appeal," the lawyer said.', "“We", 0, "mixed kinds"),
        # left single quote as an apostrophe
        ("Kenya‘s central bank held rates.", "‘s", 0, "apostrophe"),
        # single opening mark closed by a double one
        ("‘We will appeal,” the lawyer said.", "‘We", 0, "mixed kinds"),
        ("Officials praised ’ business centres” once touted.", "’ business", 0, "mixed kinds"),
    ],
)
def test_quotation_mark_defects(lint, text, marker, k, fragment):
    found = only(lint(text, "story.md", select=["NL303"]), "NL303")
    assert [(f.line, f.column) for f in found] == [where(text, marker, k)]
    assert fragment in found[0].message


@pytest.mark.parametrize(
    "text",
    [
        # apostrophes are not quotation marks
        "The company’s shares, popular since the ’90s, rose; rock ’n’ roll fans cheered. It’s ’til dawn.",
        # nested quotes
        "“She told me, ‘I won’t resign,’ and then she resigned,” the aide said.",
        # a quote over several paragraphs: no close at the end, the next reopens
        "“The first thing we did was count the boats.\n\n“Then we counted the people,” he said.",
        # straight quotes are normal copy
        'The sign read "closed" and the owner said "back soon." The 12" pipe burst.',
        # quotation ending in a dash, then attribution
        "“I was going to say—” she began, and stopped.",
        # inch marks
        "They bought a 65” screen and a 40” one.",
        # German quoting is left alone
        "Sie sagte: „Wir bleiben“, und ging.",
        # emphasis and links around quotes in Markdown
        "He called the plan “*reckless*” and linked to “[the report](https://example.com).”",
    ],
)
def test_quotation_marks_silent_on_clean_copy(lint, text):
    assert only(lint(text, "story.md", select=["NL303"]), "NL303") == []


def test_flipped_mark_opening_a_quote_over_paragraphs(lint):
    text = "He recalled the night:\n\n”There were 40 people.\n\n“By the end, they danced.”\n"
    found = only(lint(text, "story.md", select=["NL303"]), "NL303")
    assert [(f.line, f.column) for f in found] == [where(text, "”There")]
    assert "opens a quotation" in found[0].message


def test_quote_closed_by_a_single_quote_after_a_nested_quote(lint):
    text = "“He says ‘last time’ every summer,’ she said. “Then the phone rings.”"
    (f,) = only(lint(text, "story.md", select=["NL303"]), "NL303")
    assert (f.column, f.end_column) == (1, where(text, "summer,’", 8)[1])
    assert "single quote" in f.message


def test_quote_running_over_paragraphs_closed_later_without_reopening(lint):
    # Some writers do not reopen each paragraph of a long quotation; a later paragraph
    # that closes it with no opening mark of its own makes the quotation consistent.
    text = "“We began at dawn.\n\nWe worked until the light was gone.\n\nThen we slept.”\n"
    assert only(lint(text, "story.md", select=["NL303"]), "NL303") == []


# -- NL304 mojibake and entities ---------------------------------------------------------


@pytest.mark.parametrize(
    "text, marker, fixed",
    [
        ("The ministryâ€™s spokesman declined to comment.", "â€™", "The ministry’s spokesman"),
        ("She met the cafÃ© owner in MontrÃ©al on Monday.", "Ã©", "café owner"),
        ("â€œWe are ready,â€ the coach said.", "â€œ", "“We are ready,” the coach"),
    ],
)
def test_mojibake(lint, text, marker, fixed):
    found = only(lint(text, "story.md", select=["NL304"]), "NL304")
    assert (found[0].line, found[0].column) == where(text, marker)
    assert all(f.fix and f.fix.applicability == "unsafe" for f in found)
    out, _ = apply_fixes(text, found, unsafe=True)
    assert fixed in out
    assert "Ã" not in out and "â€" not in out


@pytest.mark.parametrize(
    "path, text, marker, fixed",
    [
        ("story.txt", "The court&#039;s ruling stands.", "&#039;", "The court's ruling"),
        ("story.txt", "Procter &amp; Gamble said it would appeal.", "&amp;", "Procter & Gamble"),
        (
            "story.txt",
            "He called it &quot;absurd&quot; in a letter.",
            "&quot;",
            'called it "absurd"',
        ),
        ("story.md", "The court&#039;s ruling stands.", "&#039;", "The court's ruling"),
        ("story.md", "Procter &amp; Gamble said it would appeal.", "&amp;", "Procter & Gamble"),
        ("story.md", "The mayor&amp;#8217;s office said so.", "&amp;#8217;", "The mayor’s office"),
        (
            "story.md",
            "He called it &quot;absurd&quot; in a letter.",
            "&quot;",
            'called it "absurd"',
        ),
    ],
)
def test_html_entities(lint, path, text, marker, fixed):
    found = only(lint(text, path, select=["NL304"]), "NL304")
    assert (found[0].line, found[0].column) == where(text, marker)
    assert found[0].end_column == found[0].column + len(marker)
    out, _ = apply_fixes(text, found, unsafe=True)
    assert fixed in out


@pytest.mark.parametrize(
    "path, text",
    [
        (
            "story.md",
            "Offices in Zürich, São Paulo, Ñuñoa, Côte d’Ivoire, Øresund and Straße–Allee.",
        ),
        ("story.txt", "Offices in Zürich, São Paulo, Ñuñoa, Łódź and Ærøskøbing."),
        # Markdown escapes that protect markup, and typographic entities
        ("story.md", "Use &lt;T&gt; here &mdash; or the pipe &#124; and &nbsp;spacing&hellip;"),
        ("story.md", "Type a backtick (&#96;) to start code: `&amp;` stays in code."),
        ("story.md", "<p>HTML block with &amp; and &#039; is markup, not prose.</p>\n"),
        ("story.txt", "AT&T and Johnson & Johnson; R&D; a&b; &nope; & alone."),
    ],
)
def test_encoding_damage_silent_on_clean_copy(lint, path, text):
    assert only(lint(text, path, select=["NL304"]), "NL304") == []


# -- NL305 lost apostrophe ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, marker, k, fixed",
    [
        ("Shares of the company s Mexican unit fell.", "company s", 7, "company’s Mexican"),
        ("The minister s office declined to comment.", "minister s", 8, "minister’s office"),
        ("Troops moved into Russia S Far East on Monday.", "Russia S", 6, "Russia’s Far East"),
        (
            "Rights groups criticised China S policies in the region.",
            "China S",
            5,
            "China’s policies",
        ),
        ("The plant isn t closing, managers said.", "isn t", 3, "isn’t closing"),
        ("We don t know yet, the mayor's aide said.", "don t", 3, "don't know"),
        ("Officials said it s too early to tell.", "it s", 2, "it’s too early"),
        ("That s when the crowd left.", "That s", 4, "That’s when"),
    ],
)
def test_lost_apostrophe(lint, text, marker, k, fixed):
    found = only(lint(text, "story.txt", select=["NL305"]), "NL305")
    assert (found[0].line, found[0].column) == where(text, marker, k)
    out, _ = apply_fixes(text, found, unsafe=True)
    assert fixed in out


def test_lost_apostrophe_in_a_title_cased_heading(lint):
    text = "# Rights Report Finds Abuses In China S Xinjiang Region\n\nBody text here.\n"
    (f,) = only(lint(text, "story.md", select=["NL305"]), "NL305")
    assert (f.line, f.column) == where(text, "China S", 5)


@pytest.mark.parametrize(
    "text",
    [
        "Funders signed Plan S in 2018; the Type S engine and the Tesla Model S Plaid sold well.",
        "The S&P 500 rose, and the letter s was printed in bold.",
        "Harry S. Truman met Ulysses S. Grant’s heirs; the Class S shares were issued.",
        "Where s is a string and t is a slice, the loop ends after 5 s of waiting.",
        "S. Korea and the U.S. signed the deal.",
        "The Galaxy S phone and Series S console went on sale.",
        "The presidency of Harry S Truman began in 1945.",
    ],
)
def test_lost_apostrophe_silent_on_clean_copy(lint, text):
    assert only(lint(text, "story.txt", select=["NL305"]), "NL305") == []


# -- the fixtures as whole documents -----------------------------------------------------


def _expected(text: str, spec):
    return sorted((code, *where(text, marker, k)) for code, marker, k in spec)


def test_garbled_markdown_fixture(lint):
    text = (FIXTURES / "punctuation" / "garbled.md").read_text(encoding="utf-8")
    found = codes(lint(text, "garbled.md", select=["NL3"]))
    assert sorted(found) == _expected(
        text,
        [
            ("NL301", "director.", 8),
            ("NL301", "Poland.", 6),
            ("NL302", "Poland.", 0),
            ("NL301", "spokesman.", 9),
            ("NL303", "” temporary", 0),
            ("NL301", "association. statement", 11),
            ("NL302", "statement.", 0),
            ("NL305", "town s", 4),
            ("NL304", "â€™", 0),
            ("NL304", "&amp;amp;", 0),
        ],
    )


def test_garbled_text_fixture(lint):
    text = (FIXTURES / "punctuation" / "garbled.txt").read_text(encoding="utf-8")
    found = codes(lint(text, "garbled.txt", select=["NL3"]))
    assert sorted(found) == _expected(
        text,
        [
            ("NL305", "company s", 7),
            ("NL304", "&#039;", 0),
            ("NL304", "company&#039;", 7),
            ("NL303", "“Never", 0),
            ("NL303", '"We were', 0),
            ("NL303", "”The market", 0),
            ("NL303", "“We don", 0),
            ("NL305", "don t", 3),
            ("NL303", "‘s", 0),
            ("NL305", "Zambia S", 6),
        ],
    )


@pytest.mark.parametrize("name", ["wildfire.txt", "wildfire.md"])
def test_wildfire_fixture_in_both_file_types(lint, name):
    text = (FIXTURES / "punctuation" / "wildfire.txt").read_text(encoding="utf-8")
    found = codes(lint(text, name, select=["NL3"]))
    assert sorted(found) == sorted(
        [("NL304", *where(text, "â€™", 0, nth=1))]
        + _expected(
            text,
            [
                ("NL305", "region s", 6),
                ("NL301", "prefect.", 7),
                ("NL301", "motorway.", 8),
                ("NL301", "firefighters.", 12),
                ("NL303", "“We have", 0),
                ("NL303", "”The wind", 0),
                ("NL305", "That s", 4),
                ("NL304", "â€™", 0),
                ("NL304", "&amp;", 0),
                ("NL305", "France S", 6),
                ("NL302", "President.", 0),
                ("NL301", "President.", 9),
            ],
        )
    )


def test_front_matter_is_not_prose(lint):
    text = (
        '---\ntitle: "China S Xinjiang. the &amp; ” report’"\nauthor: "A. B."\n---\n\nClean body.\n'
    )
    assert codes(lint(text, "story.md", select=["NL3"])) == []


# -- the reference article ---------------------------------------------------------------

SEED_SPANS = {  # DEFECTS.md, body of line 1 (inclusive columns)
    "secretary-general. of": (1593, 1613),
    "International. statement.": (1623, 1647),
    "her letter said. China. the": (4653, 4679),
    "” business centers’": (3906, 3924),
}


@pytest.mark.parametrize("name", ["un-report.md", "un-report.txt"])
def test_seed_body_defects(lint, seed_text, name):
    found = [f for f in lint(seed_text, name, select=["NL3"]) if f.code.startswith("NL3")]
    got = sorted((f.code, f.line, f.column, f.end_column) for f in found)
    line1 = seed_text.split("\n", 1)[0]

    def col(s, k=0):
        return line1.index(s) + k + 1

    assert got == sorted(
        [
            ("NL301", 1, col("secretary-general.", 17), col("secretary-general.", 18)),
            ("NL301", 1, col("International.", 13), col("International.", 14)),
            ("NL302", 1, col("statement."), col("statement.", 10)),
            ("NL302", 1, col("China. the"), col("China. the", 6)),
            ("NL301", 1, col("China. the", 5), col("China. the", 6)),
            ("NL303", 1, col("” business"), col("centers’", 8)),
        ]
    )
    # Every finding lies inside a span DEFECTS.md lists; the copies (lines 4, 7, 10)
    # are left to the duplicate-block finding.
    for f in found:
        assert any(a <= f.column and f.end_column - 1 <= b for a, b in SEED_SPANS.values()), f
    assert {f.line for f in found} == {1}
    for marker, (a, b) in SEED_SPANS.items():
        assert line1[a - 1 : b] == marker


# -- documentation -----------------------------------------------------------------------


@pytest.mark.parametrize("code", ["NL301", "NL302", "NL303", "NL304", "NL305"])
def test_rule_explains_itself(run_cli, code):
    proc = run_cli("rule", code)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode("utf-8")
    for section in ("What it does", "Why it matters", "Bad:", "Good:", "Fix"):
        assert section in out, (code, section)


# -- fast regex forms match exactly what the plain forms match --------------------------------

_PERIOD_PIECES = [
    ".",
    "..",
    " ",
    "  ",
    "\n",
    "\t",
    "\r\n",
    "a",
    "of",
    "the",
    "China",
    "U.S",
    "e.g",
    "International",
    "statement",
    "Yes",
    "x-y",
    "it's",
    "don\u2019t",
    ",",
    ";",
    "!",
    "?",
    "\u2026",
    "9",
    "\ufffc",
    "A",
]


def _random_texts(n: int = 3000):
    import random

    rng = random.Random(11)
    words = [p for p in _PERIOD_PIECES if p[0].isalnum()]
    gaps = [". ", ".\n", ". ", " ", " ", "  ", ".", ",", "\t", ".  "]
    for _ in range(n):
        yield "".join(rng.choice(_PERIOD_PIECES) for _ in range(rng.randint(0, 30)))
        # words and gaps in turn: more periods between short runs of words
        yield "".join(rng.choice(words) + rng.choice(gaps) for _ in range(rng.randint(0, 12)))
    yield "The letter said. China. the mission. Chile. a b. c d. e f.\nYes. no. Maybe."
    yield "director. of the office. statement. International. statement. the end."


def test_stray_period_regex_is_the_look_behind_first_form():
    import re

    from newslint.checks import punctuation

    plain = re.compile(r"(?<=\S)\.(?=[ \t\r\n]+(?P<word>[a-z][a-z'\u2019-]*)(?P<after>[^\s]?))")
    for text in _random_texts():
        fast = [(m.span(), m.groupdict()) for m in punctuation._STRAY_PERIOD.finditer(text)]
        assert fast == [(m.span(), m.groupdict()) for m in plain.finditer(text)], text


def test_fragments_are_finditer():
    from newslint.checks import punctuation

    found = 0
    for text in _random_texts():
        fast = [(m.span(), m.groupdict()) for m in punctuation._fragments(text)]
        plain = [(m.span(), m.groupdict()) for m in punctuation._FRAGMENT.finditer(text)]
        assert fast == plain, text
        found += len(plain)
    assert found > 100


def test_quote_and_mojibake_prefilters_match_the_patterns():
    """The substring tests for German and French quoting find what the class finds,
    and the Latin-1 prefilter for mojibake never hides a text ``_MOJIBAKE_HINT`` finds,
    on random text mixing ASCII, Latin-1, curly quotes, other scripts and emoji."""
    import random
    import re

    from newslint.checks import punctuation

    skip_quotes = re.compile("[\u201e\u00ab\u00bb\u201a\u2039\u203a]")  # the plain form
    rnd = random.Random(12)
    alphabet = list("ab .,\"'") + ["\u201c", "\u201d", "\u2019", "\u2014", "\u00a0", "\u00e9"]
    alphabet += ["\u00c1", "\u00c2", "\u00f4", "\u00f5", "\u00ff", "\u0100", "\u00e2\u20ac\u2122"]
    alphabet += ["\u201e", "\u00ab", "\u00bb", "\u201a", "\u2039", "\u203a", "\u4e2d", "\U0001f600"]
    hinted = skipped = 0
    for _ in range(20000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12)))
        skip = skip_quotes.search(text) is not None
        assert punctuation._german_or_french_quotes(text) == skip, repr(text)
        hint = not text.isascii() and punctuation._MOJIBAKE_HINT.search(text) is not None
        assert punctuation._may_have_mojibake(text) == hint, repr(text)
        hinted += hint
        skipped += skip
    assert hinted > 2000 and skipped > 2000
