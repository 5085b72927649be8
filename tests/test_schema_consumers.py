"""The documented consumers of the JSON output, run on real output.

- docs/ci.md: the GitLab Code Quality conversion script.
- docs/json.md: the snippet that validates jsonl output line by line.

Both are taken from the documentation as written.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def python_block(doc: Path, marker: str) -> str:
    blocks = re.findall(r"```python\n(.*?)```", doc.read_text(encoding="utf-8"), flags=re.S)
    found = [b for b in blocks if marker in b]
    assert len(found) == 1, f"{doc.name}: expected one python block containing {marker!r}"
    return found[0]


@pytest.fixture
def garbled_repo(tmp_path, seed_text) -> Path:
    repo = tmp_path / "site"
    (repo / "content").mkdir(parents=True)
    (repo / "content" / "un-report.md").write_text(seed_text, encoding="utf-8")
    (repo / "content" / "latin1.md").write_bytes("Caf\xe9.\n".encode("latin-1"))
    return repo


def test_gitlab_code_quality_conversion(garbled_repo, run_cli):
    script = garbled_repo / "newslint-codequality.py"
    script.write_text(python_block(DOCS / "ci.md", "Code Quality report"), encoding="utf-8")
    out = run_cli("--format", "json", "--isolated", "content/", cwd=garbled_repo)
    assert out.returncode == 1 and b"Traceback" not in out.stderr, out.stderr.decode()
    (garbled_repo / "newslint.json").write_bytes(out.stdout)
    findings = json.loads(out.stdout)
    conv = subprocess.run(
        [sys.executable, str(script), "newslint.json"],
        cwd=garbled_repo,
        capture_output=True,
        timeout=60,
    )
    assert conv.returncode == 0, conv.stderr
    report = json.loads(conv.stdout)
    assert len(report) == len(findings) > 0
    fingerprints = [r["fingerprint"] for r in report]
    assert len(set(fingerprints)) == len(fingerprints)
    for r, f in zip(report, findings, strict=True):
        assert set(r) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert r["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert r["location"]["path"] == f["path"] and (garbled_repo / f["path"]).is_file()
        begin = r["location"]["positions"]["begin"]
        assert (begin["line"], begin["column"]) == (f["line"], f["column"])
        assert r["description"].startswith(f["code"])


def test_jsonl_validation_snippet(garbled_repo, run_cli):
    if not (DOCS / "findings.schema.json").is_file():
        pytest.fail("docs/findings.schema.json is missing")
    (garbled_repo / "docs").mkdir()
    shutil.copy(DOCS / "findings.schema.json", garbled_repo / "docs" / "findings.schema.json")
    out = run_cli("--format", "jsonl", "--isolated", "content/", cwd=garbled_repo)
    assert out.returncode == 1 and b"Traceback" not in out.stderr, out.stderr.decode()
    (garbled_repo / "findings.jsonl").write_bytes(out.stdout)
    snippet = garbled_repo / "validate.py"
    snippet.write_text(python_block(DOCS / "json.md", "Draft202012Validator"), encoding="utf-8")
    ok = subprocess.run(
        [sys.executable, str(snippet)], cwd=garbled_repo, capture_output=True, timeout=60
    )
    assert ok.returncode == 0, ok.stderr
    # and the snippet does reject a bad line
    lines = out.stdout.decode("utf-8").splitlines()
    bad = json.loads(lines[0])
    bad["severity"] = "fatal"
    (garbled_repo / "findings.jsonl").write_text(
        "\n".join([json.dumps(bad), *lines[1:]]) + "\n", encoding="utf-8"
    )
    rejected = subprocess.run(
        [sys.executable, str(snippet)], cwd=garbled_repo, capture_output=True, timeout=60
    )
    assert rejected.returncode != 0 and b"fatal" in rejected.stderr
