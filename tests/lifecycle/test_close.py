"""close: state rewrite, merge, window, index, lessons, size warnings, dedup."""

from __future__ import annotations

import re

from tests.lifecycle.helpers import bootstrap, new_plan, read, write

FINDINGS = (
    "# Findings\n*x*\n\n## Index\n- [Auth System](findings/auth.md) — auth\n- [Database](findings/db.md) — db\n"
    "- [CORRECTED iter-2] nope\n\n## Key Constraints\n- Auth is complex\n"
)


def close(project):
    result = bootstrap(project, "close")
    assert result.returncode == 0, result.stderr
    return result


def test_close_rewrites_state_and_removes_pointer(project):
    plan = new_plan(project)
    out = close(project).stdout
    assert f"Closed plan: plans/{plan}" in out and "LESSONS.md" in out
    assert not (project / "plans" / ".current_plan").exists()
    state = read(project, f"plans/{plan}/state.md")
    assert re.search(r"^# Current State: CLOSE$", state, re.M)
    assert re.search(r"^## Last Transition: EXPLORE → CLOSE \(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)$", state, re.M)
    assert state.endswith("- EXPLORE → CLOSE (bootstrap close)\n")
    assert (project / "plans" / plan / "lessons_snapshot.md").read_bytes() == (project / "plans/LESSONS.md").read_bytes()


def test_history_line_lands_before_a_later_section(project):
    plan = new_plan(project)
    path = f"plans/{plan}/state.md"
    write(project, path, read(project, path) + "\n## Agent Scratchpad\n- noise\n")
    close(project)
    state = read(project, path)
    assert state.index("## Transition History:") < state.index("- EXPLORE → CLOSE (bootstrap close)") < state.index("## Agent Scratchpad")
    assert "- noise" in state


def test_merge_demotes_headings_rewrites_links_and_skips_schema_example(project):
    plan = new_plan(project, "Add auth")
    write(project, f"plans/{plan}/findings.md", FINDINGS)
    decisions = read(project, f"plans/{plan}/decisions.md") + (
        "\n## D-001 | EXPLORE → PLAN | 2026-11-01\n**Decision**: Go with A\n")
    write(project, f"plans/{plan}/decisions.md", decisions)
    close(project)
    findings = read(project, "plans/FINDINGS.md")
    assert f"## {plan}\n### Index\n" in findings
    assert f"({plan}/findings/auth.md)" in findings and "(findings/auth.md)" not in findings
    assert "Auth is complex" in findings
    assert all(line.startswith("## plan") for line in findings.split("\n") if line.startswith("## "))
    merged = read(project, "plans/DECISIONS.md")
    assert "Go with A" in merged
    assert merged.count("D-001") == 1  # no phantom schema example
    assert "-->" not in merged and "YYYY-MM-DD" not in merged


def test_fresh_decisions_merge_nothing(project):
    plan = new_plan(project)
    close(project)
    assert plan not in read(project, "plans/DECISIONS.md")
    assert f"## {plan}" in read(project, "plans/FINDINGS.md")  # template sections still merged


def test_findings_without_sections_merge_nothing(project):
    plan = new_plan(project)
    write(project, f"plans/{plan}/findings.md", "# Findings\nJust plain text, no sub-headings.\n")
    close(project)
    findings = read(project, "plans/FINDINGS.md")
    assert "plain text" not in findings and plan not in findings


def test_newest_first_and_cross_plan_note_stripped(project):
    ids = []
    for n in range(3):
        plan = new_plan(project, f"goal {n}")
        path = f"plans/{plan}/findings.md"
        write(project, path, read(project, path) + f"\n## Discovered\n- finding number {n}\n")
        close(project)
        ids.append(plan)
    findings = read(project, "plans/FINDINGS.md")
    offsets = [findings.index(f"## {plan}") for plan in ids]
    assert offsets[2] < offsets[1] < offsets[0]
    assert findings.count("Cross-plan context") == 0


def test_window_keeps_the_newest_and_every_last_copy(project):
    """2.60.0: the newest 25 sections stay, and an older one stays while its folder is gone."""
    from skill.lifecycle.close import close_active_plan
    from skill.lifecycle.new import create_plan
    from skill.plans.store import Store

    store = Store(project)
    ids = []
    for n in range(28):
        ids.append(create_plan(store, f"goal {n}").plan_id)
        write(project, f"plans/{ids[-1]}/findings.md", FINDINGS)
        if n == 20:  # two of the oldest folders disappear before they leave the window
            for gone in ids[:2]:
                import shutil

                shutil.rmtree(project / "plans" / gone)
        _outcome, lines = close_active_plan(store)
    findings = read(project, "plans/FINDINGS.md")
    sections = re.findall(r"^## (plan\S+)$", findings, re.M)
    assert sections == list(reversed(ids[3:])) + [ids[1], ids[0]]
    assert any("Kept 2 older plan section(s) in plans/FINDINGS.md" in line for line in lines)
    index = read(project, "plans/INDEX.md")
    assert all(f"| {plan} |" in index for plan in ids)  # INDEX is never trimmed


def test_window_keeps_compressed_block_and_non_plan_headings(project):
    body = "# Consolidated Findings\n<!-- COMPRESSED-SUMMARY -->\n- Key finding\n<!-- /COMPRESSED-SUMMARY -->\n"
    body += "".join(f"\n## plan_fake_{n:02d}\n- x\n" for n in range(30))
    write(project, "plans/FINDINGS.md", body)
    plan = new_plan(project)
    close(project)
    findings = read(project, "plans/FINDINGS.md")
    assert "Key finding" in findings and findings.count("COMPRESSED-SUMMARY") == 2
    assert findings.index("<!-- /COMPRESSED-SUMMARY -->") < findings.index(f"## {plan}")
    # a heading that is not a plan id names no folder to fall back on: it is never dropped
    assert len(re.findall(r"^## plan[-_]", findings, re.M)) == 31


def test_section_at_byte_zero_is_deduplicated_and_ordered(project):
    plan = new_plan(project)
    write(project, f"plans/{plan}/findings.md", FINDINGS)
    write(project, "plans/FINDINGS.md", "## plan_2026-01-01_aaaaaaaa\n- old\n")
    close(project)
    findings = read(project, "plans/FINDINGS.md")
    assert findings.index(f"## {plan}") < findings.index("## plan_2026-01-01_aaaaaaaa")
    write(project, "plans/.current_plan", plan)
    close(project)
    assert read(project, "plans/FINDINGS.md").count(f"## {plan}\n") == 1


def test_non_plan_heading_in_header_stays_above(project):
    write(project, "plans/FINDINGS.md", "# Consolidated Findings\n\n## How to read this\n- notes\n")
    plan = new_plan(project)
    write(project, f"plans/{plan}/findings.md", FINDINGS)
    close(project)
    findings = read(project, "plans/FINDINGS.md")
    assert findings.index("## How to read this") < findings.index(f"## {plan}")


def test_index_row_goal_date_topics(project):
    plan = new_plan(project, "Fix auth | pipe test")
    write(project, f"plans/{plan}/findings.md", FINDINGS.replace("[Database]", "[auth | session]"))
    close(project)
    rows = [line for line in read(project, "plans/INDEX.md").split("\n") if line.startswith(f"| {plan} |")]
    assert rows == [f"| {plan} | {plan[5:15]} | Fix auth \\| pipe test | auth system, auth \\| session |"]


def test_index_goal_after_blank_line_and_empty_topics(project):
    plan = new_plan(project)
    write(project, f"plans/{plan}/plan.md", "# Plan\n\n## Goal\n\nActual goal after blank line\n\n## Steps\n")
    close(project)
    row = next(line for line in read(project, "plans/INDEX.md").split("\n") if plan in line)
    assert row == f"| {plan} | {plan[5:15]} | Actual goal after blank line |  |"


def test_reclose_after_restoring_pointer_adds_nothing(project):
    plan = new_plan(project)
    write(project, f"plans/{plan}/findings.md", FINDINGS)
    close(project)
    snapshot = {name: read(project, f"plans/{name}") for name in ("FINDINGS.md", "DECISIONS.md", "INDEX.md")}
    state = read(project, f"plans/{plan}/state.md")
    write(project, "plans/.current_plan", plan)
    assert "INCOMPLETE CLOSE" in bootstrap(project, "status").stdout
    close(project)
    for name, text in snapshot.items():
        assert read(project, f"plans/{name}") == text
    assert read(project, f"plans/{plan}/state.md") == state
    assert "CLOSE → CLOSE" not in state


def test_close_twice_and_without_plans_dir(project):
    result = bootstrap(project, "close")
    assert result.returncode == 1 and "No active plan" in result.stderr
    assert not (project / "plans").exists()
    new_plan(project)
    close(project)
    assert bootstrap(project, "close").returncode == 1


def test_action_needed_past_500_lines(project):
    write(project, "plans/FINDINGS.md", "# Findings\n## Index\n" + "- bullet\n" * 510)
    new_plan(project)
    out = close(project).stdout
    assert "ACTION NEEDED: plans/FINDINGS.md is" in out and "Create compressed summary" in out
    assert out.index("ACTION NEEDED") < out.index("Closed plan:")
    write(project, "plans/DECISIONS.md", "# D\n<!-- COMPRESSED-SUMMARY -->\nx\n<!-- /COMPRESSED-SUMMARY -->\n" + "- d\n" * 510)
    new_plan(project, "two")
    out = close(project).stdout
    assert "plans/DECISIONS.md" in out and "Update existing compressed summary" in out


def test_small_files_need_no_action(project):
    new_plan(project)
    assert "ACTION NEEDED" not in close(project).stdout


def test_failed_merge_keeps_the_plan_active(project):
    plan = new_plan(project)
    findings = project / "plans" / "FINDINGS.md"
    findings.unlink()
    findings.mkdir()  # a folder where the consolidated file should be: the merge cannot write
    result = bootstrap(project, "close")
    assert result.returncode == 1
    assert "run close again" in result.stderr and "Traceback" not in result.stderr
    assert (project / "plans" / ".current_plan").read_text() == plan
    assert read(project, f"plans/{plan}/state.md").startswith("# Current State: EXPLORE")
    findings.rmdir()
    assert bootstrap(project, "close").returncode == 0
    assert f"## {plan}" in read(project, "plans/FINDINGS.md")


def test_new_help_prints_usage_instead_of_creating_a_plan(project):
    result = bootstrap(project, "new", "--help")
    assert result.returncode == 0 and "Usage:" in result.stdout
    assert not (project / "plans").exists()
