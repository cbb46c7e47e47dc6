"""The fast dispatcher: exactly the per-step argument shapes, the same bytes and exit codes as the
click commands, and no click or jinja2 (nor the heavier standard modules) on those paths."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skill.cli.fast import Call, parse
from tests.support.cli import run_cli
from tests.support.env import clean_env
from tests.support.git import init_repo
from tests.transitions.helpers import ok, to_execute

#: Imports the per-step paths must not make: the budget of docs/architecture.md ("Fast paths").
HEAVY = ("click", "jinja2", "dataclasses", "pathlib", "typing", "subprocess", "shutil", "inspect")


def test_the_recognised_shapes() -> None:
    assert parse(["bootstrap", "status"]) == Call("status")
    assert parse(["bootstrap", "status", "--json", "--root", "/r"]) == Call("status", "/r", as_json=True)
    assert parse(["--root", "/g", "bootstrap", "--root=/r", "status"]) == Call("status", "/r")
    assert parse(["--root=/g", "bootstrap", "status"]) == Call("status", "/g")
    assert parse(["validate-plan", "--pre-step"]) == Call("validate", pre_step=True)
    assert parse(["validate-plan", "p1", "--json", "--pre-step", "--root", "/r"]) == Call(
        "validate", "/r", as_json=True, pre_step=True, plan_dir="p1")
    assert parse(["validate-plan"]) == Call("validate")
    assert parse(["emit-state", "--state", "execute"]) == Call("emit-state", state="execute")
    assert parse(["emit-state", "--state", "EXECUTE"]) == Call("emit-state", state="execute")  # as status prints it
    assert parse(["emit-state", "--json", "--state=plan", "--root", "/r"]) == Call("emit-state", "/r", True, state="plan")
    assert parse(["hook", "session-start"]) == Call("session-start")
    assert parse(["--root", "/g", "hook", "pre-tool-use", "--root", "/r"]) == Call("pre-tool-use", "/r")
    assert parse(["statusline"]) == Call("statusline")


@pytest.mark.parametrize("args", [
    [], ["--help"], ["--version"], ["-h", "bootstrap", "status"], ["bootstrap"], ["bootstrap", "statu"],
    ["bootstrap", "status", "extra"], ["bootstrap", "status", "--root"], ["bootstrap", "status", "--root="],
    ["bootstrap", "resume"], ["bootstrap", "status", "--help"], ["validate-plan", "--help"],
    ["validate-plan", "a", "b"], ["validate-plan", "--pre-step", "--root"], ["validate-plan", "--root", "--json"],
    ["validate-plan", "--prestep"], ["validate-plan", "--", "x"], ["validate-plan", ""],
    ["emit-state"], ["emit-state", "--state"], ["emit-state", "--state", "close"], ["emit-state", "--state", "CLOSE"],
    ["emit-state", "--state", "plan", "extra"], ["emit-template", "--name", "plan"], ["hook"],
    ["hook", "session-start", "--help"], ["hook", "other"], ["statusline", "x"], ["--root"], ["--rooted", "x"],
    ["--root", "", "bootstrap", "status"], ["transition", "PLAN"], ["validate-plan", "caf\udcc3"],
])
def test_everything_else_goes_to_click(args: list[str]) -> None:
    assert parse(args) is None


def test_a_root_click_would_refuse_goes_to_click(tmp_path: Path) -> None:
    a_file = tmp_path / "f"
    a_file.write_text("x")
    assert parse(["--root", str(a_file), "bootstrap", "status"]) is None
    assert parse(["validate-plan", "--root", str(a_file)]) is None
    assert parse(["--root", str(tmp_path / "missing"), "bootstrap", "status"]) == Call("status", str(tmp_path / "missing"))


@given(st.lists(st.sampled_from(["bootstrap", "status", "--json", "--root", "--root=x", "validate-plan", "--pre-step",
                                 "emit-state", "--state", "plan", "hook", "session-start", "statusline", "-h", "x", ""]),
                max_size=6))
def test_parsing_never_fails(args: list[str]) -> None:
    parse(args)  # a Call or None, never an exception


def _both(cwd: Path, *args: str, stdin: str = "") -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
    fast = run_cli(cwd, *args, input=stdin, env=clean_env(IP_COMMAND="ipx"))
    slow = run_cli(cwd, *args, input=stdin, env=clean_env(IP_COMMAND="ipx", IP_NO_FAST_PATH="1"))
    return fast, slow


def _commands(root: Path, plan: str | None) -> list[tuple[list[str], str]]:
    write = json.dumps({"cwd": str(root), "tool_name": "Write", "tool_input": {"file_path": str(root / "a.py")}})
    out = [
        (["bootstrap", "status"], ""), (["bootstrap", "status", "--json"], ""),
        (["--root", str(root), "bootstrap", "status"], ""), (["bootstrap", "--root", str(root), "status", "--json"], ""),
        (["validate-plan", "--pre-step"], ""), (["validate-plan", "--pre-step", "--json"], ""),
        (["validate-plan"], ""), (["validate-plan", "--json"], ""),
        (["emit-state", "--state", "execute"], ""), (["emit-state", "--state=plan", "--json"], ""),
        (["hook", "session-start"], json.dumps({"cwd": str(root), "source": "compact"})),
        (["hook", "pre-tool-use"], write), (["statusline"], "{}"),
        (["validate-plan", "nope"], ""), (["validate-plan", "--json", "nope"], ""),
    ]
    if plan:
        out += [(["validate-plan", plan], ""), (["validate-plan", "--pre-step", "--json", plan], "")]
    missing = str(root / "missing")
    out += [([*args[:1], "--root", missing, *args[1:]], stdin) for args, stdin in out[:14] if args[0] != "--root"]
    return out


@pytest.mark.slow
def test_fast_and_click_paths_print_the_same(tmp_path: Path) -> None:
    root = init_repo(tmp_path / "proj")
    situations: list[str | None] = [None]
    for setup in ("explore", "execute"):
        if setup == "explore":
            ok(root, "bootstrap", "new", "Same output either way")
        else:
            ok(root, "bootstrap", "close")
            to_execute(root)
        situations.append((root / "plans" / ".current_plan").read_text())
        for args, stdin in _commands(root, situations[-1]):
            fast, slow = _both(root, *args, stdin=stdin)
            assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr), args
    for args, stdin in _commands(tmp_path / "empty", None)[:4]:
        (tmp_path / "empty").mkdir(exist_ok=True)
        fast, slow = _both(tmp_path / "empty", *args, stdin=stdin)
        assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr), args


def test_errors_keep_the_boundarys_shape(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing")
    for args in (["bootstrap", "status", "--json", "--root", missing], ["validate-plan", "--json", "--root", missing],
                 ["emit-state", "--state", "plan", "--json", "--root", missing]):
        done = run_cli(tmp_path, *args)
        assert done.returncode == 1
        error = json.loads(done.stdout)
        assert set(error) == {"ok", "error", "exit_code"} and error["ok"] is False and error["exit_code"] == 1
        assert done.stderr.strip() == error["error"].strip() and "does not exist" in done.stderr
    usage = run_cli(tmp_path, "emit-state", "--state", "close")
    assert usage.returncode == 1 and "unknown state 'close'" in usage.stderr  # click's path, unchanged


PROBE = (
    "import sys\n"
    "from skill.cli import main\n"
    "try:\n"
    "    main(sys.argv[1:])\n"
    "except SystemExit:\n"
    "    pass\n"
    "heavy = sorted(m for m in {heavy!r} if m in sys.modules)\n"
    "print('HEAVY', heavy, file=sys.stderr)\n"
)


def _imports(cwd: Path, args: list[str], stdin: str = "{}") -> list[str]:
    done = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), *args], cwd=cwd, env=clean_env(),
                          input=stdin, capture_output=True, text=True, timeout=120)
    line = [x for x in done.stderr.splitlines() if x.startswith("HEAVY ")]
    assert line, done.stderr
    return list(eval(line[0][6:]))  # noqa: S307 - our own probe's repr of a list of names


def test_the_per_step_paths_import_nothing_heavy(tmp_path: Path) -> None:
    root = init_repo(tmp_path / "proj")
    to_execute(root)
    (root / "a.py").write_text("x\n")
    write = json.dumps({"cwd": str(root), "tool_name": "Write", "tool_input": {"file_path": str(root / "a.py")}})
    light = [
        (["bootstrap", "status"], "{}"), (["bootstrap", "status", "--json"], "{}"),
        (["validate-plan", "--pre-step"], "{}"), (["validate-plan", "--pre-step", "--json"], "{}"),
        (["hook", "session-start"], json.dumps({"cwd": str(root), "source": "startup"})),
        (["hook", "pre-tool-use"], write), (["statusline"], "{}"),
    ]
    for args, stdin in light:
        assert _imports(root, args, stdin) == [], args
    ok(root, "attempt", "--what", "a", "--result", "failed")
    ok(root, "attempt", "--what", "b", "--result", "failed")
    assert _imports(root, ["hook", "pre-tool-use"], write) == []  # the deny path, gate failing
    # the full validator needs pathlib and dataclass-free checks are not its promise; no click, no jinja2
    assert not {"click", "jinja2"} & set(_imports(root, ["validate-plan"]))
    # emit-state's Next line reads the plan and git (the step's unlogged files): no click, no jinja2
    assert not {"click", "jinja2"} & set(_imports(root, ["emit-state", "--state", "execute"]))
    # and the click path still imports click, as it should (the probe is able to see it)
    assert "click" in _imports(root, ["bootstrap", "list"])
