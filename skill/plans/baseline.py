"""``execute-base.json``: where the working tree stood when the iteration and the current step began.

Written by the moves into EXECUTE and by ``step next`` / ``step set``; read by ``step next`` (which
files changed since the step began, the Complexity Budget since the iteration began) and by
``attempt --reverted`` (is the attempt's work really gone). One JSON object::

    {"iteration": 2, "iteration_commit": "<full hash or null>", "iteration_untracked": ["notes.txt"],
     "step": 3, "step_commit": "<full hash or null>",
     "step_dirty": {"notes.txt": "sha256:<hex>", "gone.py": null}, "time": "2026-11-30T21:15:50Z"}

``step_dirty`` holds the files that already differed from ``step_commit`` when the step began, with
a digest of their content then (null: absent), so only what changed during the step is asked for
in the changelog. Paths are relative to the project root, with ``/``. A null commit means no git
work tree, or a repository without commits.

The Complexity Budget counts from the iteration's first checkpoint when one exists
(:func:`first_checkpoint_commit`), else from ``iteration_commit``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace

BASELINE = "execute-base.json"


@dataclass(frozen=True)
class Baseline:
    iteration: int
    iteration_commit: str | None
    iteration_untracked: tuple[str, ...] = ()
    step: int | None = None
    step_commit: str | None = None
    step_dirty: dict[str, str | None] = field(default_factory=dict)
    time: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "iteration": self.iteration,
            "iteration_commit": self.iteration_commit,
            "iteration_untracked": list(self.iteration_untracked),
            "step": self.step,
            "step_commit": self.step_commit,
            "step_dirty": dict(sorted(self.step_dirty.items())),
            "time": self.time,
        }

    def for_step(
        self, step: int | None, commit: str | None, dirty: dict[str, str | None], when: str
    ) -> Baseline:
        return replace(self, step=step, step_commit=commit, step_dirty=dict(dirty), time=when)


def render(baseline: Baseline) -> str:
    """The one writer of execute-base.json."""
    return json.dumps(baseline.as_dict(), indent=2, ensure_ascii=False) + "\n"


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def parse(text: str | None) -> Baseline | None:
    """The recorded baseline, or None when the file is missing or not in this shape."""
    try:
        data = json.loads(text or "")
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("iteration"), int):
        return None
    untracked = data.get("iteration_untracked")
    dirty = data.get("step_dirty")
    step = data.get("step")
    when = data.get("time")
    return Baseline(
        iteration=data["iteration"],
        iteration_commit=_text_or_none(data.get("iteration_commit")),
        iteration_untracked=tuple(p for p in untracked if isinstance(p, str)) if isinstance(untracked, list) else (),
        step=step if isinstance(step, int) else None,
        step_commit=_text_or_none(data.get("step_commit")),
        step_dirty=(
            {k: _text_or_none(v) for k, v in dirty.items() if isinstance(k, str)} if isinstance(dirty, dict) else {}
        ),
        time=when if isinstance(when, str) else "",
    )


# -- checkpoints (LOOP-B owns their format; this reads the two facts the budget needs) ------------

CHECKPOINT_NAME_RE = re.compile(r"cp-([0-9]{3,})-iter([0-9]+)\.md")
_GIT_STATE_RE = re.compile(r"^##[ \t]*Git State:[ \t]*(?:commit[ \t]+)?`?([0-9a-f]{7,40})\b", re.M)


def first_checkpoint(names: list[str], iteration: int) -> str | None:
    """The lowest-numbered ``cp-NNN-iter<iteration>.md`` among ``names``, or None."""
    found = []
    for name in names:
        match = CHECKPOINT_NAME_RE.fullmatch(name)
        if match and int(match.group(2)) == iteration:
            found.append((int(match.group(1)), name))
    return min(found)[1] if found else None


def checkpoint_commit(text: str | None) -> str | None:
    """The commit of a checkpoint's ``## Git State: commit <hash>`` line."""
    match = _GIT_STATE_RE.search(text or "")
    return match.group(1) if match else None
