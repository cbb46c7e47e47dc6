"""The owners' writers and readers behind the bookkeeping commands: examples and properties."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skill.plans import checkpoints, decisions, findings, lockfiles, plan, verification
from skill.plans.markdown import extract_section, put_line
from skill.plans.textio import one_line

TEMPLATE_FINDINGS = """# Findings
*One-line summaries.*

## Index
*To be populated during EXPLORE: one bullet per finding.*

## Key Constraints
*To be populated during EXPLORE: limits any plan must respect.*

## Corrections
*Nothing yet. When a finding turns out wrong, tag the line [CORRECTED iter-N].*
"""

text_values = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


# -- findings.md -------------------------------------------------------------------------------


def test_index_lines_replace_placeholders_and_their_own_file():
    text = findings.set_index_line(TEMPLATE_FINDINGS, "Auth", "findings/auth.md", "three readers")
    text = findings.set_index_line(text, "Store", "findings/store.md", "no TTL")
    text = findings.set_index_line(text, "Auth v2", "findings/auth.md#entry", "two readers")
    assert extract_section(text, findings.INDEX) == (
        "- [Auth v2](findings/auth.md#entry) — two readers\n- [Store](findings/store.md) — no TTL"
    )
    assert findings.indexed_count(text) == 2
    assert extract_section(text, findings.KEY_CONSTRAINTS).startswith("*To be populated")


def test_a_missing_index_section_is_added_before_the_constraints():
    text = "# Findings\n\n## Key Constraints\n- HARD: x\n"
    out = findings.set_index_line(text, "A", "findings/a.md", "s")
    assert out == "# Findings\n\n## Index\n- [A](findings/a.md) — s\n\n## Key Constraints\n- HARD: x\n"


@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c", "d"]), text_values.map(one_line)), max_size=8))
@settings(max_examples=80, deadline=None)
def test_index_has_one_line_per_file_and_the_other_sections_stay(entries):
    text = TEMPLATE_FINDINGS
    for name, summary in entries:
        text = findings.set_index_line(text, name.upper(), f"findings/{name}.md", summary or "s")
    assert findings.indexed_count(text) == len({name for name, _ in entries})
    assert text.split("## Key Constraints")[1] == TEMPLATE_FINDINGS.split("## Key Constraints")[1]
    again = findings.set_index_line(text, "A", "findings/a.md", "x")
    assert findings.set_index_line(again, "A", "findings/a.md", "x") == again


@given(text_values)
def test_slugs_are_kebab_case_or_refused(topic):
    try:
        slug = findings.slug(topic)
    except ValueError:
        assert not re.search(r"[A-Za-z0-9]", topic.encode("ascii", "ignore").decode())
        return
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug) and len(slug) <= 60


def test_constraints_and_corrections():
    text = findings.add_constraint(TEMPLATE_FINDINGS, "HARD", "py3.10")
    assert findings.add_constraint(text, "HARD", "py3.10") == text
    text = findings.add_correction(text, findings.correction_line(2, "cron purges keys", "findings/store.md"))
    assert extract_section(text, findings.CORRECTIONS) == "- [CORRECTED iter-2] cron purges keys (findings/store.md)"
    assert extract_section(text, findings.KEY_CONSTRAINTS) == "- HARD: py3.10"


def test_topic_files_from_a_body():
    assert findings.missing_topic_sections(findings.topic_skeleton("T", "s")) == []
    assert findings.topic_from_body("T", "just words\n").startswith("# T\n\n## Summary\njust words\n")
    assert findings.topic_from_body("T", "## Summary\nx\n").startswith("# T\n\n## Summary\nx\n")


def test_put_line_at_the_end_of_a_file_keeps_a_final_newline():
    assert put_line("## A\n- x", "A", "- y") == "## A\n- x\n- y\n"
    assert put_line("## A\n- x\n\n## B\n", "A", "- y") == "## A\n- x\n- y\n\n## B\n"


# -- plan.md -----------------------------------------------------------------------------------

PLAN = """# Plan v1

## Files To Modify
- `src/auth/session.py`: replace the parser
- src/auth/token.py (new): issue tokens
- tests/: new tests
- Nothing else really.

## Steps
1. [ ] Add token issue in src/auth/token.py [RISK: medium]
   also touches `src/auth/hmac.py`
2. [ ] Switch `src/auth/session.py` [RISK: high] [IRREVERSIBLE]
3. [ ] Document it [RISK: low]

## Success Criteria
- tokens cross hosts
  - even with skew
1. revoked tokens fail

## Verification Strategy
### Required
- Criterion 1: `pytest tests/auth -k cross_host`, 0 failures.
- **Criterion 2:** `pytest -k revoke | tail -1` when the stub exists.
- Criterion 3: read the docs.
- Criterion 1: `ignored` (the first line wins)
"""


def test_plan_files_steps_and_criteria():
    assert plan.files_to_modify(PLAN) == ["src/auth/session.py", "src/auth/token.py", "tests/"]
    assert plan.step_files(PLAN, 1) == ["src/auth/hmac.py", "src/auth/token.py"]
    assert plan.step_files(PLAN, 2) == ["src/auth/session.py"]
    assert plan.step_files(PLAN, 3) == [] and plan.step_files(PLAN, 9) == []
    assert plan.is_irreversible(PLAN, 2) and not plan.is_irreversible(PLAN, 1)
    assert plan.success_criteria(PLAN) == ["tokens cross hosts", "revoked tokens fail"]
    assert plan.criteria_count(PLAN) == 3
    checks = plan.criterion_checks(PLAN)
    assert {n: c.command for n, c in checks.items()} == {
        1: "pytest tests/auth -k cross_host",
        2: "pytest -k revoke | tail -1",
        3: None,
    }
    assert plan.budget_used("## Complexity Budget\n- New abstractions (x): 2/3 max\n", "New abstractions") == 2


# -- verification.md ---------------------------------------------------------------------------


@given(st.lists(text_values, min_size=1, max_size=5))
def test_cells_read_back_what_a_row_wrote(values):
    row = verification.table_row(values)
    read = verification.cells(row)
    assert [cell.replace("\\|", "|") for cell in read] == [one_line(v) or "-" for v in values]


def test_rows_are_upserted_in_number_order_and_the_verdict_reads_back():
    text = "# Verification Results\n\n## Criteria Verification\n| # | Criterion (from plan.md) | Method | Command/Action | Result | Evidence |\n|---|---|---|---|---|---|\n| 1 | *To be populated during PLAN* | - | - | PENDING | - |\n\n## Verdict\n- Criteria passed: PENDING\n"
    text = verification.set_criterion(text, 3, ["c", "m", "`x | y`", "FAIL", "exit 1"])
    text = verification.set_criterion(text, 1, ["a", "m", "-", "PASS", "12 passed"])
    text = verification.set_criterion(text, 2, ["b", "m", "-", "PASS", "3/3"])
    rows = verification.criteria(text)
    assert list(rows) == [1, 2, 3] and rows[3][3] == "`x \\| y`" and rows[1][1] == "a"
    text = verification.set_check(text, "Regression", ["pytest", "PASS", "ok run"])
    assert "## Additional Checks\n| Check | Command/Action | Result | Details |" in text
    assert text.index("## Additional Checks") < text.index("## Verdict")
    text = verification.set_verdict(text, ["2/3", "none", "none", "none", "→ PIVOT"])
    verdict = extract_section(text, verification.VERDICT) or ""
    positions = verification.verdict_positions(verdict)
    assert verification.missing_verdict_items(positions) == [] and verification.verdict_in_order(positions)
    assert verification.recommendation(text) == "PIVOT"


@pytest.mark.parametrize(
    ("line", "state"),
    [
        ("- Recommendation: → CLOSE", "CLOSE"),
        ("* **Recommended transition**: EXECUTE (completion fix)", "EXECUTE"),
        ("- Recommendation: PENDING (→ CLOSE / PIVOT)", None),
        ("- Recommendation-related follow-up: CLOSE", None),
        ("Recommendation: CLOSE", None),
    ],
)
def test_the_recommendation_reader(line, state):
    assert verification.recommendation(f"## Verdict\n- Criteria passed: 1/1\n{line}\n") == state


# -- decisions.md ------------------------------------------------------------------------------


def test_a_pivot_entry_with_its_block_reads_back():
    label, block = decisions.complexity_assessment("12", "1", "no", "removing")
    entry = decisions.NewEntry(
        3, "PIVOT", "2026-01-02",
        (("Context", "c"), ("Decision", "d"), ("Trade-off", decisions.trade_off("a", "b")), ("Reasoning", "r"), (label, block)),
    )
    text = decisions.format_entry(entry)
    assert text.endswith(
        "**Complexity Assessment**:\n- Lines added in failed attempt: 12\n- New abstractions added: 1\n"
        "- Could the fix have been simpler? no\n- Am I adding or removing complexity with the new plan? removing"
    )
    parsed = decisions.parse(text).entries[0]
    assert parsed.mentions(decisions.COMPLEXITY_ASSESSMENT_LABEL) and parsed.has_field("Trade-off")
    assert decisions.next_number(text) == 4 and decisions.next_number(None) == 1


def test_last_value_finds_the_latest_entry_with_the_label():
    text = "## D-001 | REFLECT | 2026-01-01\n**Blocker found**: yes — x\n\n## D-002 | REFLECT | 2026-01-02\n**Blocker found**: no\n"
    assert decisions.last_value(text, "Blocker found") == ("D-002", "no")
    assert decisions.last_value(text, "Nothing") is None


# -- checkpoints and lockfiles -----------------------------------------------------------------


def test_checkpoint_names_numbers_and_commit():
    names = ["cp-000-iter1.md", "cp-001-iter2.md", "cp-002-iter2.md", "notes.md", "cp-000-iter1.lockfiles"]
    assert checkpoints.next_number(names) == 3 and checkpoints.next_number([]) == 0
    assert checkpoints.first_of_iteration(names, 2) == "cp-001-iter2.md"
    assert checkpoints.first_of_iteration(names, 3) is None
    text = checkpoints.render(checkpoints.Checkpoint(1, 2, "r", "3f2a9c1", "2 uncommitted", rollback=("git checkout 3f2a9c1 -- .",)))
    assert checkpoints.commit_of(text) == "3f2a9c1"
    assert "## Files That Will Change:\n- none named ()" in text
    assert checkpoints.commit_of(checkpoints.render(checkpoints.Checkpoint(0, 1, "r", None, "no git"))) is None


def test_lockfile_rules():
    touched = lockfiles.touched(["web/package.json", "src/a.py", "requirements.txt"])
    assert [(eco.name, folder) for eco, folder in touched] == [("npm", "web"), ("python", "")]
    npm = touched[0][0]
    assert lockfiles.lockfile_candidates(npm, "web", ["yarn.lock", "index.js"]) == [
        ("web/yarn.lock", "(cd web && yarn install --frozen-lockfile)")
    ]
    python = touched[1][0]
    assert lockfiles.lockfile_candidates(python, "", ["requirements.txt", "uv.lock"]) == [
        ("uv.lock", "uv sync --locked"),
        ("requirements.txt", "pip install -r requirements.txt"),
    ]
    for name in (".env", ".env.local", "deploy.pem", "id_rsa", "Credentials.json", "server.KEY"):
        assert lockfiles.secret_name(name), name
    assert not lockfiles.secret_name("uv.lock")
    assert lockfiles.secret_content(b"x\nAWS_SECRET=1\n") == "SECRET"
    assert lockfiles.secret_content(b"js-tokens@4.0.0") is None
