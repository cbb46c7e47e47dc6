"""``emit-state`` and ``emit-template``: serve one state module or one plan-file template.

Exit codes follow the original routers: 0 served, 1 unknown name or unreadable data (nothing on
stdout), 2 usage error (the option is missing).
"""

from __future__ import annotations

import click

from skill.bundle import VALID_STATES, VALID_TEMPLATES, render_template_slice
from skill.cli.options import json_option, resolve_root, root_option, unused_root_option
from skill.cli.output import write_raw as _write
from skill.errors import SkillError


@click.command("emit-state")
@click.option(
    "--state",
    "state",
    required=True,
    metavar="<" + "|".join(VALID_STATES) + ">",
    help="The state whose rules to print.",
)
@root_option
@json_option
def emit_state(state: str, root: str | None, as_json: bool) -> None:
    """Print the rules for one state, with live facts from the active plan when there is one."""
    if state.lower() in VALID_STATES:  # `status` prints EXPLORE: either case names the module
        state = state.lower()
    elif state.lower() == "close":
        raise SkillError(f"unknown state '{state}': CLOSE has no rules module; follow SKILL.md § CLOSE.", 1)
    else:
        raise SkillError(f"unknown state '{state}'; valid: {'|'.join(VALID_STATES)} (either case)", 1)
    from skill.cli.fast import emit_state_output

    emit_state_output(state, str(resolve_root(root)), as_json)


@click.command("emit-template")
@click.option(
    "--name",
    "name",
    required=True,
    metavar="<" + "|".join(VALID_TEMPLATES) + ">",
    help="The template slug to print.",
)
@unused_root_option
def emit_template(name: str) -> None:
    """Print one plan-file template: the layout of a plan file, who writes it and its rules."""
    if name not in VALID_TEMPLATES:
        raise SkillError(f"unknown template '{name}'; valid: {'|'.join(VALID_TEMPLATES)}", 1)
    _write(render_template_slice(name))

