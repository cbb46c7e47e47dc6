"""`checkpoint` and the cp-000-iter1.md that `transition EXECUTE` writes."""

from __future__ import annotations

import json

from skill.plans import checkpoints
from skill.plans.store import Store
from skill.record.checkpoint import iteration_base
from skill.transitions.step import step
from skill.transitions.transition import transition
from tests.record.helpers import (
    APPROVAL,
    APPROVAL_KW,
    BASE_DECISION,
    PLAN_MD,
    clean_after,
    cli,
    head,
    issues,
    ok,
    to_execute,
    to_plan,
    tree_bytes,
)
from tests.support.git import commit_all


def test_transition_execute_writes_cp_000_for_step_1(root):
    plan_dir = to_plan(root)
    (plan_dir / "plan.md").write_text(PLAN_MD)
    before = issues(root)
    result = ok(root, "transition", "EXECUTE", *APPROVAL)
    commit = head(root)
    assert f"Checkpoint checkpoints/cp-000-iter1.md written (restore point: {commit})." in result.stdout
    assert (plan_dir / "checkpoints" / "cp-000-iter1.md").read_text() == (
        "# Checkpoint 000 (iteration 1)\n"
        "## Created: iteration 1, before its first step (the nuclear fallback; written by transition EXECUTE)\n"
        f"## Git State: commit {commit}\n"
        "## Files That Will Change:\n"
        "- `src/app.py`\n"
        "## Lockfiles snapshotted:\n"
        "- none (no package manager touched)\n"
        "## Rollback:\n"
        f"    git checkout {commit} -- .\n"
    )
    assert issues(root) - before == set()
    assert iteration_base(plan_dir, 1) == commit


def test_later_iterations_keep_cp_000_and_the_validator_is_satisfied(root):
    plan_dir = to_execute(root)
    store = Store(root)
    step(store, action="next")
    step(store, action="next")
    transition(store, "REFLECT")
    transition(store, "PIVOT")
    ok(root, "decision", "add", "--kind", "pivot", *BASE_DECISION)
    transition(store, "PLAN", **APPROVAL_KW)
    (plan_dir / "plan.md").write_text(PLAN_MD.replace("Plan v1", "Plan v2"))
    ok(root, "transition", "EXECUTE", *APPROVAL)
    assert sorted(p.name for p in (plan_dir / "checkpoints").iterdir()) == ["cp-000-iter1.md"]
    assert not any(slug == "checkpoints" for _s, slug, _m in issues(root))
    clean_after(root, "checkpoint", "--reason", "iteration 2 starts")
    assert (plan_dir / "checkpoints" / "cp-001-iter2.md").exists()


def test_checkpoint_defaults_to_the_current_steps_files(root):
    plan_dir = to_execute(root)
    step(Store(root), action="next")
    result = clean_after(root, "checkpoint", "--reason", "before the tests", "--json")
    data = json.loads(result.stdout)
    assert data["file"] == "checkpoints/cp-001-iter1.md" and data["files"] == ["tests/test_app.py"]
    text = (plan_dir / "checkpoints" / "cp-001-iter1.md").read_text()
    assert text.startswith("# Checkpoint 001 (iteration 1)\n## Created: before the tests\n")
    assert checkpoints.commit_of(text) == head(root)


def test_explicit_files_and_lockfiles(root):
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (root / "poetry.lock").write_text("# tracked lock\n")
    (root / "uv.lock").write_bytes(b"version = 1\r\n")
    (root / "requirements-dev.txt").write_text("PASSWORD=hunter2\n")
    (root / ".gitignore").write_text("uv.lock\nrequirements-dev.txt\n")
    commit_all(root, "python project")
    plan_dir = to_execute(root)
    result = clean_after(root, "checkpoint", "--reason", "bump a dependency", "--files", "pyproject.toml", "src/app.py")
    commit = head(root)
    snap = "checkpoints/cp-001-iter1.lockfiles"
    assert (plan_dir / snap / "uv.lock").read_bytes() == b"version = 1\r\n"  # a byte-exact copy
    assert not (plan_dir / snap / "requirements-dev.txt").exists()
    text = (plan_dir / "checkpoints" / "cp-001-iter1.md").read_text()
    assert text.split("## Files That Will Change:\n")[1] == (
        "- `pyproject.toml`\n"
        "- `src/app.py`\n"
        "## Lockfiles snapshotted:\n"
        "- `poetry.lock` (tracked: git checkout restores it)\n"
        f"- `uv.lock` (untracked: copied to {snap}/uv.lock)\n"
        "- `requirements-dev.txt` (not copied: it contains PASSWORD; restore it by hand)\n"
        "## Rollback:\n"
        f"    git checkout {commit} -- .\n"
        f"    cp plans/{plan_dir.name}/{snap}/uv.lock uv.lock\n"
        "    poetry install --sync\n"
        "    uv sync --locked\n"
        "    pip install -r requirements-dev.txt\n"
    )
    assert "Wrote plans/" in result.stdout


def test_a_dirty_tree_and_no_git_are_said(root, tmp_path):
    plan_dir = to_execute(root)
    (root / "src" / "app.py").write_text("changed\n")
    (root / "notes.txt").write_text("untracked: the rollback leaves it alone\n")
    result = ok(root, "checkpoint", "--reason", "r")
    assert "1 file(s) are uncommitted" in result.stderr and "notes.txt" not in result.stderr
    assert "(1 uncommitted file(s) not in this restore point: src/app.py)" in (
        plan_dir / "checkpoints" / "cp-001-iter1.md"
    ).read_text()
    plain = tmp_path / "plain"
    plain.mkdir()
    from tests.record.helpers import add_findings
    from tests.support.plans import new_plan

    plain_dir = new_plan(plain)
    add_findings(plain)
    transition(Store(plain), "PLAN", confidence="scope=deep,solutions=adequate,risks=clear")
    (plain_dir / "plan.md").write_text(PLAN_MD)
    ok(plain, "transition", "EXECUTE", *APPROVAL)
    text = (plain_dir / "checkpoints" / "cp-000-iter1.md").read_text()
    assert "## Git State: none (not a git repository)" in text
    assert "    # no git restore point (not a git repository): undo the step's changes by hand" in text


def test_irreversible_step_asks_for_the_manual_rollback(root):
    plan_dir = to_plan(root)
    (plan_dir / "plan.md").write_text(PLAN_MD.replace("[RISK: low]\n2.", "[RISK: low] [IRREVERSIBLE]\n2."))
    ok(root, "transition", "EXECUTE", *APPROVAL)
    result = ok(root, "checkpoint", "--reason", "migration")
    assert "step 1 is [IRREVERSIBLE]: pass --manual-rollback" in result.stderr
    ok(root, "checkpoint", "--reason", "migration", "--manual-rollback", "drop the new column by hand")
    assert "Manual rollback ([IRREVERSIBLE] step): drop the new column by hand" in (
        plan_dir / "checkpoints" / "cp-002-iter1.md"
    ).read_text()


def test_refusals(root):
    to_plan(root)
    before = tree_bytes(root)
    result = cli(root, "checkpoint", "--reason", "r")
    assert result.returncode == 1 and "checkpoints are taken during EXECUTE" in result.stderr
    assert tree_bytes(root) == before
    to_execute_from_plan(root)
    before = tree_bytes(root)
    for args, message in [
        (("--reason", "r", "src/app.py"), "name the files after --files"),
        (("--reason", "r", "--files"), "--files needs at least one PATH"),
        (("--reason", "r", "--files", "../outside.py"), "is not a file inside the project"),
        (("--reason", " "), "--reason needs a text"),
    ]:
        result = cli(root, "checkpoint", *args)
        assert result.returncode == 2 and message in result.stderr, (args, result.stderr)
    assert tree_bytes(root) == before


def to_execute_from_plan(root):  # type: ignore[no-untyped-def]
    plan_id = (root / "plans" / ".current_plan").read_text()
    (root / "plans" / plan_id / "plan.md").write_text(PLAN_MD)
    transition(Store(root), "EXECUTE", **APPROVAL_KW)
