"""Read a plan folder (plans/<id>/) into a :class:`PlanSnapshot` for the exporter.

Only reading happens here. HTML comments are removed first (decisions.md keeps its schema example
inside one) and template hint lines — lines that are entirely in italics — count as "nothing".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from skill.execplan import patterns
from skill.plans import decisions, findings, plan, progress, verification
from skill.plans.ids import NEW_PLAN_ID_RE
from skill.plans.layout import PLAN_FILES
from skill.plans.markdown import extract_section, strip_comments
from skill.plans.state import read_state_fields
from skill.plans.textio import read_text

_HINT_LINE_RE = re.compile(r"^[ \t]*(?:[-*+][ \t]+)?\*[^*\s].*\*[ \t]*$|^[ \t]*(?:[-*+][ \t]+)?\*\*?[ \t]*$")
_STEP_RE = re.compile(r"^[ \t]*([0-9]{1,6})[.)][ \t]+(?:\[(?P<mark>[ xX~!-])\][ \t]*)?(?P<text>.*)$")
_CURRENT_RE = re.compile(r"[ \t]*(?:←|<-)[ \t]*CURRENT\b[ \t]*")
_CHANGELOG_STEP_RE = re.compile(r"iter-[0-9]+/step-([0-9]+)")
_INIT_RE = re.compile(r"INIT[ \t]*(?:→|->)[ \t]*EXPLORE[ \t]*\(([^)]+)\)")


def meaningful(body: str | None) -> str | None:
    """``body`` without template hint lines; None when nothing real is left."""
    if body is None:
        return None
    kept = [line for line in body.split("\n") if not _HINT_LINE_RE.match(line)]
    text = "\n".join(kept).strip("\n")
    return text if text.strip() else None


@dataclass
class Step:
    number: int
    done: bool
    text: str
    current: bool = False


@dataclass
class Decision:
    ident: str
    phase: str
    date: str
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class PlanSnapshot:
    plan_id: str
    plan_dir: Path
    state: str
    iteration: str
    current_step: str
    goal: str
    plan: dict[str, str | None]
    steps: list[Step]
    decisions: list[Decision]
    findings: dict[str, str | None]
    progress: dict[str, str | None]
    verification: dict[str, str | None]
    criteria_rows: list[list[str]]
    step_times: dict[int, str]
    checkpoints: list[str]
    created: str
    updated: str


def parse_steps(body: str | None) -> list[Step]:
    steps: list[Step] = []
    for line in (body or "").split("\n"):
        match = _STEP_RE.match(line)
        if not match:
            continue
        text = match.group("text")
        current = bool(_CURRENT_RE.search(text))
        text = _CURRENT_RE.sub(" ", text).strip()
        mark = match.group("mark") or " "
        steps.append(Step(int(match.group(1)), mark in "xX", text, current))
    return steps


def parse_decisions(text: str | None) -> list[Decision]:
    """decisions.md's entries with their ``**Label**:`` fields (read by the one entry parser)."""
    return [
        Decision(entry.id_str, entry.phase, entry.date, entry.fields())
        for entry in decisions.parse(text or "").entries
    ]


def table_rows(body: str | None) -> list[list[str]]:
    """The data rows of a table section, as cells."""
    return verification.table_rows(body)


def _step_times(changelog: str | None) -> dict[int, str]:
    times: dict[int, str] = {}
    for line in (changelog or "").split("\n"):
        parts = [part.strip() for part in line.split(" | ")]
        if len(parts) < 2 or not patterns.is_rfc3339(parts[0]):
            continue
        match = _CHANGELOG_STEP_RE.search(parts[1])
        if match:
            times[int(match.group(1))] = parts[0]
    return times


def _utc(moment: float) -> str:
    return datetime.fromtimestamp(moment, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _created(plan_id: str, state_text: str | None, fallback: str) -> str:
    if NEW_PLAN_ID_RE.fullmatch(plan_id):
        stamp = plan_id[5:22]  # YYYY-MM-DDTHHMMSS
        return f"{stamp[:13]}:{stamp[13:15]}:{stamp[15:17]}Z"
    match = _INIT_RE.search(state_text or "")
    if match and patterns.is_rfc3339(match.group(1).strip()):
        return match.group(1).strip()
    return fallback


def read_plan_folder(plan_dir: Path) -> PlanSnapshot:
    plan_dir = Path(plan_dir)
    texts = {
        name: read_text(plan_dir / f"{name}.md")
        for name in PLAN_FILES
    }
    plan_text = strip_comments(texts["plan"] or "")
    fields = read_state_fields(texts["state"])
    sections = {name: meaningful(extract_section(plan_text, name)) for name in plan.SECTIONS}
    findings_text = strip_comments(texts["findings"] or "")
    progress_text = strip_comments(texts["progress"] or "")
    verification_text = strip_comments(texts["verification"] or "")
    mtimes = [
        (plan_dir / f"{name}.md").stat().st_mtime
        for name in texts
        if texts[name] is not None and (plan_dir / f"{name}.md").exists()
    ]
    updated = _utc(max(mtimes)) if mtimes else _utc(datetime.now(timezone.utc).timestamp())
    checkpoints_dir = plan_dir / "checkpoints"
    checkpoints = (
        sorted(entry.name for entry in checkpoints_dir.iterdir() if not entry.name.startswith("."))
        if checkpoints_dir.is_dir()
        else []
    )
    return PlanSnapshot(
        plan_id=plan_dir.name,
        plan_dir=plan_dir,
        state=(fields.state or "EXPLORE").strip().upper(),
        iteration=fields.iteration or "0",
        current_step=fields.step or "N/A",
        goal=plan.goal(plan_text) or "No goal specified",
        plan=sections,
        steps=parse_steps(sections["Steps"]),
        decisions=parse_decisions(texts["decisions"]),
        findings={
            name: meaningful(extract_section(findings_text, name))
            for name in findings.SECTIONS
        },
        progress={
            name: meaningful(extract_section(progress_text, name))
            for name in progress.ALL_SECTIONS
        },
        verification={
            name: meaningful(extract_section(verification_text, name))
            for name in ("Not Verified", "Concerns", "Verdict")
        },
        criteria_rows=[
            row
            for row in table_rows(extract_section(verification_text, verification.CRITERIA))
            if len(row) >= 2 and meaningful(row[1])
        ],
        step_times=_step_times(texts["changelog"]),
        checkpoints=checkpoints,
        created=_created(plan_dir.name, texts["state"], updated),
        updated=updated,
    )
