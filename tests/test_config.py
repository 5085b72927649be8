"""Configuration discovery and validation."""

from __future__ import annotations

import pytest

from newslint.config import ConfigError, build_settings, find_config
from newslint.engine import Linter
from tests.helpers import project


def test_nearest_config_wins_and_newslint_toml_beats_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.newslint]\nignore = ["A"]\n')
    sub = tmp_path / "content" / "2024"
    sub.mkdir(parents=True)
    assert find_config(sub) == tmp_path / "pyproject.toml"
    (tmp_path / "content" / ".newslint.toml").write_text('ignore = ["B"]\n')
    assert find_config(sub) == tmp_path / "content" / ".newslint.toml"
    (tmp_path / "content" / "newslint.toml").write_text('ignore = ["C"]\n')
    assert find_config(sub) == tmp_path / "content" / "newslint.toml"


def test_pyproject_without_table_is_skipped(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "site"\n')
    assert find_config(tmp_path) is None or find_config(tmp_path).parent != tmp_path


@pytest.mark.parametrize(
    "table,message",
    [
        ({"selct": []}, "unknown key 'selct'"),
        ({"ignore": "NL301"}, "'ignore' must be a list"),
        ({"max-file-size": "big"}, "'max-file-size' must be an integer"),
        ({"severity": {"NL301": "fatal"}}, "unknown severity 'fatal'"),
        ({"per-file-ignores": {"*.md": "NL3"}}, "must be a list of rule codes"),
        ({"front-matter-typo": {}}, "unknown key 'front-matter-typo'"),
    ],
)
def test_validation_names_key_and_file(table, message):
    with pytest.raises(ConfigError, match=message) as exc:
        build_settings(table, "/site/newslint.toml", {})
    assert "/site/newslint.toml" in str(exc.value)


def test_plugin_sections_are_validated_with_types():
    specs = {"duplicates": {"min-words": 30, "corpus": ""}}
    s = build_settings({"duplicates": {"min-words": 12}}, "x.toml", specs)
    assert s.section("duplicates") == {"min-words": 12, "corpus": ""}
    with pytest.raises(ConfigError, match="unknown key 'min_words' in \\[duplicates\\]"):
        build_settings({"duplicates": {"min_words": 12}}, "x.toml", specs)
    with pytest.raises(ConfigError, match="'duplicates.min-words' must be an integer"):
        build_settings({"duplicates": {"min-words": "12"}}, "x.toml", specs)


def test_per_file_ignores(tmp_path):
    proj = project(
        tmp_path,
        '[per-file-ignores]\n"legal/*.md" = ["EXG01"]\n"*.txt" = ["magic-word"]\n',
        {"legal/terms.md": "XYZZY\n", "news/a.md": "XYZZY\n", "notes.txt": "XYZZY\n"},
    )
    lin = Linter(entry_points=False)
    codes = {
        name: [f.code for f in lin.lint_text("XYZZY\n", str(proj / name))]
        for name in ("legal/terms.md", "news/a.md", "notes.txt")
    }
    assert codes == {"legal/terms.md": [], "news/a.md": ["EXG01"], "notes.txt": []}
