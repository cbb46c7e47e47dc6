"""Issue 18, defects 1, 4 and 7: arguments reach the command they name, undecodable arguments are
refused at the boundary before anything runs, and quoted values in messages stay short."""

from __future__ import annotations

import os

import pytest

from tests.lifecycle.helpers import bootstrap, new_plan, pointer, read, write
from tests.support.cli import limits, run_cli
from tests.support.git import init_repo
from tests.transitions.helpers import tree_bytes

# -- defect 1: --root after a bootstrap subcommand ---------------------------------------------


def test_root_after_the_subcommand_names_the_project(tmp_path):
    a, b = init_repo(tmp_path / "A"), init_repo(tmp_path / "B")
    plan_a, plan_b = new_plan(a, "Goal A"), new_plan(b, "Goal B")
    write(b, f"plans/{plan_b}/state.md", read(b, f"plans/{plan_b}/state.md").replace(
        "## Fix Attempts\n", "## Fix Attempts\n- Step 1, attempt 1: x → failed\n"))

    reset = bootstrap(a, "reset-attempts", "--root", "../B")
    assert reset.returncode == 0, reset.stderr
    assert plan_b in reset.stdout and "attempt 1: x" not in read(b, f"plans/{plan_b}/state.md")

    closed = bootstrap(a, "close", "--root", "../B")
    assert closed.returncode == 0, closed.stderr
    assert not (b / "plans" / ".current_plan").exists()
    assert pointer(a) == plan_a and "CLOSE" not in read(a, f"plans/{plan_a}/state.md").split("\n")[0]

    made = bootstrap(a, "new", "Goal X", "--root", "../B")
    assert made.returncode == 0, made.stderr
    plan_x = pointer(b)
    assert "## Goal\nGoal X\n" in read(b, f"plans/{plan_x}/plan.md")
    assert pointer(a) == plan_a


# -- defect 4: undecodable bytes in arguments --------------------------------------------------

BAD = "\udcff"  # the byte 0xFF, as Python holds it after surrogateescape


@pytest.mark.parametrize(
    "args",
    [
        ["bootstrap", "new", f"Goal {BAD}"],
        ["bootstrap", "new", "--force", BAD],
        ["bootstrap", f"Goal {BAD}"],
        ["transition", "PLAN", "--force", "--note", f"why {BAD}"],
        ["attempt", "--what", f"tried {BAD}", "--result", "failed"],
        ["log-edit", "--file", "src/a.py", "--reason", f"because {BAD}"],
        ["log-edit", "--file", "caf\udce9.py", "--reason", "latin-1 name"],
        ["validate-plan", f"plans/{BAD}"],
        ["bootstrap", "retire", f"plan_{BAD}"],
        ["execplan", "import", "plan\udce9.md"],
    ],
)
def test_undecodable_arguments_are_refused_before_anything_runs(project, args):
    plan = new_plan(project, "Active plan")
    (project / "src").mkdir()
    (project / "src" / "a.py").write_text("x = 1\n")
    before = tree_bytes(project)
    result = run_cli(project, *args, timeout=60)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("ERROR: argument ") and "not valid UTF-8" in result.stderr
    assert "\\xff" in result.stderr or "\\xe9" in result.stderr  # the byte shown, escaped
    assert tree_bytes(project) == before  # the active plan was not closed, nothing written
    assert pointer(project) == plan


def test_undecodable_argument_under_json_answers_in_json(project):
    import json

    result = run_cli(project, "bootstrap", "status", "--json", f"x{BAD}")
    assert result.returncode == 2
    assert json.loads(result.stdout) == {
        "ok": False, "error": result.stderr.strip(), "exit_code": 2,
    }


# -- defect 7: quoted values cut to a short printable prefix -----------------------------------


def test_a_huge_corrupt_pointer_is_never_printed_whole(project):
    new_plan(project, "Pointer victim")
    junk = (b"\x1b[31m" + os.urandom(64) + b"A" * 1024) * 10_000  # ~10 MiB
    (project / "plans" / ".current_plan").write_bytes(junk)
    for args in (
        ["log-edit", "--file", "a.py", "--reason", "x"],
        ["validate-plan"],
        ["transition", "PLAN"],
        ["bootstrap", "status"],
        ["execplan", "export"],
        ["compress-changelog"],
    ):
        result = run_cli(project, *args, timeout=60, preexec_fn=limits())
        assert "Traceback" not in result.stderr, args
        assert len(result.stderr) + len(result.stdout) < 4000, (args, len(result.stderr))
        assert "\x1b" not in result.stderr, args  # control bytes escaped, never sent raw


def test_pointer_symlinked_to_a_big_file_is_shown_as_a_prefix(project, tmp_path):
    new_plan(project, "Pointer victim")
    secret = tmp_path / "system-file"
    secret.write_text("first line of a file that is not ours\n" + "SECRET " * 100_000)
    (project / "plans" / ".current_plan").unlink()
    (project / "plans" / ".current_plan").symlink_to(secret)
    result = run_cli(project, "validate-plan", timeout=60)
    assert result.returncode == 1
    assert result.stderr.count("SECRET") <= 5 and len(result.stderr) < 2000
