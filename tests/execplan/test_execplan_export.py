"""execplan export: the active plan folder as one ExecPlan that lints clean in every profile."""

from __future__ import annotations

from pathlib import Path

import pytest

from skill.errors import SkillError
from skill.execplan.export import export_active_plan
from skill.execplan.lint import lint_text
from skill.execplan.model import parse
from skill.execplan.profiles import PROFILES

PROFILE_NAMES = sorted(PROFILES)


def _messages(text: str, profile: str) -> list[str]:
    return [f"{f.slug}:{f.line}:{f.message}" for f in lint_text(text, PROFILES[profile]).findings]


@pytest.mark.parametrize("profile", PROFILE_NAMES)
def test_export_of_populated_plan_lints_clean(profile: str, shared_project: Path) -> None:
    assert _messages(export_active_plan(shared_project, profile), profile) == []


@pytest.mark.parametrize("profile", PROFILE_NAMES)
def test_export_of_fresh_plan_lints_clean(profile: str, tmp_path: Path) -> None:
    from skill.lifecycle.new import create_plan
    from skill.plans.store import Store

    create_plan(Store(tmp_path), "Tidy the logging setup")
    assert _messages(export_active_plan(tmp_path, profile), profile) == []


def test_export_carries_the_plan_content(shared_project: Path) -> None:
    doc = parse(export_active_plan(shared_project, "codex-strict"))
    assert doc.title is not None and doc.title.title == "PLAN: Add a --json flag to the report command"
    progress = doc.first("progress").body
    assert "Status: IN_PROGRESS" in progress
    assert "Next Action: Step 2: Emit the JSON object [RISK: medium] [deps: 1]" in progress
    assert "- [x] (2026-01-06T10:00:00Z) Step 1: Add the `--json` option to `src/report.py` [RISK: low]" in progress
    assert "- [ ] Step 2: Emit the JSON object [RISK: medium] [deps: 1] (current)" in progress
    validation = doc.first("validation and acceptance").body
    assert "`python -m app report --json | python -m json.tool` exits 0" in validation
    assert "Criterion 1: json.tool accepts the output" in validation and "result: PASS" in validation
    constraints = doc.first("constraints and safety").body
    assert "Text output must not change" in constraints
    assert "Step 3: Document the flag in `README.md` [IRREVERSIBLE]" in constraints
    decisions = doc.first("decision log").body
    assert "- Decision: Use a flag, not a separate command." in decisions
    assert "Ref: D-002 | PLAN → EXECUTE" in decisions
    assert "<what forced a choice>" not in decisions  # the schema example in the comment is skipped
    handoff = doc.first("handoff summary").body
    assert "Status: IN_PROGRESS" in handoff and "Next Action: Step 2:" in handoff
    assert "(state EXECUTE, iteration 1, step 2 of 3)" in handoff
    surprises = doc.first("surprises and discoveries").body
    assert "[CORRECTED iter-1]" in surprises
    assert "Problem Statement" in doc.first("purpose / big picture").body


def test_export_neutralises_unsafe_content(shared_project: Path) -> None:
    text = export_active_plan(shared_project, "codex-strict")
    assert "0123456789abcdefXYZ" not in text and "<REDACTED>" in text
    assert "```" not in text
    assert "    def report():  # prints text" in text  # fenced code kept as an indented block
    assert "https://docs.example.org/report" not in parse(text).first("context and orientation").body
    assert parse(text).first("references").body == "- [R1] https://docs.example.org/report"
    assert "2025-03-04 at 10:15 (time zone not recorded)" in text
    assert "**Old notes**" in text  # a heading inside copied text is no longer a heading


def test_export_execplans_has_the_living_sections(shared_project: Path) -> None:
    doc = parse(export_active_plan(shared_project, "execplans"))
    assert [s.title for s in doc.sections][:8] == [
        "Purpose / Big Picture",
        "Constraints",
        "Tolerances (Exception Triggers)",
        "Risks",
        "Progress",
        "Surprises & Discoveries",
        "Decision Log",
        "Outcomes & Retrospective",
    ]
    assert any(line.text == "Status: IN PROGRESS" for line in doc.preamble)


def test_export_without_active_plan_in_process(tmp_path: Path) -> None:
    with pytest.raises(SkillError, match="no active plan"):
        export_active_plan(tmp_path, "codex-strict")


# -- CLI (real subprocesses) ----------------------------------------------------------------------
def test_cli_export_stdout_and_out_file_lint_clean(populated_project: Path, cli) -> None:
    proc = cli("execplan", "export", "--profile", "execplans")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == export_active_plan(populated_project, "execplans")
    proc = cli("execplan", "export", "--profile", "repo-native", "--out", "plans/auth-PLAN.md")
    assert proc.returncode == 0, proc.stderr
    assert "Wrote" in proc.stdout
    written = (populated_project / "plans" / "auth-PLAN.md").read_text(encoding="utf-8")
    assert written.startswith("---\nid: plan-") and "profile: repo-native" in written
    assert not [p for p in (populated_project / "plans").iterdir() if p.name.endswith(".iptmp")]
    proc = cli("execplan", "lint", "plans/auth-PLAN.md")
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.startswith("Summary: 0 error(s), 0 warning(s)")


def test_cli_export_out_refuses_outside_the_root(populated_project: Path, cli, tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside.md"
    proc = cli("execplan", "export", "--out", str(outside))
    assert proc.returncode == 1
    assert "outside the project root" in proc.stderr
    assert not outside.exists()


def test_cli_export_with_root_option(populated_project: Path, cli, tmp_path: Path) -> None:
    elsewhere = tmp_path / "sub"
    elsewhere.mkdir()
    proc = cli("execplan", "export", "--root", str(populated_project), "--out", "../x/PLAN.md", cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    assert "# PLAN: Add a --json flag" in (populated_project / "x" / "PLAN.md").read_text(encoding="utf-8")


def test_cli_export_without_active_plan(cli) -> None:
    proc = cli("execplan", "export")
    assert proc.returncode == 1
    assert "no active plan" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_export_bad_profile_is_usage_error(cli) -> None:
    proc = cli("execplan", "export", "--profile", "nope")
    assert proc.returncode == 2


@pytest.mark.parametrize("target", ["plans/{id}/plan.md", "plans/{id}/notes.md", "plans/FINDINGS.md", "plans/.current_plan"])
def test_export_never_overwrites_plan_state(populated_project: Path, target: str) -> None:
    from skill.execplan.export import write_export

    plan_id = (populated_project / "plans" / ".current_plan").read_text().strip()
    path = populated_project / target.format(id=plan_id)
    before = path.read_bytes() if path.exists() else None
    with pytest.raises(SkillError, match="plan folder owns"):
        write_export(populated_project, path, "x")
    assert (path.read_bytes() if path.exists() else None) == before


def test_export_may_write_next_to_plan_folders(populated_project: Path) -> None:
    from skill.execplan.export import write_export

    target = write_export(populated_project, populated_project / "plans" / "plan-auth-PLAN.md", "text\n")
    assert target.read_text() == "text\n"
