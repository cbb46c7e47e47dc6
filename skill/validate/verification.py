"""Cross-file consistency (state vs plan vs verification), the Verdict and the Evidence cells."""

from __future__ import annotations

import re

from skill import CLI_PREFIX
from skill.plans import plan, verification
from skill.plans import state as statefile
from skill.plans.markdown import extract_section, is_placeholder
from skill.plans.textio import js_parse_int
from skill.validate.context import PlanContext

_PLACEHOLDER_SCORE_RE = re.compile(r"\|\s*-\s*\|\s*-\s*\|\s*-\s*\|")
_WEAK_RE = re.compile(r"(?:looks good|seems to work|lgtm|ok|fine|good)", re.I)
_RATIO_RE = re.compile(r"[0-9]+/[0-9]+")


def check_consistency(ctx: PlanContext) -> None:
    state_text = ctx.state_text
    if not state_text or not ctx.plan_file("plan.md") or not ctx.plan_file("progress.md"):
        return
    shown = ctx.iteration_text
    version = plan.version(ctx.plan_file("plan.md"))
    declared = js_parse_int(shown)
    # In PLAN the next version is being written: `# Plan vN` names the iteration it will run in.
    expected = {declared, declared + 1} if ctx.state == "PLAN" and declared is not None else {declared}
    if shown and version is not None and shown != "0" and version not in expected:
        ctx.sink.warn(
            "consistency",
            f"state.md says iteration {shown} but plan.md is version v{version}.",
            "state.md",
        )
    text = ctx.plan_file("verification.md")
    if ctx.state in ("REFLECT", "CLOSE"):
        if not text:
            ctx.sink.error(
                "consistency",
                f"verification.md is missing; {ctx.state} needs it.",
                "verification.md",
            )
        elif convergence_iteration(ctx) >= 2:
            _check_convergence(ctx, text)
    if ctx.state == "CLOSE" and not ctx.plan_exists("summary.md"):
        ctx.sink.warn("consistency", "summary.md is missing; CLOSE needs it.", "summary.md")
    if not ctx.plan_exists("decisions.md"):
        ctx.sink.error("consistency", "decisions.md not found in the plan folder.", "decisions.md")


def convergence_iteration(ctx: PlanContext) -> int:
    """The iteration the convergence rule reads: the declared one, or 1 + the re-plans recorded
    in the history when that is larger (REFLECT → EXECUTE fix loops do not count)."""
    declared = js_parse_int(ctx.iteration_text, radix10=True) or 0
    return max(declared, statefile.replan_iteration(ctx.state_text))


def _check_convergence(ctx: PlanContext, text: str) -> None:
    if "## Convergence Metrics" not in text or "Convergence score" not in text:
        ctx.sink.warn(
            "convergence",
            "verification.md has no Convergence Metrics (with a Convergence score) although this is "
            "iteration 2 or later (see references/convergence-metrics.md).",
            "verification.md",
        )
        return
    section = extract_section(text, "Convergence Metrics") or ""
    line = next((line for line in section.split("\n") if "Convergence score" in line), None)
    if line is not None and _PLACEHOLDER_SCORE_RE.search(line):
        ctx.sink.warn(
            "convergence",
            "verification.md Convergence Metrics still shows placeholder dashes for the Convergence score "
            "(see references/convergence-metrics.md).",
            "verification.md",
        )


def check_verdict(ctx: PlanContext) -> None:
    section = extract_section(ctx.plan_file("verification.md"), verification.VERDICT)
    if section is None:
        return
    scan = verification.scan_verdict(section)
    missing = scan.missing()
    if missing:
        ctx.sink.error(
            "verdict",
            f"verification.md Verdict lacks required bullet(s): {', '.join(missing)}. Each is a list "
            "item whose label is exactly the field's name (`- Regressions: none`); tables, paragraphs "
            "and labels with other words do not count.",
            "verification.md",
        )
    if not scan.in_order():
        ctx.sink.error(
            "verdict",
            "verification.md Verdict bullets are out of order; the order is Criteria passed, Regressions, "
            "Scope drift, Simplification blockers, Recommended transition.",
            "verification.md",
        )
    if ctx.state not in ("REFLECT", "CLOSE"):
        return
    unfilled = scan.unfilled()
    if unfilled:
        ctx.sink.add(
            "ERROR" if ctx.state == "CLOSE" else "WARN",
            "verdict",
            f"verification.md Verdict still PENDING at {ctx.state}: {', '.join(unfilled)}. Fill them before "
            f"the plan closes: `{CLI_PREFIX} verify verdict --recommend CLOSE|PIVOT|EXPLORE|EXECUTE`, once the "
            "criteria and checks are recorded.",
            "verification.md",
        )


def evidence_problem(evidence: str) -> str | None:
    """Why an Evidence cell is not evidence (empty, weak, a single word), or None."""
    if evidence in ("", "-"):
        return "has an empty Evidence cell."
    if _WEAK_RE.fullmatch(evidence):
        return f'has weak Evidence: "{evidence}".'
    if not re.search(r"\s", evidence) and not _RATIO_RE.match(evidence):
        return f'Evidence is a single word: "{evidence}".'
    return None


def check_evidence(ctx: PlanContext) -> None:
    section = extract_section(ctx.plan_file("verification.md"), verification.CRITERIA)
    if section is None:
        return
    awaiting = ctx.state not in ("REFLECT", "CLOSE")  # results are recorded in REFLECT
    for cells in verification.table_rows(section):
        if len(cells) <= verification.EVIDENCE_CELL or (cells[1] and is_placeholder(cells[1])):
            continue  # a short row, or the template's placeholder criterion
        if awaiting and verification.PENDING_RE.fullmatch(cells[verification.RESULT_CELL]):
            continue  # a criterion the plan-writer listed, not run yet
        problem = evidence_problem(cells[verification.EVIDENCE_CELL])
        if problem is not None:
            ctx.sink.warn("evidence", f'verification.md criterion "{cells[1] or "?"}" {problem}', "verification.md")
