"""``bootstrap retire <plan-id>``: mark a removed plan's DECISION anchors ``[STALE]``, drop its folder.

Source files (the 33 extensions the validator's anchor walk reads) are scanned from the project root, at most 12 folders deep, skipping
dot-folders, dependency, build and ``plans`` folders, and never following symlinks. In Markdown,
only anchors inside real HTML comments are marked (code examples and prose stay byte-identical).
Each changed file is replaced atomically, through a temporary file beside it; a leftover of an
interrupted retire (``.<name>.<random>.iptmp`` beside a source file) is removed by the next retire's
walk, under the same plans-wide lock every retire holds.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from skill.errors import SkillError, shown
from skill.lifecycle.common import invocation
from skill.plans.ids import DECISION_NUM, is_plan_id
from skill.plans.markdown import comment_spans
from skill.plans.pointer import read_pointer
from skill.plans.source_comments import WALKED_EXTENSIONS
from skill.plans.store import Store, clean_stale_temps, remove_tree, temp_owner

SOURCE_EXTENSIONS = WALKED_EXTENSIONS  # the validator's anchor walk reads the same files
SKIP_DIRS = frozenset(
    "node_modules .git dist build plans target __pycache__ .cache vendor out venv .venv".split()
)
MAX_DEPTH = 12


@dataclass
class RetireResult:
    plan_id: str
    stamped: int
    files_changed: int
    removed: bool
    leftovers: int = 0  # temporary files of an interrupted retire that were removed

    def lines(self) -> list[str]:
        where = "removed." if self.removed else "not present (already deleted)."
        lines = [
            f"Retired {self.plan_id}.",
            f"  Anchors marked [STALE]: {self.stamped} across {self.files_changed} file(s).",
            f"  Plan directory: {where}",
            "  Per-plan section in plans/DECISIONS.md left intact (it is now the plan's last copy).",
        ]
        if self.leftovers:
            lines.append(f"  Removed {self.leftovers} temporary file(s) left by an interrupted retire.")
        return lines


def is_source_temp(name: str) -> bool:
    """True for a temporary file a retire makes beside a source file (``.x.py.<random>.iptmp``)."""
    owner = temp_owner(name)
    return owner is not None and os.path.splitext(owner)[1] in SOURCE_EXTENSIONS


def walk_sources(root: Path, leftovers: list[Path] | None = None) -> list[Path]:
    """Source files under ``root`` in a stable order (no symlinks, bounded depth); temporary files
    of an interrupted retire found on the way are added to ``leftovers``."""
    found: list[Path] = []

    def visit(folder: Path, depth: int) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            try:
                if entry.is_symlink():
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if entry.name.startswith(".") or entry.name in SKIP_DIRS:
                        continue
                    if depth < MAX_DEPTH:
                        visit(Path(entry.path), depth + 1)
                elif entry.is_file(follow_symlinks=False):
                    if os.path.splitext(entry.name)[1] in SOURCE_EXTENSIONS:
                        found.append(Path(entry.path))
                    elif leftovers is not None and is_source_temp(entry.name):
                        leftovers.append(Path(entry.path))
            except OSError:
                continue

    visit(root, 0)
    return found


def anchor_pattern(plan_id: str) -> re.Pattern[str]:
    """``DECISION <plan_id>/D-NNN`` not already followed by ``[STALE]``."""
    return re.compile(
        rf"(?<![A-Za-z0-9_\]])(DECISION[ \t]+{re.escape(plan_id)}/D-{DECISION_NUM})(?![ \t]+\[STALE\])"
    )


def stamp_text(text: str, plan_id: str, markdown: bool) -> tuple[str, int]:
    """Text with this plan's anchors marked, and how many were marked."""
    pattern = anchor_pattern(plan_id)
    if not markdown:
        return pattern.subn(lambda m: m.group(1) + " [STALE]", text)
    total = 0
    pieces: list[str] = []
    cursor = 0
    for start, end in comment_spans(text):
        pieces.append(text[cursor:start])
        replaced, count = pattern.subn(lambda m: m.group(1) + " [STALE]", text[start:end])
        pieces.append(replaced)
        total += count
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces), total


def retire(store: Store, plan_id: str | None) -> RetireResult:
    if not plan_id:
        raise SkillError(f"ERROR: usage: {invocation()} retire <plan-id>")
    if not is_plan_id(plan_id):
        raise SkillError(
            f"ERROR: {shown(plan_id)} is not a valid plan-id (expected "
            "plan-YYYY-MM-DDTHHMMSS-XXXXXXXX, or legacy plan_YYYY-MM-DD_XXXXXXXX)."
        )
    lock_needed = store.plans_dir.is_dir()
    if lock_needed:
        guard = store.plans_lock()
    else:
        from contextlib import nullcontext

        guard = nullcontext()
    with guard:
        if lock_needed and read_pointer(store.plans_dir) == plan_id:
            raise SkillError(f'ERROR: {plan_id} is the ACTIVE plan. Run "close" first, then "retire".')
        stamped = 0
        changed = 0
        leftovers: list[Path] = []
        sources = walk_sources(store.root, leftovers if lock_needed else None)
        for leftover in leftovers:  # every retire writes under this lock: these are stale
            store.remove(leftover)
        for path in sources:
            try:
                data = path.read_bytes()
            except OSError:
                continue
            if plan_id.encode() not in data:
                continue
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                continue  # not UTF-8: never rewrite bytes we cannot round-trip
            updated, count = stamp_text(text, plan_id, path.suffix == ".md")
            if count:
                store.write_bytes(path, updated.encode("utf-8"))
                stamped += count
                changed += 1
        target = store.plan_dir(plan_id)
        removed = False
        if target.exists() or target.is_symlink():
            removed = remove_tree(target)
        if lock_needed:
            clean_stale_temps(store.plans_dir)
    return RetireResult(plan_id, stamped, changed, removed, len(leftovers))
