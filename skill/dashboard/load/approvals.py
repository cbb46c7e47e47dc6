"""``plans/<id>/approvals.jsonl``: the user's words per approved move, one JSON object a line.

The shape is being settled: ``{"time", "move", "from", "to", "words", "plan_md_digest"}``, with
``"move": "approve"`` for a re-approval of an edited plan. :func:`read` is the one reader and
tolerates what it does not know: a line that is not a JSON object is skipped, a missing field is
empty, and the older spellings (``"move": "A → B"`` or ``{"from", "to"}``, ``ts``/``when``,
``user``) are read too. It will call the owner's reader once the file has one.
"""

from __future__ import annotations

import json
from pathlib import Path

from skill.dashboard.load.times import time_in
from skill.dashboard.model import Approval
from skill.plans.state import ARROW
from skill.plans.textio import read_text

FILE = "approvals.jsonl"
REAPPROVAL = "approve"


def _text(record: dict[str, object], *keys: str) -> str | None:
    for key in keys:
        value = record.get(key)
        if value not in (None, ""):
            return str(value)
    return None


def records(text: str | None) -> list[dict[str, object]]:
    """The JSON objects of a .jsonl text, one per line; other lines are skipped."""
    found = []
    for line in (text or "").split("\n"):
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict):
            found.append(value)
    return found


def _move(record: dict[str, object]) -> str:
    move = record.get("move")
    ends = move if isinstance(move, dict) else record
    source, target = _text(ends, "from"), _text(ends, "to")
    if source or target:
        return f"{source or '?'} {ARROW} {target or '?'}"
    return str(move) if move not in (None, "") and not isinstance(move, dict) else "?"


def read(folder: Path) -> tuple[Approval, ...]:
    return tuple(
        Approval(
            time_in(_text(record, "time", "ts", "when", "at") or ""),
            _move(record),
            _text(record, "words", "user", "text") or "",
            _text(record, "plan_md_digest", "digest", "plan_digest", "plan_md_sha256"),
            again=record.get("move") == REAPPROVAL,
        )
        for record in records(read_text(folder / FILE))
    )
