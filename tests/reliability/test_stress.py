"""Eight processes hammer one plan with a mix of writing and reading commands.

Afterwards every write that reported success is on disk, every file parses, the validator has
nothing to say that the writes did not cause, no temporary or lock file is left and no process
hit the lock timeout.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from skill.plans.changelog import iter_entries, line_issues
from tests.lifecycle.helpers import new_plan, read, write
from tests.support.env import clean_env

WORKERS = 8
ROUNDS = 4

WORKER = r"""
import json, subprocess, sys
root, worker, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
log = []
def run(*args):
    p = subprocess.run([sys.executable, "-m", "skill", *args], cwd=root, capture_output=True, text=True)
    log.append({"args": list(args), "code": p.returncode, "err": p.stderr[-400:]})
    return p.returncode
for r in range(rounds):
    tag = f"w{worker}-r{r}"
    run("log-edit", "--file", f"src/f{worker}.py", "--reason", f"edit {tag}")
    run("attempt", "--what", f"try {tag}", "--result", "failed")
    run("bootstrap", "status")
    if worker == 0:
        run("transition", "REFLECT", "--note", f"check {tag}")
    elif worker == 1:
        run("transition", "EXECUTE", "--note", f"fix {tag}")
    else:
        run("step", "next" if r % 2 else "set", *([] if r % 2 else ["2"]))
    run("bootstrap", "resume")
    run("validate-plan")
print(json.dumps(log))
"""

PLAN = """# Plan v1

## Goal
Stress the plan folder

## Problem Statement
Many writers at once.

## Context
A test.

## Files To Modify
- src/f0.py

## Steps
1. first
2. second
3. third
4. fourth
5. fifth
6. sixth
7. seventh
8. eighth
9. ninth

## Assumptions
None.

## Failure Modes
Lost writes.

## Pre-Mortem & Falsification Signals
A missing line.

## Success Criteria
Every line lands.

## Verification Strategy
Count them.

## Complexity Budget
- Files added: 0/3 max
"""

FINDINGS = "# Findings\n\n## Index\n- [A](findings/a.md) — a\n- [B](findings/b.md) — b\n- [C](findings/c.md) — c\n"


@pytest.mark.stress
def test_eight_processes_lose_nothing(project):
    plan = new_plan(project, "Stress the plan folder")
    for n in range(WORKERS):
        write(project, f"src/f{n}.py", f"x = {n}\n")
    subprocess.run(["git", "add", "-A"], cwd=project, check=True, env=clean_env())
    subprocess.run(["git", "commit", "-qm", "base"], cwd=project, check=True, env=clean_env())
    for n in range(WORKERS):
        write(project, f"src/f{n}.py", f"x = {n}\ny = {n}\n")
    write(project, f"plans/{plan}/findings.md", FINDINGS)
    for topic in "abc":
        write(project, f"plans/{plan}/findings/{topic}.md", f"# {topic}\n")
    write(project, f"plans/{plan}/plan.md", PLAN)
    py = [sys.executable, "-m", "skill"]
    env = clean_env(IP_LOCK_TIMEOUT="120")
    for args in (["transition", "PLAN", "--note", "ready", "--confidence", "scope=deep,solutions=open,risks=clear"],
                 ["transition", "EXECUTE", "--user", "go ahead", "--note", "approved"], ["step", "set", "1"]):
        done = subprocess.run(py + args, cwd=project, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr

    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(project), str(w), str(ROUNDS)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for w in range(WORKERS)]
    logs = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        logs.extend(json.loads(out))

    for entry in logs:
        assert "Traceback" not in entry["err"], entry
        assert "could not lock" not in entry["err"], entry
        assert entry["code"] in (0, 1, 2), entry

    changelog = read(project, f"plans/{plan}/changelog.md")
    entries = iter_entries(changelog)
    assert all(line_issues(line) == [] for _, line in entries)
    wrote = [e for e in logs if e["args"][0] == "log-edit" and e["code"] == 0]
    assert len(wrote) == WORKERS * ROUNDS  # log-edit never has a reason to refuse here
    for e in wrote:
        reason = e["args"][-1]
        assert sum(line.endswith(" | " + reason) for _, line in entries) == 1, reason

    state = read(project, f"plans/{plan}/state.md")
    history = state[state.index("## Transition History:"):]
    for e in logs:
        if e["args"][0] == "transition" and e["code"] == 0:
            assert history.count(e["args"][-1]) == 1, e

    status = subprocess.run(py + ["bootstrap", "status", "--json"], cwd=project, env=env,
                            capture_output=True, text=True)
    assert json.loads(status.stdout)["plan_id"] == plan
    report = subprocess.run(py + ["validate-plan", "--json"], cwd=project, env=env,
                            capture_output=True, text=True)
    verdict = json.loads(report.stdout)
    unexpected = [i for i in verdict["issues"] if i["severity"] == "ERROR" and i["slug"] not in ("iteration", "leash")]
    assert unexpected == [], unexpected
    leftovers = [p for p in (project / "plans").rglob("*") if p.name.endswith(".iptmp") or p.name == ".lock"]
    assert leftovers == []
