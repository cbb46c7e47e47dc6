"""The convergence score of ``references/convergence-metrics.md``, measured by ``verify verdict``.

``score = pass_rate_delta + scope_stability + issue_trend``, from this iteration's figures and
the ones the previous iteration's verdict recorded (:mod:`skill.plans.convergence`). Iteration 1
records its figures with ``N/A — first iteration``; a later iteration without recorded figures
before it says so instead of inventing a score.
"""

from __future__ import annotations

from skill.plans import convergence
from skill.plans import state as statefile
from skill.plans.convergence import Figures
from skill.plans.textio import js_parse_int


def iteration_of(state_text: str | None) -> int:
    """The iteration the convergence rule counts: declared, or 1 + the re-plans when larger
    (REFLECT → EXECUTE fix loops stay in their iteration), as the validator reads it."""
    declared = js_parse_int(statefile.declared_iteration(state_text), radix10=True) or 0
    return max(declared, statefile.replan_iteration(state_text), 1)


def stability(planned: int, changed: int) -> float:
    if planned == 0:
        return 1.0 if changed == 0 else 0.0
    return 1 - min(max(abs(changed - planned) / planned, 0.0), 1.0)


def _rate(figures: Figures) -> float | None:
    try:
        return float(figures.pass_rate)
    except ValueError:
        return None


def _count(figures: Figures) -> int | None:
    try:
        return int(figures.issues)
    except ValueError:
        return None


def measure(text: str, iteration: int, passed: int, total: int, planned: int, changed: int, issues: int,
            visit: int | None = None) -> str:
    """verification.md ``text`` with its Convergence Metrics for ``iteration``."""
    current = Figures(f"{passed / total if total else 0.0:.2f}", f"{planned}/{changed}", str(issues))
    recorded = convergence.read(text)
    previous, previous_iteration = None, None
    if recorded is not None and recorded.iteration < iteration:
        previous, previous_iteration = recorded.current, recorded.iteration
    elif recorded is not None and recorded.iteration == iteration:  # the same iteration, verified again
        previous, previous_iteration = recorded.previous, recorded.previous_iteration
    steady = stability(planned, changed)
    old_rate = _rate(previous) if previous else None
    old_issues = _count(previous) if previous else None
    if old_rate is None or old_issues is None:
        why = "first iteration" if iteration == 1 else f"no figures recorded for iteration {iteration - 1}"
        return convergence.write(text, iteration, current, None, None, ("-", f"{steady:.2f}", "-"), f"N/A — {why}", visit)
    rate_delta = float(current.pass_rate) - old_rate
    trend = (old_issues > issues) - (old_issues < issues)
    score = rate_delta + steady + trend
    deltas = (f"{rate_delta:+.2f}", f"{steady:.2f}", f"{trend:+d}")
    return convergence.write(text, iteration, current, previous, previous_iteration, deltas, f"{score:.2f}", visit)
