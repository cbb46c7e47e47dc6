"""verification.md's ``## Convergence Metrics``: the one writer and reader of its table.

``verify verdict`` writes the section; the validator's ``[convergence]`` reads the score row.
The section is a note naming the iteration the figures belong to, then the four rows of
``references/convergence-metrics.md``::

    *Iteration 2 against iteration 1, REFLECT visit 3, written by verify verdict (formulas: references/convergence-metrics.md).*
    | Metric | Previous | Current | Delta |
    |---|---|---|---|
    | Pass rate | 0.00 | 1.00 | +1.00 |
    | Scope (planned vs changed) | 1/1 | 2/3 | 0.50 |
    | New issues found | 2 | 0 | +1 |
    | **Convergence score** | - | - | 2.50 |

The note is how the next iteration finds its Previous column: the Current column of a section
written for an earlier iteration, or the Previous column again when the same iteration is
re-verified (a REFLECT → EXECUTE fix loop). Its REFLECT visit (the moves into REFLECT in state.md's
history when it was written) tells a Verdict of this visit from one left by an earlier visit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from skill.plans.markdown import add_section, extract_section, replace_section
from skill.plans.verification import CONVERGENCE, VERDICT, table_row, table_rows

PASS_RATE = "Pass rate"
SCOPE = "Scope (planned vs changed)"
ISSUES = "New issues found"
SCORE = "**Convergence score**"
COLUMNS = ("Metric", "Previous", "Current", "Delta")
_NOTE_RE = re.compile(
    r"^\*Iteration ([0-9]+)(?: against iteration ([0-9]+))?(?:, REFLECT visit ([0-9]+))?, written by verify verdict\b", re.M
)


@dataclass(frozen=True)
class Figures:
    """One iteration's three measures, as the table shows them."""

    pass_rate: str  # "0.75"
    scope: str  # "planned/changed", e.g. "3/4"
    issues: str  # "1"


@dataclass(frozen=True)
class Recorded:
    """What an earlier ``verify verdict`` wrote: its iteration, and each column's figures."""

    iteration: int
    previous_iteration: int | None
    previous: Figures | None
    current: Figures | None
    visit: int | None = None  # the REFLECT visit it was written in


def _figures(rows: dict[str, list[str]], column: int) -> Figures | None:
    values = [rows.get(name.lower(), [])[column:column + 1] for name in (PASS_RATE, SCOPE, ISSUES)]
    if any(not value or value[0].strip() in ("", "-") for value in values):
        return None
    return Figures(*(value[0].strip() for value in values))


def read(text: str | None) -> Recorded | None:
    """The figures a ``verify verdict`` recorded, or None when the section was not written by it."""
    section = extract_section(text, CONVERGENCE)
    match = _NOTE_RE.search(section or "")
    if match is None:
        return None
    rows = {row[0].replace("*", "").strip().lower(): row for row in table_rows(section) if row}
    previous_iteration = int(match.group(2)) if match.group(2) else None
    visit = int(match.group(3)) if match.group(3) else None
    return Recorded(int(match.group(1)), previous_iteration, _figures(rows, 1), _figures(rows, 2), visit)


def write(text: str, iteration: int, current: Figures, previous: Figures | None, previous_iteration: int | None,
          deltas: tuple[str, str, str], score: str, visit: int | None = None) -> str:
    """verification.md with the section holding exactly these figures."""
    against = f" against iteration {previous_iteration}" if previous is not None and previous_iteration else ""
    when = f", REFLECT visit {visit}" if visit else ""
    note = f"*Iteration {iteration}{against}{when}, written by verify verdict (formulas: references/convergence-metrics.md).*"
    old = previous or Figures("-", "-", "-")
    rows = [
        table_row([PASS_RATE, old.pass_rate, current.pass_rate, deltas[0]]),
        table_row([SCOPE, old.scope, current.scope, deltas[1]]),
        table_row([ISSUES, old.issues, current.issues, deltas[2]]),
        table_row([SCORE, "-", "-", score]),
    ]
    body = "\n".join([note, "| " + " | ".join(COLUMNS) + " |", "|---|---|---|---|", *rows])
    return replace_section(add_section(text, CONVERGENCE, (VERDICT,)), CONVERGENCE, body)
