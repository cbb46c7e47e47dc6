"""The eight agent definitions: Claude Code frontmatter with the roles' tools, the SKILL PATH rule,
the hand-off table agreeing with SKILL.md's File Ownership table, commands that parse, paths
that resolve, and the orchestrator's size budget."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import frontmatter
import pytest

from skill.bundle import bundle_path

_spec = importlib.util.spec_from_file_location(
    "bundle_skill_md_helpers", Path(__file__).with_name("test_skill_md.py")
)
helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(helpers)

ORCHESTRATOR_BUDGET = 4_500

#: file -> (name, tools, disallowedTools, model, color): the roles as the original defines them
AGENTS = {
    "ip-orchestrator.md": (
        "iterative-planner-orchestrator",
        "Agent(ip-explorer, ip-plan-writer, ip-executor, ip-verifier, ip-reviewer, ip-boyscout, ip-archivist), "
        "Read, Write, Edit, Bash, Grep, Glob",
        None,
        "inherit",
        None,
    ),
    "ip-explorer.md": (
        "ip-explorer",
        "Read, Write, Grep, Glob, Bash",
        "Edit, Agent",
        "sonnet",
        "blue",
    ),
    "ip-plan-writer.md": (
        "ip-plan-writer",
        "Read, Write, Edit, Grep, Glob",
        "Bash, Agent",
        "inherit",
        "green",
    ),
    "ip-executor.md": (
        "ip-executor",
        "Read, Edit, Write, Bash, Grep, Glob",
        "Agent",
        "inherit",
        "yellow",
    ),
    "ip-verifier.md": ("ip-verifier", "Read, Bash, Grep, Glob", "Edit, Agent", "sonnet", "purple"),
    "ip-reviewer.md": ("ip-reviewer", "Read, Write, Grep, Glob, Bash", "Edit, Agent", "opus", "red"),
    "ip-boyscout.md": ("ip-boyscout", "Read, Write, Bash, Grep, Glob", "Edit, Agent", "sonnet", "orange"),
    "ip-archivist.md": (
        "ip-archivist",
        "Read, Write, Edit, Grep, Glob, Bash",
        "Agent",
        "sonnet",
        "cyan",
    ),
}
WORKERS = [f for f in AGENTS if f != "ip-orchestrator.md"]

#: frontmatter keys Claude Code reads for sub-agents (docs: sub-agents, "Frontmatter")
CLAUDE_AGENT_KEYS = {
    "name",
    "description",
    "tools",
    "disallowedTools",
    "model",
    "permissionMode",
    "maxTurns",
    "skills",
    "mcpServers",
    "hooks",
    "memory",
    "background",
    "effort",
    "isolation",
    "color",
    "initialPrompt",
}
MODELS = {"inherit", "sonnet", "opus", "haiku"}
COLORS = {"red", "blue", "green", "yellow", "purple", "orange", "pink", "cyan"}
TOOLS = {"Read", "Write", "Edit", "Bash", "Grep", "Glob", "Agent"}

#: the role word of SKILL.md's ownership table for each agent name
ROLE = {
    "ip-explorer": "Explorer",
    "ip-plan-writer": "Plan-writer",
    "ip-executor": "Executor",
    "ip-verifier": "Verifier",
    "ip-reviewer": "Reviewer",
    "ip-boyscout": "Boyscout",
    "ip-archivist": "Archivist",
}


def tool_list(value: str) -> list[str]:
    """Split a tools line on top-level commas (``Agent(a, b)`` stays one item)."""
    return [t.strip() for t in re.split(r",\s*(?![^()]*\))", value) if t.strip()]


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {name: helpers.rendered(f"agents/{name}") for name in AGENTS}


def test_the_eight_files_and_nothing_else() -> None:
    present = {p.name for p in bundle_path("agents").iterdir() if not p.name.startswith(".")}
    assert present == set(AGENTS)


@pytest.mark.parametrize("filename", sorted(AGENTS))
def test_frontmatter_has_the_roles_fields(filename: str, texts: dict[str, str]) -> None:
    meta = frontmatter.loads(texts[filename]).metadata
    name, tools, disallowed, model, color = AGENTS[filename]
    assert set(meta) <= CLAUDE_AGENT_KEYS
    assert meta["name"] == name and re.fullmatch(r"[a-z]+(-[a-z]+)*", name)
    assert isinstance(meta["description"], str) and 40 <= len(meta["description"]) <= 1024
    assert meta["tools"] == tools
    assert meta["model"] == model and model in MODELS
    assert meta.get("disallowedTools") == disallowed
    assert meta.get("color") == color
    allowed = tool_list(meta["tools"])
    banned = tool_list(meta.get("disallowedTools") or "")
    assert not set(allowed) & set(banned)
    for tool in allowed + banned:
        assert tool in TOOLS or tool.startswith("Agent("), tool
    if filename == "ip-orchestrator.md":
        assert meta["skills"] == ["iterative-planner"]
        assert "memory" not in meta  # Claude Code would leave .claude/agent-memory/ behind
        spawnable = re.fullmatch(r"Agent\((.*)\)", allowed[0]).group(1).split(", ")
        assert sorted(spawnable) == sorted(AGENTS[w][0] for w in WORKERS)
    else:
        assert color in COLORS
        assert "Agent" in banned  # workers cannot start agents
        assert "skills" not in meta and "memory" not in meta


@pytest.mark.parametrize("filename", WORKERS)
def test_worker_opens_with_the_skill_path_rule(filename: str, texts: dict[str, str]) -> None:
    body = frontmatter.loads(texts[filename]).content
    first_paragraph = body.split("\n\n")[1]
    assert first_paragraph.startswith("**Skill path.**")
    assert "`SKILL PATH: <dir>`" in first_paragraph
    assert "`~/.claude/skills/iterative-planner`" in first_paragraph  # the default skill folder
    assert "never against the project" in first_paragraph


def test_orchestrator_passes_the_skill_path_and_fits_its_budget(texts: dict[str, str]) -> None:
    text = texts["ip-orchestrator.md"]
    assert "`SKILL PATH: <absolute skill folder>`" in text
    size = len(text.encode("utf-8"))
    sizes = {name: len(t.encode("utf-8")) for name, t in texts.items()}
    print(f"\nagents rendered: {sizes}; orchestrator budget {ORCHESTRATOR_BUDGET}")
    assert size <= ORCHESTRATOR_BUDGET


def hand_off_writes(text: str) -> dict[str, set[str]]:
    """The orchestrator's 'What workers hand back' table: agent name -> plan files it writes."""
    out = {}
    for cells in helpers.table_after(text, "What workers hand back"):
        out[cells[0]] = set(re.findall(r"`([^`]+\.md|checkpoints/\*)`", cells[1]))
    return out


def test_hand_offs_agree_with_skill_md_file_ownership(texts: dict[str, str]) -> None:
    ownership = helpers.ownership_table(helpers.rendered("SKILL.md"))
    writes = hand_off_writes(texts["ip-orchestrator.md"])
    assert set(writes) == set(ROLE)
    for agent, files in writes.items():
        for plan_file in files:
            assert plan_file in ownership, (agent, plan_file)
            assert ROLE[agent] in ownership[plan_file][0], (agent, plan_file)
    # and the other way: every file a worker role owns appears in that worker's row
    for plan_file, (owner, _) in ownership.items():
        for agent, role in ROLE.items():
            if re.search(rf"\b{re.escape(role)}\b", owner):
                assert plan_file in writes[agent], (plan_file, agent)
    assert writes["ip-verifier"] == set()


def test_commands_parse_and_paths_resolve(texts: dict[str, str], project: Path) -> None:
    from skill.bundle import VALID_TEMPLATES

    total = 0
    for name, text in texts.items():
        total += helpers.check_commands(text, project)
        missing = [p for p in helpers.cited_paths(text) if not bundle_path(p).is_file()]
        assert missing == [], (name, missing)
        assert helpers.template_slugs_cited(text) <= set(VALID_TEMPLATES), name
        assert "{{" not in text and ".mjs" not in text
    print(f"\nagents: {total} command lines checked against the CLI")
    assert total >= 8


def test_pointers_into_skill_md_name_real_headings(texts: dict[str, str]) -> None:
    titles = helpers.headings(helpers.rendered("SKILL.md"))
    for name, text in texts.items():
        flat = " ".join(text.split())
        for m in re.finditer(r"SKILL\.md`? § ([A-Z][\w -]*?)(?=[),.;:|]|$| \()", flat):
            target = m.group(1).strip()
            assert any(target == t or target.startswith(t + " ") for t in titles), (name, target)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return helpers.make_project(tmp_path_factory.mktemp("proj"))


#: worker -> (state module it follows, the bundle file holding its sections, the sections it names)
MODULE_SECTIONS = {
    "ip-explorer.md": ("explore", None, ["Research"]),
    "ip-executor.md": ("execute", None, ["The step", "Surprises", "Failed step"]),
    "ip-verifier.md": ("reflect", "references/review.md", ["Verifier rules"]),
    "ip-reviewer.md": ("reflect", "references/review.md", ["Reviewer rules"]),
}


@pytest.mark.parametrize("filename", sorted(MODULE_SECTIONS))
def test_workers_name_module_sections_that_exist(filename: str, texts: dict[str, str]) -> None:
    """A worker names its state module and the sections it follows, in that module or in the
    reference the module cites for them (so the monolithic agent reaches them too)."""
    from skill.bundle import render_state_module

    state, reference, sections = MODULE_SECTIONS[filename]
    flat = " ".join(texts[filename].split())
    assert f"emit-state --state {state}" in flat
    module = render_state_module(state, None, command=helpers.PREFIX)
    if reference:
        assert reference in flat and reference in module, (filename, reference)
        holder = helpers.rendered(reference)
    else:
        holder = module
    titles = helpers.headings(holder)
    for section in sections:
        assert section in flat, section
        assert any(t == section or t.startswith(section + ":") for t in titles), section


def test_boyscout_is_lean_and_names_its_contract(texts: dict[str, str]) -> None:
    text = texts["ip-boyscout.md"]
    assert len(text.encode("utf-8")) <= 1500
    body = frontmatter.loads(text).content
    assert "hygiene scan --json" in body and "findings/hygiene-iter-N.md" in body
    hygiene = helpers.rendered("references/code-hygiene.md")
    assert "## Hygiene sweep" in hygiene
    for word in ("CLEAN", "REMEDIATE", "REPORT_ONLY", "SCAN_UNTRUSTWORTHY", "iter-N/step-M.K"):
        assert word in hygiene, word
