"""The sections of an exported ExecPlan, each built from a :class:`PlanSnapshot`; the two layouts
of :mod:`skill.execplan.export` put them in order."""

from __future__ import annotations

from skill.execplan.folder import PlanSnapshot, Step, meaningful, table_rows
from skill.execplan.sanitize import References, clean_block, one_line

NONE_YET = "None recorded yet."
OWNER = "iterative-planner"

_STANDARD_STATUS = {"EXPLORE": "DRAFT", "PLAN": "DRAFT", "CLOSE": "DONE"}
_EXECPLANS_STATUS = {"EXPLORE": "DRAFT", "PLAN": "DRAFT", "CLOSE": "COMPLETE"}


def status_for(snap: PlanSnapshot, profile: str) -> str:
    blocked = meaningful(snap.progress.get("Blocked"))
    if profile == "execplans":
        return "BLOCKED" if blocked else _EXECPLANS_STATUS.get(snap.state, "IN PROGRESS")
    return "BLOCKED" if blocked else _STANDARD_STATUS.get(snap.state, "IN_PROGRESS")


def _first_item(text: str | None, refs: References) -> str:
    for line in clean_block(text, refs).split("\n"):
        item = line.strip().lstrip("-*+").strip()
        if item:
            return item
    return ""


def next_action(snap: PlanSnapshot, refs: References) -> str:
    current = next((step for step in snap.steps if step.current and not step.done), None)
    pending = current or next((step for step in snap.steps if not step.done), None)
    if pending is not None:
        return f"Step {pending.number}: {one_line(pending.text, refs)}"
    in_progress = _first_item(snap.progress.get("In Progress"), refs)
    if in_progress:
        return in_progress.replace("[ ]", "").strip()
    if snap.state == "CLOSE":
        return "Nothing: the plan is closed."
    if snap.steps:
        return "Run the verification under Validation & Acceptance, then close the plan."
    return "Read the code, write findings, then write the plan's steps."


def _step_label(step: Step, refs: References) -> str:
    text = one_line(step.text, refs) or "(no description)"
    return f"Step {step.number}: {text}"


def _progress_body(snap: PlanSnapshot, status: str, action: str, refs: References) -> str:
    lines = [f"Status: {status}", f"Next Action: {action}", ""]
    for step in snap.steps:
        label = _step_label(step, refs)
        if step.done:
            stamp = snap.step_times.get(step.number, snap.updated)
            lines.append(f"- [x] ({stamp}) {label}")
        else:
            lines.append(f"- [ ] {label}" + (" (current)" if step.current else ""))
    if not snap.steps:
        lines.append(f"- [ ] {action}")
    notes = []
    for name in ("Completed", "In Progress", "Remaining", "Blocked"):
        body = clean_block(snap.progress.get(name), refs)
        if body:
            notes.append(f"{name} (from progress.md):\n\n{body}")
    if notes:
        lines += ["", "\n\n".join(notes)]
    return "\n".join(lines)


def _block(text: str | None, refs: References, empty: str = NONE_YET) -> str:
    return clean_block(text, refs) or empty


def _sub(title: str, body: str) -> str:
    return f"### {title}\n\n{body}"


def _steps_list(snap: PlanSnapshot, refs: References) -> str:
    if not snap.steps:
        return "No steps have been written yet; the plan is still in " + snap.state + "."
    out = []
    for step in snap.steps:
        state = "done" if step.done else ("current" if step.current else "pending")
        out.append(f"{step.number}. {one_line(step.text, refs) or '(no description)'} ({state})")
    return "\n".join(out)


def _decisions(snap: PlanSnapshot, refs: References) -> str:
    if not snap.decisions:
        return "No decisions recorded yet."
    entries = []
    for item in snap.decisions:
        fields = item.fields
        lines = [f"- Decision: {one_line(fields.get('Decision'), refs) or '(not stated)'}"]
        for source, label in (
            ("Context", "Context"),
            ("Trade-off", "Trade-off"),
            ("Reasoning", "Rationale"),
            ("Complexity Assessment", "Complexity Assessment"),
            ("Anchor-Refs", "Anchor-Refs"),
        ):
            value = one_line(fields.get(source), refs)
            if value:
                lines.append(f"  {label}: {value}")
        lines.append(f"  Ref: {item.ident} | {one_line(item.phase, refs)}")
        lines.append(f"  Date/Author: {item.date}, plans/{snap.plan_id}")
        entries.append("\n".join(lines))
    return "\n".join(entries)


def _verification(snap: PlanSnapshot, refs: References) -> str:
    rows = []
    for row in snap.criteria_rows:
        cells = [one_line(cell, refs) for cell in row] + [""] * 6
        rows.append(
            f"- Criterion {cells[0]}: {cells[1]} (method: {cells[2] or '-'}; command: {cells[3] or '-'}; "
            f"result: {cells[4] or 'PENDING'}; evidence: {cells[5] or '-'})"
        )
    parts = ["\n".join(rows) if rows else "No criterion has been verified yet."]
    not_verified = [
        row for row in table_rows(snap.verification.get("Not Verified")) if meaningful(row[0]) and row[0] != "-"
    ]
    if not_verified:
        parts.append(
            "Not verified:\n\n"
            + "\n".join(f"- {one_line(row[0], refs)}: {one_line(row[1] if len(row) > 1 else '', refs)}" for row in not_verified)
        )
    return "\n\n".join(parts)


def _handoff(snap: PlanSnapshot, status: str, action: str, refs: References) -> str:
    done = [step for step in snap.steps if step.done]
    lines = [
        f"Timestamp: {snap.updated}",
        f"Status: {status}",
        f"Next Action: {action}",
        "",
        f"Plan folder: `plans/{snap.plan_id}/` (state {snap.state}, iteration {snap.iteration}, "
        f"step {one_line(snap.current_step, refs)}).",
        "",
        "What is done:",
        "",
    ]
    lines += [f"- {_step_label(step, refs)}" for step in done] or ["- No step is complete yet."]
    blocked = clean_block(snap.progress.get("Blocked"), refs)
    lines += ["", "Blockers and risks:", "", blocked or "- None recorded."]
    lines += [
        "",
        "Evidence pointers: `plans/" + snap.plan_id + "/verification.md`, `plans/" + snap.plan_id
        + "/changelog.md`, `plans/" + snap.plan_id + "/decisions.md`.",
    ]
    return "\n".join(lines)


def _irreversible(snap: PlanSnapshot, refs: References) -> str:
    marked = [step for step in snap.steps if "[IRREVERSIBLE]" in step.text]
    if not marked:
        return "- No step is marked [IRREVERSIBLE]."
    return "\n".join(f"- {_step_label(step, refs)}" for step in marked)


def _scope(snap: PlanSnapshot, refs: References) -> str:
    return (
        "- Only the files listed under Files To Modify; touching any other file means going back to "
        "PLAN first.\n- Complexity budget:\n\n" + _block(snap.plan.get("Complexity Budget"), refs)
    )


_FORBIDDEN = (
    "- Editing or deleting past entries of decisions.md and changelog.md: they are append-only.\n"
    "- Working around a failed step by widening scope without a recorded decision."
)
_SECRETS = "- Never paste secrets or personal data into this plan or the plan folder; write <REDACTED>."
_TOOLING = (
    "The executor works in the repository's working tree with its usual shell, test and version "
    "control tools, and keeps the plan folder current with `{cmd}` (for example "
    "`{cmd} bootstrap status` and `{cmd} validate-plan`). Approvals: the user "
    "approves the plan before EXECUTE starts, and approves every step marked [IRREVERSIBLE]."
)
_RECOVERY = (
    "Steps are committed one at a time, so a failed step is undone by restoring its files from "
    "version control. Before a risky step a checkpoint is recorded in the plan folder's "
    "`checkpoints/` directory."
)
_TOLERANCES = (
    "- Fix attempts: three failed attempts at the same step stop execution; go to REFLECT.\n"
    "- Scope: a change to a file outside Files To Modify stops execution; go back to PLAN.\n"
    "- Surprises: behaviour that contradicts the findings stops execution; go to REFLECT."
)


def _recovery(snap: PlanSnapshot) -> str:
    if not snap.checkpoints:
        return _RECOVERY + " No checkpoint has been recorded yet."
    return _RECOVERY + " Recorded checkpoints:\n\n" + "\n".join(f"- `{name}`" for name in snap.checkpoints)


def _surprises(snap: PlanSnapshot, refs: References) -> str:
    return "\n\n".join(
        [
            _sub("Findings", _block(snap.findings.get("Index"), refs)),
            _sub("Corrections", _block(snap.findings.get("Corrections"), refs, "None.")),
            _sub("Concerns", _block(snap.verification.get("Concerns"), refs, "None recorded.")),
        ]
    )


def _purpose(snap: PlanSnapshot, refs: References) -> str:
    return "\n\n".join(
        [
            _sub("Goal", _block(snap.goal, refs)),
            _sub("Problem Statement", _block(snap.plan.get("Problem Statement"), refs)),
        ]
    )


def _validation(snap: PlanSnapshot, refs: References) -> str:
    return "\n\n".join(
        [
            _sub("Success Criteria", _block(snap.plan.get("Success Criteria"), refs)),
            _sub("Verification Strategy", _block(snap.plan.get("Verification Strategy"), refs)),
            _sub("Verification Results", _verification(snap, refs)),
        ]
    )


def _outcomes(snap: PlanSnapshot, refs: References) -> str:
    return _block(snap.verification.get("Verdict"), refs, "No verdict yet: the plan has not been verified.")


def _risks(snap: PlanSnapshot, refs: References) -> str:
    return "\n\n".join(
        [
            _sub("Failure Modes", _block(snap.plan.get("Failure Modes"), refs)),
            _sub(
                "Pre-Mortem & Falsification Signals",
                _block(snap.plan.get("Pre-Mortem & Falsification Signals"), refs),
            ),
            _sub("Assumptions", _block(snap.plan.get("Assumptions"), refs)),
        ]
    )
