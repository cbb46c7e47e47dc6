"""Claude Code: the skill folder plus the sub-agents as ``ip-*.md`` files in ``agents/``.

Project scope: ``.claude/skills/iterative-planner/`` and ``.claude/agents/ip-*.md`` under the
project root. User scope: the same under ``$CLAUDE_CONFIG_DIR`` (default ``~/.claude``).
The skill folder also carries ``agents/`` so the zip, the install and the original's layout agree;
Claude Code loads sub-agents only from ``agents/`` folders, so those copies are what it runs.
See docs/harnesses.md for why this is not a skills-dir plugin.

It also registers the SessionStart hook (``hook session-start``) for startup, resume, clear and
compact, so a plan's re-entry summary returns to the agent's context: in
``.claude/settings.local.json`` (project scope: machine-specific, not committed) or
``settings.json`` (user scope). Only the entry running exactly the receipt's command is ours in
that shared file (:mod:`skill.harness.claude_settings`).
"""

from __future__ import annotations

import json
from pathlib import Path

from skill.harness.base import (
    NOBODY,
    RECEIPT_NAME,
    Context,
    Owned,
    Target,
    claude_home,
    skill_dir_rel,
    skill_folder_files,
    written_skill_dir,
)


def _hook_lines(owned: Owned) -> list[str]:
    """The hook command lines that are ours: one per recorded command prefix."""
    from skill.hooks import hook_command

    return [hook_command(prefix) for prefix in sorted(owned.commands)]


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

    def settings_rel(self, ctx: Context) -> str:
        return self._join(ctx, "settings.local.json" if ctx.scope == "project" else "settings.json")

    def files(self, ctx: Context) -> dict[str, bytes]:
        from skill.hooks import claude_hook_entry, hook_command

        where = written_skill_dir(self, ctx)
        out = skill_folder_files(self.skill_dir(ctx), ctx.skill_tree(where))
        for agent in ctx.agents(where):
            out[self._join(ctx, f"agents/{agent.name}.md")] = agent.text.encode("utf-8")
        entry = claude_hook_entry(hook_command(ctx.command))
        out[self.settings_rel(ctx)] = json.dumps(entry, sort_keys=True).encode("utf-8")
        return out

    def blocks(self, ctx: Context) -> set[str]:
        return {self.settings_rel(ctx)}

    # The shared file is JSON: our "block" is the one SessionStart entry running our command.
    def block_extract(self, rel: str, text: str, owned: Owned = NOBODY) -> str | None:
        from skill.harness.claude_settings import extract

        return extract(rel, text, _hook_lines(owned))

    def block_lead(self, rel: str, existing: str | None) -> str:
        return ""

    def block_containers(self, rel: str, existing: str | None) -> tuple[str, ...]:
        from skill.harness.claude_settings import containers_needed

        return containers_needed(rel, existing)

    def block_merge(self, rel: str, existing: str | None, block: str, owned: Owned = NOBODY) -> str:
        from skill.harness.claude_settings import merge
        from skill.hooks import claude_hook_entry

        entry = claude_hook_entry(json.loads(block)["hooks"][0]["command"])  # in its natural key order
        return merge(rel, existing, entry, _hook_lines(owned))

    def block_strip(self, rel: str, existing: str, owned: Owned = NOBODY) -> str:
        from skill.harness.claude_settings import strip

        return strip(rel, existing, _hook_lines(owned), owned.containers)

    def block_leaves_nothing(self, rel: str, rest: str) -> bool:
        from skill.harness.claude_settings import holds_nothing

        return holds_nothing(rest)

    def receipt_rel(self, ctx: Context) -> str:
        return f"{self.skill_dir(ctx)}/{RECEIPT_NAME}"

    def owned_dirs(self, ctx: Context) -> list[str]:
        return [self.skill_dir(ctx)]


TARGET = ClaudeTarget()
