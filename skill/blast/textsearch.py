"""The original's dependents count, kept for languages the import graph does not read.

A file counts as a dependent when its text matches an import idiom followed by the scored file's
base name (without extension): ``from '…name'``, ``require('…name')``, ``import …name``,
``use …name``, ``include "…name"``. ``git grep`` does the search (tracked and untracked files,
``plans/`` and the file itself excluded); when ``git grep`` fails, a bounded walk of the tree in
Python does it instead, skipping ``.git``, ``node_modules``, ``dist`` and ``plans``.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from skill.blast import git

#: Directories the fallback scan never enters.
SKIPPED_DIRS = frozenset({".git", "node_modules", "dist", "plans"})
BINARY_SNIFF = 8000
READ_CAP = 4 * 1024 * 1024


def dependents_pattern(stem: str) -> str:
    base = re.sub(r"[.*+?^${}()|\[\]\\]", lambda m: "\\" + m.group(0), stem)
    return (
        f"(from ['\"][^'\"]*{base}['\"]"
        f"|require\\(['\"][^'\"]*{base}['\"]\\)"
        f"|import [^;]*{base}"
        f"|use [a-zA-Z0-9_:]*{base}"
        f'|include ["<][^">]*{base})'
    )


def grep_args(pattern: str, root_rel: str) -> list[str]:
    """The ``git grep`` listing files that match ``pattern`` (the file itself and plans/ out)."""
    return [
        "grep",
        "-E",
        "-l",
        "-z",
        "-I",
        "--untracked",
        "--no-color",
        "-e",
        pattern,
        "--",
        ":(top)",
        git.exclude_literal(root_rel),
        ":(top,exclude)plans/",
    ]


def count_dependents(root: Path, root_rel: str, stem: str) -> int:
    """Files (other than ``root_rel``) whose text names ``stem`` after an import idiom."""
    if not stem or "\n" in stem or "\r" in stem:
        return 0
    pattern = dependents_pattern(stem)
    result = git.run_git(grep_args(pattern, root_rel), root)
    if result.ok:
        return len([name for name in git.split_z(result.stdout) if name != root_rel])
    if result.no_match:
        return 0
    return _scan(root, root_rel, pattern, os.path.splitext(root_rel)[1])


def _scan(root: Path, root_rel: str, pattern: str, ext: str) -> int:
    """Fallback when ``git grep`` fails: walk the tree in Python (same extension only)."""
    regex = re.compile(pattern)
    deadline = time.monotonic() + git.git_timeout()
    count = 0
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS]
        for name in files:
            if ext and not name.endswith(ext):
                continue
            full = os.path.join(folder, name)
            rel = os.path.relpath(full, root).replace(os.sep, "/")
            if rel == root_rel:
                continue
            data = read_bytes(full)
            if data is not None and b"\0" not in data[:BINARY_SNIFF]:
                if regex.search(data.decode("utf-8", errors="replace")):
                    count += 1
        if time.monotonic() > deadline:
            break
    return count


def read_bytes(path: str, cap: int = READ_CAP) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read(cap)
    except OSError:
        return None
