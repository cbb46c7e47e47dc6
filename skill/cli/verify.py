"""``verify``: verification.md's rows and Verdict, in REFLECT."""

from __future__ import annotations

import click

from skill.cli.options import json_option, root_option
from skill.cli.record import HELP, report, store_for


@click.group("verify", context_settings=HELP)
def verify() -> None:
    """verification.md: run the criteria, record checks, write the Verdict (REFLECT)."""


@verify.command("run", context_settings=HELP)
@click.argument("numbers", nargs=-1, type=click.IntRange(min=1), metavar="[N]...")
@click.option("--timeout", type=float, default=300.0, show_default=True, help="Seconds each command may run.")
@root_option
@json_option
def verify_run(numbers: tuple[int, ...], timeout: float, root: str | None, as_json: bool) -> None:
    """Run criterion N's command (all criteria with a command when no N is given) and record the result."""
    from skill.record.verify import verify_run as run

    report(run(store_for(root), list(numbers), timeout), as_json)


@verify.command("set", context_settings=HELP)
@click.argument("number", type=click.IntRange(min=1), metavar="N")
@click.argument("result", type=click.Choice(["PASS", "FAIL"], case_sensitive=False))
@click.option("--evidence", required=True, help="What was observed (a count, an exit status, 'manual review — …').")
@click.option("--method", default=None, help="How it was checked (default: manual).")
@root_option
@json_option
def verify_set(number: int, result: str, evidence: str, method: str | None, root: str | None, as_json: bool) -> None:
    """Record criterion N checked by hand or by reading."""
    from skill.record.verify import verify_set as run

    report(run(store_for(root), number, result, evidence, method), as_json)


@verify.command("check", context_settings=HELP)
@click.argument("name", type=click.Choice(["regression", "diff", "scope"]))
@click.option("--result", default=None, type=click.Choice(["PASS", "FAIL", "CLEAN", "ISSUES"], case_sensitive=False),
              help="regression/diff: the outcome (diff writes CLEAN/ISSUES).")
@click.option("--details", default=None, help="regression/diff: what was seen.")
@click.option("--command", "action", default=None, help="regression/diff: the command or action used.")
@root_option
@json_option
def verify_check(name: str, result: str | None, details: str | None, action: str | None, root: str | None,
                 as_json: bool) -> None:
    """Fill the Additional Checks row: regression or diff as given; scope computed from the changes."""
    from skill.record.verify import verify_check as run

    if name == "scope" and (result or details or action):
        raise click.UsageError("`verify check scope` computes its result; it takes no --result/--details/--command.")
    if name != "scope" and (result is None or details is None):
        raise click.UsageError(f"`verify check {name}` needs --result PASS|FAIL and --details TEXT.")
    report(run(store_for(root), name, result, details, action), as_json)


@verify.command("verdict", context_settings=HELP)
@click.option("--recommend", required=True, type=click.Choice(["CLOSE", "PIVOT", "EXPLORE", "EXECUTE"], case_sensitive=False))
@click.option("--blockers", default=None, help="Open simplification blockers (default: none).")
@root_option
@json_option
def verify_verdict(recommend: str, blockers: str | None, root: str | None, as_json: bool) -> None:
    """Write the five Verdict items from the tables and the recommendation."""
    from skill.record.verdict import verify_verdict as run

    report(run(store_for(root), recommend, blockers), as_json)
