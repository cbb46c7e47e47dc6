"""The per-step commands against the original, side by side, on this machine, in one run.

    python benchmarks/bench_fastpath.py [--rounds N] [--original DIR] [--json]

Each round runs every command once, in a fixed order (the original's and this port's interleaved),
so a change in machine load hits every row alike; the first rounds are warm-up. Each row's median
wall time is divided by the median of the original's ``bootstrap status``: the ratio is the
figure to read, since absolute times swing with load. The targets (issue 16): status, the gate and
both hooks at most 0.35×; emit-state and the full validator at most 0.6× of the original's own.

Both tools work in a fresh plan folder each made by itself (``bootstrap new``) in a new git
repository with one commit. The port runs as the agent runs it: its console script when this
interpreter has one, else ``python -m skill`` (``--module`` measures that form as well).
Figures only: nothing here passes or fails on time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_ORIGINAL = REPO.parent / "shared" / "reference" / "iterative-planner-2.57.2"
GOAL = "benchmark goal"
WRITE = {"session_id": "bench", "hook_event_name": "PreToolUse", "tool_name": "Write"}


def clean_env(cache: Path | None = None) -> dict[str, str]:
    """No IP_/GIT_ settings; this checkout importable; byte-code cached (in ``cache``), as an
    installed package runs: ``PYTHONDONTWRITEBYTECODE`` would recompile every module every run."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IP_", "GIT_"))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if cache is not None:
        env["PYTHONPYCACHEPREFIX"] = str(cache)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(
        GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.invalid",
        GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.invalid",
    )
    return env


def port_command() -> list[str]:
    """The console script next to this interpreter when it runs this interpreter, else -m."""
    script = Path(sys.executable).parent / "iterative-planner"
    if script.is_file():
        first = script.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0]
        if first.startswith("#!") and Path(first[2:].strip()).resolve() == Path(sys.executable).resolve():
            return [str(script)]
    return [sys.executable, "-m", "skill"]


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=clean_env(), check=True, capture_output=True)


def project(base: Path, name: str, new: list[str]) -> Path:
    folder = base / name
    folder.mkdir()
    git(folder, "init", "-q")
    (folder / "README.md").write_text("bench\n")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "init")
    subprocess.run([*new, GOAL], cwd=folder, env=clean_env(), check=True, capture_output=True)
    return folder


class Row:
    def __init__(self, name: str, argv: list[str], cwd: Path, stdin: str = "", target: str = "") -> None:
        self.name, self.argv, self.cwd, self.stdin, self.target = name, argv, cwd, stdin, target
        self.times: list[float] = []

    def run(self, env: dict[str, str]) -> None:
        start = time.perf_counter()
        subprocess.run(self.argv, cwd=self.cwd, env=env, input=self.stdin.encode(), check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.times.append(time.perf_counter() - start)


def rows(original: Path, base: Path, module: bool) -> list[Row]:
    node = shutil.which("node")
    if node is None:
        raise SystemExit("node is needed to run the original")
    scripts = original / "src" / "scripts"
    orig = project(base, "orig", [node, str(scripts / "bootstrap.mjs"), "new"])
    port_cmd = port_command()
    port = project(base, "port", [*port_cmd, "bootstrap", "new"])
    write = json.dumps({**WRITE, "cwd": str(port), "tool_input": {"file_path": str(port / "src" / "app.py"), "content": "x"}})
    start = json.dumps({"session_id": "bench", "hook_event_name": "SessionStart", "source": "startup", "cwd": str(port)})
    status_in = json.dumps({"cwd": str(port), "workspace": {"current_dir": str(port)}})
    out = [
        Row("original: bootstrap status", [node, str(scripts / "bootstrap.mjs"), "status"], orig),
        Row("original: validate-plan --pre-step", [node, str(scripts / "validate-plan.mjs"), "--pre-step"], orig),
        Row("original: emit-state --state execute", [node, str(scripts / "emit-state.mjs"), "--state", "execute"], orig),
        Row("original: validate-plan (full)", [node, str(scripts / "validate-plan.mjs")], orig),
        Row("port: bootstrap status", [*port_cmd, "bootstrap", "status"], port, target="0.35 x orig status"),
        Row("port: validate-plan --pre-step", [*port_cmd, "validate-plan", "--pre-step"], port, target="0.35 x orig status"),
        Row("port: hook session-start", [*port_cmd, "hook", "session-start"], port, start, "0.35 x orig status"),
        Row("port: hook pre-tool-use (deny)", [*port_cmd, "hook", "pre-tool-use"], port, write, "0.35 x orig status"),
        Row("port: statusline", [*port_cmd, "statusline"], port, status_in),
        Row("port: emit-state --state execute", [*port_cmd, "emit-state", "--state", "execute"], port, target="0.6 x orig emit-state"),
        Row("port: validate-plan (full)", [*port_cmd, "validate-plan"], port, target="0.6 x orig validate-plan"),
        Row("python -c pass", [sys.executable, "-c", "pass"], port),
        Row("node -e 0", [node, "-e", "0"], orig),
    ]
    if module:
        out.insert(-2, Row("port via -m: bootstrap status", [sys.executable, "-m", "skill", "bootstrap", "status"], port))
    return out


def measure(rounds: int, warmup: int, original: Path, module: bool) -> dict[str, dict[str, object]]:
    with tempfile.TemporaryDirectory(prefix="ip-fastpath-") as tmp:
        env = clean_env(Path(tmp) / "pycache")
        table = rows(original, Path(tmp), module)
        for index in range(warmup + rounds):
            for row in table:
                row.run(env)
            if index < warmup:
                for row in table:
                    row.times.clear()
    medians = {row.name: statistics.median(row.times) for row in table}
    base = medians["original: bootstrap status"]
    references = {
        "0.35 x orig status": (0.35, base),
        "0.6 x orig emit-state": (0.6, medians["original: emit-state --state execute"]),
        "0.6 x orig validate-plan": (0.6, medians["original: validate-plan (full)"]),
    }
    result: dict[str, dict[str, object]] = {}
    for row in table:
        entry: dict[str, object] = {
            "median_ms": round(medians[row.name] * 1000, 1),
            "min_ms": round(min(row.times) * 1000, 1),
            "x_orig_status": round(medians[row.name] / base, 2),
            "runs": len(row.times),
        }
        if row.target:
            factor, reference = references[row.target]
            entry["target"] = row.target
            entry["x_target_reference"] = round(medians[row.name] / reference, 2)
            entry["within_target"] = medians[row.name] <= factor * reference
        result[row.name] = entry
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--original", type=Path, default=DEFAULT_ORIGINAL)
    parser.add_argument("--module", action="store_true", help="also time `python -m skill bootstrap status`")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not (args.original / "src" / "scripts" / "bootstrap.mjs").is_file():
        raise SystemExit(f"the original is not at {args.original} (--original DIR)")
    result = measure(args.rounds, args.warmup, args.original, args.module)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"port command: {' '.join(port_command())}; {args.rounds} rounds after {args.warmup} warm-up")
    print(f"{'command':<40} {'median':>9} {'min':>9} {'x orig status':>14}   target")
    for name, row in result.items():
        target = ""
        if "target" in row:
            verdict = "within" if row["within_target"] else "OVER"
            target = f"{row['x_target_reference']:.2f} x its reference; target {row['target']}: {verdict}"
        print(f"{name:<40} {row['median_ms']:>7.1f}ms {row['min_ms']:>7.1f}ms {row['x_orig_status']:>13.2f}x   {target}")


if __name__ == "__main__":
    main()
