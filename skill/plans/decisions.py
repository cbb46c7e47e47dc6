"""decisions.md: the preamble, the one entry-header grammar, the entry parser and the entry writer.

An entry is a ``## D-NNN | PHASE | YYYY-MM-DD`` heading (separators exactly `` | ``, nothing after
the date) and the ``**Label**: value`` lines below it, up to the next ``## `` heading. The
validator, the compressor, the exporter, ``log-edit`` and ``resume`` read entries with
:func:`parse`; the importer and ``decision add`` write them with :func:`format_entry`, which
re-reads its own output.
"""

from __future__ import annotations

import re

from skill.lazyre import lazy
from skill.plans.ids import ANY_PLAN_ID, DECISION_NUM
from skill.plans.markdown import blank_compressed_summary, literal_mask, strip_comments
from skill.plans.protocol import normalize_phase
from skill.plans.textio import one_line
from skill.slots import Slotted

#: The one entry-header grammar: id digits, phase, calendar date.
HEADER_RE = lazy(rf"## D-({DECISION_NUM}) \| (.+) \| ([0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})")
HEADER_SHAPE = "## D-NNN | PHASE | YYYY-MM-DD"
#: ``**Label**: value`` inside an entry.
FIELD_RE = lazy(r"^\*\*([A-Za-z][A-Za-z /&-]{0,40})\*\*:[ \t]*(.*)$")
PREAMBLE_RE = lazy(rf"\*Plan:\s*({ANY_PLAN_ID})\*\s*\Z")
#: The preamble must sit within this many non-blank lines.
PREAMBLE_WINDOW = 10
TRADE_OFF_LABEL = "Trade-off"
COST_PHRASE = "at the cost of"
ANCHOR_REFS_LABEL = "Anchor-Refs"
#: The block a PIVOT entry must carry (the validator reports an ERROR without it).
COMPLEXITY_ASSESSMENT_LABEL = "Complexity Assessment"
_H2_RE = lazy(r"## (.+)")
#: The start every entry heading shares (a malformed one too): ``## D-`` and the id digits.
_ID_HEADING_RE = lazy(rf"^## D-{DECISION_NUM}", re.MULTILINE)


def decision_id(number: int) -> str:
    """``D-NNN``, zero-padded to three digits."""
    return f"D-{number:03d}"


def header_line(number: int, phase: str, date: str) -> str:
    return f"## {decision_id(number)} | {phase} | {date}"


def is_header(line: str) -> bool:
    """True when ``line`` is an entry header in the one grammar."""
    return HEADER_RE.fullmatch(line.rstrip()) is not None


def is_pivot_phase(text: str) -> bool:
    """A PIVOT entry: PHASE ``PIVOT``, ``… → PIVOT`` or ``PIVOT → …`` (RE-PLAN reads as PIVOT)."""
    phase = normalize_phase(text)
    return (
        phase == "PIVOT"
        or re.search(r"(?:→|->)\s*PIVOT\Z", phase) is not None
        or re.match(r"PIVOT\s*(?:→|->)", phase) is not None
    )


class Entry(Slotted):
    """One entry as read. A plain class, not a dataclass: the SessionStart hook reads entries."""

    __slots__ = ("num", "id_str", "phase", "date", "line", "body")

    def __init__(
        self, num: int, id_str: str, phase: str, date: str, line: int, body: list[str] | None = None
    ) -> None:
        self.num = num  # the id as a number (D-0001 and D-001 are both 1)
        self.id_str = id_str  # the id as written
        self.phase = phase  # as written, stripped
        self.date = date
        self.line = line  # 1-based line of the header
        self.body: list[str] = [] if body is None else body

    @property
    def body_text(self) -> str:
        return "\n".join(self.body)

    def has_field(self, label: str) -> bool:
        """A ``**label**:`` line (or text) anywhere in the body."""
        return f"**{label}**:" in self.body_text

    def mentions(self, label: str) -> bool:
        """``**label**`` anywhere in the body (a block may put the colon elsewhere)."""
        return f"**{label}**" in self.body_text

    def fields(self) -> dict[str, str]:
        """``{label: value}``; a value runs on over the following non-field lines."""
        found: dict[str, str] = {}
        label: str | None = None
        for line in self.body:
            match = FIELD_RE.match(line)
            if match:
                label = match.group(1).strip()
                found[label] = match.group(2).strip()
            elif label is not None and line.strip():
                found[label] = (found[label] + "\n" + line.rstrip()).strip()
        return found

    def line_value(self, label: str) -> str | None:
        """The value on the first ``**label**:`` line (that line only)."""
        for line in self.body:
            match = FIELD_RE.match(line)
            if match and match.group(1).strip() == label:
                return match.group(2).strip()
        return None

    def lead(self, label: str) -> str | None:
        """The value of ``label`` as one line: its own line plus continuation lines up to a blank
        line or the next field (what the compressed lookup shows)."""
        value: str | None = None
        collecting = False
        for line in self.body:
            if collecting:
                if line.strip() == "" or FIELD_RE.match(line):
                    collecting = False
                else:
                    value = f"{value} {line.strip()}" if value else line.strip()
                    continue
            match = FIELD_RE.match(line)
            if match and match.group(1).strip() == label and value is None:
                value = match.group(2).strip()
                collecting = True
        return value


class DecisionsFile(Slotted):
    __slots__ = ("preamble", "entries", "bad_headers")

    def __init__(
        self, preamble: str | None, entries: list[Entry], bad_headers: list[tuple[int, str]]
    ) -> None:
        self.preamble = preamble
        self.entries = entries
        self.bad_headers = bad_headers  # (line number, a ``## `` line that is not a header)

    def next_number(self) -> int:
        return max((entry.num for entry in self.entries), default=0) + 1

    def has(self, ident: str) -> bool:
        return any(entry.id_str == ident for entry in self.entries)


def preamble(text: str) -> str | None:
    """The plan id of ``*Plan: <id>*`` within the first :data:`PREAMBLE_WINDOW` non-blank lines."""
    seen = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            continue
        seen += 1
        match = PREAMBLE_RE.match(stripped)
        if match:
            return match.group(1)
        if seen >= PREAMBLE_WINDOW:
            break
    return None


def _hide_lines(text: str, hidden: range) -> str:
    lines = text.split("\n")
    return "\n".join(" " * len(line) if i in hidden else line for i, line in enumerate(lines))


def parse(text: str, summary_lines: range | None = None) -> DecisionsFile:
    """Entries and their bodies, plus every other ``## `` line (a schema error).

    Comments are blanked first (lines and columns kept), and so is the compressed-summary block:
    the first one in the file, or exactly ``summary_lines`` (0-based) when the caller located it.
    Lines in closed fenced or indented code blocks are examples, never headings.
    """
    hidden = blank_compressed_summary(text) if summary_lines is None else _hide_lines(text, summary_lines)
    visible = strip_comments(hidden)
    code = literal_mask(visible).split("\n")
    entries: list[Entry] = []
    bad: list[tuple[int, str]] = []
    current: Entry | None = None
    for index, line in enumerate(visible.split("\n")):
        in_code = line.strip() != "" and code[index].strip() == ""
        heading = None if in_code else _H2_RE.fullmatch(line.rstrip())
        if heading is None:
            if current is not None:
                current.body.append(line)
            continue
        current = None
        match = HEADER_RE.fullmatch(line.rstrip())
        if match:
            current = Entry(
                int(match.group(1)), f"D-{match.group(1)}", match.group(2).strip(), match.group(3), index + 1
            )
            entries.append(current)
        else:
            bad.append((index + 1, line.rstrip()))
    return DecisionsFile(preamble(text), entries, bad)


def count(text: str | None) -> int:
    """Headings that start an entry (``## D-NNN…``, well-formed or not) outside comments, as
    ``resume`` counts them; the schema example inside its comment is not counted."""
    return len(_ID_HEADING_RE.findall(strip_comments(text))) if text else 0


# -- writing -----------------------------------------------------------------------------------

#: A field's value: one line of text, or the items of a block (a ``**Label**:`` line followed by
#: one ``- item`` line each, as the Complexity Assessment is written).
FieldValue = str | tuple[str, ...]


class NewEntry(Slotted):
    """An entry to write: number, phase, date and its ``(label, value)`` lines in order."""

    __slots__ = ("number", "phase", "date", "fields")

    def __init__(self, number: int, phase: str, date: str, fields: tuple[tuple[str, FieldValue], ...]) -> None:
        self.number = number
        self.phase = phase
        self.date = date
        self.fields = fields


def _field_lines(label: str, value: FieldValue) -> list[str]:
    if isinstance(value, str):
        return [f"**{label}**: {one_line(value)}"]
    return [f"**{label}**:"] + [f"- {one_line(item)}" for item in value]


def format_entry(entry: NewEntry) -> str:
    """The one writer of entries. Values are folded to one line; raises ValueError when the result
    would not read back as the same entry."""
    phase = one_line(entry.phase)
    lines = [header_line(entry.number, phase, entry.date)]
    for label, value in entry.fields:
        lines += _field_lines(label, value)
    text = "\n".join(lines)
    parsed = parse(text)
    if len(parsed.entries) != 1 or parsed.bad_headers:
        raise ValueError(f"the header would not read back: {lines[0]!r} (shape {HEADER_SHAPE})")
    read = parsed.entries[0]
    if (read.num, read.phase, read.date) != (entry.number, phase, entry.date):
        raise ValueError(f"the header would not read back the same: {lines[0]!r}")
    if set(read.fields()) != {label for label, _ in entry.fields}:
        raise ValueError("a label would not read back (labels are letters, spaces, '/', '&', '-')")
    return text


def append_entries(text: str, entries: list[NewEntry]) -> str:
    """``text`` with the entries appended, one blank line before each."""
    blocks = [format_entry(entry) for entry in entries]
    return text.rstrip("\n") + "\n\n" + "\n\n".join(blocks) + "\n"


def next_number(text: str | None) -> int:
    """The number the next entry takes (entries in comments and the compressed summary not counted)."""
    return parse(text).next_number() if text else 1


def trade_off(gain: str, cost: str) -> str:
    """The Trade-off value: ``<gain> **at the cost of** <cost>``."""
    return f"{one_line(gain)} **{COST_PHRASE}** {one_line(cost)}"


def anchor_refs(refs: list[str]) -> str:
    """The Anchor-Refs value: each ``path:LL`` (or ``path:LL-MM``) in backticks, comma-separated."""
    return ", ".join(f"`{ref}`" for ref in refs)


#: The questions of a PIVOT entry's Complexity Assessment, in order (references/complexity-control.md).
COMPLEXITY_QUESTIONS: tuple[str, ...] = (
    "Lines added in failed attempt",
    "New abstractions added",
    "Could the fix have been simpler?",
    "Am I adding or removing complexity with the new plan?",
)
COMPLEXITY_DIRECTIONS: tuple[str, ...] = ("adding", "removing", "neutral")


def complexity_assessment(lines_added: str, abstractions: str, simpler: str, direction: str) -> tuple[str, FieldValue]:
    """The ``(label, block)`` of a PIVOT entry's Complexity Assessment (the validator errors on a
    PIVOT entry without it)."""
    answers = (lines_added, abstractions, simpler, direction)
    items = tuple(
        f"{question}: {answer}" if not question.endswith("?") else f"{question} {answer}"
        for question, answer in zip(COMPLEXITY_QUESTIONS, answers, strict=True)
    )
    return COMPLEXITY_ASSESSMENT_LABEL, items


def last_value(text: str | None, label: str) -> tuple[str, str] | None:
    """(entry id, value) of the last entry carrying ``**label**:``, or None."""
    if not text:
        return None
    for entry in reversed(parse(text).entries):
        value = entry.line_value(label)
        if value is not None:
            return entry.id_str, value
    return None
