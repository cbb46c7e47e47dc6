"""``hygiene scan`` on a real git repository with residue of every kind planted, introduced (this
plan's) and inherited (older), and the ways the scan degrades or refuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from skill.hygiene.model import Finding
from skill.plans.ids import tag_id
from tests.support.cli import run_cli
from tests.support.git import commit_all, git
from tests.support.plans import add_decision, new_plan, write_content

OLD_PLAN = "plan-2025-01-01T000000-deadbeef"
ENTRY = "2026-09-11T14:02:11Z | {step} | {commit} | {path} | EDIT(+3,-1) | radius:LOW(1) | - | {reason}"
LONG = "# Topic\n\n## Summary\nline\n\n## Key Findings\nmore\n"


def scan(root: Path, *args: str) -> dict:
    done = run_cli(root, "hygiene", "scan", "--json", *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def kinds(report: dict, provenance: str) -> list[tuple[str, str, str | None]]:
    return sorted((i["category"], i["kind"], i["file"]) for i in report[provenance])


@pytest.fixture
def planted(project: Path) -> tuple[Path, str]:
    """A repository with one plant of each kind for this plan and one inherited from before it."""
    write_content(
        project,
        {
            "src/old.py": "# TODO: inherited marker\nbreakpoint()\nx = 1  # TODO not at line start\n",
            "src/other.py": f"# DECISION {OLD_PLAN}/D-001: an anchor of a deleted plan\n",
        },
    )
    commit_all(project, "before the plan")
    plan_dir = new_plan(project, "plant residue")
    plan = plan_dir.name
    add_decision(plan_dir, 1)
    tag = tag_id(plan)
    write_content(
        project,
        {
            "src/new.py": f"# TODO: left by this plan\n# DECISION {plan}/D-007: no such decision\nprint('fine')\n",
            "src/ui.js": "import { used, unused } from './lib.js';\n// if (x) { y(); }\nused();\n",
            "src/lib.js": "export const used = 1; export const unused = 2;\n",
            "src/gone.test.ts": "test('x', () => {});\n",
        },
    )
    git(project, "add", "src")
    git(project, "commit", "-q", "-m", f"[{tag}/iter-1/step-1] add new code")
    write_content(
        plan_dir,
        {
            "changelog.md": (plan_dir / "changelog.md").read_text()
            + "\n".join(
                [
                    ENTRY.format(step="iter-1/step-1", commit="uncommitted", path="src/new.py", reason="add"),
                    ENTRY.format(step="iter-1/step-2", commit="uncommitted", path="src/ui.js", reason="ui"),
                    ENTRY.format(step="iter-1/step-1", commit="abc1234", path="src/gone.test.ts",
                                 reason="was uncommitted before"),
                ]
            )
            + "\n",
            "findings/thin.md": "# Thin\n",
            "findings/auth-2.md": LONG,
            "findings/review-iter-2.md": LONG,
            "findings/hygiene-iter-2-pass2.md": LONG,
            "checkpoints/cp-001-iter1.md": "# cp\n",
            "checkpoints/cp-000-iter1.md": "# the mandatory first checkpoint, cited nowhere\n",
            "plan.md": (plan_dir / "plan.md").read_text().replace(
                "## Complexity Budget", "## Complexity Budget\n- Files added: 2/1 max", 1
            ),
        },
    )
    return project, plan


def test_planted_residue_is_found_and_partitioned(planted) -> None:
    root, plan = planted
    report = scan(root)
    assert report["plan_id"] == plan and report["categories_reported"] == 5
    assert {c["id"]: c["status"] for c in report["categories"]} == dict.fromkeys("ABCDE", "ran")
    rel = f"plans/{plan}"
    assert kinds(report, "introduced") == sorted(
        [
            ("A", "anchor-orphan", "src/new.py"),
            ("B", "stale-commit-field", f"{rel}/changelog.md"),
            ("B", "stale-commit-field", f"{rel}/changelog.md"),
            ("C", "collision-suffix", f"{rel}/findings/auth-2.md"),
            ("C", "empty-findings-file", f"{rel}/findings/thin.md"),
            ("D", "commented-out-code", "src/ui.js"),
            ("D", "dead-import", "src/ui.js"),
            ("D", "marker-comment", "src/new.py"),
            ("D", "orphaned-test-file", "src/gone.test.ts"),
            ("E", "complexity-budget-exceeded", f"{rel}/plan.md"),
        ]
    )
    assert kinds(report, "inherited") == [
        ("A", "anchor-unknown-plan", "src/other.py"),
        ("D", "debug-statement", "src/old.py"),
        ("D", "marker-comment", "src/old.py"),
    ]
    stale = {i["line"]: i["evidence"] for i in report["introduced"] if i["category"] == "B"}
    head = git(root, "log", "-1", "--format=%h", "--grep", "step-1]", "--fixed-strings").strip()
    assert any(head in text for text in stale.values())
    assert any("ambiguous, not resolved" in text for text in stale.values())
    unknown = next(i for i in report["inherited"] if i["category"] == "A")
    assert f"bootstrap retire {OLD_PLAN}" in unknown["remediation"] and unknown["plan"] == OLD_PLAN
    dead = next(i for i in report["introduced"] if i["kind"] == "dead-import")
    assert "`unused`" in dead["evidence"]


def test_json_round_trips_every_field(planted) -> None:
    root, _plan = planted
    report = scan(root)
    for item in report["introduced"] + report["inherited"]:
        assert Finding(**item).as_dict() == item
        assert item["provenance"] in ("introduced", "inherited") and item["why"]


def test_human_report(planted) -> None:
    root, plan = planted
    done = run_cli(root, "hygiene", "scan")
    assert done.returncode == 0
    out = done.stdout
    assert out.startswith(f"Hygiene scan: {plan}") and "All 5 categories ran." in out
    assert "## Introduced (10)" in out and "## Inherited (3)" in out
    assert f"fix: `iterative-planner bootstrap retire {OLD_PLAN}`" in out or "bootstrap retire" in out


def test_a_closed_plan_is_swept_for_uncited_checkpoints(planted) -> None:
    root, plan = planted
    active = scan(root)
    assert not any(i["kind"] == "unreferenced-checkpoint" for i in active["introduced"])
    assert run_cli(root, "bootstrap", "close").returncode == 0
    closed = scan(root, "--plan-dir", plan)
    found = [i["file"] for i in closed["introduced"] if i["kind"] == "unreferenced-checkpoint"]
    assert found == [f"plans/{plan}/checkpoints/cp-001-iter1.md"]  # cp-000-iter1 is never judged


def test_without_git_b_and_e_are_unavailable(tmp_path) -> None:
    new_plan(tmp_path, "no git here")
    report = scan(tmp_path)
    statuses = {c["id"]: c["status"] for c in report["categories"]}
    assert statuses["B"] == statuses["E"] == "unavailable" and report["git_available"] is False
    assert statuses["A"] == statuses["C"] == "ran"


def test_without_a_plan_four_categories_degrade(project) -> None:
    write_content(project, {"src/a.py": "# FIXME later\n"})
    report = scan(project)
    statuses = {c["id"]: c["status"] for c in report["categories"]}
    assert statuses == {"A": "degraded", "B": "degraded", "C": "degraded", "D": "ran", "E": "degraded"}
    assert [i["kind"] for i in report["inherited"]] == ["marker-comment"] and report["introduced"] == []
    human = run_cli(project, "hygiene", "scan").stdout
    assert "Not run in full: A (degraded), B (degraded), C (degraded), E (degraded)" in human


def test_bad_plan_dir_is_an_error(project) -> None:
    assert run_cli(project, "hygiene", "scan", "--plan-dir", "not-a-plan").returncode == 2
    missing = run_cli(project, "hygiene", "scan", "--plan-dir", OLD_PLAN)
    assert missing.returncode == 1 and "no plan folder" in missing.stderr


@pytest.mark.parametrize("as_json", [True, False])
def test_an_untrustworthy_scan_prints_nothing_on_stdout(planted, monkeypatch, capsys, as_json) -> None:
    from skill.cli import main
    from skill.validate.anchors import AnchorAudit

    root, _plan = planted

    def broken(self):
        raise RuntimeError("the anchor audit blew up")

    monkeypatch.setattr(AnchorAudit, "reverse_findings", broken)
    args = ["hygiene", "scan", "--root", str(root)] + (["--json"] if as_json else [])
    with pytest.raises(SystemExit) as stopped:
        main(args)
    out, err = capsys.readouterr()
    assert stopped.value.code == 1 and out == ""
    assert "[scan-unavailable]" in err and "category A" in err


def test_a_lost_category_trips_the_floor(planted, monkeypatch) -> None:
    from skill.hygiene import budget
    from skill.hygiene.model import BY_ID, RAN, Category, ScanUntrustworthy
    from skill.hygiene.scan import scan as run

    root, _plan = planted
    monkeypatch.setattr(budget, "complexity_budget", lambda *a: Category(BY_ID["D"], RAN, "wrong id"))
    with pytest.raises(ScanUntrustworthy) as refused:
        run(root)
    assert refused.value.label == "scan-floor"
