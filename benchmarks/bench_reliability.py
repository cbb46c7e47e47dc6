"""Reliability figures: writing commands killed with SIGKILL at random moments, and many processes
writing to one plan at once. Counts only; nothing here passes or fails.

    python benchmarks/bench_reliability.py [--trials N] [--workers W] [--rounds R] [--quick] [--json]

SIGKILL run: for each writing command, a fresh project is copied per trial, the command is started
and killed after a random delay within its normal running time. Per command it prints

* ``trials``/``killed``: runs, and runs the kill caught before the command ended;
* ``clean before``: trials whose project validated without a traceback before the run;
* ``torn``: trials leaving a file that is neither as it was nor as a complete run leaves it
  (timestamps and freshly minted plan ids aside) — the number that must stay 0;
* ``leftovers``: trials leaving a temporary file before recovery;
* ``orphaned``/``orphan named``: trials of ``new`` (and import) killed between the plan folder and
  the pointer, and of those the ones ``status`` names (the next ``new`` refuses to double them);
* ``recovered``/``clean after``: trials where running the command again ends like a complete run
  (for commands that add a record each run: runs cleanly) with no temporary file left, and the
  project then validates without a traceback;
* ``corrupt``: trials neither recovered nor orphaned-and-named, or with a traceback.

Concurrency run: W processes each do R rounds of ``log-edit`` (a unique, tracked reason),
``compress-changelog``, ``step set``, ``status`` and ``validate-plan`` on one plan, once with the
``filelock`` package and once with the stdlib fallback. ``lost`` counts successful log-edits whose
line is missing, ``duplicated`` lines present more than once, ``phantom`` lines of log-edits that
reported failure; ``timeouts`` the lock waits that ran out.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ|\d{4}-\d\d-\d\d")
PLAN_ID = re.compile(r"plan-\d{4}-\d\d-\d\dT\d{6}-[0-9a-f]{8}")
OLD = "plan_2026-03-01_cccccccc"


def env(extra: dict[str, str] | None = None, no_filelock: Path | None = None) -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if not k.startswith(("IP_", "GIT_"))}
    path = [str(REPO)] + ([str(no_filelock)] if no_filelock else [])
    out["PYTHONPATH"] = os.pathsep.join(path + [out.get("PYTHONPATH", "")])
    out.update({"GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.invalid",
                "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@example.invalid",
                "GIT_CONFIG_NOSYSTEM": "1", "PYTHONUTF8": "1"})
    out.update(extra or {})
    return out


def cli(cwd: Path, *args: str, **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "skill", *args], cwd=cwd, env=env(kw.pop("extra", None)),
                          capture_output=True, text=True, timeout=300, **kw)


# -- the projects ------------------------------------------------------------------------------


def template(base: Path) -> Path:
    """A git project with an EXECUTE plan (three steps, findings, decisions, a long changelog),
    a closed plan with anchors in 40 source files, and an ExecPlan to import."""
    root = base / "template"
    root.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, env=env(), check=True)
    cli(root, "bootstrap", "new", "Reliability probe")
    plan = (root / "plans" / ".current_plan").read_text()
    folder = root / "plans" / plan
    plan_md = (folder / "plan.md").read_text()
    plan_md = re.sub(r"## Steps\n[^\n]*\n", "## Steps\n1. [ ] one\n2. [ ] two\n3. [ ] three\n", plan_md)
    (folder / "plan.md").write_text(plan_md)
    state = (folder / "state.md").read_text()
    state = state.replace("# Current State: EXPLORE", "# Current State: EXECUTE").replace(
        "## Iteration: 0", "## Iteration: 1").replace("## Current Plan Step: N/A", "## Current Plan Step: 1 of 3")
    state = state.replace("## Fix Attempts\n", "## Fix Attempts\n- Step 1, attempt 1: first try → failed\n")
    (folder / "state.md").write_text(state)
    (folder / "findings.md").write_text("# Findings\n\n## Index\n- [A](findings/a.md) — a\n\n## Key Constraints\n- k\n")
    changelog = (folder / "changelog.md").read_text()
    lines = [f"- 2026-01-01T00:00:{n % 60:02d}Z | iter-1/step-1 | uncommitted | src/f{n}.py | EDIT(+1,-0) | "
             f"radius:LOW(1) | - | line {n}" for n in range(240)]
    (folder / "changelog.md").write_text(changelog.rstrip("\n") + "\n" + "\n".join(lines) + "\n")
    (root / "plans" / OLD).mkdir()
    (root / "plans" / OLD / "state.md").write_text("# Current State: CLOSE\n")
    for n in range(40):
        source = root / "src" / f"m{n % 5}" / f"f{n}.py"
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text(f"# DECISION {OLD}/D-001: why\n" + "x = 1\n" * 200)
    (root / "EXECPLAN.md").write_text("# Imported goal\n\n## Purpose / Big Picture\nA probe.\n")
    return root


#: (name, arguments, commands run on the template first). Each trial starts from that project.
COMMANDS: list[tuple[str, list[str], list[list[str]]]] = [
    ("new", ["bootstrap", "new", "Next goal"], [["bootstrap", "close"]]),
    ("new --force", ["bootstrap", "new", "--force", "Next goal"], []),
    ("close", ["bootstrap", "close"], []),
    ("retire", ["bootstrap", "retire", OLD], []),
    ("reset-attempts", ["bootstrap", "reset-attempts"], []),
    ("log-edit", ["log-edit", "--file", "src/m0/f0.py", "--reason", "probe", "--commit", "uncommitted",
                  "--op", "EDIT(+1,-0)", "--radius", "radius:LOW(1)"], []),
    ("compress-changelog", ["compress-changelog"], []),
    ("transition REFLECT", ["transition", "REFLECT", "--force", "--note", "probe"], []),
    ("attempt", ["attempt", "--what", "probe", "--result", "failed"], []),
    ("step next", ["step", "next"], []),
    ("execplan import", ["execplan", "import", "EXECPLAN.md"], [["bootstrap", "close"]]),
]

#: Commands that add a record each time they run: recovery is a clean re-run, not equality.
ADDITIVE = {"attempt", "log-edit", "step next"}


def files(root: Path, minted: set[str]) -> dict[str, str]:
    """Every file of the project (git aside), timestamps and minted plan ids normalised."""
    found = {}
    for path in root.rglob("*"):
        rel = str(path.relative_to(root))
        if rel.startswith(".git") or path.name == ".lock" or path.name.endswith(".iptmp"):
            continue  # temporary files are counted as leftovers, not as torn files
        if not path.is_file():
            continue
        text = path.read_text(errors="replace")
        for plan_id in minted:
            text, rel = text.replace(plan_id, "<new>"), rel.replace(plan_id, "<new>")
        found[rel] = STAMP.sub("<t>", text)
    return found


def minted_ids(root: Path, before: set[str]) -> set[str]:
    return {p.name for p in (root / "plans").iterdir() if PLAN_ID.fullmatch(p.name)} - before


def leftovers(root: Path) -> list[Path]:
    return [p for p in root.rglob("*.iptmp") if ".git" not in p.parts]


def validates(root: Path) -> bool:
    """The validator ran without a traceback (its verdict on the plan is not the point here)."""
    result = cli(root, "validate-plan")
    return "Traceback" not in result.stderr and result.returncode in (0, 1, 2)


def sigkill(trials: int, base: Path) -> dict[str, dict[str, int]]:
    template_root = template(base)
    rng = random.Random(18)
    out: dict[str, dict[str, int]] = {}
    for name, args, setup in COMMANDS:
        source = base / "source"
        shutil.copytree(template_root, source, symlinks=True)
        for step in setup:
            cli(source, *step)
        ids = {p.name for p in (source / "plans").iterdir() if PLAN_ID.fullmatch(p.name)}
        reference = base / "ref"
        shutil.copytree(source, reference, symlinks=True)
        start = time.perf_counter()
        done = cli(reference, *args)
        duration = time.perf_counter() - start
        after = files(reference, minted_ids(reference, ids))
        shutil.rmtree(reference)
        row = dict.fromkeys(("trials", "killed", "clean before", "torn", "leftovers", "orphaned",
                             "orphan named", "recovered", "clean after", "corrupt"), 0)
        row["reference exit"] = done.returncode
        for trial in range(trials):
            work = base / f"t{trial}"
            shutil.copytree(source, work, symlinks=True)
            before = files(work, set())
            row["trials"] += 1
            row["clean before"] += validates(work)
            proc = subprocess.Popen([sys.executable, "-m", "skill", *args], cwd=work, env=env(),
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            time.sleep(rng.uniform(0.0, duration * 1.1))
            if proc.poll() is None:
                row["killed"] += 1
                proc.send_signal(signal.SIGKILL)
            _, err = proc.communicate(timeout=300)
            now = files(work, minted_ids(work, ids))
            row["torn"] += any(now.get(k) not in (before.get(k), after.get(k)) for k in set(now) | set(before))
            row["leftovers"] += bool(leftovers(work))
            orphan = not (work / "plans" / ".current_plan").exists() and bool(minted_ids(work, ids))
            if orphan:  # a complete plan nothing points to: status must name it, new must not double it
                row["orphaned"] += 1
                named = all(o in cli(work, "bootstrap", "status").stdout for o in minted_ids(work, ids))
                row["orphan named"] += named
            again = cli(work, *args)
            final = files(work, minted_ids(work, ids))
            if name in ADDITIVE:  # the run again must work; its record is added once more
                recovered = again.returncode in (0, done.returncode)
            else:  # the run again finishes the work (or finds it done): the project is as after
                recovered = final == after
            recovered = recovered and not leftovers(work)
            row["recovered"] += recovered
            clean = validates(work) and b"Traceback" not in err and "Traceback" not in again.stderr
            row["clean after"] += clean
            row["corrupt"] += (not (recovered or orphan)) or (not clean)
            shutil.rmtree(work)
        shutil.rmtree(source)
        out[name] = row
    return out


# -- concurrency ---------------------------------------------------------------------------------

WORKER = r"""
import json, subprocess, sys
root, worker, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
log = []
def run(*args):
    p = subprocess.run([sys.executable, "-m", "skill", *args], cwd=root, capture_output=True, text=True)
    log.append({"args": list(args), "code": p.returncode, "err": p.stderr[-300:]})
for r in range(rounds):
    tag = f"tag-w{worker}-r{r}"
    run("log-edit", "--file", f"src/m0/f{worker}.py", "--reason", tag, "--dref", "D-001",
        "--commit", "uncommitted", "--op", "EDIT(+1,-0)", "--radius", "radius:LOW(1)")
    run("compress-changelog", "--threshold", "50")
    run("step", "set", str(1 + (worker + r) % 3))
    run("bootstrap", "status")
    if r % 5 == 0:
        run("validate-plan")
print(json.dumps(log))
"""


def concurrency(workers: int, rounds: int, base: Path, fallback: bool) -> dict[str, int | float]:
    work = base / ("conc-fallback" if fallback else "conc-filelock")
    shutil.copytree(template(base / ("tf" if fallback else "tl")), work, symlinks=True)
    blocker = None
    if fallback:
        blocker = base / "no-filelock"
        blocker.mkdir(exist_ok=True)
        (blocker / "filelock.py").write_text("raise ImportError('hidden: use the stdlib lock')\n")
    environment = env({"IP_LOCK_TIMEOUT": "120"}, no_filelock=blocker)
    start = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(work), str(w), str(rounds)], env=environment,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for w in range(workers)]
    logs = [json.loads(proc.communicate(timeout=3600)[0]) for proc in procs]
    elapsed = time.perf_counter() - start
    plan = (work / "plans" / ".current_plan").read_text()
    changelog = (work / "plans" / plan / "changelog.md").read_text()
    ok = {entry["args"][4] for log in logs for entry in log if entry["args"][0] == "log-edit" and entry["code"] == 0}
    failed = {entry["args"][4] for log in logs for entry in log if entry["args"][0] == "log-edit" and entry["code"] != 0}
    counts = {tag: len(re.findall(rf"\| {re.escape(tag)}$", changelog, re.M)) for tag in ok | failed}
    return {
        "commands": sum(len(log) for log in logs),
        "log-edits ok": len(ok),
        "lost": sum(1 for tag in ok if counts[tag] == 0),
        "duplicated": sum(1 for tag in ok | failed if counts[tag] > 1),
        "phantom": sum(1 for tag in failed if counts[tag] > 0),
        "timeouts": sum("could not lock" in e["err"] for log in logs for e in log),
        "tracebacks": sum("Traceback" in e["err"] for log in logs for e in log),
        "leftovers": len(leftovers(work)),
        "seconds": round(elapsed, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20, help="SIGKILL trials per command (default 20)")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--quick", action="store_true", help="5 trials, 4 workers x 5 rounds")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.trials, args.workers, args.rounds = 5, 4, 5
    results = run_all(args.trials, args.workers, args.rounds)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(report(results))


def run_all(trials: int, workers: int, rounds: int) -> dict[str, dict]:
    with tempfile.TemporaryDirectory(prefix="ip-rel-") as tmp:
        base = Path(tmp)
        killed = sigkill(trials, base)
        locks = {
            "filelock": concurrency(workers, rounds, base, fallback=False),
            "stdlib fallback": concurrency(workers, rounds, base, fallback=True),
        }
    return {"sigkill": killed, "concurrency": locks, "setup": {"trials": trials, "workers": workers, "rounds": rounds}}


def report(results: dict[str, dict]) -> str:
    setup = results["setup"]
    lines = [f"SIGKILL at a random moment, {setup['trials']} trials per command:"]
    columns = ["trials", "killed", "clean before", "torn", "leftovers", "orphaned", "orphan named",
               "recovered", "clean after", "corrupt"]
    lines.append(f"  {'command':<20}" + "".join(f"{c:>13}" for c in columns))
    for name, row in results["sigkill"].items():
        lines.append(f"  {name:<20}" + "".join(f"{row[c]:>13}" for c in columns))
    lines.append(f"Concurrency: {setup['workers']} processes x {setup['rounds']} rounds of mixed commands:")
    for lock, row in results["concurrency"].items():
        lines.append(f"  {lock:<16} " + ", ".join(f"{k} {v}" for k, v in row.items()))
    return "\n".join(lines)


if __name__ == "__main__":
    main()
