"""Prose extraction: what is prose, and that every prose character maps to its source."""

from __future__ import annotations

import re

from newslint.document import PLACEHOLDER, Document


def blocks(text, path="a.md"):
    return Document(text, path).blocks


def assert_source_map(doc):
    """Every ordinary prose character equals the source character it maps to."""
    for b in doc.blocks:
        for i, ch in enumerate(b.text):
            if ch in (PLACEHOLDER, " "):
                continue
            s, e = b.span(i, i + 1)
            assert doc.text[s:e] == ch, (b.text, i)


MARKDOWN = """\
---
title: "Markup everywhere"
---

# A *headline* with `code` ##

A paragraph with **bold**, _emphasis_, a [link](https://example.com/x "t") and
an autolink <https://example.org>, a bare URL https://example.net/a.b, and `inline code`.

> A quoted line
> that continues.

- first item with {{< ref "other.md" >}} shortcode
- second item

```python
print("not prose. of course")
```

    indented code. not prose

<div class="aside">
HTML block. not prose
</div>

| a | b |
|---|---|
| table. cell | x |

Template {{ .Title }} action and {% include note.html %} tag.

{{< highlight go >}}
fmt.Println("code in a shortcode. here")
{{< /highlight >}}

<!-- a comment. with periods -->
Last paragraph.
"""


def test_markdown_blocks_and_kinds():
    doc = Document(MARKDOWN, "a.md")
    kinds = [(b.kind, b.text) for b in doc.blocks]
    assert kinds[0] == ("heading", f"A headline with {PLACEHOLDER}")
    assert kinds[1][0] == "paragraph"
    assert kinds[1][1] == (
        f"A paragraph with bold, emphasis, a link and an autolink {PLACEHOLDER}, "
        f"a bare URL {PLACEHOLDER}, and {PLACEHOLDER}."
    )
    assert kinds[2] == ("quote", "A quoted line that continues.")
    assert kinds[3] == ("list_item", f"first item with {PLACEHOLDER} shortcode")
    assert kinds[4] == ("list_item", "second item")
    assert kinds[5] == ("paragraph", f"Template {PLACEHOLDER} action and {PLACEHOLDER} tag.")
    assert kinds[-1] == ("paragraph", "Last paragraph.")
    joined = " ".join(b.text for b in doc.blocks)
    for not_prose in ("not prose", "table", "code in a shortcode", "comment", "Markup everywhere"):
        assert not_prose not in joined
    assert_source_map(doc)


def test_span_maps_back_to_exact_columns():
    doc = Document("Intro.\n\n> Quoted **text** with a stray. period\n", "a.md")
    b = doc.blocks[1]
    i = b.text.index(". period")
    s, e = b.span(i, i + 1)
    assert doc.lines.position(s) == (3, 31)
    assert doc.text[s:e] == "."


def test_placeholder_span_covers_the_whole_replaced_source():
    doc = Document("Run `make all` now.\n", "a.md")
    b = doc.blocks[0]
    i = b.text.index(PLACEHOLDER)
    s, e = b.span(i, i + 1)
    assert doc.text[s:e] == "`make all`"


def test_plain_text_paragraphs_and_urls():
    text = "First paragraph\nwraps here.\n\nSecond one cites https://example.com/a.\n"
    doc = Document(text, "a.txt")
    assert [b.text for b in doc.blocks] == [
        "First paragraph wraps here.",
        f"Second one cites {PLACEHOLDER}.",
    ]
    assert_source_map(doc)


def test_plain_text_keeps_markdown_characters():
    doc = Document("Rates rose *sharply* in Q3.\n", "a.txt")
    assert doc.blocks[0].text == "Rates rose *sharply* in Q3."


def test_unwrapped_paragraphs_become_one_block_per_line():
    long = "This sentence is long enough. " * 12
    text = f"{long}\nShort credit line.\n{long}\n"
    for path in ("a.md", "a.txt"):
        doc = Document(text, path)
        assert [b.line for b in doc.blocks] == [1, 2, 3]
        assert doc.repeated_blocks == {2: 0}


def test_go_template_raw_block_is_not_prose():
    text = "Before.\n\n{{raw `\n\tfunc main() {\n\n\t\tx := 1. y\n\t}\n`}}\n\nAfter.\n"
    doc = Document(text, "a.md")
    assert [b.text for b in doc.blocks] == ["Before.", "After."]


def test_crlf_and_bom_sources_map_correctly():
    text = "First line\r\ncontinues here.\r\n\r\nSecond.\r\n"
    doc = Document(text, "a.md", bom=True)
    assert [b.text for b in doc.blocks] == ["First line continues here.", "Second."]
    b = doc.blocks[0]
    s, _ = b.span(b.text.index("continues"), b.text.index("continues") + 1)
    assert doc.lines.position(s) == (2, 1)


def test_stray_metadata_lines_are_not_prose():
    text = (
        "A body paragraph that is long enough to be prose.\n\n"
        'title: "Something" date: 2024-01-01 author: "Someone"\n\nMore body.\n'
    )
    doc = Document(text, "a.md")
    assert [b.text for b in doc.blocks][-1] == "More body."
    assert all("title" not in b.text for b in doc.blocks)
    assert doc.stray_metadata[0].line == 3


def test_sentences_from_blocks_map_to_source():
    doc = Document("Intro *here*. Second sentence [with link](http://x.y).\n", "a.md")
    sents = list(doc.sentences())
    assert [s.text for s in sents] == ["Intro here.", "Second sentence with link."]
    s, e = sents[1].span()
    assert doc.text[s:e] == "Second sentence [with link](http://x.y)."


def test_literal_asterisks_and_underscores_stay():
    doc = Document("Multiply 5 * 3 in my_var_name, then **stop** _now_.\n", "a.md")
    assert doc.blocks[0].text == "Multiply 5 * 3 in my_var_name, then stop now."


def test_email_addresses_are_not_prose():
    doc = Document("Write to desk@example.com. Thanks.\n", "a.md")
    assert doc.blocks[0].text == f"Write to {PLACEHOLDER}. Thanks."


def test_html_tag_spanning_lines_is_not_prose():
    text = 'Intro text here.\n\n<img src="chart.svg"\n     alt="A chart. of answers"\n     class="chart" />\n\nAfter it.\n'
    doc = Document(text, "a.md")
    assert [b.text for b in doc.blocks] == ["Intro text here.", "After it."]


def _random_lines(n: int, seed: int) -> list[str]:
    """Short lines over an alphabet rich in inline-markup characters."""
    import random

    rnd = random.Random(seed)
    pieces = list("ab h:tps/fw.@`_*~[](){}<>!\\- \n") + [
        "http://",
        "https://x.y",
        "www.",
        "ftp:",
        "  ",
        "{{<",
        ">}}",
        "<!--",
        "-->",
        "](",
        "``",
        "a@b.cd",
    ]
    return ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 14))) for _ in range(n)]


def test_plain_line_tests_match_the_trigger_patterns():
    """``_md_plain``/``_text_plain`` are the fast forms of one trigger pattern each."""
    import re

    from newslint import prose

    md_trigger = re.compile(r"[`{<\[\]!\\*_~@]|https?:|ftp:|www\.|  $")
    text_trigger = re.compile(r"https?:|ftp:|www\.|@")
    for line in _random_lines(20000, 1):
        assert prose._md_plain(line) == (not md_trigger.search(line)), repr(line)
        assert prose._text_plain(line) == (not text_trigger.search(line)), repr(line)


# The inline pattern in its plain form (each alternative a named group): the literal-first
# form in prose.py must match exactly what this matches.
_PLAIN_INLINE_MD = r"""
      (?P<code>(?P<ticks>`+)(?!`).*?(?<!`)(?P=ticks)(?!`))
    | (?P<action>\{\{<.*?>\}\}|\{\{%.*?%\}\}|\{\{.*?\}\}|\{%.*?%\})
    | (?P<comment><!--.*?(?:-->|$))
    | (?P<autolink><(?:https?|ftp|mailto):[^>\s]*>)
    | (?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)
    | (?P<image>!\[(?:[^\[\]]|\[[^\]]*\])*\](?:\([^)]*\)|\[[^\]]*\])?)
    | (?P<linkopen>\[)(?=(?:[^\[\]]|\[[^\]]*\])*\](?:\(|\[))
    | (?P<linkclose>\](?:\((?:[^()\s]|\([^()]*\))*(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)|\[[^\]]*\]))
    | (?P<url>(?:https?://|ftp://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'"\u201d\u2019*_])
    | (?P<escape>\\[!-/:-@\[-`{-~])
    | (?P<emph>\*{1,3}|_{1,3}|~~)
    | (?P<hardbreak>(?:[ ]{2,}|\\)$)
"""


def _match_kinds(pattern, line):
    """(span, kind) of every inline match, ``ticks`` read as code (as the scan does);
    ``pattern`` is a pattern, or the matches themselves."""
    from newslint import prose

    out = []
    for m in pattern.finditer(line) if isinstance(pattern, re.Pattern) else pattern:
        kind = prose._KIND.get(m.lastgroup, m.lastgroup)
        out.append((m.span(), "code" if kind == "ticks" else kind))
    return out


def test_literal_first_inline_pattern_matches_the_plain_form():
    """Same matches (span and kind) as the plain pattern, with and without the e-mail
    alternative, on random lines rich in markup characters."""
    import re

    from newslint import prose

    plain = re.compile(_PLAIN_INLINE_MD, re.X)
    plain_email = re.compile(_PLAIN_INLINE_MD + prose._EMAIL, re.X)
    inline_md = re.compile(prose._INLINE_MD_PARTS)
    inline_md_email = re.compile(prose._INLINE_MD_PARTS + prose._EMAIL)
    lines = _random_lines(20000, 2) + [
        "Run `cargo build` or ``a ` b`` then see [the docs](https://x.y/a_b) now  ",
        "Mail me@example.com or visit www.example.org, ftp://f.x/y and <https://a.b>.",
        "**Bold** _it_ ~~gone~~ snake_case 5 * 3 \\* <!-- note --> <b>tag</b> ![img](a.png)\\",
        "fetch ftp://files.example.org/a, then [it](x) `run`",
        "a hard break before a newline  \n",
        "a hard break at the end  ",
    ]
    for line in lines:
        assert _match_kinds(inline_md, line) == _match_kinds(plain, line), repr(line)
        assert _match_kinds(inline_md_email, line) == _match_kinds(plain_email, line), repr(line)
        # The pattern picked for the line, without the alternatives it cannot need, and
        # the e-mail addresses found apart.
        expected = _match_kinds(plain_email if "@" in line else plain, line)
        assert _match_kinds(prose._inline_md_matches(line), line) == expected, repr(line)
    assert len(prose._INLINE_MD_BY_NEED) == 4  # every combination was tried


def test_unrolled_link_patterns_match_the_alternation_form():
    """The link text and destination loops (a run, then bracketed parts and runs) give the
    same matches as the per-character alternation of the plain form, on random lines
    made of brackets, parentheses, titles, spaces and Unicode text."""
    import random
    import re

    from newslint import prose

    plain = re.compile(_PLAIN_INLINE_MD, re.X)
    plain_email = re.compile(_PLAIN_INLINE_MD + prose._EMAIL, re.X)
    rnd = random.Random(31)
    pieces = ["[", "]", "(", ")", "](", "][", "![", " ", "  ", "\t", "\n", '"', "'", "x"]
    pieces += ["caf\u00e9", "\u201cq\u201d", "\u2019", "https://a.b/c_(d)", "`", "*", "_"]
    pieces += ['"title"', "'t'", "(p)", "[n]", "\\", "a@b.cd", "www.x.y", "<b>", "\u4e2d"]
    links = 0
    for _ in range(20000):
        line = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 16)))
        got = _match_kinds(prose._inline_md_matches(line), line)
        assert got == _match_kinds(plain_email if "@" in line else plain, line), repr(line)
        links += sum(kind in ("linkopen", "linkclose") for _, kind in got)
    assert links > 3000


def test_emails_found_apart_match_the_single_pattern():
    """E-mail addresses found from the "@" signs and merged with the other matches give
    what the one pattern with the e-mail alternative gives, on random lines dense in "@",
    address characters and the first characters of every other construct."""
    import random
    import re

    from newslint import prose

    plain_email = re.compile(_PLAIN_INLINE_MD + prose._EMAIL, re.X)
    rnd = random.Random(47)
    pieces = ["@", "@", "a", "b.c", ".", "+", "-", "_", "__", "x_y", "1", "\u00e9", " ", "  "]
    pieces += ["`", "``", "<", ">", "<b>", "[", "]", "(", ")", "](", "!", "{{", "}}", "\\"]
    pieces += ["http", "https://a.b", "://", "ftp://f", "www.", "*", "~~", "<!--", "\n"]
    pieces += ["me@ex.org", "a.b+c@d-e.f.gh", "@x.y", "x@", "<me@a.b>", "`u@h.io`"]
    emails = 0
    for _ in range(30000):
        line = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 18)))
        expected = _match_kinds(plain_email, line)
        assert _match_kinds(prose._inline_md_matches(line), line) == expected, repr(line)
        emails += sum(kind == "email" for _, kind in expected)
    assert emails > 3000


def _random_templates(n: int, seed: int) -> list[str]:
    """Texts made of pieces of comments, shortcodes, Liquid tags and multi-line HTML tags."""
    import random

    rnd = random.Random(seed)
    pieces = [
        "<!--",
        "-->",
        "{{< highlight go >}}",
        "{{< /highlight >}}",
        "{{<code>}}",
        "{{< / code >}}",
        "{{% raw %}}",
        "{{% /raw %}}",
        "{% raw %}",
        "{%- endraw -%}",
        "{% comment %}",
        "{% endcomment %}",
        "<div",
        "<a href='x'",
        "</span ",
        ">",
        "<",
        "{",
        "{{",
        "{%",
        "}}",
        "%}",
        "\n",
        "\n",
        " ",
        "\t",
        "\r",
        "word",
        "é “q”",
    ]
    return ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 30))) for _ in range(n)]


def test_masked_pairs_and_action_starts_match_the_plain_patterns():
    """The two literal-first patterns find what the one masked-pairs pattern finds, and the
    brace scan finds the line-opening actions the ``^`` pattern finds."""
    import re

    from newslint import prose

    pairs = re.compile(prose.MASKED_PAIRS, re.S | re.X)
    actions = re.compile(prose.ACTION_START, re.M)
    texts = _random_templates(20000, 3) + [
        "<!-- a {{< highlight >}} --> b {{< /highlight >}}",
        "{{< highlight >}} <!-- {{< /highlight >}} -->\n<div\n>",
        "  {{ x }}\n\t{%- if %}\nx {{ no }}\n{{{ three",
    ]
    for text in texts:
        assert list(prose._masked_pairs(text)) == [m.span() for m in pairs.finditer(text)], text
        assert list(prose._action_starts(text)) == [m.start(1) for m in actions.finditer(text)], (
            text
        )


def _block_view(block):
    """What a rule can read of a block: its fields and where every prose offset maps."""
    n = len(block.text)
    return (
        (block.kind, block.text, block.start, block.end, block.line, block.end_line),
        [block.source_offset(i) for i in range(n + 1)],
        [block.source_end(j) for j in range(n + 1)],
    )


def _random_markdown(n: int, seed: int) -> list[str]:
    import random

    rnd = random.Random(seed)
    starts = ["", "", "", " ", "> ", "- ", "1. ", "# ", "\u201c", "\u00e9", "    ", "|a|", "```"]
    words = ["word", "Text", "a", "x" * 150, "[link](u)", "`c`", "*e*", "http://x.y", "\u00a0"]
    ends = ["", "", "", " ", "  ", "\t", "\r", "."]
    texts = []
    for _ in range(n):
        lines = [
            rnd.choice(starts)
            + " ".join(rnd.choices(words, k=rnd.randint(1, 4)))
            + rnd.choice(ends)
            if rnd.random() < 0.85
            else ""
            for _ in range(rnd.randint(1, 16))
        ]
        texts.append("\n".join(lines) + rnd.choice(["", "\n"]))
    return texts


def test_plain_run_blocks_read_as_line_by_line(monkeypatch):
    """A contiguous paragraph without markup is built in one piece; the blocks (fields and
    the source offset of every prose offset) are those of the line-by-line build."""
    from newslint import prose

    texts = _random_markdown(4000, 4) + [
        "Plain line one\nline two\nline three.\n\nNext paragraph\r\nwith CRLF.\n",
        "# Heading\n\n\u201cQuoted,\u201d she said.\nMore.\n",
    ]
    fast_blocks = 0
    for text in texts:
        fast = [_block_view(b) for b in Document(text, "a.md").blocks]
        with monkeypatch.context() as m:
            m.setattr(prose, "_plain_run_block", lambda *a: None)
            slow = [_block_view(b) for b in Document(text, "a.md").blocks]
        assert fast == slow, text
        fast_blocks += sum(1 for b in Document(text, "a.md").blocks if len(b.segments) == 1)
    assert fast_blocks > 2000


def test_blank_equals_the_substitution_it_replaces() -> None:
    import random
    import re

    from newslint.prose import blank

    rng = random.Random(5)
    alphabet = ["a", " ", "\n", "\r", "\t", "\u2019", "é", "<", "\x0b", "\u2028"]
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30)))
        assert blank(text) == re.sub(r"[^\r\n]", " ", text), repr(text)
