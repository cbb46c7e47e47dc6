"""Every refusal: exit status, the message, and not one byte changed under plans/."""

from __future__ import annotations

import re

import pytest

from tests.support.env import clean_env
from tests.transitions.helpers import (
    FINDINGS_MD,
    PLAN_MD,
    cli,
    new_plan,
    ok,
    pivot_entry,
    plan_path,
    read,
    refused,
    to_execute,
    to_plan,
    tree_bytes,
    verification,
    write,
)


def test_no_active_plan(project):
    result = cli(project, "transition", "PLAN")
    assert result.returncode == 1
    assert "No active plan" in result.stderr
    assert not (project / "plans").exists()
    for args in (("attempt", "--what", "x", "--result", "failed"), ("step", "next")):
        result = cli(project, *args)
        assert result.returncode == 1 and "No active plan" in result.stderr
    assert not (project / "plans").exists()


def test_usage_errors_write_nothing(project):
    new_plan(project)
    refused(project, "transition", "DONE", code=2, match=[r"DONE"])
    refused(project, "transition", "PLAN", "--force", code=2, match=[r"--force needs --note"])
    refused(project, "transition", "PLAN", "--confidence", "scope=deep", code=2,
            match=[r"--confidence: missing solutions, risks"])
    refused(project, "transition", "PLAN", "--confidence", "depth=1,scope=deep,solutions=a,risks=b",
            code=2, match=[r"'depth=1' is not one of"])
    refused(project, "attempt", "--what", "x", "--result", "maybe", code=2)
    refused(project, "step", "set", code=2, match=[r"step set N"])
    refused(project, "step", "next", "3", code=2)


def test_move_outside_the_state_machine(project):
    new_plan(project)
    result = refused(project, "transition", "EXECUTE", "--user", "go ahead",
                     match=[r"EXPLORE → EXECUTE is not a move", r"allowed moves are: PLAN, CLOSE",
                            r"Plan first", r"Nothing was written"])
    assert result.stdout == ""
    refused(project, "transition", "EXPLORE", match=[r"already in EXPLORE"])
    refused(project, "transition", "REFLECT", match=[r"EXPLORE → REFLECT is not a move"])


def test_explore_to_plan_needs_findings_and_confidence(project):
    new_plan(project)
    refused(project, "transition", "PLAN",
            match=[r"\[findings\] findings.md ## Index lists 0 finding\(s\)",
                   r"\[confidence\] no exploration confidence given",
                   r"--force --note"])
    write(project, "findings.md", FINDINGS_MD)
    refused(project, "transition", "PLAN", match=[r"\[confidence\]"])
    refused(project, "transition", "PLAN", "--confidence", "scope=shallow,solutions=open,risks=clear",
            match=[r"confidence too low: scope=shallow"])


def test_confidence_only_on_explore_to_plan(project):
    to_plan(project)
    refused(project, "transition", "EXPLORE", "--confidence", "scope=deep,solutions=open,risks=clear",
            code=2, match=[r"EXPLORE → PLAN only"])


def test_plan_to_execute_needs_filled_sections_and_approval(project):
    to_plan(project)
    refused(project, "transition", "EXECUTE", "--user", "go ahead",
            match=[r"\[plan-sections\].*## Problem Statement", r"## Verification Strategy"])
    result = refused(project, "transition", "EXECUTE", match=[r"\[plan-sections\]", r"\[user\]"])
    assert "Goal" not in result.stderr.split("[plan-sections]")[1].split("\n")[0]
    write(project, "plan.md", PLAN_MD.format(version=1))
    refused(project, "transition", "EXECUTE", match=[r"\[user\] PLAN → EXECUTE needs the user's own words",
                                                     r"--force cannot override: user"])
    write(project, "plan.md", PLAN_MD.format(version=1).replace(
        "- An expired session is rejected.", "*Pending review*"))
    refused(project, "transition", "EXECUTE", "--user", "go ahead", match=[r"## Success Criteria"])


def test_iteration_six_is_refused_even_with_force(project):
    to_execute(project)
    ok(project, "transition", "REFLECT")
    ok(project, "transition", "PIVOT")
    pivot_entry(project)
    ok(project, "transition", "PLAN", "--user", "new plan please")
    state = read(project, "state.md").replace("## Iteration: 1", "## Iteration: 5")
    write(project, "state.md", state)
    refused(project, "transition", "EXECUTE", "--user", "go ahead",
            match=[r"\[iteration-cap\] this would start iteration 6", r"decompose"])
    refused(project, "transition", "EXECUTE", "--user", "go ahead", "--force", "--note", "one more",
            match=[r"--force cannot override: iteration-cap"])


def test_reflect_to_close_needs_the_verdict(project):
    to_execute(project)
    ok(project, "transition", "REFLECT")
    refused(project, "transition", "CLOSE", "--user", "close it",
            match=[r"the Verdict still says PENDING for Criteria passed", r"ERROR at CLOSE"])
    assert (project / "plans" / ".current_plan").exists()
    write(project, "verification.md", "# Verification Results\n")
    refused(project, "transition", "CLOSE", "--user", "close it", match=[r"\[verdict\]", r"no filled '## Verdict' section"])


def test_administrative_close_needs_a_note(project):
    new_plan(project)
    refused(project, "transition", "CLOSE", match=[r"\[note\] closing from outside REFLECT"])


def test_closed_state_and_unreadable_state(project):
    new_plan(project)
    state_path = plan_path(project, "state.md")
    state_path.write_text(state_path.read_text().replace("# Current State: EXPLORE", "# Current State: CLOSE"))
    refused(project, "transition", "PLAN", match=[r"already CLOSE", r"bootstrap close"])
    state_path.write_text(state_path.read_text().replace("# Current State: CLOSE", "# Current State:"))
    refused(project, "transition", "PLAN", match=[r"no readable '# Current State:' line"])
    state_path.write_text(state_path.read_text().replace("# Current State:", "# Current State: DONE"))
    refused(project, "transition", "PLAN", match=[r"'# Current State: DONE', which is not a protocol state"])
    state_path.write_text("")
    refused(project, "transition", "PLAN", match=[r"cannot read .*state.md"])
    refused(project, "attempt", "--what", "x", "--result", "failed", match=[r"cannot read"])
    refused(project, "step", "next", match=[r"cannot read"])


def test_result_failing_the_validator_is_not_written(project):
    to_plan(project)
    path = plan_path(project, "state.md")
    path.write_text(path.read_text().replace(
        "- INIT → EXPLORE (task started)", "- INIT → EXPLORE (task started)\n- EXECUTE → PIVOT (hand edit)"))
    refused(project, "transition", "EXPLORE",
            match=[r"would fail the validator's state checks", r"EXECUTE→PIVOT"])


def test_attempt_refusals(project):
    to_plan(project)
    refused(project, "attempt", "--what", "x", "--result", "failed",
            match=[r"recorded during EXECUTE; the plan is in PLAN"])
    write(project, "plan.md", PLAN_MD.format(version=1))
    ok(project, "transition", "EXECUTE", "--user", "go ahead")
    path = plan_path(project, "state.md")
    original = path.read_text()
    path.write_text(original.replace("## Current Plan Step: 1 of 3", "## Current Plan Step: N/A"))
    refused(project, "attempt", "--what", "x", "--result", "failed", match=[r"no current plan step"])
    path.write_text(re.sub(r"## Fix Attempts[^\n]*\n[^\n]*\n", "", original))
    refused(project, "attempt", "--what", "x", "--result", "failed", match=[r"no '## Fix Attempts' section"])
    path.write_text(original)
    ok(project, "attempt", "--what", "pin pyjwt<3", "--result", "failed")
    ok(project, "attempt", "--what", "pin pyjwt<2.8", "--result", "failed")
    refused(project, "attempt", "--what", "third idea", "--result", "failed",
            match=[r"\[leash-cap\] attempts=2 cap=2: step 1 may not get a third fix attempt",
                   r"PC-EXECUTE-LEASH", r"transition REFLECT"])


def test_leash_counts_stale_attempts_of_other_steps(project):
    to_execute(project)
    path = plan_path(project, "state.md")
    path.write_text(re.sub(
        r"- \(none yet[^)]*\)",
        "- Step 1, attempt 1: a → failed\n- Step 1, attempt 2: b → failed", path.read_text()).replace(
        "## Current Plan Step: 1 of 3", "## Current Plan Step: 2 of 3"))
    refused(project, "attempt", "--what", "x", "--result", "failed",
            match=[r"\[leash-cap\] attempts=2", r"2 of the recorded attempts belong to another step"])


def test_step_refusals(project):
    to_plan(project)
    refused(project, "step", "next", match=[r"plan steps move during EXECUTE; the plan is in PLAN"])
    write(project, "plan.md", PLAN_MD.format(version=1))
    ok(project, "transition", "EXECUTE", "--user", "go ahead")
    refused(project, "step", "set", "4", match=[r"plan.md has 3 steps; there is no step 4"])
    ok(project, "step", "set", "3")
    ok(project, "step", "next")
    refused(project, "step", "next", match=[r"all 3 steps are already done", r"transition REFLECT"])


@pytest.mark.parametrize("target", ["PIVOT", "PLAN", "EXPLORE"])
def test_execute_cannot_skip_reflect(project, target):
    to_execute(project)
    refused(project, "transition", target, match=[rf"EXECUTE → {target} is not a move", r"REFLECT"])


def test_pivot_only_leads_to_plan(project):
    to_execute(project)
    ok(project, "transition", "REFLECT")
    ok(project, "transition", "PIVOT")
    refused(project, "transition", "EXECUTE", "--user", "go ahead", match=[r"PIVOT → EXECUTE is not a move", r"transition PLAN"])
    refused(project, "transition", "EXPLORE", match=[r"PIVOT → EXPLORE is not a move"])


def test_verification_written_but_plan_closed_twice(project):
    to_execute(project)
    ok(project, "transition", "REFLECT")
    write(project, "verification.md", verification(True))
    ok(project, "hygiene", "skip", "--reason", "a one-line settings change")
    ok(project, "transition", "CLOSE", "--user", "close it")
    result = cli(project, "transition", "CLOSE", "--user", "close it")
    assert result.returncode == 1 and "No active plan" in result.stderr


def test_more_usage_errors(project):
    to_execute(project)
    refused(project, "attempt", "--what", "   ", "--result", "failed", code=2, match=[r"--what needs"])
    refused(project, "step", "set", "0", code=2, match=[r"step number of 1 or more"])
    refused(project, "transition", "CLOSE", "--note", "n", "--confidence",
            "scope=deep,solutions=open,risks=clear", code=2, match=[r"EXPLORE → PLAN only"])


def test_close_with_unreadable_state_is_refused(project):
    new_plan(project)
    path = plan_path(project, "state.md")
    path.write_text(path.read_text().replace("# Current State: EXPLORE", "# Current State: LIMBO"))
    refused(project, "transition", "CLOSE", "--note", "n",
            match=[r"no readable protocol state", r"bootstrap close"])
    assert (project / "plans" / ".current_plan").exists()


def test_attempt_and_step_are_validated_too(project):
    to_execute(project)
    path = plan_path(project, "state.md")
    path.write_text(path.read_text().replace(
        "- INIT → EXPLORE (task started)", "- INIT → EXPLORE (task started)\n- PIVOT → EXECUTE (hand edit)"))
    refused(project, "attempt", "--what", "x", "--result", "failed",
            match=[r"would fail the validator's state checks", r"PIVOT→EXECUTE"])
    refused(project, "step", "next", match=[r"would fail the validator's state checks"])


def test_lock_held_by_another_command(project):
    from skill.plans.store import Store

    plan_id = to_execute(project)
    with Store(project).plan_lock(plan_id):
        before = tree_bytes(project)
        result = cli(project, "transition", "REFLECT", env=clean_env(IP_LOCK_TIMEOUT="0.5"))
        assert result.returncode == 1
        assert "could not lock" in result.stderr and f"plans/{plan_id}/.lock" in result.stderr
        assert tree_bytes(project) == before
