"""Scope drift: the files an iteration changed, against plan.md's ``## Files To Modify``.

Changed files are the union of this iteration's changelog.md lines (a file whose last line is a
REVERT is no longer changed) and what git sees: the difference from the iteration's first
checkpoint when there is one, else the uncommitted changes; a file already untracked when the
iteration began (``execute-base.json``) counts only through the changelog. The plans/ folder never counts, nor
does a ``.gitignore`` whose only change is the plans/ entries ``bootstrap new`` adds.
"""

from __future__ import annotations

import fnmatch
import posixpath
from dataclasses import dataclass
from pathlib import Path

from skill.lifecycle import gitignore
from skill.plans import attempts, baseline, changelog
from skill.record import git
from skill.record.checkpoint import iteration_base

_SHOWN = 10


@dataclass(frozen=True)
class Scope:
    iteration: int
    base: str | None  # the commit git compared with (None: uncommitted changes only, or no git)
    changed: tuple[str, ...]
    planned: tuple[str, ...]
    unplanned: tuple[str, ...]

    @property
    def drift(self) -> bool:
        return bool(self.unplanned)

    def details(self) -> str:
        if not self.changed:
            return f"no changed file found for iteration {self.iteration}"
        if not self.unplanned:
            return f"{len(self.changed)} changed file(s), all in Files To Modify"
        shown = ", ".join(self.unplanned[:_SHOWN])
        more = f", +{len(self.unplanned) - _SHOWN} more" if len(self.unplanned) > _SHOWN else ""
        return f"unplanned: {shown}{more} ({len(self.unplanned)} of {len(self.changed)} changed)"

    def method(self) -> str:
        against = f"git diff {self.base}" if self.base else "uncommitted changes"
        return f"changelog.md iter-{self.iteration} + {against} vs Files To Modify"


def _normal(path: str) -> str:
    text = posixpath.normpath(path.strip().replace("\\", "/"))
    return text[2:] if text.startswith("./") else text


def is_planned(path: str, planned: list[str]) -> bool:
    """``path`` is listed, lies in a listed folder, or matches a listed glob."""
    for entry in planned:
        target = _normal(entry)
        if path == target or path.startswith(target.rstrip("/") + "/"):
            return True
        if any(char in target for char in "*?[") and fnmatch.fnmatchcase(path, target):
            return True
    return False


def changelog_paths(text: str | None, iteration_number: int) -> list[str]:
    """Files this iteration's changelog lines touched and did not revert last."""
    last: dict[str, str] = {}
    prefix = f"iter-{iteration_number}/"
    for _line, line in changelog.iter_entries(text or ""):
        entry = changelog.parse_line(line)
        if entry is not None and entry.step.startswith(prefix):
            last[_normal(entry.path)] = entry.op
    return [path for path, op in last.items() if not op.startswith("REVERT(")]


def _tool_only_gitignore(root: Path, base: str | None) -> bool:
    """True when .gitignore differs from ``base`` (HEAD) only by the entries ``bootstrap new`` writes."""
    try:
        current = (root / ".gitignore").read_bytes()
    except OSError:
        return False
    old = (git.file_at(root, base or "HEAD", ".gitignore") or "").encode("utf-8")
    return current == (gitignore.updated(old) or old)


def _untracked_at_start(plan_dir: Path, iteration_number: int) -> set[str]:
    """Files git did not track when this iteration began (execute-base.json): the installed skill,
    notes, tool output. Not changes of the iteration unless its changelog names them."""
    try:
        found = baseline.parse((plan_dir / baseline.BASELINE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return set()
    if found is None or found.iteration != iteration_number:
        return set()
    return {_normal(path) for path in found.iteration_untracked} - {".gitignore"}  # .gitignore has its own rule below


def changelog_iteration(state_text: str | None) -> int:
    """The iteration the changelog files this work under (state.md's ``## Iteration:``): a
    REFLECT → EXECUTE completion fix stays in it, so its scope is the whole iteration's."""
    return max(attempts.iteration_of(state_text), 1)


def compute(root: Path, plan_dir: Path, planned: list[str], changelog_text: str | None, iteration_number: int) -> Scope:
    base = iteration_base(plan_dir, iteration_number)
    seen = git.changed_since(root, base) if base else None
    if seen is None:
        base = None
        seen = git.uncommitted(root)
    before = _untracked_at_start(plan_dir, iteration_number)
    seen = [path for path in seen if _normal(path) not in before]
    changed = sorted({*changelog_paths(changelog_text, iteration_number), *(_normal(path) for path in seen)})
    changed = [path for path in changed if not (path == "plans" or path.startswith("plans/"))]
    if ".gitignore" in changed and not is_planned(".gitignore", planned) and _tool_only_gitignore(root, base):
        changed.remove(".gitignore")
    unplanned = [path for path in changed if not is_planned(path, planned)]
    return Scope(iteration_number, base, tuple(changed), tuple(planned), tuple(unplanned))
