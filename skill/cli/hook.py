"""``hook session-start``, ``hook pre-tool-use`` and ``statusline``: what agent harnesses run.

These are usually served by :mod:`skill.cli.fast`; the click commands here give them ``--help``
and run the same code (:mod:`skill.hooks.entry`) when the fast path is off.
"""

from __future__ import annotations

import click

from skill.cli.options import given_root

_ROOT_HELP = (
    "Project root holding plans/ (default: $IP_PLAN_ROOT, else the nearest folder with "
    "plans/.current_plan at or above the hook input's cwd, $CLAUDE_PROJECT_DIR or the cwd)."
)


def _root_option(func: click.decorators.FC) -> click.decorators.FC:
    return click.option("--root", "root", type=click.Path(file_okay=False), default=None, help=_ROOT_HELP)(func)


@click.group("hook", context_settings={"help_option_names": ["-h", "--help"]})
def hook() -> None:
    """Hooks called by agent harnesses (not meant to be run by hand)."""


@hook.command("session-start")
@_root_option
def session_start(root: str | None) -> None:
    """Print the SessionStart JSON with the active plan's re-entry packet, checked against git.

    Prints nothing when there is no active plan or IP_DISABLED=1. Never fails the session: an
    unexpected error is reported on stderr and the exit status stays 0.
    """
    from skill.hooks import entry

    raise SystemExit(entry.session_start(given_root(root)))


@hook.command("pre-tool-use")
@_root_option
def pre_tool_use(root: str | None) -> None:
    """The write guard: deny a write outside plans/ unless the plan is in EXECUTE and the
    pre-step gate passes.

    Prints Claude Code's deny JSON, or nothing to let the write through. IP_GUARD=0 or
    IP_DISABLED=1 turns it off; an unexpected error lets the write through (exit 0).
    """
    from skill.hooks import entry

    raise SystemExit(entry.pre_tool_use(given_root(root)))


@click.command("statusline")
@_root_option
def statusline(root: str | None) -> None:
    """One line for Claude Code's statusLine: state, step N/M, fix attempts, iteration.

    Reads Claude Code's JSON on stdin; prints nothing when no plan is active.
    """
    from skill.hooks import entry

    raise SystemExit(entry.statusline(given_root(root)))
