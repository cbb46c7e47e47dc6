"""`decision add`: numbering, the entry schema, anchors, and the PIVOT entry's Complexity Assessment."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from skill.plans import decisions
from skill.plans.store import Store
from skill.transitions.step import step
from skill.transitions.transition import transition
from tests.record.helpers import (
    APP,
    BASE_DECISION,
    clean_after,
    cli,
    explore,
    issues,
    ok,
    to_execute,
    to_pivot,
    to_plan,
    tree_bytes,
)

BASE = BASE_DECISION


def today() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d")


def test_entries_are_numbered_and_follow_the_schema(root):
    plan_dir = to_plan(root)
    first = clean_after(root, "decision", "add", *BASE)
    assert first.stdout == "D-001\n"
    second = clean_after(root, "decision", "add", *BASE, "--phase", "EXPLORE → PLAN", "--json")
    data = json.loads(second.stdout)
    assert data["id"] == "D-002" and data["phase"] == "EXPLORE → PLAN" and data["pivot"] is False
    text = (plan_dir / "decisions.md").read_text()
    assert text.endswith(
        f"## D-002 | EXPLORE → PLAN | {today()}\n"
        "**Context**: f must return 2\n"
        "**Decision**: edit f in place\n"
        "**Trade-off**: one line **at the cost of** no shim for old callers\n"
        "**Reasoning**: no caller needs 1 (findings/callers.md)\n"
    )
    parsed = decisions.parse(text)
    assert [(e.id_str, e.phase) for e in parsed.entries] == [("D-001", "PLAN"), ("D-002", "EXPLORE → PLAN")]
    assert "<!-- Schema example" in text  # the comment stays where it was


def test_values_are_one_line_and_cannot_open_a_comment(root):
    plan_dir = to_plan(root)
    clean_after(root, "decision", "add", "--context", "two\nlines <!-- hidden", "--decision", "d",
                "--gain", "g", "--cost", "c", "--reasoning", "r -->")
    entry = decisions.parse((plan_dir / "decisions.md").read_text()).entries[-1]
    assert entry.fields()["Context"] == "two lines < !-- hidden"
    assert entry.fields()["Reasoning"] == "r - ->"


def test_anchor_refs_name_the_places_and_warn_until_the_anchor_is_there(root):
    plan_dir = to_execute(root)
    plan_id = plan_dir.name
    before = issues(root)
    result = ok(root, "decision", "add", *BASE, "--anchor", "./src/app.py:2")
    assert f"src/app.py:2 holds no `DECISION {plan_id}/D-001` anchor yet" in result.stderr
    assert {slug for _sev, slug, _msg in issues(root) - before} == {"anchor-refs-stale"}
    (root / "src" / "app.py").write_text(APP + f"# DECISION {plan_id}/D-001: keep 2\n")
    assert issues(root) - before == set()
    result = ok(root, "decision", "add", *BASE, "--anchor", "src/app.py:4", "--anchor", "README.md:1-2")
    assert "src/app.py:4 holds no" in result.stderr and "README.md:1-2 holds no" in result.stderr
    (root / "src" / "app.py").write_text(APP + f"# DECISION {plan_id}/D-001: keep 2\n# DECISION {plan_id}/D-002: x\n")
    (root / "README.md").write_text(f"<!-- DECISION {plan_id}/D-002: y -->\n")
    assert issues(root) - before == set()
    entry = decisions.parse((plan_dir / "decisions.md").read_text()).entries[-1]
    assert entry.line_value(decisions.ANCHOR_REFS_LABEL) == "`src/app.py:4`, `README.md:1-2`"
    first = decisions.parse((plan_dir / "decisions.md").read_text()).entries[0]
    assert first.line_value(decisions.ANCHOR_REFS_LABEL) == "`src/app.py:2`"


def test_a_pivot_entry_carries_its_complexity_assessment(root):
    to_execute(root)
    (root / "src" / "app.py").write_text(APP + "\n\ndef g():\n    return f()\n")
    ok(root, "log-edit", "--file", "src/app.py", "--reason", "add g")
    store = Store(root)
    step(store, action="next")
    step(store, action="next")
    transition(store, "REFLECT")
    transition(store, "PIVOT")
    plan_dir = root / "plans" / store.plans_dir.joinpath(".current_plan").read_text()
    result = clean_after(root, "decision", "add", *BASE, "--what-failed", "g recursed",
                         "--simpler", "yes — inline it", "--complexity", "removing")
    assert result.stdout == "D-001\n" and result.stderr == ""
    entry = decisions.parse((plan_dir / "decisions.md").read_text()).entries[-1]
    assert entry.phase == "PIVOT" and decisions.is_pivot_phase(entry.phase)
    assert entry.body[:3] == ["**Context**: f must return 2", "**What Failed**: g recursed", "**Decision**: edit f in place"]
    block = entry.body[entry.body.index("**Complexity Assessment**:") + 1 :][:4]
    assert block == [
        "- Lines added in failed attempt: 4 (changelog.md, iteration 1)",
        "- New abstractions added: 0 (plan.md Complexity Budget)",
        "- Could the fix have been simpler? yes — inline it",
        "- Am I adding or removing complexity with the new plan? removing",
    ]


def test_a_pivot_entry_without_answers_says_so(root):
    plan_dir = to_pivot(root)
    result = clean_after(root, "decision", "add", *BASE, "--kind", "pivot")
    assert "unanswered (--simpler, --complexity)" in result.stderr
    text = (plan_dir / "decisions.md").read_text()
    assert "- Could the fix have been simpler? unanswered" in text
    ok(root, "decision", "add", *BASE, "--phase", "PIVOT: keep or revert", "--kind", "decision")
    entries = decisions.parse((plan_dir / "decisions.md").read_text()).entries
    assert [decisions.is_pivot_phase(e.phase) for e in entries] == [True, False]


def test_reflect_pivot_entry_phase(root):
    from tests.record.helpers import to_reflect

    plan_dir = to_reflect(root)
    clean_after(root, "decision", "add", *BASE, "--kind", "pivot", "--complexity", "neutral", "--simpler", "no")
    assert decisions.parse((plan_dir / "decisions.md").read_text()).entries[-1].phase == "REFLECT → PIVOT"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--kind", "pivot"), "a PIVOT entry is written in REFLECT or PIVOT"),
        (("--phase", "REFLECT → PIVOT"), "makes this a PIVOT entry"),
        (("--kind", "pivot", "--phase", "PLAN"), "--kind pivot needs a PIVOT phase"),
    ],
)
def test_pivot_phase_and_kind_must_agree(root, extra, message):
    to_plan(root)
    before = tree_bytes(root)
    result = cli(root, "decision", "add", *BASE, *extra)
    assert result.returncode == 1 and message in result.stderr and "Nothing was written" in result.stderr
    assert tree_bytes(root) == before


def test_decisions_are_not_written_in_explore(root):
    explore(root)
    before = tree_bytes(root)
    result = cli(root, "decision", "add", *BASE)
    assert result.returncode == 1 and "the plan is in EXPLORE" in result.stderr
    assert tree_bytes(root) == before


def test_bad_input(root):
    to_plan(root)
    before = tree_bytes(root)
    for args, message in [
        (("--anchor", "src/app.py"), "is not PATH:LINE"),
        (("--anchor", "nope.py:3"), "is not a file of the project"),
        (("--anchor", "../x.py:3"), "outside the project root"),
        (("--phase", " "), "--phase needs a text"),
        (("--complexity", "more"), "more"),
    ]:
        result = cli(root, "decision", "add", *BASE, *args)
        assert result.returncode == 2 and message in result.stderr, (args, result.stderr)
    result = cli(root, "decision", "add", "--context", "c", "--decision", "d", "--gain", " ", "--cost", "c",
                 "--reasoning", "r")
    assert result.returncode == 2 and "--gain needs a text" in result.stderr
    assert tree_bytes(root) == before
