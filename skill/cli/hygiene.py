"""``hygiene scan`` and ``hygiene skip``: the sweep's mechanical half and its skip record."""

from __future__ import annotations

import json

import click

from skill.cli.options import json_option, resolve_root, root_option


@click.group("hygiene", context_settings={"help_option_names": ["-h", "--help"]})
def hygiene() -> None:
    """The hygiene sweep: scan for residue, or record why this iteration is not swept."""


@hygiene.command("scan")
@click.option(
    "--plan-dir",
    "plan_dir",
    default=None,
    metavar="PLAN_ID",
    help="Scan this plan folder (a plan id under plans/; default: the active plan).",
)
@root_option
@json_option
def scan(plan_dir: str | None, root: str | None, as_json: bool) -> None:
    """Report orphaned anchors, stale `uncommitted` changelog fields, leftover plan artifacts,
    forbidden leftovers in the code and the Complexity Budget against the real diff, each marked
    introduced or inherited. Exit 0 whatever it finds; exit 1 with nothing on stdout when the
    scan itself cannot be trusted."""
    from skill.hygiene.model import ScanUntrustworthy
    from skill.hygiene.report import lines
    from skill.hygiene.scan import scan as run

    try:
        report = run(resolve_root(root), plan_dir)
    except ScanUntrustworthy as exc:
        click.echo(exc.message, err=True)
        raise SystemExit(1) from None  # past the error boundary: not even a JSON error on stdout
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        return
    for line in lines(report):
        click.echo(line)


@hygiene.command("skip")
@click.option("--reason", required=True, help="Why the sweep is not run in this iteration (one line).")
@root_option
@json_option
def skip(reason: str, root: str | None, as_json: bool) -> None:
    """Record `- HYGIENE SKIP (iter N): <reason>` in state.md (REFLECT only)."""
    from skill.hygiene.skip import record_skip, summary
    from skill.plans.store import Store

    result = record_skip(Store(resolve_root(root)), reason)
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        return
    for line in summary(result):
        click.echo(line)
