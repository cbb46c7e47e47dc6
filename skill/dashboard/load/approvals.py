"""``plans/<id>/approvals.jsonl``: the user's words per approved move, read through the file's
owner (:mod:`skill.plans.approvals`, which skips a line that is not one of its records)."""

from __future__ import annotations

from pathlib import Path

from skill.dashboard.load.times import time_in
from skill.dashboard.model import Approval
from skill.plans import approvals
from skill.plans.state import ARROW
from skill.plans.textio import read_text


def read(folder: Path) -> tuple[Approval, ...]:
    return tuple(
        Approval(
            time_in(record.time),
            f"{record.source} {ARROW} {record.target}",
            record.words,
            record.plan_md_digest or None,
            again=record.move == approvals.REAPPROVAL,
        )
        for record in approvals.parse(read_text(folder / approvals.APPROVALS))
    )
