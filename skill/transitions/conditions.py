"""The entry conditions of the moves, read from the plan files, and the refusal when they fail.

Each condition code of :mod:`skill.plans.protocol` has one check here; :func:`evaluate` runs the
ones a move lists, on the files of the checked edit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from skill import CLI_PREFIX
from skill.errors import SkillError, refusal
from skill.plans import decisions, findings, plan, protocol, verification
from skill.plans import state as statefile
from skill.plans.edit import PlanEdit
from skill.plans.layout import DECISIONS_MD, FINDINGS_MD, PLAN_MD, STATE_MD, VERIFICATION_MD
from skill.plans.markdown import extract_section, is_placeholder
from skill.validate.edits import verdict_errors

_RATING_RE = re.compile(r"[a-z][a-z-]*")
#: An example that passes, for messages (each rating from its own scale).
CONFIDENCE_EXAMPLE = protocol.CONFIDENCE_EXAMPLE
#: What a REFLECT → PIVOT history line records: the first decision number a pivot entry may have.
NEXT_DECISION_RE = re.compile(r"next decision D-([0-9]{3,})")
_INTO_PIVOT_RE = re.compile(rf"^- .*{statefile.ARROW_PATTERN}PIVOT\b.*$", re.M)


@dataclass(frozen=True)
class Unmet:
    """A failed entry condition: what is wrong and what to do about it."""

    code: str
    reason: str
    remedy: str

    @property
    def forceable(self) -> bool:
        return self.code not in protocol.UNFORCEABLE


@dataclass(frozen=True)
class Request:
    """What the user passed to ``transition`` (the inputs of the conditions)."""

    ratings: dict[str, str] | None = None
    user: str | None = None  # the user's words, already on one line and defused
    note: str | None = None
    new_iteration: int | None = None


# -- findings ----------------------------------------------------------------------------------


def check_findings(findings_text: str | None) -> Unmet | None:
    count = findings.indexed_count(findings_text)
    if count >= protocol.MIN_FINDINGS:
        return None
    return Unmet(
        protocol.FINDINGS,
        f"findings.md ## Index lists {count} finding(s); PLAN needs at least {protocol.MIN_FINDINGS}.",
        f'Keep exploring; index each finding with `{CLI_PREFIX} finding add "<topic>" --summary "…"`.',
    )


# -- exploration confidence --------------------------------------------------------------------


def parse_confidence(value: str) -> dict[str, str]:
    """``scope=deep,solutions=adequate,risks=clear`` → a dict; ValueError explains a bad value."""
    ratings: dict[str, str] = {}
    for part in value.split(","):
        part = part.strip()
        if not part:
            continue
        key, sep, rating = part.partition("=")
        key, rating = key.strip().lower(), rating.strip().lower()
        if not sep or key not in protocol.CONFIDENCE_KEYS:
            raise ValueError(
                f"'{part}' is not one of scope=…, solutions=…, risks=… (e.g. {CONFIDENCE_EXAMPLE})"
            )
        problem = protocol.rating_problem(key, rating, legacy=True)
        if problem:
            raise ValueError(problem)
        if key in ratings:
            raise ValueError(f"{key} is given twice")
        ratings[key] = rating
    missing = [key for key in protocol.CONFIDENCE_KEYS if key not in ratings]
    if missing:
        raise ValueError(f"missing {', '.join(missing)} (all three of scope, solutions, risks are needed)")
    return ratings


def confidence_line(ratings: dict[str, str]) -> str:
    body = ", ".join(f"{key}={ratings[key]}" for key in protocol.CONFIDENCE_KEYS)
    return f"  - confidence: {body}"


def check_confidence(ratings: dict[str, str] | None) -> Unmet | None:
    if ratings is None:
        return Unmet(
            protocol.CONFIDENCE,
            "no exploration confidence given.",
            "Rate it and pass --confidence scope=…,solutions=…,risks=… (scope="
            f"{protocol.scale_text('scope')}, solutions={protocol.scale_text('solutions')}, "
            f"risks={protocol.scale_text('risks')}; e.g. {CONFIDENCE_EXAMPLE}).",
        )
    low = [f"{key}={rating}" for key, rating in ratings.items() if rating in protocol.CONFIDENCE_BLOCKERS]
    if low:
        return Unmet(
            protocol.CONFIDENCE,
            f"exploration confidence too low: {', '.join(low)}.",
            "A shallow or blind rating means keep exploring before PLAN.",
        )
    return None


# -- plan.md -----------------------------------------------------------------------------------


def check_plan_sections(plan_text: str | None) -> Unmet | None:
    if not plan_text:
        return Unmet(
            protocol.PLAN_SECTIONS,
            "plan.md is missing or empty.",
            f"Write plan.md (layout: {CLI_PREFIX} emit-template --name plan).",
        )
    unfilled = plan.unfilled_sections(plan_text)
    if not unfilled:
        return None
    names = ", ".join(f"## {name}" for name in unfilled)
    return Unmet(
        protocol.PLAN_SECTIONS,
        f"plan.md sections missing or still placeholders: {names}.",
        "Fill them in (no '*To be defined…*' / '*Pending…*' lines left), then present PC-PLAN again.",
    )


#: What the user is shown before each user-gated move (the contract or the question).
USER_PROMPTS = {
    ("PLAN", "EXECUTE"): "Show PC-PLAN and wait for the user's approval",
    ("PIVOT", "PLAN"): "Show PC-PIVOT and wait for the user's approval of the new direction",
    ("REFLECT", "EXECUTE"): "Ask the user to confirm the completion fix (or to continue past the leash)",
    ("REFLECT", "CLOSE"): "Show PC-REFLECT and wait for the user's confirmation to close",
}


def check_user(move: protocol.Move, user: str | None) -> Unmet | None:
    if user:
        return None
    prompt = USER_PROMPTS.get((move.source, move.target), "Ask the user")
    return Unmet(
        protocol.USER,
        f"{move.source} → {move.target} needs the user's own words.",
        f'{prompt}, then run it again with --user "<what the user said>" (recorded verbatim '
        "in the history line and approvals.jsonl; --approved alone is not enough).",
    )


def check_iteration(new_iteration: int) -> Unmet | None:
    if new_iteration < protocol.ITERATION_LIMIT:
        return None
    return Unmet(
        protocol.ITERATION_CAP,
        f"this would start iteration {new_iteration}; the hard limit is "
        f"{protocol.ITERATION_LIMIT - 1} iterations.",
        "Stop and decompose: show the user 2-3 smaller sub-goals (decisions.md Decomposition "
        "Analysis) and start a new plan for each. --force cannot override this.",
    )


# -- verification.md ---------------------------------------------------------------------------


def verdict_problems(verification_text: str | None) -> list[str]:
    """Why verification.md's Verdict does not let the plan close: no Verdict, a placeholder, or
    what the validator's ``[verdict]`` reports as an ERROR at CLOSE (one reading of the fields)."""
    if not verification_text:
        return ["verification.md is missing or empty"]
    verdict = extract_section(verification_text, verification.VERDICT)
    if verdict is None:
        return ["verification.md has no filled '## Verdict' section"]
    problems = verdict_errors(verdict)
    if is_placeholder(verdict) and not problems:
        problems.append("the Verdict is still a placeholder")
    return problems


def check_verdict(verification_text: str | None) -> Unmet | None:
    """The Verdict must exist and recommend CLOSE. A Verdict the validator rejects at CLOSE (a field
    missing, out of order or PENDING) is refused by the edit's close check instead, forced or not."""
    verdict = extract_section(verification_text, verification.VERDICT) if verification_text else None
    if verdict is not None and verdict_errors(verdict):
        return None
    problems = verdict_problems(verification_text)
    if not problems:
        recommended = verification.recommended_state(verdict)
        if recommended == "CLOSE":
            return None
        return Unmet(
            protocol.VERDICT,
            f"the Verdict recommends {recommended or 'no state'}, not CLOSE.",
            "Close only on a Verdict that recommends CLOSE: route as it recommends, or correct the "
            "Verdict if the evidence supports CLOSE.",
        )
    return Unmet(
        protocol.VERDICT,
        "; ".join(problems) + ".",
        f"Finish REFLECT: `{CLI_PREFIX} verify verdict --recommend CLOSE` writes the Verdict from the "
        "recorded checks; show PC-REFLECT and get the user's confirmation.",
    )


def pivot_floor(state_text: str | None) -> int | None:
    """The first decision number a pivot entry must have: recorded on the latest history line
    into PIVOT (None when that line records none: a move made by hand)."""
    block = statefile.history_block(state_text) or ""
    lines = _INTO_PIVOT_RE.findall(block)
    if not lines:
        return None
    match = NEXT_DECISION_RE.search(lines[-1])
    return int(match.group(1)) if match else None


def check_pivot_entry(state_text: str | None, decisions_text: str | None) -> Unmet | None:
    parsed = decisions.parse(decisions_text or "")
    pivots = [entry for entry in parsed.entries if decisions.is_pivot_phase(entry.phase)]
    floor = pivot_floor(state_text)
    if floor is not None:
        if any(entry.num >= floor for entry in pivots):
            return None
        since = f"numbered D-{floor:03d} or later"
    else:
        into = len(_INTO_PIVOT_RE.findall(statefile.history_block(state_text) or ""))
        if len(pivots) >= into:
            return None
        since = f"one for each of the {into} moves into PIVOT"
    return Unmet(
        protocol.PIVOT_ENTRY,
        f"decisions.md has no pivot entry written since the move into PIVOT ({since}).",
        "Log the pivot first: a `## D-NNN | PIVOT | date` entry with what failed, what was "
        "learned, the Root Cause Analysis and the Complexity Assessment.",
    )


def check_note(note: str | None) -> Unmet | None:
    if note and note.strip():
        return None
    return Unmet(
        protocol.NOTE,
        "closing from outside REFLECT is an administrative exit and needs a reason.",
        "Run it again with --note \"why the plan ends here\" (or finish REFLECT first).",
    )


# -- running them ------------------------------------------------------------------------------

#: Condition code -> its check on (the edit, the request).
CHECKS: dict[str, Callable[[PlanEdit, Request], Unmet | None]] = {
    protocol.FINDINGS: lambda edit, _r: check_findings(edit.read(FINDINGS_MD)),
    protocol.CONFIDENCE: lambda _e, request: check_confidence(request.ratings),
    protocol.PLAN_SECTIONS: lambda edit, _r: check_plan_sections(edit.read(PLAN_MD)),
    protocol.PIVOT_ENTRY: lambda edit, _r: check_pivot_entry(edit.read(STATE_MD), edit.read(DECISIONS_MD)),
    protocol.ITERATION_CAP: lambda _e, request: check_iteration(request.new_iteration or 0),
    protocol.VERDICT: lambda edit, _r: check_verdict(edit.read(VERIFICATION_MD)),
    protocol.NOTE: lambda _e, request: check_note(request.note),
}


def evaluate(move: protocol.Move, edit: PlanEdit, request: Request) -> list[Unmet]:
    """The move's conditions that fail, in the move's order."""
    found = (
        check_user(move, request.user) if code == protocol.USER else CHECKS[code](edit, request)
        for code in move.conditions
    )
    return [item for item in found if item is not None]


def refuse_unmet(target: str, source: str, unmet: list[Unmet], force: bool) -> SkillError:
    remedies = []
    for item in unmet:
        remedies.append(f"- [{item.code}] {item.reason}")
        remedies.append(f"    {item.remedy}")
    hard = [item.code for item in unmet if not item.forceable]
    if hard:
        remedies.append(f"--force cannot override: {', '.join(hard)}.")
    if not force and len(hard) < len(unmet):
        remedies.append(
            "If the user decides to go ahead anyway: add --force --note \"why\" "
            "(recorded in the history line)."
        )
    return refusal(f"transition {target}", f"{source} → {target} entry condition(s) not met:", remedies)


def forced_warning(forced: list[str]) -> str:
    return (
        f"WARNING: forced past unmet entry condition(s): {', '.join(forced)} "
        "(recorded in the history line)."
    )
