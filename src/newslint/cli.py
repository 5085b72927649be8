"""The ``newslint`` command: argument parsing and exit codes only; no linting logic.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings; 2 usage, configuration or
internal error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
SUBCOMMANDS = ("rules", "rule", "lsp")


def _codes(value: str) -> list[str]:
    return [c for c in value.replace(" ", ",").split(",") if c]


def _columns() -> int:
    """``shutil.get_terminal_size().columns``, without importing shutil (and with it bz2,
    lzma...) at start-up: argparse builds a help formatter for every argument it adds."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _HelpFormatter(argparse.HelpFormatter):
    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None):
        if width is None:
            width = _columns() - 2  # what argparse does with the terminal width
        super().__init__(prog, indent_increment, max_help_position, width)


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    p = argparse.ArgumentParser(
        prog="newslint",
        formatter_class=_HelpFormatter,
        description="Lint news and article content: garbled text, duplicates, broken front matter.",
        epilog="Other commands: 'newslint rules' (table of rules), 'newslint rule CODE' "
        "(a rule's explanation), 'newslint lsp' (language server on stdio).",
    )
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or directories (default: .); '-' reads stdin",
    )
    p.add_argument(
        "--format", default="text", help="text, json, jsonl, sarif, github (default: text)"
    )
    p.add_argument(
        "--select", type=_codes, help="rules to enable: codes, prefixes, names, categories"
    )
    p.add_argument("--ignore", type=_codes, default=[], help="rules to disable")
    p.add_argument(
        "--extend-select", type=_codes, default=[], help="rules to enable on top of the selection"
    )
    p.add_argument("--fix", action="store_true", help="apply safe fixes (atomically)")
    p.add_argument(
        "--unsafe-fixes", action="store_true", help="with --fix or --diff: unsafe fixes too"
    )
    p.add_argument(
        "--diff", action="store_true", help="print the fixes as a diff instead of writing"
    )
    p.add_argument("--stdin-filename", metavar="NAME", help="name of the document read from stdin")
    p.add_argument("--config", metavar="FILE", help="use this config file only")
    p.add_argument("--isolated", action="store_true", help="ignore all config files")
    p.add_argument(
        "--fail-on",
        default="warning",
        choices=("info", "warning", "error"),
        help="lowest severity that makes the exit code 1 (default: warning)",
    )
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    p.add_argument("--statistics", action="store_true", help="count findings per rule")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    p.add_argument(
        "--jobs", "-j", type=int, default=0, metavar="N", help="processes (default: cores)"
    )
    p.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    p.add_argument(
        "--force-exclude",
        action="store_true",
        help="apply exclude globs to files named on the command line too (pre-commit)",
    )
    p.add_argument(
        "--languagetool", metavar="URL", help="LanguageTool server for the grammar rules (NL6xx)"
    )
    p.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto", help="colour text output"
    )
    p.add_argument("--version", action="version", version=f"newslint {__version__}")
    return p


def _err(msg: str) -> None:
    print(f"newslint: error: {msg}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in SUBCOMMANDS:
            return _subcommand(argv[0], argv[1:])
        return _lint(argv)
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        # stdout closed early (e.g. piped into `head`): not an error of ours.
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        except OSError:
            pass
        return EXIT_OK


def _make_linter(args: argparse.Namespace):
    from .engine import Linter

    options = {}
    if getattr(args, "languagetool", None):
        options["languagetool"] = {"server": args.languagetool, "enabled": True}
    return Linter(
        config=args.config,
        isolated=args.isolated,
        select=args.select,
        ignore=args.ignore,
        extend_select=args.extend_select,
        options=options,
        cache=not getattr(args, "no_cache", True),
    )


def _lint(argv: list[str]) -> int:
    from .config import ConfigError
    from .files import PathError

    args = build_parser().parse_args(argv)
    if args.diff and args.fix:
        _err("--fix and --diff cannot be used together (--diff shows what --fix would write)")
        return EXIT_ERROR
    try:
        return _run(args)
    except (ConfigError, PathError) as exc:
        _err(str(exc))
        return EXIT_ERROR


def _run(args: argparse.Namespace) -> int:
    from . import __version__
    from .files import discover
    from .finding import Severity
    from .formats import FormatContext

    linter = _make_linter(args)
    paths = args.paths or ["."]
    stdin_text: str | None = None
    streamed: list = []  # findings already written (jsonl streams file by file)
    fixed, diffs = 0, []
    if paths == ["-"] or args.stdin_filename and not args.paths:
        if args.fix or args.diff:
            _err("--fix/--diff are not available for stdin")
            return EXIT_ERROR
        name = args.stdin_filename or "<stdin>"
        settings = linter.settings_for(name if args.stdin_filename else None)
        registry = linter.registry(settings)
        if args.format not in registry.formatters:
            return _unknown_format(args.format, registry)
        findings, stdin_text = _lint_stdin(linter, sys.stdin.buffer.read(), name)
        files = 1
    else:
        settings = linter.settings_for(None)
        registry = linter.registry(settings)
        if args.format not in registry.formatters:
            return _unknown_format(args.format, registry)
        files_list = list(discover(paths, settings, force_exclude=args.force_exclude))
        files = len(files_list)
        stream = args.format == "jsonl" and not (args.fix or args.diff)
        findings, fixed, diffs = _lint_files(linter, files_list, args, streamed if stream else None)
    if args.diff:
        sys.stdout.write("".join(diffs))
        return EXIT_FINDINGS if diffs and not args.exit_zero else EXIT_OK
    color = args.color == "always" or (
        args.color == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    )
    ctx = FormatContext(
        rules=registry.rules,
        color=color,
        show_source=color,
        statistics=args.statistics,
        quiet=args.quiet,
        files=files,
        source=(lambda p: stdin_text) if stdin_text is not None else None,
        version=__version__,
    )
    out = registry.formatters[args.format](findings, ctx)
    if out:
        sys.stdout.write(out)
    if fixed and not args.quiet:
        print(f"Fixed {fixed} finding{'s' if fixed != 1 else ''}.", file=sys.stderr)
    threshold = Severity.parse(args.fail_on)
    if args.exit_zero:
        return EXIT_OK
    every = [*streamed, *findings]
    return EXIT_FINDINGS if any(f.severity >= threshold for f in every) else EXIT_OK


def _unknown_format(name: str, registry) -> int:
    _err(f"unknown format '{name}' (available: {', '.join(sorted(registry.formatters))})")
    return EXIT_ERROR


def _lint_files(linter, files: list[str], args: argparse.Namespace, streamed: list | None):
    """Lint files with a progress line on a terminal. With ``streamed`` (a list), each
    file's own findings are written as JSON lines as soon as the file is done and
    collected there; the returned findings are then the cross-file ones and NL903."""
    if streamed is not None:
        import json

    import gc

    # Linting allocates many short-lived objects and few cycles: collect the youngest
    # generation every 50,000 allocations instead of 700 (refcounting frees nearly
    # everything anyway). Instructions on a 310-file sample: 10,000 -> 50,000 saves 0.74%,
    # 200,000 or no collection at all only 0.3% more; peak memory over 2,000 generated
    # articles is the same with the collector off (53 MB), so few cycles are left to it.
    gc.set_threshold(50_000, 10, 10)
    progress = _Progress(len(files)) if sys.stderr.isatty() and not args.quiet else None
    results = []
    seen_backend: set[str] = set()
    try:
        for res in linter.iter_files(
            files, fix=args.fix, unsafe_fixes=args.unsafe_fixes, diff=args.diff, jobs=args.jobs
        ):
            results.append(res)
            if progress:
                progress.update(len(results))
            if streamed is not None:
                for f in sorted(linter.finalize(res, unused=False), key=lambda f: f.sort_key):
                    if f.code == "NL904":  # an unavailable backend: once per run
                        if f.message in seen_backend:
                            continue
                        seen_backend.add(f.message)
                    streamed.append(f)
                    sys.stdout.write(json.dumps(f.to_dict(), ensure_ascii=False) + "\n")
                sys.stdout.flush()
    finally:
        if progress:
            progress.done()
    findings = linter.finish(results, streamed=streamed is not None)
    if seen_backend:
        findings = [f for f in findings if not (f.code == "NL904" and f.message in seen_backend)]
    return findings, sum(r.fixed for r in results), [r.diff for r in results if r.diff]


class _Progress:
    """A one-line progress counter on stderr, for long runs on a terminal only."""

    def __init__(self, total: int) -> None:
        import time

        self.total = total
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False

    def update(self, done: int) -> None:
        import time

        now = time.monotonic()
        if now - self.start < 1.0 or now - self.last < 0.1 and done < self.total:
            return  # short runs print nothing; long ones refresh ten times a second
        self.last = now
        width = 30
        filled = width * done // max(self.total, 1)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{self.total} files")
        sys.stderr.flush()
        self.shown = True

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * 60 + "\r")
            sys.stderr.flush()


def _lint_stdin(linter, data: bytes, name: str):
    from .document import DecodeError, decode
    from .engine import _internal

    settings = linter.settings_for(name if name != "<stdin>" else None)
    try:
        text, bom = decode(data)
    except DecodeError as exc:
        reg = linter.registry(settings)
        return [_internal(reg, "NL901", name, exc.message, exc.line, exc.column)], None
    return linter.lint_text(text, name, settings=settings, bom=bom), text


def _subcommand(name: str, argv: list[str]) -> int:
    from .config import ConfigError

    p = argparse.ArgumentParser(prog=f"newslint {name}")
    if name == "rule":
        p.add_argument("rule", metavar="CODE|NAME")
    if name in ("rules", "rule"):
        p.add_argument("--format", choices=("text", "json"), default="text")
        p.add_argument("--config", metavar="FILE")
        p.add_argument("--isolated", action="store_true")
    args = p.parse_args(argv)
    if name == "lsp":
        from .lsp import main as lsp_main

        return lsp_main()
    args.select = None
    args.ignore = []
    args.extend_select = []
    try:
        linter = _make_linter(args)
        registry = linter.registry(linter.settings_for(None))
    except ConfigError as exc:
        _err(str(exc))
        return EXIT_ERROR
    if name == "rules":
        from .docs import rules_table

        sys.stdout.write(rules_table(registry.rules.values(), args.format))
        return EXIT_OK
    rule = registry.lookup(args.rule)
    if rule is None:
        _err(f"no rule named '{args.rule}' (see 'newslint rules')")
        return EXIT_ERROR
    from .docs import rule_text

    sys.stdout.write(rule_text(rule, args.format))
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
