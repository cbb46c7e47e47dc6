"""``decision add``: the next ``## D-NNN | PHASE | YYYY-MM-DD`` entry of decisions.md.

decisions.md is written from PLAN to PIVOT (SKILL.md's lifecycle matrix: untouched in EXPLORE,
read-only at CLOSE). PHASE defaults to the current state; a PIVOT entry (``--kind pivot``) defaults
to ``PIVOT`` in PIVOT and ``REFLECT → PIVOT`` in REFLECT, and carries the Complexity Assessment the
validator requires, with the lines added this iteration counted from changelog.md and the new
abstractions read from plan.md's Complexity Budget. In PIVOT, an entry given neither ``--kind``
nor ``--phase`` is the pivot entry (the one the state exists to write).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from skill.errors import SkillError, refusal
from skill.plans import changelog, decisions, plan
from skill.plans.decisions import FieldValue, NewEntry
from skill.plans.edit import PlanEdit
from skill.plans.layout import CHANGELOG_MD, DECISIONS_MD, PLAN_MD
from skill.plans.store import Store
from skill.record.common import defuse, iteration, recording, require_file, text_value
from skill.record.result import Recorded
from skill.validate.anchor_scan import read_source, scan_text

STATES = ("PLAN", "EXECUTE", "REFLECT", "PIVOT")
KINDS = ("decision", "pivot")
_ANCHOR_RE = re.compile(r"(.+):([0-9]+)(?:-([0-9]+))?")
_OP_ADDED_RE = re.compile(r"^(?:CREATE|EDIT)\(\+([0-9]+)")
UNANSWERED = "unanswered"


@dataclass(frozen=True)
class DecisionRequest:
    context: str
    decision: str
    gain: str
    cost: str
    reasoning: str
    phase: str | None = None
    anchors: tuple[str, ...] = ()
    kind: str | None = None  # "decision", "pivot", or None: decided by the state
    what_failed: str | None = None
    learned: str | None = None
    simpler: str | None = None
    complexity: str | None = None


def check_anchor(root: Path, value: str) -> str:
    """``PATH:LINE`` or ``PATH:LINE-LINE``, with PATH a file inside the project; the normalised ref."""
    match = _ANCHOR_RE.fullmatch(value.strip())
    if match is None:
        raise SkillError(f"ERROR: --anchor {value!r} is not PATH:LINE (or PATH:LINE-LINE).\n  Nothing was written.", 2)
    path = match.group(1).strip().replace("\\", "/")
    absolute = os.path.normpath(os.path.join(os.path.abspath(root), path))
    rel = os.path.relpath(absolute, os.path.abspath(root)).replace(os.sep, "/")
    if rel.startswith("../") or rel == ".." or os.path.isabs(rel):
        raise SkillError(f"ERROR: --anchor {value!r} is outside the project root.\n  Nothing was written.", 2)
    if not os.path.isfile(absolute):
        raise SkillError(
            f"ERROR: --anchor {value!r}: {rel} is not a file of the project (the validator would report "
            "[anchor-refs-stale]).\n  Nothing was written.",
            2,
        )
    lines = match.group(2) + (f"-{match.group(3)}" if match.group(3) else "")
    return f"{rel}:{lines}"


def _pivot_phase(state: str) -> str | None:
    return {"PIVOT": "PIVOT", "REFLECT": "REFLECT → PIVOT"}.get(state)


def _phase(edit: PlanEdit, state: str, request: DecisionRequest) -> tuple[str, bool]:
    """(PHASE, whether the entry is a PIVOT entry). In PIVOT an entry without --kind or --phase is
    the pivot entry the state exists for."""
    pivot = request.kind == "pivot" or (request.kind is None and request.phase is None and state == "PIVOT")
    phase = text_value(request.phase, "--phase") if request.phase is not None else (_pivot_phase(state) if pivot else state)
    if not phase:
        raise refusal(
            edit.what,
            f"a PIVOT entry is written in REFLECT or PIVOT; the plan is in {state}.",
            ["Record the pivot after `transition PIVOT` (or pass --phase naming the move)."],
        )
    if pivot != decisions.is_pivot_phase(phase):
        if pivot:
            reason = f"--kind pivot needs a PIVOT phase (PIVOT, REFLECT → PIVOT); --phase is {phase!r}."
            remedy = "Drop --phase, or give a PIVOT phase."
        else:
            reason = f"the phase {phase!r} makes this a PIVOT entry, which needs its Complexity Assessment."
            remedy = "Add --kind pivot (the assessment is written for you), or give another --phase."
        raise refusal(edit.what, reason, [remedy])
    return phase, pivot


def lines_added(changelog_text: str | None, number: int) -> int:
    """Lines added in iteration ``number`` by its CREATE and EDIT changelog lines."""
    total = 0
    prefix = f"iter-{number}/"
    for _line, text in changelog.iter_entries(changelog_text or ""):
        entry = changelog.parse_line(text)
        if entry is None or not entry.step.startswith(prefix):
            continue
        match = _OP_ADDED_RE.match(entry.op)
        total += int(match.group(1)) if match else 0
    return total


def _complexity(edit: PlanEdit, request: DecisionRequest, warnings: list[str]) -> tuple[str, FieldValue]:
    """The Complexity Assessment: lines added counted, abstractions read, the judgement given."""
    number = iteration(edit)
    added = f"{lines_added(edit.read(CHANGELOG_MD), number)} (changelog.md, iteration {number})"
    used = plan.budget_used(edit.read(PLAN_MD), "New abstractions")
    abstractions = f"{used} (plan.md Complexity Budget)" if used is not None else "not recorded in plan.md's Complexity Budget"
    simpler = defuse(request.simpler or "") or UNANSWERED
    direction = (request.complexity or "").strip().lower() or UNANSWERED
    unanswered = [flag for flag, value in (("--simpler", simpler), ("--complexity", direction)) if value == UNANSWERED]
    if unanswered:
        warnings.append(
            f"WARNING: the Complexity Assessment's judgement questions are unanswered ({', '.join(unanswered)}); "
            "the entry records them as such."
        )
    return decisions.complexity_assessment(added, abstractions, simpler, direction)


def _fields(
    edit: PlanEdit, request: DecisionRequest, pivot: bool, refs: list[str], warnings: list[str]
) -> tuple[tuple[str, FieldValue], ...]:
    fields: list[tuple[str, FieldValue]] = [("Context", text_value(request.context, "--context"))]
    if pivot:
        for label, value in (("What Failed", request.what_failed), ("What Was Learned", request.learned)):
            if value and defuse(value):
                fields.append((label, defuse(value)))
    fields += [
        ("Decision", text_value(request.decision, "--decision")),
        (decisions.TRADE_OFF_LABEL, decisions.trade_off(text_value(request.gain, "--gain"), text_value(request.cost, "--cost"))),
        ("Reasoning", text_value(request.reasoning, "--reasoning")),
    ]
    if pivot:
        fields.append(_complexity(edit, request, warnings))
    if refs:
        fields.append((decisions.ANCHOR_REFS_LABEL, decisions.anchor_refs(refs)))
    return tuple(fields)


def _missing_anchors(root: Path, plan_id: str, number: int, refs: list[str]) -> list[str]:
    missing = []
    for ref in refs:
        path = root / ref.rsplit(":", 1)[0]
        text = read_source(path)
        anchors = scan_text(text, os.path.splitext(path.name)[1]) if text is not None else []
        if not any(a.num == number and (a.plan is None or a.plan == plan_id) for a in anchors):
            missing.append(ref)
    return missing


def decision_add(store: Store, request: DecisionRequest, today: str | None = None) -> Recorded:
    """Append the next entry; ``Recorded.data["id"]`` is its id (``D-NNN``)."""
    if request.kind is not None and request.kind not in KINDS:
        raise SkillError(f"ERROR: --kind must be one of {', '.join(KINDS)}.\n  Nothing was written.", 2)
    if request.complexity and request.complexity.strip().lower() not in decisions.COMPLEXITY_DIRECTIONS:
        raise SkillError(
            f"ERROR: --complexity must be one of {', '.join(decisions.COMPLEXITY_DIRECTIONS)}.\n  Nothing was written.", 2
        )
    refs = [check_anchor(store.root, value) for value in request.anchors]
    date = today or datetime.now(timezone.utc).strftime("%Y-%m-%d")
    why = "decisions.md is written from PLAN to PIVOT"
    remedy = "In EXPLORE write what you learn as findings; at CLOSE the log is read-only."
    with recording(store, "decision add", STATES, why, remedy) as (edit, result):
        text = require_file(edit, DECISIONS_MD)
        number = decisions.next_number(text)
        phase, pivot = _phase(edit, result.state or "", request)
        entry = NewEntry(number, phase, date, _fields(edit, request, pivot, refs, result.warnings))
        try:
            block = decisions.format_entry(entry)
        except ValueError as exc:
            raise SkillError(f"ERROR: decision add: {exc}.\n  Nothing was written.", 2) from None
        edit.write(DECISIONS_MD, decisions.append_entries(text, [entry]))
    ident = decisions.decision_id(number)
    plan_id = result.plan_id
    result.lines = block.split("\n")
    result.data = {"id": ident, "phase": entry.phase, "date": date, "pivot": pivot}
    for ref in _missing_anchors(store.root, plan_id, number, refs):
        result.warnings.append(
            f"WARNING: {ref} holds no `DECISION {plan_id}/{ident}` anchor yet; add it there "
            "(the validator reports [anchor-refs-stale] until you do)."
        )
    return result
