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


def test_a_new_version_replaces_the_entry_of_its_first_half(tmp_path):
    from newslint.cache import Cache

    cache = Cache(tmp_path / "c")
    family, other = "ab" + "1" * 18, "ab" + "2" * 18  # the same directory "ab"
    older, newer, unrelated = family + "0" * 20, family + "f" * 20, other + "0" * 20
    cache.put(older, "old index")
    cache.put(unrelated, "another index")
    assert cache.get(older) == "old index"
    assert cache.get(newer) is None  # same first half, another version: a miss
    cache.put(newer, "new index")
    assert cache.get(newer) == "new index"
    assert cache.get(older) is None  # replaced, not just shadowed
    assert cache.get(unrelated) == "another index"
    assert len([p for p in (tmp_path / "c" / "ab").iterdir()]) == 2


def test_editing_a_file_keeps_one_entry_for_it(tmp_path, run_cli):
    proj = project(tmp_path, files={"a.md": "XYZZY one\n", "b.md": "Nothing here.\n"})
    for text in ("XYZZY one\n", "XYZZY two\n", "Nothing at all.\n", "XYZZY three\n"):
        (proj / "a.md").write_text(text)
        first = run_cli(".", "--format", "json", cwd=proj)
        warm = run_cli(".", "--format", "json", cwd=proj)
        assert json.loads(first.stdout) == json.loads(warm.stdout)
        assert first.returncode == warm.returncode == (1 if "XYZZY" in text else 0)
        assert len(_entries(proj)) == 2  # one per file, not one per version of it
    # each configuration keeps its own entry of the file
    run_cli(".", "--select", "EXG01", cwd=proj)
    assert len(_entries(proj)) == 4
    assert run_cli("a.md", "--format", "json", cwd=proj).returncode == 1


def test_an_entry_of_the_old_format_is_a_miss(tmp_path, run_cli):
    import pickle

    proj = project(tmp_path, files={"a.md": "XYZZY one\n"})
    cold = run_cli("a.md", "--format", "json", cwd=proj)
    (entry,) = _entries(proj)
    data = entry.read_bytes()
    value = pickle.loads(data[data.index(b"\n", data.index(b"\n") + 1) + 1 :])
    value.findings = []  # a result that a hit would report: no finding
    entry.write_bytes(b"newslint-cache-1\n" + pickle.dumps(value))
    again = run_cli("a.md", "--format", "json", cwd=proj)
    assert json.loads(again.stdout) == json.loads(cold.stdout) != []


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
    old_key = next(iter(before)).read_bytes().split(b"\n")[1]
    monkeypatch.setattr(cache_mod, "code_fingerprint", lambda: "this newslint")
    run()
    after = index_files()
    assert len(after) == 1
    (entry,) = after
    assert entry.read_bytes().split(b"\n")[1] != old_key  # the new code's, in its place
