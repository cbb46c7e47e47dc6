"""Property tests: every parser takes any text without a traceback, and keeps its invariants."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skill.plans.attempts import count as fix_attempts
from skill.plans.changelog import line_issues, split_fields
from skill.plans.decisions import parse as parse_decisions
from skill.plans.markdown import extract_section, strip_comments
from skill.plans.state import current_state, derived_iteration
from skill.plans.textio import js_parse_int
from skill.validate import check_state_text
from skill.validate.anchors import LineIndex, scan_text
from skill.validate.decisions import is_strict, parse_instant
from skill.validate.gate import check_state
from skill.validate.issues import SEVERITIES

from .validate_helpers import issues, state_md, write_plan

# Text built from the pieces the parsers look for, so the interesting paths are reached.
PIECES = [
    "\n",
    " ",
    "\t",
    "\r\n",
    "-",
    "- ",
    "|",
    " | ",
    "#",
    "## ",
    "`",
    "```",
    "~~~",
    "    ",
    "<!--",
    "-->",
    "→",
    "->",
    "—",
    "EXECUTE",
    "REFLECT",
    "EXPLORE",
    "PLAN",
    "RE-PLAN",
    "PIVOT",
    "CLOSE",
    "INIT",
    "# Current State:",
    "## Iteration:",
    "## Transition History:",
    "## Fix Attempts",
    "Step 2, attempt 1",
    "Attempt 3",
    "confidence:",
    "D-001",
    "D-1",
    "D-0001",
    "DECISION",
    "# DECISION ",
    "// DECISION ",
    "<!-- DECISION ",
    "/*",
    "*/",
    "[STALE]",
    "plan-2026-11-01T100000-0a1b2c3d/",
    "plan_2026-05-15_aaaabbbb/",
    "foo/",
    "**Trade-off**:",
    "at the cost of",
    "**Anchor-Refs**:",
    "**Complexity Assessment**",
    "2026-05-15",
    "2026-05-07T09:00:00Z",
    "(",
    ")",
    "*Plan: ",
    "*",
    "[I:5]",
    "x",
    "7",
    "0x1f",
    "\ufeff",
    "\u2028",
]
hostile = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(PIECES), max_size=60).map("".join),
)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(hostile)
def test_state_parsers_never_crash(text):
    value = current_state(text)
    assert value is None or (value.strip() == value and "\n" not in value)
    derived, raw, stripped = derived_iteration(text)
    assert derived == max(raw, stripped) >= 0
    assert fix_attempts(text) >= 0
    for issue in check_state_text(text):
        assert issue.severity in SEVERITIES and issue.slug and issue.message


@FAST
@given(hostile)
def test_gate_never_crashes(text):
    result = check_state(text)
    assert result.line.startswith("GATE:PASS") or result.line.startswith("GATE:FAIL [")
    assert result.exit_code in (0, 2)
    assert "\n" not in result.line


@FAST
@given(hostile)
def test_js_parse_int(text):
    value = js_parse_int(text)
    assert value is None or isinstance(value, int)


@FAST
@given(hostile)
def test_decisions_parser(text):
    parsed = parse_decisions(text)
    lines = text.split("\n")
    for entry in parsed.entries:
        assert 1 <= entry.line <= len(lines)
        assert entry.id_str.startswith("D-")
    for line, _header in parsed.bad_headers:
        assert 1 <= line <= len(lines)
    is_strict(text)
    parse_instant(text)


@FAST
@given(hostile, st.sampled_from([".py", ".js", ".sql", ".md", ".c", ".txt", ""]))
def test_anchor_scanner(text, ext):
    line_count = text.count("\n") + 1
    for anchor in scan_text(text, ext) + scan_text(text, ext, loose=True):
        assert 1 <= anchor.line <= line_count
        assert anchor.num >= 0


@FAST
@given(hostile)
def test_line_index_matches_counting(text):
    index = LineIndex(text)
    for offset in range(0, len(text) + 1, max(1, len(text) // 7 or 1)):
        assert index.line(offset) == text.count("\n", 0, offset) + 1


@FAST
@given(hostile)
def test_changelog_lines(text):
    for line in text.split("\n"):
        problems = line_issues(line)
        assert all(isinstance(p, str) and p for p in problems)
        assert len(split_fields(line.strip())) <= 8


@FAST
@given(
    hostile, st.sampled_from(["Index", "Fix Attempts", "Verdict", "Criteria Verification", "Steps"])
)
def test_markdown_sections(text, heading):
    body = extract_section(text, heading)
    assert body is None or body == body.strip()
    stripped = strip_comments(text)
    assert len(stripped) == len(text) and stripped.count("\n") == text.count("\n")


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.sampled_from(
        [
            "state.md",
            "plan.md",
            "decisions.md",
            "changelog.md",
            "verification.md",
            "findings.md",
            "progress.md",
        ]
    ),
    hostile,
)
def test_full_validator_on_hostile_plan_files(tmp_path_factory, name, text):
    root = tmp_path_factory.mktemp("hostile")
    plan = write_plan(root)
    (plan / name).write_text(text, encoding="utf-8", errors="surrogatepass")
    (root / "src").mkdir()
    (root / "src" / "a.md").write_text(text, encoding="utf-8", errors="surrogatepass")
    for issue in issues(root):
        assert issue.severity in SEVERITIES and issue.slug


def test_state_fixture_is_clean_of_state_issues():
    assert check_state_text(state_md()) == []
