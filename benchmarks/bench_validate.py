"""Median wall times of ``validate-plan`` (subprocess runs on generated inputs).

    python benchmarks/bench_validate.py [--runs N] [--files N] [--anchors N] [--json]

Prints three figures:

* the pre-step gate on a small plan;
* the pre-step gate with the plan-drift check: approvals.jsonl with 50 approvals, a 600-line
  plan.md and 200 archived attempt lines;
* the full validator on a project of ``--files`` source files (default 20,000; one in fifty
  carries a DECISION anchor), an active plan whose changelog.md has 5,000 lines, and 50 closed plans;
* the full validator on a project whose only source file is one Markdown file holding ``--anchors``
  HTML-comment anchors (default 20,000).

Inputs are generated in a temporary folder that is removed afterwards.
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

REPO = Path(__file__).resolve().parents[1]
ACTIVE = "plan-2026-11-01T100000-0a1b2c3d"


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IP_")}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _time(cwd: Path, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "skill", "validate-plan", *args],
        cwd=cwd,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def _plan(root: Path, plan_id: str, decisions: int = 3, changelog_lines: int = 0) -> Path:
    plan = root / "plans" / plan_id
    (plan / "findings").mkdir(parents=True)
    (plan / "checkpoints").mkdir()
    (plan / "state.md").write_text(
        "# Current State: EXECUTE\n## Iteration: 1\n## Fix Attempts (resets per plan step)\n- (none)\n"
        "## Change Manifest (current iteration)\n- none\n## Transition History:\n"
        "- INIT → EXPLORE (2026-11-01T10:00:00Z)\n- EXPLORE → PLAN (mapped)\n  - confidence: scope=deep\n"
        "- PLAN → EXECUTE (approved; PC-PLAN shown)\n"
    )
    sections = ["Goal", "Problem Statement", "Context", "Files To Modify", "Steps", "Assumptions", "Failure Modes",
                "Pre-Mortem & Falsification Signals", "Success Criteria", "Verification Strategy", "Complexity Budget"]
    (plan / "plan.md").write_text("# Plan v1: bench\n\n" + "".join(f"## {s}\n- content\n\n" for s in sections))
    (plan / "progress.md").write_text("## Completed\n- a\n## In Progress\n- b\n## Remaining\n- c\n")
    entries = "".join(
        f"## D-{n:03d} | EXECUTE | 2026-11-01\n**Trade-off**: a at the cost of b\n**Anchor-Refs**: `src/m{n}.py:1`\n\n"
        for n in range(1, decisions + 1)
    )
    (plan / "decisions.md").write_text(f"# Decision Log\n*Plan: {plan_id}*\n\n{entries}")
    (plan / "summary.md").write_text(f"# Summary\n*Plan: {plan_id}*\n")
    lines = "".join(
        f"2026-11-01T11:{(n // 60) % 60:02d}:{n % 60:02d}Z | iter-1/step-{n % 9 + 1} | {n:07x} | src/m{n % 97}.py "
        f"| EDIT(+{n % 40},-{n % 7}) | radius:LOW({n % 3}) | {'D-001' if n % 5 == 0 else '-'} | edit number {n}\n"
        for n in range(changelog_lines)
    )
    (plan / "changelog.md").write_text("# Changelog\n\n" + lines)
    return plan


def make_big_project(root: Path, files: int) -> None:
    (root / "plans").mkdir(parents=True)
    index = ["| Plan | Closed | Goal |", "|---|---|---|"]
    for n in range(50):
        closed = f"plan-2026-10-{n % 28 + 1:02d}T{n:06d}-{n:08x}"
        _plan(root, closed)
        (root / "plans" / closed / "lessons_snapshot.md").write_text("- [I:5] keep gates real\n")
        index.append(f"| {closed} | 2026-10-{n % 28 + 1:02d} | goal {n} |")
    _plan(root, ACTIVE, decisions=40, changelog_lines=5000)
    (root / "plans" / ".current_plan").write_text(ACTIVE)
    (root / "plans" / "INDEX.md").write_text("\n".join(index) + "\n")
    for name in ("FINDINGS.md", "DECISIONS.md", "SYSTEM.md"):
        (root / "plans" / name).write_text(f"# {name}\n")
    (root / "plans" / "LESSONS.md").write_text("- [I:5] keep gates real\n")
    body = "".join(f"def f{k}(x):\n    return x + {k}\n\n" for k in range(60))
    for n in range(files):
        folder = root / "src" / f"pkg{n % 40}" / f"sub{n % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        anchor = f"# DECISION {ACTIVE}/D-{n % 40 + 1:03d}\n" if n % 50 == 0 else ""
        ext = (".py", ".js", ".md", ".py", ".ts")[n % 5]
        text = anchor + body if ext == ".py" else f"// module {n}\nexport const v = {n};\n"
        if ext == ".md":
            text = f"# Module {n}\n\nNotes with `code` and <!-- a comment -->.\n"
        (folder / f"m{n}{ext}").write_text(text)


def make_approved_plan(root: Path) -> None:
    """A plan in EXECUTE whose plan.md was approved 50 times, with a long attempt history."""
    sys.path.insert(0, str(REPO))
    from skill.plans import approvals, attempts

    plan = _plan(root, ACTIVE)
    (root / "plans" / ".current_plan").write_text(ACTIVE)
    text = (plan / "plan.md").read_text() + "".join(f"- detail line {n}\n" for n in range(600))
    (plan / "plan.md").write_text(text)
    (plan / approvals.APPROVED_PLAN).write_text(text)
    record = approvals.Approval("2026-11-01T11:00:00Z", "approve", "EXECUTE", "EXECUTE", "yes", approvals.plan_digest(text))
    (plan / approvals.APPROVALS).write_text("".join(approvals.record_line(record) + "\n" for _ in range(50)))
    lines = [attempts.archived_line(1, n % 9 + 1, "2026-11-01T11:00:00Z", "step next", f"- Step {n % 9 + 1}, attempt 1: x → failed")
             for n in range(200)]
    (plan / "state.md").write_text(attempts.add_history((plan / "state.md").read_text(), lines))


def make_anchor_file(root: Path, anchors: int) -> None:
    _plan(root, ACTIVE, decisions=100)
    (root / "plans" / ".current_plan").write_text(ACTIVE)
    lines = [f"Paragraph {n}.\n<!-- DECISION {ACTIVE}/D-{n % 100 + 1:03d} -->\n" for n in range(anchors)]
    (root / "docs").mkdir()
    (root / "docs" / "anchors.md").write_text("# Anchors\n\n" + "\n".join(lines))


def _stats(values: list[float]) -> dict[str, float]:
    return {"median_s": statistics.median(values), "min_s": min(values), "max_s": max(values), "runs": len(values)}


def measure(runs: int, files: int, anchors: int) -> dict[str, dict[str, float]]:
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        small = base / "small"
        _plan(small, ACTIVE)
        (small / "plans" / ".current_plan").write_text(ACTIVE)
        results["gate (--pre-step)"] = _stats([_time(small, "--pre-step") for _ in range(max(runs, 10))])
        drift = base / "drift"
        make_approved_plan(drift)
        results["gate with plan-drift check"] = _stats([_time(drift, "--pre-step") for _ in range(max(runs, 10))])
        big = base / "big"
        make_big_project(big, files)
        results[f"full, {files} files + 5000 changelog lines + 50 closed plans"] = _stats(
            [_time(big) for _ in range(runs)]
        )
        one = base / "anchors"
        make_anchor_file(one, anchors)
        results[f"full, one .md with {anchors} anchors"] = _stats([_time(one) for _ in range(runs)])
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--anchors", type=int, default=20_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = measure(args.runs, args.files, args.anchors)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for name, stats in results.items():
        print(f"{name}: median {stats['median_s'] * 1000:.0f} ms (min {stats['min_s'] * 1000:.0f}, "
              f"max {stats['max_s'] * 1000:.0f}, {stats['runs']} runs)")


if __name__ == "__main__":
    main()
