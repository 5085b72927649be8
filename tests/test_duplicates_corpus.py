"""NL204: blocks shared across files of a run or of the configured corpus directory."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

from newslint.document import Document
from newslint.engine import Linter

WIRE = Path(__file__).parent / "fixtures" / "duplicates" / "wire"

STRIKE = (
    "About 1,400 dock workers at Port Ellery walked out at dawn on Saturday after talks on a\n"
    "new pay deal collapsed late on Friday, leaving eleven container ships waiting at anchor\n"
    "and the port's two cranes idle for the first time since the terminal opened in 2009.\n"
)

FOOTER = (
    "The Weekly Ledger is written by the newsroom of the Ferris Valley Gazette. You are "
    "receiving it because you subscribed on our website; to stop receiving it, use the link "
    "in your account settings, or write to us at the address printed on page two.\n"
)

STORIES = [
    "A fox cub was rescued from a storm drain on Elm Street by two firefighters on Tuesday.",
    "The library will extend its opening hours on Thursdays from next month, the trust said.",
    "Work on the new cycle bridge over the canal is two weeks ahead of schedule.",
    "The farmers' market returns to the square on Saturday with twenty new stalls.",
    "A retired teacher has walked the length of the county coast path for charity.",
    "The council is consulting residents on a plan to plant 3,000 trees by 2027.",
]


def run(paths, select=("NL204",), **kw):
    linter = Linter(isolated=kw.pop("isolated", True), select=list(select), **kw)
    return linter.run([str(p) for p in paths]).findings


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_shared_paragraph_and_whole_file_copy():
    files = sorted(WIRE.glob("*.md"))
    found = run(files)
    got = [(Path(f.path).name, f.line, f.column, f.end_line, f.end_column) for f in found]
    assert got == [
        ("2024-03-05-harbour-strike-talks.md", 9, 1, 11, 85),
        ("2024-03-09-dock-walkout-ellery.md", 1, 1, 1, 1),
    ]
    block, whole = found
    # related: the older story first, then the republished copy
    assert [(Path(r.path).name, r.line, r.column) for r in block.related] == [
        ("2024-03-02-harbour-strike.md", 6, 1),
        ("2024-03-09-dock-walkout-ellery.md", 6, 1),
    ]
    assert "2024-03-02-harbour-strike.md" in block.message
    # the republished story: one finding for the whole file, not one per block
    assert whole.message.startswith("the whole file is a copy (100% similar) of ")
    assert Path(whole.related[0].path).name == "2024-03-02-harbour-strike.md"


def test_older_file_is_the_original_whatever_the_path_order(tmp_path):
    a = write(
        tmp_path / "a-later.md",
        f"---\ndate: 2024-05-02\n---\n\n{STORIES[0]}\n\n{STRIKE}\n{STORIES[1]}\n",
    )
    b = write(
        tmp_path / "b-earlier.md",
        f"---\ndate: 2024-04-30\n---\n\n{STORIES[2]}\n\n{STRIKE}\n{STORIES[3]}\n",
    )
    found = run([a, b])
    assert [(Path(f.path).name, f.line, f.column) for f in found] == [("a-later.md", 7, 1)]
    assert Path(found[0].related[0].path).name == "b-earlier.md"


def test_reworded_copy_across_files(tmp_path):
    reworded = STRIKE.replace("container ships", "cargo ships")
    a = write(tmp_path / "2024/strike.md", f"---\ndate: 2024-03-02\n---\n\n{STRIKE}")
    # The copy carries a story of its own: without it the file's prose would be the
    # reworded paragraph alone (true Jaccard 0.90), a whole-file copy.
    b = write(
        tmp_path / "2024/strike-copy.txt",
        f"Port Ellery (Reuters)\n\nToday.\n\n{reworded}\n{STORIES[4]}\n",
    )
    found = run([a, b])
    assert [(Path(f.path).name, f.line, f.column) for f in found] == [("strike-copy.txt", 5, 1)]
    assert found[0].message.startswith("block is a near copy (")
    assert found[0].message.endswith("similar) of a block in " + str(a))


def test_boilerplate_footer_is_silent_but_a_pair_is_not(tmp_path):
    many = [
        write(tmp_path / "letters" / f"issue-{i}.md", f"# Issue {i}\n\n{story}\n\n{FOOTER}")
        for i, story in enumerate(STORIES)
    ]
    assert run(many) == []
    # The same footer in only two files is a copy.
    found = run(many[:2])
    assert [(Path(f.path).name, f.line, f.column) for f in found] == [("issue-1.md", 5, 1)]


def test_configured_corpus_finds_copies_for_one_changed_file(tmp_path, run_cli):
    write(tmp_path / "newslint.toml", '[duplicates]\ncorpus = "content/"\n')
    write(tmp_path / "content" / "2024" / "strike.md", f"---\ndate: 2024-03-02\n---\n\n{STRIKE}")
    write(tmp_path / "content" / "2024" / "other.md", "---\ndate: 2024-03-03\n---\n\nOther news.\n")
    changed = write(
        tmp_path / "content" / "2024" / "strike-again.md",
        f"---\ndate: 2024-03-01\n---\n\n{STORIES[4]}\n\n{STRIKE}\n{STORIES[5]}\n",
    )
    # pre-commit passes only the changed file; it is older by date but it is the one
    # being committed, and the repository's copy is already there
    proc = run_cli(
        "--select",
        "NL204",
        "--fail-on",
        "info",
        "--format",
        "jsonl",
        "content/2024/strike-again.md",
        cwd=tmp_path,
    )
    rows = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert proc.returncode == 1, proc.stderr.decode()
    assert [(r["path"], r["line"], r["column"]) for r in rows] == [
        ("content/2024/strike-again.md", 7, 1)
    ]
    assert rows[0]["related"][0]["path"].endswith("content/2024/strike.md")
    assert rows[0]["related"][0]["line"] == 5
    # The same run without the corpus setting sees one file and stays silent.
    write(tmp_path / "newslint.toml", "[duplicates]\n")
    proc = run_cli("--select", "NL204", "--format", "jsonl", str(changed), cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.decode().strip() == ""


def test_summary_is_small_and_holds_no_text():
    from newslint.checks.duplicates import DEFAULTS, summarize_document

    text = (WIRE / "2024-03-05-harbour-strike-talks.md").read_text(encoding="utf-8") * 1
    summary = summarize_document(Document(text, "talks.md"), dict(DEFAULTS))
    blob = pickle.dumps(summary)
    assert len(summary["hashes"]) == 8  # one block of 30+ words
    assert b"dock workers" not in blob and b"Ellery" not in blob
    assert len(blob) < 700


def test_short_blocks_are_not_compared(tmp_path):
    a = write(
        tmp_path / "a.md", "Thanks for reading. Share this story with a friend today.\n\nStory A.\n"
    )
    b = write(
        tmp_path / "b.md", "Thanks for reading. Share this story with a friend today.\n\nStory B.\n"
    )
    assert run([a, b]) == []


def test_rust_install_paragraph_is_boilerplate(shared_dir):
    content = shared_dir / "corpus" / "rust-blog" / "content"
    files = sorted(content.glob("Rust-1.*.md"))
    if len(files) < 20:
        import pytest

        pytest.skip("rust-blog release posts not present")
    found = run(files)
    for f in found:
        line = Path(f.path).read_text(encoding="utf-8").splitlines()[f.line - 1]
        assert "rustup update stable" not in line and "via rustup" not in line, (f.path, f.line)


def test_story_republished_six_times_is_still_reported(tmp_path):
    body = f"{STRIKE}\n{STORIES[0]} {STORIES[1]}\n\n{STORIES[2]} {STORIES[3]}\n"
    paths = [
        write(tmp_path / f"strike-{n}.md", f"---\ndate: 2024-03-0{n}\n---\n\n{body}")
        for n in range(1, 7)
    ]
    found = run(paths)
    assert [(Path(f.path).name, f.line, f.column) for f in found] == [
        (f"strike-{n}.md", 1, 1) for n in range(2, 7)
    ]
    assert all(Path(f.related[0].path).name == "strike-1.md" for f in found)


def test_corpus_summaries_are_reused_until_a_file_changes(tmp_path):
    write(tmp_path / "newslint.toml", '[duplicates]\ncorpus = "content/"\n')
    old = write(tmp_path / "content" / "strike.md", f"---\ndate: 2024-03-02\n---\n\n{STRIKE}")
    draft = f"---\ndate: 2024-03-04\n---\n\n{STORIES[4]}\n\n{STRIKE}\n{STORIES[5]}\n"
    linter = Linter(select=["NL204"])
    path = str(tmp_path / "drafts" / "strike-again.md")
    first = linter.lint_text(draft, path)
    assert [(f.line, f.column) for f in first] == [(7, 1)]
    assert linter.lint_text(draft, path) == first  # from the in-process memo
    write(old, f"---\ndate: 2024-03-02\n---\n\n{STORIES[0]}\n")  # the copy is gone
    assert linter.lint_text(draft, path) == []


def _fork_available() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def test_background_result_and_fallback():
    import os

    import pytest

    from newslint.parallel import in_background

    if not _fork_available():
        pytest.skip("no fork on this platform: the whole-file step runs in-process")
    later = in_background(pow, 2, 10)
    assert later is not None and later() == 1024
    parent = os.getpid()

    def only_here() -> int:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return 7

    later = in_background(only_here)
    assert later is not None and later() == 7  # computed again in this process


def test_large_run_finds_a_whole_file_copy_with_the_background_step(monkeypatch):
    # 2,000 files or more: the whole-file comparisons run in a second process
    import random

    from newslint import minhash, parallel
    from newslint.checks.duplicates import CrossFileCopy, _options, cross_file_findings

    started = []
    real = parallel.in_background

    def spy(fn, *args):
        later = real(fn, *args)
        started.append(later is not None)
        return later

    monkeypatch.setattr(parallel, "in_background", spy)

    rng = random.Random(5)

    def summary(words: list[str]) -> dict:
        sig = minhash.sketch(minhash.shingles(words, 2))
        return {
            "v": 2, "date": "", "hashes": b"", "sigs": b"", "pos": b"", "words": b"",
            "file_sig": sig, "total_words": len(words), "prose_share": 1.0,
        }  # fmt: skip

    vocab = [f"w{i}" for i in range(5000)]
    files = []
    for n in range(2100):
        files.append((f"f{n:04d}.md", summary(rng.choices(vocab, k=120)), True))
    files.append(("z-copy.md", dict(files[17][1]), True))  # a whole-file copy of f0017
    found = list(cross_file_findings(CrossFileCopy(), files, _options(None)))
    assert [(f.path, f.line) for f in found] == [("z-copy.md", 1)]
    assert "f0017.md" in found[0].message
    assert started == [_fork_available()]


def test_summary_sketches_are_the_sketches_of_the_block_hashes():
    # The file's sketch is built from the bins of the blocks' sketches (each sketched
    # block's hashes lower it as they go): the sketch of all the file's hashes at once.
    import random

    from newslint import minhash
    from newslint.checks import duplicates
    from newslint.document import PLACEHOLDER

    rng = random.Random(47)
    opts = duplicates._options(None)
    pool = [STRIKE, FOOTER, *STORIES, "## Harbour strike: day two", "> " + STORIES[2]]
    pool += ["Café owners in Łódź said the “new rules” were *unclear* at best, again."]
    for _ in range(200):
        text = "\n\n".join(rng.choice(pool) for _ in range(rng.randint(0, 8)))
        doc = Document(text + "\n", "t.md")
        got = duplicates.summarize_document(doc, opts)
        kinds = duplicates.block_kinds(doc)
        every, sigs = [], b""
        for b in doc.blocks:
            if b.kind not in ("paragraph", "list_item", "quote", "heading"):
                continue
            tokens = b.words
            if PLACEHOLDER in b.text:
                tokens = minhash.words(duplicates.expanded(doc, b))
            if len(tokens) < 3:
                continue
            hs = minhash.hashes(minhash.shingles(tokens, 2))
            every += hs
            if kinds[b.index] not in ("heading", "quote") and len(tokens) >= 30:
                sigs += minhash.sketch_of(hs)
        assert got["sigs"] == sigs
        assert got["file_sig"] == (minhash.sketch_of(every) if every else None)


def test_equal_key_runs_are_the_sorted_groups():
    import random

    from newslint.checks import duplicates

    rng = random.Random(53)
    for _ in range(300):
        pool = [
            rng.getrandbits(64) - (1 << 63) * rng.randint(0, 1) for _ in range(rng.randint(1, 30))
        ]
        keys = [rng.choice(pool) for _ in range(rng.randint(0, 200))]
        want, run = [], []
        for k, b in sorted((k, b) for b, k in enumerate(keys)):
            if run and keys[run[-1]] != k:
                want.append(run)
                run = []
            run.append(b)
        want = [r for r in [*want, run] if len(r) > 1]
        assert list(duplicates._equal_key_runs(keys)) == want


def test_clusters_are_the_union_find_roots():
    import random
    from array import array

    from newslint.checks import duplicates

    rng = random.Random(59)
    for _ in range(300):
        n = rng.randint(1, 120)
        uf = duplicates._Find(n)
        for _ in range(rng.randint(0, n)):
            uf.union(rng.randrange(n), rng.randrange(n))
            if rng.random() < 0.3:
                uf(rng.randrange(n))  # path halving on the way
        fresh = duplicates._Find(n)
        fresh.parent = array("I", uf.parent)  # as the unions left it
        roots = [uf(b) for b in range(n)]
        want: dict[int, list[int]] = {r: [] for b, r in enumerate(roots) if r != b}
        for b, r in enumerate(roots):
            if r in want:
                want[r].append(b)
        got = duplicates._clusters(fresh)
        assert list(got.items()) == list(want.items())


# -- the corpus index in the cache (a pre-commit run does not summarise the corpus again) --


def _corpus_repo(tmp_path: Path) -> tuple[Path, Path, Path]:
    write(tmp_path / "newslint.toml", '[duplicates]\ncorpus = "content/"\n')
    strike = write(
        tmp_path / "content" / "2024" / "strike.md", f"---\ndate: 2024-03-02\n---\n\n{STRIKE}"
    )
    other = write(
        tmp_path / "content" / "2024" / "library.md",
        f"---\ndate: 2024-03-03\n---\n\n{STORIES[1]}\n",
    )
    draft = write(
        tmp_path / "drafts" / "strike-again.md",
        f"---\ndate: 2024-03-04\n---\n\n{STORIES[4]}\n\n{STRIKE}\n{STORIES[5]}\n",
    )
    return strike, other, draft


def _count_summaries(monkeypatch) -> list[str]:
    from newslint.checks import duplicates

    calls: list[str] = []
    real = duplicates._summarize_path

    def counting(work):
        calls.append(Path(work[0]).name)
        return real(work)

    monkeypatch.setattr(duplicates, "_summarize_path", counting)
    return calls


def _new_process_run(draft: Path) -> list[tuple[int, int]]:
    """A run as a new process makes it: nothing in memory, the cache on disk."""
    from newslint.checks import duplicates

    duplicates._CORPUS_MEMO.clear()
    linter = Linter(select=["NL204"], cache=True)
    return [(f.line, f.column) for f in linter.run([str(draft)]).findings]


def _index_of(tmp_path: Path):
    from newslint.cache import Cache
    from newslint.checks import duplicates

    linter = Linter(select=["NL204"], cache=True)
    settings = linter.settings_for(str(tmp_path / "drafts" / "strike-again.md"))
    opts = duplicates._options(settings)
    key = duplicates.corpus_index_key(settings, opts, str(tmp_path / "content"))
    return Cache(tmp_path / ".newslint_cache"), key


def test_corpus_index_is_cached_and_only_changed_files_are_summarised(tmp_path, monkeypatch):
    import os

    from newslint.checks import duplicates

    # as in a repository whose files were written a while ago: every stamp is settled, so
    # the stamp alone decides whenever it is unchanged
    monkeypatch.setattr(duplicates, "_RACY_NS", 0)
    strike, other, draft = _corpus_repo(tmp_path)
    calls = _count_summaries(monkeypatch)
    assert _new_process_run(draft) == [(7, 1)]
    assert sorted(calls) == ["library.md", "strike.md"]
    cache, key = _index_of(tmp_path)
    assert cache.get(key)["files"]  # the index is on disk

    calls.clear()
    assert _new_process_run(draft) == [(7, 1)]
    assert calls == []  # every corpus file from the index

    write(other, f"---\ndate: 2024-03-03\n---\n\n{STORIES[2]}\n")
    calls.clear()
    assert _new_process_run(draft) == [(7, 1)]
    assert calls == ["library.md"]

    # touched (a checkout, a cache restored on a new CI machine): same bytes, not summarised
    st = os.stat(strike)
    os.utime(strike, ns=(st.st_atime_ns, st.st_mtime_ns - 5_000_000_000))
    calls.clear()
    assert _new_process_run(draft) == [(7, 1)]
    assert calls == []

    # new bytes of the same size behind the old modification time: the change time
    # (which no program sets back) tells, and the copy is gone
    before = os.stat(strike)
    old_text = strike.read_text(encoding="utf-8")
    new_text = old_text.replace("dock workers", "dock_workers")
    assert len(new_text) == len(old_text)
    new_text = new_text.replace(STRIKE.replace("dock workers", "dock_workers"), "")
    new_text += STORIES[0].ljust(len(old_text) - len(new_text) - 1) + "\n"
    assert len(new_text.encode()) == before.st_size
    strike.write_text(new_text, encoding="utf-8")
    os.utime(strike, ns=(before.st_atime_ns, before.st_mtime_ns))
    calls.clear()
    assert _new_process_run(draft) == []
    assert calls == ["strike.md"]


def test_a_damaged_corpus_index_is_ignored_and_rewritten(tmp_path, monkeypatch):
    strike, other, draft = _corpus_repo(tmp_path)
    calls = _count_summaries(monkeypatch)
    assert _new_process_run(draft) == [(7, 1)]
    cache, key = _index_of(tmp_path)
    entry = cache._path(key)
    for damage in (b"not a pickle", entry.read_bytes()[:100]):
        entry.write_bytes(damage)
        calls.clear()
        assert _new_process_run(draft) == [(7, 1)]
        assert sorted(calls) == ["library.md", "strike.md"]
        assert cache.get(key)["files"]  # rewritten whole
    # a well-formed pickle of the wrong shape is not trusted either
    cache.put(key, {"v": 1, "files": {"2024/strike.md": ("stamp", True, b"x", None)}})
    calls.clear()
    assert _new_process_run(draft) == [(7, 1)]
    assert sorted(calls) == ["library.md", "strike.md"]


def test_no_cache_writes_no_corpus_index(tmp_path, monkeypatch):
    from newslint.checks import duplicates

    strike, other, draft = _corpus_repo(tmp_path)
    duplicates._CORPUS_MEMO.clear()
    linter = Linter(select=["NL204"], cache=False)
    assert [(f.line, f.column) for f in linter.run([str(draft)]).findings] == [(7, 1)]
    assert not (tmp_path / ".newslint_cache").exists()


def test_corpus_index_across_processes(tmp_path, run_cli):
    """Real processes: the second run reads the index and leaves it as it is; a deleted
    corpus file is gone from the findings and from the index."""
    import os
    import time

    from newslint.checks.duplicates import _RACY_NS

    strike, other, draft = _corpus_repo(tmp_path)
    # files written a moment ago are checked by their digest until their stamps settle
    time.sleep(_RACY_NS / 1e9 + 0.1)
    args = ("--select", "NL204", "--fail-on", "info", "--format", "jsonl", "drafts/strike-again.md")
    first = run_cli(*args, cwd=tmp_path)
    assert first.returncode == 1, first.stderr.decode()
    cache, key = _index_of(tmp_path)
    entry = cache._path(key)
    written = os.stat(entry).st_mtime_ns
    second = run_cli(*args, cwd=tmp_path)
    assert second.stdout == first.stdout and second.returncode == 1
    assert os.stat(entry).st_mtime_ns == written  # nothing changed: not rewritten
    rows = [json.loads(line) for line in first.stdout.decode().splitlines()]
    assert rows[0]["related"][0]["path"].endswith("content/2024/strike.md")
    strike.unlink()
    third = run_cli(*args, cwd=tmp_path)
    assert third.returncode == 0 and third.stdout == b"", third.stderr.decode()
    assert sorted(cache.get(key)["files"]) == ["2024/library.md"]


def test_whole_file_step_needs_only_the_windows_of_the_run():
    """With files of the corpus outside the run (sorted first), the whole-file step looks
    only at the run's files, and finds for them what it finds looking at every file."""
    import random

    from newslint import minhash
    from newslint.checks.duplicates import _options, _order, _whole_file_copies

    rng = random.Random(11)
    vocab = [f"w{i}" for i in range(400)]
    bases = [rng.choices(vocab, k=150) for _ in range(30)]

    def summary(words: list[str], date: str) -> dict:
        return {
            "v": 2, "date": date, "hashes": b"", "sigs": b"", "pos": b"", "words": b"",
            "file_sig": minhash.sketch(minhash.shingles(words, 2)),
            "total_words": len(words), "prose_share": 1.0,
        }  # fmt: skip

    pool = []
    for n in range(300):
        words = list(rng.choice(bases))  # copies, near copies and series of one text
        for _ in range(rng.choice([0, 0, 2, 10, 40])):
            words[rng.randrange(len(words))] = rng.choice(vocab)
        pool.append((f"f{n:03d}.md", summary(words, f"2024-01-{1 + n % 28:02d}")))
    opts = _options(None)
    compared = 0
    for _trial in range(20):
        run = set(rng.sample(range(len(pool)), rng.choice([1, 3, 20, 150])))
        files = sorted(((p, s, i in run) for i, (p, s) in enumerate(pool)), key=_order)
        everything = [(p, s, True) for p, s, _ in files]  # the same order, every window
        restricted = _whole_file_copies(files, opts)
        full = _whole_file_copies(everything, opts)
        in_run = [fi for fi, (_p, _s, r) in enumerate(files) if r]
        assert {fi: restricted.get(fi) for fi in in_run} == {fi: full.get(fi) for fi in in_run}
        compared += sum(1 for fi in in_run if fi in full)
    assert compared > 20  # the trials hold whole-file copies in the run


def test_corpus_paths_are_relative_to_the_working_directory(tmp_path, monkeypatch):
    """The paths of corpus files (shown in ``related``) are ``os.path.relpath`` of each file,
    however the corpus directory is written and wherever the run starts."""
    import os

    from newslint.checks import duplicates
    from newslint.files import discover

    write(tmp_path / "site" / "content" / "2024" / "strike.md", STRIKE)
    write(tmp_path / "site" / "content" / "top.md", STORIES[0] + "\n")
    (tmp_path / "elsewhere").mkdir()
    linter = Linter(isolated=True)
    settings = linter.settings_for(None)
    opts = duplicates._options(settings)
    site = tmp_path / "site"
    for corpus in ("content", "content/", "./content", str(site / "content")):
        for cwd in (site, tmp_path / "elsewhere", site / "content", site / "content" / "2024"):
            monkeypatch.chdir(cwd)
            duplicates._CORPUS_MEMO.clear()
            top = os.path.join(str(site), corpus)
            paths = list(discover([top], settings))
            got = sorted(rel for rel, _s in duplicates.corpus_summaries(paths, settings, opts, top))
            assert got == sorted(os.path.relpath(p) for p in paths), (corpus, cwd)
            assert len(got) == 2


# -- a run against a corpus: the query form ---------------------------------------------


def _paragraph(rng, vocab: list[str], n: int = 60) -> list[str]:
    return [rng.choice(vocab) for _ in range(n)]


def _summaries_of(texts: dict[str, str]) -> list[tuple[str, dict]]:
    from newslint.checks.duplicates import _options, summarize_document

    opts = _options(None)
    return [(p, summarize_document(Document(t, p), opts)) for p, t in texts.items()]


def _findings_of(monkeypatch, pool, run: set[int], share: int) -> list[tuple]:
    from newslint.checks import duplicates

    monkeypatch.setattr(duplicates, "_QUERY_SHARE", share)
    rule = duplicates.CrossFileCopy()
    files = [(p, s, i in run) for i, (p, s) in enumerate(pool)]
    found = duplicates.cross_file_findings(rule, files, duplicates._options(None))
    # in file and line order (the engine sorts every finding; the two forms yield in
    # the order of their clusters and of the run's blocks)
    return sorted(
        (f.path, f.line, f.column, f.end_line, f.end_column, f.message, f.severity,
         [(r.path, r.line, r.column) for r in f.related])
        for f in found
    )  # fmt: skip


def test_a_run_against_a_corpus_finds_what_clustering_finds(monkeypatch):
    """The query form (a few files against a corpus) and the clusters of every block
    agree where no chain of near copies is involved: exact copies, light rewrites,
    boilerplate in many files, unrelated stories, in files of the corpus and of the run."""
    import random

    rng = random.Random(5)
    vocab = [f"word{i}" for i in range(3000)]
    unique = [_paragraph(rng, vocab) for _ in range(120)]
    shared = [_paragraph(rng, vocab) for _ in range(25)]  # each copied into a few files
    footer = _paragraph(rng, vocab, 45)  # boilerplate: in a dozen files
    texts = {}
    for n in range(60):
        paras = [unique[2 * n], unique[2 * n + 1]]
        for k in rng.sample(range(len(shared)), rng.choice([0, 1, 2])):
            words = list(shared[k])
            for _ in range(rng.choice([0, 0, 1, 2])):  # light rewrites: Jaccard >= 0.85
                words[rng.randrange(len(words))] = rng.choice(vocab)
            paras.append(words)
        rng.shuffle(paras)
        if n % 5 == 0:
            paras.append(footer)
        body = "\n\n".join(" ".join(p).capitalize() + "." for p in paras)
        texts[f"content/{n:02d}.md"] = f"---\ndate: 2024-02-{1 + n % 28:02d}\n---\n\n{body}\n"
    # a file that repeats a shared paragraph (its equal blocks are looked at once)
    twice = " ".join(shared[0]).capitalize() + "."
    texts["content/zz.md"] = f"{twice}\n\n{' '.join(unique[-1])}.\n\n{twice}\n\n{twice}\n"
    pool = _summaries_of(texts)
    reported = 0
    trials = [set(rng.sample(range(len(pool)), rng.choice([1, 1, 2, 3]))) for _ in range(25)]
    for run in [*trials, {len(pool) - 1}, {0, len(pool) - 1}]:
        clustered = _findings_of(monkeypatch, pool, run, 10**9)  # never the query form
        queried = _findings_of(monkeypatch, pool, run, 1)  # always, with a corpus
        assert queried == clustered
        reported += len(clustered)
    assert reported >= 10  # the trials do hold copies to report
    # a run of every file clusters (no corpus outside the run): both settings agree too
    everything = set(range(len(pool)))
    assert _findings_of(monkeypatch, pool, everything, 1) == _findings_of(
        monkeypatch, pool, everything, 10**9
    )


def test_a_series_chained_to_a_run_file_is_boilerplate(monkeypatch):
    """Six posts, each a light rewrite of the one before: the last is close only to its
    neighbours, but chained to six files it is a series, not a copy to report; against
    its two neighbours alone it is a copy."""
    import random

    rng = random.Random(8)
    vocab = [f"word{i}" for i in range(3000)]
    words = _paragraph(rng, vocab)
    texts = {}
    for n in range(6):
        for _ in range(3):  # three more words changed at each step
            words[rng.randrange(len(words))] = rng.choice(vocab)
        intro = " ".join(_paragraph(rng, vocab, 40)).capitalize()
        texts[f"posts/{n}.md"] = f"{intro}.\n\n{' '.join(words).capitalize()}.\n"
    pool = _summaries_of(texts)
    last = len(pool) - 1
    assert _findings_of(monkeypatch, pool, {last}, 1) == []
    near = _findings_of(monkeypatch, pool[-3:], {2}, 1)
    assert [(p, line) for p, line, *_ in near] == [("posts/5.md", 3)]
    assert "posts/4.md" in near[0][5]


def test_a_few_files_against_a_corpus_take_the_query_form(tmp_path, monkeypatch):
    from newslint.checks import duplicates

    calls: list[int] = []
    real = duplicates._run_against_corpus

    def spy(rule, files, opts, owner, local, first):
        calls.append(len(owner) - first)
        return real(rule, files, opts, owner, local, first)

    monkeypatch.setattr(duplicates, "_run_against_corpus", spy)
    strike, other, draft = _corpus_repo(tmp_path)
    import random

    rng = random.Random(3)
    vocab = [f"word{i}" for i in range(3000)]
    for n in range(60):  # a corpus fifty times the run's blocks and more
        text = " ".join(_paragraph(rng, vocab)).capitalize()
        write(tmp_path / "content" / "more" / f"{n}.md", f"{text}.\n")
    duplicates._CORPUS_MEMO.clear()
    found = Linter(select=["NL204"], cache=False).run([str(draft)]).findings
    assert [(f.line, f.column) for f in found] == [(7, 1)]
    assert calls and calls[0] <= 5  # the draft's blocks only
    calls.clear()
    files = sorted((tmp_path / "content").rglob("*.md"))
    Linter(select=["NL204"], cache=False).run([str(p) for p in files])
    assert calls == []  # every file in the run: the clusters of every block


def test_a_footer_of_many_files_is_boilerplate_in_the_query_form(monkeypatch):
    import random

    rng = random.Random(4)
    vocab = [f"word{i}" for i in range(3000)]

    def letter(n: int) -> str:
        return f"# Issue {n}\n\n{' '.join(_paragraph(rng, vocab)).capitalize()}.\n\n{FOOTER}"

    pool = _summaries_of({f"letters/{n:03d}.md": letter(n) for n in range(80)})
    assert _findings_of(monkeypatch, pool, {79}, 1) == []
    pair = _findings_of(monkeypatch, pool[:2], {1}, 1)
    assert [(p, line) for p, line, *_ in pair] == [("letters/001.md", 5)]
