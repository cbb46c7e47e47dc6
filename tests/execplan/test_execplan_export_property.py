"""Property: whatever the plan folder holds, the exported ExecPlan lints clean in its profile."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from skill.execplan.export import render_execplan
from skill.execplan.folder import Decision, PlanSnapshot, parse_steps
from skill.execplan.lint import lint_text
from skill.execplan.profiles import PROFILES

_PIECES = [
    "text", " ", "\n", "\n\n", "## Heading\n", "# Title\n", "### Sub\n", "```\n", "```py\n", "~~~\n",
    "- [ ] box\n", "- [x] done\n", "1. [x] step\n", "2. [ ] next ← CURRENT\n", "https://example.org/x",
    "www.example.com", "http://localhost:8000/", "2025-01-02 03:04", "2025-01-02T03:04:05Z",
    "2025-01-02T03:04", "AKIA" + "ABCDEFGHIJKLMNOP", "password=supersecret1", "-----BEGIN PRIVATE KEY-----",
    "Status: WHATEVER\n", "Next Action:\n", "| a | b |\n", "<!-- c -->", "    indented\n", "*italic*\n",
    "Retrieved: 2025-01-01T00:00:00Z\n", "Source: https://s.example/\n", "---\n", "é", "\t",
]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)
_OPTIONAL = st.none() | _TEXT


@st.composite
def snapshots(draw) -> PlanSnapshot:
    steps_text = draw(_TEXT)
    return PlanSnapshot(
        plan_id="plan-2026-01-01T000000-0123abcd",
        plan_dir=Path("plans/plan-2026-01-01T000000-0123abcd"),
        state=draw(st.sampled_from(["EXPLORE", "PLAN", "EXECUTE", "REFLECT", "PIVOT", "CLOSE", "??"])),
        iteration=draw(st.sampled_from(["0", "3"])),
        current_step=draw(st.sampled_from(["N/A", "2 of 5", "2025-01-02 03:04"])),
        goal=draw(_TEXT) or "No goal specified",
        plan={
            name: draw(_OPTIONAL)
            for name in (
                "Problem Statement", "Context", "Files To Modify", "Assumptions", "Failure Modes",
                "Pre-Mortem & Falsification Signals", "Success Criteria", "Verification Strategy",
                "Complexity Budget",
            )
        },
        steps=parse_steps(steps_text),
        decisions=[
            Decision("D-001", draw(_TEXT) or "PLAN", "2026-01-01", {"Decision": draw(_TEXT), "Context": draw(_TEXT)})
        ],
        findings={name: draw(_OPTIONAL) for name in ("Index", "Key Constraints", "Corrections")},
        progress={name: draw(_OPTIONAL) for name in ("Completed", "In Progress", "Remaining", "Blocked")},
        verification={name: draw(_OPTIONAL) for name in ("Not Verified", "Concerns", "Verdict")},
        criteria_rows=[["1", draw(_TEXT), "m", draw(_TEXT), "PASS", draw(_TEXT)]],
        step_times={1: "2026-01-01T00:00:00Z"},
        checkpoints=[],
        created="2026-01-01T00:00:00Z",
        updated="2026-01-02T00:00:00Z",
    )


@settings(max_examples=60, deadline=None)
@given(snapshots(), st.sampled_from(sorted(PROFILES)))
def test_any_plan_exports_to_a_clean_execplan(snap: PlanSnapshot, profile: str) -> None:
    text = render_execplan(snap, profile)
    findings = lint_text(text, PROFILES[profile]).findings
    assert [f for f in findings if f.severity == "error"] == [], [(f, text.split("\n")[f.line - 1]) for f in findings]
