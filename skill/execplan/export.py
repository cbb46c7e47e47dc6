"""``execplan export``: one self-contained ExecPlan built from the active plan folder.

The document is assembled from a :class:`~skill.execplan.folder.PlanSnapshot`; every piece of
copied text goes through :mod:`sanitize`, so the result passes ``execplan lint`` in the profile it
was exported for (the tests check this for every profile).
"""

from __future__ import annotations

from pathlib import Path

from skill import CLI_PREFIX
from skill.errors import SkillError
from skill.execplan.export_sections import (
    _FORBIDDEN,
    _SECRETS,
    _TOLERANCES,
    _TOOLING,
    OWNER,
    _block,
    _decisions,
    _handoff,
    _irreversible,
    _outcomes,
    _progress_body,
    _purpose,
    _recovery,
    _risks,
    _scope,
    _steps_list,
    _sub,
    _surprises,
    _validation,
    next_action,
    status_for,
)
from skill.execplan.folder import PlanSnapshot, read_plan_folder
from skill.execplan.sanitize import References, one_line


def _standard(snap: PlanSnapshot, profile: str, refs: References) -> str:
    status = status_for(snap, profile)
    action = next_action(snap, refs)
    sections = [
        ("Purpose / Big Picture", _purpose(snap, refs)),
        ("Progress", _progress_body(snap, status, action, refs)),
        (
            "Context and Orientation",
            _block(snap.plan.get("Context"), refs)
            + "\n\n"
            + _sub("Assumptions", _block(snap.plan.get("Assumptions"), refs)),
        ),
        ("Interfaces & Dependencies", _sub("Files To Modify", _block(snap.plan.get("Files To Modify"), refs))),
        (
            "Constraints & Safety",
            "\n\n".join(
                [
                    _sub("Key Constraints", _block(snap.findings.get("Key Constraints"), refs)),
                    _sub("Allowed Scope", _scope(snap, refs)),
                    _sub(
                        "Approval-Required Operations",
                        "- Starting EXECUTE: the user approves this plan first.\n" + _irreversible(snap, refs),
                    ),
                    _sub("Forbidden Operations", _FORBIDDEN),
                    _sub("Secrets & PII", _SECRETS),
                ]
            ),
        ),
        ("Tooling Interface & Governance", _TOOLING.format(cmd=CLI_PREFIX)),
        (
            "Plan of Work",
            "The steps run in the order listed under Concrete Steps, one at a time, each verified "
            "before the next starts.\n\n"
            + _sub("Failure Modes", _block(snap.plan.get("Failure Modes"), refs))
            + "\n\n"
            + _sub(
                "Pre-Mortem & Falsification Signals",
                _block(snap.plan.get("Pre-Mortem & Falsification Signals"), refs),
            ),
        ),
        (
            "Milestones",
            "Each step under Concrete Steps is a milestone: it is complete when the checks under "
            "Validation & Acceptance that cover it pass.",
        ),
        ("Concrete Steps", _steps_list(snap, refs)),
        ("Validation & Acceptance", _validation(snap, refs)),
        ("Idempotence & Recovery", _recovery(snap)),
        ("Surprises & Discoveries", _surprises(snap, refs)),
        ("Decision Log", _decisions(snap, refs)),
        ("Handoff Summary", _handoff(snap, status, action, refs)),
        ("Outcomes & Retrospective", _outcomes(snap, refs)),
    ]
    title = one_line(snap.goal.split("\n")[0], refs) or "Untitled plan"
    front = "\n".join(
        [
            "---",
            f"id: {snap.plan_id}",
            f"status: {status}",
            f"owner: {OWNER}",
            f"created: {snap.created}",
            f"updated: {snap.updated}",
            f"profile: {profile}",
            "---",
        ]
    )
    return _assemble(front + "\n\n" + f"# PLAN: {title}", sections, refs)


def _execplans(snap: PlanSnapshot, refs: References) -> str:
    status = status_for(snap, "execplans")
    action = next_action(snap, refs)
    title = one_line(snap.goal.split("\n")[0], refs) or "Untitled plan"
    head = (
        f"# {title}\n\n"
        "This ExecPlan is a living document. The sections `Constraints`, `Tolerances`, `Risks`, "
        "`Progress`, `Surprises & Discoveries`, `Decision Log`, and `Outcomes & Retrospective` "
        f"must be kept up to date as work proceeds. It was exported from `plans/{snap.plan_id}/`.\n\n"
        f"Status: {status}"
    )
    sections = [
        ("Purpose / Big Picture", _purpose(snap, refs)),
        (
            "Constraints",
            "\n\n".join(
                [
                    _sub("Key Constraints", _block(snap.findings.get("Key Constraints"), refs)),
                    _sub("Allowed Scope", _scope(snap, refs)),
                    _sub("Forbidden Operations", _FORBIDDEN + "\n" + _SECRETS),
                ]
            ),
        ),
        ("Tolerances (Exception Triggers)", _TOLERANCES),
        ("Risks", _risks(snap, refs)),
        ("Progress", _progress_body(snap, status, action, refs)),
        ("Surprises & Discoveries", _surprises(snap, refs)),
        ("Decision Log", _decisions(snap, refs)),
        ("Outcomes & Retrospective", _outcomes(snap, refs)),
        (
            "Context and Orientation",
            _block(snap.plan.get("Context"), refs)
            + "\n\n"
            + _sub("Files To Modify", _block(snap.plan.get("Files To Modify"), refs)),
        ),
        (
            "Plan of Work",
            "The steps run in the order listed under Concrete Steps, one at a time, each verified "
            "before the next starts. The user approves the plan before implementation begins.",
        ),
        ("Concrete Steps", _steps_list(snap, refs)),
        ("Validation and Acceptance", _validation(snap, refs)),
        ("Idempotence and Recovery", _recovery(snap)),
        ("Handoff Summary", _handoff(snap, status, action, refs)),
    ]
    return _assemble(head, sections, refs)


def _assemble(head: str, sections: list[tuple[str, str]], refs: References) -> str:
    parts = [head]
    for title, body in sections:
        parts.append(f"## {title}\n\n{body.strip(chr(10))}")
    if refs.urls:
        parts.append("## References\n\n" + refs.render())
    return "\n\n".join(parts) + "\n"


def render_execplan(snap: PlanSnapshot, profile: str) -> str:
    refs = References()
    if profile == "execplans":
        return _execplans(snap, refs)
    return _standard(snap, profile, refs)


def export_active_plan(root: Path, profile: str) -> str:
    from skill.plans.pointer import read_pointer
    from skill.plans.store import Store

    store = Store(root)
    plan_id = read_pointer(store.plans_dir)
    if plan_id is None:
        raise SkillError(
            f"ERROR: no active plan in {store.plans_dir}.\n"
            f"  Start one with: {CLI_PREFIX} bootstrap new \"goal\" "
            f"(or import an ExecPlan with: {CLI_PREFIX} execplan import FILE)"
        )
    return render_execplan(read_plan_folder(store.plan_dir(plan_id)), profile)


def _protected(store_plans: Path, target: Path) -> bool:
    """True when ``target`` is a plan folder's file or one of the cross-plan files in plans/."""
    from skill.plans.ids import is_plan_id, looks_like_plan_dir_name
    from skill.plans.layout import ROOT_FILES
    from skill.plans.pointer import POINTER_NAME

    plans = store_plans.resolve()
    resolved = target.parent.resolve() / target.name
    if resolved.parent == plans:
        return resolved.name in ROOT_FILES or resolved.name == POINTER_NAME or is_plan_id(resolved.name)
    try:
        inside = resolved.relative_to(plans)
    except ValueError:
        return False
    return looks_like_plan_dir_name(inside.parts[0])


def write_export(root: Path, out: Path, text: str) -> Path:
    """Write ``text`` to ``out`` atomically.

    Refuses a target outside the project root, a directory, and any file the plan store owns (a
    plan folder's files, the cross-plan files in plans/), so an export never overwrites plan state.
    """
    from skill.plans.store import Store

    target = out if out.is_absolute() else Path.cwd() / out
    if target.is_dir():
        raise SkillError(f"ERROR: --out {out} is a directory.\n  Give a file name, e.g. --out plans/PLAN.md")
    store = Store(root)
    store.ensure_inside(target)
    if _protected(store.plans_dir, target):
        raise SkillError(
            f"ERROR: refusing to write {out}: it is a file the plan folder owns.\n"
            "  Choose another name, e.g. --out plans/<task>-PLAN.md"
        )
    if not target.parent.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
    store.write_text(target, text)
    return target
