"""The click command group behind ``python -m skill`` / ``iterative-planner``.

Commands are loaded lazily from their own modules (the table is :data:`skill.cli.COMMANDS`, passed
in by :func:`build`). The fast per-step commands never get here: :mod:`skill.cli.fast` runs them
without importing click.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Mapping
from typing import Any, NoReturn

import click

from skill import PROTOCOL_VERSION, __version__
from skill.cli.failure import INTERRUPTED, INTERRUPTED_MESSAGE, error_json
from skill.cli.options import JSON_REQUESTED, ROOT_HELP
from skill.errors import SkillError, from_os_error


def _available(table: Mapping[str, str], name: str) -> bool:
    module_name = table[name].split(":", 1)[0]
    return importlib.util.find_spec(module_name) is not None


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use, with one error boundary.

    Library code raises :class:`~skill.errors.SkillError` (or lets an ``OSError`` through); here it
    becomes one message on stderr and exit status 1 (2 for usage), 130 after Ctrl-C. Under
    ``--json`` the same ``{"ok": false, "error": …, "exit_code": …}`` object is printed on stdout
    for every command.
    """

    def __init__(self, *args: Any, table: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.table: Mapping[str, str] = table or {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in self.table if _available(self.table, name))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = self.table.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":", 1)
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                return None
            raise
        command = getattr(module, attr)
        assert isinstance(command, click.Command), target
        return command

    def invoke(self, ctx: click.Context) -> Any:
        """The error boundary of every command: one message, the right exit status."""
        try:
            return super().invoke(ctx)
        except SkillError as exc:
            fail(ctx, exc.message, exc.exit_code)
        except BrokenPipeError:
            # the reader went away (`… | head`): nothing more to say to anyone
            import os
            import sys

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise SystemExit(1) from None
        except OSError as exc:
            fail(ctx, from_os_error(exc).message, 1)
        except KeyboardInterrupt:
            fail(ctx, INTERRUPTED_MESSAGE, INTERRUPTED)


def fail(ctx: click.Context, message: str, exit_code: int) -> NoReturn:
    """Print ``message`` on stderr (and, under ``--json``, the error object on stdout); exit."""
    if ctx.meta.get(JSON_REQUESTED):
        click.echo(error_json(message, exit_code))
    click.echo(message, err=True)
    raise SystemExit(exit_code)


def build(table: Mapping[str, str]) -> click.Group:
    """The ``iterative-planner`` group over ``table`` (command name -> ``"module:attribute"``)."""

    @click.group(cls=LazyGroup, table=table, context_settings={"help_option_names": ["-h", "--help"]})
    @click.version_option(
        version=__version__,
        prog_name="iterative-planner",
        message=f"%(prog)s %(version)s (protocol {PROTOCOL_VERSION})",
    )
    @click.option(
        "--root",
        type=click.Path(file_okay=False),
        default=None,
        help=ROOT_HELP,
    )
    @click.pass_context
    def cli(ctx: click.Context, root: str | None) -> None:
        """iterative-planner: plan folders, the validator and the skill bundle for coding agents."""
        ctx.ensure_object(dict)
        ctx.obj["root"] = root

    return cli
