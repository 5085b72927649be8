"""The example plugin in examples/plugin: installed through the `newslint` entry-point
group (the README's test command installs it), EX001 fires at the exact place."""

from __future__ import annotations

import json
from importlib.metadata import entry_points

import pytest


@pytest.fixture(autouse=True)
def _installed():
    names = [ep.name for ep in entry_points(group="newslint")]
    if "lorem" not in names:
        pytest.skip("examples/plugin is not installed (pip install ./examples/plugin)")


def test_ex001_fires_at_exact_position(tmp_path, run_cli):
    (tmp_path / "draft.md").write_text(
        "---\ntitle: Draft\n---\n\nThe standfirst goes here. *Lorem\nipsum* dolor sit amet.\n\n"
        "```\nlorem ipsum in code is fine\n```\n",
        encoding="utf-8",
    )
    out = run_cli("draft.md", "--isolated", "--select", "EX001", "--format", "json", cwd=tmp_path)
    assert out.returncode == 1, out.stderr
    [f] = json.loads(out.stdout)
    assert (f["code"], f["name"], f["line"], f["column"], f["end_line"], f["end_column"]) == (
        "EX001",
        "lorem-ipsum",
        5,
        28,
        6,
        6,
    )


def test_ex001_is_listed_and_explained(tmp_path, run_cli):
    table = run_cli("rules", "--isolated", cwd=tmp_path).stdout.decode()
    assert "EX001" in table and "lorem-ipsum" in table
    rule = run_cli("rule", "EX001", "--isolated", cwd=tmp_path).stdout.decode()
    assert "Placeholder text" in rule


def test_clean_copy_is_silent(tmp_path, run_cli):
    (tmp_path / "a.txt").write_text(
        "Lorem is a town; ipsum is not a word here.\n", encoding="utf-8"
    )
    out = run_cli("a.txt", "--isolated", "--select", "EX001", cwd=tmp_path)
    assert out.returncode == 0
