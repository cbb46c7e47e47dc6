"""``hygiene scan``: run the five categories over the project and one plan folder, then sort each
finding into introduced (this plan's) or inherited.

* A (anchors) is introduced only when the anchor names this plan's id: a bare or malformed anchor,
  or one of another plan, is inherited whatever file it sits in;
* B, C and E read this plan's own folder, so their findings are introduced;
* D is introduced when the file is the path of one of this plan's changelog entries.

No plan folder: A, B, C and E are degraded and D still runs. No git: B and E are unavailable.
When the scan itself cannot be trusted (the anchor audit or another category fails, or fewer than
five categories report) :class:`~skill.hygiene.model.ScanUntrustworthy` is raised and no report
exists: a missing result must never read as a clean one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from skill.blast import git
from skill.errors import SkillError
from skill.hygiene import budget, leftovers, plan_side
from skill.hygiene.model import (
    CATEGORIES,
    INHERITED,
    INTRODUCED,
    Category,
    Finding,
    ScanReport,
    ScanUntrustworthy,
)
from skill.hygiene.plan_side import ScannedPlan, changelog_entries
from skill.plans.ids import is_plan_id
from skill.plans.pointer import read_pointer
from skill.validate.locate import from_argument, from_pointer


def find_plan(root: Path, plan_dir: str | None) -> tuple[ScannedPlan | None, str]:
    """The plan folder to scan (``plan_dir``: a plan id under plans/; else the active plan), or
    None and why there is none. A named folder that does not exist is an error."""
    active = read_pointer(root / "plans")
    if plan_dir is not None:
        if not is_plan_id(plan_dir):
            raise SkillError(f"ERROR: --plan-dir takes a plan id (plan-YYYY-MM-DDTHHMMSS-xxxxxxxx); got {plan_dir!r}.", 2)
        target = from_argument(root, plan_dir)
        if not target.path.is_dir():
            raise SkillError(f"ERROR: no plan folder plans/{plan_dir} under {root}.", 1)
        return ScannedPlan(target, active == plan_dir), ""
    pointed = from_pointer(root)
    if pointed is None or not pointed.path.is_dir():
        return None, "no active plan: plans/.current_plan names no plan folder"
    return ScannedPlan(pointed, True), ""


def _run(category_id: str, label: str, run: Callable[[], Category]) -> Category:
    try:
        return run()
    except Exception as exc:  # deliberate catch-all: any failure makes the whole scan untrustworthy
        raise ScanUntrustworthy(label, f"category {category_id} could not run: {exc}") from None


def partition(finding: Finding, plan: ScannedPlan | None, paths: set[str]) -> Finding:
    if plan is None:
        return replace(finding, provenance=INHERITED, why="no plan folder was scanned")
    if finding.category == "A":
        if finding.plan is None or not is_plan_id(finding.plan):
            why = "the anchor names no plan id, so it cannot be this plan's"
            return replace(finding, provenance=INHERITED, why=why)
        if finding.plan == plan.plan_id:
            return replace(finding, provenance=INTRODUCED, why=f"the anchor names this plan, {plan.plan_id}")
        return replace(finding, provenance=INHERITED, why=f"the anchor names {finding.plan}, not this plan")
    if finding.file and finding.file.startswith(f"{plan.rel}/"):
        return replace(finding, provenance=INTRODUCED, why="it is in this plan's own folder")
    if finding.file in paths:
        return replace(finding, provenance=INTRODUCED, why="this plan's changelog.md names the file")
    return replace(finding, provenance=INHERITED, why="this plan's changelog.md does not name the file")


def scan(root: Path, plan_dir: str | None = None) -> ScanReport:
    """The whole scan. Raises ScanUntrustworthy (exit 1, no report) or SkillError (bad input)."""
    root = Path(root)
    plan, reason = find_plan(root, plan_dir)
    git_ok = git.is_work_tree(root)
    categories: list[Category] = []
    if plan is None:
        categories += [plan_side.no_plan(cid, reason) for cid in ("A", "B", "C")]
    else:
        categories.append(_run("A", "scan-unavailable", lambda: plan_side.orphaned_anchors(plan)))
        categories.append(_run("B", "scan-failed", lambda: plan_side.stale_commit_fields(plan, root, git_ok)))
        categories.append(_run("C", "scan-failed", lambda: plan_side.plan_artifacts(plan)))
    categories.append(_run("D", "scan-failed", lambda: leftovers.forbidden_leftovers(root)))
    if plan is None:
        categories.append(plan_side.no_plan("E", reason))
    else:
        categories.append(_run("E", "scan-failed", lambda: budget.complexity_budget(plan, root, git_ok)))
    reported = [category.info.id for category in categories]
    if reported != [info.id for info in CATEGORIES]:
        raise ScanUntrustworthy("scan-floor", f"{len(reported)} of {len(CATEGORIES)} categories reported a status")
    paths = {values[3] for _n, values in changelog_entries(plan.read("changelog.md"))} if plan else set()
    introduced: list[Finding] = []
    inherited: list[Finding] = []
    for category in categories:
        for finding in category.findings:
            sorted_finding = partition(finding, plan, paths)
            (introduced if sorted_finding.provenance == INTRODUCED else inherited).append(sorted_finding)
    return ScanReport(
        plan.plan_id if plan else None,
        plan.rel if plan else None,
        git_ok,
        categories,
        introduced,
        inherited,
    )
