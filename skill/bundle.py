"""Finding the skill bundle (SKILL.md, agents/, modules/, references/, scripts/).

The same lookup works from a checkout, an editable install and an installed wheel: a wheel carries
the bundle inside the package as ``skill/_bundle/``; a checkout has it beside the package.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

BUNDLE_PARTS = ("SKILL.md", "agents", "modules", "references", "scripts")


@lru_cache(maxsize=1)
def bundle_root() -> Path:
    """The folder that holds SKILL.md, agents/, modules/ and references/."""
    package = Path(__file__).resolve().parent
    installed = package / "_bundle"
    if installed.is_dir():
        return installed
    return package.parent


def bundle_path(relative: str) -> Path:
    """Absolute path of a bundle file, e.g. ``bundle_path("references/file-formats.md")``."""
    return bundle_root() / relative


def default_command() -> str:
    """The command prefix that runs this CLI from a shell.

    ``python -m skill`` when the ``python`` on PATH is this interpreter; otherwise this
    interpreter's absolute path followed by ``-m skill``.
    """
    import os
    import shutil
    import sys

    found = shutil.which("python")
    if found and os.path.realpath(found) == os.path.realpath(sys.executable):
        return "python -m skill"
    return f"{sys.executable} -m skill"


def template_context(command: str | None = None, **extra: object) -> dict[str, object]:
    """Variables every bundle template may use: ``cmd``, ``version``, ``protocol_version``."""
    from skill import PROTOCOL_VERSION, __version__

    context: dict[str, object] = {
        "cmd": command or default_command(),
        "version": __version__,
        "protocol_version": PROTOCOL_VERSION,
    }
    context.update(extra)
    return context


def render_bundle_text(text: str, command: str | None = None, **extra: object) -> str:
    """Render bundle Jinja text (StrictUndefined: a missing variable is an error)."""
    import jinja2

    env = jinja2.Environment(
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    return env.from_string(text).render(template_context(command, **extra))


def render_bundle_file(relative: str, command: str | None = None, **extra: object) -> str:
    """Read and render one bundle file, e.g. ``render_bundle_file("SKILL.md")``."""
    text = bundle_path(relative).read_text(encoding="utf-8")
    return render_bundle_text(text, command, **extra)
