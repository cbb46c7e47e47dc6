"""plan.md: its sections, its goal, its numbered steps and the ``← CURRENT`` marker.

Pure functions on LF text; the disk is the store's business.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

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

STEP_LINE_RE = re.compile(r"^([0-9]+)\.[ \t]+(.*)$")
MARKER = " ← CURRENT"
MARKER_RE = re.compile(r"[ \t]*← CURRENT\b")
VERSION_RE = re.compile(r"^# Plan v([0-9]+)", re.MULTILINE)
#: ``- Files added: N/M max`` and ``- New abstractions …: N/M max`` lines of the Complexity Budget.
BUDGET_RE = re.compile(
    r"\s*(?:[-*+]\s*)?\**\s*(Files added|New abstractions)\b[^:\n]*:\s*\**\s*([0-9]+)\s*/\s*([0-9]+)\s*max",
    re.IGNORECASE,
)
_CHECKBOX_RE = re.compile(r"\[([ xX])\][ \t]*")
_GOAL_RE = re.compile(r"^## Goal[ \t]*\n(.*?)(?=^## |\Z)", re.MULTILINE | re.DOTALL)


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
    return [item.number for item in step_items(plan_text)]


@dataclass(frozen=True)
class StepItem:
    """A top-level numbered line of ``## Steps``: its text without the checkbox and the marker."""

    number: int
    text: str
    done: bool  # ticked ``[x]``
    marked: bool  # carries ``← CURRENT``

    def as_dict(self) -> dict[str, int | str | bool]:
        return asdict(self)


def step_items(plan_text: str | None) -> list[StepItem]:
    """The numbered lines of ``## Steps`` in order (comments ignored), as :func:`mark_step` and the
    agent write them: ``N. [ ] text``, ``N. [x] text``, ``N. text``, each maybe ``← CURRENT``."""
    if not plan_text:
        return []
    span = section_span(plan_text, "Steps")
    if span is None:
        return []
    items = []
    for line in strip_comments(plan_text)[span[1] : span[2]].split("\n"):
        match = STEP_LINE_RE.match(line)
        if not match:
            continue
        text = match.group(2)
        marked = MARKER_RE.search(text) is not None
        text = MARKER_RE.sub("", text).strip()
        box = _CHECKBOX_RE.match(text)
        if box is not None:
            text = text[box.end() :].strip()
        items.append(StepItem(int(match.group(1)), text, box is not None and box.group(1) != " ", marked))
    return items


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
