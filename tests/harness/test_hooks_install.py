"""The hooks as install writes them: the write guard by default (``--no-guard`` off), the opt-in
status line (never over the user's own), Codex's hooks.json, doctor's report, and an upgrade from a
receipt written before the guard existed."""

from __future__ import annotations

import hashlib
import json
import shlex
import subprocess
from pathlib import Path

from tests.harness.conftest import Sandbox, tree

SETTINGS = ".claude/settings.local.json"
RECEIPT = ".claude/skills/iterative-planner/.iterative-planner-install.json"


def _settings(sandbox: Sandbox) -> dict:
    return json.loads((sandbox.project / SETTINGS).read_text())


def _run_registered(sandbox: Sandbox, command: str, stdin: dict) -> subprocess.CompletedProcess[str]:
    return subprocess.run(shlex.split(command), cwd=sandbox.project, env=sandbox.env, input=json.dumps(stdin),
                          capture_output=True, text=True, timeout=60)


def test_claude_gets_the_packet_and_the_guard_and_both_run(sandbox: Sandbox) -> None:
    done = sandbox.run("install", "--harness", "claude", "--command", "python -m skill")
    assert done.returncode == 0, done.stderr
    hooks = _settings(sandbox)["hooks"]
    assert hooks["SessionStart"] == [{"matcher": "startup|resume|clear|compact", "hooks": [
        {"type": "command", "command": "python -m skill hook session-start", "timeout": 10}]}]
    assert hooks["PreToolUse"] == [{"matcher": "Edit|Write|MultiEdit|NotebookEdit", "hooks": [
        {"type": "command", "command": "python -m skill hook pre-tool-use", "timeout": 10}]}]
    assert "statusLine" not in _settings(sandbox)
    assert sandbox.run("bootstrap", "new", "Guarded goal").returncode == 0
    write = {"cwd": str(sandbox.project), "tool_name": "Write", "hook_event_name": "PreToolUse",
             "tool_input": {"file_path": str(sandbox.project / "app.py"), "content": "x"}}
    denied = _run_registered(sandbox, hooks["PreToolUse"][0]["hooks"][0]["command"], write)
    assert json.loads(denied.stdout)["hookSpecificOutput"]["permissionDecision"] == "deny"
    packet = _run_registered(sandbox, hooks["SessionStart"][0]["hooks"][0]["command"], {"cwd": str(sandbox.project)})
    assert "Goal: Guarded goal" in json.loads(packet.stdout)["hookSpecificOutput"]["additionalContext"]


def test_no_guard_then_guard_then_uninstall_round_trip(sandbox: Sandbox) -> None:
    settings = sandbox.project / SETTINGS
    settings.parent.mkdir()
    original = b'{\n    "permissions": {"allow": ["Bash(ls)"]}\n}\n'
    settings.write_bytes(original)
    assert sandbox.run("install", "--harness", "claude", "--no-guard").returncode == 0
    assert set(_settings(sandbox)["hooks"]) == {"SessionStart"}
    receipt = json.loads((sandbox.project / RECEIPT).read_text())
    assert receipt["options"] == {"guard": False, "statusline": False}
    again = sandbox.run("install", "--harness", "claude")
    assert again.returncode == 0, again.stderr
    assert f"update        {settings}" in again.stdout  # our part, changed by us: updated, not kept
    assert set(_settings(sandbox)["hooks"]) == {"SessionStart", "PreToolUse"}
    off = sandbox.run("install", "--harness", "claude", "--no-guard")
    assert off.returncode == 0 and set(_settings(sandbox)["hooks"]) == {"SessionStart"}
    assert sandbox.run("uninstall").returncode == 0
    assert settings.read_bytes() == original


def test_statusline_is_opt_in_and_never_replaces_the_users(sandbox: Sandbox) -> None:
    assert sandbox.run("install", "--harness", "claude", "--statusline", "--command", "ipx").returncode == 0
    assert _settings(sandbox)["statusLine"] == {"type": "command", "command": "ipx statusline", "padding": 0}
    assert sandbox.run("uninstall").returncode == 0
    settings = sandbox.project / SETTINGS
    settings.parent.mkdir(exist_ok=True)
    theirs = {"statusLine": {"type": "command", "command": "~/.claude/mine.sh"}}
    settings.write_text(json.dumps(theirs))
    done = sandbox.run("install", "--harness", "claude", "--statusline", "--command", "ipx")
    assert done.returncode == 0, done.stderr
    assert _settings(sandbox)["statusLine"] == theirs["statusLine"]
    assert "already has a status line of yours" in done.stdout and "ipx statusline" in done.stdout
    assert "printf '%s' \"$input\" | <your command>" in done.stdout
    again = sandbox.run("install", "--harness", "claude", "--statusline", "--command", "ipx")
    assert "keep-modified" not in again.stdout and "unchanged     " + str(settings) in again.stdout
    assert sandbox.run("uninstall").returncode == 0
    assert json.loads(settings.read_text()) == theirs


def test_codex_gets_hooks_json_with_the_apply_patch_guard(sandbox: Sandbox) -> None:
    hooks_json = sandbox.project / ".codex" / "hooks.json"
    hooks_json.parent.mkdir()
    mine = {"hooks": {"Stop": [{"hooks": [{"type": "command", "command": "notify"}]}]}}
    hooks_json.write_text(json.dumps(mine, indent=2) + "\n")
    before = hooks_json.read_bytes()
    done = sandbox.run("install", "--harness", "codex", "--command", "ipx")
    assert done.returncode == 0, done.stderr
    data = json.loads(hooks_json.read_text())
    assert data["hooks"]["Stop"] == mine["hooks"]["Stop"]
    assert data["hooks"]["SessionStart"][0]["hooks"][0]["command"] == "ipx hook session-start"
    assert data["hooks"]["PreToolUse"][0]["matcher"] == "apply_patch|Edit|Write"
    assert "open /hooks in Codex" in done.stdout
    assert sandbox.run("uninstall", "--harness", "codex,agents").returncode == 0
    assert hooks_json.read_bytes() == before


def test_doctor_says_whether_the_hooks_are_on(sandbox: Sandbox) -> None:
    assert sandbox.run("install", "--harness", "claude,codex", "--command", "ipx").returncode == 0
    report = sandbox.json("doctor", "--no-run")
    hooks = {item["target"]: item.get("hooks") for item in report["installs"]}
    assert hooks["claude"] == {"file": SETTINGS, "session_start": True, "guard": True, "guard_off_here": False,
                               "disabled_here": False, "statusline": False}
    assert hooks["codex"]["guard"] is True and "statusline" not in hooks["codex"]
    assert hooks["agents"] is None
    text = sandbox.run("doctor", "--no-run").stdout
    assert "hooks: session start on, write guard on, status line off" in text
    off = sandbox.run("doctor", "--no-run", env={**sandbox.env, "IP_GUARD": "0"}).stdout
    assert "(IP_GUARD=0 here turns the guard off)" in off
    assert sandbox.run("install", "--harness", "claude", "--no-guard", "--command", "ipx").returncode == 0
    text = sandbox.run("doctor", "--no-run").stdout
    assert "hooks: session start on, write guard off, status line off" in text
    claude = next(item for item in sandbox.json("doctor", "--no-run")["installs"] if item["target"] == "claude")
    assert claude["stale"] is False, claude["stale_reasons"]  # the recorded options, not the defaults


def test_an_install_from_before_the_guard_is_updated_not_kept(sandbox: Sandbox) -> None:
    """A receipt of an earlier version: its settings entry had no timeout and no guard, and the
    receipt no options. A plain install updates it in place."""
    assert sandbox.run("install", "--harness", "claude", "--no-guard", "--command", "ipx").returncode == 0
    settings = sandbox.project / SETTINGS
    old_entry = {"matcher": "startup|resume|clear|compact",
                 "hooks": [{"type": "command", "command": "ipx hook session-start"}]}
    settings.write_text(json.dumps({"hooks": {"SessionStart": [old_entry]}}, indent=2) + "\n")
    for path in [sandbox.project / RECEIPT, *(sandbox.data / "receipts").glob("claude-project-*.json")]:
        receipt = json.loads(path.read_text())
        receipt.pop("options")
        receipt["files"][SETTINGS] = hashlib.sha256(json.dumps(old_entry, sort_keys=True).encode()).hexdigest()
        path.write_text(json.dumps(receipt, indent=2))
    doctor = sandbox.json("doctor", "--no-run")
    claude = next(item for item in doctor["installs"] if item["target"] == "claude")
    assert claude["modified"] == [] and claude["stale"] is True  # ours, unchanged, and out of date
    done = sandbox.run("install", "--harness", "claude", "--command", "ipx")
    assert done.returncode == 0, done.stderr
    assert f"update        {settings}" in done.stdout and "keep-modified" not in done.stdout
    assert set(_settings(sandbox)["hooks"]) == {"SessionStart", "PreToolUse"}
    assert _settings(sandbox)["hooks"]["SessionStart"][0]["hooks"][0]["timeout"] == 10
    assert sandbox.run("uninstall").returncode == 0
    assert tree(sandbox.project) == {}


def test_user_scope_codex_hooks_live_in_codex_home(sandbox: Sandbox) -> None:
    codex_home = sandbox.tmp / "codex-home"
    env = dict(sandbox.env, CODEX_HOME=str(codex_home))
    assert sandbox.run("install", "--scope", "user", "--harness", "codex", env=env).returncode == 0
    data = json.loads((codex_home / "hooks.json").read_text())
    assert set(data["hooks"]) == {"SessionStart", "PreToolUse"}
    assert sandbox.run("uninstall", "--scope", "user", env=env).returncode == 0
    assert not (codex_home / "hooks.json").exists()


def test_settings_that_are_not_json_are_refused_for_codex_too(sandbox: Sandbox) -> None:
    hooks_json = sandbox.project / ".codex" / "hooks.json"
    hooks_json.parent.mkdir()
    hooks_json.write_text("{ nope")
    done = sandbox.run("install", "--harness", "codex")
    assert done.returncode == 1 and "not valid JSON" in done.stderr and "Traceback" not in done.stderr
    assert hooks_json.read_text() == "{ nope" and not Path(sandbox.project / ".agents").exists()
