"""Hostile plan folders and source trees: a clear result or a clear error, never a traceback,
and nothing written outside the project."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.lifecycle.helpers import bootstrap, new_plan, read, write
from tests.support.cli import run_cli

READ_COMMANDS = (["bootstrap", "status"], ["bootstrap", "resume"], ["bootstrap", "list"],
                 ["validate-plan"], ["validate-plan", "--pre-step"], ["emit-state", "--state", "execute"])


def no_traceback(result) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1, 2), (result.returncode, result.stderr)


def tree_snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("content", [
    b"\x00\x01\x02binary\x00" * 100,
    b"\xff\xfe\xfa not utf-8 \xc3\x28\n",
    b"\xef\xbb\xbf# Current State: EXECUTE\r\n## Iteration: 1\r\n## Fix Attempts\r\n- Attempt 1\r\n",
    b"# Current State: EXE\x00CUTE\n## Iteration: \x00\n",
    b"",
    ("# Current State: EXECUTE\n" + "- line\n" * 200_000).encode(),
])
def test_corrupt_state_md_never_crashes(project, tmp_path, content):
    plan = new_plan(project)
    (project / "plans" / plan / "state.md").write_bytes(content)
    outside = tmp_path / "outside-marker"
    for args in READ_COMMANDS:
        no_traceback(run_cli(project, *args))
    assert not outside.exists()


@pytest.mark.parametrize("name", ["plan.md", "findings.md", "decisions.md", "progress.md", "verification.md", "changelog.md"])
def test_binary_plan_files_are_survived(project, name):
    plan = new_plan(project)
    (project / "plans" / plan / name).write_bytes(b"\x00\xff\xfe" * 5000 + b"\n## Goal\n\x00")
    for args in READ_COMMANDS:
        no_traceback(run_cli(project, *args))
    no_traceback(bootstrap(project, "close"))


def test_pointer_escapes_are_never_followed(project, tmp_path):
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "state.md").write_text("# Current State: EXECUTE\n## Fix Attempts\n- Attempt 1\n")
    before = tree_snapshot(victim)
    (project / "plans").mkdir()
    for value in ("../../victim", str(victim), "..", ".", "plans", "plan_2026-01-01_aaaaaaaa/../../victim"):
        write(project, "plans/.current_plan", value)
        assert bootstrap(project, "status").stdout == "No active plan.\n"
        for args in (["bootstrap", "close"], ["bootstrap", "reset-attempts"]):
            result = run_cli(project, *args)
            assert result.returncode == 1
            no_traceback(result)
        gate = run_cli(project, "validate-plan", "--pre-step")
        assert gate.returncode == 2 and gate.stdout.startswith("GATE:FAIL [no-plan]")
    (project / "plans" / "plan_2026-01-01_aaaaaaaa").symlink_to(victim)
    write(project, "plans/.current_plan", "plan_2026-01-01_aaaaaaaa")
    assert bootstrap(project, "status").stdout == "No active plan.\n"
    assert bootstrap(project, "reset-attempts").returncode == 1
    assert tree_snapshot(victim) == before


def test_retire_through_symlinked_plan_dir_removes_only_the_link(project, tmp_path):
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.md").write_text("keep")
    (project / "plans").mkdir()
    (project / "plans" / "plan_2026-01-01_aaaaaaaa").symlink_to(victim)
    result = bootstrap(project, "retire", "plan_2026-01-01_aaaaaaaa")
    no_traceback(result)
    assert (victim / "keep.md").read_text() == "keep"
    assert not (project / "plans" / "plan_2026-01-01_aaaaaaaa").is_symlink()


def test_source_tree_with_loops_deep_nesting_and_unreadable_files(project, tmp_path):
    plan = new_plan(project)
    old = "plan_2026-03-01_cccccccc"
    deep = project / "src"
    for level in range(14):
        deep = deep / f"d{level}"
    deep.mkdir(parents=True)
    (deep / "x.py").write_text(f"# DECISION {old}/D-001\n")
    (project / "src" / "loop").symlink_to(project / "src")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "ext.py").write_text(f"# DECISION {old}/D-002\n")
    (project / "src" / "ext").symlink_to(outside)
    secret = project / "src" / "secret.py"
    secret.write_text(f"# DECISION {old}/D-003\n")
    os.chmod(secret, 0)
    (project / "src" / "near.py").write_text(f"# DECISION {old}/D-004\n")
    try:
        for args in (["validate-plan"], ["bootstrap", "retire", old]):
            result = run_cli(project, *args, timeout=120)
            no_traceback(result)
        assert "[STALE]" in read(project, "src/near.py")
        assert "[STALE]" not in (deep / "x.py").read_text()  # beyond the depth limit
        assert (outside / "ext.py").read_text() == f"# DECISION {old}/D-002\n"  # never followed
    finally:
        os.chmod(secret, 0o600)
    assert (project / "plans" / plan).is_dir()


@pytest.mark.parametrize("goal", ["a\nb", "x" * 20000, "plan-../../etc", "$(rm -rf /)", "'; DROP TABLE", "--"])
def test_odd_goals_are_stored_literally(project, goal):
    result = bootstrap(project, "new", goal)
    no_traceback(result)
    assert result.returncode == 0
    plan = (project / "plans" / ".current_plan").read_text()
    text = read(project, f"plans/{plan}/plan.md")
    assert goal in text
    assert sorted(p.name for p in project.iterdir()) == [".git", ".gitignore", "plans"]


@pytest.mark.parametrize("goal", ["\t", " \n ", ""])
def test_blank_goals_are_refused_cleanly(project, goal):
    result = bootstrap(project, "new", goal)
    no_traceback(result)
    assert result.returncode == 1 and "the goal is empty" in result.stderr
    assert sorted(p.name for p in project.iterdir()) == [".git"]
