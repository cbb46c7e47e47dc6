"""The project root, one rule for every command: --root (before or after the command), then
$IP_PLAN_ROOT, then the nearest plans/.current_plan upwards (not past the git top), then the cwd.
A root that does not exist is an error and is never created."""

from __future__ import annotations

import pytest

from skill.plans.root import find_root
from tests.lifecycle.helpers import bootstrap, new_plan, pointer, read
from tests.support.cli import run_cli
from tests.support.env import clean_env


def test_status_and_close_honour_root_after_the_subcommand(project, tmp_path):
    b = tmp_path / "B"
    b.mkdir()
    result = bootstrap(project, "new", "Goal X", "--root", "../B")
    assert result.returncode == 0, result.stderr
    assert not (project / "plans").exists()
    plan = pointer(b)
    assert "## Goal\nGoal X\n" in read(b, f"plans/{plan}/plan.md")  # the flag is not in the goal
    status = bootstrap(project, "status", "--root", str(b))
    assert status.returncode == 0 and plan in status.stdout and "Goal X" in status.stdout
    assert bootstrap(project, "status", f"--root={b}").stdout == status.stdout
    listed = bootstrap(project, "list", "--json", "--root", str(b))
    assert listed.returncode == 0 and plan in listed.stdout
    closed = bootstrap(project, "close", "--root", "../B")
    assert closed.returncode == 0, closed.stderr
    assert not (b / "plans" / ".current_plan").exists()
    # before the subcommand, on the group
    assert run_cli(project, "--root", str(b), "bootstrap", "new", "Again").returncode == 0
    assert (b / "plans" / ".current_plan").exists()


def test_root_needs_a_value(project):
    result = bootstrap(project, "status", "--root")
    assert result.returncode == 2 and "--root needs a folder" in result.stderr


def test_missing_root_is_an_error_and_never_created(project, tmp_path):
    missing = tmp_path / "nonexistent"
    result = run_cli(project, "bootstrap", "new", "x", env=clean_env(IP_PLAN_ROOT=str(missing)))
    assert result.returncode == 1
    assert "does not exist" in result.stderr and "IP_PLAN_ROOT" in result.stderr
    assert "Traceback" not in result.stderr
    assert not missing.exists() and not (project / "plans").exists()
    result = bootstrap(project, "new", "x", "--root", str(missing))
    assert result.returncode == 1 and not missing.exists()
    afile = tmp_path / "afile"
    afile.write_text("")
    result = bootstrap(project, "status", "--root", str(afile))
    assert result.returncode == 1 and "is not a folder" in result.stderr


#: one invocation per command, with its required arguments, ``--root`` given after the command
EVERY_COMMAND = [
    ["bootstrap", "status"],
    ["bootstrap", "banner"],
    ["validate-plan"],
    ["validate-plan", "--pre-step"],
    ["emit-state", "--state", "plan"],
    ["emit-template", "--name", "plan"],
    ["blast-radius", "a.py"],
    ["log-edit", "--file", "a.py", "--reason", "r"],
    ["compress-changelog"],
    ["transition", "PLAN"],
    ["attempt", "--what", "x", "--result", "failed"],
    ["step", "next"],
    ["execplan", "lint", "x.md"],
    ["execplan", "export"],
    ["execplan", "import", "x.md"],
    ["receipt", "check", "x.json"],
    ["install", "--dry-run"],
    ["uninstall", "--dry-run"],
    ["doctor", "--no-run"],
    ["package", "--dry-run"],
]


@pytest.mark.parametrize("args", EVERY_COMMAND, ids=" ".join)
def test_every_command_takes_root_after_it(project, tmp_path, args):
    missing = tmp_path / "nope"
    result = run_cli(project, *args, "--root", str(missing))
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert f"the project root {missing} (from --root) does not exist" in result.stderr
    assert "Traceback" not in result.stderr and not missing.exists()


def test_hook_reports_a_missing_root_but_never_fails_the_session(project, tmp_path):
    result = run_cli(project, "hook", "session-start", "--root", str(tmp_path / "nope"), input="{}")
    assert result.returncode == 0 and result.stdout == ""
    assert "does not exist" in result.stderr


def test_commands_find_the_plan_from_a_subfolder(project):
    plan = new_plan(project)
    deep = project / "src" / "pkg"
    deep.mkdir(parents=True)
    status = bootstrap(deep, "status")
    assert status.returncode == 0 and plan in status.stdout
    assert run_cli(deep, "transition", "PLAN", "--note", "n").returncode == 1  # refused, but found
    gate = run_cli(deep, "validate-plan", "--pre-step")
    assert "wrong-state" in gate.stdout
    assert not (deep / "plans").exists()
    # and `new` there refuses, since the project already has an active plan
    assert bootstrap(deep, "new", "Other").returncode == 1


def test_monorepo_subfolder_plan_and_the_hook(project):
    svc = project / "svc"
    (svc / "src").mkdir(parents=True)
    assert bootstrap(svc, "new", "Service goal").returncode == 0
    assert (svc / "plans" / ".current_plan").exists() and not (project / "plans").exists()
    for cwd in (svc, svc / "src"):
        hook = run_cli(cwd, "hook", "session-start", input=f'{{"cwd": "{cwd}"}}')
        assert "Service goal" in hook.stdout, hook.stderr
    # the top of the repository holds no plan: nothing to inject there
    assert run_cli(project, "hook", "session-start", input=f'{{"cwd": "{project}"}}').stdout == ""


def test_search_stops_at_the_git_top(tmp_path):
    outer = tmp_path / "outer"
    (outer / "plans").mkdir(parents=True)
    (outer / "plans" / ".current_plan").write_text("plan-x")
    (outer / "x").mkdir()
    inner = outer / "inner"
    (inner / ".git").mkdir(parents=True)
    (inner / "a").mkdir()
    assert find_root(env={}, cwd=inner / "a") == inner / "a"  # another repository: not outer's plan
    assert find_root(env={}, cwd=outer / "x") == outer
    assert find_root(env={"IP_PLAN_ROOT": str(inner)}, cwd=outer / "x") == inner
    assert find_root(str(outer / "x"), env={"IP_PLAN_ROOT": str(inner)}) == outer / "x"


def test_bootstrap_refuses_a_bare_double_dash_like_the_original(project):
    result = bootstrap(project, "--", "goal")
    assert result.returncode == 1
    assert result.stderr.startswith('ERROR: Unknown flag "--".')
    assert not (project / "plans").exists()
    # `new --` keeps everything after `new` as the goal, as before
    assert bootstrap(project, "new", "--").returncode == 0


def test_missing_root_in_the_library_is_a_skill_error():
    from skill.errors import SkillError

    with pytest.raises(SkillError) as info:
        find_root("/definitely/not/here", env={})
    assert info.value.exit_code == 1 and "does not exist" in info.value.message
