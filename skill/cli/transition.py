"""``transition``, ``attempt``, ``step`` and ``approve``: the checked moves on the active plan."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from skill.cli.options import json_option, resolve_root, root_option
from skill.plans.protocol import LEASH_CAP, STATES

if TYPE_CHECKING:
    from skill.plans.store import Store
    from skill.transitions.outcome import Outcome


def _store(root: str | None) -> Store:
    from skill.plans.store import Store

    return Store(resolve_root(root))


def _report(outcome: Outcome, as_json: bool) -> None:
    if as_json:
        for line in outcome.warnings:
            click.echo(line, err=True)
        click.echo(json.dumps(outcome.as_dict(), indent=2, ensure_ascii=False))
        return
    for line in outcome.warnings:
        click.echo(line, err=True)
    plan = f"plans/{outcome.plan_id}"
    if outcome.action == "transition":
        if outcome.previous_state and outcome.previous_state != outcome.state:
            click.echo(f"{outcome.previous_state} → {outcome.state} ({plan})")
        for line in outcome.history:
            click.echo(f"  logged: {line.strip()}")
    elif outcome.action == "attempt":
        for line in outcome.history:
            click.echo(f"Recorded in {plan}/state.md: {line}")
        click.echo(
            f"  Attempts on record: {len(outcome.attempts) + outcome.archived_attempts} of {LEASH_CAP} allowed."
        )
    elif outcome.action == "step":
        click.echo(f"Step {outcome.previous_step or 'N/A'} → {outcome.step} ({plan})")
    elif outcome.action == "approve":
        for line in outcome.history:
            click.echo(f"Recorded in {plan}/approvals.jsonl: {line}")
    click.echo(
        f"  State: {outcome.state}  Iteration: {outcome.iteration}  Step: {outcome.step}  "
        f"Fix attempts: {len(outcome.attempts) + outcome.archived_attempts}"
    )
    for line in outcome.notes:
        click.echo(f"  {line}" if not line.startswith(" ") else line)


def _run(as_json: bool, func: Callable[..., Outcome], *args: Any, **kwargs: Any) -> None:
    """Run one checked command and print its outcome (errors go to the group's boundary)."""
    _report(func(*args, **kwargs), as_json)


@click.command(
    "transition",
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="PLAN → EXECUTE, PIVOT → PLAN, REFLECT → EXECUTE and REFLECT → CLOSE need --user: "
    "the user's own words, recorded verbatim in the history line and approvals.jsonl. "
    "CLOSE records the move (REFLECT needs a complete Verdict that recommends CLOSE; other "
    "states need --note) and then runs the administrative close, as `bootstrap close` does.",
)
@click.argument(
    "state", type=click.Choice(list(STATES), case_sensitive=False)
)
@click.option("--note", default=None, help="Why: recorded in the history line.")
@click.option(
    "--confidence",
    default=None,
    metavar="scope=…,solutions=…,risks=…",
    help="Exploration confidence, required for EXPLORE → PLAN.",
)
@click.option(
    "--user",
    "user",
    default=None,
    metavar="TEXT",
    help="The user's own words approving the move (the four user-gated moves).",
)
@click.option("--approved", is_flag=True, hidden=True, help="Ignored: pass --user with the user's words.")
@click.option(
    "--force",
    is_flag=True,
    help="Go ahead although an entry condition fails (needs --note; recorded).",
)
@root_option
@json_option
def transition(
    state: str,
    note: str | None,
    confidence: str | None,
    user: str | None,
    approved: bool,
    force: bool,
    root: str | None,
    as_json: bool,
) -> None:
    """Move the active plan to STATE, if the protocol allows it."""
    from skill.transitions.transition import transition as run

    _run(
        as_json,
        run,
        _store(root),
        state,
        note=note,
        confidence=confidence,
        user=user,
        approved=approved,
        force=force,
    )


@click.command("attempt", context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--what", required=True, help="What was tried.")
@click.option(
    "--result",
    required=True,
    type=click.Choice(["failed", "passed", "partial"], case_sensitive=False),
    help="How it went.",
)
@click.option("--why", default=None, metavar="TEXT", help="Why it failed (the decision's What Failed).")
@click.option(
    "--reverted",
    is_flag=True,
    help="The attempt's files are reverted: write a REVERT changelog line for each.",
)
@root_option
@json_option
def attempt(
    what: str, result: str, why: str | None, reverted: bool, root: str | None, as_json: bool
) -> None:
    """Record a fix attempt on the current step (at most 2: the Autonomy Leash).

    A failed one also logs a failed-approach entry in decisions.md and, on the step's second
    failure, the leash-hit line.
    """
    from skill.transitions.attempt import attempt as run

    _run(as_json, run, _store(root), what=what, result=result, why=why, reverted=reverted)


@click.command("step", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("action", type=click.Choice(["next", "set"]))
@click.argument("number", type=int, required=False)
@click.option(
    "--commit",
    "commit",
    default=None,
    metavar="MESSAGE",
    help="Commit the files the step logged: [<tag-id>/iter-N/step-M] MESSAGE.",
)
@click.option("--force", is_flag=True, help="Go on although changed files are not logged (needs --note).")
@click.option("--note", default=None, help="Why --force: recorded in the Change Manifest.")
@root_option
@json_option
def step(
    action: str,
    number: int | None,
    commit: str | None,
    force: bool,
    note: str | None,
    root: str | None,
    as_json: bool,
) -> None:
    """Move the current plan step: `step next` (the Post-Step Gate's bookkeeping) or `step set N`.

    `step next` ticks the step in plan.md, updates progress.md, the Change Manifest and the
    Complexity Budget, and refuses while files changed since the step began are not in the
    changelog.
    """
    from skill.transitions.step import step as run

    if action == "next" and number is not None:
        raise click.UsageError("`step next` takes no number; use `step set N`.")
    if action == "set" and number is None:
        raise click.UsageError("`step set` needs the step number: `step set N`.")
    _run(as_json, run, _store(root), action=action, number=number, commit=commit, force=force, note=note)


@click.command("approve", context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--user", "user", required=True, metavar="TEXT", help="The user's own words approving plan.md as it is.")
@root_option
@json_option
def approve(user: str, root: str | None, as_json: bool) -> None:
    """Record the user's re-approval of plan.md during EXECUTE (clears GATE:FAIL [plan-drift])."""
    from skill.transitions.approve import approve as run

    _run(as_json, run, _store(root), user=user)
