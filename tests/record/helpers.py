"""Plans for the bookkeeping-command tests, on a real git project, built with the library's own
commands (fast, in-process); the command under test runs as a real CLI subprocess."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from skill.plans.store import Store
from skill.transitions.step import step
from skill.transitions.transition import transition
from skill.validate.runner import validate
from tests.support.cli import run_cli
from tests.support.git import commit_all, git, init_repo
from tests.support.plans import new_plan

APP = "def f():\n    return 1\n"

PLAN_MD = """# Plan v1: f returns 2

## Goal
Make f return 2.

## Problem Statement
f returns 1; its callers need 2.

## Context
findings/app-module.md; no earlier decisions.

## Files To Modify
- `src/app.py`: return 2
- `tests/test_app.py` (new): check it

## Steps
1. [ ] Change `src/app.py` [RISK: low]
2. [ ] Add `tests/test_app.py` [RISK: low] [deps: 1]

## Assumptions
- Nobody depends on the value 1.

## Failure Modes
| Dependency | Slow | Bad Data | Down | Blast Radius |
|---|---|---|---|---|
| none | n/a | n/a | n/a | app |

## Pre-Mortem & Falsification Signals
1. STOP IF a caller breaks.

## Success Criteria
- f returns 2
- the app file exists
- the docs say 2

## Verification Strategy
### Required
- Criterion 1: `grep -q 'return 2' src/app.py` exits 0.
- Criterion 2: `test -f src/app.py && echo 'app | present'` prints it.
### N/A
- Criterion 3: read README.md.

## Complexity Budget
- Files added: 1/3 max
- New abstractions (classes/modules/interfaces): 0/2 max
- Lines added vs removed: +5/-1 (target: net negative or neutral)
"""

CONFIDENCE = "scope=deep,solutions=adequate,risks=clear"
#: The user's word on a user-gated move (PLAN → EXECUTE, PIVOT → PLAN, REFLECT → CLOSE), as the CLI
#: and the library take it: the one place to change when the moves want the user's own words.
APPROVAL: tuple[str, ...] = ("--user", "yes, go ahead")
APPROVAL_KW: dict[str, str] = {"user": "yes, go ahead"}
BASE_DECISION = ("--context", "f must return 2", "--decision", "edit f in place", "--gain", "one line",
                 "--cost", "no shim for old callers", "--reasoning", "no caller needs 1 (findings/callers.md)")


def project(root: Path) -> Path:
    """A git project with one committed source file."""
    init_repo(root)
    (root / "src").mkdir()
    (root / "src" / "app.py").write_text(APP, encoding="utf-8")
    (root / "README.md").write_text("f returns 1.\n", encoding="utf-8")
    commit_all(root)
    return root


def explore(root: Path) -> Path:
    """An active plan in EXPLORE, .gitignore committed (the tree is clean); its folder."""
    plan_dir = new_plan(root, "Make f return 2")
    commit_all(root, "ignore plans")
    return plan_dir


def add_findings(root: Path) -> None:
    from skill.record.findings import finding_add

    for topic in ("App module", "Callers", "Tests"):
        finding_add(Store(root), topic, f"{topic}: one line", f"{topic} summary, see src/app.py:2.")


def to_plan(root: Path) -> Path:
    plan_dir = explore(root)
    add_findings(root)
    transition(Store(root), "PLAN", confidence=CONFIDENCE)
    return plan_dir


def to_execute(root: Path) -> Path:
    plan_dir = to_plan(root)
    (plan_dir / "plan.md").write_text(PLAN_MD, encoding="utf-8")
    transition(Store(root), "EXECUTE", **APPROVAL_KW)
    return plan_dir


def to_reflect(root: Path, *, done: bool = True) -> Path:
    """EXECUTE run through: src/app.py changed (and committed when ``done``), then REFLECT."""
    plan_dir = to_execute(root)
    (root / "src" / "app.py").write_text(APP.replace("1", "2"), encoding="utf-8")
    ok(root, "log-edit", "--file", "src/app.py", "--reason", "f returns 2")
    if done:
        commit_all(root, "f returns 2")
    store = Store(root)
    step(store, action="next")
    step(store, action="next")
    transition(store, "REFLECT")
    return plan_dir


def to_pivot(root: Path) -> Path:
    plan_dir = to_reflect(root)
    transition(Store(root), "PIVOT")
    return plan_dir


def cli(root: Path, *args: str, **kw):  # type: ignore[no-untyped-def]
    return run_cli(root, *args, **kw)


def ok(root: Path, *args: str, **kw):  # type: ignore[no-untyped-def]
    result = run_cli(root, *args, **kw)
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result


def issues(root: Path) -> set[tuple[str, str, str]]:
    """The validator's WARNs and ERRORs on the active plan (severity, slug, message)."""
    _target, found = validate(root)
    return {(i.severity, i.slug, i.message) for i in found if i.severity in ("ERROR", "WARN")}


def clean_after(root: Path, *args: str, **kw):  # type: ignore[no-untyped-def]
    """Run a command that must succeed and add no WARN or ERROR to the validator's report."""
    before = issues(root)
    result = ok(root, *args, **kw)
    assert issues(root) - before == set(), (args, issues(root) - before)
    return result


_VOLATILE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ|after \d+\.\d+s")


def snapshot(root: Path) -> dict[str, str]:
    """Every file under plans/ (locks excluded), timestamps and durations masked."""
    files = {}
    for path in sorted((root / "plans").rglob("*")):
        if path.is_file() and path.name != ".lock":
            files[str(path.relative_to(root))] = _VOLATILE.sub("<v>", path.read_text(errors="replace"))
    return files


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted((root / "plans").rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def copy_project(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, symlinks=True)
    return target


def head(root: Path) -> str:
    return git(root, "rev-parse", "--short=7", "HEAD").strip()
