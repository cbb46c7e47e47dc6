"""Every bookkeeping command: killed after each write (old or new, never half), the plan lock held
by another command, and no active plan. Nothing half-written, nothing written on a refusal."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from skill.plans.store import FAULT_EXIT_STATUS, Store
from tests.record.helpers import (
    APPROVAL,
    BASE_DECISION,
    PLAN_MD,
    cli,
    copy_project,
    explore,
    issues,
    ok,
    project,
    snapshot,
    to_execute,
    to_pivot,
    to_plan,
    to_reflect,
    tree_bytes,
)
from tests.support.git import commit_all


def execute_with_lockfile(root: Path) -> None:
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (root / "uv.lock").write_text("version = 1\n")
    (root / ".gitignore").write_text("uv.lock\n")
    commit_all(root, "python project")
    to_execute(root)


def reflect_filled(root: Path) -> None:
    to_reflect(root)
    ok(root, "verify", "run")
    ok(root, "verify", "set", "3", "PASS", "--evidence", "manual review — README.md says 2")
    ok(root, "verify", "check", "regression", "--result", "PASS", "--details", "3/3 green")
    ok(root, "verify", "check", "scope")


def plan_written(root: Path) -> None:
    plan_dir = to_plan(root)
    (plan_dir / "plan.md").write_text(PLAN_MD)


Setup = Callable[[Path], object]

CASES: list[tuple[str, Setup, tuple[str, ...]]] = [
    ("finding-add", explore, ("finding", "add", "Cache", "--summary", "ttl is 60 s")),
    ("finding-constraint", explore, ("finding", "constraint", "--kind", "HARD", "Python 3.10")),
    ("finding-correct", to_pivot, ("finding", "correct", "callers", "--note", "g calls f too")),
    ("decision-add", to_plan, ("decision", "add", *BASE_DECISION)),
    ("decision-add-pivot", to_pivot, ("decision", "add", "--kind", "pivot", *BASE_DECISION)),
    ("checkpoint", execute_with_lockfile, ("checkpoint", "--reason", "dependency bump", "--files", "pyproject.toml")),
    ("transition-execute", plan_written, ("transition", "EXECUTE", *APPROVAL)),
    ("verify-run", to_reflect, ("verify", "run")),
    ("verify-set", to_reflect, ("verify", "set", "3", "PASS", "--evidence", "manual review — README.md says 2")),
    ("verify-check", to_reflect, ("verify", "check", "diff", "--result", "PASS", "--details", "one line changed")),
    ("verify-scope", to_reflect, ("verify", "check", "scope")),
    ("verify-verdict", reflect_filled, ("verify", "verdict", "--recommend", "CLOSE")),
]
IDS = [name for name, _setup, _args in CASES]


def masked(root: Path) -> dict[str, str]:
    """The snapshot with the project path (of this copy or the one it was copied from) masked."""
    folder = re.compile(re.escape(str(root.parent)) + r"/[^/\s]+")
    return {name: folder.sub("<root>", text) for name, text in snapshot(root).items()}


@pytest.mark.parametrize(("name", "setup", "args"), CASES, ids=IDS)
def test_killed_after_each_write_leaves_each_file_old_or_new(tmp_path, name, setup, args):
    base = project(tmp_path / "base")
    setup(base)
    old = masked(base)
    reference = copy_project(base, tmp_path / "reference")
    ok(reference, *args)
    new = masked(reference)
    changed = {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
    assert changed, name
    errors = {issue for issue in issues(base) | issues(reference) if issue[0] == "ERROR"}
    killed = 0
    for k in range(1, 12):
        work = copy_project(base, tmp_path / f"k{k}")
        result = cli(work, *args, env_extra={"IP_FAULT_AFTER_WRITES": str(k)})
        now = masked(work)
        if result.returncode == 0:
            assert now == new
            break
        assert result.returncode == FAULT_EXIT_STATUS, result.stderr
        killed += 1
        assert set(now) <= set(old) | set(new), set(now) - set(old) - set(new)
        for key in changed:
            assert now.get(key) in (old.get(key), new.get(key)), (k, key)
        found = {issue for issue in issues(work) if issue[0] == "ERROR"}
        assert {(s, slug, m.replace(str(work), "")) for s, slug, m in found} <= {
            (s, slug, m.replace(str(base), "").replace(str(reference), "")) for s, slug, m in errors
        }, (k, found)
    else:
        raise AssertionError("the command never ran through")
    assert killed == len(changed)


def test_an_interrupted_transition_execute_keeps_its_checkpoint_when_run_again(tmp_path):
    base = project(tmp_path / "base")
    plan_written(base)
    plan_id = (base / "plans" / ".current_plan").read_text()
    for writes in range(1, 20):  # the first kill that leaves cp-000 written and state.md not yet
        work = copy_project(base, tmp_path / f"work-{writes}")
        result = cli(work, "transition", "EXECUTE", *APPROVAL, env_extra={"IP_FAULT_AFTER_WRITES": str(writes)})
        assert result.returncode == FAULT_EXIT_STATUS, result.stderr
        checkpoint = work / "plans" / plan_id / "checkpoints" / "cp-000-iter1.md"
        if checkpoint.is_file():
            break
    else:
        raise AssertionError("cp-000-iter1.md was never written before state.md")
    assert "# Current State: PLAN" in (work / "plans" / plan_id / "state.md").read_text()
    first = checkpoint.read_bytes()
    ok(work, "transition", "EXECUTE", *APPROVAL)
    assert (work / "plans" / plan_id / "checkpoints" / "cp-000-iter1.md").read_bytes() == first
    assert sorted(p.name for p in (work / "plans" / plan_id / "checkpoints").iterdir()) == ["cp-000-iter1.md"]


@pytest.mark.parametrize(("name", "setup", "args"), CASES, ids=IDS)
def test_refused_while_another_command_holds_the_plan_lock(tmp_path, name, setup, args):
    root = project(tmp_path / "proj")
    setup(root)
    plan_id = (root / "plans" / ".current_plan").read_text()
    with Store(root).plan_lock(plan_id):
        before = tree_bytes(root)
        result = cli(root, *args, env_extra={"IP_LOCK_TIMEOUT": "0.3"})
        assert result.returncode == 1, (name, result.stderr)
        assert "could not lock" in result.stderr and "Traceback" not in result.stderr
        assert tree_bytes(root) == before
    assert not (root / "late.txt").exists()


@pytest.mark.parametrize(("name", "setup", "args"), CASES, ids=IDS)
def test_no_active_plan(tmp_path, name, setup, args):
    root = project(tmp_path / "proj")
    result = cli(root, *args, "--json")
    assert result.returncode == 1, (name, result.stderr)
    assert "No active plan" in result.stderr and "Traceback" not in result.stderr
    assert '"ok": false' in result.stdout
    assert not (root / "plans").exists()
