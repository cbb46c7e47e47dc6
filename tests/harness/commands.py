"""Finding the command lines an installed skill tells the agent to run, and running them."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

_WORD = re.compile(r"^[a-z][a-z0-9-]*$")
_READ_ONLY = re.compile(
    r"^(bootstrap banner|--help|--version|emit-state --state [a-z]+|emit-template --name [a-z-]+)$"
)


def command_lines(folder: Path, prefix: str) -> set[str]:
    """Every ``<prefix> …`` occurrence in the Markdown/TOML files under ``folder`` (the part after
    the prefix, up to the end of the code span or line)."""
    found: set[str] = set()
    pattern = re.compile(re.escape(prefix) + r"((?: [^`\n|]*)?)")
    for path in sorted(folder.rglob("*")):
        if path.suffix not in (".md", ".toml", ".mdc") or not path.is_file():
            continue
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            found.add(match.group(1).strip())
    return found


def _run(prefix: list[str], args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, *args], cwd=cwd, env=env, capture_output=True, text=True,
        stdin=subprocess.DEVNULL, timeout=120,
    )


def probes(prefix: list[str], lines: set[str], cwd: Path, env: dict[str, str]) -> list[list[str]]:
    """The argument lists to run.

    ``--help`` of every command a line names (``bootstrap`` parses its own arguments like the
    original and has ``bootstrap help`` instead), of the subcommand too when the command is a
    group; and the read-only lines (``bootstrap banner``, ``emit-state --state plan``, …) in full.
    """
    out: set[tuple[str, ...]] = {("--help",), ("--version",), ("bootstrap", "banner"), ("bootstrap", "help")}
    groups: dict[str, bool] = {}
    for rest in sorted(lines):
        words = rest.split()
        if _READ_ONLY.match(rest):
            out.add(tuple(shlex.split(rest)))
        if not words or not _WORD.match(words[0]) or words[0] == "bootstrap":
            continue
        first = words[0]
        out.add((first, "--help"))
        if first not in groups:
            groups[first] = "Commands:" in _run(prefix, [first, "--help"], cwd, env).stdout
        if groups[first] and len(words) > 1 and _WORD.match(words[1]):
            out.add((first, words[1], "--help"))
    return [list(p) for p in sorted(out)]


def run_all(prefix: list[str], lines: set[str], cwd: Path, env: dict[str, str]) -> list[str]:
    """Run every probe; the failures as readable strings."""
    failures = []
    for args in probes(prefix, lines, cwd, env):
        done = _run(prefix, args, cwd, env)
        if done.returncode != 0:
            failures.append(f"{' '.join(args)} -> {done.returncode}: {(done.stderr or done.stdout)[-300:]}")
    return failures
