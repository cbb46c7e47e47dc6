"""Category E: plan.md's ``Files added: N/M max`` cap against the files the plan really added.

Measured: the files git shows as added between the parent of this plan's oldest tagged commit
(``[<tag-id>/…]`` in its message) and HEAD, plus the untracked files outside ``plans/`` that were not
already there when the iteration began (unless the changelog names them). Only a
measured count over the cap is a finding; a plan whose budget is prose has nothing to reconcile.
"""

from __future__ import annotations

import re
from pathlib import Path

from skill.blast import git
from skill.hygiene.model import BY_ID, DEGRADED, RAN, UNAVAILABLE, Category, Finding
from skill.hygiene.plan_side import ScannedPlan, tagged_commits
from skill.plans import baseline, changelog
from skill.plans import plan as planfile
from skill.plans.ids import tag_id
from skill.plans.markdown import extract_section

_FILES_ADDED_RE = re.compile(r"files added", re.IGNORECASE)


def files_added_cap(plan_text: str) -> tuple[int | None, bool]:
    """(the cap of the ``Files added`` line, whether a line names it without the N/M grammar)."""
    section = extract_section(plan_text, "Complexity Budget") or ""
    unreadable = False
    for line in section.split("\n"):
        match = planfile.BUDGET_RE.match(line)
        if match and match.group(1).lower() == "files added":
            return int(match.group(3)), False
        if _FILES_ADDED_RE.search(line):
            unreadable = True
    return None, unreadable


def _base(root: Path, oldest: str) -> str | None:
    parent = git.run_git(["rev-parse", "--verify", "--quiet", f"{oldest}^"], root)
    if parent.ok and parent.stdout.strip():
        return parent.stdout.strip()
    empty = git.run_git(["hash-object", "-t", "tree", "--stdin"], root)  # the plan's commit is the root
    return empty.stdout.strip() if empty.ok and empty.stdout.strip() else None


def measured_added(root: Path, base: str, already: frozenset[str] = frozenset()) -> tuple[int, int] | None:
    """(committed, untracked) files added since ``base``; None when git cannot say. Untracked
    files in ``already`` were there before the plan's work and are not counted."""
    diff = git.run_git(["diff", "--name-status", "-z", "--no-renames", base, "HEAD"], root)
    others = git.run_git(["ls-files", "--others", "--exclude-standard", "-z"], root)
    if not diff.ok or not others.ok:
        return None
    items = git.split_z(diff.stdout)
    committed = sum(1 for status in items[0::2] if status.startswith("A"))
    untracked = sum(1 for path in git.split_z(others.stdout) if not path.startswith("plans/") and path not in already)
    return committed, untracked


def untracked_before(plan: ScannedPlan) -> frozenset[str]:
    """Files already untracked when the current iteration began (execute-base.json), less any the
    plan's changelog names: an installed skill or notes, not the plan's additions."""
    found = baseline.parse(plan.read(baseline.BASELINE))
    if found is None:
        return frozenset()
    logged = set()
    for _number, line in changelog.iter_entries(plan.read("changelog.md")):
        entry = changelog.parse_line(line)
        if entry is not None:
            logged.update(changelog.paths_of(entry))
    return frozenset(found.iteration_untracked) - logged


def complexity_budget(plan: ScannedPlan, root: Path, git_ok: bool) -> Category:
    info = BY_ID["E"]
    if not git_ok:
        return Category(info, UNAVAILABLE, "git is not available: the real diff cannot be measured")
    cap, unreadable = files_added_cap(plan.read("plan.md"))
    if cap is None:
        if unreadable:
            return Category(info, DEGRADED, "plan.md names a Files added budget without the `N/M max` form")
        return Category(info, RAN, "plan.md states no Files added cap: nothing to reconcile")
    hashes = tagged_commits(root, f"[{tag_id(plan.plan_id)}/")
    if not hashes:
        return Category(info, DEGRADED, "no commit carries this plan's tag yet: nothing to measure against")
    base = _base(root, hashes[-1])
    counts = measured_added(root, base, untracked_before(plan)) if base else None
    if counts is None:
        return Category(info, DEGRADED, "this plan's base commit could not be resolved: diff not measured")
    committed, untracked = counts
    measured = committed + untracked
    note = f"cap {cap} files added; measured {measured} ({committed} committed, {untracked} untracked)"
    findings = []
    if measured > cap:
        findings.append(
            Finding(
                "E",
                "complexity-budget-exceeded",
                f"{plan.rel}/plan.md",
                None,
                f"plan.md caps files added at {cap}; the diff since this plan's first commit adds {measured}",
                "fold the extra file into an existing one, or record the cap change in decisions.md",
            )
        )
    return Category(info, RAN, note, findings)
