"""Property-based tests of the lifecycle's parsers and writers."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from skill.lifecycle.retire import stamp_text
from skill.plans import ids
from skill.plans.attempts import PLACEHOLDER as RESET_PLACEHOLDER
from skill.plans.attempts import reset as reset_fix_attempts_text
from skill.plans.consolidated import apply_window, prepend_section, strip_cross_plan_note
from skill.plans.markdown import comment_spans, literal_mask, strip_comments
from skill.plans.plan import goal_first_line
from skill.plans.state import close_record as close_state_text
from skill.plans.state import read_state_fields

text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=400)
md_text = st.lists(
    st.sampled_from(["<!--", "-->", "```", "~~~", "`", "    code", "- item", "\n", "\n\n", "## H", "x", " ", "DECISION"]),
    max_size=60,
).map("".join)
hex8 = st.text(alphabet="0123456789abcdef", min_size=8, max_size=8)
date = st.dates().map(lambda d: d.isoformat()).filter(lambda s: len(s) == 10)


@given(date, st.integers(0, 235959).map(lambda n: f"{n:06d}"), hex8)
def test_both_grammars_accept_their_ids(day, clock, tail):
    assert ids.is_plan_id(f"plan-{day}T{clock}-{tail}")
    assert ids.is_plan_id(f"plan_{day}_{tail}")
    assert ids.plan_date(f"plan_{day}_{tail}") == day
    assert not ids.is_plan_id(f"plan_{day}_{tail}\n")
    assert not ids.is_plan_id(f"../plan_{day}_{tail}")


@given(text)
def test_is_plan_id_never_accepts_separators(value):
    if ids.is_plan_id(value):
        assert "/" not in value and "\n" not in value and ".." not in value


def test_minted_ids_are_new_grammar_and_unique():
    minted = {ids.mint_plan_id() for _ in range(200)}
    assert len(minted) == 200 and all(ids.is_new_plan_id(m) for m in minted)


@given(md_text)
def test_mask_and_strip_preserve_length_and_lines(doc):
    mask = literal_mask(doc)
    assert len(mask) == len(doc)
    assert [i for i, c in enumerate(mask) if c == "\n"] == [i for i, c in enumerate(doc) if c == "\n"]
    stripped = strip_comments(doc)
    assert len(stripped) == len(doc) and stripped.count("\n") == doc.count("\n")
    for start, end in comment_spans(doc):
        assert doc[start:start + 4] == "<!--" and doc[end - 3:end] == "-->"
        assert stripped[start:end].strip() == ""


@given(text)
def test_state_fields_never_cross_lines(doc):
    fields = read_state_fields(doc)
    for value in (fields.state, fields.iteration, fields.step, fields.last):
        assert value is None or ("\n" not in value and value == value.strip() and value)


@given(text)
def test_goal_first_line_is_one_line(doc):
    goal = goal_first_line("# Plan\n\n## Goal\n" + doc)
    assert goal is None or "\n" not in goal


@given(st.lists(st.text(alphabet="abc -#\n", max_size=30), max_size=8))
def test_close_state_is_idempotent(parts):
    raw = "# Current State: EXECUTE\n## Last Transition: x\n## Transition History:\n" + "".join(parts)
    once = close_state_text(raw, "2026-01-01T00:00:00Z")
    assert re.search(r"^# Current State: CLOSE$", once, re.M)
    assert close_state_text(once, "2030-01-01T00:00:00Z") == once
    assert once.count("EXECUTE → CLOSE (bootstrap close)") == 1


@given(st.lists(hex8, min_size=1, max_size=9, unique=True), st.text(alphabet="ab\n- ", max_size=40))
def test_prepend_is_newest_first_dedup_and_window_bounded(tails, body):
    doc = "# Consolidated Findings\n*intro*\n"
    plan_ids = [f"plan_2026-01-01_{t}" for t in tails]
    for plan_id in plan_ids:
        doc = prepend_section(doc, plan_id, "- " + body.strip() if body.strip() else "- x")
        assert prepend_section(doc, plan_id, "- again") == doc
    sections = re.findall(r"^## (plan\S+)$", doc, re.M)
    assert sections == list(reversed(plan_ids))
    trimmed = apply_window(doc, keep=4)  # no plans folder given: every older plan section goes
    assert re.findall(r"^## (plan\S+)$", trimmed, re.M) == list(reversed(plan_ids))[:4]
    assert trimmed.startswith("# Consolidated Findings\n*intro*\n")


@given(text)
def test_strip_cross_plan_note_never_grows(doc):
    assert len(strip_cross_plan_note(doc)) <= len(doc)


@given(st.lists(st.sampled_from(["- Step 1, attempt 1: a\n", "### sub\n", "\n", "- x\n", "## Next\n", "text\n"]), max_size=10))
def test_reset_keeps_everything_after_the_section(lines):
    body = "".join(lines)
    doc = "# Current State: EXECUTE\n## Fix Attempts (resets per plan step)\n" + body
    out = reset_fix_attempts_text(doc)
    assert out.startswith("# Current State: EXECUTE\n## Fix Attempts (resets per plan step)\n" + RESET_PLACEHOLDER + "\n")
    assert reset_fix_attempts_text(out) == out
    heading = re.search(r"^#{1,6}[ \t]", body, re.M)
    if heading:
        assert out.endswith(body[heading.start():])


@settings(max_examples=200)
@given(md_text, st.sampled_from([True, False]))
def test_stamping_is_idempotent(doc, markdown):
    plan_id = "plan_2026-03-01_cccccccc"
    doc = doc.replace("DECISION", f"DECISION {plan_id}/D-001")
    once, count = stamp_text(doc, plan_id, markdown)
    twice, again = stamp_text(once, plan_id, markdown)
    assert again == 0 and twice == once
    assert once.count("[STALE]") == doc.count("[STALE]") + count
