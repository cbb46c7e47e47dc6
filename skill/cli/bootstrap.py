"""``bootstrap``: the plan lifecycle, with the original tool's argument conventions.

``bootstrap "goal"`` is ``bootstrap new "goal"``; ``--force`` counts only right after ``new``; a
single word that is not a subcommand is refused in that short form (named as a likely typo when it
is close to a subcommand), and a blank goal is refused in both forms.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from skill.cli.options import request_json, resolve_root
from skill.command import AGENT_COMMAND
from skill.errors import SkillError

if TYPE_CHECKING:
    from skill.plans.store import Store

SUBCOMMANDS = (
    "new", "resume", "status", "close", "list", "use", "retire", "reset-attempts", "banner", "help",
)

USAGE = """\
Usage: {cmd} bootstrap <command> [options]

Commands:
  new "goal"              Start a plan folder for this goal and make it active
  new --force "goal"      Close the active plan first, then start the new one
  resume                  Print the active plan's state, for picking work up again
  status                  One line: state, iteration, step, goal, folder
  close                   Close the active plan (its folder stays on disk)
  list                    List every plan folder, the active one marked
  use <plan-id>           Make an unclosed plan active again (a lost or broken pointer)
  retire <plan-id>        Mark a deleted plan's DECISION anchors [STALE] and remove
                          its folder
  reset-attempts          Move the active plan's Fix Attempts lines to their history
                          (the leash still counts them until the user reopens it)
  banner                  Print the version and credit line
  help                    Print this text

  status, resume, list and use also take --json; every command takes --root DIR.

Shorthand:
  {cmd} bootstrap "goal"   is the same as   {cmd} bootstrap new "goal"
"""


def usage() -> str:
    return USAGE.format(cmd=AGENT_COMMAND)


def levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def near_subcommand(token: str) -> str | None:
    for name in SUBCOMMANDS:
        if levenshtein(token, name) <= 2:
            return name
    return None


def single_token_refusal(token: str) -> SkillError:
    """``bootstrap <one word>`` is refused (2.60.0): most such words are mistyped subcommands,
    and a real goal is a phrase. ``new "<word>"`` still takes it."""
    suggestion = near_subcommand(token)
    if suggestion is not None:
        head = f'ERROR: "{token}" is not a subcommand (did you mean "{suggestion}"?).'
    else:
        head = f'ERROR: "{token}" is not a subcommand, and a one-word goal is refused in the short form.'
    return SkillError(
        f"{head}\n  To use it as a plan goal, run: {AGENT_COMMAND} bootstrap new \"{token}\"\n"
        "  Nothing was written."
    )


def _emit(lines: list[str], *, err: bool = False) -> None:
    for line in lines:
        click.echo(line, err=err)


def _print_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def split_root(args: list[str]) -> tuple[list[str], str | None]:
    """The arguments without ``--root DIR`` / ``--root=DIR`` (allowed anywhere), and that DIR."""
    rest: list[str] = []
    root: str | None = None
    tokens = iter(args)
    for token in tokens:
        if token == "--root":
            root = next(tokens, None)
            if root is None or not root:
                raise SkillError("ERROR: --root needs a folder: --root DIR.", 2)
        elif token.startswith("--root="):
            root = token[len("--root=") :]
            if not root:
                raise SkillError("ERROR: --root needs a folder: --root=DIR.", 2)
        else:
            rest.append(token)
    return rest, root


def run(args: list[str], root: Path) -> int:
    """Dispatch ``bootstrap`` arguments; returns the exit status."""
    if not args:
        click.echo(usage(), nl=False)
        return 0
    command = args[0]
    if command not in SUBCOMMANDS:
        if command.startswith("-"):
            raise SkillError(f'ERROR: Unknown flag "{command}". Use "help" for usage.')
        goal = " ".join(args)
        if goal.strip() and len(goal.split()) == 1:
            raise single_token_refusal(goal.strip())
        return _new(root, goal, force=False)
    rest = args[1:]
    as_json = "--json" in rest
    plans_dir = root / "plans"  # read-only commands need no store (and its imports)
    if command == "help":
        click.echo(usage(), nl=False)
        return 0
    if command == "banner":
        from skill.lifecycle.common import banner_line

        click.echo(banner_line())
        return 0
    wants_help = rest in (["--help"], ["-h"]) or (
        command not in ("new", "retire") and ("--help" in rest or "-h" in rest)
    )
    if wants_help:
        click.echo(usage(), nl=False)
        return 0
    if command == "new":
        force = bool(rest) and rest[0] == "--force"
        goal_words = rest[1:] if force else rest
        return _new(root, " ".join(goal_words), force=force)
    if command == "status":
        from skill.lifecycle.report import status_output

        out, hint = status_output(plans_dir, as_json)
        click.echo(out)
        _emit(hint, err=True)
        return 0
    if command == "resume":
        from skill.lifecycle.report import resume_data, resume_lines

        if as_json:
            _print_json(resume_data(plans_dir).as_dict())
        else:
            _emit(resume_lines(plans_dir))
        return 0
    if command == "list":
        from skill.lifecycle.report import list_data, list_lines

        if as_json:
            _print_json(list_data(plans_dir).as_dict())
        else:
            _emit(list_lines(plans_dir))
        return 0
    if command == "close":
        from skill.lifecycle.close import close_active_plan

        outcome, lines = close_active_plan(_store(root))
        _emit(outcome.warnings, err=True)
        _emit(lines)
        return 0
    if command == "use":
        from skill.lifecycle.use import use_plan

        ids = [arg for arg in rest if arg != "--json"]
        if len(ids) > 1:
            raise SkillError(f"ERROR: use takes one plan id; got {len(ids)}.", 2)
        used = use_plan(_store(root), ids[0] if ids else None)
        if as_json:
            _print_json(used.as_dict())
        else:
            _emit(used.lines())
        return 0
    if command == "retire":
        from skill.lifecycle.retire import retire

        result = retire(_store(root), rest[0] if rest else None)
        _emit(result.lines())
        return 0
    if command == "reset-attempts":
        from skill.lifecycle.reset import reset_attempts

        _emit(reset_attempts(_store(root)))
        return 0
    raise AssertionError(command)  # pragma: no cover - every subcommand is handled above


def _store(root: Path) -> Store:
    from skill.plans.store import Store

    return Store(root)


def _new(root: Path, goal: str, *, force: bool) -> int:
    from skill.lifecycle.new import create_plan

    result = create_plan(_store(root), goal, force=force)
    _emit(result.warnings, err=True)
    _emit(result.lines)
    return 0


RAW_ARGS = "skill.bootstrap.raw_args"


class RawArgsCommand(click.Command):
    """Hands every argument over as typed: click would drop a leading ``--``, which the original
    refuses as an unknown flag."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta[RAW_ARGS] = list(args)
        return super().parse_args(ctx, args)


@click.command(
    "bootstrap",
    cls=RawArgsCommand,
    context_settings={
        "ignore_unknown_options": True,
        "allow_extra_args": True,
        "allow_interspersed_args": False,
        "help_option_names": [],
    },
    add_help_option=False,
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def bootstrap(args: tuple[str, ...]) -> None:
    """Plan lifecycle: new, resume, status, close, list, use, retire, reset-attempts, banner."""
    raw = click.get_current_context().meta.get(RAW_ARGS, list(args))
    rest, root = split_root(raw)
    if "--json" in rest[1:]:
        request_json()
    code = run(rest, resolve_root(root))
    if code:
        raise SystemExit(code)
