"""The loader's readers: tolerant of data later versions add, of hand edits, and of absent files."""

from __future__ import annotations

import json
import os

from hypothesis import given, settings
from hypothesis import strategies as st

from skill.dashboard import journey
from skill.dashboard.load import approvals, attempts, files, status, times, tree, work
from skill.dashboard.load.verification import verification
from skill.dashboard.model import Attempt, Move, Status, Verification

STATE = """# Current State: EXECUTE
## Iteration: 2
## Current Plan Step: 1 of 2
## Fix Attempts (resets per plan step)
- Step 1, attempt 1: tried x → failed
## Fix Attempt History
- iter-1/step-2 | archived 2026-03-01T09:00:00Z | leash hit | - Step 2, attempt 1: tried y → failed
- iter-1/step-2 | archived 2026-03-01T09:00:00Z | leash hit | - Step 2, attempt 2: tried z → failed
- iter-1 | reopened 2026-03-01T09:10:00Z | REFLECT → PIVOT
## Last Transition: PLAN → EXECUTE (2026-03-01T10:00:00Z)
## Transition History:
- INIT → EXPLORE (task started)
- EXPLORE → PLAN (findings done, 2026-03-01T08:00:00Z)
  - confidence: scope=deep, solutions=open, risks=clear
<!-- - PLAN → CLOSE (inside a comment: not a move) -->
- PLAN -> EXECUTE (PC-PLAN presented; plan approved (v1); 2026-03-01T08:30:00Z) (forced: approved)
- EXECUTE → REFLECT (leash hit; 2026-03-01T09:00:00Z)
- REFLECT → RE-PLAN (frozen settings; 2026-03-01T09:10:00Z)
- PIVOT → PLAN (new way; 2026-03-01T09:20:00Z)
- PLAN → EXECUTE (approved again)
"""


def test_moves_read_like_the_validator_reads_them():
    moves = status.moves(STATE)
    assert [(m.source, m.target) for m in moves] == [
        ("INIT", "EXPLORE"), ("EXPLORE", "PLAN"), ("PLAN", "EXECUTE"), ("EXECUTE", "REFLECT"),
        ("REFLECT", "PIVOT"), ("PIVOT", "PLAN"), ("PLAN", "EXECUTE"),
    ]
    assert [m.when for m in moves] == [
        None, "2026-03-01T08:00:00Z", "2026-03-01T08:30:00Z", "2026-03-01T09:00:00Z",
        "2026-03-01T09:10:00Z", "2026-03-01T09:20:00Z", "2026-03-01T10:00:00Z",
    ]
    assert moves[2].note == "PC-PLAN presented; plan approved (v1); 2026-03-01T08:30:00Z"


def test_visits_and_iterations_from_moves():
    moves = status.moves(STATE)
    path = journey.visits(moves, closed=False, created="2026-03-01T07:00:00Z")
    assert [v.iteration for v in path] == [0, 0, 1, 1, 1, 1, 2]
    assert path[0].start == "2026-03-01T07:00:00Z" and path[0].end == "2026-03-01T08:00:00Z"
    assert [v.current for v in path] == [False] * 6 + [True]
    found = journey.iterations(path, attempts.read(STATE, 2), Verification(recommendation="CLOSE"))
    assert [(i.number, i.outcome, i.verdict) for i in found] == [(1, "PIVOT", "verdict CLOSE"), (2, None, None)]


def test_attempts_live_and_archived():
    found = attempts.read(STATE, 2)
    assert [(a.step, a.number, a.what, a.result, a.iteration, a.live) for a in found] == [
        (2, 1, "tried y", "failed", 1, False),
        (2, 2, "tried z", "failed", 1, False),
        (1, 1, "tried x", "failed", 2, True),
    ]
    assert attempts.read(None, None) == ()


def test_approvals_read_through_their_owner(tmp_path):
    from skill.plans import approvals as owner

    assert approvals.read(tmp_path) == ()
    first = owner.Approval("2026-03-01T08:30:00Z", "PLAN → EXECUTE", "PLAN", "EXECUTE", "yes <b>go</b>", "sha256:" + "ab" * 32)
    again = owner.Approval("2026-03-01T08:40:00Z", owner.REAPPROVAL, "EXECUTE", "EXECUTE", "v2 is fine too", "sha256:cd")
    (tmp_path / "approvals.jsonl").write_text("\n".join([
        owner.record_line(first), "{broken", owner.record_line(again), json.dumps(["not", "an", "object"]),
        json.dumps({"move": "REFLECT -> CLOSE"}),  # not a record: skipped, as the gate skips it
    ]) + "\n")
    found = approvals.read(tmp_path)
    assert [(a.when, a.move, a.words, a.again) for a in found] == [
        ("2026-03-01T08:30:00Z", "PLAN → EXECUTE", "yes <b>go</b>", False),
        ("2026-03-01T08:40:00Z", "EXECUTE → EXECUTE", "v2 is fine too", True),
    ]
    assert found[0].digest == "sha256:" + "ab" * 32


def test_verification_rows_verdict_and_logs(tmp_path):
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "one.log").write_text("ok")
    outside = tmp_path.parent / "secret.log"
    outside.write_text("secret")
    (tmp_path / "link.log").symlink_to(outside)
    text = """## Criteria Verification
| # | Criterion | Method | Command/Action | Result | Evidence |
|---|---|---|---|---|---|
| 1 | *To be populated during PLAN* | - | - | PENDING | - |
| 2 | works | test | `pytest` | PASS | exit 0, see `logs/one.log` |
| 3 | safe | test | `x` | FAIL | ../secret.log link.log /etc/passwd logs/missing.log |

## Verdict
- Criteria passed: 1/2
- Regressions: none
- Scope drift: none
- Simplification blockers: none
- Recommended transition: EXECUTE (completion fix), not CLOSE
"""
    found = verification(text, tmp_path, "p/x.html")
    assert [c.number for c in found.criteria] == ["2", "3"]
    assert [log.label for log in found.criteria[0].logs] == ["logs/one.log"]
    assert found.criteria[0].logs[0].page.startswith("p/x-log-")
    assert found.criteria[1].logs == ()
    assert found.recommendation == "EXECUTE"
    assert [item.label for item in found.verdict][0] == "Criteria passed"
    assert verification(None, tmp_path, "p/x.html") == Verification()
    pending = text.replace("EXECUTE (completion fix), not CLOSE", "PENDING (→ CLOSE / PIVOT)")
    assert verification(pending, tmp_path, "p/x.html").recommendation is None


def test_steps_marker_and_state_step():
    plan = "## Steps\n1. [x] one\n2. [ ] two ← CURRENT\n3. three\n<!-- 4. hidden -->\n## Assumptions\n"
    assert work.steps(plan, 3) == [(1, "one", True, False), (2, "two", False, True), (3, "three", False, False)]
    unmarked = plan.replace(" ← CURRENT", "")
    assert [s[3] for s in work.steps(unmarked, 3)] == [False, False, True]
    assert work.steps(None, 1) == []


def test_a_folder_gone_plan_comes_from_its_index_row_and_sections(tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "INDEX.md").write_text(
        "# Plan Index\n\n| Plan | Date | Goal | Key Topics |\n|---|---|---|---|\n"
        "| plan_2025-01-02_0000abcd | 2025-01-02 | fix a \\| b | auth |\n| not-a-plan | x | y | z |\n"
    )
    (plans / "FINDINGS.md").write_text("# Consolidated\n\n## plan_2025-01-02_0000abcd\n### Index\n- a\n")
    found = tree.read_tree(tmp_path)
    assert list(found.rows) == ["plan_2025-01-02_0000abcd"]
    plan = tree.archived_plan(found.rows["plan_2025-01-02_0000abcd"], found.sections, str(tmp_path), "p/x.html")
    assert (plan.status.goal, plan.topics, plan.date, plan.closed, plan.folder) == (
        "fix a | b", "auth", "2025-01-02", True, None)
    assert [(d.name, d.text) for d in plan.documents] == [("FINDINGS.md (section)", "### Index\n- a")]


def test_plan_created_from_either_grammar():
    assert times.plan_created("plan-2026-03-01T081502-0000abcd") == "2026-03-01T08:15:02Z"
    assert times.plan_created("plan_2025-01-02_0000abcd") == "2025-01-02T00:00:00Z"


def test_waiting_needs_the_leash_on_the_current_step():
    status = Status("EXECUTE", "1", "2 of 3", "g", None)
    other_step = [Attempt(1, 1, "a", "failed"), Attempt(1, 2, "b", "failed")]
    assert journey.waiting(status, True, Verification(), other_step, 2, 2) == ()
    this_step = [Attempt(2, 1, "a", "failed"), Attempt(2, 2, "b", "failed")]
    assert [w.kind for w in journey.waiting(status, True, Verification(), this_step, 2, 2)] == ["leash"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("- →>()#;,:TZ0123456789PLANEXECUTREFLCTIVOS\n<!")), max_size=300))
def test_history_reader_never_fails(text):
    moves = status.moves("## Last Transition: " + text[:40] + "\n## Transition History:\n" + text)
    assert all(isinstance(m, Move) for m in moves)
    journey.visits(moves, closed=False, created=None)


def test_loader_reads_nothing_from_outside_plans(tmp_path):
    """A symlinked plan folder is not a plan folder (it could point anywhere)."""
    root = tmp_path / "proj"
    (root / "plans").mkdir(parents=True)
    target = tmp_path / "elsewhere"
    target.mkdir()
    os.symlink(target, root / "plans" / "plan-2026-03-01T081502-0000abcd")
    assert files.plan_folders(root / "plans") == ()


def test_archived_attempt_lines_name_their_iteration_and_time():
    from skill.plans import attempts as owner

    lines = [
        owner.archived_line(1, 1, "2026-03-01T08:50:00Z", "step set 2", "- Step 1, attempt 1: env var → failed"),
        owner.archived_line(1, 1, "2026-03-01T08:50:00Z", "step set 2", "- Step 1, attempt 2: frozen object → failed"),
        owner.reopened_line(1, "2026-03-01T09:00:00Z", "REFLECT → EXECUTE"),
        owner.archived_line(1, 2, "2026-03-01T09:30:00Z", "step next", "- Step 2, attempt 1: retry → failed"),
        owner.archived_line(1, None, "2026-03-01T09:40:00Z", "reset", "- Attempt 1: no clue → partial"),
    ]
    found = attempts.read("## Fix Attempt History\n" + "\n".join(lines) + "\n", 2)
    assert [(a.step, a.iteration, a.when, a.result) for a in found] == [
        (1, 1, "2026-03-01T08:50:00Z", "failed"), (1, 1, "2026-03-01T08:50:00Z", "failed"),
        (2, 1, "2026-03-01T09:30:00Z", "failed"), (None, 1, "2026-03-01T09:40:00Z", "partial"),
    ]
    dated = journey.dated(found, journey.visits(status.moves(STATE), closed=False, created=None))
    assert [a.iteration for a in dated] == [1, 1, 1, 1]
