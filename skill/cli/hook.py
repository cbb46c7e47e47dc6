"""``hook``: entry points for agent harness hooks (Claude Code's SessionStart)."""

from __future__ import annotations

import json
import sys

import click


@click.group("hook", context_settings={"help_option_names": ["-h", "--help"]})
def hook() -> None:
    """Hooks called by agent harnesses (not meant to be run by hand)."""


@hook.command("session-start")
@click.option(
    "--root",
    "root",
    type=click.Path(file_okay=False),
    default=None,
    help="Project root holding plans/ (default: $IP_PLAN_ROOT, else the nearest folder with "
    "plans/.current_plan at or above the hook input's cwd, $CLAUDE_PROJECT_DIR or the cwd).",
)
def session_start(root: str | None) -> None:
    """Print Claude Code's SessionStart JSON with the active plan's resume summary.

    Prints nothing when there is no active plan or IP_DISABLED=1. Never fails the session: an
    unexpected error is reported on stderr and the exit status stays 0.
    """
    from skill.hooks import session_start_payload

    try:
        raw = "" if sys.stdin is None or sys.stdin.isatty() else sys.stdin.read()
    except (OSError, ValueError):
        raw = ""
    explicit = root
    if explicit is None:
        ctx = click.get_current_context().find_root()
        if isinstance(ctx.obj, dict):
            explicit = ctx.obj.get("root")
    try:
        payload = session_start_payload(raw, explicit_root=explicit)
    except Exception as exc:  # noqa: BLE001 - a hook must never break the session
        click.echo(f"iterative-planner hook: {exc}", err=True)
        return
    if payload is not None:
        click.echo(json.dumps(payload, ensure_ascii=False))
