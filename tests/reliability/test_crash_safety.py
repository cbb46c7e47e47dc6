"""Kill lifecycle commands after every durable write step (IP_FAULT_AFTER_WRITES=K).

After each kill the user's next command must see the state before or finish the work, never a
half-merged file or a lost pointer, and the leftovers of the interrupted write are cleaned up.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from skill.plans.store import FAULT_EXIT_STATUS
from tests.lifecycle.helpers import bootstrap, new_plan, pointer, read, write
from tests.support.env import clean_env

STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
FINDINGS = "# Findings\n\n## Index\n- [Cache](findings/cache.md) — ttl\n\n## Key Constraints\n- keep it\n"


def snapshot(root: Path) -> dict[str, str]:
    files = {}
    for path in sorted((root / "plans").rglob("*")):
        if path.is_file() and path.name != ".lock":
            files[str(path.relative_to(root))] = STAMP.sub("<ts>", path.read_text(errors="replace"))
    return files


def leftovers(root: Path) -> list[Path]:
    """Temporary files, and lock files that are still held (a dead holder's lock is free)."""
    from skill.plans.store import locked

    found = [p for p in (root / "plans").rglob("*") if p.name.endswith(".iptmp")]
    for lock in (root / "plans").rglob(".lock"):
        with locked(lock, timeout=2):
            pass
    return found


def prepared(tmp_path: Path, name: str, project: Path) -> Path:
    target = tmp_path / name
    shutil.copytree(project, target, symlinks=True)
    return target


def kill_points(project: Path, tmp_path: Path, args: list[str]):
    """Yield (K, copy) for each K at which the command was killed, until it runs through."""
    for k in range(1, 40):
        work = prepared(tmp_path, f"k{k}", project)
        result = bootstrap(work, *args, env=clean_env(IP_FAULT_AFTER_WRITES=str(k)))
        if result.returncode == 0:
            return
        assert result.returncode == FAULT_EXIT_STATUS, result.stderr
        yield k, work
    raise AssertionError("command never completed")


def test_close_killed_at_every_step_is_finished_by_closing_again(project, tmp_path):
    plan = new_plan(project, "Cache profiles")
    write(project, f"plans/{plan}/findings.md", FINDINGS)
    write(project, f"plans/{plan}/decisions.md",
          read(project, f"plans/{plan}/decisions.md") + "\n## D-001 | EXPLORE → PLAN | 2026-11-01\n**Decision**: ttl 60s\n")
    reference = prepared(tmp_path, "ref", project)
    assert bootstrap(reference, "close").returncode == 0
    expected = snapshot(reference)
    killed = 0
    for _k, work in kill_points(project, tmp_path, ["close"]):
        killed += 1
        # never half-merged: each section at most once, files parse
        assert read(work, "plans/FINDINGS.md").count(f"## {plan}\n") <= 1
        assert read(work, "plans/INDEX.md").count(f"| {plan} |") <= 1
        if (work / "plans" / ".current_plan").exists():
            assert pointer(work) == plan
            assert bootstrap(work, "close").returncode == 0
        assert snapshot(work) == expected
        assert leftovers(work) == []
    assert killed >= 5


def test_new_force_killed_at_every_step_keeps_a_pointer(project, tmp_path):
    old = new_plan(project, "Old plan")
    write(project, f"plans/{old}/findings.md", FINDINGS)
    killed = 0
    for _k, work in kill_points(project, tmp_path, ["new", "--force", "New plan"]):
        killed += 1
        assert (work / "plans" / ".current_plan").exists(), "the pointer was lost"
        current = pointer(work)
        assert (work / "plans" / current / "state.md").is_file()
        result = bootstrap(work, "new", "--force", "New plan")
        assert result.returncode == 0, result.stderr
        active = pointer(work)
        assert active != old
        assert read(work, f"plans/{active}/state.md").startswith("# Current State: EXPLORE\n")
        assert read(work, f"plans/{old}/state.md").startswith("# Current State: CLOSE\n")
        assert read(work, "plans/FINDINGS.md").count(f"## {old}\n") == 1
        assert read(work, "plans/INDEX.md").count(f"| {old} |") == 1
        assert leftovers(work) == []
    assert killed >= 5


def test_retire_killed_at_every_step_completes_on_rerun(project, tmp_path):
    old = "plan_2026-03-01_cccccccc"
    write(project, f"plans/{old}/state.md", "# Current State: CLOSE\n")
    for n in range(3):
        write(project, f"src/m{n}.py", f"# DECISION {old}/D-00{n + 1}: why\n")
    reference = prepared(tmp_path, "ref", project)
    assert bootstrap(reference, "retire", old).returncode == 0
    killed = 0
    for _k, work in kill_points(project, tmp_path, ["retire", old]):
        killed += 1
        folder = work / "plans" / old
        assert not folder.exists() or (folder / "state.md").is_file(), "plan folder half removed"
        assert bootstrap(work, "retire", old).returncode == 0
        for n in range(3):
            assert read(work, f"src/m{n}.py") == read(reference, f"src/m{n}.py")
        assert not folder.exists()
        assert leftovers(work) == []
    assert killed >= 3


def test_log_edit_killed_at_every_step_leaves_the_old_or_the_new_changelog(project, tmp_path):
    from skill.plans.changelog import iter_entries, line_issues

    plan = new_plan(project, "Log edits")
    state = read(project, f"plans/{plan}/state.md").replace("## Current Plan Step: N/A", "## Current Plan Step: 1")
    write(project, f"plans/{plan}/state.md", state.replace("# Current State: EXPLORE", "# Current State: EXECUTE"))
    write(project, "src/a.py", "x = 1\n")
    before = read(project, f"plans/{plan}/changelog.md")
    args = ["log-edit", "--file", "src/a.py", "--reason", "crash probe", "--commit", "uncommitted"]
    killed = 0
    for k in range(1, 10):
        work = prepared(tmp_path, f"le{k}", project)
        from tests.support.cli import run_cli

        done = run_cli(work, *args, env=clean_env(IP_FAULT_AFTER_WRITES=str(k)))
        if done.returncode == 0:
            break
        assert done.returncode == FAULT_EXIT_STATUS, done.stderr
        killed += 1
        after = read(work, f"plans/{plan}/changelog.md")
        assert after == before or (after.startswith(before) and after[len(before):].count("\n") == 1)
        assert all(line_issues(line) == [] for _, line in iter_entries(after))
        again = run_cli(work, *args)
        assert again.returncode == 0, again.stderr
        assert leftovers(work) == []
    assert killed >= 1
