"""status, resume and list, including broken pointers."""

from __future__ import annotations

import json

from tests.lifecycle.helpers import bootstrap, new_plan, plan_dirs, pointer, read, write


def test_status_without_plan(project):
    result = bootstrap(project, "status")
    assert result.returncode == 0 and result.stdout == "No active plan.\n"


def test_status_and_resume_read_state_fields(project):
    plan = new_plan(project, "Ship v2")
    write(project, f"plans/{plan}/state.md",
          "# Current State: EXECUTE\n## Iteration: 2\n## Current Plan Step: 3 of 5\n## Last Transition: PLAN → EXECUTE (x)\n")
    status = bootstrap(project, "status").stdout
    assert status == f"[EXECUTE] iter=2 step=3 of 5 | Ship v2 | plans/{plan}\n"
    resume = bootstrap(project, "resume")
    assert resume.returncode == 0
    for text in ("State:      EXECUTE", "Iteration:  2", "Step:       3 of 5", "Goal:       Ship v2"):
        assert text in resume.stdout


def test_blank_field_does_not_borrow_the_next_line(project):
    plan = new_plan(project)
    write(project, f"plans/{plan}/state.md", "# Current State:\n## Iteration: 7 (stale)\n")
    assert bootstrap(project, "status").stdout.startswith("[UNKNOWN] iter=7 (stale)")


def test_status_json(project):
    plan = new_plan(project, "Json goal")
    data = json.loads(bootstrap(project, "status", "--json").stdout)
    assert data["plan_id"] == plan and data["state"] == "EXPLORE" and data["goal"] == "Json goal"
    assert data["iteration"] == "0" and data["incomplete_close"] is False


def test_resume_counts_progress_checkpoints_and_real_decisions(project):
    plan = new_plan(project)
    fresh = bootstrap(project, "resume").stdout
    assert "Progress:   0 done, 1 remaining" in fresh
    assert "Decisions:" not in fresh  # the schema example inside the comment is not a decision
    assert "Checkpoints: none" in fresh
    write(project, f"plans/{plan}/progress.md", "- [x] a\n- [ ] b\n- [ ] c\n")
    write(project, f"plans/{plan}/checkpoints/cp-000-iter1.md", "x")
    decisions = read(project, f"plans/{plan}/decisions.md") + "\n## D-001 | test\n## D-002 | test\n"
    write(project, f"plans/{plan}/decisions.md", decisions)
    out = bootstrap(project, "resume").stdout
    assert "1 done, 2 remaining" in out and "Decisions:  2 logged" in out
    assert "Checkpoints (1):" in out and "cp-000-iter1.md" in out
    data = json.loads(bootstrap(project, "resume", "--json").stdout)
    assert data["progress"] == {"done": 1, "remaining": 2} and data["decisions"] == 2


def test_resume_without_plan_fails(project):
    result = bootstrap(project, "resume")
    assert result.returncode == 1 and "No active plan" in result.stderr


def test_incomplete_close_is_reported(project):
    plan = new_plan(project, "third")
    state = read(project, f"plans/{plan}/state.md").replace("# Current State: EXPLORE", "# Current State: CLOSE")
    write(project, f"plans/{plan}/state.md", state)
    status = bootstrap(project, "status").stdout
    assert status.strip().endswith("| INCOMPLETE CLOSE: re-run close") and status.count("\n") == 1
    resume = bootstrap(project, "resume").stdout
    assert "ANOMALY: state.md says CLOSE" in resume and "INCOMPLETE CLOSE" in resume


def test_bad_pointers_mean_no_active_plan(project):
    plan = new_plan(project)
    for content in ("not_a_valid_plan_dir\n", "../../etc\n", "", "   \n", "/etc\n", "plan_1999-01-01_deadbeef"):
        write(project, "plans/.current_plan", content)
        assert bootstrap(project, "status").stdout == "No active plan.\n", content
        assert bootstrap(project, "resume").returncode == 1
        assert bootstrap(project, "close").returncode == 1
        assert bootstrap(project, "reset-attempts").returncode == 1
    write(project, "plans/.current_plan", f"\n  {plan}  \n\n")
    assert plan in bootstrap(project, "status").stdout


def test_pointer_to_symlink_is_not_followed(project, tmp_path):
    outside = tmp_path / "outside" / "plan_2026-01-01_aaaaaaaa"
    outside.mkdir(parents=True)
    (outside / "state.md").write_text("# Current State: EXECUTE\n")
    (project / "plans").mkdir()
    (project / "plans" / "plan_2026-01-01_aaaaaaaa").symlink_to(outside)
    write(project, "plans/.current_plan", "plan_2026-01-01_aaaaaaaa")
    assert bootstrap(project, "status").stdout == "No active plan.\n"


def test_orphan_warning_lists_plan_dirs(project):
    write(project, "plans/plan-2026-01-05T101112-eeeeeeee/state.md", "# Current State: EXPLORE\n")
    write(project, "plans/.current_plan", "plan-2026-01-01T000000-ffffffff")
    result = bootstrap(project, "new", "after crash")
    assert result.returncode == 0
    assert "WARNING" in result.stderr and "plan-2026-01-05T101112-eeeeeeee" in result.stderr


def test_no_warning_after_normal_close(project):
    new_plan(project)
    bootstrap(project, "close")
    assert "WARNING" not in bootstrap(project, "new", "next one").stderr


def test_list_states_order_and_active_marker(project):
    active = new_plan(project, "Plan B")
    write(project, "plans/plan_2030-12-31_bbbbbbbb/state.md", "# Current State: CLOSE\n")
    write(project, "plans/plan-2020-01-01T000000-aaaaaaaa/state.md", "# Current State: EXPLORE\n")
    write(project, "plans/plan-weird/state.md", "x")
    write(project, "plans/plan_file", "not a dir")
    out = bootstrap(project, "list").stdout
    lines = out.strip().split("\n")
    assert lines[0] == "Plan directories in plans/ (4 total):"
    names = [line.split()[0] for line in lines[1:]]
    assert names == ["plan-2020-01-01T000000-aaaaaaaa", active, "plan_2030-12-31_bbbbbbbb", "plan-weird"]
    active_line = next(line for line in lines if active in line)
    assert active_line.endswith("← active") and "[EXPLORE] Plan B" in active_line
    assert sum("active" in line for line in lines) == 1
    assert json.loads(bootstrap(project, "list", "--json").stdout)["active"] == active
    assert bootstrap(project, "list").stdout == out


def test_list_without_plans(project):
    assert bootstrap(project, "list").stdout == "No plans/ directory found.\n"
    (project / "plans").mkdir()
    assert bootstrap(project, "list").stdout == "No plan directories found.\n"
    assert plan_dirs(project) == []


def test_crlf_and_bom_state_files_are_read(project):
    plan = new_plan(project, "Goal")
    (project / "plans" / plan / "state.md").write_bytes(
        b"\xef\xbb\xbf# Current State: REFLECT\r\n## Iteration: 3\r\n")
    assert bootstrap(project, "status").stdout.startswith("[REFLECT] iter=3 ")
    assert pointer(project) == plan
