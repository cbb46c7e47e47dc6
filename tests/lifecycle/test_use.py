"""`bootstrap use`, and status/resume/hook naming the unclosed plans when the pointer is lost."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from skill.plans.store import FAULT_EXIT_STATUS, Store
from tests.lifecycle.helpers import bootstrap, new_plan, pointer, read, write
from tests.support.cli import run_cli
from tests.support.env import clean_env


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "plans").rglob("*"))
            if p.is_file() and p.name != ".lock"}


def test_lost_pointer_is_named_and_recovered(project: Path) -> None:
    closed = new_plan(project, "First goal")
    assert bootstrap(project, "close").returncode == 0
    plan = new_plan(project, "Second goal")
    write(project, "plans/.current_plan", "../../etc")
    status = bootstrap(project, "status")
    assert status.returncode == 0 and status.stdout == "No active plan.\n"
    assert f"{plan}  [EXPLORE] Second goal" in status.stderr and closed not in status.stderr
    assert f"bootstrap use {plan}" in status.stderr
    resume = bootstrap(project, "resume")
    assert resume.returncode == 1 and "No active plan" in resume.stderr and f"bootstrap use {plan}" in resume.stderr
    hook = run_cli(project, "hook", "session-start", input=json.dumps({"cwd": str(project)}))
    context = json.loads(hook.stdout)["hookSpecificOutput"]["additionalContext"]
    assert "no active plan" in context and f"bootstrap use {plan}" in context

    result = bootstrap(project, "use", plan)
    assert result.returncode == 0 and f"Active plan: plans/{plan} [EXPLORE]" in result.stdout
    assert pointer(project) == plan
    data = json.loads(bootstrap(project, "use", plan, "--json").stdout)
    assert data["already_active"] is True and data["plan_id"] == plan and data["state"] == "EXPLORE"


def test_use_refusals_write_nothing(project: Path) -> None:
    closed = new_plan(project, "done")
    bootstrap(project, "close")
    active = new_plan(project, "active")
    other = "plan-2026-01-05T101112-eeeeeeee"
    write(project, f"plans/{other}/state.md", "# Current State: PLAN\n")
    before = files(project)
    for args, code, text in (
        (["use"], 2, "use needs a plan id"),
        (["use", "a", "b"], 2, "one plan id"),
        (["use", "not-a-plan"], 1, "is not a plan id"),
        (["use", "plan-2026-01-01T000000-ffffffff"], 1, "not a plan folder"),
        (["use", closed], 1, "a closed plan stays closed"),
        (["use", other], 1, f"plans/{active} is the active plan"),
    ):
        result = bootstrap(project, *args)
        assert result.returncode == code and text in result.stderr, (args, result.stderr)
        assert files(project) == before
    with Store(project).plans_lock():
        write(project, "plans/.current_plan", "")
        result = bootstrap(project, "use", other, env=clean_env(IP_LOCK_TIMEOUT="0.5"))
        assert result.returncode == 1 and "could not lock" in result.stderr
    assert read(project, "plans/.current_plan") == ""


def test_use_without_plans_folder(project: Path) -> None:
    result = bootstrap(project, "use", "plan-2026-01-01T000000-ffffffff")
    assert result.returncode == 1 and "no plans/ folder" in result.stderr
    assert not (project / "plans").exists()


def test_use_killed_leaves_old_or_new_pointer(project: Path, tmp_path: Path) -> None:
    plan = new_plan(project)
    write(project, "plans/.current_plan", "garbage")
    work = tmp_path / "copy"
    shutil.copytree(project, work)
    result = run_cli(work, "bootstrap", "use", plan, env=clean_env(IP_FAULT_AFTER_WRITES="1"))
    assert result.returncode == FAULT_EXIT_STATUS
    assert pointer(work) == plan  # the one write happened whole
    assert not [p for p in (work / "plans").iterdir() if p.name.endswith(".iptmp")]


def test_status_shows_unknown_states(project: Path) -> None:
    plan = new_plan(project, "Goal")
    path = project / "plans" / plan / "state.md"
    path.write_text(path.read_text().replace("# Current State: EXPLORE", "# Current State: EXECUTEE"))
    assert bootstrap(project, "status").stdout.startswith("[UNKNOWN(EXECUTEE)] ")
    assert "State:      UNKNOWN(EXECUTEE)" in bootstrap(project, "resume").stdout
    path.write_text(path.read_text().replace("EXECUTEE", "execute"))
    assert bootstrap(project, "status").stdout.startswith("[execute] ")
