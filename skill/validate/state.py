"""Checks on state.md: state and transitions, manifest, leash, iteration caps, comment anomalies
and exploration confidence. (2.61.0 dropped the presentation-contract check: a contract is shown
in the chat, so a correct plan always warned.)"""

from __future__ import annotations

import re

from skill.plans import attempts
from skill.plans import state as statefile
from skill.plans.markdown import strip_comments, unterminated_comment_start
from skill.plans.protocol import (
    ALLOWED_PAIRS,
    CONFIDENCE_KEYS,
    ITERATION_LIMIT,
    ITERATION_WARN,
    LEASH_CAP,
    LEASH_ERROR_AT,
    LEASH_WARN_AT,
    STATES,
    normalize_state,
    rating_problem,
)
from skill.plans.state import ARROW_PATTERN as ARROW
from skill.plans.textio import normalize_dashes
from skill.validate.issues import Issue, IssueSink

FILE = "state.md"

_EXPLORE_PLAN_RE = re.compile(rf"EXPLORE{ARROW}PLAN")
_CONFIDENCE_RE = re.compile(r"confidence:", re.IGNORECASE)
_RATING_RE = re.compile(r"\b([a-z]+)[ \t]*=[ \t]*([A-Za-z-]+)")


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def check_transitions(sink: IssueSink, text: str | None, stripped: str | None) -> None:
    if not text:
        sink.error("state", "state.md is missing, empty or unreadable.", FILE)
        return
    written = statefile.current_state(text)
    if written is None:
        sink.error(
            "state",
            "state.md has no '# Current State:' value, so the current state is unknown.",
            FILE,
        )
    elif normalize_state(written) not in STATES:
        sink.error(
            "state",
            f"state.md says '# Current State: {written}', which is not a protocol state "
            f"({', '.join(STATES)}).",
            FILE,
        )
    if statefile.history_block(stripped) is None:
        sink.warn("state", "state.md has no '## Transition History:' section.", FILE)
        return
    for record in statefile.history_records(stripped):
        key = f"{record.source}→{record.target}"
        if (record.source, record.target) not in ALLOWED_PAIRS:
            sink.error(
                "transition",
                f'Invalid transition: {key} (from: "{record.text.strip()}") is not an edge of the state machine.',
                FILE,
                record.line,
            )


def check_manifest(sink: IssueSink, text: str | None, state: str) -> None:
    if state in ("EXECUTE", "REFLECT") and statefile.MANIFEST_HEADING not in (text or ""):
        sink.warn(
            "manifest", f"state.md has no '## Change Manifest' section, which {state} needs.", FILE
        )


def check_leash(sink: IssueSink, text: str | None, state: str) -> None:
    if state not in ("EXECUTE", "REFLECT") or not attempts.has_section(text):
        return
    count = attempts.current_count(text).total
    if count >= LEASH_ERROR_AT:
        sink.error(
            "leash",
            f"{count} fix attempts recorded in state.md, but the Autonomy Leash stops at {LEASH_CAP} per step and the "
            "pre-step gate refuses a third. The gate was bypassed: stop, revert to the last good state and "
            "bring the problem to the user (SKILL.md, Autonomy Leash).",
            FILE,
        )
    elif count == LEASH_WARN_AT:
        sink.warn(
            "leash",
            f"{count} fix attempts recorded in state.md; the Autonomy Leash allows {LEASH_CAP} per step. Revert, present the "
            "problem to the user and PIVOT (SKILL.md, Autonomy Leash).",
            FILE,
        )


def check_iteration(sink: IssueSink, text: str | None) -> None:
    declared, derived, iteration = statefile.effective_iteration(text)
    if iteration <= 0:
        return
    source = ""
    if declared is not None and derived > declared:
        source = f" (declared={declared}, derived={derived} from the EXECUTE → REFLECT records)"
    elif declared is None and derived > 0:
        source = f" (declared=0, derived={derived} from the EXECUTE → REFLECT records)"
    if iteration >= ITERATION_LIMIT:
        sink.error(
            "iteration",
            f"Iteration {iteration}{source} is past the hard limit of {ITERATION_LIMIT}: split the task into smaller ones.",
            FILE,
        )
    elif iteration == ITERATION_WARN:
        sink.warn(
            "iteration",
            f"Iteration {ITERATION_WARN}{source}: a decomposition analysis (2-3 sub-goals) is now required.",
            FILE,
        )


def check_comment_anomaly(sink: IssueSink, text: str | None) -> None:
    if not text:
        return
    opener = unterminated_comment_start(text)
    if opener >= 0:
        line = _line_of(text, opener)
        sink.warn(
            "state-comment-anomaly",
            f"state.md line {line}: '<!--' is never closed by '-->', so the rest of the file reads as a "
            "comment to the advisory checks (the iteration cap still counts the raw text). Close or "
            "remove it.",
            FILE,
            line,
        )
    _, raw, stripped = statefile.derived_iteration(text)
    if raw != stripped:
        sink.warn(
            "state-comment-anomaly",
            f"state.md Transition History: {raw} EXECUTE → REFLECT record(s) in the raw text but {stripped} "
            f"outside HTML comments; {raw - stripped} sit inside a comment. The iteration cap counts the raw "
            f"{raw} so it never under-counts.",
            FILE,
        )


def check_exploration_confidence(sink: IssueSink, stripped: str | None) -> None:
    block = statefile.history_block(stripped)
    if block is None:
        return
    lines = block.split("\n")
    last = None
    for index, line in enumerate(lines):
        if _EXPLORE_PLAN_RE.search(normalize_dashes(line)):
            last = index
    if last is None:
        return
    following = next((line for line in lines[last + 1 :] if line.strip()), None)
    first_line = _line_of(stripped or "", len(stripped or "") - len(block))
    if following is None or not _CONFIDENCE_RE.search(following):
        sink.warn(
            "exploration-confidence",
            "state.md: the latest EXPLORE → PLAN record is not followed by its 'confidence:' sub-line.",
            FILE,
            first_line + last,
        )
        return
    problems = confidence_problems(following)
    if problems:
        sink.warn(
            "exploration-confidence",
            f"state.md: the latest confidence sub-line has {'; '.join(problems)}.",
            FILE,
            first_line + last + 1,
        )


def confidence_problems(line: str) -> list[str]:
    """What is wrong with the ratings on a ``confidence:`` line (each key once, from its scale;
    the 2.57.2 template's words are accepted too)."""
    found = {key.lower(): value.lower() for key, value in _RATING_RE.findall(line.split(":", 1)[-1])}
    problems = []
    for key in CONFIDENCE_KEYS:
        if key not in found:
            problems.append(f"no {key} rating")
            continue
        problem = rating_problem(key, found[key], legacy=True)
        if problem:
            problems.append(problem)
    return problems


def check_state_text(state_text: str | None) -> list[Issue]:
    """The checks that need nothing but state.md, in the validator's order."""
    sink = IssueSink()
    stripped = strip_comments(state_text) if state_text else None
    state = (statefile.current_state(state_text) or "").upper()
    check_transitions(sink, state_text, stripped)
    check_manifest(sink, state_text, state)
    check_leash(sink, state_text, state)
    check_iteration(sink, state_text)
    check_comment_anomaly(sink, state_text)
    check_exploration_confidence(sink, stripped)
    return sink.items
