"""The checked operations: read the plan, check the move, validate the result, write it.

Each operation holds the plan's lock from the first read to the last write, so two commands racing
on one plan are serialised: the second one reads what the first one wrote. Nothing is written when a
check fails. state.md is always written last (it is the record of the move), so an interrupted run
that already rewrote plan.md's step marker is finished by running the same command again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skill.command import AGENT_COMMAND
from skill.errors import SkillError
from skill.lifecycle.report import RECOVERY_FILES
from skill.plans.ids import utc_timestamp
from skill.plans.pointer import read_pointer
from skill.plans.store import Store
from skill.plans.textio import read_raw, read_text
from skill.transitions import checks, machine
from skill.transitions import state_edit as edit
from skill.transitions.checks import Unmet

CMD = AGENT_COMMAND  # formats as the command that runs this installation
_LEADING_INT_RE = re.compile(r"[ \t]*([0-9]+)")
ALL_DONE = "(all steps done)"


@dataclass
class Outcome:
    """What a command did, for the text and the ``--json`` output."""

    action: str
    plan_id: str
    previous_state: str | None = None
    previous_step: str | None = None
    state: str | None = None
    iteration: str | None = None
    step: str | None = None
    attempts: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    history: list[str] = field(default_factory=list)
    forced: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    closed: bool = False

    def as_dict(self) -> dict[str, Any]:
        base = f"plans/{self.plan_id}"
        return {
            "ok": True,
            "action": self.action,
            "plan_id": self.plan_id,
            "plan_dir": base,
            "previous_state": self.previous_state,
            "previous_step": self.previous_step,
            "state": self.state,
            "iteration": self.iteration,
            "step": self.step,
            "attempts": {
                "count": len(self.attempts),
                "cap": machine.LEASH_CAP,
                "lines": self.attempts,
            },
            "history": self.history,
            "forced": self.forced,
            "written": self.written,
            "warnings": self.warnings,
            "closed": self.closed,
            "paths": {name: f"{base}/{name}" for name in RECOVERY_FILES},
        }

    def fill_from(self, state_text: str) -> None:
        self.state = edit.get_field(state_text, "# Current State:") or None
        self.iteration = edit.get_field(state_text, "## Iteration:") or None
        self.step = edit.get_field(state_text, "## Current Plan Step:") or None
        self.attempts = edit.fix_attempt_lines(state_text)


# -- shared helpers ----------------------------------------------------------------------------


def refusal(what: str, reason: str, remedies: list[str]) -> SkillError:
    lines = [f"ERROR: {what} refused: {reason}"]
    lines += [f"  {remedy}" for remedy in remedies]
    lines.append("  Nothing was written.")
    return SkillError("\n".join(lines), 1)


def active_plan(store: Store) -> str:
    plan_id = read_pointer(store.plans_dir) if store.plans_dir.is_dir() else None
    if plan_id is None:
        raise SkillError(
            f"ERROR: No active plan under {store.root}.\n"
            f"  Start one with `{CMD} bootstrap new \"goal\"` (or pass --root DIR).\n"
            "  Nothing was written.",
            1,
        )
    return plan_id


def leading_int(value: str | None) -> int | None:
    match = _LEADING_INT_RE.match(value or "")
    return int(match.group(1)) if match else None


def sanitize(value: str) -> str:
    """One line, and nothing the validator would read as an arrow or a comment delimiter."""
    text = edit.one_line(value)
    text = text.replace("<!--", "< !--").replace("-->", "- ->")
    return text.replace("→", "to").replace("->", "- >")


class _StateFile:
    """state.md of one plan, read once under the lock."""

    def __init__(self, store: Store, plan_id: str) -> None:
        self.path = store.plan_dir(plan_id) / "state.md"
        raw = read_raw(self.path)
        if raw is None or not raw.strip():
            raise SkillError(
                f"ERROR: cannot read plans/{plan_id}/state.md (missing or empty).\n"
                f"  Recover it first (see `{CMD} bootstrap resume`); nothing was written.",
                1,
            )
        self.raw = raw
        self.text, self.framing = edit.to_lf(raw)

    def state(self) -> str | None:
        return machine.normalize_state(edit.get_field(self.text, "# Current State:"))

    def render(self, text: str) -> str:
        return edit.from_lf(text, self.framing)


def validated(what: str, new_text: str) -> None:
    errors = checks.state_errors(new_text)
    if errors:
        raise refusal(
            what,
            "the resulting state.md would fail the validator's state checks:",
            [
                *(f"- {error}" for error in errors),
                "Fix state.md by hand (or ask the user), then retry; "
                f"`{CMD} bootstrap close` still ends the plan without checks.",
            ],
        )


def _write(store: Store, path: Path, text: str, outcome: Outcome, plan_id: str) -> None:
    store.write_text(path, text)
    outcome.written.append(f"plans/{plan_id}/{path.name}")


# -- transition --------------------------------------------------------------------------------


def _blocked_move(source: str, target: str) -> SkillError:
    reachable = machine.targets_from(source)
    hints = {
        ("EXECUTE", "PIVOT"): "Go through REFLECT first: `transition REFLECT`, then `transition PIVOT`.",
        ("EXECUTE", "PLAN"): "Go through REFLECT first; a new plan comes after PIVOT or EXPLORE.",
        ("EXECUTE", "EXPLORE"): "Go through REFLECT first: `transition REFLECT`, then `transition EXPLORE`.",
        ("PIVOT", "EXECUTE"): "After PIVOT the new approach is planned first: `transition PLAN`.",
        ("PIVOT", "EXPLORE"): "PIVOT leads to PLAN only: `transition PLAN` once the user approves PC-PIVOT.",
        ("EXPLORE", "EXECUTE"): "Plan first: `transition PLAN`, then `transition EXECUTE --approved`.",
    }
    remedies = [f"From {source} the allowed moves are: {', '.join(reachable) or 'none'}."]
    if (source, target) in hints:
        remedies.append(hints[(source, target)])
    if source == target:
        reason = f"the plan is already in {source}."
    else:
        reason = f"{source} → {target} is not a move of the protocol's state machine."
    return refusal(f"transition {target}", reason, remedies)


def _evaluate(
    move: machine.Move,
    plan_dir: Path,
    *,
    ratings: dict[str, str] | None,
    approved: bool,
    note: str | None,
    new_iteration: int | None,
) -> list[Unmet]:
    unmet: list[Unmet | None] = []
    for code in move.conditions:
        if code == machine.FINDINGS:
            unmet.append(checks.check_findings(read_text(plan_dir / "findings.md")))
        elif code == machine.CONFIDENCE:
            unmet.append(checks.check_confidence(ratings))
        elif code == machine.PLAN_SECTIONS:
            unmet.append(checks.check_plan_sections(read_text(plan_dir / "plan.md")))
        elif code == machine.APPROVED:
            unmet.append(checks.check_approved(approved))
        elif code == machine.ITERATION_CAP:
            unmet.append(checks.check_iteration(new_iteration or 0))
        elif code == machine.VERDICT:
            unmet.append(checks.check_verdict(read_text(plan_dir / "verification.md")))
        elif code == machine.NOTE:
            unmet.append(checks.check_note(note))
    return [item for item in unmet if item is not None]


def _refuse_unmet(target: str, source: str, unmet: list[Unmet], force: bool) -> SkillError:
    remedies = []
    for item in unmet:
        remedies.append(f"- [{item.code}] {item.reason}")
        remedies.append(f"    {item.remedy}")
    hard = [item.code for item in unmet if not item.forceable]
    if force and hard:
        remedies.append(f"--force cannot override: {', '.join(hard)}.")
    elif not force:
        remedies.append(
            "If the user decides to go ahead anyway: add --force --note \"why\" "
            "(recorded in the history line)."
        )
    return refusal(
        f"transition {target}",
        f"{source} → {target} entry condition(s) not met:",
        remedies,
    )


def _history_note(move: machine.Move, note: str | None, when: str) -> str:
    parts = []
    if move.contract:
        parts.append(f"{move.contract} presented")
    parts.append(sanitize(note) if note and note.strip() else move.default_note or "transition")
    parts.append(when)
    return "; ".join(part for part in parts if part)


def _apply_move(
    text: str,
    move: machine.Move,
    *,
    note: str | None,
    ratings: dict[str, str] | None,
    forced: list[str],
    new_iteration: int | None,
    first_step: str | None,
    when: str,
) -> tuple[str, list[str]]:
    text = edit.set_state(text, move.target)
    if new_iteration is not None:
        text = edit.set_iteration(text, new_iteration)
    if move.resets_attempts:
        try:
            text = edit.reset_attempts(text)
        except ValueError:
            pass  # no Fix Attempts section: nothing to count, nothing to reset
    if first_step is not None:
        text = edit.set_step(text, first_step)
    text = edit.set_last_transition(text, move.source, move.target, when)
    line = edit.history_line(move.source, move.target, _history_note(move, note, when))
    if forced:
        line += f" (forced: {', '.join(forced)})"
    lines = [line]
    if ratings is not None and move.target == "PLAN" and move.source == "EXPLORE":
        lines.append(checks.confidence_line(ratings))
    return edit.append_history(text, lines), lines


def transition(
    store: Store,
    target: str,
    *,
    note: str | None = None,
    confidence: str | None = None,
    approved: bool = False,
    force: bool = False,
    when: str | None = None,
) -> Outcome:
    target = target.strip().upper()
    if target not in machine.STATES:
        raise SkillError(
            f"ERROR: unknown state '{target}'. States: {', '.join(machine.STATES)}.", 2
        )
    if force and not (note and note.strip()):
        raise SkillError(
            "ERROR: --force needs --note \"why\": the reason is recorded in the history line.\n"
            "  Nothing was written.",
            2,
        )
    ratings = None
    if confidence is not None:
        try:
            ratings = checks.parse_confidence(confidence)
        except ValueError as exc:
            raise SkillError(f"ERROR: --confidence: {exc}.\n  Nothing was written.", 2) from None
    when = when or utc_timestamp()
    if target == "CLOSE":
        return _close(store, note=note, force=force, when=when, confidence=ratings)
    plan_id = active_plan(store)
    plan_dir = store.plan_dir(plan_id)
    with store.plan_lock(plan_id):
        state_file = _StateFile(store, plan_id)
        source = _readable_source(state_file, plan_id, target)
        move = machine.MOVES.get((source, target))
        if move is None:
            raise _blocked_move(source, target)
        if ratings is not None and (source, target) != ("EXPLORE", "PLAN"):
            raise SkillError(
                "ERROR: --confidence belongs to EXPLORE → PLAN only "
                f"(this move is {source} → {target}).\n  Nothing was written.",
                2,
            )
        new_iteration = None
        if move.new_iteration:
            declared = leading_int(edit.get_field(state_file.text, "## Iteration:")) or 0
            new_iteration = declared + 1
        unmet = _evaluate(
            move, plan_dir, ratings=ratings, approved=approved, note=note, new_iteration=new_iteration
        )
        if unmet and (not force or any(not item.forceable for item in unmet)):
            raise _refuse_unmet(target, source, unmet, force)
        forced = [item.code for item in unmet]
        first_step = None
        new_plan = None
        if move.starts_steps:
            plan_raw = read_raw(plan_dir / "plan.md")
            steps = edit.plan_steps(read_text(plan_dir / "plan.md"))
            first = min(steps) if steps else 1
            first_step = f"{first} of {max(steps)}" if steps else str(first)
            if steps and plan_raw is not None:
                plan_text, plan_framing = edit.to_lf(plan_raw)
                marked = edit.mark_plan_step(plan_text, first)
                if marked != plan_text:
                    new_plan = edit.from_lf(marked, plan_framing)
        new_text, lines = _apply_move(
            state_file.text,
            move,
            note=note,
            ratings=ratings,
            forced=forced,
            new_iteration=new_iteration,
            first_step=first_step,
            when=when,
        )
        validated(f"transition {target}", new_text)
        outcome = Outcome("transition", plan_id, previous_state=source, history=lines, forced=forced)
        if new_plan is not None:
            _write(store, plan_dir / "plan.md", new_plan, outcome, plan_id)
        _write(store, state_file.path, state_file.render(new_text), outcome, plan_id)
    outcome.fill_from(new_text)
    _advice(outcome, move, new_iteration)
    return outcome


def _readable_source(state_file: _StateFile, plan_id: str, target: str) -> str:
    source = state_file.state()
    if source is None:
        raise refusal(
            f"transition {target}",
            f"plans/{plan_id}/state.md has no readable '# Current State:' line.",
            [f"Restore that line by hand, or end the plan with `{CMD} bootstrap close`."],
        )
    if source == "CLOSE":
        raise refusal(
            f"transition {target}",
            "the plan is already CLOSE.",
            [
                f"If plans/.current_plan still names it, finish with `{CMD} bootstrap close`;",
                f"then start the next plan with `{CMD} bootstrap new \"goal\"`.",
            ],
        )
    if source not in machine.STATES:
        raise refusal(
            f"transition {target}",
            f"state.md says '# Current State: {source}', which is not a protocol state.",
            [
                f"Fix the line by hand (one of {', '.join(machine.STATES)}), or end the plan with "
                f"`{CMD} bootstrap close`."
            ],
        )
    return source


def _advice(outcome: Outcome, move: machine.Move, new_iteration: int | None) -> None:
    if new_iteration is not None and new_iteration == machine.ITERATION_WARN:
        outcome.warnings.append(
            f"WARNING: iteration {new_iteration}: a decomposition analysis in decisions.md is now "
            "mandatory (2-3 sub-goals); iteration 6 will be refused."
        )
    if outcome.forced:
        outcome.warnings.append(
            f"WARNING: forced past unmet entry condition(s): {', '.join(outcome.forced)} "
            "(recorded in the history line)."
        )
    if move.target == "PIVOT":
        outcome.notes.append(
            "Fix attempts reset. Log the pivot in decisions.md (with its Complexity Assessment), "
            "show PC-PIVOT, then `transition PLAN` on the user's approval."
        )
    elif move.target == "EXECUTE" and move.source == "REFLECT":
        outcome.notes.append("Fix attempts reset for the completion fix; the iteration is unchanged.")
    elif move.target == "EXECUTE":
        outcome.notes.append(
            f"Iteration {new_iteration} started at step {outcome.step}. Run "
            f"`{CMD} validate-plan --pre-step` before each step."
        )


# -- transition CLOSE --------------------------------------------------------------------------


def _close(
    store: Store,
    *,
    note: str | None,
    force: bool,
    when: str,
    confidence: dict[str, str] | None,
) -> Outcome:
    """Record the CLOSE move (checked), then run the administrative close (bootstrap close).

    The plans-wide lock is held throughout, as ``bootstrap close`` does, so no other plan can
    become active in between; the plan's own lock is released before the close takes it again.
    """
    from skill.lifecycle.close import close_plan_locked

    if confidence is not None:
        raise SkillError(
            "ERROR: --confidence belongs to EXPLORE → PLAN only.\n  Nothing was written.", 2
        )
    active_plan(store)
    with store.plans_lock():
        plan_id = active_plan(store)
        plan_dir = store.plan_dir(plan_id)
        outcome = Outcome("transition", plan_id)
        with store.plan_lock(plan_id):
            state_file = _StateFile(store, plan_id)
            source = state_file.state()
            if source == "CLOSE":
                outcome.previous_state = "CLOSE"
                outcome.notes.append(
                    "state.md already says CLOSE: finishing the interrupted close "
                    "(merge, index, snapshot, pointer removal)."
                )
                new_text = state_file.text
            else:
                if source is None or source not in machine.STATES:
                    raise refusal(
                        "transition CLOSE",
                        "state.md has no readable protocol state.",
                        [f"Use `{CMD} bootstrap close` for the administrative close."],
                    )
                move = machine.MOVES[(source, "CLOSE")]
                unmet = _evaluate(
                    move, plan_dir, ratings=None, approved=False, note=note, new_iteration=None
                )
                if unmet and not force:
                    raise _refuse_unmet("CLOSE", source, unmet, force)
                forced = [item.code for item in unmet]
                new_text, lines = _apply_move(
                    state_file.text,
                    move,
                    note=note,
                    ratings=None,
                    forced=forced,
                    new_iteration=None,
                    first_step=None,
                    when=when,
                )
                validated("transition CLOSE", new_text)
                outcome.previous_state = source
                outcome.history = lines
                outcome.forced = forced
                _write(store, state_file.path, state_file.render(new_text), outcome, plan_id)
                if forced:
                    outcome.warnings.append(
                        f"WARNING: forced past unmet entry condition(s): {', '.join(forced)} "
                        "(recorded in the history line)."
                    )
        result = close_plan_locked(store, plan_id)
    outcome.closed = True
    outcome.fill_from(new_text)
    outcome.warnings += result.warnings
    outcome.notes += result.action_needed
    outcome.notes += [
        f"Closed plan: plans/{plan_id} (pointer removed, folder kept).",
        "  Findings/decisions merged to plans/FINDINGS.md and plans/DECISIONS.md.",
        "  Now update plans/LESSONS.md with what this plan taught (max 200 lines).",
    ]
    return outcome


# -- attempt -----------------------------------------------------------------------------------

RESULTS = ("failed", "passed", "partial")


def attempt(store: Store, *, what: str, result: str) -> Outcome:
    result = result.strip().lower()
    if result not in RESULTS:
        raise SkillError(f"ERROR: --result must be one of {', '.join(RESULTS)}.", 2)
    description = sanitize(what)
    if not description:
        raise SkillError("ERROR: --what needs a description of what was tried.", 2)
    plan_id = active_plan(store)
    with store.plan_lock(plan_id):
        state_file = _StateFile(store, plan_id)
        source = state_file.state()
        if source != "EXECUTE":
            raise refusal(
                "attempt",
                f"fix attempts are recorded during EXECUTE; the plan is in {source or 'an unknown state'}.",
                ["Record attempts on the step being executed, after `transition EXECUTE`."],
            )
        step = leading_int(edit.get_field(state_file.text, "## Current Plan Step:"))
        if step is None:
            raise refusal(
                "attempt",
                "state.md names no current plan step.",
                [f"Set it first: `{CMD} step set N`."],
            )
        lines = edit.fix_attempt_lines(state_file.text)
        if len(lines) >= machine.LEASH_CAP:
            others = len(lines) - edit.attempts_on_step(lines, step)
            remedies = [
                "Autonomy Leash: STOP. Revert uncommitted changes to the last clean commit, show "
                f"PC-EXECUTE-LEASH, then `{CMD} transition REFLECT` and wait for the user.",
            ]
            if others:
                remedies.append(
                    f"{others} of the recorded attempts belong to another step: a reset was missed "
                    f"(`{CMD} step next` after a step, `{CMD} bootstrap reset-attempts` on the "
                    "user's direction)."
                )
            raise refusal(
                "attempt",
                f"[leash-cap] attempts={len(lines)} cap={machine.LEASH_CAP}: step {step} may not "
                "get a third fix attempt.",
                remedies,
            )
        number = edit.attempts_on_step(lines, step) + 1
        line = f"- Step {step}, attempt {number}: {description} → {result}"
        try:
            new_text = edit.add_attempt(state_file.text, line)
        except ValueError:
            raise refusal(
                "attempt",
                "state.md has no '## Fix Attempts' section.",
                ["Add the heading '## Fix Attempts (resets per plan step)' by hand, then retry."],
            ) from None
        validated("attempt", new_text)
        outcome = Outcome("attempt", plan_id, previous_state=source, history=[line])
        _write(store, state_file.path, state_file.render(new_text), outcome, plan_id)
    outcome.fill_from(new_text)
    if len(outcome.attempts) >= machine.LEASH_CAP and result != "passed":
        outcome.warnings.append(
            f"WARNING: {len(outcome.attempts)} attempts recorded: the pre-step gate now stops the "
            "next spawn (leash-cap). Revert, show PC-EXECUTE-LEASH, `transition REFLECT`."
        )
    elif result == "passed":
        outcome.notes.append(f"After the Post-Step Gate: `{CMD} step next`.")
    return outcome


# -- step --------------------------------------------------------------------------------------


def step(store: Store, *, action: str, number: int | None = None) -> Outcome:
    if action not in ("next", "set"):
        raise SkillError("ERROR: use `step next` or `step set N`.", 2)
    if action == "set" and (number is None or number < 1):
        raise SkillError("ERROR: `step set N` needs a step number of 1 or more.", 2)
    plan_id = active_plan(store)
    plan_dir = store.plan_dir(plan_id)
    what = "step next" if action == "next" else f"step set {number}"
    with store.plan_lock(plan_id):
        state_file = _StateFile(store, plan_id)
        source = state_file.state()
        if source != "EXECUTE":
            raise refusal(
                what,
                f"plan steps move during EXECUTE; the plan is in {source or 'an unknown state'}.",
                ["PLAN → EXECUTE starts step 1; REFLECT → EXECUTE resumes the current step."],
            )
        plan_raw = read_raw(plan_dir / "plan.md")
        plan_text, plan_framing = edit.to_lf(plan_raw) if plan_raw is not None else ("", None)
        steps = edit.plan_steps(plan_text)
        last = max(steps) if steps else None
        field_value = edit.get_field(state_file.text, "## Current Plan Step:") or ""
        current = leading_int(field_value)
        done = None
        if action == "next":
            if current is None:
                new = min(steps) if steps else 1
            elif ALL_DONE in field_value:
                raise refusal(
                    what,
                    f"all {current} steps are already done.",
                    [f"Move on: `{CMD} transition REFLECT`."],
                )
            else:
                new = current + 1
                done = current
        else:
            assert number is not None
            new = number
        if last is not None and new > last and not (action == "next" and current == last):
            raise refusal(
                what,
                f"plan.md has {last} steps; there is no step {new}.",
                ["Use a step number from plan.md's ## Steps."],
            )
        if action == "next" and last is not None and current == last:
            value = f"{last} of {last} {ALL_DONE}"
            marker = None
        else:
            value = f"{new} of {last}" if last is not None else str(new)
            marker = new
        new_plan = None
        if steps and plan_framing is not None:
            marked = edit.mark_plan_step(plan_text, marker, done)
            if marked != plan_text:
                new_plan = edit.from_lf(marked, plan_framing)
        new_text = edit.set_step(state_file.text, value)
        try:
            new_text = edit.reset_attempts(new_text)
        except ValueError:
            pass
        validated(what, new_text)
        outcome = Outcome("step", plan_id, previous_state=source, previous_step=field_value or None)
        if new_plan is not None:
            _write(store, plan_dir / "plan.md", new_plan, outcome, plan_id)
        if new_text != state_file.text:
            _write(store, state_file.path, state_file.render(new_text), outcome, plan_id)
    outcome.fill_from(new_text)
    if marker is None:
        outcome.notes.append(f"All steps done. Next: `{CMD} transition REFLECT`.")
    else:
        outcome.notes.append(
            f"Current step: {value}. Fix attempts reset. Gate it: `{CMD} validate-plan --pre-step`."
        )
    return outcome

