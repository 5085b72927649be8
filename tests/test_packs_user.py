"""User rule packs: config `rule-packs`, every rule type, broken packs, runaway patterns.

Runs the real CLI in a subprocess where the contract is the command line (exit codes,
messages naming file, rule and line); the library where the contract is the findings.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "packs"


def pos(text: str, needle: str) -> tuple[int, int]:
    at = text.index(needle)
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


@pytest.fixture
def newsroom(tmp_path: Path) -> Path:
    """A content repository whose config names a pack directory."""
    (tmp_path / "mypacks").mkdir()
    shutil.copy(FIXTURES / "user" / "house-style.yml", tmp_path / "mypacks")
    (tmp_path / "newslint.toml").write_text('rule-packs = ["mypacks"]\n', encoding="utf-8")
    (tmp_path / "content").mkdir()
    return tmp_path


def lint_in(root: Path, name: str, text: str, select=("RC",)):
    from newslint.engine import Linter

    path = root / "content" / name
    path.write_text(text, encoding="utf-8")
    linter = Linter(select=list(select))
    return linter.run([str(path)], jobs=1).findings


# -- loading from user directories ------------------------------------------------------------


def test_user_pack_rules_are_listed_and_explained(newsroom, run_cli):
    out = run_cli("rules", "--format", "json", cwd=newsroom)
    assert out.returncode == 0, out.stderr
    rules = {r["code"]: r for r in json.loads(out.stdout)}
    assert {"RC101", "RC102", "RC103", "RC104", "RC105", "RC106", "RC107"} <= set(rules)
    assert {"NL502", "NL510"} <= set(rules)  # shipped packs stay on
    assert rules["RC101"]["category"] == "style" and rules["RC101"]["severity"] == "info"
    assert rules["RC102"]["fixable"] is True
    assert rules["RC101"]["url"] is None  # a local rule has no newslint docs page
    doc = run_cli("rule", "RC101", cwd=newsroom)
    assert doc.returncode == 0
    text = doc.stdout.decode()
    assert "Phrases the desk has banned." in text
    assert "It was a perfect storm for the council." in text  # the bad example
    assert "house-style.yml" in text


def test_pack_directory_is_relative_to_the_config_file(newsroom, run_cli):
    art = newsroom / "content" / "a.md"
    art.write_text("It was a perfect storm.\n", encoding="utf-8")
    out = run_cli("--select", "RC", "--format", "jsonl", "content/a.md", cwd=newsroom)
    assert out.returncode == 0, out.stderr  # RC101 is severity info: below --fail-on
    (f,) = [json.loads(line) for line in out.stdout.splitlines()]
    assert (f["code"], f["line"], f["column"], f["end_column"]) == ("RC101", 1, 10, 23)
    # from a subdirectory the same config (found by walking up) gives the same result
    again = run_cli("--select", "RC", "--format", "jsonl", "a.md", cwd=newsroom / "content")
    assert [json.loads(line)["code"] for line in again.stdout.splitlines()] == ["RC101"]


def test_missing_pack_directory_is_a_config_error(tmp_path, run_cli):
    (tmp_path / "newslint.toml").write_text('rule-packs = ["nowhere"]\n', encoding="utf-8")
    (tmp_path / "a.md").write_text("Fine.\n", encoding="utf-8")
    out = run_cli("a.md", cwd=tmp_path)
    assert out.returncode == 2
    err = out.stderr.decode()
    assert "newslint.toml" in err and "nowhere" in err


# -- the rule types ---------------------------------------------------------------------------


def test_existence_phrases_patterns_exceptions(newsroom):
    text = (
        "At the end of the day, the mayor *slammed the decision*.\n"
        "\n"
        "Traders left at the end of the day's session. A Perfect Storm hit.\n"
    )
    found = lint_in(newsroom, "a.md", text)
    assert [(f.code, f.line, f.column) for f in found] == [
        ("RC101", *pos(text, "At the end")),
        ("RC101", *pos(text, "slammed")),
        ("RC101", *pos(text, "Perfect Storm")),
    ]
    assert found[0].message == "cliché: “At the end of the day”"


def test_substitution_case_sensitive_with_groups_and_safe_fix(newsroom):
    text = "The Associated Press said 40 per cent agreed; the associated press office did not.\n"
    found = lint_in(newsroom, "a.txt", text)
    assert [(f.line, f.column) for f in found] == [pos(text, "Associated"), pos(text, "40 per")]
    assert found[1].message == "write “40%”, not “40 per cent”"
    assert all(f.fix.applicability == "safe" for f in found)
    from newslint.fixes import apply_fixes

    fixed, applied = apply_fixes(text, found, unsafe=False)
    assert applied == 2
    assert fixed.startswith("The AP said 40% agreed")


def test_conflict_reports_the_later_and_relates_the_earlier(newsroom):
    text = "LONDON (Reuters) - Talks resumed.\n\nMore in a moment.\n\nPARIS (AP) - Talks resumed.\n"
    found = lint_in(newsroom, "a.md", text)
    (f,) = [f for f in found if f.code == "RC103"]
    assert (f.line, f.column) == pos(text, "(AP)")
    (rel,) = f.related
    assert (rel.line, rel.column, rel.end_column) == (1, 8, 17)
    assert rel.message == "the other credit: “(Reuters)”"
    assert f.message == "credit “(AP)” contradicts “(Reuters)” earlier in the story"
    # one side alone is fine
    assert lint_in(newsroom, "b.md", "PARIS (AP) - Talks resumed.\n") == []


def test_conflict_within_a_sentence(newsroom):
    text = "He was acquitted of fraud. He was sentenced to community service for contempt.\n"
    assert lint_in(newsroom, "a.md", text) == []
    bad = "He was acquitted and sentenced to five years.\n"
    (f,) = lint_in(newsroom, "b.md", bad)
    assert (f.code, f.line, f.column) == ("RC107", *pos(bad, "sentenced"))
    assert (f.related[0].line, f.related[0].column) == pos(bad, "acquitted")


@pytest.mark.parametrize(
    "front,code,needle",
    [
        (
            '---\ntitle: "Council Approves New Library Budget"\nslug: council-budget\n---\n',
            "RC104",
            "Approves",
        ),
        (
            "---\ntitle: Council approves budget\nslug: Council_Budget\n---\n",
            "RC105",
            "Council_Budget",
        ),
        (
            '+++\ntitle = "Council approves TK budget"\nslug = "council-budget"\n+++\n',
            "RC106",
            "TK",
        ),
        ('{\n  "title": "council approves budget",\n  "slug": "a-b"\n}\n', "RC104", "council"),
    ],
)
def test_front_matter_field_rules(newsroom, front, code, needle):
    text = front + "\nThe council met on Tuesday.\n"
    found = lint_in(newsroom, "a.md", text)
    assert [(f.code, f.line, f.column) for f in found] == [(code, *pos(text, needle))]


def test_front_matter_fields_clean(newsroom):
    text = '---\ntitle: "Council approves budget for the UN office"\nslug: council-budget\n---\n\nBody.\n'
    assert lint_in(newsroom, "a.md", text) == []
    # prose rules never look inside front matter or code
    text = '---\ntitle: "A perfect storm, at the end of the day"\n---\n\n```\nat the end of the day\n```\n'
    assert lint_in(newsroom, "b.md", text) == []


# -- broken packs: configuration errors naming file, rule and line ----------------------------


def _broken_cases():
    for p in sorted((FIXTURES / "broken").glob("*.yml")):
        header = p.read_text(encoding="utf-8").splitlines()[0]
        m = re.match(r'# expect: line=(\d+)(?: rule=(\S+))? text="(.+)"', header)
        assert m, f"{p.name} must start with an '# expect:' line"
        yield pytest.param(p, int(m.group(1)), m.group(2), m.group(3), id=p.stem)


@pytest.mark.parametrize("pack,line,rule,text", list(_broken_cases()))
def test_broken_pack_is_a_config_error(tmp_path, run_cli, pack, line, rule, text):
    (tmp_path / "packs").mkdir()
    shutil.copy(pack, tmp_path / "packs")
    (tmp_path / "newslint.toml").write_text('rule-packs = ["packs"]\n', encoding="utf-8")
    (tmp_path / "a.md").write_text("Fine copy.\n", encoding="utf-8")
    out = run_cli("a.md", cwd=tmp_path)
    err = out.stderr.decode()
    assert out.returncode == 2, (out.stdout, err)
    assert "Traceback" not in err
    assert f"{pack.name}:{line}" in err, err
    if rule:
        assert f"rule {rule}" in err, err
    assert text in err, err
    # `newslint rules` refuses the same way
    assert run_cli("rules", cwd=tmp_path).returncode == 2


def test_pack_file_named_directly_and_duplicate_across_files(tmp_path, run_cli):
    packs = tmp_path / "packs"
    packs.mkdir()
    rule = "rules:\n  - code: ED100\n    name: {name}\n    type: existence\n    message: m\n    phrases: [{p}]\n"
    (packs / "a.yml").write_text(rule.format(name="one", p="foo bar"), encoding="utf-8")
    (packs / "b.yml").write_text(rule.format(name="two", p="baz qux"), encoding="utf-8")
    (tmp_path / "newslint.toml").write_text('rule-packs = ["packs"]\n', encoding="utf-8")
    (tmp_path / "a.md").write_text("Fine.\n", encoding="utf-8")
    out = run_cli("a.md", cwd=tmp_path)
    assert out.returncode == 2
    err = out.stderr.decode()
    assert "b.yml:2: rule ED100 (two): code ED100 is already used by" in err and "a.yml:2" in err
    # naming one file instead of the directory loads just that file
    (tmp_path / "newslint.toml").write_text('rule-packs = ["packs/a.yml"]\n', encoding="utf-8")
    (tmp_path / "a.md").write_text("A foo bar here.\n", encoding="utf-8")
    out = run_cli("--select", "ED", "--format", "jsonl", "a.md", cwd=tmp_path)
    assert out.returncode == 1, out.stderr
    assert json.loads(out.stdout)["column"] == 3


# -- a pattern that would hang ----------------------------------------------------------------

RUNAWAY = """\
rules:
  - code: ED900
    name: runaway
    type: existence
    message: "runaway: {match}"
    phrases: [plain phrase]
    patterns:
      - "(a|aa)+$"
      - "(\\\\w+\\\\s?)+$"
  - code: ED901
    name: still-works
    type: existence
    message: "found {match}"
    phrases: [needle phrase]
"""


def test_catastrophic_pattern_gives_up_quickly(tmp_path, run_cli):
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "runaway.yml").write_text(RUNAWAY, encoding="utf-8")
    (tmp_path / "newslint.toml").write_text('rule-packs = ["packs"]\n', encoding="utf-8")
    body = "a" * 30000 + "!\n\nA needle phrase and a plain phrase.\n\n" + ("word " * 4000) + "!\n"
    for k in range(3):
        (tmp_path / f"a{k}.md").write_text(body, encoding="utf-8")
    started = time.monotonic()
    out = run_cli("--select", "ED,NL902", "--format", "jsonl", "--jobs", "1", ".", cwd=tmp_path)
    elapsed = time.monotonic() - started
    assert out.returncode == 1, out.stderr
    findings = [json.loads(line) for line in out.stdout.splitlines()]
    timeouts = [f for f in findings if f["code"] == "NL902"]
    assert timeouts, findings
    assert all("gave up after" in f["message"] and "rule ED900" in f["message"] for f in timeouts)
    # each runaway pattern is named by its line, and given up once for the whole run
    assert sorted(f["message"].split("runaway.yml:")[1][:1] for f in timeouts) == ["8", "9"]
    assert all(f["line"] == 1 and f["path"].endswith("a0.md") for f in timeouts)
    # the other rule of the pack still ran in every file, and so did the rule's own phrase
    assert sum(f["code"] == "ED901" for f in findings) == 3
    assert sum(f["code"] == "ED900" for f in findings) == 3
    # bounded: a few timeouts at most, never exponential (generous for a loaded machine)
    assert elapsed < 30, elapsed


# -- packs inside an installed package ---------------------------------------------------------


def test_packs_load_from_an_installed_layout(tmp_path, run_cli):
    """Lay the package out as the wheel does (rules/ -> newslint/_packs/) and run it from
    outside the checkout: the packs must come from the package, not from the source tree."""
    root = Path(__file__).resolve().parent.parent
    site = tmp_path / "site"
    shutil.copytree(
        root / "src" / "newslint", site / "newslint", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(
        root / "rules", site / "newslint" / "_packs", ignore=shutil.ignore_patterns("__pycache__")
    )
    work = tmp_path / "work"
    work.mkdir()
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import newslint.packs as p; print(p.__file__); print(*p.shipped_pack_files())",
        ],
        capture_output=True,
        cwd=work,
        env={**os.environ, "PYTHONPATH": str(site)},
        timeout=60,
    )
    lines = probe.stdout.decode().split()
    assert lines[0].startswith(str(site)), probe.stderr
    assert {Path(x).name for x in lines[1:]} >= {"garbled.yml", "spun-phrases.yml"}
    assert all(x.startswith(str(site / "newslint" / "_packs")) for x in lines[1:])
    out = run_cli(
        "--isolated",
        "--select",
        "NL5",
        "--format",
        "jsonl",
        "--stdin-filename",
        "story.md",
        "-",
        input="The Related Press said the bill was unexpected to pass.\n",
        cwd=work,
        env={"PYTHONPATH": str(site)},
    )
    codes = [
        (json.loads(x)["code"], json.loads(x)["column"]) for x in out.stdout.decode().splitlines()
    ]
    assert codes == [("NL510", 5), ("NL502", 33)], out.stderr


OPT_IN = """\
rules:
  - code: ED300
    name: opt-in-rule
    type: existence
    enabled: false
    message: "opt-in: {match}"
    patterns: ['\\d+ per cent']
  - code: ED301
    name: name-in-markup
    type: substitution
    ignore-case: false
    message: "{match} -> {replacement}"
    swap: {Related Press: Associated Press}
"""


def test_opt_in_rules_markup_and_single_quoted_patterns(tmp_path, run_cli):
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "p.yaml").write_text(OPT_IN, encoding="utf-8")
    (tmp_path / "newslint.toml").write_text('rule-packs = ["packs"]\n', encoding="utf-8")
    text = "The *Related* Press said 40 per cent of\nthe [Related\nPress](https://x.org) staff agreed.\n"
    (tmp_path / "a.md").write_text(text, encoding="utf-8")

    def codes(*args):
        out = run_cli("--format", "jsonl", *args, "a.md", cwd=tmp_path)
        assert out.returncode in (0, 1), out.stderr
        return [
            (f["code"], f["line"], f["column"], f["fix"])
            for f in map(json.loads, out.stdout.splitlines())
        ]

    found = codes("--ignore", "NL")  # by default an opt-in rule stays off...
    assert [c[:3] for c in found] == [("ED301", 1, 6), ("ED301", 2, 6)]
    assert found[0][3] is None  # "*Related* Press": the match runs over emphasis, no fix
    # inside the link text the fix edits only the word that differs, keeping the link
    assert [e["text"] for e in found[1][3]["edits"]] == ["Associated"]
    found = codes("--ignore", "NL", "--extend-select", "ED300")  # ...selecting it turns it on
    assert [c[:3] for c in found] == [("ED301", 1, 6), ("ED300", 1, 26), ("ED301", 2, 6)]
