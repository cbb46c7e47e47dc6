"""verification.md's Convergence Metrics: written by `verify verdict`, read back for the next iteration."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from skill.plans import convergence
from skill.plans.convergence import Figures
from skill.plans.markdown import extract_section
from skill.record.convergence import iteration_of, measure, stability

TEMPLATE = """# Verification Results

## Convergence Metrics
*Filled from iteration 2 on; formulas in references/convergence-metrics.md.*
| Metric | Previous | Current | Delta |
|--------|----------|---------|-------|
| **Convergence score** | - | - | - |

## Verdict
- Criteria passed: 1/2
"""


def section(text: str) -> str:
    return extract_section(text, convergence.CONVERGENCE) or ""


def test_iteration_one_records_its_figures_without_a_score():
    text = measure(TEMPLATE, 1, passed=0, total=1, planned=1, changed=0, issues=2)
    body = section(text)
    assert body.lstrip("\n").startswith("*Iteration 1, written by verify verdict")
    assert "| Pass rate | - | 0.00 | - |" in body and "| Scope (planned vs changed) | - | 1/0 | 0.00 |" in body
    assert "| **Convergence score** | - | - | N/A — first iteration |" in body
    assert text.index("## Convergence Metrics") < text.index("## Verdict")  # kept in place


def test_iteration_two_scores_against_the_recorded_figures_and_a_rerun_keeps_them():
    first = measure(TEMPLATE, 1, passed=0, total=1, planned=1, changed=0, issues=2)
    second = measure(first, 2, passed=1, total=1, planned=3, changed=3, issues=0)
    body = section(second)
    assert "*Iteration 2 against iteration 1," in body
    assert "| Pass rate | 0.00 | 1.00 | +1.00 |" in body and "| New issues found | 2 | 0 | +1 |" in body
    assert "| **Convergence score** | - | - | 3.00 |" in body
    # A REFLECT → EXECUTE fix loop re-verifies iteration 2: still against iteration 1.
    again = measure(second, 2, passed=1, total=2, planned=3, changed=4, issues=1)
    body = section(again)
    assert "*Iteration 2 against iteration 1," in body
    assert "| Pass rate | 0.00 | 0.50 | +0.50 |" in body and "| New issues found | 2 | 1 | +1 |" in body
    assert "| **Convergence score** | - | - | 2.17 |" in body  # 0.5 + (1 - 1/3) + 1


def test_no_recorded_previous_iteration_is_said_not_invented():
    body = section(measure(TEMPLATE, 3, passed=1, total=1, planned=1, changed=1, issues=0))
    assert "| **Convergence score** | - | - | N/A — no figures recorded for iteration 2 |" in body
    assert "against" not in body


def test_stability_follows_the_reference():
    assert stability(0, 0) == 1.0 and stability(0, 2) == 0.0
    assert stability(4, 4) == 1.0 and stability(4, 3) == 0.75 and stability(2, 9) == 0.0


def test_the_iteration_counts_replans_not_fix_loops():
    history = "# Current State: REFLECT\n## Iteration: 1\n## Transition History:\n"
    fix_loop = history + "- REFLECT → EXECUTE (fix)\n- EXECUTE → REFLECT (done)\n"
    replan = history + "- REFLECT → PIVOT (x)\n- PIVOT → PLAN (y)\n"
    assert iteration_of(fix_loop) == 1 and iteration_of(replan) == 2 and iteration_of(None) == 1


figure = st.builds(
    Figures,
    st.floats(0, 1).map(lambda x: f"{x:.2f}"),
    st.tuples(st.integers(0, 50), st.integers(0, 50)).map(lambda t: f"{t[0]}/{t[1]}"),
    st.integers(0, 99).map(str),
)


@given(st.integers(1, 40), figure, st.one_of(st.none(), figure))
def test_what_is_written_reads_back(iteration, current, previous):
    before = iteration - 1 if previous is not None and iteration > 1 else None
    text = convergence.write(TEMPLATE, iteration, current, previous if before else None, before, ("-", "-", "-"), "1.00")
    recorded = convergence.read(text)
    assert recorded is not None and recorded.iteration == iteration and recorded.current == current
    assert recorded.previous_iteration == before
    assert recorded.previous == (previous if before else None)


def test_a_hand_written_section_is_not_read_as_recorded():
    assert convergence.read(TEMPLATE) is None and convergence.read(None) is None


def test_the_reflect_visit_is_recorded_and_read_back():
    text = measure(TEMPLATE, 1, passed=1, total=1, planned=1, changed=1, issues=0, visit=3)
    assert "*Iteration 1, REFLECT visit 3, written by verify verdict" in section(text)
    recorded = convergence.read(text)
    assert recorded is not None and recorded.visit == 3
    assert convergence.read(measure(TEMPLATE, 1, 1, 1, 1, 1, 0)).visit is None  # type: ignore[union-attr]
