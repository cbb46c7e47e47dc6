"""The rewrites a move makes, shared by ``transition`` and ``transition CLOSE``: usage checks,
the refusal for a move the machine does not have, the entry conditions, and state.md's new text."""

from __future__ import annotations

from skill.errors import SkillError, refusal
from skill.plans import attempts, decisions, manifest, plan, protocol
from skill.plans import state as statefile
from skill.plans.edit import PlanEdit
from skill.plans.layout import DECISIONS_MD, PLAN_MD, STATE_MD
from skill.transitions import conditions, records
from skill.transitions.common import sanitize
from skill.transitions.conditions import Request

#: A pointer to the right path for moves people try that the machine does not have.
DETOURS: dict[tuple[str, str], str] = {
    ("EXECUTE", "PIVOT"): "Go through REFLECT first: `transition REFLECT`, then `transition PIVOT`.",
    ("EXECUTE", "PLAN"): "Go through REFLECT first; a new plan comes after PIVOT or EXPLORE.",
    ("EXECUTE", "EXPLORE"): "Go through REFLECT first: `transition REFLECT`, then `transition EXPLORE`.",
    ("PIVOT", "EXECUTE"): "After PIVOT the new approach is planned first: `transition PLAN`.",
    ("PIVOT", "EXPLORE"): "PIVOT leads to PLAN only: `transition PLAN` once the user approves PC-PIVOT.",
    ("EXPLORE", "EXECUTE"): "Plan first: `transition PLAN`, then `transition EXECUTE --user \"…\"`.",
}


def blocked_move(source: str, target: str) -> SkillError:
    reachable = protocol.targets_from(source)
    remedies = [f"From {source} the allowed moves are: {', '.join(reachable) or 'none'}."]
    if (source, target) in DETOURS:
        remedies.append(DETOURS[(source, target)])
    if source == target:
        reason = f"the plan is already in {source}."
    else:
        reason = f"{source} → {target} is not a move of the protocol's state machine."
    return refusal(f"transition {target}", reason, remedies)


def history_note(
    move: protocol.Move, note: str | None, when: str, user: str | None = None, extra: str = ""
) -> str:
    parts = []
    if move.contract:
        parts.append(f"{move.contract} presented")
    if user:
        parts.append(f'user: "{user}"')
    if note and note.strip():
        parts.append(sanitize(note))
    elif not user:
        parts.append(move.default_note or "transition")
    parts += [extra, when]
    return "; ".join(part for part in parts if part)


def apply_move(
    text: str,
    move: protocol.Move,
    request: Request,
    *,
    forced: list[str],
    first_step: str | None,
    when: str,
    extra: str = "",
) -> tuple[str, list[str]]:
    """state.md after the move, and the history lines it gained."""
    reason = f"{move.source} to {move.target}"
    iteration = attempts.iteration_of(text)
    if move.reopens_leash:
        detail = f', user: "{request.user}"' if request.user else ""
        text = attempts.reopen(text, iteration, when, reason, detail)
    elif move.resets_attempts:
        text = attempts.archive(text, iteration, attempts.step_of(text), when, reason)
    text = statefile.set_state(text, move.target)
    if request.new_iteration is not None:
        text = statefile.set_iteration(text, request.new_iteration)
        text = manifest.reset(text)
    if first_step is not None:
        text = statefile.set_step(text, first_step)
    text = statefile.set_last_transition(text, move.source, move.target, when)
    note = history_note(move, request.note, when, request.user, extra)
    line = statefile.history_line(move.source, move.target, note)
    if forced:
        line += f" (forced: {', '.join(forced)})"
    lines = [line]
    if request.ratings is not None and protocol.CONFIDENCE in move.conditions:
        lines.append(conditions.confidence_line(request.ratings))
    return statefile.append_history(text, lines), lines


def checked_move(
    edit: PlanEdit, move: protocol.Move, request: Request, *, force: bool, when: str
) -> tuple[str, list[str], list[str]]:
    """Check the move's conditions and stage its rewrites: (new state.md, history, forced)."""
    unmet = conditions.evaluate(move, edit, request)
    if unmet and (not force or any(not item.forceable for item in unmet)):
        raise conditions.refuse_unmet(move.target, move.source, unmet, force)
    forced = [item.code for item in unmet]
    first_step = None
    if move.starts_steps:
        plan_text = edit.read(PLAN_MD)
        numbers = plan.steps(plan_text)
        first = min(numbers) if numbers else 1
        first_step = statefile.step_value(first, max(numbers) if numbers else None)
        if numbers and plan_text is not None:
            edit.write(PLAN_MD, plan.mark_step(plan_text, first))
    extra = ""
    if move.target == "PIVOT":
        number = decisions.parse(edit.read(DECISIONS_MD) or "").next_number()
        extra = f"next decision {decisions.decision_id(number)}"
    new_text, lines = apply_move(
        edit.require_state(), move, request, forced=forced, first_step=first_step, when=when, extra=extra
    )
    records.stage(edit, move, request, new_text, when)
    edit.write(STATE_MD, new_text)
    return new_text, lines, forced


def parse_user(user: str | None) -> str | None:
    """The user's words as they are recorded (one line, defused), or None when not given."""
    if user is None:
        return None
    words = sanitize(user)
    if not words:
        raise SkillError(
            "ERROR: --user needs the user's own words (what they said), not an empty text.\n"
            "  Nothing was written.",
            2,
        )
    return words


def parse_request(target: str, note: str | None, confidence: str | None, force: bool) -> dict[str, str] | None:
    """Usage checks that need no plan; the parsed confidence ratings."""
    if target not in protocol.STATES:
        raise SkillError(f"ERROR: unknown state '{target}'. States: {', '.join(protocol.STATES)}.", 2)
    if force and not (note and note.strip()):
        raise SkillError(
            "ERROR: --force needs --note \"why\": the reason is recorded in the history line.\n"
            "  Nothing was written.",
            2,
        )
    if confidence is None:
        return None
    try:
        return conditions.parse_confidence(confidence)
    except ValueError as exc:
        raise SkillError(f"ERROR: --confidence: {exc}.\n  Nothing was written.", 2) from None
