"""``execplan lint|export|import`` and ``receipt check``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from skill.cli.options import json_option, resolve_root, root_option, unused_root_option

_PROFILE_CHOICE = click.Choice(["codex-strict", "repo-native", "execplans"])


def _read_input(path: str, what: str) -> str:
    """The text of a file the user named: a regular file of at most 8 MiB, or one clear refusal."""
    from skill.plans.textio import read_named_text

    return read_named_text(path, f"{what} file")


@click.group()
def execplan() -> None:
    """Lint, export and import ExecPlans (self-contained execution plans)."""


@execplan.command("lint")
@click.argument("file", type=click.Path(dir_okay=True))
@click.option(
    "--profile",
    type=_PROFILE_CHOICE,
    default=None,
    help="Rule set (default: the frontmatter's profile, else codex-strict).",
)
@json_option
@unused_root_option
def lint_command(file: str, profile: str | None, as_json: bool) -> None:
    """Check FILE against the ExecPlan rules of a profile; exit 1 on any error."""
    from skill.execplan.lint import declared_profile, lint_text
    from skill.execplan.profiles import DEFAULT_PROFILE, PROFILES

    text = _read_input(file, "ExecPlan")
    if profile is None:
        declared = declared_profile(text)
        profile = declared if declared in PROFILES else DEFAULT_PROFILE
    result = lint_text(text, PROFILES[profile], file)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        for item in result.findings:
            label = "ERROR" if item.severity == "error" else "WARN"
            click.echo(f"  {label} [{item.slug}] {file}:{item.line}: {item.message}")
        click.echo(
            f"Summary: {result.errors} error(s), {result.warnings} warning(s) "
            f"in {file} (profile {profile})"
        )
    if result.errors:
        raise SystemExit(1)


@execplan.command("export")
@click.option("--profile", type=_PROFILE_CHOICE, default="codex-strict", show_default=True)
@click.option("--out", "out", type=click.Path(dir_okay=False), default=None, help="Write here instead of stdout.")
@root_option
def export_command(profile: str, out: str | None, root: str | None) -> None:
    """Build one self-contained ExecPlan from the active plan folder."""
    from skill.execplan.export import export_active_plan, write_export

    project = resolve_root(root)
    text = export_active_plan(project, profile)
    if out is None:
        click.echo(text, nl=False)
        return
    target = write_export(project, Path(out), text)
    click.echo(f"Wrote {target} (profile {profile})")


@execplan.command("import")
@click.argument("file", type=click.Path(dir_okay=True))
@root_option
def import_command(file: str, root: str | None) -> None:
    """Start a new plan folder from the ExecPlan in FILE."""
    from skill.execplan.importer import import_execplan

    project = resolve_root(root)
    text = _read_input(file, "ExecPlan")
    result = import_execplan(project, text, file)
    for line in result.warnings:
        click.echo(line, err=True)
    for line in result.lines:
        click.echo(line)


@click.group()
def receipt() -> None:
    """Check policy-synthesis receipts (PSR-v1)."""


@receipt.command("check")
@click.argument("file", type=click.Path(dir_okay=True))
@json_option
@unused_root_option
def receipt_check_command(file: str, as_json: bool) -> None:
    """Validate the PSR-v1 receipt in FILE (JSON or YAML); exit 1 naming each failed rule."""
    from skill.execplan.receipt import check_receipt_text

    text = _read_input(file, "receipt")
    result = check_receipt_text(text, file)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        for item in result.findings:
            click.echo(f"  ERROR [{item.rule}] {file}: {item.where}: {item.message}")
        if result.ok:
            click.echo(f"OK: {file} is a valid PSR-v1 receipt")
        click.echo(f"Summary: {len(result.findings)} failed rule check(s) in {file}")
    if not result.ok:
        raise SystemExit(1)
