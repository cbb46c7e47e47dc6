"""state.md checks: transitions, leash, iteration caps, comment anomalies, confidence, PC log."""

from __future__ import annotations

from skill.plans.state import derived_iteration
from skill.plans.textio import js_parse_int
from skill.validate import check_state_text

from .validate_helpers import issues, pairs, slugs, state_md, write_plan


def _records(n: int) -> str:
    return "\n".join(f"- EXECUTE → REFLECT ({i})\n- REFLECT → EXECUTE ({i})" for i in range(n))


def test_leash_levels():
    four = "\n".join(f"- Step 2, attempt {n}: x" for n in range(1, 5))
    three = "\n".join(f"- Attempt {n}" for n in range(1, 4))
    two = "- Attempt 1\n- Attempt 2"
    assert pairs(slugs(check_state_text(state_md(fix_body=four)), "leash")) == [("ERROR", "leash")]
    assert "4 fix attempts" in slugs(check_state_text(state_md(fix_body=four)), "leash")[0].message
    assert pairs(slugs(check_state_text(state_md(fix_body=three)), "leash")) == [("WARN", "leash")]
    assert slugs(check_state_text(state_md(fix_body=two)), "leash") == []


def test_leash_shapes_and_headings():
    mixed = "- Step 2, attempts 1\n- Step 2, attempts 2\n- Step 2 attempts 3\n- Step 2  attempts 4"
    assert pairs(slugs(check_state_text(state_md(fix_body=mixed)), "leash")) == [("ERROR", "leash")]
    four = "\n".join(f"- Step 1 attempt {n}" for n in range(1, 5))
    text = state_md(fix_heading="## Fix Attempts", fix_body=four)
    assert pairs(slugs(check_state_text(text), "leash")) == [("ERROR", "leash")]
    prose = "- (none yet for current step)\n- some unrelated note about the step\n- Step 2: LEASH HIT. Transitioned."
    assert slugs(check_state_text(state_md(fix_body=prose)), "leash") == []


def test_leash_only_in_execute_and_reflect():
    four = "\n".join(f"- Attempt {n}" for n in range(1, 5))
    assert slugs(check_state_text(state_md(state="PLAN", fix_body=four)), "leash") == []
    assert slugs(check_state_text(state_md(state="REFLECT", fix_body=four)), "leash")


def test_iteration_derived_from_records():
    found = slugs(check_state_text(state_md(iteration="0", extra=_records(7))), "iteration")
    assert pairs(found) == [("ERROR", "iteration")] and "derived=7" in found[0].message
    assert slugs(check_state_text(state_md(iteration="0", extra=_records(3))), "iteration") == []


def test_iteration_five_warns_six_errors():
    five = slugs(check_state_text(state_md(iteration="5")), "iteration")
    assert pairs(five) == [("WARN", "iteration")] and "decomposition" in five[0].message
    assert pairs(slugs(check_state_text(state_md(iteration="7 (stale)")), "iteration")) == [
        ("ERROR", "iteration")
    ]


def test_records_inside_a_comment_still_count_and_are_flagged():
    extra = "<!-- guidance:\n- EXECUTE → REFLECT (example)\n-->\n- EXECUTE → REFLECT (1)"
    found = check_state_text(state_md(extra=extra))
    anomalies = slugs(found, "state-comment-anomaly")
    assert len(anomalies) == 1 and "2" in anomalies[0].message and "1" in anomalies[0].message
    assert derived_iteration(state_md(extra=extra))[0] == 2


def test_unterminated_opener_names_its_line():
    text = state_md() + "<!-- note: stray, never closed\n"
    line = text.split("\n").index("<!-- note: stray, never closed") + 1
    found = slugs(check_state_text(text), "state-comment-anomaly")
    assert len(found) == 1 and f"line {line}:" in found[0].message and found[0].line == line


def test_backticked_opener_is_prose():
    text = state_md().replace("- (no changes yet)", "- replaced `<!--` scans in the parser")
    assert slugs(check_state_text(text), "state-comment-anomaly") == []


def test_stray_opener_counts(tmp_path):
    text = (
        state_md(extra=_records(4)).replace(
            "## Last Transition:", "<!-- note: something\n## Last Transition:"
        )
        + "<!-- trailing guidance -->\n"
    )
    assert derived_iteration(text)[0] == 4


def test_transition_legality():
    ok = state_md(extra="- EXECUTE → REFLECT (a)\n- REFLECT → EXECUTE (b)")
    assert slugs(check_state_text(ok), "transition") == []
    bad = state_md(extra="- CLOSE → EXPLORE (real, illegal)")
    found = slugs(check_state_text(bad), "transition")
    assert pairs(found) == [("ERROR", "transition")] and "CLOSE→EXPLORE" in found[0].message
    commented = state_md(extra="<!-- example block:\n- CLOSE → EXPLORE (x)\n-->")
    assert slugs(check_state_text(commented), "transition") == []
    close = state_md(
        state="CLOSE",
        extra="- EXECUTE → REFLECT\n- REFLECT → CLOSE\n- CLOSE → CLOSE (bootstrap close)",
    )
    assert slugs(check_state_text(close), "transition") == []


def test_replan_is_a_pivot():
    """Fixed: RE-PLAN as a destination is PIVOT, not the truncated 'RE'."""
    assert slugs(check_state_text(state_md(extra="- REFLECT → RE-PLAN (x)")), "transition") == []
    assert slugs(check_state_text(state_md(extra="- REPLAN → PLAN (x)")), "transition") == []
    found = slugs(check_state_text(state_md(extra="- EXECUTE → RE-PLAN (x)")), "transition")
    assert "EXECUTE→PIVOT" in found[0].message


def test_arrow_without_spaces_is_checked():
    """Fixed: `A→B` is checked like `A → B` (the original skipped it)."""
    found = slugs(check_state_text(state_md(extra="- CLOSE→EXPLORE")), "transition")
    assert pairs(found) == [("ERROR", "transition")]


def test_missing_state_and_history():
    assert pairs(check_state_text("")) == [("ERROR", "state")]
    found = check_state_text("# Title\n## Transition History:\n")
    assert ("ERROR", "state") in pairs(found)
    assert ("WARN", "state") in pairs(check_state_text("# Current State: PLAN\n"))


def test_empty_current_state_is_missing():
    """Fixed: an empty `# Current State:` does not borrow the next line."""
    text = state_md().replace("# Current State: EXECUTE", "# Current State:")
    assert ("ERROR", "state") in pairs(check_state_text(text))


def test_manifest_gate():
    text = state_md().replace("## Change Manifest (current iteration)\n", "")
    assert pairs(slugs(check_state_text(text), "manifest")) == [("WARN", "manifest")]
    assert (
        slugs(
            check_state_text(state_md(state="PLAN").replace("## Change Manifest", "")), "manifest"
        )
        == []
    )


def test_exploration_confidence():
    text = state_md().replace("  - confidence: scope=deep, solutions=adequate, risks=clear\n", "")
    assert len(slugs(check_state_text(text), "exploration-confidence")) == 1
    cycles = state_md(
        extra="- PIVOT → PLAN (cycle 2)\n- EXPLORE → PLAN (cycle 2)\n- EXPLORE → PLAN (cycle 3)"
    )
    assert len(slugs(check_state_text(cycles), "exploration-confidence")) == 1
    assert slugs(check_state_text(state_md()), "exploration-confidence") == []


def test_presentation_contract_is_not_checked(tmp_path):
    """2.61.0 dropped the check: a contract is shown in the chat, so a correct plan always warned."""
    write_plan(tmp_path)
    assert slugs(issues(tmp_path), "presentation-contract-unlogged") == []


def test_js_parse_int():
    assert js_parse_int("7 (stale)") == 7
    assert js_parse_int("  -3x") == -3
    assert js_parse_int("0x1A") == 26 and js_parse_int("0x1A", radix10=True) == 0
    assert js_parse_int("abc") is None and js_parse_int("") is None and js_parse_int(None) is None
