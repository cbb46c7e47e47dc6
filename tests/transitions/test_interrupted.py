"""A run killed between its plan.md and state.md writes is completed by running it again."""

from __future__ import annotations

from tests.support.cli import run_cli
from tests.support.env import clean_env
from tests.transitions.helpers import PLAN_MD, ok, read, state_field, to_execute, to_plan, write

FAULT_EXIT = 86


def test_step_next_interrupted_after_plan_md(project):
    to_execute(project)
    result = run_cli(project, "step", "next", env=clean_env(IP_FAULT_AFTER_WRITES="1"))
    assert result.returncode == FAULT_EXIT
    assert "2. [ ] Check expiry in the middleware [RISK: medium] [deps: 1] ← CURRENT" in read(project, "plan.md")
    assert state_field(project, "## Current Plan Step:") == "1 of 3"
    ok(project, "step", "next")
    plan = read(project, "plan.md")
    assert state_field(project, "## Current Plan Step:") == "2 of 3"
    assert plan.count("← CURRENT") == 1 and plan.count("[x]") == 1


def test_plan_to_execute_interrupted_after_plan_md(project):
    to_plan(project)
    write(project, "plan.md", PLAN_MD.format(version=1))
    result = run_cli(project, "transition", "EXECUTE", "--user", "go ahead", env=clean_env(IP_FAULT_AFTER_WRITES="1"))
    assert result.returncode == FAULT_EXIT
    assert state_field(project, "# Current State:") == "PLAN"
    ok(project, "transition", "EXECUTE", "--user", "go ahead")
    assert state_field(project, "## Iteration:") == "1"
    assert state_field(project, "## Current Plan Step:") == "1 of 3"
    assert read(project, "plan.md").count("← CURRENT") == 1
    assert read(project, "state.md").count("- PLAN → EXECUTE") == 1


def test_transition_execute_killed_at_each_write_records_one_approval(project, tmp_path):
    import json
    import shutil

    to_plan(project)
    write(project, "plan.md", PLAN_MD.format(version=1))
    for k in range(1, 10):
        work = tmp_path / f"k{k}"
        shutil.copytree(project, work)
        result = run_cli(work, "transition", "EXECUTE", "--user", "go ahead", env=clean_env(IP_FAULT_AFTER_WRITES=str(k)))
        if result.returncode == 0:
            break
        assert result.returncode == FAULT_EXIT
        if state_field(work, "# Current State:") == "PLAN":  # state.md is the last write
            ok(work, "transition", "EXECUTE", "--user", "go ahead")
        records = [json.loads(line) for line in read(work, "approvals.jsonl").splitlines()]
        assert [r["words"] for r in records] == ["go ahead"], k
        assert read(work, "state.md").count("- PLAN → EXECUTE") == 1
        assert read(work, "approved-plan.md") == read(work, "plan.md")
    else:
        raise AssertionError("never completed")


def test_approve_killed_keeps_old_or_new(project, tmp_path):
    import shutil

    to_execute(project)
    write(project, "plan.md", read(project, "plan.md").replace("Sessions never expire", "Sessions live forever"))
    assert run_cli(project, "validate-plan", "--pre-step").returncode == 2
    for k in (1, 2):
        work = tmp_path / f"k{k}"
        shutil.copytree(project, work)
        result = run_cli(work, "approve", "--user", "fine", env=clean_env(IP_FAULT_AFTER_WRITES=str(k)))
        assert result.returncode in (FAULT_EXIT, 0)
        ok(work, "approve", "--user", "fine")  # running it again records it once
        assert read(work, "approvals.jsonl").count('"move": "approve"') == 1
        assert run_cli(work, "validate-plan", "--pre-step").stdout.strip() == "GATE:PASS"


def test_new_commands_wait_for_the_plan_lock(project):
    from skill.plans.store import Store
    from tests.transitions.helpers import tree_bytes

    plan_id = to_execute(project)
    with Store(project).plan_lock(plan_id):
        before = tree_bytes(project)
        for args in (["approve", "--user", "x"], ["step", "next", "--commit", "m"],
                     ["attempt", "--what", "x", "--result", "failed", "--reverted"]):
            result = run_cli(project, *args, env=clean_env(IP_LOCK_TIMEOUT="0.5"))
            assert result.returncode == 1 and "could not lock" in result.stderr, args
            assert "Traceback" not in result.stderr
        assert tree_bytes(project) == before
