"""doctor: where, which version, stale or not, and whether the recorded command runs."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def doctor(sandbox, *args):
    done = sandbox.run("doctor", "--json", *args)
    assert "Traceback" not in done.stderr
    return done.returncode, json.loads(done.stdout)


def test_nothing_installed(sandbox):
    code, report = doctor(sandbox)
    assert code == 0 and report["installs"] == [] and report["ok"]
    done = sandbox.run("doctor")
    assert done.returncode == 0 and "Nothing installed" in done.stdout


def test_reports_installs_modified_and_stale(sandbox):
    # a command that certainly runs `bootstrap banner`: this interpreter with the checkout on PYTHONPATH
    command = f"{sys.executable} -m skill"
    assert sandbox.run("install", "--harness", "claude,codex", "--command", command).returncode == 0
    code, report = doctor(sandbox, "--no-run")
    assert code == 0, report
    by_target = {item["target"]: item for item in report["installs"]}
    assert set(by_target) == {"claude", "agents", "codex"}
    claude = by_target["claude"]
    assert claude["scope"] == "project" and claude["version"] and claude["stale"] is False
    assert claude["command"] == command and claude["command_check"]["in_skill_md"] is True
    assert claude["location"].endswith(".claude/skills/iterative-planner")
    assert claude["modified"] == [] and claude["missing"] == []

    # the user edits one file; the bundle then changes: stale, and the edit is listed
    agent = sandbox.project / ".claude/agents/ip-explorer.md"
    agent.write_text("mine\n")
    (sandbox.bundle / "modules" / "state-plan.md").write_text("# changed\n")
    code, report = doctor(sandbox, "--no-run")
    by_target = {item["target"]: item for item in report["installs"]}
    assert by_target["claude"]["modified"] == [".claude/agents/ip-explorer.md"]
    assert by_target["claude"]["stale"] is True and by_target["claude"]["stale_reasons"]
    assert by_target["codex"]["stale"] is False
    # a missing file is a problem: exit 1
    (sandbox.project / ".agents/skills/iterative-planner/SKILL.md").unlink()
    code, report = doctor(sandbox, "--no-run")
    assert code == 1
    agents = next(i for i in report["installs"] if i["target"] == "agents")
    assert agents["missing"] == [".agents/skills/iterative-planner/SKILL.md"] and not agents["ok"]


def test_command_check_runs_the_prefix(sandbox):
    good = f"{sys.executable} -m skill"
    assert sandbox.run("install", "--harness", "agents", "--command", good).returncode == 0
    code, report = doctor(sandbox)
    check = report["installs"][0]["command_check"]
    assert check["prefix"] == good
    assert check["runs"] is True and check["exit_code"] == 0, check
    assert code == 0

    bad = str(sandbox.tmp / "no-such-python") + " -m skill"
    assert sandbox.run("install", "--harness", "agents", "--command", bad).returncode == 0
    code, report = doctor(sandbox)
    check = report["installs"][0]["command_check"]
    assert check["runs"] is False and "not found" in check["detail"]
    assert code == 1
    done = sandbox.run("doctor")
    assert done.returncode == 1 and "does NOT run" in done.stdout


def test_reports_this_project_and_the_user_only_unless_all(sandbox):
    other = sandbox.tmp / "other"
    other.mkdir()
    assert sandbox.run("install", "--harness", "agents", "--root", str(other)).returncode == 0
    assert sandbox.run("install", "--harness", "claude", "--scope", "user").returncode == 0
    code, report = doctor(sandbox, "--no-run")
    seen = {(i["target"], i["scope"], i["base"]) for i in report["installs"]}
    assert seen == {("claude", "user", str((sandbox.home / ".claude").resolve()))}
    assert report["other_projects"] == 1
    done = sandbox.run("doctor", "--no-run")
    assert str(other) not in done.stdout and "1 install(s) in other folders not shown" in done.stdout
    code, report = doctor(sandbox, "--no-run", "--all")
    seen = {(i["target"], i["scope"], i["base"]) for i in report["installs"]}
    assert ("agents", "project", str(other.resolve())) in seen
    # run in the other project, it is that project's install, and no "(project)" of ours
    code, report = doctor(sandbox, "--no-run", "--root", str(other))
    assert {(i["target"], i["scope"]) for i in report["installs"]} == {("agents", "project"), ("claude", "user")}


def test_command_with_spaces_is_quoted_and_runs(sandbox):
    import os

    from skill.command import quote as quote_path

    spaced = sandbox.tmp / "dir with space"
    spaced.mkdir()
    link = spaced / "python"
    os.symlink(sys.executable, link)
    command = f"{quote_path(str(link))} -m skill"
    assert sandbox.run("install", "--harness", "agents", "--command", command).returncode == 0
    text = (sandbox.project / ".agents/skills/iterative-planner/SKILL.md").read_text()
    assert f"`{command} bootstrap banner`" in text
    code, report = doctor(sandbox)
    assert report["installs"][0]["command_check"]["runs"] is True, report
    assert code == 0


def test_missing_project_is_reported_with_a_way_out(sandbox):
    other = sandbox.tmp / "gone"
    other.mkdir()
    assert sandbox.run("install", "--harness", "cursor", "--root", str(other)).returncode == 0
    import shutil

    shutil.rmtree(other)
    code, report = doctor(sandbox, "--no-run")
    assert code == 0 and report["installs"] == [] and report["other_projects"] == 2
    code, report = doctor(sandbox, "--no-run", "--all")
    assert code == 1
    problems = [p for i in report["installs"] for p in i["problems"]]
    gone = [p for p in problems if "is gone; forget this install by deleting" in p]
    assert len(gone) == 2
    for problem in gone:
        Path(problem.rsplit("deleting ", 1)[1]).unlink()
    code, report = doctor(sandbox, "--no-run", "--all")
    assert code == 0 and report["installs"] == []
