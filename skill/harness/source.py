"""The skill bundle as the installer sees it: which files exist, and their rendered bytes.

The folders are iterated, never listed by hand, so a file added to ``agents/``, ``modules/`` or
``references/`` is installed without touching this code. ``SKILL.md``, ``agents/*.md`` and
``modules/*.md`` are Jinja templates rendered with the command prefix the agent must type.
In ``references/*.md`` only the ``{{ cmd }}``, ``{{ version }}`` and ``{{ protocol_version }}``
placeholders are replaced (line endings normalised to LF); other reference files are copied byte
for byte.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skill.command import split
from skill.errors import SkillError

SKILL_NAME = "iterative-planner"

#: kind -> how the file is produced
TEMPLATE_KINDS = frozenset({"skill", "agent", "module"})


@dataclass(frozen=True)
class BundleFile:
    rel: str  # POSIX path inside the skill folder, e.g. "references/planning-rigor.md"
    kind: str  # "skill" | "agent" | "module" | "reference"
    source: Path


@dataclass(frozen=True)
class AgentInfo:
    stem: str  # file stem in the bundle, e.g. "explorer"
    name: str  # frontmatter name, e.g. "ip-explorer"
    description: str
    text: str  # the whole rendered file
    body: str  # the rendered Markdown after the frontmatter
    meta: dict[str, Any]


def _visible_files(folder: Path, pattern: str) -> list[Path]:
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob(pattern)):
        rel_parts = path.relative_to(folder).parts
        if any(part.startswith(".") for part in rel_parts):
            continue
        if path.is_file():
            found.append(path)
    return found


def _read_text(path: Path) -> str:
    text = path.read_bytes().decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


class Bundle:
    """The bundle at ``root`` (default: :func:`skill.bundle.bundle_root`)."""

    def __init__(self, root: Path | str | None = None) -> None:
        if root is None:
            from skill.bundle import bundle_root

            root = bundle_root()
        self.root = Path(root)
        if not (self.root / "SKILL.md").is_file():
            raise SkillError(f"ERROR: no SKILL.md in the skill bundle at {self.root}.")

    # -- listing -------------------------------------------------------------------------------
    def files(self) -> list[BundleFile]:
        """Every file of the skill folder, SKILL.md first, then agents, modules, references."""
        out = [BundleFile("SKILL.md", "skill", self.root / "SKILL.md")]
        for folder, kind, pattern in (
            ("agents", "agent", "*.md"),
            ("modules", "module", "*.md"),
            ("references", "reference", "**/*"),
        ):
            base = self.root / folder
            for path in _visible_files(base, pattern):
                rel = f"{folder}/{path.relative_to(base).as_posix()}"
                out.append(BundleFile(rel, kind, path))
        return out

    # -- rendering -----------------------------------------------------------------------------
    def render(
        self, item: BundleFile, command: str, skill_dir: str | None = None, namespace: str = ""
    ) -> bytes:
        """The file's bytes for an install whose commands start with ``command``, whose skill
        folder is at ``skill_dir`` (default: :data:`skill.bundle.DEFAULT_SKILL_DIR`), and whose
        harness names the agents and the skill with ``namespace`` before them (a plugin's)."""
        if item.kind not in TEMPLATE_KINDS:
            if item.kind == "reference" and item.rel.endswith(".md"):
                return substitute_variables(_read_text(item.source), command).encode("utf-8")
            return item.source.read_bytes()
        from skill.bundle import render_bundle_text

        text = _read_text(item.source)
        # modules at install time: no active plan, so no live facts
        extra: dict[str, object] = {"plan": None, "live": ""} if item.kind == "module" else {}
        if skill_dir is not None:
            extra["skill_dir"] = skill_dir
        if namespace:
            extra["namespace"] = namespace
        try:
            rendered = render_bundle_text(text, command, **extra)
        except Exception as exc:  # jinja2 errors carry no file name of their own
            raise SkillError(f"ERROR: cannot render {item.rel} from {self.root}: {exc}") from None
        return rendered.encode("utf-8")

    def skill_tree(self, command: str, skill_dir: str | None = None, namespace: str = "") -> dict[str, bytes]:
        """The skill folder's files (relative POSIX path -> bytes), rendered for ``command``."""
        return {item.rel: self.render(item, command, skill_dir, namespace) for item in self.files()}

    def render_text(self, rel: str, command: str) -> str:
        for item in self.files():
            if item.rel == rel:
                return self.render(item, command).decode("utf-8")
        raise SkillError(f"ERROR: {rel} is not part of the skill bundle at {self.root}.")

    def agents(self, command: str, skill_dir: str | None = None, namespace: str = "") -> list[AgentInfo]:
        """The sub-agent definitions, rendered, with their frontmatter parsed."""
        import frontmatter

        infos: list[AgentInfo] = []
        for item in self.files():
            if item.kind != "agent":
                continue
            text = self.render(item, command, skill_dir, namespace).decode("utf-8")
            try:
                post = frontmatter.loads(text)
            except Exception as exc:
                raise SkillError(f"ERROR: bad frontmatter in {item.rel}: {exc}") from None
            stem = item.source.stem
            name = str(post.metadata.get("name") or "").strip()
            if not name:
                name = stem if stem.startswith("ip-") else f"ip-{stem}"
            if not _safe_name(name):
                raise SkillError(f"ERROR: {item.rel}: agent name {name!r} is not a plain file name.")
            if any(info.name == name for info in infos):
                raise SkillError(f"ERROR: {item.rel}: a second agent named {name!r}.")
            description = " ".join(str(post.metadata.get("description") or "").split())
            infos.append(AgentInfo(stem, name, description, text, post.content, dict(post.metadata)))
        return infos


_VARIABLE = re.compile(r"\{\{\s*(cmd|version|protocol_version)\s*\}\}")


def substitute_variables(text: str, command: str) -> str:
    """References are Markdown, not templates: only ``{{ cmd }}``, ``{{ version }}`` and
    ``{{ protocol_version }}`` are replaced; any other braces stay exactly as written."""
    from skill.bundle import template_context

    context = template_context(command)
    return _VARIABLE.sub(lambda m: str(context[m.group(1)]), text)


def _safe_name(name: str) -> bool:
    return bool(name) and all(ch.isalnum() or ch in "-_." for ch in name) and not name.startswith(".")


# -- checking a recorded command ----------------------------------------------------------------


def probe_command(command: str, timeout: float = 60.0) -> dict[str, object]:
    """Run ``<command> bootstrap banner`` in an empty scratch folder; report whether it exits 0."""
    import tempfile

    try:
        argv = split(command)
    except ValueError as exc:
        return {"ok": False, "exit_code": None, "detail": f"cannot parse the command: {exc}"}
    if not argv:
        return {"ok": False, "exit_code": None, "detail": "empty command"}
    argv = [*argv, "bootstrap", "banner"]
    with tempfile.TemporaryDirectory(prefix="ip-doctor-") as scratch:
        env = dict(os.environ)
        env["IP_PLAN_ROOT"] = scratch
        try:
            done = subprocess.run(
                argv,
                cwd=scratch,
                env=env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=timeout,
            )
        except FileNotFoundError:
            return {"ok": False, "exit_code": None, "detail": f"not found: {argv[0]}"}
        except PermissionError:
            return {"ok": False, "exit_code": None, "detail": f"not executable: {argv[0]}"}
        except subprocess.TimeoutExpired:
            return {"ok": False, "exit_code": None, "detail": f"timed out after {timeout:g}s"}
        except OSError as exc:
            return {"ok": False, "exit_code": None, "detail": str(exc)}
    detail = ""
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
        detail = tail[-1] if tail else ""
    return {"ok": done.returncode == 0, "exit_code": done.returncode, "detail": detail}
