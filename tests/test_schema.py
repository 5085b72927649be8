"""docs/findings.schema.json (JSON Schema draft 2020-12) against real CLI output.

Every document that ``newslint --format json`` prints, and every line of ``--format
jsonl``, must validate; the two formats carry the same objects. The inputs cover the
reference article, the clean corpus, an undecodable file, an unused suppression, stdin,
and a local plugin whose findings carry related locations and safe/unsafe fixes, so
every branch of the schema is exercised by output newslint really produced.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import textwrap
from pathlib import Path

import pytest

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_PATH = ROOT / "docs" / "findings.schema.json"

PLUGIN = '''
import re

from newslint import Rule, hookimpl


class Shouting(Rule):
    """Schema probe: a word in capitals repeated later (related location, safe fix)."""

    code = "XS001"
    name = "schema-probe"
    category = "probe"
    summary = "Probe"
    fixable = True

    def check(self, doc, settings):
        seen = {}
        for block in doc.blocks:
            for m in re.finditer(r"\\b[A-Z]{5,}\\b", block.text):
                s, e = block.span(m.start(), m.end())
                word = m.group()
                related = [doc.location(*seen[word], "first shout")] if word in seen else []
                seen.setdefault(word, (s, e))
                yield self.finding(
                    doc, s, e, f"shouting: {word}", related=related,
                    fix=self.fix(doc, "lower the case", [(s, e, word.lower())]),
                )
            for m in re.finditer(r"!!+", block.text):
                s, e = block.span(m.start(), m.end())
                yield self.finding(
                    doc, s, e, "repeated exclamation marks",
                    fix=self.fix(doc, "keep one", [(s + 1, e, ""), (s, s + 1, "!")], unsafe=True),
                )


@hookimpl
def newslint_rules():
    return [Shouting()]
'''


@pytest.fixture(scope="module")
def snapshot_env(tmp_path_factory) -> dict[str, str]:
    """Every CLI run of this module uses one copy of the package (laid out as the wheel
    installs it): edits to the work tree during the run cannot make json and jsonl differ."""
    snap = tmp_path_factory.mktemp("newslint-snapshot")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "src" / "newslint", snap / "newslint", ignore=ignore)
    if (ROOT / "rules").is_dir() and not (snap / "newslint" / "_packs").exists():
        shutil.copytree(ROOT / "rules", snap / "newslint" / "_packs", ignore=ignore)
    return {
        "PYTHONPATH": os.pathsep.join(p for p in (str(snap), os.environ.get("PYTHONPATH")) if p)
    }


@pytest.fixture
def cli(run_cli, snapshot_env):
    def run(*args, cwd=None, input=None):
        return run_cli(*args, cwd=cwd, input=input, env=snapshot_env)

    return run


@pytest.fixture(scope="module")
def schema() -> dict:
    data = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(data)
    return data


@pytest.fixture(scope="module")
def validator(schema):
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="module")
def line_validator(schema):
    """Validates one finding (a jsonl line) against #/$defs/finding."""
    sub = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/finding"}
    return jsonschema.Draft202012Validator(sub)


def check_json(run, validator, *args, cwd=None, input=None) -> tuple[list[dict], int]:
    out = run("--format", "json", *args, cwd=cwd, input=input)
    assert out.returncode in (0, 1) and b"Traceback" not in out.stderr, out.stderr.decode()
    data = json.loads(out.stdout)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    check_order(data)
    return data, out.returncode


def check_order(data: list[dict]) -> None:
    for f in data:  # what a schema cannot say: ends do not precede starts
        assert (f["end_line"], f["end_column"]) >= (f["line"], f["column"]), f
        for r in f["related"]:
            assert (r["end_line"], r["end_column"]) >= (r["line"], r["column"]), r
        for e in (f["fix"] or {}).get("edits", []):
            assert (e["end_line"], e["end_column"]) >= (e["line"], e["column"]), e


def check_both_formats(run, validator, line_validator, *args, cwd=None, input=None) -> list[dict]:
    data, code = check_json(run, validator, *args, cwd=cwd, input=input)
    lines = run("--format", "jsonl", *args, cwd=cwd, input=input)
    assert lines.returncode == code and b"Traceback" not in lines.stderr, lines.stderr.decode()
    objects = []
    for raw in lines.stdout.decode("utf-8").splitlines():
        obj = json.loads(raw)
        errs = list(line_validator.iter_errors(obj))
        assert not errs, f"{raw}: {errs[0].message}"
        objects.append(obj)
    # The same objects, one per line. jsonl streams each file's findings as soon as the
    # file is done (cross-file findings last), so only json promises the global order.
    canon = lambda objs: sorted(json.dumps(o, sort_keys=True) for o in objs)  # noqa: E731
    assert canon(objects) == canon(data)
    keys = [(f["path"], f["line"], f["column"], f["code"], f["message"]) for f in data]
    assert keys == sorted(keys)
    return data


def test_schema_is_draft_2020_12_and_versioned(schema):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "schema version 1." in schema["title"]
    assert set(schema["$defs"]["finding"]["required"]) == set(
        schema["$defs"]["finding"]["properties"]
    )


def test_reference_article_output_validates(cli, validator, line_validator, seed_text, tmp_path):
    for name in ("un-report.txt", "un-report.md"):
        (tmp_path / name).write_text(seed_text, encoding="utf-8")
    data = check_both_formats(cli, validator, line_validator, ".", "--isolated", cwd=tmp_path)
    if not data:
        pytest.skip("no rule fires on the reference article yet")


def test_probe_plugin_output_validates_related_and_fixes(cli, validator, line_validator, tmp_path):
    (tmp_path / "newslint.toml").write_text('plugins = ["schema_probe"]\n', encoding="utf-8")
    (tmp_path / "schema_probe.py").write_text(PLUGIN, encoding="utf-8")
    (tmp_path / "storm.md").write_text(
        textwrap.dedent(
            """\
            ---
            title: "Storm warning"
            date: 2024-01-09
            ---

            The coast guard issued a WARNING on Tuesday!! Ferries stayed in port.

            A second WARNING followed in the evening.
            """
        ),
        encoding="utf-8",
    )
    data = check_both_formats(cli, validator, line_validator, "storm.md", cwd=tmp_path)
    probe = [f for f in data if f["message"].startswith("shouting")]
    assert len(probe) == 2 and probe[1]["related"] and probe[0]["fix"]["applicability"] == "safe"
    bangs = [f for f in data if f["message"] == "repeated exclamation marks"]
    assert (
        bangs
        and bangs[0]["fix"]["applicability"] == "unsafe"
        and len(bangs[0]["fix"]["edits"]) == 2
    )


def test_internal_findings_and_stdin_validate(cli, validator, line_validator, tmp_path):
    (tmp_path / "latin1.md").write_bytes("Caf\xe9 au lait.\n".encode("latin-1"))
    (tmp_path / "binary.txt").write_bytes(b"PK\x03\x04\x00\x00binary")
    (tmp_path / "stale.md").write_text(
        "<!-- newslint-disable-next-line NL901 -->\nA quiet line with nothing to suppress.\n",
        encoding="utf-8",
    )
    data = check_both_formats(cli, validator, line_validator, ".", "--isolated", cwd=tmp_path)
    codes = {f["code"] for f in data}
    assert "NL901" in codes and "NL903" in codes
    stdin = check_both_formats(
        cli,
        validator,
        line_validator,
        "--isolated",
        "--stdin-filename",
        "from-editor.md",
        "-",
        cwd=tmp_path,
        input="<!-- newslint-disable-next-line NL901 -->\nNothing here.\n",
    )
    assert [f["path"] for f in stdin] == ["from-editor.md"]


def test_corpus_output_validates(cli, validator, shared_dir):
    """A sample of the clean corpus: every 8th article of each blog (one run, json only;
    the whole corpus takes about a minute and validates the same way)."""
    corpus = shared_dir / "corpus"
    if not corpus.is_dir():
        pytest.skip(f"{corpus} is absent")
    files = sorted(p for p in corpus.rglob("*") if p.suffix in (".md", ".markdown", ".txt"))
    sample = [str(p) for p in files[::8]]
    assert sample, f"no articles under {corpus}"
    check_json(cli, validator, *sample, "--isolated", "--no-cache")


@pytest.mark.parametrize(
    "mutate",
    [
        lambda f: f.update(column=0),
        lambda f: f.update(severity="fatal"),
        lambda f: f.pop("url"),
        lambda f: f.update(extra=1),
        lambda f: f.update(fix={"applicability": "safe", "message": "x", "edits": []}),
        lambda f: f.update(related=[{"path": "a.md", "line": 1, "column": 1}]),
        lambda f: f.update(line="3"),
    ],
    ids=[
        "column-0",
        "severity",
        "missing-url",
        "extra-key",
        "no-edits",
        "short-location",
        "string-line",
    ],
)
def test_schema_rejects_malformed_findings(validator, mutate):
    good = {
        "path": "content/a.md",
        "code": "NL401",
        "name": "gender-slip",
        "category": "reference",
        "severity": "warning",
        "message": "pronoun does not match the speaker",
        "line": 1,
        "column": 6852,
        "end_line": 1,
        "end_column": 6860,
        "related": [
            {
                "path": "content/a.md",
                "line": 1,
                "column": 5210,
                "end_line": 1,
                "end_column": 5227,
                "message": "speaker",
            }
        ],
        "fix": None,
        "url": "https://example.org/rules#nl401",
    }
    assert validator.is_valid([good])
    bad = copy.deepcopy(good)
    mutate(bad)
    assert not validator.is_valid([bad])
