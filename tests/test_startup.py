"""Start-up: what a one-file run loads, and the shortcuts that keep it small.

No test here measures time (bench/startup.py does that); they check that the shortcuts
change nothing: the pre-parsed shipped packs equal their YAML, a pattern skipped for lack
of its needles could not have matched, and heavy modules stay unloaded where unneeded.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from newslint import packs
from newslint.document import Document

# Copy that exercises the shipped patterns (matches and near misses), in several shapes.
TEXTS = [
    "The result was unanticipated to change the vote, said the mayor.",
    "Prices rose to a record low on Monday; stocks fell sharply to an all-time high.",
    "She could of been there. The board peaked my interest and made due with less.",
    "He was fired ahead of his own departure for Rome. Re-elected to a first term.",
    "The Related Press reported that Fox Information aired it; the Labour Get together met.",
    "Smart Home Speaker sales rose. Home Speaker Nancy Pelosi spoke to reporters.",
    "He died of kidney disappointment earlier this 12 months, the family instructed reporters.",
    "Colossal information is big. Deep studying models need regulation enforcement officers.",
    "In accordance with officials who spoke, he handed away peacefully; misplaced their lives.",
    # Characters that regex matches to ASCII letters when ignoring case.
    "The Related Preſs said he was ſurvived by his late wife; İn accordance with police.",
    "It was UNEXPECTED TO CHANGE a thing. COULD OF BEEN. Make Due With it.",
    "Whitespace  runs\tand\u00a0odd spaces: could  of\nbeen, “curly quotes” and it’s fine.",
]


def _entries():
    for spec in packs.load_all([], ".", None):
        matchers = [spec.matcher, spec.exceptions]
        matchers += [side.matcher for side in (spec.first, spec.second) if side]
        for m in matchers:
            if m is not None:
                yield spec, m


def _texts():
    texts = list(TEXTS)
    for spec in packs.load_all([], ".", None):
        texts += spec.examples_bad + spec.examples_good
    return texts


def test_shipped_pack_index_is_fresh():
    """newslint/_packs_index.py must match rules/*.yml: run `python -m newslint.packs`."""
    from newslint import _packs_index

    built_packs, built_needles = packs.build_index()
    assert _packs_index.PACKS == built_packs, "stale: run `python -m newslint.packs`"
    assert _packs_index.NEEDLES == built_needles, "stale: run `python -m newslint.packs`"


def test_index_tree_equals_yaml():
    for path in packs.shipped_pack_files():
        text = path.read_text(encoding="utf-8")
        tree = packs._indexed_tree(text, path.name)
        assert tree is not packs._NO_TREE
        composed = packs._compose(text, str(path))
        assert tree == composed
        assert packs._encode(tree) == packs._encode(composed)  # lines too


def test_stale_index_falls_back_to_yaml():
    path = packs.shipped_pack_files()[0]
    text = path.read_text(encoding="utf-8") + "\n# edited\n"
    assert packs._indexed_tree(text, path.name) is packs._NO_TREE


@pytest.mark.parametrize(
    "pattern, ignore_case, expected",
    [
        ("make due with", True, (("make due with",),)),
        ("Home Speaker", False, (("Home Speaker",),)),
        # runs of few possible texts are spelled out
        ("(?P<x>could|would) of been", True, (("could of been", "would of been"),)),
        ("re-?elected to", True, (("re-elected to", "reelected to"),)),
        ("(?:big|large)? data lake", True, ((" data lake", "big data lake", "large data lake"),)),
        ("fir(?:e[sd]?|ing) him", True, (("fire him", "fired him", "fires him", "firing him"),)),
        (r"(?:\w+-)+year high", True, (("year high",),)),  # \w+ ends the run
        ("ab+cd", True, None),  # nothing of three letters is certain
        ("(?i)Home Speaker", False, None),  # inline flags
        ("(?:colour){e<=1}", True, None),  # fuzzy matching (regex only)
        (r"\p{Lu}ouse", True, None),  # Unicode property
        ("(?|a(b)|c(d))xyz", True, None),  # branch reset
        ("[[:alpha:]]+ing", True, None),  # POSIX class
        (r"(the) \1 end", True, None),  # back-reference (or octal: context decides)
        ("colou{}r scheme", True, None),  # braces that are not a counted repeat
        ("shot{2,} dead", True, ((" dead",), ("sho",))),  # the t repeats
    ],
)
def test_needles(pattern, ignore_case, expected):
    assert packs.needles(pattern, ignore_case) == expected


def test_needles_never_hide_a_match():
    """A pattern whose needles are absent from a text has no match in it."""
    checked = 0
    for text in _texts():
        fdoc = packs.FoldedDoc(Document(text, "a.md"))
        for _spec, matcher in _entries():
            for e in matcher.patterns:
                if e.needles is None:
                    continue
                hay = fdoc.needle_hay(e.ignore_case)
                present = all(any(s in hay for s in clause) for clause in e.needles)
                if e.regex().search(fdoc.text):
                    assert present, (e.source, text)
                    checked += 1
    assert checked > 20


def test_find_is_the_same_without_needles():
    for text in _texts():
        doc = Document(text, "a.md")
        for _spec, matcher in _entries():
            fast = [(m.start, m.end, m.entry.source) for m in matcher.find(packs.FoldedDoc(doc))]
            saved = [e.needles for e in matcher.patterns]
            try:
                for e in matcher.patterns:
                    e.needles = None
                slow = [
                    (m.start, m.end, m.entry.source) for m in matcher.find(packs.FoldedDoc(doc))
                ]
            finally:
                for e, n in zip(matcher.patterns, saved, strict=True):
                    e.needles = n
            assert fast == slow, text


HEAVY = ["yaml", "regex", "wordfreq", "ftfy", "tomllib"]


@pytest.mark.parametrize(
    "front_matter",
    [
        "",
        '---\ntitle: "Council approves budget"\ndate: 2024-02-01\ntags:\n- city\n- budget\n---\n',
        '---\ntitle: "Council approves budget"\nauthor: "Ann Lee"\ntags: [local, budget]\n---\n',
        '+++\ntitle = "Council approves budget"\ntags = ["city", "budget"]\n[extra]\nlead = true\n+++\n',
    ],
)
def test_one_plain_file_loads_no_heavy_module(tmp_path, front_matter):
    story = tmp_path / "story.md"
    story.write_text(
        front_matter
        + "# Council approves budget\n\nThe city council approved the budget on Tuesday.\n",
        encoding="utf-8",
    )
    code = (
        "import sys\n"
        "from newslint.cli import main\n"
        f"rc = main(['--isolated', '--no-cache', '-q', '--exit-zero', {str(story)!r}])\n"
        f"print(rc, [m for m in {HEAVY!r} if m in sys.modules])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == "0 []", out.stdout


@pytest.mark.parametrize("group", ["newslint", "console_scripts", "pytest11", "no-such-group"])
def test_entry_point_shortcut_agrees_with_importlib_metadata(group):
    from importlib.metadata import entry_points

    from newslint.engine import may_have_entry_points

    if entry_points(group=group):
        assert may_have_entry_points(group)
    if group == "no-such-group":
        assert not may_have_entry_points(group)


def test_entry_point_shortcut_sees_a_new_plugin(tmp_path, monkeypatch):
    from newslint.engine import may_have_entry_points

    dist = tmp_path / "newslint_acme-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Name: newslint-acme\nVersion: 1.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(
        "[console_scripts]\nacme = acme:main\n\n[ no-such-group ]\nacme = acme_rules\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert may_have_entry_points("no-such-group")
    assert not may_have_entry_points("no-such-group-either")


NOUN_TEXTS = [
    "The co-founder and her ex-wife met the vice-president, a runner-up and the actress.",
    "Co-founders, co-founder's, the vice-president-elect, ex-husbands and a fiancée's ring.",
    "The minister-president spoke; the under-secretary-general and secretary-general agreed.",
    "actor_actress actor2 1actor — spokesperson-general; ACTOR Actor actor. runner-up-ish.",
    "Le fiancé est arrivé: the fiancé's mother, an owner-operator, and the vice-chair.",
]


def test_noun_spans_match_the_noun_regex():
    import re

    from newslint import names

    old = re.compile(r"\b" + names._trie_pattern(names._NOUN_WORDS) + r"\b")
    texts = list(NOUN_TEXTS) + _texts()
    words = sorted(names._NOUN_WORDS)
    texts.append(" ".join(words))
    texts.append("-".join(words))
    texts.append("".join(w + ("," if i % 3 else "s ") for i, w in enumerate(words)))
    for text in texts:
        expected = [m.span() for m in old.finditer(text)]
        assert list(names._scan_nouns(text)) == expected, text
        words = names.ascii_lowered(text).split()
        assert list(names.noun_spans(text, words)) == expected, text


def test_noun_spans_switch_to_the_regex_after_a_budget(monkeypatch):
    from newslint import names

    text = NOUN_TEXTS[0]
    expected = list(names._scan_nouns(text))
    assert expected
    monkeypatch.setattr(names, "_NOUN_RE", None)
    monkeypatch.setattr(names, "_noun_scanned", 0)
    assert list(names.noun_spans(text)) == expected
    assert names._NOUN_RE is None  # a small text: scanned, nothing compiled
    monkeypatch.setattr(names, "_noun_scanned", names._NOUN_SCAN_BUDGET)
    assert list(names.noun_spans(text)) == expected
    assert names._NOUN_RE is not None


def test_noun_spans_on_the_corpus(shared_dir):
    import re

    from newslint import names

    old = re.compile(r"\b" + names._trie_pattern(names._NOUN_WORDS) + r"\b")
    files = sorted((shared_dir / "corpus").rglob("*.md"))[:300]
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        expected = [m.span() for m in old.finditer(text)]
        assert list(names._scan_nouns(text)) == expected, path
        words = names.ascii_lowered(text).split()
        assert list(names.noun_spans(text, words)) == expected, path


# -- simple YAML front matter without PyYAML -----------------------------------------------

YAML_LINES = [
    'title: "Council approves budget"',
    "title: 'It''s late'",
    "title: 'Plain single'",
    'title: "Has \\"escapes\\""',
    "title: Café crème at the Zoë Ünal show",
    "title: Go 1.22 is released",
    "title: C# and F# in 2024 # comment",
    "title: Colons: inside",
    "title: http://example.com/a?b=c",
    "title: ends with colon:",
    "title: emoji 🎉 party",
    "title:   padded   ",
    "title:\ttabbed",
    "date: 2024-02-01",
    "date: 2024-02-01T10:30:00+01:00",
    "date: 2024-2-1 10:30:00 +0100",
    "date: 2024-02-30",
    "draft: true",
    "draft: No",
    "draft: y",
    "draft: off",
    "weight: 10",
    "weight: 0x1F",
    "weight: 0777",
    "weight: 1_000",
    "weight: 1.5",
    "weight: 1e5",
    "weight: 12:30",
    "weight: 190:20:30.15",
    "nothing: null",
    "nothing: ~",
    "nothing:",
    "nothing:   ",
    "on: switch",
    "null: key",
    "_private: x",
    "with-dash: x",
    "author: [Ann, Bob]",
    "tags: [local, transport]",
    "tags: []",
    "tags: [ ]",
    "tags: [ a , b ]",
    "tags: [\"quoted\", 'single']",
    'tags: ["a, b"]',
    "tags: [a,b,]",
    "tags: [a,,b]",
    "tags: [,]",
    "tags: [1, 2.5, true, null, 2024-01-01, Off, ~]",
    "tags: [1, 2.5, true, null, 2024-01-01, Off, 12]",
    "tags: [a b, c  d]",
    "tags: [a?b]",
    "tags: [a:b]",
    "tags: [a: b]",
    "tags: [#x]",
    "tags: [a#x]",
    "tags: [a] # c",
    "tags: [a]x",
    "tags: [[a]]",
    "tags: [{a: b}]",
    "tags: [Zoë Ünal, café, “curly”, ‘single’]",
    "tags: [-a, b]",
    "tags: [*x]",
    "tags: [&y a]",
    "tags: [!t a]",
    "tags: [%p]",
    "tags: [@h]",
    "tags: [`t`]",
    "tags: [|x]",
    "tags: [>x]",
    "tags: [a",
    "tags: a]",
    'tags: ["esc\\"q"]',
    "tags: ['it''s']",
    "tags: [it's, a\"b]",
    'tags: [""]',
    "tags: ['']",
    "tags: [0x1F, 0777, 1_000, +1, .5, -3, .inf, 1e5]",
    "tags: [a\u00a0b, nbsp\u00a0]",
    "tags: [a]]",
    "tags: [[]",
    "author: {name: Ann}",
    "author: &a Ann",
    "author: *a",
    "author: !str Ann",
    "author: |",
    "  block",
    "tags:",
    "  - one",
    "- item",
    "# a comment",
    "key : spaced",
    "key:value",
    "Title: x",
    "naïve: key",
    'quote: "unterminated',
    "quote: 'a' trailing",
    'quote: ""',
    "quote: ''",
    "nbsp: a\u00a0b\u00a0",
    "ctrl: a\x07b",
    "nel: a\x85b",
    "ls: a\u2028b",
    "bom: \ufeffx",
    "dup: 1",
    "dup: 2",
    "by:",
    "tags:",
    "- Russ Cox, for the Go team",
    "- 'quoted item'",
    '- "double item"',
    "- true",
    "- 2024-01-01",
    "- 42",
    "-   spaced item  ",
    "- ",
    "-",
    "- key: v",
    "- - nested",
    "  - indented one",
    "  - indented two",
    "    - deeper",
    "   continued",
    "redirect: /blog/cgo",
    "weight: +12",
    "weight: .5",
    "weight: .inf",
    "weight: -3",
    "weight: +.5e+3",
    "path: ./relative",
    "odd: <<",
    "odd: =",
    "odd: ~x",
    "odd: ?x",
    "odd: @handle",
    "odd: `tick`",
    "odd: %pct",
    "odd: |x",
    "odd: 'a'b'",
    "- /item/path",
    "- .5",
    "- +1",
]


def _yaml_blocks():
    import random

    rng = random.Random(7)
    blocks = [[line] for line in YAML_LINES]
    for _ in range(3000):
        blocks.append(rng.sample(YAML_LINES, rng.randint(2, 7)))
    items = [x for x in YAML_LINES if x.lstrip().startswith("-")]
    for _ in range(1500):
        key = rng.choice(["by:", "tags:", "empty:"])
        lines = [key] + rng.sample(items, rng.randint(1, 4)) + rng.sample(YAML_LINES, 2)
        blocks.append(lines)
    for lines in blocks:
        for sep in ("\n", "\n\n"):
            body = sep.join(lines)
            yield body
            yield body + "\n"
            yield "\n" + body + "\n"


def _slow_yaml(text, s, e, monkeypatch):
    from newslint import fmparse

    with monkeypatch.context() as m:
        m.setattr(fmparse, "_simple_yaml", lambda *a: None)
        return fmparse.parse_yaml(text, s, e)


def test_simple_yaml_reads_as_pyyaml(monkeypatch):
    from newslint import fmparse

    fast_count = 0
    for body in _yaml_blocks():
        text = "---\n" + body + "---\nBody text.\n"
        s, e = 4, 4 + len(body)
        fast = fmparse._simple_yaml(text, s, e)
        if fast is None:
            continue
        fast_count += 1
        assert (fast, None) == _slow_yaml(text, s, e, monkeypatch), body
    assert fast_count > 500


def _corpus_front_matter(shared_dir, fmt):
    """``(path, text, front matter)`` of the corpus files whose front matter is ``fmt``."""
    for path in sorted((shared_dir / "corpus").rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        fm = Document(text, str(path)).front_matter
        if fm is not None and fm.format == fmt:
            yield path, text, fm


def test_simple_yaml_on_the_corpus(shared_dir, monkeypatch):
    from newslint import fmparse

    fast_count = 0
    for path, text, fm in _corpus_front_matter(shared_dir, "yaml"):
        fast = fmparse._simple_yaml(text, fm.content_start, fm.content_end)
        if fast is not None:
            fast_count += 1
            assert (fast, None) == _slow_yaml(
                text, fm.content_start, fm.content_end, monkeypatch
            ), path
    assert fast_count > 0


# -- simple TOML front matter without tomllib ------------------------------------------------

TOML_LINES = [
    'title = "Announcing Rust 1.40.0"',
    "title = 'literal \\ with backslash'",
    'title = "has \\"escape\\""',
    'title = "tab\tinside"',
    'title = ""',
    "title = ''",
    'title = """multi"""',
    'title="tight"',
    'title  =  "spaced"   ',
    'title = "trailing" # comment',
    'title = "unterminated',
    "title = unquoted",
    "authors = [\"The Rust Team\", 'Ann']",
    'authors = ["a", "b",]',
    "authors = []",
    "authors = [ ]",
    "authors = [,]",
    'authors = ["a" "b"]',
    'authors = ["a", 1]',
    'authors = ["has, comma", "has ] bracket"]',
    "authors = [",
    '  "continued",',
    "]",
    "draft = true",
    "draft = false",
    "draft = True",
    "weight = 10",
    "weight = -3",
    "weight = +0",
    "weight = 010",
    "weight = 1_000",
    "weight = 1.5",
    "date = 2024-02-01",
    "date = 2024-02-01T10:00:00Z",
    "[extra]",
    "[extra]",
    "[taxonomies]",
    "[ spaced ]",
    "[a.b]",
    "[[array]]",
    "extra = 1",
    "dotted.key = 1",
    '"quoted key" = 1',
    "# a comment",
    "  # indented comment",
    "  indented = 1",
    "bad = \x01",
    "   ",
    "dup = 1",
    "dup = 2",
    'path = "2019/10/15/Rustup-1.20.0"',
    "naïve = 1",
    "aliases = [",
    '    "2015/05/15/Rust-1.0.html",',
    '    "releases/1.0.0",',
    '    "no comma"',
    "    # comment inside",
    "]",
    "  ]",
    '"tail"]',
    '    "open',
]


def test_simple_toml_reads_as_tomllib():
    import random

    import tomllib

    from newslint import fmparse

    rng = random.Random(11)
    fast = 0
    for n in range(6000):
        lines = rng.sample(TOML_LINES, rng.randint(1, 6))
        content = "\n".join(lines) + ("\n" if n % 2 else "")
        got = fmparse._simple_toml(content)
        if got is None:
            continue
        fast += 1
        assert got == tomllib.loads(content), content
        assert fmparse.parse_toml(content, 0, len(content)) == (got, None)
    assert fast > 500
    inner = [
        '    "a",',
        '    "b"',
        "  'c',",
        '"d", "e",',
        "",
        "    # note",
        '    "open',
        "  [",
        "  ]",
    ]
    arrays = 0
    for _ in range(3000):
        body = rng.choices(inner, k=rng.randint(0, 4))
        tail = rng.choice(["]", "  ]", '"z"]', "", "],"])
        content = "\n".join(["aliases = [", *body, tail, 'title = "x"'])
        got = fmparse._simple_toml(content)
        if got is not None:
            arrays += 1
            assert got == tomllib.loads(content), content
    assert arrays > 100


def test_simple_toml_on_the_corpus(shared_dir):
    import tomllib

    from newslint import fmparse

    fast = 0
    for path, text, fm in _corpus_front_matter(shared_dir, "toml"):
        content = text[fm.content_start : fm.content_end]
        got = fmparse._simple_toml(content)
        if got is not None:
            fast += 1
            assert got == tomllib.loads(content), path
    assert fast > 0
