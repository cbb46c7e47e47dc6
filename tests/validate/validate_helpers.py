"""A baseline plan folder (the shape the original's own tests use) and ways to run the validator.

The files are written by hand on purpose: they are the validator's input under test, including
a legacy plan id and states no command sequence produces. Commands run through the shared runner.
"""

from __future__ import annotations

from pathlib import Path

from skill.validate import Issue, validate_plan
from tests.support.cli import run_cli
from tests.support.env import REPO

__all__ = ["REPO", "run_cli"]

PLAN_ID = "plan_2026-05-15_aaaabbbb"

PLAN_MD = """# Plan v1: fixture

## Goal
Ship the fixture.

## Problem Statement
The fixture needs a plan.

## Context
Nothing special.

## Files To Modify
- src/app.py

## Steps
1. Write the code.

## Assumptions
- Python is installed.

## Failure Modes
| Dependency | Slow | Bad data | Down | Blast radius |
|---|---|---|---|---|
| disk | wait | reject | stop | low |

## Pre-Mortem & Falsification Signals
- It fails if the disk is full.

## Success Criteria
- Tests pass.

## Verification Strategy
- Run pytest.

## Complexity Budget
- Files: 0/3
"""

PROGRESS_MD = """# Progress

## Completed
- nothing

## In Progress
- step 1

## Remaining
- step 2

## Blocked
- none
"""

DECISIONS_MD = f"""# Decision Log
*Plan: {PLAN_ID}*

## D-001 | EXPLORE → PLAN | 2026-05-15
**Context**: a choice.
**Decision**: take it.
**Trade-off**: a **at the cost of** b.
**Anchor-Refs**: (none yet)
"""

TOPIC = """# Topic

## Summary
s

## Key Findings
k

## Constraints
c

## Code Patterns
p

## Risks
r
"""

FINDINGS_MD = """# Findings Index

- [One](findings/f1.md): first
- [Two](findings/f2.md): second
- [Three](findings/f3.md): third
"""

VERIFICATION_MD = """# Verification

## Verdict
- Tests run: 3
- Tests passed: 3
- Success criteria met: yes
- Outstanding issues: none
- Recommendation: continue
"""

CHANGELOG_MD = """# Changelog
*UTC | iter-N/step-M | commit | path | OP | radius | decision | reason*

"""


def state_md(
    state: str = "EXECUTE",
    iteration: str = "1",
    fix_heading: str = "## Fix Attempts (resets per plan step)",
    fix_body: str = "- (none yet for current step)",
    extra: str = "",
) -> str:
    lines = [
        f"# Current State: {state}",
        f"## Iteration: {iteration}",
        "## Current Plan Step: 1 of 5",
        "## Pre-Step Checklist (reset before each EXECUTE step)",
        "- [ ] Re-read state.md (this file)",
        fix_heading,
        fix_body,
        "## Change Manifest (current iteration)",
        "- (no changes yet)",
        "## Last Transition: PLAN → EXECUTE (2026-05-15T11:45:00Z)",
        "## Transition History:",
        "- INIT → EXPLORE (task started, 2026-05-15T10:53:44Z)",
        "- EXPLORE → PLAN (gathered enough context, 2026-05-15T11:30:00Z)",
        "  - confidence: scope=deep, solutions=adequate, risks=clear",
        "- PLAN → EXECUTE (user approved, 2026-05-15T11:45:00Z)",
        extra,
        "",
    ]
    return "\n".join(lines)


def write_plan(
    root: Path, plan_id: str = PLAN_ID, pointer: bool = True, **state_kwargs: str
) -> Path:
    """The baseline fixture under ``root/plans/<plan_id>``; returns the plan folder."""
    plan = root / "plans" / plan_id
    (plan / "findings").mkdir(parents=True, exist_ok=True)
    (plan / "checkpoints").mkdir(exist_ok=True)
    if pointer:
        (root / "plans" / ".current_plan").write_text(plan_id)
    (plan / "state.md").write_text(state_md(**state_kwargs))
    (plan / "plan.md").write_text(PLAN_MD)
    (plan / "progress.md").write_text(PROGRESS_MD)
    (plan / "decisions.md").write_text(DECISIONS_MD.replace(PLAN_ID, plan_id))
    (plan / "findings.md").write_text(FINDINGS_MD)
    for name in ("f1", "f2", "f3"):
        (plan / "findings" / f"{name}.md").write_text(TOPIC)
    (plan / "verification.md").write_text(VERIFICATION_MD)
    (plan / "changelog.md").write_text(CHANGELOG_MD)
    return plan


def issues(root: Path, plan_dir: str | Path | None = None) -> list[Issue]:
    return validate_plan(root, plan_dir)


def pairs(found: list[Issue]) -> list[tuple[str, str]]:
    return [(i.severity, i.slug) for i in found]


def slugs(found: list[Issue], slug: str) -> list[Issue]:
    return [i for i in found if i.slug == slug]
