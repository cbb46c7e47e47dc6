"""Concurrent commands on one plan are serialised by the plan lock: exactly one conflicting move
wins and the history stays consistent."""

from __future__ import annotations

import subprocess
import sys

from tests.support.env import clean_env
from tests.transitions.helpers import ok, read, state_field, to_execute


def spawn(root, *args):  # type: ignore[no-untyped-def]
    return subprocess.Popen(
        [sys.executable, "-m", "skill", *args],
        cwd=root, env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def finish(procs):  # type: ignore[no-untyped-def]
    out = []
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=120)
        out.append((proc.returncode, stdout, stderr))
    return out


def history_pairs(root) -> list[str]:  # type: ignore[no-untyped-def]
    block = read(root, "state.md").split("## Transition History:")[1].split("<!--")[0]
    return [line.split(" (")[0] for line in block.splitlines() if line.startswith("- ")]


def test_conflicting_transitions_one_wins(project):
    to_execute(project)
    ok(project, "transition", "REFLECT")
    procs = [
        spawn(project, "transition", "PIVOT", "--note", "racer A"),
        spawn(project, "transition", "EXECUTE", "--note", "racer B", "--user", "fix it"),
        spawn(project, "transition", "EXPLORE", "--note", "racer C"),
    ]
    results = finish(procs)
    winners = [r for r in results if r[0] == 0]
    losers = [r for r in results if r[0] != 0]
    assert len(winners) == 1, results
    assert all(code == 1 and "is not a move" in err and "Nothing was written" in err
               for code, _, err in losers), losers
    pairs = history_pairs(project)
    assert pairs[:4] == ["- INIT → EXPLORE", "- EXPLORE → PLAN", "- PLAN → EXECUTE", "- EXECUTE → REFLECT"]
    assert len(pairs) == 5
    winner_state = pairs[-1].split("→ ")[1]
    assert state_field(project, "# Current State:") == winner_state
    assert state_field(project, "## Last Transition:").startswith(f"REFLECT → {winner_state} (")


def test_concurrent_attempts_respect_the_leash(project):
    to_execute(project)
    procs = [spawn(project, "attempt", "--what", f"idea {n}", "--result", "failed") for n in range(4)]
    results = finish(procs)
    assert sorted(code for code, _, _ in results) == [0, 0, 1, 1], results
    assert all("[leash-cap] attempts=2 cap=2" in err for code, _, err in results if code == 1)
    section = read(project, "state.md").split("## Fix Attempts (resets per plan step)\n")[1].split("\n## ")[0]
    lines = section.splitlines()
    assert [line.split(":")[0] for line in lines] == ["- Step 1, attempt 1", "- Step 1, attempt 2", "- Step 1"]
    assert lines[-1].startswith("- Step 1: LEASH HIT.")
    assert read(project, "decisions.md").count("| EXECUTE |") == 2  # one failed-approach entry each
