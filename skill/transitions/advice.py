"""The next command for the live state of a plan (``emit-state``'s "Next:" line).

Read-only: it looks at the plan files (and, in EXECUTE, at git) and names the one command that
moves the plan on, or the content the agent must write first. It never writes anything.
"""

from __future__ import annotations

from pathlib import Path

from skill import CLI_PREFIX
from skill.plans import attempts, baseline, changelog, findings, plan, protocol, verification
from skill.plans import state as statefile
from skill.plans.markdown import extract_section
from skill.plans.textio import read_text
from skill.transitions import conditions, gitwork

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
        return _reflect(folder)
    if state == "PIVOT":
        return _pivot(folder, state_text)
    return None


def _explore(folder: Path) -> str:
    count = findings.indexed_count(read_text(folder / "findings.md"))
    if count < protocol.MIN_FINDINGS:
        # LOOP-B: name `finding add TOPIC --summary …` here once it is merged.
        return (
            f"index more findings ({count} of {protocol.MIN_FINDINGS}): one "
            "`- [Topic](findings/topic.md) — summary` line each under findings.md ## Index"
        )
    return (
        f'`{CLI_PREFIX} transition PLAN --note "…" --confidence '
        f'{conditions.CONFIDENCE_EXAMPLE}` (rate each dimension honestly)'
    )


def _plan(folder: Path) -> str:
    unfilled = plan.unfilled_sections(read_text(folder / "plan.md"))
    if unfilled:
        return "fill plan.md: " + ", ".join(f"## {name}" for name in unfilled)
    return f"show PC-PLAN; on the user's yes: `{CLI_PREFIX} transition EXECUTE {USER}`"


def _execute(root: Path, folder: Path, state_text: str, gate_line: str | None) -> str:
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


def _reflect(folder: Path) -> str:
    text = read_text(folder / "verification.md")
    problems = conditions.verdict_problems(text)
    if problems:
        # LOOP-B: name `verify run` / `verify verdict --recommend …` here once they are merged.
        return "finish verification.md (criteria rows, Additional Checks, ## Verdict): " + "; ".join(problems)
    recommended = verification.recommended_state(extract_section(text, verification.VERDICT))
    if recommended in ("CLOSE", "EXECUTE"):
        contract = "PC-REFLECT" if recommended == "CLOSE" else "the completion fix"
        return f"show {contract}; on the user's yes: `{CLI_PREFIX} transition {recommended} {USER}`"
    if recommended in ("PIVOT", "EXPLORE"):
        return f'show PC-REFLECT, then `{CLI_PREFIX} transition {recommended} --note "…"`'
    return "the Verdict recommends no state: write its Recommendation"


def _pivot(folder: Path, state_text: str | None) -> str:
    if conditions.check_pivot_entry(state_text, read_text(folder / "decisions.md")) is not None:
        # LOOP-B: name `decision add --kind pivot …` here once it is merged.
        return (
            "log the pivot in decisions.md: a `## D-NNN | PIVOT | date` entry with what failed, "
            "the Root Cause Analysis and the Complexity Assessment"
        )
    return f"show PC-PIVOT; on the user's yes: `{CLI_PREFIX} transition PLAN {USER}`"
