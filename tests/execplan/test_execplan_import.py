"""execplan import: a new plan folder filled from an ExecPlan; the import/export round trip."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skill.errors import SkillError
from skill.execplan.export import export_active_plan
from skill.execplan.importer import import_execplan, read_execplan, replace_section
from skill.execplan.model import parse
from skill.execplan.profiles import PROFILES

VALID = {
    "codex-strict": "valid-codex-strict.md",
    "repo-native": "valid-repo-native.md",
    "execplans": "valid-execplans.md",
}


def _plan_dir(root: Path) -> Path:
    plan_id = (root / "plans" / ".current_plan").read_text().strip()
    return root / "plans" / plan_id


def _plan_folders(root: Path) -> list[str]:
    plans = root / "plans"
    return sorted(p.name for p in plans.iterdir() if p.is_dir()) if plans.exists() else []


def test_import_execplans_fixture(cli, tmp_path: Path, fixtures_dir: Path) -> None:
    proc = cli("execplan", "import", str(fixtures_dir / VALID["execplans"]))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Initialized plans/plan-")
    assert "Imported from" in proc.stdout and "2 step(s), 1 decision(s)" in proc.stdout
    folder = _plan_dir(tmp_path)
    plan = (folder / "plan.md").read_text(encoding="utf-8")
    assert "## Goal\nAdd a health endpoint to the API server\n" in plan
    assert "1. [x] Read `server/routes.py` and found the catch-all.\n2. [ ] Add the route and its test." in plan
    assert "Start the server with `python -m server`" in plan  # Validation and Acceptance -> Success Criteria
    assert "the router matches `/health` against a catch-all route first" in plan  # Risks -> Failure Modes
    decisions = (folder / "decisions.md").read_text(encoding="utf-8")
    assert "## D-001 | EXPLORE | 2025-10-01\n" in decisions
    assert "**Decision**: answer `HEAD /health` too." in decisions
    assert "**Reasoning**: load balancers often probe with HEAD." in decisions
    findings = (folder / "findings.md").read_text(encoding="utf-8")
    assert "Do not change the public routes" in findings
    assert "Tolerances (escalate when breached):" in findings
    assert "the catch-all route also swallows `HEAD` requests" in findings
    assert not list(folder.glob("*.iptmp")) and not (folder / ".lock").exists()


def test_import_standard_fixture_decision_with_inline_fields(cli, tmp_path: Path, fixtures_dir: Path) -> None:
    proc = cli("execplan", "import", str(fixtures_dir / VALID["codex-strict"]))
    assert proc.returncode == 0, proc.stderr
    decisions = (_plan_dir(tmp_path) / "decisions.md").read_text(encoding="utf-8")
    assert "## D-001 | EXPLORE | 2025-11-22" in decisions
    assert "**Decision**: keep cookie sessions\n" in decisions
    assert "**Reasoning**: refresh flow depends on them" in decisions
    plan = (_plan_dir(tmp_path) / "plan.md").read_text(encoding="utf-8")
    assert "## Goal\nSign in with an OAuth2 provider\n" in plan
    assert "1. [x] Read the existing session code\n2. [ ] Write the callback handler" in plan


def test_import_refuses_while_a_plan_is_active(cli, tmp_path: Path, fixtures_dir: Path) -> None:
    assert cli("bootstrap", "new", "Something else").returncode == 0
    before = _plan_folders(tmp_path)
    proc = cli("execplan", "import", str(fixtures_dir / VALID["execplans"]))
    assert proc.returncode == 1
    assert "Active plan directory already exists" in proc.stderr
    assert _plan_folders(tmp_path) == before
    assert "Traceback" not in proc.stderr


def test_import_rejects_a_non_execplan_without_writing(cli, tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("just some notes\n- with a list\n", encoding="utf-8")
    proc = cli("execplan", "import", "notes.md")
    assert proc.returncode == 1
    assert "does not look like an ExecPlan" in proc.stderr
    assert not (tmp_path / "plans").exists()


def test_import_missing_file(cli, tmp_path: Path) -> None:
    proc = cli("execplan", "import", "missing-PLAN.md")
    assert proc.returncode == 1
    assert "not found" in proc.stderr
    assert not (tmp_path / "plans").exists()


def test_imported_plan_satisfies_the_decision_and_index_checks(cli, tmp_path: Path, fixtures_dir: Path) -> None:
    assert cli("execplan", "import", str(fixtures_dir / VALID["execplans"])).returncode == 0
    proc = cli("validate-plan")
    assert "ERROR [decisions-schema]" not in proc.stdout + proc.stderr
    assert "ERROR [findings-index]" not in proc.stdout + proc.stderr
    assert "Validation:" in proc.stdout  # the validator did run


def _decision_lines(text: str) -> list[str]:
    body = parse(text).first("decision log").body
    return [line for line in body.split("\n") if line.startswith("- Decision:")]


def _sub(text: str, section: str, sub: str) -> str:
    body = parse(text).first(section).body
    match = re.search(rf"^### {re.escape(sub)}\n\n(.*?)(?=^### |\Z)", body, re.M | re.S)
    assert match, f"no ### {sub} under {section}"
    return match.group(1).strip()


def _check_round_trip(first: str, second: str) -> None:
    a, b = parse(first), parse(second)
    assert a.title.title == b.title.title
    assert _sub(first, "purpose / big picture", "Goal") == _sub(second, "purpose / big picture", "Goal")
    assert a.first("concrete steps").body == b.first("concrete steps").body
    assert "3. Document the flag in `README.md` [IRREVERSIBLE] (pending)" in b.first("concrete steps").body
    section = "validation and acceptance"
    assert _sub(first, section, "Success Criteria") == _sub(second, section, "Success Criteria")
    assert _decision_lines(first) == _decision_lines(second)
    assert len(_decision_lines(second)) == 2


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_round_trip_keeps_goal_steps_criteria_and_decisions(profile: str, shared_project: Path, tmp_path: Path) -> None:
    first = export_active_plan(shared_project, profile)
    import_execplan(tmp_path, first, "exported.md")
    second = export_active_plan(tmp_path, profile)
    _check_round_trip(first, second)
    # the URL moved to References on export comes back into the imported plan's Context
    plan = (_plan_dir(tmp_path) / "plan.md").read_text(encoding="utf-8")
    assert "https://docs.example.org/report" in plan


def test_cli_round_trip(populated_project: Path, cli, tmp_path: Path) -> None:
    first = cli("execplan", "export", "--out", "exported.md")
    assert first.returncode == 0, first.stderr
    fresh = tmp_path / "fresh"
    (fresh / ".git").mkdir(parents=True)  # its own project: the plan above it is not its plan
    proc = cli("execplan", "import", str(tmp_path / "exported.md"), cwd=fresh)
    assert proc.returncode == 0, proc.stderr
    second = cli("execplan", "export", cwd=fresh)
    assert second.returncode == 0, second.stderr
    _check_round_trip((tmp_path / "exported.md").read_text(encoding="utf-8"), second.stdout)


def test_replace_section_keeps_neighbours() -> None:
    text = "# Plan v0\n\n## Goal\nold\n\n## Steps\n*placeholder*\n\n## Complexity Budget\n- a\n"
    out = replace_section(text, "Steps", "1. [ ] new")
    assert out == "# Plan v0\n\n## Goal\nold\n\n## Steps\n1. [ ] new\n\n## Complexity Budget\n- a\n"
    out = replace_section(out, "Complexity Budget", "- b")
    assert out.endswith("## Complexity Budget\n- b\n")


def test_code_headings_cannot_open_plan_sections() -> None:
    text = "# PLAN: x\n\n## Context and Orientation\n\n```\n## not a heading\n```\n"
    imported = read_execplan(text)
    assert "\n## " not in "\n" + imported.plan["Context"]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["# PLAN: t\n", "## Progress\n", "## Decision Log\n", "- Decision: d\n", "  Rationale: r\n",
             "- [x] (2025-01-01T00:00:00Z) Step 1: a\n", "## Purpose / Big Picture\n", "### Goal\n", "x\n",
             "```\n", "## References\n", "- [R1] https://e.x/y\n", "[R1]\n", "1. step (done)\n",
             "## Concrete Steps\n", "\n", "Date/Author: 2025-02-02\n"]
        ),
        max_size=40,
    ).map("".join)
)
def test_reader_never_crashes(text: str) -> None:
    try:
        imported = read_execplan(text)
    except SkillError:
        return
    assert imported.goal.strip()
    for body in imported.plan.values():
        assert not re.search(r"^## ", body, re.M)


def test_fill_failure_is_a_clear_error(tmp_path: Path, read_fixture, monkeypatch) -> None:
    import skill.execplan.importer as importer

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(importer, "fill_plan_folder", broken)
    with pytest.raises(SkillError) as info:
        importer.import_execplan(tmp_path, read_fixture(VALID["execplans"]), "p.md")
    assert "was created, but filling it from p.md failed" in info.value.message
    assert "disk full" in info.value.message


def test_decision_log_entries_indented_or_with_nested_bullets() -> None:
    text = (
        "# PLAN: x\n\n## Decision Log\n\n"
        "    - Decision: answer HEAD too.\n      Rationale: probes use HEAD.\n"
        "      Date/Author: 2025-10-01T13:10:00Z, agent\n\n"
        "    - Decision: second\n      - Alternatives: A, B\n      - Rationale: because\n\n"
        "Trailing prose that is not a decision.\n"
    )
    first, second = read_execplan(text).decisions
    assert (first.decision, first.date, first.fields["rationale"]) == ("answer HEAD too.", "2025-10-01", "probes use HEAD.")
    assert (second.decision, second.fields["alternatives"], second.fields["rationale"]) == ("second", "A, B", "because")
