"""Plan folders for tests, built the way users build them: ``bootstrap new`` (the library's
``create_plan``), then the real checked commands; only content files are written by hand."""

from __future__ import annotations

from pathlib import Path

from skill.lifecycle.new import create_plan
from skill.plans.store import Store


def new_plan(root: Path, goal: str = "Test goal") -> Path:
    """A fresh active plan under ``root`` (as ``bootstrap new`` makes it); its folder."""
    return create_plan(Store(root), goal).plan_dir


def write_content(plan_dir: Path, files: dict[str, str]) -> None:
    """Content the agent writes by hand (plan.md sections, findings, verification rows…)."""
    for name, text in files.items():
        path = plan_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
