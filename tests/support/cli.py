"""The one runner of the real CLI: ``python -m skill ARGS`` in a subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.env import clean_env


def run_cli(
    cwd: Path,
    *args: str,
    env: dict[str, str] | None = None,
    env_extra: dict[str, str] | None = None,
    input: str | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run the CLI in ``cwd`` with :func:`clean_env` (or ``env``), ``env_extra`` on top, and
    ``input`` on stdin (empty by default, never the terminal)."""
    environment = dict(env) if env is not None else clean_env()
    environment.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "skill", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        input=input if input is not None else "",
        timeout=timeout,
    )
