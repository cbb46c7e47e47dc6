"""The validator checks 2.57.3–2.66.0 added or changed, against hand-written plan folders in the
shape 2.66.0 writes (sub-steps, hygiene records, reviewer files, fragments, the window)."""

from __future__ import annotations

import pytest

from skill.plans import state as statefile

from .validate_helpers import PLAN_ID, TOPIC, issues, pairs, slugs, state_md, write_plan

REPORT = "# Hygiene Sweep — Iteration {n}\n\n## Inherited\nTotal: 0\n\n## Introduced\n(none)\n\n## Verdict\n{verdict}\n"
REVIEW = "# Adversarial Review — Iteration 1\n\n## Concerns\n(none)\n\n## Blind Spots\nnone\n\n## Verdict\nREADY_TO_CLOSE\n"


def _history(plan, *lines: str, state: str = "REFLECT", iteration: str = "1") -> None:
    text = state_md(state=state, iteration=iteration, extra="\n".join(lines))
    (plan / "state.md").write_text(text)


# -- [hygiene-gate] ----------------------------------------------------------------------------


@pytest.mark.parametrize(("state", "severity"), [("REFLECT", "WARN"), ("CLOSE", "ERROR")])
def test_hygiene_gate_without_a_record(tmp_path, state: str, severity: str) -> None:
    plan = write_plan(tmp_path, state=state)
    found = slugs(issues(tmp_path), "hygiene-gate")
    assert [i.severity for i in found] == [severity]
    assert "iteration 1" in found[0].message and "hygiene skip" in found[0].message
    (plan / "findings" / "hygiene-iter-1.md").write_text(REPORT.format(n=1, verdict="SCAN_UNTRUSTWORTHY"))
    assert slugs(issues(tmp_path), "hygiene-gate") == []


@pytest.mark.parametrize("state", ["EXPLORE", "PLAN", "EXECUTE", "PIVOT"])
def test_hygiene_gate_is_silent_before_reflect(tmp_path, state: str) -> None:
    write_plan(tmp_path, state=state)
    assert slugs(issues(tmp_path), "hygiene-gate") == []


def test_a_report_without_a_verdict_heading_is_no_record(tmp_path) -> None:
    plan = write_plan(tmp_path, state="CLOSE")
    (plan / "findings" / "hygiene-iter-1-pass2.md").write_text("# Hygiene\n\n## Inherited\n\n## Introduced\n")
    assert [i.severity for i in slugs(issues(tmp_path), "hygiene-gate")] == ["ERROR"]


def test_a_pass_report_satisfies_the_gate(tmp_path) -> None:
    plan = write_plan(tmp_path, state="CLOSE")
    (plan / "findings" / "hygiene-iter-1-pass2.md").write_text(REPORT.format(n=1, verdict="REPORT_ONLY"))
    assert slugs(issues(tmp_path), "hygiene-gate") == []


def test_skip_line_with_arrows_is_no_transition(tmp_path) -> None:
    plan = write_plan(tmp_path)
    skip = "- HYGIENE SKIP (iter 2): reviewer NEEDS_WORK; REFLECT → EXECUTE then EXECUTE → REFLECT"
    _history(
        plan,
        "- EXECUTE → REFLECT (done)",
        "- REFLECT → EXECUTE (completion fix)",
        "- EXECUTE → REFLECT (done again)",
        skip,
        iteration="2",
    )
    text = (plan / "state.md").read_text()
    found = issues(tmp_path)
    assert slugs(found, "transition") == [] and slugs(found, "hygiene-gate") == []
    assert statefile.derived_iteration(text)[0] == 2  # the skip line's arrows are not counted


def test_en_dash_skip_bullet_counts(tmp_path) -> None:
    plan = write_plan(tmp_path)
    _history(plan, "\u2013 HYGIENE SKIP (iter 1): tree changes next")
    assert slugs(issues(tmp_path), "hygiene-gate") == []


@pytest.mark.parametrize(("state", "severity"), [("REFLECT", "WARN"), ("CLOSE", "ERROR")])
def test_skip_for_another_iteration_is_named(tmp_path, state: str, severity: str) -> None:
    plan = write_plan(tmp_path)
    _history(plan, "- HYGIENE SKIP (iter 1): early", state=state, iteration="2")
    found = slugs(issues(tmp_path), "hygiene-gate")
    assert [i.severity for i in found] == [severity]
    assert "iteration 2" in found[0].message and "skip line for iteration 1" in found[0].message


def test_declared_zero_falls_back_to_replans(tmp_path) -> None:
    plan = write_plan(tmp_path)
    _history(plan, "- REFLECT → PIVOT (approach failed)", "- PIVOT → PLAN (new approach)", iteration="0")
    assert "iteration 2" in slugs(issues(tmp_path), "hygiene-gate")[0].message
    _history(
        plan,
        "- REFLECT → PIVOT (approach failed)",
        "- PIVOT → PLAN (new approach)",
        "- HYGIENE SKIP (iter 2): re-planned, nothing built yet",
        iteration="0",
    )
    assert slugs(issues(tmp_path), "hygiene-gate") == []


def test_a_skip_inside_a_comment_does_not_count(tmp_path) -> None:
    plan = write_plan(tmp_path)
    _history(plan, "<!--\n- HYGIENE SKIP (iter 1): example\n-->")
    assert len(slugs(issues(tmp_path), "hygiene-gate")) == 1


# -- findings files by name ----------------------------------------------------------------------


def test_reviewer_and_hygiene_files_have_their_own_sections(tmp_path) -> None:
    plan = write_plan(tmp_path)
    (plan / "findings" / "review-iter-1.md").write_text(REVIEW)
    (plan / "findings" / "review-iter-1-pass2.md").write_text(REVIEW)
    (plan / "findings" / "hygiene-iter-1.md").write_text(REPORT.format(n=1, verdict="CLEAN"))
    assert slugs(issues(tmp_path), "findings-topic") == []
    (plan / "findings" / "review-iter-2.md").write_text(TOPIC)
    (plan / "findings" / "hygiene-iter-2.md").write_text(REVIEW)
    (plan / "findings" / "auth-2.md").write_text(REVIEW)
    found = {i.file: i.message for i in slugs(issues(tmp_path), "findings-topic")}
    assert set(found) == {"findings/review-iter-2.md", "findings/hygiene-iter-2.md", "findings/auth-2.md"}
    assert "Concerns, Blind Spots, Verdict" in found["findings/review-iter-2.md"]
    assert "Inherited, Introduced" in found["findings/hygiene-iter-2.md"]
    assert "Summary" in found["findings/auth-2.md"]


def test_index_link_fragment_names_the_file(tmp_path) -> None:
    plan = write_plan(tmp_path)
    (plan / "findings.md").write_text(
        "# Findings\n\n## Index\n- [Auth](findings/f1.md#entry-points) — a\n- [B](findings/f2.md) — b\n"
        "- [C](findings/f3.md) — c\n- [Top](#index) — self\n"
    )
    assert slugs(issues(tmp_path), "findings-index") == []
    (plan / "findings" / "f1.md").unlink()
    found = slugs(issues(tmp_path), "findings-index")
    assert pairs(found) == [("ERROR", "findings-index")] and "f1.md#entry-points" in found[0].message


def test_index_table_rows_count_as_findings(tmp_path) -> None:
    plan = write_plan(tmp_path, state="PLAN")
    (plan / "findings.md").write_text(
        "# Findings\n\n## Index\n| Topic | Summary |\n|---|---|\n| [A](findings/f1.md) | a |\n"
        "| [B](findings/f2.md) | b |\n| [C](findings/f3.md) | c |\n"
    )
    assert slugs(issues(tmp_path), "findings") == []


# -- changelog ------------------------------------------------------------------------------------

LINE = "2026-09-11T14:02:11Z | {step} | 4f2a9c1 | src/x.py | EDIT(+3,-1) | radius:LOW(1) | - | {reason}"


def _changelog(plan, *lines: str) -> None:
    (plan / "changelog.md").write_text("# Changelog\n*Format: …*\n\n" + "\n".join(lines) + "\n")


def test_sub_steps_are_legal_and_deeper_ones_are_not(tmp_path) -> None:
    plan = write_plan(tmp_path)
    _changelog(
        plan,
        LINE.format(step="iter-1/step-9.1", reason="hygiene fix"),
        LINE.format(step="iter-1/step-9.2", reason="second fix"),
        LINE.format(step="iter-1/completion-fix", reason="bad"),
        LINE.format(step="iter-1/step-9.1.2", reason="too deep"),
    )
    found = slugs(issues(tmp_path), "changelog-malformed")
    assert [i.line for i in found] == [6, 7]
    assert all(r"^iter-\d+\/step-\d+(?:\.\d+)?$" in i.message for i in found)


def test_multi_line_comments_are_not_read_and_anomalies_are_named(tmp_path) -> None:
    plan = write_plan(tmp_path)
    _changelog(plan, "<!--", "not an entry at all", "-->", LINE.format(step="iter-1/step-1", reason="ok"))
    found = issues(tmp_path)
    assert slugs(found, "changelog-malformed") == [] and slugs(found, "changelog-comment-anomaly") == []
    _changelog(
        plan,
        LINE.format(step="iter-1/step-1", reason="stray <!-- in a reason"),
        "garbage hidden",
        "--> trailing data",
    )
    found = issues(tmp_path)
    assert [i.line for i in slugs(found, "changelog-malformed")] == [6]  # only the text after -->
    anomalies = slugs(found, "changelog-comment-anomaly")
    assert [(i.severity, i.line) for i in anomalies] == [("WARN", 4), ("WARN", 6)]
    assert "text before its '<!--'" in anomalies[0].message and "after its '-->'" in anomalies[1].message


# -- iterations: convergence by re-plans, checkpoints by the larger count --------------------------


def test_convergence_counts_replans_only(tmp_path) -> None:
    plan = write_plan(tmp_path)
    loops = ["- EXECUTE → REFLECT (a)", "- REFLECT → EXECUTE (fix)", "- EXECUTE → REFLECT (b)"]
    _history(plan, *loops)
    assert slugs(issues(tmp_path), "convergence") == []
    _history(plan, *loops, "- REFLECT → PIVOT (failed)", "- PIVOT → PLAN (again)", "- PLAN → EXECUTE (go)",
             "- EXECUTE → REFLECT (c)")
    assert pairs(slugs(issues(tmp_path), "convergence")) == [("WARN", "convergence")]


def test_checkpoints_use_the_derived_iteration(tmp_path) -> None:
    plan = write_plan(tmp_path)
    (plan / "checkpoints").rmdir()
    _history(plan, "- EXECUTE → REFLECT (a)", "- REFLECT → EXECUTE (b)", "- EXECUTE → REFLECT (c)",
             state="EXECUTE")
    found = slugs(issues(tmp_path), "checkpoints")
    assert pairs(found) == [("WARN", "checkpoints")] and "iteration 2" in found[0].message


def test_presentation_contract_is_not_checked(tmp_path) -> None:
    plan = write_plan(tmp_path)
    (plan / "state.md").write_text(state_md().replace("(user approved,", "(approved,"))
    assert slugs(issues(tmp_path), "presentation-contract-unlogged") == []


def test_placeholder_criterion_rows_are_not_judged(tmp_path) -> None:
    plan = write_plan(tmp_path, state="REFLECT")
    (plan / "verification.md").write_text(
        "# V\n\n## Criteria Verification\n| # | Criterion | Method | Command | Result | Evidence |\n"
        "|---|---|---|---|---|---|\n| 1 | *To be populated during PLAN* | - | - | PENDING | - |\n"
        "| 2 | real one | test | pytest | PASS | - |\n"
    )
    found = slugs(issues(tmp_path), "evidence")
    assert len(found) == 1 and '"real one"' in found[0].message


# -- INDEX.md orphans ------------------------------------------------------------------------------

OTHER_A = "plan-2026-01-01T000000-aaaaaaaa"
OTHER_B = "plan-2026-01-02T000000-bbbbbbbb"
OTHER_C = "plan_2026-01-03_cccccccc"


def test_index_orphan_only_when_nothing_of_the_plan_survives(tmp_path) -> None:
    write_plan(tmp_path)
    plans = tmp_path / "plans"
    (plans / OTHER_A).mkdir()
    (plans / "INDEX.md").write_text(
        "# Plan Index\n\n| Plan | Date | Goal | Key Topics |\n|------|------|------|------------|\n"
        f"| {OTHER_A} | 2026-01-01 | a | x |\n| {OTHER_B} | 2026-01-02 | b | y |\n"
        f"| {OTHER_C} | 2026-01-03 | c | z |\n| {PLAN_ID} | 2026-05-15 | me | w |\n"
    )
    (plans / "DECISIONS.md").write_text(f"# Decisions\n\n## {OTHER_B}\n### D-001 | PLAN | 2026-01-02\n")
    found = slugs(issues(tmp_path), "index-orphan")
    assert pairs(found) == [("WARN", "index-orphan")] and OTHER_C in found[0].message


@pytest.mark.parametrize(
    ("state", "version", "warns"),
    [("PLAN", 2, False), ("PLAN", 1, False), ("PLAN", 3, True), ("EXECUTE", 2, True), ("REFLECT", 1, False)],
)
def test_plan_version_in_plan_names_the_coming_iteration(tmp_path, state: str, version: int, warns: bool) -> None:
    plan = write_plan(tmp_path, state=state)
    text = (plan / "plan.md").read_text().replace("# Plan v1:", f"# Plan v{version}:")
    (plan / "plan.md").write_text(text)
    assert bool(slugs(issues(tmp_path), "consistency")) is warns
