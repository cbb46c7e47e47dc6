"""What on disk is ours: hashes of installed files and of our blocks in shared files, the
ownership a receipt grants, and the folders an install creates (and uninstall removes again).

Reading only, apart from :func:`prune_created`, which removes empty folders install created.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from skill.errors import SkillError
from skill.harness import marked_block
from skill.harness.base import Context, Owned, Target, confined
from skill.harness.receipt import Receipt, SharedEdit, file_sha256, sha256


def read_shared(path: Path) -> str | None:
    """A shared file's text as it is on disk (line endings untouched), None when absent."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SkillError(f"ERROR: cannot read {path}: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise SkillError(
            f"ERROR: {path} is not UTF-8 text; iterative-planner edits only UTF-8 files. "
            "Nothing was changed."
        ) from None


def owned_by(ctx: Context, old: Receipt | None, edit: SharedEdit | None = None) -> Owned:
    """Ownership of the blocks of one install: this install's and the receipt's command prefix."""
    commands = {c for c in (ctx.command, old.command if old else "") if c}
    if edit is None:
        return Owned(frozenset(commands))
    return Owned(frozenset(commands), edit.created, edit.lead, edit.containers)


def hash_on_disk(
    path: Path,
    block: bool = False,
    target: Target | None = None,
    rel: str = "",
    owned: Owned | None = None,
) -> str | None:
    """sha256 of the file, or of our marked block in it when ``block`` (None when absent)."""
    if block:
        text = read_shared(path)
        if text is None:
            return None
        if target is None:
            found = marked_block.extract(text)
        else:
            found = target.block_extract(rel, text, owned or Owned())
        return None if found is None else sha256(found.encode("utf-8"))
    if path.is_dir() and not path.is_symlink():
        raise SkillError(f"ERROR: {path} is a folder where iterative-planner installs a file.")
    if path.is_symlink() and not path.exists():
        return "dangling-symlink"
    return file_sha256(path)


def missing_dirs(base: Path, rels: list[str]) -> list[str]:
    """The parent folders of ``rels`` (relative to ``base``; ``.`` is ``base`` itself, e.g. a
    ``~/.claude`` that does not exist yet) that do not exist yet."""
    out: set[str] = set() if base.is_dir() else {"."}
    for rel in rels:
        parts = rel.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            folder = "/".join(parts[:depth])
            if folder not in out and not base.joinpath(*parts[:depth]).is_dir():
                out.add(folder)
    return sorted(out)


def remove_empty_folders(created: list[tuple[Path, str]]) -> list[str]:
    """Remove the folders install created, given as (base, relative path; ``.`` is the base),
    deepest first, where now empty. Returns the folders removed."""
    folders = {base if rel == "." else confined(base, rel) for base, rel in created}
    gone = []
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        with contextlib.suppress(OSError):
            if folder.is_dir() and not folder.is_symlink() and not any(folder.iterdir()):
                os.rmdir(folder)
                gone.append(str(folder))
    return sorted(gone)
