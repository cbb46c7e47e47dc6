"""Fixtures for the ExecPlan tests: fixture files, the shared CLI runner, populated plans."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.cli import run_cli
from tests.support.plans import set_state_fields

FIXTURES = Path(__file__).parent / "fixtures"

Runner = Callable[..., subprocess.CompletedProcess]


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def read_fixture() -> Callable[[str], str]:
    return lambda name: (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture
def cli(tmp_path: Path) -> Runner:
    """Run ``python -m skill ARGS`` in ``tmp_path`` (or ``cwd=``), without any IP_* variable."""

    def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
        return run_cli(cwd or tmp_path, *args)

    return run


GOAL = "Add a --json flag to the report command"

PLAN_BODY = """# Plan v1

## Goal
{goal}

## Problem Statement
`report` prints only text, so scripts scrape it. Expected: `report --json` prints one JSON object.
Invariant: the text output stays byte-identical.

## Context
The command lives in `src/report.py`; see https://docs.example.org/report for the old design.

### Old notes
```python
def report():  # prints text
    pass
```

## Files To Modify
- `src/report.py` — add the flag
- `tests/test_report.py` — new tests

## Steps
1. [x] Add the `--json` option to `src/report.py` [RISK: low]
2. [ ] Emit the JSON object ← CURRENT [RISK: medium] [deps: 1]
3. [ ] Document the flag in `README.md` [IRREVERSIBLE]

## Assumptions
- The report data is a dict already (findings/report.md) → steps 1-2 depend on this

## Failure Modes
- Non-ASCII names break the JSON encoder; seen first on 2025-03-04 10:15 in CI.

## Pre-Mortem & Falsification Signals
- If `tests/test_report.py` needs fixtures from the network, the design is wrong.

## Success Criteria
- `python -m app report --json | python -m json.tool` exits 0
- `python -m app report` output is unchanged

## Verification Strategy
- Run `pytest tests/test_report.py -q` and expect all tests to pass.

## Complexity Budget
- Files added: 1/3 max
- New abstractions (classes/modules/interfaces): 0/2 max
- Lines added vs removed: +40/-2 (target: net negative or neutral)
"""

DECISIONS_TAIL = """
## D-001 | EXPLORE → PLAN | 2026-01-05
**Context**: Two ways to add output formats.
**Decision**: Use a flag, not a separate command.
**Trade-off**: smaller surface **at the cost of** a longer option list
**Reasoning**: Users already know `report`.

## D-002 | PLAN → EXECUTE | 2026-01-06
**Context**: The token api_key = 0123456789abcdefXYZ was found in an old config.
**Decision**: Keep key order stable with `sort_keys=True`.
**Trade-off**: determinism **at the cost of** insertion order
**Reasoning**: Diffable output.
"""

FINDINGS = """# Findings

## Index
- [report data shape](findings/report.md) — the report is built as a dict
- [encoder](findings/encoder.md) — `json.dumps` is already imported

## Key Constraints
- Text output must not change (scripts depend on it).
- [ ] Python 3.10 support stays.

## Corrections
- [CORRECTED iter-1] the report is a dict, not a list.
"""

PROGRESS = """# Progress

## Completed
- [x] Step 1: option added

## In Progress
- [ ] Step 2: emit the JSON object

## Remaining
- [ ] Step 3: document the flag

## Blocked
*Nothing currently.*
"""


def populate_plan(plan_dir: Path) -> None:
    """Turn a fresh plan folder into one that is mid-EXECUTE, with awkward content on purpose."""
    (plan_dir / "plan.md").write_text(PLAN_BODY.format(goal=GOAL), encoding="utf-8")
    decisions = (plan_dir / "decisions.md").read_text(encoding="utf-8")
    (plan_dir / "decisions.md").write_text(decisions + DECISIONS_TAIL, encoding="utf-8")
    (plan_dir / "findings.md").write_text(FINDINGS, encoding="utf-8")
    (plan_dir / "progress.md").write_text(PROGRESS, encoding="utf-8")
    set_state_fields(plan_dir, state="EXECUTE", iteration="1", step="2 of 3")
    with (plan_dir / "changelog.md").open("a", encoding="utf-8") as handle:
        handle.write(
            "2026-01-06T10:00:00Z | iter-1/step-1 | abc1234 | src/report.py | MODIFY(+12,-1) "
            "| radius:LOW(2) | D-001 | add the option\n"
        )
    verification = (plan_dir / "verification.md").read_text(encoding="utf-8")
    verification = verification.replace(
        "| 1 | *To be populated during PLAN* | - | - | PENDING | - |",
        "| 1 | json.tool accepts the output | command | `python -m app report --json` | PASS | exit 0 |",
    )
    (plan_dir / "verification.md").write_text(verification, encoding="utf-8")


def make_project(root: Path, goal: str = GOAL, populate: bool = True) -> Path:
    """A project under ``root`` whose active plan was created as `bootstrap new` does, then filled."""
    from skill.lifecycle.new import create_plan
    from skill.plans.store import Store

    created = create_plan(Store(root), goal)
    if populate:
        populate_plan(created.plan_dir)
    return root


@pytest.fixture
def populated_project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


@pytest.fixture(scope="module")
def shared_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One populated project per test module, for tests that only read it."""
    return make_project(tmp_path_factory.mktemp("shared"))
