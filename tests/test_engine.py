"""The engine in-process: plugins, selection, crashes, suppression, severities, fixes."""

from __future__ import annotations

import goldenrules
import pytest

from newslint.config import ConfigError
from newslint.engine import Linter, is_enabled
from tests.helpers import project


def linter(**kw):
    kw.setdefault("select", ["EXG", "NL9"])
    return Linter(isolated=True, entry_points=False, extra_plugins=[goldenrules], **kw)


def test_builtin_rules_register_like_plugins():
    reg = Linter(isolated=True, entry_points=False).registry(Linter(isolated=True).settings_for())
    assert {"NL901", "NL902", "NL903"} <= set(reg.rules)


def test_finding_position_and_metadata():
    [f] = linter().lint_text("Intro.\n\nSay *XYZZY* twice.\n", "a.md")
    assert (f.code, f.name, f.category, str(f.severity)) == (
        "EXG01",
        "magic-word",
        "testing",
        "warning",
    )
    assert (f.line, f.column, f.end_line, f.end_column) == (3, 6, 3, 11)
    assert f.fix and f.fix.edits[0].text == "xyzzy"


def test_crashing_rule_gives_nl902_and_others_still_run():
    found = linter().lint_text("XYZZY CRASHME\n", "a.md")
    assert sorted(f.code for f in found) == ["EXG01", "NL902"]
    crash = next(f for f in found if f.code == "NL902")
    assert "EXG02" in crash.message and "boom" in crash.message


def test_related_locations():
    [f] = linter().lint_text("First a call.\n\nThen an echo.\n", "a.md")
    assert f.code == "EXG03"
    [r] = f.related
    assert (r.line, r.column, r.end_column, r.message) == (1, 9, 13, "the call")


@pytest.mark.parametrize(
    "select,ignore,expected",
    [
        (["EXG"], [], {"EXG01", "EXG03"}),
        (["EXG0"], ["EXG03"], {"EXG01"}),
        (["testing"], ["magic-word"], {"EXG03"}),
        (["ALL"], ["EXG"], set()),
        (["EXG01"], ["testing"], {"EXG01"}),  # the more specific selector wins
    ],
)
def test_selection_by_code_prefix_name_category(select, ignore, expected):
    found = linter(select=select, ignore=ignore).lint_text("XYZZY call echo\n", "a.md")
    assert {f.code for f in found} - {"NL903"} == expected


def test_copies_of_a_block_report_once():
    para = "A long paragraph that mentions XYZZY and goes on for a while."
    found = linter().lint_text(f"{para}\n\n{para}\n", "a.md")
    assert [(f.code, f.line) for f in found] == [("EXG01", 1)]


def test_suppression_next_line_and_ranges():
    text = (
        "<!-- newslint-disable-next-line EXG01 -- quoted verbatim -->\n"
        "XYZZY one\n\n"
        "<!-- newslint-disable magic-word -->\n"
        "XYZZY two\n\n"
        "<!-- newslint-enable -->\n"
        "XYZZY three\n"
    )
    found = linter().lint_text(text, "a.md")
    assert [(f.code, f.line) for f in found] == [("EXG01", 8)]


def test_unused_suppression_is_reported():
    text = "<!-- newslint-disable-next-line EXG01 -->\nNothing here.\n"
    [f] = linter().lint_text(text, "a.md")
    assert (f.code, f.line, f.column) == ("NL903", 1, 1)
    assert "EXG01" in f.message


def test_disable_file_in_plain_text():
    found = linter().lint_text("<!-- newslint-disable-file -->\nXYZZY\n", "a.txt")
    assert found == []


def test_severity_override_and_config_plugins(tmp_path):
    proj = project(tmp_path, '[severity]\nEXG01 = "error"\n', {"a.md": "XYZZY\n"})
    lin = Linter(entry_points=False)
    [f] = lin.lint_text("XYZZY\n", str(proj / "a.md"))
    assert str(f.severity) == "error"


def test_duplicate_rule_codes_are_a_config_error():
    with pytest.raises(ConfigError, match="EXG01 is defined twice"):
        lin = Linter(isolated=True, entry_points=False, extra_plugins=[goldenrules, _Clone])
        lin.registry(lin.settings_for())


class _Clone:
    from newslint import hookimpl

    @staticmethod
    @hookimpl
    def newslint_rules():
        return [goldenrules.Shout()]


def test_default_enabled_false_needs_explicit_selection():
    class OptIn(goldenrules.Shout):
        code = "EXG09"
        name = "opt-in"
        default_enabled = False

    from newslint.config import Settings

    assert not is_enabled(OptIn(), Settings())
    assert is_enabled(OptIn(), Settings(cli_extend_select=["EXG09"]))


def test_fix_loop_applies_and_relints(tmp_path):
    p = tmp_path / "a.md"
    p.write_text("XYZZY and XYZZY\n", encoding="utf-8")
    res = linter().lint_file(str(p), fix=True)
    assert p.read_text(encoding="utf-8") == "xyzzy and xyzzy\n"
    assert res.fixed == 2 and res.findings == []


def test_parallel_chunks_keep_order_and_shrink_at_the_end():
    from newslint.parallel import _chunks

    for n in (1, 5, 24, 100, 1091, 1999, 25_000):
        for jobs in (1, 2, 3, 8):
            files = [f"f{i}" for i in range(n)]
            chunks = _chunks(files, jobs)
            assert [f for c in chunks for f in c] == files
            assert all(1 <= len(c) <= 16 for c in chunks)
            if n >= 1000:
                assert len(chunks[-1]) == 1
                sizes = [len(c) for c in chunks]
                assert sizes == sorted(sizes, reverse=True)  # never a long chunk last


def test_parallel_run_equals_sequential_run(tmp_path):
    names = ["Rosa Delgado", "Tomas Brennan", "Aiko Tanaka", "Lena Novak"]
    for i in range(60):
        who = names[i % len(names)]
        body = (
            f"# Story {i}\n\n{who} said the council met on Monday. "
            f"The the vote was close, and {who.split()[1]} said he would appeal.\n\n"
            + ("A shared paragraph about the harbour project and its long delays. " * 4)
            + "\n"
        )
        (tmp_path / f"a{i:03}.md").write_text(body, encoding="utf-8")
    files = sorted(str(p) for p in tmp_path.glob("*.md"))
    one = Linter(isolated=True).run(files, jobs=1)
    two = Linter(isolated=True).run(files, jobs=2)
    assert one.findings and [f.to_dict() for f in one.findings] == [
        f.to_dict() for f in two.findings
    ]
