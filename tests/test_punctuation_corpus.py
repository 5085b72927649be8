"""NL3xx precision on real, well-edited copy (../shared/corpus): at most one finding per
10,000 words. Every finding there is a false alarm until shown otherwise, so the
failure message lists them for inspection.
"""

from __future__ import annotations

from newslint.engine import Linter


def test_punctuation_rules_are_quiet_on_the_clean_corpus(shared_dir):
    corpus = shared_dir / "corpus"
    files = sorted(corpus.rglob("*.md"))
    if not files:
        import pytest

        pytest.skip(f"no Markdown files under {corpus}")
    linter = Linter(isolated=True, select=["NL3"])
    words = 0
    findings = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        words += len(text.split())
        findings.extend(f for f in linter.lint_text(text, str(path)) if f.code.startswith("NL3"))
    listing = "\n".join(f"{f.path}:{f.line}:{f.column} {f.code} {f.message}" for f in findings)
    assert words > 100_000
    assert len(findings) <= words / 10_000, listing
