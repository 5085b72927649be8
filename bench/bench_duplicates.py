"""Benchmark for the duplicates family (NL204's cross-file step).

Generates a corpus of scraped-news-like Markdown files in memory (front matter, 6-18
paragraphs, a newsletter footer in a third of the files, and planted copies: whole files
republished under another slug, paragraphs lifted into other files, reworded paragraphs),
summarises every file as NL204 does (in worker processes, like a real run), then times
the cross-file step over the summaries and prints:

    files, blocks (summarised blocks of 30+ words), MB of text, seconds to summarise,
    seconds for the cross-file step, bytes per block of summary, peak memory of the
    cross-file step, findings and recall on the planted copies.

    .venv/bin/python bench/bench_duplicates.py --files 25000 --jobs 2

``--sketch N`` instead compares the standard-library MinHash sketch with datasketch on N
paragraphs (run it with a Python that has datasketch, e.g. a scratch venv:
``PYTHONPATH=src /tmp/venv/bin/python bench/bench_duplicates.py --sketch 22000
--impl datasketch``). Nothing here is a test; it prints figures.
"""

from __future__ import annotations

import argparse
import os
import pickle
import random
import resource
import sys
import time
import tracemalloc

SYLLABLES = (
    "ka ra to mi ne lo sa vi de an po ru el si ta mo ber lin gar ven dor hal pin cus "
    "tra mel sor quin fa ga ho ju ke lu ma nu pe qui re su ti vo wa xe ya zo"
).split()
COMMON = (
    "the of and to in a is that for on was with said by at from his her as it be were "
    "are has have had not but their they this which an after police minister city "
    "government officials people year report council on tuesday monday week"
).split()

FOOTER = (
    "This story was produced by the Ledger newsroom. You are receiving this newsletter "
    "because you subscribed on our website; to stop receiving it, change the settings in "
    "your account or write to the address printed at the foot of page two."
)


def _vocabulary(rng: random.Random, n: int = 20000) -> list[str]:
    words = set()
    while len(words) < n:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))))
    return sorted(words)


_VOCAB: list[str] = []


def _paragraph(rng: random.Random) -> str:
    n = rng.randint(30, 110)
    out = []
    for _ in range(n):
        out.append(rng.choice(COMMON) if rng.random() < 0.45 else rng.choice(_VOCAB))
    out[0] = out[0].capitalize()
    return " ".join(out) + "."


def _reword(rng: random.Random, text: str) -> str:
    words = text.split()
    for i in range(len(words)):
        if rng.random() < 0.04:
            words[i] = rng.choice(_VOCAB)
    return " ".join(words)


def article(i: int, seed: int) -> str:
    """Article ``i`` of the corpus, built from a seed (the same in every process)."""
    rng = random.Random(seed * 1_000_003 + i)
    paras = [_paragraph(rng) for _ in range(rng.randint(6, 18))]
    plan = i % 100
    if plan < 2 and i >= 100:  # republished whole under another slug
        return article(i - 100 + 50, seed).replace("date: 2024-", "date: 2025-", 1)
    if 2 <= plan < 7 and i >= 100:  # one paragraph lifted from an earlier file
        src = random.Random(seed * 1_000_003 + i - 100 + 60)
        lifted = [_paragraph(src) for _ in range(src.randint(6, 18))][0]
        paras.insert(2, lifted)
    if 7 <= plan < 10 and i >= 100:  # a reworded paragraph from an earlier file
        src = random.Random(seed * 1_000_003 + i - 100 + 70)
        lifted = [_paragraph(src) for _ in range(src.randint(6, 18))][0]
        paras.insert(1, _reword(rng, lifted))
    if plan % 3 == 0:
        paras.append(FOOTER)
    title = " ".join(rng.choice(_VOCAB) for _ in range(6)).title()
    day = 1 + i % 28
    head = f'---\ntitle: "{title}"\ndate: 2024-{1 + i % 12:02d}-{day:02d}\n---\n\n'
    return head + "\n\n".join(paras) + "\n"


def _init(seed: int) -> None:
    global _VOCAB
    _VOCAB = _vocabulary(random.Random(seed))


def _summarise(args: tuple[int, int]) -> tuple[str, dict, int]:
    from newslint.checks.duplicates import DEFAULTS, summarize_document
    from newslint.document import Document

    i, seed = args
    text = article(i, seed)
    doc = Document(text, f"content/{i:06d}.md")
    return doc.path, summarize_document(doc, dict(DEFAULTS)), len(text.encode("utf-8"))


def corpus_bench(n: int, jobs: int, seed: int) -> None:
    from newslint.checks.duplicates import DEFAULTS, CrossFileCopy, cross_file_findings

    _init(seed)
    t0 = time.perf_counter()
    work = [(i, seed) for i in range(n)]
    if jobs > 1:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(jobs, _init, (seed,)) as pool:
            out = pool.map(_summarise, work, chunksize=64)
    else:
        out = [_summarise(w) for w in work]
    t_summary = time.perf_counter() - t0
    size = sum(b for _, _, b in out)
    files = [(p, s, True) for p, s, _ in out]
    blocks = sum(len(s["hashes"]) // 8 for _, s, _ in files)
    summary_bytes = sum(len(pickle.dumps(s)) for _, s, _ in files)

    t0 = time.perf_counter()
    findings = list(cross_file_findings(CrossFileCopy(), files, dict(DEFAULTS)))
    t_cross = time.perf_counter() - t0
    tracemalloc.start()  # a second pass for memory: tracemalloc slows allocation down
    list(cross_file_findings(CrossFileCopy(), files, dict(DEFAULTS)))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    def name(i: int) -> str:
        return f"content/{i:06d}.md"

    pairs = {(f.path, r.path) for f in findings for r in f.related}
    pairs |= {(b, a) for a, b in pairs}
    planted = {
        "whole files republished": [(name(i), name(i - 50)) for i in range(100, n) if i % 100 < 2],
        "paragraphs lifted": [(name(i), name(i - 40)) for i in range(100, n) if 2 <= i % 100 < 7],
        "paragraphs reworded": [
            (name(i), name(i - 30)) for i in range(100, n) if 7 <= i % 100 < 10
        ],
    }
    planted_files = {x for v in planted.values() for pair in v for x in pair}
    print(f"files                 {n}")
    print(f"blocks (30+ words)    {blocks}")
    print(f"text                  {size / 1e6:.1f} MB")
    print(f"summarise ({jobs} jobs)    {t_summary:.1f} s")
    print(f"cross-file step       {t_cross:.2f} s")
    print(f"summary per block     {summary_bytes / max(1, blocks):.0f} bytes (pickled)")
    print(
        f"cross-file peak       {peak / 1e6:.0f} MB traced on top of the summaries, "
        f"{peak / max(1, blocks):.0f} bytes per block"
    )
    print(f"findings              {len(findings)}")
    for label, want in planted.items():
        if want:
            print(f"recall, {label:24s} {sum(1 for pair in want if pair in pairs)}/{len(want)}")
    extra = {f.path for f in findings} - planted_files
    print(f"files flagged with no planted copy: {len(extra)}")


def sketch_bench(n: int, impl: str, seed: int) -> None:
    """Sketch and index ``n`` paragraphs (a fifth of them reworded copies of others)."""
    _init(seed)
    rng = random.Random(seed)
    from newslint import minhash

    base = [_paragraph(rng) for _ in range(n - n // 5)]
    copies = [_reword(rng, base[k]) for k in range(n // 5)]
    texts = base + copies
    shingle_sets = [minhash.shingles(minhash.words(t), 2) for t in texts]
    t0 = time.perf_counter()
    if impl == "stdlib":
        sigs = [minhash.sketch(s) for s in shingle_sets]
        buckets: dict[bytes, list[int]] = {}
        for i, sig in enumerate(sigs):
            for band in minhash.bands(sig):
                buckets.setdefault(band, []).append(i)
        found = 0
        for k in range(n // 5):
            i = len(base) + k
            cands = {j for band in minhash.bands(sigs[i]) for j in buckets[band] if j != i}
            if any(minhash.similarity(sigs[i], sigs[j]) >= 0.75 for j in cands if j == k):
                found += 1
    else:
        from datasketch import MinHash, MinHashLSH

        lsh = MinHashLSH(threshold=0.75, num_perm=minhash.SIZE)
        sigs = []
        for i, s in enumerate(shingle_sets):
            m = MinHash(num_perm=minhash.SIZE)
            m.update_batch([x.encode("utf-8") for x in s])
            sigs.append(m)
            lsh.insert(i, m)
        found = 0
        for k in range(n // 5):
            i = len(base) + k
            if k in lsh.query(sigs[i]):
                found += 1
    elapsed = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{impl:10s} paragraphs {n}  sketch+index {elapsed:.2f} s  "
        f"recall on reworded copies {found}/{n // 5}  max RSS {rss:.0f} MiB"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=2000, help="files to generate (default 2000)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--sketch", type=int, metavar="N", help="compare sketches on N paragraphs")
    ap.add_argument("--impl", choices=["stdlib", "datasketch"], default="stdlib")
    args = ap.parse_args(argv)
    if args.sketch:
        sketch_bench(args.sketch, args.impl, args.seed)
    else:
        corpus_bench(args.files, args.jobs, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
