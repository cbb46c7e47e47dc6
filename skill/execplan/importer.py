"""``execplan import``: start a plan folder from an ExecPlan.

:func:`read_execplan` turns the document into an :class:`ImportedPlan` (pure, no I/O);
:func:`fill_plan_folder` writes it into an existing plan folder (plan.md, decisions.md,
findings.md) under the plan lock with atomic writes; :func:`import_execplan` creates the folder
with ``bootstrap new``'s :func:`~skill.lifecycle.new.create_plan` (which refuses while a plan is
active) and fills it. Everything is computed before the first write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from skill import CLI_PREFIX
from skill.errors import SkillError
from skill.execplan.model import Document, Line, Section, parse, section_key
from skill.lifecycle.new import create_plan
from skill.plans import findings
from skill.plans.decisions import NewEntry, append_entries
from skill.plans.edit import PlanEdit, checked_edit
from skill.plans.layout import DECISIONS_MD, FINDINGS_MD, PLAN_MD
from skill.plans.markdown import replace_section
from skill.plans.store import Store
from skill.plans.textio import one_line

_EXPORT_FILLERS = {"none recorded yet.", "none.", "none recorded.", "no decisions recorded yet."}
_CHECKBOX_RE = re.compile(r"^[ \t]*(?:[-*+]|[0-9]{1,9}[.)])[ \t]+\[(?P<mark>[ xX])\][ \t]*(?P<text>.*)$")
_NUMBERED_RE = re.compile(r"^[ ]{0,3}[0-9]{1,6}[.)][ \t]+(?P<text>.+)$")
_LEAD_TIME_RE = re.compile(
    r"^\(?[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[Tt ][0-9:.]+(?:[Zz]|[+-][0-9]{2}:?[0-9]{2})?)?\)?[ \t]*(?:[-–—:][ \t]*)?"
)
_STEP_PREFIX_RE = re.compile(r"^Step[ \t]+[0-9]+[ \t]*:[ \t]*", re.IGNORECASE)
_OWNER_SUFFIX_RE = re.compile(r"[ \t]*\((?:Owner|Author)[ \t]*:[^()]*\)[ \t]*$", re.IGNORECASE)
_STATE_SUFFIX_RE = re.compile(r"[ \t]*\((done|current|pending)\)[ \t]*$", re.IGNORECASE)
_BULLET_RE = re.compile(r"^(?P<indent>[ ]*)[-*+][ \t]+")
_FIELD_RE = re.compile(
    r"^(?P<label>Decision|Context|Trade-off|Alternatives|Consequences|Rationale|Reasoning|Evidence"
    r"|Date/Author|Date|Author|Anchor-Refs|Ref|Complexity Assessment)[ \t]*:[ \t]*(?P<value>.*)$",
    re.IGNORECASE,
)
_INLINE_FIELDS_RE = re.compile(r"^(?P<head>.*?)[ \t]*\((?P<rest>(?:Rationale|Evidence|Author)[ \t]*:.*)\)[ \t]*$")
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_H2_RE = re.compile(r"^##(?=[ \t])", re.MULTILINE)


@dataclass
class ImportedDecision:
    decision: str
    fields: dict[str, str] = field(default_factory=dict)
    date: str = ""


@dataclass
class ImportedPlan:
    goal: str
    plan: dict[str, str]  # plan.md heading -> body (only those the ExecPlan supplies)
    findings: dict[str, str]  # findings.md heading -> body
    decisions: list[ImportedDecision]
    steps: int = 0


# -- reading the ExecPlan -------------------------------------------------------------------------
def _meaningful(text: str | None) -> str | None:
    """Copied text, or None for blank text and the filler lines export writes for "nothing"."""
    if text is None:
        return None
    body = text.strip("\n")
    if not body.strip() or body.strip().lower() in _EXPORT_FILLERS:
        return None
    return _H2_RE.sub("###", body)  # a '## ' line (inside code) would end a plan.md section


def _split_subsections(section: Section | None) -> tuple[str, dict[str, str]]:
    """(text before the first ``###``, {subsection key: body}) of a section."""
    if section is None:
        return "", {}
    intro: list[str] = []
    subs: dict[str, list[str]] = {}
    current: list[str] = intro
    for item in section.lines:
        match = None if item.in_fence else re.match(r"^###[ \t]+(.+?)[ \t]*#*[ \t]*$", item.text)
        if match:
            current = subs.setdefault(section_key(match.group(1)), [])
            continue
        current.append(item.text)
    return "\n".join(intro).strip("\n"), {key: "\n".join(lines).strip("\n") for key, lines in subs.items()}


def _subsection(doc: Document, name: str) -> str | None:
    key = section_key(name)
    for section in doc.sections:
        _, subs = _split_subsections(section)
        if key in subs and _meaningful(subs[key]):
            return _meaningful(subs[key])
    return None


def _section_text(doc: Document, *names: str, intro_only: bool = False) -> str | None:
    for name in names:
        section = doc.first(section_key(name))
        if section is None:
            continue
        body = _split_subsections(section)[0] if intro_only else section.body
        if _meaningful(body):
            return _meaningful(body)
    return None


def _clean_step(text: str) -> tuple[str, bool]:
    text = _LEAD_TIME_RE.sub("", text.strip(), count=1)
    text = _STEP_PREFIX_RE.sub("", text)
    text = _OWNER_SUFFIX_RE.sub("", text)
    current = False
    state = _STATE_SUFFIX_RE.search(text)
    if state:
        current = state.group(1).lower() == "current"
        text = text[: state.start()]
    return text.strip(), current


def _steps(doc: Document) -> list[str]:
    lines: list[str] = []
    progress = doc.first("progress")
    for item in progress.lines if progress else []:
        match = _CHECKBOX_RE.match(item.text)
        if match:
            text, current = _clean_step(match.group("text"))
            mark = "x" if match.group("mark") in "xX" else " "
            if text:
                lines.append(f"[{mark}] {text}" + (" ← CURRENT" if current else ""))
    if not lines:
        concrete = doc.first("concrete steps")
        for item in concrete.lines if concrete else []:
            match = None if item.in_fence else _NUMBERED_RE.match(item.text)
            if match:
                done = bool(re.search(r"\(done\)[ \t]*$", match.group("text"), re.IGNORECASE))
                text, current = _clean_step(match.group("text"))
                if text:
                    lines.append(f"[{'x' if done else ' '}] {text}" + (" ← CURRENT" if current else ""))
    return [f"{i}. {line}" for i, line in enumerate(lines, 1)]


def _decision_items(section: Section | None) -> list[list[Line]]:
    """The Decision Log's entries: bullets at the outermost bullet indentation, with what follows.

    (The execplans skeleton indents its entries by four spaces; most plans do not indent them.)
    """
    lines = [item for item in section.lines if not item.in_fence] if section else []
    indents = [len(m.group("indent")) for item in lines if (m := _BULLET_RE.match(item.text))]
    if not indents:
        return []
    outer = min(indents)
    items: list[list[Line]] = []
    open_item = False
    after_blank = False
    for item in lines:
        if not item.text.strip():
            after_blank = True
            continue
        bullet = _BULLET_RE.match(item.text)
        indent = len(item.text) - len(item.text.lstrip(" \t"))
        if bullet and len(bullet.group("indent")) == outer:
            items.append([item])
            open_item = True
        elif open_item and (indent > outer or not after_blank):
            items[-1].append(item)
        else:
            open_item = False
        after_blank = False
    return items


def _decision(lines: list[Line]) -> ImportedDecision | None:
    fields: dict[str, str] = {}
    order: list[str] = []
    leading_date = ""
    for index, item in enumerate(lines):
        text = _BULLET_RE.sub("", item.text.strip(), count=1)
        if index == 0:
            date = _DATE_RE.match(text)
            leading_date = date.group(0) if date else ""
            text = _LEAD_TIME_RE.sub("", text, count=1)
        match = _FIELD_RE.match(text)
        if match:
            label = match.group("label").lower()
            fields[label] = match.group("value").strip()
            order.append(label)
        elif index == 0:
            fields["decision"] = text
            order.append("decision")
        elif order:
            fields[order[-1]] = (fields[order[-1]] + " " + text).strip()
    decision = fields.pop("decision", "").strip()
    inline = _INLINE_FIELDS_RE.match(decision)
    if inline:
        decision = inline.group("head").strip()
        for part in inline.group("rest").split(";"):
            label, _, value = part.partition(":")
            if value.strip():
                fields.setdefault(label.strip().lower(), value.strip())
    if not decision:
        return None
    dated = fields.get("date/author", "") + " " + fields.get("date", "")
    date = _DATE_RE.search(dated)
    return ImportedDecision(decision, fields, date.group(0) if date else leading_date)


_REF_ENTRY_RE = re.compile(r"^[ \t]*[-*+][ \t]+\[(R[0-9]+)\][ \t]+(\S+)[ \t]*$")


def _reference_urls(doc: Document) -> dict[str, str]:
    """``{"R1": url}`` from a References section written as ``- [R1] url`` (as export writes it)."""
    section = doc.first("references")
    found: dict[str, str] = {}
    for item in section.lines if section else []:
        match = _REF_ENTRY_RE.match(item.text)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def _restore_references(value: str, urls: dict[str, str]) -> str:
    if not urls:
        return value
    return re.sub(r"\[(R[0-9]+)\]", lambda m: urls.get(m.group(1), m.group(0)), value)


def read_execplan(text: str, source: str = "<execplan>") -> ImportedPlan:
    """What an ExecPlan supplies to a plan folder. SkillError when it is not an ExecPlan at all."""
    doc = parse(text)
    imported = _read_document(doc, source)
    urls = _reference_urls(doc)
    if urls:
        imported.plan = {k: _restore_references(v, urls) for k, v in imported.plan.items()}
        imported.findings = {k: _restore_references(v, urls) for k, v in imported.findings.items()}
        for decision in imported.decisions:
            decision.decision = _restore_references(decision.decision, urls)
            decision.fields = {k: _restore_references(v, urls) for k, v in decision.fields.items()}
    return imported


def _read_document(doc: Document, source: str) -> ImportedPlan:
    purpose = doc.first("purpose / big picture")
    if doc.title is None and purpose is None:
        raise SkillError(
            f"ERROR: {source} does not look like an ExecPlan: it has neither a '# ' title nor a "
            "'## Purpose / Big Picture' section.\n"
            f"  Check the file with: {CLI_PREFIX} execplan lint " + source
        )
    title = re.sub(r"^PLAN[ \t]*:[ \t]*", "", doc.title.title if doc.title else "", flags=re.I).strip()
    purpose_intro, purpose_subs = _split_subsections(purpose)
    goal = _meaningful(purpose_subs.get("goal")) or title
    if not goal:
        goal = next((p.strip() for p in purpose_intro.split("\n\n") if p.strip()), "")
    if not goal.strip():
        raise SkillError(f"ERROR: {source} has no goal: give it a '# ' title line naming the task.")

    plan: dict[str, str] = {}

    def put(heading: str, value: str | None) -> None:
        if value:
            plan[heading] = value

    problem = _meaningful(purpose_subs.get("problem statement"))
    if problem is None and purpose is not None:
        problem = _meaningful(purpose_intro if purpose_subs else purpose.body)
    put("Problem Statement", problem)
    put("Context", _section_text(doc, "Context and Orientation", intro_only=True))
    put("Files To Modify", _subsection(doc, "Files To Modify"))
    steps = _steps(doc)
    put("Steps", "\n".join(steps))
    put("Assumptions", _subsection(doc, "Assumptions"))
    put("Failure Modes", _subsection(doc, "Failure Modes") or _section_text(doc, "Risks"))
    put("Pre-Mortem & Falsification Signals", _subsection(doc, "Pre-Mortem & Falsification Signals"))
    put("Success Criteria", _subsection(doc, "Success Criteria") or _section_text(doc, "Validation & Acceptance"))
    put("Verification Strategy", _subsection(doc, "Verification Strategy"))

    findings: dict[str, str] = {}
    index = _subsection(doc, "Findings") or _section_text(doc, "Surprises & Discoveries", intro_only=True)
    if index:
        findings["Index"] = index
    constraints = _subsection(doc, "Key Constraints") or _section_text(doc, "Constraints", "Constraints & Safety")
    tolerances = _section_text(doc, "Tolerances")
    parts = [part for part in (constraints, tolerances and f"Tolerances (escalate when breached):\n\n{tolerances}") if part]
    if parts:
        findings["Key Constraints"] = "\n\n".join(parts)
    corrections = _subsection(doc, "Corrections")
    if corrections:
        findings["Corrections"] = corrections

    decisions = [
        decision
        for lines in _decision_items(doc.first("decision log"))
        if (decision := _decision(lines)) is not None
    ]
    return ImportedPlan(goal.strip(), plan, findings, decisions, len(steps))


# -- writing the plan folder ----------------------------------------------------------------------
def decision_entries(decisions: list[ImportedDecision], source: str, today: str) -> list[NewEntry]:
    """The imported decisions as decisions.md entries D-001, D-002, … (phase EXPLORE)."""
    entries = []
    for number, item in enumerate(decisions, 1):
        fields = item.fields
        origin = f" (originally {one_line(fields['ref'])})" if fields.get("ref") else ""
        context = f"Imported from `{source}`{origin}."
        if fields.get("context"):
            context += " " + one_line(fields["context"])
        trade = fields.get("trade-off")
        if not trade:
            pieces = [f"{label.title()}: {one_line(fields[label])}" for label in ("alternatives", "consequences") if fields.get(label)]
            trade = "; ".join(pieces) or "not recorded in the ExecPlan"
        reasoning = fields.get("reasoning") or fields.get("rationale") or "not recorded in the ExecPlan"
        if fields.get("evidence"):
            reasoning += f" (Evidence: {one_line(fields['evidence'])})"
        lines = [("Context", context), ("Decision", item.decision), ("Trade-off", trade), ("Reasoning", reasoning)]
        if fields.get("complexity assessment"):
            lines.append(("Complexity Assessment", fields["complexity assessment"]))
        if fields.get("anchor-refs"):
            lines.append(("Anchor-Refs", fields["anchor-refs"]))
        entries.append(NewEntry(number, "EXPLORE", item.date or today, tuple(lines)))
    return entries


_LINK_RE = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")


def unlink_missing(text: str, plan_dir: Path) -> str:
    """Links whose target is not in the new plan folder become plain text naming the old target.

    (The validator reports an Index link that does not resolve; the finding files of the source
    plan were not imported.)
    """

    def fix(match: re.Match[str]) -> str:
        href = match.group(2).strip()
        if re.match(r"https?://", href) or href.startswith("#") or (plan_dir / href).exists():
            return match.group(0)
        return f"{match.group(1)} (`{href}` in the source plan)"

    return _LINK_RE.sub(fix, text)


def render_files(edit: PlanEdit, imported: ImportedPlan, source: str) -> None:
    """Stage the new text of plan.md, decisions.md and findings.md in ``edit``."""
    plan_text = edit.read(PLAN_MD) or ""
    for heading, body in imported.plan.items():
        plan_text = replace_section(plan_text, heading, body)
    edit.write(PLAN_MD, plan_text)
    if imported.decisions:
        today = datetime.now(timezone.utc).strftime("%Y-%m-%d")
        entries = decision_entries(imported.decisions, source, today)
        try:
            edit.write(DECISIONS_MD, append_entries(edit.read(DECISIONS_MD) or "", entries))
        except ValueError as exc:
            raise SkillError(f"ERROR: an imported decision cannot be written: {exc}.") from None
    if imported.findings:
        findings_text = edit.read(FINDINGS_MD) or "# Findings\n"
        for heading, body in imported.findings.items():
            if heading == findings.INDEX:
                body = unlink_missing(body, edit.plan_dir)
            findings_text = replace_section(findings_text, heading, body)
        edit.write(FINDINGS_MD, findings_text)


def fill_plan_folder(root: Path, plan_id: str, imported: ImportedPlan, source: str) -> None:
    """Write the imported content into the existing folder ``plans/<plan_id>/`` (a checked edit)."""
    with checked_edit(Store(root), plan_id, "execplan import") as edit:
        render_files(edit, imported, source)


@dataclass
class ImportResult:
    plan_id: str
    lines: list[str]
    warnings: list[str]


def import_execplan(root: Path, text: str, source: str) -> ImportResult:
    imported = read_execplan(text, source)  # fails before anything is written
    created = create_plan(Store(root), imported.goal)
    try:
        fill_plan_folder(root, created.plan_id, imported, source)
    except (OSError, SkillError) as exc:
        reason = exc.message if isinstance(exc, SkillError) else str(exc)
        raise SkillError(
            f"ERROR: plans/{created.plan_id}/ was created, but filling it from {source} failed:\n"
            f"  {reason}\n"
            "  The plan holds the fresh templates only. Fill it by hand, or retire it and import again."
        ) from None
    summary = (
        f"  Imported from {source}: {imported.steps} step(s), {len(imported.decisions)} decision(s), "
        f"{len(imported.plan)} plan.md section(s), {len(imported.findings)} findings.md section(s)"
    )
    return ImportResult(created.plan_id, [*created.lines, summary], list(created.warnings))
