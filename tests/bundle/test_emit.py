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
    plan_facts,
    render_template_slice,
    template_source_path,
)
from skill.cli import cli
from tests.support.env import clean_env

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


def test_one_template_file_per_slug_and_nothing_else() -> None:
    folder = Path(template_source_path("state")).parent
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{slug}.md" for slug in VALID_TEMPLATES)


def test_templates_are_not_part_of_the_installed_skill() -> None:
    from skill.harness.source import Bundle

    rels = [item.rel for item in Bundle().files()]
    assert not any("file-formats" in rel for rel in rels)
    assert not any(rel.startswith("formats/") for rel in rels)


#: ``emit-template --name <slug>`` as served from references/file-formats.md before the templates
#: moved to package data (captured 2026-12-01 with IP_COMMAND="ipx --flag"): bytes and SHA-256.
#: The move changed where the text lives, not one byte of what an agent reads.
SERVED_BEFORE_THE_MOVE = {
    "state": (3766, "76c1f8aff21abf1d237ad3b453b6380beea266f61a1afecd57ed17c9dd98f635"),
    "plan": (4353, "adb138a55d223d7f6d865306cfa7ad238d4f5d7e53e301c94e98b83ddc8e7368"),
    "decisions": (3737, "9202baf0bbf23f191e9ba3a288994ca0188e87e2b4879890b07aa50d86be709d"),
    "findings": (2833, "90a57ac10027e5fce769178f4542e927b765792ca39f2fd2814f10111f851a86"),
    "progress": (407, "1fb2459df036a4eddea719197e674f093f05971605d7f8e22cb235bdf09d20ae"),
    "verification": (3156, "f6cf3301f8943f3f2d30b41f4eee049094371a6ef0d6d4ee3d296cab5bab32c3"),
    "checkpoints": (1900, "b11cdee6431e4c5fc1d35252e57d6f4dbd1e6f6599b7728d8094fe2e06a2ca8b"),
    "findings-consolidated": (928, "ffb81bc76c80da2264a2156e1defe988c2434a17d22a4a3291f8f2aac2cdf46a"),
    "decisions-consolidated": (1527, "b19d5caeaea445b85475045dea237b7fd683aef37ce7c7fac107f861deff25da"),
    "lessons": (841, "2f7ae0852ebd550efb6ff09a417d22f929107de4d911bc3c0e34125981ede65a"),
    "system": (2138, "ac7ff1cb023d8b108b4ac3e256537db0fbd422697b2419428510b3514ac8ab8f"),
    "index": (694, "d4e15cb1e68726348a1fc9d04aa1faea8fe685b1ae8b1f38a6af94b7db9e16c7"),
    "lessons-snapshot": (291, "b03a3fea99bb180200729d755d2b9c8b445f1b3d8442e24da7e4a9855cc963d1"),
    "changelog": (2870, "a7e6d79279769d48d29f5c6ffa502059b3949a49883226babb723afada3e33ba"),
    "summary": (825, "4d6f753946eb8f3b6f7b364d14298ac0221c621e780bfa4f81254bd5fed69fca"),
    "presentation-contracts": (4552, "58e9af946a05b862bfe62ed2aa162625c36e8d411ce1679451109b559f9f7b74"),
    "lessons-synthesis": (1763, "bd5e417ed1e8bd6dc7038a587dbb6d69c4113db7a2c450f72db3dbf409ac820b"),
}


def test_every_slug_has_its_recorded_output() -> None:
    assert tuple(SERVED_BEFORE_THE_MOVE) == VALID_TEMPLATES


@pytest.mark.parametrize("slug", VALID_TEMPLATES)
def test_served_bytes_are_those_served_before_the_move(slug: str, tmp_path: Path) -> None:
    import hashlib

    # not tests.support.cli.run_cli: it decodes text (newlines translated); bytes are compared here
    done = subprocess.run(
        [sys.executable, "-m", "skill", "emit-template", "--name", slug],
        cwd=tmp_path,
        env=clean_env(IP_COMMAND="ipx --flag"),
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (len(done.stdout), hashlib.sha256(done.stdout).hexdigest()) == SERVED_BEFORE_THE_MOVE[slug]


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


def test_a_missing_template_file_is_one_clear_error(tmp_path: Path) -> None:
    """A broken install (the file gone) exits 1 naming the slug, with nothing on stdout."""
    import shutil

    package = tmp_path / "skill"
    shutil.copytree(REPO / "skill", package, ignore=shutil.ignore_patterns("__pycache__", "_bundle"))
    for part in ("SKILL.md", "agents", "modules", "references", "scripts"):
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, tmp_path / part)
        elif source.is_file():
            shutil.copy(source, tmp_path / part)
    (package / "formats" / "plan.md").unlink()
    done = subprocess.run(
        [sys.executable, "-m", "skill", "emit-template", "--name", "plan"],
        cwd=tmp_path,
        env=clean_env(PYTHONPATH=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert "cannot read the template for 'plan'" in done.stderr
    assert "Traceback" not in done.stderr


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
