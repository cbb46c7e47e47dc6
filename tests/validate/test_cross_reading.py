"""Cross-reading: a plan folder in the shape 2.66.0 writes validates under our rules with no WARN
(and exit 0), and the gate reads its sub-step attempts. (Folders our commands write are checked
under the same rules in tests/validate/test_no_false_alarms.py and tests/hygiene/test_skip.py.)"""

from __future__ import annotations

from pathlib import Path

from skill.validate import pre_step
from tests.support.cli import run_cli

PLAN = "plan-2026-09-11T140000-e5db2894"
GONE = "plan-2026-09-04T124202-72910089"
LEGACY = "plan_2026-07-14_79ee0f59"

STATE = """# Current State: CLOSE
*Skill: iterative-planner v2.66.0*
## Iteration: 1
## Current Plan Step: 2.1
## Fix Attempts (resets per plan step)
- Step 2.1, attempt 1: dropped the stray TODO — passed
## Change Manifest (current iteration)
- Step 1 (4f2a9c1): `src/app.py`
- Step 2.1 (5b3c0d2): `src/app.py`
## Last Transition: REFLECT → CLOSE (2026-09-11T16:00:00Z)
## Transition History:
- INIT → EXPLORE (task started)
- EXPLORE → PLAN (3 findings, 2026-09-11T14:10:00Z)
  - confidence: scope=adequate, solutions=open, risks=partial
- PLAN → EXECUTE (approved, 2026-09-11T14:20:00Z)
- EXECUTE → REFLECT (steps done, 2026-09-11T15:00:00Z)
- HYGIENE SKIP (iter 1): reviewer NEEDS_WORK; REFLECT → EXECUTE then EXECUTE → REFLECT
- REFLECT → EXECUTE (completion fix 2.1, 2026-09-11T15:10:00Z)
- EXECUTE → REFLECT (fix done, 2026-09-11T15:30:00Z)
- REFLECT → CLOSE (user confirmed, 2026-09-11T16:00:00Z)
"""

PLAN_MD = """# Plan v1: tidy the parser

## Goal
Tidy the parser.

## Problem Statement
Empty input crashes it.

## Context
findings/parser.md

## Files To Modify
- `src/app.py`

## Steps
1. [x] Handle empty input [RISK: low]
2. [x] Add the test [RISK: low] [deps: 1]

## Assumptions
- The parser is pure.

## Failure Modes
| Dependency | Slow | Bad Data | Down | Blast Radius |
|---|---|---|---|---|
| none | - | - | - | low |

## Pre-Mortem & Falsification Signals
1. STOP IF other callers rely on the crash.

## Success Criteria
- Empty input returns an empty tree.

## Verification Strategy
- `pytest tests/test_parse.py`

## Complexity Budget
- Files added: 0/3 max
- New abstractions (classes/modules/interfaces): 0/2 max
"""

DECISIONS = f"""# Decision Log
*Plan: {PLAN}*
*Skill: iterative-planner v2.66.0*

## D-001 | EXPLORE → PLAN | 2026-09-11
**Context**: the parser crashes on empty input.
**Decision**: Return an empty tree for empty input.
**Trade-off**: a special case **at the cost of** one more branch
**Reasoning**: callers already handle empty trees.
**Anchor-Refs**: `src/app.py:1`
"""

FINDINGS = """# Findings

## Index
| Topic | Summary |
|---|---|
| [Parser](findings/parser.md#entry-points) | one entry point |
| [Callers](findings/callers.md) | three callers |
| [Tests](findings/tests.md) | pytest, fast |

## Key Constraints
- HARD: keep the public API.
"""

TOPIC = "# T\n\n## Summary\ns\n\n## Key Findings\n- `src/app.py:1`\n\n## Constraints\n- [HARD] x\n\n## Code Patterns\n- p\n\n## Risks & Unknowns\n- r\n"

VERIFICATION = """# Verification Results

## Criteria Verification
| # | Criterion (from plan.md) | Method | Command/Action | Result | Evidence |
|---|---|---|---|---|---|
| 1 | Empty input returns an empty tree | test | `pytest tests/test_parse.py` | PASS | 4 passed in 0.2s |

## Verdict
```
- Criteria passed: PENDING
```
1. **Criteria passed** (C-1): 1/1
2. Regressions / scope drift: none
3. Simplification blockers: none
4. Recommendation: CLOSE
   - Recommendation-related follow-up: none
"""

CHANGELOG = """# Changelog
*One line per edited file.*

<!--
an old note that is not an entry
-->
2026-09-11T14:30:00Z | iter-1/step-1 | 4f2a9c1 | src/app.py | EDIT(+3,-1) | radius:LOW(1) | D-001 | handle empty input
2026-09-11T15:20:00Z | iter-1/step-2.1 | 5b3c0d2 | src/app.py | EDIT(+0,-1) | radius:LOW(1) | - | hygiene fix: drop stray TODO
"""

REVIEW = "# Review\n\n## Concerns\n(none)\n\n## Blind Spots\n- none\n\n## Verdict\nREADY_TO_CLOSE\n"
HYGIENE = "# Hygiene Sweep — Iteration 1\n\n## Inherited\nTotal: 0\n\n## Introduced\n(none)\n\n## Verdict\nCLEAN\n"
SUMMARY = f"# Summary: tidy the parser\n*Plan: {PLAN}*\n\n## Outcome\ndone\n"

ANCHORS = f"""# Decision Anchor Manifest
*Committed, append-only.*
*Format: `<plan-id>/D-NNN | YYYY-MM-DD | one-line rationale`.*
*Written by ip-archivist at CLOSE.*
<!-- backfill of older plans -->
{GONE}/D-001 | 2026-09-04 | Leave rule (d)'s scan scope unchanged.
<!--
{LEGACY}/D-005 | 2026-07-14 | one grammar for ids
-->
"""


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def folder_266(root: Path) -> None:
    base = f"plans/{PLAN}"
    files = {
        "state.md": STATE.replace("- HYGIENE SKIP", "\u2013 HYGIENE SKIP"),
        "plan.md": PLAN_MD,
        "decisions.md": DECISIONS,
        "findings.md": FINDINGS,
        "progress.md": "# Progress\n\n## Completed\n- all\n\n## In Progress\n\n## Remaining\n\n## Blocked\n",
        "verification.md": VERIFICATION,
        "changelog.md": CHANGELOG,
        "summary.md": SUMMARY,
        "findings/review-iter-1.md": REVIEW,
        "findings/review-iter-1-pass2.md": REVIEW,
        "findings/hygiene-iter-1.md": HYGIENE,
        "checkpoints/cp-000-iter1.md": "# Checkpoint 000\n",
    }
    for name, text in files.items():
        _write(root, f"{base}/{name}", text)
    for topic in ("parser", "callers", "tests"):
        _write(root, f"{base}/findings/{topic}.md", TOPIC)
    _write(root, "plans/ANCHORS.md", ANCHORS)
    _write(root, "plans/INDEX.md", f"# Plan Index\n\n| Plan | Date | Goal | Key Topics |\n|---|---|---|---|\n| {PLAN} | 2026-09-11 | tidy | parser |\n")
    _write(root, "plans/FINDINGS.md", f"# Consolidated Findings\n\n## {PLAN}\n### Index\n- x\n")
    _write(root, "plans/DECISIONS.md", f"# Consolidated Decisions\n\n## {PLAN}\n### D-001 | EXPLORE → PLAN | 2026-09-11\n")
    _write(root, "plans/LESSONS.md", "# Lessons Learned\n")
    _write(root, "plans/SYSTEM.md", "# System Atlas\n")
    _write(
        root,
        "src/app.py",
        f"# DECISION {PLAN}/D-001: empty input is an empty tree\n"
        f"# DECISION {GONE}/D-001: resolved through plans/ANCHORS.md only\n"
        f"x = 1\n",
    )
    _write(root, "scripts/build.sh", f"rm -rf build/*\n# DECISION {LEGACY}/D-005: one grammar\ncp src/*/lib out\n")
    _write(root, "web/App.jsx", f"<Pane {{/* DECISION {GONE}/D-001: keep */}} />\n")


def test_a_266_shaped_closed_plan_validates_clean(tmp_path: Path) -> None:
    folder_266(tmp_path)
    done = run_cli(tmp_path, "validate-plan", PLAN)
    assert done.returncode == 0, done.stdout
    assert "ERROR" not in done.stdout and "WARN" not in done.stdout, done.stdout


def test_sub_step_attempts_reach_the_leash(tmp_path: Path) -> None:
    folder_266(tmp_path)
    state = tmp_path / "plans" / PLAN / "state.md"
    text = STATE.replace("# Current State: CLOSE", "# Current State: EXECUTE")
    state.write_text(text)
    _write(tmp_path, "plans/.current_plan", PLAN)
    assert pre_step(tmp_path) == (0, "GATE:PASS")
    state.write_text(text.replace(
        "- Step 2.1, attempt 1: dropped the stray TODO — passed",
        "- Step 2.1, attempt 1: first try — failed\n- Step 2.1, attempt 2: second try — failed",
    ))
    assert pre_step(tmp_path) == (2, "GATE:FAIL [leash-cap] attempts=2 cap=2")
