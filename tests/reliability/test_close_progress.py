"""Issue 18, defects 2 and 3: an interrupted close is visible everywhere and finished by the next
close, which merges what changed since; a writer that loses a race with close refuses."""

from __future__ import annotations

import subprocess
import sys
import time

from skill.plans.store import FAULT_EXIT_STATUS, locked
from tests.lifecycle.helpers import bootstrap, new_plan, read, write
from tests.reliability.test_crash_safety import leftovers, prepared
from tests.support.cli import run_cli
from tests.support.env import clean_env

FINDINGS = "# Findings\n\n## Index\n- [Cache](findings/cache.md) — ttl 60s\n\n## Key Constraints\n- keep it\n"
LATE = "- [Late](findings/late.md) — found after the crash\n"


def _executing(project, goal="Close probe"):
    plan = new_plan(project, goal)
    write(project, f"plans/{plan}/findings.md", FINDINGS)
    state = read(project, f"plans/{plan}/state.md")
    state = state.replace("# Current State: EXPLORE", "# Current State: EXECUTE")
    write(project, f"plans/{plan}/state.md", state.replace("## Current Plan Step: N/A", "## Current Plan Step: 1 of 2"))
    return plan


def test_close_killed_after_each_write_is_visible_then_finished_with_what_changed(project, tmp_path):
    plan = _executing(project)
    killed = 0
    for k in range(1, 20):
        work = prepared(tmp_path, f"k{k}", project)
        result = bootstrap(work, "close", env=clean_env(IP_FAULT_AFTER_WRITES=str(k)))
        if result.returncode == 0:
            break
        assert result.returncode == FAULT_EXIT_STATUS, result.stderr
        killed += 1
        if not (work / "plans" / ".current_plan").exists():
            continue  # killed after the last step: the close is complete
        record = read(work, f"plans/{plan}/close-progress.txt")
        interrupted = "close finished" not in record
        # visible everywhere
        status = bootstrap(work, "status").stdout
        assert "INCOMPLETE CLOSE" in status, (k, status)
        resume = bootstrap(work, "resume").stdout
        assert "INCOMPLETE CLOSE" in resume, (k, resume)
        validate = run_cli(work, "validate-plan")
        assert ("ERROR [close-incomplete]" in validate.stdout) == interrupted, (k, validate.stdout)
        if interrupted:
            assert validate.returncode != 0
        # no writer touches a plan that is closing
        refused = run_cli(work, "log-edit", "--file", "a.py", "--reason", "late", "--op", "CREATE(+1)",
                          "--commit", "uncommitted", "--step", "iter-1/step-1", "--radius", "radius:LOW(1)")
        assert refused.returncode == 1 and "already CLOSE" in refused.stderr, (k, refused.stderr)
        # a finding added by hand after the crash still reaches plans/FINDINGS.md
        write(work, f"plans/{plan}/findings.md", FINDINGS.replace("\n\n## Key", "\n" + LATE + "\n## Key"))
        finished = bootstrap(work, "close")
        assert finished.returncode == 0, (k, finished.stderr)
        consolidated = read(work, "plans/FINDINGS.md")
        assert consolidated.count(f"## {plan}\n") == 1
        assert consolidated.count("found after the crash") == 1, (k, consolidated)
        assert read(work, "plans/INDEX.md").count(f"| {plan} |") == 1
        assert read(work, f"plans/{plan}/state.md").count("→ CLOSE (bootstrap close)") == 1
        assert "close finished" in read(work, f"plans/{plan}/close-progress.txt")
        assert not (work / "plans" / ".current_plan").exists()
        assert "INCOMPLETE" not in run_cli(work, "validate-plan", f"plans/{plan}").stdout
        assert leftovers(work) == []
    assert killed >= 6


def test_a_second_close_updates_the_plan_section_in_place(project):
    plan = _executing(project)
    assert bootstrap(project, "close").returncode == 0
    other = new_plan(project, "Next plan")
    write(project, f"plans/{other}/findings.md", FINDINGS.replace("Cache", "Queue"))
    assert bootstrap(project, "close").returncode == 0
    write(project, f"plans/{plan}/findings.md", FINDINGS.replace("\n\n## Key", "\n" + LATE + "\n## Key"))
    write(project, "plans/.current_plan", plan)  # re-close the first plan, as a user might
    assert bootstrap(project, "close").returncode == 0
    consolidated = read(project, "plans/FINDINGS.md")
    assert consolidated.count(f"## {plan}\n") == 1 and "found after the crash" in consolidated
    # the section stays where it was: the newer plan still comes first
    assert consolidated.index(f"## {other}\n") < consolidated.index(f"## {plan}\n")


def test_writers_refuse_a_plan_whose_close_started(project):
    plan = _executing(project)
    write(project, f"plans/{plan}/close-progress.txt", "close started 2026-01-01T00:00:00Z\n")
    before = read(project, f"plans/{plan}/state.md")
    for args in (
        ["attempt", "--what", "x", "--result", "failed"],
        ["step", "next"],
        ["transition", "REFLECT"],
        ["bootstrap", "reset-attempts"],
        ["compress-changelog"],
    ):
        result = run_cli(project, *args)
        assert result.returncode == 1, (args, result.stderr)
        assert "already CLOSE" in result.stderr and "did not finish" in result.stderr, args
        assert "Traceback" not in result.stderr
    assert read(project, f"plans/{plan}/state.md") == before


def test_a_writer_of_a_plan_that_is_no_longer_active_refuses(project):
    from skill.errors import SkillError
    from skill.plans.edit import checked_edit
    from skill.plans.store import Store

    first = new_plan(project, "First")
    assert bootstrap(project, "new", "--force", "Second").returncode == 0
    store = Store(project)
    try:
        with checked_edit(store, first, "late writer") as edit:
            edit.write("changelog.md", "late\n")
    except SkillError as exc:
        assert "already CLOSE" in exc.message or "no longer the active plan" in exc.message
    else:
        raise AssertionError("a write into the closed plan went through")
    assert "late" not in read(project, f"plans/{first}/changelog.md")


def _spawn(cwd, *args):
    return subprocess.Popen(
        [sys.executable, "-m", "skill", *args], cwd=cwd, env=clean_env(IP_LOCK_TIMEOUT="60"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_log_edit_racing_close_never_writes_into_the_closed_plan(project, tmp_path):
    """Both commands are made to wait on the plan's lock, then released together: whichever wins,
    a log-edit that exits 0 wrote before the close began, and one that lost refused."""
    outcomes = []
    for trial in range(6):
        work = prepared(tmp_path, f"race{trial}", project)
        plan = _executing(work, f"Race {trial}")
        changelog = work / "plans" / plan / "changelog.md"
        before = changelog.read_bytes()
        with locked(work / "plans" / plan / ".lock"):
            procs = [
                _spawn(work, "bootstrap", "close"),
                _spawn(work, "log-edit", "--file", "a.py", "--reason", f"race {trial}", "--op", "CREATE(+1)",
                       "--commit", "uncommitted", "--step", "iter-1/step-1", "--radius", "radius:LOW(1)"),
            ]
            time.sleep(1.5 if trial % 2 else 0.3)  # both are waiting for the lock by now
        results = [proc.communicate(timeout=120) + (proc.returncode,) for proc in procs]
        (_, close_err, close_code), (_, log_err, log_code) = results
        assert close_code == 0, close_err
        record_time = (work / "plans" / plan / "close-progress.txt").stat().st_mtime_ns
        if log_code == 0:
            assert changelog.stat().st_mtime_ns <= record_time, "log-edit wrote into a closing plan"
            assert f"race {trial}" in changelog.read_text()
            outcomes.append("before")
        else:
            assert log_code == 1 and ("already CLOSE" in log_err or "no longer the active" in log_err
                                      or "no active plan" in log_err), log_err
            assert changelog.read_bytes() == before
            outcomes.append("refused")
        assert "Traceback" not in close_err + log_err
    assert len(outcomes) == 6
