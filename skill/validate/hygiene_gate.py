"""``[hygiene-gate]``: at REFLECT and CLOSE, the current iteration has a hygiene-sweep record.

Either record satisfies it: a report ``findings/hygiene-iter-N.md`` (or ``-passM``) with a
``## Verdict`` heading, whatever the verdict, or a ``- HYGIENE SKIP (iter N): <reason>`` line in
state.md's Transition History (written by ``hygiene skip``). Missing both is a WARN at REFLECT and
an ERROR at CLOSE. ``N`` is the declared ``## Iteration:`` alone (a completion-fix loop does not
move it); when that is missing, not a number, or 0 or less, ``N`` is 1 + the re-plans on record.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from skill import CLI_PREFIX
from skill.plans import hygiene
from skill.plans import state as statefile
from skill.plans.markdown import strip_comments
from skill.plans.textio import js_parse_int, read_text
from skill.validate.context import PlanContext

GATED_STATES = ("REFLECT", "CLOSE")
_HISTORY_RE = re.compile(rf"^{re.escape(statefile.HISTORY_HEADING)}", re.MULTILINE)


def gate_iteration(state_text: str | None) -> int:
    """The iteration whose sweep record the gate asks for."""
    declared = js_parse_int(statefile.declared_iteration(state_text), radix10=True)
    if declared is not None and declared > 0:
        return declared
    return statefile.replan_iteration(state_text)


def recorded_skips(state_text: str | None) -> list[int]:
    """Iterations of the skip lines in state.md's history (comments ignored)."""
    visible = strip_comments(state_text) if state_text else ""
    heading = _HISTORY_RE.search(visible)
    return hygiene.skip_iterations(visible[heading.start() :] if heading else None)


def reports(plan_dir: Path, iteration: int) -> list[str]:
    """Names of the hygiene reports for ``iteration`` that carry a ``## Verdict`` heading."""
    folder = plan_dir / "findings"
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [
        name
        for name in names
        if hygiene.report_iteration(name) == iteration and hygiene.has_verdict(read_text(folder / name))
    ]


@dataclass(frozen=True)
class Gap:
    """No sweep record for ``iteration``; ``other_skips``: skip lines naming other iterations."""

    iteration: int
    other_skips: tuple[int, ...]

    def message(self, state: str) -> str:
        n = self.iteration
        text = (
            f"no hygiene-sweep record for iteration {n} at {state}: neither findings/hygiene-iter-{n}.md "
            f"(or -passM) with a '## Verdict' heading nor a '- HYGIENE SKIP (iter {n}): <reason>' line in "
            f"state.md. Run the sweep (`{CLI_PREFIX} hygiene scan`, ip-boyscout writes the report) or "
            f'record why not with `{CLI_PREFIX} hygiene skip --reason "…"`.'
        )
        if self.other_skips:
            named = ", ".join(str(i) for i in self.other_skips)
            text += f" (state.md has a skip line for iteration {named}, which is not iteration {n}.)"
        return text


def gap(plan_dir: Path, state_text: str | None) -> Gap | None:
    """What the gate misses for this plan folder and state.md text (None: a record exists)."""
    iteration = gate_iteration(state_text)
    skips = recorded_skips(state_text)
    if iteration in skips or reports(plan_dir, iteration):
        return None
    return Gap(iteration, tuple(sorted(set(skips))))


def check_hygiene_gate(ctx: PlanContext) -> None:
    if ctx.state not in GATED_STATES:
        return
    missing = gap(ctx.plan_dir, ctx.state_text)
    if missing is None:
        return
    severity = "ERROR" if ctx.state == "CLOSE" else "WARN"
    ctx.sink.add(severity, "hygiene-gate", missing.message(ctx.state), "state.md")
