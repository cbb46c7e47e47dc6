"""The README's run command in a checkout, then its test command: the wheel built from that
checkout still carries ``skill/plans/``. With the original's bare ``plans/`` line hatchling (which
honours .gitignore) left the package out and the wheel test failed with ModuleNotFoundError."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

import pytest

from tests.support.env import REPO, clean_env

pytestmark = pytest.mark.slow

README_GOAL = "Migrate auth from session cookies to JWT"


def test_wheel_keeps_skill_plans_after_bootstrap_new_in_the_checkout(tmp_path):
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=REPO, capture_output=True, text=True, check=True, env=clean_env(),
    ).stdout.splitlines()
    checkout = tmp_path / "checkout"
    for rel in listed:
        source = REPO / rel
        if source.is_file():
            (checkout / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, checkout / rel)
    assert (checkout / "skill/plans/__init__.py").is_file()

    run = subprocess.run([sys.executable, "-m", "skill", "bootstrap", "new", README_GOAL],
                         cwd=checkout, env=clean_env(PYTHONPATH=str(checkout)), capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    ignore_lines = (checkout / ".gitignore").read_text().splitlines()
    assert "/plans/*" in ignore_lines and "plans/" not in ignore_lines

    wheels = tmp_path / "wheels"
    built = subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(wheels), str(checkout)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    (wheel,) = wheels.glob("iterative_planner-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for module in (checkout / "skill/plans").glob("*.py"):
        assert f"skill/plans/{module.name}" in names
    assert not any(name.startswith("plans/") or "/plans/plan-" in name for name in names)
