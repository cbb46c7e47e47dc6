"""``dashboard``: a static, read-only HTML view of the project's plans.

:func:`build` loads the plans (:mod:`.load`, the only package that reads plan files), renders the
pages (:mod:`.site`, Jinja2 templates in ``templates/``) and writes the pages that changed into a
private folder (:mod:`.output`). :mod:`.watch` repeats that when plan files change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skill.dashboard.collect import Loader
from skill.dashboard.output import prepare, write_site
from skill.dashboard.site import LIVE_PAGE, PLANS_PAGE, render
from skill.dashboard.worktrees import list_worktrees


@dataclass(frozen=True)
class BuildResult:
    out: Path
    pages: tuple[str, ...]
    written: tuple[str, ...]
    live: str | None
    plans: int
    open_folders: tuple[str, ...] = ()  # plan folders not yet closed (watched closely)

    @property
    def index(self) -> Path:
        return self.out / LIVE_PAGE

    def as_dict(self) -> dict[str, Any]:
        return {
            "out": str(self.out),
            "index": str(self.index),
            "plans_page": str(self.out / PLANS_PAGE),
            "live_plan": self.live,
            "plans": self.plans,
            "pages": list(self.pages),
            "written": list(self.written),
        }


def output_folder(root: Path, out: Path | None) -> Path:
    """The checked output folder for ``root`` (created private when missing). Raises SkillError."""
    roots = [Path(tree.path) for tree in list_worktrees(Path(root))]
    return prepare(out, roots)


def build(
    root: Path,
    folder: Path,
    *,
    plan: str | None = None,
    loader: Loader | None = None,
    signatures: dict[str, object] | None = None,
) -> BuildResult:
    """Load, render and write the site into ``folder`` (from :func:`output_folder`)."""
    loader = loader or Loader(Path(root))
    site = loader.load(plan=plan, signatures=signatures)
    rendered = render(site)
    written = write_site(folder, rendered.pages, rendered.versions, site.generated)
    open_folders = tuple(str(p.folder) for p in site.plans if p.folder is not None and not p.closed)
    return BuildResult(folder, tuple(rendered.pages), tuple(written), site.live, len(site.plans), open_folders)
