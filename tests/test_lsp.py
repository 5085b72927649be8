"""The language server, driven by a real LSP client over stdio (``newslint lsp``).

Expected positions never come from the server's own code: each test lints the same text
with the real CLI (``newslint --format json --stdin-filename ...``) and converts the
code-point columns to UTF-16 with the small independent converter below. A probe rule
(a local plugin named in a ``newslint.toml`` next to the document) provides a fixable
finding with a related location, so fixes, related information, hover and the config
discovery from the document's folder are tested even where no built-in rule fires.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytest.importorskip("pygls")
from lsprotocol import types  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402

TIMEOUT = 60.0
ROOT = Path(__file__).resolve().parent.parent

#: Environment of every subprocess (server and CLI); set by the ``code_snapshot`` fixture.
ENV: dict[str, str] = {}

PROBE_PLUGIN = '''
import re

from newslint import Rule, hookimpl


class ProbeTypo(Rule):
    """Probe rule of the language-server tests: the typo "teh".

    **Why it matters.** It is a typo.

    **Fix.** Replace it with "the" (safe).
    """

    code = "XP001"
    name = "probe-teh"
    category = "probe"
    summary = "The typo 'teh'"
    fixable = True

    def check(self, doc, settings):
        first = None
        for block in doc.blocks:
            for m in re.finditer(r"\\bteh\\b", block.text):
                s, e = block.span(m.start(), m.end())
                related = [doc.location(first[0], first[1], "first typo here")] if first else []
                if first is None:
                    first = (s, e)
                yield self.finding(
                    doc, s, e, "typo 'teh'", related=related,
                    fix=self.fix(doc, "replace 'teh' with 'the'", [(s, e, "the")]),
                )


@hookimpl
def newslint_rules():
    return [ProbeTypo()]
'''

# Emoji (outside the BMP: two UTF-16 units each) in front of findings on the same line.
PROBE_TEXT = textwrap.dedent(
    """\
    ---
    title: "Harbour reopens after storm"
    date: 2024-03-02
    ---

    # Harbour reopens 🌊 after teh storm

    The mayor, Ana Duarte 🇵🇹, said teh harbour would reopen on *Monday*, and 🚢 teh first
    ferry left at noon. See [the notice](https://example.org/notice) for times.
    """
)

CLEAN_TEXT = textwrap.dedent(
    """\
    ---
    title: "Library extends its opening hours"
    date: 2024-05-14
    author: "Mara Lindqvist"
    ---

    The city library will stay open until nine in the evening from next month, the
    council said on Tuesday.

    The change follows a survey of readers. Most of them asked for later hours on
    weekdays, and the council agreed to fund two more staff.
    """
)


# -- independent expectations -----------------------------------------------------------


def utf16_position(text: str, line: int, column: int) -> tuple[int, int]:
    """newslint (1-based line at "\\n", 1-based code-point column) -> LSP UTF-16 position."""
    lines = text.split("\n")
    prefix = lines[line - 1][: column - 1] if line - 1 < len(lines) else ""
    return line - 1, len(prefix.encode("utf-16-le")) // 2


@pytest.fixture(scope="module", autouse=True)
def code_snapshot(tmp_path_factory):
    """Server and CLI run the same copy of the package (laid out as the wheel installs
    it), so that edits to the work tree during the run cannot make them disagree."""
    snap = tmp_path_factory.mktemp("newslint-snapshot")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "src" / "newslint", snap / "newslint", ignore=ignore)
    if (ROOT / "rules").is_dir() and not (snap / "newslint" / "_packs").exists():
        shutil.copytree(ROOT / "rules", snap / "newslint" / "_packs", ignore=ignore)
    ENV.clear()
    ENV.update(os.environ)
    ENV["PYTHONPATH"] = os.pathsep.join(p for p in (str(snap), os.environ.get("PYTHONPATH")) if p)
    ENV.pop("NO_COLOR", None)
    yield snap
    ENV.clear()


def cli(*args: str, cwd: Path, input: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "newslint", *args],
        input=input,
        capture_output=True,
        cwd=cwd,
        env=ENV,
        timeout=300,
    )


def cli_findings(text: str, path: Path, cwd: Path) -> list[dict]:
    proc = cli(
        "--format", "json", "--stdin-filename", str(path), "-", cwd=cwd, input=text.encode("utf-8")
    )
    assert proc.returncode in (0, 1) and b"Traceback" not in proc.stderr, proc.stderr.decode()
    return json.loads(proc.stdout)


def expected_set(text: str, findings: list[dict]) -> set:
    out = set()
    for f in findings:
        start = utf16_position(text, f["line"], f["column"])
        end = utf16_position(text, f["end_line"], f["end_column"])
        out.add((f["code"], start, end, f["message"]))
    return out


def got_set(diagnostics) -> set:
    return {
        (
            d.code,
            (d.range.start.line, d.range.start.character),
            (d.range.end.line, d.range.end.character),
            d.message,
        )
        for d in diagnostics
    }


def apply_utf16_edits(text: str, edits) -> str:
    """Apply LSP TextEdits (UTF-16 positions) with an implementation of its own."""

    def offset(pos) -> int:
        lines = text.split("\n")
        base = sum(len(line) + 1 for line in lines[: pos.line])
        line = lines[pos.line]
        units = 0
        for i, ch in enumerate(line):
            if units >= pos.character:
                return base + i
            units += 2 if ord(ch) > 0xFFFF else 1
        return base + len(line)

    spans = sorted(
        ((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits), reverse=True
    )
    for a, b, new in spans:
        text = text[:a] + new + text[b:]
    return text


# -- a small client ---------------------------------------------------------------------


class Session:
    """A pygls client talking to ``python -m newslint lsp`` over stdio."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self.client = LanguageClient("newslint-tests", "1")
        self.published: list[types.PublishDiagnosticsParams] = []
        self.stderr = b""
        self._versions: dict[str, int] = {}

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
            self.published.append(params)

        @self.client.feature(types.WINDOW_LOG_MESSAGE)
        def on_log(params) -> None:
            pass

    async def start(self, encodings: list[str] | None = None) -> types.InitializeResult:
        await self.client.start_io(
            sys.executable, "-m", "newslint", "lsp", cwd=str(self.cwd), env=ENV
        )
        self.process = self.client._server
        self._stderr_task = asyncio.ensure_future(self._drain_stderr())
        general = (
            types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None
        )
        caps = types.ClientCapabilities(
            general=general,
            text_document=types.TextDocumentClientCapabilities(
                publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
                    related_information=True, version_support=True
                ),
                hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
            ),
        )
        result = await asyncio.wait_for(
            self.client.initialize_async(
                types.InitializeParams(
                    process_id=os.getpid(), root_uri=self.cwd.as_uri(), capabilities=caps
                )
            ),
            TIMEOUT,
        )
        self.client.initialized(types.InitializedParams())
        return result

    async def _drain_stderr(self) -> None:
        stream = self.process.stderr
        while chunk := await stream.read(65536):
            self.stderr += chunk

    def open(self, path: Path, text: str, language: str = "markdown") -> str:
        uri = path.as_uri()
        self._versions[uri] = 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id=language, version=1, text=text
                )
            )
        )
        return uri

    def change(self, uri: str, text: str | None = None, *, range=None, new_text: str = "") -> int:
        self._versions[uri] += 1
        if range is None:
            change = types.TextDocumentContentChangeWholeDocument(text=text)
        else:
            change = types.TextDocumentContentChangePartial(range=range, text=new_text)
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=uri, version=self._versions[uri]
                ),
                content_changes=[change],
            )
        )
        return self._versions[uri]

    async def diagnostics(self, uri: str, version: int, timeout: float = TIMEOUT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for p in reversed(self.published):
                if p.uri == uri and p.version == version:
                    return p.diagnostics
            await asyncio.sleep(0.02)
        raise AssertionError(f"no diagnostics for {uri} version {version} within {timeout}s")

    async def shutdown(self) -> int:
        await asyncio.wait_for(self.client.shutdown_async(None), TIMEOUT)
        self.client.exit(None)
        code = await asyncio.wait_for(self.process.wait(), TIMEOUT)
        await asyncio.wait_for(self._stderr_task, TIMEOUT)
        await self.client.stop()
        return code


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 600))


@pytest.fixture
def probe_project(tmp_path: Path) -> Path:
    """A content folder whose newslint.toml loads the probe plugin."""
    project = tmp_path / "site"
    (project / "content").mkdir(parents=True)
    (project / "newslint.toml").write_text('plugins = ["lsp_probe_rules"]\n', encoding="utf-8")
    (project / "lsp_probe_rules.py").write_text(PROBE_PLUGIN, encoding="utf-8")
    return project


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """The server's working directory: away from the documents (no config there)."""
    d = tmp_path / "elsewhere"
    d.mkdir()
    return d


# -- tests ------------------------------------------------------------------------------


def test_reference_article_positions_then_clean_copy(seed_text, tmp_path, elsewhere):
    """The seed's findings arrive where the CLI puts them (in UTF-16), with severity,
    code, href and source; an emoji in front of them shifts the UTF-16 columns; replacing
    the text with clean copy empties the list; shutdown then exit gives status 0."""
    doc = tmp_path / "news" / "un-report.txt"  # never written: the buffer is what is linted
    doc.parent.mkdir()
    # An astral emoji at the start of the first line moves every finding on it by two
    # UTF-16 units but by one code point.
    variants = {"plain": seed_text, "emoji": "📰 " + seed_text}

    async def scenario():
        s = Session(elsewhere)
        await s.start()
        seen_codes = set()
        for label, text in variants.items():
            path = doc.with_name(f"{label}-{doc.name}")
            uri = s.open(path, text, language="plaintext")
            expected_findings = cli_findings(text, path, elsewhere)
            diags = await s.diagnostics(uri, 1)
            assert got_set(diags) == expected_set(text, expected_findings), label
            by_key = {
                (f["code"], f["line"], f["column"], f["message"]): f for f in expected_findings
            }
            for d in diags:
                assert d.source == "newslint"
                match = [
                    f
                    for (code, line, col, msg), f in by_key.items()
                    if code == d.code
                    and msg == d.message
                    and utf16_position(text, line, col)
                    == (d.range.start.line, d.range.start.character)
                ]
                assert match, d
                f = match[0]
                want_sev = {"error": 1, "warning": 2, "info": 3}[f["severity"]]
                assert d.severity == want_sev
                if f["url"]:
                    assert d.code_description is not None and d.code_description.href == f["url"]
                assert len(d.related_information or []) == len(f["related"])
                for info, rel in zip(d.related_information or [], f["related"], strict=True):
                    assert info.message == (rel["message"] or "related")
                    if rel["path"] == str(path):
                        assert (
                            info.location.range.start.line,
                            info.location.range.start.character,
                        ) == (utf16_position(text, rel["line"], rel["column"]))
                seen_codes.add(d.code)
            if label == "emoji":
                shifted = [f for f in expected_findings if f["line"] == 1 and f["column"] > 1]
                for f in shifted:  # UTF-16 = code points + 1 for the emoji
                    assert utf16_position(text, 1, f["column"])[1] == f["column"]
            # Real fixes as code actions: the edits are the CLI's, in UTF-16.
            for f in [f for f in expected_findings if f["fix"]][:6]:
                start = utf16_position(text, f["line"], f["column"])
                end = utf16_position(text, f["end_line"], f["end_column"])
                rng = types.Range(
                    start=types.Position(line=start[0], character=start[1]),
                    end=types.Position(line=end[0], character=end[1]),
                )
                actions = await s.client.text_document_code_action_async(
                    types.CodeActionParams(
                        text_document=types.TextDocumentIdentifier(uri=uri),
                        range=rng,
                        context=types.CodeActionContext(diagnostics=[], only=["quickfix"]),
                    )
                )
                mine = [
                    a
                    for a in actions or []
                    if a.diagnostics[0].code == f["code"]
                    and a.diagnostics[0].range == rng
                    and a.diagnostics[0].message == f["message"]
                ]
                assert len(mine) == 1, (f, actions)
                assert mine[0].is_preferred == (f["fix"]["applicability"] == "safe")
                want = sorted(
                    (
                        utf16_position(text, e["line"], e["column"]),
                        utf16_position(text, e["end_line"], e["end_column"]),
                        e["text"],
                    )
                    for e in f["fix"]["edits"]
                )
                got = sorted(
                    (
                        (e.range.start.line, e.range.start.character),
                        (e.range.end.line, e.range.end.character),
                        e.new_text,
                    )
                    for e in mine[0].edit.changes[uri]
                )
                assert got == want
            # Hover on a finding shows its rule's explanation, as `newslint rule` prints it.
            if diags:
                d = diags[0]
                hover = await s.client.text_document_hover_async(
                    types.HoverParams(
                        text_document=types.TextDocumentIdentifier(uri=uri), position=d.range.start
                    )
                )
                rule = cli("rule", d.code, "--format", "json", cwd=elsewhere)
                assert rule.returncode == 0, rule.stderr
                assert json.loads(rule.stdout)["explanation"] in hover.contents.value
            # Clean copy replaces everything (an incremental change over the whole text).
            lines = text.split("\n")
            whole = types.Range(
                start=types.Position(line=0, character=0),
                end=types.Position(
                    line=len(lines) - 1, character=len(lines[-1].encode("utf-16-le")) // 2
                ),
            )
            assert cli_findings(CLEAN_TEXT, path, elsewhere) == []
            version = s.change(uri, range=whole, new_text=CLEAN_TEXT)
            assert list(await s.diagnostics(uri, version)) == []
        code = await s.shutdown()
        return code, seen_codes, s.stderr

    code, seen_codes, stderr = run(scenario())
    assert code == 0, stderr.decode(errors="replace")
    assert b"Traceback" not in stderr, stderr.decode(errors="replace")
    if not seen_codes:
        pytest.skip(
            "no rule fires on the reference article yet: positions compared on an empty list"
        )


def test_probe_fix_related_hover_and_emoji(probe_project, elsewhere):
    """Config is found from the document's folder (the probe plugin is only named there);
    UTF-16 columns after emoji; related information; a quick fix whose edit, applied in
    UTF-16, repairs the text; fix-all; hover shows the rule's explanation."""
    doc = probe_project / "content" / "harbour.md"

    async def scenario():
        s = Session(elsewhere)
        await s.start()
        uri = s.open(doc, PROBE_TEXT)
        diags = await s.diagnostics(uri, 1)
        expected = cli_findings(PROBE_TEXT, doc, elsewhere)
        assert got_set(diags) == expected_set(PROBE_TEXT, expected)
        probes = sorted(
            (d for d in diags if d.code == "XP001"),
            key=lambda d: (d.range.start.line, d.range.start.character),
        )
        cli_probes = [f for f in expected if f["code"] == "XP001"]
        assert len(probes) == len(cli_probes) == 3
        # The second finding is on a line with a flag emoji (two astral code points) in
        # front: its UTF-16 character is its code-point column - 1 + 2.
        second = sorted(cli_probes, key=lambda f: (f["line"], f["column"]))[1]
        assert (probes[1].range.start.line, probes[1].range.start.character) == (
            second["line"] - 1,
            second["column"] - 1 + 2,
        )
        assert probes[0].related_information is None
        rel = probes[1].related_information[0]
        assert rel.location.uri == uri
        assert rel.location.range == probes[0].range
        assert rel.message == "first typo here"
        # Quick fix for the second finding.
        actions = await s.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=probes[1].range,
                context=types.CodeActionContext(diagnostics=[probes[1]]),
            )
        )
        quick = [
            a
            for a in actions
            if a.kind == types.CodeActionKind.QuickFix and a.diagnostics[0].code == "XP001"
        ]
        assert len(quick) == 1 and quick[0].is_preferred
        fixed = apply_utf16_edits(PROBE_TEXT, quick[0].edit.changes[uri])
        line = fixed.split("\n")[second["line"] - 1]
        assert "Ana Duarte 🇵🇹, said the harbour" in line and "🚢 teh first" in line
        # Fix all (source action) repairs every safe fix at once.
        actions = await s.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=types.Range(
                    start=types.Position(line=0, character=0),
                    end=types.Position(line=0, character=0),
                ),
                context=types.CodeActionContext(diagnostics=[], only=["source.fixAll"]),
            )
        )
        assert [a.kind for a in actions] == ["source.fixAll.newslint"]
        all_fixed = apply_utf16_edits(PROBE_TEXT, actions[0].edit.changes[uri])
        assert "teh" not in all_fixed
        assert not [f for f in cli_findings(all_fixed, doc, elsewhere) if f["code"] == "XP001"]
        # Hover on the finding shows the rule's explanation (as `newslint rule` prints it).
        hover = await s.client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri), position=probes[2].range.start
            )
        )
        assert hover is not None and "XP001" in hover.contents.value
        return hover.contents.value, await s.shutdown(), s.stderr

    hover_text, code, stderr = run(scenario())
    rule = cli("rule", "XP001", "--format", "json", cwd=probe_project)
    assert rule.returncode == 0, rule.stderr
    assert json.loads(rule.stdout)["explanation"] in hover_text
    assert code == 0, stderr.decode(errors="replace")


def test_incremental_edits_debounced_and_fixed_typo_disappears(probe_project, elsewhere):
    """Edits arrive as incremental changes in UTF-16 ranges; a burst of edits is linted
    once (debounced), for the final text."""
    doc = probe_project / "content" / "burst.md"
    text = "# Night bus 🚌 returns\n\nThe 🚌 night bus returns on Friday, teh council said.\n"

    async def scenario():
        s = Session(elsewhere)
        await s.start()
        uri = s.open(doc, text)
        diags = await s.diagnostics(uri, 1)
        probe = [d for d in diags if d.code == "XP001"]
        assert len(probe) == 1
        rng = probe[0].range
        # Type "the" over "teh" one keystroke at a time, then append a sentence in bursts.
        current = text
        for i, ch in enumerate("the"):
            pos_a = types.Position(line=rng.start.line, character=rng.start.character + i)
            pos_b = types.Position(line=rng.start.line, character=rng.start.character + i + 1)
            s.change(uri, range=types.Range(start=pos_a, end=pos_b), new_text=ch)
        current = current.replace("teh", "the")
        end_line = current.count("\n")
        for word in ["Tickets ", "cost ", "two ", "euros."]:
            pos = types.Position(line=end_line, character=0)
            s.change(uri, range=types.Range(start=pos, end=pos), new_text=word)
        current += "Tickets cost two euros."
        last = s._versions[uri]
        diags = await s.diagnostics(uri, last)
        intermediate = [p for p in s.published if p.uri == uri and p.version not in (1, last)]
        expected = cli_findings(current, doc, elsewhere)
        code = await s.shutdown()
        return current, diags, intermediate, expected, code

    current, diags, intermediate, expected, code = run(scenario())
    assert got_set(diags) == expected_set(current, expected)
    assert not [d for d in diags if d.code == "XP001"]
    assert intermediate == []  # seven changes, one run
    assert code == 0


def test_large_buffer_does_not_block_the_server(probe_project, elsewhere):
    """While a large buffer is being linted, requests on another document are answered."""
    para = (
        "The regional council met on Thursday to discuss the budget for the coming year, "
        "and members agreed to review spending on roads, schools and public transport. "
    )
    # Distinct paragraphs (an exact copy of an earlier block is skipped by most rules),
    # enough of them that linting takes seconds, not the 0.2 s the requests wait.
    big = "# Council budget\n\n" + "\n\n".join(f"Item {i}. " + para * 6 for i in range(2000)) + "\n"
    assert len(big) > 1_500_000

    async def scenario():
        s = Session(elsewhere)
        await s.start()
        small_uri = s.open(
            probe_project / "content" / "small.md", "The mayor said teh port reopens.\n"
        )
        small = await s.diagnostics(small_uri, 1)
        assert [d.code for d in small if d.code == "XP001"] == ["XP001"]
        big_uri = s.open(probe_project / "content" / "big.md", big)
        await asyncio.sleep(0.2)  # the big run is under way
        latencies = []
        for _ in range(5):
            t0 = time.monotonic()
            hover = await asyncio.wait_for(
                s.client.text_document_hover_async(
                    types.HoverParams(
                        text_document=types.TextDocumentIdentifier(uri=small_uri),
                        position=small[0].range.start,
                    )
                ),
                TIMEOUT,
            )
            latencies.append(time.monotonic() - t0)
            assert hover is not None
        done_before = any(p.uri == big_uri for p in s.published)
        big_diags = await s.diagnostics(big_uri, 1, timeout=300)
        code = await s.shutdown()
        return latencies, done_before, big_diags, code

    latencies, done_before, big_diags, code = run(scenario())
    assert max(latencies) < 2.0, latencies
    assert not done_before, "the large buffer was linted before the requests: make it larger"
    assert isinstance(big_diags, (list, tuple))
    assert code == 0


def test_exit_without_shutdown_is_status_1(elsewhere):
    async def scenario():
        s = Session(elsewhere)
        await s.start()
        s.client.exit(None)
        code = await asyncio.wait_for(s.process.wait(), TIMEOUT)
        await s.client.stop()
        return code

    assert run(scenario()) == 1


def test_utf32_negotiated_and_bom(probe_project, elsewhere):
    """A client that prefers UTF-32 gets code-point characters; a BOM in the buffer
    counts as one character of line 0."""
    doc = probe_project / "content" / "bom.md"
    text = "\ufeffA 🦀 crab said teh tide was high.\n"

    async def scenario():
        s = Session(elsewhere)
        result = await s.start(encodings=["utf-32", "utf-16"])
        uri = s.open(doc, text)
        diags = await s.diagnostics(uri, 1)
        code = await s.shutdown()
        return result, diags, code

    result, diags, code = run(scenario())
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf32
    probe = [d for d in diags if d.code == "XP001"]
    assert len(probe) == 1
    assert probe[0].range.start.character == text.index("teh")  # BOM + code points
    assert code == 0


def test_related_information_in_another_file(tmp_path, elsewhere):
    """With ``[duplicates] corpus`` set, a paragraph copied from an article on disk is
    reported in the buffer with related information in that other file (its own URI,
    UTF-16 positions of that file's text)."""
    project = tmp_path / "site"
    (project / "content").mkdir(parents=True)
    (project / "newslint.toml").write_text('[duplicates]\ncorpus = "content/"\n', encoding="utf-8")
    paragraph = (
        "Volunteers planted four hundred oak and beech saplings along the northern bank on "
        "Sunday, the river trust said, as part of a plan to shade the water and cool it for "
        "the trout that spawn there each winter."
    )
    old_text = f'---\ntitle: "Trees 🌳 for the river"\ndate: 2024-02-04\n---\n\n{paragraph}\n'
    old = project / "content" / "trees.md"
    old.write_text(old_text, encoding="utf-8")
    new_text = (
        '---\ntitle: "River planting 🌱 weekend"\ndate: 2024-03-10\n---\n\n'
        f"The planting 🌱 continues next month.\n\n{paragraph}\n"
    )
    doc = project / "content" / "planting.md"  # a buffer only: not on disk

    async def scenario():
        s = Session(elsewhere)
        await s.start()
        uri = s.open(doc, new_text)
        diags = await s.diagnostics(uri, 1)
        code = await s.shutdown()
        return diags, code

    expected = cli_findings(new_text, doc, elsewhere)
    diags, code = run(scenario())
    assert got_set(diags) == expected_set(new_text, expected)
    cross = [f for f in expected if any(r["path"] != str(doc) for r in f["related"])]
    if not cross:
        pytest.skip("no cross-file duplicate rule with corpus mode yet")
    for f in cross:
        start = utf16_position(new_text, f["line"], f["column"])
        (d,) = [
            x
            for x in diags
            if x.code == f["code"] and (x.range.start.line, x.range.start.character) == start
        ]
        infos = [i for i in d.related_information if i.location.uri != doc.as_uri()]
        rels = [r for r in f["related"] if r["path"] != str(doc)]
        assert len(infos) == len(rels)
        for info, rel in zip(infos, rels, strict=True):
            # relative paths in the CLI's output are relative to its working directory
            assert Path(os.path.normpath(elsewhere / rel["path"])) == old
            assert info.location.uri == old.as_uri()
            assert (info.location.range.start.line, info.location.range.start.character) == (
                utf16_position(old_text, rel["line"], rel["column"])
            )
            assert (info.location.range.end.line, info.location.range.end.character) == (
                utf16_position(old_text, rel["end_line"], rel["end_column"])
            )
    assert code == 0


def test_server_keeps_the_corpus_index_in_the_workspace_cache(tmp_path, elsewhere):
    """With ``[duplicates] corpus`` set, the server's first lint summarises the corpus
    and leaves the summaries in the project's cache, as a CLI run does, so the next editor
    session (or hook) reads them instead of summarising the repository again."""
    from tests.helpers import corpus_indexes

    project = tmp_path / "site"
    (project / "content").mkdir(parents=True)
    (project / "newslint.toml").write_text('[duplicates]\ncorpus = "content/"\n', encoding="utf-8")
    (project / "content" / "ferry.md").write_text(
        "---\ndate: 2024-02-04\n---\n\nThe island ferry returns to its summer timetable on "
        "Monday, with four crossings a day and a late boat on Fridays, the operator said, "
        "after a winter in which storms cancelled one sailing in five.\n",
        encoding="utf-8",
    )
    doc = project / "content" / "draft.md"  # a buffer only: not on disk

    async def scenario():
        s = Session(elsewhere)
        await s.start()
        uri = s.open(doc, "---\ndate: 2024-03-01\n---\n\nA new bus stop opens on Elm Street.\n")
        await s.diagnostics(uri, 1)
        return await s.shutdown()

    assert run(scenario()) == 0
    indexes = list(corpus_indexes(project / ".newslint_cache").values())
    assert [sorted(i["files"]) for i in indexes] == [["ferry.md"]]
    assert indexes[0]["files"]["ferry.md"][3]["sigs"]  # the summary, never the text


def test_config_error_then_repaired_config_and_close(probe_project, elsewhere):
    """A broken config is one error diagnostic naming the problem (not a crash); once the
    file is repaired on disk the next lint uses it; closing a document clears its list."""
    config = probe_project / "newslint.toml"
    config.write_text('plugins = ["lsp_probe_rules"]\nno-such-key = 1\n', encoding="utf-8")
    doc = probe_project / "content" / "config.md"
    text = "The mayor said teh port reopens.\n"
    doc.write_text(text, encoding="utf-8")
    broken = cli("--format", "json", str(doc), cwd=elsewhere)
    assert broken.returncode == 2 and b"no-such-key" in broken.stderr

    async def scenario():
        s = Session(elsewhere)
        await s.start()
        uri = s.open(doc, text)
        first = await s.diagnostics(uri, 1)
        config.write_text('plugins = ["lsp_probe_rules"]\n', encoding="utf-8")
        version = s.change(uri, text + "\n")
        second = await s.diagnostics(uri, version)
        s.client.text_document_did_close(
            types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline and not (
            s.published[-1].uri == uri and list(s.published[-1].diagnostics) == []
        ):
            await asyncio.sleep(0.02)
        closed = list(s.published[-1].diagnostics)
        code = await s.shutdown()
        return first, second, closed, code, s.stderr

    first, second, closed, code, stderr = run(scenario())
    assert len(first) == 1 and first[0].severity == types.DiagnosticSeverity.Error
    assert "no-such-key" in first[0].message and "configuration" in first[0].message
    assert [d.code for d in second if d.code == "XP001"] == ["XP001"]
    assert closed == []
    assert code == 0
    assert b"Traceback" not in stderr
