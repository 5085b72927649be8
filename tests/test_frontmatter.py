"""NL1xx front-matter rules: clean front matter stays silent, broken front matter is
reported at the exact line and column, and ``--fix`` repairs it without losing text."""

from __future__ import annotations

import json
import re
import shutil
import time

import pytest
import yaml
from conftest import FIXTURES

FM = FIXTURES / "frontmatter"


def where(findings, code=None):
    """(code, line, column, end_line, end_column) of findings, optionally of one code."""
    return [
        (f.code, f.line, f.column, f.end_line, f.end_column)
        for f in findings
        if code is None or f.code == code
    ]


def lint_fixture(lint, name, **kw):
    path = FM / name
    return lint(path.read_text(encoding="utf-8"), path=str(path), select=["NL1"], **kw)


# -- clean front matter: silent ---------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "hugo-yaml-clean.md",  # block scalars, lists, offsets, curly quotes inside values, hr, code
        "jekyll-clean.md",  # space before time, -0500 offset, flow list, byline, Liquid tag
        "zola-clean.md",  # TOML tables, inline tables, arrays, datetimes, multi-line string
        "hugo-json-clean.md",  # Hugo JSON front matter
        "plain-article.txt",  # no front matter at all: "By Jane Doe", "Source: ..." lines
        "redirect-stub.md",  # no title, no date, no body
        "_posts/2021-05-04-council-vote.md",  # Jekyll: the date is in the file name
    ],
)
def test_clean_front_matter_is_silent(lint, name):
    assert where(lint_fixture(lint, name)) == []


def test_horizontal_rule_at_top_is_not_front_matter(lint):
    text = "---\n\nA thematic break opens this page.\n\n---\n\nAnd another closes the intro.\n"
    assert where(lint(text, select=["NL1"])) == []


def test_single_metadata_like_line_in_body_is_not_metadata(lint):
    text = "The mayor spoke first.\n\nTitle: not a key, a label in the prose.\n\nBy Jane Doe\n"
    assert where(lint(text, path="a.txt", select=["NL1"])) == []


def test_indented_code_with_metadata_is_not_metadata(lint):
    text = (
        "An example config:\n\n    title: Example\n    date: 2024-01-01\n    author: Me\n\nDone.\n"
    )
    assert where(lint(text, select=["NL1"])) == []


@pytest.mark.parametrize(
    "wrapper",
    [
        "<pre>\n{}\n</pre>",
        "<!--\n{}\n-->",
        "{{{{< highlight yaml >}}}}\n{}\n{{{{< /highlight >}}}}",
        "{{% highlight yaml %}}\n{}\n{{% endhighlight %}}",
        "````md\n```\n{}\n```\n````",
    ],
)
def test_metadata_examples_inside_code_or_markup_are_not_metadata(lint, wrapper):
    example = "title: Example post\ndate: 2024-01-01\nauthor: Someone"
    text = "How to write front matter:\n\n" + wrapper.format(example) + "\n\nThat is all.\n"
    assert where(lint(text, select=["NL1"])) == []


@pytest.mark.parametrize(
    ("path", "extra"),
    [
        ("content/about.md", ""),
        ("content/contact/index.md", ""),
        ("content/team-page.md", "menu: main\n"),
        ("content/colophon-page.md", "layout: page\n"),
    ],
)
def test_static_pages_need_no_date(lint, path, extra):
    text = f"---\ntitle: About us\n{extra}---\n\nWe are a small newsroom in Leeds covering local politics.\n"
    assert where(lint(text, path=path, select=["NL107"])) == []
    # An article in a posts folder does.
    assert [
        c
        for c, *_ in where(
            lint(text.replace(extra, ""), path="content/posts/x.md", select=["NL107"])
        )
    ] == ["NL107"]


def test_clean_corpus_has_no_front_matter_findings(lint, shared_dir):
    corpus = shared_dir / "corpus"
    if not corpus.is_dir():
        pytest.skip(f"{corpus} is absent")
    files = sorted(corpus.rglob("*.md"))
    assert len(files) > 100
    from newslint.engine import Linter

    linter = Linter(isolated=True, select=["NL1"])
    found = []
    for path in files:
        found += [
            (str(path), f.code, f.line, f.message)
            for f in linter.lint_text(path.read_text(encoding="utf-8"), str(path))
        ]
    assert found == []


# -- the reference article ---------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_seed_front_matter_defects(lint, seed_text, suffix):
    found = lint(seed_text, path="un-report" + suffix, select=["NL1"])
    # Unfenced blocks at lines 3, 6, 9; the first after body text, the others repeats.
    lines = seed_text.splitlines()
    assert where(found, "NL101") == [("NL101", n, 1, n, len(lines[n - 1]) + 1) for n in (3, 6, 9)]
    assert [(c, ln, col) for c, ln, col, _, _ in where(found, "NL102")] == [
        ("NL102", 3, 1),
        ("NL102", 6, 1),
        ("NL102", 9, 1),
    ]
    # Four keys run together: reported from the second key (ShowToc, column 80).
    assert [(ln, col) for _, ln, col, _, _ in where(found, "NL104")] == [(3, 80), (6, 80), (9, 80)]
    # Curly quotes around title, date and author on each line.
    assert [(ln, col) for _, ln, col, _, _ in where(found, "NL105")] == [
        (ln, col) for ln in (3, 6, 9) for col in (8, 100, 121)
    ]
    # Lines 6 and 9 contradict line 3's date and author; related location: line 3.
    nl109 = [f for f in found if f.code == "NL109"]
    assert [(f.line, f.column) for f in nl109] == [(6, 94), (6, 113), (9, 94), (9, 113)]
    assert all(f.related and f.related[0].line == 3 for f in nl109)
    assert "2022-12-09" in nl109[0].message and "2022-11-03" in nl109[0].message
    # Title garbles, once (at the first block): Un (9-10), China S Xinjiang (56-71), Klmat (73-77).
    assert where(found, "NL110") == [
        ("NL110", 3, 9, 3, 11),
        ("NL110", 3, 56, 3, 72),
        ("NL110", 3, 73, 3, 78),
    ]
    # Dates are valid, title and date present, no empty value, no parse error.
    assert where(found, "NL103") == where(found, "NL107") == where(found, "NL108") == []
    assert where(found, "NL111") == []


def test_seed_fix_with_the_real_cli(tmp_path, shared_dir, run_cli):
    seed = shared_dir / "seed" / "un-report-garbled.txt"
    if not seed.is_file():
        pytest.skip(f"{seed} is absent")
    copy = tmp_path / "un-report.md"
    shutil.copyfile(seed, copy)
    original = copy.read_text(encoding="utf-8")

    # The repair drops disagreeing values: unsafe, so plain --fix leaves the file alone.
    run_cli("--isolated", "--select", "NL1", "--fix", str(copy))
    assert copy.read_text(encoding="utf-8") == original

    # --diff shows the rewrite without writing.
    diff = run_cli("--isolated", "--select", "NL1", "--diff", "--unsafe-fixes", str(copy))
    out = diff.stdout.decode("utf-8")
    assert '+title: "Un Reports Possible Crimes Against Humanity In China S Xinjiang Klmat"' in out
    assert copy.read_text(encoding="utf-8") == original

    run_cli("--isolated", "--select", "NL1", "--fix", "--unsafe-fixes", str(copy))
    fixed = copy.read_text(encoding="utf-8")
    lines = fixed.splitlines()
    assert lines[0] == "---"
    end = lines.index("---", 1)
    header = lines[1:end]
    assert header == [
        'title: "Un Reports Possible Crimes Against Humanity In China S Xinjiang Klmat"',
        "ShowToc: true",
        'date: "2022-12-09"',
        'author: "William Philbrook"',
    ]
    data = yaml.safe_load("\n".join(header))
    assert data == {
        "title": "Un Reports Possible Crimes Against Humanity In China S Xinjiang Klmat",
        "ShowToc": True,
        "date": "2022-12-09",
        "author": "William Philbrook",
    }
    # No body text lost: every non-metadata line is still there, in order.
    body = [ln for i, ln in enumerate(original.splitlines(), 1) if i not in (3, 6, 9)]
    assert lines[end + 1 :] == body

    res = run_cli("--isolated", "--select", "NL1", "--format", "json", "--exit-zero", str(copy))
    codes = {f["code"] for f in json.loads(res.stdout)}
    assert not codes & {"NL101", "NL102", "NL104", "NL105", "NL109"}
    assert codes == {"NL110"}  # the garbled title is for a person to repair


def test_seed_fix_message_names_dropped_values(lint, seed_text):
    f = next(f for f in lint(seed_text, path="a.txt", select=["NL101"]) if f.line == 3)
    assert f.fix.applicability == "unsafe"
    for dropped in ("2022-11-03", "Erlinda Young", "2022-11-17", "David Gant"):
        assert dropped in f.fix.message


# -- our own garbled copy (other names, places, dates) -----------------------------------


def test_pasted_metadata_in_plain_text(lint):
    found = lint_fixture(lint, "pasted-metadata.txt")
    assert [(c, ln, col) for c, ln, col, _, _ in where(found, "NL101")] == [
        ("NL101", 3, 1),
        ("NL101", 6, 1),
    ]
    assert [(ln, col) for _, ln, col, _, _ in where(found, "NL104")] == [(3, 64), (6, 64)]
    assert where(found, "NL110") == [
        ("NL110", 3, 9, 3, 11),  # Eu -> EU
        ("NL110", 3, 34, 3, 49),  # Spain S Fishing -> Spain's
        ("NL110", 3, 57, 3, 62),  # Qrbvt
    ]
    assert [(f.line, f.column, f.related[0].line) for f in found if f.code == "NL109"] == [
        (6, 77, 3),
        (6, 96, 3),
    ]


def test_unfenced_front_matter_at_top(lint):
    found = lint_fixture(lint, "unfenced-top.md")
    assert where(found) == [("NL101", 1, 1, 1, 51)]
    assert found[0].fix.applicability == "safe"


def test_fenced_block_in_mid_file(lint):
    found = lint_fixture(lint, "midfile-block.md")
    assert where(found) == [("NL102", 9, 1, 9, 40), ("NL109", 10, 1, 10, 17)]
    nl109 = found[1]
    assert nl109.related[0].line == 3
    assert nl109.fix.applicability == "unsafe"
    assert "date 2024-02-20 (line 10)" in nl109.fix.message


# -- syntax: NL103 at the parser's position --------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("yaml-syntax-error.md", ("NL103", 4, 7)),  # the flow list opened here is never closed
        ("yaml-unclosed.md", ("NL103", 1, 1)),
        ("toml-syntax-error.md", ("NL103", 2, 30)),  # unterminated string
        ("json-syntax-error.md", ("NL103", 4, 1)),  # trailing comma before }
        ("alias-bomb.md", ("NL103", 2, 1)),
    ],
)
def test_parse_errors_at_parser_position(lint, name, expected):
    found = lint_fixture(lint, name)
    assert [(c, ln, col) for c, ln, col, _, _ in where(found)] == [expected]


def test_alias_bomb_is_a_finding_not_a_hang(lint):
    start = time.perf_counter()
    found = lint_fixture(lint, "alias-bomb.md")
    assert time.perf_counter() - start < 2.0
    assert "alias" in found[0].message


def test_front_matter_over_max_size_is_not_parsed(lint):
    text = "---\ntitle: Big\ndate: 2024-01-01\nnotes: " + "x" * 5000 + "\n---\nBody.\n"
    found = lint(text, select=["NL1"], options={"front-matter": {"max-size": 1000}})
    assert [(c, ln, col) for c, ln, col, _, _ in where(found)] == [("NL103", 1, 1)]
    assert "max-size" in found[0].message


def test_run_together_keys_in_fenced_yaml(lint):
    found = lint_fixture(lint, "run-together.md")
    # NL104 explains the YAML error; no separate NL103.
    assert where(found) == [("NL104", 2, 31, 2, 61)]


# -- keys and values -----------------------------------------------------------------------


def test_curly_quote_delimiters(lint):
    found = lint_fixture(lint, "curly-delimiters.md")
    # title and date are delimited by curly quotes; the summary only quotes a phrase.
    assert where(found) == [("NL105", 2, 8, 2, 30), ("NL105", 3, 7, 3, 19)]
    assert found[0].fix.applicability == "safe"


def test_duplicate_keys_yaml_and_toml(lint):
    assert [
        (f.code, f.line, f.column, f.related[0].line)
        for f in lint_fixture(lint, "duplicate-key.md")
    ] == [("NL106", 4, 1, 2)]
    assert [
        (f.code, f.line, f.column, f.related[0].line)
        for f in lint_fixture(lint, "duplicate-key-toml.md")
    ] == [("NL106", 4, 1, 2)]


def test_missing_required_key(lint):
    assert where(lint_fixture(lint, "missing-date.md")) == [("NL107", 1, 1, 1, 4)]
    found = lint_fixture(
        lint, "missing-date.md", options={"front-matter": {"required": ["title", "author"]}}
    )
    assert where(found) == []
    found = lint_fixture(
        lint,
        "hugo-json-clean.md",
        options={"front-matter": {"required": ["title", "date", "author"]}},
    )
    assert [(f.code, f.line, "author" in f.message) for f in found] == [("NL107", 1, True)]


def test_required_keys_not_checked_without_front_matter_unless_configured(lint):
    assert where(lint_fixture(lint, "plain-article.txt")) == []
    found = lint_fixture(
        lint, "plain-article.txt", options={"front-matter": {"require-front-matter": True}}
    )
    assert where(found) == [("NL107", 1, 1, 1, 12)]


def test_zola_date_in_path_satisfies_date(lint):
    text = '+++\npath = "2024/05/06/ferry"\ntitle = "Ferry Returns"\n+++\n\nThe ferry is back.\n'
    assert where(lint(text, select=["NL1"])) == []


def test_invalid_dates(lint):
    assert where(lint_fixture(lint, "bad-dates.md")) == [
        ("NL108", 3, 7, 3, 17),  # 2024-13-45
        ("NL108", 4, 10, 4, 29),  # 2020-08-31-20-01-53
        ("NL108", 5, 14, 5, 24),  # 2023-02-29: not a leap year
    ]


@pytest.mark.parametrize(
    "value",
    [
        "2024-03-02",
        '"2024-03-02"',
        "2024-03-02T10:15:00Z",
        "2024-03-02T10:15:00.123456+01:00",
        "2024-03-02 10:15:00 +0100",
        "'2024-03-02 10:15'",
        "2024-02-29",
        "2024-4-9",
    ],
)
def test_valid_dates_are_silent(lint, value):
    text = f"---\ntitle: A\ndate: {value}\n---\n\nBody.\n"
    assert where(lint(text, select=["NL108"])) == []


def test_configured_date_format(lint):
    text = "---\ntitle: A\ndate: 02/03/2024\n---\n\nBody.\n"
    assert [c for c, *_ in where(lint(text, select=["NL108"]))] == ["NL108"]
    opts = {"front-matter": {"date-formats": ["iso8601", "%d/%m/%Y"]}}
    assert where(lint(text, select=["NL108"], options=opts)) == []


def test_empty_values(lint):
    # description: may be empty; title and author may not.
    assert where(lint_fixture(lint, "empty-values.md")) == [
        ("NL111", 2, 1, 2, 6),
        ("NL111", 4, 1, 4, 7),
    ]


def test_known_keys_config_widens_metadata_detection(lint):
    text = "Body first.\n\ndesk: Metro\nwire: AFP\n"
    assert where(lint(text, path="a.txt", select=["NL101"])) == []
    found = lint(
        text,
        path="a.txt",
        select=["NL101"],
        options={"front-matter": {"known-keys": ["desk", "wire"]}},
    )
    assert where(found) == [("NL101", 3, 1, 3, 12)]


# -- NL110 needs evidence ------------------------------------------------------------------


def test_title_garbles_need_body_evidence(lint):
    body = (
        "The Model S sedan was recalled on Monday. Regulators said the Model S had a fault "
        "in its seat belts, and the company said owners would be contacted by letter within "
        "two weeks. No injuries were reported, and the fix takes about an hour."
    )
    # "Model S" is a name (the body writes it so); "Recall" is a word.
    text = f'---\ntitle: "Model S Sedan Recalled Over Belts"\ndate: 2024-01-01\n---\n\n{body}\n'
    assert where(lint(text, select=["NL110"])) == []
    # "Us" in a title is a word when the body writes "us" in lower case.
    body2 = body + " \u201cThey told us nothing,\u201d one owner said. The US agency agreed."
    text2 = f'---\ntitle: "They Told Us Nothing"\ndate: 2024-01-01\n---\n\n{body2}\n'
    assert where(lint(text2, select=["NL110"])) == []


def test_title_garbles_in_fenced_toml(lint):
    body = (
        "NATO ministers met in Vilnius on Thursday. Lithuania\u2019s defence minister said "
        "the alliance would station more troops in the Baltic states, and NATO officials "
        "confirmed the plan would be approved at the summit next month in Washington."
    )
    text = f'+++\ntitle = "Nato Expands Lithuania S Garrison Vrtklp"\ndate = 2024-01-01\n+++\n\n{body}\n'
    assert where(lint(text, select=["NL110"])) == [
        ("NL110", 2, 10, 2, 14),
        ("NL110", 2, 23, 2, 43),
        ("NL110", 2, 44, 2, 50),
    ]


# -- fixes ---------------------------------------------------------------------------------


def _fix(lint, text, path="article.md", unsafe=True, rounds=5):
    from newslint.fixes import apply_fixes

    for _ in range(rounds):
        found = lint(text, path=path, select=["NL1"])
        text, n = apply_fixes(text, found, unsafe=unsafe)
        if not n:
            break
    return text


@pytest.mark.parametrize(
    "name",
    [
        "unfenced-top.md",
        "run-together.md",
        "curly-delimiters.md",
        "yaml-unclosed.md",
        "crlf-curly.md",
    ],
)
def test_safe_fixes_leave_valid_yaml_and_keep_the_body(lint, name):
    text = (FM / name).read_text(encoding="utf-8")
    fixed = _fix(lint, text, unsafe=False)
    assert fixed != text
    assert fixed.startswith("---")
    head, _, body = fixed[3:].partition("\n---")
    data = yaml.safe_load(head)
    assert isinstance(data, dict) and data.get("title")
    assert not any(
        isinstance(v, str) and v[:1] == "\u201c" and v[-1:] == "\u201d" for v in data.values()
    )
    assert where(lint(fixed, select=["NL101", "NL102", "NL103", "NL104", "NL105"])) == []
    # The prose is still there.
    last_line = text.rstrip().splitlines()[-1]
    assert last_line in fixed


def test_crlf_fix_keeps_line_endings(lint):
    text = (FM / "crlf-curly.md").read_bytes().decode("utf-8")
    fixed = _fix(lint, text)
    assert 'title: "Crlf Line Endings"\r\n' in fixed


def test_fix_merges_stray_yaml_into_toml_front_matter(lint):
    text = (
        '+++\ntitle = "Ferry Returns"\ndate = 2024-05-06\n\n[extra]\nrelease = true\n+++\n\n'
        "The ferry is back after a month.\n\ntitle: Ferry Returns\nauthor: Ana Lima\n"
    )
    fixed = _fix(lint, text)
    import tomllib

    head = fixed.split("+++")[1]
    data = tomllib.loads(head)
    assert data["author"] == "Ana Lima" and data["extra"] == {"release": True}
    assert fixed.rstrip().endswith("The ferry is back after a month.")


def test_curly_fix_escapes_inner_double_quotes(lint):
    text = '---\ntitle: \u201cThe "Go" Way\u201d\ndate: 2024-01-01\n---\n\nBody.\n'
    fixed = _fix(lint, text, unsafe=False)
    assert yaml.safe_load(fixed.split("---")[1])["title"] == 'The "Go" Way'


# -- configuration and documentation -----------------------------------------------------


def test_config_file_section(tmp_path, run_cli):
    (tmp_path / "newslint.toml").write_text(
        '[front-matter]\nrequired = ["title", "date", "author"]\n'
    )
    art = tmp_path / "a.md"
    art.write_text("---\ntitle: A\ndate: 2024-01-01\n---\n\nBody text here.\n")
    res = run_cli("--select", "NL107", "--format", "json", str(art), cwd=tmp_path)
    found = json.loads(res.stdout)
    assert [(f["code"], f["line"]) for f in found] == [("NL107", 1)]
    assert "author" in found[0]["message"]
    (tmp_path / "newslint.toml").write_text("[front-matter]\nrequired = 3\n")
    bad = run_cli("--select", "NL107", str(art), cwd=tmp_path)
    assert bad.returncode == 2


def test_every_rule_documents_bad_and_good(lint):
    from newslint.checks.frontmatter import RULES

    assert [r.code for r in RULES] == [f"NL1{n:02d}" for n in range(1, 12)]
    for cls in RULES:
        doc = cls.__doc__ or ""
        assert "**Bad**" in doc and "**Good**" in doc, cls.code


# -- half fences and blank lines before the block ------------------------------------------

PROSE = "The council approved the budget on Monday after a four-hour debate.\n"


def test_front_matter_not_on_line_one(lint):
    text = "\n---\ntitle: Budget Approved\ndate: 2024-01-08\n---\n\n" + PROSE
    found = lint(text, select=["NL1"])
    assert where(found) == [("NL102", 2, 1, 2, 4)]
    fixed = _fix(lint, text, unsafe=False)
    assert fixed.startswith("---\ntitle: Budget Approved\n")
    assert fixed.rstrip().endswith(PROSE.strip())


def test_missing_opening_fence(lint):
    text = "title: Budget Approved\ndate: 2024-01-08\n---\n\n" + PROSE
    found = lint(text, select=["NL1"])
    assert where(found) == [("NL101", 1, 1, 1, 23)]
    assert "opening" in found[0].message


def test_metadata_at_end_of_file_is_moved_without_leaving_blank_lines(lint):
    text = PROSE + "\ntitle: Budget Approved\ndate: 2024-01-08\n"
    found = lint(text, path="a.txt", select=["NL1"])
    assert [(c, ln) for c, ln, *_ in where(found)] == [("NL101", 3), ("NL102", 3)]
    fixed = _fix(lint, text, path="a.txt", unsafe=False)
    assert fixed == "---\ntitle: Budget Approved\ndate: 2024-01-08\n---\n" + PROSE


def test_toml_table_names_count_as_keys(lint):
    text = '+++\ntitle = "About the desk"\n[menu.main]\nweight = 3\n+++\n\n' + PROSE
    assert where(lint(text, path="content/desk.md", select=["NL1"])) == []


def test_title_from_first_heading(lint):
    text = (
        '+++\ndate = "2016-02-29 19:00:00+01:00"\ntags = ["example"]\n+++\n\n# Budget Approved\n\n'
        + PROSE
    )
    assert where(lint(text, select=["NL1"])) == []
    assert [c for c, *_ in where(lint(text.replace("# Budget", "Budget"), select=["NL1"]))] == [
        "NL107"
    ]


def test_readme_documenting_front_matter_is_silent(lint):
    text = "Every post begins with this header:\n\n---\nlayout: post\ntitle: title in quotes\ndate: YYYY-MM-DD\n---\n"
    assert where(lint(text, path="README.md", select=["NL1"])) == []
    # The same block pasted into an article is misplaced front matter.
    assert [c for c, *_ in where(lint(text, path="content/post.md", select=["NL1"]))] == [
        "NL102",
        "NL108",
    ]


@pytest.mark.parametrize(
    ("title", "span"),
    [
        ("Why We Re Still Waiting For Trains", (13, 18)),  # We’re
        ("Don T Miss The Harbour Festival", (9, 14)),  # Don’t
        ("It S Raining Again In Leeds", (9, 13)),  # It’s
    ],
)
def test_split_contractions_in_titles(lint, title, span):
    body = " ".join(
        ["The council met on Monday to discuss the budget and the new cycle lanes."] * 4
    )
    text = f'---\ntitle: "{title}"\ndate: 2024-01-01\n---\n\n{body}\n'
    assert where(lint(text, select=["NL110"])) == [("NL110", 2, span[0], 2, span[1])]


def test_titles_with_real_short_words_are_silent(lint):
    body = " ".join(
        ["The council met on Monday to discuss the budget and the new cycle lanes."] * 4
    )
    for title in ("We Rebuild Homes After The Flood", "Its Time Has Come", "Plan S Gains Support"):
        text = f'---\ntitle: "{title}"\ndate: 2024-01-01\n---\n\n{body}\n'
        assert where(lint(text, select=["NL110"])) == [], title


@pytest.mark.parametrize(
    "text",
    [
        # a book box in a review
        PROSE + "\nTitle: The Salt Road\nAuthor: Mira Holt\nPublisher: Faber\n",
        # Pelican / MultiMarkdown metadata: capitalised labels at the top, by design
        "Title: My super title\nDate: 2010-12-03 10:20\nCategory: Python\n\n" + PROSE,
    ],
)
def test_capitalised_label_lists_are_not_stray_front_matter(lint, text):
    assert where(lint(text, select=["NL1"])) == []


def test_lowercase_or_quoted_labels_are_stray_front_matter(lint):
    for text in (
        PROSE + "\ntitle: The Salt Road\nauthor: Mira Holt\n",
        PROSE + "\nTitle: \u201cThe Salt Road\u201d\nAuthor: Mira Holt\n",
    ):
        assert [(c, ln) for c, ln, *_ in where(lint(text, select=["NL101", "NL102"]))] == [
            ("NL101", 3),
            ("NL102", 3),
        ]


def test_capitalised_site_keys_in_the_body_are_stray_front_matter(lint):
    text = PROSE + "\nTitle: Budget Approved\nDate: 2024-01-08\nTags: council, budget\n"
    assert [(c, ln) for c, ln, *_ in where(lint(text, select=["NL101", "NL102"]))] == [
        ("NL101", 3),
        ("NL102", 3),
    ]


def test_lost_closing_fence_before_a_thematic_break(lint):
    text = (
        "---\ntitle: Storm Closes Schools\ndate: 2024-01-15\n\n"
        "Schools across the county closed on Monday as the storm hit.\n\n---\n\nMore text follows.\n"
    )
    found = lint(text, select=["NL1"])
    assert where(found) == [("NL103", 1, 1, 1, 4)]
    assert "never closed" in found[0].message
    # The paragraph is prose again, not front matter.
    from newslint.document import Document

    assert Document(text, "a.md").blocks[0].text.startswith("Schools across")
    fixed = _fix(lint, text, unsafe=False)
    assert fixed.startswith("---\ntitle: Storm Closes Schools\ndate: 2024-01-15\n---\n")
    assert "More text follows." in fixed


def test_run_together_toml_is_rewritten_as_yaml(lint):
    text = (
        '+++\ntitle = "Storm" date = 2024-01-15 tags = ["snow", "schools"]\ndraft = false\n+++\n\n'
        + PROSE
    )
    found = lint(text, select=["NL1"])
    # NL104 explains the TOML error (no NL103); the keys are read, so no NL107.
    assert where(found) == [("NL104", 2, 17, 2, 61)]
    fixed = _fix(lint, text, unsafe=False)
    head = fixed.split("---\n")[1]
    assert yaml.safe_load(head) == {
        "title": "Storm",
        "date": __import__("datetime").date(2024, 1, 15),
        "tags": ["snow", "schools"],
        "draft": False,
    }
    assert fixed.endswith(PROSE)


def test_bad_toml_date_is_one_finding(lint):
    text = '+++\ntitle = "Storm"\ndate = 2024-13-45\n+++\n\n' + PROSE
    assert where(lint(text, select=["NL1"])) == [("NL108", 3, 8, 3, 18)]


WHO_BODY = (
    "The World Health Organization warned on Friday that cholera was spreading in northern "
    "Nigeria, where officials who visited the camps said clean water had run out. WHO said "
    "Nigeria\u2019s health ministry had asked for help, and WHO teams arrived in Maiduguri on "
    "Thursday. Doctors who work in the region said cases had doubled in a week."
)


def test_acronym_that_is_also_a_word_needs_the_article_to_spell_it_out(lint):
    meta = 'title: "Who Warns Of Cholera Spread In Nigeria S North Vbrtq" draft: false date: 2023-09-14\n'
    found = lint(WHO_BODY + "\n\n" + meta, path="a.txt", select=["NL110"])
    assert where(found) == [
        ("NL110", 3, 9, 3, 12),  # Who -> WHO (spelled out as World Health Organization)
        ("NL110", 3, 40, 3, 55),  # Nigeria S North
        ("NL110", 3, 56, 3, 61),  # Vbrtq
    ]
    # A question headline uses "who" as a word.
    question = 'title: "Who Will Pay For Clean Water?" draft: false date: 2023-09-14\n'
    assert where(lint(WHO_BODY + "\n\n" + question, path="a.txt", select=["NL110"])) == []
    # Without the spelled-out name, "who" in the body makes "Who" a word.
    plain = WHO_BODY.replace("The World Health Organization", "The agency")
    assert [f.column for f in lint(plain + "\n\n" + meta, path="a.txt", select=["NL110"])] == [
        40,
        56,
    ]


def test_stray_block_with_a_list_moves_whole(lint):
    text = (
        PROSE
        + "\ntitle: Budget Approved\ntags:\n- council\n- budget\ndate: 2024-01-08\n\nMore prose here.\n"
    )
    found = lint(text, select=["NL101"])
    assert where(found) == [("NL101", 3, 1, 3, 23)]
    assert "tags" in found[0].message and "date" in found[0].message
    fixed = _fix(lint, text, unsafe=False)
    assert fixed == (
        "---\ntitle: Budget Approved\ntags:\n- council\n- budget\ndate: 2024-01-08\n---\n"
        + PROSE
        + "\nMore prose here.\n"
    )


def test_a_label_with_a_bullet_list_is_prose(lint):
    assert where(lint(PROSE + "\nIngredients:\n- flour\n- water\n", select=["NL1"])) == []


# -- NL110's shortcuts are exact --------------------------------------------------------------


def test_whole_word_count_matches_the_regex():
    """NL110 skips the case-insensitive scan for an acronym not twice in the body as a whole
    word: the counting loop must agree with the regex it stands in for."""
    import random
    import re

    from newslint.checks.frontmatter import _whole_word_at_least

    rng = random.Random(3)
    pieces = ["EU", "eu", "Eu", "EUR", "-", "_", " ", "\n", "(", "é", "1", "EU's", "ÉU", "\u212a"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        word = rng.choice(["EU", "E", "\u212aU"])
        hits = len(re.findall(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text))
        for n in (1, 2, 3):
            assert _whole_word_at_least(text, word, n) == (hits >= n), (text, word, n)


@pytest.mark.parametrize("words", [0, 1, 28, 29, 30, 31, 60])
def test_word_count_with_maxsplit(words):
    """``len(s.split(maxsplit=29)) < 30`` is ``len(s.split()) < 30`` (NL110's body test)."""
    for text in (" ".join(["w"] * words), "  " + "\t w \n" * words + "  ", "w " * words):
        assert (len(text.split(maxsplit=29)) < 30) == (len(text.split()) < 30)


_FM_SAMPLES = [
    '---\ntitle: "Floods hit the coast"\ndate: 2024-03-02\n---\n\nRain fell.\n',
    "---\ntitle: \u201cFloods hit the coast\u201d\ndate: 2024-03-02\n---\n\nRain fell.\n",
    "---\ntitle: Floods \u2018hit\u2019 the coast\ntags:\n  - weather\n---\n\nRain.\n",
    "---\ntitle: Floods date: 2024-03-02\n---\n\nRain fell.\n",
    "---\ntitle: [unclosed\ndate: 2024-03-02\n---\n\nRain fell.\n",
    "---\ntitle: Floods\ndate: 2024-03-02\n\nRain fell, and the fence never closed.\n",
    '+++\ntitle = "Floods"\ndate = 2024-03-02\n[extra]\nauthor = "Ana"\n+++\n\nRain.\n',
    "+++\ntitle = \u201cFloods\u201d\ndate = 2024-03-02\n+++\n\nRain fell.\n",
    '+++\ntitle = "Floods" date = 2024-03-02\n+++\n\nRain fell.\n',
    '+++\ntitle = "Floods"\ntitle = "Again"\n+++\n\nRain fell.\n',
    '{\n  "title": "Floods",\n  "date": "2024-03-02"\n}\n\nRain fell.\n',
]


def _analysis_view(an):
    from newslint.checks.frontmatter import _curly_entries

    return [
        (
            b.format,
            b.start,
            b.end,
            b.entries,
            b.problem,
            b.parsed,
            b.run_together,
            b.dups,
            _curly_entries(b),
        )
        for b in an.blocks
    ]


def test_parsed_blocks_skip_the_loose_view_without_changing_the_analysis(monkeypatch, shared_dir):
    """A parsed top block is read loosely only when it has a curly quote: every field a
    rule reads is what it is when the loose view is always made."""
    from newslint.checks import frontmatter as fmc
    from newslint.document import Document

    texts = list(_FM_SAMPLES)
    for path in sorted((shared_dir / "corpus").rglob("*.md"))[:300]:
        texts.append(path.read_text(encoding="utf-8"))
    fast = [_analysis_view(fmc.analyze(Document(t, "post.md"), None)) for t in texts]
    monkeypatch.setattr(fmc, "_has_curly_quote", lambda text, start, end: True)
    slow = [_analysis_view(fmc.analyze(Document(t, "post.md"), None)) for t in texts]
    assert fast == slow
    assert any(view and view[0][-1] for view in fast)  # curly-quoted values were seen


_STRAY_LINES = [
    "title: Budget approved",
    "date: 2024-01-08",
    "Tags: council, budget",
    "author: Ann Lee title: Run together",
    "draft: true",
    "summary:",
    "- item",
    "  nested: value",
    "\tindented: x",
    "weight:7",
    "Note: prose with a colon",
    "She said: \u201cWe will.\u201d",
    "The vote was 7:2 in the end.",
    "Plain prose line.",
    "",
    "```",
    "```go",
    "````",
    "~~~",
    "  ```",
    "\u3000```",
    "<pre>",
    "</pre>",
    "<PRE class=x>",
    "</pre",
    ">",
    "x <pre>code</pre> y",
    "<!--",
    "-->",
    "<!-- one line -->",
    "{{< highlight go >}}",
    "{{< /highlight >}}",
    "{{% code %}}",
    "{{% /code %}}",
    "{% raw %}",
    "{% endraw %}",
    "{%- comment -%}",
    "{% endcomment %}",
    "---",
    "+++",
    "\u00e9t\u00e9: x",
    "_private: y",
]


def test_stray_metadata_scan_skips_only_lines_that_change_nothing(monkeypatch):
    """The scan that jumps to the next line of note finds the same runs as looking at every
    line (``_next_line_of_note`` returning the line itself), on random documents."""
    import random

    from newslint import frontmatter
    from newslint.document import Document

    rnd = random.Random(5)
    docs = []
    for _ in range(4000):
        lines = [rnd.choice(_STRAY_LINES) for _ in range(rnd.randint(1, 25))]
        text = rnd.choice(["\n", "\r\n"]).join(lines) + rnd.choice(["", "\n"])
        if rnd.random() < 0.3:
            text = "---\ntitle: Top\n---\n" + text
        docs.append(text)
    found = 0
    for text in docs:
        fast = frontmatter.find_stray_metadata(Document(text, "a.md"))
        with monkeypatch.context() as m:
            m.setattr(frontmatter, "_next_line_of_note", lambda text, s, fence, closer: s)
            slow = frontmatter.find_stray_metadata(Document(text, "a.md"))
        assert fast == slow, text
        found += len(fast)
    assert found > 300


# The alternation ``_next_candidate`` replaces: the newline before a line that may open with
# a ``key:``, or a code fence or code region opening anywhere.
_CANDIDATE = re.compile(r"\n(?=[A-Za-z_][\w-]{0,40}[ \t]*:)|```|~~~|<(?i:pre)|<!--|\{\{[<%]|\{%")


def _candidate_by_regex(text, s):
    m = _CANDIDATE.search(text, s - 1)  # from the newline that ends the line before
    if m is None:
        return -1
    at = m.start() + 1 if text[m.start()] == "\n" else m.start()
    return text.rfind("\n", 0, at) + 1  # the line it is on


def test_next_candidate_finds_the_line_the_regex_finds():
    """``_next_candidate`` (str.find in doubling windows) returns the start of the line on
    which the alternation it replaces first matches, from every line start, on random
    texts built of the pieces each branch looks for and near misses (and on long lines
    and texts that cross window edges)."""
    import random

    from newslint.frontmatter import _next_candidate

    rnd = random.Random(11)
    pieces = [
        "\n", "\r\n", "\n", ":", ": ", " :", "\t:", "a", "Ab", "_k", "k-y", "9", "é", "x" * 45,
        " ", "\t", "`", "``", "```", "~~", "~~~", "<", "<p", "<pre", "<PrE", "<!-", "<!--",
        "{", "{{", "{{<", "{{%", "{%", "%", "word ", "x" * 300, "title: x", "\u212a:",
    ]  # fmt: skip
    hits = 0
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 60)))
        if rnd.random() < 0.1:
            text = ("filler words\n" * rnd.randint(30, 200)) + text
        starts = [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        for s in starts:
            want = _candidate_by_regex(text, s)
            assert _next_candidate(text, s) == want, (text, s)
            hits += want != -1
    assert hits > 10000
