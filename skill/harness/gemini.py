"""Gemini CLI: an extension folder ``~/.gemini/extensions/iterative-planner/`` (user scope only).

It holds ``gemini-extension.json`` (``name`` matching the folder, ``version``,
``contextFileName``) and that context file, a short pointer to the skill. The context file is the
extension's own ``GEMINI.md``; the user's GEMINI.md is never touched. Gemini reads the skill itself
from ``.agents/skills/`` (the ``agents`` target, pulled in).

Gemini CLI loads extensions only from ``~/.gemini/extensions`` (0.61 never reads a project's
``.gemini/extensions``), so at project scope this target installs the ``agents`` folder instead,
which Gemini does read there, and says so.
"""

from __future__ import annotations

import json
from pathlib import Path

from skill.harness.base import RECEIPT_NAME, Context, Target, home
from skill.harness.source import SKILL_NAME

CONTEXT_FILE = "GEMINI.md"

CONTEXT_TEMPLATE = """# iterative-planner

For a complex or multi-step coding task (migrations, refactors, multi-file changes, work that
failed before), use the iterative-planner skill: read `{skill_md}` and follow it. Its commands
start with:

    {command}

Start with `{command} bootstrap banner`.
"""


PROJECT_NOTE = (
    "gemini: Gemini CLI loads extensions only from ~/.gemini/extensions, so none was written in "
    "this project; Gemini reads the skill from .agents/skills/ here (the agents target). For the "
    "extension's always-loaded pointer, run `install --harness gemini --scope user`."
)


class GeminiTarget(Target):
    name = "gemini"
    summary = "Gemini CLI: an extension (manifest + context pointer) (.gemini/extensions/)"
    requires = ("agents",)
    project_markers = (".gemini",)
    scopes = ("user",)

    def user_markers(self) -> list[Path]:
        return [home() / ".gemini"]

    def base(self, ctx: Context) -> Path:
        return ctx.project if ctx.scope == "project" else home()

    def ext_dir(self, ctx: Context) -> str:
        return f".gemini/extensions/{SKILL_NAME}"

    def files(self, ctx: Context) -> dict[str, bytes]:
        from skill import __version__

        manifest = {
            "name": SKILL_NAME,
            "version": __version__,
            "description": "Iterative planning protocol for coding agents; plans kept in plans/.",
            "contextFileName": CONTEXT_FILE,
        }
        skill_md = str(home() / ".agents" / "skills" / SKILL_NAME / "SKILL.md")
        context = CONTEXT_TEMPLATE.format(skill_md=skill_md, command=ctx.command)
        folder = self.ext_dir(ctx)
        return {
            f"{folder}/gemini-extension.json": (json.dumps(manifest, indent=2) + "\n").encode(),
            f"{folder}/{CONTEXT_FILE}": context.encode("utf-8"),
        }

    def substitute(self, scope: str) -> tuple[str, str] | None:
        if scope != "project":
            return None
        return ("agents", PROJECT_NOTE)

    def receipt_rel(self, ctx: Context) -> str:
        return f"{self.ext_dir(ctx)}/{RECEIPT_NAME}"

    def owned_dirs(self, ctx: Context) -> list[str]:
        return [self.ext_dir(ctx)]


TARGET = GeminiTarget()
