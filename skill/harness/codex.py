"""OpenAI Codex custom agents: each sub-agent as a TOML file in ``.codex/agents/`` (project) or
``$CODEX_HOME/agents/`` (user; default ``~/.codex``).

Codex requires ``name``, ``description`` and ``developer_instructions``; the Markdown body of the
agent becomes the instructions. Claude-only keys (``tools``, ``model: sonnet``, ``color``, …)
have no Codex meaning and are dropped. The skill itself reaches Codex through the ``agents``
target, which this one pulls in.
"""

from __future__ import annotations

from pathlib import Path

from skill.harness.base import RECEIPT_NAME, Context, Target, codex_home

CONVERSION_NOTE = (
    "(Converted from the iterative-planner sub-agent definition for Claude Code. Where it names "
    "Claude Code tools such as Read, Edit, Bash or Agent, use your own equivalents; the skill "
    "itself is in .agents/skills/iterative-planner/.)\n\n"
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


class CodexTarget(Target):
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

    def files(self, ctx: Context) -> dict[str, bytes]:
        folder = self.agents_dir(ctx)
        out = {}
        for agent in ctx.agents():
            text = agent_toml(agent.name, agent.description, CONVERSION_NOTE + agent.body.strip() + "\n")
            out[f"{folder}/{agent.name}.toml"] = text.encode("utf-8")
        return out

    def receipt_rel(self, ctx: Context) -> str:
        return f"{self.agents_dir(ctx)}/{RECEIPT_NAME}"


TARGET = CodexTarget()
