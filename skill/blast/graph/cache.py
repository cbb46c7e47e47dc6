"""Where the import graph is cached, and how it is read and written.

The cache lives inside the repository's own git folder (``<git-dir>/iterative-planner/``, one
per worktree) so it never appears in the working tree or in ``git status``. When that folder
cannot be written, a per-user cache folder (``platformdirs``) is used, keyed by the repository
path. It is a JSON file holding, per file, its size and modification time and what was read from
it, plus each file's resolved imports and the commit it was last written at.

A cache is only ever a shortcut: a missing, unreadable, foreign or half-written file is ignored
and rebuilt. It is written to a unique temporary file and renamed into place, so concurrent
scorers never read a torn file; the last writer wins. It is not fsynced (a lost cache costs one
rebuild) and it is not written through :mod:`skill.plans.store`, which owns plan files.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skill.blast import git

#: Bump when the scanners, resolvers or file layout change what a cached entry means.
FORMAT = 2
FILE_NAME = f"import-graph-v{FORMAT}.json"
FOLDER_NAME = "iterative-planner"


@dataclass
class CacheData:
    """What one cache file holds. ``entries``: path -> [size, mtime_ns, payload]."""

    head: str = ""
    entries: dict[str, list[Any]] = field(default_factory=dict)
    edges: dict[str, list[str]] = field(default_factory=dict)

    def as_json(self) -> bytes:
        data = {
            "format": FORMAT,
            "head": self.head,
            "entries": self.entries,
            "edges": self.edges,
        }
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def locations(root: Path) -> list[Path]:
    """Candidate cache files, preferred first: inside the git folder, then the user cache."""
    out: list[Path] = []
    result = git.run_git(["rev-parse", "--absolute-git-dir"], root)
    if result.ok and result.stdout.strip():
        out.append(Path(result.stdout.strip()) / FOLDER_NAME / FILE_NAME)
    try:
        import platformdirs

        user = Path(platformdirs.user_cache_dir("iterative-planner", appauthor=False))
        key = hashlib.sha1(str(root).encode("utf-8", "surrogateescape")).hexdigest()[:16]
        out.append(user / "import-graph" / f"{key}-{FILE_NAME}")
    except Exception:  # platformdirs missing or no home folder: the git folder alone
        pass
    return out


def load(candidates: list[Path]) -> CacheData:
    """The first readable cache of the current format, or an empty one."""
    for path in candidates:
        try:
            data = json.loads(path.read_bytes())
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            continue
        entries, edges = data.get("entries"), data.get("edges")
        if isinstance(entries, dict) and isinstance(edges, dict):
            return CacheData(
                head=str(data.get("head", "")),
                entries=entries,
                edges=edges,
            )
    return CacheData()


def save(candidates: list[Path], cache: CacheData) -> Path | None:
    """Write the cache to the first location that accepts it; None when none does."""
    payload = cache.as_json()
    for path in candidates:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=".graph.", suffix=".tmp", dir=path.parent)
        except OSError:
            continue
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
            os.replace(temp, path)
            return path
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temp)
    return None
