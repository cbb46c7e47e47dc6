"""The dashboard's reading of plans. Only the modules of this package call plan-format readers,
and they call only the library's public ones: the owner modules of :mod:`skill.plans` (the
readers ``status``, the gate and the validator use) and the validator itself.

=============================  ====================================================================
module                         reads, through
=============================  ====================================================================
:mod:`.status`                 state.md fields and transition records: ``plans.state``
:mod:`.attempts`               fix attempts, live and archived: ``plans.attempts``
:mod:`.approvals`              ``approvals.jsonl`` (the user's words per approved move)
:mod:`.work`                   plan.md steps (``plans.plan``), changelog.md (``plans.changelog``),
                               commits per step (``plans.ids.commit_tag``)
:mod:`.decisions`              decisions.md (``plans.decisions``), Anchor-Refs (``validate.anchors``),
                               code anchors (``validate.anchor_scan``)
:mod:`.verification`           verification.md (``plans.verification``)
:mod:`.files`                  the plan folder's files, documents, checkpoints
:mod:`.tree`                   ``plans/``: pointer, cross-plan files (``plans.consolidated``)
:mod:`.times`                  times in notes and plan ids
this module                    one plan put together, with the gate's answer (``validate.gate``)
                               and the validator's issues (``validate.runner``)
=============================  ====================================================================

Nothing here writes.
"""

from __future__ import annotations

from pathlib import Path

from skill.dashboard import journey
from skill.dashboard.load import approvals, attempts, files, status, work
from skill.dashboard.load.decisions import Places, decisions
from skill.dashboard.load.times import plan_created, updated
from skill.dashboard.load.tree import plans_dir
from skill.dashboard.load.verification import verification
from skill.dashboard.model import Gate, Plan, Validation
from skill.errors import SkillError
from skill.plans import ids, layout, progress, protocol
from skill.plans import plan as plan_md
from skill.validate import gate, report, runner


def plan_page(plan_id: str) -> str:
    return f"p/{plan_id}.html"


def checks(root: Path, plan_id: str) -> tuple[Gate, Validation | None]:
    """The pre-step gate's answer and the validator's counts for an open plan."""
    result = gate.run(root, plan_id)
    try:
        _target, issues = runner.validate(root, plan_id)
    except SkillError:
        return Gate(result.line, result.passed, result.slug), None
    counts = report.summary(issues)
    return (
        Gate(result.line, result.passed, result.slug),
        Validation(counts["errors"], counts["warnings"], counts["infos"], tuple(issues)),
    )


def load_plan(
    root: Path,
    plan_id: str,
    *,
    worktree: str,
    active: bool,
    places: Places,
    tagged: dict[str, list[tuple[str, str]]],
) -> Plan:
    """Everything the pages show about the plan folder ``root/plans/<plan_id>``."""
    folder = plans_dir(root) / plan_id
    page = plan_page(plan_id)
    texts = files.plan_texts(folder)
    state_text, plan_text = texts[layout.STATE_MD], texts[layout.PLAN_MD]
    shown = status.status(state_text, plan_text, active=active)
    closed = shown.state.strip().upper() == "CLOSE"
    iteration = status.number(shown.iteration)
    current = status.current_step(shown.step)
    created = plan_created(plan_id)
    moves = status.moves(state_text)
    path = journey.visits(moves, closed=closed, created=created)
    tried = journey.dated(attempts.read(state_text, iteration), path)
    changes = work.changes(texts[layout.CHANGELOG_MD])
    verified = verification(texts[layout.VERIFICATION_MD], folder, page)
    step_lines = work.steps(plan_text, current if shown.state.upper() == "EXECUTE" else None)
    steps = journey.steps(step_lines, tried, work.commits(plan_id, changes, tagged, iteration),
                          iteration=iteration, leash_cap=protocol.LEASH_CAP)
    gate_answer, validation = (None, None) if closed else checks(root, plan_id)
    waiting = () if closed else journey.waiting(
        shown, not plan_md.unfilled_sections(files.visible(plan_text or "")), verified,
        [a for a in tried if a.live], current, protocol.LEASH_CAP,
    )
    return Plan(
        plan_id=plan_id,
        page=page,
        worktree=worktree,
        folder=folder,
        active=active,
        closed=closed,
        created=created,
        updated=updated(folder),
        status=shown,
        date=ids.plan_date(plan_id),
        progress=progress.counts(texts[layout.PROGRESS_MD]),
        moves=moves,
        visits=path,
        iterations=journey.iterations(path, tried, verified),
        steps=steps,
        attempts=tried,
        decisions=decisions(texts[layout.DECISIONS_MD], places),
        changes=changes,
        heat=journey.heat(changes),
        verification=verified,
        approvals=approvals.read(folder),
        waiting=waiting,
        gate=gate_answer,
        validation=validation,
        documents=files.documents(folder, texts, closed),
        checkpoints=files.checkpoints(folder),
    )
