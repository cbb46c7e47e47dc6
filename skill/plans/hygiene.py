"""The hygiene sweep's records: the HYGIENE SKIP line in state.md and the sweep report under
``findings/``. The one owner of both formats (``hygiene skip`` writes the line, the validator's
``[hygiene-gate]`` reads both, the history readers leave skip lines out).

* skip line, a bullet anywhere in state.md's Transition History::

      - HYGIENE SKIP (iter N): <reason>

  ``N`` is the iteration the sweep was skipped for; the reason is one non-blank line. A bullet
  written with an en dash, em dash or U+2010 counts too. Every skip line is blanked before the
  transition history is read, so an arrow in its reason is never a transition.
* report, ``findings/hygiene-iter-N.md`` (a re-sweep of the same iteration:
  ``hygiene-iter-N-passM.md``), with the sections ``## Inherited``, ``## Introduced`` and
  ``## Verdict``; the Verdict is one of :data:`VERDICTS`.

Light on purpose (``re`` and the text helpers only): state.md's reader imports it.
"""

from __future__ import annotations

import re

from skill.plans.textio import normalize_dashes

#: Any skip bullet (after dash folding): group 1 is the iteration.
SKIP_LINE_RE = re.compile(r"^-\s+HYGIENE SKIP \(iter ([0-9]+)\):")
#: A well-formed skip line (after dash folding): a reason with a non-blank character.
_VALID_SKIP_RE = re.compile(r"^-\s+HYGIENE SKIP \(iter ([0-9]+)\):\s+\S.*$")

REPORT_FILE_RE = re.compile(r"^hygiene-iter-([0-9]+)(?:-pass([0-9]+))?\.md$")
REPORT_SECTIONS: tuple[str, ...] = ("Inherited", "Introduced", "Verdict")
VERDICTS: tuple[str, ...] = ("CLEAN", "REMEDIATE", "REPORT_ONLY", "SCAN_UNTRUSTWORTHY")
_VERDICT_HEADING_RE = re.compile(r"^##\s+Verdict\b", re.MULTILINE)


def skip_line(iteration: int, reason: str) -> str:
    """The one writer of a skip line (``reason`` must already be one line, not blank)."""
    if not reason.strip() or "\n" in reason:
        raise ValueError("a HYGIENE SKIP reason is one non-blank line")
    return f"- HYGIENE SKIP (iter {iteration}): {reason.strip()}"


def is_skip_line(line: str) -> bool:
    return SKIP_LINE_RE.match(normalize_dashes(line)) is not None


def blank_skip_lines(text: str) -> str:
    """Every skip line replaced by blanks of the same length (offsets and line numbers kept)."""
    if "HYGIENE SKIP" not in text:
        return text
    lines = text.split("\n")
    return "\n".join(" " * len(line) if is_skip_line(line) else line for line in lines)


def skip_iterations(block: str | None) -> list[int]:
    """The iterations of the well-formed skip lines in ``block``, in order."""
    found = []
    for line in (block or "").split("\n"):
        match = _VALID_SKIP_RE.match(normalize_dashes(line))
        if match:
            found.append(int(match.group(1)))
    return found


def report_iteration(name: str) -> int | None:
    """The iteration a report file name is for, or None when ``name`` is not a report name."""
    match = REPORT_FILE_RE.match(name)
    return int(match.group(1)) if match else None


def report_name(iteration: int, sweep: int = 1) -> str:
    """``hygiene-iter-N.md`` for the first sweep of an iteration, ``-passM`` after it."""
    return f"hygiene-iter-{iteration}.md" if sweep <= 1 else f"hygiene-iter-{iteration}-pass{sweep}.md"


def has_verdict(text: str | None) -> bool:
    """True when a report has a ``## Verdict`` heading (what the gate asks of it)."""
    return bool(text) and _VERDICT_HEADING_RE.search(text or "") is not None
