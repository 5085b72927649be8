"""The result cache: same answers warm and cold, misses on change, survives corruption."""

from __future__ import annotations

import json

from tests.helpers import corpus_indexes, project


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


def test_put_latest_replaces_the_entries_of_older_code(tmp_path):
    from newslint.cache import Cache

    cache = Cache(tmp_path / "c")
    family, other = "ab" + "1" * 18, "ab" + "2" * 18  # the same directory "ab"
    older, newer, unrelated = family + "0" * 20, family + "f" * 20, other + "0" * 20
    cache.put(older, "old index")
    cache.put(unrelated, "another index")
    cache.put_latest(newer, "new index")
    assert cache.get(newer) == "new index"
    assert cache.get(older) is None  # removed, not just shadowed
    assert not (tmp_path / "c" / older[:2] / older[2:]).exists()
    assert cache.get(unrelated) == "another index"


def test_an_upgrade_leaves_one_corpus_index(tmp_path, monkeypatch):
    from newslint import cache as cache_mod
    from newslint.checks import duplicates
    from newslint.engine import Linter

    (tmp_path / "newslint.toml").write_text('[duplicates]\ncorpus = "content/"\n')
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text("An article about the harbour.\n")
    (tmp_path / "draft.md").write_text("A draft about the market.\n")

    def index_files() -> list:
        return list(corpus_indexes(tmp_path / ".newslint_cache"))

    def run() -> None:
        duplicates._CORPUS_MEMO.clear()
        Linter(select=["NL204"], cache=True).run([str(tmp_path / "draft.md")])

    monkeypatch.setattr(cache_mod, "code_fingerprint", lambda: "an older newslint")
    run()
    before = index_files()
    assert len(before) == 1
    monkeypatch.setattr(cache_mod, "code_fingerprint", lambda: "this newslint")
    run()
    after = index_files()
    assert len(after) == 1 and after != before
