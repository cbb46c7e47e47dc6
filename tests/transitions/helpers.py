"""Fixtures for the transition tests: filled plan files and CLI shortcuts."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.support.cli import run_cli

FINDINGS_MD = """# Findings

## Index
- Auth: tokens are checked in middleware/auth.py before every handler
- Storage: sessions live in a single SQLite table, no migrations tool
- Tests: the suite runs with pytest in 4 seconds, no network

## Key Constraints
- HARD: Python 3.10 support stays.
"""

PLAN_MD = """# Plan v{version}

## Goal
Make session expiry configurable.

## Problem Statement
Sessions never expire; operators need a TTL setting.

## Context
Auth middleware checks tokens; sessions are rows in SQLite.

## Files To Modify
- auth/middleware.py: read the TTL
- settings.py: new SESSION_TTL

## Steps
1. [ ] Add SESSION_TTL to settings [RISK: low]
2. [ ] Check expiry in the middleware [RISK: medium] [deps: 1]
3. [ ] Document the setting [RISK: low] [deps: 1]

## Assumptions
- Sessions carry a creation time (findings: Storage).

## Failure Modes
| Dependency | Slow | Bad Data | Down | Blast Radius |
|---|---|---|---|---|
| SQLite | n/a | bad timestamps | n/a | login |

## Pre-Mortem & Falsification Signals
- STOP IF sessions have no creation time.

## Success Criteria
- An expired session is rejected.

## Verification Strategy
- Required: pytest tests/test_auth.py

## Complexity Budget
- Files added: 0/3 max
- New abstractions (classes/modules/interfaces): 0/2 max
- Lines added vs removed: +0/-0 (target: net negative or neutral)
"""

VERIFICATION_MD = """# Verification Results

## Criteria Verification
| # | Criterion (from plan.md) | Method | Command/Action | Result | Evidence |
|---|--------------------------|--------|----------------|--------|----------|
| 1 | An expired session is rejected | test | pytest tests/test_auth.py | {result} | 12 passed in 0.4s |

## Convergence Metrics
| Metric | Previous | Current | Delta |
|--------|----------|---------|-------|
| **Convergence score** | 0.5 | 0.9 | +0.4 |

## Verdict
- Criteria passed: {criteria}
- Regressions: {regressions}
- Scope drift: none
- Simplification blockers: none
- Recommendation: {recommendation}
"""


def verification(done: bool, recommendation: str = "CLOSE") -> str:
    if done:
        return VERIFICATION_MD.format(
            result="PASS", criteria="1/1", regressions="none", recommendation=recommendation
        )
    return VERIFICATION_MD.format(
        result="PENDING", criteria="PENDING", regressions="PENDING", recommendation="PENDING"
    )


def cli(root: Path, *args: str, **kw):  # type: ignore[no-untyped-def]
    return run_cli(root, *args, **kw)



def ok(root: Path, *args: str):  # type: ignore[no-untyped-def]
    result = cli(root, *args)
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result


def new_plan(root: Path) -> str:
    ok(root, "bootstrap", "new", "Make session expiry configurable")
    return (root / "plans" / ".current_plan").read_text()


def plan_path(root: Path, name: str) -> Path:
    plan_id = (root / "plans" / ".current_plan").read_text()
    return root / "plans" / plan_id / name


def write(root: Path, name: str, text: str) -> None:
    plan_path(root, name).write_text(text, encoding="utf-8")


def read(root: Path, name: str) -> str:
    return plan_path(root, name).read_text(encoding="utf-8")


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under plans/, as bytes (lock files excluded: they come and go)."""
    out = {}
    for path in sorted((root / "plans").rglob("*")):
        if path.is_file() and path.name != ".lock":
            out[str(path.relative_to(root))] = path.read_bytes()
    return out


def state_field(root: Path, label: str) -> str:
    match = re.search(rf"^{re.escape(label)}[ \t]*(.*)$", read(root, "state.md"), re.MULTILINE)
    assert match, label
    return match.group(1).strip()


def to_plan(root: Path) -> str:
    plan_id = new_plan(root)
    write(root, "verification.md", verification(False))
    write(root, "findings.md", FINDINGS_MD)
    ok(root, "transition", "PLAN", "--note", "3 findings", "--confidence",
       "scope=deep,solutions=open,risks=clear")
    return plan_id


def to_execute(root: Path) -> str:
    plan_id = to_plan(root)
    write(root, "plan.md", PLAN_MD.format(version=1))
    ok(root, "transition", "EXECUTE", "--user", "go ahead")
    return plan_id


def pivot_entry(root: Path) -> None:
    """The next decision, a PIVOT entry with its Complexity Assessment, through the owner's writer."""
    from skill.plans.decisions import NewEntry, append_entries, parse

    path = plan_path(root, "decisions.md")
    number = parse(path.read_text(encoding="utf-8")).next_number()
    entry = NewEntry(number, "PIVOT", "2026-11-21", (
        ("Context", "the frozen settings object blocks a per-process TTL"),
        ("What Failed", "reading the TTL at import time"),
        ("Complexity Assessment", "one file less; no new abstraction"),
        ("Decision", "read the TTL per request"),
        ("Trade-off", "a lookup per request **at the cost of** a few microseconds"),
        ("Reasoning", "the settings object cannot change after start-up"),
    ))
    path.write_text(append_entries(path.read_text(encoding="utf-8"), [entry]), encoding="utf-8")


def refused(root: Path, *args: str, code: int = 1, match=()):  # type: ignore[no-untyped-def]
    """A refusal: exit ``code``, each regex of ``match`` in stderr, and no plan file changed."""
    before = tree_bytes(root)
    result = cli(root, *args)
    assert result.returncode == code, (args, result.stdout, result.stderr)
    for pattern in match:
        assert re.search(pattern, result.stderr), (pattern, result.stderr)
    assert tree_bytes(root) == before, "a refusal wrote something"
    return result


def validator_issues(root: Path, plan_dir: str | None = None) -> list[dict]:
    """The full validator's issues (``validate-plan --json``)."""
    args = ["validate-plan", "--json"] + ([plan_dir] if plan_dir else [])
    result = cli(root, *args)
    assert result.returncode in (0, 1), (result.stdout, result.stderr)
    return json.loads(result.stdout)["issues"]


def errors(issues: list[dict]) -> list[dict]:
    return [issue for issue in issues if issue["severity"] == "ERROR"]
