"""The re-entry packet: what an agent needs to pick its plan up again, in a couple of thousand
characters, the same text for the same plan and repository.

Pure text from :class:`Facts` (gathered by :mod:`skill.hooks.session_start`). Each field is cut to a
fixed length and each list to a fixed count, so one long goal or a thousand changed files cannot
push the rest out; the whole is then capped at the limit. Sentences state facts (what the plan says,
what git says) rather than orders: harnesses treat hook text that poses as system instructions with
suspicion.
"""

from __future__ import annotations

from skill.slots import Slotted

#: The packet's length cap by default (characters); ``$IP_PACKET_CHARS`` changes it.
LIMIT = 2000
LIMIT_ENV = "IP_PACKET_CHARS"
#: Cuts of single fields and lists.
TEXT_CUT = 160
LIST_CUT = 8
COMMITS_SHOWN = 10


class GitFacts(Slotted):
    """What git says about the plan. ``commits``: (iteration, step, hash) newest first;
    ``base``: the last step commit's hash (None before the first); ``changed``: project files
    changed since it (plans/ left out); ``unlogged``: those not in the step's changelog;
    ``problem``: why a part could not be read."""

    __slots__ = ("commits", "iteration", "base", "changed", "unlogged", "current_commit", "ticked_uncommitted", "problem")

    def __init__(
        self,
        commits: list[tuple[int, int, str]],
        iteration: int,
        base: str | None,
        changed: list[str],
        unlogged: list[str],
        current_commit: str | None,
        ticked_uncommitted: list[int],
        problem: str | None = None,
    ) -> None:
        self.commits = commits
        self.iteration = iteration
        self.base = base
        self.changed = changed
        self.unlogged = unlogged
        self.current_commit = current_commit
        self.ticked_uncommitted = ticked_uncommitted
        self.problem = problem


class Facts(Slotted):
    """The plan's facts for the packet (all text as the plan files have it)."""

    __slots__ = (
        "cmd",
        "source",
        "plan_id",
        "goal",
        "state",
        "iteration",
        "step",
        "step_number",
        "step_text",
        "attempts",
        "attempt_cap",
        "decision",
        "gate_line",
        "gate_slug",
        "recovery_files",
        "git",
    )

    def __init__(
        self,
        cmd: str,
        source: str | None,
        plan_id: str,
        goal: str | None,
        state: str | None,
        iteration: str | None,
        step: str | None,
        step_number: int | None,
        step_text: str | None,
        attempts: int,
        attempt_cap: int,
        decision: tuple[str, str] | None,
        gate_line: str | None,
        gate_slug: str | None,
        recovery_files: tuple[str, ...],
        git: GitFacts | None,
    ) -> None:
        self.cmd = cmd
        self.source = source
        self.plan_id = plan_id
        self.goal = goal
        self.state = state
        self.iteration = iteration
        self.step = step
        self.step_number = step_number
        self.step_text = step_text
        self.attempts = attempts
        self.attempt_cap = attempt_cap
        self.decision = decision
        self.gate_line = gate_line
        self.gate_slug = gate_slug
        self.recovery_files = recovery_files
        self.git = git


def cut(text: str, limit: int = TEXT_CUT) -> str:
    """``text`` on one line, at most ``limit`` characters (``…`` marks a cut)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def listed(items: list[str], limit: int = LIST_CUT) -> str:
    """Comma-separated, at most ``limit`` items (each cut to 80 characters), then ``(+N more)``."""
    shown = ", ".join(cut(item, 80) for item in items[:limit])
    return shown + (f" (+{len(items) - limit} more)" if len(items) > limit else "")


def short(commit: str) -> str:
    return commit[:7]


def _numbers(values: list[int]) -> str:
    return ", ".join(str(value) for value in values)


def git_lines(facts: Facts) -> list[str]:
    git = facts.git
    if git is None:
        return ["Git: no repository here; step commits and changed files were not checked."]
    lines: list[str] = []
    mine = [c for c in git.commits if c[0] == git.iteration]
    earlier = len(git.commits) - len(mine)
    if mine:
        shown = [f"step {step} {short(commit)}" for _it, step, commit in reversed(mine[:COMMITS_SHOWN])]
        more = f"; {len(mine) - COMMITS_SHOWN} older not shown" if len(mine) > COMMITS_SHOWN else ""
        lines.append(f"Step commits, iteration {git.iteration}: {', '.join(shown)}{more}.")
    elif git.iteration > 0:
        lines.append(f"Step commits, iteration {git.iteration}: none.")
    else:
        lines.append("Step commits: none yet.")
    if earlier:
        lines[-1] += f" Earlier iterations: {earlier}."
    if git.base is not None:
        owner = next((c for c in git.commits if c[2] == git.base), None)
        which = f"step {owner[1]}" if owner and owner[0] == git.iteration else f"iteration {owner[0]} step {owner[1]}" if owner else ""
        what = f"Changed since {which}'s commit {short(git.base)}" if owner else f"Changed since {short(git.base)}"
    else:
        what = "Uncommitted changes (no step commit yet)"
    lines.append(f"{what}: {listed(git.changed) if git.changed else 'none outside plans/'}.")
    if git.unlogged:
        lines.append(f"Not in the changelog for this step: {listed(git.unlogged)}.")
    if git.current_commit is not None and facts.step_number is not None:
        lines.append(
            f"Warning: step {facts.step_number} is the current step but already has a step commit "
            f"({short(git.current_commit)})."
        )
    if git.ticked_uncommitted:
        many = len(git.ticked_uncommitted) > 1
        lines.append(
            f"Warning: step{'s' if many else ''} {_numbers(git.ticked_uncommitted)} "
            f"{'are' if many else 'is'} ticked [x] in plan.md but {'have' if many else 'has'} no step "
            f"commit in iteration {git.iteration}."
        )
    if git.problem:
        lines.append(f"Git: {git.problem}")
    return lines


def next_line(facts: Facts) -> str:
    """The one command that moves the plan on from what the packet shows."""
    cmd = facts.cmd
    state = (facts.state or "").upper()
    if state == "EXECUTE":
        slug = facts.gate_slug
        if slug == "leash-cap":
            return (
                "Next: the leash is reached on this step: revert to the last clean commit, show "
                f"PC-EXECUTE-LEASH, then `{cmd} transition REFLECT`; the user decides."
            )
        if slug == "iteration-cap":
            return "Next: the iteration limit is reached: show the user smaller sub-goals and wait."
        if slug is not None:
            return f"Next: `{cmd} emit-state --state execute` says what [{slug}] needs."
        git = facts.git
        if git is not None and git.current_commit is not None:
            return f"Next: `{cmd} step next` (the current step is committed)."
        if git is not None and git.unlogged:
            return f'Next: `{cmd} log-edit --file {cut(git.unlogged[0], 80)} --reason "…"` for each file not in the changelog.'
        step = f"step {facts.step_number}" if facts.step_number is not None else "the current step"
        return f"Next: {step}, behind `{cmd} validate-plan --pre-step` (rules: `{cmd} emit-state --state execute`)."
    if state == "CLOSE":
        return f"Next: `{cmd} bootstrap close` finishes the interrupted close."
    if state in ("EXPLORE", "PLAN", "REFLECT", "PIVOT"):
        return f"Next: `{cmd} emit-state --state {state.lower()}` (the {state} rules for this plan)."
    return f"Next: `{cmd} bootstrap resume`; state.md names no protocol state."


def render(facts: Facts, limit: int = LIMIT) -> str:
    """The packet text, at most ``limit`` characters. Over the limit, the middle (git's lists, the
    gate, the file names) is cut, so the plan's identity and the next command always stay."""
    folder = f"plans/{facts.plan_id}/"
    head: list[str] = []
    if facts.source == "compact":
        head.append(
            "Context was compacted: details of this plan from before the compaction may be gone. "
            f"Its files hold them: {folder} {', '.join(facts.recovery_files[:4])}; read them "
            "again before the next step."
        )
    why = f" (session {facts.source})" if facts.source else ""
    head.append(f"iterative-planner: active plan {folder}{why}. It continues from its current state.")
    head.append(f"Goal: {cut(facts.goal) if facts.goal else '(none in plan.md)'}")
    state = facts.state or "UNKNOWN"
    where = f"State: {state}, iteration {facts.iteration or '?'}, step {facts.step or 'N/A'}"
    if facts.step_text:
        where += f": {cut(facts.step_text)}"
    head.append(where)
    if state.upper() == "EXECUTE":
        head.append(f"Fix attempts: {facts.attempts} of {facts.attempt_cap}.")
    if facts.decision is not None:
        ident, line = facts.decision
        head.append(f"Last decision: {ident}: {cut(line)}")
    else:
        head.append("Last decision: none yet.")
    body = git_lines(facts)
    if facts.gate_line and state.upper() == "EXECUTE":
        body.append(f"Gate: {cut(facts.gate_line, 2 * TEXT_CUT)}")
    if facts.source != "compact":
        body.append(f"Plan files: {folder} {', '.join(facts.recovery_files)}.")
    tail = cut(next_line(facts), limit // 2)
    text = "\n".join([*head, *body, tail])
    if len(text) <= limit:
        return text
    note = f"… (cut; `{facts.cmd} bootstrap resume` has more)"
    room = limit - len(tail) - len(note) - 2
    kept: list[str] = []
    for line in [*head, *body]:
        left = room - sum(len(kept_line) + 1 for kept_line in kept)
        if len(line) + 1 <= left:
            kept.append(line)
            continue
        if left > 20:
            kept.append(cut(line, left - 1))
        break
    return "\n".join([*kept, note, tail])[:limit]
