"""Where a run's wall time goes: timestamps around the pool and the cross-file step.

    python bench/phases.py DIR [newslint options]

Runs the CLI in this process (``--isolated --no-cache --exit-zero -q --format json``,
output discarded) and prints, in seconds from the start of this script: imports done,
the pool called, its first result, its end, and the start and end of ``Linter.finish``
(the cross-file step, suppressions and sorting). Figures only; run it a few times.
"""

from __future__ import annotations

import io
import sys
import time
from collections.abc import Iterator
from typing import Any

T0 = time.perf_counter()


def main() -> None:
    import newslint.cli as cli
    import newslint.engine as engine
    import newslint.parallel as parallel

    marks: list[tuple[str, float]] = []

    def mark(name: str) -> None:
        marks.append((name, time.perf_counter() - T0))

    mark("imported")
    iter_files = parallel.iter_files

    def timed_iter(*a: Any, **k: Any) -> Iterator[Any]:
        mark("pool called")
        first = True
        for res in iter_files(*a, **k):
            if first:
                mark("first result")
                first = False
            yield res
        mark("pool ended")

    finish = engine.Linter.finish

    def timed_finish(self: Any, *a: Any, **k: Any) -> Any:
        mark("finish start")
        out = finish(self, *a, **k)
        mark("finish end")
        return out

    parallel.iter_files = timed_iter
    engine.Linter.finish = timed_finish  # type: ignore[method-assign]
    sys.argv = [
        "newslint",
        "--isolated",
        "--no-cache",
        "--exit-zero",
        "-q",
        "--format",
        "json",
        *sys.argv[1:],
    ]
    stdout, sys.stdout = sys.stdout, io.StringIO()
    try:
        cli.main()
    except SystemExit:
        pass
    finally:
        sys.stdout = stdout
    mark("end")
    for name, t in marks:
        print(f"{name:14s} {t:6.3f} s")


if __name__ == "__main__":
    main()
