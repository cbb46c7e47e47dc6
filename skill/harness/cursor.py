"""Cursor: a small rule ``.cursor/rules/iterative-planner.mdc`` pointing at the skill.

Cursor reads the skill itself from ``.agents/skills/`` (the ``agents`` target, pulled in). The
rule is "Agent Requested" (a ``description``, no globs, ``alwaysApply: false``): Cursor's agent
pulls it in when a task looks like planning work. Cursor keeps user rules in its settings, not in
files, so this target has project scope only.
"""

from __future__ import annotations

from pathlib import Path

from skill.harness.base import RECEIPT_NAME, Context, Target
from skill.harness.source import SKILL_NAME

RULE_TEMPLATE = """---
description: Iterative planning for complex, multi-step coding tasks (explore, plan, execute, reflect, pivot) with the plan kept in plans/ on disk. Use for migrations, refactors, multi-file changes and work that failed before.
alwaysApply: false
---
# iterative-planner

For a complex or multi-step coding task, follow the iterative-planner skill: read
`.agents/skills/{name}/SKILL.md` and do what it says. Its commands start with:

    {command}

Start with `{command} bootstrap banner`.
"""


class CursorTarget(Target):
    name = "cursor"
    summary = "Cursor: an agent-requested rule pointing at the skill (.cursor/rules/)"
    requires = ("agents",)
    project_markers = (".cursor",)
    scopes = ("project",)

    def base(self, ctx: Context) -> Path:
        return ctx.project

    def files(self, ctx: Context) -> dict[str, bytes]:
        text = RULE_TEMPLATE.format(name=SKILL_NAME, command=ctx.command)
        return {f".cursor/rules/{SKILL_NAME}.mdc": text.encode("utf-8")}

    def receipt_rel(self, ctx: Context) -> str:
        return f".cursor/rules/{RECEIPT_NAME}"


TARGET = CursorTarget()
