"""The result cache: same answers warm and cold, misses on change, survives corruption."""

from __future__ import annotations

import json

from tests.helpers import project


def _entries(proj):
    d = proj / ".newslint_cache"
    return (
        sorted(p for p in d.rglob("*") if p.is_file() and p.name != ".gitignore")
        if d.exists()
        else []
    )


def test_warm_run_gives_the_same_findings(tmp_path, run_cli):
    proj = project(tmp_path, files={"a.md": "XYZZY one\n", "b.md": "call then echo\n"})
    cold = run_cli(".", "--format", "json", cwd=proj)
    assert len(_entries(proj)) == 2
    assert (proj / ".newslint_cache" / ".gitignore").read_text().strip().endswith("*")
    warm = run_cli(".", "--format", "json", cwd=proj)
    assert json.loads(cold.stdout) == json.loads(warm.stdout) != []
    assert cold.returncode == warm.returncode == 1


def test_content_and_config_changes_miss(tmp_path, run_cli):
    proj = project(tmp_path, files={"a.md": "XYZZY one\n"})
    run_cli("a.md", cwd=proj)
    (proj / "a.md").write_text("Nothing here.\n")
    assert run_cli("a.md", cwd=proj).returncode == 0
    (proj / "a.md").write_text("XYZZY one\n")
    cfg = proj / "newslint.toml"
    cfg.write_text(cfg.read_text() + 'ignore = ["EXG01"]\n')
    assert run_cli("a.md", cwd=proj).returncode == 0


def test_corrupt_entries_are_ignored(tmp_path, run_cli):
    proj = project(tmp_path, files={"a.md": "XYZZY one\n"})
    first = run_cli("a.md", "--format", "json", cwd=proj)
    for entry in _entries(proj):
        entry.write_bytes(entry.read_bytes()[:20])  # truncated
    again = run_cli("a.md", "--format", "json", cwd=proj)
    assert json.loads(first.stdout) == json.loads(again.stdout)
    for entry in _entries(proj):
        entry.write_bytes(b"newslint-cache-1\n\x80\x05garbage")
    third = run_cli("a.md", "--format", "json", cwd=proj)
    assert json.loads(first.stdout) == json.loads(third.stdout)


def test_no_cache_writes_nothing(tmp_path, run_cli):
    proj = project(tmp_path, files={"a.md": "XYZZY one\n"})
    run_cli("a.md", "--no-cache", cwd=proj)
    assert _entries(proj) == []


def test_suppression_state_is_not_cached_across_runs(tmp_path, run_cli):
    text = "<!-- newslint-disable-next-line EXG01 -->\nXYZZY\n"
    proj = project(tmp_path, files={"a.md": text})
    assert run_cli("a.md", cwd=proj).returncode == 0
    assert run_cli("a.md", cwd=proj).returncode == 0  # warm: no stale 'used' state -> no NL903
