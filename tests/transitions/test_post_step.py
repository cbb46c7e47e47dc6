"""`step next [--commit]` and `attempt --result failed [--reverted]` on a real git repository."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from skill.plans.store import FAULT_EXIT_STATUS
from tests.support.cli import run_cli
from tests.support.env import clean_env
from tests.support.git import commit_all, git
from tests.transitions.helpers import cli, ok, read, state_field, to_execute, tree_bytes

STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ|\b[0-9a-f]{7,40}\b|sha256:[0-9a-f]{64}")


@pytest.fixture
def repo(project: Path) -> Path:
    """A committed project in EXECUTE on step 1 of 3."""
    (project / "app").mkdir()
    (project / "app" / "settings.py").write_text("DEBUG = False\n")
    (project / "notes.txt").write_text("the user's own scratch file\n")  # untracked, never ours
    git(project, "add", "app")
    git(project, "commit", "-qm", "base")
    to_execute(project)
    return project


def refused(root: Path, *args: str, match: tuple[str, ...] = ()) -> str:
    before = tree_bytes(root)
    result = cli(root, *args)
    assert result.returncode == 1, (args, result.stdout, result.stderr)
    for text in (*match, "Nothing was written"):
        assert text in result.stderr, (text, result.stderr)
    assert tree_bytes(root) == before
    return result.stderr


def edit(root: Path, rel: str, text: str, reason: str = "change") -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    ok(root, "log-edit", "--file", rel, "--reason", reason)


def test_step_next_refuses_unlogged_changes_and_lists_the_log_edit_lines(repo: Path) -> None:
    edit(repo, "app/settings.py", "DEBUG = False\nTTL = 60\n")
    (repo / "app" / "extra.py").write_text("X = 1\n")
    err = refused(repo, "step", "next", match=("app/extra.py",))
    assert 'log-edit --file app/extra.py --reason "<why it changed>"' in err
    assert "notes.txt" not in err and "settings.py" not in err.split("does not list:")[1].split("\n")[0]
    assert cli(repo, "step", "next", "--force").returncode == 2  # --force needs --note: usage
    result = ok(repo, "step", "next", "--force", "--note", "generated file, kept out on purpose")
    assert "NOT LOGGED" in result.stderr
    manifest = read(repo, "state.md").split("## Change Manifest")[1].split("\n## ")[0]
    assert "- [ ] `app/extra.py` — NOT LOGGED (step 1, uncommitted; override: generated file, kept out on purpose)" in manifest
    assert "- [ ] `app/settings.py` — MODIFIED (step 1, uncommitted)" in manifest


def test_step_next_commit_commits_exactly_the_logged_files(repo: Path) -> None:
    plan_id = (repo / "plans" / ".current_plan").read_text()
    edit(repo, "app/settings.py", "DEBUG = False\nTTL = 60\n")
    edit(repo, "app/ttl.py", "def ttl():\n    return 60\n")
    (repo / "app" / "staged.py").write_text("S = 1\n")
    git(repo, "add", "app/staged.py")  # the user's staged work: not this step's
    ok(repo, "log-edit", "--file", "app/staged.py", "--reason", "x", "--step", "iter-1/step-9")  # another step's line
    refused(repo, "step", "next", "--commit", "ttl setting", match=("app/staged.py",))
    result = ok(repo, "step", "next", "--commit", "ttl setting", "--force", "--note", "user's file")
    tag = re.sub(r"T\d{6}", "", plan_id)
    assert git(repo, "log", "-1", "--format=%s").strip() == f"[{tag}/iter-1/step-1] ttl setting"
    assert sorted(git(repo, "show", "--name-only", "--format=", "HEAD").split()) == ["app/settings.py", "app/ttl.py"]
    assert "A  app/staged.py" in git(repo, "status", "--porcelain")  # still staged, not committed
    short = git(repo, "rev-parse", "--short=7", "HEAD").strip()
    assert f"Committed {short}" in result.stdout
    progress = read(repo, "progress.md")
    assert f"- [x] iter-1/step-1: Add SESSION_TTL to settings [RISK: low] (commit {short})" in progress
    assert "- [ ] iter-1/step-2: Check expiry" in progress.split("## In Progress")[1].split("## Remaining")[0]
    manifest = read(repo, "state.md").split("## Change Manifest")[1].split("\n## ")[0]
    assert f"- [x] `app/ttl.py` — CREATED (step 1, committed {short})" in manifest
    plan = read(repo, "plan.md")
    assert "- Files added: 2/3 max" in plan  # ttl.py and the staged file (git sees it added)
    assert "- Lines added vs removed: +4/-0" in plan
    assert "1. [x] Add SESSION_TTL" in plan and "2. [ ] Check expiry in the middleware [RISK: medium] [deps: 1] ← CURRENT" in plan
    changelog = read(repo, "changelog.md")  # the step's lines name its commit; another step's line is left alone
    assert re.search(rf"^\S+ \| iter-1/step-1 \| {short} \| app/ttl\.py \| ", changelog, re.M)
    assert not re.search(r"\| iter-1/step-1 \| uncommitted \|", changelog)
    assert re.search(r"\| iter-1/step-9 \| uncommitted \| app/staged\.py \|", changelog)
    # nothing of this step left to commit
    refused(repo, "step", "next", "--commit", "again", match=("none of the files step 2 logged",))


def test_step_next_commit_outside_git_is_refused(project: Path) -> None:
    shutil.rmtree(project / ".git")
    to_execute(project)
    refused(project, "step", "next", "--commit", "x", match=("not in a git work tree",))
    result = ok(project, "step", "next")
    assert "not a git work tree" in result.stderr


def snapshot(root: Path) -> dict[str, str]:
    out = {}
    for path in sorted((root / "plans").rglob("*")):
        if path.is_file() and path.name != ".lock":
            out[str(path.relative_to(root))] = STAMP.sub("<x>", path.read_text())
    return out


@pytest.mark.parametrize("args", [
    ("step", "next", "--commit", "ttl setting"),
    ("attempt", "--what", "bad idea", "--result", "failed", "--why", "tests red", "--reverted"),
])
def test_killed_after_each_write_then_rerun_gives_the_same_result(repo: Path, tmp_path: Path, args: tuple[str, ...]) -> None:
    edit(repo, "app/settings.py", "DEBUG = False\nTTL = 60\n")
    if args[0] == "attempt":
        git(repo, "checkout", "--", "app/settings.py")
    reference = tmp_path / "reference"
    shutil.copytree(repo, reference, symlinks=True)
    assert run_cli(reference, *args).returncode == 0
    expected = snapshot(reference)
    killed = 0
    for k in range(1, 20):
        work = tmp_path / f"k{k}"
        shutil.copytree(repo, work, symlinks=True)
        before = {name: (work / name).read_bytes() for name in tree_bytes(work)}
        result = run_cli(work, *args, env=clean_env(IP_FAULT_AFTER_WRITES=str(k)))
        if result.returncode == 0:
            break
        assert result.returncode == FAULT_EXIT_STATUS, result.stderr
        killed += 1
        for name, data in tree_bytes(work).items():  # each file old or new, never half
            assert name not in before or data == before[name] or data == (reference / name).read_bytes() or \
                STAMP.sub("<x>", data.decode()) == expected.get(name), name
        if snapshot(work) != expected:  # killed before its last write: running it again finishes it
            assert run_cli(work, *args).returncode == 0, "the rerun must finish the interrupted command"
        assert snapshot(work) == expected
    assert killed >= 3


def test_failed_attempt_records_decision_reverts_and_leash_hit(repo: Path) -> None:
    edit(repo, "app/settings.py", "DEBUG = False\nTTL = 'x'\n", "ttl as a string")
    edit(repo, "app/new.py", "Y = 2\n", "helper")
    refused(repo, "attempt", "--what", "string ttl", "--result", "failed", "--reverted",
            match=("still differ from the step's start: app/new.py, app/settings.py",))
    git(repo, "checkout", "--", "app/settings.py")
    (repo / "app" / "new.py").unlink()
    result = ok(repo, "attempt", "--what", "string ttl", "--result", "failed", "--reverted", "--why", "TypeError")
    assert "D-001" in result.stdout
    decisions = read(repo, "decisions.md")
    assert "## D-001 | EXECUTE |" in decisions
    assert "**Context**: Step 1, attempt 1 failed: string ttl" in decisions
    assert "**What Failed**: TypeError" in decisions and "**Area**: `app/settings.py`, `app/new.py`" in decisions
    assert "**Trade-off**: a known-good tree **at the cost of** the work of this attempt" in decisions
    lines = [line for line in read(repo, "changelog.md").splitlines() if "REVERT(" in line]
    assert [line.split(" | ")[3:5] for line in lines] == [["app/settings.py", "REVERT(app/settings.py)"],
                                                          ["app/new.py", "REVERT(app/new.py)"]]
    assert all(line.split(" | ")[6:] == ["D-001", "revert: string ttl"] for line in lines)
    manifest = read(repo, "state.md").split("## Change Manifest")[1].split("\n## ")[0]
    assert "- [ ] `app/new.py` — REVERTED (step 1, attempt 1)" in manifest
    assert cli(repo, "validate-plan", "--pre-step").stdout.strip() == "GATE:PASS"
    # second failure: no files logged since the revert, no REVERT lines; the leash-hit line
    result = ok(repo, "attempt", "--what", "int ttl", "--result", "failed", "--reverted")
    assert "- Step 1, attempt 2: int ttl → failed, reverted" in read(repo, "state.md")
    assert "- Step 1: LEASH HIT. 2 attempts recorded;" in read(repo, "state.md")
    assert "leash-cap" in result.stderr
    assert len([line for line in read(repo, "changelog.md").splitlines() if "REVERT(" in line]) == 2
    assert "**What Failed**: no reason was given (--why)" in read(repo, "decisions.md")
    issues = cli(repo, "validate-plan").stdout
    assert "ERROR" not in issues and "WARN  [changelog" not in issues and "WARN  [decisions" not in issues


def test_three_strikes_warn(repo: Path) -> None:
    for n in range(3):
        edit(repo, "app/settings.py", f"DEBUG = {n}\n", f"try {n}")
        git(repo, "checkout", "--", "app/settings.py")
        result = ok(repo, "attempt", "--what", f"try {n}", "--result", "failed", "--reverted")
        if n < 2:
            ok(repo, "transition", "REFLECT") if n == 1 else None
            if n == 1:
                ok(repo, "transition", "EXECUTE", "--user", "try once more")
    assert "3-STRIKE on app/settings.py" in result.stderr


def test_leash_cannot_be_walked_around(repo: Path) -> None:
    ok(repo, "attempt", "--what", "a", "--result", "failed")
    ok(repo, "attempt", "--what", "b", "--result", "failed")
    gate = lambda: cli(repo, "validate-plan", "--pre-step").stdout.strip()  # noqa: E731
    assert gate() == "GATE:FAIL [leash-cap] attempts=2 cap=2"
    refused(repo, "step", "set", "2", match=("Autonomy Leash",))
    refused(repo, "step", "next", match=("Autonomy Leash",))
    refused(repo, "attempt", "--what", "c", "--result", "passed", match=("[leash-cap]",))
    ok(repo, "step", "set", "1")  # the same step: allowed, and the count stays
    assert gate() == "GATE:FAIL [leash-cap] attempts=2 cap=2 archived=2"
    ok(repo, "bootstrap", "reset-attempts")
    assert gate() == "GATE:FAIL [leash-cap] attempts=2 cap=2 archived=2"
    refused(repo, "transition", "EXECUTE", "--user", "x", match=("already in EXECUTE",))
    ok(repo, "transition", "REFLECT")
    ok(repo, "bootstrap", "reset-attempts")
    refused(repo, "transition", "EXECUTE", match=("[user]",))
    ok(repo, "transition", "EXECUTE", "--user", "continue with a smaller fix")
    assert gate() == "GATE:PASS"
    assert state_field(repo, "## Iteration:") == "1"
    history = read(repo, "state.md").split("## Fix Attempt History")[1].split("\n## ")[0]
    assert re.search(r'^- iter-1 \| reopened \S+ \| REFLECT to EXECUTE, user: "continue with a smaller fix"$', history, re.M)
    assert history.count("- Step 1, attempt") == 2  # never deleted


def test_next_command_follows_the_step(repo: Path) -> None:
    def next_line() -> str:
        out = cli(repo, "emit-state", "--state", "execute").stdout
        return next(line for line in out.splitlines() if line.startswith("Next:"))

    assert "carry out step 1" in next_line()
    (repo / "app" / "settings.py").write_text("DEBUG = True\n")
    assert "log-edit --file app/settings.py" in next_line()
    ok(repo, "log-edit", "--file", "app/settings.py", "--reason", "x")
    assert 'step next --commit "<what step 1 did>"' in next_line()
    commit_all(repo, "by hand")  # a commit the step did not make does not change the advice
    assert "step next" in next_line()


def test_untracked_tool_output_is_not_a_change(repo: Path) -> None:
    edit(repo, "app/settings.py", "DEBUG = True\n")
    (repo / "app" / "__pycache__").mkdir()
    (repo / "app" / "__pycache__" / "settings.cpython-311.pyc").write_bytes(b"\0\1")
    (repo / ".pytest_cache").mkdir()
    (repo / ".pytest_cache" / "README.md").write_text("cache\n")
    ok(repo, "step", "next", "--commit", "debug on")
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == ["app/settings.py"]
