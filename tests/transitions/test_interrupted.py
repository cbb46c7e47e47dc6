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
