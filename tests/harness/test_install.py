"""install / uninstall for every target, through the real CLI, in a sandboxed HOME and project."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import frontmatter
import pytest

from tests.harness.conftest import tree

RECEIPT = ".iterative-planner-install.json"
SKILL = "iterative-planner"

# target -> files expected (project scope), relative to the project
PROJECT_FILES = {
    "claude": [
        ".claude/skills/iterative-planner/SKILL.md",
        ".claude/skills/iterative-planner/agents/explorer.md",
        ".claude/skills/iterative-planner/agents/orchestrator.md",
        ".claude/skills/iterative-planner/modules/state-execute.md",
        ".claude/skills/iterative-planner/modules/state-plan.md",
        ".claude/skills/iterative-planner/references/diagram.bin",
        ".claude/skills/iterative-planner/references/guide.md",
        ".claude/skills/iterative-planner/references/notes/deep.md",
        ".claude/agents/ip-explorer.md",
        ".claude/agents/ip-orchestrator.md",
        ".claude/settings.local.json",
    ],
    "agents": [
        ".agents/skills/iterative-planner/SKILL.md",
        ".agents/skills/iterative-planner/agents/explorer.md",
        ".agents/skills/iterative-planner/agents/orchestrator.md",
        ".agents/skills/iterative-planner/modules/state-execute.md",
        ".agents/skills/iterative-planner/modules/state-plan.md",
        ".agents/skills/iterative-planner/references/diagram.bin",
        ".agents/skills/iterative-planner/references/guide.md",
        ".agents/skills/iterative-planner/references/notes/deep.md",
    ],
    "codex": [".codex/agents/ip-explorer.toml", ".codex/agents/ip-orchestrator.toml", ".codex/hooks.json"],
    "cursor": [".cursor/rules/iterative-planner.mdc"],
}
RECEIPT_DIR = {
    "claude": ".claude/skills/iterative-planner",
    "agents": ".agents/skills/iterative-planner",
    "codex": ".codex/agents",
    "cursor": ".cursor/rules",
}
REQUIRES = {"codex": ["agents"], "cursor": ["agents"]}


def receipt_files(path: Path) -> dict[str, str]:
    return json.loads(path.read_text(encoding="utf-8"))["files"]


@pytest.mark.parametrize("target", sorted(PROJECT_FILES))
def test_install_then_uninstall_each_target_project_scope(sandbox, target):
    done = sandbox.run("install", "--harness", target)
    assert done.returncode == 0, done.stderr
    expected = {target, *REQUIRES.get(target, [])}
    written = tree(sandbox.project)
    for name in expected:
        for rel in PROJECT_FILES[name]:
            assert rel in written, rel
            assert rel in done.stdout.replace(str(sandbox.project) + "/", "")
        # the receipt in the target folder lists every file with its sha256
        local = sandbox.project / RECEIPT_DIR[name] / RECEIPT
        files = receipt_files(local)
        assert sorted(files) == sorted(PROJECT_FILES[name])
        for rel, digest in files.items():
            if rel.endswith(("settings.local.json", "hooks.json")):
                # a shared file: the receipt holds the hash of our hook entries only
                hooks = json.loads((sandbox.project / rel).read_text())["hooks"]
                assert set(hooks) == {"SessionStart", "PreToolUse"}
                ours = {event: entries[0] for event, entries in hooks.items()}
                blob = json.dumps(ours, sort_keys=True).encode()
                assert hashlib.sha256(blob).hexdigest() == digest
                continue
            assert hashlib.sha256((sandbox.project / rel).read_bytes()).hexdigest() == digest
        # the copy in the project names no path of this machine; the per-user copy in IP_DATA_DIR
        # is the same receipt with the absolute base
        copies = list((sandbox.data / "receipts").glob(f"{name}-project-*.json"))
        assert len(copies) == 1
        in_project, per_user = json.loads(local.read_text()), json.loads(copies[0].read_text())
        assert in_project.pop("base") == "." and str(sandbox.tmp) not in local.read_text()
        assert per_user.pop("base") == str(sandbox.project.resolve()) and in_project == per_user
    ours = {rel for name in expected for rel in PROJECT_FILES[name]}
    receipts = {f"{RECEIPT_DIR[name]}/{RECEIPT}" for name in expected}
    assert set(written) == ours | receipts  # nothing else written, no AGENTS.md/CLAUDE.md/GEMINI.md

    done = sandbox.run("uninstall", "--harness", ",".join(sorted(expected)))
    assert done.returncode == 0, done.stderr
    assert tree(sandbox.project) == {}
    assert list((sandbox.data / "receipts").glob("*.json")) == []
    # every folder install created is gone too
    assert list(sandbox.project.iterdir()) == []


def test_gemini_at_project_scope_installs_the_skill_folder_and_says_why(sandbox):
    done = sandbox.run("install", "--harness", "gemini")
    assert done.returncode == 0, done.stderr
    assert not (sandbox.project / ".gemini").exists()
    assert (sandbox.project / ".agents/skills/iterative-planner/SKILL.md").is_file()
    assert "loads extensions only from ~/.gemini/extensions" in done.stdout
    assert "install --harness gemini --scope user" in done.stdout
    result = sandbox.json("install", "--harness", "gemini", "--dry-run")
    assert [t["target"] for t in result["targets"]] == ["agents"]
    assert any("~/.gemini/extensions" in note for note in result["notes"])


def test_user_scope_locations_and_env_overrides(sandbox):
    claude_dir = sandbox.tmp / "claude-config"
    codex_dir = sandbox.tmp / "codex-home"
    env = dict(sandbox.env, CLAUDE_CONFIG_DIR=str(claude_dir), CODEX_HOME=str(codex_dir))
    done = sandbox.run("install", "--scope", "user", "--harness", "claude,codex,gemini", env=env)
    assert done.returncode == 0, done.stderr
    assert (claude_dir / "skills" / SKILL / "SKILL.md").is_file()
    assert (claude_dir / "agents" / "ip-explorer.md").is_file()
    assert (codex_dir / "agents" / "ip-orchestrator.toml").is_file()
    assert (sandbox.home / ".agents" / "skills" / SKILL / "SKILL.md").is_file()
    assert (sandbox.home / ".gemini" / "extensions" / SKILL / "gemini-extension.json").is_file()
    assert not (sandbox.home / ".claude").exists()
    assert not (sandbox.home / ".codex").exists()
    assert tree(sandbox.project) == {}
    done = sandbox.run("uninstall", "--scope", "user", env=env)
    assert done.returncode == 0, done.stderr
    assert tree(claude_dir) == {} and tree(codex_dir) == {} and tree(sandbox.home) == {}


def test_user_scope_defaults_to_dot_claude_in_home(sandbox):
    done = sandbox.run("install", "--scope", "user", "--harness", "claude")
    assert done.returncode == 0, done.stderr
    assert (sandbox.home / ".claude" / "skills" / SKILL / "SKILL.md").is_file()
    assert (sandbox.home / ".claude" / "agents" / "ip-orchestrator.md").is_file()


def test_cursor_has_no_user_scope(sandbox):
    done = sandbox.run("install", "--scope", "user", "--harness", "cursor")
    assert done.returncode == 1
    assert "cursor" in done.stderr and "Traceback" not in done.stderr
    assert tree(sandbox.home) == {} and not sandbox.data.exists()
    # from `all` it is skipped, not an error
    done = sandbox.run("install", "--scope", "user", "--harness", "all", "--dry-run")
    assert done.returncode == 0, done.stderr
    assert ".cursor" not in done.stdout


def test_dry_run_writes_nothing(sandbox):
    done = sandbox.run("install", "--harness", "all", "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "Dry run: nothing was written." in done.stdout
    assert ".claude/skills/iterative-planner/SKILL.md" in done.stdout
    assert tree(sandbox.project) == {} and tree(sandbox.home) == {}
    assert not sandbox.data.exists()
    assert sandbox.run("install", "--harness", "claude").returncode == 0
    before = tree(sandbox.project), tree(sandbox.data)
    done = sandbox.run("uninstall", "--dry-run")
    assert done.returncode == 0 and "remove" in done.stdout
    assert (tree(sandbox.project), tree(sandbox.data)) == before


def test_modified_file_is_kept_and_reported_force_overwrites(sandbox):
    assert sandbox.run("install", "--harness", "claude").returncode == 0
    skill_md = sandbox.project / ".claude/skills/iterative-planner/SKILL.md"
    original = skill_md.read_bytes()
    skill_md.write_text("my own notes\n")
    # the bundle changes, so an unmodified file would be updated
    (sandbox.bundle / "SKILL.md").write_text(
        (sandbox.bundle / "SKILL.md").read_text() + "\nNew line.\n"
    )
    (sandbox.bundle / "agents" / "explorer.md").write_text(
        (sandbox.bundle / "agents" / "explorer.md").read_text() + "\nMore.\n"
    )
    result = sandbox.json("install", "--harness", "claude")
    ops = {item["rel"]: item["op"] for t in result["targets"] for item in t["files"]}
    assert ops[".claude/skills/iterative-planner/SKILL.md"] == "keep-modified"
    assert ops[".claude/agents/ip-explorer.md"] == "update"
    assert [k["rel"] for k in result["kept"]] == [".claude/skills/iterative-planner/SKILL.md"]
    assert skill_md.read_text() == "my own notes\n"
    assert "More." in (sandbox.project / ".claude/agents/ip-explorer.md").read_text()
    # text output reports it too, and says what that means for the install
    done = sandbox.run("install", "--harness", "claude")
    assert "Left alone 1 file(s)" in done.stdout and str(skill_md) in done.stdout
    assert "kept 1 file(s) you changed (.claude/skills/iterative-planner/SKILL.md)" in done.stdout
    assert "may not match it" in done.stdout and "install --force" in done.stdout
    # uninstall keeps and reports the changed file, removes the rest
    done = sandbox.run("uninstall", "--harness", "claude", "--dry-run")
    assert "keep-modified" in done.stdout
    # --force overwrites it
    done = sandbox.run("install", "--harness", "claude", "--force")
    assert done.returncode == 0
    assert skill_md.read_bytes() != b"my own notes\n" and b"New line." in skill_md.read_bytes()
    assert skill_md.read_bytes() != original


def test_uninstall_keeps_user_edited_file(sandbox):
    assert sandbox.run("install", "--harness", "claude,agents").returncode == 0
    agent = sandbox.project / ".claude/agents/ip-explorer.md"
    agent.write_text(agent.read_text() + "\nmy tweak\n")
    result = sandbox.json("uninstall")
    assert [k["rel"] for k in result["kept"]] == [".claude/agents/ip-explorer.md"]
    assert tree(sandbox.project) == {".claude/agents/ip-explorer.md": agent.read_bytes()}


def test_foreign_file_is_never_overwritten_nor_removed(sandbox):
    theirs = sandbox.project / ".claude" / "agents" / "ip-explorer.md"
    theirs.parent.mkdir(parents=True)
    theirs.write_text("someone else's agent\n")
    result = sandbox.json("install", "--harness", "claude")
    ops = {item["rel"]: item["op"] for t in result["targets"] for item in t["files"]}
    assert ops[".claude/agents/ip-explorer.md"] == "keep-foreign"
    receipt = receipt_files(sandbox.project / ".claude/skills/iterative-planner" / RECEIPT)
    assert ".claude/agents/ip-explorer.md" not in receipt
    assert sandbox.run("uninstall").returncode == 0
    assert theirs.read_text() == "someone else's agent\n"
    assert tree(sandbox.project) == {".claude/agents/ip-explorer.md": b"someone else's agent\n"}


def test_file_dropped_from_bundle_is_removed_on_reinstall(sandbox):
    assert sandbox.run("install", "--harness", "agents").returncode == 0
    (sandbox.bundle / "modules" / "state-execute.md").unlink()
    result = sandbox.json("install", "--harness", "agents")
    ops = {item["rel"]: item["op"] for t in result["targets"] for item in t["files"]}
    assert ops[".agents/skills/iterative-planner/modules/state-execute.md"] == "remove"
    assert not (sandbox.project / ".agents/skills/iterative-planner/modules/state-execute.md").exists()
    receipt = receipt_files(sandbox.project / ".agents/skills/iterative-planner" / RECEIPT)
    assert ".agents/skills/iterative-planner/modules/state-execute.md" not in receipt


def test_reinstall_is_idempotent(sandbox):
    assert sandbox.run("install", "--harness", "all").returncode == 0
    first = tree(sandbox.project)
    result = sandbox.json("install", "--harness", "all")
    assert set(result["counts"]) == {"unchanged"}
    after = tree(sandbox.project)
    assert {k: v for k, v in after.items() if not k.endswith(RECEIPT)} == {
        k: v for k, v in first.items() if not k.endswith(RECEIPT)
    }


def test_uninstall_falls_back_to_the_user_receipt(sandbox):
    assert sandbox.run("install", "--harness", "agents").returncode == 0
    (sandbox.project / ".agents/skills/iterative-planner" / RECEIPT).unlink()
    assert sandbox.run("uninstall", "--harness", "agents").returncode == 0
    assert tree(sandbox.project) == {}


@pytest.mark.parametrize(
    "markers, expected",
    [
        ([], ["claude", "agents"]),
        ([".codex"], ["agents", "codex"]),
        ([".cursor", ".claude"], ["claude", "agents", "cursor"]),
        ([".gemini"], ["agents"]),
        ([".github"], ["agents"]),
        ([".windsurf"], ["agents"]),
    ],
)
def test_default_harnesses_are_detected_from_folders(sandbox, markers, expected):
    for marker in markers:
        (sandbox.project / marker).mkdir()
    result = sandbox.json("install", "--dry-run")
    assert [t["target"] for t in result["targets"]] == expected
    assert result["detected"]


def test_installed_frontmatter_parses(sandbox):
    assert sandbox.run("install", "--harness", "claude,agents").returncode == 0
    for skill_dir in (".claude/skills/iterative-planner", ".agents/skills/iterative-planner"):
        post = frontmatter.load(sandbox.project / skill_dir / "SKILL.md")
        assert post["name"] == Path(skill_dir).name
        assert post["description"]
    for role in ("explorer", "orchestrator"):
        post = frontmatter.load(sandbox.project / ".claude/agents" / f"ip-{role}.md")
        assert post["name"] == f"ip-{role}" and post["description"]
    # references: only the known placeholders are replaced; other braces stay; LF endings;
    # files that are not Markdown are copied byte for byte
    ref = sandbox.project / ".claude/skills/iterative-planner/references"
    assert (ref / "notes/deep.md").read_bytes() == b"# Deep\n\n## Part two\n"
    text = (ref / "guide.md").read_text()
    assert "{{ not rendered }} {% raw %}" in text
    assert "emit-template --name plan`, protocol 2." in text and "{{ cmd }}" not in text
    assert (ref / "diagram.bin").read_bytes() == (sandbox.bundle / "references/diagram.bin").read_bytes()
    assert not (sandbox.project / ".claude/skills/iterative-planner/agents/.gitkeep").exists()


def test_command_prefix_follows_the_rule_and_is_overridable(sandbox):
    import shlex
    import shutil

    assert sandbox.run("install", "--harness", "agents").returncode == 0
    text = (sandbox.project / ".agents/skills/iterative-planner/SKILL.md").read_text()
    receipt = json.loads((sandbox.project / ".agents/skills/iterative-planner" / RECEIPT).read_text())
    command = receipt["command"]
    assert f"`{command} bootstrap banner`" in text
    program = shlex.split(command)[0]
    if program == "iterative-planner":  # the console script is on PATH: the portable name
        assert shutil.which(program, path=sandbox.env["PATH"])
    else:
        assert Path(program).is_absolute() and Path(program).exists()
    assert "{{" not in text
    assert sandbox.run("install", "--harness", "agents", "--command", "my-ip").returncode == 0
    text = (sandbox.project / ".agents/skills/iterative-planner/SKILL.md").read_text()
    assert "`my-ip bootstrap banner`" in text


def test_root_option_selects_the_project(sandbox):
    other = sandbox.tmp / "elsewhere"
    other.mkdir()
    done = sandbox.run("install", "--harness", "cursor", "--root", str(other), cwd=sandbox.tmp)
    assert done.returncode == 0, done.stderr
    assert (other / ".cursor/rules/iterative-planner.mdc").is_file()
    assert (other / ".agents/skills/iterative-planner/SKILL.md").is_file()
    assert sandbox.run("uninstall", "--root", str(other), cwd=sandbox.tmp).returncode == 0
    assert tree(other) == {}


def test_uninstall_with_nothing_installed(sandbox):
    done = sandbox.run("uninstall")
    assert done.returncode == 0
    assert "nothing installed" in done.stdout


def test_group_level_root_option_is_honoured(sandbox):
    other = sandbox.tmp / "via-group"
    other.mkdir()
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "skill", "--root", str(other), "install", "--harness", "agents",
         "--bundle-dir", str(sandbox.bundle)],
        cwd=sandbox.tmp, env=sandbox.env, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    assert (other / ".agents/skills/iterative-planner/SKILL.md").is_file()
