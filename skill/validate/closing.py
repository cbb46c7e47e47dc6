"""``[close-incomplete]``: a close of the plan started and did not finish (ERROR).

The close writes its record (:mod:`skill.plans.closing`) before anything else and marks it
finished after the last merge, so a record without the finish line means the cross-plan files may
hold only part of this plan. Running ``close`` again finishes it.
"""

from __future__ import annotations

from skill import CLI_PREFIX
from skill.plans import closing
from skill.validate.context import PlanContext


def check_close_progress(ctx: PlanContext) -> None:
    progress = closing.read_progress(ctx.plan_dir)
    if progress is None or not progress.interrupted:
        return
    ctx.sink.error(
        "close-incomplete",
        f"a close of this plan started {progress.started or '(time unreadable)'} and did not finish: "
        "plans/FINDINGS.md, DECISIONS.md and INDEX.md may hold only part of it. Run "
        f"`{CLI_PREFIX} bootstrap close` once to finish it.",
        closing.PROGRESS_NAME,
    )
