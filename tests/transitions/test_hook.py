"""``hook session-start``: Claude Code's SessionStart JSON, scoped to the project."""

from __future__ import annotations

import json

from skill import hooks
from tests.support.cli import run_cli
from tests.support.env import clean_env
from tests.transitions.helpers import new_plan, ok


def hook(cwd, payload="", **env):  # type: ignore[no-untyped-def]
    return run_cli(cwd, "hook", "session-start", input=payload, env=clean_env(**env))


def test_active_plan_is_injected(project):
    plan_id = new_plan(project)
    result = hook(project, json.dumps({"cwd": str(project), "source": "compact", "session_id": "s"}))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    output = data["hookSpecificOutput"]
    assert output["hookEventName"] == "SessionStart"
    context = output["additionalContext"]
    assert "(session compact)" in context
    assert f"Resuming plans/{plan_id}/" in context
    assert "State:      EXPLORE" in context
    assert "emit-state --state explore" in context
    assert len(context) <= hooks.MAX_CONTEXT


def test_empty_or_garbage_stdin_uses_the_cwd(project):
    new_plan(project)
    for payload in ("", "not json", "[1, 2]"):
        result = hook(project, payload)
        assert result.returncode == 0
        assert "additionalContext" in json.loads(result.stdout)["hookSpecificOutput"]


def test_nothing_without_a_plan_or_when_disabled(project, tmp_path):
    assert hook(project, "{}").stdout == ""
    new_plan(project)
    result = hook(project, "{}", IP_DISABLED="1")
    assert result.returncode == 0 and result.stdout == ""
    ok(project, "transition", "CLOSE", "--note", "done")
    assert hook(project, "{}").stdout == ""


def test_plan_does_not_leak_into_another_project(project, tmp_path):
    new_plan(project)
    other = tmp_path / "other"
    other.mkdir()
    (other / ".git").mkdir()
    # Claude Code reports the other project's cwd; the process happens to run in ours.
    result = hook(project, json.dumps({"cwd": str(other)}))
    assert result.returncode == 0 and result.stdout == ""
    result = hook(other, "{}", CLAUDE_PROJECT_DIR=str(other))
    assert result.stdout == ""


def test_subfolder_of_the_project_finds_the_plan(project):
    new_plan(project)
    sub = project / "src" / "pkg"
    sub.mkdir(parents=True)
    result = hook(sub, json.dumps({"cwd": str(sub)}))
    assert "additionalContext" in json.loads(result.stdout)["hookSpecificOutput"]
    result = hook(sub, "{}", CLAUDE_PROJECT_DIR=str(project))
    assert result.stdout != ""


def test_context_is_capped(project):
    new_plan(project)
    long_goal = "G" * 20_000
    plan_md = next((project / "plans").glob("plan-*/plan.md"))
    plan_md.write_text(plan_md.read_text().replace("Make session expiry configurable", long_goal))
    payload = hooks.session_start_payload("{}", env={}, cwd=project)
    assert payload is not None
    context = payload["hookSpecificOutput"]["additionalContext"]
    assert len(context) == hooks.MAX_CONTEXT
    assert context.endswith(hooks.truncated_note())
    assert "python -m skill" not in context


def test_settings_entry_helpers():
    entry = hooks.claude_hook_entry("py -m skill hook session-start")
    assert entry == {
        "matcher": "startup|resume|clear|compact",
        "hooks": [{"type": "command", "command": "py -m skill hook session-start"}],
    }
    assert hooks.hook_command("/opt/ip") == "/opt/ip hook session-start"
    # ours only by the exact command a receipt records, never by a look-alike
    assert hooks.is_ours(entry, ["py -m skill hook session-start"])
    assert not hooks.is_ours(entry, ["py2 -m skill hook session-start"])
    assert not hooks.is_ours(entry, [])
    other = {"hooks": [{"type": "command", "command": "other-skill-tool hook session-start"}]}
    assert not hooks.is_ours(other, ["iterative-planner hook session-start"])


def test_root_rule(tmp_path):
    proj = tmp_path / "p"
    (proj / ".git").mkdir(parents=True)
    sub = proj / "svc" / "src"
    sub.mkdir(parents=True)
    other = tmp_path / "o"
    other.mkdir()
    # --root, then $IP_PLAN_ROOT
    assert hooks.project_root({}, explicit=str(other), env={"IP_PLAN_ROOT": str(proj)}) == other
    assert hooks.project_root({"cwd": str(sub)}, env={"IP_PLAN_ROOT": str(other)}) == other
    # no plan anywhere: the folder the search starts from (the input's cwd, then CLAUDE_PROJECT_DIR)
    assert hooks.project_root({"cwd": str(sub)}, env={"CLAUDE_PROJECT_DIR": str(other)}) == sub
    assert hooks.project_root({}, env={"CLAUDE_PROJECT_DIR": str(sub)}) == sub
    assert hooks.project_root({"cwd": str(tmp_path / "missing")}, env={}, cwd=other) == other
    assert hooks.project_root({"cwd": 7}, env={}, cwd=sub) == sub
    # a plan in svc/ is found from below it, and not from beside it
    (proj / "svc" / "plans").mkdir()
    (proj / "svc" / "plans" / ".current_plan").write_text("plan-x")
    assert hooks.project_root({"cwd": str(sub)}, env={}) == proj / "svc"
    assert hooks.project_root({"cwd": str(proj)}, env={}) == proj
    # never above the top of the git work tree
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / ".current_plan").write_text("plan-y")
    assert hooks.project_root({"cwd": str(proj)}, env={}) == proj


def test_disabled_flag_and_input_parsing():
    assert hooks.disabled({"IP_DISABLED": "1"}) and not hooks.disabled({"IP_DISABLED": "0"})
    assert hooks.parse_input('{"cwd": "/x", "source": "clear"}') == {"cwd": "/x", "source": "clear"}
    assert hooks.parse_input("") == {} and hooks.parse_input("[]") == {} and hooks.parse_input("{") == {}
    assert hooks.session_start_payload("{}", env={"IP_DISABLED": "1"}) is None
