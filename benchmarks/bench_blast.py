"""blast-radius on a generated 20,000-file repository: the import graph against ``git grep``.

    python benchmarks/bench_blast.py [--files 20000] [--runs 5] [--json]

The repository mixes Python packages (absolute, relative and TYPE_CHECKING imports, tests),
TypeScript features (relative specifiers with and without ``.js``, index files, type imports),
Go packages under a ``go.mod``, Rust modules, and documents. Printed figures (medians):

* ``git grep``: the original's reverse-dependency search (what every score ran before) and a
  plain ``git grep -l import``, both over the whole tree;
* the cold graph build (no cache) and its ratio to each ``git grep``;
* scoring one file with a warm cache: in-process and as a ``python -m skill`` command, and after
  an edit and after a new file (which re-resolves every import).

Figures only: nothing here passes or fails on time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_log_edit import _git as setup_git  # noqa: E402

from skill.blast.graph import cache as graph_cache  # noqa: E402
from skill.blast.graph.build import load_graph  # noqa: E402
from skill.blast.score import score_file  # noqa: E402
from skill.blast.textsearch import dependents_pattern, grep_args  # noqa: E402

BODY_PY = "".join(f"    total += helper_{i}(value, {i})  # step {i}\n" for i in range(40))
BODY_TS = "".join(f"  total += step{i}(value, {i}); // step {i}\n" for i in range(40))


def generate(root: Path, count: int, seed: int = 7) -> dict[str, str]:
    """Write the repository; returns a few named files to score."""
    rng = random.Random(seed)
    py_count, ts_count, go_count, rs_count = (
        int(count * share) for share in (0.45, 0.35, 0.05, 0.03)
    )
    packages = max(1, py_count // 100)
    py_mods = [f"src/app/pkg{i % packages}/mod{i}.py" for i in range(py_count)]
    for index, path in enumerate(py_mods):
        pkg = index % packages
        lines = [
            '"""Module docstring.\n\nimport nothing_here\n"""',
            "from __future__ import annotations",
            "import os",
            "import json",
        ]
        for _ in range(4):
            other = rng.randrange(py_count)
            lines.append(f"from app.pkg{other % packages}.mod{other} import helper_{other}")
        sibling = rng.randrange(pkg, py_count, packages)
        lines.append(f"from .mod{sibling} import helper_{sibling}")
        if index % 5 == 0:
            other = rng.randrange(py_count)
            lines += [
                "from typing import TYPE_CHECKING",
                "if TYPE_CHECKING:",
                f"    from app.pkg{other % packages}.mod{other} import Thing",
            ]
        lines.append(
            f"\n\ndef helper_{index}(value, n):\n    total = 0\n{BODY_PY}    return total\n"
        )
        _write(root, path, "\n".join(lines))
    for pkg in range(packages):
        _write(root, f"src/app/pkg{pkg}/__init__.py", "")
    _write(root, "src/app/__init__.py", "")
    _write(root, "pyproject.toml", "[project]\nname = 'app'\n")
    for index in range(count // 20):
        target = rng.randrange(py_count)
        _write(
            root,
            f"tests/test_{index}.py",
            f"from app.pkg{target % packages}.mod{target} import helper_{target}\n\n\ndef test_it():\n    assert helper_{target}(1, 2) is not None\n",
        )
    features = max(1, ts_count // 100)
    for index in range(ts_count):
        feature = index % features
        lines = []
        for _ in range(4):
            other = rng.randrange(ts_count)
            ext = ".js" if other % 3 == 0 else ""
            lines.append(
                f"import {{ v{other} }} from '../feature{other % features}/c{other}{ext}';"
            )
        lines.append(f"import type {{ T }} from '../feature{feature}';")
        lines.append("import React from 'react';")
        lines.append(
            f"\nexport function v{index}(value: number): number {{\n  let total = 0;\n{BODY_TS}  return total;\n}}\n"
        )
        _write(root, f"web/src/feature{feature}/c{index}.ts", "\n".join(lines))
    for feature in range(features):
        _write(root, f"web/src/feature{feature}/index.ts", "export type T = number;\n")
    _write(root, "go/go.mod", "module example.com/svc\n")
    go_pkgs = max(1, go_count // 10)
    for index in range(go_count):
        imports = "\n".join(f'\t"example.com/svc/p{rng.randrange(go_pkgs)}"' for _ in range(3))
        _write(
            root,
            f"go/p{index % go_pkgs}/f{index}.go",
            f'package p{index % go_pkgs}\n\nimport (\n\t"fmt"\n{imports}\n)\n\nfunc F{index}() {{ fmt.Println() }}\n',
        )
    _write(root, "rs/Cargo.toml", '[package]\nname = "rs"\n')
    _write(root, "rs/src/lib.rs", "".join(f"pub mod m{i};\n" for i in range(rs_count)))
    for index in range(rs_count):
        _write(
            root,
            f"rs/src/m{index}.rs",
            f"use crate::m{rng.randrange(rs_count)}::Item;\npub struct Item;\n",
        )
    written = (
        len(py_mods)
        + packages
        + 2
        + count // 20
        + ts_count
        + features
        + go_count
        + 2
        + rs_count
        + 1
    )
    for index in range(max(0, count - written)):
        _write(
            root,
            f"docs/section{index % 50}/page{index}.md",
            "# Page\n\n" + "Some prose about the system.\n" * 40,
        )
    return {
        "python": py_mods[0],
        "typescript": f"web/src/feature0/c{features}.ts",
        "go": "go/p0/f0.go",
    }


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    """``git`` in ``root`` (output captured, failures not raised: timed greps may match nothing)."""
    return subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)


def _median(action, runs: int) -> float:
    values = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        values.append(time.perf_counter() - start)
    return statistics.median(values)


def _drop_cache(root: Path) -> None:
    for path in graph_cache.locations(root):
        path.unlink(missing_ok=True)


def measure(count: int, runs: int) -> dict[str, float]:
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-blast-") as scratch:
        root = Path(scratch).resolve() / "repo"
        targets = generate(root, count)
        setup_git(root, "init", "-q")
        setup_git(root, "add", "-A")
        setup_git(root, "commit", "-q", "-m", "generated")
        out["files"] = len(_git(root, "ls-files", "-z").stdout.split(b"\0")) - 1
        stem = Path(targets["python"]).stem
        original = grep_args(dependents_pattern(stem), targets["python"])
        out["git grep (original dependents pattern)"] = _median(lambda: _git(root, *original), runs)
        out["git grep -l import"] = _median(lambda: _git(root, "grep", "-l", "import"), runs)

        def cold() -> None:
            _drop_cache(root)
            graph, _report = load_graph(root)
            assert graph is not None

        out["graph build, cold"] = _median(cold, max(1, runs // 2))
        load_graph(root)
        out["graph load, warm"] = _median(lambda: load_graph(root), runs)
        for language, target in targets.items():
            out[f"score one {language} file, warm, in-process"] = _median(
                lambda target=target: score_file(target, root), runs
            )
        env = {k: v for k, v in os.environ.items() if not k.startswith("IP_")}
        env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
        command = [sys.executable, "-m", "skill", "blast-radius", targets["python"]]
        out["blast-radius command, warm"] = _median(
            lambda: subprocess.run(command, cwd=root, env=env, capture_output=True, check=True),
            runs,
        )
        edited = root / targets["typescript"]
        edited.write_text(edited.read_text() + "export const extra = 1;\n")
        out["score after an edit (first call)"] = _median(
            lambda: score_file(targets["python"], root), 1
        )
        (root / "src/app/pkg0/brand_new.py").write_text("from app.pkg0.mod0 import helper_0\n")
        out["score after a new file (first call)"] = _median(
            lambda: score_file(targets["python"], root), 1
        )
        out["cold build / git grep (original)"] = (
            out["graph build, cold"] / out["git grep (original dependents pattern)"]
        )
        out["cold build / git grep -l import"] = (
            out["graph build, cold"] / out["git grep -l import"]
        )
        shutil.rmtree(root / ".git" / graph_cache.FOLDER_NAME, ignore_errors=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = measure(args.files, args.runs)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for name, value in results.items():
        if name == "files":
            print(f"{name:<52} {value:>10.0f}")
        elif "/" in name:
            print(f"{name:<52} {value:>9.2f}x")
        else:
            print(f"{name:<52} {value * 1000:>8.0f} ms")


if __name__ == "__main__":
    main()
