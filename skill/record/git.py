"""The git facts checkpoints and the scope check need, relative to the project root.

Every call goes through :func:`skill.blast.git.run_git` (no shell, bounded time). Paths are
project-root-relative with ``/``; the plans/ folder is never reported as a change.
"""

from __future__ import annotations

from pathlib import Path

from skill.blast.git import head_short, is_work_tree, run_git, split_z


def _literal(path: str) -> str:
    return f":(literal){path}"


def _project_paths(output: str) -> list[str]:
    return [path for path in split_z(output) if not (path == "plans" or path.startswith("plans/"))]


def head(root: Path) -> tuple[str | None, str]:
    """(HEAD's abbreviated commit, why there is none)."""
    if not is_work_tree(root):
        return None, "not a git repository"
    commit = head_short(root)
    return (commit, "") if commit else (None, "the repository has no commit yet")


def untracked(root: Path) -> list[str]:
    """Files git does not track and does not ignore."""
    result = run_git(["ls-files", "-z", "--others", "--exclude-standard", "--", "."], root)
    return _project_paths(result.stdout) if result.ok else []


def changed_since(root: Path, base: str) -> list[str] | None:
    """Files that differ between ``base`` and the working tree, plus untracked ones; None when git
    cannot tell (unknown commit, no repository)."""
    result = run_git(["diff", "--name-only", "-z", "--no-renames", "--relative", base, "--", "."], root)
    if not result.ok:
        return None
    return sorted(set(_project_paths(result.stdout)) | set(untracked(root)))


def uncommitted(root: Path) -> list[str]:
    """Files changed since HEAD (staged or not), plus untracked ones."""
    return changed_since(root, "HEAD") or []


def is_tracked(root: Path, path: str) -> bool:
    return run_git(["ls-files", "--error-unmatch", "--", _literal(path)], root).ok


def file_at(root: Path, commit: str, path: str) -> str | None:
    """``path`` (project-relative) as it was in ``commit``; None when it did not exist there."""
    result = run_git(["show", f"{commit}:./{path}"], root)
    return result.stdout if result.ok else None
