"""The full validator: every check, in the order that fixes the output order."""

from __future__ import annotations

from pathlib import Path

from skill.plans.decisions import parse as parse_decisions
from skill.validate import (
    anchors,
    changelog_checks,
    closing,
    consolidated,
    decisions,
    hygiene_gate,
    plan_files,
    state,
    verification,
)
from skill.validate.context import PlanContext
from skill.validate.issues import Issue
from skill.validate.locate import PlanTarget, resolve


def run_checks(target: PlanTarget) -> list[Issue]:
    """All 32 checks against ``target``; issues in the order the checks found them (the order of
    2.66.0: the presentation-contract check is gone; the index-orphan, hygiene-gate and
    changelog-comment-anomaly checks are new; close-incomplete is ours)."""
    ctx = PlanContext(target)
    sink = ctx.sink
    text = ctx.state_text
    stripped = ctx.state_stripped
    decisions_text = ctx.plan_file("decisions.md")
    parsed = parse_decisions(decisions_text) if decisions_text else None
    strict = decisions.is_strict(text)
    audit = anchors.AnchorAudit(ctx, parsed)

    closing.check_close_progress(ctx)
    state.check_transitions(sink, text, stripped)
    plan_files.check_plan_sections(ctx)
    plan_files.check_findings(ctx)
    verification.check_consistency(ctx)
    state.check_manifest(sink, text, ctx.state)
    state.check_leash(sink, text, ctx.state)
    state.check_iteration(sink, text)
    state.check_comment_anomaly(sink, text)
    plan_files.check_progress(ctx)
    plan_files.check_checkpoints(ctx)
    plan_files.check_complexity(ctx)
    consolidated.check_presence(ctx)
    consolidated.check_atlas_cap(ctx)
    consolidated.check_lessons_cap(ctx)
    consolidated.check_lessons_eviction(ctx)
    consolidated.check_compression_markers(ctx)
    consolidated.check_index_orphans(ctx)
    decisions.check_schema(ctx, parsed)
    verification.check_verdict(ctx)
    plan_files.check_findings_index(ctx)
    audit.check_reverse()
    verification.check_evidence(ctx)
    plan_files.check_findings_topics(ctx)
    hygiene_gate.check_hygiene_gate(ctx)
    state.check_exploration_confidence(sink, stripped)
    decisions.check_preamble(ctx, strict)
    audit.check_refs_required(strict)
    audit.check_refs_valid()
    changelog_checks.check_format(ctx)
    changelog_checks.check_dref_join(ctx, parsed)
    changelog_checks.check_comment_anomaly(ctx)
    return sink.items


def validate(root: Path, plan_dir: str | Path | None = None) -> tuple[PlanTarget, list[Issue]]:
    """Resolve the plan folder (argument or pointer) and validate it. Raises SkillError."""
    target = resolve(Path(root), str(plan_dir) if plan_dir is not None else None)
    return target, run_checks(target)
