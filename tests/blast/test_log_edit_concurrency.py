"""Eight processes append to one changelog at once: every line lands, whole and valid."""

from __future__ import annotations

import subprocess
import sys

from skill.plans.changelog import line_issues, parse_line

from .blast_helpers import active_plan_id, clean_env, commit_all, make_plan, run_cli, write

#: A worker process: imports the CLI once, then runs ``log-edit`` N times (one lock round each).
#: Mode "git" lets git compute the op and the commit; the radius is fixed to keep the test fast
#: (the next test lets every field be computed).
WORKER = r"""
import sys
from skill.cli import cli

root, worker, count, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
for i in range(count):
    args = ["log-edit", "--root", root, "--file", f"src/w{worker}.py",
            "--reason", f"worker {worker} edit {i} | ünïcode → fine"]
    args += ["--radius", "radius:LOW(0)"]
    if mode == "fixed":
        args += ["--op", "EDIT(+1,-0)", "--commit", "uncommitted"]
    status = cli.main(args=args, prog_name="iterative-planner", standalone_mode=False)
    if status not in (None, 0):
        sys.exit(f"worker {worker}: log-edit exited {status} at edit {i}")
"""

WORKERS = 8
PER_WORKER = 50


def test_eight_processes_fifty_lines_each(repo):
    make_plan(repo)
    write(repo, "README.md", "r\n")
    commit_all(repo)
    for w in range(WORKERS):
        write(repo, f"src/w{w}.py", f"value = {w}\n")
    env = clean_env(IP_LOCK_TIMEOUT="120")
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WORKER,
                str(repo),
                str(w),
                str(PER_WORKER),
                "fixed" if w % 2 == 0 else "git",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(WORKERS)
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err

    text = (repo / "plans" / active_plan_id(repo) / "changelog.md").read_text(encoding="utf-8")
    assert text.endswith("\n")
    lines = text.split("\n")[:-1]
    body = lines[4:]
    assert len(body) == WORKERS * PER_WORKER
    for line in body:
        assert line_issues(line) == [], line
    seen: dict[int, list[int]] = {w: [] for w in range(WORKERS)}
    for line in body:
        entry = parse_line(line)
        assert entry is not None
        words = entry.reason.split()
        worker, index = int(words[1]), int(words[3])
        assert entry.path == f"src/w{worker}.py"
        seen[worker].append(index)
    # none lost, none duplicated, each worker's lines in the order it wrote them
    assert all(seen[w] == list(range(PER_WORKER)) for w in range(WORKERS))
    # the workers that let git compute the fields got the untracked-file facts
    odd = [parse_line(x) for x in body if int(parse_line(x).reason.split()[1]) % 2 == 1]
    assert {(e.op, e.commit) for e in odd} == {("CREATE(+1)", "uncommitted")}
    leftovers = [p.name for p in (repo / "plans" / active_plan_id(repo)).iterdir() if p.name.endswith(".iptmp")]
    assert leftovers == []


def test_concurrent_cli_subprocesses_with_git_computed_fields(repo):
    """Separate ``python -m skill log-edit`` processes, nothing overridden."""
    make_plan(repo, step="1 of 2")
    for w in range(4):
        write(repo, f"lib/m{w}.js", "export const a = 1;\n")
    commit_all(repo)
    for w in range(4):
        with (repo / f"lib/m{w}.js").open("a") as handle:
            handle.write("export const b = 2;\n")
    env = clean_env(IP_LOCK_TIMEOUT="120")
    procs = []
    for w in range(4):
        for i in range(2):
            procs.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "skill",
                        "log-edit",
                        "--file",
                        f"lib/m{w}.js",
                        "--reason",
                        f"edit {w}.{i}",
                    ],
                    cwd=repo,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    body = (repo / "plans" / active_plan_id(repo) / "changelog.md").read_text(encoding="utf-8").splitlines()[4:]
    assert sorted(parse_line(x).reason for x in body) == sorted(
        f"edit {w}.{i}" for w in range(4) for i in range(2)
    )
    for line in body:
        assert line_issues(line) == []
        entry = parse_line(line)
        assert (entry.step, entry.commit, entry.op) == (
            "iter-1/step-1",
            "uncommitted",
            "EDIT(+1,-0)",
        )
        assert entry.radius == "radius:MED(4)"  # shared lib/ (2) + exported addition (2)
    assert run_cli(repo, "blast-radius", "lib/m0.js").stdout.strip() == "radius:MED(4)"
