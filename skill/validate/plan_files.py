"""Checks on plan.md, findings.md (and findings/), progress.md and checkpoints/."""

from __future__ import annotations

import os
import re

from skill.plans import findings, plan, progress
from skill.plans import state as statefile
from skill.plans.markdown import extract_section, is_placeholder
from skill.plans.protocol import MIN_FINDINGS
from skill.validate.context import PlanContext

ACTIVE_STATES = ("EXECUTE", "REFLECT", "PIVOT", "CLOSE")
_JUSTIFIED_RE = re.compile(r"\(\s*justified\s*:", re.IGNORECASE)


def check_plan_sections(ctx: PlanContext) -> None:
    text = ctx.plan_file("plan.md")
    if not text:
        ctx.sink.error("plan", "plan.md is missing, empty or unreadable.", "plan.md")
        return
    for name in plan.SECTIONS:
        body = extract_section(text, name)
        if body is None:
            ctx.sink.error(
                "plan-section",
                f"Missing section: ## {name} (absent or empty in plan.md).",
                "plan.md",
            )
        elif ctx.state in ACTIVE_STATES and is_placeholder(body):
            ctx.sink.warn(
                "plan-section",
                f'plan.md section "## {name}" still holds template placeholder text.',
                "plan.md",
            )


def check_findings(ctx: PlanContext) -> None:
    text = ctx.plan_file("findings.md")
    if not text:
        ctx.sink.warn("findings", "findings.md is missing, empty or unreadable.", "findings.md")
        return
    if findings.index_section(text) is None:
        return
    count = findings.indexed_count(text)
    if count < MIN_FINDINGS and ctx.state not in ("EXPLORE", "CLOSE"):
        ctx.sink.warn(
            "findings",
            f"findings.md indexes only {count} finding(s); at least {MIN_FINDINGS} are required before PLAN.",
            "findings.md",
        )


def check_progress(ctx: PlanContext) -> None:
    text = ctx.plan_file("progress.md")
    if not text:
        ctx.sink.warn("progress", "progress.md is missing, empty or unreadable.", "progress.md")
        return
    for name in progress.missing_sections(text):
        ctx.sink.warn("progress", f"progress.md has no '## {name}' section.", "progress.md")


def check_checkpoints(ctx: PlanContext) -> None:
    declared, derived, iteration = statefile.effective_iteration(ctx.state_text, radix10=True)
    if iteration < 2:
        return
    shown = str(iteration)
    folder = ctx.plan_dir / "checkpoints"
    if not folder.exists():
        ctx.sink.warn(
            "checkpoints",
            f"No checkpoints/ folder at iteration {shown}: take a checkpoint before risky changes.",
            "checkpoints/",
        )
        return
    try:
        names = os.listdir(folder)
    except OSError:
        names = []
    if not any(name.endswith(".md") for name in names):
        ctx.sink.warn(
            "checkpoints",
            f"checkpoints/ holds no checkpoint (*.md) at iteration {shown}.",
            "checkpoints/",
        )


def check_complexity(ctx: PlanContext) -> None:
    text = ctx.plan_file("plan.md")
    if not text or ctx.state not in ACTIVE_STATES:
        return
    section = extract_section(text, "Complexity Budget")
    if section is None:
        return
    if is_placeholder(section):
        ctx.sink.warn(
            "complexity",
            "The Complexity Budget in plan.md is still a placeholder after PLAN.",
            "plan.md",
        )
        return
    for line in section.split("\n"):
        match = plan.BUDGET_RE.match(line)
        if not match:
            continue
        label, used, cap = match.group(1), int(match.group(2)), int(match.group(3))
        if used > cap and not _JUSTIFIED_RE.search(line):
            ctx.sink.warn(
                "budget-exceeded",
                f"Complexity Budget exceeded: {label} {used}/{cap} max ({used} > {cap}), and the line gives "
                'no "(justified: ...)" reason.',
                "plan.md",
            )


def check_findings_index(ctx: PlanContext) -> None:
    for href in findings.index_links(ctx.plan_file("findings.md")):
        if re.match(r"https?://", href) or href.startswith("#"):
            continue
        path = href.split("#", 1)[0]  # findings/auth.md#entry-points names findings/auth.md
        if path and not (ctx.plan_dir / path).exists():
            ctx.sink.error(
                "findings-index",
                f"findings.md Index links to {href}, which does not exist.",
                "findings.md",
            )


def check_findings_topics(ctx: PlanContext) -> None:
    folder = ctx.plan_dir / "findings"
    try:
        names = sorted(name for name in os.listdir(folder) if name.endswith(".md"))
    except OSError:
        return
    for name in names:
        text = ctx.plan_file(f"findings/{name}")
        if not text:
            continue
        missing = findings.missing_sections(name, text)
        if missing:
            ctx.sink.warn(
                "findings-topic",
                f"findings/{name} lacks required section(s): {', '.join(missing)}.",
                f"findings/{name}",
            )
