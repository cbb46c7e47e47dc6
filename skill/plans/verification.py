"""verification.md: the Criteria table, the Verdict items and their order.

The validator and ``transition CLOSE`` read the Verdict through :func:`verdict_positions`; the
validator's Evidence check and the exporter read table rows through :func:`table_rows`.
"""

from __future__ import annotations

import re

from skill.plans.markdown import literal_mask

CRITERIA = "Criteria Verification"
ADDITIONAL_CHECKS = "Additional Checks"
VERDICT = "Verdict"
CONVERGENCE = "Convergence Metrics"
CONVERGENCE_SCORE = "Convergence score"
PENDING_RE = re.compile(r"\bPENDING\b", re.IGNORECASE)

#: The Verdict's items, in their required order: (pattern, label).
VERDICT_ITEMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"criteria pass(?:ed|\s+count)", re.IGNORECASE), "Criteria passed"),
    (re.compile(r"regressions", re.IGNORECASE), "Regressions"),
    (re.compile(r"scope drift", re.IGNORECASE), "Scope drift"),
    (re.compile(r"simplification blockers", re.IGNORECASE), "Simplification blockers"),
    (re.compile(r"recommend(?:ed|ation)", re.IGNORECASE), "Recommended transition"),
)
#: Index of the Evidence cell in a Criteria row (# | Criterion | Method | Command | Result | Evidence).
EVIDENCE_CELL = 5

_ALIGNMENT_ROW_RE = re.compile(r"\|(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*")
_NUMBER_HEADER_RE = re.compile(r"\|\s*#\s*\|")


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


_BULLET_RE = re.compile(r"^\s*(?:[-*+]|[0-9]+[.)])\s+(.*)$")
_RECOMMEND_LABEL_RE = re.compile(r"recommend(?:ation|ations|ed)?(?:\s+(?:transition|state))?")
_STATE_WORD_RE = re.compile(r"\b(EXPLORE|PLAN|EXECUTE|REFLECT|PIVOT|CLOSE)\b")


def recommended_transition(verdict: str | None) -> str | None:
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


def cells(row: str) -> list[str]:
    """A row's cells, stripped, without the empty ends outside the outer pipes."""
    found = [cell.strip() for cell in row.strip().split("|")]
    if found and found[0] == "":
        found = found[1:]
    if found and found[-1] == "":
        found = found[:-1]
    return found


def table_rows(section: str | None) -> list[list[str]]:
    """The cells of every data row in ``section``."""
    return [cells(row) for row in table_row_lines(section or "")]
