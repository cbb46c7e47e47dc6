"""Fixtures for the ExecPlan tests: fixture files and a real-subprocess CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]

Runner = Callable[..., subprocess.CompletedProcess]


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IP_")}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run(
        [sys.executable, "-m", "skill", *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def read_fixture() -> Callable[[str], str]:
    return lambda name: (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture
def cli(tmp_path: Path) -> Runner:
    """Run ``python -m skill ARGS`` in ``tmp_path`` (or ``cwd=``), without any IP_* variable."""

    def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
        return _run(list(args), cwd or tmp_path)

    return run
