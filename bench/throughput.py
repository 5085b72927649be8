"""Throughput of newslint against its peers on the same files.

    python bench/throughput.py --files 2000          # generate a corpus of 2,000 articles
    python bench/throughput.py --files 2000 --style stories  # news stories (bench/stories.py)
    python bench/throughput.py --dir ../shared/corpus  # or take a directory
    options: --runs 3 --jobs 0 --no-peers --warm

Runs newslint (all default rules, LanguageTool off, cache off unless --warm) and, where
installed, proselint (on PATH or $PROSELINT) and markdownlint-cli2 (on PATH), alternating
the tools run by run, and prints wall time, MB/s, files/s, peak memory (largest process), CPU time (user and
system, all of the tool's processes) and the ratios. The ratios are of wall time; the CPU
column shows what the machine gave each tool (on a shared machine two processes may get
less than two cores' worth); the ratio of each round (the tools one after the other) is
printed beside the ratio of the medians. Figures only: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

_MEASURE = r"""
import json, resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
peak = ru.ru_maxrss * 1024
cpu = ru.ru_utime + ru.ru_stime
print(json.dumps({"wall": wall, "cpu": cpu, "peak": peak, "rc": p.returncode, "err": p.stderr.decode()[-300:]}))
"""


def measure(cmd: list[str], cwd: str | None = None) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, *cmd], capture_output=True, text=True, cwd=cwd
    )
    return json.loads(out.stdout)


def files_and_size(root: str) -> tuple[list[str], int]:
    files = []
    for d, _, names in os.walk(root):
        for n in names:
            if n.endswith((".md", ".markdown", ".txt")):
                files.append(os.path.join(d, n))
    return files, sum(os.path.getsize(f) for f in files)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--dir")
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument(
        "--paragraphs", help="per generated article, MIN,MAX (bench/corpus.py's default by style)"
    )
    ap.add_argument(
        "--style",
        choices=("templated", "stories"),
        default="templated",
        help="of the generated corpus (bench/corpus.py)",
    )
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=0)
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--warm", action="store_true", help="also time a warm (cached) newslint re-run")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="newslint-bench-")
    try:
        root = args.dir
        if not root:
            root = os.path.join(tmp, "corpus")
            subprocess.run(
                [
                    sys.executable,
                    os.path.join(HERE, "corpus.py"),
                    root,
                    "--files",
                    str(args.files),
                    *(["--paragraphs", args.paragraphs] if args.paragraphs else []),
                    "--style",
                    args.style,
                ],
                check=True,
            )
        root = os.path.abspath(root)
        files, size = files_and_size(root)
        print(f"corpus: {root}: {len(files)} files, {size / 1e6:.1f} MB")

        tools: dict[str, list[str]] = {
            "newslint": [
                sys.executable,
                "-m",
                "newslint",
                "--isolated",
                "--no-cache",
                "-q",
                "--exit-zero",
                "--jobs",
                str(args.jobs),
                root,
            ],
        }
        if not args.no_peers:
            proselint = os.environ.get("PROSELINT") or shutil.which("proselint")
            if proselint:
                tools["proselint"] = [proselint, "check", root]
            else:
                print("proselint: not installed (pip install proselint, or set PROSELINT)")
            mdl = shutil.which("markdownlint-cli2")
            if mdl:
                tools["markdownlint-cli2"] = [mdl, os.path.join(root, "**", "*.md")]
            else:
                print("markdownlint-cli2: not installed (npm install -g markdownlint-cli2)")

        results: dict[str, list[dict]] = {name: [] for name in tools}
        for _ in range(args.runs):
            for name, cmd in tools.items():  # alternate tools run by run
                results[name].append(measure(cmd, cwd=tmp))
        print(f"\n{'tool':<20}{'wall s':>9}{'MB/s':>9}{'files/s':>10}{'peak MiB':>10}{'CPU s':>9}")
        best = {}
        for name, runs in results.items():
            wall = statistics.median(r["wall"] for r in runs)
            peak = max(r["peak"] for r in runs) / 2**20
            cpu = statistics.median(r["cpu"] for r in runs)
            best[name] = wall
            print(
                f"{name:<20}{wall:>9.2f}{size / 1e6 / wall:>9.2f}{len(files) / wall:>10.0f}"
                f"{peak:>10.0f}{cpu:>9.2f}"
            )
            if runs[0]["rc"] not in (0, 1):
                print(f"  ({name} exited {runs[0]['rc']}: {runs[0]['err'].strip()[:200]})")
        for name, wall in best.items():
            if name != "newslint":
                # each round's ratio too: the tools ran one after the other in it, so the
                # spread shows how far the machine moved the ratio between rounds
                rounds = [
                    r["wall"] / n["wall"]
                    for r, n in zip(results[name], results["newslint"], strict=True)
                ]
                spread = ", ".join(f"{x:.1f}x" for x in rounds)
                print(
                    f"newslint is {wall / best['newslint']:.1f}x the speed of {name}"
                    f" (round by round: {spread})"
                )
        if args.warm:
            warm_cmd = [a for a in tools["newslint"] if a != "--no-cache"]
            cold = measure(warm_cmd, cwd=tmp)  # fills the cache
            warm = statistics.median(measure(warm_cmd, cwd=tmp)["wall"] for _ in range(args.runs))
            print(
                f"\nnewslint cold (filling the cache) {cold['wall']:.2f} s, warm re-run {warm:.2f} s "
                f"({100 * warm / cold['wall']:.0f}% of cold)"
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
