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


def set_state_fields(
    plan_dir: Path, *, state: str | None = None, iteration: str | None = None, step: str | None = None
) -> None:
    """Put state.md's fields where a test needs them, through the state.md owner's writers.

    For situations no command sequence reaches cheaply (an iteration-2 plan on step 3 of 5, a plan
    in EXECUTE with no step); everything else in the folder stays as ``bootstrap new`` wrote it.
    """
    from skill.plans import state as statefile

    path = plan_dir / "state.md"
    text = path.read_text(encoding="utf-8")
    if state is not None:
        text = statefile.set_state(text, state)
    if iteration is not None:
        text = statefile.set_field(text, statefile.ITERATION_LABEL, iteration)
    if step is not None:
        text = statefile.set_step(text, step)
    path.write_text(text, encoding="utf-8")


def add_decision(plan_dir: Path, number: int = 1, phase: str = "PLAN", date: str = "2026-01-02") -> None:
    """Append one well-formed decisions.md entry through the decisions.md owner's writer."""
    from skill.plans.decisions import NewEntry, append_entries

    path = plan_dir / "decisions.md"
    entry = NewEntry(
        number,
        phase,
        date,
        (
            ("Context", "a choice had to be made"),
            ("Decision", "x"),
            ("Trade-off", "speed **at the cost of** scope"),
            ("Reasoning", "tests need one entry"),
        ),
    )
    path.write_text(append_entries(path.read_text(encoding="utf-8"), [entry]), encoding="utf-8")


def active_plan_id(root: Path) -> str:
    return (root / "plans" / ".current_plan").read_text(encoding="utf-8")
