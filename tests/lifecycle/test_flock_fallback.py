"""The stdlib lock used when filelock cannot be imported (a bare checkout on PYTHONPATH)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from skill.plans import flock
from tests.lifecycle.helpers import plan_dirs, pointer
from tests.support.env import clean_env


def test_exclusive_between_threads_and_bounded(tmp_path):
    path = str(tmp_path / ".lock")
    counter = tmp_path / "n"
    counter.write_text("0")

    def bump() -> None:
        for _ in range(25):
            fd = flock.acquire(path, 30)
            try:
                counter.write_text(str(int(counter.read_text()) + 1))
            finally:
                flock.release(fd)

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert counter.read_text() == "100"
    fd = flock.acquire(path, 1)
    try:
        with pytest.raises(flock.Timeout):
            flock.acquire(path, 0.2)
    finally:
        flock.release(fd)


def test_a_removed_lock_file_is_not_locked_again(tmp_path):
    path = str(tmp_path / ".lock")
    fd = flock.acquire(path, 1)
    os.unlink(path)  # the holder removes it while still holding the old file
    other = flock.acquire(path, 1)  # a newcomer locks the new file at once
    flock.release(other)
    flock.release(fd)


def test_cli_without_filelock_still_serialises_new(project, tmp_path):
    blocker = tmp_path / "no-filelock"
    blocker.mkdir()
    (blocker / "filelock.py").write_text("raise ImportError('hidden for this test')\n")
    env = clean_env()
    env["PYTHONPATH"] = str(blocker) + os.pathsep + env["PYTHONPATH"]
    procs = [subprocess.Popen([sys.executable, "-m", "skill", "bootstrap", "new", f"g{n}"], cwd=project,
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for n in range(5)]
    codes = [p.wait(60) for p in procs]
    assert sorted(codes) == [0, 1, 1, 1, 1]
    assert plan_dirs(project) == [pointer(project)]
    assert not (project / "plans" / ".lock").exists()
