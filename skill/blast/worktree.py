"""Signals read from the working tree and the active plan: test credit and iteration history."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from pathlib import Path

from skill.blast import git
from skill.blast.graph.langs import is_test_path, test_names_for
from skill.blast.textsearch import read_bytes


def changed_paths(root: Path) -> list[str]:
    """Paths changed against HEAD (or the index) plus untracked ones, root-relative."""
    paths: list[str] = []
    for args in (["diff", "HEAD"], ["diff"]):
        result = git.run_git([*args, "--name-only", "-z", "--no-renames"], root)
        if result.ok:
            paths.extend(git.split_z(result.stdout))
            break
    status = git.run_git(["status", "--porcelain", "-z", "--untracked-files=all"], root)
    if status.ok:
        records = status.stdout.split("\0")
        index = 0
        while index < len(records):
            record = records[index]
            index += 1
            if len(record) < 4:
                continue
            if record.startswith("??"):
                paths.append(record[3:])
            elif record[0] in "RC":
                index += 1  # a rename/copy carries its source path as the next record
    return list(dict.fromkeys(paths))


def test_credit(root: Path, root_rel: str, stem: str, importing_tests: Iterable[str]) -> bool:
    """True when a changed or new test file covers ``root_rel``.

    A test covers it when it imports it, is named after it (``test_store.py`` for ``store.py``)
    or mentions its base name (the original's rule).
    """
    if not stem:
        return False
    importing = set(importing_tests)
    names = set(test_names_for(root_rel))
    needle = re.compile(re.escape(stem))
    for candidate in changed_paths(root):
        if candidate == root_rel or not is_test_path(candidate):
            continue
        if candidate in importing or posixpath.basename(candidate) in names:
            return True
        data = read_bytes(str(root / candidate))
        if data and needle.search(data.decode("utf-8", errors="replace")):
            return True
    return False


def history_mention(root: Path, root_rel: str) -> bool:
    """True when the active plan's state.md or a checkpoint names ``root_rel``."""
    from skill.plans.pointer import read_pointer
    from skill.plans.textio import read_text

    plan_id = read_pointer(root / "plans")
    if plan_id is None:
        return False
    plan_dir = root / "plans" / plan_id
    candidates = [plan_dir / "state.md"]
    checkpoints = plan_dir / "checkpoints"
    try:
        candidates += sorted(p for p in checkpoints.iterdir() if p.name.endswith(".md"))
    except OSError:
        pass
    regex = re.compile(rf"(`|\s){re.escape(root_rel)}(`|\s|\Z)")
    for path in candidates:
        text = read_text(path)
        if text is not None and regex.search(text):
            return True
    return False
