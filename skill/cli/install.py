"""``install``, ``uninstall``, ``doctor`` and ``package``: the skill in agent harnesses."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import click

from skill.cli.options import F, json_option, resolve_root, root_option, unused_root_option
from skill.errors import SkillError

_HARNESS_HELP = (
    "Harness to install for: claude, agents, codex, cursor, gemini (copilot, opencode and "
    "windsurf are aliases of agents), or all; agents-md (a marked block in the project's "
    "AGENTS.md) only when named. Repeat or comma-separate. "
    "Default: the harnesses whose folders exist in the project (or home), else claude + agents."
)


def _harness_names(values: tuple[str, ...]) -> list[str]:
    from skill.harness.registry import harness_names

    known = set(harness_names())
    names: list[str] = []
    for value in values:
        for part in value.split(","):
            name = part.strip().lower()
            if not name:
                continue
            if name not in known:
                raise click.BadParameter(
                    f"unknown harness {part.strip()!r}; choose from {', '.join(harness_names())}",
                    param_hint="'--harness'",
                )
            names.append(name)
    return names


def _common(func: F, harness_help: str = _HARNESS_HELP) -> F:
    # applied bottom-up: --harness is listed first in --help
    func = click.option("--bundle-dir", hidden=True, default=None, help="Use another skill bundle (tests).")(func)
    func = json_option(func)
    func = click.option("--dry-run", is_flag=True, help="Print what would change; write nothing.")(func)
    func = root_option(func)
    func = click.option(
        "--scope",
        type=click.Choice(["project", "user"]),
        default="project",
        show_default=True,
        help="project: folders under --root; user: your home (~/.claude honours CLAUDE_CONFIG_DIR, "
        "~/.codex honours CODEX_HOME).",
    )(func)
    func = click.option("--harness", "harness", multiple=True, metavar="NAME", help=harness_help)(func)
    return func


def _emit(data: dict[str, object], as_json: bool, text: Callable[[], str]) -> None:
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo(text())


def _uninstall_options(func: F) -> F:
    return _common(func, _UNINSTALL_HARNESS_HELP)


@click.command()
@_common
@click.option("--force", is_flag=True, help="Overwrite files that changed since installed or are not ours.")
@click.option(
    "--no-guard",
    "no_guard",
    is_flag=True,
    help="Do not register the write guard (Claude Code and Codex PreToolUse hook). "
    "IP_GUARD=0 in the harness's environment also turns it off.",
)
@click.option(
    "--statusline",
    "statusline",
    is_flag=True,
    help="Also register Claude Code's status line (`statusline`), unless you already have one.",
)
@click.option(
    "--command",
    "command",
    default=None,
    metavar="PREFIX",
    help="Command the installed skill tells the agent to run (default: `iterative-planner` when "
    "it is on PATH and is this installation, else its absolute path, else this interpreter by "
    "absolute path, run so that a project's own skill/ folder cannot shadow the package).",
)
def install(
    harness: tuple[str, ...],
    scope: str,
    root: str | None,
    dry_run: bool,
    as_json: bool,
    bundle_dir: str | None,
    force: bool,
    no_guard: bool,
    statusline: bool,
    command: str | None,
) -> None:
    """Install the skill (SKILL.md, agents, modules, references) into agent harnesses.

    Claude Code and Codex also get the hooks: the re-entry packet at session start and the write
    guard (--no-guard leaves it out); --statusline adds Claude Code's status line. Every file
    written is recorded with its sha256 in a receipt; files you changed are kept and reported
    unless --force. CLAUDE.md and GEMINI.md are never touched, and AGENTS.md only with --harness
    agents-md.
    """
    from skill.harness.run import format_result
    from skill.harness.run import install as run_install

    names = _harness_names(harness)
    if command is not None and not command.strip():
        raise click.BadParameter("must not be empty", param_hint="'--command'")
    result = run_install(
        names,
        scope,
        resolve_root(root),
        command=command,
        dry_run=dry_run,
        force=force,
        bundle_dir=bundle_dir,
        options={"guard": not no_guard, "statusline": statusline},
    )
    _emit(result.as_dict(), as_json, lambda: format_result(result))


_UNINSTALL_HARNESS_HELP = (
    "Harness to remove (same names as install; aliases and 'all' accepted). Repeat or "
    "comma-separate. Default: every target installed at this scope."
)


@click.command()
@_uninstall_options
def uninstall(
    harness: tuple[str, ...],
    scope: str,
    root: str | None,
    dry_run: bool,
    as_json: bool,
    bundle_dir: str | None,
) -> None:
    """Remove what `install` wrote: only files whose hash still matches the receipt.

    Files you changed are kept and reported. Without --harness, every target installed at this
    scope is removed.
    """
    from skill.harness.run import format_result
    from skill.harness.run import uninstall as run_uninstall

    names = _harness_names(harness)
    result = run_uninstall(names, scope, resolve_root(root), dry_run=dry_run, bundle_dir=bundle_dir)
    _emit(result.as_dict(), as_json, lambda: format_result(result))


@click.command()
@root_option
@json_option
@click.option("--no-run", is_flag=True, help="Do not run the recorded command prefix.")
@click.option("--all", "everywhere", is_flag=True, help="Also list installs recorded for other folders.")
@click.option("--bundle-dir", hidden=True, default=None)
def doctor(
    root: str | None, as_json: bool, no_run: bool, everywhere: bool, bundle_dir: str | None
) -> None:
    """Report this project's and this user's installs: where, which version, stale or not, files
    you changed, and whether their command runs.

    Exits 1 when an install has missing files, a command that does not run, or is not loaded by
    its harness.
    """
    from skill.harness.doctor import diagnose, format_report

    report = diagnose(
        resolve_root(root), bundle_dir=bundle_dir, run_commands=not no_run, everywhere=everywhere
    )
    _emit(report, as_json, lambda: format_report(report))
    if not report["ok"]:
        raise SystemExit(1)


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["release", "claude-plugin", "codex-plugin"]),
    default="release",
    show_default=True,
    help="release: the zip and the single-file skill; claude-plugin: a Claude Code plugin that is "
    "its own marketplace; codex-plugin: a Codex plugin.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder to write into (default: dist, dist/claude-plugin or dist/codex-plugin).",
)
@json_option
@click.option("--dry-run", is_flag=True, help="Build in memory; write nothing.")
@click.option("--bundle-dir", hidden=True, default=None)
@unused_root_option
def package(fmt: str, out: str | None, as_json: bool, dry_run: bool, bundle_dir: str | None) -> None:
    """Write the release files, or the skill as a Claude Code or Codex plugin."""
    from skill.harness.source import Bundle

    if fmt != "release":
        from skill.harness.plugins import write_plugin

        plugin = write_plugin(Path(out or f"dist/{fmt}"), Bundle(bundle_dir), fmt, dry_run=dry_run)
        if as_json:
            click.echo(json.dumps(plugin, indent=2))
            return
        verb = "Would write" if dry_run else "Wrote"
        click.echo(f"{verb} the {fmt} into {plugin['out']} ({plugin['files']} files; manifest {plugin['manifest']})")
        click.echo(f"Its skill names the command `{plugin['command']}` (pipx install iterative-planner); "
                   "its hooks run with python3 from the plugin's own copy of the package.")
        return
    from skill.harness.package import write_packages

    out_dir = Path(out or "dist")
    if out_dir.exists() and not out_dir.is_dir():
        raise SkillError(f"ERROR: --out {out_dir} exists and is not a folder.")
    result = write_packages(out_dir, Bundle(bundle_dir), dry_run=dry_run)
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    verb = "Would write" if dry_run else "Wrote"
    click.echo(f"{verb} {result['zip']} ({result['zip_entries']} files under iterative-planner/)")
    click.echo(f"{verb} {result['combined']} ({result['combined_lines']} lines)")
    click.echo(f"Both name the command `{result['command']}` (the console script, on PATH).")
