"""Entry conditions, read from the plan files, and the state.md validation before a write."""

from __future__ import annotations

import re
from dataclasses import dataclass

from skill.command import AGENT_COMMAND
from skill.plans.layout import PLAN_SECTIONS, VERDICT_ITEMS
from skill.plans.markdown import extract_section, is_placeholder
from skill.transitions import machine

MANDATORY_PLAN_SECTIONS = PLAN_SECTIONS


_PENDING_RE = re.compile(r"\bPENDING\b", re.IGNORECASE)
_INDEX_BULLET_RE = re.compile(r"^- .+")
_INDEX_NUMBERED_RE = re.compile(r"^[0-9]+\.\s+.+")

CONFIDENCE_KEYS = ("scope", "solutions", "risks")
#: Ratings that mean "keep exploring" (planning rigor: every dimension at least adequate).
CONFIDENCE_BLOCKERS = frozenset({"shallow", "blind"})
_RATING_RE = re.compile(r"[a-z][a-z-]*")


@dataclass(frozen=True)
class Unmet:
    """A failed entry condition: what is wrong and what to do about it."""

    code: str
    reason: str
    remedy: str

    @property
    def forceable(self) -> bool:
        return self.code not in machine.UNFORCEABLE


# -- findings ----------------------------------------------------------------------------------


def indexed_findings(findings_text: str | None) -> int:
    """Index entries as the validator counts them: ``- …`` and ``N. …`` lines of ``## Index``."""
    index = extract_section(findings_text, "Index")
    if index is None:
        return 0
    return sum(
        1
        for line in index.split("\n")
        if _INDEX_BULLET_RE.match(line) or _INDEX_NUMBERED_RE.match(line)
    )


def check_findings(findings_text: str | None) -> Unmet | None:
    count = indexed_findings(findings_text)
    if count >= machine.MIN_FINDINGS:
        return None
    return Unmet(
        machine.FINDINGS,
        f"findings.md ## Index lists {count} finding(s); PLAN needs at least {machine.MIN_FINDINGS}.",
        "Keep exploring and add one '- [Topic](findings/topic.md) — summary' line per finding "
        "under ## Index.",
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
        if not sep or key not in CONFIDENCE_KEYS:
            raise ValueError(
                f"'{part}' is not one of scope=…, solutions=…, risks=… "
                "(e.g. scope=deep,solutions=adequate,risks=clear)"
            )
        if not _RATING_RE.fullmatch(rating):
            raise ValueError(f"'{part}' needs a one-word rating (e.g. {key}=adequate)")
        if key in ratings:
            raise ValueError(f"{key} is given twice")
        ratings[key] = rating
    missing = [key for key in CONFIDENCE_KEYS if key not in ratings]
    if missing:
        raise ValueError(f"missing {', '.join(missing)} (all three of scope, solutions, risks are needed)")
    return ratings


def confidence_line(ratings: dict[str, str]) -> str:
    body = ", ".join(f"{key}={ratings[key]}" for key in CONFIDENCE_KEYS)
    return f"  - confidence: {body}"


def check_confidence(ratings: dict[str, str] | None) -> Unmet | None:
    if ratings is None:
        return Unmet(
            machine.CONFIDENCE,
            "no exploration confidence given.",
            "Rate it and pass --confidence scope=…,solutions=…,risks=… "
            "(scope deep|adequate|partial|shallow, solutions adequate|open|thin|narrow, "
            "risks clear|partial|unclear|blind).",
        )
    low = [f"{key}={rating}" for key, rating in ratings.items() if rating in CONFIDENCE_BLOCKERS]
    if low:
        return Unmet(
            machine.CONFIDENCE,
            f"exploration confidence too low: {', '.join(low)}.",
            "A shallow or blind rating means keep exploring before PLAN.",
        )
    return None


# -- plan.md -----------------------------------------------------------------------------------


def unfilled_plan_sections(plan_text: str | None) -> list[str]:
    return [
        name for name in MANDATORY_PLAN_SECTIONS if is_placeholder(extract_section(plan_text, name))
    ]


def check_plan_sections(plan_text: str | None) -> Unmet | None:
    if not plan_text:
        return Unmet(
            machine.PLAN_SECTIONS,
            "plan.md is missing or empty.",
            f"Write plan.md (layout: {AGENT_COMMAND} emit-template --name plan).",
        )
    unfilled = unfilled_plan_sections(plan_text)
    if not unfilled:
        return None
    names = ", ".join(f"## {name}" for name in unfilled)
    return Unmet(
        machine.PLAN_SECTIONS,
        f"plan.md sections missing or still placeholders: {names}.",
        "Fill them in (no '*To be defined…*' / '*Pending…*' lines left), then present PC-PLAN again.",
    )


def check_approved(approved: bool) -> Unmet | None:
    if approved:
        return None
    return Unmet(
        machine.APPROVED,
        "EXECUTE needs the user's explicit approval of the plan.",
        "Show PC-PLAN, wait for the user's yes, then run the command again with --approved.",
    )


def check_iteration(new_iteration: int) -> Unmet | None:
    if new_iteration < machine.ITERATION_LIMIT:
        return None
    return Unmet(
        machine.ITERATION_CAP,
        f"this would start iteration {new_iteration}; the hard limit is "
        f"{machine.ITERATION_LIMIT - 1} iterations.",
        "Stop and decompose: show the user 2-3 smaller sub-goals (decisions.md Decomposition "
        "Analysis) and start a new plan for each. --force cannot override this.",
    )


# -- verification.md ---------------------------------------------------------------------------


def verdict_problems(verification_text: str | None) -> list[str]:
    if not verification_text:
        return ["verification.md is missing or empty"]
    verdict = extract_section(verification_text, "Verdict")
    if verdict is None:
        return ["verification.md has no filled '## Verdict' section"]
    problems = []
    positions = []
    missing = []
    for regex, label in VERDICT_ITEMS:
        match = regex.search(verdict)
        if match is None:
            missing.append(label)
        else:
            positions.append(match.start())
    if missing:
        problems.append(f"the Verdict lacks: {', '.join(missing)}")
    elif positions != sorted(positions):
        problems.append("the Verdict items are out of order")
    pending = [line.strip() for line in verdict.split("\n") if _PENDING_RE.search(line)]
    if pending:
        problems.append(f"the Verdict still says PENDING: {'; '.join(pending)}")
    if is_placeholder(verdict) and not pending:
        problems.append("the Verdict is still a placeholder")
    return problems


def check_verdict(verification_text: str | None) -> Unmet | None:
    problems = verdict_problems(verification_text)
    if not problems:
        return None
    return Unmet(
        machine.VERDICT,
        "; ".join(problems) + ".",
        "Finish REFLECT: fill verification.md's ## Verdict (Criteria passed, Regressions, Scope "
        "drift, Simplification blockers, Recommendation) from the evidence, show PC-REFLECT and "
        "get the user's confirmation.",
    )


def check_note(note: str | None) -> Unmet | None:
    if note and note.strip():
        return None
    return Unmet(
        machine.NOTE,
        "closing from outside REFLECT is an administrative exit and needs a reason.",
        "Run it again with --note \"why the plan ends here\" (or finish REFLECT first).",
    )


# -- state.md validation -----------------------------------------------------------------------


def state_errors(state_text: str) -> list[str]:
    """``[slug] message`` for every ERROR the validator's state.md checks report on ``state_text``.

    Uses the validator's own checks when they are importable; otherwise the same rules for the
    parts this command can break (history pairs, the iteration cap, the leash ceiling).
    """
    checker = _validator_checker()
    if checker is not None:
        return [
            f"[{issue.slug}] {issue.message}"
            for issue in checker(state_text)
            if getattr(issue, "severity", "") == "ERROR"
        ]
    return fallback_state_errors(state_text)


def _validator_checker():  # type: ignore[no-untyped-def]
    try:
        from skill.validate import check_state_text  # type: ignore[attr-defined]
    except ImportError:
        try:
            from skill.validate.state import check_state_text
        except ImportError:
            return None
    return check_state_text


_HISTORY_PAIR_RE = re.compile(r"^- (.+?)\s+(?:→|->)\s+([A-Za-z_]+)")
_EXECUTE_REFLECT_RE = re.compile(r"EXECUTE\s*(?:→|->)\s*REFLECT")


def fallback_state_errors(state_text: str) -> list[str]:
    from skill.plans.markdown import strip_comments
    from skill.transitions.state_edit import fix_attempt_lines

    errors = []
    stripped = strip_comments(state_text)
    current = re.search(r"^# Current State:[ \t]*(\S[^\n]*)$", state_text, re.MULTILINE)
    if current is None:
        errors.append("[state] Cannot parse current state from state.md")
    heading = re.search(r"^## Transition History:", stripped, re.MULTILINE)
    block = stripped[heading.start() :] if heading else ""
    for line in block.split("\n"):
        match = _HISTORY_PAIR_RE.match(line)
        if match is None:
            continue
        source = machine.normalize_state(match.group(1)) or ""
        target = machine.normalize_state(match.group(2)) or ""
        if (source, target) not in machine.ALLOWED_PAIRS:
            errors.append(f"[transition] Invalid transition: {source}→{target} (from: \"{line.strip()}\")")
    declared_match = re.search(r"^## Iteration:[ \t]*([0-9]+)", state_text, re.MULTILINE)
    declared = int(declared_match.group(1)) if declared_match else 0
    raw_heading = re.search(r"^## Transition History:", state_text, re.MULTILINE)
    raw_block = state_text[raw_heading.start() :] if raw_heading else ""
    derived = max(len(_EXECUTE_REFLECT_RE.findall(raw_block)), len(_EXECUTE_REFLECT_RE.findall(block)))
    if max(declared, derived) >= machine.ITERATION_LIMIT:
        errors.append(f"[iteration] Iteration {max(declared, derived)} exceeds hard limit (6+)")
    state = (current.group(1).strip().upper() if current else "")
    if state in ("EXECUTE", "REFLECT") and len(fix_attempt_lines(state_text)) >= 4:
        errors.append(f"[leash] {len(fix_attempt_lines(state_text))} fix attempts recorded in state.md")
    return errors
