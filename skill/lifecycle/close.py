"""``bootstrap close``: finish the active plan and fold it into the cross-plan files.

Order of the writes (each one atomic): FINDINGS.md and DECISIONS.md (merge newest-first, then the
4-plan sliding window), the INDEX.md row, the lessons snapshot, state.md (CLOSE + history line),
and last the pointer removal. Every step is idempotent, so a close that was interrupted is finished
by running ``close`` again: nothing is merged, indexed or recorded twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from skill.errors import SkillError
from skill.lifecycle.new import ensure_root_files
from skill.plans.ids import PLAN_SECTION_RE, plan_date, utc_timestamp
from skill.plans.markdown import (
    COMPRESSED_CLOSE,
    COMPRESSED_OPEN,
    blank_compressed_summary,
    comment_spans,
)
from skill.plans.pointer import pointer_path, read_pointer
from skill.plans.state import goal_first_line
from skill.plans.store import Store, atomic_write_bytes, atomic_write_text, remove_file
from skill.plans.textio import line_count, read_raw, read_text

WINDOW = 4
SIZE_LIMIT = 500
CROSS_PLAN_NOTE_RE = re.compile(r"\*Cross-plan context: see plans/FINDINGS\.md[^*\n]*\*")
_H2_RE = re.compile(r"^## ", re.MULTILINE)
_INDEX_SECTION_RE = re.compile(r"^## Index[ \t]*$", re.MULTILINE)
_TOPIC_RE = re.compile(r"\[([^\]\n]+)\]\(")


@dataclass
class CloseOutcome:
    plan_id: str
    action_needed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# -- merge -------------------------------------------------------------------------------------


def body_from_first_section(text: str) -> str:
    """The text from the first ``## `` heading that is not inside an HTML comment ('' if none).

    Comments before that heading (such as decisions.md's schema example) are left out, so no
    example entry and no stray ``-->`` reach the consolidated file.
    """
    spans = comment_spans(text)
    for match in _H2_RE.finditer(text):
        if not any(start <= match.start() < end for start, end in spans):
            return text[match.start() :]
    return ""


def strip_cross_plan_note(text: str) -> str:
    """Remove the seeded cross-plan note when it stands alone on one of the first 10 lines."""
    lines = text.split("\n")
    for index, line in enumerate(lines[:10]):
        if CROSS_PLAN_NOTE_RE.fullmatch(line.strip()) and line.strip() == line:
            start, end = index, index + 1
            if end < len(lines) and lines[end].strip() == "":
                end += 1
            if start > 0 and lines[start - 1].strip() == "":
                start -= 1
            return "\n".join(lines[:start] + lines[end:])
    return text


def prepare_section(text: str, plan_id: str, *, rewrite_links: bool) -> str:
    body = strip_cross_plan_note(body_from_first_section(text))
    body = re.sub(r"^## ", "### ", body, flags=re.MULTILINE)
    if rewrite_links:
        body = body.replace("(findings/", f"({plan_id}/findings/")
    return body.strip()


def has_section(text: str, plan_id: str) -> bool:
    return re.search(rf"^## {re.escape(plan_id)}[ \t]*$", text, re.MULTILINE) is not None


def prepend_section(consolidated: str, plan_id: str, section: str) -> str:
    """Insert ``## <plan_id>`` + section above the newest plan section (below the H1 and any
    compressed summary). Unchanged when the plan already has a section anywhere in the file."""
    if has_section(consolidated, plan_id):
        return consolidated
    search_from = 0
    close = consolidated.find(COMPRESSED_CLOSE)
    if consolidated.find(COMPRESSED_OPEN) >= 0 and close >= 0:
        newline = consolidated.find("\n", close)
        search_from = len(consolidated) if newline < 0 else newline
    match = PLAN_SECTION_RE.search(consolidated, search_from)
    if match is None:
        head, tail = consolidated.rstrip(), ""
    else:
        head, tail = consolidated[: match.start()].rstrip(), consolidated[match.start() :]
    block = f"## {plan_id}\n{section}\n"
    if not head:
        return block + ("\n" + tail if tail else "")
    return f"{head}\n\n{block}" + ("\n" + tail if tail else "")


def apply_window(text: str, keep: int = WINDOW) -> str:
    """Keep the newest ``keep`` plan sections; everything from the next one on is dropped."""
    starts = [m.start() for m in PLAN_SECTION_RE.finditer(text)]
    if len(starts) <= keep:
        return text
    return text[: starts[keep]].rstrip() + "\n"


def size_notice(label: str, text: str) -> str | None:
    lines = line_count(text)
    if lines <= SIZE_LIMIT:
        return None
    if COMPRESSED_OPEN in text:
        return f"  ACTION NEEDED: {label} is {lines} lines (>{SIZE_LIMIT}). Update existing compressed summary."
    return f"  ACTION NEEDED: {label} is {lines} lines (>{SIZE_LIMIT}). Create compressed summary — see protocol."


def merge_file(store: Store, plan_id: str, source: str, target: str, *, links: bool) -> str | None:
    """Merge one per-plan file into its consolidated file; returns an ACTION NEEDED line or None."""
    plan_text = read_text(store.plan_dir(plan_id) / source)
    path = store.plans_dir / target
    current = read_text(path) or ""
    updated = current
    if plan_text and plan_text.strip():
        if not links:
            plan_text = blank_compressed_summary(plan_text)
        section = prepare_section(plan_text, plan_id, rewrite_links=links)
        if section:
            updated = prepend_section(updated, plan_id, section)
    updated = apply_window(updated)
    if updated != current:
        atomic_write_text(path, updated)
    return size_notice(f"plans/{target}", updated)


# -- index -------------------------------------------------------------------------------------


def index_topics(findings: str | None) -> str:
    if not findings:
        return ""
    match = _INDEX_SECTION_RE.search(findings)
    if not match:
        return ""
    end = findings.find("\n## ", match.end())
    region = findings[match.end() : end if end >= 0 else len(findings)]
    topics = [label.lower() for label in _TOPIC_RE.findall(region)[:3]]
    return ", ".join(topics).replace("|", "\\|")


def index_row(store: Store, plan_id: str) -> str:
    folder = store.plan_dir(plan_id)
    goal = (goal_first_line(read_text(folder / "plan.md")) or "No goal")[:60].replace("|", "\\|")
    date = plan_date(plan_id) or "unknown"
    topics = index_topics(read_text(folder / "findings.md"))
    return f"| {plan_id} | {date} | {goal} | {topics} |"


def add_index_row(store: Store, plan_id: str) -> None:
    path = store.plans_dir / "INDEX.md"
    current = read_text(path) or ""
    if re.search(rf"^\| {re.escape(plan_id)} \|", current, re.MULTILINE):
        return
    atomic_write_text(path, current.rstrip() + "\n" + index_row(store, plan_id) + "\n")


# -- state.md ----------------------------------------------------------------------------------


def close_state_text(raw: str, now: str) -> str:
    """state.md with CLOSE as current state, the last transition and one history line.

    Already CLOSE: returned unchanged (no ``CLOSE → CLOSE`` anywhere).
    """
    newline = "\r\n" if "\r\n" in raw else "\n"
    text = raw.replace("\r\n", "\n")
    match = re.search(r"^# Current State:[ \t]*(.*?)[ \t]*$", text, re.MULTILINE)
    previous = match.group(1).strip() if match and match.group(1).strip() else "UNKNOWN"
    if previous == "CLOSE":
        return raw
    if match:
        text = text[: match.start()] + "# Current State: CLOSE" + text[match.end() :]
    else:
        text = "# Current State: CLOSE\n" + text
    last = f"## Last Transition: {previous} → CLOSE ({now})"
    last_match = re.search(r"^## Last Transition:.*$", text, re.MULTILINE)
    if last_match:
        text = text[: last_match.start()] + last + text[last_match.end() :]
    bullet = f"- {previous} → CLOSE (bootstrap close)"
    history = re.search(r"^## Transition History:.*$", text, re.MULTILINE)
    if history:
        nxt = text.find("\n## ", history.end())
        end = len(text) if nxt < 0 else nxt
        section = text[:end].rstrip(" \t\n")
        rest = text[end:]
        text = section + "\n" + bullet + ("\n" + rest if rest else "\n")
    else:
        text = text.rstrip("\n") + "\n" + bullet + "\n"
    return text.replace("\n", newline) if newline != "\n" else text


def mark_state_closed(store: Store, plan_id: str) -> str | None:
    path = store.plan_dir(plan_id) / "state.md"
    raw = read_raw(path)
    if raw is None:
        return None
    updated = close_state_text(raw, utc_timestamp())
    if updated != raw:
        atomic_write_text(path, updated)
    return None


# -- the command -------------------------------------------------------------------------------


def close_plan_locked(store: Store, plan_id: str, *, remove_pointer: bool = True) -> CloseOutcome:
    """Close ``plan_id``; the caller holds the plans-wide lock."""
    outcome = CloseOutcome(plan_id)
    with store.plan_lock(plan_id):
        ensure_root_files(store)
        for source, target, links in (
            ("findings.md", "FINDINGS.md", True),
            ("decisions.md", "DECISIONS.md", False),
        ):
            try:
                notice = merge_file(store, plan_id, source, target, links=links)
            except OSError as exc:
                outcome.warnings.append(
                    f"WARNING: merging {source} into plans/{target} failed: {exc}\n"
                    f"  The per-plan file is untouched at plans/{plan_id}/{source}; run close again."
                )
                continue
            if notice:
                outcome.action_needed.append(notice)
        add_index_row(store, plan_id)
        lessons = store.plans_dir / "LESSONS.md"
        if lessons.is_file():
            atomic_write_bytes(store.plan_dir(plan_id) / "lessons_snapshot.md", lessons.read_bytes())
        if not outcome.warnings:
            mark_state_closed(store, plan_id)
    # A failed merge keeps the plan active, so running close again can finish it.
    if remove_pointer and not outcome.warnings:
        remove_file(pointer_path(store.plans_dir))
    return outcome


def close_active_plan(store: Store) -> tuple[CloseOutcome, list[str]]:
    """Close the active plan. Raises SkillError when there is none (and creates nothing)."""
    if not store.plans_dir.is_dir():
        raise SkillError("ERROR: No active plan to close.")
    with store.plans_lock():
        plan_id = read_pointer(store.plans_dir)
        if plan_id is None:
            raise SkillError("ERROR: No active plan to close.")
        outcome = close_plan_locked(store, plan_id)
    if outcome.warnings:
        raise SkillError(
            "\n".join(outcome.warnings)
            + f"\nERROR: close did not finish; plans/{plan_id} stays the active plan."
            " Fix the problem above and run close again."
        )
    lines = outcome.action_needed + [
        f"Closed plan: plans/{plan_id}",
        "  Pointer plans/.current_plan removed.",
        f"  Plan directory preserved at plans/{plan_id}/",
        "  Findings/decisions merged to plans/FINDINGS.md and plans/DECISIONS.md.",
        "  Now update plans/LESSONS.md with what this plan taught (max 200 lines).",
        "  Note: this is the administrative close. The agent's CLOSE work (summary.md,",
        "  decision audit) belongs before it.",
    ]
    return outcome, lines


