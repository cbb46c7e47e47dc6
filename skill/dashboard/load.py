"""The one place the dashboard reads plans: every call to a plan-format reader lives here.

It fills :mod:`skill.dashboard.model` from the readers the CLI itself uses, and reads nothing it
could not explain with one of them:

==========================  ===========================================================================
what                        library reader
==========================  ===========================================================================
status fields               ``lifecycle.report.status_data`` (the active plan: ``status --json``),
                            ``plans.state.read_state_fields`` / ``goal_first_line`` (what ``PlanSummary``
                            reads, for every other plan)
transition history          ``validate.statefile.history_block`` + the validator's history-line pattern
fix attempts (live)         ``transitions.state_edit.fix_attempt_lines`` (the gate's attempt pattern)
plan steps                  ``markdown.section_span`` + ``state_edit.STEP_LINE_RE`` / ``MARKER_RE``
decisions                   ``validate.decisions.parse_decisions``, ``validate.anchors.anchor_refs``
code anchors                ``validate.anchors.scan_project``
changelog                   ``plans.changelog.iter_entries`` / ``parse_line`` (tier from the entry)
verification                ``markdown.extract_section`` + the verdict labels of ``plans.layout``
gate / validator            ``validate.gate.run``, ``validate.runner.validate``, ``validate.report``
closed plans without folder ``plans/INDEX.md`` rows and the ``## <plan-id>`` sections of the ledgers
==========================  ===========================================================================

Data that later versions add is read when present and is empty when absent: ``approvals.jsonl``
(the user's words per gated move), an attempt history (``attempts.jsonl`` or a state.md
``## … Attempt History`` section), log files named by verification rows.
Nothing here writes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from skill.dashboard import journey
from skill.dashboard.markdown import table_rows
from skill.dashboard.model import (
    Approval,
    Attempt,
    Change,
    CheckRow,
    CodeAnchor,
    Criterion,
    Decision,
    Document,
    Gate,
    LogRef,
    Move,
    Plan,
    Status,
    Validation,
    VerdictItem,
    Verification,
)
from skill.errors import SkillError
from skill.lifecycle.report import status_data
from skill.plans import changelog, ids
from skill.plans.layout import LEASH_CAP, PLAN_SECTIONS, VERDICT_ITEMS
from skill.plans.markdown import extract_section, is_placeholder, section_span, strip_comments
from skill.plans.pointer import read_pointer
from skill.plans.state import goal_first_line, progress_counts, read_state_fields
from skill.plans.textio import read_text
from skill.transitions.state_edit import MARKER_RE, STEP_LINE_RE, fix_attempt_lines
from skill.validate import anchors, gate, report, runner, statefile
from skill.validate.decisions import parse_decisions, parse_instant
from skill.validate.state import _HISTORY_LINE_RE, normalize_phase

LEDGERS = ("FINDINGS.md", "DECISIONS.md", "LESSONS.md", "SYSTEM.md", "INDEX.md", "ANCHORS.md")
#: Files shown as written; a closed plan's progress.md and verification.md are left to the tables.
DOCUMENTS = ("plan.md", "findings.md", "progress.md", "verification.md", "summary.md")
OPEN_ONLY = ("progress.md", "verification.md")
#: The plan files read once per plan (what a page needs beyond them is read where it is used).
PLAN_TEXTS = ("state.md", "plan.md", "decisions.md", "changelog.md", "verification.md", "progress.md",
              "findings.md", "summary.md")
RECOMMENDATIONS = ("CLOSE", "PIVOT", "EXPLORE", "EXECUTE")
ALL_DONE = "(all steps done)"
_PAREN_RE = re.compile(r"[()]")


# -- small readers -----------------------------------------------------------------------------


@lru_cache(maxsize=256)
def visible(text: str) -> str:
    """``text`` with HTML comments blanked (the library's rule); text without ``<!--`` as is."""
    return strip_comments(text) if "<!--" in text else text


def _utc(instant: datetime | None) -> str | None:
    return instant.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") if instant else None


def _time_in(text: str) -> str | None:
    """The last ISO-8601 date-time among the ``;``/``,``-separated parts of a note."""
    for part in reversed(text.replace(",", ";").split(";")):
        instant = parse_instant(part.strip().rstrip(")").strip())
        if instant is not None and "T" in part:
            return _utc(instant)
    return None


def plan_created(plan_id: str) -> str | None:
    """The instant a plan id was minted (``plan-YYYY-MM-DDTHHMMSS-…``); legacy ids give their date."""
    if ids.is_new_plan_id(plan_id):
        stamp = plan_id[5:22]
        return _utc(parse_instant(f"{stamp[:13]}:{stamp[13:15]}:{stamp[15:17]}Z"))
    return _utc(parse_instant(ids.plan_date(plan_id) or ""))


def _parenthesised(rest: str) -> str:
    """The text of the first balanced ``( … )`` group at the start of ``rest`` (rest when none)."""
    if not rest.startswith("("):
        return rest
    depth = 0
    for match in _PAREN_RE.finditer(rest):
        depth += 1 if match.group(0) == "(" else -1
        if depth == 0:
            return rest[1 : match.start()]
    return rest[1:]


def read_moves(state_text: str | None, last_transition: str | None) -> tuple[Move, ...]:
    block = statefile.history_block(visible(state_text)) if state_text else None
    moves = []
    for line in (block or "").split("\n"):
        match = _HISTORY_LINE_RE.match(line)
        if not match:
            continue
        note = _parenthesised(line[match.end() :].strip())
        moves.append(
            Move(normalize_phase(match.group(1)), normalize_phase(match.group(2)), note, _time_in(note))
        )
    if moves and moves[-1].when is None and last_transition:
        line = f"- {last_transition}"
        last = _HISTORY_LINE_RE.match(line)
        if last and normalize_phase(last.group(2)) == moves[-1].target:
            tail = moves[-1]
            when = _time_in(_parenthesised(line[last.end() :].strip()))
            moves[-1] = Move(tail.source, tail.target, tail.note, when)
    return tuple(moves)


def _attempt(line: str, iteration: int | None, live: bool) -> Attempt:
    """``- Step N, attempt M: what → result`` (the shape ``attempt`` writes). An archived line may
    also name its iteration (``iter-N``, ``iter N``, ``iteration N``) and carry a time."""
    head, _, rest = line.partition(":")
    words = head.replace(",", " ").split()
    numbers = [statefile.js_parse_int(w, radix10=True) for w in words]
    step = numbers[words.index("Step") + 1] if "Step" in words[:-1] else None
    number = numbers[-1] if numbers and numbers[-1] is not None else None
    what, arrow, result = rest.rpartition("→")
    if not arrow:
        what, result = rest, ""
    when = None
    if not live:
        tokens = [t.strip("()[],;") for t in line.split()]
        for index, token in enumerate(tokens):
            lower = token.lower()
            if lower.startswith("iter-") and iteration is None:
                iteration = statefile.js_parse_int(lower[5:], radix10=True)
            elif lower in ("iter", "iteration") and index + 1 < len(tokens) and iteration is None:
                iteration = statefile.js_parse_int(tokens[index + 1], radix10=True)
            elif "T" in token and when is None:
                when = _utc(parse_instant(token))
        result = result.split()[0] if result.split() else ""
    return Attempt(step, number, what.strip(), result.strip().lower(), iteration, when, live)


def read_attempts(folder: Path, state_text: str | None, iteration: int | None) -> tuple[Attempt, ...]:
    """Archived attempts first (attempts.jsonl, then a state.md attempt-history section), then live ones."""
    found: list[Attempt] = []
    for record in _jsonl(folder / "attempts.jsonl"):
        found.append(
            Attempt(
                _int(record.get("step")),
                _int(record.get("attempt") or record.get("number")),
                str(record.get("what") or ""),
                str(record.get("result") or "").lower(),
                _int(record.get("iteration")),
                _text(record, "time", "ts", "when"),
                live=False,
            )
        )
    text = visible(state_text or "")
    for heading in ("Fix Attempt History", "Attempt History", "Fix Attempts History"):
        section = extract_section(text, heading)
        for line in (section or "").split("\n"):
            if statefile.ATTEMPT_LINE_RE.match(line.strip()):
                found.append(_attempt(line.strip(), None, live=False))
    found += [_attempt(line, iteration, live=True) for line in fix_attempt_lines(text)]
    return tuple(found)


def _int(value: object) -> int | None:
    if isinstance(value, int):
        return value
    return statefile.js_parse_int(str(value), radix10=True) if value is not None else None


def _text(record: dict[str, object], *keys: str) -> str | None:
    for key in keys:
        value = record.get(key)
        if value not in (None, ""):
            return str(value)
    return None


def _jsonl(path: Path) -> list[dict[str, object]]:
    """The JSON objects of a .jsonl file, one per line; unreadable lines are skipped."""
    text = read_text(path) if os.path.isfile(path) else None
    records = []
    for line in (text or "").split("\n"):
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict):
            records.append(value)
    return records


def read_approvals(folder: Path) -> tuple[Approval, ...]:
    out = []
    for record in _jsonl(folder / "approvals.jsonl"):
        move = record.get("move")
        if isinstance(move, dict):
            move = f"{move.get('from', '?')} → {move.get('to', '?')}"
        out.append(
            Approval(
                _time_in(_text(record, "time", "ts", "when", "at") or ""),
                str(move or "?"),
                _text(record, "words", "user", "text") or "",
                _text(record, "digest", "plan_digest", "plan_md_digest", "plan_md_sha256"),
            )
        )
    return tuple(out)


def read_steps(plan_text: str | None, current: int | None) -> list[tuple[int, str, bool, bool]]:
    """(number, text, done, current) of the numbered lines of plan.md's ``## Steps``."""
    shown = visible(plan_text or "")
    span = section_span(shown, "Steps")
    if span is None:
        return []
    out = []
    for line in shown[span[1] : span[2]].split("\n"):
        match = STEP_LINE_RE.match(line)
        if not match:
            continue
        text = match.group(2)
        marked = MARKER_RE.search(text) is not None
        text = MARKER_RE.sub("", text).strip()
        done = text[:3].lower() == "[x]"
        if text[:3].lower() in ("[x]", "[ ]"):
            text = text[3:].strip()
        out.append((int(match.group(1)), text, done, marked))
    if not any(marked for *_, marked in out):
        out = [(number, text, done, number == current) for number, text, done, _ in out]
    return out


def read_decisions(text: str | None, found: dict[int, list[CodeAnchor]]) -> tuple[Decision, ...]:
    if not text:
        return ()
    lines = text.split("\n")
    out = []
    for entry in parse_decisions(text).entries:
        header = lines[entry.line - 1] if entry.line - 1 < len(lines) else ""
        date = header.rsplit(" | ", 1)[-1].strip() if " | " in header else ""
        refs = anchors.anchor_refs(entry.body)
        out.append(
            Decision(
                entry.id_str,
                entry.phase,
                date,
                entry.body_text.strip(),
                (refs.strip(),) if refs and refs.strip() else (),
                tuple(found.get(entry.num, [])),
            )
        )
    return tuple(out)


def code_anchors(root: Path, active: str | None) -> dict[str, dict[int, list[CodeAnchor]]]:
    """``# DECISION`` anchors in the project: plan id → decision number → places (bare ones: active plan)."""
    out: dict[str, dict[int, list[CodeAnchor]]] = {}
    for found in anchors.scan_project(root):
        for anchor in found.strict:
            plan = anchor.plan or active
            if plan:
                out.setdefault(plan, {}).setdefault(anchor.num, []).append(
                    CodeAnchor(found.rel, anchor.line, anchor.stale)
                )
    return out


def read_changes(text: str | None) -> tuple[Change, ...]:
    out = []
    for _number, line in changelog.iter_entries(text or ""):
        entry = changelog.parse_line(line)
        if entry is None:
            continue
        iteration = step = None
        if changelog.STEP_RE.fullmatch(entry.step):
            it, st = entry.step.split("/")
            iteration, step = int(it[5:]), int(st[5:])
        out.append(
            Change(entry.ts, iteration, step, entry.commit, entry.path, entry.op, entry.tier,
                   entry.radius, entry.dref, entry.reason)
        )
    return tuple(out)


def _log_refs(folder: Path, plan_page: str, cells: list[str]) -> tuple[LogRef, ...]:
    """Files inside the plan folder named (as a word or a code span) by a verification row."""
    refs: dict[str, LogRef] = {}
    for cell in cells:
        for word in cell.replace("`", " ").split():
            name = word.strip("()[]<>,;:'\"")
            if not name or name in refs or ("/" not in name and "." not in name):
                continue
            path = os.path.join(folder, name)
            if not os.path.isfile(path) or os.path.islink(path):
                continue
            real, base = os.path.realpath(path), os.path.realpath(folder)
            if os.path.commonpath([real, base]) != base or real == base:
                continue
            digest = hashlib.sha256(name.encode("utf-8", "replace")).hexdigest()[:10]
            refs[name] = LogRef(name, f"{plan_page.removesuffix('.html')}-log-{digest}.html", Path(path))
    return tuple(refs.values())


def read_verification(text: str | None, folder: Path, plan_page: str) -> Verification:
    shown = visible(text or "")
    criteria = []
    for row in table_rows(extract_section(shown, "Criteria Verification") or ""):
        if len(row) < 6 or is_placeholder(row[1]):
            continue
        criteria.append(Criterion(row[0], row[1], row[2], row[3], row[4], row[5],
                                  _log_refs(folder, plan_page, row[3:])))
    checks = [
        CheckRow(row[0], row[1], row[2], row[3])
        for row in table_rows(extract_section(shown, "Additional Checks") or "")
        if len(row) >= 4
    ]
    verdict: list[VerdictItem] = []
    recommendation = None
    for line in (extract_section(shown, "Verdict") or "").split("\n"):
        item = line.strip().lstrip("-*+").strip()
        label, colon, value = item.partition(":")
        if not colon:
            continue
        for pattern, name in VERDICT_ITEMS:
            if pattern.search(label) and not any(v.label == name for v in verdict):
                verdict.append(VerdictItem(name, value.strip()))
                if name == VERDICT_ITEMS[-1][1] and not value.strip().upper().startswith("PENDING"):
                    upper = value.upper()
                    hits = [(upper.find(r), r) for r in RECOMMENDATIONS if r in upper]
                    recommendation = min(hits)[1] if hits else None
                break
    return Verification(tuple(criteria), tuple(checks), tuple(verdict), recommendation)


def _plan_complete(plan_text: str | None) -> bool:
    shown = visible(plan_text or "")
    return all(not is_placeholder(extract_section(shown, name)) for name in PLAN_SECTIONS)


def _updated(folder: Path) -> str | None:
    try:
        stamps = [entry.stat().st_mtime for entry in os.scandir(folder) if entry.is_file()]
    except OSError:
        return None
    return _utc(datetime.fromtimestamp(max(stamps), timezone.utc)) if stamps else None


def _documents(folder: Path, texts: dict[str, str | None], closed: bool) -> tuple[Document, ...]:
    names = [name for name in DOCUMENTS if texts.get(name) is not None and not (closed and name in OPEN_ONLY)]
    try:
        names[2:2] = sorted(
            f"findings/{p.name}" for p in (folder / "findings").iterdir() if p.suffix == ".md" and p.is_file()
        )
    except OSError:
        pass
    docs = []
    for name in names:
        text = texts[name] if name in texts else read_text(folder / name)
        docs.append(Document(name, visible(text or "")))
    return tuple(docs)


def _checkpoints(folder: Path) -> tuple[str, ...]:
    try:
        return tuple(sorted(p.name for p in (folder / "checkpoints").iterdir() if p.suffix == ".md"))
    except OSError:
        return ()


# -- one plan ----------------------------------------------------------------------------------


def plan_page(plan_id: str) -> str:
    return f"p/{plan_id}.html"


def _status(plans_dir: Path, plan_id: str, active: bool, state_text: str | None,
            plan_text: str | None) -> Status:
    """``status --json``'s fields: from status_data for the active plan, else from the same readers."""
    data = status_data(plans_dir) if active else None
    if data is not None and data["plan_id"] == plan_id:
        return Status(data["state"], data["iteration"], data["step"], data["goal"],
                      data["last_transition"], bool(data["incomplete_close"]))
    fields = read_state_fields(state_text)
    return Status(fields.state or "UNKNOWN", fields.iteration or "?", fields.step or "N/A",
                  goal_first_line(plan_text), fields.last)


def _commits(plan_id: str, changes: tuple[Change, ...], tagged: dict[str, list[tuple[str, str]]],
             iteration: int | None) -> dict[int, list[str]]:
    commits: dict[int, list[str]] = {}
    for change in changes:
        if change.step is not None and change.iteration == iteration and change.commit != "uncommitted":
            commits.setdefault(change.step, []).append(change.commit[:8])
    tag = f"{plan_id[:15]}{plan_id[22:]}" if ids.is_new_plan_id(plan_id) else plan_id
    for where, sha in tagged.get(tag, []):
        if changelog.STEP_RE.fullmatch(where):
            it, st = where.split("/")
            if int(it[5:]) == iteration:
                commits.setdefault(int(st[5:]), []).append(sha[:8])
    return commits


def load_plan(
    root: Path,
    plan_id: str,
    *,
    worktree: str,
    active: bool,
    found: dict[int, list[CodeAnchor]],
    tagged: dict[str, list[tuple[str, str]]],
) -> Plan:
    """Everything the pages show about the plan folder ``root/plans/<plan_id>``."""
    plans_dir = root / "plans"
    folder = plans_dir / plan_id
    page = plan_page(plan_id)
    texts = {name: read_text(os.path.join(folder, name)) for name in PLAN_TEXTS}
    state_text, plan_text = texts["state.md"], texts["plan.md"]
    status = _status(plans_dir, plan_id, active, state_text, plan_text)
    closed = status.state.strip().upper() == "CLOSE"
    iteration = statefile.js_parse_int(status.iteration, radix10=True)
    step_field = status.step if status.step != "N/A" else ""
    current = None if ALL_DONE in step_field else statefile.js_parse_int(step_field, radix10=True)
    created = plan_created(plan_id)
    moves = read_moves(state_text, status.last_transition)
    path = journey.visits(moves, closed=closed, created=created)
    attempts = journey.dated(read_attempts(folder, state_text, iteration), path)
    changes = read_changes(texts["changelog.md"])
    verification = read_verification(texts["verification.md"], folder, page)
    step_lines = read_steps(plan_text, current if status.state.upper() == "EXECUTE" else None)
    steps = journey.steps(step_lines, attempts, _commits(plan_id, changes, tagged, iteration),
                          iteration=iteration, leash_cap=LEASH_CAP)
    live = [a for a in attempts if a.live]
    validation = gate_answer = None
    if not closed:
        result = gate.run(root, plan_id)
        gate_answer = Gate(result.line, result.passed, result.slug)
        try:
            _target, issues = runner.validate(root, plan_id)
            counts = report.summary(issues)
            validation = Validation(counts["errors"], counts["warnings"], counts["infos"], tuple(issues))
        except SkillError:
            validation = None
    return Plan(
        plan_id=plan_id,
        page=page,
        worktree=worktree,
        folder=folder,
        active=active,
        closed=closed,
        created=created,
        updated=_updated(folder),
        status=status,
        date=ids.plan_date(plan_id),
        progress=progress_counts(texts["progress.md"]),
        moves=moves,
        visits=path,
        iterations=journey.iterations(path, attempts, verification),
        steps=steps,
        attempts=attempts,
        decisions=read_decisions(texts["decisions.md"], found),
        changes=changes,
        heat=journey.heat(changes),
        verification=verification,
        approvals=read_approvals(folder),
        waiting=() if closed else journey.waiting(
            status, _plan_complete(plan_text), verification, live, current, LEASH_CAP
        ),
        gate=gate_answer,
        validation=validation,
        documents=_documents(folder, texts, closed),
        checkpoints=_checkpoints(folder),
    )


# -- closed plans whose folder is gone ---------------------------------------------------------


def index_rows(text: str | None) -> dict[str, tuple[str, str, str]]:
    """plan id → (date, goal, topics) from the table rows of ``plans/INDEX.md``."""
    rows = {}
    for row in table_rows(text or ""):
        if row and ids.is_plan_id(row[0]):
            cells = (row + ["", "", ""])[:4]
            rows[row[0]] = (cells[1], cells[2], cells[3])
    return rows


def ledger_sections(text: str | None) -> dict[str, str]:
    """plan id → the body of its ``## <plan-id>`` section in a consolidated file."""
    text = text or ""
    starts = [m.start() for m in ids.PLAN_SECTION_RE.finditer(text)] + [len(text)]
    out = {}
    for start, end in zip(starts, starts[1:], strict=False):
        heading, _, body = text[start:end].partition("\n")
        plan_id = heading[3:].strip()
        if ids.is_plan_id(plan_id):
            out[plan_id] = body.strip()
    return out


def archived_plan(plan_id: str, row: tuple[str, str, str], sections: dict[str, dict[str, str]],
                  worktree: str) -> Plan:
    date, goal, topics = row
    documents = tuple(
        Document(f"{name} (section)", visible(found[plan_id]))
        for name, found in sections.items()
        if plan_id in found
    )
    return Plan(
        plan_id=plan_id,
        page=plan_page(plan_id),
        worktree=worktree,
        folder=None,
        active=False,
        closed=True,
        created=plan_created(plan_id),
        updated=None,
        status=Status("CLOSE", "?", "N/A", goal or None, None),
        date=date or ids.plan_date(plan_id),
        topics=topics,
        documents=documents,
    )


# -- the site ----------------------------------------------------------------------------------


def plan_folders(plans_dir: Path) -> tuple[str, ...]:
    try:
        return tuple(sorted(
            entry.name
            for entry in os.scandir(plans_dir)
            if ids.is_plan_id(entry.name) and entry.is_dir(follow_symlinks=False)
        ))
    except OSError:
        return ()


@dataclass(frozen=True)
class TreeFiles:
    """What one worktree's ``plans/`` holds, before any plan folder is read."""

    active: str | None
    folders: tuple[str, ...]
    ledgers: dict[str, str | None]
    rows: dict[str, tuple[str, str, str]]
    sections: dict[str, dict[str, str]]


def read_tree(root: Path) -> TreeFiles:
    """The pointer, the plan folders, the cross-plan files, INDEX rows and ledger sections."""
    plans_dir = Path(root) / "plans"
    ledgers = {name: read_text(plans_dir / name) for name in LEDGERS}
    return TreeFiles(
        active=read_pointer(plans_dir) if plans_dir.is_dir() else None,
        folders=plan_folders(plans_dir),
        ledgers=ledgers,
        rows=index_rows(ledgers["INDEX.md"]),
        sections={name: ledger_sections(ledgers[name]) for name in ("FINDINGS.md", "DECISIONS.md")},
    )


def now() -> str:
    return _utc(datetime.now(timezone.utc)) or ""
