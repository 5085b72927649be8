"""Position conversion of the language server (no pygls needed): newslint's code-point
(line, column) pairs and source offsets against LSP positions in UTF-8/16/32, with
emoji, CRLF, a lone CR and a BOM. Expectations are computed independently."""

from __future__ import annotations

import pytest

from newslint.lsp import TextMap, apply_change, path_for, units


def test_units_per_encoding():
    s = "a🇵🇹é"
    assert units(s, "utf-32") == 4
    assert units(s, "utf-16") == 1 + 4 + 1
    assert units(s, "utf-8") == len(s.encode("utf-8"))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
def test_finding_position_after_emoji(encoding):
    text = "Intro line.\nThe 🚢 ferry 🌊 left at noon.\n"
    tm = TextMap(text, encoding)
    col = text.split("\n")[1].index("left") + 1  # newslint column: code points, 1-based
    line, char = tm.position_of(2, col)
    prefix = "The 🚢 ferry 🌊 "
    assert (line, char) == (1, units(prefix, encoding))
    codec = {"utf-8": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}[encoding]
    width = {"utf-8": 1, "utf-16": 2, "utf-32": 4}[encoding]
    assert char == len(prefix.encode(codec)) // width
    # and back: the LSP position names the same offset
    assert tm.offset_at(line, char) == text.index("left")


def test_crlf_and_lone_cr():
    # newslint counts lines at "\n" only; LSP also at a lone "\r".
    text = "one\r\ntwo\rthree 🎉 four\nfive"
    tm = TextMap(text)
    off = text.index("four")
    nl_line = text[:off].count("\n") + 1
    nl_col = off - (text.rfind("\n", 0, off) + 1) + 1
    assert tm.offset_of(nl_line, nl_col) == off
    # LSP line 2 is "three 🎉 four" (after the lone CR)
    assert tm.position(off) == (2, len("three 🎉 ".encode("utf-16-le")) // 2)
    # end of a CRLF line: the position between "\r" and "\n" is the line's end
    assert tm.position(text.index("\r\n") + 1) == (0, 3)
    # a character past the end of a line is clamped to it (LSP semantics)
    assert tm.offset_at(0, 99) == 3
    assert tm.offset_at(9, 0) == len(text)


def test_bom_shift():
    body = "Line 🙂 one\nline two"
    tm = TextMap("\ufeff" + body, "utf-16", shift=1)
    # newslint lints the text without the BOM: line 1 column 1 is "L"
    assert tm.position_of(1, 1) == (0, 1)
    assert tm.position_of(2, 1) == (1, 0)


def test_apply_change_incremental_utf16():
    text = "A 🦀 crab said teh tide\nwas high.\n"
    start = (0, len("A 🦀 crab said ".encode("utf-16-le")) // 2)
    end = (start[0], start[1] + 3)
    assert apply_change(text, start, end, "the", "utf-16") == text.replace("teh", "the")
    # insertion at the very end (line after the final newline)
    assert apply_change(text, (2, 0), (2, 0), "More.", "utf-16") == text + "More."
    # a multi-line replacement
    assert apply_change(text, (0, 0), (1, 3), "It", "utf-16") == "It high.\n"


def test_path_for_uris(tmp_path):
    p = tmp_path / "dir with space" / "é.md"
    assert path_for(p.as_uri()) == str(p)
    assert path_for("untitled:Untitled-1", "markdown", str(tmp_path)).endswith("untitled.md")
    assert path_for("untitled:Untitled-2", "plaintext", str(tmp_path)).endswith("untitled.txt")
