"""The Document model: decoding, the line index, front-matter regions, sentences."""

from __future__ import annotations

import pytest

from newslint.document import DecodeError, Document, LineIndex, decode
from newslint.sentences import split_sentences


class TestDecode:
    def test_plain_utf8(self):
        assert decode("Zürich".encode()) == ("Zürich", False)

    def test_bom_is_removed_and_remembered(self):
        assert decode(b"\xef\xbb\xbfHello") == ("Hello", True)

    def test_invalid_utf8_reports_first_bad_byte_position(self):
        with pytest.raises(DecodeError) as exc:
            decode(b"line one\ncaf\xe9 au lait\n")
        assert (exc.value.line, exc.value.column) == (2, 4)
        assert "0xe9" in exc.value.message

    def test_binary_is_detected_by_nul(self):
        with pytest.raises(DecodeError) as exc:
            decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
        assert "binary" in exc.value.message


class TestLineIndex:
    def test_positions_are_one_based_code_points(self):
        idx = LineIndex("ab\n“c”d\n")
        assert idx.position(0) == (1, 1)
        assert idx.position(3) == (2, 1)
        assert idx.position(6) == (2, 4)  # 'd' after two curly quotes and 'c'

    def test_crlf_counts_as_one_break(self):
        text = "one\r\ntwo\r\n"
        idx = LineIndex(text)
        assert idx.position(text.index("two")) == (2, 1)
        assert idx.line_text(1) == "one"
        assert idx.count == 2

    def test_missing_final_newline(self):
        idx = LineIndex("a\nbc")
        assert idx.count == 2
        assert idx.position(4) == (2, 3)
        assert idx.offset(2, 2) == 3

    def test_astral_characters_count_once(self):
        idx = LineIndex("😀 x")
        assert idx.position(2) == (1, 3)


class TestFrontMatterRegion:
    @pytest.mark.parametrize(
        "text,fmt",
        [
            ("---\ntitle: A\n---\nBody.\n", "yaml"),
            ("+++\ntitle = 'A'\n+++\nBody.\n", "toml"),
            ('{\n  "title": "A"\n}\nBody.\n', "json"),
            ("---\r\ntitle: A\r\n---\r\nBody.\r\n", "yaml"),
        ],
    )
    def test_fenced_block_at_top(self, text, fmt):
        doc = Document(text, "a.md")
        fm = doc.front_matter
        assert fm is not None and fm.format == fmt and fm.closed
        assert text[fm.end :].lstrip().startswith("Body.")
        assert all("title" not in b.text for b in doc.blocks)

    def test_horizontal_rule_is_not_front_matter(self):
        doc = Document("Intro paragraph.\n\n---\n\nMore text.\n", "a.md")
        assert doc.front_matter is None
        assert [b.text for b in doc.blocks] == ["Intro paragraph.", "More text."]

    def test_unclosed_fence_keeps_metadata_out_of_prose(self):
        doc = Document("---\ntitle: A story\ndate: 2024-01-02\n\nThe body starts here.\n", "a.md")
        fm = doc.front_matter
        assert fm is not None and not fm.closed
        assert [b.text for b in doc.blocks] == ["The body starts here."]


class TestSentences:
    def test_abbreviations_initials_and_numbers_do_not_split(self):
        text = (
            "Edith M. Lederer met Dr. Ruiz at 3 p.m. in Washington. "
            "The U.S. delegation left. Shares rose 2.5 percent."
        )
        got = [text[s:e] for s, e in split_sentences(text)]
        assert got == [
            "Edith M. Lederer met Dr. Ruiz at 3 p.m. in Washington.",
            "The U.S. delegation left.",
            "Shares rose 2.5 percent.",
        ]

    def test_quotes_close_sentences(self):
        text = "“It is over,” she said. “We won.” Then they left."
        got = [text[s:e] for s, e in split_sentences(text)]
        assert got == ["“It is over,” she said.", "“We won.”", "Then they left."]

    def test_lowercase_after_period_does_not_split(self):
        # A stray period is a defect for NL301, not a sentence boundary.
        text = "the secretary-general. of Amnesty said so."
        assert len(split_sentences(text)) == 1


def test_word_before_a_period_matches_the_pattern_form():
    """``sentences._word_before`` tries the text after the last space first; it must give
    what the pattern search gives."""
    import random
    import re

    from newslint.sentences import _word_before

    pattern = re.compile(r"([\w.\-]+)$")
    rnd = random.Random(5)
    alphabet = list("ab.-_ \n\t'(é9") + ["U.S", "Dr", " "]
    for _ in range(20000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 90))) + "."
        dot = len(text) - 1
        m = pattern.search(text, 0, dot)
        assert _word_before(text, dot) == (m.group(1) if m else ""), repr(text)


def _split_two_patterns(text: str) -> list[tuple[int, int]]:
    """The plain form of ``split_sentences``: the boundary, then the next start after it."""
    import re

    from newslint.sentences import _is_abbreviation

    boundary = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s+)")
    next_start = re.compile(r"\s+([\"'\u201c\u2018(\[]*)(\S)")
    spans = []
    start = 0
    n = len(text)
    while start < n and text[start].isspace():
        start += 1
    for m in boundary.finditer(text):
        end = m.end()
        if end <= start:
            continue
        nxt = next_start.match(text, end)
        if not nxt:
            continue
        first = nxt.group(2)
        if not (first.isupper() or first.isdigit() or nxt.group(1)):
            continue
        if text[m.start()] == "." and end - m.start() == 1 and _is_abbreviation(text, m.start()):
            continue
        spans.append((start, end))
        start = nxt.start(1)
    tail_end = n
    while tail_end > start and text[tail_end - 1].isspace():
        tail_end -= 1
    if tail_end > start:
        spans.append((start, tail_end))
    return spans


def test_split_sentences_matches_the_two_pattern_form():
    """One pattern with the next start in its lookahead splits as the boundary pattern
    followed by the next-start pattern did, on random text rich in punctuation, quotes,
    brackets and whitespace."""
    import random

    from newslint.sentences import split_sentences

    rnd = random.Random(6)
    alphabet = list(".!?\u2026\"'\u201d\u2019)]\u201c\u2018([ \n\t\u00a0aZ9é") + [
        " The",
        " she",
        "Dr.",
        "U.S.",
        " M.",
        "\u201cWe",
        " 42",
    ]
    splits = 0
    for _ in range(20000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 60)))
        got = split_sentences(text)
        assert got == _split_two_patterns(text), repr(text)
        splits += len(got) > 1
    assert splits > 5000


def test_boundary_patterns_match_the_plain_form():
    """``_BOUNDARY`` (its run written ``[...][...]*`` so that the regex engine skips to
    terminal punctuation) and ``_BOUNDARY_DOT`` (for texts whose only terminal
    punctuation is ".") find the matches of the plain ``[...]+`` pattern; and
    ``split_sentences`` on such texts splits as the two-pattern form."""
    import random
    import re

    from newslint import sentences

    plain = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s+([\"'\u201c\u2018(\[]*)(\S))")

    def found(pattern, text):
        return [(m.span(), m.span(1), m.group(2)) for m in pattern.finditer(text)]

    rnd = random.Random(7)
    terminal = list(".!?\u2026")
    rest = list("..\"'\u201d\u2019)]\u201c\u2018([ \n\t\u00a0aZ9é") + [" The", "Dr.", "U.S.", " M."]
    dot_only = 0
    for _ in range(20000):
        alphabet = rest + (terminal if rnd.random() < 0.5 else [])
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 60)))
        expected = found(plain, text)
        assert found(sentences._BOUNDARY, text) == expected, repr(text)
        if not any(c in text for c in "!?\u2026"):
            dot_only += 1
            assert found(sentences._BOUNDARY_DOT, text) == expected, repr(text)
            assert sentences.split_sentences(text) == _split_two_patterns(text), repr(text)
    assert dot_only > 8000


def test_line_of_is_the_line_of_position():
    """``LineIndex.line_of`` (no clamping) gives ``position``'s line for every offset."""
    import random

    from newslint.document import LineIndex

    rnd = random.Random(8)
    for _ in range(2000):
        text = "".join(rnd.choice(["a", "\n", "\r\n", "é", "\U0001f600", " "]) for _ in range(30))
        index = LineIndex(text)
        for offset in range(len(text) + 1):
            assert index.line_of(offset) == index.position(offset)[0], (text, offset)


def test_block_segment_keys_are_made_on_first_use():
    """A block maps offsets the same whether its segment keys were made before or not,
    and blocks that differ only in having made them are equal."""
    from newslint.document import Block

    segments = [(0, 10, 4, 4), (4, 20, 1, 9), (5, 40, 3, 3)]
    a = Block("paragraph", "abcd\ufffcxyz", segments, 10, 43, 1, 2)
    b = Block("paragraph", "abcd\ufffcxyz", list(segments), 10, 43, 1, 2)
    assert a._keys is None
    offsets = [a.source_offset(i) for i in range(9)]
    ends = [a.source_end(j) for j in range(9)]
    assert a._keys == [0, 4, 5]
    assert a == b and b._keys is None
    assert offsets == [10, 11, 12, 13, 20, 40, 41, 42, 43]
    assert ends == [10, 11, 12, 13, 14, 29, 41, 42, 43]
    assert [b.source_end(j) for j in range(9)] == ends


def test_abbreviation_shortcuts_match_the_plain_form():
    """``_is_abbreviation`` decides a plain word or number after a space without the
    pattern search; every period of random text gets the plain form's answer (words of
    every length around the longest abbreviation, mixed case, digits, and characters
    whose lower case is longer or that are word characters but not letters)."""
    import random

    from newslint.sentences import _is_abbreviation, _is_abbreviation_plain

    rnd = random.Random(9)
    pieces = [
        "a", "B", "z", "Mr", "mrs", "MESSRS", "Sept", "approx", "approxx", "e.g", "U.S",
        "Ph.D", "co-op", "-", "_", "9", "42", "²", "\u0130", "\u212a", "é", "\ufffc",
        " ", " ", "\n", "\t", "(", '"', ".", "x" * 6, "x" * 7,
    ]  # fmt: skip
    shortcut = 0
    for _ in range(20000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12))) + "."
        for dot in [i for i, ch in enumerate(text) if ch == "."]:
            assert _is_abbreviation(text, dot) == _is_abbreviation_plain(text, dot), (text, dot)
            shortcut += text[text.rfind(" ", 0, dot) + 1 : dot].isalnum()
    assert shortcut > 6000


def test_lowercasing_never_shortens():
    """What the abbreviation shortcut relies on, for every character."""
    import sys

    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        low = ch.lower()
        assert len(low) >= 1, hex(code)


def test_split_sentences_edges_match_the_two_pattern_form():
    """Leading and trailing whitespace of every kind str.isspace accepts, and texts whose
    only period is at or near the end (the early return), split as the plain form does."""
    import random
    import sys

    from newslint.sentences import split_sentences

    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    rnd = random.Random(10)
    words = ["The", "vote", "Dr", "U.S", "x", "42", "\u201cWe", ")", '"', "\u2019", "é"]
    early = 0
    for _ in range(20000):
        body = " ".join(rnd.choice(words) for _ in range(rnd.randint(0, 4)))
        if rnd.random() < 0.6:
            body += rnd.choice(["", ".", "..", ".)", '."', ". X", ".X", "!", "?", "\u2026"])
        if rnd.random() < 0.3:
            body = body.replace(" ", rnd.choice(spaces), 1)
        text = (
            "".join(rnd.choice(spaces) for _ in range(rnd.randint(0, 3)))
            + body
            + "".join(rnd.choice(spaces) for _ in range(rnd.randint(0, 3)))
        )
        got = split_sentences(text)
        assert got == _split_two_patterns(text), repr(text)
        early += text.count(".") == 1 and text.rstrip()[-2:].count(".") == 1
    assert early > 3000


def test_normalize_matches_the_plain_form():
    """``normalize`` returns a text whose only whitespace is single spaces between words
    as it is; on random text with every whitespace character, unprintable characters and
    curly quotes it gives what straightening then ``" ".join(text.split())`` gives."""
    import random
    import sys

    from newslint.document import _QUOTE_PAIRS, normalize

    def plain(text: str) -> str:
        for curly, straight in _QUOTE_PAIRS:
            text = text.replace(curly, straight)
        return " ".join(text.split())

    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    rnd = random.Random(12)
    pieces = ["word", "é", "\ufffc", "\u00ad", "\u200b", "\x00", "\u201c", "\u2019", " "] * 3
    unchanged = 0
    for _ in range(20000):
        alphabet = pieces + (spaces if rnd.random() < 0.5 else [" "])
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12)))
        assert normalize(text) == plain(text), repr(text)
        unchanged += normalize(text) is text
    assert unchanged > 2000
