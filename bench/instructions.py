"""Instructions, not seconds: newslint's work over a directory, counted by valgrind.

    python bench/instructions.py DIR                 # newslint, one process
    python bench/instructions.py DIR --proselint     # and proselint on the same files
    options: --python PY (the interpreter with newslint installed; default this one)

Wall time on a shared two-core machine swings by 20-40% from minute to minute, so a
change of a few percent cannot be seen in seconds. valgrind's instruction count of the
same run is the same every time: this prints it for a one-process run (``--jobs 1``,
cache off, every default rule), per input byte, and the ratio to proselint's when asked.
It needs valgrind (Debian package ``valgrind``); runs take about 50 times longer than
without it, so point it at a sample of a few hundred files. Figures only.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile


def count(cmd: list[str]) -> int:
    """Instructions executed by ``cmd`` and every process it starts."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "cg.%p")
        env = dict(os.environ)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # a real install has its .pyc files
        run = subprocess.run(
            [
                "valgrind",
                "--tool=cachegrind",
                "--cache-sim=no",
                "--trace-children=yes",
                f"--cachegrind-out-file={out}",
                *cmd,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        total = sum(
            int(n.replace(",", "")) for n in re.findall(r"I\s+refs:\s+([\d,]+)", run.stderr)
        )
        if not total:
            sys.exit(f"valgrind printed no count: {run.stderr[-500:]}")
        return total


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("dir")
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--proselint", action="store_true", help="also count proselint (slow)")
    args = ap.parse_args()
    if not shutil.which("valgrind"):
        sys.exit("valgrind is not installed (apt-get install valgrind)")
    size = 0
    files = 0
    for d, _, names in os.walk(args.dir):
        for n in names:
            if n.endswith((".md", ".markdown", ".txt")):
                size += os.path.getsize(os.path.join(d, n))
                files += 1
    print(f"{args.dir}: {files} files, {size / 1e6:.2f} MB")
    nl = count(
        [
            args.python,
            "-m",
            "newslint",
            "--isolated",
            "--no-cache",
            "-q",
            "--exit-zero",
            "--jobs",
            "1",
            args.dir,
        ]
    )
    print(f"newslint   {nl:>16,} instructions  {nl / max(size, 1):>8,.0f} per byte")
    if args.proselint:
        proselint = os.environ.get("PROSELINT") or shutil.which("proselint")
        if not proselint:
            print("proselint: not installed (pip install proselint, or set PROSELINT)")
            return
        pl = count([proselint, "check", args.dir])
        print(f"proselint  {pl:>16,} instructions  {pl / max(size, 1):>8,.0f} per byte")
        print(f"proselint executes {pl / nl:.1f}x newslint's instructions on these files")


if __name__ == "__main__":
    main()
