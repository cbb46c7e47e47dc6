"""``transition``, ``attempt`` and ``step``: the checked moves on the active plan."""

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
        click.echo(f"  Attempts on record: {len(outcome.attempts)} of {LEASH_CAP} allowed.")
    elif outcome.action == "step":
        click.echo(f"Step {outcome.previous_step or 'N/A'} → {outcome.step} ({plan})")
    click.echo(
        f"  State: {outcome.state}  Iteration: {outcome.iteration}  Step: {outcome.step}  "
        f"Fix attempts: {len(outcome.attempts)}"
    )
    for line in outcome.notes:
        click.echo(f"  {line}" if not line.startswith(" ") else line)


def _run(as_json: bool, func: Callable[..., Outcome], *args: Any, **kwargs: Any) -> None:
    """Run one checked command and print its outcome (errors go to the group's boundary)."""
    _report(func(*args, **kwargs), as_json)


@click.command(
    "transition",
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="CLOSE records the move (REFLECT needs a complete verification.md Verdict; other "
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
@click.option("--approved", is_flag=True, help="The user approved the plan (PLAN → EXECUTE).")
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
@root_option
@json_option
def attempt(what: str, result: str, root: str | None, as_json: bool) -> None:
    """Record a fix attempt on the current step (at most 2: the Autonomy Leash)."""
    from skill.transitions.attempt import attempt as run

    _run(as_json, run, _store(root), what=what, result=result)


@click.command("step", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("action", type=click.Choice(["next", "set"]))
@click.argument("number", type=int, required=False)
@root_option
@json_option
def step(action: str, number: int | None, root: str | None, as_json: bool) -> None:
    """Move the current plan step: `step next` (tick it, go on) or `step set N`."""
    from skill.transitions.step import step as run

    if action == "next" and number is not None:
        raise click.UsageError("`step next` takes no number; use `step set N`.")
    if action == "set" and number is None:
        raise click.UsageError("`step set` needs the step number: `step set N`.")
    _run(as_json, run, _store(root), action=action, number=number)
