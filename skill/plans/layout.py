"""The plan folder's files, by name. Each file's format has its own owner module beside this one:
:mod:`~skill.plans.state` (state.md, with :mod:`~skill.plans.attempts` for its Fix Attempts),
:mod:`~skill.plans.plan`, :mod:`~skill.plans.decisions`, :mod:`~skill.plans.findings`,
:mod:`~skill.plans.progress`, :mod:`~skill.plans.verification` and :mod:`~skill.plans.changelog`;
the cross-plan files under ``plans/`` belong to :mod:`~skill.plans.consolidated`."""

from __future__ import annotations

#: Per-plan files (``<name>.md``) in the order ``new`` writes them.
PLAN_FILES: tuple[str, ...] = ("state", "plan", "decisions", "findings", "progress", "verification", "changelog")

#: Sub-folders every plan folder starts with.
PLAN_FOLDERS: tuple[str, ...] = ("checkpoints", "findings")

#: The anchor manifest (owner :mod:`skill.plans.anchors_manifest`): ``new`` creates it, closing a
#: plan appends to it, and the ``.gitignore`` lines keep it in git (:mod:`skill.lifecycle.gitignore`).
ANCHORS_MD = "ANCHORS.md"

#: Cross-plan files in ``plans/`` and their templates (created when missing, never overwritten).
ROOT_FILES: dict[str, str] = {
    "FINDINGS.md": "findings-consolidated",
    "DECISIONS.md": "decisions-consolidated",
    "LESSONS.md": "lessons",
    "INDEX.md": "index",
    "SYSTEM.md": "system",
    ANCHORS_MD: "anchors",
}

STATE_MD = "state.md"
PLAN_MD = "plan.md"
DECISIONS_MD = "decisions.md"
FINDINGS_MD = "findings.md"
PROGRESS_MD = "progress.md"
VERIFICATION_MD = "verification.md"
CHANGELOG_MD = "changelog.md"
SUMMARY_MD = "summary.md"
LESSONS_SNAPSHOT_MD = "lessons_snapshot.md"
#: The user's approvals (owner :mod:`skill.plans.approvals`); named here so the pre-step gate can
#: tell a plan without approvals without importing their owner.
APPROVALS_JSONL = "approvals.jsonl"

#: What to re-read after a context loss, in order (``resume`` lists them, the hook names them).
RECOVERY_FILES: tuple[str, ...] = (
    STATE_MD,
    PLAN_MD,
    DECISIONS_MD,
    PROGRESS_MD,
    FINDINGS_MD,
    VERIFICATION_MD,
)
