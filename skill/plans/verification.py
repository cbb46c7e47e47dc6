"""verification.md: the Criteria table, the Additional Checks, the Verdict items and their order.

The Verdict is read by :func:`scan_verdict` (the field rules of 2.58: bullets with exact labels),
which the validator's ``[verdict]`` and ``transition CLOSE`` use; :func:`recommended_transition`
reads its last field's value, :func:`recommended_state` the state it names (:func:`recommendation`
for a whole file).
:func:`verdict_positions` is the older keyword reading. The validator's Evidence check and the
exporter read table rows through :func:`table_rows`. The ``verify`` commands write rows with
:func:`set_criterion`/:func:`set_check` and the Verdict with :func:`set_verdict` (the one writer
of each).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from skill.lazyre import LazyPattern, lazy
from skill.plans.markdown import (
    add_section,
    extract_section,
    literal_mask,
    replace_section,
    section_span,
)
from skill.plans.textio import leading_int, one_line

CRITERIA = "Criteria Verification"
ADDITIONAL_CHECKS = "Additional Checks"
VERDICT = "Verdict"
CONVERGENCE = "Convergence Metrics"
CONVERGENCE_SCORE = "Convergence score"
PENDING_RE = lazy(r"\bPENDING\b", re.IGNORECASE)

#: The Verdict's items, in their required order: (pattern, label).
VERDICT_ITEMS: tuple[tuple[LazyPattern, str], ...] = (
    (lazy(r"criteria pass(?:ed|\s+count)", re.IGNORECASE), "Criteria passed"),
    (lazy(r"regressions", re.IGNORECASE), "Regressions"),
    (lazy(r"scope drift", re.IGNORECASE), "Scope drift"),
    (lazy(r"simplification blockers", re.IGNORECASE), "Simplification blockers"),
    (lazy(r"recommend(?:ed|ation)", re.IGNORECASE), "Recommended transition"),
)
#: Index of the Evidence cell in a Criteria row (# | Criterion | Method | Command | Result | Evidence).
EVIDENCE_CELL = 5
RESULT_CELL = 4

_ALIGNMENT_ROW_RE = lazy(r"\|(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*")
_NUMBER_HEADER_RE = lazy(r"\|\s*#\s*\|")


def verdict_positions(verdict: str) -> list[int | None]:
    """Where each of :data:`VERDICT_ITEMS` first appears in the Verdict body (None: absent)."""
    positions: list[int | None] = []
    for regex, _label in VERDICT_ITEMS:
        match = regex.search(verdict)
        positions.append(match.start() if match else None)
    return positions


def verdict_values(verdict: str | None) -> list[tuple[str, str]]:
    """(label, value) of each Verdict item written as a ``label: value`` line (``- `` bullets
    allowed), in :data:`VERDICT_ITEMS`' names; the first line per item counts."""
    found: dict[str, str] = {}
    for line in (verdict or "").split("\n"):
        label, colon, value = line.strip().lstrip("-*+").strip().partition(":")
        if not colon:
            continue
        for regex, name in VERDICT_ITEMS:
            if regex.search(label):
                found.setdefault(name, value.strip())
                break
    return list(found.items())


def missing_verdict_items(positions: list[int | None]) -> list[str]:
    return [label for (_regex, label), pos in zip(VERDICT_ITEMS, positions, strict=True) if pos is None]


def verdict_in_order(positions: list[int | None]) -> bool:
    found = [pos for pos in positions if pos is not None]
    return all(earlier <= later for earlier, later in zip(found, found[1:], strict=False))


_BULLET_RE = lazy(r"^\s*(?:[-*+]|[0-9]+[.)])\s+(.*)$")
_RECOMMEND_LABEL_RE = lazy(r"recommend(?:ation|ations|ed)?(?:\s+(?:transition|state))?")
_STATE_WORD_RE = lazy(r"\b(EXPLORE|PLAN|EXECUTE|REFLECT|PIVOT|CLOSE)\b")


def recommended_state(verdict: str | None) -> str | None:
    """The state the Verdict's "Recommended transition" bullet names (``- Recommendation: → CLOSE``
    gives ``CLOSE``); None when there is no such bullet or its value names no state."""
    for line in (verdict or "").split("\n"):
        bullet = _BULLET_RE.match(line)
        if bullet is None:
            continue
        label, sep, value = bullet.group(1).partition(":")
        if not sep:
            continue
        label = re.sub(r"[*_`~]", "", label).strip().lower()
        if _RECOMMEND_LABEL_RE.fullmatch(label) is None:
            continue
        if PENDING_RE.match(value.strip().lstrip("*_ ")):
            return None
        found = _STATE_WORD_RE.search(value.upper())
        return found.group(1) if found else None
    return None


def pending_lines(section: str) -> list[str]:
    return [line.strip() for line in section.split("\n") if PENDING_RE.search(line)]


def table_row_lines(section: str) -> list[str]:
    """Data rows of the tables in ``section``: no header, alignment or code-block rows."""
    lines = section.split("\n")
    mask = literal_mask(section).split("\n")
    rows: list[str] = []
    for index, line in enumerate(lines):
        if not line.strip().startswith("|"):
            continue
        if index < len(mask) and mask[index].strip() == "" and line.strip():
            continue  # inside a fenced or indented code block
        if _ALIGNMENT_ROW_RE.fullmatch(line.strip()):
            continue
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if _ALIGNMENT_ROW_RE.fullmatch(following):
            continue  # a header row sits right above the alignment row
        if _NUMBER_HEADER_RE.match(line):
            continue
        rows.append(line)
    return rows


_CELL_SPLIT_RE = lazy(r"(?<!\\)\|")


def cells(row: str) -> list[str]:
    """A row's cells, stripped, without the empty ends outside the outer pipes (``\\|`` is a pipe
    inside a cell)."""
    found = [cell.strip() for cell in _CELL_SPLIT_RE.split(row.strip())]
    if found and found[0] == "":
        found = found[1:]
    if found and found[-1] == "":
        found = found[:-1]
    return found


def table_rows(section: str | None) -> list[list[str]]:
    """The cells of every data row in ``section``."""
    return [cells(row) for row in table_row_lines(section or "")]


# -- writing -----------------------------------------------------------------------------------

CRITERIA_COLUMNS: tuple[str, ...] = ("#", "Criterion (from plan.md)", "Method", "Command/Action", "Result", "Evidence")
CHECK_COLUMNS: tuple[str, ...] = ("Check", "Command/Action", "Result", "Details")
#: Index of the Result cell in a Criteria row and in a check row.
RESULT_CELL = 4
CHECK_RESULT_CELL = 2
CRITERION_RESULTS: tuple[str, ...] = ("PASS", "FAIL")
REGRESSION, SCOPE_DRIFT, DIFF_REVIEW = "Regression", "Scope drift", "Diff review"
#: The three required Additional Checks and their (good, bad) results.
CHECK_RESULTS: dict[str, tuple[str, str]] = {
    REGRESSION: ("PASS", "FAIL"),
    SCOPE_DRIFT: ("CLEAN", "DRIFT"),
    DIFF_REVIEW: ("CLEAN", "ISSUES"),
}
# -- the Verdict's fields (the 2.58 rules) ---------------------------------------------------
#
# A field is a bullet (``-``, ``*``, ``+``, ``1.``, ``1)``; any indent) whose label, the text up
# to its first colon, *is* one of the five labels once decoration is dropped: emphasis and code
# marks, one trailing ``(…)``, trailing punctuation, case and blank runs. A label may join several
# (``Regressions / scope drift: none``); a label with any other word (``Regressions found``,
# ``Recommendation-related follow-up``) is commentary. Tables, paragraphs, ``**Label**: value``
# lines and blockquotes are not fields. Lines inside a closed fenced block are an example; an
# unterminated fence hides nothing.

#: The message label of each field, in the required order.
VERDICT_LABELS: tuple[str, ...] = (
    "Criteria passed",
    "Regressions",
    "Scope drift",
    "Simplification blockers",
    "Recommended transition",
)
#: What a normalised label must be, as a whole, to fill each field.
VERDICT_FIELD_RES: tuple[LazyPattern, ...] = (
    lazy(r"criteria\s+pass(?:ed|es|ing)?(?:\s+count)?"),
    lazy(r"regressions?"),
    lazy(r"scope\s+drift"),
    lazy(r"simplification\s+blockers?"),
    lazy(r"recommend(?:ation|ations|ed)?(?:\s+(?:transition|state))?"),
)
RECOMMENDED = 4
_VERDICT_BULLET_RE = lazy(r"^\s*(?:[-*+]|[0-9]+[.)])\s+(.*)$")
_LABEL_VALUE_RE = lazy(r"^(.+?):\s*(.*)$")
_VERDICT_FENCE_RE = lazy(r"^\s*(`{3,}|~{3,})")
_LABEL_SEPARATOR_RE = lazy(r"\s+and\s+|\s*[/&+,;]\s*")
_PENDING_VALUE_RE = lazy(r"PENDING\b", re.IGNORECASE)


@dataclass(frozen=True)
class VerdictField:
    """One bullet that fills one or more fields."""

    line: int  # 0-based line in the section
    label: str  # as written
    value: str | None  # None for a bullet with no colon
    keys: tuple[int, ...]  # the fields it fills (indexes into VERDICT_LABELS)


def normalize_label(label: str) -> str:
    text = re.sub(r"[*_`~]", "", label).strip()
    text = re.sub(r"\s*\([^)]*\)$", "", text)
    text = re.sub(r"[.:!?]+$", "", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def label_fields(label: str) -> tuple[int, ...]:
    """The fields a label fills; empty when any part of it is not a field label."""
    normal = normalize_label(label)
    keys: list[int] = []
    for part in _LABEL_SEPARATOR_RE.split(normal) if normal else []:
        part = part.strip()
        if not part:
            continue
        index = next((i for i, regex in enumerate(VERDICT_FIELD_RES) if regex.fullmatch(part)), None)
        if index is None:
            return ()
        if index not in keys:
            keys.append(index)
    return tuple(keys)


def fenced_lines(lines: list[str]) -> set[int]:
    """Indexes of the lines from an opening fence through its closer (same character)."""
    hidden: set[int] = set()
    open_at, open_char = -1, ""
    for index, line in enumerate(lines):
        fence = _VERDICT_FENCE_RE.match(line)
        if not fence:
            continue
        if open_at < 0:
            open_at, open_char = index, fence.group(1)[0]
        elif fence.group(1)[0] == open_char:
            hidden.update(range(open_at, index + 1))
            open_at = -1
    return hidden


@dataclass(frozen=True)
class VerdictScan:
    """The field bullets of a Verdict section, and what the rules make of them."""

    fields: tuple[VerdictField, ...]

    def missing(self) -> list[str]:
        filled = {key for found in self.fields for key in found.keys}
        return [label for index, label in enumerate(VERDICT_LABELS) if index not in filled]

    def in_order(self) -> bool:
        """Each field first filled at or after the bullet that filled the one before it."""
        last = 0
        for index in range(len(VERDICT_LABELS)):
            if not any(index in found.keys for found in self.fields):
                continue
            at = next((j for j in range(last, len(self.fields)) if index in self.fields[j].keys), -1)
            if at < 0:
                return False
            last = at
        return True

    def unfilled(self) -> list[str]:
        """Labels (as first written) of the fields whose every valued bullet says PENDING."""
        labels: list[str] = []
        for index in range(len(VERDICT_LABELS)):
            valued = [f for f in self.fields if index in f.keys and f.value is not None]
            if valued and all(_PENDING_VALUE_RE.match(f.value or "") for f in valued):
                if valued[0].label not in labels:
                    labels.append(valued[0].label)
        return labels

    def value(self, index: int) -> str | None:
        """The first non-PENDING value given for field ``index`` (else the first value)."""
        values = [f.value for f in self.fields if index in f.keys and f.value is not None]
        filled = [v for v in values if not _PENDING_VALUE_RE.match(v)]
        chosen = filled or values
        return chosen[0] if chosen else None


def scan_verdict(section: str | None) -> VerdictScan:
    """The Verdict's field bullets (``section`` is the body of ``## Verdict``)."""
    lines = (section or "").split("\n")
    hidden = fenced_lines(lines)
    found: list[VerdictField] = []
    for index, line in enumerate(lines):
        if index in hidden:
            continue
        bullet = _VERDICT_BULLET_RE.match(line)
        if not bullet:
            continue
        body = bullet.group(1)
        pair = _LABEL_VALUE_RE.match(body)
        label, value = (pair.group(1).strip(), pair.group(2).strip()) if pair else (body.strip(), None)
        keys = label_fields(label)
        if keys:
            found.append(VerdictField(index, label, value, keys))
    return VerdictScan(tuple(found))


def recommended_transition(text: str | None) -> str | None:
    """The value of the Verdict's "Recommended transition" field in verification.md's text."""
    return scan_verdict(extract_section(text, VERDICT)).value(RECOMMENDED)


RECOMMENDABLE: tuple[str, ...] = ("CLOSE", "PIVOT", "EXPLORE", "EXECUTE")
_SECTION_ORDER: tuple[str, ...] = (CRITERIA, ADDITIONAL_CHECKS, "Not Verified", "Concerns", "Prediction Accuracy", CONVERGENCE, VERDICT)


def cell(value: str) -> str:
    """One table cell: one line, pipes escaped, ``-`` when empty."""
    text = one_line(value).replace("|", "\\|")
    return text or "-"


def table_row(values: Sequence[str]) -> str:
    return "| " + " | ".join(cell(value) for value in values) + " |"


def _header(columns: Sequence[str]) -> list[str]:
    return ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]


def _key(first_cell: str) -> str:
    return first_cell.replace("*", "").strip().lower()


def _upsert_row(text: str, heading: str, columns: Sequence[str], row: str, key: str, numeric: bool) -> str:
    """``text`` with ``row`` in the first table of ``## heading`` (created when missing): the row
    whose first cell is ``key`` is replaced, or the row is added (in number order when ``numeric``)."""
    later = _SECTION_ORDER[_SECTION_ORDER.index(heading) + 1 :]
    text = add_section(text, heading, later)
    span = section_span(text, heading)
    assert span is not None
    _, start, end = span
    lines = text[start:end].split("\n")
    header = next(
        (
            index
            for index in range(1, len(lines) - 1)
            if lines[index].strip().startswith("|") and _ALIGNMENT_ROW_RE.fullmatch(lines[index + 1].strip())
        ),
        None,
    )
    if header is None:
        last = max((index for index, line in enumerate(lines) if index and line.strip()), default=0)
        lines[last + 1 : last + 1] = [*_header(columns), row]
    else:
        stop = header + 2
        while stop < len(lines) and lines[stop].strip().startswith("|"):
            stop += 1
        position = stop
        for index in range(header + 2, stop):
            first = _key((cells(lines[index]) or [""])[0])
            if first == key:
                lines[index] = row
                position = -1
                break
            if numeric and position == stop and (leading_int(first) or 0) > int(key):
                position = index
        if position >= 0:
            lines.insert(position, row)
    tail = text[end:]
    body = "\n".join(lines)
    return text[:start] + body + ("" if tail or body.endswith("\n") else "\n") + tail


def set_criterion(text: str, number: int, values: Sequence[str]) -> str:
    """verification.md with Criteria row ``number`` (cells after ``#``: criterion, method,
    command/action, result, evidence) replaced or added in number order."""
    row = table_row([str(number), *values])
    return _upsert_row(text, CRITERIA, CRITERIA_COLUMNS, row, str(number), numeric=True)


def set_check(text: str, name: str, values: Sequence[str]) -> str:
    """verification.md with the Additional Checks row ``name`` (cells after it: command/action,
    result, details) replaced or added."""
    return _upsert_row(text, ADDITIONAL_CHECKS, CHECK_COLUMNS, table_row([name, *values]), _key(name), numeric=False)


def criteria(text: str | None) -> dict[int, list[str]]:
    """Criteria rows by number (the first row of each number), cells as written."""
    found: dict[int, list[str]] = {}
    for row in table_rows(extract_section(text, CRITERIA)):
        number = leading_int(row[0]) if row else None
        if number is not None and number not in found:
            found[number] = row
    return found


def checks(text: str | None) -> dict[str, list[str]]:
    """Additional Checks rows by lower-cased check name, cells as written."""
    found: dict[str, list[str]] = {}
    for row in table_rows(extract_section(text, ADDITIONAL_CHECKS)):
        if row and _key(row[0]) not in found:
            found[_key(row[0])] = row
    return found


def result_of(row: list[str] | None, index: int) -> str | None:
    """The upper-cased Result cell of a row, or None."""
    if row is None or len(row) <= index:
        return None
    return row[index].replace("*", "").strip().upper() or None


#: The labels :func:`set_verdict` writes: the template's (``Recommendation``, not the messages'
#: ``Recommended transition``; both fill the field).
WRITTEN_VERDICT_LABELS: tuple[str, ...] = (*VERDICT_LABELS[:RECOMMENDED], "Recommendation")


def set_verdict(text: str, values: Sequence[str]) -> str:
    """verification.md with ``## Verdict`` holding exactly the five bullets, one per label of
    :data:`WRITTEN_VERDICT_LABELS`, with ``values`` in that order (the section is added when missing)."""
    if len(values) != len(WRITTEN_VERDICT_LABELS):
        raise ValueError(f"the Verdict has {len(WRITTEN_VERDICT_LABELS)} items, got {len(values)}")
    pairs = zip(WRITTEN_VERDICT_LABELS, values, strict=True)
    body = "\n".join(f"- {label}: {one_line(value)}" for label, value in pairs)
    return replace_section(text, VERDICT, body)


def recommendation(text: str | None) -> str | None:
    """The state the Verdict of verification.md's ``text`` recommends, when it is one a Verdict
    may recommend (CLOSE, PIVOT, EXPLORE or EXECUTE); None otherwise or while PENDING."""
    state = recommended_state(extract_section(text, VERDICT))
    return state if state in RECOMMENDABLE else None
