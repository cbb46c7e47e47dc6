"""decisions.md: schema, sequence, trade-offs, PIVOT entries, comments, preamble and strictness."""

from __future__ import annotations

from skill.plans.decisions import parse as parse_decisions
from skill.validate.decisions import is_strict, parse_instant

from .validate_helpers import PLAN_ID, issues, pairs, slugs, state_md, write_plan

HEAD = f"# Decision Log\n*Plan: {PLAN_ID}*\n\n"


def entry(
    num: str, phase: str = "EXECUTE", body: str = "**Trade-off**: x **at the cost of** y."
) -> str:
    return f"## D-{num} | {phase} | 2026-05-15\n{body}\n\n"


def _schema(tmp_path, text: str):
    plan = write_plan(tmp_path)
    (plan / "decisions.md").write_text(text)
    return slugs(issues(tmp_path), "decisions-schema")


def test_clean(tmp_path):
    assert _schema(tmp_path, HEAD + entry("001") + entry("002")) == []


def test_pivot_entries(tmp_path):
    found = _schema(tmp_path, HEAD + entry("001", "REFLECT → REPLAN"))
    assert any("Complexity Assessment" in i.message and i.severity == "ERROR" for i in found)
    assert _schema(tmp_path, HEAD + entry("001", "PIVOT-RECOVERY")) == []
    assert _schema(tmp_path, HEAD + entry("001", "PIVOT-PLAN")) == []
    assert len(_schema(tmp_path, HEAD + entry("001", "PIVOT → PLAN"))) == 1
    ok = entry("001", "PIVOT", "**Trade-off**: a at the cost of b\n**Complexity Assessment**: fine")
    assert _schema(tmp_path, HEAD + ok) == []


def test_header_shapes(tmp_path):
    found = _schema(tmp_path, HEAD + entry("1000"))
    assert not any("non-conforming" in i.message for i in found)
    assert any("sequence" in i.message for i in found)
    found = _schema(tmp_path, HEAD + entry("1"))
    assert any("non-conforming" in i.message for i in found)
    found = _schema(tmp_path, HEAD + entry("001") + "## Notes\nfree text\n")
    assert len(found) == 1 and found[0].line == HEAD.count("\n") + 4


def test_trailing_blank_on_header_is_fine(tmp_path):
    """Fixed: trailing whitespace after the date no longer makes the header non-conforming."""
    text = HEAD + entry("001").replace("2026-05-15\n", "2026-05-15  \n")
    assert _schema(tmp_path, text) == []


def test_sequence_and_tradeoff(tmp_path):
    found = _schema(tmp_path, HEAD + entry("001") + entry("005"))
    assert len(found) == 1 and "expected D-002" in found[0].message and "D-005" in found[0].message
    found = _schema(
        tmp_path, HEAD + entry("001") + entry("002", body="**Context**: none") + entry("003")
    )
    assert pairs(found) == [("ERROR", "decisions-schema")] and "D-002" in found[0].message
    found = _schema(tmp_path, HEAD + entry("001", body="**Trade-off**: used X instead of Y"))
    assert pairs(found) == [("WARN", "decisions-schema")] and "at the cost of" in found[0].message


def test_comments_and_code_are_not_entries(tmp_path):
    template = "<!--\nschema example:\n## D-001 | EXPLORE → PLAN | YYYY-MM-DD\n**Trade-off**: …\n# DECISION plan_x/D-NNN\n\n-->\n"
    text = HEAD + template + "\n## D-001 | EXECUTE | 2026-05-15\n**Context**: no trade-off here\n"
    found = _schema(tmp_path, text)
    line = text.split("\n").index("## D-001 | EXECUTE | 2026-05-15") + 1
    assert len(found) == 1 and f"(line {line})" in found[0].message
    fenced = "```\nunclosed fence\n" + template + entry("001")
    assert _schema(tmp_path, HEAD + fenced) == []
    backticks = entry(
        "001", body="**Context**: a `<!--` in prose\n**Trade-off**: a at the cost of b"
    ) + entry("002", body="**Trade-off**: `-->` then at the cost of b")
    assert _schema(tmp_path, HEAD + backticks) == []
    closed_fence = "```markdown\n## D-009 | EXAMPLE | YYYY\n```\n"
    assert _schema(tmp_path, HEAD + closed_fence + entry("001")) == []


def test_compressed_summary_block_is_skipped(tmp_path):
    block = "<!-- COMPRESSED-SUMMARY -->\n## Summary (compressed)\n### Decision lookup\n- D-001\n<!-- /COMPRESSED-SUMMARY -->\n"
    found = _schema(tmp_path, HEAD + block + entry("001"))
    assert found == []


def test_parser_keeps_id_as_written():
    parsed = parse_decisions("## D-0001 | A | B | 2026-99-99\n**Trade-off**: x\n")
    assert parsed.entries[0].id_str == "D-0001" and parsed.entries[0].num == 1
    assert parsed.entries[0].phase == "A | B"


def test_strictness():
    assert is_strict("- INIT → EXPLORE (2026-11-01T10:00:00Z)\n")
    assert is_strict("- INIT -> EXPLORE (2026-05-07T09:00:00Z)")
    assert not is_strict("- INIT → EXPLORE (2026-05-07T08:59:59Z)")
    assert not is_strict("- INIT → EXPLORE (task started, 2026-11-01T10:00:00Z)")
    assert is_strict(
        "- INIT → EXPLORE (task started)\n## Last Transition: INIT → EXPLORE (2026-06-01)"
    )
    assert parse_instant("2026-05-07T11:00:00+02:00") == parse_instant("2026-05-07T09:00:00Z")
    assert parse_instant("2026-02-30") is None and parse_instant("soon") is None


def test_preamble(tmp_path):
    plan = write_plan(tmp_path)
    text = (plan / "decisions.md").read_text()
    (plan / "decisions.md").write_text(text.replace(f"*Plan: {PLAN_ID}*", "*Owner: me*"))
    assert pairs(slugs(issues(tmp_path), "preamble-missing")) == [("WARN", "preamble-missing")]
    strict = state_md().replace("(task started, 2026-05-15T10:53:44Z)", "(2026-05-15T10:53:44Z)")
    (plan / "state.md").write_text(strict)
    assert pairs(slugs(issues(tmp_path), "preamble-missing")) == [("ERROR", "preamble-missing")]
    (plan / "decisions.md").write_text(text.replace(PLAN_ID, "plan_2026-05-15_ccccdddd"))
    assert pairs(slugs(issues(tmp_path), "preamble-mismatch")) == [("ERROR", "preamble-mismatch")]
    (plan / "summary.md").write_text("# Summary\n")
    assert len(slugs(issues(tmp_path), "preamble-missing")) == 1
