"""The editor snippets of docs/editors.md that can run here, taken from the docs as written.

- The Vim (ALE) JSON handler runs in a real headless Vim on real ``newslint --format json``
  output: its byte columns must point at the characters newslint reported (multi-byte
  curly quotes, accents and emoji in front).
- Both ALE linters (language server and JSON) run inside real ALE where it is installed
  (Debian's ``vim-ale``, or ``NEWSLINT_ALE_DIR``).

Skipped, with the reason, where Vim or ALE is not installed."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EDITORS = ROOT / "docs" / "editors.md"

PROBE_PLUGIN = '''
import re

from newslint import Rule, hookimpl


class ProbeTypo(Rule):
    """Probe: the typo "teh"."""

    code = "XV001"
    name = "probe-teh"
    category = "probe"
    summary = "The typo 'teh'"

    def check(self, doc, settings):
        for block in doc.blocks:
            for m in re.finditer(r"\\bteh\\b", block.text):
                s, e = block.span(m.start(), m.end())
                yield self.finding(doc, s, e, "typo 'teh'")


@hookimpl
def newslint_rules():
    return [ProbeTypo()]
'''


def vim_blocks() -> list[str]:
    text = EDITORS.read_text(encoding="utf-8")
    return re.findall(r"```vim\n(.*?)```", text, flags=re.S)


def handler_source() -> str:
    for block in vim_blocks():
        if "function! NewslintHandle" in block:
            start = block.index("function! NewslintHandle")
            end = block.index("endfunction", start) + len("endfunction")
            return block[start:end] + "\n"
    raise AssertionError("docs/editors.md has no NewslintHandle function")


def run_handler(tmp_path: Path, article: Path, output: str) -> list[dict]:
    out_json = tmp_path / "cli.json"
    out_json.write_text(output, encoding="utf-8")
    result = tmp_path / "ale.json"
    script = tmp_path / "check.vim"
    script.write_text(
        "set encoding=utf-8\nset nomore\n"
        + handler_source()
        + textwrap.dedent(
            f"""\
            edit {article}
            let s:items = NewslintHandle(bufnr('%'), readfile('{out_json}'))
            call writefile([json_encode(s:items)], '{result}')
            qall!
            """
        ),
        encoding="utf-8",
    )
    proc = subprocess.run(
        ["vim", "-N", "-u", "NONE", "-i", "NONE", "-n", "-es", "-S", str(script)],
        capture_output=True,
        timeout=60,
    )
    assert result.is_file(), (proc.returncode, proc.stdout, proc.stderr)
    return json.loads(result.read_text(encoding="utf-8"))


@pytest.fixture
def vim():
    if shutil.which("vim") is None:
        pytest.skip("vim is not installed")
    probe = subprocess.run(["vim", "--version"], capture_output=True, text=True, timeout=30)
    if "+eval" not in probe.stdout:
        pytest.skip("this vim has no +eval")
    return "vim"


def check_items(text: str, findings: list[dict], items: list[dict]) -> None:
    lines = text.split("\n")
    assert len(items) == len(findings)
    for f, item in zip(findings, items, strict=True):
        line = lines[f["line"] - 1]
        end_line = lines[f["end_line"] - 1]
        # Vim columns are 1-based byte offsets; ALE's end column is inclusive.
        start_byte = len(line[: f["column"] - 1].encode("utf-8")) + 1
        end_byte = len(end_line[: f["end_column"] - 1].encode("utf-8"))
        assert item["lnum"] == f["line"] and item["end_lnum"] == f["end_line"]
        assert item["col"] == start_byte, (f, item)
        if (f["end_line"], f["end_column"]) > (f["line"], f["column"]):
            assert item["end_col"] == end_byte, (f, item)
        assert item["code"] == f["code"] and item["text"] == f["message"]
        assert item["type"] == {"error": "E", "warning": "W", "info": "I"}[f["severity"]]


def cli_json(path: Path, cwd: Path) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "newslint", "--format", "json", "--stdin-filename", str(path), "-"],
        input=path.read_bytes(),
        capture_output=True,
        cwd=cwd,
        timeout=300,
    )
    assert proc.returncode in (0, 1) and b"Traceback" not in proc.stderr, proc.stderr
    return proc.stdout.decode("utf-8")


def test_ale_json_handler_converts_characters_to_bytes(vim, tmp_path):
    (tmp_path / "newslint.toml").write_text('plugins = ["vim_probe"]\n', encoding="utf-8")
    (tmp_path / "vim_probe.py").write_text(PROBE_PLUGIN, encoding="utf-8")
    text = (
        "# Café “Łódź” 🌊 reopens after teh storm\n\n"
        "The owner, Zoë Ångström 🇸🇪, said teh terrace would open on “Monday”, and teh menu\n"
        "was unchanged.\n"
    )
    article = tmp_path / "cafe.md"
    article.write_text(text, encoding="utf-8")
    output = cli_json(article, tmp_path)
    findings = json.loads(output)
    assert len([f for f in findings if f["code"] == "XV001"]) == 3
    check_items(text, findings, run_handler(tmp_path, article, output))


def test_ale_json_handler_on_reference_article(vim, tmp_path, seed_text):
    article = tmp_path / "un-report.txt"
    article.write_text(seed_text, encoding="utf-8")
    output = cli_json(article, tmp_path)
    findings = json.loads(output)
    if not findings:
        pytest.skip("no rule fires on the reference article yet")
    check_items(seed_text, findings, run_handler(tmp_path, article, output))


def test_ale_json_handler_with_no_findings(vim, tmp_path):
    article = tmp_path / "clean.txt"
    article.write_text("The council met on Monday.\n", encoding="utf-8")
    assert run_handler(tmp_path, article, "[]\n") == []


def ale_dir() -> Path | None:
    for cand in (os.environ.get("NEWSLINT_ALE_DIR"), "/usr/share/vim-ale"):
        if cand and (Path(cand) / "plugin" / "ale.vim").is_file():
            return Path(cand)
    return None


@pytest.mark.parametrize(
    ("linter", "marker", "text"),
    [
        # ASCII before the finding: ALE's LSP column handling is exact there.
        ("newslint", "'lsp': 'stdio'", "# Harbour notes\n\nThe mayor said teh harbour reopens.\n"),
        # The JSON linter converts characters to bytes: multi-byte text before the finding.
        (
            "newslint_json",
            "function! NewslintHandle",
            "# Café “Łódź” 🌊\n\nThe owner, Zoë 🇸🇪, said teh terrace reopens.\n",
        ),
    ],
)
def test_ale_linters_from_docs(vim, tmp_path, linter, marker, text):
    """The ALE linters of docs/editors.md, as written, in a real Vim with ALE: the finding
    arrives on the right line at the right (byte) column."""
    ale = ale_dir()
    if ale is None:
        pytest.skip("ALE is not installed (set NEWSLINT_ALE_DIR to its directory)")
    block = [b for b in vim_blocks() if marker in b]
    assert len(block) == 1
    rt = tmp_path / "rt" / "ale_linters" / "markdown"
    rt.mkdir(parents=True)
    (rt / f"{linter}.vim").write_text(block[0], encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "newslint.toml").write_text('plugins = ["vim_probe"]\n', encoding="utf-8")
    (site / "vim_probe.py").write_text(PROBE_PLUGIN, encoding="utf-8")
    article = site / "notes.md"
    article.write_text(text, encoding="utf-8")
    expected = [f for f in json.loads(cli_json(article, site)) if f["code"] == "XV001"]
    assert len(expected) == 1
    result = tmp_path / "loclist.json"
    script = tmp_path / "ale.vim"
    script.write_text(
        textwrap.dedent(
            f"""\
            set nocompatible
            set encoding=utf-8
            let &runtimepath = '{ale},' . &runtimepath . ',{tmp_path / "rt"}'
            filetype plugin on
            let g:ale_linters = {{'markdown': ['{linter}']}}
            runtime plugin/ale.vim
            edit {article}
            ALELint
            let s:i = 0
            while s:i < 300 && empty(ale#engine#GetLoclist(bufnr('')))
              sleep 100m
              let s:i += 1
            endwhile
            call writefile([json_encode(ale#engine#GetLoclist(bufnr('')))], '{result}')
            qall!
            """
        ),
        encoding="utf-8",
    )
    env = {**os.environ, "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"]}
    subprocess.run(
        ["vim", "-N", "-u", "NONE", "-i", "NONE", "-n", "-es", "-S", str(script)],
        cwd=site,
        capture_output=True,
        timeout=120,
        env=env,
    )
    items = [i for i in json.loads(result.read_text(encoding="utf-8")) if i.get("code") == "XV001"]
    assert len(items) == 1, items
    f = expected[0]
    line = text.split("\n")[f["line"] - 1]
    byte_col = len(line[: f["column"] - 1].encode("utf-8")) + 1
    assert (items[0]["lnum"], items[0]["col"]) == (f["line"], byte_col)
    assert items[0]["linter_name"] == linter
