"""plan.md: its sections, its goal, its numbered steps and the ``← CURRENT`` marker, the files it
names, and its Success Criteria with the command of each (``## Verification Strategy``).

Pure functions on LF text; the disk is the store's business.
"""

from __future__ import annotations

import re

from skill.lazyre import lazy
from skill.plans.markdown import extract_section, is_placeholder, section_span, strip_comments
from skill.slots import Slotted

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
_CHECKBOX_RE = lazy(r"\[([ xX])\][ \t]*")
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
    return [item.number for item in step_items(plan_text)]


class StepItem(Slotted):
    """A top-level numbered line of ``## Steps``: its text without the checkbox and the marker."""

    __slots__ = ("number", "text", "done", "marked")

    def __init__(self, number: int, text: str, done: bool, marked: bool) -> None:
        self.number = number
        self.text = text
        self.done = done  # ticked ``[x]``
        self.marked = marked  # carries ``← CURRENT``

    def as_dict(self) -> dict[str, int | str | bool]:
        return {"number": self.number, "text": self.text, "done": self.done, "marked": self.marked}


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


# -- the Complexity Budget the tool keeps ------------------------------------------------------

_FILES_ADDED_RE = lazy(r"^(\s*(?:[-*+]\s*)?\**\s*Files added\b[^:\n]*:\s*\**\s*)([0-9]+)(\s*/)", re.I | re.M)
_LINES_RE = lazy(
    r"^(\s*(?:[-*+]\s*)?\**\s*Lines added vs removed\b[^:\n]*:\s*\**\s*)\+[0-9]+\s*/\s*-[0-9]+", re.I | re.M
)
_ABSTRACTIONS_RE = lazy(
    r"^(\s*(?:[-*+]\s*)?\**\s*New abstractions\b[^:\n]*:\s*\**\s*)([0-9]+)(\s*/)", re.I | re.M
)


def set_budget(plan_text: str, files_added: int, added: int, removed: int) -> str:
    """The Complexity Budget with its measured values: ``Files added: N/…`` and ``Lines added vs
    removed: +a/-r`` (the caps, notes and the abstractions line are kept as written)."""
    span = section_span(plan_text, "Complexity Budget")
    if span is None:
        return plan_text
    body = plan_text[span[1] : span[2]]
    body = _FILES_ADDED_RE.sub(lambda m: f"{m.group(1)}{files_added}{m.group(3)}", body, count=1)
    body = _LINES_RE.sub(lambda m: f"{m.group(1)}+{added}/-{removed}", body, count=1)
    return plan_text[: span[1]] + body + plan_text[span[2] :]


# -- what the user approved (the plan-drift check compares this view) ---------------------------

_ANY_BOX_RE = lazy(r"^([ \t]*(?:[-*+]|[0-9]+[.)])[ \t]+)\[[ xX]\]", re.M)
_TRAILING_BLANKS_RE = lazy(r"[ \t]+$", re.M)


def approval_view(plan_text: str) -> str:
    """plan.md as the user approved it, minus what the tool and the Post-Step Gate change:
    ``← CURRENT`` markers, checkbox ticks, the measured counts of the Complexity Budget, trailing
    blanks. LF text in, LF text out."""
    text = MARKER_RE.sub("", plan_text)
    text = _ANY_BOX_RE.sub(r"\1[ ]", text)
    text = _FILES_ADDED_RE.sub(lambda m: f"{m.group(1)}#{m.group(3)}", text)
    text = _ABSTRACTIONS_RE.sub(lambda m: f"{m.group(1)}#{m.group(3)}", text)
    text = _LINES_RE.sub(lambda m: f"{m.group(1)}+#/-#", text)
    return _TRAILING_BLANKS_RE.sub("", text).strip("\n") + "\n"


def section_bodies(plan_text: str) -> dict[str, str]:
    """``{heading: body}`` for every ``## `` section; the text before the first one is ``(title)``."""
    parts = re.split(r"^## (.+)$", plan_text, flags=re.M)
    bodies = {"(title)": parts[0].strip()}
    for index in range(1, len(parts) - 1, 2):
        bodies.setdefault(parts[index].strip(), parts[index + 1].strip())
    return bodies


# -- files, criteria -----------------------------------------------------------------------------

_ITEM_RE = lazy(r"^[ \t]*(?:[-*+]|[0-9]+[.)])[ \t]+(.*)$")
_CODE_RE = lazy(r"`([^`\n]+)`")
_BARE_PATH_RE = lazy(r"[^\s:`(),;]+")
_CRITERION_RE = lazy(r"^[ \t]*[-*+][ \t]+\**Criterion[ \t]+([0-9]+)\**[ \t]*:\**[ \t]*(.*)$", re.I)
IRREVERSIBLE_TAG = "[IRREVERSIBLE]"


def looks_like_path(text: str) -> bool:
    """A file name as plans write them: no blanks, a folder separator or an extension."""
    return bool(text) and not re.search(r"\s", text) and ("/" in text or re.search(r"\.[A-Za-z0-9]+$", text) is not None)


def _section_lines(plan_text: str | None, name: str) -> list[str]:
    if not plan_text:
        return []
    span = section_span(plan_text, name)
    if span is None:
        return []
    return strip_comments(plan_text)[span[1] : span[2]].split("\n")


def _path_of(item: str) -> str | None:
    code = _CODE_RE.search(item)
    if code is not None:
        candidate = code.group(1).strip()
        return candidate if looks_like_path(candidate) else None
    bare = _BARE_PATH_RE.match(item.strip())
    if bare is None:
        return None
    candidate = bare.group(0).rstrip(".")
    return candidate if looks_like_path(candidate) else None


def files_to_modify(plan_text: str | None) -> list[str]:
    """The paths listed under ``## Files To Modify`` (the first backticked span of each item, or
    its first word when that looks like a path), in order, without repeats."""
    found: list[str] = []
    for line in _section_lines(plan_text, "Files To Modify"):
        item = _ITEM_RE.match(line)
        path = _path_of(item.group(1)) if item else None
        if path is not None and path not in found:
            found.append(path)
    return found


def step_text(plan_text: str | None, number: int) -> str | None:
    """Step ``number``'s line in ``## Steps`` and the indented lines under it; None when absent."""
    collected: list[str] | None = None
    for line in _section_lines(plan_text, "Steps"):
        match = STEP_LINE_RE.match(line)
        if match:
            if collected is not None:
                break
            if int(match.group(1)) == number:
                collected = [line]
        elif collected is not None:
            collected.append(line)
    return "\n".join(collected).strip() if collected is not None else None


def step_files(plan_text: str | None, number: int) -> list[str]:
    """The files step ``number`` names: its backticked paths, and the Files To Modify paths its
    text mentions."""
    text = step_text(plan_text, number)
    if text is None:
        return []
    found = [span.strip() for span in _CODE_RE.findall(text) if looks_like_path(span.strip())]
    for path in files_to_modify(plan_text):
        if path not in found and re.search(rf"(?<![\w/.-]){re.escape(path)}(?![\w/-])", text):
            found.append(path)
    return list(dict.fromkeys(found))


def is_irreversible(plan_text: str | None, number: int) -> bool:
    return IRREVERSIBLE_TAG in (step_text(plan_text, number) or "")


def success_criteria(plan_text: str | None) -> list[str]:
    """The items of ``## Success Criteria``, in order: criterion N is the N-th."""
    found: list[str] = []
    for line in _section_lines(plan_text, "Success Criteria"):
        if line[:1] in (" ", "\t"):
            continue  # a nested item belongs to the criterion above it
        item = _ITEM_RE.match(line)
        if item and item.group(1).strip():
            found.append(item.group(1).strip())
    return found


class CriterionCheck(Slotted):
    """A ``- Criterion N: …`` line of the Verification Strategy; ``command`` is its first
    backticked span (None: checked by hand)."""

    __slots__ = ("number", "text", "command")

    def __init__(self, number: int, text: str, command: str | None) -> None:
        self.number = number
        self.text = text
        self.command = command


def criterion_checks(plan_text: str | None) -> dict[int, CriterionCheck]:
    """Criterion number -> its check, from ``## Verification Strategy`` (the first line wins)."""
    found: dict[int, CriterionCheck] = {}
    for line in _section_lines(plan_text, "Verification Strategy"):
        match = _CRITERION_RE.match(line)
        if not match:
            continue
        number, rest = int(match.group(1)), match.group(2).strip()
        code = _CODE_RE.search(rest)
        if number not in found:
            found[number] = CriterionCheck(number, rest, code.group(1).strip() if code else None)
    return found


def criteria_count(plan_text: str | None) -> int:
    """How many criteria the plan has: the Success Criteria items, or the highest ``Criterion N``
    of the Verification Strategy when that is larger."""
    return max(len(success_criteria(plan_text)), max(criterion_checks(plan_text), default=0))


def budget_used(plan_text: str | None, label: str) -> int | None:
    """N of the Complexity Budget's ``label: N/M max`` line (``Files added``, ``New abstractions``)."""
    for line in _section_lines(plan_text, "Complexity Budget"):
        match = BUDGET_RE.match(line)
        if match and match.group(1).lower() == label.lower():
            return int(match.group(2))
    return None
