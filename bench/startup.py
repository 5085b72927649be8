"""Start-up cost: import time of newslint.cli and the wall time of linting one small file.

    python bench/startup.py [--runs N]

Prints the median of N runs for each measurement, and proselint's time on the same file
where proselint is installed. Figures only: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
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


def _time(cmd: list[str], runs: int, env=None) -> float:
    samples = []
    subprocess.run(cmd, capture_output=True, env=env or ENV)  # warm-up: writes bytecode
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, env=env or ENV)
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def _import_ms(module: str, runs: int) -> float:
    code = f"import time; t=time.perf_counter(); import {module}; print(time.perf_counter()-t)"
    vals = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV)
        vals.append(float(out.stdout.strip()) * 1000)
    return statistics.median(vals)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "story.md")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(SMALL)
        py = _time([sys.executable, "-c", "pass"], args.runs)
        imp = _import_ms("newslint.cli", args.runs)
        lint = _time([sys.executable, "-m", "newslint", "--isolated", "-q", path], args.runs)
        print(f"python -c pass:                 {py * 1000:7.1f} ms")
        print(f"import newslint.cli:            {imp:7.1f} ms")
        print(f"newslint one small file (wall): {lint * 1000:7.1f} ms")
        proselint = shutil.which("proselint")
        if proselint:
            pl = _time([proselint, path], args.runs)
            print(
                f"proselint one small file:       {pl * 1000:7.1f} ms  (ratio newslint/proselint {lint / pl:.2f})"
            )
        else:
            print("proselint: not installed (pip install proselint to compare)")


if __name__ == "__main__":
    main()
