"""``finding``, ``decision`` and ``checkpoint``: the agent's bookkeeping, written by the tool."""

from __future__ import annotations

import json
from typing import IO, TYPE_CHECKING

import click

from skill.cli.options import json_option, resolve_root, root_option

if TYPE_CHECKING:
    from skill.plans.store import Store
    from skill.record.result import Recorded

HELP = {"help_option_names": ["-h", "--help"]}


def store_for(root: str | None) -> Store:
    from skill.plans.store import Store

    return Store(resolve_root(root))


def report(result: Recorded, as_json: bool, *, plain: list[str] | None = None) -> None:
    """Warnings on stderr; the result as JSON, or ``plain`` (default: lines written, then notes)."""
    for line in result.warnings:
        click.echo(line, err=True)
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        return
    for line in plain if plain is not None else [*result.lines, *result.notes]:
        click.echo(line)


@click.group("finding", context_settings=HELP)
def finding() -> None:
    """findings.md: index a finding, add a constraint, mark a correction."""


@finding.command("add", context_settings=HELP)
@click.argument("topic")
@click.option("--summary", required=True, help="The one-line takeaway shown in the Index.")
@click.option("--body", default=None, help="The topic file's text (replaces it; plain text becomes the Summary).")
@click.option(
    "--body-file",
    type=click.File("r", encoding="utf-8"),
    default=None,
    help="Read the body from FILE ('-' for stdin).",
)
@root_option
@json_option
def finding_add(topic: str, summary: str, body: str | None, body_file: IO[str] | None,
                root: str | None, as_json: bool) -> None:
    """Index TOPIC in findings.md and write findings/<slug>.md (kept if it exists, unless a body is given)."""
    from skill.record.findings import finding_add as run

    if body is not None and body_file is not None:
        raise click.UsageError("give --body or --body-file, not both.")
    text = body_file.read() if body_file is not None else body
    report(run(store_for(root), topic, summary, text), as_json)


@finding.command("constraint", context_settings=HELP)
@click.option("--kind", required=True, type=click.Choice(["HARD", "SOFT", "GHOST"], case_sensitive=False))
@click.argument("text", nargs=-1, required=True)
@root_option
@json_option
def finding_constraint(kind: str, text: tuple[str, ...], root: str | None, as_json: bool) -> None:
    """Add one line under findings.md ## Key Constraints."""
    from skill.record.findings import finding_constraint as run

    report(run(store_for(root), kind, " ".join(text)), as_json)


@finding.command("correct", context_settings=HELP)
@click.argument("file")
@click.option("--note", required=True, help="What changed and why.")
@root_option
@json_option
def finding_correct(file: str, note: str, root: str | None, as_json: bool) -> None:
    """Mark FILE's finding [CORRECTED iter-N], in findings.md ## Corrections and in the topic file."""
    from skill.record.findings import finding_correct as run

    report(run(store_for(root), file, note), as_json)


@click.group("decision", context_settings=HELP)
def decision() -> None:
    """decisions.md: append an entry."""


@decision.command("add", context_settings=HELP)
@click.option("--context", required=True, help="What forced a choice.")
@click.option("--decision", "choice", required=True, help="The option taken.")
@click.option("--gain", required=True, help="What the choice buys (the Trade-off's first half).")
@click.option("--cost", required=True, help="What it costs (after 'at the cost of').")
@click.option("--reasoning", required=True, help="Why this option beat the others.")
@click.option("--phase", default=None, help="PHASE of the header (default: the current state).")
@click.option("--anchor", "anchors", multiple=True, metavar="PATH:LINE", help="A `# DECISION` anchor's place (repeatable).")
@click.option("--kind", type=click.Choice(["decision", "pivot"]), default=None,
              help="pivot: a PIVOT entry with its Complexity Assessment (the default in PIVOT).")
@click.option("--what-failed", default=None, help="pivot: what failed.")
@click.option("--learned", default=None, help="pivot: what was learned.")
@click.option("--simpler", default=None, help="pivot: could the fix have been simpler? (yes/no — why)")
@click.option("--complexity", type=click.Choice(["adding", "removing", "neutral"]), default=None,
              help="pivot: does the new plan add or remove complexity?")
@root_option
@json_option
def decision_add(context: str, choice: str, gain: str, cost: str, reasoning: str, phase: str | None,
                 anchors: tuple[str, ...], kind: str | None, what_failed: str | None, learned: str | None,
                 simpler: str | None, complexity: str | None, root: str | None, as_json: bool) -> None:
    """Append the next ## D-NNN | PHASE | YYYY-MM-DD entry; prints its id."""
    from skill.record.decision import DecisionRequest
    from skill.record.decision import decision_add as run

    request = DecisionRequest(context, choice, gain, cost, reasoning, phase, anchors, kind,
                              what_failed, learned, simpler, complexity)
    result = run(store_for(root), request)
    report(result, as_json, plain=[str(result.data["id"])])


@click.command("checkpoint", context_settings=HELP)
@click.option("--reason", required=True, help="Why the restore point is taken.")
@click.option("--files", "files_given", is_flag=True, help="The paths after the options are the files that will change.")
@click.argument("paths", nargs=-1)
@click.option("--manual-rollback", default=None, help="The manual rollback plan of an [IRREVERSIBLE] step.")
@root_option
@json_option
def checkpoint(reason: str, files_given: bool, paths: tuple[str, ...], manual_rollback: str | None,
               root: str | None, as_json: bool) -> None:
    """Write checkpoints/cp-NNN-iterN.md: HEAD, the files that will change (default: the current
    step's files in plan.md), lockfiles, rollback commands. Usage: checkpoint --reason TEXT
    [--files PATH…]."""
    from skill.record.checkpoint import take_checkpoint

    if paths and not files_given:
        raise click.UsageError("name the files after --files: checkpoint --reason TEXT --files PATH…")
    if files_given and not paths:
        raise click.UsageError("--files needs at least one PATH.")
    result = take_checkpoint(store_for(root), reason, list(paths) or None, manual_rollback)
    report(result, as_json, plain=[f"Wrote plans/{result.plan_id}/{result.data['file']}:", *result.lines])
