"""``hook pre-tool-use``: the write guard in every state, inside and outside plans/, with the gate
failing, for Claude Code's file tools and Codex's apply_patch; its output as the harnesses read it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from skill.hooks import guard as guard_module
from tests.hooks.helpers import apply_patch, guard, hook, write_tool
from tests.support.git import init_repo
from tests.support.plans import set_state_fields
from tests.transitions.helpers import (
    FINDINGS_MD,
    ok,
    plan_path,
    to_execute,
    to_plan,
    verification,
    write,
)


def _plan_dir(root: Path) -> Path:
    return plan_path(root, "state.md").parent


def _explore(root: Path) -> None:
    ok(root, "bootstrap", "new", "Make session expiry configurable")


def _plan(root: Path) -> None:
    to_plan(root)


def _execute(root: Path) -> None:
    to_execute(root)


def _reflect(root: Path) -> None:
    to_execute(root)
    ok(root, "transition", "REFLECT", "--note", "steps done")


def _pivot(root: Path) -> None:
    _reflect(root)
    ok(root, "transition", "PIVOT", "--note", "approach failed")


def _close_unfinished(root: Path) -> None:
    _explore(root)
    set_state_fields(_plan_dir(root), state="CLOSE")  # state.md says CLOSE, the pointer is still there


STATES = {
    "EXPLORE": _explore,
    "PLAN": _plan,
    "REFLECT": _reflect,
    "PIVOT": _pivot,
    "CLOSE": _close_unfinished,
}
NEXT = {
    "EXPLORE": "transition PLAN",
    "PLAN": "transition EXECUTE",
    "REFLECT": "transition EXECUTE",
    "PIVOT": "transition PLAN",
    "CLOSE": "bootstrap close",
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return init_repo(tmp_path / "proj")


@pytest.mark.parametrize("state", sorted(STATES))
def test_outside_execute_only_the_plan_folder_takes_writes(root: Path, state: str) -> None:
    STATES[state](root)
    plan_id = (root / "plans" / ".current_plan").read_text()
    for tool in ("Write", "Edit", "MultiEdit"):
        reason = guard(root, write_tool(root, root / "src" / "app.py", tool))
        assert reason is not None, (state, tool)
        assert f"the plan is in {state}, which writes only in the plan folder (plans/{plan_id}/)" in reason
        assert "`src/app.py` is a project file" in reason
        assert f"`iterative-planner {NEXT[state]}" in reason
    assert guard(root, write_tool(root, root / "nb.ipynb", "NotebookEdit")) is not None
    # the plan folder, the rest of plans/, and files outside the project: never denied
    assert guard(root, write_tool(root, _plan_dir(root) / "findings" / "auth.md")) is None
    assert guard(root, write_tool(root, root / "plans" / "LESSONS.md")) is None
    assert guard(root, write_tool(root, root.parent / "elsewhere" / "x.py")) is None


def test_execute_with_a_passing_gate_takes_project_writes(root: Path) -> None:
    _execute(root)
    assert guard(root, write_tool(root, root / "src" / "app.py")) is None
    assert guard(root, write_tool(root, _plan_dir(root) / "changelog.md", "Edit")) is None


def test_execute_with_the_leash_reached_is_denied(root: Path) -> None:
    _execute(root)
    ok(root, "attempt", "--what", "first", "--result", "failed")
    assert guard(root, write_tool(root, root / "app.py")) is None  # one attempt: the gate passes
    ok(root, "attempt", "--what", "second", "--result", "failed")
    reason = guard(root, write_tool(root, root / "app.py"))
    assert reason is not None
    assert "the plan is in EXECUTE but the pre-step gate fails: GATE:FAIL [leash-cap] attempts=2 cap=2" in reason
    assert "`iterative-planner transition REFLECT`" in reason
    assert guard(root, write_tool(root, _plan_dir(root) / "state.md", "Edit")) is None


def test_execute_at_the_iteration_cap_is_denied(root: Path) -> None:
    _execute(root)
    set_state_fields(_plan_dir(root), iteration="6")
    reason = guard(root, write_tool(root, root / "app.py"))
    assert reason is not None and "GATE:FAIL [iteration-cap] iteration=6 hard-cap=6" in reason
    assert "iteration limit is reached" in reason


def test_a_failing_gate_slug_denies_with_its_line(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """[plan-drift] (and any slug the gate adds) denies like the others, with what to do."""
    from skill.command import agent_command
    from skill.validate import gate

    monkeypatch.setenv("IP_COMMAND", "ip")
    agent_command.cache_clear()
    _execute(root)
    drift = gate.GateResult(False, "plan-drift", {"changed": '"Steps"'}, None)
    monkeypatch.setattr(gate, "run", lambda *args, **kw: drift)
    payload = json.dumps(write_tool(root, root / "app.py"))
    reason = guard_module.deny_reason(json.loads(payload), env={"IP_COMMAND": "ip"})
    assert reason is not None and 'GATE:FAIL [plan-drift] changed="Steps"' in reason
    assert "plan.md differs from the plan the user approved" in reason
    other = gate.GateResult(False, "something-new", {}, None)
    monkeypatch.setattr(gate, "run", lambda *args, **kw: other)
    reason = guard_module.deny_reason(json.loads(payload), env={"IP_COMMAND": "ip"})
    assert reason is not None and "`ip emit-state --state execute` says what to do" in reason
    agent_command.cache_clear()


def test_no_plan_or_switched_off_lets_everything_through(root: Path) -> None:
    assert guard(root, write_tool(root, root / "app.py")) is None
    _explore(root)
    assert guard(root, write_tool(root, root / "app.py")) is not None
    assert guard(root, write_tool(root, root / "app.py"), IP_GUARD="0") is None
    assert guard(root, write_tool(root, root / "app.py"), IP_DISABLED="1") is None
    ok(root, "transition", "CLOSE", "--note", "done")
    assert guard(root, write_tool(root, root / "app.py")) is None


def test_inputs_that_name_no_file_are_let_through(root: Path) -> None:
    _explore(root)
    for payload in ("", "not json", "[1]", "{}", {"tool_name": "Bash", "tool_input": {"command": "rm -rf src"}},
                    {"tool_name": "Write", "tool_input": {"file_path": ""}}, {"tool_name": "Write", "tool_input": "x"}):
        assert guard(root, payload) is None, payload


def test_relative_paths_resolve_against_the_input_cwd(root: Path) -> None:
    _explore(root)
    sub = root / "src"
    sub.mkdir()
    payload = write_tool(sub, "app.py")  # cwd = src/, the path relative to it
    assert "`src/app.py` is a project file" in str(guard(root, payload))
    into_plans = write_tool(sub, "../plans/LESSONS.md")
    assert guard(root, into_plans) is None


def test_a_symbolic_link_into_the_project_is_followed(root: Path, tmp_path: Path) -> None:
    _explore(root)
    (root / "src").mkdir()
    link = tmp_path / "shortcut"
    link.symlink_to(root / "src")
    assert guard(root, write_tool(root, link / "app.py")) is not None


PATCH = """*** Begin Patch
*** Add File: {added}
+hello
*** Update File: {updated}
@@
-a
+b
*** End Patch
"""


def test_codex_apply_patch_paths_decide(root: Path) -> None:
    _explore(root)
    plan_id = (root / "plans" / ".current_plan").read_text()
    only_plans = PATCH.format(added=f"plans/{plan_id}/findings/x.md", updated=f"plans/{plan_id}/findings.md")
    assert guard(root, apply_patch(root, only_plans)) is None
    mixed = PATCH.format(added=f"plans/{plan_id}/findings/x.md", updated="src/app.py")
    assert "`src/app.py` is a project file" in str(guard(root, apply_patch(root, mixed)))
    moved = (f"*** Begin Patch\n*** Update File: plans/{plan_id}/notes.md\n*** Move to: src/notes.md\n"
             "@@\n-a\n+b\n*** End Patch\n")
    assert "`src/notes.md`" in str(guard(root, apply_patch(root, moved)))
    deleted = "*** Begin Patch\r\n*** Delete File: README.md\r\n*** End Patch\r\n"
    assert "`README.md`" in str(guard(root, apply_patch(root, deleted)))
    # a shell command is not policed, whatever it does
    shell = apply_patch(root, "rm -rf src")
    shell["tool_name"] = "Bash"
    assert guard(root, shell) is None


def test_patch_paths_parser() -> None:
    patch = PATCH.format(added="a b.py", updated="dir/c.py") + "*** Delete File: d.py \n*** Move to: e.py"
    assert guard_module.patch_paths(patch) == ["a b.py", "dir/c.py", "d.py", "e.py"]
    assert guard_module.patch_paths("no patch here") == []


def test_allow_prints_nothing_and_deny_is_the_documented_json(root: Path) -> None:
    _explore(root)
    allowed = hook(root, "pre-tool-use", write_tool(root, _plan_dir(root) / "findings.md"))
    assert allowed.stdout == "" and allowed.returncode == 0
    denied = hook(root, "pre-tool-use", write_tool(root, root / "x.py"))
    assert denied.returncode == 0  # exit 0 with the JSON; never exit 2, never "allow"
    assert "allow" not in denied.stdout.replace("allowed", "")
    data = json.loads(denied.stdout)
    assert list(data["hookSpecificOutput"]) == ["hookEventName", "permissionDecision", "permissionDecisionReason"]
    assert denied.stdout.isascii() and denied.stdout.endswith("\n") and denied.stdout.count("\n") == 1


def test_an_internal_error_fails_open(root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from skill.hooks import entry, payload

    _explore(root)
    monkeypatch.setattr(payload, "read_stdin", lambda: json.dumps(write_tool(root, root / "x.py")))
    monkeypatch.setattr(entry, "read_stdin", lambda: json.dumps(write_tool(root, root / "x.py")))

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(guard_module, "deny_reason", broken)
    assert entry.pre_tool_use(str(root)) == 0
    out, err = capsys.readouterr()
    assert out == "" and "iterative-planner hook pre-tool-use: RuntimeError: disk on fire" in err


def test_a_missing_root_fails_open(root: Path, tmp_path: Path) -> None:
    _explore(root)
    from tests.support.cli import run_cli
    from tests.support.env import clean_env

    done = run_cli(root, "hook", "pre-tool-use", "--root", str(tmp_path / "nope"),
                   input=json.dumps(write_tool(root, root / "x.py")), env=clean_env())
    assert done.returncode == 0 and done.stdout == "" and "does not exist" in done.stderr


def test_findings_written_by_the_helpers_are_in_the_plan_folder(root: Path) -> None:
    """The explorer's findings (what EXPLORE is for) go through; the same text in src/ does not."""
    _explore(root)
    write(root, "verification.md", verification(False))
    findings = plan_path(root, "findings.md")
    assert guard(root, {**write_tool(root, findings), "tool_input": {"file_path": str(findings), "content": FINDINGS_MD}}) is None
    assert guard(root, write_tool(root, root / "findings.md")) is not None
