"""The pure state.md / plan.md rewrites of the plan-file owners, and the move conditions."""

from __future__ import annotations

from skill.plans import attempts, findings
from skill.plans import plan as planfile
from skill.plans import state as edit
from skill.plans.textio import from_lf, to_lf
from skill.transitions import conditions as checks
from skill.validate.edits import state_errors

STATE = """# Current State: EXPLORE
*Skill: iterative-planner v2.57.2*
## Iteration: 0
## Current Plan Step: N/A
## Fix Attempts (resets per plan step)
- (none yet)
## Change Manifest (current iteration)
- (no changes yet)
## Last Transition: INIT → EXPLORE (2026-01-01T00:00:00Z)
## Transition History:
- INIT → EXPLORE (task started)
<!-- guidance
- EXPLORE → PLAN (example)
-->"""


def test_fields_are_replaced_in_place():
    text = edit.set_state(STATE, "PLAN")
    text = edit.set_iteration(text, 3)
    text = edit.set_step(text, "2 of 5")
    assert text.splitlines()[0] == "# Current State: PLAN"
    assert "## Iteration: 3\n" in text
    assert "## Current Plan Step: 2 of 5\n" in text
    assert text.count("## Iteration:") == 1


def test_missing_field_is_inserted_after_the_one_before_it():
    text = STATE.replace("## Current Plan Step: N/A\n", "")
    text = edit.set_step(text, "1 of 3")
    lines = text.splitlines()
    assert lines[lines.index("## Iteration: 0") + 1] == "## Current Plan Step: 1 of 3"


def test_history_line_goes_above_the_guidance_comment():
    text = edit.append_history(STATE, ["- EXPLORE → PLAN (x)", "  - confidence: scope=deep"])
    lines = text.splitlines()
    at = lines.index("- EXPLORE → PLAN (x)")
    assert lines[at - 1] == "- INIT → EXPLORE (task started)"
    assert lines[at + 1] == "  - confidence: scope=deep"
    assert lines[at + 2] == "<!-- guidance"
    assert text.endswith("-->")


def test_history_appends_at_end_without_comment_and_keeps_final_newline():
    base = "# Current State: PLAN\n## Transition History:\n- INIT → EXPLORE (a)\n"
    assert edit.append_history(base, ["- X"]) == base + "- X\n"
    bare = "# Current State: PLAN\n## Transition History:"
    assert edit.append_history(bare, ["- X"]) == bare + "\n- X\n"


def test_history_heading_added_when_missing():
    text = edit.append_history("# Current State: PLAN\n", ["- A → B (n)"])
    assert text.endswith("## Transition History:\n- A → B (n)\n")


def test_last_transition_line_rewritten():
    text = edit.set_last_transition(STATE, "EXPLORE", "PLAN", "2026-02-02T00:00:00Z")
    assert "## Last Transition: EXPLORE → PLAN (2026-02-02T00:00:00Z)" in text
    assert "INIT → EXPLORE (2026-01-01" not in text


def test_attempt_replaces_placeholder_and_appends():
    one = attempts.add(STATE, "- Step 1, attempt 1: a → failed")
    assert "- (none yet)" not in one
    two = attempts.add(one, "- Step 1, attempt 2: b → failed")
    section = two.split("## Fix Attempts (resets per plan step)\n", 1)[1].split("\n## ", 1)[0]
    assert section == "- Step 1, attempt 1: a → failed\n- Step 1, attempt 2: b → failed"
    assert attempts.attempt_lines(two) == [
        "- Step 1, attempt 1: a → failed",
        "- Step 1, attempt 2: b → failed",
    ]
    assert attempts.on_step(attempts.attempt_lines(two), 1) == 2
    assert attempts.on_step(attempts.attempt_lines(two), 2) == 0


def test_attempt_line_matches_the_validator_leash_pattern():
    assert attempts.ATTEMPT_LINE_RE.match("- Step 12, attempt 3: x → failed")
    assert not attempts.ATTEMPT_LINE_RE.match("- Step 2: LEASH HIT.")


def test_reset_attempts_restores_placeholder():
    text = attempts.add(STATE, "- Step 1, attempt 1: a → failed")
    assert attempts.attempt_lines(attempts.reset(text)) == []


def test_crlf_and_bom_survive_a_round_trip():
    raw = "\ufeff" + STATE.replace("\n", "\r\n")
    text, framing = to_lf(raw)
    assert "\r" not in text and not text.startswith("\ufeff")
    assert from_lf(text, framing) == raw


PLAN = """# Plan v1
## Steps
1. [ ] first ← CURRENT
2. [ ] second
   1. nested, not a step
3. [ ] third
## Assumptions
- x
"""


def test_plan_steps_and_marker_moves():
    assert planfile.steps(PLAN) == [1, 2, 3]
    moved = planfile.mark_step(PLAN, 2, done=1)
    assert "1. [x] first\n" in moved
    assert "2. [ ] second ← CURRENT\n" in moved
    assert moved.count("← CURRENT") == 1
    assert planfile.mark_step(moved, 2, done=1) == moved  # idempotent
    cleared = planfile.mark_step(moved, None, done=3)
    assert "← CURRENT" not in cleared and "3. [x] third" in cleared


def test_confidence_parsing():
    assert checks.parse_confidence("scope=deep, solutions=open,risks=clear") == {
        "scope": "deep", "solutions": "open", "risks": "clear"
    }
    for bad in ("scope=deep", "scope=deep,solutions=x,risks=y,extra=1", "scope deep", "scope=,solutions=a,risks=b",
                "scope=deep,solutions=narrow,risks=banana", "scope=banana,solutions=banana,risks=banana"):
        try:
            checks.parse_confidence(bad)
        except ValueError:
            continue
        raise AssertionError(bad)
    assert checks.check_confidence({"scope": "shallow", "solutions": "adequate", "risks": "clear"})
    assert checks.check_confidence({"scope": "deep", "solutions": "adequate", "risks": "clear"}) is None
    # the original's template and planning-rigor example words are ratings too
    assert checks.parse_confidence("scope=partial,solutions=adequate,risks=unclear")["solutions"] == "adequate"
    assert checks.check_confidence({"scope": "deep", "solutions": "thin", "risks": "clear"})


def test_findings_are_counted_like_the_validator():
    text = "## Index\n- a\n1. b\n* c\n  - d\n2) e\n## Other\n- f\n"
    assert findings.indexed_count(text) == 2


def test_verdict_problems():
    good = "## Verdict\n- Criteria passed: 3/3\n- Regressions: none\n- Scope drift: none\n- Simplification blockers: none\n- Recommendation: CLOSE\n"
    assert checks.verdict_problems(good) == []
    assert any("PENDING" in p for p in checks.verdict_problems(good.replace("3/3", "PENDING")))
    assert any("out of order" in p for p in checks.verdict_problems(
        "## Verdict\n- Recommendation: CLOSE\n- Criteria passed: 3/3\n- Regressions: none\n- Scope drift: none\n- Simplification blockers: none\n"))
    assert checks.verdict_problems("# V\n") == ["verification.md has no filled '## Verdict' section"]


def test_checked_edits_refuse_what_the_validator_errors_on():
    bad = STATE + "\n- EXECUTE → PIVOT (no)\n"
    assert any("EXECUTE→PIVOT" in e and e.startswith("[transition]") for e in state_errors(bad))
    six = STATE.replace("## Iteration: 0", "## Iteration: 6")
    assert any(e.startswith("[iteration]") for e in state_errors(six))
    assert state_errors(STATE) == []
