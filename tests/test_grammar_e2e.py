"""NL6xx against a real LanguageTool, wherever one is available.

Set ``NEWSLINT_LT_SERVER`` to the URL of a running server (``http://localhost:8081``)
or ``NEWSLINT_LT_DIR`` to an unzipped LanguageTool (the directory holding
``languagetool-server.jar``; Java 17+ on PATH). Without either, these tests are skipped
with that reason. Nothing is downloaded.
"""

from __future__ import annotations

import importlib.util
import json
import os
import textwrap

import pytest

from newslint import languagetool as lt
from newslint.engine import Linter

SERVER = os.environ.get("NEWSLINT_LT_SERVER", "").strip()
DIRECTORY = os.environ.get("NEWSLINT_LT_DIR", "").strip()

pytestmark = [
    pytest.mark.skipif(
        not (SERVER or DIRECTORY),
        reason="no real LanguageTool: set NEWSLINT_LT_SERVER (a server URL) or NEWSLINT_LT_DIR "
        "(an unzipped LanguageTool) to run the end-to-end grammar tests",
    ),
    pytest.mark.skipif(
        importlib.util.find_spec("language_tool_python") is None,
        reason="language-tool-python (the optional 'languagetool' extra) is not installed",
    ),
]


@pytest.fixture(autouse=True)
def _fresh_backend():
    lt.reset()
    yield
    lt.reset()


def _section() -> dict:
    if SERVER:
        return {"enabled": True, "server": SERVER, "read-timeout": 30.0}
    return {"enabled": True, "directory": DIRECTORY, "startup-timeout": 90.0, "read-timeout": 30.0}


def _lint(text: str, path: str = "article.md", **kwargs):
    linter = Linter(
        isolated=True, options={"languagetool": _section()}, entry_points=False, **kwargs
    )
    return linter.lint_text(text, path)


GARBLED = textwrap.dedent(
    """\
    ---
    title: "Harbour vote"
    ---

    # Harbour vote 🎉 delayed

    Fans 🎉 cheered when a official read the result out loud.

    The council said it would publish a update on Friday.
    """
)


def test_real_server_findings_at_code_point_columns():
    found = _lint(GARBLED)
    assert not [f for f in found if f.code == "NL904"], [f.message for f in found]
    article = [(f.line, f.column, f.end_column) for f in found if f.name == "lt/EN_A_VS_AN"]
    # Line 7: "a" of "a official" is code point 21 (UTF-16 would say 22: the emoji).
    # Line 9: "a" of "a update".
    assert article == [(7, 21, 22), (9, 35, 36)]
    f = next(f for f in found if f.name == "lt/EN_A_VS_AN")
    assert f.code == "NL601" and "[lt/EN_A_VS_AN]" in f.message
    assert f.fix is not None and f.fix.edits[0].text == "an"


def test_real_server_is_silent_on_clean_copy():
    clean = GARBLED.replace("a official", "an official").replace("a update", "an update")
    found = _lint(clean)
    assert [(f.line, f.column, f.name) for f in found if f.code.startswith(("NL6", "NL904"))] == []


def test_real_server_ignores_by_languagetool_id():
    found = _lint(GARBLED, ignore=["lt/EN_A_VS_AN"])
    assert not [f for f in found if f.name == "lt/EN_A_VS_AN"]


def test_real_server_through_the_command_line(run_cli, tmp_path):
    (tmp_path / "a.md").write_text(GARBLED, encoding="utf-8")
    if SERVER:
        args = ["--languagetool", SERVER]
    else:
        (tmp_path / "newslint.toml").write_text(
            f'[languagetool]\nenabled = true\ndirectory = "{DIRECTORY}"\nstartup-timeout = 90.0\n',
            encoding="utf-8",
        )
        args = []
    out = run_cli(*args, "--format", "json", "a.md", cwd=tmp_path)
    findings = json.loads(out.stdout)
    assert [(f["line"], f["column"]) for f in findings if f["name"] == "lt/EN_A_VS_AN"] == [
        (7, 21),
        (9, 35),
    ]
