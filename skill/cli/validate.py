"""``validate-plan``: audit a plan folder, or (``--pre-step``) decide whether the next EXECUTE step
may start. Only the gate's own module is imported on the ``--pre-step`` path."""

from __future__ import annotations

import click

from skill.cli.options import json_option, resolve_root, root_option

HELP = """Check a plan folder against the protocol's rules.

PLAN_DIR is a plan id under plans/ or a path to a plan folder (a name with a '/' or starting with '.'
is a path, relative to the current directory). Without it, the active plan named by
plans/.current_plan is checked.

\b
Full check: prints 'PASS: <dir> — no issues found', or one line per issue
('  ERROR [slug]: …', '  WARN  [slug]: …', '  INFO  [slug]: …') and a 'Summary:' line.
It covers state.md, plan.md, findings, progress, verification, decisions.md and its
schema, the consolidated files under plans/, changelog.md, and the # DECISION anchors
in the project's source.

\b
--pre-step: one line, GATE:PASS or GATE:FAIL [slug] key=value…, reading state.md (and
plan.md with approvals.jsonl for plan-drift):
  no-plan        no active plan, or its state.md is missing or empty
  wrong-state    the current state is not EXECUTE
  leash-cap      2 fix attempts count for the step (the Autonomy Leash; archived
                 ones of this iteration included until the user reopens it)
  iteration-cap  iteration 6 reached (declared, or counted from EXECUTE → REFLECT records)
  plan-drift     plan.md differs from the plan the user approved (step markers, ticks
                 and the Complexity Budget's counts aside); changed="…" names the
                 sections. Re-approve with `approve --user "…"` or restore plan.md.
Orchestrators must stop the EXECUTE step when it exits 2.

\b
Exit codes: 0 no ERROR (WARN and INFO allowed) or GATE:PASS; 1 at least one ERROR,
or the plan folder cannot be found; 2 GATE:FAIL (only with --pre-step) or a usage error.
"""


@click.command("validate-plan", help=HELP)
@click.argument("plan_dir", required=False)
@click.option(
    "--pre-step",
    "pre_step",
    is_flag=True,
    help="Run only the pre-step gate (one line, exit 2 on FAIL).",
)
@json_option
@root_option
def validate_plan(plan_dir: str | None, pre_step: bool, as_json: bool, root: str | None) -> None:
    project = resolve_root(root)
    if pre_step:
        from skill.validate import gate

        result = gate.run(project, plan_dir)
        if as_json:
            import json

            click.echo(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            click.echo(result.line)
        raise SystemExit(result.exit_code)

    from skill.validate import report, runner

    target, issues = runner.validate(project, plan_dir)
    if as_json:
        click.echo(report.render_json(target.shown, issues))
    else:
        click.echo(report.render_text(target.shown, issues))
    raise SystemExit(report.exit_code(issues))
