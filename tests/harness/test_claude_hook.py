"""The Claude target registers the SessionStart hook in a shared settings file and removes only it."""

from __future__ import annotations

import json
import shlex
import subprocess


def _entries(path):
    return json.loads(path.read_text())["hooks"]["SessionStart"]


def test_install_registers_hook_that_runs_and_uninstall_removes_only_it(sandbox):
    settings = sandbox.project / ".claude" / "settings.local.json"
    settings.parent.mkdir()
    settings.write_text(json.dumps({"permissions": {"allow": ["Bash(ls)"]},
                                    "hooks": {"SessionStart": [{"matcher": "startup", "hooks": [
                                        {"type": "command", "command": "echo mine"}]}]}}))
    done = sandbox.run("install", "--harness", "claude", "--command", "python -m skill")
    assert done.returncode == 0, done.stderr
    entries = _entries(settings)
    assert entries[0]["hooks"][0]["command"] == "echo mine"
    ours = entries[1]
    assert ours["matcher"] == "startup|resume|clear|compact"
    command = ours["hooks"][0]["command"]
    assert command == "python -m skill hook session-start"

    # the registered command prints the hook JSON for an active plan
    assert sandbox.run("bootstrap", "new", "Hooked goal").returncode == 0
    env = dict(sandbox.env)
    hook = subprocess.run(shlex.split(command), cwd=sandbox.project, env=env, input="{}",
                          capture_output=True, text=True, timeout=60)
    payload = json.loads(hook.stdout)
    assert "Hooked goal" in payload["hookSpecificOutput"]["additionalContext"]

    again = sandbox.run("install", "--harness", "claude", "--command", "python -m skill")
    assert again.returncode == 0 and len(_entries(settings)) == 2  # not added twice

    assert sandbox.run("uninstall", "--harness", "claude").returncode == 0
    data = json.loads(settings.read_text())
    assert data["permissions"] == {"allow": ["Bash(ls)"]}
    assert [e["hooks"][0]["command"] for e in data["hooks"]["SessionStart"]] == ["echo mine"]


def test_settings_file_created_and_removed_when_only_ours(sandbox):
    settings = sandbox.project / ".claude" / "settings.local.json"
    assert sandbox.run("install", "--harness", "claude").returncode == 0
    assert len(_entries(settings)) == 1
    assert sandbox.run("uninstall", "--harness", "claude").returncode == 0
    assert not settings.exists()


def test_user_scope_uses_settings_json(sandbox):
    assert sandbox.run("install", "--harness", "claude", "--scope", "user").returncode == 0
    assert len(_entries(sandbox.home / ".claude" / "settings.json")) == 1


def test_broken_settings_json_is_refused_and_nothing_written(sandbox):
    settings = sandbox.project / ".claude" / "settings.local.json"
    settings.parent.mkdir()
    settings.write_text("{ not json")
    done = sandbox.run("install", "--harness", "claude")
    assert done.returncode == 1
    assert "not valid JSON" in done.stderr and "Traceback" not in done.stderr
    assert settings.read_text() == "{ not json"
    assert not (sandbox.project / ".claude" / "skills").exists()
