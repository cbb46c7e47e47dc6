"""What 2.58–2.61 changed in the lifecycle: plans/ANCHORS.md (created by new, appended by close,
never rewritten), the goal refusals of 2.60.0, sub-steps in log-edit, retire's 33 extensions."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from skill.validate import validate_plan
from tests.lifecycle.helpers import bootstrap, new_plan, read, write
from tests.support.cli import run_cli
from tests.support.git import git

HEADER = [
    "# Decision Anchor Manifest",
    "*Committed, append-only. One line per anchored decision, so a `# DECISION <plan-id>/D-NNN` anchor "
    "still resolves after its plan directory is gone.*",
    "*Format: `<plan-id>/D-NNN | YYYY-MM-DD | one-line rationale`. Never edited, never reordered, never trimmed.*",
]

ANCHORED = """
## D-001 | PLAN | 2026-09-04
**Context**: parsing cookies twice was slow.
**Decision**: Read the token once in the middleware.
**Trade-off**: speed **at the cost of** a second code path.
**Anchor-Refs**: `src/app.py:1`

## D-002 | PLAN | 2026-09-05
**Context**: a choice with no code anchor.
**Decision**: keep the config flat.
**Trade-off**: simple **at the cost of** nesting.
"""


def test_new_creates_the_manifest_and_git_keeps_it(project):
    plan = new_plan(project, "add rate limiting")
    lines = read(project, "plans/ANCHORS.md").splitlines()
    assert lines[:3] == HEADER and len(lines) == 4
    assert git(project, "check-ignore", f"plans/{plan}/state.md").strip()  # plan folders stay ignored
    check = subprocess.run(["git", "check-ignore", "-q", "plans/ANCHORS.md"], cwd=project)
    assert check.returncode == 1  # the manifest is not: it is meant to be committed
    assert [i for i in validate_plan(project) if i.severity != "INFO"] == []


def _anchored_plan(project):
    plan = new_plan(project, "anchor things")
    write(project, f"plans/{plan}/decisions.md", read(project, f"plans/{plan}/decisions.md") + ANCHORED)
    write(project, "src/app.py", f"# DECISION {plan}/D-001: read the token once\nx = 1\n")
    return plan


def test_close_appends_anchored_decisions_once_and_keeps_the_bytes(project):
    plan = _anchored_plan(project)
    manifest = project / "plans" / "ANCHORS.md"
    before = manifest.read_bytes().replace(b"\n", b"\r\n").rstrip(b"\r\n")  # CRLF, no final newline
    manifest.write_bytes(before)
    done = bootstrap(project, "close")
    assert done.returncode == 0 and "Anchor manifest: 1 line(s) appended" in done.stdout
    after = manifest.read_bytes()
    assert after.startswith(before + b"\r\n")
    assert after[len(before) :] == f"\r\n{plan}/D-001 | 2026-09-04 | Read the token once in the middleware.\r\n".encode()
    write(project, "plans/.current_plan", plan)  # closing again (an interrupted close) adds nothing
    again = bootstrap(project, "close")
    assert again.returncode == 0 and "Anchor manifest" not in again.stdout
    assert manifest.read_bytes() == after


def test_close_recreates_a_missing_manifest(project):
    plan = _anchored_plan(project)
    (project / "plans" / "ANCHORS.md").unlink()
    assert bootstrap(project, "close").returncode == 0
    lines = read(project, "plans/ANCHORS.md").splitlines()
    assert lines[:3] == HEADER and lines[-1].startswith(f"{plan}/D-001 | 2026-09-04 | ")


def test_the_manifest_outlives_folder_and_section(project):
    plan = _anchored_plan(project)
    assert bootstrap(project, "close").returncode == 0
    shutil.rmtree(project / "plans" / plan)
    decisions = read(project, "plans/DECISIONS.md")
    write(project, "plans/DECISIONS.md", decisions.split(f"## {plan}")[0])
    new_plan(project, "the next plan")
    found = [i for i in validate_plan(project) if i.slug.startswith("anchor-")]
    assert found == []
    write(project, "src/app.py", f"# DECISION {plan}/D-009: a decision nobody recorded\n")
    found = [i for i in validate_plan(project) if i.slug.startswith("anchor-")]
    assert [(i.severity, i.slug) for i in found] == [("ERROR", "anchor-orphan")]
    assert "plans/ANCHORS.md" in found[0].message and "D-009" in found[0].message


def test_manifest_lines_in_a_comment_and_legacy_ids_resolve(project):
    new_plan(project, "reader")
    legacy = "plan_2026-07-14_79ee0f59"
    with open(project / "plans" / "ANCHORS.md", "a", encoding="utf-8") as handle:
        handle.write(f"<!-- backfill\n{legacy}/D-005 | 2026-07-14 | one grammar\n-->\n")
    write(project, "src/x.sh", f"# DECISION {legacy}/D-005: keep the grammar in one place\n")
    assert [i for i in validate_plan(project) if i.slug.startswith("anchor-")] == []


@pytest.mark.parametrize(
    "args",
    [("   ",), ("",), ("new", ""), ("new", "  "), ("new",), ("new", "--force", ""), ("refactor",), ("statsu",)],
)
def test_goals_refused_write_nothing(project, args):
    done = bootstrap(project, *args)
    assert done.returncode == 1 and done.stdout == ""
    assert "Nothing was written." in done.stderr
    assert not (project / "plans").exists() and not (project / ".gitignore").exists()


def test_refusal_wording_names_the_way_forward(project):
    typo = bootstrap(project, "statsu")
    assert 'did you mean "status"' in typo.stderr and 'bootstrap new "statsu"' in typo.stderr
    word = bootstrap(project, "refactor")
    assert "one-word goal" in word.stderr and 'bootstrap new "refactor"' in word.stderr


def test_goals_still_accepted(project):
    assert bootstrap(project, "refactor parser").returncode == 0
    assert bootstrap(project, "new", "--force", "refactor").returncode == 0  # new takes one word
    assert bootstrap(project, "new", "--force", "fix", "the", "parser").returncode == 0


def test_log_edit_keeps_a_sub_step(project):
    from skill.plans import state as statefile

    plan = new_plan(project, "sub steps")
    path = project / "plans" / plan / "state.md"
    text = statefile.set_step(statefile.set_iteration(path.read_text(), 1), "2.1")
    path.write_text(text)
    write(project, "src/y.py", "y = 2\n")
    done = run_cli(project, "log-edit", "--file", "src/y.py", "--reason", "hygiene fix: drop stray TODO")
    assert done.returncode == 0, done.stderr
    line = read(project, f"plans/{plan}/changelog.md").splitlines()[-1]
    assert " | iter-1/step-2.1 | " in line
    assert [i for i in validate_plan(project) if i.slug == "changelog-malformed"] == []


def test_retire_stamps_the_new_extensions(project):
    plan_id = "plan-2026-01-01T000000-abcdef01"
    for name, mark in (("deploy.sh", "#"), ("infra.tf", "#"), ("App.swift", "//"), ("ci.yml", "#")):
        write(project, f"src/{name}", f"{mark} DECISION {plan_id}/D-001: keep\n")
    done = bootstrap(project, "retire", plan_id)
    assert done.returncode == 0 and "Anchors marked [STALE]: 4 across 4 file(s)." in done.stdout
