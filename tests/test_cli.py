"""The real command line in a subprocess: exit codes, stdin, config, fixes, subcommands."""

from __future__ import annotations

import json

import pytest

from tests.helpers import project

ARTICLE = "Intro with a call.\n\nThe XYZZY appears, then an echo.\n"


def test_exit_codes(tmp_path, run_cli):
    proj = project(tmp_path, files={"bad.md": ARTICLE, "good.md": "Nothing to see.\n"})
    assert run_cli("good.md", cwd=proj).returncode == 0
    bad = run_cli("bad.md", cwd=proj)
    assert bad.returncode == 1
    assert "bad.md:3:5: EXG01 magic word in capitals" in bad.stdout.decode()
    assert run_cli("bad.md", "--exit-zero", cwd=proj).returncode == 0
    # EXG03 is info: below the default --fail-on warning
    assert run_cli("bad.md", "--select", "EXG03", cwd=proj).returncode == 0
    assert run_cli("bad.md", "--select", "EXG03", "--fail-on", "info", cwd=proj).returncode == 1
    assert run_cli("bad.md", "--fail-on", "error", cwd=proj).returncode == 0
    usage = run_cli("--no-such-flag", cwd=proj)
    assert usage.returncode == 2 and b"usage" in usage.stderr
    missing = run_cli("nope.md", cwd=proj)
    assert missing.returncode == 2 and b"nope.md: no such file" in missing.stderr


def test_directory_walk_respects_include_exclude_and_gitignore(tmp_path, run_cli):
    proj = project(
        tmp_path,
        'exclude = ["drafts/"]\n',
        {
            "content/a.md": "XYZZY\n",
            "content/b.txt": "XYZZY\n",
            "content/c.html": "XYZZY\n",
            "content/ignored/d.md": "XYZZY\n",
            "drafts/e.md": "XYZZY\n",
            ".hidden/f.md": "XYZZY\n",
            ".gitignore": "ignored/\n",
        },
    )
    (proj / ".git").mkdir()
    out = run_cli(".", "--format", "json", cwd=proj)
    paths = sorted({f["path"] for f in json.loads(out.stdout)})
    assert paths == ["./content/a.md", "./content/b.txt"]


def test_stdin_with_filename(tmp_path, run_cli):
    proj = project(tmp_path)
    out = run_cli(
        "-", "--stdin-filename", "news/story.md", "--format", "json", input=ARTICLE, cwd=proj
    )
    assert out.returncode == 1
    found = json.loads(out.stdout)
    assert {f["path"] for f in found} == {"news/story.md"}
    assert [(f["code"], f["line"], f["column"]) for f in found] == [
        ("EXG01", 3, 5),
        ("EXG03", 3, 28),
    ]


def test_unknown_config_key_exits_2_naming_key_and_file(tmp_path, run_cli):
    proj = project(tmp_path, "selct = ['NL1']\n", {"a.md": "text\n"})
    out = run_cli("a.md", cwd=proj)
    assert out.returncode == 2
    err = out.stderr.decode()
    assert "unknown key 'selct'" in err and "newslint.toml" in err and "Traceback" not in err


def test_pyproject_config_and_isolated(tmp_path, run_cli):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.newslint]\nselect = ["NL9"]\nignore = ["NL901"]\n'
    )
    (tmp_path / "bin.md").write_bytes(b"\x00\x01\x02")
    assert run_cli("bin.md", cwd=tmp_path).returncode == 0  # NL901 ignored by config
    assert run_cli("bin.md", "--isolated", cwd=tmp_path).returncode == 1


def test_explicit_config_file(tmp_path, run_cli):
    proj = project(tmp_path, files={"a.md": ARTICLE})
    other = tmp_path / "other.toml"
    other.write_text('select = ["NL9"]\n')
    assert run_cli("a.md", "--config", str(other), cwd=proj).returncode == 0
    missing = run_cli("a.md", "--config", "nope.toml", cwd=proj)
    assert missing.returncode == 2 and b"config file not found" in missing.stderr


def test_fix_writes_atomically_and_diff_does_not_write(tmp_path, run_cli):
    proj = project(tmp_path, files={"a.md": ARTICLE})
    before = (proj / "a.md").read_bytes()
    diff = run_cli("a.md", "--diff", cwd=proj)
    assert diff.returncode == 1
    assert b"-The XYZZY appears" in diff.stdout and b"+The xyzzy appears" in diff.stdout
    assert (proj / "a.md").read_bytes() == before
    plain = run_cli("a.md", cwd=proj)
    assert plain.returncode == 1 and (proj / "a.md").read_bytes() == before
    fixed = run_cli("a.md", "--fix", cwd=proj)
    assert b"Fixed 1 finding" in fixed.stderr
    assert (proj / "a.md").read_text() == ARTICLE.replace("XYZZY", "xyzzy")
    assert not [p for p in proj.iterdir() if p.name.startswith(".newslint-")]


def test_fix_keeps_bom_and_crlf(tmp_path, run_cli):
    proj = project(tmp_path, files={"a.md": b"\xef\xbb\xbfLine one\r\nXYZZY here\r\n"})
    run_cli("a.md", "--fix", cwd=proj)
    assert (proj / "a.md").read_bytes() == b"\xef\xbb\xbfLine one\r\nxyzzy here\r\n"


def test_statistics_and_quiet(tmp_path, run_cli):
    proj = project(tmp_path, files={"a.md": "XYZZY XYZZY call echo\n"})
    out = run_cli("a.md", "--statistics", cwd=proj).stdout.decode()
    assert "     2  EXG01  magic-word" in out and "Found 3 findings" in out
    quiet = run_cli("a.md", "-q", cwd=proj).stdout.decode()
    assert "Found" not in quiet and quiet.count("EXG01") == 2


def test_rules_and_rule_commands(tmp_path, run_cli):
    proj = project(tmp_path)
    table = run_cli("rules", cwd=proj).stdout.decode()
    assert "EXG01  magic-word" in table and "NL901" in table
    rule = run_cli("rule", "magic-word", cwd=proj)
    assert rule.returncode == 0 and b"Flags the magic word XYZZY" in rule.stdout
    assert run_cli("rule", "NL999", cwd=proj).returncode == 2
    data = json.loads(run_cli("rules", "--format", "json", cwd=proj).stdout)
    assert {"code", "name", "category", "severity", "fixable", "explanation"} <= set(data[0])


def test_version_and_module_entry(run_cli):
    out = run_cli("--version")
    assert out.returncode == 0 and out.stdout.startswith(b"newslint ")


def test_installed_console_script_runs_from_any_directory(tmp_path):
    import shutil
    import subprocess

    exe = shutil.which("newslint")
    if exe is None:
        pytest.skip("the newslint console script is not on PATH (package not installed)")
    (tmp_path / "a.md").write_text("Fine copy.\n")
    out = subprocess.run([exe, "a.md", "--isolated"], cwd=tmp_path, capture_output=True, timeout=60)
    assert out.returncode in (0, 1) and b"Traceback" not in out.stderr


def test_colour_and_source_caret(tmp_path, run_cli):
    proj = project(tmp_path, files={"a.md": ARTICLE})
    out = run_cli("a.md", "--color", "always", cwd=proj).stdout.decode()
    assert "\033[" in out
    lines = out.splitlines()
    i = next(n for n, line in enumerate(lines) if "EXG01" in line)
    assert lines[i + 1].endswith("The XYZZY appears, then an echo.")
    assert "^^^^^" in lines[i + 2]


def test_force_exclude_applies_to_named_files(tmp_path, run_cli):
    proj = project(
        tmp_path, 'exclude = ["drafts/"]\n', {"drafts/a.md": "XYZZY\n", "b.md": "XYZZY\n"}
    )
    assert run_cli("drafts/a.md", cwd=proj).returncode == 1  # named files are linted
    out = run_cli("drafts/a.md", "b.md", "--force-exclude", "--format", "json", cwd=proj)
    assert {f["path"] for f in json.loads(out.stdout)} == {"b.md"}
