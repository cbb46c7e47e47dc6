"""Issue 18, defects 8, 9 and 10: no writer reaches outside the project through a symlinked
``plans/``; a crash between ``new``'s folder and its pointer leaves a plan that is named, not
silently doubled; temporary files are removed where they were made."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from skill.plans.store import FAULT_EXIT_STATUS
from tests.lifecycle.helpers import bootstrap, new_plan, plan_dirs, pointer, read, write
from tests.reliability.test_crash_safety import leftovers, prepared
from tests.support.cli import run_cli
from tests.support.env import clean_env


def tree(folder: Path) -> dict[str, tuple[int, int]]:
    """Every entry under ``folder`` (hidden ones included) with its size and mtime."""
    found = {}
    for path in sorted(folder.rglob("*")):
        stat = path.lstat()
        found[str(path.relative_to(folder))] = (stat.st_size, stat.st_mtime_ns)
    return found


# -- defect 8: plans/ symlinked outside the project ----------------------------------------------

WRITERS = [
    ["bootstrap", "reset-attempts"],
    ["compress-changelog"],
    ["compress-changelog", "--threshold", "0", "--decisions", "--decisions-threshold", "0"],
    ["bootstrap", "close"],
    ["bootstrap", "new", "--force", "Another"],
    ["bootstrap", "new", "Another"],
    ["bootstrap", "retire", "plan_2026-01-01_aaaaaaaa"],
    ["transition", "PLAN", "--force", "--note", "escape test"],
    ["attempt", "--what", "x", "--result", "failed"],
    ["step", "next"],
    ["log-edit", "--file", "a.py", "--reason", "x", "--op", "CREATE(+1)", "--commit", "uncommitted",
     "--step", "iter-1/step-1", "--radius", "radius:LOW(1)"],
    ["execplan", "export", "--out", "plans/exported.md"],
]


@pytest.mark.parametrize("args", WRITERS, ids=" ".join)
def test_a_plans_folder_symlinked_outside_is_never_written(project, tmp_path, args):
    plan = new_plan(project, "Confined")
    state = read(project, f"plans/{plan}/state.md").replace("# Current State: EXPLORE", "# Current State: EXECUTE")
    write(project, f"plans/{plan}/state.md", state.replace("## Current Plan Step: N/A", "## Current Plan Step: 1"))
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.move(str(project / "plans"), str(outside / "plans"))
    (project / "plans").symlink_to(outside / "plans")
    (project / "a.py").write_text("x = 1\n")
    before = tree(outside)
    result = run_cli(project, *args, timeout=60)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "outside the project root" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert tree(outside) == before  # not even a lock file or a temporary file was made there


# -- defect 9: a crash between new's folder and its pointer --------------------------------------


def test_an_orphan_left_by_a_crashed_new_is_named_and_not_doubled(project):
    result = bootstrap(project, "new", "First goal", env=clean_env(IP_FAULT_AFTER_WRITES="1"))
    assert result.returncode == FAULT_EXIT_STATUS
    [orphan] = plan_dirs(project)
    assert not (project / "plans" / ".current_plan").exists()
    status = bootstrap(project, "status")
    assert "No active plan" not in status.stdout and orphan in status.stdout, status.stdout
    resume = bootstrap(project, "resume")
    assert resume.returncode == 1 and orphan in resume.stderr
    again = bootstrap(project, "new", "First goal")
    assert again.returncode == 1 and orphan in again.stderr and "Nothing was written." in again.stderr
    assert plan_dirs(project) == [orphan]
    retired = bootstrap(project, "retire", orphan)  # one of the ways out the refusal names
    assert retired.returncode == 0, retired.stderr
    assert bootstrap(project, "new", "First goal").returncode == 0
    assert plan_dirs(project) == [pointer(project)]


def test_new_killed_after_every_write_leaves_no_plan_or_one_that_is_named(project, tmp_path):
    killed = 0
    for k in range(1, 20):
        work = prepared(tmp_path, f"k{k}", project)
        result = bootstrap(work, "new", "Fresh goal", env=clean_env(IP_FAULT_AFTER_WRITES=str(k)))
        if result.returncode == 0:
            break
        assert result.returncode == FAULT_EXIT_STATUS, result.stderr
        killed += 1
        plans = plan_dirs(work) if (work / "plans").exists() else []
        assert len(plans) <= 1
        has_pointer = (work / "plans" / ".current_plan").exists()
        if plans and not has_pointer:
            assert plans[0] in bootstrap(work, "status").stdout
            assert bootstrap(work, "new", "Fresh goal").returncode == 1
        elif plans:
            assert pointer(work) == plans[0]
            assert (work / "plans" / plans[0] / "state.md").is_file()
        assert leftovers(work) == []
    assert killed >= 2


# -- defect 10: temporary files of an interrupted retire ----------------------------------------


def test_leftovers_of_a_killed_retire_are_removed_by_the_next_retire(project):
    old = "plan_2026-03-01_cccccccc"
    write(project, f"plans/{old}/state.md", "# Current State: CLOSE\n")
    write(project, "src/deep/m.py", f"# DECISION {old}/D-001: why\n")
    # what a SIGKILL between the temporary file and its rename leaves beside the sources
    stale = [project / "src" / "deep" / ".m.py.a1b2c3d4.iptmp", project / "src" / ".notes.md.zz_9yy8x.iptmp"]
    for path in stale:
        path.write_text("half-written\n")
    kept = [project / "src" / ".cache.a1b2c3d4.iptmp", project / "src" / "m.py.a1b2c3d4.iptmp"]
    for path in kept:
        path.write_text("not ours\n")  # no source name, or not a dot-file: never touched
    result = bootstrap(project, "retire", "plan_2026-02-01_bbbbbbbb")  # another plan
    assert result.returncode == 0, result.stderr
    assert "Removed 2 temporary file(s)" in result.stdout
    assert not any(path.exists() for path in stale)
    assert all(path.exists() for path in kept)
    assert "[STALE]" not in read(project, "src/deep/m.py")


def test_a_gitignore_leftover_is_removed_by_the_next_new(project):
    stale = project / "..gitignore.k3j4h5g6.iptmp"  # the temporary name of .gitignore
    stale.write_text("/plans/*\n")
    assert bootstrap(project, "new", "Goal").returncode == 0
    assert not stale.exists()


def test_retire_really_killed_mid_write_leaves_nothing_after_the_next_run(project, tmp_path):
    """A real SIGKILL (not the fault switch, which fires after a rename): kill retire at random
    moments while it stamps many files; the next retire always leaves no temporary file."""
    import random
    import signal
    import subprocess
    import sys
    import time

    old = "plan_2026-03-01_cccccccc"
    write(project, f"plans/{old}/state.md", "# Current State: CLOSE\n")
    for n in range(300):
        write(project, f"src/p{n % 7}/m{n}.py", f"# DECISION {old}/D-001: why\n" + "x = 1\n" * 2000)
    rng = random.Random(18)
    for trial in range(4):
        work = prepared(tmp_path, f"kill{trial}", project)
        proc = subprocess.Popen([sys.executable, "-m", "skill", "bootstrap", "retire", old], cwd=work,
                                env=clean_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert bootstrap(work, "retire", old).returncode == 0
        temps = [p for p in work.rglob("*.iptmp")]
        assert temps == [], temps
        assert all("[STALE]" in p.read_text() for p in (work / "src").rglob("*.py"))
    assert os.path.exists(project / "src")
