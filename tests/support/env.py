"""The one environment for subprocesses: this checkout importable, no IP_* or GIT_* leaking in."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

#: A fixed git identity, so commits work on any machine and in CI.
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def clean_env(*, drop: tuple[str, ...] = (), **extra: str) -> dict[str, str]:
    """``os.environ`` without ``IP_*``/``GIT_*`` (and the ``drop`` prefixes), this checkout first on
    PYTHONPATH, UTF-8 mode, the test git identity, then ``extra``."""
    prefixes = ("IP_", "GIT_", *drop)
    env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONUTF8"] = "1"
    env.update(GIT_IDENTITY)
    env.update(extra)
    return env
