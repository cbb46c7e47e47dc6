"""The ``python -m skill`` / ``iterative-planner`` command line.

:func:`main` first offers the arguments to :mod:`skill.cli.fast`, which runs the commands an agent
calls on every step (``bootstrap status``, ``validate-plan``, ``emit-state``, the hooks, the status
line) without importing click; anything else, ``--help`` and every usage error included, goes to
the click group of :mod:`skill.cli.group`, whose commands are loaded lazily from :data:`COMMANDS`.
This module imports nothing heavy: the console script and ``python -m skill`` start here.

Before either path, every argument must be text: one holding bytes that are not UTF-8 (Python
keeps them as lone surrogates) is refused with exit 2 and the argument quoted safely, so no goal,
note or file name is ever half-written. Output that the terminal's encoding cannot hold is
escaped, never a traceback.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    import click

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
    "statusline": "skill.cli.hook:statusline",
    "execplan": "skill.cli.execplan:execplan",
    "receipt": "skill.cli.execplan:receipt",
    "install": "skill.cli.install:install",
    "uninstall": "skill.cli.install:uninstall",
    "doctor": "skill.cli.install:doctor",
    "package": "skill.cli.install:package",
    "hygiene": "skill.cli.hygiene:hygiene",
    "dashboard": "skill.cli.dashboard:dashboard",
    "cost": "skill.cli.cost:cost",
}

_group: click.Group | None = None


def click_group() -> click.Group:
    """The click group (built on first use)."""
    global _group
    if _group is None:
        from skill.cli.group import build

        _group = build(COMMANDS)
    return _group


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    args = sys.argv[1:] if argv is None else argv
    from skill.cli.failure import refuse_undecodable
    from skill.cli.output import escape_unencodable

    escape_unencodable()
    refuse_undecodable(args)
    from skill.cli.fast import dispatch

    code = dispatch(args)
    if code is not None:
        raise SystemExit(code)
    click_group().main(args=args, prog_name="iterative-planner")


def __getattr__(name: str) -> object:
    """``cli`` (the click group), ``LazyGroup``, ``fail`` and ``INTERRUPTED``, imported on first use."""
    if name == "cli":
        return click_group()
    if name in ("LazyGroup", "fail", "INTERRUPTED"):
        from skill.cli import group as module

        return getattr(module, name)
    raise AttributeError(f"module 'skill.cli' has no attribute {name!r}")
