"""The output folder rules: private by default, never in the project, never a foreign folder."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from tests.dashboard.helpers import dashboard, git_repo, ok
from tests.support.cli import run_cli
from tests.support.env import clean_env

pytestmark = pytest.mark.skipif(os.name != "posix", reason="modes and owners are POSIX rules")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = git_repo(tmp_path / "proj")
    ok(root, "bootstrap", "new", "Tidy the build")
    return root


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def _refused(project: Path, *args: str, env: dict[str, str] | None = None) -> str:
    result = run_cli(project, "dashboard", *args, env=env)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert result.stderr.startswith("ERROR: refusing the dashboard folder")
    assert "Nothing was written." in result.stderr and "Traceback" not in result.stderr
    return result.stderr


def test_default_folder_is_private_in_the_user_cache(project, tmp_path):
    cache = tmp_path / "cache"
    env = clean_env(XDG_CACHE_HOME=str(cache))
    data = json.loads(ok(project, "dashboard", "--json", env=env).stdout)
    out = Path(data["out"])
    assert out.parent == cache / "iterative-planner" / "dashboard"
    assert out.name.startswith("proj-")
    for folder in (out, out.parent, out.parent.parent, out / "p", out / "f"):
        assert _mode(folder) == 0o700, folder
    for name in data["pages"] + ["live.js"]:
        assert _mode(out / name) == 0o600, name
    again = json.loads(ok(project, "dashboard", "--json", env=env).stdout)
    assert again["out"] == data["out"] and again["written"] == []


def test_default_folder_reachable_by_others_is_refused_not_fixed(project, tmp_path):
    env = clean_env(XDG_CACHE_HOME=str(tmp_path / "cache"))
    out = Path(json.loads(ok(project, "dashboard", "--json", env=env).stdout)["out"])
    os.chmod(out, 0o750)
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    assert "group or others can reach it (mode 0750)" in _refused(project, env=env)
    assert _mode(out) == 0o750  # never chmod-ed
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before


def test_default_folder_as_a_symlink_is_refused(project, tmp_path):
    env = clean_env(XDG_CACHE_HOME=str(tmp_path / "cache"))
    out = Path(json.loads(ok(project, "dashboard", "--json", env=env).stdout)["out"])
    target = tmp_path / "elsewhere"
    out.rename(target)
    out.symlink_to(target, target_is_directory=True)
    assert "it is a symbolic link" in _refused(project, env=env)


def test_out_symlink_is_refused(project, tmp_path):
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    assert "symbolic link" in _refused(project, "--out", str(link))
    assert list(real.iterdir()) == []


@pytest.mark.parametrize("mode", [0o755, 0o740, 0o705, 0o770])
def test_out_reachable_by_group_or_others_is_refused(project, tmp_path, mode):
    out = tmp_path / "site"
    out.mkdir()
    os.chmod(out, mode)
    assert f"(mode {mode:04o})" in _refused(project, "--out", str(out))
    assert list(out.iterdir()) == [] and _mode(out) == mode


def test_out_inside_the_project_is_refused(project, tmp_path):
    assert "inside the project" in _refused(project, "--out", str(project / "site"))
    assert not (project / "site").exists()
    assert "inside the project" in _refused(project, "--out", str(project))
    # a cache folder that happens to sit inside the project is refused too
    env = clean_env(XDG_CACHE_HOME=str(project / ".cache"))
    assert "inside the project" in _refused(project, env=env)
    assert not (project / ".cache").exists()


def test_out_holding_foreign_files_is_refused(project, tmp_path):
    out = tmp_path / "site"
    out.mkdir(mode=0o700)
    (out / "notes.txt").write_text("mine")
    assert "did not write" in _refused(project, "--out", str(out))
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]


def test_new_out_folder_is_created_private_and_reused(project, tmp_path):
    out = tmp_path / "a" / "b" / "site"
    data = dashboard(project, out)
    assert data["out"] == str(out)
    assert _mode(out) == 0o700 and _mode(out.parent) == 0o700
    assert dashboard(project, out)["written"] == []


def test_pages_of_plans_that_are_gone_are_removed(project, tmp_path):
    out = tmp_path / "site"
    first = dashboard(project, out)
    plan_id = first["live_plan"]
    ok(project, "bootstrap", "new", "--force", "Second goal")
    shutil.rmtree(project / "plans" / plan_id)
    (project / "plans" / "INDEX.md").write_text("# Plan Index\n")
    second = dashboard(project, out)
    assert f"p/{plan_id}.html" not in second["pages"]
    assert not (out / "p" / f"{plan_id}.html").exists()
    assert (out / "p" / f"{second['live_plan']}.html").is_file()
