"""Work over processes: per-file linting (chunked, deterministic, sequential when small)
and one computation in a second process (`in_background`)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .engine import FileResult, Linter

#: Below this many files a pool's start-up costs more than it saves.
PARALLEL_THRESHOLD = 24

_WORKER: Linter | None = None
_OPTIONS: dict = {}


def _init(linter: Linter, options: dict) -> None:
    global _WORKER, _OPTIONS
    _WORKER = linter
    _OPTIONS = options


def _lint_chunk(paths: list[str]) -> list[FileResult]:
    assert _WORKER is not None
    return [_WORKER.lint_file(p, **_OPTIONS) for p in paths]


def _chunks(files: Sequence[str], jobs: int) -> list[list[str]]:
    """The files in consecutive chunks, in order: up to 16 files each (enough to amortise
    pickling), then ever smaller ones for about the last two chunks per worker, down to
    one file, so that the workers finish together instead of one idling while another
    ends a long chunk."""
    n = len(files)
    size = max(1, min(16, n // (jobs * 16) or 1))
    head = max(0, n - 2 * jobs * size)
    head -= head % size
    chunks = [list(files[i : i + size]) for i in range(0, head, size)]
    i = head
    while i < n:
        step = max(1, min(size, (n - i) // (jobs * 2)))
        chunks.append(list(files[i : i + step]))
        i += step
    return chunks


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def iter_files(
    linter: Linter,
    files: Sequence[str],
    *,
    fix: bool = False,
    unsafe_fixes: bool = False,
    diff: bool = False,
    jobs: int | None = None,
) -> Iterator[FileResult]:
    """Results in input order, as soon as each is ready (so output can stream)."""
    options = {"fix": fix, "unsafe_fixes": unsafe_fixes, "diff": diff}
    jobs = default_jobs() if not jobs or jobs < 1 else jobs
    if jobs == 1 or len(files) < PARALLEL_THRESHOLD:
        for p in files:
            yield linter.lint_file(p, **options)
        return

    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    fork = "fork" in methods
    ctx = multiprocessing.get_context("fork" if fork else "spawn")
    if fork:
        # The first file is linted here, before the workers are forked: what every rule
        # loads or compiles on first use (patterns, word lists, automata) is then loaded
        # once and shared, instead of once per worker.
        yield linter.lint_file(files[0], **options)
        files = files[1:]
    chunks = _chunks(files, jobs)
    if fork:
        import gc

        # What the parent has loaded is shared with the workers; frozen, the collector
        # in a worker never walks it (nor writes to its pages, which would copy them).
        gc.freeze()
    try:
        with ProcessPoolExecutor(
            max_workers=jobs, mp_context=ctx, initializer=_init, initargs=(linter, options)
        ) as pool:
            for chunk_result in pool.map(_lint_chunk, chunks):
                yield from chunk_result
    finally:
        if fork:
            gc.unfreeze()


def in_background(fn: Callable[..., Any], *args: Any) -> Callable[[], Any] | None:
    """Start ``fn(*args)`` in a forked process and return a function that waits for its
    result (computing it here if the process fails). None where forking is unavailable or
    unsafe (a process with threads, such as the language server)."""
    import multiprocessing
    import sys
    import threading

    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return None
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)

    def child() -> None:
        try:
            send.send((True, fn(*args)))
        except BaseException as exc:  # reported back; the parent computes it again
            send.send((False, repr(exc)))

    for stream in (sys.stdout, sys.stderr):  # nothing buffered may be written twice
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    proc = ctx.Process(target=child, daemon=True)
    try:
        proc.start()
    except OSError:
        return None
    send.close()

    def result() -> Any:
        try:
            if recv.poll(3600):
                ok, value = recv.recv()
                if ok:
                    return value
        except (EOFError, OSError):
            pass
        finally:
            recv.close()
            proc.join(timeout=5)
            if proc.is_alive():
                proc.terminate()
        return fn(*args)

    return result
