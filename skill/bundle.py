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
