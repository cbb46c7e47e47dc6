"""The git facts the re-entry packet checks the plan against: its step commits and the files
changed since the last one.

Three git runs at most: ``status`` and ``log`` at the same time, then ``diff`` only when commits
were made after the last step commit; each bounded by :data:`TIMEOUT` seconds. A slow or broken git
leaves that part of the packet out, never the packet. On POSIX git is started with ``os.posix_spawnp`` (importing
``subprocess`` would cost the hook more than the git run itself); elsewhere with ``subprocess``.
``status`` runs with ``GIT_OPTIONAL_LOCKS=0``, so it never takes the index lock from the agent.
"""

from __future__ import annotations

import os
import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

#: Seconds one git run may take.
TIMEOUT = 3.0
#: The most step commits read from the log.
LOG_LIMIT = 300


def _env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["GIT_OPTIONAL_LOCKS"] = "0"
    env["GIT_TERMINAL_PROMPT"] = "0"
    env.pop("GIT_DIR", None)  # the project's repository, whatever the caller's environment says
    env.pop("GIT_WORK_TREE", None)
    if extra:
        env.update(extra)
    return env


def _spawn(argv: list[str]) -> tuple[int, int] | None:
    """``argv`` started with stdout on a pipe: (pid, read end), or None when it cannot start."""
    read_fd, write_fd = os.pipe()
    null_fd = os.open(os.devnull, os.O_RDWR)
    try:
        actions = [
            (os.POSIX_SPAWN_DUP2, null_fd, 0),
            (os.POSIX_SPAWN_DUP2, write_fd, 1),
            (os.POSIX_SPAWN_DUP2, null_fd, 2),
        ]
        try:
            pid = os.posix_spawnp(argv[0], argv, _env(), file_actions=actions)
        except OSError:
            os.close(read_fd)
            return None
    finally:
        os.close(write_fd)
        os.close(null_fd)
    return pid, read_fd


def _collect_posix(started: list[tuple[int, int] | None], deadline: float) -> list[bytes | None]:
    """Each started command's stdout, or None when it failed or was still running at the deadline
    (then it is killed)."""
    import select

    chunks: dict[int, list[bytes]] = {item[1]: [] for item in started if item is not None}
    open_fds = set(chunks)
    try:
        while open_fds:
            left = deadline - _now()
            if left <= 0:
                break
            ready, _, _ = select.select(list(open_fds), [], [], left)
            if not ready:
                break
            for fd in ready:
                chunk = os.read(fd, 65536)
                if chunk:
                    chunks[fd].append(chunk)
                else:
                    open_fds.discard(fd)
    finally:
        for fd in chunks:
            os.close(fd)
    results: list[bytes | None] = []
    for item in started:
        if item is None:
            results.append(None)
            continue
        pid, fd = item
        if fd in open_fds:
            import signal

            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:
            results.append(None)
            continue
        ok = fd not in open_fds and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        results.append(b"".join(chunks[fd]) if ok else None)
    return results


def _now() -> float:
    import time

    return time.monotonic()


def _run_subprocess(commands: list[list[str]], timeout: float) -> list[bytes | None]:
    import subprocess

    results: list[bytes | None] = []
    for argv in commands:
        try:
            done = subprocess.run(
                argv, capture_output=True, stdin=subprocess.DEVNULL, timeout=timeout, env=_env(), check=False
            )
        except (OSError, subprocess.SubprocessError):
            results.append(None)
            continue
        results.append(done.stdout if done.returncode == 0 else None)
    return results


class Running:
    """Git commands started together (on POSIX; elsewhere they run one by one when collected), so
    the caller can read the plan files meanwhile."""

    __slots__ = ("_argvs", "_started", "_deadline", "_timeout")

    def __init__(self, argvs: list[list[str]], timeout: float) -> None:
        self._argvs = argvs
        self._timeout = timeout
        self._deadline = _now() + timeout
        spawn = os.name == "posix" and hasattr(os, "posix_spawnp")
        self._started: list[tuple[int, int] | None] | None = [_spawn(argv) for argv in argvs] if spawn else None

    def collect(self) -> list[str | None]:
        """Each command's output (None for one that failed or ran out of time)."""
        if self._started is None:
            found = _run_subprocess(self._argvs, self._timeout)
        else:
            found = _collect_posix(self._started, self._deadline)
        return [None if data is None else data.decode("utf-8", errors="replace") for data in found]


def start_gits(root: str, commands: list[list[str]], timeout: float = TIMEOUT) -> Running:
    """Start ``git -C root ARGS`` for each ARGS; :meth:`Running.collect` gives their outputs."""
    return Running([["git", "-C", root, *args] for args in commands], timeout)


def run_gits(root: str, commands: list[list[str]], timeout: float = TIMEOUT) -> list[str | None]:
    """The output of ``git -C root ARGS`` for each ARGS, run at the same time; None for one that
    failed or ran out of time (git missing, not a repository, …)."""
    return start_gits(root, commands, timeout).collect()


def run_git(root: str, args: list[str], timeout: float = TIMEOUT) -> str | None:
    """The output of ``git -C root ARGS``; None when git is missing, fails or runs out of time."""
    return run_gits(root, [args], timeout)[0]


def repo_top(root: str) -> str | None:
    """The work tree's top: the nearest folder at or above ``root`` holding ``.git`` (a folder, or
    a worktree's file), found without running git."""
    folder = os.path.abspath(root)
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


# -- step commits --------------------------------------------------------------------------------


def log_args(tag_id: str, since: str | None = None) -> list[str]:
    """``git log`` of the plan's step commits; ``since`` (``YYYY-MM-DD``, the plan's creation day)
    bounds the walk through history."""
    args = ["log", f"-n{LOG_LIMIT}", "-F", f"--grep=[{tag_id}/iter-", "--format=%H%x09%s"]
    if since:
        args.insert(1, f"--since={since} 00:00:00 +1400")  # the day began here first, anywhere
    return args


def parse_log(out: str, tag_id: str) -> list[tuple[int, int, str]]:
    """(iteration, step, commit hash) of every commit whose subject starts
    ``[<tag_id>/iter-N/step-M]``, newest first."""
    pattern = re.compile(r"\[" + re.escape(tag_id) + r"/iter-([0-9]+)/step-([0-9]+)\]")
    found = []
    for line in out.split("\n"):
        commit, _, subject = line.partition("\t")
        match = pattern.match(subject)
        if match and commit:
            found.append((int(match.group(1)), int(match.group(2)), commit))
    return found


# -- the working tree --------------------------------------------------------------------------


STATUS_ARGS = ["status", "--porcelain=v2", "-z", "--branch", "--untracked-files=all", "--ignore-submodules=dirty"]


def parse_status(out: str) -> tuple[str | None, list[str]]:
    """(HEAD's hash or None before the first commit, every path git reports as changed, staged or
    untracked, relative to the work tree's top) from ``git status`` (:data:`STATUS_ARGS`)."""
    head: str | None = None
    paths: list[str] = []
    records = out.split("\0")
    index = 0
    while index < len(records):
        record = records[index]
        index += 1
        if record.startswith("# branch.oid "):
            oid = record[len("# branch.oid ") :].strip()
            head = None if oid == "(initial)" else oid
        elif record.startswith("1 "):
            parts = record.split(" ", 8)
            if len(parts) == 9:
                paths.append(parts[8])
        elif record.startswith("2 "):
            parts = record.split(" ", 9)
            if len(parts) == 10:
                paths.append(parts[9])
            if index < len(records):  # the path it was renamed or copied from
                paths.append(records[index])
                index += 1
        elif record.startswith("u "):
            parts = record.split(" ", 10)
            if len(parts) == 11:
                paths.append(parts[10])
        elif record.startswith("? "):
            paths.append(record[2:])
    return head, paths


def changed_between(root: str, base: str, head: str) -> list[str] | None:
    """Paths (relative to the top) that differ between two commits; None when git fails."""
    out = run_git(root, ["diff", "--name-only", "-z", "--no-renames", base, head, "--"])
    if out is None:
        return None
    return [path for path in out.split("\0") if path]
