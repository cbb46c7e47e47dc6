"""Throughput of ``log-edit`` with concurrent writers on one plan.

    python benchmarks/bench_log_edit.py [--writers 8] [--lines 50] [--computed]

Each writer is a separate process that imports the CLI once and runs ``log-edit`` N times, so
the figures measure the locked append (lock, read, append, fsync, replace) rather than
interpreter start-up. With ``--computed`` the op and commit come from git and the radius from the
blast scorer, as in real use; otherwise they are passed in. A scratch git project is created in a
temporary folder and removed afterwards. Prints lines/s and per-line latency figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PLAN_ID = "plan-2026-01-02T030405-0a1b2c3d"

WORKER = r"""
import sys, time
from skill.cli import cli
root, worker, count, computed = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1"
durations = []
for i in range(count):
    args = ["log-edit", "--root", root, "--file", f"src/w{worker}.py", "--reason", f"bench {worker}.{i}"]
    if not computed:
        args += ["--op", "EDIT(+1,-0)", "--commit", "uncommitted", "--radius", "radius:LOW(0)"]
    start = time.perf_counter()
    status = cli.main(args=args, prog_name="iterative-planner", standalone_mode=False)
    durations.append(time.perf_counter() - start)
    if status not in (None, 0):
        sys.exit(f"log-edit failed with status {status}")
print(" ".join(f"{d:.6f}" for d in durations), file=sys.stderr)
"""


def _git(root: Path, *args: str) -> None:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="b",
        GIT_AUTHOR_EMAIL="b@example.invalid",
        GIT_COMMITTER_NAME="b",
        GIT_COMMITTER_EMAIL="b@example.invalid",
    )
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def _project(root: Path, writers: int) -> None:
    plan = root / "plans" / PLAN_ID
    plan.mkdir(parents=True)
    (root / "plans" / ".current_plan").write_text(PLAN_ID)
    (plan / "state.md").write_text(
        "# Current State: EXECUTE\n## Iteration: 1\n## Current Plan Step: 1\n"
    )
    (plan / "changelog.md").write_text("# Changelog\n*ledger*\n*format*\n*radius*\n")
    (root / "src").mkdir()
    (root / "README.md").write_text("bench\n")
    _git(root, "init", "-q")
    _git(root, "add", "README.md")
    _git(root, "commit", "-q", "-m", "init")
    for w in range(writers):
        (root / "src" / f"w{w}.py").write_text(f"value = {w}\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--lines", type=int, default=50, help="lines per writer")
    parser.add_argument(
        "--computed", action="store_true", help="let git and the scorer compute fields"
    )
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-log-edit-") as scratch:
        root = Path(scratch)
        _project(root, options.writers)
        env = {k: v for k, v in os.environ.items() if not k.startswith("IP_")}
        env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
        env["IP_LOCK_TIMEOUT"] = "300"
        start = time.perf_counter()
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    WORKER,
                    str(root),
                    str(w),
                    str(options.lines),
                    "1" if options.computed else "0",
                ],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for w in range(options.writers)
        ]
        latencies: list[float] = []
        for proc in procs:
            _out, err = proc.communicate()
            if proc.returncode != 0:
                print(f"a writer failed: {err.strip()}", file=sys.stderr)
                return 1
            latencies += [float(x) for x in err.split()]
        elapsed = time.perf_counter() - start
        text = (root / "plans" / PLAN_ID / "changelog.md").read_text(encoding="utf-8")
        written = len(text.splitlines()) - 4

    expected = options.writers * options.lines
    latencies.sort()
    print(
        f"writers: {options.writers}  lines each: {options.lines}  fields: "
        f"{'computed by git and the scorer' if options.computed else 'passed in'}"
    )
    print(f"lines written: {written} of {expected}")
    print(f"wall time: {elapsed:.2f} s (includes {options.writers} interpreter start-ups)")
    print(f"throughput: {written / elapsed:.1f} lines/s")
    print(
        f"per-line latency: median {statistics.median(latencies) * 1000:.1f} ms, "
        f"p95 {latencies[int(len(latencies) * 0.95) - 1] * 1000:.1f} ms, "
        f"max {latencies[-1] * 1000:.1f} ms"
    )
    return 0 if written == expected else 1


if __name__ == "__main__":
    sys.exit(main())
