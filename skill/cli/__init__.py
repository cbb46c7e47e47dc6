"""The ``python -m skill`` / ``iterative-planner`` command group.

Commands are loaded lazily from their own modules so that the fast paths (``bootstrap status``,
``validate-plan --pre-step``) import only what they use.

The group is the one boundary of every command, on the way in and on the way out:

* in: every argument must be text. An argument holding bytes that are not UTF-8 (Python keeps them
  as lone surrogates) is refused before any command runs, with exit 2 and the argument quoted
  safely, so no goal, note or file name is ever half-written, and ``new --force`` never closes the
  active plan only to fail afterwards;
* out: ``SkillError``, ``OSError`` and Ctrl-C become one message and exit 1/2/130; text that
  cannot be encoded for the terminal is escaped, never a traceback.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from typing import Any, NoReturn

import click

from skill import PROTOCOL_VERSION, __version__
from skill.cli.options import JSON_REQUESTED, ROOT_HELP
from skill.errors import SkillError, from_os_error, has_undecodable, shown

#: Exit status after Ctrl-C (128 + SIGINT), as shells report it.
INTERRUPTED = 130

#: command name -> "module:attribute". One module per command family.
COMMANDS: dict[str, str] = {
    "bootstrap": "skill.cli.bootstrap:bootstrap",
    "validate-plan": "skill.cli.validate:validate_plan",
    "emit-state": "skill.cli.emit:emit_state",
    "emit-template": "skill.cli.emit:emit_template",
    "blast-radius": "skill.cli.blast:blast_radius",
    "log-edit": "skill.cli.blast:log_edit",
    "compress-changelog": "skill.cli.blast:compress_changelog",
    "transition": "skill.cli.transition:transition",
    "attempt": "skill.cli.transition:attempt",
    "step": "skill.cli.transition:step",
    "approve": "skill.cli.transition:approve",
    "finding": "skill.cli.record:finding",
    "decision": "skill.cli.record:decision",
    "checkpoint": "skill.cli.record:checkpoint",
    "verify": "skill.cli.verify:verify",
    "hook": "skill.cli.hook:hook",
    "execplan": "skill.cli.execplan:execplan",
    "receipt": "skill.cli.execplan:receipt",
    "install": "skill.cli.install:install",
    "uninstall": "skill.cli.install:uninstall",
    "doctor": "skill.cli.install:doctor",
    "package": "skill.cli.install:package",
    "hygiene": "skill.cli.hygiene:hygiene",
    "dashboard": "skill.cli.dashboard:dashboard",
}


def _available(name: str) -> bool:
    module_name = COMMANDS[name].split(":", 1)[0]
    return importlib.util.find_spec(module_name) is not None


def undecodable_argument(args: list[str]) -> SkillError | None:
    """The refusal for the first argument that is not valid UTF-8 text, or None."""
    for index, arg in enumerate(args, start=1):
        if has_undecodable(arg):
            return SkillError(
                f"ERROR: argument {index} is not valid UTF-8 text: {shown(arg)}.\n"
                "  Arguments become plan text or paths written as UTF-8: pass them in UTF-8 "
                "(rename a file whose name is not). Nothing was done.",
                2,
            )
    return None


def _escape_unencodable_output() -> None:
    """Let stdout/stderr escape what their encoding cannot hold instead of raising."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use, with one error boundary.

    Library code raises :class:`~skill.errors.SkillError` (or lets an ``OSError`` through); here it
    becomes one message on stderr and exit status 1 (2 for usage), 130 after Ctrl-C. Under
    ``--json`` the same ``{"ok": false, "error": …, "exit_code": …}`` object is printed on stdout
    for every command.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if _available(name))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
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

    def main(self, args: Any = None, *pos: Any, **kw: Any) -> Any:
        """Check the arguments (see the module docstring) before click parses any of them."""
        _escape_unencodable_output()
        argv = sys.argv[1:] if args is None else list(args)
        problem = undecodable_argument(argv)
        if problem is not None:
            if "--json" in argv:
                import json

                print(json.dumps({"ok": False, "error": problem.message, "exit_code": 2}, indent=2))
            print(problem.message, file=sys.stderr)
            raise SystemExit(problem.exit_code)
        return super().main(argv, *pos, **kw)

    def invoke(self, ctx: click.Context) -> Any:
        """The error boundary of every command: one message, the right exit status."""
        try:
            return super().invoke(ctx)
        except SkillError as exc:
            fail(ctx, exc.message, exc.exit_code)
        except BrokenPipeError:
            # the reader went away (`… | head`): nothing more to say to anyone
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise SystemExit(1) from None
        except OSError as exc:
            fail(ctx, from_os_error(exc).message, 1)
        except KeyboardInterrupt:
            fail(ctx, "Interrupted; an interrupted write leaves the old file or the new one.", INTERRUPTED)


def fail(ctx: click.Context, message: str, exit_code: int) -> NoReturn:
    """Print ``message`` on stderr (and, under ``--json``, the error object on stdout); exit."""
    if ctx.meta.get(JSON_REQUESTED):
        import json

        click.echo(json.dumps({"ok": False, "error": message, "exit_code": exit_code}, indent=2))
    click.echo(message, err=True)
    raise SystemExit(exit_code)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
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


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    args = sys.argv[1:] if argv is None else argv
    cli.main(args=args, prog_name="iterative-planner")
