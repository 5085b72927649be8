"""Hostile input: every case gives findings or a clear message and exit 0/1, never a
traceback, never a hang, and no file changes without --fix."""

from __future__ import annotations

import hashlib
import json

import pytest

from tests.helpers import project


def _digest(root):
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".newslint_cache" not in p.parts
    }


ALIAS_BOMB = (
    "---\n"
    'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "title: bomb\n"
    "---\n"
    "Body text.\n"
)

CASES = {
    "binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "latin1.md": "Caf\u00e9 society.\n".encode("latin-1"),
    "empty.md": b"",
    "only-newlines.md": b"\n\n\n",
    "crlf.md": b"---\r\ntitle: A\r\ndate: 2024-01-01\r\n---\r\nBody line.\r\n",
    "bom.md": b"\xef\xbb\xbf---\ntitle: A\ndate: 2024-01-01\n---\nBody.\n",
    "bom.txt": b"\xef\xbb\xbfPlain text with a BOM.\n",
    "unclosed.md": b"---\ntitle: Never closed\ndate: 2024-01-01\n\nBody.\n",
    "alias-bomb.md": ALIAS_BOMB.encode(),
    "broken-yaml.md": b"---\ntitle: [unclosed\n---\nBody.\n",
    "broken-toml.md": b"+++\ntitle = \n+++\nBody.\n",
    "deep.md": ("> " * 2000 + "quote\n").encode()
    + (b"- " * 2000)
    + b"item\n"
    + b"[" * 5000
    + b"\n",
    "lone-surrogate-ish.md": "emoji \U0001f600 and \u202e override\n".encode(),
    "nested/dir/story.txt": b"A story in a nested folder.\n",
    "mixed/image.png.md": bytes(range(256)),
}


@pytest.fixture
def hostile(tmp_path):
    files = dict(CASES)
    files["huge-line.md"] = ("word " * 2_000_000).encode()  # 10 MB on one line
    return project(tmp_path, "max-file-size = 20000000\n", files, select='["ALL"]')


def test_hostile_directory_survives(hostile, run_cli):
    before = _digest(hostile)
    out = run_cli(".", "--format", "json", cwd=hostile)
    assert out.returncode in (0, 1), out.stderr.decode()[-2000:]
    assert b"Traceback" not in out.stderr
    found = json.loads(out.stdout)
    by_file = {}
    for f in found:
        by_file.setdefault(f["path"].lstrip("./"), []).append(f)
    assert [f["code"] for f in by_file["binary.md"]] == ["NL901"]
    [bad] = by_file["latin1.md"]
    assert (bad["code"], bad["line"], bad["column"]) == ("NL901", 1, 4)
    assert [f for f in found if f["code"] == "NL902"] == [], "a rule crashed on hostile input"
    assert _digest(hostile) == before, "a file changed without --fix"


def test_oversized_file_is_skipped_with_a_finding(tmp_path, run_cli):
    proj = project(tmp_path, "max-file-size = 1000\n", {"big.md": "x " * 1000})
    out = run_cli("big.md", "--format", "json", cwd=proj)
    [f] = json.loads(out.stdout)
    assert f["code"] == "NL905" and "max-file-size" in f["message"]


def test_stdin_binary_and_empty(run_cli, tmp_path):
    out = run_cli("-", "--isolated", "--format", "json", input=b"\x00\x01", cwd=tmp_path)
    assert out.returncode == 1 and json.loads(out.stdout)[0]["code"] == "NL901"
    empty = run_cli("-", "--isolated", input=b"", cwd=tmp_path)
    assert empty.returncode == 0 and b"Traceback" not in empty.stderr


def test_broken_plugin_named_in_config_is_a_clear_error(tmp_path, run_cli):
    (tmp_path / "newslint.toml").write_text('plugins = ["brokenplugin"]\n')
    (tmp_path / "brokenplugin.py").write_text("raise ImportError('half-installed dependency')\n")
    (tmp_path / "a.md").write_text("Text.\n")
    out = run_cli("a.md", cwd=tmp_path)
    assert out.returncode == 2
    assert b"brokenplugin" in out.stderr and b"half-installed" in out.stderr
    assert b"Traceback" not in out.stderr


def test_plugin_returning_garbage_is_a_clear_error(tmp_path, run_cli):
    (tmp_path / "newslint.toml").write_text('plugins = ["garbage"]\n')
    (tmp_path / "garbage.py").write_text(
        "from newslint import hookimpl\n@hookimpl\ndef newslint_rules():\n    return ['not a rule']\n"
    )
    (tmp_path / "a.md").write_text("Text.\n")
    out = run_cli("a.md", cwd=tmp_path)
    assert out.returncode == 2 and b"not a Rule" in out.stderr and b"Traceback" not in out.stderr


def test_unreadable_directory_entry_and_fifo(tmp_path, run_cli):
    import os

    (tmp_path / "ok.md").write_text("Fine.\n")
    os.symlink(tmp_path / "missing-target.md", tmp_path / "dangling.md")
    out = run_cli(".", "--isolated", "--format", "json", cwd=tmp_path)
    assert out.returncode in (0, 1) and b"Traceback" not in out.stderr
