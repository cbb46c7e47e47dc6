"""Locks, atomic writes and parallel lifecycle commands."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from skill.errors import LockTimeout
from skill.plans import store as store_mod
from skill.plans.store import Store, atomic_write_text, clean_stale_temps, locked, remove_tree
from tests.lifecycle.helpers import bootstrap, new_plan, plan_dirs, pointer, read
from tests.support.env import REPO, clean_env


def _spawn(cwd: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "skill", "bootstrap", *args], cwd=cwd, env=clean_env(),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_five_parallel_new_give_one_plan(project):
    procs = [_spawn(project, "new", f"goal {n}") for n in range(5)]
    results = [(p.wait(60), *p.communicate()) for p in procs]
    winners = [r for r in results if r[0] == 0]
    assert len(winners) == 1
    assert all("already exists" in r[2] for r in results if r[0] != 0)
    assert plan_dirs(project) == [pointer(project)]
    assert not (project / "plans" / ".lock").exists()
    assert not [p for p in (project / "plans").iterdir() if p.name.endswith(".iptmp")]


def test_five_parallel_close_close_once(project):
    plan = new_plan(project)
    procs = [_spawn(project, "close") for _ in range(5)]
    results = [(p.wait(60), *p.communicate()) for p in procs]
    assert sum(r[0] == 0 for r in results) == 1
    assert all("No active plan" in r[2] for r in results if r[0] != 0)
    assert read(project, "plans/INDEX.md").count(f"| {plan} |") == 1
    assert read(project, "plans/FINDINGS.md").count(f"## {plan}\n") == 1
    assert not (project / "plans" / ".current_plan").exists()


def test_stale_pid_lock_file_from_the_original_is_harmless(project):
    (project / "plans").mkdir()
    (project / "plans" / ".lock").write_text("999999")
    assert bootstrap(project, "new", "after stale lock").returncode == 0
    assert not (project / "plans" / ".lock").exists()


def test_held_lock_times_out_with_the_lock_named(project):
    plan = new_plan(project)
    lock_path = project / "plans" / ".lock"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys,time; from skill.plans.store import locked; from pathlib import Path\n"
         "with locked(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(30)\n", str(lock_path)],
        env=clean_env(), stdout=subprocess.PIPE, text=True, cwd=REPO,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        result = bootstrap(project, "close", env=clean_env(IP_LOCK_TIMEOUT="0.5"))
        assert result.returncode == 1
        assert str(lock_path) in result.stderr and "Traceback" not in result.stderr
        assert pointer(project) == plan  # nothing happened
    finally:
        holder.kill()
        holder.wait()


def test_lock_released_after_holder_dies(tmp_path):
    lock_path = tmp_path / ".lock"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys,os; from skill.plans.store import locked; from pathlib import Path\n"
         "with locked(Path(sys.argv[1])):\n    os._exit(3)\n", str(lock_path)],
        env=clean_env(), cwd=REPO,
    )
    assert holder.wait(30) == 3
    with locked(lock_path, timeout=2):
        pass


def test_locked_is_exclusive_between_threads(tmp_path):
    counter = tmp_path / "n"
    counter.write_text("0")

    def bump() -> None:
        for _ in range(20):
            with locked(tmp_path / ".lock", timeout=30):
                value = int(counter.read_text())
                atomic_write_text(counter, str(value + 1))

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert counter.read_text() == "80"


def test_lock_timeout_raises(tmp_path):
    lock_path = tmp_path / ".lock"
    with locked(lock_path, timeout=1):
        from filelock import FileLock, Timeout

        other = FileLock(str(lock_path), is_singleton=False)
        with pytest.raises(Timeout):
            other.acquire(timeout=0.2)
    with pytest.raises(LockTimeout) as info:
        holder = subprocess.Popen(
            [sys.executable, "-c",
             "import sys,time; from skill.plans.store import locked; from pathlib import Path\n"
             "with locked(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(20)\n", str(lock_path)],
            env=clean_env(), stdout=subprocess.PIPE, text=True, cwd=REPO)
        try:
            holder.stdout.readline()
            with locked(lock_path, timeout=0.3):
                pass
        finally:
            holder.kill()
            holder.wait()
    assert str(lock_path) in info.value.message


def test_atomic_write_keeps_mode_and_leaves_no_temp(tmp_path):
    target = tmp_path / "f.md"
    target.write_text("old")
    os.chmod(target, 0o640)
    atomic_write_text(target, "new ✓\n")
    assert target.read_text() == "new ✓\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert os.listdir(tmp_path) == ["f.md"]


def test_failed_write_leaves_target_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "f.md"
    target.write_text("old")

    def boom(*_args, **_kw):
        raise OSError("disk full")

    monkeypatch.setattr(store_mod.os, "replace", boom)
    with pytest.raises(OSError):
        atomic_write_text(target, "new")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["f.md"]


def test_remove_tree_and_stale_temp_cleanup(tmp_path):
    folder = tmp_path / "plan_x"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a").write_text("a")
    assert remove_tree(folder) is True and not folder.exists()
    (tmp_path / ".state.md.abc.iptmp").write_text("partial")
    (tmp_path / ".plan_y.def.iptmp").mkdir()
    (tmp_path / "keep.md").write_text("k")
    removed = clean_stale_temps(tmp_path)
    assert len(removed) == 2 and os.listdir(tmp_path) == ["keep.md"]


def test_store_refuses_writes_outside_root(tmp_path):
    from skill.errors import SkillError

    store = Store(tmp_path / "proj")
    (tmp_path / "proj").mkdir()
    with pytest.raises(SkillError):
        store.write_text(tmp_path / "proj" / ".." / "escape.md", "x")
    assert not (tmp_path / "escape.md").exists()


def test_fault_injection_stops_after_k_writes(project):
    result = bootstrap(project, "new", "crash me", env=clean_env(IP_FAULT_AFTER_WRITES="1"))
    assert result.returncode == store_mod.FAULT_EXIT_STATUS
    # killed right after the first durable step: either no pointer or a complete plan
    plans = plan_dirs(project)
    assert len(plans) == 1  # the folder is in place, the pointer not yet written
    # the next `new` names the orphan instead of starting a second plan beside it
    refused = bootstrap(project, "new", "next")
    assert refused.returncode == 1 and plans[0] in refused.stderr, refused.stderr
    assert plan_dirs(project) == plans
    follow = bootstrap(project, "new", "--force", "next")
    assert follow.returncode == 0, follow.stderr
    assert plans[0] in follow.stderr and "WARNING" in follow.stderr
    assert pointer(project) in plan_dirs(project)
    assert not [p for p in (project / "plans").iterdir() if p.name.endswith(".iptmp")]


def test_status_does_not_import_jinja2(project):
    new_plan(project)
    code = (
        "import sys, runpy\nsys.argv=['skill','bootstrap','status']\n"
        "try:\n    runpy.run_module('skill', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "print('JINJA' if 'jinja2' in sys.modules else 'CLEAN')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=project, env=clean_env(),
                            capture_output=True, text=True, timeout=60)
    assert result.stdout.strip().endswith("CLEAN"), result.stdout + result.stderr
