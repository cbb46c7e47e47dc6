from __future__ import annotations

import re
from pathlib import Path

from tests.support.cli import run_cli

NEW_ID = re.compile(r"plan-[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{6}-[0-9a-f]{8}")


def bootstrap(root: Path, *args: str, **kw):
    return run_cli(root, "bootstrap", *args, **kw)


def new_plan(root: Path, goal: str = "Test goal") -> str:
    result = bootstrap(root, "new", goal)
    assert result.returncode == 0, result.stderr
    return pointer(root)


def pointer(root: Path) -> str:
    return (root / "plans" / ".current_plan").read_text()


def read(root: Path, rel: str) -> str:
    return (root / rel).read_text(encoding="utf-8")


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def plan_dirs(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "plans").iterdir() if p.is_dir() and p.name.startswith("plan"))
