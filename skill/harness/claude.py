"""Claude Code: the skill folder plus the sub-agents as ``ip-*.md`` files in ``agents/``.

Project scope: ``.claude/skills/iterative-planner/`` and ``.claude/agents/ip-*.md`` under the
project root. User scope: the same under ``$CLAUDE_CONFIG_DIR`` (default ``~/.claude``).
The skill folder also carries ``agents/`` so the zip, the install and the original's layout agree;
Claude Code loads sub-agents only from ``agents/`` folders, so those copies are what it runs.
See docs/harnesses.md for why this is not a skills-dir plugin.

It also registers the hooks in ``.claude/settings.local.json`` (project scope: machine-specific,
not committed) or ``settings.json`` (user scope): the SessionStart re-entry packet, the write guard
(PreToolUse on Claude Code's file tools; ``--no-guard`` leaves it out) and, with ``--statusline``,
the status line (never in place of one the user has). Only entries running exactly the receipt's
commands are ours in that shared file (:mod:`skill.harness.hook_settings`).
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
    written_skill_dir,
)
from skill.harness.hook_settings import SettingsBlocks

STATUSLINE_NOTE = (
    "claude: {rel} already has a status line of yours, so ours was not added. To show both, make "
    "its command run the two in turn on the same input, e.g. "
    """input=$(cat); printf '%s' "$input" | <your command>; printf '%s' "$input" | {command} statusline"""
)


def settings_parts(ctx: Context, existing: str | None, rel: str) -> dict[str, object]:
    """The entries this install puts into the settings file: the SessionStart packet, the guard
    unless turned off, the status line when asked for and the user has none of their own."""
    from skill.harness.hook_settings import foreign_status_line
    from skill.hooks.registration import parts_for

    statusline = ctx.option("statusline") and foreign_status_line(rel, existing, [ctx.command]) is None
    return parts_for(ctx.command, "claude", guard=ctx.option("guard"), statusline=statusline)


def read_settings(ctx: Context, target: Target, rel: str) -> str | None:
    from skill.harness.base import confined
    from skill.harness.ownership import read_shared

    return read_shared(confined(target.base(ctx), rel))


class ClaudeTarget(SettingsBlocks, Target):
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
        from skill.harness.hook_settings import canonical

        where = written_skill_dir(self, ctx)
        out = skill_folder_files(self.skill_dir(ctx), ctx.skill_tree(where))
        for agent in ctx.agents(where):
            out[self._join(ctx, f"agents/{agent.name}.md")] = agent.text.encode("utf-8")
        rel = self.settings_rel(ctx)
        parts = settings_parts(ctx, read_settings(ctx, self, rel), rel)
        out[rel] = canonical(parts).encode("utf-8")
        return out

    def blocks(self, ctx: Context) -> set[str]:
        return {self.settings_rel(ctx)}

    def options_used(self) -> tuple[str, ...]:
        return ("guard", "statusline")

    def notes(self, ctx: Context) -> list[str]:
        from skill.harness.hook_settings import foreign_status_line

        if not ctx.option("statusline"):
            return []
        rel = self.settings_rel(ctx)
        try:
            theirs = foreign_status_line(rel, read_settings(ctx, self, rel), [ctx.command])
        except Exception:  # noqa: BLE001 - a broken file is reported by the install itself
            return []
        if theirs is None:
            return []
        return [STATUSLINE_NOTE.format(rel=rel, command=ctx.command)]

    def receipt_rel(self, ctx: Context) -> str:
        return f"{self.skill_dir(ctx)}/{RECEIPT_NAME}"

    def owned_dirs(self, ctx: Context) -> list[str]:
        return [self.skill_dir(ctx)]


TARGET = ClaudeTarget()
