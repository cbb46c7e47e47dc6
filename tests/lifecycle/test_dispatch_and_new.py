"""Dispatch, the bare-goal alias, the typo guard and the files `new` writes."""

from __future__ import annotations

from tests.lifecycle.helpers import NEW_ID, bootstrap, new_plan, plan_dirs, pointer, read, write


def test_no_args_and_help_print_usage_and_create_nothing(project):
    for args in ([], ["help"]):
        result = bootstrap(project, *args)
        assert result.returncode == 0
        assert "Usage:" in result.stdout and "reset-attempts" in result.stdout
    assert not (project / "plans").exists()
    assert not (project / ".gitignore").exists()


def test_banner_names_protocol_and_package_versions(project):
    result = bootstrap(project, "banner")
    assert result.returncode == 0
    assert "iterative-planner v2.66.0" in result.stdout
    assert "Python port 0.1.0" in result.stdout
    assert not (project / "plans").exists()


def test_version_option_shows_both_versions(project):
    from tests.support.cli import run_cli

    result = run_cli(project, "--version")
    assert result.returncode == 0
    assert "0.1.0" in result.stdout and "2.66.0" in result.stdout


def test_unknown_flag_is_refused(project):
    result = bootstrap(project, "--bogus")
    assert result.returncode == 1
    assert 'Unknown flag "--bogus"' in result.stderr


def test_typo_guard_names_the_subcommand_and_writes_nothing(project):
    for typo, meant in (("staus", "status"), ("lsit", "list"), ("clsoe", "close"), ("hlep", "help")):
        result = bootstrap(project, typo)
        assert result.returncode == 1
        assert f'did you mean "{meant}"' in result.stderr
        assert f'new "{typo}"' in result.stderr
    assert not (project / "plans").exists()


def test_bare_goal_alias_creates_a_plan(project):
    result = bootstrap(project, "word1", "word2", "word3")
    assert result.returncode == 0, result.stderr
    plan = pointer(project)
    assert "## Goal\nword1 word2 word3\n" in read(project, f"plans/{plan}/plan.md")


def test_single_word_is_a_goal_only_after_new(project):
    refused = bootstrap(project, "refactor")  # 2.60.0: the short form wants a phrase
    assert refused.returncode == 1 and 'bootstrap new "refactor"' in refused.stderr
    assert not (project / "plans").exists()
    assert bootstrap(project, "new", "refactor").returncode == 0
    assert "refactor" in read(project, f"plans/{pointer(project)}/plan.md")


def test_new_writes_every_file_with_the_expected_headings(project):
    result = bootstrap(project, "new", "Test goal alpha")
    assert result.returncode == 0, result.stderr
    plan = pointer(project)
    assert NEW_ID.fullmatch(plan)
    assert f"Initialized plans/{plan}/" in result.stdout
    folder = project / "plans" / plan
    for name in ("state", "plan", "decisions", "findings", "progress", "verification", "changelog"):
        text = (folder / f"{name}.md").read_text()
        assert text.endswith("\n") and not text.endswith("\n\n"), name
    assert (folder / "checkpoints").is_dir() and (folder / "findings").is_dir()
    assert not (folder / "changelog.xml").exists()
    for name in ("FINDINGS.md", "DECISIONS.md", "LESSONS.md", "SYSTEM.md", "INDEX.md", "ANCHORS.md"):
        assert (project / "plans" / name).is_file(), name
    state = (folder / "state.md").read_text().split("\n")
    assert state[0] == "# Current State: EXPLORE"
    assert state[1] == "*Skill: iterative-planner v2.66.0*"
    for heading in ("## Iteration: 0", "## Current Plan Step: N/A", "## Fix Attempts (resets per plan step)",
                    "## Change Manifest (current iteration)", "## Transition History:", "- INIT → EXPLORE (task started)"):
        assert heading in state
    assert len(state) - 1 == 21
    plan_md = (folder / "plan.md").read_text()
    headings = [line for line in plan_md.split("\n") if line.startswith("## ")]
    assert headings == [
        "## Goal", "## Problem Statement", "## Context", "## Files To Modify", "## Steps",
        "## Assumptions", "## Failure Modes", "## Pre-Mortem & Falsification Signals",
        "## Success Criteria", "## Verification Strategy", "## Complexity Budget",
    ]
    decisions = (folder / "decisions.md").read_text().split("\n")
    assert decisions[:3] == ["# Decision Log", f"*Plan: {plan}*", "*Skill: iterative-planner v2.66.0*"]
    changelog = (folder / "changelog.md").read_text().split("\n")
    assert changelog[0] == "# Changelog" and len(changelog) == 5 and changelog[4] == ""
    verification = (folder / "verification.md").read_text()
    order = [verification.index(label) for label in (
        "- Criteria passed:", "- Regressions:", "- Scope drift:", "- Simplification blockers:", "- Recommendation:")]
    assert order == sorted(order)
    header = next(line for line in verification.split("\n") if line.startswith("| # |"))
    row = next(line for line in verification.split("\n") if line.startswith("| 1 |"))
    assert header.count("|") == row.count("|") == 7


def test_system_md_is_an_italic_skeleton(project):
    new_plan(project)
    system = read(project, "plans/SYSTEM.md")
    lines = system.split("\n")
    assert lines[0] == "# System Atlas"
    assert lines[3].startswith("*UNPOPULATED SKELETON")
    bullets = [line for line in lines if line.startswith("- ")]
    assert bullets and all(line.startswith("- *") for line in bullets)
    for section in ("Identity", "Components", "Boundaries", "Invariants", "Flows", "Known Patterns",
                    "Codebase Specialization"):
        assert f"## {section}" in lines
    assert len(lines) < 100


def test_goal_is_inserted_literally(project):
    goal = "Fix the `auth` module's ## edge case & <html> issues $& \\1 {{ version }} {% raw %}"
    assert bootstrap(project, "new", goal).returncode == 0
    assert f"## Goal\n{goal}\n" in read(project, f"plans/{pointer(project)}/plan.md")


def test_empty_goal_is_refused(project):
    refused = bootstrap(project, "new", "")  # 2.60.0: no stand-in goal
    assert refused.returncode == 1 and "the goal is empty" in refused.stderr
    assert not (project / "plans").exists()


def test_force_counts_only_right_after_new(project):
    assert bootstrap(project, "new", "add a --force flag").returncode == 0
    assert "add a --force flag" in read(project, f"plans/{pointer(project)}/plan.md")
    first = pointer(project)
    refused = bootstrap(project, "new", "again", "--force")
    assert refused.returncode == 1 and "already exists" in refused.stderr
    assert pointer(project) == first and len(plan_dirs(project)) == 1


def test_new_refused_while_active_changes_nothing(project):
    first = new_plan(project, "Keep this plan")
    before = read(project, f"plans/{first}/state.md")
    for args in (["new", "second goal"], ["another goal entirely"]):
        result = bootstrap(project, *args)
        assert result.returncode == 1
        assert f"plans/{first}" in result.stderr and "resume" in result.stderr
    assert pointer(project) == first
    assert read(project, f"plans/{first}/state.md") == before
    assert plan_dirs(project) == [first]


def test_new_force_closes_and_merges_the_old_plan(project):
    old = new_plan(project, "Old plan")
    write(project, f"plans/{old}/findings.md", "# Findings\n\n## Index\n- [Old](findings/old.md) — Old finding\n")
    result = bootstrap(project, "new", "--force", "New plan")
    assert result.returncode == 0, result.stderr
    new = pointer(project)
    assert new != old
    assert f"Closed previous plan: plans/{old}" in result.stdout
    assert read(project, f"plans/{old}/state.md").startswith("# Current State: CLOSE\n")
    assert "Old finding" in read(project, "plans/FINDINGS.md")
    plan_md = read(project, f"plans/{new}/plan.md")
    assert "New plan" in plan_md and "--force" not in plan_md


def test_cross_plan_note_only_after_the_first_plan(project):
    first = new_plan(project, "one")
    assert "Cross-plan context" not in read(project, f"plans/{first}/findings.md")
    assert bootstrap(project, "close").returncode == 0
    second = new_plan(project, "two")
    assert "*Cross-plan context: see plans/FINDINGS.md" in read(project, f"plans/{second}/findings.md")
    decisions = read(project, f"plans/{second}/decisions.md").split("\n")
    assert len(decisions) - 1 == 18 and "plans/DECISIONS.md" in decisions[5]


def test_gitignore_created_appended_and_idempotent(project):
    write(project, ".gitignore", "node_modules/")
    new_plan(project)
    assert read(project, ".gitignore") == "node_modules/\n/plans/*\n!/plans/ANCHORS.md\n"
    bootstrap(project, "close")
    new_plan(project, "again")
    assert read(project, ".gitignore") == "node_modules/\n/plans/*\n!/plans/ANCHORS.md\n"


def test_legacy_and_new_plans_coexist(project):
    write(project, "plans/plan_2026-01-04_dddddddd/state.md", "# Current State: CLOSE\n")
    write(project, "plans/plan_2026-01-04_dddddddd/plan.md", "# Plan\n\n## Goal\nMigrate legacy importer\n")
    minted = new_plan(project, "fresh")
    listing = bootstrap(project, "list").stdout
    assert "(2 total)" in listing and "plan_2026-01-04_dddddddd" in listing and minted in listing


def test_fresh_plan_validates_without_errors_in_every_state(project):
    from tests.support.cli import run_cli

    plan = new_plan(project)
    path = project / "plans" / plan / "state.md"
    original = path.read_text()
    for state in ("EXPLORE", "PLAN", "EXECUTE", "REFLECT", "PIVOT"):
        path.write_text(original.replace("# Current State: EXPLORE", f"# Current State: {state}"))
        result = run_cli(project, "validate-plan")
        assert result.returncode == 0, (state, result.stdout)
        assert "ERROR" not in result.stdout, (state, result.stdout)


def test_help_after_a_subcommand_never_runs_it(project):
    plan = new_plan(project)
    for sub in ("close", "status", "reset-attempts", "list", "resume", "retire"):
        result = bootstrap(project, sub, "--help")
        assert result.returncode == 0 and "Usage:" in result.stdout, sub
    assert pointer(project) == plan
    assert read(project, f"plans/{plan}/state.md").startswith("# Current State: EXPLORE")
