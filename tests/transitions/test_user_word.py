"""The four user-gated moves, approvals.jsonl, the pivot entry, the CLOSE verdict and plan drift."""

from __future__ import annotations

import json
import re

import pytest

from tests.transitions import helpers
from tests.transitions.helpers import (
    PLAN_MD,
    cli,
    ok,
    pivot_entry,
    read,
    to_execute,
    to_plan,
    verification,
    write,
)


def refused(root, *args, code=1, match=()):  # type: ignore[no-untyped-def]
    """:func:`helpers.refused` with plain texts instead of patterns."""
    return helpers.refused(root, *args, code=code, match=[re.escape(text) for text in match])


def approvals(root) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    [path] = (root / "plans").glob("plan-*/approvals.jsonl")  # the active plan, or the one just closed
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def to_reflect(root, recommendation: str = "CLOSE"):  # type: ignore[no-untyped-def]
    to_execute(root)
    ok(root, "transition", "REFLECT")
    write(root, "verification.md", verification(True, recommendation=recommendation))
    ok(root, "hygiene", "skip", "--reason", "a one-line settings change")


def to_pivot(root):  # type: ignore[no-untyped-def]
    to_execute(root)
    ok(root, "transition", "REFLECT")
    ok(root, "transition", "PIVOT", "--note", "approach failed")


@pytest.mark.parametrize("setup, target", [
    (lambda r: (to_plan(r), write(r, "plan.md", PLAN_MD.format(version=1))), "EXECUTE"),
    (lambda r: (to_pivot(r), pivot_entry(r)), "PLAN"),
    (to_reflect, "EXECUTE"),
    (to_reflect, "CLOSE"),
])
def test_user_gated_moves_need_the_users_words(project, setup, target) -> None:  # type: ignore[no-untyped-def]
    setup(project)
    refused(project, "transition", target, match=("[user]", "--user", "--force cannot override: user"))
    refused(project, "transition", target, "--approved", match=("--approved alone is not enough",))
    refused(project, "transition", target, "--force", "--note", "the user is away", match=("--force cannot override: user",))
    refused(project, "transition", target, "--user", "   ", code=2, match=("--user needs the user's own words",))
    said = "Yes -> go <!-- now -->\nplease"
    ok(project, "transition", target, "--user", said, "--approved")
    recorded = approvals(project)[-1]
    assert recorded["words"] == "Yes - > go < !-- now - - > please"  # one line, defused like notes
    assert list(recorded) == ["time", "move", "from", "to", "words", "plan_md_digest"]
    assert recorded["to"] == target and recorded["move"] == f"{recorded['from']} → {target}"
    assert recorded["plan_md_digest"].startswith("sha256:") and len(recorded["plan_md_digest"]) == 71
    state = (project / "plans").glob("*/state.md")
    assert any('user: "Yes - > go < !-- now - - > please"' in path.read_text() for path in state)


def test_user_words_on_other_moves_are_a_usage_error(project) -> None:
    to_execute(project)
    refused(project, "transition", "REFLECT", "--user", "ok", code=2, match=("--user belongs to",))


def test_pivot_to_plan_needs_a_pivot_entry_written_since_the_move(project) -> None:
    to_pivot(project)
    refused(project, "transition", "PLAN", "--user", "yes", match=("[pivot-entry]", "D-001 or later"))
    pivot_entry(project)
    ok(project, "transition", "PLAN", "--user", "yes")
    write(project, "plan.md", PLAN_MD.format(version=2))
    ok(project, "transition", "EXECUTE", "--user", "go")
    ok(project, "transition", "REFLECT")
    ok(project, "transition", "PIVOT")
    assert "next decision D-002" in read(project, "state.md")
    # the first pivot entry is older than this move: not enough
    refused(project, "transition", "PLAN", "--user", "yes", match=("numbered D-002 or later",))
    pivot_entry(project)
    ok(project, "transition", "PLAN", "--user", "yes")


def test_reflect_to_close_needs_a_close_recommendation(project) -> None:
    to_reflect(project, recommendation="PIVOT")
    refused(project, "transition", "CLOSE", "--user", "close", match=("recommends PIVOT, not CLOSE",))
    result = ok(project, "transition", "CLOSE", "--user", "close anyway", "--force", "--note", "user overrides")
    assert "(forced: verdict)" in result.stdout


def test_plan_drift_and_reapproval(project) -> None:
    to_execute(project)
    gate = cli(project, "validate-plan", "--pre-step")
    assert gate.stdout.strip() == "GATE:PASS"
    copy = read(project, "approved-plan.md")
    assert "## Success Criteria" in copy
    # the tool's own changes and the Budget's counts are not drift
    ok(project, "step", "next")
    plan = read(project, "plan.md").replace("- Files added: 0/3 max", "- Files added: 2/3 max")
    write(project, "plan.md", plan.replace("New abstractions (classes/modules/interfaces): 0/2", "New abstractions (classes/modules/interfaces): 1/2"))
    assert cli(project, "validate-plan", "--pre-step").stdout.strip() == "GATE:PASS"
    # content is
    write(project, "plan.md", read(project, "plan.md").replace("- An expired session is rejected.", "- Expired sessions get a 401."))
    gate = cli(project, "validate-plan", "--pre-step")
    assert gate.returncode == 2
    assert gate.stdout.startswith('GATE:FAIL [plan-drift] changed="Success Criteria" approved=')
    data = json.loads(cli(project, "validate-plan", "--pre-step", "--json").stdout)
    assert data["slug"] == "plan-drift" and data["exit"] == 2
    result = ok(project, "approve", "--user", "401 is right")
    assert "Approved the changed sections: Success Criteria" in result.stdout
    assert cli(project, "validate-plan", "--pre-step").stdout.strip() == "GATE:PASS"
    assert [a["move"] for a in approvals(project)] == ["PLAN → EXECUTE", "approve"]
    assert approvals(project)[-1]["from"] == approvals(project)[-1]["to"] == "EXECUTE"


def test_approve_refusals(project) -> None:
    to_plan(project)
    refused(project, "approve", "--user", "yes", match=("re-approval is for a plan changed during EXECUTE",))
    refused(project, "approve", code=2)
    write(project, "plan.md", PLAN_MD.format(version=1))
    ok(project, "transition", "EXECUTE", "--user", "go")
    refused(project, "approve", "--user", "", code=2)


def test_confidence_scales(project) -> None:
    from tests.transitions.helpers import FINDINGS_MD, new_plan

    new_plan(project)
    write(project, "findings.md", FINDINGS_MD)
    result = refused(project, "transition", "PLAN", "--confidence", "scope=banana,solutions=banana,risks=banana", code=2)
    assert "scope=shallow|adequate|deep" in result.stderr and "adequate" not in result.stderr.split("scope=shallow|adequate|deep")[1]
    result = refused(project, "transition", "PLAN", "--confidence", "scope=deep,solutions=banana,risks=clear", code=2)
    assert "solutions=narrow|open|constrained" in result.stderr
    # the 2.57.2 template's low words block like the scales' lowest
    result = refused(project, "transition", "PLAN", "--confidence", "scope=deep,solutions=thin,risks=clear")
    assert "solutions=thin" in result.stderr
    result = refused(project, "transition", "PLAN")
    assert "solutions=narrow|open|constrained" in result.stderr and "solutions adequate" not in result.stderr
    ok(project, "transition", "PLAN", "--confidence", "scope=deep,solutions=constrained,risks=partial")
