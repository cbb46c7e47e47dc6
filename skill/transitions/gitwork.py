"""The project's working tree as the checked commands see it: changed files, line counts, the commit.

Paths in and out are relative to the project root, with ``/`` (as the changelog writes them); the
plan folders (``plans/…``) are never counted. Git runs without a shell, paths reach it as literal
pathspecs, and every read is bounded in time (:mod:`skill.blast.git`). A project that is not in a
git work tree gives ``None`` from :func:`open_repo`, and callers skip what needs git.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from skill.blast import git
from skill.errors import SkillError
from skill.plans.baseline import Baseline

#: git's empty tree: the base of a repository that had no commit yet.
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
PLANS_PREFIX = "plans/"
#: Folders that running a project's tools fills with untracked output (when .gitignore does not
#: already hide them); an untracked file inside one is never a change of the step.
ARTIFACT_DIRS = frozenset({
    "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis", ".tox", ".nox",
    ".venv", "venv", "node_modules", ".eggs",
})
ARTIFACT_SUFFIXES = (".pyc", ".pyo", ".egg-info")


def is_artifact(path: str) -> bool:
    """A tool's output: inside an :data:`ARTIFACT_DIRS` folder, or a ``.pyc``/``.egg-info`` name."""
    parts = path.split("/")
    return any(part in ARTIFACT_DIRS or part.endswith(ARTIFACT_SUFFIXES) for part in parts)


@dataclass(frozen=True)
class Repo:
    root: Path  # the project root
    top: Path  # the work tree's top
    prefix: str  # the project root relative to the top, '' or ending in '/'

    def to_root(self, top_rel: str) -> str | None:
        """A top-relative path as a project path (None: outside the project, or a plan file)."""
        if not top_rel.startswith(self.prefix):
            return None
        rel = top_rel[len(self.prefix) :]
        return None if not rel or rel.startswith(PLANS_PREFIX) else rel

    def spec(self, path: str) -> str:
        return git.literal(self.prefix + path)


def open_repo(root: Path) -> Repo | None:
    top = git.toplevel(root)
    if top is None:
        return None
    real_top = Path(os.path.realpath(top))
    real_root = Path(os.path.realpath(root))
    try:
        rel = real_root.relative_to(real_top).as_posix()
    except ValueError:
        return None
    return Repo(Path(root), real_top, "" if rel in ("", ".") else rel + "/")


def head(repo: Repo) -> str | None:
    result = git.run_git(["rev-parse", "--verify", "--quiet", "HEAD"], repo.top)
    value = result.stdout.strip()
    return value if result.ok and value else None


def short(commit: str) -> str:
    return commit[:7]


def head_subject(repo: Repo) -> str | None:
    result = git.run_git(["log", "-1", "--format=%s"], repo.top)
    return result.stdout.strip() if result.ok else None


def _root_paths(repo: Repo, output: str) -> set[str]:
    found = set()
    for item in git.split_z(output):
        path = repo.to_root(item)
        if path is not None:
            found.add(path)
    return found


def untracked(repo: Repo) -> set[str]:
    """Untracked files git does not ignore (tool output such as ``__pycache__/`` left out)."""
    result = git.run_git(["ls-files", "--others", "--exclude-standard", "-z", "--full-name"], repo.top)
    found = _root_paths(repo, result.stdout) if result.ok else set()
    return {path for path in found if not is_artifact(path)}


def changed_since(repo: Repo, commit: str | None) -> set[str]:
    """Files whose content differs from ``commit`` (staged, unstaged or committed since), and
    untracked files. Without a commit every tracked file counts."""
    args = ["diff", "--name-only", "-z", "--no-renames", commit] if commit else ["ls-files", "-z"]
    result = git.run_git(args, repo.top)
    if not result.ok:
        raise SkillError(f"ERROR: git could not compare the working tree with {commit or 'the index'}.")
    return _root_paths(repo, result.stdout) | untracked(repo)


def digest(root: Path, path: str) -> str | None:
    """``sha256:<hex>`` of a file's bytes, or None when it is absent or unreadable."""
    try:
        data = (Path(root) / path).read_bytes()
    except OSError:
        return None
    return "sha256:" + hashlib.sha256(data).hexdigest()


def snapshot(repo: Repo, commit: str | None) -> dict[str, str | None]:
    """The files that differ from ``commit`` now, with their content digest."""
    return {path: digest(repo.root, path) for path in changed_since(repo, commit)}


def changed_during_step(repo: Repo, base: Baseline | None) -> set[str]:
    """Files changed since the step began: what differs from the step's commit, minus the files
    that already differed then and still hold the same content."""
    commit = base.step_commit if base and base.step_commit else head(repo)
    dirty = base.step_dirty if base else {}
    return {
        path
        for path in changed_since(repo, commit)
        if path not in dirty or digest(repo.root, path) != dirty[path]
    }


def _line_count(data: bytes) -> int:
    if not data or b"\0" in data:
        return 0
    return data.count(b"\n") + (0 if data.endswith(b"\n") else 1)


def budget_since(repo: Repo, commit: str | None, untracked_before: tuple[str, ...]) -> tuple[int, int, int]:
    """(files added, lines added, lines removed) of the working tree against ``commit``; untracked
    files count as added unless they were already there (``untracked_before``)."""
    base = commit or EMPTY_TREE
    status = git.run_git(["diff", "--name-status", "-z", "--no-renames", base], repo.top)
    numstat = git.run_git(["diff", "--numstat", "-z", "--no-renames", base], repo.top)
    if not status.ok or not numstat.ok:
        raise SkillError(f"ERROR: git could not measure the changes since {base[:7]}.")
    items = git.split_z(status.stdout)
    added_files = {
        repo.to_root(items[i + 1]) for i in range(0, len(items) - 1, 2) if items[i].startswith("A")
    } - {None}
    added = removed = 0
    for record in git.split_z(numstat.stdout):
        parts = record.split("\t", 2)
        if len(parts) == 3 and repo.to_root(parts[2]) is not None:
            added += int(parts[0]) if parts[0].isdigit() else 0
            removed += int(parts[1]) if parts[1].isdigit() else 0
    for path in untracked(repo) - set(untracked_before):
        added_files.add(path)
        try:
            added += _line_count((repo.root / path).read_bytes())
        except OSError:
            continue
    return len(added_files), added, removed


def commit_paths(repo: Repo, paths: list[str], subject: str) -> str:
    """Commit exactly ``paths`` (added, changed or deleted) with ``subject``; the new full hash.

    Other staged changes stay staged and out of the commit. git's own message is passed on when it
    refuses (a hook, no identity…).
    """
    specs = [repo.spec(path) for path in paths]
    for args in (["add", "-A", "--", *specs], ["commit", "-q", "-m", subject, "--", *specs]):
        try:
            done = subprocess.run(
                ["git", *args],
                cwd=str(repo.top),
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise SkillError(f"ERROR: git {args[0]} could not run: {exc}.") from None
        if done.returncode != 0:
            said = (done.stderr or done.stdout).strip().splitlines()
            raise SkillError(
                f"ERROR: git {args[0]} failed: {said[-1] if said else f'exit {done.returncode}'}.\n"
                "  Fix that and run the command again; the plan files were not changed."
            )
    committed = head(repo)
    if committed is None:
        raise SkillError("ERROR: git reported a commit, but HEAD cannot be read.")
    return committed
