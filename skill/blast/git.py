"""Git, called safely: argument lists only (never a shell), bounded time, literal pathspecs.

Every call goes through :func:`run_git`, which returns a :class:`GitResult` with the exit status and
the raw output, or ``status=None`` when git could not be run at all (missing binary, timeout).
Paths always reach git after ``--`` and as ``:(top,literal)<path>`` pathspecs relative to the
repository root, so a file called ``-rf``, ``:(glob)*`` or ``a*b.js`` is never read as an option or
a pattern.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

#: Seconds one git call may take. The original allows 1.5 s; we allow a little more so that a busy
#: machine (eight agents logging at once) does not turn slow calls into missing signals.
DEFAULT_TIMEOUT = 5.0


def env_seconds(name: str, default: float) -> float:
    """A positive number of seconds from the environment variable ``name``, else ``default``."""
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value > 0 else default


def git_timeout() -> float:
    return env_seconds("IP_GIT_TIMEOUT", DEFAULT_TIMEOUT)


@dataclass(frozen=True)
class GitResult:
    """The outcome of one git call. ``status`` is None when git could not run or timed out."""

    status: int | None
    stdout: str

    @property
    def ok(self) -> bool:
        return self.status == 0

    @property
    def no_match(self) -> bool:
        """``git grep``'s "nothing found": status 1 with empty output (not a failure)."""
        return self.status == 1 and self.stdout.strip() == ""

    @property
    def failed(self) -> bool:
        return not self.ok and not self.no_match


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    # Our pathspecs carry their own magic; a user's GIT_*_PATHSPECS setting must not change them.
    for name in (
        "GIT_LITERAL_PATHSPECS",
        "GIT_GLOB_PATHSPECS",
        "GIT_NOGLOB_PATHSPECS",
        "GIT_ICASE_PATHSPECS",
    ):
        env.pop(name, None)
    env.setdefault("LC_ALL", "C")
    return env


def run_git(args: list[str], cwd: Path | str, timeout: float | None = None) -> GitResult:
    """Run ``git <args>`` in ``cwd`` without a shell; stdin closed, stderr discarded."""
    try:
        completed = subprocess.run(
            ["git", *args],
            cwd=str(cwd),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            timeout=git_timeout() if timeout is None else timeout,
            env=_environment(),
            check=False,
        )
    except (OSError, subprocess.SubprocessError, ValueError):
        return GitResult(None, "")
    return GitResult(completed.returncode, completed.stdout.decode("utf-8", errors="replace"))


def literal(path: str) -> str:
    """A pathspec naming exactly ``path`` (relative to the repository root)."""
    return f":(top,literal){path}"


def exclude_literal(path: str) -> str:
    return f":(top,exclude,literal){path}"


def split_z(output: str) -> list[str]:
    """Items of a NUL-separated listing (``-z`` output), without empty ones."""
    return [item for item in output.split("\0") if item]


def is_work_tree(cwd: Path | str) -> bool:
    result = run_git(["rev-parse", "--is-inside-work-tree"], cwd)
    return result.ok and result.stdout.strip() == "true"


def toplevel(cwd: Path | str) -> Path | None:
    result = run_git(["rev-parse", "--show-toplevel"], cwd)
    if not result.ok or not result.stdout.strip():
        return None
    return Path(result.stdout.rstrip("\n"))


def head_short(cwd: Path | str) -> str | None:
    """The abbreviated HEAD commit (at least 7 hex digits), or None without commits."""
    result = run_git(["rev-parse", "--short=7", "--verify", "--quiet", "HEAD"], cwd)
    value = result.stdout.strip()
    return value if result.ok and value else None


def is_tracked(root: Path, path: str) -> bool:
    """True when git's index knows ``path`` (root-relative)."""
    return run_git(["ls-files", "--error-unmatch", "--", literal(path)], root).ok


def numstat(root: Path, path: str, base: str | None = "HEAD") -> tuple[int, int] | None:
    """(added, removed) of ``path`` against ``base`` (binary counts as 0); None on failure.

    ``(0, 0)`` with an empty listing means "no change". With ``base=None`` the working tree is
    compared with the index.
    """
    args = (
        ["diff"]
        + ([base] if base else [])
        + ["--numstat", "-z", "--no-renames", "--", literal(path)]
    )
    result = run_git(args, root)
    if not result.ok:
        return None
    return sum_numstat(result.stdout)


def sum_numstat(output: str) -> tuple[int, int]:
    added = removed = 0
    for record in split_z(output):
        parts = record.split("\t", 2)
        if len(parts) < 2:
            continue
        added += int(parts[0]) if parts[0].isdigit() else 0
        removed += int(parts[1]) if parts[1].isdigit() else 0
    return added, removed


def diff_text(root: Path, path: str) -> str | None:
    """The unified diff of ``path`` against HEAD (falling back to the index), or None."""
    for args in (["diff", "HEAD"], ["diff"]):
        result = run_git(
            [*args, "--no-color", "--no-ext-diff", "--no-renames", "--", literal(path)], root
        )
        if result.ok:
            return result.stdout
    return None


def has_head(cwd: Path | str) -> bool:
    return run_git(["rev-parse", "--verify", "--quiet", "HEAD"], cwd).ok


def blob_text(root: Path, path: str) -> str | None:
    """``path`` as committed in HEAD (as staged, in a repository without commits); None if absent."""
    revision = "HEAD" if has_head(root) else ""
    result = run_git(["cat-file", "blob", f"{revision}:{path}"], root)
    return result.stdout if result.ok else None
