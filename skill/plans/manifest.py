"""state.md's ``## Change Manifest (current iteration)``: one line per file the iteration touched.

::

    - [x] `src/auth/token.py` — CREATED (step 1, committed 3f2a9c1)
    - [ ] `src/auth/session.py` — MODIFIED (steps 2, 3, uncommitted)
    - [ ] `src/auth/cache.py` — REVERTED (step 2, attempt 1)

``[x]`` committed, ``[ ]`` not. ``step next`` adds the step's changelog files, ``attempt
--reverted`` the files it reverted; PLAN → EXECUTE empties the section for the new iteration. A
line for a file already listed is replaced, its steps merged. Pure functions on LF text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from skill.plans.markdown import section_span

SECTION = "Change Manifest"
PLACEHOLDER = "- (no changes yet)"
_LINE_RE = re.compile(r"^- \[([ xX])\] `([^`]+)` — ([A-Z][A-Z ]*[A-Z])\b(?: \((.*)\))?[ \t]*$")
_STEPS_RE = re.compile(r"^steps? ([0-9]+(?:, [0-9]+)*)")


@dataclass(frozen=True)
class Touched:
    """One file's manifest line."""

    path: str
    change: str  # CREATED, MODIFIED, DELETED, RENAMED, REVERTED, NOT LOGGED
    steps: tuple[int, ...]
    status: str  # "committed abc1234", "uncommitted", "attempt 1", "uncommitted; override: …"
    committed: bool = False

    def line(self) -> str:
        steps = ", ".join(str(step) for step in self.steps)
        word = "steps" if len(self.steps) > 1 else "step"
        box = "x" if self.committed else " "
        return f"- [{box}] `{self.path}` — {self.change} ({word} {steps}, {self.status})"


def entries(text: str | None) -> dict[str, Touched]:
    """The lines this module can read back, by path."""
    span = section_span(text or "", SECTION)
    if span is None:
        return {}
    found: dict[str, Touched] = {}
    for line in (text or "")[span[1] : span[2]].split("\n"):
        match = _LINE_RE.match(line)
        if not match:
            continue
        detail = match.group(4) or ""
        steps = _STEPS_RE.match(detail)
        numbers = tuple(int(n) for n in steps.group(1).split(", ")) if steps else ()
        status = detail[steps.end() :].lstrip(", ") if steps else detail
        found[match.group(2)] = Touched(
            match.group(2), match.group(3), numbers, status, match.group(1) in "xX"
        )
    return found


def merged(old: Touched | None, new: Touched) -> Touched:
    """``new`` with the steps of ``old``; a file this iteration created stays CREATED."""
    if old is None:
        return new
    steps = tuple(sorted(set(old.steps) | set(new.steps)))
    change = new.change
    if old.change == "CREATED" and new.change in ("MODIFIED", "RENAMED"):
        change = "CREATED"
    return Touched(new.path, change, steps, new.status, new.committed)


def record(text: str, touched: list[Touched]) -> str:
    """state.md with these files' lines added or replaced (the placeholder goes)."""
    span = section_span(text, SECTION)
    if span is None or not touched:
        return text
    known = entries(text)
    by_path = {item.path: merged(known.get(item.path), item) for item in touched}
    body = text[span[1] : span[2]].split("\n")[1:]  # the body starts with the heading's newline
    out: list[str] = []
    for line in body:
        match = _LINE_RE.match(line)
        if match and match.group(2) in by_path:
            out.append(by_path.pop(match.group(2)).line())
        elif line.strip() != PLACEHOLDER:
            out.append(line)
    while out and not out[-1].strip():
        out.pop()
    out += [item.line() for item in by_path.values()]
    tail = text[span[2] :]
    return text[: span[1]] + "\n" + "\n".join(out) + ("\n" if not tail else "") + tail


def reset(text: str) -> str:
    """The section emptied to its placeholder (a new iteration starts)."""
    span = section_span(text, SECTION)
    if span is None:
        return text
    tail = text[span[2] :]
    return text[: span[1]] + "\n" + PLACEHOLDER + ("\n" if not tail else "") + tail


def change_word(ops: list[str]) -> str:
    """The manifest word for a file's changelog ops in one step, in order (``EDIT(+3,-1)`` …)."""
    kinds = [op.split("(", 1)[0] for op in ops]
    if not kinds:
        return "MODIFIED"
    if kinds[-1] == "REVERT":
        return "REVERTED"
    if kinds[-1] == "DELETE":
        return "DELETED"
    if "CREATE" in kinds:
        return "CREATED"
    if "RENAME" in kinds:
        return "RENAMED"
    return "MODIFIED"
