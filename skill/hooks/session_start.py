"""``hook session-start``: the re-entry packet for the active plan, checked against git.

Claude Code runs it on ``startup``, ``resume``, ``clear`` and ``compact``; Codex on its
SessionStart. The answer is ``{"hookSpecificOutput": {"hookEventName": "SessionStart",
"additionalContext": <packet>}}`` (both harnesses read it), or nothing when no plan is active or
``IP_DISABLED=1``. The packet (:mod:`skill.hooks.packet`) says where the plan stands and reconciles
it with the repository: the step commits (subjects ``[<tag-id>/iter-N/step-M] …``), the project
files changed since the last one, and which of those the step's changelog does not list.
"""

from __future__ import annotations

import os

from skill.command import AGENT_COMMAND
from skill.hooks import gitinfo
from skill.hooks.packet import LIMIT, LIMIT_ENV, Facts, GitFacts, render
from skill.hooks.payload import disabled, parse_input, project_root, text_field
from skill.plans import attempts, changelog, decisions
from skill.plans import plan as planfile
from skill.plans import state as statefile
from skill.plans.ids import plan_date, tag_id
from skill.plans.layout import CHANGELOG_MD, DECISIONS_MD, PLAN_MD, RECOVERY_FILES, STATE_MD
from skill.plans.pointer import read_pointer
from skill.plans.protocol import LEASH_CAP, normalize_state
from skill.plans.textio import leading_int, read_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

EVENT = "SessionStart"
PLANS = "plans"


def iteration_number(state_text: str | None) -> int:
    """The iteration step commits are tagged with: the declared ``## Iteration:``, else the count of
    EXECUTE → REFLECT records."""
    declared = leading_int(statefile.declared_iteration(state_text))
    return declared if declared is not None else statefile.derived_iteration(state_text)[0]


def last_decision(text: str | None) -> tuple[str, str] | None:
    """(id, one line) of the last decisions.md entry: its Decision, else its first text line."""
    if not text:
        return None
    entries = decisions.parse(text).entries
    if not entries:
        return None
    entry = entries[-1]
    line = entry.line_value("Decision")
    if not line:
        line = next((body.strip() for body in entry.body if body.strip()), "")
    return entry.id_str, f"({entry.phase}) {line}".strip()


def _project_relative(paths: list[str], root: str, top: str) -> list[str]:
    """Git's top-relative paths as project-relative ones; those outside the project and inside
    its plans/ folder left out."""
    prefix = os.path.relpath(os.path.abspath(root), top).replace(os.sep, "/")
    out = set()
    for path in paths:
        if prefix != ".":
            if not path.startswith(prefix + "/"):
                continue
            path = path[len(prefix) + 1 :]
        if path == PLANS or path.startswith(PLANS + "/"):
            continue
        out.add(path)
    return sorted(out)


def _step_of(entry_step: str, iteration: int, step: int) -> bool:
    """A changelog step field of this step: ``iter-I/step-S`` or a sub-step ``iter-I/step-S.K``."""
    wanted = changelog.step_field(iteration, step)
    return entry_step == wanted or entry_step.startswith(wanted + ".")


def logged_paths(text: str | None, iteration: int | None, step: int | None) -> set[str]:
    """The paths the changelog lists for one step (every entry when the step is not known)."""
    found: set[str] = set()
    for _number, line in changelog.iter_entries(text or ""):
        entry = changelog.parse_line(line)
        if entry is None:
            continue
        if iteration is not None and step is not None and not _step_of(entry.step, iteration, step):
            continue
        found.update(changelog.paths_of(entry))
    return found


def start_git(root: str, plan_id: str) -> gitinfo.Running | None:
    """``git status`` and the plan's ``git log``, started; None when ``root`` is not in a work tree."""
    if gitinfo.repo_top(root) is None:
        return None
    return gitinfo.start_gits(root, [gitinfo.STATUS_ARGS, gitinfo.log_args(tag_id(plan_id), plan_date(plan_id))])


def git_facts(
    root: str,
    plan_id: str,
    iteration: int,
    current_step: int | None,
    ticked: list[int],
    changelog_text: str | None,
    running: gitinfo.Running | None,
) -> GitFacts | None:
    """The reconciliation with git (``running``: what :func:`start_git` started); None outside a
    git work tree."""
    top = gitinfo.repo_top(root)
    if top is None or running is None:
        return None
    problems: list[str] = []
    status_out, log_out = running.collect()
    head: str | None = None
    paths: list[str] = []
    if status_out is None:
        problems.append("git status could not be read")
    else:
        head, paths = gitinfo.parse_status(status_out)
    commits: list[tuple[int, int, str]] = []
    if log_out is not None:
        commits = gitinfo.parse_log(log_out, tag_id(plan_id))
    elif head is not None or status_out is None:  # before the first commit there is no log
        problems.append("git log could not be read")
    base = commits[0][2] if commits else None
    if base is not None and head is not None and head != base:
        between = gitinfo.changed_between(root, base, head)
        if between is None:
            problems.append(f"git diff {base[:7]}..HEAD could not be read")
        else:
            paths = paths + between
    changed = _project_relative(paths, root, top)
    unlogged: list[str] = []
    if iteration > 0:  # the changelog starts with EXECUTE
        logged = logged_paths(changelog_text, iteration if current_step else None, current_step)
        unlogged = [path for path in changed if path not in logged]
    done = {(it, step) for it, step, _commit in commits}
    current = None
    if current_step is not None:
        current = next((c for it, step, c in commits if it == iteration and step == current_step), None)
    missing = [number for number in ticked if (iteration, number) not in done]
    return GitFacts(
        commits, iteration, base, changed, unlogged, current, missing, "; ".join(problems) or None
    )


def facts_for(root: str, source: str | None = None) -> Facts | None:
    """The packet's facts for the plan active under ``root``; None when no plan is active."""
    plans_dir = os.path.join(root, PLANS)
    plan_id = read_pointer(plans_dir)
    if plan_id is None:
        return None
    running = start_git(root, plan_id)  # git runs while the plan files are read
    folder = os.path.join(plans_dir, plan_id)
    state_text = read_text(os.path.join(folder, STATE_MD))
    plan_text = read_text(os.path.join(folder, PLAN_MD))
    fields = statefile.read_state_fields(state_text)
    state = normalize_state(fields.state)
    step_value = fields.step or ""
    all_done = statefile.ALL_DONE in step_value
    step_number = None if all_done else leading_int(step_value)
    items = planfile.step_items(plan_text)
    step_text = next((item.text for item in items if item.number == step_number), None)
    iteration = iteration_number(state_text)
    gate_line = gate_slug = None
    if state == "EXECUTE":
        from skill.validate import gate

        result = gate.run(root)
        gate_line, gate_slug = result.line, result.slug
    git = git_facts(
        root,
        plan_id,
        iteration,
        step_number if state == "EXECUTE" else None,
        [item.number for item in items if item.done] if iteration > 0 else [],
        read_text(os.path.join(folder, CHANGELOG_MD)),
        running,
    )
    return Facts(
        cmd=str(AGENT_COMMAND),
        source=source,
        plan_id=plan_id,
        goal=planfile.goal_first_line(plan_text),
        state=fields.state,
        iteration=fields.iteration,
        step=fields.step,
        step_number=step_number,
        step_text=step_text,
        attempts=attempts.count(state_text),
        attempt_cap=LEASH_CAP,
        decision=last_decision(read_text(os.path.join(folder, DECISIONS_MD))),
        gate_line=gate_line,
        gate_slug=gate_slug,
        recovery_files=RECOVERY_FILES,
        git=git,
    )


def packet_limit(env: Mapping[str, str]) -> int:
    """The packet's cap: ``$IP_PACKET_CHARS`` when it is a number of at least 200, else 2,000."""
    value = leading_int(env.get(LIMIT_ENV, "").strip())
    return value if value is not None and value >= 200 else LIMIT


def unclosed_text(root: str) -> str | None:
    """With no active plan: the plans left unclosed and how to resume one (None when there are none)."""
    from pathlib import Path

    from skill.plans.orphans import unclosed_plans

    found = unclosed_plans(Path(root) / PLANS)
    if not found:
        return None
    lines = [
        "iterative-planner: no active plan (plans/.current_plan is missing or names no plan folder), "
        "but plans were left unclosed. Ask the user which one to resume before starting anything new.",
        *(f"  {plan.plan_id} [{plan.state or '?'}]" for plan in found),
        f"  Resume one: `{AGENT_COMMAND} bootstrap use {found[-1].plan_id}`.",
    ]
    return "\n".join(lines)


def answer(
    raw_input: str,
    *,
    explicit_root: str | None = None,
    env: Mapping[str, str] | None = None,
    cwd: str | None = None,
) -> dict[str, Any] | None:
    """The hook's JSON answer, or None when it prints nothing."""
    environ = os.environ if env is None else env
    if disabled(environ):
        return None
    payload = parse_input(raw_input)
    root = project_root(payload, explicit=explicit_root, env=environ, cwd=cwd)
    source = text_field(payload, "source")
    facts = facts_for(root, source)
    if facts is None:
        text = unclosed_text(root)
        if text is None:
            return None
    else:
        text = render(facts, packet_limit(environ))
    return {"hookSpecificOutput": {"hookEventName": EVENT, "additionalContext": text}}
