"""The engine: plugins, rule selection, running rules over documents, suppression.

``Linter`` is the one object the CLI, the language server and the library API use:

    linter = Linter()
    result = linter.lint_text("Some copy.", "article.md")
    run = linter.run(["content/"])
"""

from __future__ import annotations

import difflib
import importlib
import os
import sys
import traceback
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .config import ConfigError, Settings, build_settings, find_config, load_raw
from .document import DecodeError, Document, decode
from .finding import Finding, Severity
from .rule import Rule, rule_matches, sequence_of_rules
from .suppress import Directive, parse_directives

ENTRY_POINT_GROUP = "newslint"
#: Categories whose findings stay inside blocks that repeat an earlier block; others are
#: reported once, at the first occurrence.
_KEEP_IN_COPIES = frozenset({"duplicate", "front-matter", "internal"})


class PluginError(ConfigError):
    """A plugin failed to load or returned something newslint cannot use."""


def may_have_entry_points(group: str) -> bool:
    """Whether an installed distribution may declare an entry point in ``group``.

    Reads the ``entry_points.txt`` of each dist-info/egg-info folder on ``sys.path``, the
    way importlib.metadata finds them, so that importlib.metadata itself (tens of
    milliseconds to import and scan) is used only when some distribution names the group.
    Anything else that could list distributions (a zip on sys.path, another finder) is
    answered yes.
    """
    from importlib.machinery import PathFinder

    for finder in sys.meta_path:
        if finder is not PathFinder and hasattr(finder, "find_distributions"):
            return True
    for entry in sys.path:
        root = entry or "."
        try:
            names = os.listdir(root)
        except NotADirectoryError:
            return True  # a zip file: let importlib.metadata read it
        except OSError:
            continue
        base_is_egg = root.lower().endswith(".egg")
        for name in names:
            low = name.lower()
            if not (
                low.endswith((".dist-info", ".egg-info")) or (base_is_egg and low == "egg-info")
            ):
                continue
            try:
                with open(os.path.join(root, name, "entry_points.txt"), encoding="utf-8") as fh:
                    text = fh.read()
            except (OSError, UnicodeDecodeError):
                continue
            if group not in text:
                continue
            for line in text.splitlines():
                line = line.strip()
                if line.startswith("[") and line.endswith("]") and line[1:-1].strip() == group:
                    return True
    return False


@dataclass
class Registry:
    """Everything the plugins provide, for one configuration."""

    rules: dict[str, Rule]
    formatters: dict[str, Any]
    settings: Settings

    def by_selector(self, selector: str) -> list[Rule]:
        return [r for r in self.rules.values() if rule_matches(r, selector)]

    def lookup(self, code_or_name: str) -> Rule | None:
        key = code_or_name.strip()
        for r in self.rules.values():
            if r.code.lower() == key.lower() or r.name.lower() == key.lower():
                return r
        return None


@dataclass
class FileResult:
    """The outcome of linting one file (picklable: it crosses process boundaries)."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    summaries: dict[str, Any] = field(default_factory=dict)
    fixed: int = 0
    diff: str = ""
    settings_key: str = ""
    error: str | None = None  # could not lint at all (reported by the CLI)


@dataclass
class RunResult:
    findings: list[Finding]
    files: int
    fixed: int = 0
    diffs: list[str] = field(default_factory=list)


def _selector_weight(rule: Rule, sel: str) -> int:
    """How specifically ``sel`` names ``rule`` (0: not at all)."""
    s = sel.strip()
    if not s:
        return 0
    if s.upper() == "ALL":
        return 1
    if s.lower() == rule.category.lower():
        return 2
    if rule.code.upper().startswith(s.upper()):
        return 10 + len(s)
    if s.lower() == rule.name.lower():
        return 100
    return 0


def is_enabled(rule: Rule, settings: Settings, path: str | None = None) -> bool:
    select = settings.select
    ignore = settings.ignore + (settings.ignores_for(path) if path else [])
    extend = settings.extend_select
    if select is None:
        sel_weight = 1 if rule.default_enabled else 0
    else:
        sel_weight = max((_selector_weight(rule, s) for s in select), default=0)
    sel_weight = max(sel_weight, max((_selector_weight(rule, s) for s in extend), default=0))
    ign_weight = max((_selector_weight(rule, s) for s in ignore), default=0)
    return sel_weight > 0 and sel_weight > ign_weight


class Linter:
    """Lints text and files with every enabled rule from every plugin."""

    def __init__(
        self,
        *,
        config: str | os.PathLike[str] | None = None,
        isolated: bool = False,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] = (),
        extend_select: Sequence[str] = (),
        entry_points: bool = True,
        extra_plugins: Sequence[Any] = (),
        options: dict[str, dict[str, Any]] | None = None,
        cache: bool = False,
    ) -> None:
        self.config = Path(config) if config else None
        self.isolated = isolated
        self.cli_select = list(select) if select is not None else None
        self.cli_ignore = list(ignore)
        self.cli_extend_select = list(extend_select)
        self.entry_points = entry_points
        self.extra_plugins = list(extra_plugins)
        self.cli_options = options or {}
        self.use_cache = cache
        self._caches: dict[str, Any] = {}
        self._settings_by_config: dict[str, Settings] = {}
        self._settings_by_key: dict[str, Settings] = {}
        self._enabled: dict[tuple[str, tuple[str, ...]], list[Rule]] = {}
        self._config_by_dir: dict[str, Path | None] = {}
        self._registries: dict[str, Registry] = {}
        self._pms: dict[tuple[str, ...], Any] = {}
        if self.config is not None and not self.config.is_file():
            raise ConfigError(f"{self.config}: config file not found")

    # -- plugins -------------------------------------------------------------------------

    def plugin_manager(self, plugins: Sequence[str] = (), root: str = "."):
        key = tuple(plugins) + (root,)
        pm = self._pms.get(key)
        if pm is not None:
            return pm
        import pluggy

        from . import hookspecs
        from .checks import BUILTIN_MODULES

        pm = pluggy.PluginManager(hookspecs.PROJECT)
        pm.add_hookspecs(hookspecs)
        for name in (*BUILTIN_MODULES, "newslint.formats"):
            pm.register(importlib.import_module(name), name=name)
        for plugin in self.extra_plugins:
            pm.register(plugin)
        if self.entry_points and may_have_entry_points(ENTRY_POINT_GROUP):
            try:
                pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
            except Exception as exc:
                raise PluginError(
                    f"a plugin in entry-point group 'newslint' failed to load: {exc!r}"
                ) from None
        for name in plugins:
            pm.register(_import_local_plugin(name, root), name=f"config:{name}")
        self._pms[key] = pm
        return pm

    def _option_specs(self, pm) -> dict[str, dict[str, Any]]:
        specs: dict[str, dict[str, Any]] = {}
        for result in pm.hook.newslint_options():
            for section, keys in (result or {}).items():
                specs.setdefault(section, {}).update(keys)
        return specs

    # -- configuration -------------------------------------------------------------------

    def _config_path_for(self, path: str | None) -> Path | None:
        if self.isolated:
            return None
        if self.config is not None:
            return self.config
        directory = os.path.dirname(os.path.abspath(path)) if path else os.getcwd()
        if directory not in self._config_by_dir:
            self._config_by_dir[directory] = find_config(Path(directory))
        return self._config_by_dir[directory]

    def settings_for(self, path: str | None = None) -> Settings:
        cfg = self._config_path_for(path)
        key = str(cfg) if cfg else ""
        settings = self._settings_by_config.get(key)
        if settings is None:
            raw = load_raw(cfg)
            plugins = list((raw or {}).get("plugins") or [])
            root = str(cfg.parent) if cfg else os.getcwd()
            pm = self.plugin_manager(plugins, root)
            settings = build_settings(raw, str(cfg) if cfg else None, self._option_specs(pm))
            for section, values in self.cli_options.items():
                settings.sections.setdefault(section, {}).update(values)
            settings.cli_select = self.cli_select
            settings.cli_ignore = self.cli_ignore
            settings.cli_extend_select = self.cli_extend_select
            pm.hook.newslint_configure(settings=settings)
            self._settings_by_config[key] = settings
            self._settings_by_key[settings.key()] = settings
        return settings

    def registry(self, settings: Settings) -> Registry:
        key = settings.key()
        reg = self._registries.get(key)
        if reg is not None:
            return reg
        root = settings.root if settings.path else os.getcwd()
        pm = self.plugin_manager(list(settings.get("plugins") or []), root)
        rules: dict[str, Rule] = {}
        for plugin_rules in pm.hook.newslint_rules(settings=settings):
            try:
                batch = sequence_of_rules(plugin_rules)
            except TypeError as exc:
                raise PluginError(str(exc)) from None
            for rule in batch:
                if not rule.code or not rule.name:
                    raise PluginError(f"rule {rule!r} has no code or no name")
                if rule.code in rules:
                    raise PluginError(
                        f"rule code {rule.code} is defined twice "
                        f"({type(rules[rule.code]).__module__} and {type(rule).__module__})"
                    )
                rules[rule.code] = rule
        formatters: dict[str, Any] = {}
        for result in pm.hook.newslint_formatters():
            formatters.update(result or {})
        reg = Registry(dict(sorted(rules.items())), formatters, settings)
        self._registries[key] = reg
        return reg

    def enabled_rules(self, settings: Settings, path: str | None = None) -> list[Rule]:
        """The rules that run on ``path`` (memoised: most files share one answer)."""
        extra = tuple(settings.ignores_for(path)) if path else ()
        key = (settings.key(), extra)
        rules = self._enabled.get(key)
        if rules is None:
            reg = self.registry(settings)
            rules = [r for r in reg.rules.values() if is_enabled(r, settings, path)]
            self._enabled[key] = rules
        return rules

    def is_enabled(self, code: str, settings: Settings, path: str | None = None) -> bool:
        return any(r.code == code for r in self.enabled_rules(settings, path))

    # -- linting -------------------------------------------------------------------------

    def lint_document(self, doc: Document, settings: Settings) -> FileResult:
        """Run every enabled rule on ``doc``; apply suppressions and severities."""
        rules = self.enabled_rules(settings, doc.path)
        reg = self.registry(settings)
        findings: list[Finding] = []
        summaries: dict[str, Any] = {}
        for rule in rules:
            try:
                if rule.scope == "corpus":
                    summaries[rule.code] = rule.summarize(doc, settings)
                else:
                    findings.extend(rule.check(doc, settings) or ())
            except Exception as exc:  # a broken rule must not stop the run
                findings.append(_crash_finding(reg, rule, doc, exc))
        try:
            findings = _drop_in_copies(doc, findings)
        except Exception as exc:  # prose extraction itself failed: say so, keep the rest
            findings.append(
                _internal(reg, "NL902", doc.path, f"reading the prose of this file failed: {exc!r}")
            )
        directives = parse_directives(doc.text, doc.lines.position)
        result = FileResult(
            doc.path,
            findings,
            directives,
            summaries,
            settings_key=settings.key(),
        )
        return result

    def lint_text(
        self,
        text: str,
        path: str = "<stdin>",
        *,
        settings: Settings | None = None,
        bom: bool = False,
    ) -> list[Finding]:
        """Lint one document given as text (corpus rules see only this document)."""
        settings = settings or self.settings_for(path if path not in ("<stdin>", "-") else None)
        doc = Document(text, path, bom=bom, settings=settings)
        result = self.lint_document(doc, settings)
        return self.finish([result])

    def read_document(self, path: str, settings: Settings) -> Document | Finding:
        """Read and decode a file, or an NL9xx finding saying why it cannot be linted."""
        reg = self.registry(settings)
        limit = int(settings.get("max-file-size") or 0)
        try:
            size = os.path.getsize(path)
            if limit and size > limit:
                return _internal(
                    reg,
                    "NL905",
                    path,
                    f"file skipped: {size:,} bytes is over max-file-size ({limit:,})",
                )
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            return _internal(reg, "NL901", path, f"cannot read file: {exc.strerror or exc}")
        try:
            text, bom = decode(data)
        except DecodeError as exc:
            return _internal(reg, "NL901", path, exc.message, exc.line, exc.column)
        return Document(text, path, bom=bom, settings=settings)

    def lint_file(
        self, path: str, *, fix: bool = False, unsafe_fixes: bool = False, diff: bool = False
    ) -> FileResult:
        settings = self.settings_for(path)
        doc = self.read_document(path, settings)
        if isinstance(doc, Finding):
            return FileResult(path, [doc], settings_key=settings.key())
        cache = self._cache_for(settings) if not (fix or diff) else None
        if cache is not None:
            key = cache.key(path, doc.text, settings)
            hit = cache.get(key)
            if isinstance(hit, FileResult) and hit.settings_key == settings.key():
                return hit
        result = self.lint_document(doc, settings)
        if fix or diff:
            result = self._fix(doc, settings, result, unsafe_fixes, write=fix and not diff)
        elif cache is not None and not any(f.code == "NL904" for f in result.findings):
            # A backend failure (NL904) is about this run, not this file: never cache it.
            cache.put(key, result)
        return result

    def _cache_for(self, settings: Settings):
        """The result cache for a configuration (None when caching is off)."""
        if not self.use_cache:
            return None
        root = settings.root if settings.path else os.getcwd()
        directory = os.path.join(root, settings.get("cache-dir") or ".newslint_cache")
        cache = self._caches.get(directory)
        if cache is None:
            from .cache import Cache

            cache = self._caches[directory] = Cache(directory)
        return cache

    def _fix(
        self, doc: Document, settings: Settings, result: FileResult, unsafe: bool, write: bool
    ) -> FileResult:
        from .fixes import apply_fixes, write_atomic

        original = doc.text
        text = original
        total = 0
        for _ in range(8):  # fixes can enable further fixes; stop when stable
            findings = self._suppressed([result])
            text, applied = apply_fixes(text, findings, unsafe=unsafe)
            if not applied:
                break
            total += applied
            doc = Document(text, doc.path, bom=doc.bom, settings=settings)
            result = self.lint_document(doc, settings)
        if text != original:
            if write:
                write_atomic(doc.path, text, bom=doc.bom)
            else:
                result.diff = "".join(
                    difflib.unified_diff(
                        original.splitlines(keepends=True),
                        text.splitlines(keepends=True),
                        fromfile=f"a/{doc.path}",
                        tofile=f"b/{doc.path}",
                    )
                )
        result.fixed = total
        return result

    # -- finishing: corpus rules, suppression, severities ---------------------------------

    def finalize(
        self, res: FileResult, findings: Sequence[Finding] | None = None, *, unused: bool = True
    ) -> list[Finding]:
        """One file's findings after selection, suppression and severity overrides.

        ``findings`` defaults to the result's own; ``unused`` adds NL903 for suppression
        comments that suppressed nothing (do it once, when every finding has been seen).
        """
        from .suppress import apply as apply_suppression

        findings = list(res.findings if findings is None else findings)
        settings = self._settings_for_key(res.settings_key)
        reg = self.registry(settings) if settings else None
        if settings is None or reg is None:
            return apply_suppression(findings, res.directives, _finding_matches(None))
        # Findings the engine raises itself (NL9xx) obey the selection too.
        enabled = {r.code for r in self.enabled_rules(settings, res.path)}
        findings = [f for f in findings if f.code not in reg.rules or f.code in enabled]
        kept = apply_suppression(findings, res.directives, _finding_matches(reg))
        if unused:
            kept.extend(_unused_suppressions(self, reg, settings, res))
        return [_with_severity(f, settings) for f in kept]

    def _suppressed(self, results: Sequence[FileResult]) -> list[Finding]:
        out: list[Finding] = []
        for res in results:
            out.extend(self.finalize(res))
        return out

    def _settings_for_key(self, key: str) -> Settings | None:
        return self._settings_by_key.get(key)

    def corpus_findings(self, results: Sequence[FileResult]) -> dict[str, list[Finding]]:
        """Run the corpus rules over every result's summaries: path -> findings."""
        by_settings: dict[str, list[FileResult]] = {}
        for res in results:
            by_settings.setdefault(res.settings_key, []).append(res)
        paths = {res.path for res in results}
        out: dict[str, list[Finding]] = {}
        for key, group in by_settings.items():
            settings = self._settings_for_key(key)
            if settings is None:
                continue
            reg = self.registry(settings)
            cache = self._cache_for(settings)
            for rule in reg.rules.values():
                if rule.scope != "corpus":
                    continue
                summaries = [
                    (r.path, r.summaries[rule.code]) for r in group if rule.code in r.summaries
                ]
                if not summaries:
                    continue
                try:
                    for f in self._check_corpus(rule, summaries, settings, cache):
                        if f.path in paths:
                            out.setdefault(f.path, []).append(f)
                except Exception as exc:
                    out.setdefault(group[0].path, []).append(
                        _internal(
                            reg,
                            "NL902",
                            group[0].path,
                            f"rule {rule.code} ({rule.name}) failed: {exc!r}",
                        )
                    )
        return out

    @staticmethod
    def _check_corpus(
        rule: Rule, summaries: list[tuple[str, Any]], settings: Settings, cache: Any
    ) -> list[Finding]:
        """``rule.check_corpus``, with the run's cache active (``cache.active``) for what
        the rule keeps about files outside the run."""
        if cache is None:
            return list(rule.check_corpus(summaries, settings) or ())
        from .cache import activated

        with activated(cache):
            return list(rule.check_corpus(summaries, settings) or ())

    def finish(self, results: Sequence[FileResult], *, streamed: bool = False) -> list[Finding]:
        """Corpus rules over all results, then suppression, severities and sorting.

        With ``streamed``, each result's own findings were already reported through
        ``finalize(res, unused=False)``: only the corpus findings and unused suppressions
        are returned.
        """
        corpus = self.corpus_findings(results)
        findings: list[Finding] = []
        for res in results:
            extra = corpus.get(res.path, [])
            if streamed:
                findings.extend(self.finalize(res, extra))
            else:
                findings.extend(self.finalize(res, [*res.findings, *extra]))
        findings = _dedupe_run_level(findings)
        findings.sort(key=lambda f: f.sort_key)
        return findings

    def run(
        self,
        paths: Iterable[str],
        *,
        fix: bool = False,
        unsafe_fixes: bool = False,
        diff: bool = False,
        jobs: int | None = None,
    ) -> RunResult:
        files = list(paths)
        results = self.lint_files(files, fix=fix, unsafe_fixes=unsafe_fixes, diff=diff, jobs=jobs)
        findings = self.finish(results)
        return RunResult(
            findings,
            len(files),
            fixed=sum(r.fixed for r in results),
            diffs=[r.diff for r in results if r.diff],
        )

    def lint_files(self, files: Sequence[str], **options: Any) -> list[FileResult]:
        """``iter_files`` as a list."""
        return list(self.iter_files(files, **options))

    def iter_files(
        self,
        files: Sequence[str],
        *,
        fix: bool = False,
        unsafe_fixes: bool = False,
        diff: bool = False,
        jobs: int | None = None,
    ) -> Iterator[FileResult]:
        """Lint files (in parallel where worth it), yielding results in input order."""
        for f in files:  # load every configuration up front: errors surface before work
            self.registry(self.settings_for(f))
        from .parallel import iter_files

        yield from iter_files(self, files, fix=fix, unsafe_fixes=unsafe_fixes, diff=diff, jobs=jobs)


# -- helpers ---------------------------------------------------------------------------------


def _import_local_plugin(name: str, root: str):
    """Import a plugin module named in config; the config's directory is importable."""
    added = False
    if root and root not in sys.path:
        sys.path.insert(0, root)
        added = True
    try:
        return importlib.import_module(name)
    except Exception as exc:
        raise PluginError(f"plugin '{name}' named in config failed to import: {exc!r}") from None
    finally:
        if added:
            sys.path.remove(root)


def _internal(
    reg: Registry, code: str, path: str, message: str, line: int = 1, column: int = 1
) -> Finding:
    rule = reg.rules.get(code)
    if rule is not None:
        return rule.finding_at(path, line, column, line, column, message, start=0, end=0)
    return Finding(
        path,
        code,
        code.lower(),
        "internal",
        Severity.ERROR,
        message,
        line,
        column,
        line,
        column,
        start=0,
        end=0,
    )


def _crash_finding(reg: Registry, rule: Rule, doc: Document, exc: BaseException) -> Finding:
    tb = traceback.extract_tb(exc.__traceback__)
    where = f" at {os.path.basename(tb[-1].filename)}:{tb[-1].lineno}" if tb else ""
    return _internal(
        reg, "NL902", doc.path, f"rule {rule.code} ({rule.name}) failed: {exc!r}{where}"
    )


def _drop_in_copies(doc: Document, findings: list[Finding]) -> list[Finding]:
    if not findings:
        return findings
    repeated = doc.repeated_blocks
    if not repeated:
        return findings
    spans = [(doc.blocks[i].start, doc.blocks[i].end) for i in repeated]
    out = []
    for f in findings:
        if (
            f.category not in _KEEP_IN_COPIES
            and f.start >= 0
            and any(s <= f.start < e for s, e in spans)
        ):
            continue
        out.append(f)
    return out


def _finding_matches(reg: Registry | None):
    def matches(f: Finding, selector: str) -> bool:
        s = selector.strip()
        if f.code.upper().startswith(s.upper()) or s.lower() in (
            f.name.lower(),
            f.category.lower(),
        ):
            return True
        return s.upper() == "ALL"

    return matches


def _unused_suppressions(
    linter: Linter, reg: Registry, settings: Settings, res: FileResult
) -> list[Finding]:
    rule = reg.rules.get("NL903")
    if rule is None or not res.directives or not linter.is_enabled(rule.code, settings, res.path):
        return []
    enabled = linter.enabled_rules(settings, res.path)
    out = []
    for d in res.directives:
        if d.kind == "enable":
            continue
        if not d.codes:
            if not d.used_any and d.kind != "disable-file":
                msg = f"unused suppression: newslint-{d.kind} suppresses nothing"
            else:
                continue
        else:
            unused = [
                c
                for c in d.codes
                if c not in d.used
                and c.upper() != "NL903"
                and any(_selector_weight(r, c) for r in enabled)
            ]
            if not unused:
                continue
            msg = f"unused suppression: {', '.join(unused)} suppressed nothing here"
        out.append(
            rule.finding_at(
                res.path, d.line, d.column, d.line, d.end_column, msg, start=d.start, end=d.end
            )
        )
    return out


def _with_severity(f: Finding, settings: Settings) -> Finding:
    table = settings.get("severity") or {}
    if not table:
        return f
    best = None
    best_weight = 0
    for sel, sev in table.items():
        s = sel.strip()
        w = 0
        if f.code.upper().startswith(s.upper()):
            w = 10 + len(s)
        elif s.lower() == f.name.lower():
            w = 100
        elif s.lower() == f.category.lower():
            w = 2
        if w > best_weight:
            best, best_weight = sev, w
    if best is None:
        return f
    return replace(f, severity=Severity.parse(best))


def _dedupe_run_level(findings: list[Finding]) -> list[Finding]:
    """An unavailable backend is reported once per run, not once per file."""
    seen: set[str] = set()
    out = []
    for f in findings:
        if f.code == "NL904":
            if f.message in seen:
                continue
            seen.add(f.message)
        out.append(f)
    return out
