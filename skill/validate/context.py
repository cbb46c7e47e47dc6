"""What every check reads: the plan folder's files (each read once) and facts derived from them."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from skill.plans import state as statefile
from skill.plans.markdown import strip_comments
from skill.plans.textio import read_raw, read_text
from skill.validate.issues import IssueSink
from skill.validate.locate import PlanTarget, plans_dir


class PlanContext:
    """One validation run: the target, the issues found so far, and cached file contents."""

    def __init__(self, target: PlanTarget) -> None:
        self.target = target
        self.root = target.root
        self.plan_dir = target.path
        self.plan_id = target.plan_id
        self.plans_dir = plans_dir(target.root)
        self.sink = IssueSink()
        self._texts: dict[str, str | None] = {}

    # -- files -------------------------------------------------------------------------------
    def plan_file(self, name: str) -> str | None:
        """A plan-folder file's text (BOM dropped, CRLF → LF), or None when unreadable."""
        key = f"plan:{name}"
        if key not in self._texts:
            self._texts[key] = read_text(self.plan_dir / name)
        return self._texts[key]

    def plans_file(self, name: str, raw: bool = False) -> str | None:
        """A file under ``plans/`` (raw keeps line endings as they are)."""
        key = f"{'raw' if raw else 'text'}:plans/{name}"
        if key not in self._texts:
            reader = read_raw if raw else read_text
            self._texts[key] = reader(self.plans_dir / name)
        return self._texts[key]

    def plan_exists(self, name: str) -> bool:
        return (self.plan_dir / name).exists()

    def plans_exists(self, name: str) -> bool:
        return (self.plans_dir / name).exists()

    # -- state.md ----------------------------------------------------------------------------
    @property
    def state_text(self) -> str | None:
        return self.plan_file("state.md")

    @cached_property
    def state(self) -> str:
        """The current state upper-cased ('' when unknown), for gating."""
        return (statefile.current_state(self.state_text) or "").upper()

    @cached_property
    def iteration_text(self) -> str | None:
        return statefile.declared_iteration(self.state_text)

    @cached_property
    def state_stripped(self) -> str | None:
        text = self.state_text
        return strip_comments(text) if text else None

    def rel(self, path: Path) -> str:
        """``path`` relative to the project root, with forward slashes."""
        try:
            return Path(path).relative_to(self.root).as_posix()
        except ValueError:
            return Path(path).as_posix()
