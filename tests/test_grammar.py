"""NL6xx: LanguageTool as an optional backend.

The backend is exercised against a stand-in server (``test_grammar_fake.py``) that
answers in LanguageTool's documented ``/v2/check`` shape with UTF-16 offsets, and
against real sockets for every failure mode. ``test_grammar_e2e.py`` runs against a real
LanguageTool where one is available.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import signal
import socket
import stat
import sys
import textwrap
import time
from pathlib import Path

import pytest
import test_grammar_fake as fake

from newslint import languagetool as lt
from newslint.checks.grammar import OPTIONS, defers_to_newslint, kind_of
from newslint.config import ConfigError
from newslint.engine import Linter
from newslint.hookspecs import hookimpl
from newslint.rule import Rule

HAVE_LTP = importlib.util.find_spec("language_tool_python") is not None
needs_ltp = pytest.mark.skipif(
    not HAVE_LTP,
    reason="language-tool-python (the optional 'languagetool' extra) is not installed: "
    "pip install 'newslint[languagetool]'",
)
TESTS = Path(__file__).resolve().parent


@pytest.fixture(autouse=True)
def _fresh_backend():
    lt.reset()
    yield
    lt.reset()


@pytest.fixture
def server():
    srv = fake.serve()
    yield srv
    srv.stop()


class Lorem(Rule):
    """Test rule standing in for every other newslint rule: flags ``lorem ipsum``."""

    code = "TX001"
    name = "lorem-ipsum"
    category = "test"
    summary = "placeholder text"

    def check(self, doc, settings):
        for block in doc.blocks:
            k = block.text.find("lorem ipsum")
            if k != -1:
                start, end = block.span(k, k + 11)
                yield self.finding(doc, start, end, "placeholder text")


class LoremPlugin:
    @hookimpl
    def newslint_rules(self):
        return [Lorem()]


def lint_lt(text, url, path="article.md", *, select=None, extend=(), ignore=(), **section):
    options = {"languagetool": {"server": url, "enabled": True, **section}}
    linter = Linter(
        isolated=True,
        select=select,
        extend_select=list(extend),
        ignore=list(ignore),
        options=options,
        extra_plugins=[LoremPlugin()],
        entry_points=False,
    )
    return linter.lint_text(text, path)


def where(findings, code_prefix="NL6"):
    return [
        (f.line, f.column, f.end_column, f.name) for f in findings if f.code.startswith(code_prefix)
    ]


GARBLED_MD = textwrap.dedent(
    """\
    ---
    title: "Council vote delayed"
    date: 2024-05-02
    ---

    # Council vote delayed

    The council have postponed a vote on the harbour plan, officials said on 😀 Monday, and a official confirmed it.

    Residents gave a **firm** reply: they want a inquiry before any [work](https://example.org/work) starts.

    Run `a install` or see https://example.org/a-plan for the plan.

    ```text
    a apple in a code block is not prose
    ```
    """
)

CLEAN_MD = textwrap.dedent(
    """\
    ---
    title: "Council vote delayed"
    date: 2024-05-02
    ---

    # Council vote delayed

    The council has postponed a vote on the harbour plan, officials said on 😀 Monday, and an official confirmed it.

    Residents gave a **firm** reply: they want an inquiry before any [work](https://example.org/work) starts.

    Run `a install` or see https://example.org/a-plan for the plan.

    ```text
    a apple in a code block is not prose
    ```
    """
)

GARBLED_TXT = textwrap.dedent(
    """\
    +++
    title = "Storm closes ports"
    +++
    Storm closes ports along the coast

    Harbour officials said a estimated 40 ships were waiting for the the storm to pass.
    """
)


# -- offsets -----------------------------------------------------------------------------------


def test_utf16_offsets_identity_inside_the_bmp():
    conv = lt.Utf16Offsets("Curly “quotes” and café, all in the BMP")
    assert [conv.to_code_points(i) for i in (0, 7, 20)] == [0, 7, 20]


def test_utf16_offsets_after_emoji_and_cjk_outside_the_bmp():
    text = "a😀b𠀋c🇺🇳d"  # 😀 U+1F600, 𠀋 U+2000B, 🇺🇳: two regional indicators
    conv = lt.Utf16Offsets(text)
    for cp in range(len(text) + 1):
        assert conv.to_code_points(fake.utf16(text, cp)) == cp
        assert conv.to_utf16(cp) == fake.utf16(text, cp)


def test_utf16_offset_inside_a_surrogate_pair_rounds_outward():
    conv = lt.Utf16Offsets("x😀y")
    assert conv.to_code_points(2) == 1  # a start inside 😀 moves to its start
    assert conv.to_code_points(2, end=True) == 2  # an end moves past it


# -- the adapter: /v2/check answers into language_tool_python.Match ----------------------------

#: An answer as LanguageTool 6.x sends it for REQUEST_TEXT (offsets in UTF-16 units: the
#: emoji before "a official" counts twice).
REQUEST_TEXT = "Fans 🎉 cheered as a official read teh result."
RESPONSE = {
    "software": {
        "name": "LanguageTool",
        "version": "6.4",
        "buildDate": "2024-03-28 12:00:00 +0000",
        "apiVersion": 1,
        "premium": False,
        "premiumHint": "You might be missing errors only the Premium version can find.",
        "status": "",
    },
    "warnings": {"incompleteResults": False},
    "language": {
        "name": "English (US)",
        "code": "en-US",
        "detectedLanguage": {"name": "English (US)", "code": "en-US", "confidence": 0.98},
    },
    "matches": [
        {
            "message": "Use “an” instead of ‘a’ if the following word starts with a vowel sound, e.g. ‘an article’, ‘an hour’.",
            "shortMessage": "Wrong article",
            "replacements": [{"value": "an"}],
            "offset": 19,
            "length": 1,
            "context": {
                "text": "Fans 🎉 cheered as a official read teh result.",
                "offset": 19,
                "length": 1,
            },
            "sentence": "Fans 🎉 cheered as a official read teh result.",
            "type": {"typeName": "Other"},
            "rule": {
                "id": "EN_A_VS_AN",
                "description": "Use of 'a' vs. 'an'",
                "issueType": "misspelling",
                "urls": [{"value": "https://languagetool.org/insights/post/indefinite-articles/"}],
                "category": {"id": "MISC", "name": "Miscellaneous"},
            },
            "ignoreForIncompleteSentence": False,
            "contextForSureMatch": 1,
        },
        {
            "message": "Possible spelling mistake found.",
            "shortMessage": "Spelling mistake",
            "replacements": [
                {"value": "the"},
                {"value": "tech"},
                {"value": "ten", "shortDescription": "number"},
            ],
            "offset": 35,
            "length": 3,
            "context": {
                "text": "Fans 🎉 cheered as a official read teh result.",
                "offset": 35,
                "length": 3,
            },
            "sentence": "Fans 🎉 cheered as a official read teh result.",
            "type": {"typeName": "UnknownWord"},
            "rule": {
                "id": "MORFOLOGIK_RULE_EN_US",
                "description": "Possible spelling mistake",
                "issueType": "misspelling",
                "category": {"id": "TYPOS", "name": "Possible Typo"},
            },
            "ignoreForIncompleteSentence": False,
            "contextForSureMatch": 0,
        },
    ],
}


@needs_ltp
def test_adapter_builds_real_match_objects_with_code_point_spans():
    from language_tool_python import Match

    original = copy.deepcopy(RESPONSE)
    hits = lt.to_hits(RESPONSE, REQUEST_TEXT)
    assert RESPONSE == original  # Match rewrites its dict: the adapter hands it a copy
    assert [type(h.match) for h in hits] == [Match, Match]
    article, spelling = hits
    assert article.rule_id == "EN_A_VS_AN"
    assert article.match.replacements == ["an"]
    assert article.match.message.startswith("Use “an” instead")
    # UTF-16 offset 19 is code point 18: the emoji is one code point, two UTF-16 units.
    assert (article.start, article.end) == (18, 19)
    assert REQUEST_TEXT[article.start : article.end] == "a"
    assert (spelling.start, spelling.end) == (34, 37)
    assert REQUEST_TEXT[spelling.start : spelling.end] == "teh"
    assert spelling.category == "TYPOS" and spelling.issue_type == "misspelling"
    assert spelling.match.replacements == ["the", "tech", "ten"]
    # language-tool-python's own conversion of the start agrees with ours.
    assert article.match.offset == article.start


@needs_ltp
def test_adapter_accepts_answers_of_old_servers():
    old = {
        "matches": [
            {
                "message": "Possible typo",
                "replacements": ["the"],  # LanguageTool 3.x: plain strings
                "offset": 0,
                "length": 3,
                "rule": {"id": "MORFOLOGIK_RULE_EN_US", "category": {"id": "TYPOS"}},
            }
        ]
    }
    (hit,) = lt.to_hits(old, "teh end")
    assert (hit.rule_id, hit.match.replacements, hit.start, hit.end) == (
        "MORFOLOGIK_RULE_EN_US",
        ["the"],
        0,
        3,
    )


@needs_ltp
def test_adapter_skips_a_malformed_match_and_keeps_the_rest():
    broken = copy.deepcopy(RESPONSE)
    broken["matches"].insert(0, {"offset": "nineteen", "length": 1, "rule": {"id": "X"}})
    broken["matches"].insert(1, "not a match")
    assert [h.rule_id for h in lt.to_hits(broken, REQUEST_TEXT)] == [
        "EN_A_VS_AN",
        "MORFOLOGIK_RULE_EN_US",
    ]


@needs_ltp
def test_adapter_rejects_an_answer_without_matches():
    with pytest.raises(lt.BackendUnavailable, match="no 'matches'"):
        lt.to_hits({"error": "nope"}, "text")


def test_request_sends_placeholders_as_markup_and_blocks_as_paragraphs():
    from newslint.document import Document

    doc = Document("First `code` here.\n\nSecond with https://example.org link.\n", "a.md")
    (batch,) = lt.batches(doc.blocks, 20000)
    assert batch.text == "First \ufffc here.\n\nSecond with \ufffc link."
    items = json.loads(batch.annotation())["annotation"]
    assert items == [
        {"text": "First "},
        {"markup": "\ufffc", "interpretAs": "0"},
        {"text": " here.\n\nSecond with "},
        {"markup": "\ufffc", "interpretAs": "0"},
        {"text": " link."},
    ]
    assert "".join(i.get("text", i.get("markup")) for i in items) == batch.text
    block, i, j = batch.locate(batch.text.index("Second"), batch.text.index("Second") + 6)
    assert block is doc.blocks[1] and (i, j) == (0, 6)
    assert batch.locate(10, 17) is None  # across the blank line between blocks


def test_batches_keep_blocks_whole_and_under_the_limit():
    from newslint.document import Document

    paras = [f"Paragraph number {n} says something short." for n in range(10)]
    doc = Document("\n\n".join(paras) + "\n", "a.md")
    out = lt.batches(doc.blocks, 100)
    assert [len(b.parts) for b in out] == [2] * 5
    assert all(len(b.text) <= 100 for b in out)


def test_options_and_client_defaults_agree():
    cfg = lt.LTConfig()
    for key, default in OPTIONS.items():
        value = getattr(cfg, key.replace("-", "_"))
        assert (list(value) if isinstance(value, tuple) else value) == default, key


def test_server_url_forms():
    assert lt.base_url("http://localhost:8081") == "http://localhost:8081/v2/"
    assert lt.base_url("http://localhost:8081/v2/") == "http://localhost:8081/v2/"
    assert lt.base_url("https://lt.example.org/api/v2") == "https://lt.example.org/api/v2/"


def test_kinds():
    assert kind_of("MORFOLOGIK_RULE_EN_US", "TYPOS", "misspelling") == "spelling"
    assert kind_of("EN_QUOTES", "TYPOGRAPHY", "typographical") == "style"
    assert kind_of("UPPERCASE_SENTENCE_START", "CASING", "typographical") == "grammar"
    assert kind_of("HE_VERB_AGR", "GRAMMAR", "grammar") == "grammar"
    assert kind_of("SOMETHING_NEW", "NEW_CATEGORY", "whitespace") == "style"


def test_uppercase_start_after_a_stray_period_is_left_to_newslint():
    text = "The envoy said. the talks would resume."
    i = text.index("the talks")
    assert defers_to_newslint("UPPERCASE_SENTENCE_START", text, i, i + 3)
    assert not defers_to_newslint("UPPERCASE_SENTENCE_START", "the talks resume.", 0, 3)
    assert not defers_to_newslint("EN_A_VS_AN", text, i, i + 3)


# -- off by default --------------------------------------------------------------------------


def test_off_by_default_sends_nothing_and_imports_nothing(run_cli, tmp_path):
    article = tmp_path / "a.md"
    article.write_text("He ate a apple.\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from newslint.engine import Linter\n"
        f"found = Linter(isolated=True, extend_select=['NL6']).lint_text(open({str(article)!r}).read(), 'a.md')\n"
        "print([f.code for f in found])\n"
        "print('newslint.languagetool' in sys.modules, 'language_tool_python' in sys.modules)\n"
    )
    import subprocess

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    codes, imported = out.stdout.strip().splitlines()
    assert not [c for c in json.loads(codes.replace("'", '"')) if c.startswith(("NL6", "NL904"))]
    assert imported == "False False"


def test_enabled_without_server_or_directory_config_is_off(server):
    found = Linter(isolated=True, options={"languagetool": {"server": server.url}}).lint_text(
        "He ate a apple.\n", "a.md"
    )
    assert not where(found) and server.requests == []


# -- findings at the right place -------------------------------------------------------------


@needs_ltp
def test_markdown_findings_at_source_columns(server):
    found = lint_lt(GARBLED_MD, server.url)
    assert where(found) == [
        (8, 13, 17, "lt/HE_VERB_AGR"),  # "have" after "The council"
        (8, 88, 89, "lt/EN_A_VS_AN"),  # "a official", after the emoji: code points, not UTF-16
        (10, 44, 45, "lt/EN_A_VS_AN"),  # "a inquiry", after **firm** (markup not counted twice)
    ]
    line8 = GARBLED_MD.splitlines()[7]
    assert line8[87:88] == "a" and line8[88:97] == " official"
    by_name = {f.name: f for f in found}
    f = by_name["lt/HE_VERB_AGR"]
    assert f.code == "NL601" and f.category == "grammar" and str(f.severity) == "warning"
    assert f.message == "The verb form ‘have’ does not seem to match the subject. [lt/HE_VERB_AGR]"
    assert f.fix is not None and f.fix.applicability == "unsafe"
    assert [(e.line, e.column, e.end_column, e.text) for e in f.fix.edits] == [(8, 13, 17, "has")]


@needs_ltp
def test_only_prose_is_sent(server):
    lint_lt(GARBLED_MD, server.url)
    (form,) = server.requests  # one request for the whole document
    sent = fake.request_text(form)
    assert sent.startswith("Council vote delayed\n\nThe council have postponed")
    for not_prose in ("title:", "2024-05-02", "code block", "example.org", "a install", "**", "["):
        assert not_prose not in sent
    assert form["language"] == "en-US"


@needs_ltp
def test_clean_copy_is_silent(server):
    found = lint_lt(CLEAN_MD, server.url, extend=["NL6"])
    assert where(found) == []
    assert len(server.requests) == 1


@needs_ltp
def test_plain_text_with_toml_front_matter(server):
    found = lint_lt(GARBLED_TXT, server.url, path="storm.txt")
    assert where(found) == [
        (6, 24, 25, "lt/EN_A_VS_AN"),
        (6, 62, 69, "lt/ENGLISH_WORD_REPEAT_RULE"),
    ]
    repeat = [f for f in found if f.name == "lt/ENGLISH_WORD_REPEAT_RULE"][0]
    assert [(e.column, e.end_column, e.text) for e in repeat.fix.edits] == [(62, 69, "the")]


@needs_ltp
def test_no_fix_across_markup_and_no_match_next_to_code(server):
    text = (
        "They read the *the* report.\n\nInstall it with a `apt` command or a https://x.org link.\n"
    )
    found = lint_lt(text, server.url)
    assert where(found) == [(1, 11, 19, "lt/ENGLISH_WORD_REPEAT_RULE")]
    # The span "the *the" holds emphasis markup: replacing it would break the Markdown.
    assert found[0].fix is None


@needs_ltp
def test_lowercase_after_stray_period_left_to_nl301_but_kept_at_paragraph_start(server):
    text = "The envoy said. the talks would resume.\n\nthe delegates left on Friday.\n"
    found = lint_lt(text, server.url)
    assert where(found) == [(3, 1, 4, "lt/UPPERCASE_SENTENCE_START")]


@needs_ltp
def test_spelling_and_style_are_off_unless_selected(server):
    text = "The goverment  said on Tuesday.\n"
    assert where(lint_lt(text, server.url)) == []
    # Spelling is not even asked for when NL602 is off (LanguageTool's slowest part).
    assert "TYPOS" in server.requests[0]["disabledCategories"].split(",")
    lt.reset()
    found = lint_lt(text, server.url, extend=["NL602", "NL603"])
    assert [
        (c, n, ln, col) for c, n, ln, col in ((f.code, f.name, f.line, f.column) for f in found)
    ] == [
        ("NL602", "lt/MORFOLOGIK_RULE_EN_US", 1, 5),
        ("NL603", "lt/WHITESPACE_RULE", 1, 14),
    ]
    assert "disabledCategories" not in server.requests[-1]
    assert all(str(f.severity) == "info" for f in found)


# -- selecting and ignoring LanguageTool rules -------------------------------------------------


@needs_ltp
def test_ignore_by_languagetool_rule_id_and_category(server):
    found = lint_lt(GARBLED_MD, server.url, ignore=["lt/EN_A_VS_AN"])
    assert where(found) == [(8, 13, 17, "lt/HE_VERB_AGR")]
    found = lint_lt(GARBLED_MD, server.url, ignore=["lt/grammar"])  # a LanguageTool category
    assert where(found) == []
    found = lint_lt(GARBLED_MD, server.url, ignore=["NL601"])
    assert where(found) == []


@needs_ltp
def test_disabled_rules_are_not_checked_by_the_server(server):
    found = lint_lt(GARBLED_MD, server.url, **{"disabled-rules": ["EN_A_VS_AN"]})
    assert where(found) == [(8, 13, 17, "lt/HE_VERB_AGR")]
    assert server.requests[0]["disabledRules"] == "EN_A_VS_AN"


@needs_ltp
def test_inline_suppression_and_severity_by_languagetool_name(server, tmp_path):
    text = (
        "<!-- newslint-disable-next-line lt/EN_A_VS_AN -->\n"
        "She wrote a essay.\n\n"
        "He wrote a article and the minister have left.\n"
    )
    (tmp_path / "newslint.toml").write_text(
        textwrap.dedent(
            f"""\
            [severity]
            "lt/HE_VERB_AGR" = "error"

            [per-file-ignores]
            "other.md" = ["lt/HE_VERB_AGR"]

            [languagetool]
            enabled = true
            server = "{server.url}"
            """
        ),
        encoding="utf-8",
    )
    article = tmp_path / "article.md"
    article.write_text(text, encoding="utf-8")
    linter = Linter(entry_points=False)
    found = linter.lint_text(text, str(article))
    assert [
        (f.line, f.column, f.name, str(f.severity)) for f in found if f.code.startswith("NL6")
    ] == [
        (4, 10, "lt/EN_A_VS_AN", "warning"),
        (4, 37, "lt/HE_VERB_AGR", "error"),
    ]
    other = tmp_path / "other.md"
    found = linter.lint_text(text, str(other))
    assert [f.name for f in found if f.code.startswith("NL6")] == ["lt/EN_A_VS_AN"]


# -- efficiency ------------------------------------------------------------------------------


@needs_ltp
def test_one_request_per_document_shared_by_the_three_rules_and_cached(server):
    lint_lt(GARBLED_MD, server.url, extend=["NL6"])
    lint_lt(GARBLED_MD, server.url, extend=["NL6"])  # same text and settings: cached
    assert len(server.requests) == 1
    lint_lt(GARBLED_MD, server.url, extend=["NL6"], language="en-GB")  # other settings
    assert len(server.requests) == 2


@needs_ltp
def test_long_documents_go_in_batches_with_correct_positions(server):
    paras = [f"Report {n} was filed by a official of the port." for n in range(6)]
    text = "\n\n".join(paras) + "\n"
    found = lint_lt(text, server.url, **{"max-request-chars": 120})
    assert len(server.requests) == 3
    assert where(found) == [(1 + 2 * n, 23, 24, "lt/EN_A_VS_AN") for n in range(6)]


@needs_ltp
def test_repeated_blocks_are_sent_once(server):
    para = "Officials said a inquiry into the collapse would open in June."
    text = f"{para}\n\nAnother paragraph in between.\n\n{para}\n"
    found = lint_lt(text, server.url)
    assert fake.request_text(server.requests[0]).count("a inquiry") == 1
    assert where(found) == [(1, 16, 17, "lt/EN_A_VS_AN")]


@needs_ltp
def test_language_tool_python_network_and_process_code_is_never_used(server, monkeypatch):
    import language_tool_python
    import requests

    def forbidden(*args, **kwargs):
        raise AssertionError("language-tool-python's client (retries, restarts) was used")

    monkeypatch.setattr(language_tool_python.LanguageTool, "__init__", forbidden)
    monkeypatch.setattr(requests, "post", forbidden)
    monkeypatch.setattr(requests, "get", forbidden)
    assert where(lint_lt(GARBLED_MD, server.url))


# -- failure modes, real sockets ---------------------------------------------------------------

OTHER = "The lorem ipsum stayed in the draft, and the minister have resigned.\n"
OTHER_2 = "A second lorem ipsum article about a inquiry.\n"


def _run_two(url, **section):
    linter = Linter(
        isolated=True,
        options={"languagetool": {"server": url, "enabled": True, **section}},
        extra_plugins=[LoremPlugin()],
        entry_points=False,
    )
    first = linter.lint_text(OTHER, "one.md")
    second = linter.lint_text(OTHER_2, "two.md")
    return first, second


def _assert_one_failure(first, second, reason):
    nl904 = [f for f in first + second if f.code == "NL904"]
    assert len({f.message for f in nl904}) == 1
    assert reason in nl904[0].message and "LanguageTool" in nl904[0].message
    assert (nl904[0].line, nl904[0].column) == (1, 1)
    # Every other rule still reports.
    assert [(f.code, f.line, f.column) for f in first if f.code == "TX001"] == [("TX001", 1, 5)]
    assert [(f.code, f.line, f.column) for f in second if f.code == "TX001"] == [("TX001", 1, 10)]
    assert not [f for f in first + second if f.code.startswith("NL6")]
    return nl904[0]


@needs_ltp
def test_refused_connection():
    url = fake.closed_port()
    first, second = _run_two(url)
    f = _assert_one_failure(first, second, "connection refused")
    assert f.message == (
        f"LanguageTool server {url} unavailable: connection refused; "
        "grammar rules (NL6xx) skipped for this run"
    )


@needs_ltp
def test_stalled_server_times_out_once_then_the_breaker_holds():
    srv = fake.stalled_server()
    try:
        started = time.monotonic()
        first, second = _run_two(srv.url, **{"read-timeout": 0.5})
        elapsed = time.monotonic() - started
        _assert_one_failure(first, second, "no answer within 0.5 s")
        assert srv.accepted == 1  # the second document did not wait again
        assert elapsed < 30  # generous: the point is that it ends
    finally:
        srv.stop()


@needs_ltp
def test_http_500():
    srv = fake.error_server()
    try:
        first, second = _run_two(srv.url)
        f = _assert_one_failure(first, second, "HTTP 500 Internal Server Error")
        assert "OutOfMemoryError" in f.message
        assert srv.accepted == 1
    finally:
        srv.stop()


@needs_ltp
@pytest.mark.parametrize("part", ["body", "headers"])
def test_a_server_trickling_its_answer_hits_the_deadline(part):
    srv = fake.trickling_server(part)
    try:
        first, second = _run_two(srv.url, **{"read-timeout": 0.5, "connect-timeout": 0.5})
        _assert_one_failure(first, second, "no answer within 0.5 s")
    finally:
        srv.stop()


@needs_ltp
def test_not_a_languagetool_server(server):
    url = server.url + "/not-here"
    first, second = _run_two(url)
    _assert_one_failure(first, second, "HTTP 404")


@needs_ltp
def test_unknown_language_is_one_clear_finding(server):
    first, second = _run_two(server.url, language="xx-XX")
    _assert_one_failure(first, second, "'xx-XX' is not a language code known to LanguageTool")


def test_missing_extra_is_one_finding(server, monkeypatch):
    monkeypatch.setitem(sys.modules, "language_tool_python", None)  # import fails
    first, second = _run_two(server.url)
    _assert_one_failure(first, second, "pip install 'newslint[languagetool]'")
    assert server.requests == []


@needs_ltp
def test_ignoring_nl904_silences_the_failure():
    linter = Linter(
        isolated=True,
        ignore=["NL904"],
        options={"languagetool": {"server": fake.closed_port(), "enabled": True}},
        entry_points=False,
    )
    assert linter.lint_text("He ate a apple.\n", "a.md") == []


@needs_ltp
def test_breaker_retries_after_retry_after(server):
    url = fake.closed_port()
    port = int(url.rsplit(":", 1)[1])
    linter = Linter(
        isolated=True,
        options={"languagetool": {"server": url, "enabled": True, "retry-after": 0.2}},
        entry_points=False,
    )
    assert [f.code for f in linter.lint_text("He ate a apple.\n", "a.md")] == ["NL904"]
    revived = fake.FakeLanguageTool(port).start()
    try:
        time.sleep(0.3)
        found = linter.lint_text("She ate a apple.\n", "b.md")
        assert where(found) == [(1, 9, 10, "lt/EN_A_VS_AN")]
    finally:
        revived.stop()


def test_bad_configuration_is_a_config_error():
    with pytest.raises(ConfigError, match="'server' must be an http"):
        Linter(
            isolated=True, options={"languagetool": {"server": "localhost:8081", "enabled": True}}
        ).lint_text("Text.\n", "a.md")
    with pytest.raises(ConfigError, match="'read-timeout' must be greater than 0"):
        Linter(
            isolated=True,
            options={"languagetool": {"server": "http://x", "enabled": True, "read-timeout": 0}},
        ).lint_text("Text.\n", "a.md")


def test_unknown_key_in_the_section_names_it(run_cli, tmp_path):
    (tmp_path / "newslint.toml").write_text("[languagetool]\nurl = 'http://x'\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("Text.\n", encoding="utf-8")
    out = run_cli("a.md", cwd=tmp_path)
    assert out.returncode == 2
    assert b"unknown key 'url' in [languagetool]" in out.stderr


# -- the command line: one NL904 per run, bounded time ----------------------------------------

PLUGIN = textwrap.dedent(
    """\
    from newslint import Rule, hookimpl


    class Lorem(Rule):
        '''Flags lorem ipsum.'''

        code = "TX001"
        name = "lorem-ipsum"
        category = "test"
        summary = "placeholder text"

        def check(self, doc, settings):
            for block in doc.blocks:
                k = block.text.find("lorem ipsum")
                if k != -1:
                    start, end = block.span(k, k + 11)
                    yield self.finding(doc, start, end, "placeholder text")


    @hookimpl
    def newslint_rules():
        return [Lorem()]
    """
)


def _project(tmp_path, files: int) -> Path:
    (tmp_path / "lorem_plugin.py").write_text(PLUGIN, encoding="utf-8")
    (tmp_path / "newslint.toml").write_text('plugins = ["lorem_plugin"]\n', encoding="utf-8")
    content = tmp_path / "content"
    content.mkdir()
    for n in range(files):
        (content / f"story-{n:02d}.md").write_text(
            f"Story {n} keeps a lorem ipsum line and a inquiry.\n", encoding="utf-8"
        )
    return content


@needs_ltp
@pytest.mark.parametrize("files, jobs", [(3, "1"), (30, "2")])
def test_cli_stalled_server_one_nl904_for_the_run(run_cli, tmp_path, files, jobs):
    srv = fake.stalled_server()
    try:
        _project(tmp_path, files)
        # Default timeouts; run_cli's own timeout (120 s) is the generous bound.
        out = run_cli(
            "--languagetool", srv.url, "--format", "json", "--jobs", jobs, "content", cwd=tmp_path
        )
    finally:
        srv.stop()
    assert out.returncode == 1, out.stderr
    findings = json.loads(out.stdout)
    nl904 = [f for f in findings if f["code"] == "NL904"]
    assert len(nl904) == 1
    assert "no answer within 5 s" in nl904[0]["message"]
    assert len([f for f in findings if f["code"] == "TX001"]) == files
    assert srv.accepted <= int(jobs)  # one wait per process at most


@needs_ltp
def test_cli_with_a_server(run_cli, tmp_path, server):
    _project(tmp_path, 2)
    out = run_cli("--languagetool", server.url, "--format", "json", "content", cwd=tmp_path)
    findings = json.loads(out.stdout)
    assert sorted(
        (f["code"], f["name"], f["line"], f["column"]) for f in findings if f["code"] != "EX001"
    ) == [
        ("NL601", "lt/EN_A_VS_AN", 1, 38),
        ("NL601", "lt/EN_A_VS_AN", 1, 38),
        ("TX001", "lorem-ipsum", 1, 17),
        ("TX001", "lorem-ipsum", 1, 17),
    ]
    assert len(server.requests) == 2
    out = run_cli(
        "--languagetool", server.url, "--ignore", "lt/EN_A_VS_AN", "-q", "content", cwd=tmp_path
    )
    assert b"NL601" not in out.stdout


@needs_ltp
def test_result_cache_does_not_keep_a_backend_failure(run_cli, tmp_path):
    _project(tmp_path, 1)
    url = fake.closed_port()
    out = run_cli("--languagetool", url, "--format", "json", "content", cwd=tmp_path)
    assert [f["code"] for f in json.loads(out.stdout) if f["code"] == "NL904"] == ["NL904"]
    revived = fake.FakeLanguageTool(int(url.rsplit(":", 1)[1])).start()
    try:
        out = run_cli("--languagetool", url, "--format", "json", "content", cwd=tmp_path)
    finally:
        revived.stop()
    codes = [f["code"] for f in json.loads(out.stdout)]
    assert "NL904" not in codes and "NL601" in codes


@needs_ltp
def test_reference_article_with_a_stalled_server(run_cli, seed_text, shared_dir, tmp_path):
    seed = shared_dir / "seed" / "un-report-garbled.txt"
    plain = run_cli("--isolated", "--format", "json", str(seed))
    srv = fake.stalled_server()
    try:
        out = run_cli("--isolated", "--languagetool", srv.url, "--format", "json", str(seed))
    finally:
        srv.stop()
    assert out.returncode in (0, 1), out.stderr
    without = json.loads(plain.stdout)
    with_lt = json.loads(out.stdout)
    nl904 = [f for f in with_lt if f["code"] == "NL904"]
    assert len(nl904) == 1 and "LanguageTool" in nl904[0]["message"]
    assert [f for f in with_lt if f["code"] != "NL904"] == without  # all other findings


def test_rule_documentation(run_cli):
    out = run_cli("rule", "NL601")
    assert out.returncode == 0
    assert b"lt/RULE_ID" in out.stdout and b"languagetool.md" in out.stdout


# -- a local installation ----------------------------------------------------------------------


def _install(tmp_path: Path, mode: str = "serve") -> tuple[Path, Path, Path]:
    """A fake LanguageTool directory and a fake ``java`` that serves the fake server."""
    lt_dir = tmp_path / "LanguageTool-6.4"
    lt_dir.mkdir()
    (lt_dir / "languagetool-server.jar").write_bytes(b"PK\x03\x04 not really a jar")
    java = tmp_path / "bin" / "java"
    java.parent.mkdir()
    pidfile = tmp_path / "java.pid"
    java.write_text(
        f"#!/bin/sh\nFAKE_JAVA_MODE={mode} FAKE_JAVA_PIDFILE={pidfile} "
        f'exec "{sys.executable}" "{TESTS / "test_grammar_fake.py"}" "$@"\n',
        encoding="utf-8",
    )
    java.chmod(java.stat().st_mode | stat.S_IEXEC)
    return lt_dir, java, pidfile


def _local_linter(lt_dir, java, **extra):
    return Linter(
        isolated=True,
        options={
            "languagetool": {
                "enabled": True,
                "directory": str(lt_dir),
                "java": str(java),
                **extra,
            }
        },
        extra_plugins=[LoremPlugin()],
        entry_points=False,
    )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped) counts as gone.
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] != "Z"
    except OSError:
        return True


@needs_ltp
def test_local_installation_is_started_used_and_stopped(tmp_path):
    lt_dir, java, pidfile = _install(tmp_path)
    linter = _local_linter(lt_dir, java)
    found = linter.lint_text("He ate a apple and lorem ipsum.\n", "a.md")
    assert where(found) == [(1, 8, 9, "lt/EN_A_VS_AN")]
    pid = int(pidfile.read_text())
    assert _alive(pid)
    lt.reset()  # what happens at exit
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid)


@needs_ltp
def test_local_server_stopped_when_the_command_exits(run_cli, tmp_path):
    lt_dir, java, pidfile = _install(tmp_path)
    content = _project(tmp_path, 2)
    (tmp_path / "newslint.toml").write_text(
        textwrap.dedent(
            f"""\
            plugins = ["lorem_plugin"]

            [languagetool]
            enabled = true
            directory = "{lt_dir.name}"
            java = "{java}"
            """
        ),
        encoding="utf-8",
    )
    out = run_cli("--format", "json", str(content), cwd=tmp_path)
    findings = json.loads(out.stdout)
    assert sorted((f["code"], f["column"]) for f in findings if f["code"] != "EX001") == [
        ("NL601", 38),
        ("NL601", 38),
        ("TX001", 17),
        ("TX001", 17),
    ], out.stderr
    pid = int(pidfile.read_text())
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)
        pytest.fail("the LanguageTool server outlived newslint")


@needs_ltp
def test_local_server_shared_by_worker_processes(run_cli, tmp_path):
    lt_dir, java, pidfile = _install(tmp_path)
    content = _project(tmp_path, 30)
    (tmp_path / "newslint.toml").write_text(
        textwrap.dedent(
            f"""\
            plugins = ["lorem_plugin"]

            [languagetool]
            enabled = true
            directory = "{lt_dir}"
            java = "{java}"
            """
        ),
        encoding="utf-8",
    )
    out = run_cli("--format", "json", "--jobs", "2", str(content), cwd=tmp_path)
    findings = json.loads(out.stdout)
    assert not [f for f in findings if f["code"] == "NL904"], findings
    assert len([f for f in findings if f["code"] == "NL601"]) == 30
    assert len(pidfile.read_text().split()) == 1  # one server for both workers


def test_spawned_workers_find_the_server_through_the_environment(monkeypatch):
    # Under the "spawn" start method workers do not inherit memory, only the environment.
    parent = os.getppid()
    server = lt.LocalServer(url="http://127.0.0.1:9/v2/", ready_by=123.0, owner=parent)
    lt._publish_local("directory:/opt/lt", server)
    inherited = lt._inherited_local("directory:/opt/lt")
    assert (inherited.url, inherited.ready_by, inherited.owner) == (server.url, 123.0, parent)
    assert inherited.process is None  # a worker never stops the parent's server
    assert lt._inherited_local("directory:/elsewhere") is None
    monkeypatch.setenv(
        lt._ENV_LOCAL, json.dumps({"k": {"url": "u", "ready_by": 1, "owner": os.getpid()}})
    )
    assert lt._inherited_local("k") is None  # the starting process does not inherit from itself


@needs_ltp
def test_local_server_that_exits_at_once(tmp_path):
    lt_dir, java, _ = _install(tmp_path, mode="exit")
    first = _local_linter(lt_dir, java).lint_text("He ate a apple and lorem ipsum.\n", "a.md")
    (f,) = [f for f in first if f.code == "NL904"]
    assert "the LanguageTool server exited with code 1" in f.message
    assert "UnsupportedClassVersionError" in f.message
    assert [f.code for f in first if f.code == "TX001"] == ["TX001"]


@needs_ltp
def test_local_server_that_never_answers_is_given_up_and_stopped(tmp_path):
    lt_dir, java, pidfile = _install(tmp_path, mode="silent")
    linter = _local_linter(lt_dir, java, **{"startup-timeout": 1.0})
    first = linter.lint_text("He ate a apple and lorem ipsum.\n", "a.md")
    second = linter.lint_text("She ate a apple and lorem ipsum.\n", "b.md")
    _assert_one_failure_local(first, second, "did not answer within 1 s of starting")
    pid = int(pidfile.read_text())
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid)


def _assert_one_failure_local(first, second, reason):
    nl904 = [f for f in first + second if f.code == "NL904"]
    assert len({f.message for f in nl904}) == 1 and reason in nl904[0].message
    assert [f.code for f in first + second if f.code == "TX001"] == ["TX001", "TX001"]


@needs_ltp
def test_missing_java(tmp_path):
    lt_dir, _, _ = _install(tmp_path)
    found = _local_linter(lt_dir, tmp_path / "no-such-java").lint_text(
        "Lorem ipsum: lorem ipsum.\n", "a.md"
    )
    (f,) = [f for f in found if f.code == "NL904"]
    assert "Java was not found" in f.message


@needs_ltp
@pytest.mark.parametrize(
    "make, reason", [("missing", "does not exist"), ("empty", "no languagetool-server.jar")]
)
def test_missing_installation(tmp_path, make, reason):
    lt_dir = tmp_path / "LanguageTool"
    if make == "empty":
        lt_dir.mkdir()
    found = _local_linter(lt_dir, "java").lint_text("He ate a apple.\n", "a.md")
    (f,) = [f for f in found if f.code == "NL904"]
    assert reason in f.message and str(lt_dir) in f.message


@needs_ltp
def test_nothing_is_downloaded_without_allow_download(tmp_path, monkeypatch):
    monkeypatch.setenv("LTP_PATH", str(tmp_path / "empty-cache"))
    calls = []
    monkeypatch.setattr(lt, "_download", lambda version: calls.append(version))
    linter = Linter(isolated=True, options={"languagetool": {"enabled": True}}, entry_points=False)
    (f,) = linter.lint_text("He ate a apple.\n", "a.md")
    assert f.code == "NL904" and "allow-download = true" in f.message
    assert calls == []


@needs_ltp
def test_allow_download_asks_language_tool_python_once(tmp_path, monkeypatch):
    monkeypatch.setenv("LTP_PATH", str(tmp_path / "empty-cache"))
    calls = []

    def offline(version):
        calls.append(version)
        raise lt.BackendUnavailable("download failed (ConnectionError: offline)")

    monkeypatch.setattr(lt, "_download", offline)
    linter = Linter(
        isolated=True,
        options={"languagetool": {"enabled": True, "allow-download": True}},
        entry_points=False,
    )
    first = linter.lint_text("He ate a apple.\n", "a.md")
    second = linter.lint_text("She ate a apple.\n", "b.md")
    assert calls == [""]
    assert {f.message for f in first + second} == {
        "LanguageTool unavailable: download failed (ConnectionError: offline); "
        "grammar rules (NL6xx) skipped for this run"
    }


@needs_ltp
def test_an_existing_download_of_language_tool_python_is_used(tmp_path, monkeypatch):
    lt_dir, java, _ = _install(tmp_path)
    monkeypatch.setenv("LTP_PATH", str(tmp_path))  # holds LanguageTool-6.4/
    monkeypatch.setattr(lt, "_download", lambda v: pytest.fail("downloaded"))
    linter = Linter(
        isolated=True,
        options={"languagetool": {"enabled": True, "java": str(java)}},
        entry_points=False,
    )
    assert where(linter.lint_text("He ate a apple.\n", "a.md")) == [(1, 8, 9, "lt/EN_A_VS_AN")]


def test_free_port_helper_gives_a_closed_port():
    url = fake.closed_port()
    with (
        pytest.raises(ConnectionRefusedError),
        socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1])), timeout=1),
    ):
        pass
