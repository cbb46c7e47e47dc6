"""Issue 14, item 6: every command, on a read-only plan folder, a full disk, or a lock it cannot
create, ends with one message and exit 1 (or succeeds when it has nothing to write), never with a
traceback, and changes nothing.

* read-only: ``plans/`` made read-only (``chmod`` for a normal user; as root, whom permissions do
  not stop, a read-only bind mount in a private mount namespace of the child);
* full disk: the child may not write a single byte to any file (``RLIMIT_FSIZE`` 0, ``SIGXFSZ``
  ignored, so a write fails with EFBIG as it would with ENOSPC);
* lock not creatable: ``plans/.lock`` and ``plans/<id>/.lock`` are folders.
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.lifecycle.helpers import new_plan, read, write
from tests.support.cli import limits, run_cli
from tests.support.env import clean_env
from tests.transitions.helpers import tree_bytes

PLAN_ID = "plan_2026-01-01_aaaaaaaa"

#: Every command, with arguments that make it do its work on the fixture project.
COMMANDS: list[list[str]] = [
    ["bootstrap", "new", "Another goal"],
    ["bootstrap", "new", "--force", "Another goal"],
    ["bootstrap", "status"],
    ["bootstrap", "status", "--json"],
    ["bootstrap", "resume"],
    ["bootstrap", "list"],
    ["bootstrap", "close"],
    ["bootstrap", "retire", PLAN_ID],
    ["bootstrap", "reset-attempts"],
    ["bootstrap", "banner"],
    ["validate-plan"],
    ["validate-plan", "--pre-step"],
    ["emit-state", "--state", "execute"],
    ["emit-template", "--name", "summary"],
    ["blast-radius", "src/a.py"],
    ["log-edit", "--file", "src/a.py", "--reason", "probe", "--commit", "uncommitted"],
    ["log-edit", "--file", "src/a.py", "--reason", "probe", "--json", "--commit", "uncommitted"],
    ["compress-changelog", "--threshold", "0", "--decisions", "--decisions-threshold", "0"],
    ["transition", "REFLECT"],
    ["transition", "CLOSE", "--force", "--note", "probe"],
    ["attempt", "--what", "probe", "--result", "failed"],
    ["step", "next"],
    ["step", "set", "2"],
    ["hook", "session-start"],
    ["execplan", "lint", "EXECPLAN.md"],
    ["execplan", "export"],
    ["execplan", "export", "--out", "exported.md"],
    ["execplan", "import", "EXECPLAN.md"],
    ["receipt", "check", "receipt.json"],
    ["install", "--harness", "claude", "--scope", "project"],
    ["uninstall", "--harness", "claude", "--scope", "project"],
    ["doctor", "--no-run"],
    ["package", "--out", "dist-out"],
]

#: Commands that must write to plans/ to succeed: under every condition they refuse (exit 1).
MUST_WRITE = {
    "bootstrap new", "bootstrap close", "bootstrap reset-attempts", "log-edit", "attempt",
    "step next", "step set", "transition REFLECT", "transition CLOSE", "execplan import",
}


def _key(args: list[str]) -> str:
    return " ".join(a for a in args[:2] if not a.startswith("--"))


def fixture(project: Path) -> str:
    """An EXECUTE plan on step 1 of 2 with one fix attempt, a closed plan to retire, a source
    file, an ExecPlan and a receipt to read."""
    plan = new_plan(project, "Clean errors")
    text = read(project, f"plans/{plan}/plan.md")
    write(project, f"plans/{plan}/plan.md", text.replace(
        "*To be defined in PLAN: numbered, each small enough to verify on its own.*",
        "1. [ ] first ← CURRENT\n2. [ ] second"))
    state = read(project, f"plans/{plan}/state.md")
    state = state.replace("# Current State: EXPLORE", "# Current State: EXECUTE").replace(
        "## Iteration: 0", "## Iteration: 1").replace("## Current Plan Step: N/A", "## Current Plan Step: 1 of 2")
    state = state.replace("## Fix Attempts\n", "## Fix Attempts\n- Step 1, attempt 1: x → failed\n")
    write(project, f"plans/{plan}/state.md", state)
    write(project, f"plans/{PLAN_ID}/state.md", "# Current State: CLOSE\n")
    write(project, "src/a.py", f"# DECISION {PLAN_ID}/D-001: kept\nx = 1\n")
    write(project, "EXECPLAN.md", "# Goal\n\nA small plan.\n")
    write(project, "receipt.json", "{}\n")
    return plan


# -- the read-only condition ---------------------------------------------------------------------

_CLONE_NEWNS, _MS_RDONLY, _MS_REMOUNT, _MS_BIND, _MS_REC, _MS_PRIVATE = 0x20000, 1, 32, 4096, 16384, 1 << 18


def _read_only_mount(folder: Path) -> Callable[[], None]:
    """A ``preexec_fn`` that makes ``folder`` read-only for the child alone (root only)."""
    target = os.fsencode(folder)

    def apply() -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        calls = (
            lambda: libc.unshare(_CLONE_NEWNS),
            lambda: libc.mount(None, b"/", None, _MS_REC | _MS_PRIVATE, None),
            lambda: libc.mount(target, target, None, _MS_BIND | _MS_REC, None),
            lambda: libc.mount(None, target, None, _MS_REMOUNT | _MS_BIND | _MS_RDONLY, None),
        )
        for call in calls:
            if call() != 0:
                raise OSError(ctypes.get_errno(), "read-only mount")

    return apply


def _mount_works(tmp: Path) -> bool:
    folder = tmp / "probe"
    folder.mkdir()
    try:
        done = subprocess.run([sys.executable, "-c", f"open({str(folder / 'x')!r}, 'w')"],
                              preexec_fn=_read_only_mount(folder), capture_output=True, timeout=30)
    except (subprocess.SubprocessError, OSError):
        return False
    return done.returncode != 0 and b"Read-only file system" in done.stderr


def read_only(project: Path, tmp_path: Path) -> tuple[Callable[[], None] | None, Callable[[], None]]:
    """(preexec_fn, undo) making plans/ read-only for the command."""
    plans = project / "plans"
    if os.geteuid() != 0:
        paths = [plans, *plans.rglob("*")]
        modes = {path: path.stat().st_mode for path in paths}
        for path in paths:
            path.chmod(modes[path] & ~0o222)

        def undo() -> None:
            for path, mode in modes.items():
                path.chmod(mode)

        return None, undo
    if not _mount_works(tmp_path):
        pytest.skip("running as root without the right to mount: no way to make a folder read-only")
    return _read_only_mount(plans), lambda: None


# -- the test ------------------------------------------------------------------------------------


@pytest.mark.parametrize("condition", ["read-only", "full-disk", "lock-not-creatable"])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_command_fails_cleanly(project, tmp_path, condition, args):
    plan = fixture(project)
    home = tmp_path / "home"
    home.mkdir()
    env = clean_env(HOME=str(home), IP_LOCK_TIMEOUT="2", XDG_CONFIG_HOME=str(home / ".config"))
    preexec: Callable[[], None] | None = None
    undo: Callable[[], None] = lambda: None  # noqa: E731
    if condition == "read-only":
        preexec, undo = read_only(project, tmp_path)
    elif condition == "full-disk":
        preexec = limits(memory=None, file_size=0)
    else:
        (project / "plans" / ".lock").mkdir()
        (project / "plans" / plan / ".lock").mkdir()
    before = tree_bytes(project)
    try:
        result = run_cli(project, *args, env=env, timeout=90, preexec_fn=preexec)
    finally:
        undo()
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), (result.returncode, result.stderr)
    if result.returncode == 1:
        if result.stderr:  # one message: what is wrong and what to do
            assert result.stderr.startswith(("ERROR", "WARNING")), result.stderr
        else:  # a checker's verdict (validate-plan, lint, receipt check) on stdout
            assert "ERROR" in result.stdout and "Summary" in result.stdout, result.stdout
    if _key(args) in MUST_WRITE or " ".join(args[:2]) in MUST_WRITE:
        assert result.returncode == 1, (result.stdout, result.stderr)
    if condition != "full-disk" or result.returncode == 1:
        after = tree_bytes(project)
        # a refused or failed command changed nothing; a close that failed half-way is recorded
        changed = {name for name in set(before) | set(after) if before.get(name) != after.get(name)}
        assert changed <= {f"plans/{plan}/close-progress.txt"}, changed
