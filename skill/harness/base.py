"""The target interface every harness module implements, and the harness home folders.

A target answers four questions for a scope (``project`` or ``user``):

* ``base(ctx)``: the folder every path it writes is relative to, and confined to (the project
  root, or the harness's home such as ``~/.claude``);
* ``files(ctx)``: relative POSIX path -> bytes, everything it installs;
* ``receipt_rel(ctx)``: where its ownership receipt lives (inside a folder it writes into);
* ``owned_dirs(ctx)``: folders wholly its own, removed by ``uninstall`` once empty.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from skill.errors import SkillError
from skill.harness import marked_block
from skill.harness.source import SKILL_NAME, AgentInfo, Bundle

SCOPES = ("project", "user")
RECEIPT_NAME = ".iterative-planner-install.json"


@dataclass
class Context:
    scope: str
    project: Path
    command: str
    bundle: Bundle
    _tree: dict[str, bytes] | None = field(default=None, repr=False)
    _agents: list[AgentInfo] | None = field(default=None, repr=False)

    def skill_tree(self) -> dict[str, bytes]:
        """The rendered skill folder, computed once per context."""
        if self._tree is None:
            self._tree = self.bundle.skill_tree(self.command)
        return self._tree

    def agents(self) -> list[AgentInfo]:
        """The rendered sub-agent definitions, computed once per context."""
        if self._agents is None:
            self._agents = self.bundle.agents(self.command)
        return self._agents


# -- harness homes (each honours its own environment override) -------------------------------------


def home() -> Path:
    return Path.home()


def claude_home() -> Path:
    override = os.environ.get("CLAUDE_CONFIG_DIR")
    return Path(override).expanduser() if override else home() / ".claude"


def codex_home() -> Path:
    override = os.environ.get("CODEX_HOME")
    return Path(override).expanduser() if override else home() / ".codex"


class Target:
    """Base class: one harness's install location and file format."""

    name: str = ""
    summary: str = ""
    #: other targets installed along with this one (e.g. the Cursor rule points at the skill)
    requires: tuple[str, ...] = ()
    #: folders in a project whose presence means the harness is used there
    project_markers: tuple[str, ...] = ()
    scopes: tuple[str, ...] = SCOPES
    #: installed only when named: never from ``all`` nor from detection
    explicit_only: bool = False

    def user_markers(self) -> list[Path]:
        return []

    def supports(self, scope: str) -> bool:
        return scope in self.scopes

    def base(self, ctx: Context) -> Path:
        raise NotImplementedError

    def files(self, ctx: Context) -> dict[str, bytes]:
        raise NotImplementedError

    def receipt_rel(self, ctx: Context) -> str:
        raise NotImplementedError

    def owned_dirs(self, ctx: Context) -> list[str]:
        return []

    def blocks(self, ctx: Context) -> set[str]:
        """Paths of shared files where only a marked block is ours (hash = the block's)."""
        return set()

    # How a marked block is found, put into and taken out of a shared file (default: the
    # Markdown markers of AGENTS.md). A target with a different kind of shared file overrides these.
    def block_extract(self, rel: str, text: str) -> str | None:
        return marked_block.extract(text)

    def block_merge(self, rel: str, existing: str | None, block: str) -> str:
        return marked_block.merge(existing, block)

    def block_strip(self, rel: str, existing: str) -> str:
        return marked_block.strip(existing)

    def location(self, ctx: Context) -> Path:
        """The folder to show the user (where the receipt lives)."""
        return self.base(ctx) / PurePosixPath(self.receipt_rel(ctx)).parent


def skill_folder_files(prefix: str, tree: dict[str, bytes]) -> dict[str, bytes]:
    return {f"{prefix}/{rel}": data for rel, data in tree.items()}


def skill_dir_rel(parent: str) -> str:
    return f"{parent}/{SKILL_NAME}" if parent else SKILL_NAME


# -- path confinement ------------------------------------------------------------------------------


def check_rel(rel: str) -> str:
    """A relative POSIX path with no ``..``, no absolute part, no empty or drive component."""
    if not isinstance(rel, str) or not rel or "\\" in rel or "\x00" in rel:
        raise SkillError(f"ERROR: refusing the path {rel!r}: not a plain relative path.")
    pure = PurePosixPath(rel)
    if pure.is_absolute() or any(part in ("", ".", "..") for part in rel.split("/")):
        raise SkillError(f"ERROR: refusing the path {rel!r}: it would leave the target folder.")
    if ":" in pure.parts[0]:
        raise SkillError(f"ERROR: refusing the path {rel!r}: it names a drive.")
    return rel


def confined(base: Path, rel: str) -> Path:
    """``base / rel``, refused if it (through symlinks too) resolves outside ``base``."""
    check_rel(rel)
    path = base.joinpath(*rel.split("/"))
    real_base = base.resolve()
    real = path.resolve()
    if real != real_base and real_base not in real.parents:
        raise SkillError(
            f"ERROR: refusing {path}: it resolves to {real}, outside the target folder {real_base}."
        )
    return path
