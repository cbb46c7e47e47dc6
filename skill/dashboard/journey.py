"""A plan's journey worked out from what the loader read: pure functions, no file access.

* :func:`visits` — each stay in a state, numbered by iteration (PLAN → EXECUTE starts the next one);
* :func:`iterations` — the iterations with their outcome (the move out of their last REFLECT);
* :func:`steps` — plan.md's steps joined with their attempts and commits;
* :func:`heat` — the changelog grouped by file, for the heat strips;
* :func:`waiting` — what only the user can do now.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from skill.dashboard.model import (
    Attempt,
    Change,
    FileHeat,
    Iteration,
    Move,
    Status,
    Step,
    Verification,
    Visit,
    Waiting,
)

#: The moves that start a new iteration.
NEW_ITERATION = ("PLAN", "EXECUTE")
TIER_ORDER = ("HIGH", "MED", "LOW", "UNKNOWN")


def visits(moves: Iterable[Move], *, closed: bool, created: str | None) -> tuple[Visit, ...]:
    """One visit per history line (a repeated ``CLOSE → CLOSE`` adds none)."""
    out: list[Visit] = []
    iteration = 0
    for move in moves:
        if out and move.target == "CLOSE" and out[-1].state == "CLOSE":
            continue
        if (move.source, move.target) == NEW_ITERATION:
            iteration += 1
        start = move.when or (None if out else created)
        out.append(Visit(move.target, iteration, start, None, f"{move.source} → {move.target}", move.note))
    result = []
    for index, visit in enumerate(out):
        nxt = out[index + 1] if index + 1 < len(out) else None
        result.append(
            Visit(
                visit.state,
                visit.iteration,
                visit.start,
                nxt.start if nxt else None,
                visit.entered_by,
                visit.note,
                current=nxt is None and not closed,
            )
        )
    return tuple(result)


def dated(attempts: Iterable[Attempt], path: tuple[Visit, ...]) -> tuple[Attempt, ...]:
    """Attempts with no iteration but a time get the iteration of the visit that time falls in."""
    out = []
    for attempt in attempts:
        if attempt.iteration is None and attempt.when:
            within = [v.iteration for v in path if v.start and v.start <= attempt.when]
            attempt = replace(attempt, iteration=within[-1] if within else None)
        out.append(attempt)
    return tuple(out)


def iterations(
    path: tuple[Visit, ...], attempts: Iterable[Attempt], verification: Verification
) -> tuple[Iteration, ...]:
    numbers = sorted({v.iteration for v in path if v.iteration > 0})
    failed: dict[int, int] = {}
    for attempt in attempts:
        if attempt.failed and attempt.iteration is not None:
            failed[attempt.iteration] = failed.get(attempt.iteration, 0) + 1
    last_reflecting = max(
        (v.iteration for v in path if v.state == "REFLECT" and v.iteration > 0), default=None
    )
    out = []
    for number in numbers:
        own = [index for index, v in enumerate(path) if v.iteration == number]
        first, last = path[own[0]], path[own[-1]]
        outcome = None
        for index in own:
            if path[index].state == "REFLECT" and index + 1 < len(path):
                outcome = path[index + 1].state
        verdict = f"→ {outcome}" if outcome else None
        if number == last_reflecting and verification.recommendation:
            total = len(verification.criteria)
            verdict = f"verdict {verification.recommendation}"
            if total:
                verdict += f", criteria {verification.passed}/{total}"
        out.append(
            Iteration(number, first.start, last.end, outcome, verdict, failed.get(number, 0))
        )
    return tuple(out)


def steps(
    lines: Iterable[tuple[int, str, bool, bool]],
    attempts: Iterable[Attempt],
    commits: dict[int, list[str]],
    *,
    iteration: int | None,
    leash_cap: int,
) -> tuple[Step, ...]:
    """Steps from (number, text, done, current) with the current iteration's attempts and commits."""
    by_step: dict[int, list[Attempt]] = {}
    for attempt in attempts:
        if attempt.step is not None and (iteration is None or attempt.iteration in (None, iteration)):
            by_step.setdefault(attempt.step, []).append(attempt)
    return tuple(
        Step(
            number,
            text,
            done,
            current,
            leash_cap,
            tuple(dict.fromkeys(commits.get(number, []))),
            tuple(by_step.get(number, [])),
        )
        for number, text, done, current in lines
    )


def heat(changes: Iterable[Change]) -> tuple[FileHeat, ...]:
    """Edits grouped by file (first-seen order kept inside a file); riskiest files first."""
    grouped: dict[str, list[Change]] = {}
    for change in changes:
        grouped.setdefault(change.path, []).append(change)
    files = [FileHeat(path, tuple(items)) for path, items in grouped.items()]
    files.sort(key=lambda f: (TIER_ORDER.index(f.worst), -len(f.changes), f.path))
    return tuple(files)


def waiting(
    status: Status,
    plan_complete: bool,
    verification: Verification,
    live_attempts: Iterable[Attempt],
    current_step: int | None,
    leash_cap: int,
) -> tuple[Waiting, ...]:
    """What the user is asked for, from the state and the files (empty when nothing is)."""
    state = status.state.upper()
    out: list[Waiting] = []
    failed = [a for a in live_attempts if a.failed and (current_step is None or a.step in (None, current_step))]
    if state in ("EXECUTE", "REFLECT") and len(failed) >= leash_cap:
        tried = "; ".join(a.what for a in failed)
        out.append(
            Waiting(
                "leash",
                "A leash hit to decide",
                f"Step {current_step if current_step is not None else '?'} failed {len(failed)} times "
                f"({tried}). The agent must stop: revert and PIVOT, or tell it what to try.",
            )
        )
    if state == "PLAN" and plan_complete:
        out.append(
            Waiting(
                "approve-plan",
                "Approve the plan",
                "plan.md is complete. Read it; EXECUTE starts only when you approve it.",
            )
        )
    elif state == "PIVOT":
        out.append(
            Waiting(
                "approve-pivot",
                "Approve the new direction",
                "The approach failed and a pivot is proposed; PLAN resumes with your approval.",
            )
        )
    elif state == "REFLECT" and verification.recommendation:
        total = len(verification.criteria)
        counted = f"criteria {verification.passed}/{total} passed" if total else "no criteria rows"
        if verification.recommendation == "CLOSE" and verification.pending == 0:
            out.append(Waiting("confirm-close", "Confirm the close", f"The verdict recommends CLOSE ({counted})."))
        else:
            out.append(
                Waiting(
                    "confirm-reflect",
                    f"Decide the next move: the verdict recommends {verification.recommendation}",
                    f"{counted}.",
                )
            )
    return tuple(out)
