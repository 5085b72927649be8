"""The pre-commit hooks, run for real.

A snapshot of this working tree (tracked and untracked-but-not-ignored files, so
uncommitted changes are tested too) is committed to a temporary git repository; content
repositories reference it by path and commit in their ``.pre-commit-config.yaml``, and
``pre-commit run`` builds the hook environment from it with pip, exactly as a user's
machine would. One PRE_COMMIT_HOME per test module: the environment is built once.

Expected findings come from the real CLI run on the same files, never hard-coded.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytest.importorskip("pre_commit")

GIT_ENV = {
    "GIT_AUTHOR_NAME": "newslint tests",
    "GIT_AUTHOR_EMAIL": "tests@example.invalid",
    "GIT_COMMITTER_NAME": "newslint tests",
    "GIT_COMMITTER_EMAIL": "tests@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}

CLEAN_MD = textwrap.dedent(
    """\
    ---
    title: "Ferry timetable changes for the summer"
    date: 2024-06-01
    author: "Tomasz Kowal"
    ---

    Ferries between the two islands will run every hour from the first of July, the
    operator said on Monday.

    The company said the extra crossings would be paid for by the regional government.
    """
)

CLEAN_TOML_MD = textwrap.dedent(
    """\
    +++
    title = "New cycle lanes open in the old town"
    date = 2024-04-20
    +++

    Two new cycle lanes opened on Saturday along the river, the council said.

    Work on a third lane will start in the autumn.
    """
)

CLEAN_TXT = (
    "The museum will reopen its east wing next week after repairs to the roof.\n\n"
    "Visitors can book tickets online or buy them at the door.\n"
)

PROBE_PLUGIN = '''
import re

from newslint import Rule, hookimpl


class HouseTypo(Rule):
    """House style probe: the typo "teh" (safe fix: "the")."""

    code = "XH001"
    name = "house-teh"
    category = "house"
    summary = "The typo 'teh'"
    fixable = True

    def check(self, doc, settings):
        for block in doc.blocks:
            for m in re.finditer(r"\\bteh\\b", block.text):
                s, e = block.span(m.start(), m.end())
                yield self.finding(
                    doc, s, e, "typo 'teh'", fix=self.fix(doc, "replace with 'the'", [(s, e, "the")])
                )


@hookimpl
def newslint_rules():
    return [HouseTypo()]
'''


def git(*args: str, cwd: Path) -> str:
    env = {**os.environ, **GIT_ENV}
    proc = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr}"
    return proc.stdout


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    """This working tree committed into a temporary repository: (path, commit)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
    )
    if listing.returncode != 0:
        pytest.skip(f"{ROOT} is not a git work tree")
    dest = tmp_path_factory.mktemp("hook-repo")
    for rel in sorted({p for p in listing.stdout.decode().split("\0") if p}):
        src = ROOT / rel
        if not src.exists() or src.is_dir():
            continue  # deleted in the work tree, or a submodule
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target, follow_symlinks=False)
    assert (dest / ".pre-commit-hooks.yaml").is_file()
    git("init", "-q", cwd=dest)
    git("add", "-A", cwd=dest)
    git("commit", "-q", "-m", "snapshot of the newslint work tree", cwd=dest)
    return dest, git("rev-parse", "HEAD", cwd=dest).strip()


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def content_repo(tmp_path, hook_repo):
    """Make a content repository: files (str or bytes) plus a pre-commit config."""

    def make(
        files: dict[str, str | bytes], hooks=("newslint",), args: list[str] | None = None
    ) -> Path:
        repo = tmp_path / "content-repo"
        repo.mkdir()
        git("init", "-q", cwd=repo)
        path, rev = hook_repo
        hook_lines = "".join(
            f"      - id: {h}\n" + (f"        args: {json.dumps(args)}\n" if args else "")
            for h in hooks
        )
        (repo / ".pre-commit-config.yaml").write_text(
            f"repos:\n  - repo: {path}\n    rev: {rev}\n    hooks:\n{hook_lines}", encoding="utf-8"
        )
        for rel, data in files.items():
            target = repo / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                target.write_bytes(data)
            else:
                target.write_text(data, encoding="utf-8")
        git("add", "-A", cwd=repo)
        return repo

    return make


#: pip's messages when the package index cannot be reached (the hook env is built from it).
OFFLINE = (
    "Temporary failure in name resolution",
    "Failed to establish a new connection",
    "Network is unreachable",
)


def pre_commit(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    env.pop("PRE_COMMIT_COLOR", None)
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--color", "never", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    if proc.returncode == 3:  # pre-commit's own error: building the environment failed
        log = home / "pre-commit.log"
        text = (
            proc.stdout + proc.stderr + (log.read_text(errors="replace") if log.is_file() else "")
        )
        if any(marker in text for marker in OFFLINE):
            pytest.skip("the package index is unreachable: pre-commit cannot build the hook env")
    return proc


def hook_newslint(home: Path) -> str:
    """The ``newslint`` command pre-commit installed for the hooks (same code as the hooks
    run, unlike the live work tree, which other work may change during the test)."""
    found = sorted(home.glob("repo*/py_env-*/bin/newslint")) + sorted(
        home.glob("repo*/py_env-*/Scripts/newslint.exe")
    )
    assert len(found) == 1, f"expected one hook environment in {home}, found {found}"
    return str(found[0])


def cli_json(repo: Path, home: Path, *paths: str) -> list[dict]:
    proc = subprocess.run(
        [hook_newslint(home), "--format", "json", *paths],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr, proc.stderr
    return json.loads(proc.stdout)


def content_files(repo: Path) -> list[str]:
    """The files the hooks select, as pre-commit passes them (relative paths)."""
    names = git("ls-files", cwd=repo).split()
    return [n for n in names if n.endswith((".md", ".markdown", ".txt"))]


def test_hook_blocks_a_garbled_article(content_repo, pre_commit_home, shared_dir, seed_text):
    files: dict[str, str | bytes] = {
        "content/ferries.md": CLEAN_MD,
        # The reference article, as it reached a content repository (written to a
        # temporary repository only).
        "content/un-report.txt": seed_text,
        # Latin-1 bytes in a Markdown file: unreadable as UTF-8 (NL901).
        "content/cafe.md": "---\ntitle: Caf\xe9 reopens\n---\n\nThe caf\xe9 reopened.\n".encode(
            "latin-1"
        ),
        "scripts/build.py": "print('not content: never linted')\n",
    }
    repo = content_repo(files)
    proc = pre_commit(repo, pre_commit_home, "--all-files")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "newslint" in out and "Failed" in out and "Traceback" not in out, out
    expected = cli_json(repo, pre_commit_home, *content_files(repo))
    assert expected, "the CLI finds nothing in the garbled repository"
    assert {f["code"] for f in expected} >= {"NL901"}
    for f in expected:  # every finding is reported by the hook, at the same place
        assert f"{f['path']}:{f['line']}:{f['column']}: {f['code']} " in out, (f, out)
    assert "scripts/build.py" not in out
    seed_findings = [f for f in expected if f["path"] == "content/un-report.txt"]
    if not seed_findings:
        pytest.skip("no rule fires on the reference article yet (NL901 blocked the run)")


def test_hook_passes_a_clean_repository(content_repo, pre_commit_home):
    repo = content_repo(
        {
            "content/ferries.md": CLEAN_MD,
            "content/cycle-lanes.md": CLEAN_TOML_MD,
            "content/museum.txt": CLEAN_TXT,
            "README.rst": "Not matched by the hook: garbled text. here is fine.\n",
        }
    )
    proc = pre_commit(repo, pre_commit_home, "--all-files")
    out = proc.stdout + proc.stderr
    assert cli_json(repo, pre_commit_home, *content_files(repo)) == []
    assert proc.returncode == 0, out
    assert "newslint" in out and "Passed" in out and "Traceback" not in out, out


def test_fix_hook_modifies_files_and_fails_then_passes(content_repo, pre_commit_home):
    """newslint-fix applies safe fixes (here from a local plugin named in newslint.toml,
    which also shows that config and plugins are found in hook mode); the modified file
    fails the run; once staged, the next run passes."""
    garbled = CLEAN_MD.replace("said the extra", "said teh extra")
    assert garbled != CLEAN_MD
    repo = content_repo(
        {
            "newslint.toml": 'plugins = ["house_rules"]\n',
            "house_rules.py": PROBE_PLUGIN,
            "content/ferries.md": garbled,
            "content/museum.txt": CLEAN_TXT,
        },
        hooks=("newslint-fix",),
    )
    proc = pre_commit(repo, pre_commit_home, "--all-files")
    out = proc.stdout + proc.stderr
    # What the hook saw before fixing (recomputed on the original text):
    (repo / "before.md").write_text(garbled, encoding="utf-8")
    before = cli_json(repo, pre_commit_home, "before.md")
    (repo / "before.md").unlink()
    assert [f["code"] for f in before] == ["XH001"]
    assert proc.returncode == 1, out
    assert "files were modified by this hook" in out, out
    assert (repo / "content" / "ferries.md").read_text(encoding="utf-8") == CLEAN_MD
    assert (repo / "content" / "museum.txt").read_text(encoding="utf-8") == CLEAN_TXT
    git("add", "-A", cwd=repo)
    again = pre_commit(repo, pre_commit_home, "--all-files")
    assert again.returncode == 0, again.stdout + again.stderr


def test_fix_hook_matches_cli_fix_on_reference_article(
    content_repo, pre_commit_home, seed_text, tmp_path
):
    """Whatever safe fixes newslint has for the reference article, the hook applies the
    same ones as ``newslint --fix``."""
    repo = content_repo({"un-report.txt": seed_text}, hooks=("newslint-fix",))
    proc = pre_commit(repo, pre_commit_home, "--all-files")
    copy_dir = tmp_path / "cli-copy"
    copy_dir.mkdir()
    (copy_dir / "un-report.txt").write_text(seed_text, encoding="utf-8")
    findings = cli_json(copy_dir, pre_commit_home, "un-report.txt")
    if not any(f["fix"] and f["fix"]["applicability"] == "safe" for f in findings):
        pytest.skip("no safe fix for the reference article yet")
    subprocess.run(
        [hook_newslint(pre_commit_home), "--fix", "un-report.txt"],
        cwd=copy_dir,
        capture_output=True,
        timeout=600,
    )
    cli_fixed = (copy_dir / "un-report.txt").read_text(encoding="utf-8")
    assert cli_fixed != seed_text
    assert proc.returncode == 1
    assert "files were modified by this hook" in proc.stdout + proc.stderr
    assert (repo / "un-report.txt").read_text(encoding="utf-8") == cli_fixed


def test_hook_sees_cross_file_duplicates_in_one_run(content_repo, pre_commit_home):
    """With require_serial the hook lints all files of a run in one process, so corpus
    rules (cross-file duplicates) see them together: the hook reports exactly what the
    CLI reports for the same files."""
    paragraph = (
        "The port authority said on Wednesday that container traffic had risen by a fifth "
        "in the first quarter, helped by new routes to the south and a larger crane fleet "
        "that shortened the time ships spend at the quay."
    )
    a = f'---\ntitle: "Port traffic rises"\ndate: 2024-04-10\n---\n\n{paragraph}\n'
    b = f'---\ntitle: "Quarterly port figures"\ndate: 2024-04-11\n---\n\n{paragraph}\n'
    repo = content_repo({"content/a.md": a, "content/b.md": b})
    proc = pre_commit(repo, pre_commit_home, "--all-files")
    out = proc.stdout + proc.stderr
    expected = cli_json(repo, pre_commit_home, *content_files(repo))
    for f in expected:
        assert f"{f['path']}:{f['line']}:{f['column']}: {f['code']} " in out, (f, out)
    cross = [f for f in expected if any(r["path"] != f["path"] for r in f["related"])]
    if not cross:
        pytest.skip("no cross-file duplicate rule fires yet")
    assert proc.returncode == 1


def test_corpus_mode_finds_a_copy_of_a_committed_article(content_repo, pre_commit_home):
    """With ``[duplicates] corpus`` set, a commit of one new file is compared with the
    articles already in the repository (pre-commit passes only the staged file)."""
    paragraph = (
        "Volunteers planted four hundred oak and beech saplings along the northern bank on "
        "Sunday, the river trust said, as part of a plan to shade the water and cool it for "
        "the trout that spawn there each winter."
    )
    old = f'---\ntitle: "Trees for the river"\ndate: 2024-02-04\n---\n\n{paragraph}\n'
    new = (
        '---\ntitle: "River planting weekend"\ndate: 2024-03-10\n---\n\n'
        "The planting continues next month.\n\n"
        f"{paragraph}\n"
    )
    repo = content_repo(
        {"newslint.toml": '[duplicates]\ncorpus = "content/"\n', "content/2024/trees.md": old}
    )
    git("commit", "-q", "-m", "older article", cwd=repo)
    (repo / "content" / "2024" / "planting.md").write_text(new, encoding="utf-8")
    git("add", "content/2024/planting.md", cwd=repo)
    proc = pre_commit(repo, pre_commit_home)  # staged files only
    out = proc.stdout + proc.stderr
    expected = cli_json(repo, pre_commit_home, "content/2024/planting.md")
    for f in expected:
        assert f"{f['path']}:{f['line']}:{f['column']}: {f['code']} " in out, (f, out)
    cross = [
        f
        for f in expected
        if any(r["path"].endswith("content/2024/trees.md") for r in f["related"])
    ]
    if not cross:
        pytest.skip("no cross-file duplicate rule with corpus mode yet")
    assert proc.returncode == 1, out
    assert "content/2024/trees.md" not in {f["path"] for f in expected}
