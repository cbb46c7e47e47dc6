"""``cost``: what the skill costs an agent, in bytes and estimated tokens."""

from __future__ import annotations

import click

from skill.cli.options import json_option, resolve_root, root_option
from skill.cost.model import TOKEN_RULE


@click.command(
    "cost",
    help=(
        "Print what the skill costs an agent, in bytes and estimated tokens "
        f"({TOKEN_RULE}): what every session loads (SKILL.md and the orchestrator), what each "
        "state's rules point to (the emit-state output and the agents, references and templates "
        "it names), and what each hook prints per firing. The per-state and per-hook figures are "
        "measured on the active plan when there is one, else on a sample plan made in a temporary "
        "folder; nothing is written to the project."
    ),
)
@root_option
@json_option
def cost(root: str | None, as_json: bool) -> None:
    from skill.cost.measure import measure

    report = measure(str(resolve_root(root)))
    if as_json:
        import json

        click.echo(json.dumps(report.as_dict(), indent=2))
    else:
        from skill.cost.report import render_text

        click.echo(render_text(report))
