"""``cost`` through the real CLI: every figure is the size of what the commands really print and
``install`` really writes, tokens follow the documented rule, and nothing is written to the project."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from skill.bundle import VALID_STATES
from skill.cost.model import BYTES_PER_TOKEN, TOKEN_RULE
from skill.cost.sample import SAMPLE_SOURCE, session_start_input, statusline_input, write_input
from tests.support.cli import run_cli
from tests.support.git import commit_all, init_repo
from tests.support.plans import active_plan_id, new_plan

#: A fixed command prefix, so the figures of two runs compare.
PREFIX = {"IP_COMMAND": "ip-test"}


def cost_json(root: Path, cwd: Path | None = None) -> dict:
    done = run_cli(cwd or root, "cost", "--root", str(root), "--json", env_extra=PREFIX)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return json.loads(done.stdout)


def printed_bytes(root: Path, *args: str, stdin: str = "") -> int:
    """Bytes a command prints (stdout read as UTF-8 text with no newline translation)."""
    done = run_cli(root, *args, env_extra=PREFIX, input=stdin)
    assert done.returncode == 0, done.stderr
    return len(done.stdout.encode("utf-8"))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository with one commit and an active plan, as `bootstrap new` leaves it."""
    root = init_repo(tmp_path_factory.mktemp("cost") / "proj")
    (root / "src").mkdir()
    (root / SAMPLE_SOURCE).write_text("print('hi')\n", encoding="utf-8")
    commit_all(root)
    new_plan(root, "Measure the cost")
    return root


@pytest.fixture(scope="module")
def measured(project: Path) -> dict:
    return cost_json(project)


def test_json_shape(measured: dict) -> None:
    assert set(measured) == {
        "token_rule", "bytes_per_token", "command", "measured_on", "always_loaded", "per_state",
        "per_hook", "bundle",
    }
    assert measured["token_rule"] == TOKEN_RULE and measured["bytes_per_token"] == BYTES_PER_TOKEN
    assert measured["command"] == "ip-test"
    assert list(measured["per_state"]) == list(VALID_STATES)
    assert list(measured["per_hook"]) == [
        "hook session-start", "hook pre-tool-use (a project file)", "hook pre-tool-use (a plan file)",
        "statusline",
    ]
    for group in [measured["always_loaded"], measured["bundle"], *measured["per_state"].values()]:
        assert set(group) == {"name", "bytes", "tokens", "parts"}
        assert group["bytes"] == sum(part["bytes"] for part in group["parts"]) > 0
        names = [part["name"] for part in group["parts"]]
        assert len(names) == len(set(names)), "a text is counted twice"


def every_figure(measured: dict) -> list[dict]:
    groups = [measured["always_loaded"], measured["bundle"], *measured["per_state"].values()]
    return [*groups, *(part for group in groups for part in group["parts"]), *measured["per_hook"].values()]


def test_tokens_are_bytes_over_four_rounded_up(measured: dict) -> None:
    for figure in every_figure(measured):
        assert figure["tokens"] == -(-figure["bytes"] // 4), figure
        assert figure["tokens"] * 4 - 3 <= figure["bytes"] <= figure["tokens"] * 4 or figure["bytes"] == 0


def test_measured_on_the_active_plan(measured: dict, project: Path) -> None:
    assert measured["measured_on"]["kind"] == "active"
    assert measured["measured_on"]["plan"] == active_plan_id(project)
    assert measured["measured_on"]["state"] == "EXPLORE"


def test_always_loaded_is_skill_md_and_the_orchestrator(measured: dict) -> None:
    names = [part["name"] for part in measured["always_loaded"]["parts"]]
    assert names == ["SKILL.md", "agents/ip-orchestrator.md"]


@pytest.mark.parametrize("state", VALID_STATES)
def test_each_state_starts_with_what_emit_state_prints(measured: dict, project: Path, state: str) -> None:
    group = measured["per_state"][state]
    first = group["parts"][0]
    assert first["name"] == f"emit-state --state {state}"
    assert first["bytes"] == printed_bytes(project, "emit-state", "--state", state, "--root", str(project))


def test_each_state_counts_what_its_rules_name(measured: dict, project: Path) -> None:
    """Agents, references and templates come from the emit-state text itself."""
    for state, group in measured["per_state"].items():
        text = run_cli(project, "emit-state", "--state", state, "--root", str(project), env_extra=PREFIX).stdout
        for part in group["parts"][1:]:
            name = part["name"]
            if name.startswith("emit-template --name "):
                slug = name.rsplit(" ", 1)[1]
                assert f"emit-template --name {slug}" in text, (state, name)
                assert part["bytes"] == printed_bytes(project, "emit-template", "--name", slug)
            elif name.startswith("agents/"):
                assert Path(name).stem in text, (state, name)
            else:
                assert name.startswith("references/") and name in text, (state, name)
    assert any(p["name"] == "agents/ip-explorer.md" for p in measured["per_state"]["explore"]["parts"])
    assert not any(p["name"] == "agents/ip-orchestrator.md"
                   for g in measured["per_state"].values() for p in g["parts"])


def test_hook_figures_are_what_the_hooks_print(measured: dict, project: Path) -> None:
    hooks = measured["per_hook"]
    root = str(project)
    plan_id = active_plan_id(project)
    session = printed_bytes(project, "hook", "session-start", "--root", root, stdin=session_start_input(root))
    deny = printed_bytes(project, "hook", "pre-tool-use", "--root", root, stdin=write_input(root, SAMPLE_SOURCE))
    allow = printed_bytes(
        project, "hook", "pre-tool-use", "--root", root, stdin=write_input(root, f"plans/{plan_id}/findings.md")
    )
    status = printed_bytes(project, "statusline", "--root", root, stdin=statusline_input(root))
    assert hooks["hook session-start"]["bytes"] == session > 0
    assert hooks["hook pre-tool-use (a project file)"]["bytes"] == deny > 0  # EXPLORE: denied
    assert "deny" in hooks["hook pre-tool-use (a project file)"]["note"]
    assert hooks["hook pre-tool-use (a plan file)"]["bytes"] == allow == 0
    assert hooks["statusline"]["bytes"] == status > 0


def test_bundle_figures_are_the_files_of_the_release_zip(project: Path, tmp_path: Path) -> None:
    """`package` writes the skill folder as the release zip holds it (command `iterative-planner`);
    with the same command, each file there has the size cost gives it."""
    import zipfile

    done = run_cli(tmp_path, "package", "--out", str(tmp_path / "dist"), env_extra=PREFIX)
    assert done.returncode == 0, done.stderr + done.stdout
    (archive,) = (tmp_path / "dist").glob("*.zip")
    with zipfile.ZipFile(archive) as zipped:
        zipped_sizes = {
            info.filename.split("/", 1)[1]: info.file_size for info in zipped.infolist() if not info.is_dir()
        }
    prose = {
        rel: n for rel, n in zipped_sizes.items()
        if rel == "SKILL.md" or rel.split("/", 1)[0] in ("agents", "modules", "references")
    }
    done = run_cli(project, "cost", "--root", str(project), "--json", env_extra={"IP_COMMAND": "iterative-planner"})
    measured = json.loads(done.stdout)
    assert measured["command"] == "iterative-planner"
    assert {part["name"]: part["bytes"] for part in measured["bundle"]["parts"]} == prose
    assert measured["bundle"]["bytes"] == sum(prose.values())
    for part in measured["always_loaded"]["parts"]:
        assert part["bytes"] == prose[part["name"]]
    assert not any("file-formats" in rel for rel in zipped_sizes)


def test_without_an_active_plan_a_sample_is_measured_and_nothing_is_written(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    measured = cost_json(empty)
    assert measured["measured_on"]["kind"] == "sample"
    assert measured["measured_on"]["state"] == "EXPLORE"
    assert measured["per_hook"]["hook pre-tool-use (a project file)"]["bytes"] > 0
    assert all(group["bytes"] > 0 for group in measured["per_state"].values())
    assert list(empty.iterdir()) == []


def test_the_text_table(project: Path, measured: dict) -> None:
    done = run_cli(project, "cost", "--root", str(project), env_extra=PREFIX)
    assert done.returncode == 0 and done.stderr == ""
    out = done.stdout
    assert TOKEN_RULE in out
    assert f"the active plan plans/{active_plan_id(project)}" in out
    skill = measured["always_loaded"]["parts"][0]
    assert f"SKILL.md{' ' * 10}" in out and f"{skill['bytes']:,}" in out
    for state, group in measured["per_state"].items():
        row = next(line for line in out.splitlines() if line.split()[:1] == [state])
        assert row.split()[-2:] == [f"{group['bytes']:,}", f"{group['tokens']:,}"]
    bundle = measured["bundle"]
    assert f"{bundle['bytes']:,} bytes, {bundle['tokens']:,} tokens" in out


def test_help_states_the_token_rule(tmp_path: Path) -> None:
    done = run_cli(tmp_path, "cost", "--help")
    assert done.returncode == 0
    assert "bytes / 4, rounded up" in " ".join(done.stdout.split())


def test_a_root_that_is_not_a_folder_is_one_clear_error(tmp_path: Path) -> None:
    done = run_cli(tmp_path, "cost", "--root", str(tmp_path / "missing"))
    assert done.returncode in (1, 2)
    assert done.stdout == "" and "Traceback" not in done.stderr
