"""The command's surface: text and --json output, --open, --watch, plans waiting on the user."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.dashboard.helpers import (
    approve,
    dashboard,
    git_repo,
    ok,
    plan_file,
    read_page,
    to_planned,
)
from tests.support.cli import run_cli
from tests.support.env import REPO, clean_env
from tests.transitions.helpers import PLAN_MD, verification


def test_text_output_names_the_live_page(tmp_path):
    root = git_repo(tmp_path / "proj")
    ok(root, "bootstrap", "new", "Tidy the build")
    out = tmp_path / "site"
    result = ok(root, "dashboard", "--out", str(out))
    lines = result.stdout.splitlines()
    assert lines[0] == f"Dashboard: {out / 'index.html'}"
    assert "1 plan(s)" in lines[1] and "live plan: plan-" in lines[1]


def test_no_plans_and_no_git_still_gives_a_site(tmp_path):
    root = tmp_path / "empty"
    root.mkdir()
    data = dashboard(root, tmp_path / "site")
    assert data["live_plan"] is None and data["plans"] == 0
    assert "No plans yet" in read_page(Path(data["out"]), "index.html").text


def test_help_lists_the_options(tmp_path):
    result = ok(tmp_path, "dashboard", "--help")
    for option in ("--out", "--open", "--watch", "--plan", "--root", "--json"):
        assert option in result.stdout


def test_root_option_and_group_root(tmp_path):
    root = git_repo(tmp_path / "proj")
    ok(root, "bootstrap", "new", "Tidy the build")
    a = json.loads(ok(tmp_path, "dashboard", "--root", str(root), "--json", "--out", str(tmp_path / "a")).stdout)
    b = json.loads(ok(tmp_path, "--root", str(root), "dashboard", "--json", "--out", str(tmp_path / "b")).stdout)
    assert a["live_plan"] == b["live_plan"] is not None


def test_open_starts_the_default_browser_on_the_live_page(tmp_path):
    root = git_repo(tmp_path / "proj")
    ok(root, "bootstrap", "new", "Tidy the build")
    record = tmp_path / "opened.txt"
    script = tmp_path / "browser.py"
    script.write_text(f"import sys\nopen({str(record)!r}, 'w').write(sys.argv[1])\n")
    env = clean_env(BROWSER=f"{sys.executable} {script} %s")
    result = run_cli(root, "dashboard", "--open", "--out", str(tmp_path / "site"), env=env)
    assert result.returncode == 0, result.stderr
    assert record.read_text() == (tmp_path / "site" / "index.html").as_uri()


def test_waiting_on_you_per_state(tmp_path):
    root = git_repo(tmp_path / "proj")
    out = tmp_path / "site"

    def kinds() -> list[str]:
        page = read_page(Path(dashboard(root, out)["out"]), "index.html")
        return [a["data-kind"] for a in page.find("li") if a.get("data-kind")]

    plan_id = to_planned(root, "Add audit logging", PLAN_MD.format(version=1))
    assert kinds() == ["approve-plan"]
    plan_file(root, plan_id, "plan.md").write_text("# Plan v1\n\n## Goal\n*To be defined*\n")
    assert kinds() == []  # the plan is still being written: nothing to approve yet
    plan_file(root, plan_id, "plan.md").write_text(PLAN_MD.format(version=1))
    approve(root, "EXECUTE", "go")
    assert kinds() == []
    ok(root, "transition", "REFLECT")
    assert kinds() == []  # no verdict yet
    plan_file(root, plan_id, "verification.md").write_text(verification(True, "PIVOT"))
    assert kinds() == ["confirm-reflect"]
    plan_file(root, plan_id, "verification.md").write_text(verification(True, "CLOSE"))
    assert kinds() == ["confirm-close"]
    ok(root, "transition", "PIVOT", "--note", "try another way")
    assert kinds() == ["approve-pivot"]
    assert read_page(out, "index.html").values["gate"] == "GATE:FAIL [wrong-state] expected=EXECUTE actual=PIVOT"


def _version(out: Path, name: str) -> str | None:
    try:
        return read_page(out, name).find("html")[0]["data-version"]
    except (OSError, IndexError):
        return None


def test_watch_rewrites_changed_pages_and_stops_cleanly_on_ctrl_c(tmp_path):
    root = git_repo(tmp_path / "proj")
    plan_id = to_planned(root, "Add audit logging", PLAN_MD.format(version=1))
    approve(root, "EXECUTE", "go")
    out = tmp_path / "site"
    env = clean_env()
    proc = subprocess.Popen(
        [sys.executable, "-m", "skill", "dashboard", "--watch", "--out", str(out)],
        cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    page = f"p/{plan_id}.html"
    try:
        deadline = time.monotonic() + 60
        while _version(out, page) is None and time.monotonic() < deadline:
            time.sleep(0.1)
        first = _version(out, page)
        plans_page = (out / "plans.html").stat().st_mtime_ns
        ledger = (out / "f" / "LESSONS.html").stat().st_mtime_ns
        assert first is not None
        ok(root, "attempt", "--what", "write synchronously", "--result", "failed")
        while _version(out, page) == first and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _version(out, page) != first
        assert "write synchronously" in read_page(out, f"p/{plan_id}.html").text
        assert (out / "f" / "LESSONS.html").stat().st_mtime_ns == ledger  # unchanged page kept
        assert (out / "plans.html").stat().st_mtime_ns != plans_page  # its failed-attempt note changed
    finally:
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 0, stderr
    assert "Traceback" not in stderr and "Stopped watching." in stderr
    assert stdout.startswith(f"Dashboard: {out / 'index.html'}")
    assert f"p/{plan_id}.html" in stdout.split("Rewrote", 1)[1]


def test_watch_idle_polls_rebuild_nothing(tmp_path):
    root = git_repo(tmp_path / "proj")
    ok(root, "bootstrap", "new", "Tidy the build")
    sys.path.insert(0, str(REPO))
    from skill.dashboard import output_folder
    from skill.dashboard.watch import watch

    folder = output_folder(root, tmp_path / "site")
    builds = []
    polls = iter(range(30))
    watch(root, folder, on_build=builds.append, keep_going=lambda: next(polls, None) is not None, interval=0.001)
    assert len(builds) == 1 and builds[0].written

    plan_id = (root / "plans" / ".current_plan").read_text()
    polls = iter(range(6))

    def change_once() -> bool:
        step = next(polls, None)
        if step == 2:
            state = plan_file(root, plan_id, "findings.md")
            state.write_text(state.read_text() + "\n- one more finding\n")
            os.utime(state, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))
        return step is not None

    builds.clear()
    watch(root, folder, on_build=builds.append, keep_going=change_once, interval=0.001)
    assert len(builds) == 2
    assert builds[0].written == ()
    assert set(builds[1].written) == {"index.html", f"p/{plan_id}.html"}
