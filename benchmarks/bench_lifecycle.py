"""Median wall time of `bootstrap status` and `bootstrap new` (subprocess runs).

    python benchmarks/bench_lifecycle.py [--runs N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _run(cwd: Path, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "skill", *args], cwd=cwd, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(runs: int) -> dict[str, dict[str, float]]:
    results: dict[str, list[float]] = {"bootstrap status": [], "bootstrap new": []}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for n in range(runs):
            project = root / f"p{n}"
            project.mkdir()
            results["bootstrap new"].append(_run(project, "bootstrap", "new", f"goal {n}"))
            results["bootstrap status"].append(_run(project, "bootstrap", "status"))
    return {
        name: {"median_s": statistics.median(v), "min_s": min(v), "max_s": max(v), "runs": len(v)}
        for name, v in results.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    os.environ.pop("IP_PLAN_ROOT", None)
    figures = measure(args.runs)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"{'command':<20} {'median':>9} {'min':>9} {'max':>9}")
    for name, f in figures.items():
        print(f"{name:<20} {f['median_s']*1000:>7.1f}ms {f['min_s']*1000:>7.1f}ms {f['max_s']*1000:>7.1f}ms")


if __name__ == "__main__":
    main()
