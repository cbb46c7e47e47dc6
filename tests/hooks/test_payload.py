"""What the hooks share: input parsing, the switches, the root rule from the hook input."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from skill.hooks import payload
from skill.hooks.registration import claude_hook_entry, hook_command, is_ours, parts_for


def test_root_rule(tmp_path: Path) -> None:
    proj = tmp_path / "p"
    (proj / ".git").mkdir(parents=True)
    sub = proj / "svc" / "src"
    sub.mkdir(parents=True)
    other = tmp_path / "o"
    other.mkdir()
    root = payload.project_root
    # --root, then $IP_PLAN_ROOT
    assert root({}, explicit=str(other), env={"IP_PLAN_ROOT": str(proj)}) == str(other)
    assert root({"cwd": str(sub)}, env={"IP_PLAN_ROOT": str(other)}) == str(other)
    # no plan anywhere: the folder the search starts from (the input's cwd, then CLAUDE_PROJECT_DIR)
    assert root({"cwd": str(sub)}, env={"CLAUDE_PROJECT_DIR": str(other)}) == str(sub)
    assert root({}, env={"CLAUDE_PROJECT_DIR": str(sub)}) == str(sub)
    assert root({"cwd": str(tmp_path / "missing")}, env={}, cwd=str(other)) == str(other)
    assert root({"cwd": 7}, env={}, cwd=str(sub)) == str(sub)
    # a plan in svc/ is found from below it, and not from beside it
    (proj / "svc" / "plans").mkdir()
    (proj / "svc" / "plans" / ".current_plan").write_text("plan-x")
    assert root({"cwd": str(sub)}, env={}) == str(proj / "svc")
    assert root({"cwd": str(proj)}, env={}) == str(proj)
    # never above the top of the git work tree
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / ".current_plan").write_text("plan-y")
    assert root({"cwd": str(proj)}, env={}) == str(proj)
    # an explicit start (the status line's workspace folder) wins over the input's cwd
    assert root({"cwd": str(proj)}, env={}, start=str(sub)) == str(proj / "svc")


def test_switches_and_input_parsing() -> None:
    assert payload.disabled({"IP_DISABLED": "1"}) and not payload.disabled({"IP_DISABLED": "0"})
    assert payload.parse_input('{"cwd": "/x", "source": "clear"}') == {"cwd": "/x", "source": "clear"}
    assert payload.parse_input("") == {} and payload.parse_input("[]") == {} and payload.parse_input("{") == {}
    assert payload.text_field({"a": {"b": "c"}}, "a", "b") == "c"
    assert payload.text_field({"a": {"b": 1}}, "a", "b") is None and payload.text_field({"a": "x"}, "a", "b") is None


@given(st.text(max_size=200))
def test_any_text_parses_to_an_object(raw: str) -> None:
    assert isinstance(payload.parse_input(raw), dict)


def test_settings_entry_helpers() -> None:
    entry = claude_hook_entry("py -m skill hook session-start")
    assert entry == {
        "matcher": "startup|resume|clear|compact",
        "hooks": [{"type": "command", "command": "py -m skill hook session-start", "timeout": 10}],
    }
    assert hook_command("/opt/ip") == "/opt/ip hook session-start"
    # ours only by the exact command a receipt records, never by a look-alike
    assert is_ours(entry, ["py -m skill hook session-start"])
    assert not is_ours(entry, ["py2 -m skill hook session-start"])
    assert not is_ours(entry, [])
    other = {"hooks": [{"type": "command", "command": "other-skill-tool hook session-start"}]}
    assert not is_ours(other, ["iterative-planner hook session-start"])
    claude = parts_for("ip", "claude", statusline=True)
    assert claude["PreToolUse"]["matcher"] == "Edit|Write|MultiEdit|NotebookEdit"
    assert claude["PreToolUse"]["hooks"][0]["command"] == "ip hook pre-tool-use"
    assert claude["statusLine"] == {"type": "command", "command": "ip statusline", "padding": 0}
    codex = parts_for("ip", "codex", statusline=True)
    assert set(codex) == {"SessionStart", "PreToolUse"} and codex["PreToolUse"]["matcher"] == "apply_patch|Edit|Write"
    assert set(parts_for("ip", "claude", guard=False)) == {"SessionStart"}
