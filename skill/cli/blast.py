"""Commands ``blast-radius``, ``log-edit`` and ``compress-changelog``."""

from __future__ import annotations

import click

from skill.cli.options import given_root, json_option, resolve_root, root_option


def _split_blast_args(tokens: tuple[str, ...]) -> tuple[list[str], bool, bool, str | None]:
    """Files, the two flags and ``--root DIR`` from the raw tokens.

    As in the original, ``--json``/``--verbose`` are flags and any other ``--word`` is ignored; a
    token with a single leading dash (``-notes.md``) is a file name. A file literally named
    ``--json`` can be given as ``./--json``. ``--root DIR`` (or ``--root=DIR``) names the folder
    the files are relative to, as on every other command.
    """
    files: list[str] = []
    as_json = verbose = False
    root: str | None = None
    stream = iter(tokens)
    for token in stream:
        if token == "--root":
            root = next(stream, None) or root
        elif token.startswith("--root="):
            root = token[len("--root=") :] or root
        elif token == "--json":
            as_json = True
        elif token == "--verbose":
            verbose = True
        elif token.startswith("--"):
            continue
        else:
            files.append(token)
    return files, as_json, verbose, root


@click.command(
    "blast-radius",
    context_settings={"ignore_unknown_options": True, "allow_interspersed_args": True},
)
@click.argument("tokens", nargs=-1, type=click.UNPROCESSED)
def blast_radius(tokens: tuple[str, ...]) -> None:
    """Score how far an edit to each FILE reaches: radius:LOW|MED|HIGH(score) or UNKNOWN(reason).

    \b
    Usage: blast-radius FILE... [--verbose] [--json]
    Always exits 0. One line per file; with --json one JSON object per line.
    --verbose adds the signals and the importer counts (direct, tests, type-only,
    transitive); with --json it adds "transitive" to the deps object.
    """
    from skill.blast.deps import Graphs
    from skill.blast.output import as_json, as_line
    from skill.blast.score import score_file

    files, json_out, verbose, root = _split_blast_args(tokens)
    root = given_root(root)
    if root is not None:
        from skill.plans.root import checked_root

        checked_root(root, "--root")
    if not files:
        click.echo("radius:UNKNOWN(no-file-arg)")
        return
    graphs: Graphs = {}  # each repository's import graph, loaded once for all FILEs
    for name in files:
        try:
            result = score_file(name, root, transitive=verbose, graphs=graphs)
        except Exception as exc:  # advisory tool: an internal failure is a reason, not a crash
            from skill.blast.score import unknown

            result = unknown(name, "script-error")
            click.echo(f"blast-radius: internal error on {name!r}: {exc}", err=True)
        click.echo(as_json(result) if json_out else as_line(result, verbose))


@click.command("log-edit")
@click.option(
    "--file", "file", required=True, help="The edited file, relative to the project root."
)
@click.option("--reason", required=True, help="Why the file was edited (free text, one line).")
@click.option("--dref", default="-", show_default=True, help="Decision governing the edit (D-NNN).")
@click.option(
    "--op", default=None, help="Override the operation, e.g. 'RENAME(old→new)', 'REVERT(path)'."
)
@click.option("--step", default=None, help="Override iter-N/step-M (default: from state.md).")
@click.option("--commit", default=None, help="Override the commit (short hash or 'uncommitted').")
@click.option(
    "--radius", default=None, help="Override the radius token (default: blast-radius score)."
)
@root_option
@json_option
def log_edit(
    file: str,
    reason: str,
    dref: str,
    op: str | None,
    step: str | None,
    commit: str | None,
    radius: str | None,
    root: str | None,
    as_json: bool,
) -> None:
    """Append one checked line for an edited file to the active plan's changelog.md.

    The step comes from state.md, the commit, operation and line counts from git, the radius from
    the blast-radius scorer. The line is validated against the changelog schema before anything
    is written, and appended under the plan's lock.
    """
    import json

    from skill.lifecycle.log_edit import EditRequest, dref_known
    from skill.lifecycle.log_edit import log_edit as run

    project = resolve_root(root)
    request = EditRequest(
        file=file, reason=reason, dref=dref, op=op, step=step, commit=commit, radius=radius
    )
    logged = run(project, request)
    if dref != "-" and not dref_known(project, logged.plan_id, dref):
        click.echo(
            f"WARNING: {dref} has no '## {dref} |' entry in plans/{logged.plan_id}/decisions.md "
            "yet; record the decision there.",
            err=True,
        )
    click.echo(json.dumps(logged.as_dict(), ensure_ascii=False) if as_json else logged.line)


@click.command("compress-changelog")
@click.option(
    "--threshold",
    type=click.IntRange(min=0),
    default=None,
    help="Compress changelog.md only past this many lines (default 200).",
)
@click.option("--decisions", is_flag=True, help="Also compress decisions.md (past 300 lines).")
@click.option(
    "--decisions-threshold",
    type=click.IntRange(min=0),
    default=None,
    help="Line count past which decisions.md is compressed (default 300).",
)
@click.option("--dry-run", is_flag=True, help="Report what would happen; write nothing.")
@root_option
@json_option
def compress_changelog(
    threshold: int | None,
    decisions: bool,
    decisions_threshold: int | None,
    dry_run: bool,
    root: str | None,
    as_json: bool,
) -> None:
    """Fold runs of low-impact changelog lines of the active plan into summary lines.

    Past the threshold, runs of five or more consecutive lines with tier LOW or MED, no decision
    reference and no REVERT become one '- (compressed: …)' line; everything else is kept. Running
    it again changes nothing. With --decisions, decisions.md also gets its lookup block.
    """
    import json

    from skill.lifecycle import compress, compress_decisions
    from skill.lifecycle.log_edit import active_plan

    project = resolve_root(root)
    plan_id = active_plan(project)
    plan_dir = project / "plans" / plan_id
    report: dict[str, compress.Compression] = {}
    report["changelog"] = compress.maybe_compress_changelog(
        plan_dir,
        threshold=compress.CHANGELOG_THRESHOLD if threshold is None else threshold,
        dry_run=dry_run,
    )
    if decisions:
        report["decisions"] = compress_decisions.maybe_compress_decisions(
            plan_dir,
            threshold=compress_decisions.DECISIONS_THRESHOLD
            if decisions_threshold is None
            else decisions_threshold,
            dry_run=dry_run,
        )
    if as_json:
        data = {name: item.as_dict() for name, item in report.items()}
        click.echo(json.dumps({"plan": plan_id, "dryRun": dry_run, **data}))
        return
    for name, item in report.items():
        verb = "would compress" if dry_run else "compressed"
        if item.compressed:
            extra = f", {item.elided_count} run(s) folded" if item.elided_count is not None else ""
            click.echo(f"{name}.md: {verb} {item.before_lines} -> {item.after_lines} lines{extra}")
        else:
            click.echo(f"{name}.md: unchanged ({item.reason}, {item.before_lines} lines)")
