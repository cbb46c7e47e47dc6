"""state.md's ``## Fix Attempts`` section: the record the Autonomy Leash counts.

One attempt is one line ``- Step N, attempt K: what was tried → result`` (older files also use
``- Attempt K …``). The gate, the validator, ``attempt``, ``step`` and ``bootstrap reset-attempts``
all read and write the section through this module. Pure functions on LF text.
"""

from __future__ import annotations

import re

from skill.lazyre import lazy
from skill.plans.markdown import extract_section, section_pattern

SECTION = "Fix Attempts"
#: The line an emptied section holds.
PLACEHOLDER = "- (none yet for current step)"
#: The heading written when a rewrite has to tell the user to add one.
HEADING = "## Fix Attempts (resets per plan step)"
#: A recorded fix attempt (the leash counts these lines).
ATTEMPT_LINE_RE = lazy(
    r"-\s+(?:Step\s+[0-9]+[,\s]+attempts?\s+[0-9]+|Attempts?\s+[0-9]+)", re.IGNORECASE
)
_PLACEHOLDER_RE = lazy(r"^- \(none yet[^\n]*\)[ \t]*$")
_STEP_ATTEMPT_RE = lazy(r"-\s+Step\s+([0-9]+)[,\s]+attempts?\s+[0-9]+", re.IGNORECASE)
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


def reset_if_present(text: str) -> str:
    """:func:`reset`, or ``text`` unchanged when there is no section (nothing to count)."""
    try:
        return reset(text)
    except NoSection:
        return text
