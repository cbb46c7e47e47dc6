"""Cross-file consistency (state vs plan vs verification), the Verdict and the Evidence cells."""

from __future__ import annotations

import re

from skill.plans.layout import VERDICT_ITEMS
from skill.plans.markdown import extract_section, literal_mask
from skill.validate.context import PlanContext
from skill.validate.statefile import js_parse_int

_PLAN_VERSION_RE = re.compile(r"^# Plan v([0-9]+)", re.M)
_PLACEHOLDER_SCORE_RE = re.compile(r"\|\s*-\s*\|\s*-\s*\|\s*-\s*\|")
VERDICT_KEYWORDS = VERDICT_ITEMS
_WEAK_RE = re.compile(r"(?:looks good|seems to work|lgtm|ok|fine|good)", re.I)
_RATIO_RE = re.compile(r"[0-9]+/[0-9]+")
_ALIGNMENT_ROW_RE = re.compile(r"\|(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*")


def check_consistency(ctx: PlanContext) -> None:
    state_text = ctx.state_text
    if not state_text or not ctx.plan_file("plan.md") or not ctx.plan_file("progress.md"):
        return
    shown = ctx.iteration_text
    version = _PLAN_VERSION_RE.search(ctx.plan_file("plan.md") or "")
    if shown and version and shown != "0" and js_parse_int(shown) != int(version.group(1)):
        ctx.sink.warn(
            "consistency",
            f"state.md says iteration {shown} but plan.md is version v{version.group(1)}.",
            "state.md",
        )
    verification = ctx.plan_file("verification.md")
    if ctx.state in ("REFLECT", "CLOSE"):
        if not verification:
            ctx.sink.error(
                "consistency",
                f"verification.md is missing; {ctx.state} needs it.",
                "verification.md",
            )
        else:
            iteration = js_parse_int(shown) if shown else None
            if iteration is not None and iteration >= 2:
                _check_convergence(ctx, verification)
    if ctx.state == "CLOSE" and not ctx.plan_exists("summary.md"):
        ctx.sink.warn("consistency", "summary.md is missing; CLOSE needs it.", "summary.md")
    if not ctx.plan_exists("decisions.md"):
        ctx.sink.error("consistency", "decisions.md not found in the plan folder.", "decisions.md")


def _check_convergence(ctx: PlanContext, verification: str) -> None:
    if "## Convergence Metrics" not in verification or "Convergence score" not in verification:
        ctx.sink.warn(
            "convergence",
            "verification.md has no Convergence Metrics (with a Convergence score) although this is "
            "iteration 2 or later (see references/convergence-metrics.md).",
            "verification.md",
        )
        return
    section = extract_section(verification, "Convergence Metrics") or ""
    line = next((line for line in section.split("\n") if "Convergence score" in line), None)
    if line is not None and _PLACEHOLDER_SCORE_RE.search(line):
        ctx.sink.warn(
            "convergence",
            "verification.md Convergence Metrics still shows placeholder dashes for the Convergence score "
            "(see references/convergence-metrics.md).",
            "verification.md",
        )


def check_verdict(ctx: PlanContext) -> None:
    section = extract_section(ctx.plan_file("verification.md"), "Verdict")
    if section is None:
        return
    positions: list[int | None] = []
    for regex, _label in VERDICT_KEYWORDS:
        match = regex.search(section)
        positions.append(match.start() if match else None)
    missing = [
        label
        for (_regex, label), pos in zip(VERDICT_KEYWORDS, positions, strict=True)
        if pos is None
    ]
    if missing:
        ctx.sink.error(
            "verdict",
            f"verification.md Verdict lacks required bullet(s): {', '.join(missing)}.",
            "verification.md",
        )
    found = [pos for pos in positions if pos is not None]
    if any(later < earlier for earlier, later in zip(found, found[1:], strict=False)):
        ctx.sink.error(
            "verdict",
            "verification.md Verdict bullets are out of order; the order is Criteria passed, Regressions, "
            "Scope drift, Simplification blockers, Recommended transition.",
            "verification.md",
        )


def _table_rows(section: str) -> list[str]:
    """Data rows of the tables in ``section``: no header, alignment or fenced rows."""
    lines = section.split("\n")
    mask = literal_mask(section).split("\n")
    rows: list[str] = []
    for index, line in enumerate(lines):
        if not line.strip().startswith("|"):
            continue
        if index < len(mask) and mask[index].strip() == "" and line.strip():
            continue  # inside a fenced or indented code block
        if _ALIGNMENT_ROW_RE.fullmatch(line.strip()):
            continue
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if _ALIGNMENT_ROW_RE.fullmatch(following):
            continue  # a header row sits right above the alignment row
        if re.match(r"\|\s*#\s*\|", line):
            continue
        rows.append(line)
    return rows


def check_evidence(ctx: PlanContext) -> None:
    section = extract_section(ctx.plan_file("verification.md"), "Criteria Verification")
    if section is None:
        return
    for row in _table_rows(section):
        cells = [cell.strip() for cell in row.strip().split("|")]
        if cells and cells[0] == "":
            cells = cells[1:]
        if cells and cells[-1] == "":
            cells = cells[:-1]
        if len(cells) < 6:
            continue
        evidence, name = cells[5], cells[1] or "?"
        if evidence in ("", "-"):
            message = f'verification.md criterion "{name}" has an empty Evidence cell.'
        elif _WEAK_RE.fullmatch(evidence):
            message = f'verification.md criterion "{name}" has weak Evidence: "{evidence}".'
        elif not re.search(r"\s", evidence) and not _RATIO_RE.match(evidence):
            message = f'verification.md criterion "{name}" Evidence is a single word: "{evidence}".'
        else:
            continue
        ctx.sink.warn("evidence", message, "verification.md")
