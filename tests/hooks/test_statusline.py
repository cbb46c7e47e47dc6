"""``statusline``: one short line from Claude Code's statusLine JSON, whatever fields are missing."""

from __future__ import annotations

from pathlib import Path

from skill.hooks.statusline import step_text
from tests.hooks.helpers import hook
from tests.support.plans import set_state_fields
from tests.transitions.helpers import ok, plan_path, to_execute

DOCS_EXAMPLE = {  # the test input Claude Code's statusline docs use, pointed at the project
    "model": {"display_name": "Opus"},
    "context_window": {"used_percentage": 25},
    "session_id": "test-session-abc",
}


def line(root: Path, payload: object, **env: str) -> str:
    done = hook(root, "statusline", payload, **env)  # type: ignore[arg-type]
    assert done.stderr == ""
    return done.stdout


def test_no_plan_prints_nothing(project: Path) -> None:
    assert line(project, {**DOCS_EXAMPLE, "workspace": {"current_dir": str(project)}}) == ""


def test_explore_and_execute_lines(project: Path) -> None:
    ok(project, "bootstrap", "new", "A goal")
    assert line(project, {**DOCS_EXAMPLE, "workspace": {"current_dir": str(project)}}) == "IP EXPLORE · iter 0\n"


def test_execute_shows_step_attempts_and_iteration(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    root.mkdir()
    to_execute(root)
    ok(root, "attempt", "--what", "try", "--result", "failed")
    payload = {**DOCS_EXAMPLE, "cwd": str(root), "workspace": {"current_dir": str(root), "project_dir": str(root)}}
    assert line(root, payload) == "IP EXECUTE · step 1/3 · fix 1/2 · iter 1\n"
    set_state_fields(plan_path(root, "state.md").parent, step="3 of 3 (all steps done)")
    assert line(root, payload) == "IP EXECUTE · steps done · fix 1/2 · iter 1\n"


def test_missing_or_odd_fields_fall_back_to_the_current_folder(project: Path) -> None:
    ok(project, "bootstrap", "new", "A goal")
    sub = project / "src"
    sub.mkdir()
    expected = "IP EXPLORE · iter 0\n"
    for payload in ("", "{}", "nonsense", {"workspace": None}, {"workspace": {"current_dir": None}},
                    {"cwd": 12, "context_window": {"used_percentage": None}},
                    {"workspace": {"current_dir": str(project / "gone")}}):
        assert line(project, payload) == expected, payload
    # the session's folder counts before the process's: a subfolder finds the plan above it
    assert line(project.parent, {"workspace": {"current_dir": str(sub)}}) == expected
    assert line(project.parent, {"cwd": str(sub)}) == expected
    assert line(project.parent, {"workspace": {"project_dir": str(project)}}) == expected


def test_switched_off(project: Path) -> None:
    ok(project, "bootstrap", "new", "A goal")
    assert line(project, {}, IP_DISABLED="1") == ""


def test_step_text() -> None:
    assert step_text("2 of 5") == "step 2/5"
    assert step_text("N/A") is None and step_text(None) is None and step_text("") is None
    assert step_text("5 of 5 (all steps done)") == "steps done"
    assert step_text("3") == "step 3"
