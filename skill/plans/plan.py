"""plan.md: its sections, its goal, its numbered steps and the ``← CURRENT`` marker.

Pure functions on LF text; the disk is the store's business.
"""

from __future__ import annotations

import re

from skill.lazyre import lazy
from skill.plans.markdown import extract_section, is_placeholder, section_span, strip_comments

#: plan.md's sections, in order (headings are ``## <name>``); every one is mandatory.
SECTIONS: tuple[str, ...] = (
    "Goal",
    "Problem Statement",
    "Context",
    "Files To Modify",
    "Steps",
    "Assumptions",
    "Failure Modes",
    "Pre-Mortem & Falsification Signals",
    "Success Criteria",
    "Verification Strategy",
    "Complexity Budget",
)

STEP_LINE_RE = lazy(r"^([0-9]+)\.[ \t]+(.*)$")
MARKER = " ← CURRENT"
MARKER_RE = lazy(r"[ \t]*← CURRENT\b")
VERSION_RE = lazy(r"^# Plan v([0-9]+)", re.MULTILINE)
#: ``- Files added: N/M max`` and ``- New abstractions …: N/M max`` lines of the Complexity Budget.
BUDGET_RE = lazy(
    r"\s*(?:[-*+]\s*)?\**\s*(Files added|New abstractions)\b[^:\n]*:\s*\**\s*([0-9]+)\s*/\s*([0-9]+)\s*max",
    re.IGNORECASE,
)
_GOAL_RE = lazy(r"^## Goal[ \t]*\n(.*?)(?=^## |\Z)", re.MULTILINE | re.DOTALL)


def goal(plan_text: str | None) -> str | None:
    """The body of ``## Goal``, stripped; None when missing or empty."""
    if not plan_text:
        return None
    match = _GOAL_RE.search(plan_text)
    if not match:
        return None
    body = match.group(1).strip()
    return body or None


def goal_first_line(plan_text: str | None) -> str | None:
    text = goal(plan_text)
    if text is None:
        return None
    for line in text.split("\n"):
        if line.strip():
            return line.strip()
    return None


def version(plan_text: str | None) -> int | None:
    """N of the ``# Plan vN`` title, or None."""
    match = VERSION_RE.search(plan_text or "")
    return int(match.group(1)) if match else None


def unfilled_sections(plan_text: str | None) -> list[str]:
    """Mandatory sections that are absent, empty or still a template placeholder."""
    return [name for name in SECTIONS if is_placeholder(extract_section(plan_text, name))]


def steps(plan_text: str | None) -> list[int]:
    """The numbers of the top-level numbered lines in ``## Steps`` (comments ignored)."""
    if not plan_text:
        return []
    span = section_span(plan_text, "Steps")
    if span is None:
        return []
    visible = strip_comments(plan_text)[span[1] : span[2]]
    numbers = []
    for line in visible.split("\n"):
        match = STEP_LINE_RE.match(line)
        if match:
            numbers.append(int(match.group(1)))
    return numbers


def mark_step(plan_text: str, current: int | None, done: int | None = None) -> str:
    """Move the ``← CURRENT`` marker to step ``current`` (None: remove it) and tick step ``done``.

    Only top-level numbered lines of ``## Steps`` are touched; the rewrite is idempotent.
    """
    span = section_span(plan_text, "Steps")
    if span is None:
        return plan_text
    body = plan_text[span[1] : span[2]]
    out = []
    for line in body.split("\n"):
        match = STEP_LINE_RE.match(line)
        if not match:
            out.append(line)
            continue
        number = int(match.group(1))
        line = MARKER_RE.sub("", line.rstrip())
        if done is not None and number == done:
            line = re.sub(r"^([0-9]+\.[ \t]+)\[ \]", r"\1[x]", line)
        if current is not None and number == current:
            line += MARKER
        out.append(line)
    return plan_text[: span[1]] + "\n".join(out) + plan_text[span[2] :]


# -- steps as items (progress.md is rebuilt from them) -----------------------------------------

_ITEM_TEXT_RE = lazy(r"^\[([ xX])\][ \t]*(.*)$")


def step_items(plan_text: str | None) -> list[tuple[int, bool, str]]:
    """(number, ticked, description) of each top-level numbered step; the description has no
    checkbox and no ``← CURRENT`` marker."""
    if not plan_text:
        return []
    span = section_span(plan_text, "Steps")
    if span is None:
        return []
    visible = strip_comments(plan_text)[span[1] : span[2]]
    items = []
    for line in visible.split("\n"):
        match = STEP_LINE_RE.match(line)
        if not match:
            continue
        rest = MARKER_RE.sub("", match.group(2)).strip()
        box = _ITEM_TEXT_RE.match(rest)
        ticked = box is not None and box.group(1) in "xX"
        items.append((int(match.group(1)), ticked, box.group(2).strip() if box else rest))
    return items
