"""plan.md, findings, progress, checkpoints, complexity budget, verification and consistency."""

from __future__ import annotations

from .validate_helpers import PLAN_MD, issues, pairs, slugs, write_plan


def _set_section(text: str, heading: str, body: str) -> str:
    start = text.index(f"## {heading}\n")
    end = text.find("\n## ", start + 1)
    end = len(text) if end < 0 else end + 1
    return text[:start] + f"## {heading}\n{body}\n" + text[end:]


def test_plan_md_missing_stops_section_checks(tmp_path):
    plan = write_plan(tmp_path)
    (plan / "plan.md").unlink()
    found = issues(tmp_path)
    assert ("ERROR", "plan") in pairs(found) and slugs(found, "plan-section") == []


def test_missing_and_empty_sections_error(tmp_path):
    plan = write_plan(tmp_path)
    (plan / "plan.md").write_text(
        _set_section(PLAN_MD, "Steps", "").replace("## Goal\nShip the fixture.\n", "")
    )
    found = slugs(issues(tmp_path), "plan-section")
    assert pairs(found) == [("ERROR", "plan-section"), ("ERROR", "plan-section")]
    assert "## Goal" in found[0].message and "## Steps" in found[1].message


def test_placeholder_only_after_plan(tmp_path):
    plan = write_plan(tmp_path)
    (plan / "plan.md").write_text(
        _set_section(PLAN_MD, "Failure Modes", "*To be determined later.*")
    )
    assert pairs(slugs(issues(tmp_path), "plan-section")) == [("WARN", "plan-section")]
    write_plan(tmp_path, state="PLAN")
    (plan / "plan.md").write_text(
        _set_section(PLAN_MD, "Failure Modes", "*To be determined later.*")
    )
    assert slugs(issues(tmp_path), "plan-section") == []


def test_budget(tmp_path):
    plan = write_plan(tmp_path)
    cases = {
        "- Files added: 7/3 max\n- New abstractions (classes): 1/2 max\n- Lines added vs removed: +9/-1": 1,
        "- Files added: 7/3 max (justified: the split needs it)": 0,
        "- Files added: 2/3 max\n- New abstractions: 2/2 max": 0,
        "- New abstractions (classes/modules/interfaces): 3/2 max": 1,
        "- **Files added: 8/3 max** — `(justified: generated code)`": 0,
        "- **Files added: 8/3 max** — because the plan is big.": 1,
        "- Files added: many/few max\n- TBD\n- Files: 0/3": 0,
    }
    for body, expected in cases.items():
        (plan / "plan.md").write_text(_set_section(PLAN_MD, "Complexity Budget", body))
        found = slugs(issues(tmp_path), "budget-exceeded")
        assert len(found) == expected, body
        assert all(i.severity == "WARN" for i in found)


def test_budget_placeholder_and_state_gating(tmp_path):
    plan = write_plan(tmp_path)
    (plan / "plan.md").write_text(
        _set_section(PLAN_MD, "Complexity Budget", "*To be defined during PLAN.*")
    )
    found = issues(tmp_path)
    assert ("WARN", "complexity") in pairs(found) and slugs(found, "budget-exceeded") == []
    write_plan(tmp_path, state="PLAN")
    (plan / "plan.md").write_text(
        _set_section(PLAN_MD, "Complexity Budget", "- Files added: 7/3 max")
    )
    assert slugs(issues(tmp_path), "budget-exceeded") == []


def test_findings_count_and_links(tmp_path):
    plan = write_plan(tmp_path)
    (plan / "findings.md").write_text(
        "# F\n\n## Index\n- [One](findings/f1.md)\n- [Gone](findings/gone.md)\n* star\n"
    )
    found = issues(tmp_path)
    assert ("WARN", "findings") in pairs(found)
    broken = slugs(found, "findings-index")
    assert (
        pairs(broken) == [("ERROR", "findings-index")] and "findings/gone.md" in broken[0].message
    )
    (plan / "findings.md").write_text(
        "# F\n\n## Index\n- [a](https://x.y)\n- [b](#top)\n1. [c](findings/f2.md)\n"
    )
    assert slugs(issues(tmp_path), "findings-index") == []
    write_plan(tmp_path, state="EXPLORE")
    (plan / "findings.md").write_text("# F\n\n## Index\n- [One](findings/f1.md)\n")
    assert slugs(issues(tmp_path), "findings") == []


def test_findings_topic_sections(tmp_path):
    plan = write_plan(tmp_path)
    (plan / "findings" / "f2.md").write_text("# T\n\n## Summary\nx\n\n## Risks / Unknowns\ny\n")
    found = slugs(issues(tmp_path), "findings-topic")
    assert len(found) == 1 and "Key Findings, Constraints, Code Patterns" in found[0].message


def test_progress(tmp_path):
    plan = write_plan(tmp_path)
    (plan / "progress.md").write_text("# P\n\n### Completed\n")
    found = slugs(issues(tmp_path), "progress")
    assert len(found) == 2


def test_checkpoints(tmp_path):
    plan = write_plan(tmp_path, iteration="2")
    assert pairs(slugs(issues(tmp_path), "checkpoints")) == [
        ("WARN", "checkpoints")
    ]  # empty folder
    (plan / "checkpoints" / "cp-001.md").write_text("x")
    assert slugs(issues(tmp_path), "checkpoints") == []
    (plan / "checkpoints" / "cp-001.md").unlink()
    (plan / "checkpoints").rmdir()
    assert pairs(slugs(issues(tmp_path), "checkpoints")) == [("WARN", "checkpoints")]
    write_plan(tmp_path, iteration="two")  # not a number: counted as 0, as 2.57.6 does
    assert slugs(issues(tmp_path), "checkpoints") == []
    write_plan(tmp_path, iteration="1", extra="- EXECUTE → REFLECT (a)\n- REFLECT → EXECUTE (b)\n- EXECUTE → REFLECT (c)")
    found = slugs(issues(tmp_path), "checkpoints")
    assert pairs(found) == [("WARN", "checkpoints")] and "iteration 2" in found[0].message


def test_consistency_and_convergence(tmp_path):
    plan = write_plan(tmp_path)
    (plan / "plan.md").write_text(PLAN_MD.replace("# Plan v1", "# Plan v2"))
    assert pairs(slugs(issues(tmp_path), "consistency")) == [("WARN", "consistency")]
    (plan / "plan.md").write_text(PLAN_MD)
    write_plan(tmp_path, state="REFLECT", iteration="2")
    (plan / "checkpoints" / "c.md").write_text("x")
    (plan / "plan.md").write_text(PLAN_MD.replace("# Plan v1", "# Plan v2"))
    assert pairs(slugs(issues(tmp_path), "convergence")) == [("WARN", "convergence")]
    text = (
        plan / "verification.md"
    ).read_text() + "\n## Convergence Metrics\n| Convergence score | - | - | - |\n"
    (plan / "verification.md").write_text(text)
    assert len(slugs(issues(tmp_path), "convergence")) == 1
    (plan / "verification.md").unlink()
    found = issues(tmp_path)
    assert ("ERROR", "consistency") in pairs(found) and slugs(found, "convergence") == []


def test_decisions_missing_and_summary_in_close(tmp_path):
    plan = write_plan(tmp_path, state="CLOSE")
    (plan / "decisions.md").unlink()
    found = slugs(issues(tmp_path), "consistency")
    assert pairs(found) == [("WARN", "consistency"), ("ERROR", "consistency")]
    (plan / "progress.md").unlink()
    assert slugs(issues(tmp_path), "consistency") == []  # the cross-file check needs progress.md


def _criteria(rows: str) -> str:
    return (
        "# V\n\n## Criteria Verification\n| # | Criterion | Method | Command | Result | Evidence |\n"
        f"|---|---|---|---|---|---|\n{rows}\n\n## Verdict\n- Criteria passed: 1\n- Regressions: 0\n"
        "- Scope drift: 0\n- Simplification blockers: 0\n- Recommendation: CLOSE\n"
    )


def test_evidence(tmp_path):
    plan = write_plan(tmp_path)
    cases = {
        "| 1 | SC1 | run | true | PASS | lgtm |": "weak Evidence",
        "| 1 | SC1 | run | true | PASS | - |": "empty Evidence",
        "| 1 | SC1 | run | true | PASS | green |": "single word",
        "| 1 | SC1 | run | true | PASS | 3/3 |": None,
        "| 1 | SC1 | run | true | PASS | 6 passed in 0.4s |": None,
    }
    for row, expected in cases.items():
        (plan / "verification.md").write_text(_criteria(row))
        found = slugs(issues(tmp_path), "evidence")
        if expected is None:
            assert found == [], row
        else:
            assert len(found) == 1 and expected in found[0].message, row


def test_alignment_and_header_rows_are_not_data(tmp_path):
    """Fixed: `|:--|` rows and header rows not starting `| # |` are not judged as data rows."""
    plan = write_plan(tmp_path)
    text = (
        "# V\n\n## Criteria Verification\n| No | Criterion | Method | Command | Result | Evidence |\n"
        "|:--|:--|:--|:--|:--|--:|\n| 1 | SC1 | run | true | PASS | all 3 passed |\n"
        "```\n| 2 | SC2 | run | true | PASS | - |\n```\n"
    )
    (plan / "verification.md").write_text(text)
    assert slugs(issues(tmp_path), "evidence") == []


def test_verdict(tmp_path):
    plan = write_plan(tmp_path)
    found = slugs(issues(tmp_path), "verdict")
    assert pairs(found) == [("ERROR", "verdict")]
    assert "Criteria passed, Regressions, Scope drift, Simplification blockers" in found[0].message
    (plan / "verification.md").write_text(
        "## Verdict\n- Regressions: 0\n- Criteria passed: 1\n- Scope drift: 0\n- Simplification blockers: 0\n"
    )
    assert pairs(slugs(issues(tmp_path), "verdict")) == [("ERROR", "verdict"), ("ERROR", "verdict")]
    (plan / "verification.md").write_text("## Verdict\n\n## Other\n")
    assert slugs(issues(tmp_path), "verdict") == []
