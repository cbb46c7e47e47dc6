"""``dashboard --watch``: rebuild when plan files change, rewrite only the pages that changed.

Every :data:`INTERVAL` seconds it takes a signature of the plan files: (name, mtime, size) of each
file in ``plans/``, in each plan folder and one level of sub-folders (``findings/``,
``checkpoints/``, logs), per worktree, plus the repository's worktree registry. Between polls the
process sleeps; a poll is a few ``stat`` calls, so watching costs next to nothing while nothing
changes. When the signature differs, only the plans whose own files changed are read again.
Open pages reload themselves: each polls ``live.js`` (the page versions) and reloads when its own
version changed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from skill.blast.git import run_git
from skill.dashboard import BuildResult, build
from skill.dashboard.collect import Loader
from skill.dashboard.worktrees import list_worktrees

INTERVAL = 1.0

Signature = tuple[tuple[str, int, int], ...]


def _listing(folder: str, depth: int) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                out.append((entry.name, info.st_mtime_ns, info.st_size))
                if depth and entry.is_dir(follow_symlinks=False):
                    out += [(f"{entry.name}/{n}", m, s) for n, m, s in _listing(entry.path, depth - 1)]
    except OSError:
        pass
    out.sort()
    return out


def signatures(roots: list[Path], registry: Path | None = None) -> dict[str, object]:
    """Folder path → its signature: ``plans/`` of each root, and each plan folder in it."""
    found: dict[str, object] = {}
    for root in roots:
        plans = Path(root) / "plans"
        top = _listing(str(plans), 0)
        found[str(plans)] = tuple(top)
        for name, _mtime, _size in top:
            if name.startswith("plan"):
                folder = str(plans / name)
                found[folder] = tuple(_listing(folder, 1))
    if registry is not None:
        found[str(registry)] = tuple(_listing(str(registry), 0))
    return found


def worktree_registry(root: Path) -> Path | None:
    """``<git common dir>/worktrees``: it changes when a worktree is added or removed."""
    result = run_git(["rev-parse", "--git-common-dir"], root)
    if not result.ok or not result.stdout.strip():
        return None
    common = Path(result.stdout.strip())
    return (common if common.is_absolute() else Path(root) / common) / "worktrees"


def watch(
    root: Path,
    folder: Path,
    *,
    plan: str | None = None,
    on_build: Callable[[BuildResult], None],
    keep_going: Callable[[], bool] = lambda: True,
    interval: float = INTERVAL,
) -> None:
    """Build, then poll and rebuild on change until ``keep_going()`` is false (or Ctrl-C)."""
    loader = Loader(Path(root))
    registry = worktree_registry(Path(root))
    roots = [Path(tree.path) for tree in list_worktrees(Path(root))]
    seen = signatures(roots, registry)
    on_build(build(root, folder, plan=plan, loader=loader, signatures=seen))
    while keep_going():
        time.sleep(interval)
        now = signatures(roots, registry)
        if now == seen:
            continue
        if registry is not None and now.get(str(registry)) != seen.get(str(registry)):
            roots = [Path(tree.path) for tree in list_worktrees(Path(root))]
            now = signatures(roots, registry)
        seen = now
        on_build(build(root, folder, plan=plan, loader=loader, signatures=now))
