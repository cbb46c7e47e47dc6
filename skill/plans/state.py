"""state.md: its fields and its transition records. The one reader and writer of both.

Reading: field values come from their own line only (a blank ``# Current State:`` is missing; it
never borrows the next line's text). The iteration is read twice, as declared and as counted from
``EXECUTE → REFLECT`` records, and the larger one counts.

Writing: pure functions on text with LF line endings; nothing here touches the disk. Callers
convert with :func:`skill.plans.textio.to_lf` / :func:`~skill.plans.textio.from_lf` at the edge, so
a CRLF file keeps its endings and a BOM stays where it was. The Fix Attempts section has its own
owner, :mod:`skill.plans.attempts`.

Light on purpose: the pre-step gate imports this module (``re`` and the Markdown primitives only).
"""

from __future__ import annotations

import re

from skill.lazyre import lazy
from skill.plans.hygiene import blank_skip_lines
from skill.plans.markdown import field_line, strip_comments
from skill.plans.protocol import normalize_phase
from skill.plans.textio import js_parse_int, normalize_dashes
from skill.slots import Slotted

STATE_LABEL = "# Current State:"
ITERATION_LABEL = "## Iteration:"
STEP_LABEL = "## Current Plan Step:"
LAST_LABEL = "## Last Transition:"
HISTORY_HEADING = "## Transition History:"
MANIFEST_HEADING = "## Change Manifest"
#: The arrow this tool writes between two states.
ARROW = "→"
#: Between two phase names when reading: optional blanks, an arrow, optional blanks.
ARROW_PATTERN = r"[ \t]*(?:→|->)[ \t]*"
#: Label lines in the order the template has them (a missing one is inserted after its predecessor).
FIELD_ORDER = (STATE_LABEL, ITERATION_LABEL, STEP_LABEL)
#: The Current Plan Step value once the last step is ticked.
ALL_DONE = "(all steps done)"

_HISTORY_RE = lazy(rf"^{re.escape(HISTORY_HEADING)}[^\n]*$", re.MULTILINE)
#: A history record ``- FROM → TO …``: the destination is one word, or RE-PLAN / RE_PLAN / REPLAN
#: (a PIVOT). What follows the destination is the record's note and tail.
_RECORD_RE = lazy(rf"- (.+?){ARROW_PATTERN}(RE[-_]?PLAN(?![A-Za-z_])|[A-Za-z_]+)", re.IGNORECASE)
_EXECUTE_REFLECT_RE = lazy(rf"EXECUTE{ARROW_PATTERN}REFLECT")


# -- reading -----------------------------------------------------------------------------------


class StateFields(Slotted):
    __slots__ = ("state", "iteration", "step", "last")

    def __init__(
        self, state: str | None, iteration: str | None, step: str | None, last: str | None
    ) -> None:
        self.state = state
        self.iteration = iteration
        self.step = step
        self.last = last

    def as_dict(self) -> dict[str, str | None]:
        return {"state": self.state, "iteration": self.iteration, "step": self.step, "last": self.last}


def get_field(text: str | None, label: str) -> str | None:
    """The value on ``label``'s line, stripped ('' when blank); None when the line is absent."""
    return field_line(text, label)


def read_state_fields(text: str | None) -> StateFields:
    """The four single-line fields (None for an absent or blank one)."""
    return StateFields(
        state=get_field(text, STATE_LABEL) or None,
        iteration=get_field(text, ITERATION_LABEL) or None,
        step=get_field(text, STEP_LABEL) or None,
        last=get_field(text, LAST_LABEL) or None,
    )


def current_state(text: str | None) -> str | None:
    """The value of ``# Current State:`` as written (stripped), or None when absent or empty."""
    return get_field(text, STATE_LABEL) or None


def declared_iteration(text: str | None) -> str | None:
    """The value of ``## Iteration:`` as written, or None when absent or empty."""
    return get_field(text, ITERATION_LABEL) or None


def history_block(text: str | None) -> str | None:
    """``## Transition History:`` through the end of the file, or None when there is no heading.
    HYGIENE SKIP lines are blanked (same length): they are records, never transitions."""
    if not text:
        return None
    match = _HISTORY_RE.search(text)
    return blank_skip_lines(text[match.start() :]) if match else None


def count_execute_reflect(block: str | None) -> int:
    """How many ``EXECUTE → REFLECT`` records a block holds (anywhere on a line, any arrow)."""
    if not block:
        return 0
    return len(_EXECUTE_REFLECT_RE.findall(normalize_dashes(block)))


def derived_iteration(text: str | None) -> tuple[int, int, int]:
    """(derived, raw count, comment-stripped count) of EXECUTE → REFLECT records.

    The raw count is taken without removing comments so a stray ``<!--`` can never hide records;
    the derived iteration is the larger of the two.
    """
    raw = count_execute_reflect(history_block(text))
    stripped = count_execute_reflect(history_block(strip_comments(text))) if text else 0
    return max(raw, stripped), raw, stripped


def effective_iteration(text: str | None, radix10: bool = False) -> tuple[int | None, int, int]:
    """(declared as a number or None, derived, the larger of both with None counted as 0)."""
    declared = js_parse_int(declared_iteration(text), radix10=radix10)
    derived = derived_iteration(text)[0]
    return declared, derived, max(declared or 0, derived)


_MOVE_RE = re.compile(rf"(?=\b([A-Z]+){ARROW_PATTERN}([A-Z]+)\b)")
_REPLAN_EXITS = ("PIVOT", "EXPLORE")


def count_replans(block: str | None) -> int:
    """Re-plans in a history block: each arrival in PLAN after REFLECT last left for PIVOT or
    EXPLORE. ``EXPLORE → PLAN`` at the start and REFLECT → EXECUTE fix loops do not count."""
    count = 0
    pending = False
    for match in _MOVE_RE.finditer(normalize_dashes(block or "")):
        source, target = match.group(1), match.group(2)
        if target == "PLAN" and pending:
            count += 1
            pending = False
        if source == "REFLECT":
            pending = target in _REPLAN_EXITS
    return count


def replan_iteration(text: str | None) -> int:
    """1 + the re-plans in the (comment-free) history: the iteration the plan has reached when
    only re-plans start a new one."""
    return 1 + count_replans(history_block(strip_comments(text) if text else None))


class HistoryRecord(Slotted):
    """One ``- FROM → TO (note)`` line of ``## Transition History:``, as the validator reads it."""

    __slots__ = ("source", "target", "note", "line", "text")

    def __init__(self, source: str, target: str, note: str, line: int, text: str) -> None:
        self.source = source  # normalized (:func:`skill.plans.protocol.normalize_phase`)
        self.target = target
        self.note = note  # the text of the first balanced ``( … )`` after the target ('' if none)
        self.line = line  # 1-based line number in the text read
        self.text = text  # the line as written

    def as_dict(self) -> dict[str, str | int]:
        return {"source": self.source, "target": self.target, "note": self.note, "line": self.line, "text": self.text}


def _first_group(rest: str) -> str:
    """The text inside the balanced ``( … )`` that ``rest`` starts with ('' when it starts
    otherwise); an unclosed group runs to the end."""
    if not rest.startswith("("):
        return ""
    depth = 0
    for index, char in enumerate(rest):
        if char in "()":
            depth += 1 if char == "(" else -1
            if depth == 0:
                return rest[1:index]
    return rest[1:]


def parse_history_line(line: str, number: int = 1) -> HistoryRecord | None:
    """The record on ``line`` (a line starting ``- FROM → TO``), or None when it is not one."""
    match = _RECORD_RE.match(line)
    if not match:
        return None
    note = _first_group(line[match.end() :].strip())
    return HistoryRecord(normalize_phase(match.group(1)), normalize_phase(match.group(2)), note, number, line)


def history_records(text: str | None) -> list[HistoryRecord]:
    """The records of ``## Transition History:`` in order. Pass comment-stripped text to leave
    out records inside comments (as the validator does)."""
    block = history_block(text)
    if block is None or text is None:
        return []
    first = text.count("\n", 0, len(text) - len(block)) + 1
    found = []
    for index, line in enumerate(block.split("\n")):
        record = parse_history_line(line, first + index) if line.startswith("- ") else None
        if record is not None:
            found.append(record)
    return found


def reflect_visits(text: str | None) -> int:
    """How many moves into REFLECT the history records: which visit to REFLECT the plan is on."""
    return sum(1 for record in history_records(text) if record.target == "REFLECT")


def last_transition(text: str | None) -> HistoryRecord | None:
    """``## Last Transition: A → B (when)`` read with the history grammar (its note is the time);
    None when the line is absent or not in that shape."""
    match = _field_re(LAST_LABEL).search(text or "")
    if match is None or text is None:
        return None
    written = match.group(0)
    record = parse_history_line(f"- {written[len(LAST_LABEL):].strip()}", text.count("\n", 0, match.start()) + 1)
    if record is None:
        return None
    return HistoryRecord(record.source, record.target, record.note, record.line, written)


# -- single-line fields ------------------------------------------------------------------------


def _field_re(label: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(label)}[^\n]*$", re.MULTILINE)


def set_field(text: str, label: str, value: str) -> str:
    """Replace the first ``label`` line's value, or insert the line after the fields before it."""
    line = f"{label} {value}"
    match = _field_re(label).search(text)
    if match is not None:
        return text[: match.start()] + line + text[match.end() :]
    anchor_end = None
    if label in FIELD_ORDER:
        for earlier in reversed(FIELD_ORDER[: FIELD_ORDER.index(label)]):
            found = _field_re(earlier).search(text)
            if found is not None:
                anchor_end = found.end()
                break
    if anchor_end is None:
        return line + "\n" + text
    return text[:anchor_end] + "\n" + line + text[anchor_end:]


def set_state(text: str, state: str) -> str:
    return set_field(text, STATE_LABEL, state)


def set_iteration(text: str, iteration: int) -> str:
    return set_field(text, ITERATION_LABEL, str(iteration))


def set_step(text: str, step: str) -> str:
    return set_field(text, STEP_LABEL, step)


def step_value(number: int, last: int | None) -> str:
    """``N of M`` (or ``N`` when the plan has no numbered steps)."""
    return f"{number} of {last}" if last is not None else str(number)


def all_done_value(last: int) -> str:
    return f"{last} of {last} {ALL_DONE}"


def last_transition_line(source: str, target: str, when: str) -> str:
    return f"{LAST_LABEL} {source} {ARROW} {target} ({when})"


def set_last_transition(text: str, source: str, target: str, when: str) -> str:
    """``## Last Transition: A → B (when)``; added before the history when the line is missing."""
    line = last_transition_line(source, target, when)
    match = _field_re(LAST_LABEL).search(text)
    if match is not None:
        return text[: match.start()] + line + text[match.end() :]
    history = _HISTORY_RE.search(text)
    if history is None:
        return text.rstrip("\n") + "\n" + line + "\n"
    return text[: history.start()] + line + "\n" + text[history.start() :]


# -- transition history ------------------------------------------------------------------------


def history_line(source: str, target: str, note: str) -> str:
    return f"- {source} {ARROW} {target} ({note})"


def append_history(text: str, lines: list[str]) -> str:
    """Insert ``lines`` after the last entry of ``## Transition History:``.

    Entries are the non-blank lines outside HTML comments between the heading and the next ``## ``
    heading, so new lines land above bootstrap's trailing guidance comment. A missing heading is
    added at the end of the file.
    """
    block = "\n".join(lines)
    heading = _HISTORY_RE.search(text)
    if heading is None:
        return text.rstrip("\n") + f"\n{HISTORY_HEADING}\n" + block + "\n"
    nxt = text.find("\n## ", heading.end())
    region_end = len(text) if nxt < 0 else nxt
    visible = strip_comments(text)
    insert_at = heading.end()
    pos = heading.end()
    while pos < region_end:
        start = pos + 1  # pos is the newline that ends the previous line
        end = text.find("\n", start)
        if end < 0 or end > region_end:
            end = region_end
        if visible[start:end].strip():
            insert_at = end
        pos = end
    trailer = "\n" if insert_at == len(text) else ""
    return text[:insert_at] + "\n" + block + trailer + text[insert_at:]


def close_record(text: str, when: str) -> str:
    """state.md as ``bootstrap close`` leaves it: CLOSE, the last transition, one history line.

    The line ``- <previous> → CLOSE (bootstrap close)`` goes at the very end of the history section
    (after any trailing comment). An existing ``## Last Transition:`` line is updated, a missing one
    is not added. Already CLOSE: returned unchanged (no ``CLOSE → CLOSE`` is ever written here).
    """
    previous = current_state(text) or "UNKNOWN"
    if previous == "CLOSE":
        return text
    text = set_state(text, "CLOSE")
    last = _field_re(LAST_LABEL).search(text)
    if last is not None:
        line = last_transition_line(previous, "CLOSE", when)
        text = text[: last.start()] + line + text[last.end() :]
    bullet = history_line(previous, "CLOSE", "bootstrap close")
    heading = _HISTORY_RE.search(text)
    if heading is None:
        return text.rstrip("\n") + "\n" + bullet + "\n"
    nxt = text.find("\n## ", heading.end())
    end = len(text) if nxt < 0 else nxt
    rest = text[end:]
    return text[:end].rstrip(" \t\n") + "\n" + bullet + ("\n" + rest if rest else "\n")
