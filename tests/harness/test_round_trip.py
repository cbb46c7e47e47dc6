"""Install then uninstall gives the user's files and folders back as they were; what is ours is
recognised by the receipt's exact command; the messages say what was done; the harness notes
(Gemini scope, Codex trust, both scopes) are given at install and by doctor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.harness.conftest import tree

SETTINGS = ".claude/settings.local.json"


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file (bytes) and folder (None) under ``root``."""
    return {
        p.relative_to(root).as_posix(): (None if p.is_dir() else p.read_bytes())
        for p in sorted(root.rglob("*"))
    }


@pytest.mark.parametrize("original", [
    b'{\n\t"permissions":   {"allow": ["Bash(ls)"]},\n\t"hooks": {"Stop": []}\n}',
    b'{"hooks": {"SessionStart": []}}\r\n',  # the user's own empty list stays
    b"{}",
])
def test_settings_file_comes_back_byte_for_byte(sandbox, original):
    settings = sandbox.project / SETTINGS
    settings.parent.mkdir()
    settings.write_bytes(original)
    before = snapshot(sandbox.project)
    assert sandbox.run("install", "--harness", "claude", "--command", "ipx").returncode == 0
    data = json.loads(settings.read_text())
    assert {k: v for k, v in data.items() if k != "hooks"} == {
        k: v for k, v in json.loads(original).items() if k != "hooks"
    }
    assert data["hooks"]["SessionStart"][-1]["hooks"][0]["command"] == "ipx hook session-start"
    done = sandbox.run("uninstall")
    assert done.returncode == 0, done.stderr
    assert snapshot(sandbox.project) == before
    # the message says the file was edited, not removed
    assert f"remove-block  {settings}" in done.stdout


def test_agents_md_comes_back_byte_for_byte(sandbox):
    for original in (b"# Mine", b"# Mine\n", b"# Mine\n\n\n", b"a\r\nb\r\n", b""):
        agents_md = sandbox.project / "AGENTS.md"
        agents_md.write_bytes(original)
        before = snapshot(sandbox.project)
        assert sandbox.run("install", "--harness", "agents-md").returncode == 0
        text = agents_md.read_bytes()
        assert text.startswith(original) and b"<!-- iterative-planner:begin" in text
        assert sandbox.run("uninstall").returncode == 0
        assert snapshot(sandbox.project) == before, original
    agents_md.unlink()
    assert sandbox.run("install", "--harness", "agents-md").returncode == 0
    assert sandbox.run("uninstall").returncode == 0
    assert snapshot(sandbox.project) == {}


def test_uninstall_removes_exactly_the_folders_install_created(sandbox):
    (sandbox.project / ".claude" / "agents").mkdir(parents=True)  # the user's, empty
    (sandbox.project / ".cursor").mkdir()
    before = snapshot(sandbox.project)
    assert sandbox.run("install", "--harness", "all,agents-md").returncode == 0
    done = sandbox.run("uninstall")
    assert done.returncode == 0, done.stderr
    assert snapshot(sandbox.project) == before
    assert "rmdir" in done.stdout and "(install created it; now empty)" in done.stdout
    # so detection afterwards sees only the folders the user made
    result = sandbox.json("install", "--dry-run")
    assert [t["target"] for t in result["targets"]] == ["claude", "agents", "cursor"]


def test_another_tools_hook_is_never_taken_for_ours(sandbox):
    settings = sandbox.project / SETTINGS
    settings.parent.mkdir()
    theirs = {"matcher": "startup", "hooks": [{"type": "command", "command": "/opt/skill-x/bin/tool hook session-start"}]}
    original = json.dumps({"hooks": {"SessionStart": [theirs]}}, indent=2) + "\n"
    settings.write_text(original)
    result = sandbox.json("install", "--harness", "claude", "--command", "ipx")
    ops = {item["rel"]: item["op"] for t in result["targets"] for item in t["files"]}
    assert ops[SETTINGS] == "add-block"
    entries = json.loads(settings.read_text())["hooks"]["SessionStart"]
    assert entries[0] == theirs and len(entries) == 2
    # --force rewrites only our entry
    assert sandbox.run("install", "--harness", "claude", "--command", "ipx", "--force").returncode == 0
    assert json.loads(settings.read_text())["hooks"]["SessionStart"][0] == theirs
    assert sandbox.run("uninstall").returncode == 0
    assert settings.read_text() == original


def test_reinstall_with_another_command_replaces_our_entry(sandbox):
    assert sandbox.run("install", "--harness", "claude", "--command", "old-ip").returncode == 0
    assert sandbox.run("install", "--harness", "claude", "--command", "new-ip").returncode == 0
    entries = json.loads((sandbox.project / SETTINGS).read_text())["hooks"]["SessionStart"]
    assert [e["hooks"][0]["command"] for e in entries] == ["new-ip hook session-start"]
    assert sandbox.run("uninstall").returncode == 0
    assert snapshot(sandbox.project) == {}


def test_orchestrator_knows_where_skill_md_is_and_asks_for_no_memory(sandbox):
    """Started with `claude --agent`, the skill may not be preloaded: the orchestrator is told where
    SKILL.md is, a path fixed at install (project-relative here, absolute at user scope)."""
    import re

    import frontmatter

    pattern = re.compile(r"read\s+`([^`]+)/SKILL\.md`")
    done = sandbox.run("install", "--harness", "claude", "--command", "ipx", bundle=False)
    assert done.returncode == 0, done.stderr
    text = (sandbox.project / ".claude/agents/iterative-planner-orchestrator.md").read_text()
    assert "memory" not in frontmatter.loads(text).metadata
    (where,) = pattern.findall(text)
    assert where == ".claude/skills/iterative-planner" and "(relative to the project root)" in text
    assert (sandbox.project / where / "SKILL.md").is_file()
    done = sandbox.run("install", "--harness", "claude", "--scope", "user", "--command", "ipx", bundle=False)
    assert done.returncode == 0, done.stderr
    text = (sandbox.home / ".claude/agents/iterative-planner-orchestrator.md").read_text()
    (where,) = pattern.findall(text)
    assert Path(where).is_absolute() and (Path(where) / "SKILL.md").is_file()


def test_modified_skill_md_is_said_plainly_at_install_and_by_doctor(sandbox):
    assert sandbox.run("install", "--harness", "agents").returncode == 0
    skill_md = sandbox.project / ".agents/skills/iterative-planner/SKILL.md"
    skill_md.write_text(skill_md.read_text() + "\nmine\n")
    (sandbox.bundle / "SKILL.md").write_text((sandbox.bundle / "SKILL.md").read_text() + "\nnew\n")
    done = sandbox.run("install", "--harness", "agents")
    assert "kept 1 file(s) you changed (.agents/skills/iterative-planner/SKILL.md)" in done.stdout
    assert "may not match it" in done.stdout
    report = sandbox.json("doctor", "--no-run")
    (entry,) = report["installs"]
    assert entry["modified"] == [".agents/skills/iterative-planner/SKILL.md"]
    assert any("changed since install" in w for w in entry["warnings"])
    done = sandbox.run("uninstall")
    assert "no longer tracked" in done.stdout
    assert tree(sandbox.project) == {".agents/skills/iterative-planner/SKILL.md": skill_md.read_bytes()}


def test_both_scopes_are_reported(sandbox):
    assert sandbox.run("install", "--harness", "agents", "--scope", "user").returncode == 0
    done = sandbox.run("install", "--harness", "agents")
    assert "installed at both project and user scope" in done.stdout
    assert "uninstall --harness agents --scope user" in done.stdout
    report = sandbox.json("doctor", "--no-run")
    warned = [i for i in report["installs"] if any("both project and user scope" in w for w in i["warnings"])]
    assert {(i["target"], i["scope"]) for i in warned} == {("agents", "project"), ("agents", "user")}


def test_codex_trust_is_explained_until_the_project_is_trusted(sandbox):
    done = sandbox.run("install", "--harness", "codex")
    assert "only in a trusted project" in done.stdout
    assert f'[projects."{sandbox.project.resolve()}"]' in done.stdout
    codex = next(i for i in sandbox.json("doctor", "--no-run")["installs"] if i["target"] == "codex")
    assert any("trusted project" in w for w in codex["warnings"]) and codex["ok"]
    config = sandbox.home / ".codex" / "config.toml"
    config.parent.mkdir()
    config.write_text(f'[projects."{sandbox.project.resolve()}"]\ntrust_level = "trusted"\n')
    assert "trusted project" not in sandbox.run("install", "--harness", "codex").stdout
    codex = next(i for i in sandbox.json("doctor", "--no-run")["installs"] if i["target"] == "codex")
    assert codex["warnings"] == []


def test_a_project_scope_gemini_extension_left_by_an_older_version_is_reported(sandbox, monkeypatch):
    from skill import __version__
    from skill.harness.receipt import Receipt, sha256, write_receipts

    folder = sandbox.project / ".gemini/extensions/iterative-planner"
    folder.mkdir(parents=True)
    data = b'{"name": "iterative-planner"}\n'
    (folder / "gemini-extension.json").write_bytes(data)
    rel = ".gemini/extensions/iterative-planner/gemini-extension.json"
    monkeypatch.setenv("IP_DATA_DIR", str(sandbox.data))
    write_receipts(
        Receipt("gemini", "project", str(sandbox.project.resolve()), __version__, "2.57.2", "ipx",
                {rel: sha256(data)}, receipt_rel=f"{rel.rsplit('/', 1)[0]}/.iterative-planner-install.json"),
        folder / ".iterative-planner-install.json",
    )
    done = sandbox.run("doctor", "--no-run")
    assert done.returncode == 1 and "never from a project" in done.stdout
    assert sandbox.run("uninstall", "--harness", "gemini").returncode == 0
    assert not (folder / "gemini-extension.json").exists()


def test_portable_command_keeps_machine_paths_out_of_project_files(sandbox, tmp_path):
    import os
    import sys

    bindir = Path(sys.executable).parent
    if not (bindir / "iterative-planner").exists():
        import pytest

        pytest.skip("no console script next to this interpreter")
    env = dict(sandbox.env, PATH=os.pathsep.join([str(bindir), sandbox.env.get("PATH", "")]))
    done = sandbox.run("install", "--harness", "all,agents-md", env=env)
    assert done.returncode == 0, done.stderr
    for rel, data in tree(sandbox.project).items():
        if rel == SETTINGS:  # Claude Code's machine-local settings: never committed
            continue
        text = data.decode("utf-8", "replace")
        assert str(bindir) not in text and str(sandbox.tmp) not in text, rel
    skill_md = (sandbox.project / ".claude/skills/iterative-planner/SKILL.md").read_text()
    assert "`iterative-planner bootstrap banner`" in skill_md
    report = sandbox.json("doctor", env=env)
    assert report["ok"], report
    assert all(i["command_check"].get("resolves_to") for i in report["installs"])
    # where the name does not resolve, doctor says so
    bare = dict(env, PATH="/usr/bin:/bin")
    done = sandbox.run("doctor", "--no-run", env=bare)
    assert done.returncode == 1 and "`iterative-planner` is not on PATH" in done.stdout
