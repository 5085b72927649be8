"""Precision on varied news copy: the stories of ``bench/stories.py`` (nine beats, a cast
of named people per story referred to by surname and by pronouns of either sex or
"they", attributed quotes, curly quotes, dashes, links, emphasis). Clean stories must
give no finding; the defects ``bench/corpus.py`` plants must be found where it planted
them.
"""

from __future__ import annotations

import random
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _corpus_module(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))  # bench/corpus.py imports bench/stories.py
    import corpus

    return corpus


def test_clean_generated_stories_give_no_finding(monkeypatch):
    from newslint.engine import Linter

    corpus = _corpus_module(monkeypatch)
    rnd = random.Random(7)
    linter = Linter(isolated=True)
    checked = 0
    pronouns = 0
    for n in range(1, 121):
        if n % 25 == 0 or n % 30 == 0:
            continue  # the articles with planted defects (the next test)
        text = corpus.story_article(rnd, n)
        pronouns += sum(text.count(p) for p in (" she ", " he ", " they "))
        findings = [f for f in linter.lint_text(text, f"story-{n}.md") if f.code != "NL204"]
        listing = "\n".join(f"{f.line}:{f.column} {f.code} {f.message}" for f in findings)
        assert not findings, f"story {n}:\n{listing}\n\n{text}"
        checked += 1
    assert checked > 100
    assert pronouns > 300  # the stories do refer to people by pronouns


def test_planted_defects_in_generated_stories_are_found(monkeypatch):
    from newslint.engine import Linter

    corpus = _corpus_module(monkeypatch)
    rnd = random.Random(3)
    linter = Linter(isolated=True)
    for n in (0, 7, 30, 60, 75, 90):
        text = corpus.story_article(rnd, n)
        codes = {f.code for f in linter.lint_text(text, f"story-{n}.md")}
        if n % 25 == 0:  # the first three paragraphs pasted again at the end
            assert "NL201" in codes, n
        if n % 30 == 0:  # "published by the the board. of ..."
            lines = text.splitlines()
            line = next(i for i, t in enumerate(lines, 1) if "the the board." in t)
            found = {
                (f.code, f.line, f.column)
                for f in linter.lint_text(text, f"story-{n}.md")
                if f.code in ("NL205", "NL301")
            }
            col = lines[line - 1].index("the the") + 1  # the doubled pair, 1-based
            assert ("NL205", line, col) in found, (n, found)
            dot = lines[line - 1].index("board.") + len("board") + 1
            assert ("NL301", line, dot) in found, (n, found)
        if n % 25 and n % 30:
            assert codes <= {"NL204"}, (n, codes)
