"""execplan export: the active plan folder as one ExecPlan that lints clean in every profile."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from skill.execplan.lint import lint_text
from skill.execplan.model import parse
from skill.execplan.profiles import PROFILES

PROFILE_NAMES = sorted(PROFILES)


@pytest.mark.parametrize("profile", PROFILE_NAMES)
def test_export_of_populated_plan_lints_clean(profile: str, populated_project: Path, cli) -> None:
    proc = cli("execplan", "export", "--profile", profile)
    assert proc.returncode == 0, proc.stderr
    result = lint_text(proc.stdout, PROFILES[profile])
    assert result.findings == [], [f"{f.slug}:{f.line}:{f.message}" for f in result.findings]


@pytest.mark.parametrize("profile", PROFILE_NAMES)
def test_export_of_fresh_plan_lints_clean(profile: str, cli, tmp_path: Path) -> None:
    assert cli("bootstrap", "new", "Tidy the logging setup").returncode == 0
    proc = cli("execplan", "export", "--profile", profile)
    assert proc.returncode == 0, proc.stderr
    assert lint_text(proc.stdout, PROFILES[profile]).findings == []


def _export(cli, profile: str = "codex-strict") -> str:
    proc = cli("execplan", "export", "--profile", profile)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_export_carries_the_plan_content(populated_project: Path, cli) -> None:
    doc = parse(_export(cli))
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
    handoff = doc.first("handoff summary").body
    assert "Status: IN_PROGRESS" in handoff and "Next Action: Step 2:" in handoff
    surprises = doc.first("surprises and discoveries").body
    assert "[CORRECTED iter-1]" in surprises
    assert "Problem Statement" in doc.first("purpose / big picture").body


def test_export_neutralises_unsafe_content(populated_project: Path, cli) -> None:
    text = _export(cli)
    assert "0123456789abcdefXYZ" not in text and "<REDACTED>" in text
    assert "```" not in text
    assert "    def report():  # prints text" in text  # fenced code kept as an indented block
    assert "https://docs.example.org/report" not in parse(text).first("context and orientation").body
    assert parse(text).first("references").body == "- [R1] https://docs.example.org/report"
    assert "2025-03-04 at 10:15 (time zone not recorded)" in text
    assert "**Old notes**" in text  # a heading inside copied text is no longer a heading


def test_export_execplans_has_the_living_sections(populated_project: Path, cli) -> None:
    doc = parse(_export(cli, "execplans"))
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


def test_export_out_writes_the_file(populated_project: Path, cli) -> None:
    proc = cli("execplan", "export", "--profile", "repo-native", "--out", "plans/auth-PLAN.md")
    assert proc.returncode == 0, proc.stderr
    written = (populated_project / "plans" / "auth-PLAN.md").read_text(encoding="utf-8")
    assert written.startswith("---\nid: plan-")
    assert "profile: repo-native" in written
    assert lint_text(written, PROFILES["repo-native"]).findings == []
    assert not [p for p in (populated_project / "plans").iterdir() if p.name.endswith(".iptmp")]


def test_export_out_refuses_outside_the_root(populated_project: Path, cli, tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside.md"
    proc = cli("execplan", "export", "--out", str(outside))
    assert proc.returncode == 1
    assert "outside the project root" in proc.stderr
    assert not outside.exists()
    proc = cli("execplan", "export", "--out", "../escape.md")
    assert proc.returncode == 1
    assert not (tmp_path.parent / "escape.md").exists()


def test_export_with_root_option(populated_project: Path, cli, tmp_path: Path) -> None:
    elsewhere = tmp_path / "sub"
    elsewhere.mkdir()
    proc = cli("execplan", "export", "--root", str(populated_project), cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    assert "# PLAN: Add a --json flag" in proc.stdout


def test_export_without_active_plan(cli) -> None:
    proc = cli("execplan", "export")
    assert proc.returncode == 1
    assert "no active plan" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_exported_file_passes_the_cli_linter(populated_project: Path, cli) -> None:
    for profile in PROFILE_NAMES:
        out = f"{profile}-PLAN.md"
        assert cli("execplan", "export", "--profile", profile, "--out", out).returncode == 0
        proc = cli("execplan", "lint", out, "--profile", profile)
        assert proc.returncode == 0, proc.stdout
        assert isinstance(proc, subprocess.CompletedProcess)
