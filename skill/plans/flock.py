"""A stdlib ``flock`` lock, used only when the ``filelock`` package cannot be imported.

That happens when the CLI runs straight from a checkout on ``PYTHONPATH`` (as the conformance
runner does) with an interpreter that lacks the package. Same contract as the filelock path in
:func:`skill.plans.store.locked`: bounded wait, released by the kernel when the process dies, and a
lock file unlinked by its holder is detected (link count 0) so the waiter retries on the new one.
"""

from __future__ import annotations

import os
import time


class Timeout(Exception):
    """The lock was not obtained in time."""


def acquire(path: str, timeout: float, poll: float = 0.01) -> int:
    """An open descriptor holding an exclusive lock on ``path``."""
    import fcntl  # POSIX only; Windows installs always carry filelock

    deadline = time.monotonic() + timeout
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
        else:
            if os.fstat(fd).st_nlink > 0:
                return fd
            os.close(fd)  # the holder removed this file while we waited: lock the new one
            continue
        if time.monotonic() >= deadline:
            raise Timeout(path)
        time.sleep(poll)


def release(fd: int) -> None:
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
