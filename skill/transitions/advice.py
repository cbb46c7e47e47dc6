"""The next command for the live state of a plan (``emit-state``'s "Next:" line).

Read-only: it looks at the plan files (and, in EXECUTE, at git) and names the one command that
moves the plan on, or the content the agent must write first. It never writes anything.
"""

from __future__ import annotations

from pathlib import Path

from skill import CLI_PREFIX
from skill.plans import attempts, findings, plan, protocol
from skill.plans import state as statefile
from skill.plans.textio import read_text

# ``emit-state`` asks for the Next line on every state change: what only EXECUTE (git, the
# changelog) or REFLECT/PIVOT (verification, the entry conditions) need is imported there.

USER = '--user "<the user\'s words>"'


def next_command(root: Path | str, plan_id: str, gate_line: str | None = None) -> str | None:
    """One line: what to run (or write) next; None when the state is not one the protocol has."""
    folder = Path(root) / "plans" / plan_id
    state_text = read_text(folder / "state.md")
    state = protocol.normalize_state(statefile.current_state(state_text))
    if state == "EXPLORE":
        return _explore(folder)
    if state == "PLAN":
        return _plan(folder)
    if state == "EXECUTE":
        return _execute(Path(root), folder, state_text or "", gate_line)
    if state == "REFLECT":
        return _reflect(folder, state_text)
    if state == "PIVOT":
        return _pivot(folder, state_text)
    return None


def _explore(folder: Path) -> str:
    count = findings.indexed_count(read_text(folder / "findings.md"))
    if count < protocol.MIN_FINDINGS:
        return (
            f"index more findings ({count} of {protocol.MIN_FINDINGS}), one command each: "
            f'`{CLI_PREFIX} finding add "<topic>" --summary "…" --body-file <notes.md>`'
        )
    return (
        f'`{CLI_PREFIX} transition PLAN --note "…" --confidence '
        f'{protocol.CONFIDENCE_EXAMPLE}` (rate each dimension honestly)'
    )


def _plan(folder: Path) -> str:
    unfilled = plan.unfilled_sections(read_text(folder / "plan.md"))
    if unfilled:
        return "fill plan.md: " + ", ".join(f"## {name}" for name in unfilled)
    return f"show PC-PLAN; on the user's yes: `{CLI_PREFIX} transition EXECUTE {USER}`"


def _execute(root: Path, folder: Path, state_text: str, gate_line: str | None) -> str:
    from skill.plans import baseline, changelog
    from skill.transitions import gitwork

    step = attempts.step_of(state_text)
    if gate_line and "[leash-cap]" in gate_line:
        return (
            "revert to the last clean commit, show PC-EXECUTE-LEASH, then "
            f'`{CLI_PREFIX} transition REFLECT --note "leash hit on step {step}"`'
        )
    if gate_line and "[plan-drift]" in gate_line:
        return (
            "show the user the changed plan.md sections; on their yes "
            f"`{CLI_PREFIX} approve {USER}`, otherwise restore plan.md"
        )
    if gate_line and "[iteration-cap]" in gate_line:
        return "stop: show the user 2-3 smaller sub-goals and start a plan for each"
    if statefile.ALL_DONE in (statefile.get_field(state_text, statefile.STEP_LABEL) or ""):
        return f'`{CLI_PREFIX} transition REFLECT --note "all steps done"`'
    if step is None:
        return f"`{CLI_PREFIX} step set 1`"
    iteration = attempts.iteration_of(state_text)
    entries = changelog.entries_of(read_text(folder / "changelog.md"), changelog.step_field(iteration, step))
    logged = {path for entry in entries for path in changelog.paths_of(entry)}
    repo = gitwork.open_repo(root)
    missing: list[str] = []
    if repo is not None:
        base = baseline.parse(read_text(folder / baseline.BASELINE))
        missing = sorted(gitwork.changed_during_step(repo, base) - logged)
    if missing:
        more = f" (and {len(missing) - 1} more unlogged)" if len(missing) > 1 else ""
        return f'`{CLI_PREFIX} log-edit --file {missing[0]} --reason "…"`{more}'
    if [entry for entry in changelog.since_last_revert(entries) if not entry.op.startswith("REVERT(")]:
        return f'`{CLI_PREFIX} step next --commit "<what step {step} did>"`'
    return f"carry out step {step}, then `{CLI_PREFIX} log-edit --file <path> --reason \"…\"` for each changed file"


def _reflect(folder: Path, state_text: str | None) -> str:
    from skill.plans import convergence, verification
    from skill.plans.markdown import extract_section
    from skill.transitions import conditions
    from skill.validate import hygiene_gate

    text = read_text(folder / "verification.md")
    recorded = convergence.read(text)
    stale = recorded is not None and recorded.visit is not None and recorded.visit < statefile.reflect_visits(state_text)
    if stale or conditions.verdict_problems(text):
        return _verification_work(text, read_text(folder / "plan.md"), stale)
    recommended = verification.recommended_state(extract_section(text, verification.VERDICT))
    if recommended == "CLOSE" and hygiene_gate.gap(folder, state_text) is not None:
        return (
            "record this iteration's hygiene sweep: ip-boyscout writes findings/hygiene-iter-N.md from "
            f'`{CLI_PREFIX} hygiene scan`, or `{CLI_PREFIX} hygiene skip --reason "…"`'
        )
    if recommended in ("CLOSE", "EXECUTE"):
        contract = "PC-REFLECT" if recommended == "CLOSE" else "the completion fix"
        return f"show {contract}; on the user's yes: `{CLI_PREFIX} transition {recommended} {USER}`"
    if recommended in ("PIVOT", "EXPLORE"):
        return f'show PC-REFLECT, then `{CLI_PREFIX} transition {recommended} --note "…"`'
    return f"the Verdict recommends no state: `{CLI_PREFIX} verify verdict --recommend CLOSE|PIVOT|EXPLORE|EXECUTE`"


def _verification_work(text: str | None, plan_text: str | None, stale: bool) -> str:
    """The first verify command verification.md still needs (all of them when its Verdict is left
    from an earlier REFLECT visit)."""
    from skill.plans import verification

    rows = verification.criteria(text)
    total = plan.criteria_count(plan_text or "")
    open_rows = [n for n in range(1, total + 1)
                 if stale or verification.result_of(rows.get(n), verification.RESULT_CELL) not in verification.CRITERION_RESULTS]
    checks = verification.checks(text)

    def unfilled(name: str) -> bool:
        good, bad = verification.CHECK_RESULTS[name]
        return stale or verification.result_of(checks.get(name.lower()), verification.CHECK_RESULT_CELL) not in (good, bad)

    commands = plan.criterion_checks(plan_text or "")
    if open_rows:
        run = [n for n in open_rows if commands.get(n) is not None and commands[n].command]
        by_hand = [n for n in open_rows if n not in run]
        parts = [f"`{CLI_PREFIX} verify run{'' if len(run) == len(commands) else ' ' + ' '.join(map(str, run))}`"] if run else []
        parts += [f'`{CLI_PREFIX} verify set {n} PASS|FAIL --evidence "…"`' for n in by_hand]
        if stale:
            return ("the Verdict is from an earlier REFLECT visit; verify again: " + ", ".join(parts)
                    + f", the regression and scope checks, then `{CLI_PREFIX} verify verdict`")
        return "record the criteria: " + ", ".join(parts)
    if unfilled(verification.REGRESSION):
        return f'`{CLI_PREFIX} verify check regression --result PASS|FAIL --details "<the full suite\'s result>"`'
    if unfilled(verification.SCOPE_DRIFT):
        return f"`{CLI_PREFIX} verify check scope`"
    return f"`{CLI_PREFIX} verify verdict --recommend CLOSE|PIVOT|EXPLORE|EXECUTE` (the evidence decides)"


def _pivot(folder: Path, state_text: str | None) -> str:
    from skill.transitions import conditions

    if conditions.check_pivot_entry(state_text, read_text(folder / "decisions.md")) is not None:
        return (
            f'log the pivot: `{CLI_PREFIX} decision add --kind pivot --context "…" --what-failed "…" --learned "…" '
            '--simpler "yes|no — why" --complexity adding|removing|neutral --decision "…" --gain "…" --cost "…" '
            '--reasoning "…"`'
        )
    return f"show PC-PIVOT; on the user's yes: `{CLI_PREFIX} transition PLAN {USER}`"
