"""``newslint lsp``: a language server on stdio.

On open and on change the server lints the buffer's current text (not the file on
disk) with the configuration found from the document's folder, and publishes the
findings as diagnostics: ranges in the negotiated position encoding (UTF-16 unless the
client offers another), severity, code, ``codeDescription.href``, source ``newslint``
and ``relatedInformation``. Fixes are code actions (one quick fix per finding, plus
``source.fixAll.newslint`` for every safe fix); hovering a diagnostic shows the rule's
explanation.

Changes are debounced (``DEBOUNCE`` seconds of quiet before a run). Linting runs in a
worker thread, never on the event loop, so a large buffer does not stall the protocol;
a run whose text has changed meanwhile is superseded and its result dropped.

pygls is imported only by :func:`main`; the position helpers below are plain Python and
are what the tests exercise directly as well.

Line breaks: newslint counts lines at ``\\n`` (a CRLF file has ``\\r`` at the end of
each line's text); LSP also breaks lines at a lone ``\\r``. Positions go through code-
point offsets into the text, so both views agree even in files with mixed endings.
"""

from __future__ import annotations

import asyncio
import bisect
import logging
import os
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger("newslint.lsp")

#: Seconds of quiet after a change before the buffer is linted again.
DEBOUNCE = 0.3
#: Lint runs allowed at the same time (each in its own thread).
MAX_PARALLEL = 2

_LSP_BREAK = re.compile(r"\r\n|\r|\n")


# -- positions --------------------------------------------------------------------------


def units(s: str, encoding: str = "utf-16") -> int:
    """Length of ``s`` in the code units of a position encoding (utf-8/-16/-32)."""
    if encoding == "utf-32":
        return len(s)
    if encoding == "utf-8":
        return len(s.encode("utf-8", "surrogatepass"))
    return len(s.encode("utf-16-le", "surrogatepass")) // 2


def _code_points(line: str, count: int, encoding: str) -> int:
    """How many code points of ``line`` make up ``count`` code units (clamped)."""
    if encoding == "utf-32":
        return min(max(count, 0), len(line))
    used = 0
    for i, ch in enumerate(line):
        if used >= count:
            return i
        cp = ord(ch)
        if encoding == "utf-8":
            used += 1 if cp < 0x80 else 2 if cp < 0x800 else 3 if cp < 0x10000 else 4
        else:
            used += 2 if cp > 0xFFFF else 1
    return len(line)


class TextMap:
    """Converts between code-point offsets, newslint (line, column) pairs and LSP
    positions for one text. ``shift`` is the number of code points in front of the
    linted text (a BOM that was stripped before linting)."""

    def __init__(self, text: str, encoding: str = "utf-16", shift: int = 0) -> None:
        self.text = text
        self.encoding = encoding
        self.shift = shift
        self._lsp: list[int] | None = None
        self._nl: list[int] | None = None

    # newslint's lines: breaks at "\n" only, counted in the linted text (after ``shift``).
    @property
    def nl_starts(self) -> list[int]:
        if self._nl is None:
            starts = [0]
            find = self.text.find
            i = find("\n", self.shift)
            while i != -1:
                starts.append(i + 1 - self.shift)
                i = find("\n", i + 1)
            self._nl = starts
        return self._nl

    # LSP's lines: breaks at "\r\n", "\r" and "\n".
    @property
    def lsp_starts(self) -> list[int]:
        if self._lsp is None:
            self._lsp = [0] + [m.end() for m in _LSP_BREAK.finditer(self.text)]
        return self._lsp

    def _lsp_line_end(self, line: int) -> int:
        starts = self.lsp_starts
        if line + 1 < len(starts):
            end = starts[line + 1]
            while end > starts[line] and self.text[end - 1] in "\r\n":
                end -= 1
            return end
        return len(self.text)

    def offset_of(self, line: int, column: int) -> int:
        """Offset into the full text of a newslint (1-based line, column) pair."""
        starts = self.nl_starts
        if line < 1:
            return self.shift
        if line > len(starts):
            return len(self.text)
        return min(self.shift + starts[line - 1] + max(column, 1) - 1, len(self.text))

    def position(self, offset: int) -> tuple[int, int]:
        """LSP (0-based line, character in code units) of a full-text offset."""
        offset = max(0, min(offset, len(self.text)))
        starts = self.lsp_starts
        line = bisect.bisect_right(starts, offset) - 1
        # An offset between "\r" and "\n" of a CRLF is the end of the line.
        start = starts[line]
        return line, units(self.text[start : min(offset, self._lsp_line_end(line))], self.encoding)

    def position_of(self, line: int, column: int) -> tuple[int, int]:
        """LSP position of a newslint (line, column) pair."""
        return self.position(self.offset_of(line, column))

    def offset_at(self, line: int, character: int) -> int:
        """Full-text offset of an LSP position (clamped to the line, as LSP asks)."""
        starts = self.lsp_starts
        if line < 0:
            return 0
        if line >= len(starts):
            return len(self.text)
        start = starts[line]
        seg = self.text[start : self._lsp_line_end(line)]
        return start + _code_points(seg, character, self.encoding)


def apply_change(
    text: str, start: tuple[int, int], end: tuple[int, int], new: str, encoding: str
) -> str:
    """Apply one incremental LSP content change to ``text``."""
    tm = TextMap(text, encoding)
    a = tm.offset_at(*start)
    b = tm.offset_at(*end)
    if b < a:
        a, b = b, a
    return text[:a] + new + text[b:]


# -- buffers ----------------------------------------------------------------------------


@dataclass
class Buffer:
    uri: str
    text: str
    version: int | None
    language_id: str = ""
    path: str = ""
    generation: int = 0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    #: the text the current diagnostics were computed on, and what was published
    linted_text: str | None = None
    items: list[tuple[Any, Any]] = field(default_factory=list)  # (Diagnostic, Finding)
    rules: dict[str, Any] = field(default_factory=dict)


def path_for(uri: str, language_id: str = "", root: str | None = None) -> str:
    """The file-system path newslint lints a buffer as (config is found from its folder)."""
    if uri.startswith("file:"):
        from urllib.parse import unquote, urlparse

        parsed = urlparse(uri)
        path = unquote(parsed.path)
        if os.name == "nt" and re.match(r"^/[A-Za-z]:", path):
            path = path[1:]
        if parsed.netloc and os.name == "nt":
            path = f"//{parsed.netloc}{path}"
        return os.path.normpath(path)
    name = "untitled.md" if language_id in ("markdown", "mdx") else "untitled.txt"
    return os.path.join(root or os.getcwd(), name)


def uri_for(path: str) -> str:
    from pathlib import Path

    return Path(os.path.abspath(path)).as_uri()


def _in_thread(fn: Callable[..., Any], *args: Any) -> asyncio.Future:
    """Run ``fn`` in a daemon thread; the result comes back as a future on this loop.

    Daemon threads (not a ThreadPoolExecutor, whose workers are joined at exit) so that a
    long run cannot delay the process exit after ``shutdown``/``exit``."""
    loop = asyncio.get_running_loop()
    fut: asyncio.Future = loop.create_future()

    def settle(ok: bool, value: Any) -> None:
        if fut.done():
            return
        if ok:
            fut.set_result(value)
        else:
            fut.set_exception(value)

    def work() -> None:
        try:
            result = fn(*args)
        except BaseException as exc:  # noqa: BLE001 - handed to the loop
            ok, value = False, exc
        else:
            ok, value = True, result
        try:
            loop.call_soon_threadsafe(settle, ok, value)
        except RuntimeError:  # loop closed: the server is gone
            pass

    threading.Thread(target=work, name="newslint-lint", daemon=True).start()
    return fut


class LintService:
    """Lints buffers with a :class:`newslint.engine.Linter`, recreated whenever the
    configuration a buffer uses changes on disk (a file added, edited or removed)."""

    def __init__(self, linter_factory: Callable[[], Any] | None = None) -> None:
        self._factory = linter_factory
        self._linter: Any = None
        self._stamps: dict[str, Any] = {}
        self._lock = threading.Lock()

    def _new_linter(self):
        if self._factory is not None:
            return self._factory()
        from .engine import Linter

        # The cache holds, for the server, NL204's corpus index (``lint_text`` reads and
        # writes no per-file results): opening an editor on a repository with
        # ``[duplicates] corpus`` set reads the summaries a CLI run or hook left.
        return Linter(cache=True)

    def _stamp(self, directory: str) -> Any:
        from pathlib import Path

        from .config import find_config

        cfg = find_config(Path(directory))
        if cfg is None:
            return None
        try:
            st = os.stat(cfg)
        except OSError:
            return (str(cfg), None)
        return (str(cfg), st.st_mtime_ns, st.st_size)

    def linter_for(self, path: str):
        """The linter and its settings for ``path`` (raises ConfigError)."""
        directory = os.path.dirname(os.path.abspath(path))
        with self._lock:
            stamp = self._stamp(directory)
            if self._linter is None or self._stamps.get(directory, stamp) != stamp:
                self._linter = self._new_linter()
                self._stamps = {}
            self._stamps[directory] = stamp
            linter = self._linter
            settings = linter.settings_for(path)
            linter.registry(settings)  # build (and cache) the plugins under the lock
        return linter, settings

    def lint(self, path: str, text: str) -> tuple[list[Any], dict[str, Any], int, str | None]:
        """Findings for ``text`` linted as ``path``, the rules by code, the BOM shift and
        the config's directory (relative paths in related locations are resolved there)."""
        linter, settings = self.linter_for(path)
        shift = 1 if text.startswith("\ufeff") else 0
        findings = linter.lint_text(text[shift:], path, settings=settings, bom=bool(shift))
        base = settings.root if settings.path else None
        return findings, linter.registry(settings).rules, shift, base


# -- conversion to protocol types -------------------------------------------------------


def _severity(types, finding) -> Any:
    name = str(finding.severity)
    return {
        "error": types.DiagnosticSeverity.Error,
        "warning": types.DiagnosticSeverity.Warning,
        "info": types.DiagnosticSeverity.Information,
    }.get(name, types.DiagnosticSeverity.Warning)


def _range(types, tm: TextMap, line: int, column: int, end_line: int, end_column: int):
    sl, sc = tm.position_of(line, column)
    el, ec = tm.position_of(end_line, end_column)
    if (el, ec) < (sl, sc):
        el, ec = sl, sc
    return types.Range(
        start=types.Position(line=sl, character=sc), end=types.Position(line=el, character=ec)
    )


def _other_file_map(path: str, encoding: str, cache: dict[str, TextMap | None]) -> TextMap | None:
    if path not in cache:
        try:
            with open(path, encoding="utf-8", errors="replace") as fh:
                text = fh.read()
        except OSError:
            cache[path] = None
        else:
            shift = 1 if text.startswith("\ufeff") else 0
            cache[path] = TextMap(text, encoding, shift)
    return cache[path]


def to_diagnostics(
    types, findings: Iterable[Any], tm: TextMap, uri: str, path: str, base_dir: str | None = None
) -> list[tuple[Any, Any]]:
    """Diagnostics (paired with their findings) for one buffer."""
    out = []
    files: dict[str, TextMap | None] = {}
    for f in findings:
        related = []
        for r in f.related:
            if r.path == f.path or r.path == path:
                rel_uri, rel_map = uri, tm
            else:
                other = r.path
                if not os.path.isabs(other) and base_dir and not os.path.exists(other):
                    other = os.path.join(base_dir, other)
                rel_uri = uri_for(other)
                rel_map = _other_file_map(other, tm.encoding, files)
            if rel_map is not None:
                rng = _range(types, rel_map, r.line, r.column, r.end_line, r.end_column)
            else:  # unreadable: code points are the best guess
                rng = types.Range(
                    start=types.Position(line=r.line - 1, character=r.column - 1),
                    end=types.Position(line=r.end_line - 1, character=r.end_column - 1),
                )
            related.append(
                types.DiagnosticRelatedInformation(
                    location=types.Location(uri=rel_uri, range=rng), message=r.message or "related"
                )
            )
        diag = types.Diagnostic(
            range=_range(types, tm, f.line, f.column, f.end_line, f.end_column),
            message=f.message,
            severity=_severity(types, f),
            code=f.code,
            code_description=types.CodeDescription(href=f.url) if f.url else None,
            source="newslint",
            related_information=related or None,
            data={"name": f.name, "fix": f.fix.applicability if f.fix else None},
        )
        out.append((diag, f))
    return out


def text_edits(types, fix, tm: TextMap) -> list[Any]:
    """A fix's edits as LSP TextEdits (offsets are into the linted text, after ``shift``)."""
    edits = []
    for e in fix.edits:
        if e.start >= 0 and e.end >= e.start:
            a, b = tm.shift + e.start, tm.shift + e.end
        else:
            a, b = tm.offset_of(e.line, e.column), tm.offset_of(e.end_line, e.end_column)
        (sl, sc), (el, ec) = tm.position(a), tm.position(b)
        edits.append(
            types.TextEdit(
                range=types.Range(
                    start=types.Position(line=sl, character=sc),
                    end=types.Position(line=el, character=ec),
                ),
                new_text=e.text,
            )
        )
    return edits


def hover_markdown(findings: Iterable[Any], rules: dict[str, Any]) -> str:
    """The hover text: for each finding, its message and the rule's explanation."""
    parts = []
    for f in findings:
        head = f"**{f.code}** `{f.name}` ({f.severity}): {f.message}"
        rule = rules.get(f.code)
        body = rule.explanation if rule is not None else ""
        link = f"\n\n[{f.code} documentation]({f.url})" if f.url else ""
        parts.append(head + ("\n\n" + body if body else "") + link)
    return "\n\n---\n\n".join(parts)


def _contains(rng, line: int, character: int) -> bool:
    start = (rng.start.line, rng.start.character)
    end = (rng.end.line, rng.end.character)
    return start <= (line, character) <= end


def _overlaps(rng, other) -> bool:
    a = (rng.start.line, rng.start.character)
    b = (rng.end.line, rng.end.character)
    c = (other.start.line, other.start.character)
    d = (other.end.line, other.end.character)
    return a <= d and c <= b


# -- the server -------------------------------------------------------------------------


def create_server(linter_factory: Callable[[], Any] | None = None):
    """Build the pygls server (imports pygls)."""
    from lsprotocol import types
    from pygls.lsp.server import LanguageServer

    from . import __version__

    server = LanguageServer("newslint", __version__)
    service = LintService(linter_factory)
    buffers: dict[str, Buffer] = {}
    state = {"shutdown": False}
    slots: list[asyncio.Semaphore] = []

    def encoding() -> str:
        try:
            enc = server.workspace.position_encoding
        except Exception:  # noqa: BLE001 - before initialize
            enc = None
        value = getattr(enc, "value", enc)
        return str(value) if value else "utf-16"

    def root_dir() -> str | None:
        try:
            root = server.workspace.root_path
        except Exception:  # noqa: BLE001
            root = None
        return root or None

    def semaphore() -> asyncio.Semaphore:
        if not slots:
            slots.append(asyncio.Semaphore(MAX_PARALLEL))
        return slots[0]

    def publish(buf: Buffer, diagnostics: list[Any]) -> None:
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=buf.uri, diagnostics=diagnostics, version=buf.version
            )
        )

    async def run(uri: str, generation: int, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        buf = buffers.get(uri)
        if buf is None or buf.generation != generation or state["shutdown"]:
            return
        async with buf.lock, semaphore():
            if buf.generation != generation or buffers.get(uri) is not buf:
                return  # superseded while waiting for a slot
            text = buf.text
            try:
                findings, rules, shift, base = await _in_thread(service.lint, buf.path, text)
            except Exception as exc:  # noqa: BLE001 - reported to the user, server goes on
                from .config import ConfigError

                if buf.generation != generation:
                    return
                kind = "configuration error" if isinstance(exc, ConfigError) else "error"
                msg = f"newslint {kind}: {exc}"
                logger.error("%s (%s)", msg, buf.path)
                server.window_log_message(
                    types.LogMessageParams(type=types.MessageType.Error, message=msg)
                )
                buf.items, buf.linted_text, buf.rules = [], text, {}
                publish(
                    buf,
                    [
                        types.Diagnostic(
                            range=types.Range(
                                start=types.Position(line=0, character=0),
                                end=types.Position(line=0, character=0),
                            ),
                            message=msg,
                            severity=types.DiagnosticSeverity.Error,
                            source="newslint",
                        )
                    ],
                )
                return
        if buf.generation != generation or buffers.get(uri) is not buf or state["shutdown"]:
            return  # the text changed while linting: a newer run is on its way
        tm = TextMap(text, encoding(), shift)
        buf.items = to_diagnostics(types, findings, tm, uri, buf.path, base)
        buf.linted_text = text
        buf.rules = rules
        publish(buf, [d for d, _ in buf.items])

    def schedule(buf: Buffer, delay: float) -> None:
        buf.generation += 1
        asyncio.ensure_future(run(buf.uri, buf.generation, delay))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls, params: types.DidOpenTextDocumentParams) -> None:
        doc = params.text_document
        buf = Buffer(
            uri=doc.uri,
            text=doc.text,
            version=doc.version,
            language_id=doc.language_id,
            path=path_for(doc.uri, doc.language_id, root_dir()),
        )
        buffers[doc.uri] = buf
        schedule(buf, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls, params: types.DidChangeTextDocumentParams) -> None:
        buf = buffers.get(params.text_document.uri)
        if buf is None:
            return
        text = buf.text
        enc = encoding()
        for change in params.content_changes:
            rng = getattr(change, "range", None)
            if rng is None:
                text = change.text
            else:
                text = apply_change(
                    text,
                    (rng.start.line, rng.start.character),
                    (rng.end.line, rng.end.character),
                    change.text,
                    enc,
                )
        buf.text = text
        buf.version = params.text_document.version
        schedule(buf, DEBOUNCE)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls, params: types.DidSaveTextDocumentParams) -> None:
        buf = buffers.get(params.text_document.uri)
        if buf is not None:
            if params.text is not None:
                buf.text = params.text
            schedule(buf, 0)  # a config file may have changed: the service notices

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    async def did_close(ls, params: types.DidCloseTextDocumentParams) -> None:
        buf = buffers.pop(params.text_document.uri, None)
        if buf is not None:
            buf.generation += 1
            server.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=buf.uri, diagnostics=[])
            )

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls, params: types.HoverParams):
        buf = buffers.get(params.text_document.uri)
        if buf is None or buf.linted_text != buf.text or not buf.items:
            return None
        pos = params.position
        hits = [(d, f) for d, f in buf.items if _contains(d.range, pos.line, pos.character)]
        if not hits:
            return None
        start = min((d.range.start.line, d.range.start.character) for d, _ in hits)
        end = max((d.range.end.line, d.range.end.character) for d, _ in hits)
        return types.Hover(
            contents=types.MarkupContent(
                kind=types.MarkupKind.Markdown,
                value=hover_markdown([f for _, f in hits], buf.rules),
            ),
            range=types.Range(
                start=types.Position(line=start[0], character=start[1]),
                end=types.Position(line=end[0], character=end[1]),
            ),
        )

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, "source.fixAll.newslint"],
            resolve_provider=False,
        ),
    )
    def code_action(ls, params: types.CodeActionParams):
        buf = buffers.get(params.text_document.uri)
        if buf is None or buf.linted_text != buf.text:
            return None  # fixes were computed on another text: offer nothing stale
        only = params.context.only or []

        def wanted(kind: str) -> bool:
            return not only or any(kind == k or kind.startswith(f"{k}.") for k in only)

        shift = 1 if buf.text.startswith("\ufeff") else 0
        tm = TextMap(buf.text, encoding(), shift)
        actions = []
        if wanted(types.CodeActionKind.QuickFix):
            for diag, f in buf.items:
                if f.fix is None or not f.fix.edits or not _overlaps(diag.range, params.range):
                    continue
                unsafe = f.fix.applicability != "safe"
                actions.append(
                    types.CodeAction(
                        title=f"{f.fix.message} ({f.code}{', unsafe' if unsafe else ''})",
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[diag],
                        is_preferred=not unsafe,
                        edit=types.WorkspaceEdit(changes={buf.uri: text_edits(types, f.fix, tm)}),
                    )
                )
        if wanted("source.fixAll.newslint"):
            from .fixes import apply_fixes

            findings = [f for _, f in buf.items]
            fixed, count = apply_fixes(buf.text[shift:], findings)
            if count:
                end = tm.position(len(buf.text))
                actions.append(
                    types.CodeAction(
                        title=f"newslint: apply {count} safe fix{'es' if count != 1 else ''}",
                        kind="source.fixAll.newslint",
                        edit=types.WorkspaceEdit(
                            changes={
                                buf.uri: [
                                    types.TextEdit(
                                        range=types.Range(
                                            start=types.Position(line=0, character=0),
                                            end=types.Position(line=end[0], character=end[1]),
                                        ),
                                        new_text=buf.text[:shift] + fixed,
                                    )
                                ]
                            }
                        ),
                    )
                )
        return actions or None

    @server.feature(types.SHUTDOWN)
    def on_shutdown(ls, *args) -> None:
        state["shutdown"] = True
        for buf in buffers.values():
            buf.generation += 1

    server.newslint_state = state  # type: ignore[attr-defined]
    return server


def main() -> int:
    """Serve on stdio until ``exit``. Exit status 0 after ``shutdown``, 1 without it."""
    import sys

    try:
        server = create_server()
    except ImportError as exc:
        print(
            f"newslint: the language server needs pygls ({exc}); install 'newslint[lsp]'",
            file=sys.stderr,
        )
        return 2
    logging.basicConfig(
        level=logging.WARNING, stream=sys.stderr, format="newslint lsp: %(message)s"
    )
    server.start_io()
    return 0 if server.newslint_state["shutdown"] else 1
