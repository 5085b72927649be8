"""Golden-output tests for every format, through the real CLI.

Regenerate after an intended change with ``NEWSLINT_UPDATE_GOLDEN=1 pytest tests/test_formats.py``
and review the diff: the JSON, SARIF and GitHub outputs are contracts.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.helpers import project

GOLDEN = Path(__file__).parent / "golden"
ARTICLE = "A first call, 😀 then “XYZZY”.\n\nLater an echo, and\nXYZZY, again.\n"


def _render(tmp_path, run_cli, fmt):
    proj = project(tmp_path, files={"news/story.md": ARTICLE}, select='["EXG01", "EXG03"]')
    out = run_cli("news/story.md", "--format", fmt, "--color", "never", cwd=proj)
    assert out.returncode == 1, out.stderr
    assert out.stderr == b""
    return out.stdout.decode("utf-8")


@pytest.mark.parametrize(
    "fmt,ext",
    [("text", "txt"), ("json", "json"), ("jsonl", "jsonl"), ("sarif", "sarif"), ("github", "txt")],
)
def test_golden(tmp_path, run_cli, fmt, ext):
    got = _render(tmp_path, run_cli, fmt)
    path = GOLDEN / f"{fmt}.{ext}"
    if os.environ.get("NEWSLINT_UPDATE_GOLDEN"):
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")


def test_json_columns_are_code_points(tmp_path, run_cli):
    found = json.loads(_render(tmp_path, run_cli, "json"))
    first = next(f for f in found if f["code"] == "EXG01")
    line = ARTICLE.splitlines()[0]
    # the emoji counts as one column, as in the JSON contract
    assert line[first["column"] - 1 : first["end_column"] - 1] == "XYZZY"
    assert first["fix"]["edits"][0] == {
        "line": 1,
        "column": first["column"],
        "end_line": 1,
        "end_column": first["end_column"],
        "text": "xyzzy",
    }


def test_jsonl_matches_json(tmp_path, run_cli):
    as_json = json.loads(_render(tmp_path, run_cli, "json"))
    as_jsonl = [json.loads(x) for x in _render(tmp_path, run_cli, "jsonl").splitlines()]
    assert as_json == as_jsonl


def test_sarif_shape(tmp_path, run_cli):
    sarif = json.loads(_render(tmp_path, run_cli, "sarif"))
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        assert result["partialFingerprints"]["newslint/v1"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert set(region) == {"startLine", "startColumn", "endLine", "endColumn"}
    echo = next(r for r in run["results"] if r["ruleId"] == "EXG03")
    assert echo["level"] == "note" and echo["relatedLocations"][0]["message"]["text"] == "the call"
    fix = next(r for r in run["results"] if r["ruleId"] == "EXG01")["fixes"][0]
    assert fix["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "xyzzy"


def test_github_escapes_properties_and_data():
    from newslint.finding import Finding, Severity
    from newslint.formats.github import render

    f = Finding("a,b:c.md", "NL1", "x", "c", Severity.INFO, "50% done\nnext", 1, 2, 1, 3)
    assert (
        render([f], None)
        == "::notice file=a%2Cb%3Ac.md,line=1,col=2,endLine=1,endColumn=3,title=NL1 x::NL1 50%25 done%0Anext\n"
    )
