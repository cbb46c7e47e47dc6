"""A whole plan driven by the commands: new → two iterations, a failed step, a PIVOT, a
REFLECT → EXECUTE completion fix → close. The validator reports no ERROR at any stop."""

from __future__ import annotations

import json
import re

from tests.transitions.helpers import (
    FINDINGS_MD,
    PLAN_MD,
    cli,
    errors,
    new_plan,
    ok,
    pivot_entry,
    read,
    state_field,
    validator_issues,
    verification,
    write,
)

BANNED_WARNINGS = {"presentation-contract-unlogged", "exploration-confidence", "transition", "leash"}


def stop(root, expect_state):  # type: ignore[no-untyped-def]
    issues = validator_issues(root)
    assert errors(issues) == [], errors(issues)
    assert not [i for i in issues if i["slug"] in BANNED_WARNINGS], issues
    assert state_field(root, "# Current State:") == expect_state


def step_of(result) -> str:  # type: ignore[no-untyped-def]
    return json.loads(result.stdout)["step"]


def test_full_lifecycle(project):
    plan_id = new_plan(project)
    # Content writes the agent does anyway (the template Verdict is rewritten in order).
    write(project, "verification.md", verification(False))
    stop(project, "EXPLORE")

    write(project, "findings.md", FINDINGS_MD)
    ok(project, "transition", "PLAN", "--note", "3 findings, scope mapped",
       "--confidence", "scope=deep,solutions=open,risks=clear")
    stop(project, "PLAN")

    # Iteration 1
    write(project, "plan.md", PLAN_MD.format(version=1))
    result = ok(project, "transition", "EXECUTE", "--user", "go ahead", "--json")
    data = json.loads(result.stdout)
    assert (data["state"], data["iteration"], data["step"]) == ("EXECUTE", "1", "1 of 3")
    assert "1. [ ] Add SESSION_TTL to settings [RISK: low] ← CURRENT" in read(project, "plan.md")
    stop(project, "EXECUTE")

    ok(project, "attempt", "--what", "read TTL from env", "--result", "failed")
    stop(project, "EXECUTE")
    result = ok(project, "attempt", "--what", "read TTL from settings", "--result", "failed", "--json")
    assert json.loads(result.stdout)["attempts"]["count"] == 2
    stop(project, "EXECUTE")
    gate = cli(project, "validate-plan", "--pre-step")
    if "No such command" not in gate.stderr:
        assert gate.returncode == 2 and "leash-cap" in gate.stdout
    third = cli(project, "attempt", "--what", "third", "--result", "failed")
    assert third.returncode == 1 and "leash-cap" in third.stderr

    ok(project, "transition", "REFLECT", "--note", "leash hit on step 1")
    stop(project, "REFLECT")
    result = ok(project, "transition", "PIVOT", "--note", "settings object is frozen", "--json")
    assert json.loads(result.stdout)["attempts"]["count"] == 0
    stop(project, "PIVOT")
    pivot_entry(project)
    stop(project, "PIVOT")
    ok(project, "transition", "PLAN", "--user", "yes, per-request TTL", "--note", "user chose per-request TTL")
    stop(project, "PLAN")

    # Iteration 2
    write(project, "plan.md", PLAN_MD.format(version=2))
    ok(project, "transition", "EXECUTE", "--user", "go ahead")
    assert state_field(project, "## Iteration:") == "2"
    stop(project, "EXECUTE")
    assert step_of(ok(project, "step", "next", "--json")) == "2 of 3"
    stop(project, "EXECUTE")
    assert step_of(ok(project, "step", "next", "--json")) == "3 of 3"
    plan = read(project, "plan.md")
    assert "1. [x] Add SESSION_TTL" in plan and "2. [x] Check expiry" in plan
    assert re.search(r"^3\. \[ \] Document the setting .*← CURRENT$", plan, re.MULTILINE)
    ok(project, "transition", "REFLECT")
    write(project, "verification.md", verification(True, recommendation="EXECUTE (docs typo)"))
    stop(project, "REFLECT")

    # Completion fix: back to EXECUTE, same iteration.
    ok(project, "transition", "EXECUTE", "--user", "fix the typo", "--note", "fix the docs typo")
    assert state_field(project, "## Iteration:") == "2"
    ok(project, "attempt", "--what", "typo fixed", "--result", "passed")
    result = ok(project, "step", "next")
    assert "All steps done" in result.stdout
    assert state_field(project, "## Current Plan Step:") == "3 of 3 (all steps done)"
    assert "← CURRENT" not in read(project, "plan.md")
    stop(project, "EXECUTE")
    ok(project, "transition", "REFLECT")
    write(project, "verification.md", verification(True))
    write(project, "findings/hygiene-iter-2.md", "# Hygiene Sweep\n\n## Inherited\nTotal: 0\n\n## Introduced\n(none)\n\n## Verdict\nCLEAN\n")
    stop(project, "REFLECT")

    result = ok(project, "transition", "CLOSE", "--user", "close it", "--json")
    data = json.loads(result.stdout)
    assert data["closed"] is True and data["state"] == "CLOSE"
    assert not (project / "plans" / ".current_plan").exists()
    closed_issues = validator_issues(project, plan_id)
    assert errors(closed_issues) == [], errors(closed_issues)
    assert not [i for i in closed_issues if i["slug"] in BANNED_WARNINGS]

    state = (project / "plans" / plan_id / "state.md").read_text()
    history = [
        re.match(r"- (\w+) → (\w+)", line).groups()
        for line in state.split("## Transition History:")[1].split("<!--")[0].splitlines()
        if line.startswith("- ")
    ]
    assert history == [
        ("INIT", "EXPLORE"), ("EXPLORE", "PLAN"), ("PLAN", "EXECUTE"), ("EXECUTE", "REFLECT"),
        ("REFLECT", "PIVOT"), ("PIVOT", "PLAN"), ("PLAN", "EXECUTE"), ("EXECUTE", "REFLECT"),
        ("REFLECT", "EXECUTE"), ("EXECUTE", "REFLECT"), ("REFLECT", "CLOSE"),
    ]
    assert "- REFLECT → CLOSE (PC-REFLECT presented;" in state
    assert '- PIVOT → PLAN (PC-PIVOT presented; user: "yes, per-request TTL"; user chose per-request TTL;' in state
    assert '- REFLECT → CLOSE (PC-REFLECT presented; user: "close it";' in state
    assert state.count("PC-PLAN presented") == 2
    assert re.search(r"- EXPLORE → PLAN \(3 findings, scope mapped; [0-9TZ:-]+\)\n"
                     r"  - confidence: scope=deep, solutions=open, risks=clear\n", state)
    assert state.count("REFLECT → CLOSE") == 2  # history line + Last Transition, no second close line
    assert (project / "plans" / "INDEX.md").read_text().count(plan_id) == 1
