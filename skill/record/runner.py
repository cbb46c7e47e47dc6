"""Run one criterion command: in the project root, through the shell, with a time limit.

The output (stdout and stderr together) goes to a temporary file, never a pipe, so a chatty
command cannot fill memory or block; only its last :data:`OUTPUT_CAP` bytes are kept. On timeout
the whole process group is killed (POSIX: a new session per command; Windows: ``taskkill /T``).
Nothing the command does can raise out of :func:`run`: a shell that cannot start is a result too.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

#: Bytes of output kept (the end of it).
OUTPUT_CAP = 256 * 1024
DEFAULT_TIMEOUT = 300.0
_LAST_LINE_MAX = 160
#: Terminal colour and cursor codes, and other control characters, kept out of the evidence line.
_CONTROL_RE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class RunResult:
    command: str
    exit_status: int | None  # None: timed out or could not start
    seconds: float
    output: str  # the kept tail
    truncated: bool
    timed_out: bool = False
    error: str | None = None  # why the command could not start

    @property
    def passed(self) -> bool:
        return self.exit_status == 0

    @property
    def last_line(self) -> str:
        for line in reversed(self.output.splitlines()):
            line = _CONTROL_RE.sub("", line)
            if line.strip():
                text = " ".join(line.split())
                return text if len(text) <= _LAST_LINE_MAX else text[: _LAST_LINE_MAX - 1] + "…"
        return ""

    def status_text(self, timeout: float) -> str:
        if self.error is not None:
            return f"could not start: {self.error}"
        if self.timed_out:
            return f"timed out after {timeout:g}s (process group killed)"
        return f"exit {self.exit_status} after {self.seconds:.1f}s"


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    if os.name == "posix":
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except OSError:
            pass
    else:  # pragma: no cover - Windows
        subprocess.run(
            ["taskkill", "/T", "/F", "/PID", str(process.pid)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
    try:
        process.kill()
    except OSError:
        pass


def _tail(handle: tempfile._TemporaryFileWrapper[bytes]) -> tuple[str, bool]:
    handle.flush()
    size = handle.seek(0, os.SEEK_END)
    start = max(0, size - OUTPUT_CAP)
    handle.seek(start)
    data = handle.read()
    if start:
        newline = data.find(b"\n")
        data = data[newline + 1 :] if 0 <= newline < 4096 else data
    return data.decode("utf-8", errors="replace").replace("\r\n", "\n"), start > 0


def run(command: str, cwd: Path, timeout: float = DEFAULT_TIMEOUT) -> RunResult:
    """Run ``command`` with the shell in ``cwd``; stdin is empty."""
    started = time.monotonic()
    with tempfile.NamedTemporaryFile(prefix="ip-verify-", suffix=".log") as handle:
        posix = os.name == "posix"
        try:
            process = subprocess.Popen(  # noqa: S602 - the plan's own check command, run as written
                command,
                shell=True,
                cwd=str(cwd),
                stdin=subprocess.DEVNULL,
                stdout=handle,
                stderr=subprocess.STDOUT,
                start_new_session=posix,
                creationflags=0 if posix else getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0),
            )
        except (OSError, ValueError) as exc:
            return RunResult(command, None, 0.0, "", False, error=str(exc))
        timed_out = False
        try:
            status: int | None = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            _kill_group(process)
            process.wait()
            status = None
        finally:
            if process.poll() is None:  # interrupted (Ctrl-C): leave nothing running
                _kill_group(process)
        output, truncated = _tail(handle)
    return RunResult(command, status, time.monotonic() - started, output, truncated, timed_out)
