"""The Verdict rules of 2.58: field bullets with exact labels, in order; PENDING is a WARN at
REFLECT, an ERROR at CLOSE and silent elsewhere; fenced examples are not fields."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from skill.plans.verification import VERDICT_LABELS, label_fields, scan_verdict

from .validate_helpers import issues, slugs, write_plan

FILLED = """- Criteria passed: 5/5
- Regressions: none
- Scope drift: none
- Simplification blockers: none
- Recommendation: CLOSE
"""

CLEAN = {
    "markers": "* Criteria passed: 3/3\n+ Regressions: none\n1. Scope drift: none\n2) Simplification blockers: none\n- Recommended transition: CLOSE\n",
    "bold labels": "- **Criteria passed**: 3/3\n- **Regressions**: none\n- **Scope drift**: none\n- **Simplification blockers**: none\n- **Recommendation**: CLOSE\n",
    "parenthetical": "- Criteria passed (C-1..C-5): 5/5\n- Regressions: none\n- Scope drift: none\n- Simplification blockers: none\n- Recommendation: CLOSE\n",
    "compound": "- Criteria passed: 5/5\n- Regressions / scope drift: none\n- Simplification blockers: none\n- Recommendation: CLOSE\n",
    "nested commentary": FILLED + "  - Recommendation-related follow-up: none\n  - Regressions: PENDING soak test\n",
    "fenced skeleton": "```\n- Criteria passed: PENDING\n- Regressions: PENDING\n```\n" + FILLED,
    "indented list": "".join(f"    {line}\n" for line in FILLED.splitlines()),
    "narrative first": "No regressions were introduced and scope drift was avoided.\n\n" + FILLED,
    "verify verdict's shape": FILLED,
}

MISSING = {
    "table": "| Field | Value |\n|---|---|\n| Criteria passed | 5/5 |\n| Regressions | none |\n| Scope drift | none |\n| Simplification blockers | none |\n| Recommendation | CLOSE |\n",
    "bold paragraphs": "**Criteria passed**: 3/3\n\n**Regressions**: none\n\n**Scope drift**: none\n\n**Simplification blockers**: none\n\n**Recommendation**: CLOSE\n",
    "blockquote": "".join(f"> {line}\n" for line in FILLED.splitlines()),
    "extra words": FILLED.replace("- Regressions: none", "- Regressions found: none"),
}


def _verification(verdict: str) -> str:
    return "# Verification\n\n## Criteria Verification\n\n## Verdict\n" + verdict


def _verdict_issues(tmp_path, state: str, verdict: str):
    plan = write_plan(tmp_path, state=state)
    (plan / "verification.md").write_text(_verification(verdict))
    return slugs(issues(tmp_path), "verdict")


@pytest.mark.parametrize("state", ["REFLECT", "CLOSE"])
@pytest.mark.parametrize("name", sorted(CLEAN))
def test_clean_verdicts_pass(tmp_path, state: str, name: str) -> None:
    assert _verdict_issues(tmp_path, state, CLEAN[name]) == []


@pytest.mark.parametrize("state", ["EXECUTE", "REFLECT", "CLOSE"])
@pytest.mark.parametrize("name", sorted(MISSING))
def test_forms_that_are_not_fields_are_missing_in_any_state(tmp_path, state: str, name: str) -> None:
    found = _verdict_issues(tmp_path, state, MISSING[name])
    assert [i.severity for i in found] == ["ERROR"]
    assert "lacks required bullet(s)" in found[0].message
    if name == "extra words":
        assert "lacks required bullet(s): Regressions." in found[0].message


def test_swapped_bullets_are_out_of_order(tmp_path) -> None:
    lines = FILLED.splitlines()
    lines[1], lines[2] = lines[2], lines[1]
    found = _verdict_issues(tmp_path, "EXECUTE", "\n".join(lines) + "\n")
    assert [(i.severity, "out of order" in i.message) for i in found] == [("ERROR", True)]


@pytest.mark.parametrize(
    ("state", "expected"), [("EXECUTE", []), ("PLAN", []), ("REFLECT", ["WARN"]), ("CLOSE", ["ERROR"])]
)
def test_one_pending_field_by_state(tmp_path, state: str, expected: list[str]) -> None:
    verdict = FILLED.replace("- Regressions: none", "- Regressions: PENDING (full suite tonight)")
    found = _verdict_issues(tmp_path, state, verdict)
    assert [i.severity for i in found] == expected
    if found:
        assert f"at {state}: Regressions." in found[0].message


def test_the_bootstrap_template_verdict_pends_at_reflect(tmp_path) -> None:
    from skill.plans.render import render

    plan = write_plan(tmp_path, state="REFLECT")
    (plan / "verification.md").write_text(render("verification", plan_id="plan_2026-05-15_aaaabbbb"))
    found = slugs(issues(tmp_path), "verdict")
    assert [i.severity for i in found] == ["WARN"]
    assert all(label in found[0].message for label in ("Criteria passed", "Recommend"))


def test_an_unterminated_fence_hides_nothing() -> None:
    scan = scan_verdict("```\n" + FILLED.replace("none", "PENDING"))
    assert scan.missing() == [] and scan.unfilled() == ["Regressions", "Scope drift", "Simplification blockers"]


def test_recommended_value_is_read_from_the_field() -> None:
    assert scan_verdict(FILLED).value(4) == "CLOSE"
    assert scan_verdict("- Recommendation: PENDING\n- Recommended transition: PIVOT").value(4) == "PIVOT"


@given(st.sampled_from(VERDICT_LABELS), st.sampled_from(["", "**", "_", "`"]), st.sampled_from(["", ":", "."]))
def test_decoration_never_changes_which_field(label: str, mark: str, tail: str) -> None:
    expected = label_fields(label)
    assert label_fields(f"{mark}{label}{mark}{tail}") == expected
    assert label_fields(f"{mark}{label.upper()}{mark} (C-1..C-3)") == expected


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=20))
def test_extra_words_make_commentary(word: str) -> None:
    assume(word.strip() and " and " not in f" {word} ")
    assert label_fields(f"Regressions {word.strip()}") == ()
