"""validate-plan as users run it: plan-folder resolution, output shape, exit codes, --json."""

from __future__ import annotations

import json
import re

from .validate_helpers import PLAN_ID, run_cli, write_plan

LINE_RE = re.compile(r"^  (ERROR|WARN |INFO ) \[([a-z0-9-]+)\]: ")


def _verdict(stdout: str) -> list[tuple[str, str]]:
    return [(m.group(1).strip(), m.group(2)) for m in map(LINE_RE.match, stdout.splitlines()) if m]


def test_baseline_fixture_verdict_and_layout(tmp_path):
    write_plan(tmp_path)
    result = run_cli(tmp_path, "validate-plan")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"Validation: {tmp_path / 'plans' / PLAN_ID}"
    assert _verdict(result.stdout) == [
        ("ERROR", "verdict"),
        ("INFO", "consolidated"),
        ("INFO", "consolidated"),
        ("INFO", "consolidated"),
        ("INFO", "consolidated"),
        ("INFO", "atlas-absent"),
        ("INFO", "lessons-absent"),
    ]
    assert lines[-2] == ""
    assert lines[-1] == "Summary: 1 error(s), 0 warning(s), 6 info(s)"


def _make_clean(root):
    plan = write_plan(root)
    for name in ("FINDINGS.md", "DECISIONS.md", "LESSONS.md", "INDEX.md", "SYSTEM.md"):
        (root / "plans" / name).write_text(f"# {name}\n")
    previous = "plan-2026-01-01T000000-0000abcd"
    (root / "plans" / "INDEX.md").write_text(
        f"| Plan | Closed |\n|---|---|\n| {previous} | 2026-01-02 |\n"
    )
    (root / "plans" / previous).mkdir()
    (root / "plans" / previous / "lessons_snapshot.md").write_text("# Lessons\n")
    (plan / "verification.md").write_text(
        "# V\n\n## Verdict\n- Criteria passed: 1/1\n- Regressions: none\n- Scope drift: none\n"
        "- Simplification blockers: none\n- Recommended transition: CLOSE\n"
    )
    (plan / "progress.md").write_text(
        (plan / "progress.md").read_text() + "\nPC-PLAN emitted to the user.\n"
    )
    return plan


def test_pass_line_and_exit_zero(tmp_path):
    plan = _make_clean(tmp_path)
    result = run_cli(tmp_path, "validate-plan")
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == f"PASS: {plan} — no issues found"


def test_info_only_prints_no_pass(tmp_path):
    _make_clean(tmp_path)
    (tmp_path / "plans" / "SYSTEM.md").unlink()
    result = run_cli(tmp_path, "validate-plan")
    assert result.returncode == 0
    assert "PASS:" not in result.stdout
    assert _verdict(result.stdout) == [("INFO", "atlas-absent")]


def test_warn_only_exits_zero(tmp_path):
    plan = _make_clean(tmp_path)
    (plan / "progress.md").unlink()
    result = run_cli(tmp_path, "validate-plan")
    assert result.returncode == 0
    assert ("WARN", "progress") in _verdict(result.stdout)


def test_full_validator_never_exits_two(tmp_path):
    write_plan(
        tmp_path,
        state="PLAN",
        iteration="99",
        fix_body="\n".join(f"- Attempt {n}" for n in range(10)),
    )
    assert run_cli(tmp_path, "validate-plan").returncode == 1


def test_argument_forms(tmp_path):
    plan = write_plan(tmp_path, pointer=False)
    by_id = run_cli(tmp_path, "validate-plan", PLAN_ID)
    assert by_id.stdout.splitlines()[0] == f"Validation: {plan}"
    relative = run_cli(tmp_path, "validate-plan", f"plans/{PLAN_ID}/")
    assert relative.stdout.splitlines()[0] == f"Validation: plans/{PLAN_ID}/"
    assert "preamble-mismatch" not in relative.stdout
    absolute = run_cli(tmp_path, "validate-plan", str(plan))
    assert (
        "plans//" not in absolute.stdout
        and absolute.stdout.splitlines()[0] == f"Validation: {plan}"
    )


def test_missing_plan_dir(tmp_path):
    missing = tmp_path / "no-such-plan-dir-xyz"
    result = run_cli(tmp_path, "validate-plan", str(missing))
    assert result.returncode == 1
    assert f"Plan directory not found: {missing}" in result.stderr
    assert "Traceback" not in result.stderr


def test_no_pointer_no_argument(tmp_path):
    result = run_cli(tmp_path, "validate-plan")
    assert result.returncode == 1
    assert "No active plan" in result.stderr and result.stdout == ""


def test_empty_pointer_does_not_validate_plans_folder(tmp_path):
    """Fixed: the original validated plans/ itself when .current_plan was empty."""
    write_plan(tmp_path)
    (tmp_path / "plans" / ".current_plan").write_text("")
    result = run_cli(tmp_path, "validate-plan")
    assert result.returncode == 1
    assert "empty" in result.stderr and "Validation:" not in result.stdout


def test_pointer_that_is_not_a_plan_id(tmp_path):
    write_plan(tmp_path)
    (tmp_path / "plans" / ".current_plan").write_text("../..")
    result = run_cli(tmp_path, "validate-plan")
    assert result.returncode == 1 and "not a plan id" in result.stderr


def test_plan_dir_that_is_a_file(tmp_path):
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "x.md").write_text("hi")
    result = run_cli(tmp_path, "validate-plan", "plans/x.md")
    assert result.returncode == 1 and "not a directory" in result.stderr


def test_json_flag_is_a_flag_not_a_plan_name(tmp_path):
    """Fixed: the original took --json for a plan folder name."""
    write_plan(tmp_path)
    result = run_cli(tmp_path, "validate-plan", "--json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["mode"] == "full"
    assert data["plan_dir"] == str(tmp_path / "plans" / PLAN_ID)
    assert data["summary"] == {"errors": 1, "warnings": 0, "infos": 6}
    first = data["issues"][0]
    assert set(first) == {"severity", "slug", "message", "file", "line"}
    assert (first["severity"], first["slug"], first["file"]) == (
        "ERROR",
        "verdict",
        "verification.md",
    )


def test_unknown_option_is_a_usage_error(tmp_path):
    result = run_cli(tmp_path, "validate-plan", "--frobnicate")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_help(tmp_path):
    result = run_cli(tmp_path, "validate-plan", "--help")
    assert result.returncode == 0
    for slug in ("no-plan", "wrong-state", "leash-cap", "iteration-cap"):
        assert slug in result.stdout


def test_root_option_and_environment(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    plan = write_plan(project)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    by_option = run_cli(elsewhere, "validate-plan", "--root", str(project))
    assert by_option.stdout.splitlines()[0] == f"Validation: {plan}"
    by_env = run_cli(
        elsewhere, "validate-plan", "--pre-step", env_extra={"IP_PLAN_ROOT": str(project)}
    )
    assert by_env.stdout.strip() == "GATE:PASS"


def test_entry_script(tmp_path):
    import subprocess
    import sys

    from .validate_helpers import REPO

    write_plan(tmp_path)
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "validate-plan.py"), "--pre-step"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == "GATE:PASS" and result.returncode == 0
