"""Start-up cost: the wall time of linting one small file, the pre-commit case.

    python bench/startup.py [--runs N] [--newslint CMD] [--proselint CMD] [--corpus DIR]

Runs, in alternation (so that a busy machine slows every command alike), N times each:

- ``python -c pass`` (the interpreter's own start-up, for scale);
- newslint on a file it has not seen (a cache miss: what pre-commit runs on a changed file);
- newslint on the same file again (a cache hit);
- newslint with ``--no-cache``;
- proselint on the same file, where installed;
- with ``--corpus DIR``, newslint on a file of a project whose ``newslint.toml`` sets
  ``[duplicates] corpus = DIR`` (a pre-commit hook that compares each commit with the
  whole repository): with the corpus index warm in the cache, and with ``--no-cache``
  (every run summarises the corpus again);

and prints the median of each and the ratio to proselint. Figures only: nothing here
asserts a time.

By default newslint is ``<this python> -m newslint``. In a development checkout that is an
editable install, whose import hook (``__editable___newslint_finder``) costs a user nothing;
to measure what users run, install newslint normally in a throwaway venv and point
``--newslint`` at it:

    python -m venv /tmp/nlvenv && /tmp/nlvenv/bin/pip install .
    python bench/startup.py --newslint /tmp/nlvenv/bin/newslint

(after a change to the code: ``/tmp/nlvenv/bin/pip install --no-deps --force-reinstall .``).
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

SMALL = """---
title: "Council approves budget"
date: 2024-02-01
author: "Sam Ortiz"
---

The city council approved next year's budget on Tuesday after a four-hour debate.
"We listened to every resident who wrote to us," said council member Ana Ruiz. She
said the final plan keeps library hours unchanged.
"""

# Installed packages have their bytecode compiled by pip; a PYTHONDONTWRITEBYTECODE set in
# the environment would make every run recompile the sources and measure that instead.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _run(cmd: list[str], cwd: str) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, capture_output=True, env=ENV, cwd=cwd)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--newslint", help="newslint command (default: this python -m newslint)")
    ap.add_argument("--proselint", default=shutil.which("proselint"), help="proselint command")
    ap.add_argument("--corpus", help="also time a file of a project with this corpus directory")
    args = ap.parse_args()
    newslint = shlex.split(args.newslint) if args.newslint else [sys.executable, "-m", "newslint"]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "story.md")

        def write(n: int) -> None:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(SMALL + f"\n<!-- revision {n} -->\n")

        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "newslint, changed file (cache miss)": [*newslint, "-q", path],
            "newslint, same file again (cache hit)": [*newslint, "-q", path],
            "newslint --no-cache": [*newslint, "--no-cache", "-q", path],
        }
        if args.proselint:
            commands["proselint"] = [*shlex.split(args.proselint), "check", path]
        cwds = {name: tmp for name in commands}
        if args.corpus:
            project = os.path.join(tmp, "project")
            os.mkdir(project)
            with open(os.path.join(project, "newslint.toml"), "w", encoding="utf-8") as fh:
                corpus = os.path.abspath(args.corpus).replace("\\", "/")
                fh.write(f'[duplicates]\ncorpus = "{corpus}"\n')
            with open(os.path.join(project, "story.md"), "w", encoding="utf-8") as fh:
                fh.write(SMALL)
            for name, extra in (("index warm", []), ("--no-cache", ["--no-cache"])):
                name = f"newslint, corpus set, {name}"
                commands[name] = [*newslint, *extra, "-q", "--exit-zero", "story.md"]
                cwds[name] = project
        write(0)
        for name, cmd in commands.items():  # warm-up (bytecode, file caches); a check
            out = subprocess.run(cmd, capture_output=True, text=True, env=ENV, cwd=cwds[name])
            if out.returncode not in (0, 1):  # 2: usage, config or internal error
                sys.exit(f"{name}: {' '.join(cmd)} failed ({out.returncode}):\n{out.stderr}")
        times: dict[str, list[float]] = {name: [] for name in commands}
        for n in range(1, args.runs + 1):
            for name, cmd in commands.items():
                if "cache miss" in name:
                    write(n)  # new content: nothing cached for it yet
                times[name].append(_run(cmd, cwds[name]))
    print(f"newslint: {' '.join(newslint)}   ({args.runs} runs each, median wall time)")
    pl = statistics.median(times["proselint"]) if "proselint" in times else None
    for name, samples in times.items():
        med = statistics.median(samples)
        ratio = f"   {med / pl:.2f}x proselint" if pl and name.startswith("newslint") else ""
        print(f"  {name:42s} {med * 1000:7.1f} ms{ratio}")
    if pl is None:
        print("  proselint: not installed (pip install proselint to compare)")


if __name__ == "__main__":
    main()
