"""Options shared by several commands, defined once."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def resolve_root(explicit: str | None = None) -> Path:
    """The project root: ``--root`` (command or group), else ``$IP_PLAN_ROOT``, else the cwd."""
    if explicit is None:
        ctx = click.get_current_context(silent=True)
        while ctx is not None and explicit is None:
            if isinstance(ctx.obj, dict):
                explicit = ctx.obj.get("root")
            ctx = ctx.parent
    if explicit is None:
        explicit = os.environ.get("IP_PLAN_ROOT") or None
    return Path(explicit) if explicit else Path.cwd()


def root_option(func: F) -> F:
    return click.option(
        "--root",
        "root",
        type=click.Path(file_okay=False),
        default=None,
        help="Project root holding plans/ (default: $IP_PLAN_ROOT, else the current directory).",
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
