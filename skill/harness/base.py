"""The target interface every harness module implements, and the harness home folders.

A target answers four questions for a scope (``project`` or ``user``):

* ``base(ctx)``: the folder every path it writes is relative to, and confined to (the project
  root, or the harness's home such as ``~/.claude``);
* ``files(ctx)``: relative POSIX path -> bytes, everything it installs;
* ``receipt_rel(ctx)``: where its ownership receipt lives (inside a folder it writes into);
* ``owned_dirs(ctx)``: folders wholly its own, pruned when a file in them goes away on update.

A target that shares a file with the user (Claude Code's settings, AGENTS.md) owns one part of it,
a "block"; :class:`Owned` tells the block methods which part is ours and what install did.
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


#: Install options and their defaults: the write guard is on, the status line off.
DEFAULT_OPTIONS: dict[str, bool] = {"guard": True, "statusline": False}


@dataclass
class Context:
    scope: str
    project: Path
    command: str
    bundle: Bundle
    #: install options (``guard``, ``statusline``); missing keys take :data:`DEFAULT_OPTIONS`
    options: dict[str, bool] = field(default_factory=dict)
    _trees: dict[str, dict[str, bytes]] = field(default_factory=dict, repr=False)
    _agents: dict[str, list[AgentInfo]] = field(default_factory=dict, repr=False)

    def skill_tree(self, skill_dir: str) -> dict[str, bytes]:
        """The rendered skill folder for a copy living at ``skill_dir``, computed once."""
        if skill_dir not in self._trees:
            self._trees[skill_dir] = self.bundle.skill_tree(self.command, skill_dir=skill_dir)
        return self._trees[skill_dir]

    def option(self, name: str) -> bool:
        return self.options.get(name, DEFAULT_OPTIONS[name])

    def agents(self, skill_dir: str) -> list[AgentInfo]:
        """The rendered sub-agent definitions for a skill folder at ``skill_dir``, computed once."""
        if skill_dir not in self._agents:
            self._agents[skill_dir] = self.bundle.agents(self.command, skill_dir=skill_dir)
        return self._agents[skill_dir]


@dataclass(frozen=True)
class Owned:
    """Which part of a shared file is ours, and what install did to the file.

    ``commands``: the command prefixes whose hook lines mark a settings entry as ours (the
    receipt's and this install's), compared whole, never by substring. ``created``: install
    created the file (None: not recorded, a receipt from an older version). ``lead``: the text
    install put between the user's content and its block (None: not recorded). ``containers``:
    the JSON containers install created for its entry, which go again with it (None: not
    recorded; then any left empty go).
    """

    commands: frozenset[str] = frozenset()
    created: bool | None = None
    lead: str | None = None
    containers: tuple[str, ...] | None = None


NOBODY = Owned()


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

    def skill_dir(self, ctx: Context) -> str:
        """The skill folder this target writes (relative to ``base``), for those that write one."""
        raise NotImplementedError

    def receipt_rel(self, ctx: Context) -> str:
        raise NotImplementedError

    def owned_dirs(self, ctx: Context) -> list[str]:
        return []

    def blocks(self, ctx: Context) -> set[str]:
        """Paths of shared files where only a marked block is ours (hash = the block's)."""
        return set()

    def notes(self, ctx: Context) -> list[str]:
        """What the user must know after installing this target (e.g. a harness setting)."""
        return []

    def substitute(self, scope: str) -> tuple[str, str] | None:
        """(target, why) to install instead when this one has no location in ``scope``."""
        return None

    # How a marked block is found, put into and taken out of a shared file (default: the
    # Markdown markers of AGENTS.md). A target with a different kind of shared file overrides these.
    def block_extract(self, rel: str, text: str, owned: Owned = NOBODY) -> str | None:
        return marked_block.extract(text)

    def block_lead(self, rel: str, existing: str | None) -> str:
        """What goes between the user's text and a block appended to it."""
        return marked_block.lead_for(existing)

    def block_containers(self, rel: str, existing: str | None, block: str = "") -> tuple[str, ...]:
        """The containers ``block`` added to ``existing`` needs created (JSON settings only)."""
        return ()

    def options_used(self) -> tuple[str, ...]:
        """The install options that change what this target writes (recorded in its receipt)."""
        return ()

    def block_merge(self, rel: str, existing: str | None, block: str, owned: Owned = NOBODY) -> str:
        return marked_block.merge(existing, block, owned.lead)

    def block_strip(self, rel: str, existing: str, owned: Owned = NOBODY) -> str:
        return marked_block.strip(existing, owned.lead)

    def block_leaves_nothing(self, rel: str, rest: str) -> bool:
        """True when ``rest`` (the file without our block) holds nothing of the user's."""
        return not rest.strip()

    def location(self, ctx: Context) -> Path:
        """The folder to show the user (where the receipt lives)."""
        return self.base(ctx) / PurePosixPath(self.receipt_rel(ctx)).parent


def written_skill_dir(target: Target, ctx: Context) -> str:
    """The skill folder as installed files name it (the orchestrator reads SKILL.md there when the
    harness did not preload it): relative to the project root at project scope, so the files hold
    no path of this machine; absolute at user scope."""
    rel = target.skill_dir(ctx)
    if ctx.scope == "project":
        return rel
    return str(target.base(ctx).joinpath(*rel.split("/")))


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
