"""Commands ``blast-radius``, ``log-edit`` and ``compress-changelog``."""

from __future__ import annotations

import click


def _split_blast_args(tokens: tuple[str, ...]) -> tuple[list[str], bool, bool]:
    """Files and the two flags from the raw tokens.

    As in the original, ``--json``/``--verbose`` are flags and any other ``--word`` is ignored; a
    token with a single leading dash (``-notes.md``) is a file name. A file literally named
    ``--json`` can be given as ``./--json``.
    """
    files: list[str] = []
    as_json = verbose = False
    for token in tokens:
        if token == "--json":
            as_json = True
        elif token == "--verbose":
            verbose = True
        elif token.startswith("--"):
            continue
        else:
            files.append(token)
    return files, as_json, verbose


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
    """
    from skill.blast.output import as_json, as_line
    from skill.blast.score import score_file

    files, json_out, verbose = _split_blast_args(tokens)
    if not files:
        click.echo("radius:UNKNOWN(no-file-arg)")
        return
    for name in files:
        try:
            result = score_file(name)
        except Exception as exc:  # advisory tool: an internal failure is a reason, not a crash
            from skill.blast.score import unknown

            result = unknown(name, "script-error")
            click.echo(f"blast-radius: internal error on {name!r}: {exc}", err=True)
        click.echo(as_json(result) if json_out else as_line(result, verbose))
