"""OpenAI Codex custom agents: each sub-agent as a TOML file in ``.codex/agents/`` (project) or
``$CODEX_HOME/agents/`` (user; default ``~/.codex``).

Codex requires ``name``, ``description`` and ``developer_instructions``; the Markdown body of the
agent becomes the instructions. Claude-only keys (``tools``, ``model: sonnet``, ``color``, …)
have no Codex meaning and are dropped. The skill itself reaches Codex through the ``agents``
target, which this one pulls in.

It also registers the hooks in ``.codex/hooks.json`` (project) or ``$CODEX_HOME/hooks.json`` (user):
the SessionStart re-entry packet and the write guard on ``apply_patch`` (``--no-guard`` leaves it
out). The file is shared like Claude Code's settings (:mod:`skill.harness.hook_settings`). Codex runs
a new or changed hook only after the user trusts it in ``/hooks``.
"""

from __future__ import annotations

import importlib
import os
import re
from pathlib import Path

from skill.harness.base import RECEIPT_NAME, Context, Target, codex_home, written_skill_dir
from skill.harness.hook_settings import SettingsBlocks

CONVERSION_NOTE = (
    "(Converted from the iterative-planner sub-agent definition for Claude Code. Where it names "
    "Claude Code tools such as Read, Edit, Bash or Agent, use your own equivalents; the skill "
    "itself is in {skill_dir}.)\n\n"
)

HOOKS_NOTE = (
    "codex: Codex runs a new or changed hook only after you trust it: open /hooks in Codex and "
    "trust the iterative-planner entries in {rel}."
)

TRUST_NOTE = (
    "Codex reads .codex/agents/ only in a trusted project. Trust this folder when Codex asks, or "
    "add to {config}:\n"
    '  [projects."{project}"]\n'
    '  trust_level = "trusted"'
)


def _escape(value: str, keep_newlines: bool) -> str:
    out = []
    for ch in value:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\n" if keep_newlines else "\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        else:
            out.append(ch)
    return "".join(out)


def toml_string(value: str) -> str:
    """A TOML basic string on one line, everything escaped: valid whatever the text."""
    return f'"{_escape(value, keep_newlines=False)}"'


def toml_multiline(value: str) -> str:
    """A TOML multi-line basic string; quotes, backslashes and controls escaped, newlines kept."""
    return f'"""\n{_escape(value, keep_newlines=True)}"""'


def agent_toml(name: str, description: str, instructions: str) -> str:
    lines = [
        "# Installed by iterative-planner; `iterative-planner uninstall` removes it.",
        f"name = {toml_string(name)}",
        f"description = {toml_string(description or name)}",
        f"developer_instructions = {toml_multiline(instructions)}",
        "",
    ]
    return "\n".join(lines)


class CodexTarget(SettingsBlocks, Target):
    name = "codex"
    summary = "OpenAI Codex: the sub-agents as TOML custom agents (.codex/agents/)"
    requires = ("agents",)
    project_markers = (".codex",)

    def user_markers(self) -> list[Path]:
        return [codex_home()]

    def base(self, ctx: Context) -> Path:
        return ctx.project if ctx.scope == "project" else codex_home()

    def agents_dir(self, ctx: Context) -> str:
        return ".codex/agents" if ctx.scope == "project" else "agents"

    def hooks_rel(self, ctx: Context) -> str:
        return ".codex/hooks.json" if ctx.scope == "project" else "hooks.json"

    def files(self, ctx: Context) -> dict[str, bytes]:
        from skill.harness.agents_dir import TARGET as SKILL_FOLDER
        from skill.harness.hook_settings import canonical
        from skill.hooks.registration import parts_for

        where = written_skill_dir(SKILL_FOLDER, ctx)  # Codex reads the skill from .agents/skills
        note = CONVERSION_NOTE.format(skill_dir=where)
        folder = self.agents_dir(ctx)
        out = {}
        for agent in ctx.agents(where):
            text = agent_toml(agent.name, agent.description, note + agent.body.strip() + "\n")
            out[f"{folder}/{agent.name}.toml"] = text.encode("utf-8")
        parts = parts_for(ctx.command, "codex", guard=ctx.option("guard"))
        out[self.hooks_rel(ctx)] = canonical(parts).encode("utf-8")
        return out

    def blocks(self, ctx: Context) -> set[str]:
        return {self.hooks_rel(ctx)}

    def options_used(self) -> tuple[str, ...]:
        return ("guard",)

    def notes(self, ctx: Context) -> list[str]:
        notes = [HOOKS_NOTE.format(rel=self.base(ctx) / self.hooks_rel(ctx))]
        if ctx.scope == "project" and not project_trusted(ctx.project):
            notes.append(trust_note(ctx.project))
        return notes

    def receipt_rel(self, ctx: Context) -> str:
        return f"{self.agents_dir(ctx)}/{RECEIPT_NAME}"


def trust_note(project: Path) -> str:
    return TRUST_NOTE.format(config=codex_home() / "config.toml", project=Path(project).resolve())


_PROJECT_HEADER = re.compile(r"""\s*\[projects\.(?:"((?:[^"\\]|\\.)*)"|'([^']*)')\]\s*(?:#.*)?$""")
_TRUST_LEVEL = re.compile(r"""\s*trust_level\s*=\s*["']([^"']*)["']""")


def scan_trust(config_text: str) -> dict[str, str]:
    """The trust entries in the two line shapes Codex writes (``[projects."<path>"]`` then
    ``trust_level = "…"``), for Python 3.10, which has no TOML reader."""
    found: dict[str, str] = {}
    current = None
    for line in config_text.splitlines():
        header = _PROJECT_HEADER.match(line)
        if header:
            current = header.group(1).replace("\\\\", "\\") if header.group(1) is not None else header.group(2)
            continue
        if line.strip().startswith("["):
            current = None
        level = _TRUST_LEVEL.match(line)
        if current is not None and level:
            found[current] = level.group(1)
    return found


def trusted_projects(config_text: str) -> dict[str, str]:
    """``[projects."<path>"] trust_level = "…"`` entries of a Codex config.toml: path -> level."""
    try:  # the standard library's TOML reader exists from Python 3.11
        toml = importlib.import_module("tomllib")
    except ImportError:
        return scan_trust(config_text)
    try:
        data = toml.loads(config_text)
    except toml.TOMLDecodeError:
        return {}
    projects = data.get("projects")
    if not isinstance(projects, dict):
        return {}
    return {
        str(path): str(entry.get("trust_level", ""))
        for path, entry in projects.items()
        if isinstance(entry, dict)
    }


def project_trusted(project: Path) -> bool:
    """Whether ``$CODEX_HOME/config.toml`` trusts ``project`` or a folder above it."""
    try:
        text = (codex_home() / "config.toml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    levels = {
        os.path.normcase(os.path.realpath(path)): level for path, level in trusted_projects(text).items()
    }
    here = Path(os.path.realpath(project))
    for folder in (here, *here.parents):
        level = levels.get(os.path.normcase(str(folder)))
        if level is not None:
            return level == "trusted"
    return False


TARGET = CodexTarget()
