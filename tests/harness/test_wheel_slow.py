"""The built wheel, installed into a fresh virtual environment, installs a skill that runs.

Builds the wheel, creates a venv (dependencies come from PyPI), runs the venv's console script
``iterative-planner install --harness all`` into a temporary HOME and project, then runs every
command line the installed SKILL.md, modules, references and agents name (their ``--help``, and
the read-only ones in full) from a shell whose PATH does not contain the venv. ``uninstall`` then
leaves no file of ours and keeps a file the test edited.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.harness.checks import check_project_install
from tests.harness.commands import command_lines, run_all
from tests.harness.conftest import REPO, tree

pytestmark = pytest.mark.slow


def _run(argv, **kw):
    done = subprocess.run(argv, capture_output=True, text=True, stdin=subprocess.DEVNULL, **kw)
    assert done.returncode == 0, f"{argv}: {done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return done


def test_wheel_in_fresh_venv_installs_a_working_skill(tmp_path):
    wheels = tmp_path / "wheels"
    _run([sys.executable, "-m", "build", "--wheel", "--outdir", str(wheels), str(REPO)], timeout=300)
    (wheel,) = wheels.glob("iterative_planner-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert "skill/_bundle/SKILL.md" in names
    for sub in ("agents", "modules", "references"):
        for path in (REPO / sub).glob("*.md"):
            assert f"skill/_bundle/{sub}/{path.name}" in names
    # the plan-file templates are package data, outside the skill folder the agent reads
    from skill.bundle import VALID_TEMPLATES

    assert {name for name in names if name.startswith("skill/formats/")} == {
        f"skill/formats/{slug}.md" for slug in VALID_TEMPLATES
    }
    assert not any("file-formats" in name for name in names)

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], timeout=120)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    _run([str(bindir / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)], timeout=300)
    script = bindir / ("iterative-planner.exe" if os.name == "nt" else "iterative-planner")
    assert script.is_file()

    home = tmp_path / "home"
    project = tmp_path / "project"
    data = tmp_path / "data"
    home.mkdir()
    project.mkdir()
    # the project has its own `skill` package: nothing the installed skill runs may import it
    (project / "skill").mkdir()
    (project / "skill" / "__init__.py").write_text("")
    (project / "skill" / "__main__.py").write_text("raise SystemExit('SHADOWED by the project')\n")
    own = tree(project)
    # a shell that knows nothing of the venv or of this checkout
    path = os.pathsep.join(p for p in ("/usr/bin", "/bin") if Path(p).is_dir())
    env = {
        "PATH": path,
        "HOME": str(home),
        "USERPROFILE": str(home),
        "IP_DATA_DIR": str(data),
        "LANG": "C.UTF-8",
        "PYTHONUTF8": "1",
    }
    if os.name == "nt":
        env["SYSTEMROOT"] = os.environ.get("SYSTEMROOT", "")

    done = _run([str(script), "install", "--harness", "all,agents-md", "--json"], cwd=project, env=env, timeout=120)
    result = json.loads(done.stdout)
    prefix = result["command"]
    assert shlex.split(prefix)[0] == str(script)  # the console script, by absolute path
    skill_md = project / ".claude/skills/iterative-planner/SKILL.md"
    assert f"{prefix} bootstrap banner" in skill_md.read_text(encoding="utf-8")

    check_project_install(project)

    lines = command_lines(project, prefix)
    assert "bootstrap banner" in lines
    failures = run_all(shlex.split(prefix), lines, project, env)
    assert failures == []
    # the interpreter form of the rule is safe there too
    python = str(bindir / "python")
    done = _run([python, "-c", "from skill.command import interpreter_command; print(interpreter_command())"],
                cwd=tmp_path, env=env)
    guarded = shlex.split(done.stdout.strip())
    assert "SHADOWED" not in _run([*guarded, "bootstrap", "banner"], cwd=project, env=env).stdout

    # the templates are served from the wheel's package data; cost measures the wheel's bundle
    for slug in ("state", "presentation-contracts", "lessons-synthesis"):
        served = _run([str(script), "emit-template", "--name", slug], cwd=project, env=env).stdout
        assert served.startswith("## ") and "{{" not in served, slug
    measured = json.loads(_run([str(script), "cost", "--json"], cwd=project, env=env, timeout=120).stdout)
    assert measured["command"] == prefix
    assert measured["measured_on"]["kind"] == "sample"
    assert {part["name"] for part in measured["bundle"]["parts"]} == {
        name.removeprefix("skill/_bundle/") for name in names
        if name.startswith("skill/_bundle/") and name.endswith(".md")
        and not name.startswith("skill/_bundle/scripts/")
    }

    done = _run([str(script), "doctor", "--json"], cwd=project, env=env, timeout=120)
    report = json.loads(done.stdout)
    assert {i["target"] for i in report["installs"]} == {"claude", "agents", "codex", "cursor", "agents-md"}
    # healthy, apart from the Codex trust warning (this HOME trusts no project)
    assert report["ok"], report

    edited = project / ".claude/agents/ip-explorer.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nmy note\n", encoding="utf-8")
    _run([str(script), "uninstall"], cwd=project, env=env, timeout=120)
    assert tree(project) == {**own, ".claude/agents/ip-explorer.md": edited.read_bytes()}
    assert list((data / "receipts").glob("*.json")) == []
    assert tree(home) == {}
