"""checkpoints/cp-NNN-iterN.md: the file names, the layout, and the restore point they record.

NNN counts up across the whole plan (``cp-000`` is the first); ``iterN`` is the iteration the
checkpoint was taken in. The layout is the template's (``emit-template --name checkpoints``)::

    # Checkpoint 001 (iteration 2)
    ## Created: <why>
    ## Git State: commit <hash>
    ## Files That Will Change:
    - `path`
    ## Lockfiles snapshotted:
    - `uv.lock` (tracked: git checkout restores it)
    ## Rollback:
        git checkout <hash> -- .
        uv sync --locked

:func:`render` is the one writer; :func:`commit_of` and :func:`parse_name` read them back (the
Complexity Budget and ``verify check scope`` use the first checkpoint of an iteration as its base).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from skill.plans.textio import one_line

FOLDER = "checkpoints"
NAME_RE = re.compile(r"cp-([0-9]{3,})-iter([0-9]+)\.md")
GIT_STATE_LABEL = "## Git State:"
_COMMIT_RE = re.compile(rf"^{re.escape(GIT_STATE_LABEL)}[ \t]*commit[ \t]+([0-9a-fA-F]{{7,40}})\b", re.M)
NO_PACKAGES = "none (no package manager touched)"
NO_LOCKFILE = "none (no lockfile present pre-step)"


def file_name(number: int, iteration: int) -> str:
    return f"cp-{number:03d}-iter{iteration}.md"


def snapshot_folder(number: int, iteration: int) -> str:
    """The sibling folder holding copied lockfiles: ``cp-NNN-iterN.lockfiles``."""
    return f"cp-{number:03d}-iter{iteration}.lockfiles"


def parse_name(name: str) -> tuple[int, int] | None:
    """(NNN, iteration) of a checkpoint file name, or None."""
    match = NAME_RE.fullmatch(name)
    return (int(match.group(1)), int(match.group(2))) if match else None


def next_number(names: list[str]) -> int:
    """The number the next checkpoint takes: one past the highest, 0 for the first."""
    numbers = [parsed[0] for parsed in map(parse_name, names) if parsed is not None]
    return max(numbers) + 1 if numbers else 0


def first_of_iteration(names: list[str], iteration: int) -> str | None:
    """The lowest-numbered checkpoint file taken in ``iteration``, or None."""
    ours = sorted(
        (parsed[0], name)
        for name in names
        if (parsed := parse_name(name)) is not None and parsed[1] == iteration
    )
    return ours[0][1] if ours else None


def commit_of(text: str | None) -> str | None:
    """The commit of ``## Git State: commit <hash>``, or None (no git, or not recorded)."""
    match = _COMMIT_RE.search(text or "")
    return match.group(1) if match else None


@dataclass(frozen=True)
class LockfileRecord:
    """A lockfile of a touched ecosystem and what the checkpoint did with it."""

    path: str
    note: str  # e.g. "tracked: git checkout restores it", "copied", "not copied: …"
    snapshot: str | None = None  # plan-relative path of the copy, when copied


@dataclass(frozen=True)
class Checkpoint:
    number: int
    iteration: int
    reason: str
    commit: str | None
    git_note: str = ""  # why there is no commit, or what the commit does not cover
    files: tuple[str, ...] = ()
    files_note: str = ""  # shown when no file is listed
    packages_touched: bool = False
    lockfiles: tuple[LockfileRecord, ...] = ()
    rollback: tuple[str, ...] = field(default=())
    manual_rollback: str | None = None

    @property
    def name(self) -> str:
        return file_name(self.number, self.iteration)


def render(checkpoint: Checkpoint) -> str:
    """The one writer of a checkpoint file."""
    git = f"commit {checkpoint.commit}" if checkpoint.commit else "none"
    if checkpoint.git_note:
        git += f" ({checkpoint.git_note})"
    lines = [
        f"# Checkpoint {checkpoint.number:03d} (iteration {checkpoint.iteration})",
        f"## Created: {one_line(checkpoint.reason)}",
        f"{GIT_STATE_LABEL} {git}",
        "## Files That Will Change:",
    ]
    lines += [f"- `{path}`" for path in checkpoint.files] or [f"- none named ({checkpoint.files_note})"]
    lines.append("## Lockfiles snapshotted:")
    if not checkpoint.packages_touched:
        lines.append(f"- {NO_PACKAGES}")
    elif not checkpoint.lockfiles:
        lines.append(f"- {NO_LOCKFILE}")
    else:
        lines += [f"- `{record.path}` ({record.note})" for record in checkpoint.lockfiles]
    lines.append("## Rollback:")
    lines += [f"    {command}" for command in checkpoint.rollback]
    if checkpoint.manual_rollback:
        lines += ["", f"Manual rollback ([IRREVERSIBLE] step): {one_line(checkpoint.manual_rollback)}"]
    return "\n".join(lines) + "\n"
