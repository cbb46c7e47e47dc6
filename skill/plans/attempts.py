"""state.md's ``## Fix Attempts`` section and its ``## Fix Attempt History``: what the Autonomy
Leash counts.

One attempt is one line ``- Step N, attempt K: what was tried → result`` (older files also use
``- Attempt K …``). No attempt line is ever deleted: when the step changes, a move resets the
attempts or ``bootstrap reset-attempts`` runs, the section's lines move to ``## Fix Attempt History``
(right after ``## Fix Attempts``), one history line each::

    - iter-1/step-2 | archived 2026-11-30T21:15:50Z | step next | - Step 2, attempt 1: pin pyjwt<3 → failed

(iteration and step the line belongs to, when and why it moved, the original line verbatim). Only
the protocol's exits start a fresh count: a new iteration (the line's ``iter-N`` differs), and the
user's REFLECT → EXECUTE, which appends a marker::

    - iter-1 | reopened 2026-11-30T22:01:07Z | REFLECT to EXECUTE, user: "fix the flaky test only"

The leash (:func:`leash_count`) counts the section's attempt lines plus the archived attempt lines
of the current step and iteration that come after the iteration's last ``reopened`` marker. The
gate, the validator, ``attempt``, ``step``, ``transition`` and ``bootstrap reset-attempts`` read and
write both sections through this module. Pure functions on LF text.
"""

from __future__ import annotations

import re

from skill.lazyre import lazy
from skill.plans.markdown import extract_section, section_pattern, section_span
from skill.plans.state import STEP_LABEL, declared_iteration, derived_iteration, get_field
from skill.plans.textio import leading_int
from skill.slots import Slotted

SECTION = "Fix Attempts"
#: The line an emptied section holds.
PLACEHOLDER = "- (none yet for current step)"
#: The heading written when a rewrite has to tell the user to add one.
HEADING = "## Fix Attempts (resets per plan step)"
#: A recorded fix attempt (the leash counts these lines).
ATTEMPT_LINE_RE = lazy(
    r"-\s+(?:Step\s+[0-9]+(?:\.[0-9]+)*[,\s]+attempts?\s+[0-9]+|Attempts?\s+[0-9]+)", re.IGNORECASE
)
#: The parts of an attempt line: step (absent in the older shape), attempt number, the rest.
_PARTS_RE = lazy(
    r"-\s+(?:Step\s+([0-9]+)[,\s]+attempts?\s+([0-9]+)|Attempts?\s+([0-9]+))[ \t]*:?[ \t]*(.*)",
    re.IGNORECASE,
)
_PLACEHOLDER_RE = lazy(r"^- \(none yet[^\n]*\)[ \t]*$")
_STEP_ATTEMPT_RE = lazy(r"-\s+Step\s+([0-9]+)[,\s]+attempts?\s+[0-9]+", re.IGNORECASE)
#: A line that names its step (``- Step 2, attempt 1: …``, ``- Step 2: LEASH HIT. …``).
_STEP_OF_LINE_RE = lazy(r"-\s+Step\s+([0-9]+)\b", re.IGNORECASE)
_PASSED_RE = lazy(r"→\s*passed\b", re.IGNORECASE)
_HEADING_RE = section_pattern(SECTION)
_NEXT_HEADING_RE = lazy(r"^#{1,6}[ \t]", re.MULTILINE)


class NoSection(ValueError):
    """state.md has no ``## Fix Attempts`` heading."""

    def __init__(self) -> None:
        super().__init__(f"no '## {SECTION}' section")


def attempt_lines(text: str | None) -> list[str]:
    """The lines of the section that count as attempts (none when the section is absent)."""
    section = extract_section(text, SECTION)
    if section is None:
        return []
    return [line for line in section.split("\n") if ATTEMPT_LINE_RE.match(line)]


class AttemptRecord(Slotted):
    """One attempt line, read back: ``- Step N, attempt K: what → result``."""

    __slots__ = ("step", "number", "what", "result")

    def __init__(self, step: int | None, number: int, what: str, result: str) -> None:
        self.step = step  # None in the older ``- Attempt K: …`` shape
        self.number = number
        self.what = what
        self.result = result  # what follows the last arrow, as written ('' when there is no arrow)

    def as_dict(self) -> dict[str, int | str | None]:
        return {"step": self.step, "number": self.number, "what": self.what, "result": self.result}


def parse_line(line: str) -> AttemptRecord | None:
    """The attempt on ``line`` (as :func:`attempt_line` writes it, or the older shape); None when
    the line is not an attempt."""
    match = _PARTS_RE.fullmatch(line.strip())
    if match is None:
        return None
    step, numbered, older, rest = match.groups()
    what, arrow, result = rest.rpartition("→")
    if not arrow:
        what, result = rest, ""
    return AttemptRecord(
        int(step) if step is not None else None, int(numbered or older), what.strip(), result.strip()
    )


def records(text: str | None) -> list[AttemptRecord]:
    """The section's attempts, read back, in order."""
    found = (parse_line(line) for line in attempt_lines(text))
    return [record for record in found if record is not None]


def count(text: str | None) -> int:
    """Recorded fix attempts (0 when the section is absent)."""
    return len(attempt_lines(text))


def has_section(text: str | None) -> bool:
    return extract_section(text, SECTION) is not None


def on_step(lines: list[str], step: int) -> int:
    """How many of ``lines`` are attempts on plan step ``step``."""
    found = 0
    for line in lines:
        match = _STEP_ATTEMPT_RE.match(line)
        if match and int(match.group(1)) == step:
            found += 1
    return found


def attempt_line(step: int, number: int, what: str, result: str) -> str:
    """The one writer of an attempt line (``what`` must already be one line)."""
    return f"- Step {step}, attempt {number}: {what} → {result}"


def add(text: str, line: str) -> str:
    """Append ``line`` to the section, replacing a ``- (none yet…)`` placeholder.

    The line goes before the next heading of any level, so :func:`reset` (which stops at a ``###``
    subsection, as the original's reset does) always clears what was added here.
    Raises :class:`NoSection` when the heading is missing.
    """
    heading = _HEADING_RE.search(text)
    if heading is None:
        raise NoSection()
    nxt = _NEXT_HEADING_RE.search(text, heading.end())
    end = len(text) if nxt is None else nxt.start() - 1  # the newline before the next heading
    body = text[heading.end() : end]
    kept = [entry for entry in body.split("\n") if not _PLACEHOLDER_RE.match(entry)]
    while len(kept) > 1 and not kept[-1].strip():
        kept.pop()
    new_body = "\n".join(kept + [line])
    tail = text[end:]
    if not tail and text.endswith("\n"):
        tail = "\n"
    return text[: heading.end()] + new_body + tail


def reset(text: str) -> str:
    """The section emptied to :data:`PLACEHOLDER`; a ``###`` subsection ends it too.

    Raises :class:`NoSection` when there is no heading line.
    """
    heading = _HEADING_RE.search(text)
    if heading is None:
        raise NoSection()
    body_start = heading.end() + 1 if heading.end() < len(text) else heading.end()
    nxt = _NEXT_HEADING_RE.search(text, body_start)
    tail = "" if nxt is None else text[nxt.start() :]
    # Keep a single blank line before the next heading when the original had one.
    section = text[body_start : nxt.start() if nxt else len(text)]
    gap = "\n" if section.endswith("\n\n") and tail else ""
    return text[: heading.end()] + "\n" + PLACEHOLDER + "\n" + gap + tail


def latest_passed(lines: list[str], step: int) -> bool:
    """True when the last attempt line on ``step`` among ``lines`` reports ``→ passed``."""
    mine = [line for line in lines if step_of_line(line) == step and ATTEMPT_LINE_RE.match(line)]
    return bool(mine) and _PASSED_RE.search(mine[-1]) is not None


def step_of_line(line: str) -> int | None:
    match = _STEP_OF_LINE_RE.match(line)
    return int(match.group(1)) if match else None


def leash_hit_line(step: int, count: int) -> str:
    """The line written under Fix Attempts when a step's second attempt fails."""
    return (
        f"- Step {step}: LEASH HIT. {count} attempts recorded; stop, revert, show PC-EXECUTE-LEASH, "
        "move to REFLECT and wait for the user's direction."
    )


# -- the history -------------------------------------------------------------------------------

HISTORY_SECTION = "Fix Attempt History"
HISTORY_HEADING = f"## {HISTORY_SECTION}"
HISTORY_NOTE = (
    "*Attempt lines moved out of Fix Attempts; never deleted. The leash still counts a step's "
    "lines of the current iteration after its last `reopened` line.*"
)
_ARCHIVED_RE = lazy(
    r"^- iter-([0-9]+)/step-([0-9]+|\?) \| archived (\S+) \| ([^|\n]*?) \| (- .*)$"
)
_REOPENED_RE = lazy(r"^- iter-([0-9]+) \| reopened (\S+) \| (.*)$")


def _clean(text: str) -> str:
    """One line with no ``|`` (the history's separator)."""
    return " ".join(text.replace("|", "/").split())


def archived_line(iteration: int, step: int | None, when: str, reason: str, original: str) -> str:
    """The one writer of a history line (``original`` is the section's line, kept verbatim)."""
    shown = "?" if step is None else str(step)
    return f"- iter-{iteration}/step-{shown} | archived {when} | {_clean(reason)} | {original.strip()}"


def reopened_line(iteration: int, when: str, why: str) -> str:
    """The one writer of the marker after which earlier lines of ``iteration`` no longer count."""
    return f"- iter-{iteration} | reopened {when} | {' '.join(why.split())}"


class Archived(Slotted):
    """One history line: an archived section line, or (``reopened``) a marker."""

    __slots__ = ("iteration", "step", "when", "reason", "original", "reopened")

    def __init__(
        self, iteration: int, step: int | None, when: str, reason: str, original: str, reopened: bool = False
    ) -> None:
        self.iteration = iteration
        self.step = step
        self.when = when
        self.reason = reason
        self.original = original
        self.reopened = reopened

    @property
    def is_attempt(self) -> bool:
        return not self.reopened and ATTEMPT_LINE_RE.match(self.original) is not None


def history_lines(text: str | None) -> list[str]:
    """The history's lines as written (its note and blank lines left out)."""
    body = extract_section(text, HISTORY_SECTION)
    return [line for line in (body or "").split("\n") if line.startswith("- ")]


def history(text: str | None) -> list[Archived]:
    """The history's lines in file order (unknown lines are skipped)."""
    body = extract_section(text, HISTORY_SECTION)
    if body is None:
        return []
    found: list[Archived] = []
    for line in body.split("\n"):
        match = _ARCHIVED_RE.match(line)
        if match:
            step = None if match.group(2) == "?" else int(match.group(2))
            found.append(Archived(int(match.group(1)), step, match.group(3), match.group(4), match.group(5)))
            continue
        match = _REOPENED_RE.match(line)
        if match:
            found.append(Archived(int(match.group(1)), None, match.group(2), match.group(3), "", True))
    return found


def held(text: str | None, iteration: int, step: int) -> list[Archived]:
    """Archived attempts that still count for ``step`` in ``iteration`` (after the last reopen)."""
    entries = history(text)
    start = 0
    for index, entry in enumerate(entries):
        if entry.reopened and entry.iteration == iteration:
            start = index + 1
    return [
        entry
        for entry in entries[start:]
        if entry.is_attempt and entry.iteration == iteration and entry.step == step
    ]


class LeashCount(Slotted):
    """What the leash counts for one step: the section's attempt lines and the held history lines."""

    __slots__ = ("active", "archived")

    def __init__(self, active: int, archived: int) -> None:
        self.active = active
        self.archived = archived

    @property
    def total(self) -> int:
        return self.active + self.archived


def iteration_of(text: str | None) -> int:
    """The iteration attempts are filed under: the declared ``## Iteration:`` (as ``log-edit``
    reads it), else the count of EXECUTE → REFLECT records."""
    declared = leading_int(declared_iteration(text))
    return declared if declared is not None else derived_iteration(text)[0]


def step_of(text: str | None) -> int | None:
    """The current plan step's number (``2 of 5`` gives 2), or None."""
    return leading_int(get_field(text, STEP_LABEL))


def current_count(text: str | None) -> LeashCount:
    """:func:`leash_count` for the step and iteration state.md names."""
    return leash_count(text, iteration_of(text), step_of(text))


def leash_count(text: str | None, iteration: int | None, step: int | None) -> LeashCount:
    """The count the gate, the validator and ``attempt`` compare with the cap.

    Every attempt line of the section counts (as the original's gate counts them); archived lines
    count when they belong to ``step`` of ``iteration`` and follow the iteration's last reopen.
    """
    active = count(text)
    if iteration is None or step is None:
        return LeashCount(active, 0)
    return LeashCount(active, len(held(text, iteration, step)))


def _section_lines(text: str) -> tuple[int, int, list[str]]:
    """(body start, body end, kept lines) of the Fix Attempts section, as :func:`reset` bounds it."""
    heading = _HEADING_RE.search(text)
    if heading is None:
        raise NoSection()
    body_start = heading.end() + 1 if heading.end() < len(text) else heading.end()
    nxt = _NEXT_HEADING_RE.search(text, body_start)
    end = nxt.start() if nxt else len(text)
    lines = [
        line for line in text[body_start:end].split("\n") if line.strip() and not _PLACEHOLDER_RE.match(line)
    ]
    return body_start, end, lines


def pending_lines(text: str | None) -> list[str]:
    """The section's lines an archive would move (attempts, leash-hit lines, notes)."""
    if not text:
        return []
    try:
        return _section_lines(text)[2]
    except NoSection:
        return []


def add_history(text: str, lines: list[str]) -> str:
    """``text`` with ``lines`` appended to ``## Fix Attempt History`` (created after Fix Attempts)."""
    if not lines:
        return text
    block = "\n".join(lines)
    span = section_span(text, HISTORY_SECTION)
    if span is not None:
        _, start, end = span
        body = text[start:end].rstrip("\n")
        tail = text[end:] if end < len(text) else "\n"
        return text[:start] + body + "\n" + block + tail
    heading = _HEADING_RE.search(text)
    anchor = heading.end() if heading else 0
    nxt = text.find("\n## ", anchor)
    section = f"{HISTORY_HEADING}\n{HISTORY_NOTE}\n{block}"
    if nxt < 0:
        return text.rstrip("\n") + "\n" + section + "\n"
    gap = "\n" if text[:nxt].endswith("\n") else ""  # keep a blank line before the next heading
    return text[: nxt + 1] + section + "\n" + gap + text[nxt + 1 :]


def archive(text: str, iteration: int, step: int | None, when: str, reason: str) -> str:
    """Move the section's lines to the history (reason and time recorded), leaving the placeholder.

    Unchanged when the section is absent or holds nothing but its placeholder. A line that names
    its step keeps that step; any other line is filed under ``step``.
    """
    lines = pending_lines(text)
    if not lines:
        return text
    moved = [
        archived_line(iteration, step_of_line(line) or step, when, reason, line) for line in lines
    ]
    return add_history(reset(text), moved)


def reopen(text: str, iteration: int, when: str, reason: str, detail: str = "") -> str:
    """Archive the section (``reason``) and add the marker (``reason`` and ``detail``, e.g. the
    user's words): the protocol exit that starts a fresh count for ``iteration``."""
    archived = archive(text, iteration, None, when, reason)
    return add_history(archived, [reopened_line(iteration, when, f"{reason}{detail}")])
