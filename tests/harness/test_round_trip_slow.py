"""Every target at both scopes, installed into a project and a HOME that already hold the user's
files, then uninstalled: both trees come back byte for byte and folder for folder, apart from the
one installed file the user edited, which is kept and reported. The tool's own data folder may
stay, holding no file that names the project."""

from __future__ import annotations

import pytest

from tests.harness.test_round_trip import snapshot

pytestmark = pytest.mark.slow


def _users_files(sandbox) -> None:
    project, home = sandbox.project, sandbox.home
    (project / ".claude").mkdir()
    (project / ".claude/settings.local.json").write_bytes(
        b'{\r\n    "permissions": {"allow": ["Bash(git status)"]},\r\n    "env": {"X": "1"}\r\n}'
    )
    (project / "AGENTS.md").write_bytes(b"# House rules\n\nNo trailing newline here")
    (project / ".cursor").mkdir()  # an empty folder of the user's
    (project / "src").mkdir()
    (project / "src/app.py").write_text("print('hi')\n")
    (home / ".claude").mkdir()
    (home / ".claude/settings.json").write_text('{"model": "opus"}\n')
    (home / ".codex").mkdir()
    (home / ".codex/config.toml").write_text('model = "x"\n')
    (home / ".gemini").mkdir()
    (home / ".gemini/settings.json").write_text("{}\n")


def test_every_target_both_scopes_round_trip(sandbox):
    _users_files(sandbox)
    project_before, home_before = snapshot(sandbox.project), snapshot(sandbox.home)
    for args in (("--harness", "all,agents-md"), ("--harness", "all", "--scope", "user")):
        done = sandbox.run("install", *args, "--command", "ipx", bundle=False)
        assert done.returncode == 0, done.stderr
    assert (sandbox.home / ".gemini/extensions/iterative-planner/gemini-extension.json").is_file()
    assert (sandbox.home / ".claude/agents/iterative-planner-orchestrator.md").is_file()
    assert (sandbox.project / ".codex/agents/ip-explorer.toml").is_file()

    edited = sandbox.project / ".claude/agents/ip-explorer.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nmy note\n", encoding="utf-8")

    done = sandbox.run("uninstall", bundle=False)
    assert done.returncode == 0, done.stderr
    assert "kept 1 file(s) you changed (.claude/agents/ip-explorer.md)" in done.stdout
    done = sandbox.run("uninstall", "--scope", "user", bundle=False)
    assert done.returncode == 0, done.stderr

    expected = dict(project_before)
    expected[".claude/agents"] = None
    expected[".claude/agents/ip-explorer.md"] = edited.read_bytes()
    assert snapshot(sandbox.project) == expected
    assert snapshot(sandbox.home) == home_before
    leftovers = {rel: data for rel, data in snapshot(sandbox.data).items() if data is not None}
    assert not any(rel.endswith(".json") for rel in leftovers), leftovers
    for data in leftovers.values():
        assert str(sandbox.project).encode() not in data
