"""``dashboard --watch``: rebuild when plan files change, rewrite only the pages that changed.

Once a second it compares signatures — (name, mtime, size) of each entry — of ``plans/`` in every
worktree and of each open plan folder with one level of sub-folders (``findings/``,
``checkpoints/``, logs). Closed plans' folders and the worktree registry are compared every
:data:`FULL_EVERY` polls. Between polls the process sleeps, and a poll is a few hundred ``stat``
calls at most, so watching costs next to nothing while nothing changes. When something differs,
only the plans whose own files changed are read again, and only pages whose content changed are
written. Open pages reload themselves: each polls ``live.js`` (the page versions) and reloads when
its own version changed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from skill.blast.git import run_git
from skill.dashboard import BuildResult, build
from skill.dashboard.collect import Loader
from skill.dashboard.load.tree import plans_dir
from skill.dashboard.worktrees import list_worktrees

INTERVAL = 1.0
#: Every this many polls, closed plans and the worktree list are compared too.
FULL_EVERY = 30


def _listing(folder: str, depth: int, stat_dirs: bool = True) -> tuple[tuple[str, int, int], ...]:
    """(name, mtime, size) of each entry (folders ``depth`` levels down too; with ``stat_dirs``
    false a folder is listed by name only)."""
    out: list[tuple[str, int, int]] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                is_dir = entry.is_dir(follow_symlinks=False)
                if is_dir and not stat_dirs:
                    out.append((entry.name, 0, 0))
                    continue
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                out.append((entry.name, info.st_mtime_ns, info.st_size))
                if depth and is_dir:
                    out += [(f"{entry.name}/{n}", m, s) for n, m, s in _listing(entry.path, depth - 1)]
    except OSError:
        pass
    return tuple(sorted(out))


def _plans_listing(plans: Path, previous: object) -> tuple[int, tuple[tuple[str, int, int], ...]]:
    """``plans/`` itself: (folder mtime, its entries). The folder's own mtime changes whenever an
    entry is added, removed or renamed, so while it stands still only the files are stat-ed again."""
    try:
        mtime = os.stat(plans).st_mtime_ns
    except OSError:
        return (0, ())
    if isinstance(previous, tuple) and previous and previous[0] == mtime:
        entries = []
        for name, old_mtime, old_size in previous[1]:
            if old_mtime == 0 and old_size == 0:
                entries.append((name, 0, 0))  # a folder, compared on its own
                continue
            try:
                info = os.stat(plans / name, follow_symlinks=False)
            except OSError:
                continue
            entries.append((name, info.st_mtime_ns, info.st_size))
        return (mtime, tuple(entries))
    return (mtime, _listing(str(plans), 0, stat_dirs=False))


def signatures(roots: Iterable[Path], registry: Path | None = None, only: set[str] | None = None,
               previous: dict[str, object] | None = None) -> dict[str, object]:
    """Folder path → signature: ``plans/`` of each root and its plan folders (``only`` those given).

    With ``previous`` (the last signatures), an unchanged ``plans/`` folder is not listed again.
    """
    found: dict[str, object] = {}
    for root in roots:
        plans = plans_dir(root)
        top = _plans_listing(plans, (previous or {}).get(str(plans)))
        found[str(plans)] = top
        names = [name for name, _mtime, _size in top[1] if name.startswith("plan")]
        base = str(plans) + os.sep
        if only is not None:
            names = [name for name in names if base + name in only]
        for name in names:
            found[base + name] = _listing(base + name, 1)
    if registry is not None and only is None:
        found[str(registry)] = _listing(str(registry), 0)
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
    result = build(root, folder, plan=plan, loader=loader, signatures=seen)
    on_build(result)
    polls = 0
    while keep_going():
        time.sleep(interval)
        polls += 1
        full = polls % FULL_EVERY == 0
        now = signatures(roots, registry, None if full else set(result.open_folders), seen)
        if full:
            changed = now != seen
        else:
            changed = any(seen.get(key) != value for key, value in now.items())
        if not changed:
            continue
        if registry is not None and now.get(str(registry), seen.get(str(registry))) != seen.get(str(registry)):
            roots = [Path(tree.path) for tree in list_worktrees(Path(root))]
            now = signatures(roots, registry)
        seen = now if full else {**seen, **now}
        result = build(root, folder, plan=plan, loader=loader, signatures=seen)
        on_build(result)
