"""The repository's worktrees (``git worktree list --porcelain -z``) and their plan-tagged commits.

Git is called through :func:`skill.blast.git.run_git` (argument lists, no shell, bounded time). When
the project is not a git repository, or git is missing, the project root is the only worktree.
"""

from __future__ import annotations

import os
from pathlib import Path

from skill.blast.git import run_git, split_z
from skill.dashboard.model import Worktree

#: How many recent commits are searched for plan step tags.
COMMIT_SCAN_LIMIT = 5000


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def parse_porcelain(output: str) -> list[tuple[str, str | None, str | None, bool]]:
    """(path, branch, head, usable) per record of ``worktree list --porcelain -z``."""
    records: list[tuple[str, str | None, str | None, bool]] = []
    path: str | None = None
    branch = head = None
    usable = True
    for item in output.split("\0") + [""]:
        if item == "":
            if path is not None:
                records.append((path, branch, head, usable))
            path, branch, head, usable = None, None, None, True
            continue
        key, _, value = item.partition(" ")
        if key == "worktree":
            path = value
        elif key == "HEAD":
            head = value[:12]
        elif key == "branch":
            branch = value.removeprefix("refs/heads/")
        elif key in ("bare", "prunable"):
            usable = False
    return records


def list_worktrees(root: Path) -> tuple[Worktree, ...]:
    """The project root first (``main``), then every other usable worktree, as project roots.

    When ``root`` is a folder inside its worktree, the other worktrees' project roots are the same
    relative folder in each of them.
    """
    root = Path(root)
    result = run_git(["worktree", "list", "--porcelain", "-z"], root)
    records = parse_porcelain(result.stdout) if result.ok else []
    top = run_git(["rev-parse", "--show-toplevel"], root)
    toplevel = Path(top.stdout.rstrip("\n")) if top.ok and top.stdout.strip() else None
    relative = Path()
    if toplevel is not None:
        try:
            relative = root.resolve().relative_to(toplevel.resolve())
        except ValueError:
            relative = Path()
    main: Worktree | None = None
    others: list[Worktree] = []
    for path, branch, head, usable in records:
        project = Path(path) / relative
        if toplevel is not None and _same(Path(path), toplevel):
            main = Worktree(str(root), branch, head, True)
        elif usable and project.is_dir():
            others.append(Worktree(str(project), branch, head, False))
    return (main or Worktree(str(root), None, None, True), *others)


def tagged_commits(root: Path) -> dict[str, list[tuple[str, str]]]:
    """Commits whose subject starts ``[<tag>/iter-N/step-M]``: tag → [(``iter-N/step-M``, hash)].

    One ``git log`` over every ref, newest first, limited to :data:`COMMIT_SCAN_LIMIT` commits.
    """
    result = run_git(
        [
            "log",
            "--all",
            "--no-color",
            f"-n{COMMIT_SCAN_LIMIT}",
            "--fixed-strings",
            "--grep=/iter-",
            "--format=%h%x00%s%x00",
        ],
        root,
    )
    found: dict[str, list[tuple[str, str]]] = {}
    if not result.ok:
        return found
    items = split_z(result.stdout.replace("\n", ""))
    for sha, subject in zip(items[0::2], items[1::2], strict=False):
        if not subject.startswith("[") or "]" not in subject:
            continue
        tag, _, where = subject[1 : subject.index("]")].partition("/")
        if tag and where:
            found.setdefault(tag, []).append((where, sha))
    return found
