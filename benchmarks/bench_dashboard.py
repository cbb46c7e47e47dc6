"""`dashboard` on a repository with many plans, and what `--watch` costs while nothing changes.

    python benchmarks/bench_dashboard.py [--plans N] [--runs N] [--json]

The plans are made by the library's own commands (create, transitions, attempts, close) in a
temporary git repository: each has findings, a plan, two iterations with a pivot, changelog lines
and a verdict; all but the last are closed. Figures only; nothing here passes or fails on time.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from skill.lifecycle.close import close_active_plan  # noqa: E402
from skill.lifecycle.new import create_plan  # noqa: E402
from skill.plans.changelog import ChangelogEntry, format_line  # noqa: E402
from skill.plans.store import Store  # noqa: E402
from skill.transitions.attempt import attempt  # noqa: E402
from skill.transitions.transition import transition  # noqa: E402
from tests.support.env import clean_env  # noqa: E402
from tests.transitions.helpers import FINDINGS_MD, PLAN_MD, verification  # noqa: E402


def _changelog(folder: Path, iteration: int, lines: int) -> None:
    path = folder / "changelog.md"
    entries = [
        format_line(ChangelogEntry("2026-01-01T10:00:00Z", f"iter-{iteration}/step-{1 + n % 3}", "uncommitted",
                                   f"src/module_{n % 5}.py", f"EDIT(+{n},-1)",
                                   ("radius:LOW(1)", "radius:MED(5)", "radius:HIGH(9)")[n % 3], "-", f"edit {n}"))
        for n in range(lines)
    ]
    path.write_text(path.read_text() + "\n".join(entries) + "\n")


def seed(root: Path, count: int) -> None:
    """``count`` plans, made through the library: all closed but the last."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True, env=clean_env())
    store = Store(root)
    for n in range(count):
        plan_id = create_plan(store, f"Goal number {n}: make part {n} configurable", force=True).plan_id
        folder = root / "plans" / plan_id
        (folder / "findings.md").write_text(FINDINGS_MD)
        (folder / "verification.md").write_text(verification(False))
        transition(store, "PLAN", note="3 findings", confidence="scope=deep,solutions=adequate,risks=clear")
        (folder / "plan.md").write_text(PLAN_MD.format(version=1))
        transition(store, "EXECUTE", approved=True)
        _changelog(folder, 1, 6)
        attempt(store, what="first try", result="failed")
        attempt(store, what="second try", result="failed")
        transition(store, "REFLECT", note="leash hit")
        if n == count - 1:
            break
        transition(store, "PIVOT", note="other way")
        transition(store, "PLAN", note="new direction")
        (folder / "plan.md").write_text(PLAN_MD.format(version=2))
        transition(store, "EXECUTE", approved=True)
        _changelog(folder, 2, 6)
        transition(store, "REFLECT", note="done")
        (folder / "verification.md").write_text(verification(True))
        close_active_plan(store)


def _stats(values: list[float]) -> dict[str, float | int]:
    return {"median_s": statistics.median(values), "min_s": min(values), "max_s": max(values), "runs": len(values)}


def measure(plans: int, runs: int) -> dict[str, dict[str, float | int]]:
    from skill.dashboard import build, output_folder
    from skill.dashboard.watch import FULL_EVERY, INTERVAL, signatures, worktree_registry

    results: dict[str, dict[str, float | int]] = {}
    with tempfile.TemporaryDirectory(prefix="ip-bench-dash-") as tmp:
        root = Path(tmp) / "proj"
        root.mkdir()
        seed(root, plans)
        first, again, cli, cpu_first, cpu_cli = [], [], [], [], []
        for n in range(runs):
            folder = output_folder(root, Path(tmp) / f"site-{n}")
            start, cpu = time.perf_counter(), time.process_time()
            written = build(root, folder).written
            first.append(time.perf_counter() - start)
            cpu_first.append(time.process_time() - cpu)
            assert len(written) > plans
            start = time.perf_counter()
            assert build(root, folder).written == ()
            again.append(time.perf_counter() - start)
            start, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run([sys.executable, "-m", "skill", "dashboard", "--out", str(Path(tmp) / f"cli-{n}")],
                           cwd=root, env=clean_env(), check=True, stdout=subprocess.DEVNULL)
            cli.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu_cli.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        results[f"dashboard, {plans} plans, first build (in process)"] = _stats(first)
        results[f"dashboard, {plans} plans, first build (in process), CPU"] = _stats(cpu_first)
        results[f"dashboard, {plans} plans, rebuild with nothing changed"] = _stats(again)
        results[f"dashboard, {plans} plans, CLI run (python start included)"] = _stats(cli)
        results[f"dashboard, {plans} plans, CLI run, CPU (with its git calls)"] = _stats(cpu_cli)
        registry = worktree_registry(root)
        hot = set(build(root, output_folder(root, Path(tmp) / "hot")).open_folders)
        polls = 200
        per_poll = {}
        for label, only in (("open plans", hot), ("every plan", None)):
            cpu = time.process_time()
            for _ in range(polls):
                signatures([root], registry, only)
            per_poll[label] = (time.process_time() - cpu) / polls
        share = ((FULL_EVERY - 1) * per_poll["open plans"] + per_poll["every plan"]) / FULL_EVERY / INTERVAL
        for label, seconds in per_poll.items():
            results[f"dashboard --watch idle poll, {label} ({plans} plans), CPU"] = {
                "median_s": seconds, "min_s": seconds, "max_s": seconds, "runs": polls,
            }
        results["dashboard --watch idle, share of one core"] = {"share": share, "runs": polls}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = measure(args.plans, args.runs)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"{'benchmark':<62} {'median':>10} {'min':>10} {'max':>10} {'runs':>5}")
    for name, f in figures.items():
        if "share" in f:
            print(f"{name:<62} {f['share'] * 100:>9.3f}%")
            continue
        cells = [f"{f[k] * 1000:.1f} ms" for k in ("median_s", "min_s", "max_s")]
        print(f"{name:<62} {cells[0]:>10} {cells[1]:>10} {cells[2]:>10} {f['runs']:>5}")

if __name__ == "__main__":
    main()
