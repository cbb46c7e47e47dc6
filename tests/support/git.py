"""Temporary git repositories for tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.support.env import clean_env


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=clean_env(), capture_output=True, text=True, check=True
    )
    return done.stdout


def init_repo(root: Path) -> Path:
    """``root`` created (if needed) as a git repository on branch main."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    return root


def commit_all(root: Path, message: str = "init") -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
