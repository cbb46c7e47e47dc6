"""SKILL.md: spec-valid frontmatter, the sections and tables the protocol needs, commands that
parse against the real CLI (and run, where they only read), bundle paths that resolve, budget.

The helpers at the top are shared with ``test_agents.py`` (loaded from this file by path).
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import click
import frontmatter
import pytest
from click.testing import CliRunner

from skill import PROTOCOL_VERSION, __version__
from skill.bundle import bundle_path, render_bundle_file
from skill.cli import cli

PREFIX = "python -m skill"
SKILL_BUDGET = 9_000
SPEC_FIELDS = {"name", "description", "license", "allowed-tools", "metadata", "compatibility"}
STATES = ("explore", "plan", "execute", "reflect", "pivot")
PLAN_ID = "plan-2026-07-14T051317-317362c4"

#: placeholder -> sample value, applied to each argument of a command found in the prose
PLACEHOLDERS = {
    "<plan-id>": PLAN_ID,
    "<file>": "src/app.py",
    "<path>": "src/app.py",
    "<why>": "why",
    "<STATE>": "PLAN",
    "<subcommand>": "status",
    "DIR": "/tmp/project",
}


def rendered(rel: str) -> str:
    return render_bundle_file(rel, command=PREFIX)


def code_spans(text: str) -> list[str]:
    """Inline code spans (single or double backticks) and lines of fenced / indented code."""
    spans: list[str] = []
    in_fence = False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence or line.startswith("    ") and not line.lstrip().startswith(("-", "|")):
            spans.append(line.strip())
            continue
        spans.extend(m.group(2).strip() for m in re.finditer(r"(`+)(.+?)\1", line))
    return spans


def commands_in(text: str) -> list[list[str]]:
    """Every CLI invocation in the prose, as an argument list with placeholders filled in."""
    found = []
    for span in code_spans(text):
        if not span.startswith(PREFIX + " "):
            continue
        args = shlex.split(span[len(PREFIX) + 1 :])
        filled = []
        for arg in args:
            arg = PLACEHOLDERS.get(arg, arg)
            if arg == "<state>":
                arg = "explore"
            if arg == "<slug>":
                arg = "state"
            filled.append(arg)
        found.append(filled)
    return found


def prefix_count(text: str) -> int:
    return text.count(PREFIX + " ")


def _rest(ctx: click.Context) -> list[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return [*ctx.protected_args, *ctx.args]


def parse_with_cli(args: list[str]) -> None:
    """Parse ``args`` the way the real CLI would, without running anything.

    Raises click.UsageError (or a subclass) when the command or an option does not exist.
    ``bootstrap`` takes its arguments raw, so its subcommand and arity are checked here.
    """
    ctx = cli.make_context("iterative-planner", list(args), resilient_parsing=False)
    group: click.Group = cli
    rest = _rest(ctx)
    while True:
        name, command, rest = group.resolve_command(ctx, rest)
        assert command is not None, f"no command {name!r}"
        sub = command.make_context(name, list(rest), parent=ctx)
        if isinstance(command, click.Group):
            group, ctx, rest = command, sub, _rest(sub)
            continue
        if name == "bootstrap":
            from skill.cli.bootstrap import SUBCOMMANDS

            raw = list(rest)
            assert raw and raw[0] in SUBCOMMANDS, f"unknown bootstrap subcommand in {args}"
            if raw[0] == "new":
                body = raw[2:] if raw[1:2] == ["--force"] else raw[1:]
                assert body and not body[0].startswith("-"), f"bad goal in {args}"
            if raw[0] == "retire":
                assert len(raw) == 2, args
            if raw[0] in ("resume", "status", "list"):
                assert set(raw[1:]) <= {"--json"}, args
            if raw[0] in ("close", "reset-attempts", "banner"):
                assert raw[1:] == [], args
        return


#: commands that only read, so the test runs them against a real plan folder
READ_ONLY = {
    ("bootstrap", "banner"),
    ("bootstrap", "status"),
    ("bootstrap", "list"),
    ("bootstrap", "resume"),
    ("validate-plan",),
    ("emit-state",),
    ("emit-template",),
}


def is_read_only(args: list[str]) -> bool:
    return tuple(args[:2]) in READ_ONLY or tuple(args[:1]) in READ_ONLY


def run_read_only(project: Path, args: list[str]) -> click.testing.Result:
    runner = CliRunner()
    return runner.invoke(cli, ["--root", str(project), *args], catch_exceptions=False)


def make_project(root: Path) -> Path:
    """A git project with an active plan, for running the read-only commands."""
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    result = run_read_only(root, ["bootstrap", "new", "bundle test goal"])
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("proj"))


def check_commands(text: str, project: Path) -> int:
    commands = commands_in(text)
    assert len(commands) == prefix_count(text), "a command is split across lines or spans"
    for args in commands:
        variants = [args]
        if args[:2] == ["emit-state", "--state"]:
            variants = [["emit-state", "--state", s] for s in STATES]
        for variant in variants:
            try:
                parse_with_cli(variant)
            except click.ClickException as exc:
                pytest.fail(f"`{PREFIX} {shlex.join(variant)}` does not parse: {exc}")
            if is_read_only(variant):
                result = run_read_only(project, variant)
                if "--pre-step" in variant:  # a fresh plan is in EXPLORE: the gate says no
                    assert result.exit_code in (0, 2), (variant, result.output)
                    assert result.output.startswith("GATE:"), result.output
                else:  # validate-plan may report findings (1); a usage error (2) is a bug
                    limit = 1 if variant[0] == "validate-plan" else 0
                    assert result.exit_code <= limit, (variant, result.output)
    return len(commands)


def cited_paths(text: str) -> set[str]:
    """Bundle paths cited in code spans: references/…, modules/…, agents/… (no placeholders)."""
    paths = set()
    for span in code_spans(text):
        for m in re.finditer(
            r"(?:<skill-path>/)?((?:references|modules|agents)/[\w.-]+\.md)", span
        ):
            paths.add(m.group(1))
    for m in re.finditer(r"`(?:<skill-path>/)?((?:references|modules|agents)/[\w.-]+\.md)", text):
        paths.add(m.group(1))
    return paths


def template_slugs_cited(text: str) -> set[str]:
    return set(re.findall(r"emit-template --name ([a-z-]+)", text))


def headings(text: str) -> list[str]:
    return [m.group(2).strip() for m in re.finditer(r"^(#{1,6}) (.+)$", text, re.M)]


def table_after(text: str, heading: str) -> list[list[str]]:
    """Rows (cells) of the first table after the heading line that contains ``heading``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("#") and heading in line)
    rows: list[list[str]] = []
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            break
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if set("".join(cells)) <= set("-: "):
                continue
            rows.append(cells)
        elif rows:
            break
    return rows[1:]  # without the header row


# --------------------------------------------------------------------------------------------
# tests


@pytest.fixture(scope="module")
def skill_text() -> str:
    return rendered("SKILL.md")


def test_frontmatter_follows_the_agent_skills_spec(skill_text: str) -> None:
    post = frontmatter.loads(skill_text)
    meta = post.metadata
    assert set(meta) == {"name", "description", "license", "metadata"}
    assert set(meta) <= SPEC_FIELDS
    assert meta["name"] == "iterative-planner"
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", meta["name"]) and len(meta["name"]) <= 64
    assert isinstance(meta["description"], str) and 1 <= len(meta["description"]) <= 1024
    assert "Use it for" in meta["description"]  # says when to use it
    assert meta["license"] == "GPL-3.0-or-later"
    assert meta["metadata"] == {"version": __version__, "protocol-version": PROTOCOL_VERSION}
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in meta["metadata"].items())
    assert post.content.lstrip().startswith("# ")


def test_reference_validator_accepts_the_rendered_skill(skill_text: str, tmp_path: Path) -> None:
    from skills_ref.validator import validate

    folder = tmp_path / "iterative-planner"
    folder.mkdir()
    (folder / "SKILL.md").write_text(skill_text, encoding="utf-8")
    assert validate(folder) == []
    exe = Path(sys.executable).with_name("agentskills")
    exe = exe if exe.exists() else shutil.which("agentskills")
    assert exe, "the agentskills CLI (skills-ref) is not installed"
    proc = subprocess.run([str(exe), "validate", str(folder)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_rendered_size_within_budget(skill_text: str) -> None:
    size = len(skill_text.encode("utf-8"))
    long_size = len(
        render_bundle_file(
            "SKILL.md", command="/home/user/.local/pipx/venvs/iterative-planner/bin/python -m skill"
        ).encode("utf-8")
    )
    print(
        f"\nSKILL.md rendered: {size} bytes (budget {SKILL_BUDGET}); "
        f"with a 66-character command prefix: {long_size} bytes"
    )
    assert size <= SKILL_BUDGET


def test_nothing_left_unrendered_or_from_the_node_tool(skill_text: str) -> None:
    assert "{{" not in skill_text and "{%" not in skill_text
    assert ".mjs" not in skill_text and "node " not in skill_text


def test_every_section_of_the_protocol_is_there(skill_text: str) -> None:
    found = headings(skill_text)
    for title in (
        "Pick your mode first",
        "State machine",
        "Transitions",
        "Mandatory re-reads",
        "Bootstrapping",
        "Plan folder",
        "Rules per state",
        "Iteration limits",
        "Recovery from context loss",
        "Git",
        "CLOSE",
        "File Ownership",
        "When not to use it",
    ):
        assert title in found, title
    # sections of the original that live in one line or one table here
    for marker in (
        "**Skill path.**",
        "**Tiers.**",
        "**Formats.**",
        "complexity-control.md",
        "code-hygiene.md",
        "decision-anchoring.md",
        "--name presentation-contracts",
        "--pre-step",
        "plans/LESSONS.md",
        "COMPRESSED-SUMMARY",
    ):
        assert marker in skill_text, marker


def test_transition_table_is_exactly_the_state_machine(skill_text: str) -> None:
    edges = {row[0] for row in table_after(skill_text, "Transitions")}
    assert edges == {
        "EXPLORE → PLAN",
        "PLAN → EXPLORE",
        "PLAN → PLAN",
        "PLAN → EXECUTE",
        "EXECUTE → REFLECT",
        "REFLECT → CLOSE",
        "REFLECT → PIVOT",
        "REFLECT → EXPLORE",
        "REFLECT → EXECUTE",
        "PIVOT → PLAN",
    }
    states = [row[0] for row in table_after(skill_text, "## State machine")]
    assert states == ["EXPLORE", "PLAN", "EXECUTE", "REFLECT", "PIVOT", "CLOSE"]


def test_lifecycle_matrix_is_complete_and_consistent(skill_text: str) -> None:
    rows = table_after(skill_text, "## Plan folder")
    allowed = re.compile(
        r"^(R|W|R\+W\*?|W\*|R\?|R600|-|R\? \(INDEX\)|W append|W REVERT lines|"
        r"R, Anchor-Refs|W \(≤200, ≤300 lines\)|W by close)$"
    )
    files = {row[0]: row[1:] for row in rows}
    for name, cells in files.items():
        assert len(cells) == 6, name
        for cell in cells:
            assert allowed.match(cell), (name, cell)
    # only EXECUTE writes checkpoints; summary.md only at CLOSE; EXPLORE never touches plan.md
    assert files["checkpoints/*"] == ["-", "-", "W", "R", "R", "-"]
    assert files["summary.md"] == ["-"] * 5 + ["W"]
    assert files["plan.md"][0] == "-"
    assert len(files) == 14


EXPECTED_OWNERSHIP_KEYS = {
    "state.md",
    "plan.md",
    "decisions.md",
    "findings.md",
    "findings/{topic}.md",
    "findings/review-iter-N[-passM].md",
    "findings/hygiene-iter-N[-passM].md",
    "progress.md",
    "verification.md",
    "changelog.md",
    "checkpoints/*",
    "summary.md",
    "plans/FINDINGS.md",
    "plans/DECISIONS.md",
    "plans/LESSONS.md",
    "plans/SYSTEM.md",
    "plans/INDEX.md",
    "plans/ANCHORS.md",
}


def ownership_table(text: str) -> dict[str, tuple[str, str]]:
    table = {}
    for cells in table_after(text, "File Ownership"):
        for key in re.findall(r"`([^`]+)`", cells[0]):
            table[key] = (" ".join(cells[1].split()), " ".join(cells[2].split()))
    return table


def test_file_ownership_table_covers_every_plan_file(skill_text: str) -> None:
    table = ownership_table(skill_text)
    assert set(table) == EXPECTED_OWNERSHIP_KEYS
    assert table["state.md"][0] == "Orchestrator"
    assert table["progress.md"][0] == "Orchestrator"
    assert table["summary.md"][0] == "Archivist"
    assert "Verifier" not in " ".join(owner for owner, _ in table.values())


def test_every_command_parses_and_read_only_ones_run(skill_text: str, project: Path) -> None:
    count = check_commands(skill_text, project)
    # the Bootstrapping table lists subcommands of `python -m skill bootstrap`
    assert f"`{PREFIX} bootstrap <subcommand>`" in skill_text
    rows = table_after(skill_text, "## Bootstrapping")
    assert len(rows) == 8
    subcommands = "\n".join(f"`{PREFIX} bootstrap {row[0].strip('`')}`" for row in rows)
    count += check_commands(subcommands, project)
    print(f"\nSKILL.md: {count} command lines checked against the CLI")
    assert count >= 20


def test_cited_bundle_files_and_template_slugs_exist(skill_text: str) -> None:
    paths = cited_paths(skill_text)
    assert "agents/ip-orchestrator.md" in paths
    missing = sorted(p for p in paths if not bundle_path(p).is_file())
    assert missing == []
    from skill.bundle import VALID_TEMPLATES

    assert template_slugs_cited(skill_text) <= set(VALID_TEMPLATES)


def test_section_pointers_name_real_headings(skill_text: str) -> None:
    titles = headings(skill_text)
    flat = " ".join(skill_text.split())
    for m in re.finditer(r"§ ([A-Z][\w -]*?)(?=[),.;:|]|$| \()", flat):
        target = m.group(1).strip()
        assert any(target == t or target.startswith(t + " ") for t in titles), target


#: the [drift] rules of the groups SKILL.md and the agents own (protocol-rules.md)
DRIFT_RULES = ["R-BOOT-14", "R-BOOT-15", "R-BOOT-17", "R-BOOT-18", "R-BOOT-21", "R-READ-02"]
REPO = Path(__file__).resolve().parents[2]


def test_rule_map_choices_and_drops_are_recorded() -> None:
    rule_map = (REPO / "docs" / "rule-map-skill.md").read_text(encoding="utf-8")
    compat = (REPO / "docs" / "compatibility.md").read_text(encoding="utf-8")
    lines = re.findall(r"^- (R-[A-Z]+-\d{2}) → (.+?)\s*$", rule_map, re.M)
    groups = {"ACT", "BOOT", "SM", "READ", "CLOSE", "ITER", "REC", "GIT", "AGT"}
    assert len(lines) == 180 and len({r for r, _ in lines}) == 180
    assert {r.split("-")[1] for r, _ in lines} == groups
    for rule, target in lines:
        if target == "docs/compatibility.md (dropped)":
            assert re.search(rf"^- {rule} \(", compat, re.M), f"{rule} dropped without a reason"
    for rule in DRIFT_RULES:
        assert re.search(rf"^- {rule}\b", compat, re.M), f"no recorded choice for {rule}"
