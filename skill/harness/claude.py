"""Claude Code: the skill folder plus the sub-agents as ``ip-*.md`` files in ``agents/``.

Project scope: ``.claude/skills/iterative-planner/`` and ``.claude/agents/ip-*.md`` under the
project root. User scope: the same under ``$CLAUDE_CONFIG_DIR`` (default ``~/.claude``).
The skill folder also carries ``agents/`` so the zip, the install and the original's layout agree;
Claude Code loads sub-agents only from ``agents/`` folders, so those copies are what it runs.
See docs/harnesses.md for why this is not a skills-dir plugin.

It also registers the SessionStart hook (``hook session-start``) for startup, resume, clear and
compact, so a plan's re-entry summary returns to the agent's context: in
``.claude/settings.local.json`` (project scope: machine-specific, not committed) or
``settings.json`` (user scope). Only our hook entry is ours in that shared file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from skill.errors import SkillError
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

    def settings_rel(self, ctx: Context) -> str:
        return self._join(ctx, "settings.local.json" if ctx.scope == "project" else "settings.json")

    def files(self, ctx: Context) -> dict[str, bytes]:
        from skill.hooks import claude_hook_entry

        out = skill_folder_files(self.skill_dir(ctx), ctx.skill_tree())
        for agent in ctx.agents():
            out[self._join(ctx, f"agents/{agent.name}.md")] = agent.text.encode("utf-8")
        entry = claude_hook_entry(f"{ctx.command} hook session-start")
        out[self.settings_rel(ctx)] = json.dumps(entry, sort_keys=True).encode("utf-8")
        return out

    def blocks(self, ctx: Context) -> set[str]:
        return {self.settings_rel(ctx)}

    # The shared file is JSON: our "block" is the one SessionStart hook entry.
    @staticmethod
    def _load(rel: str, text: str | None) -> dict[str, Any]:
        if not text or not text.strip():
            return {}
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SkillError(
                f"ERROR: {rel} is not valid JSON ({exc.msg}, line {exc.lineno}); "
                "fix it, then run the command again. Nothing was changed."
            ) from None
        if not isinstance(data, dict):
            raise SkillError(f"ERROR: {rel} does not hold a JSON object; nothing was changed.")
        return data

    def block_extract(self, rel: str, text: str) -> str | None:
        from skill.hooks import EVENT, is_ours

        hooks = self._load(rel, text).get("hooks") or {}
        for entry in hooks.get(EVENT) or [] if isinstance(hooks, dict) else []:
            if is_ours(entry):
                return json.dumps(entry, sort_keys=True)
        return None

    def block_merge(self, rel: str, existing: str | None, block: str) -> str:
        from skill.hooks import add_to_settings

        entry = json.loads(block)
        command = entry["hooks"][0]["command"]
        return json.dumps(add_to_settings(self._load(rel, existing), command), indent=2) + "\n"

    def block_strip(self, rel: str, existing: str) -> str:
        from skill.hooks import remove_from_settings

        rest = remove_from_settings(self._load(rel, existing))
        return json.dumps(rest, indent=2) + "\n" if rest else ""

    def receipt_rel(self, ctx: Context) -> str:
        return f"{self.skill_dir(ctx)}/{RECEIPT_NAME}"

    def owned_dirs(self, ctx: Context) -> list[str]:
        return [self.skill_dir(ctx)]


TARGET = ClaudeTarget()
