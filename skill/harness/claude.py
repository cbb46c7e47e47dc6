"""Claude Code: the skill folder plus the sub-agents as ``ip-*.md`` files in ``agents/``.

Project scope: ``.claude/skills/iterative-planner/`` and ``.claude/agents/ip-*.md`` under the
project root. User scope: the same under ``$CLAUDE_CONFIG_DIR`` (default ``~/.claude``).
The skill folder also carries ``agents/`` so the zip, the install and the original's layout agree;
Claude Code loads sub-agents only from ``agents/`` folders, so those copies are what it runs.
See docs/harnesses.md for why this is not a skills-dir plugin.
"""

from __future__ import annotations

from pathlib import Path

from skill.harness.base import (
    RECEIPT_NAME,
    Context,
    Target,
    claude_home,
    skill_dir_rel,
    skill_folder_files,
)


class ClaudeTarget(Target):
    name = "claude"
    summary = "Claude Code: skill folder + sub-agents (.claude/skills/, .claude/agents/)"
    project_markers = (".claude",)

    def user_markers(self) -> list[Path]:
        return [claude_home()]

    def base(self, ctx: Context) -> Path:
        return ctx.project if ctx.scope == "project" else claude_home()

    def _root(self, ctx: Context) -> str:
        return ".claude" if ctx.scope == "project" else ""

    def _join(self, ctx: Context, rel: str) -> str:
        root = self._root(ctx)
        return f"{root}/{rel}" if root else rel

    def skill_dir(self, ctx: Context) -> str:
        return self._join(ctx, skill_dir_rel("skills"))

    def files(self, ctx: Context) -> dict[str, bytes]:
        out = skill_folder_files(self.skill_dir(ctx), ctx.skill_tree())
        for agent in ctx.agents():
            out[self._join(ctx, f"agents/{agent.name}.md")] = agent.text.encode("utf-8")
        return out

    def receipt_rel(self, ctx: Context) -> str:
        return f"{self.skill_dir(ctx)}/{RECEIPT_NAME}"

    def owned_dirs(self, ctx: Context) -> list[str]:
        return [self.skill_dir(ctx)]


TARGET = ClaudeTarget()
