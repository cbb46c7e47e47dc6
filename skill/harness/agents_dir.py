"""The shared Agent Skills folder ``.agents/skills/iterative-planner/`` (user: ``~/.agents/skills/``).

Codex, Cursor, Gemini CLI, GitHub Copilot, OpenCode and Windsurf all discover skills there, so
one copy serves them all. The names ``copilot``, ``opencode`` and ``windsurf`` are aliases of
this target.
"""

from __future__ import annotations

from pathlib import Path

from skill.harness.base import (
    RECEIPT_NAME,
    Context,
    Target,
    home,
    skill_dir_rel,
    skill_folder_files,
    written_skill_dir,
)


class AgentsDirTarget(Target):
    name = "agents"
    summary = "Agent Skills folder read by Codex, Cursor, Gemini, Copilot, OpenCode, Windsurf (.agents/skills/)"
    project_markers = (".agents", ".windsurf", ".github", ".opencode")

    def user_markers(self) -> list[Path]:
        h = home()
        return [h / ".agents", h / ".codeium" / "windsurf", h / ".copilot", h / ".config" / "opencode"]

    def base(self, ctx: Context) -> Path:
        return ctx.project if ctx.scope == "project" else home()

    def skill_dir(self, ctx: Context) -> str:
        return skill_dir_rel(".agents/skills")

    def files(self, ctx: Context) -> dict[str, bytes]:
        return skill_folder_files(self.skill_dir(ctx), ctx.skill_tree(written_skill_dir(self, ctx)))

    def receipt_rel(self, ctx: Context) -> str:
        return f"{self.skill_dir(ctx)}/{RECEIPT_NAME}"

    def owned_dirs(self, ctx: Context) -> list[str]:
        return [self.skill_dir(ctx)]


TARGET = AgentsDirTarget()
