"""``package --format claude-plugin|codex-plugin``: the manifests' shape (always), the hooks run from
the plugin with a bare Python, and the real ``claude plugin validate --strict`` (slow; when the
Claude Code CLI can be had: ``$IP_CLAUDE_CLI``, or npm)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import frontmatter
import pytest

from tests.support.cli import run_cli
from tests.support.env import clean_env
from tests.support.git import init_repo

NAME = "iterative-planner"
KEBAB = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
AGENTS = ["ip-archivist", "ip-boyscout", "ip-executor", "ip-explorer", "ip-plan-writer", "ip-reviewer", "ip-verifier",
          "iterative-planner-orchestrator"]


def build(tmp_path: Path, fmt: str) -> Path:
    out = tmp_path / fmt
    done = run_cli(tmp_path, "package", "--format", fmt, "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out


def load(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def check_hooks(hooks_file: Path, guard_matcher: str) -> None:
    data = load(hooks_file)
    assert set(data) == {"description", "hooks"} and set(data["hooks"]) == {"SessionStart", "PreToolUse"}
    expected = {"SessionStart": ("startup|resume|clear|compact", "hook session-start"),
                "PreToolUse": (guard_matcher, "hook pre-tool-use")}
    for event, (matcher, subcommand) in expected.items():
        [group] = data["hooks"][event]
        assert group["matcher"] == matcher
        [handler] = group["hooks"]
        assert handler == {"type": "command", "timeout": 10,
                           "command": f'python3 "${{CLAUDE_PLUGIN_ROOT}}/scripts/iterative-planner" {subcommand}'}


def test_claude_plugin_and_marketplace_shape(tmp_path: Path) -> None:
    from skill import __version__

    out = build(tmp_path, "claude-plugin")
    plugin = load(out / ".claude-plugin" / "plugin.json")
    assert set(plugin) == {"name", "version", "description", "author", "license", "keywords"}
    assert plugin["name"] == NAME and KEBAB.fullmatch(plugin["name"])
    assert plugin["version"] == __version__ and isinstance(plugin["author"]["name"], str)
    assert all(isinstance(k, str) for k in plugin["keywords"])
    market = load(out / ".claude-plugin" / "marketplace.json")
    assert market["name"] == NAME and market["owner"]["name"] and market["description"]
    [entry] = market["plugins"]
    assert entry == {"name": NAME, "source": "./", "description": plugin["description"], "version": plugin["version"]}
    assert sorted(os.listdir(out / ".claude-plugin")) == ["marketplace.json", "plugin.json"]  # nothing else in there
    check_hooks(out / "hooks" / "hooks.json", "Edit|Write|MultiEdit|NotebookEdit")
    skill = frontmatter.loads((out / "skills" / NAME / "SKILL.md").read_text(encoding="utf-8"))
    assert skill.metadata["name"] == NAME and skill.metadata["description"]
    for folder in ("agents", "modules", "references"):
        assert (out / "skills" / NAME / folder).is_dir()
    assert sorted(p.stem for p in (out / "agents").glob("*.md")) == AGENTS
    for path in (out / "agents").glob("*.md"):
        meta = frontmatter.loads(path.read_text(encoding="utf-8")).metadata
        assert meta["name"] == path.stem and ":" not in meta["name"] and meta["description"]
        assert not {"hooks", "mcpServers", "permissionMode"} & set(meta)
    orchestrator = frontmatter.loads((out / "agents" / "iterative-planner-orchestrator.md").read_text(encoding="utf-8"))
    workers = ["ip-explorer", "ip-plan-writer", "ip-executor", "ip-verifier", "ip-reviewer", "ip-boyscout", "ip-archivist"]
    spawnable = ", ".join(f"iterative-planner:{name}" for name in workers)
    assert orchestrator.metadata["tools"].startswith(f"Agent({spawnable}),")
    assert orchestrator.metadata["skills"] == ["iterative-planner:iterative-planner"]
    assert 'Agent(subagent_type: "iterative-planner:ip-explorer"' in orchestrator.content
    assert "| iterative-planner:ip-archivist |" in orchestrator.content
    skill_text = (out / "skills" / NAME / "SKILL.md").read_text(encoding="utf-8")
    assert "`claude --agent iterative-planner:iterative-planner-orchestrator`" in skill_text
    assert "iterative-planner:ip-archivist" in skill_text  # CLOSE names the namespaced archivist
    assert "`iterative-planner bootstrap banner`" in skill_text  # the console script names the commands
    assert not (out / "CLAUDE.md").exists() and (out / "README.md").is_file()
    assert os.access(out / "scripts" / NAME, os.X_OK) and (out / "lib" / "skill" / "cli" / "fast.py").is_file()
    assert not list((out / "lib").rglob("__pycache__"))


def test_the_default_install_names_agents_plainly(tmp_path: Path) -> None:
    """Only the plugin namespaces: the skill folder install keeps the names the protocol writes."""
    from skill.bundle import render_bundle_file

    text = render_bundle_file("agents/ip-orchestrator.md", command="ip")
    assert "tools: Agent(ip-explorer, ip-plan-writer" in text and "iterative-planner:" not in text


def test_codex_plugin_shape(tmp_path: Path) -> None:
    out = build(tmp_path, "codex-plugin")
    plugin = load(out / ".codex-plugin" / "plugin.json")
    assert plugin["name"] == NAME and plugin["skills"] == "./skills/" and plugin["hooks"] == "./hooks/hooks.json"
    assert plugin["interface"]["displayName"] and plugin["interface"]["category"]
    assert sorted(os.listdir(out / ".codex-plugin")) == ["plugin.json"]
    check_hooks(out / plugin["hooks"], "apply_patch|Edit|Write")
    assert (out / plugin["skills"] / NAME / "SKILL.md").is_file()
    assert not (out / "agents").exists() and not (out / ".claude-plugin").exists()
    orchestrator = out / "skills" / NAME / "agents" / "ip-orchestrator.md"
    assert "Agent(ip-explorer, ip-plan-writer" in orchestrator.read_text(encoding="utf-8")  # no namespace in Codex


def test_the_plugin_hooks_run_with_a_bare_python(tmp_path: Path) -> None:
    """The launcher needs only the standard library on the hooks' path: ``python -S`` (no
    site-packages, so no click) answers both hooks; a command that needs click says to install."""
    out = build(tmp_path, "claude-plugin")
    project = init_repo(tmp_path / "proj")
    assert run_cli(project, "bootstrap", "new", "Plugin goal").returncode == 0
    env = {k: v for k, v in clean_env().items() if k not in ("PYTHONPATH", "IP_COMMAND")}
    launcher = [sys.executable, "-S", str(out / "scripts" / NAME)]

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run([*launcher, *args], cwd=project, env=env, input=stdin, capture_output=True, text=True,
                              timeout=60)

    packet = run("hook", "session-start", stdin=json.dumps({"cwd": str(project), "source": "startup"}))
    context = json.loads(packet.stdout)["hookSpecificOutput"]["additionalContext"]
    assert "Goal: Plugin goal" in context and "`iterative-planner emit-state --state explore`" in context
    write = {"cwd": str(project), "tool_name": "Write", "tool_input": {"file_path": str(project / "a.py")}}
    denied = run("hook", "pre-tool-use", stdin=json.dumps(write))
    assert json.loads(denied.stdout)["hookSpecificOutput"]["permissionDecision"] == "deny"
    needs = run("transition", "PLAN")
    assert needs.returncode == 1 and "pipx install iterative-planner" in needs.stderr and "Traceback" not in needs.stderr


def test_rerun_replaces_and_a_foreign_folder_is_refused(tmp_path: Path) -> None:
    out = build(tmp_path, "claude-plugin")
    (out / "agents" / "stale.md").write_text("old")
    (out / ".git").mkdir()
    again = run_cli(tmp_path, "package", "--format", "claude-plugin", "--out", str(out))
    assert again.returncode == 0 and not (out / "agents" / "stale.md").exists() and (out / ".git").is_dir()
    foreign = tmp_path / "mine"
    (foreign / "agents").mkdir(parents=True)
    (foreign / "agents" / "keep.md").write_text("mine")
    refused = run_cli(tmp_path, "package", "--format", "claude-plugin", "--out", str(foreign))
    assert refused.returncode == 1 and "nothing was written" in refused.stderr
    assert sorted(p.name for p in foreign.rglob("*")) == ["agents", "keep.md"]
    dry = run_cli(tmp_path, "package", "--format", "codex-plugin", "--out", str(tmp_path / "dry"), "--dry-run", "--json")
    assert json.loads(dry.stdout)["dry_run"] is True and not (tmp_path / "dry").exists()


def claude_cli() -> str:
    """The Claude Code CLI: ``$IP_CLAUDE_CLI``, else npm's ``@anthropic-ai/claude-code`` installed
    into a cache folder (reused between runs). Skips with the reason when neither works."""
    given = os.environ.get("IP_CLAUDE_CLI")
    if given:
        if not os.access(given, os.X_OK):
            pytest.fail(f"IP_CLAUDE_CLI={given} is not an executable")
        return given
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        pytest.skip("node and npm are needed to install @anthropic-ai/claude-code (or set IP_CLAUDE_CLI)")
    prefix = Path(os.environ.get("IP_CLAUDE_CACHE") or Path(tempfile.gettempdir()) / "ip-claude-code-cli")
    binary = prefix / "node_modules" / ".bin" / "claude"
    if not binary.exists():
        done = subprocess.run([npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund", "--loglevel=error",
                               "@anthropic-ai/claude-code@latest"], capture_output=True, text=True, timeout=900)
        if done.returncode != 0 or not binary.exists():
            pytest.skip(f"npm install @anthropic-ai/claude-code failed (offline?): {done.stderr.strip()[-300:]}")
    return str(binary)


@pytest.mark.slow
def test_claude_code_validates_the_plugin_strictly(tmp_path: Path) -> None:
    out = build(tmp_path, "claude-plugin")
    claude = claude_cli()
    home = tmp_path / "home"
    home.mkdir()
    env = {**clean_env(), "HOME": str(home), "USERPROFILE": str(home), "CLAUDE_CONFIG_DIR": str(home / ".claude")}
    for target in (out / ".claude-plugin" / "plugin.json", out):
        done = subprocess.run([claude, "plugin", "validate", str(target), "--strict"], env=env, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, (target, done.stdout[-3000:], done.stderr[-2000:])
        assert "iterative-planner:iterative-planner-orchestrator" in done.stdout or "Validation passed" in done.stdout
