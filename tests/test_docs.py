"""docs/rules.md is generated from the rules' own documentation and kept current; every
rule explains itself with examples."""

from __future__ import annotations

from newslint.docs import rules_markdown
from newslint.engine import Linter
from tests.conftest import ROOT


def _rules():
    linter = Linter(isolated=True, entry_points=False)
    return linter.registry(linter.settings_for(None)).rules.values()


def test_rules_md_is_current():
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == rules_markdown(_rules()), (
        "docs/rules.md is stale: regenerate it with `python -m newslint.docs > docs/rules.md`"
    )


def test_every_builtin_rule_is_documented():
    for rule in _rules():
        assert rule.code and rule.name and rule.category and rule.summary, rule
        assert rule.name == rule.name.lower() and " " not in rule.name, rule.name
        if rule.category != "internal":
            text = rule.explanation
            assert len(text) > 200, f"{rule.code}: explanation too thin"
            low = text.lower()
            assert ("bad" in low or "example" in low) and ("good" in low or "fix" in low), rule.code
