"""The README's two commands are the ones CI runs, and they name real things."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def _commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, re.S)
    return blocks


def test_readme_has_run_and_test_commands():
    run, test = _commands()[:2]
    assert "pip install ." in run and "newslint examples/" in run
    assert "pytest" in test


def test_ci_runs_exactly_the_readme_test_command():
    test = _commands()[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines()


def test_examples_exist():
    assert (ROOT / "examples" / "garbled-article.md").is_file()
    assert (ROOT / "examples" / "clean-article.md").is_file()
    assert (ROOT / "examples" / "plugin" / "pyproject.toml").is_file()
