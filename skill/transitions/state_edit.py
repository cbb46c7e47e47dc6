"""Pure rewrites of state.md (and of the step marker in plan.md).

Every function takes text with LF line endings and returns new text; nothing here touches the disk.
:func:`to_lf` / :func:`from_lf` convert at the boundary so a CRLF file keeps its line endings and a
byte-order mark is kept where it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from skill.plans.markdown import section_span, strip_comments
from skill.validate.statefile import ATTEMPT_LINE_RE

BOM = "\ufeff"
ARROW = "→"
ATTEMPT_PLACEHOLDER_RE = re.compile(r"^- \(none yet[^\n]*\)[ \t]*$")
_STEP_ATTEMPT_RE = re.compile(r"-\s+Step\s+([0-9]+)[,\s]+attempts?\s+[0-9]+", re.IGNORECASE)


@dataclass(frozen=True)
class Framing:
    """How the original file was framed: a BOM and/or CRLF line endings."""

    bom: bool
    crlf: bool


def to_lf(raw: str) -> tuple[str, Framing]:
    framing = Framing(bom=raw.startswith(BOM), crlf="\r\n" in raw)
    text = raw[1:] if framing.bom else raw
    return text.replace("\r\n", "\n"), framing


def from_lf(text: str, framing: Framing) -> str:
    if framing.crlf:
        text = text.replace("\n", "\r\n")
    return (BOM + text) if framing.bom else text


def one_line(value: str) -> str:
    """Collapse whitespace (newlines included) so a value cannot break the file's structure."""
    return " ".join(value.split())


# -- single-line fields ------------------------------------------------------------------------

_FIELD_ORDER = (
    "# Current State:",
    "## Iteration:",
    "## Current Plan Step:",
)


def _field_re(label: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(label)}[^\n]*$", re.MULTILINE)


def get_field(text: str, label: str) -> str | None:
    match = _field_re(label).search(text)
    if match is None:
        return None
    return match.group(0)[len(label) :].strip()


def set_field(text: str, label: str, value: str) -> str:
    """Replace the first ``label`` line's value, or insert the line after the fields before it."""
    line = f"{label} {value}"
    match = _field_re(label).search(text)
    if match is not None:
        return text[: match.start()] + line + text[match.end() :]
    anchor_end = None
    if label in _FIELD_ORDER:
        for earlier in reversed(_FIELD_ORDER[: _FIELD_ORDER.index(label)]):
            found = _field_re(earlier).search(text)
            if found is not None:
                anchor_end = found.end()
                break
    if anchor_end is None:
        return line + "\n" + text
    return text[:anchor_end] + "\n" + line + text[anchor_end:]


def set_state(text: str, state: str) -> str:
    return set_field(text, "# Current State:", state)


def set_iteration(text: str, iteration: int) -> str:
    return set_field(text, "## Iteration:", str(iteration))


def set_step(text: str, step: str) -> str:
    return set_field(text, "## Current Plan Step:", step)


def set_last_transition(text: str, source: str, target: str, when: str) -> str:
    """``## Last Transition: A → B (when)``; added before the history when the line is missing."""
    line = f"## Last Transition: {source} {ARROW} {target} ({when})"
    match = _field_re("## Last Transition:").search(text)
    if match is not None:
        return text[: match.start()] + line + text[match.end() :]
    history = re.search(r"^## Transition History:", text, re.MULTILINE)
    if history is None:
        return text.rstrip("\n") + "\n" + line + "\n"
    return text[: history.start()] + line + "\n" + text[history.start() :]


# -- transition history ------------------------------------------------------------------------

_HISTORY_RE = re.compile(r"^## Transition History:[^\n]*$", re.MULTILINE)


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
        return text.rstrip("\n") + "\n## Transition History:\n" + block + "\n"
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


# -- fix attempts ------------------------------------------------------------------------------


def fix_attempt_lines(text: str) -> list[str]:
    """The lines of ``## Fix Attempts`` the validator and the gate count as attempts."""
    span = section_span(text, "Fix Attempts")
    if span is None:
        return []
    body = text[span[1] : span[2]]
    return [line for line in body.split("\n") if ATTEMPT_LINE_RE.match(line)]


def attempts_on_step(lines: list[str], step: int) -> int:
    count = 0
    for line in lines:
        match = _STEP_ATTEMPT_RE.match(line)
        if match and int(match.group(1)) == step:
            count += 1
    return count


def add_attempt(text: str, line: str) -> str:
    """Append ``line`` to ``## Fix Attempts``, replacing a ``- (none yet…)`` placeholder.

    Raises ValueError when the section heading is missing.
    """
    heading = re.search(r"^## Fix Attempts(?:[ \t]+\(.*\))?[ \t]*$", text, re.MULTILINE)
    if heading is None:
        raise ValueError("no '## Fix Attempts' section")
    nxt = text.find("\n## ", heading.end())
    end = len(text) if nxt < 0 else nxt
    body = text[heading.end() : end]
    kept = [entry for entry in body.split("\n") if not ATTEMPT_PLACEHOLDER_RE.match(entry)]
    while len(kept) > 1 and not kept[-1].strip():
        kept.pop()
    new_body = "\n".join(kept + [line])
    tail = text[end:]
    if not tail and text.endswith("\n"):
        tail = "\n"
    return text[: heading.end()] + new_body + tail


def reset_attempts(text: str) -> str:
    """The Fix Attempts section emptied to its placeholder (bootstrap reset-attempts' rewrite)."""
    from skill.lifecycle.reset import reset_fix_attempts_text

    return reset_fix_attempts_text(text)


# -- plan.md steps -----------------------------------------------------------------------------

STEP_LINE_RE = re.compile(r"^([0-9]+)\.[ \t]+(.*)$")
MARKER_RE = re.compile(r"[ \t]*← CURRENT\b")
MARKER = " ← CURRENT"


def plan_steps(plan_text: str | None) -> list[int]:
    """The numbers of the top-level numbered lines in plan.md's ``## Steps`` section."""
    if not plan_text:
        return []
    span = section_span(plan_text, "Steps")
    if span is None:
        return []
    visible = strip_comments(plan_text)[span[1] : span[2]]
    numbers = []
    for line in visible.split("\n"):
        match = STEP_LINE_RE.match(line)
        if match:
            numbers.append(int(match.group(1)))
    return numbers


def mark_plan_step(plan_text: str, current: int | None, done: int | None = None) -> str:
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
