"""Shared test helpers.

- ``lint(text, path="article.md", select=None, **settings)``: findings for a text.
- ``shared_dir``: ``../shared`` (skips the test, with a reason, where it is absent).
- ``seed_text``: the reference garbled article from ``../shared/seed`` (skips likewise).
- ``run_cli(*args, input=None, cwd=None)``: the real ``newslint`` command in a subprocess.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _lint(text: str, path: str = "article.md", select=None, ignore=(), options=None, isolated=True):
    from newslint.engine import Linter

    linter = Linter(isolated=isolated, select=select, ignore=list(ignore), options=options)
    return linter.lint_text(text, path)


@pytest.fixture
def lint():
    return _lint


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"../shared is not present at {SHARED}: seed and corpus tests skipped")
    return SHARED


@pytest.fixture
def seed_text(shared_dir: Path) -> str:
    seed = shared_dir / "seed" / "un-report-garbled.txt"
    if not seed.is_file():
        pytest.skip(f"reference article {seed} is absent")
    return seed.read_text(encoding="utf-8")


@pytest.fixture
def run_cli():
    def run(
        *args: str, input: bytes | str | None = None, cwd: str | os.PathLike | None = None, env=None
    ):
        if isinstance(input, str):
            input = input.encode("utf-8")
        full_env = dict(os.environ)
        full_env.pop("NO_COLOR", None)
        if env:
            full_env.update(env)
        return subprocess.run(
            [sys.executable, "-m", "newslint", *args],
            input=input,
            capture_output=True,
            cwd=cwd,
            env=full_env,
            timeout=120,
        )

    return run
