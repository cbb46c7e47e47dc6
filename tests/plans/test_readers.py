"""The owners' typed readers read back what their writers write (property tests), and read the
hand-written shapes agents leave."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from skill.plans import attempts, changelog, consolidated, ids, verification
from skill.plans import plan as planfile
from skill.plans import state as statefile
from skill.plans.protocol import STATES

#: One line of text an agent might write: no newline, no control character, no surrogate.
line_text = st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=40)
words = line_text.map(lambda s: " ".join(s.split())).filter(bool)
#: A note as ``transition`` writes it: balanced (no) parentheses.
notes = words.filter(lambda s: "(" not in s and ")" not in s)
states = st.sampled_from(STATES)


@given(st.lists(st.tuples(states, states, notes), max_size=6), st.integers(0, 3))
def test_history_records_read_back_what_history_line_writes(moves, blank_lines):
    lines = [statefile.history_line(source, target, note) for source, target, note in moves]
    head = "# Current State: PLAN\n" + "\n" * blank_lines
    text = statefile.append_history(head + statefile.HISTORY_HEADING + "\n", lines)
    records = statefile.history_records(text)
    assert [(r.source, r.target, r.note) for r in records] == moves
    split = text.split("\n")
    assert all(split[r.line - 1] == r.text for r in records)


def test_history_records_read_like_the_validator():
    text = (
        "## Transition History:\n"
        "- INIT → EXPLORE (task started)\n"
        "  - confidence: scope=deep\n"
        "- PLAN -> EXECUTE (PC-PLAN presented; approved (v1); 2026-03-01T08:30:00Z) (forced: approved)\n"
        "- reflect -> re_plan (lower case; RE_PLAN reads as PIVOT)\n"
        "not a record → CLOSE\n"
        "- EXECUTE → REFLECT\n"
    )
    records = statefile.history_records(text)
    assert [(r.source, r.target, r.note, r.line) for r in records] == [
        ("INIT", "EXPLORE", "task started", 2),
        ("PLAN", "EXECUTE", "PC-PLAN presented; approved (v1); 2026-03-01T08:30:00Z", 4),
        ("REFLECT", "PIVOT", "lower case; RE_PLAN reads as PIVOT", 5),
        ("EXECUTE", "REFLECT", "", 7),
    ]
    assert statefile.history_records("# Current State: PLAN\n") == []


@given(states, states, notes)
def test_last_transition_reads_back_its_writer(source, target, when):
    text = statefile.set_last_transition("# Current State: X\n## Transition History:\n", source, target, when)
    record = statefile.last_transition(text)
    assert record is not None and (record.source, record.target, record.note) == (source, target, when)
    assert record.text == statefile.last_transition_line(source, target, when) and record.line == 2
    assert statefile.last_transition("## Last Transition: not a move\n") is None


results = st.sampled_from(["failed", "passed", "partial"])


@given(st.lists(st.tuples(st.integers(1, 99), st.integers(1, 9), words, results), max_size=5))
def test_attempt_records_read_back_what_attempt_line_and_add_write(tried):
    text = f"# Current State: EXECUTE\n{attempts.HEADING}\n{attempts.PLACEHOLDER}\n\n## Next\n"
    for step, number, what, result in tried:
        text = attempts.add(text, attempts.attempt_line(step, number, what, result))
    assert [(r.step, r.number, r.what, r.result) for r in attempts.records(text)] == tried
    assert len(attempts.records(text)) == attempts.count(text)


def test_attempt_lines_in_the_older_and_hand_written_shapes():
    assert attempts.parse_line("- Attempt 2: cache the token → failed") == attempts.AttemptRecord(
        None, 2, "cache the token", "failed")
    assert attempts.parse_line("- step 3, attempts 1: a → b → passed (iter-2)") == attempts.AttemptRecord(
        3, 1, "a → b", "passed (iter-2)")
    assert attempts.parse_line("- Step 1, attempt 1 no colon, no arrow") == attempts.AttemptRecord(
        1, 1, "no colon, no arrow", "")
    assert attempts.parse_line("- (none yet for current step)") is None


step_words = st.text(alphabet="abc xyz.:[]-", max_size=20).map(lambda s: " ".join(s.split())).filter(
    lambda s: s and not s.startswith(("[ ]", "[x]", "[X]")))


@given(st.lists(st.tuples(step_words, st.booleans()), min_size=1, max_size=6), st.data())
def test_step_items_read_back_what_mark_step_leaves(items, data):
    lines = [f"{n}. [{'x' if done else ' '}] {text}" for n, (text, done) in enumerate(items, start=1)]
    text = "# Plan v1\n\n## Steps\n" + "\n".join(lines) + "\n<!-- 9. hidden -->\n\n## Assumptions\n- none\n"
    current = data.draw(st.integers(1, len(items)))
    done = data.draw(st.integers(1, len(items)))
    marked = planfile.mark_step(text, current, done)
    found = planfile.step_items(marked)
    assert [(i.number, i.text) for i in found] == [(n, t) for n, (t, _d) in enumerate(items, start=1)]
    assert [i.done for i in found] == [d or n == done for n, (_t, d) in enumerate(items, start=1)]
    assert [i.number for i in found if i.marked] == [current]
    assert planfile.steps(marked) == [i.number for i in found]


def test_step_items_without_checkboxes():
    text = "## Steps\n1. one ← CURRENT\n2.  [X] two\n   3. nested\n## Next\n"
    assert [(i.number, i.text, i.done, i.marked) for i in planfile.step_items(text)] == [
        (1, "one", False, True), (2, "two", True, False)]
    assert planfile.step_items(None) == [] and planfile.step_items("## Goal\nx\n") == []


def test_verdict_values_name_each_item_once_in_the_order_written():
    verdict = (
        "- Criteria passed: 3/4\n"
        "- **Regressions**: none\n"
        "Scope drift: one file\n"
        "- Regressions: written twice, the first counts\n"
        "- Recommended transition: EXECUTE (completion fix)\n"
        "- a note without the colon\n"
    )
    assert verification.verdict_values(verdict) == [
        ("Criteria passed", "3/4"), ("Regressions", "none"), ("Scope drift", "one file"),
        ("Recommended transition", "EXECUTE (completion fix)"),
    ]
    assert verification.verdict_values(None) == []


@given(st.integers(0, 10**6), st.integers(0, 10**6))
def test_parse_step_reads_the_step_field(iteration, step):
    assert changelog.parse_step(f"iter-{iteration}/step-{step}") == (iteration, step)
    assert changelog.STEP_RE.fullmatch(f"iter-{iteration}/step-{step}")


def test_parse_step_refuses_other_shapes():
    assert [changelog.parse_step(v) for v in ("iter-1/step-", "iter-1", "iter-a/step-1", "step-1/iter-1")] == [None] * 4


plan_ids = st.one_of(
    st.builds(lambda d, t: f"plan-{d.isoformat()}T{t.strftime('%H%M%S')}-0badcafe", st.dates(), st.times()),
    st.builds(lambda d: f"plan_{d.isoformat()}_0badcafe", st.dates()),
).filter(ids.is_plan_id)


@given(plan_ids, st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())), st.one_of(st.none(), line_text))
def test_index_rows_read_back_what_index_row_writes(plan_id, date, goal):
    findings = "# Findings\n## Index\n- [Auth|Z](findings/auth.md) — x\n- [Store](findings/s.md) — y\n"
    row = consolidated.index_row(plan_id, date, goal, findings)
    text = consolidated.add_index_row("# Plan Index\n\n| Plan | Date | Goal | Key Topics |\n|---|---|---|---|", row)
    (read,) = consolidated.index_rows(text)
    assert read.plan_id == plan_id and read.topics == "auth|z, store"
    assert read.date == (date or "unknown")
    assert read.goal == (goal or "No goal")[:60].strip()


@given(st.lists(st.tuples(plan_ids, words), max_size=4, unique_by=lambda t: t[0]))
def test_plan_sections_read_back_what_prepend_section_writes(sections):
    text = "# Consolidated Findings\n"
    for plan_id, body in sections:
        text = consolidated.prepend_section(text, plan_id, body)
    assert consolidated.plan_sections(text) == {plan_id: body for plan_id, body in sections}


@given(plan_ids)
def test_commit_tag_drops_the_time_and_joins_with_dashes(plan_id):
    tag = ids.commit_tag(plan_id)
    assert tag is not None and re.fullmatch(r"plan-[0-9]{4}-[0-9]{2}-[0-9]{2}-0badcafe", tag)
    assert tag[5:15] == ids.plan_date(plan_id)
    instant = ids.plan_instant(plan_id)
    assert instant is not None and instant.date().isoformat() == ids.plan_date(plan_id)


def test_commit_tag_and_instant_examples():
    assert ids.commit_tag("plan-2026-07-14T051317-317362c4") == "plan-2026-07-14-317362c4"
    assert ids.commit_tag("plan_2026-07-14_79ee0f59") == "plan-2026-07-14-79ee0f59"
    assert ids.commit_tag("plan-x") is None
    stamp = ids.plan_instant("plan-2026-07-14T051317-317362c4")
    assert stamp is not None and stamp.isoformat() == "2026-07-14T05:13:17+00:00"
    assert ids.plan_instant("plan-2026-02-30T000000-317362c4") is None
