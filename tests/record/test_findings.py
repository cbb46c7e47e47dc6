"""`finding add`, `finding constraint`, `finding correct` through the CLI, on a real git project."""

from __future__ import annotations

import json

import pytest

from skill.plans import findings
from skill.plans.markdown import extract_section
from tests.record.helpers import (
    clean_after,
    cli,
    explore,
    to_execute,
    to_pivot,
    to_plan,
    tree_bytes,
)


def test_three_findings_open_the_way_to_plan(root):
    plan_dir = explore(root)
    clean_after(root, "finding", "add", "App module", "--summary", "f returns 1 at src/app.py:2")
    clean_after(root, "finding", "add", "Callers", "--summary", "nothing imports f", "--body", "Plain text.")
    clean_after(root, "finding", "add", "Tests", "--summary", "no tests yet")
    text = (plan_dir / "findings.md").read_text()
    index = extract_section(text, findings.INDEX) or ""
    assert index.split("\n") == [
        "- [App module](findings/app-module.md) — f returns 1 at src/app.py:2",
        "- [Callers](findings/callers.md) — nothing imports f",
        "- [Tests](findings/tests.md) — no tests yet",
    ]
    assert "To be populated" not in index
    assert findings.indexed_count(text) == 3
    topic = (plan_dir / "findings" / "app-module.md").read_text()
    assert topic.startswith("# App module\n\n## Summary\nf returns 1 at src/app.py:2\n")
    assert findings.missing_topic_sections(topic) == []
    assert "## Summary\nPlain text.\n" in (plan_dir / "findings" / "callers.md").read_text()
    moved = cli(root, "transition", "PLAN", "--confidence", "scope=deep,solutions=adequate,risks=clear")
    assert moved.returncode == 0, moved.stderr


def test_the_index_line_is_replaced_for_the_same_file_and_never_lands_under_corrections(root):
    plan_dir = explore(root)
    path = plan_dir / "findings.md"
    path.write_text(path.read_text().rstrip("\n") + "\n- [CORRECTED iter-0] an old note\n")
    clean_after(root, "finding", "add", "App module", "--summary", "first take")
    (plan_dir / "findings" / "app-module.md").write_text("# App module\nhand-written\n")
    clean_after(root, "finding", "add", "App module", "--summary", "second take")
    text = path.read_text()
    assert text.count("findings/app-module.md") == 1
    assert "- [App module](findings/app-module.md) — second take" in extract_section(text, findings.INDEX)
    assert "app-module" not in extract_section(text, findings.CORRECTIONS)
    assert (plan_dir / "findings" / "app-module.md").read_text() == "# App module\nhand-written\n"


def test_a_body_replaces_the_topic_file_and_must_hold_every_section(root):
    plan_dir = explore(root)
    clean_after(root, "finding", "add", "Cache", "--summary", "s")
    body = (
        "# Cache\n\n## Summary\nx\n\n## Key Findings\n- `a.py:1` — y\n\n## Constraints\n- [HARD] z\n\n"
        "## Code Patterns\n- [REUSE] `b.py:2` — w\n\n## Risks & Unknowns\n- none\n"
    )
    (root / "body.md").write_text(body)
    clean_after(root, "finding", "add", "Cache", "--summary", "s2", "--body-file", "body.md")
    assert (plan_dir / "findings" / "cache.md").read_text() == body
    before = tree_bytes(root)
    result = cli(root, "finding", "add", "Cache", "--summary", "s", "--body", "## Summary\nonly this\n")
    assert result.returncode == 1 and "Key Findings" in result.stderr and "Nothing was written" in result.stderr
    assert tree_bytes(root) == before


def test_constraints_go_under_key_constraints_once(root):
    plan_dir = explore(root)
    clean_after(root, "finding", "constraint", "--kind", "hard", "Python", "3.10", "stays")
    clean_after(root, "finding", "constraint", "--kind", "GHOST", "auth must run last (the proxy is gone)")
    again = clean_after(root, "finding", "constraint", "--kind", "HARD", "Python 3.10 stays", "--json")
    assert json.loads(again.stdout)["written"] == []
    section = extract_section((plan_dir / "findings.md").read_text(), findings.KEY_CONSTRAINTS)
    assert section.split("\n") == ["- HARD: Python 3.10 stays", "- GHOST: auth must run last (the proxy is gone)"]


def test_a_correction_marks_findings_md_and_the_topic_file_with_the_iteration(root):
    plan_dir = to_pivot(root)
    clean_after(root, "finding", "correct", "findings/callers.md", "--note", "g() calls f as well")
    clean_after(root, "finding", "correct", "tests", "--note", "a smoke test exists")
    text = (plan_dir / "findings.md").read_text()
    assert extract_section(text, findings.CORRECTIONS).split("\n") == [
        "- [CORRECTED iter-1] g() calls f as well (findings/callers.md)",
        "- [CORRECTED iter-1] a smoke test exists (findings/tests.md)",
    ]
    topic = (plan_dir / "findings" / "callers.md").read_text()
    assert topic.rstrip().endswith("## Corrections\n- [CORRECTED iter-1] g() calls f as well")
    assert "Callers summary" in topic  # the old text stays


def test_finding_add_in_pivot_and_json(root):
    to_pivot(root)
    result = clean_after(root, "finding", "add", "Proxy", "--summary", "the proxy was removed", "--json")
    data = json.loads(result.stdout)
    assert data["ok"] is True and data["file"] == "findings/proxy.md" and data["indexed"] == 4
    assert data["state"] == "PIVOT"


@pytest.mark.parametrize(
    "args",
    [
        ("finding", "add", "X", "--summary", "s"),
        ("finding", "constraint", "--kind", "SOFT", "t"),
        ("finding", "correct", "app-module", "--note", "n"),
    ],
)
def test_findings_are_read_only_in_execute(root, args):
    to_execute(root)
    before = tree_bytes(root)
    result = cli(root, *args)
    assert result.returncode == 1, result.stderr
    assert "the plan is in EXECUTE" in result.stderr and result.stderr.rstrip().endswith("Nothing was written.")
    assert tree_bytes(root) == before


def test_bad_input_is_a_usage_error(root):
    to_plan(root)
    cases = [
        (("finding", "add", "[x]", "--summary", "s"), "brackets"),
        (("finding", "add", "!!!", "--summary", "s"), "no letters or digits"),
        (("finding", "add", "X", "--summary", "   "), "--summary needs a text"),
        (("finding", "add", "X", "--summary", "s", "--body", "a", "--body-file", "README.md"), "not both"),
        (("finding", "constraint", "--kind", "MAYBE", "t"), "MAYBE"),
        (("finding", "correct", "../state.md", "--note", "n"), "names no file"),
        (("finding", "add", "X", "--summary", "s", "--body-file", "missing.md"), "missing.md"),
    ]
    before = tree_bytes(root)
    for args, message in cases:
        result = cli(root, *args)
        assert result.returncode == 2, (args, result.stderr)
        assert message in result.stderr and "Traceback" not in result.stderr, (args, result.stderr)
    assert tree_bytes(root) == before


def test_correcting_a_missing_topic_and_reserved_names_are_refused(root):
    plan_dir = to_pivot(root)
    before = tree_bytes(root)
    result = cli(root, "finding", "correct", "nowhere", "--note", "n")
    assert result.returncode == 1 and "findings/nowhere.md does not exist" in result.stderr
    result = cli(root, "finding", "add", "Review iter 1", "--summary", "s")
    assert result.returncode == 1 and "reviewer or hygiene-sweep report" in result.stderr
    assert tree_bytes(root) == before
    (plan_dir / "findings" / "review-iter-1.md").write_text("# Adversarial Review — Iteration 1\n")
    # an existing report is indexed as it is, never rewritten
    assert cli(root, "finding", "add", "Review iter 1", "--summary", "2 concerns").returncode == 0
    assert (plan_dir / "findings" / "review-iter-1.md").read_text() == "# Adversarial Review — Iteration 1\n"
