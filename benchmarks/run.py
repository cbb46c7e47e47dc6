"""The benchmark suite: median and spread of wall time over repeated runs.

    python benchmarks/run.py [--runs N] [--quick] [--json]

Inputs are generated in a temporary folder. Figures only: nothing here passes or fails on time.
``--quick`` shrinks the generated projects (2,000 files, 2,000 anchors) for a fast look.
The blast-radius figures (import graph against ``git grep``) come from ``bench_blast.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import bench_blast  # noqa: E402
import bench_dashboard  # noqa: E402
import bench_validate  # noqa: E402


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IP_")}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _time(cwd: Path, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "skill", *args], cwd=cwd, env=_env(), check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _stats(values: list[float], unit: str = "s") -> dict[str, float | int | str]:
    spread = statistics.pstdev(values) if len(values) > 1 else 0.0
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "stdev": spread, "runs": len(values), "unit": unit}


def _seed_closed_plans(project: Path, count: int) -> None:
    plans = project / "plans"
    plans.mkdir(parents=True)
    rows = []
    for n in range(count):
        plan_id = f"plan_2025-{1 + n % 12:02d}-{1 + n % 28:02d}_{n:08x}"
        folder = plans / plan_id
        folder.mkdir()
        (folder / "state.md").write_text("# Current State: CLOSE\n## Iteration: 2\n")
        (folder / "plan.md").write_text(f"# Plan v2\n\n## Goal\nEarlier goal {n}\n")
        (folder / "lessons_snapshot.md").write_text("# Lessons Learned\n")
        rows.append(f"| {plan_id} | 2025-01-01 | Earlier goal {n} | topic |")
    sections = "".join(f"\n## plan_2025-01-01_{n:08x}\n### Index\n- x\n" for n in range(4))
    (plans / "FINDINGS.md").write_text("# Consolidated Findings\n*x*\n" + sections)
    (plans / "DECISIONS.md").write_text("# Consolidated Decisions\n*x*\n" + sections)
    (plans / "LESSONS.md").write_text("# Lessons Learned\n- [I:5] keep\n")
    (plans / "INDEX.md").write_text("# Plan Index\n\n| Plan | Date | Goal | Key Topics |\n|---|---|---|---|\n"
                                    + "\n".join(rows) + "\n")


def lifecycle(runs: int, base: Path) -> dict[str, dict]:
    out: dict[str, dict] = {}
    project = base / "life"
    project.mkdir()
    news, statuses, gates, emits = [], [], [], []
    for n in range(runs):
        news.append(_time(project, "bootstrap", "new", f"goal {n}"))
        statuses.append(_time(project, "bootstrap", "status"))
        gates.append(_time(project, "validate-plan", "--pre-step"))
        emits.append(_time(project, "emit-state", "--state", "execute"))
        subprocess.run([sys.executable, "-m", "skill", "bootstrap", "close"], cwd=project, env=_env(),
                       stdout=subprocess.DEVNULL, check=False)
    out["bootstrap status"] = _stats(statuses)
    out["validate-plan --pre-step"] = _stats(gates)
    out["emit-state --state execute"] = _stats(emits)
    out["bootstrap new"] = _stats(news)
    heavy = base / "closed200"
    _seed_closed_plans(heavy, 200)
    closes = []
    for n in range(runs):
        subprocess.run([sys.executable, "-m", "skill", "bootstrap", "new", f"g{n}"], cwd=heavy,
                       env=_env(), stdout=subprocess.DEVNULL, check=False)
        closes.append(_time(heavy, "bootstrap", "close"))
    out["bootstrap close (200 earlier plans)"] = _stats(closes)
    return out


def log_edit_throughput(writers: int, lines: int) -> dict[str, dict]:
    result = subprocess.run([sys.executable, str(HERE / "bench_log_edit.py"), "--writers", str(writers),
                             "--lines", str(lines)], capture_output=True, text=True, env=_env())
    match = re.search(r"throughput: ([0-9.]+) lines/s", result.stdout)
    if result.returncode != 0 or not match:
        return {f"log-edit, {writers} writers": {"error": (result.stderr or result.stdout).strip()[-300:]}}
    value = float(match.group(1))
    return {f"log-edit throughput, {writers} writers x {lines} lines": {
        "median": value, "min": value, "max": value, "stdev": 0.0, "runs": 1, "unit": "lines/s"}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    files = 2_000 if args.quick else 20_000
    anchors = 2_000 if args.quick else 20_000
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="ip-bench-") as tmp:
        results.update(lifecycle(args.runs, Path(tmp)))
    for name, stats in bench_validate.measure(max(3, args.runs // 2), files, anchors).items():
        if name.startswith("gate"):
            continue
        results["validate-plan " + name] = {
            "median": stats["median_s"], "min": stats["min_s"], "max": stats["max_s"],
            "runs": stats["runs"], "unit": "s",
        }
    results.update(log_edit_throughput(8, 10 if args.quick else 50))
    for name, value in bench_blast.measure(files, max(3, args.runs // 2)).items():
        if name == "files":
            continue
        unit = "x" if "/" in name else "s"
        results[f"blast-radius ({files} files): {name}"] = {
            "median": value, "min": value, "max": value, "stdev": 0.0, "runs": 1, "unit": unit}
    for name, stats in bench_dashboard.measure(50 if args.quick else 200, max(3, args.runs // 2)).items():
        if "share" in stats:
            share = stats["share"] * 100
            results[name] = {"median": share, "min": share, "max": share, "stdev": 0.0, "runs": 1, "unit": "% CPU"}
            continue
        results[name] = {"median": stats["median_s"], "min": stats["min_s"], "max": stats["max_s"],
                         "runs": stats["runs"], "unit": "s"}
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{'benchmark':<74} {'median':>10} {'min':>10} {'max':>10} {'runs':>5}")
    for name, s in results.items():
        if "error" in s:
            print(f"{name:<74} error: {s['error']}")
            continue
        if s["unit"] == "s":
            cells = [f"{s[k] * 1000:.0f} ms" for k in ("median", "min", "max")]
        else:
            cells = [f"{s[k]:.1f} {s['unit']}" for k in ("median", "min", "max")]
        print(f"{name:<74} {cells[0]:>10} {cells[1]:>10} {cells[2]:>10} {s['runs']:>5}")


if __name__ == "__main__":
    main()
