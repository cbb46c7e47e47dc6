"""``approvals.jsonl`` and ``approved-plan.md``: what the user said yes to, and when.

``plans/<id>/approvals.jsonl`` is append-only, one JSON object per line, keys exactly::

    {"time": "2026-11-30T21:15:50Z", "move": "PLAN → EXECUTE", "from": "PLAN", "to": "EXECUTE",
     "words": "<the user's words, one line>", "plan_md_digest": "sha256:<hex>"}

One line is written for each user-gated move (PLAN → EXECUTE, PIVOT → PLAN, REFLECT → EXECUTE,
REFLECT → CLOSE) and for each re-approval of the plan in EXECUTE (``approve``: move ``approve``,
from and to ``EXECUTE``). ``words`` are the user's words as given to ``--user``, on one line, with
arrows and comment delimiters defused as in history notes.

The digest is taken over :func:`skill.plans.plan.approval_view`, which leaves out what the tool and
the Post-Step Gate change (step markers, checkbox ticks, the Complexity Budget's counts). The
pre-step gate compares plan.md with the latest line whose move approves the plan (PLAN → EXECUTE or
``approve``) and names the sections that differ from ``approved-plan.md``, the copy kept beside it.

Light on purpose: the pre-step gate imports it (``hashlib``, ``json``).
"""

from __future__ import annotations

import hashlib
import json

from skill.plans.layout import APPROVALS_JSONL
from skill.plans.plan import approval_view, section_bodies
from skill.slots import Slotted

APPROVALS = APPROVALS_JSONL
APPROVED_PLAN = "approved-plan.md"
#: The ``move`` of a re-approval of the current plan.md during EXECUTE.
REAPPROVAL = "approve"
#: Moves whose record fixes the plan the gate compares with.
PLAN_APPROVALS = ("PLAN → EXECUTE", REAPPROVAL)
KEYS = ("time", "move", "from", "to", "words", "plan_md_digest")


def plan_digest(plan_text: str | None) -> str:
    """``sha256:<hex>`` of plan.md's approval view (of the empty text when plan.md is missing)."""
    view = approval_view(plan_text or "")
    return "sha256:" + hashlib.sha256(view.encode("utf-8")).hexdigest()


class Approval(Slotted):
    """One approvals.jsonl record (a plain class: the pre-step gate reads these)."""

    __slots__ = ("time", "move", "source", "target", "words", "plan_md_digest")

    def __init__(self, time: str, move: str, source: str, target: str, words: str, plan_md_digest: str) -> None:
        self.time = time
        self.move = move
        self.source = source
        self.target = target
        self.words = words
        self.plan_md_digest = plan_md_digest

    def as_dict(self) -> dict[str, str]:
        values = (self.time, self.move, self.source, self.target, self.words, self.plan_md_digest)
        return dict(zip(KEYS, values, strict=True))

    @property
    def approves_plan(self) -> bool:
        return self.move in PLAN_APPROVALS


def record_line(approval: Approval) -> str:
    """The one writer of an approvals.jsonl line (no newline inside, none at the end)."""
    return json.dumps(approval.as_dict(), ensure_ascii=False)


def parse_line(line: str) -> Approval | None:
    """The record on one line, or None when it is not such an object."""
    try:
        data = json.loads(line)
    except ValueError:
        return None
    if not isinstance(data, dict) or not all(isinstance(data.get(key), str) for key in KEYS):
        return None
    return Approval(*(data[key] for key in KEYS))


def parse(text: str | None) -> list[Approval]:
    """Every well-formed line, in file order (a line that is not such an object is skipped)."""
    found = (parse_line(line) for line in (text or "").split("\n") if line.strip())
    return [approval for approval in found if approval is not None]


def latest_plan_approval(text: str | None) -> Approval | None:
    """The last record that approved plan.md (PLAN → EXECUTE or a re-approval), read from the end."""
    for line in reversed((text or "").split("\n")):
        approval = parse_line(line) if line.strip() else None
        if approval is not None and approval.approves_plan:
            return approval
    return None


def appended(text: str | None, approval: Approval) -> str:
    """``text`` with the record appended, unless the last line already is the same approval
    (same move, words and digest): an interrupted command run again records it once."""
    records = parse(text)
    if records:
        last = records[-1]
        if (last.move, last.words, last.plan_md_digest) == (
            approval.move,
            approval.words,
            approval.plan_md_digest,
        ):
            return text or ""
    base = text or ""
    if base and not base.endswith("\n"):
        base += "\n"
    return base + record_line(approval) + "\n"


def changed_sections(approved_text: str, current_text: str) -> list[str]:
    """Headings whose content differs between two plan.md texts, compared as approval views."""
    before = section_bodies(approval_view(approved_text))
    after = section_bodies(approval_view(current_text))
    names = list(after) + [name for name in before if name not in after]
    return [name for name in names if before.get(name) != after.get(name)]
