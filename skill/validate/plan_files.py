"""Checks on plan.md, findings.md (and findings/), progress.md and checkpoints/."""

from __future__ import annotations

import os
import re

from skill.plans.layout import PLAN_SECTIONS
from skill.plans.markdown import extract_section, is_placeholder
from skill.validate.context import PlanContext
from skill.validate.statefile import js_parse_int

ACTIVE_STATES = ("EXECUTE", "REFLECT", "PIVOT", "CLOSE")
MIN_FINDINGS = 3
PROGRESS_SECTIONS = ("Completed", "In Progress", "Remaining")
TOPIC_SECTIONS = (
    ("Summary", re.compile(r"^##[ \t]+Summary\b", re.M)),
    ("Key Findings", re.compile(r"^##[ \t]+Key Findings\b", re.M)),
    ("Constraints", re.compile(r"^##[ \t]+Constraints\b", re.M)),
    ("Code Patterns", re.compile(r"^##[ \t]+Code Patterns\b", re.M)),
    ("Risks", re.compile(r"^##[ \t]+Risks\b", re.M)),
)
_BULLET_RE = re.compile(r"- .+")
_NUMBERED_RE = re.compile(r"[0-9]+\.\s+.+")
_LINK_RE = re.compile(r"\[[^\]\n]+\]\(([^)\n]+)\)")
_BUDGET_RE = re.compile(
    r"\s*(?:[-*+]\s*)?\**\s*(Files added|New abstractions)\b[^:\n]*:\s*\**\s*([0-9]+)\s*/\s*([0-9]+)\s*max",
    re.IGNORECASE,
)
_JUSTIFIED_RE = re.compile(r"\(\s*justified\s*:", re.IGNORECASE)


def check_plan_sections(ctx: PlanContext) -> None:
    text = ctx.plan_file("plan.md")
    if not text:
        ctx.sink.error("plan", "plan.md is missing, empty or unreadable.", "plan.md")
        return
    for name in PLAN_SECTIONS:
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
    index = extract_section(text, "Index")
    if index is None:
        return
    lines = index.split("\n")
    count = sum(1 for line in lines if _BULLET_RE.match(line)) + sum(
        1 for line in lines if _NUMBERED_RE.match(line)
    )
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
    for name in PROGRESS_SECTIONS:
        if f"## {name}" not in text:
            ctx.sink.warn("progress", f"progress.md has no '## {name}' section.", "progress.md")


def check_checkpoints(ctx: PlanContext) -> None:
    shown = ctx.iteration_text
    if shown is None:
        return
    iteration = js_parse_int(shown)
    if iteration is not None and iteration < 2:
        return
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
        match = _BUDGET_RE.match(line)
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


def _links(index: str) -> list[str]:
    return [match.group(1).strip() for match in _LINK_RE.finditer(index)]


def check_findings_index(ctx: PlanContext) -> None:
    index = extract_section(ctx.plan_file("findings.md"), "Index")
    if index is None:
        return
    for href in _links(index):
        if re.match(r"https?://", href) or href.startswith("#"):
            continue
        if not (ctx.plan_dir / href).exists():
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
        missing = [label for label, regex in TOPIC_SECTIONS if not regex.search(text)]
        if missing:
            ctx.sink.warn(
                "findings-topic",
                f"findings/{name} lacks required section(s): {', '.join(missing)}.",
                f"findings/{name}",
            )
