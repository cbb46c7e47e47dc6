"""``dashboard``: write the static, read-only HTML view of the plans and print where it is."""

from __future__ import annotations

import json
from pathlib import Path

import click

from skill.cli.options import json_option, resolve_root, root_option

HELP = """Write a static, read-only HTML view of the project's plans and print its path.

\b
Pages: the live plan (index.html: state rail, journey picture, steps, what is
waiting on you, the gate's answer), every plan newest first (plans.html), one
page per plan, closed ones included (p/<plan-id>.html), verification logs, and
the cross-plan files (f/FINDINGS.html, …). Plans of every git worktree are shown.

\b
The default folder is a private per-user cache folder (mode 0700). Any folder is
refused when it is a symlink, belongs to someone else, is open to group or others,
lies inside the project, or holds files the dashboard did not write. Nothing is
written into the project and no page loads anything from the network.
"""


def _report(result, as_json: bool) -> None:  # type: ignore[no-untyped-def]
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(f"Dashboard: {result.index}")
    click.echo(
        f"  {result.plans} plan(s), {len(result.pages)} page(s), {len(result.written)} written"
        f" · live plan: {result.live or 'none'}"
    )


@click.command("dashboard", help=HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--out", "out", type=click.Path(file_okay=False), default=None,
              help="Output folder (default: a private folder in your user cache).")
@click.option("--open", "open_browser", is_flag=True, help="Open the live page in the default browser.")
@click.option("--watch", is_flag=True,
              help="Keep running: rewrite the pages whose plan files changed; open pages reload themselves.")
@click.option("--plan", "plan", default=None, metavar="PLAN_ID",
              help="The plan the live page shows (default: the active plan).")
@root_option
@json_option
def dashboard(out: str | None, open_browser: bool, watch: bool, plan: str | None, root: str | None,
              as_json: bool) -> None:
    from skill.dashboard import build, output_folder

    project = resolve_root(root)
    folder = output_folder(project, Path(out) if out else None)
    first = True

    def shown(result) -> None:  # type: ignore[no-untyped-def]
        nonlocal first
        if not first:
            click.echo(f"Rewrote {len(result.written)} page(s): {', '.join(result.written) or '-'}")
            return
        first = False
        _report(result, as_json)
        if open_browser:
            _open(result.index)

    if not watch:
        shown(build(project, folder, plan=plan))
        return
    from skill.dashboard.watch import watch as run_watch

    try:
        click.echo("Watching plans/ for changes (Ctrl-C to stop).", err=True)
        run_watch(project, folder, plan=plan, on_build=shown)
    except KeyboardInterrupt:
        click.echo("Stopped watching.", err=True)


def _open(index: Path) -> None:
    import webbrowser

    if not webbrowser.open(index.as_uri()):
        click.echo(f"Could not start a browser; open {index} yourself.", err=True)
