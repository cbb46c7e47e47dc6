"""What each command writes when it succeeds."""

from __future__ import annotations

import json
import re

from tests.transitions.helpers import (
    FINDINGS_MD,
    PLAN_MD,
    cli,
    new_plan,
    ok,
    pivot_entry,
    plan_path,
    read,
    state_field,
    to_execute,
    to_plan,
    write,
)


def history(root) -> list[str]:  # type: ignore[no-untyped-def]
    block = read(root, "state.md").split("## Transition History:")[1].split("<!--")[0]
    return [line for line in block.splitlines() if line.strip()]


def test_transition_json_fields(project):
    plan_id = new_plan(project)
    write(project, "findings.md", FINDINGS_MD)
    result = ok(project, "transition", "plan", "--confidence", "scope=deep,solutions=open,risks=partial",
                "--json")
    data = json.loads(result.stdout)
    assert data["ok"] is True and data["action"] == "transition"
    assert data["plan_id"] == plan_id and data["plan_dir"] == f"plans/{plan_id}"
    assert (data["previous_state"], data["state"], data["iteration"], data["step"]) == ("EXPLORE", "PLAN", "0", "N/A")
    assert data["attempts"] == {"count": 0, "cap": 2, "lines": [], "archived": 0}
    assert data["paths"]["state.md"] == f"plans/{plan_id}/state.md"
    assert data["written"] == [f"plans/{plan_id}/state.md"]
    assert data["history"][0].startswith("- EXPLORE → PLAN (exploration complete; ")
    assert data["history"][1] == "  - confidence: scope=deep, solutions=open, risks=partial"
    assert state_field(project, "## Last Transition:").startswith("EXPLORE → PLAN (")


def test_refusal_in_json_mode_prints_a_json_error(project):
    new_plan(project)
    result = cli(project, "transition", "EXECUTE", "--json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False and data["exit_code"] == 1 and "not a move" in data["error"]


def test_force_records_the_unmet_conditions(project):
    new_plan(project)
    result = ok(project, "transition", "PLAN", "--force", "--note", "user wants a quick spike")
    assert "WARNING: forced past unmet entry condition(s): findings, confidence" in result.stderr
    line = history(project)[-1]
    assert re.fullmatch(
        r"- EXPLORE → PLAN \(user wants a quick spike; [0-9T:Z-]+\) \(forced: findings, confidence\)", line
    ), line


def test_notes_cannot_inject_arrows_comments_or_lines(project):
    to_execute(project)
    ok(project, "transition", "REFLECT", "--note", "after EXECUTE → REFLECT <!-- x\nsecond line -> y")
    line = history(project)[-1]
    assert line.startswith("- EXECUTE → REFLECT (after EXECUTE to REFLECT < !-- x second line - > y; ")
    assert line.count("→") == 1


def test_plan_to_execute_starts_step_one_and_resets_attempts(project):
    to_plan(project)
    path = plan_path(project, "state.md")
    path.write_text(path.read_text().replace("- (none yet)", "- Step 1, attempt 1: old → failed"))
    write(project, "plan.md", PLAN_MD.format(version=1))
    ok(project, "transition", "EXECUTE", "--user", "go ahead")
    assert state_field(project, "## Iteration:") == "1"
    assert state_field(project, "## Current Plan Step:") == "1 of 3"
    state = read(project, "state.md")
    attempts_section = state.split("## Fix Attempts")[1].split("\n## ")[0]
    assert "old → failed" not in attempts_section  # reset for the new iteration…
    assert "- iter-0/step-1 | archived " in state and "| PLAN to EXECUTE | - Step 1, attempt 1: old → failed" in state
    assert read(project, "plan.md").count("← CURRENT") == 1


def test_plan_without_numbered_steps_uses_bare_numbers(project):
    to_plan(project)
    write(project, "plan.md", PLAN_MD.format(version=1).replace("1. [ ]", "- [ ]").replace(
        "2. [ ]", "- [ ]").replace("3. [ ]", "- [ ]"))
    before = read(project, "plan.md")
    ok(project, "transition", "EXECUTE", "--user", "go ahead")
    assert state_field(project, "## Current Plan Step:") == "1"
    ok(project, "step", "next")
    assert state_field(project, "## Current Plan Step:") == "2"
    assert read(project, "plan.md") == before


def test_step_set_moves_marker_without_ticking(project):
    to_execute(project)
    ok(project, "attempt", "--what", "x", "--result", "failed")
    result = ok(project, "step", "set", "3", "--json")
    data = json.loads(result.stdout)
    assert data["step"] == "3 of 3" and data["attempts"]["count"] == 0
    plan = read(project, "plan.md")
    assert "[x]" not in plan
    assert re.search(r"^3\. \[ \] Document the setting .*← CURRENT$", plan, re.MULTILINE)
    ok(project, "step", "set", "1")
    assert state_field(project, "## Current Plan Step:") == "1 of 3"


def test_attempt_line_format_and_numbering(project):
    to_execute(project)
    result = ok(project, "attempt", "--what", "pin pyjwt<3", "--result", "FAILED", "--json")
    data = json.loads(result.stdout)
    assert data["attempts"]["lines"] == ["- Step 1, attempt 1: pin pyjwt<3 → failed"]
    result = ok(project, "attempt", "--what", "pin pyjwt<2.8", "--result", "partial")
    assert "pre-step gate now stops the next spawn (leash-cap)" in result.stderr
    section = read(project, "state.md").split("## Fix Attempts (resets per plan step)\n")[1].split("\n## ")[0]
    assert section == "- Step 1, attempt 1: pin pyjwt<3 → failed\n- Step 1, attempt 2: pin pyjwt<2.8 → partial"


def test_iteration_five_warns(project):
    to_execute(project)
    ok(project, "transition", "REFLECT")
    ok(project, "transition", "PIVOT")
    pivot_entry(project)
    ok(project, "transition", "PLAN", "--user", "replan")
    path = plan_path(project, "state.md")
    path.write_text(path.read_text().replace("## Iteration: 1", "## Iteration: 4"))
    result = ok(project, "transition", "EXECUTE", "--user", "go ahead")
    assert "WARNING: iteration 5: a decomposition analysis" in result.stderr
    assert state_field(project, "## Iteration:") == "5"


def test_plan_to_plan_and_back_to_explore(project):
    to_plan(project)
    ok(project, "transition", "PLAN", "--note", "user asked for a smaller scope")
    ok(project, "transition", "EXPLORE", "--note", "plan writer: NEEDS_EXPLORE")
    assert [line.split(" (")[0] for line in history(project)[-3:]] == [
        "  - confidence: scope=deep, solutions=open, risks=clear",
        "- PLAN → PLAN",
        "- PLAN → EXPLORE",
    ]


def test_administrative_close_from_execute(project):
    plan_id = to_execute(project)
    result = ok(project, "transition", "CLOSE", "--note", "user abandoned the change")
    assert "Closed plan" in result.stdout
    state = (project / "plans" / plan_id / "state.md").read_text()
    assert "- EXECUTE → CLOSE (user abandoned the change; " in state
    assert "# Current State: CLOSE" in state
    assert not (project / "plans" / ".current_plan").exists()


def test_transition_close_finishes_an_interrupted_close(project):
    plan_id = new_plan(project)
    path = plan_path(project, "state.md")
    path.write_text(path.read_text().replace("# Current State: EXPLORE", "# Current State: CLOSE"))
    before = path.read_bytes()
    result = ok(project, "transition", "CLOSE")
    assert "finishing the interrupted close" in result.stdout
    assert not (project / "plans" / ".current_plan").exists()
    assert (project / "plans" / plan_id / "state.md").read_bytes() == before


def test_crlf_state_file_keeps_its_line_endings(project):
    new_plan(project)
    write(project, "findings.md", FINDINGS_MD)
    path = plan_path(project, "state.md")
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    ok(project, "transition", "PLAN", "--confidence", "scope=deep,solutions=open,risks=clear")
    data = path.read_bytes()
    assert b"\r\n- EXPLORE \xe2\x86\x92 PLAN (" in data
    assert data.count(b"\n") == data.count(b"\r\n")


def test_root_option_and_help(project, tmp_path):
    new_plan(project)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = cli(elsewhere, "transition", "CLOSE", "--note", "n", "--root", str(project))
    assert result.returncode == 0, result.stderr
    for command in ("transition", "attempt", "step"):
        assert cli(elsewhere, command, "--help").returncode == 0
