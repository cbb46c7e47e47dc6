"""Opt-in: a marked block in the project's ``AGENTS.md`` pointing at the skill.

Only ``--harness agents-md`` installs it: never by default, never from ``all`` or from detection.
The file is shared with the user, so only the block between the two markers is ours; its hash
(not the file's) goes into the receipt. ``uninstall`` removes the block when unchanged, and the
file too when nothing else is left in it.
"""

from __future__ import annotations

from pathlib import Path

from skill.harness.base import RECEIPT_NAME, Context, Target
from skill.harness.marked_block import BEGIN, END
from skill.harness.source import SKILL_NAME

FILE = "AGENTS.md"

BLOCK_TEMPLATE = """## iterative-planner

For a complex or multi-step coding task (migrations, refactors, multi-file changes, work that
failed before), follow the skill in `.agents/skills/{name}/SKILL.md`. Its commands start with
`{command}`; begin with `{command} bootstrap banner`.
"""


class AgentsMdTarget(Target):
    name = "agents-md"
    summary = "opt-in: a marked block in the project's AGENTS.md pointing at the skill"
    requires = ("agents",)
    scopes = ("project",)
    explicit_only = True

    def base(self, ctx: Context) -> Path:
        return ctx.project

    def blocks(self, ctx: Context) -> set[str]:
        return {FILE}

    def files(self, ctx: Context) -> dict[str, bytes]:
        body = BLOCK_TEMPLATE.format(name=SKILL_NAME, command=ctx.command)
        return {FILE: f"{BEGIN}\n{body}{END}".encode()}

    def receipt_rel(self, ctx: Context) -> str:
        return f".agents/{RECEIPT_NAME.replace('install', 'agents-md')}"

    def location(self, ctx: Context) -> Path:
        return ctx.project / FILE


TARGET = AgentsMdTarget()
