"""The one runner of the real CLI: ``python -m skill ARGS`` in a subprocess."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.support.env import clean_env

#: The address-space cap of :func:`run_cli` with ``limited=True``: the interpreter and every
#: import fit well inside it; reading a device or a huge file without bounds does not.
MEMORY_LIMIT = 512 * 1024 * 1024


def limits(memory: int | None = MEMORY_LIMIT, file_size: int | None = None) -> Callable[[], None]:
    """A ``preexec_fn`` capping the child's memory and the size of any file it writes (a full disk:
    a write past ``file_size`` fails with EFBIG instead of killing the process)."""

    def apply() -> None:
        import resource
        import signal

        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        if file_size is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))

    return apply


def run_cli(
    cwd: Path,
    *args: str,
    env: dict[str, str] | None = None,
    env_extra: dict[str, str] | None = None,
    input: str | None = None,
    timeout: float = 120,
    preexec_fn: Callable[[], None] | None = None,
    user: int | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the CLI in ``cwd`` with :func:`clean_env` (or ``env``), ``env_extra`` on top, and
    ``input`` on stdin (empty by default, never the terminal). ``preexec_fn`` (e.g. :func:`limits`)
    and ``user`` apply to the child. Arguments may carry undecodable bytes as lone surrogates
    (``"\\udcff"``): they reach the child as the raw byte."""
    environment = dict(env) if env is not None else clean_env()
    environment.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "skill", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        errors="surrogateescape",
        input=input if input is not None else "",
        timeout=timeout,
        preexec_fn=preexec_fn,
        user=user,
    )
