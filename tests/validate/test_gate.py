"""The pre-step gate: slugs in order, one stdout line, exit 2 on FAIL, no heavy imports."""

from __future__ import annotations

import json
import subprocess
import sys

from skill.validate import pre_step
from skill.validate.gate import check_state
from tests.support.env import clean_env

from .validate_helpers import run_cli, state_md, write_plan


def _gate(tmp_path, *args):
    result = run_cli(tmp_path, "validate-plan", "--pre-step", *args)
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout + result.stderr
    assert result.stderr == ""
    return result.returncode, lines[0]


def test_clean_execute_passes(tmp_path):
    write_plan(tmp_path)
    assert _gate(tmp_path) == (0, "GATE:PASS")


def test_two_documented_attempts_trip_the_leash(tmp_path):
    write_plan(tmp_path, fix_body="- Step 2, attempt 1: x\n- Step 2, attempt 2: y")
    code, line = _gate(tmp_path)
    assert code == 2
    assert line.startswith("GATE:FAIL [leash-cap]") and "attempts=2" in line


def test_legacy_and_other_attempt_shapes_trip_the_leash(tmp_path):
    for body in (
        "- Attempt 1: x\n- Attempt 2: y",
        "- Step 3 attempt 1\n- Step 3 attempt 2",
        "- Attempts 1\n- Attempts 2",
    ):
        assert check_state(state_md(fix_body=body)).slug == "leash-cap", body


def test_wrong_state(tmp_path):
    write_plan(tmp_path, state="PLAN")
    code, line = _gate(tmp_path)
    assert code == 2
    assert (
        line.startswith("GATE:FAIL [wrong-state]")
        and "expected=EXECUTE" in line
        and "actual=PLAN" in line
    )


def test_state_is_case_insensitive():
    assert check_state(state_md(state="execute ")).passed


def test_declared_iteration_six(tmp_path):
    write_plan(tmp_path, iteration="6")
    code, line = _gate(tmp_path)
    assert code == 2 and line.startswith("GATE:FAIL [iteration-cap]")
    assert "iteration=6" in line and "hard-cap=6" in line


def test_no_plans_folder(tmp_path):
    assert _gate(tmp_path) == (2, "GATE:FAIL [no-plan]")


def test_empty_state_md_is_no_plan(tmp_path):
    plan = write_plan(tmp_path)
    (plan / "state.md").write_text("")
    assert _gate(tmp_path)[1].startswith("GATE:FAIL [no-plan]")


def test_empty_pointer_is_no_plan(tmp_path):
    write_plan(tmp_path)
    (tmp_path / "plans" / ".current_plan").write_text("\n")
    assert _gate(tmp_path)[1] == "GATE:FAIL [no-plan]"


def test_order_wrong_state_before_leash_before_iteration():
    text = state_md(state="PLAN", iteration="9", fix_body="- Attempt 1\n- Attempt 2")
    assert check_state(text).slug == "wrong-state"
    text = state_md(iteration="9", fix_body="- Attempt 1\n- Attempt 2")
    assert check_state(text).slug == "leash-cap"


def test_derived_iteration_counts_in_the_gate():
    """Fixed: a stale declared iteration no longer hides six real EXECUTE → REFLECT records."""
    records = "\n".join(f"- EXECUTE → REFLECT ({n})\n- REFLECT → EXECUTE ({n})" for n in range(6))
    result = check_state(state_md(iteration="1", extra=records))
    assert result.slug == "iteration-cap"
    assert "derived=6" in result.line and "declared=1" in result.line


def test_empty_current_state_does_not_read_the_next_line():
    text = state_md().replace("# Current State: EXECUTE", "# Current State:")
    result = check_state(text)
    assert result.slug == "wrong-state" and "actual=<missing>" in result.line


def test_non_numeric_iteration_never_trips():
    assert check_state(state_md(iteration="n/a")).passed


def test_positional_plan_dir(tmp_path):
    write_plan(tmp_path, pointer=False, state="PLAN")
    code, line = _gate(tmp_path, "plan_2026-05-15_aaaabbbb")
    assert code == 2 and "[wrong-state]" in line
    code, line = _gate(tmp_path, "plans/plan_2026-05-15_aaaabbbb")
    assert code == 2 and "[wrong-state]" in line


def test_gate_ignores_everything_but_state(tmp_path):
    plan = write_plan(tmp_path)
    for name in ("plan.md", "decisions.md", "findings.md", "progress.md"):
        (plan / name).unlink()
    (plan / "changelog.md").write_text("garbage | line\n")
    assert _gate(tmp_path) == (0, "GATE:PASS")


def test_json_gate(tmp_path):
    write_plan(tmp_path, fix_body="- Attempt 1\n- Attempt 2")
    result = run_cli(tmp_path, "validate-plan", "--pre-step", "--json")
    assert result.returncode == 2
    data = json.loads(result.stdout)
    assert (
        data["gate"] == "FAIL" and data["slug"] == "leash-cap" and data["details"]["attempts"] == 2
    )


def test_library_pre_step(tmp_path):
    write_plan(tmp_path)
    assert pre_step(tmp_path) == (0, "GATE:PASS")
    assert pre_step(tmp_path / "nowhere") == (2, "GATE:FAIL [no-plan]")


def test_pre_step_imports_nothing_heavy(tmp_path):
    write_plan(tmp_path)
    probe = (
        "import sys\n"
        "from skill.cli import main\n"
        "try:\n"
        "    main(['validate-plan', '--pre-step'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = sorted(m for m in ('jinja2', 'yaml', 'frontmatter') if m in sys.modules)\n"
        "print('HEAVY', heavy)\n"
    )
    env = clean_env()
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert "GATE:PASS" in result.stdout
    assert "HEAVY []" in result.stdout, result.stdout
