"""The command group's one error boundary: a message and the right exit status, never a traceback,
and the same JSON error object under ``--json`` for every command."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.support.cli import run_cli
from tests.support.env import clean_env
from tests.support.git import init_repo
from tests.support.plans import new_plan


def _error_object(stdout: str) -> dict[str, object]:
    data = json.loads(stdout)
    assert set(data) == {"ok", "error", "exit_code"}
    assert data["ok"] is False
    return data


def test_an_os_error_under_the_lock_is_one_message(tmp_path: Path) -> None:
    root = init_repo(tmp_path / "proj")
    plan_dir = new_plan(root)
    (plan_dir / ".lock").mkdir()  # the lock file cannot be opened: an OSError inside the command
    for args in (["transition", "PLAN"], ["attempt", "--what", "x", "--result", "failed"], ["step", "next"]):
        done = run_cli(root, *args, env_extra={"IP_LOCK_TIMEOUT": "1"})
        assert done.returncode == 1, (args, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr and done.stderr.startswith("ERROR: "), done.stderr
        assert ".lock" in done.stderr


def test_json_errors_have_one_shape_for_every_command(tmp_path: Path) -> None:
    root = init_repo(tmp_path / "proj")
    for args in (
        ["transition", "PLAN", "--json"],
        ["step", "next", "--json"],
        ["attempt", "--what", "x", "--result", "failed", "--json"],
        ["bootstrap", "resume", "--json"],
        ["compress-changelog", "--json"],
        ["log-edit", "--file", "a.py", "--reason", "r", "--json"],
    ):
        done = run_cli(root, *args)
        assert done.returncode == 1, (args, done.stderr)
        data = _error_object(done.stdout)
        assert data["exit_code"] == 1 and str(data["error"]).startswith("ERROR")
        assert done.stderr.strip() == str(data["error"]).strip(), args


def test_usage_errors_keep_exit_2_and_the_json_shape(tmp_path: Path) -> None:
    root = init_repo(tmp_path / "proj")
    new_plan(root)
    done = run_cli(root, "transition", "PLAN", "--force", "--json")
    assert done.returncode == 2
    assert _error_object(done.stdout)["exit_code"] == 2
    assert "--force needs --note" in done.stderr


def test_ctrl_c_while_waiting_for_the_lock_exits_130(tmp_path: Path) -> None:
    root = init_repo(tmp_path / "proj")
    plan_dir = new_plan(root)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from skill.plans.store import Store\n"
            f"with Store({str(root)!r}).plan_lock({plan_dir.name!r}):\n"
            "    print('held', flush=True)\n"
            "    time.sleep(30)\n",
        ],
        env=clean_env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        waiter = subprocess.Popen(
            [sys.executable, "-m", "skill", "transition", "PLAN"],
            cwd=root,
            env=clean_env(IP_LOCK_TIMEOUT="25"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(1.5)
        waiter.send_signal(signal.SIGINT)
        _out, err = waiter.communicate(timeout=20)
        assert waiter.returncode == 130, err
        assert "Interrupted" in err and "Traceback" not in err
    finally:
        holder.kill()
        holder.wait()
