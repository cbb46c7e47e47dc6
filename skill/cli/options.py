"""Options shared by several commands, defined once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


ROOT_HELP = (
    "Project root holding plans/ (default: $IP_PLAN_ROOT, else the nearest folder upwards with "
    "plans/.current_plan, else the current directory)."
)


def given_root(explicit: str | None = None) -> str | None:
    """``--root`` as given after the command, else before it (on the group), else None."""
    ctx = click.get_current_context(silent=True)
    while ctx is not None and explicit is None:
        if isinstance(ctx.obj, dict):
            explicit = ctx.obj.get("root")
        ctx = ctx.parent
    return explicit


def resolve_root(explicit: str | None = None) -> Path:
    """The project root by the one rule (:mod:`skill.plans.root`), ``--root`` taken from the
    command or the group."""
    from skill.plans.root import find_root

    return find_root(given_root(explicit))


def root_option(func: F) -> F:
    return click.option(
        "--root",
        "root",
        type=click.Path(file_okay=False),
        default=None,
        help=ROOT_HELP,
    )(func)


#: ``ctx.meta`` key set when ``--json`` was given, so the error boundary answers in JSON too.
JSON_REQUESTED = "skill.json"


def request_json(ctx: click.Context | None = None) -> None:
    """Record that the command was asked for JSON (for commands that parse ``--json`` themselves)."""
    current = ctx or click.get_current_context(silent=True)
    if current is not None:
        current.meta[JSON_REQUESTED] = True


def _remember_json(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    if value:
        request_json(ctx)
    return value


def json_option(func: F) -> F:
    return click.option(
        "--json", "as_json", is_flag=True, callback=_remember_json, help="Print the result as JSON."
    )(func)


def _check_unused_root(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        from skill.plans.root import checked_root

        checked_root(value, "--root")


def unused_root_option(func: F) -> F:
    """``--root`` on a command that reads no plans/: accepted everywhere, checked, not used."""
    return click.option(
        "--root",
        type=click.Path(file_okay=False),
        default=None,
        expose_value=False,
        callback=_check_unused_root,
        help="Accepted like on every command; this one reads no plans/ folder.",
    )(func)
