"""Categories A, B and C: what one plan folder leaves behind (its anchors, its changelog's
commit fields, its findings and checkpoints). Each returns a :class:`~skill.hygiene.model.Category`."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from skill import CLI_PREFIX
from skill.blast import git
from skill.hygiene.model import BY_ID, DEGRADED, RAN, UNAVAILABLE, Category, Finding
from skill.plans.changelog import FIELD_COUNT, STEP_RE, split_fields
from skill.plans.decisions import parse as parse_decisions
from skill.plans.findings import REVIEW_FILE_RE
from skill.plans.hygiene import REPORT_FILE_RE
from skill.plans.ids import tag_id
from skill.plans.textio import read_text
from skill.validate.anchors import AnchorAudit
from skill.validate.context import PlanContext
from skill.validate.locate import PlanTarget


@dataclass(frozen=True)
class ScannedPlan:
    """The plan folder a scan reads: its target, whether it is the active plan, its changelog."""

    target: PlanTarget
    active: bool

    @property
    def plan_id(self) -> str:
        return self.target.plan_id

    @property
    def rel(self) -> str:
        return f"plans/{self.plan_id}"

    def read(self, name: str) -> str:
        return read_text(self.target.path / name) or ""


# -- A: orphaned decision anchors --------------------------------------------------------------


def orphaned_anchors(plan: ScannedPlan) -> Category:
    """The validator's reverse anchor audit, as data (its anchor-* findings)."""
    ctx = PlanContext(plan.target)
    decisions = ctx.plan_file("decisions.md")
    audit = AnchorAudit(ctx, parse_decisions(decisions) if decisions else None)
    findings = [
        Finding(
            "A",
            found.slug,
            found.file,
            found.anchor.line,
            found.message.split(" ", 1)[1] if found.message.startswith(f"{found.file}:") else found.message,
            _anchor_remedy(found.slug, found.anchor.plan),
            plan=found.anchor.plan,
        )
        for found in audit.reverse_findings()
    ]
    return Category(BY_ID["A"], RAN, f"the validator's anchor audit: {len(findings)} anchor issue(s)", findings)


def _anchor_remedy(slug: str, plan: str | None) -> str:
    if slug == "anchor-unknown-plan" and plan:
        return f"`{CLI_PREFIX} bootstrap retire {plan}` marks its anchors [STALE]"
    if slug == "anchor-unqualified":
        return "add the plan-id prefix to the anchor, or delete it with the code it described"
    if slug == "anchor-badprefix":
        return "write the full plan folder name as the prefix"
    return "delete the anchor, or add the decisions.md entry it names"


# -- B: stale `uncommitted` commit fields ---------------------------------------------------------


def changelog_entries(text: str) -> list[tuple[int, list[str]]]:
    """(1-based line, fields) of the changelog's entry lines: eight fields and a valid step."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        if " | " not in line:
            continue
        values = split_fields(line.strip())
        if len(values) == FIELD_COUNT and STEP_RE.fullmatch(values[1]):
            found.append((number, values))
    return found


def stale_commit_fields(plan: ScannedPlan, root: Path, git_ok: bool) -> Category:
    if not git_ok:
        return Category(
            BY_ID["B"],
            UNAVAILABLE,
            "git is not available: a stale field cannot be told from work that is really uncommitted",
        )
    tag = tag_id(plan.plan_id)
    changelog = f"{plan.rel}/changelog.md"
    findings = []
    entries = changelog_entries(plan.read("changelog.md"))
    # An edit undone by a later REVERT line of its step was never meant to be committed.
    reverted = {(v[1], v[3], n) for n, v in entries if v[4].startswith("REVERT(")}
    stale = [
        (n, v) for n, v in entries
        if v[2] == "uncommitted" and not any(step == v[1] and path == v[3] and later > n for step, path, later in reverted)
    ]
    for number, values in stale:
        step, path = values[1], values[3]
        commits = tagged_commits(root, f"[{tag}/{step}]")
        commit = commits[0][:7] if commits else ""
        if commit:
            evidence = f"{step} ({path}) still reads `uncommitted`, but commit {commit} carries [{tag}/{step}]"
            remedy = f"write {commit} in the commit field"
        else:
            evidence = f"{step} ({path}) reads `uncommitted` and no commit carries [{tag}/{step}]: ambiguous, not resolved"
            remedy = "check whether the step was ever committed; never write a hash git cannot show"
        findings.append(Finding("B", "stale-commit-field", changelog, number, evidence, remedy))
    return Category(BY_ID["B"], RAN, f"{len(stale)} entry line(s) read `uncommitted`", findings)


# -- C: leftover plan-folder artifacts -----------------------------------------------------------

MIN_FINDINGS_LINES = 3
_COLLISION_RE = re.compile(r"-[2-9]\.md$")
_MANDATORY_CHECKPOINT_RE = re.compile(r"cp-0+-iter1")
REFERENCE_FILES = ("state.md", "progress.md", "plan.md", "decisions.md", "changelog.md", "findings.md")


def _md_files(folder: Path) -> list[str]:
    try:
        return sorted(name for name in os.listdir(folder) if name.endswith(".md"))
    except FileNotFoundError:
        return []


def plan_artifacts(plan: ScannedPlan) -> Category:
    findings = []
    folder = plan.target.path
    topic_files = _md_files(folder / "findings")
    for name in topic_files:
        rel = f"{plan.rel}/findings/{name}"
        lines = [line for line in plan.read(f"findings/{name}").split("\n") if line.strip()]
        if len(lines) < MIN_FINDINGS_LINES:
            findings.append(
                Finding(
                    "C",
                    "empty-findings-file",
                    rel,
                    None,
                    f"{len(lines)} non-blank line(s), fewer than {MIN_FINDINGS_LINES}",
                    "fill it in or delete it: an empty findings file reads as evidence never gathered",
                )
            )
        protocol_name = REVIEW_FILE_RE.match(name) or REPORT_FILE_RE.match(name)
        if _COLLISION_RE.search(name) and not protocol_name and not re.search(r"-iter-[0-9]+\.md$", name):
            findings.append(
                Finding(
                    "C",
                    "collision-suffix",
                    rel,
                    None,
                    f"the name {name} carries a numeric collision suffix",
                    "merge it into the unsuffixed topic file and delete it, or give it a real topic name",
                )
            )
    checkpoints = _md_files(folder / "checkpoints")
    if not plan.active:
        cited = "\n".join(plan.read(name) for name in REFERENCE_FILES)
        for name in checkpoints:
            stem = name[: -len(".md")]
            if _MANDATORY_CHECKPOINT_RE.fullmatch(stem) or stem in cited:
                continue
            findings.append(
                Finding(
                    "C",
                    "unreferenced-checkpoint",
                    f"{plan.rel}/checkpoints/{name}",
                    None,
                    f"no plan file mentions {stem}",
                    "cite it where it was taken (state.md, progress.md) or delete it",
                )
            )
    note = f"{len(topic_files)} findings file(s), {len(checkpoints)} checkpoint(s) read"
    if plan.active:
        note += " (checkpoints of the active plan are in use and not judged)"
    return Category(BY_ID["C"], RAN, note, findings)


def tagged_commits(root: Path, needle: str) -> list[str]:
    """Full hashes of the commits whose message holds ``needle`` literally, newest first.
    Raises OSError when git fails: a scan must not read a failed search as "no commit"."""
    if git.head_short(root) is None:
        return []  # no commit at all yet
    result = git.run_git(["log", "--fixed-strings", f"--grep={needle}", "--format=%H"], root)
    if not result.ok:
        raise OSError(f"git log failed while looking for {needle}")
    return result.stdout.split()


def no_plan(category_id: str, reason: str) -> Category:
    return Category(BY_ID[category_id], DEGRADED, f"no plan folder ({reason})")
