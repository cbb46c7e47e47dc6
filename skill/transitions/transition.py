"""``transition STATE``: check a move of the state machine and record it in state.md.

Everything is worked out inside one checked edit (:mod:`skill.plans.edit`): the move is looked up
in the protocol's table, its entry conditions are checked on the plan files, state.md (and, when
the first step starts, plan.md's marker) are rewritten, and the validator's state checks run on the
result before anything is written (:mod:`skill.transitions.moves`). CLOSE is handed to
:mod:`skill.transitions.close`.
"""

from __future__ import annotations

from skill import CLI_PREFIX
from skill.errors import SkillError
from skill.plans import protocol
from skill.plans import state as statefile
from skill.plans.edit import checked_edit
from skill.plans.ids import utc_timestamp
from skill.plans.store import Store
from skill.plans.textio import leading_int
from skill.record.checkpoint import initial_checkpoint
from skill.transitions import conditions
from skill.transitions.close import close
from skill.transitions.common import active_plan, open_state
from skill.transitions.conditions import Request
from skill.transitions.moves import blocked_move, checked_move, parse_request, parse_user
from skill.transitions.outcome import Outcome
from skill.validate.edits import state_check


def transition(
    store: Store,
    target: str,
    *,
    note: str | None = None,
    confidence: str | None = None,
    user: str | None = None,
    approved: bool = False,
    force: bool = False,
    when: str | None = None,
) -> Outcome:
    """Make the move to ``target``. ``user`` is the user's own words for the four user-gated moves;
    ``approved`` (the old ``--approved`` flag) is accepted and ignored: it is not the user's word."""
    del approved
    target = target.strip().upper()
    ratings = parse_request(target, note, confidence, force)
    words = parse_user(user)
    when = when or utc_timestamp()
    if target == "CLOSE":
        return close(store, note=note, user=words, force=force, when=when, confidence=ratings)
    plan_id = active_plan(store)
    what = f"transition {target}"
    with checked_edit(store, plan_id, what, [state_check]) as edit:
        state_text = edit.require_state()
        source = open_state(state_text, plan_id, what)
        move = protocol.MOVES.get((source, target))
        if move is None:
            raise blocked_move(source, target)
        if ratings is not None and protocol.CONFIDENCE not in move.conditions:
            raise SkillError(
                "ERROR: --confidence belongs to EXPLORE → PLAN only "
                f"(this move is {source} → {target}).\n  Nothing was written.",
                2,
            )
        new_iteration = None
        if move.new_iteration:
            new_iteration = (leading_int(statefile.get_field(state_text, statefile.ITERATION_LABEL)) or 0) + 1
        if words is not None and not move.user_gated:
            raise SkillError(
                f"ERROR: --user belongs to the moves that need the user's word (PLAN → EXECUTE, "
                f"PIVOT → PLAN, REFLECT → EXECUTE, REFLECT → CLOSE); this one is {source} → {target}.\n"
                "  Put the reason in --note.\n  Nothing was written.",
                2,
            )
        request = Request(ratings=ratings, user=words, note=note, new_iteration=new_iteration)
        new_text, lines, forced = checked_move(edit, move, request, force=force, when=when)
        first_checkpoint = initial_checkpoint(edit, move, new_iteration)
    outcome = Outcome("transition", plan_id, previous_state=source, history=lines, forced=forced)
    outcome.written = edit.written
    outcome.fill_from(new_text)
    advise(outcome, move, new_iteration)
    if first_checkpoint:
        outcome.notes.append(first_checkpoint)
    return outcome


def advise(outcome: Outcome, move: protocol.Move, new_iteration: int | None) -> None:
    if new_iteration is not None and new_iteration == protocol.ITERATION_WARN:
        outcome.warnings.append(
            f"WARNING: iteration {new_iteration}: a decomposition analysis in decisions.md is now "
            f"mandatory (2-3 sub-goals); iteration {protocol.ITERATION_LIMIT} will be refused."
        )
    if outcome.forced:
        outcome.warnings.append(conditions.forced_warning(outcome.forced))
    if move.target == "PIVOT":
        outcome.notes.append(
            f"Fix attempts moved to their history. Log the pivot with `{CLI_PREFIX} decision add --kind pivot …` "
            "(`emit-state --state pivot` names its flags), show PC-PIVOT, then "
            f'`{CLI_PREFIX} transition PLAN --user "<their words>"` on the user\'s approval.'
        )
    elif move.target == "EXECUTE" and move.source == "REFLECT":
        outcome.notes.append(
            "Leash reopened by the user's word: earlier attempts of this iteration no longer count; "
            "the iteration is unchanged."
        )
    elif move.target == "EXECUTE":
        outcome.notes.append(
            f"Iteration {new_iteration} started at step {outcome.step}. Run "
            f"`{CLI_PREFIX} validate-plan --pre-step` before each step."
        )
