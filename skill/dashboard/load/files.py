"""A plan folder's files: which exist, their text (read once per build), the ones shown as written."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from skill.dashboard.model import Document
from skill.plans import ids, layout
from skill.plans.markdown import strip_comments
from skill.plans.textio import read_text

#: The plan files read once per plan (what a page needs beyond them is read where it is used).
PLAN_TEXTS = (
    layout.STATE_MD,
    layout.PLAN_MD,
    layout.DECISIONS_MD,
    layout.CHANGELOG_MD,
    layout.VERIFICATION_MD,
    layout.PROGRESS_MD,
    layout.FINDINGS_MD,
    layout.SUMMARY_MD,
)
#: Files shown as written, in this order (the findings topic files follow findings.md).
DOCUMENTS = (layout.PLAN_MD, layout.FINDINGS_MD, layout.PROGRESS_MD, layout.VERIFICATION_MD, layout.SUMMARY_MD)
#: A closed plan's progress and verification are left to the page's tables.
OPEN_ONLY = (layout.PROGRESS_MD, layout.VERIFICATION_MD)
CHECKPOINTS_FOLDER, FINDINGS_FOLDER = layout.PLAN_FOLDERS


@lru_cache(maxsize=256)
def visible(text: str) -> str:
    """``text`` with HTML comments blanked (the library's rule); text without ``<!--`` as is."""
    return strip_comments(text) if "<!--" in text else text


def plan_texts(folder: Path) -> dict[str, str | None]:
    """:data:`PLAN_TEXTS` of ``folder`` (None for a missing or unreadable file)."""
    return {name: read_text(folder / name) for name in PLAN_TEXTS}


def plan_folders(plans_dir: Path) -> tuple[str, ...]:
    """Plan folders under ``plans_dir``, sorted; a symlink is never one (it could point anywhere)."""
    try:
        return tuple(sorted(
            entry.name
            for entry in os.scandir(plans_dir)
            if ids.is_plan_id(entry.name) and entry.is_dir(follow_symlinks=False)
        ))
    except OSError:
        return ()


def _markdown_in(folder: Path) -> list[str]:
    try:
        return sorted(p.name for p in folder.iterdir() if p.suffix == ".md" and p.is_file())
    except OSError:
        return []


def documents(folder: Path, texts: dict[str, str | None], closed: bool) -> tuple[Document, ...]:
    names = [name for name in DOCUMENTS if texts.get(name) is not None and not (closed and name in OPEN_ONLY)]
    names[2:2] = [f"{FINDINGS_FOLDER}/{name}" for name in _markdown_in(folder / FINDINGS_FOLDER)]
    found = []
    for name in names:
        text = texts[name] if name in texts else read_text(folder / name)
        found.append(Document(name, visible(text or "")))
    return tuple(found)


def checkpoints(folder: Path) -> tuple[str, ...]:
    return tuple(_markdown_in(folder / CHECKPOINTS_FOLDER))
