"""The command that runs this installation (skill/command.py): one rule, used by every message.

The rule is checked against real PATHs and a project that has its own ``skill`` package; every
message, emitted text and hook context names the command the rule gives, never ``python -m skill``.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from skill import command
from tests.support.cli import run_cli
from tests.support.env import REPO, clean_env

BIN = Path(sys.executable).parent
SCRIPT = BIN / "iterative-planner"


def rule_in(env: dict[str, str], cwd: Path) -> str:
    """What the rule answers in a process with this environment."""
    done = subprocess.run(
        [sys.executable, "-c", "from skill.command import agent_command; print(agent_command())"],
        env=env, cwd=cwd, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def path_without_us() -> str:
    folders = os.environ.get("PATH", "").split(os.pathsep)
    return os.pathsep.join(f for f in folders if f and not (Path(f) / "iterative-planner").exists())


needs_script = pytest.mark.skipif(
    command.own_console_script() is None, reason="this interpreter has no iterative-planner script"
)


@needs_script
def test_portable_name_only_when_it_resolves_here(tmp_path):
    assert command.portable_command(str(BIN)) == "iterative-planner"
    # a pipx-style link to our script counts as ours
    links = tmp_path / "links"
    links.mkdir()
    (links / "iterative-planner").symlink_to(SCRIPT)
    assert command.portable_command(str(links)) == "iterative-planner"
    # another installation's script (another interpreter in its shebang) does not
    other = tmp_path / "other"
    other.mkdir()
    fake = other / "iterative-planner"
    fake.write_text("#!/usr/bin/env python9\nprint('other')\n")
    fake.chmod(0o755)
    assert command.portable_command(str(other)) is None
    assert command.portable_command(str(tmp_path / "empty")) is None


@needs_script
def test_rule_in_order(tmp_path):
    env = clean_env(PATH=os.pathsep.join([str(BIN), path_without_us()]))
    assert rule_in(env, tmp_path) == "iterative-planner"
    env = clean_env(PATH=path_without_us())
    assert rule_in(env, tmp_path) == command.quote(str(command.own_console_script()))
    env = clean_env(PATH=path_without_us(), IP_COMMAND="my-ip --flag")
    assert rule_in(env, tmp_path) == "my-ip --flag"


def test_interpreter_form_is_not_shadowed_by_a_project_skill_package(tmp_path):
    project = tmp_path / "proj"
    (project / "skill").mkdir(parents=True)
    (project / "skill" / "__init__.py").write_text("")
    (project / "skill" / "__main__.py").write_text("print('SHADOWED')\n")
    env = clean_env()
    env.pop("PYTHONPATH")  # the installed package only, as in a user's shell
    # the plain form runs the project's package: that is the failure this guards against
    plain = subprocess.run([sys.executable, "-m", "skill", "bootstrap", "banner"], cwd=project,
                           env=env, capture_output=True, text=True, timeout=60)
    assert "SHADOWED" in plain.stdout
    argv = command.split(command.interpreter_command())
    done = subprocess.run([*argv, "bootstrap", "banner"], cwd=project, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "SHADOWED" not in done.stdout and "iterative-planner v" in done.stdout
    if command.own_console_script() is not None:
        done = subprocess.run([str(command.own_console_script()), "bootstrap", "banner"], cwd=project,
                              env=env, capture_output=True, text=True, timeout=60)
        assert "SHADOWED" not in done.stdout and "iterative-planner v" in done.stdout


def test_interpreter_form_by_version():
    assert command.interpreter_command((3, 12)).endswith(" -P -m skill")
    assert command.interpreter_command((3, 10)).endswith((" -I -m skill", " -m skill"))
    assert Path(command.split(command.interpreter_command())[0]).is_absolute()


def test_shebang_forms(tmp_path):
    plain = tmp_path / "a"
    plain.write_text(f"#!{sys.executable}\n")
    wrapped = tmp_path / "b"
    wrapped.write_text(f"#!/bin/sh\n'''exec' \"{sys.executable}\" \"$0\" \"$@\"\n' '''\n")
    other = tmp_path / "c"
    other.write_text("#!/opt/elsewhere/python\n")
    assert command.runs_this_interpreter(plain) and command.runs_this_interpreter(wrapped)
    assert not command.runs_this_interpreter(other)
    assert command.same_interpreter(sys.executable, sys.executable)


def test_lazy_command_formats_as_the_rule():
    assert f"{command.AGENT_COMMAND} x" == f"{command.agent_command()} x"
    assert str(command.AGENT_COMMAND) == command.agent_command()


def _messages(project: Path, env: dict[str, str]) -> str:
    """Text from the commands that name the command: refusals, usage, hook, emitted modules."""
    out = []
    for args in (
        ("bootstrap", "new", "Name the command"),
        ("bootstrap", "new", "Second"),  # refused: names resume/status/close
        ("bootstrap", "help"),
        ("bootstrap", "retire"),
        ("transition", "EXECUTE"),  # refused from EXPLORE
        ("step", "next"),
        ("emit-state", "--state", "execute"),
        ("emit-template", "--name", "lessons"),
    ):
        done = run_cli(project, *args, env=env)
        out.append(done.stdout + done.stderr)
    hook = run_cli(project, "hook", "session-start", env=env, input=json.dumps({"cwd": str(project)}))
    out.append(json.loads(hook.stdout)["hookSpecificOutput"]["additionalContext"])
    return "\n".join(out)


@pytest.mark.parametrize("on_path", [True, False])
def test_every_message_names_the_rule_not_python_dash_m(project, on_path):
    path = path_without_us()
    env = clean_env(PATH=os.pathsep.join([str(BIN), path]) if on_path else path)
    expected = rule_in(env, project)
    text = _messages(project, env)
    assert "python -m skill" not in text
    for line in (f"{expected} bootstrap resume", f"{expected} emit-state --state", f"{expected} bootstrap"):
        assert line in text, line


def _string_constants(tree: ast.AST) -> list[tuple[int, str]]:
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_no_message_spells_python_dash_m_skill():
    """Every command named to a user or agent comes from skill/command.py (docstrings may explain)."""
    found = []
    for path in sorted((REPO / "skill").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(REPO)}:{line}" for line, text in _string_constants(tree)
                  if "python -m skill" in text or "-m skill" in text and path.name != "command.py"]
    assert found == []
    for folder in ("agents", "modules", "references"):
        for path in (REPO / folder).rglob("*.md"):
            assert "python -m skill" not in path.read_text(encoding="utf-8"), path
    assert "python -m skill" not in (REPO / "SKILL.md").read_text(encoding="utf-8")
