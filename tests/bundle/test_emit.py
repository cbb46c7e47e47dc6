"""emit-state and emit-template: exit codes, served text, live plan facts, template slices that
agree with the files ``bootstrap new`` writes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from skill.bundle import (
    VALID_STATES,
    VALID_TEMPLATES,
    bundle_path,
    plan_facts,
    render_template_slice,
    template_slice,
)
from skill.cli import cli

REPO = Path(__file__).resolve().parents[2]
TEMPLATES_DIR = REPO / "skill" / "plans" / "templates"
PLAN_ID = "plan-2026-05-15T105344-8d6e386c"


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def make_plan(root: Path, state: str = "EXECUTE", attempts: int = 1) -> Path:
    plan = root / "plans" / PLAN_ID
    plan.mkdir(parents=True)
    (root / "plans" / ".current_plan").write_text(PLAN_ID, encoding="utf-8")
    tries = "\n".join(f"- Step 2, attempt {k}: tried x — failed" for k in range(1, attempts + 1))
    (plan / "state.md").write_text(
        f"# Current State: {state}\n*Skill: iterative-planner v2.57.2*\n## Iteration: 1\n"
        "## Current Plan Step: 2 of 4\n## Fix Attempts (resets per plan step)\n"
        f"{tries or '- (none yet)'}\n## Change Manifest (current iteration)\n- (no changes yet)\n"
        "## Last Transition: PLAN → EXECUTE (2026-05-15T10:53:44Z)\n## Transition History:\n"
        "- INIT → EXPLORE (task started)\n",
        encoding="utf-8",
    )
    return plan


# --- emit-state -------------------------------------------------------------------------------


@pytest.mark.parametrize("state", VALID_STATES)
def test_each_state_is_served(state: str, tmp_path: Path) -> None:
    result = invoke("--root", str(tmp_path), "emit-state", "--state", state)
    assert result.exit_code == 0
    assert result.stdout.strip()
    assert "{{" not in result.stdout and "{%" not in result.stdout
    assert not result.stdout.startswith("Live:")  # no plan in tmp_path


@pytest.mark.parametrize("state", ["PLAN", "Reflect"])
def test_a_state_in_either_case_names_its_module(state: str) -> None:
    assert invoke("emit-state", "--state", state).stdout == invoke("emit-state", "--state", state.lower()).stdout


@pytest.mark.parametrize("bad", ["close", "CLOSE", "bogus", "END", ""])
def test_unknown_state_exits_1_with_nothing_on_stdout(bad: str) -> None:
    result = invoke("emit-state", "--state", bad)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"unknown state '{bad}'" in result.stderr


def test_missing_state_is_a_usage_error() -> None:
    result = invoke("emit-state")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Usage" in result.stderr


def test_state_flag_without_value_is_a_usage_error() -> None:
    result = invoke("emit-state", "--state")
    assert result.exit_code == 2
    assert result.stdout == ""


def test_live_facts_when_a_plan_is_active(tmp_path: Path) -> None:
    make_plan(tmp_path, attempts=1)
    result = invoke("--root", str(tmp_path), "emit-state", "--state", "execute")
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0]
    assert first.startswith("Live: plan `" + PLAN_ID + "`")
    assert "iteration 1" in first and "step 2 of 4" in first and "fix attempts 1 of 2" in first


def test_command_option_root_works_too(tmp_path: Path) -> None:
    make_plan(tmp_path)
    result = invoke("emit-state", "--state", "plan", "--root", str(tmp_path))
    assert result.stdout.startswith("Live:")


def test_json_output(tmp_path: Path) -> None:
    make_plan(tmp_path, attempts=2)
    result = invoke("emit-state", "--state", "reflect", "--json", "--root", str(tmp_path))
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["state"] == "reflect"
    assert data["module"].startswith("Live:")
    plan = data["plan"]
    assert plan["id"] == PLAN_ID and plan["dir"] == f"plans/{PLAN_ID}"
    assert plan["state"] == "EXECUTE" and plan["iteration"] == "1" and plan["step"] == "2 of 4"
    assert plan["attempts"] == 2 and plan["attempt_cap"] == 2


def test_json_without_a_plan(tmp_path: Path) -> None:
    data = json.loads(invoke("emit-state", "--state", "pivot", "--json", "--root", str(tmp_path)).stdout)
    assert data["plan"] is None
    assert data["module"].startswith("# PIVOT")


def test_attempt_lines_counted_like_the_gate(tmp_path: Path) -> None:
    plan = make_plan(tmp_path, attempts=0)
    state = plan / "state.md"
    text = state.read_text(encoding="utf-8").replace(
        "- (none yet)",
        "- Step 1, attempt 1: a — failed\n- Step 2: LEASH HIT. Transitioned to REFLECT.\n"
        "- Attempt 3\n  - Step 4, attempt 1: indented, not counted\n- Step 2, Attempt #1: not counted",
    )
    state.write_text(text, encoding="utf-8")
    assert plan_facts(tmp_path)["attempts"] == 2


def test_no_facts_for_a_broken_pointer(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / ".current_plan").write_text("../../etc", encoding="utf-8")
    assert plan_facts(tmp_path) is None
    (tmp_path / "plans" / ".current_plan").write_text(PLAN_ID, encoding="utf-8")
    assert plan_facts(tmp_path) is None  # folder missing
    (tmp_path / "plans" / PLAN_ID).mkdir()
    assert plan_facts(tmp_path) is None  # state.md missing


def test_gate_line_is_the_validators_when_available(tmp_path: Path) -> None:
    make_plan(tmp_path, state="EXPLORE", attempts=0)
    facts = plan_facts(tmp_path)
    try:
        from skill.validate import pre_step  # noqa: F401
    except ImportError:
        assert facts["gate"] is None
    else:
        assert str(facts["gate"]).startswith("GATE:FAIL [wrong-state]")


def test_script_entry_point(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "emit-state.py"), "--state", "close"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert out.returncode == 1 and out.stdout == ""
    out = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "emit-template.py"), "--name", "progress"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert out.returncode == 0 and out.stdout.startswith("## progress.md\n")


# --- emit-template ----------------------------------------------------------------------------


def test_seventeen_slugs_in_the_original_order() -> None:
    assert VALID_TEMPLATES == (
        "state", "plan", "decisions", "findings", "progress", "verification", "checkpoints",
        "findings-consolidated", "decisions-consolidated", "lessons", "system", "index",
        "lessons-snapshot", "changelog", "summary", "presentation-contracts", "lessons-synthesis",
    )


def test_markers_in_file_order_with_end_last() -> None:
    source = bundle_path("references/file-formats.md").read_text(encoding="utf-8")
    found = re.findall(r"^<!-- TEMPLATE:([A-Za-z-]+) -->$", source, re.M)
    assert found == [*VALID_TEMPLATES, "END"]
    assert source.count("<!-- TEMPLATE:") == len(found)


@pytest.mark.parametrize("slug", VALID_TEMPLATES)
def test_each_slug_is_served_from_its_heading(slug: str) -> None:
    result = invoke("emit-template", "--name", slug)
    assert result.exit_code == 0
    assert re.match(r"\A## \S.*\n", result.stdout)
    assert result.stdout.endswith("\n")
    assert "{{" not in result.stdout and "<!-- TEMPLATE:" not in result.stdout
    assert result.stdout == render_template_slice(slug)


@pytest.mark.parametrize(
    ("slug", "heading"),
    [("state", "state.md"), ("plan", "plan.md"), ("decisions", "decisions.md"),
     ("findings", "findings.md"), ("progress", "progress.md"), ("verification", "verification.md")],
)
def test_plan_file_slices_start_with_the_file_name(slug: str, heading: str) -> None:
    assert invoke("emit-template", "--name", slug).stdout.startswith(f"## {heading}\n")


@pytest.mark.parametrize("bad", ["bogus", "END", "State", ""])
def test_unknown_slug_exits_1_with_nothing_on_stdout(bad: str) -> None:
    result = invoke("emit-template", "--name", bad)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"unknown template '{bad}'" in result.stderr


def test_missing_name_is_a_usage_error() -> None:
    result = invoke("emit-template")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Usage" in result.stderr


def test_slicer_edge_cases() -> None:
    doc = "intro\n<!-- TEMPLATE:a -->\n## a\nbody\n\n<!-- TEMPLATE:b -->\n<!-- TEMPLATE:END -->\n"
    assert template_slice(doc, "a") == "## a\nbody\n\n"
    assert template_slice(doc, "b") == ""
    assert template_slice(doc, "c") is None
    assert template_slice("<!-- TEMPLATE:z -->", "z") == ""
    assert template_slice("<!-- TEMPLATE:z -->\n## z\n", "z") == "## z\n"


# --- served slices agree with the files bootstrap writes --------------------------------------

#: Headings of the files ``bootstrap new`` writes (../shared/spec/bootstrap.md §3.5), used when
#: the Jinja templates are not present.
SPEC_HEADINGS = {
    "state": ["# Current State:", "## Iteration:", "## Current Plan Step:",
              "## Pre-Step Checklist (reset before each EXECUTE step)",
              "## Fix Attempts (resets per plan step)", "## Change Manifest (current iteration)",
              "## Last Transition:", "## Transition History:"],
    "plan": ["# Plan v0", "## Goal", "## Problem Statement", "## Context", "## Files To Modify",
             "## Steps", "## Assumptions", "## Failure Modes",
             "## Pre-Mortem & Falsification Signals", "## Success Criteria",
             "## Verification Strategy", "## Complexity Budget"],
    "decisions": ["# Decision Log", "## D-001 | EXPLORE → PLAN | YYYY-MM-DD"],
    "findings": ["# Findings", "## Index", "## Key Constraints", "## Corrections"],
    "progress": ["# Progress", "## Completed", "## In Progress", "## Remaining", "## Blocked"],
    "verification": ["# Verification Results", "## Criteria Verification", "## Additional Checks",
                     "## Not Verified", "## Concerns", "## Prediction Accuracy",
                     "## Convergence Metrics", "## Verdict"],
    "changelog": ["# Changelog"],
    "system": ["# System Atlas", "## Identity", "## Components", "## Boundaries", "## Invariants",
               "## Flows", "## Known Patterns", "## Codebase Specialization"],
    "findings-consolidated": ["# Consolidated Findings"],
    "decisions-consolidated": ["# Consolidated Decisions"],
    "lessons": ["# Lessons Learned"],
    "index": ["# Plan Index"],
}


def heading_key(line: str) -> str:
    """A heading without its value: ``## Iteration: 0`` → ``## Iteration``, ``# Plan v0`` →
    ``# Plan v``, ``## Fix Attempts (resets…)`` → ``## Fix Attempts``, ``## D-001 | …`` → ``## D-``."""
    match = re.match(r"(#+ [^:0-9<(]*)", line)
    return (match.group(1) if match else line).strip()


def heading_keys(text: str) -> list[str]:
    return [heading_key(line) for line in text.splitlines() if re.match(r"#+ ", line)]


def skeleton_headings(slug: str) -> list[str]:
    path = TEMPLATES_DIR / f"{slug}.md.j2"
    if not path.is_file():
        return SPEC_HEADINGS[slug]
    from skill.plans import render

    text = render.render(
        slug, version="0.0.0", plan_id=PLAN_ID, goal="a goal", timestamp="2026-05-15T10:53:44Z",
        cross_plan_note="",
    ) if slug in render.PLAN_FILES else render.render(slug)
    return [line for line in text.splitlines() if re.match(r"#+ ", line)]


def is_subsequence(needles: list[str], haystack: list[str]) -> bool:
    it = iter(haystack)
    return all(any(n == h for h in it) for n in needles)


@pytest.mark.parametrize("slug", sorted(SPEC_HEADINGS))
def test_served_slice_shows_bootstrap_headings_in_order(slug: str) -> None:
    wanted = [heading_key(h) for h in skeleton_headings(slug)]
    assert wanted, slug
    served = heading_keys(render_template_slice(slug))
    assert is_subsequence(wanted, served), f"{slug}: {wanted} not in order within {served}"


def test_spec_headings_agree_with_the_jinja_templates() -> None:
    """The fallback list above must describe the same files as the real templates."""
    for slug, spec in SPEC_HEADINGS.items():
        if (TEMPLATES_DIR / f"{slug}.md.j2").is_file():
            assert [heading_key(h) for h in skeleton_headings(slug)] == [heading_key(h) for h in spec]
