"""Size budgets of the prose an agent loads (issue 21), measured by the code ``cost`` uses
(:mod:`skill.cost.measure`): bytes of the files as installed for the release command
(``iterative-planner``, what ``package`` and an install with the console script on PATH write), and
of ``emit-state`` output for a plan with the largest live facts in practice. Every size is printed;
a test fails only where its budget is exceeded."""

from __future__ import annotations

import pytest

from skill.bundle import VALID_STATES
from skill.cost.measure import ALWAYS_LOADED, bundle_tree, emit_state_text, size
from skill.harness.package import PACKAGE_COMMAND

SKILL_BUDGET = 9_000
ORCHESTRATOR_BUDGET = 4_500
AGENT_BUDGET = 1_500
EMIT_STATE_BUDGET = 3_000
BUNDLE_BUDGET = 70_000

ORCHESTRATOR = "agents/ip-orchestrator.md"

#: The largest live facts a plan can produce in practice (long id, long step, gate line, next step).
LIVE = {
    "id": "plan-2026-05-15T105344-8d6e386c",
    "dir": "plans/plan-2026-05-15T105344-8d6e386c",
    "state": "EXECUTE",
    "iteration": "5",
    "step": "12 of 12",
    "attempts": 2,
    "attempt_cap": 2,
    "gate": "GATE:FAIL [iteration-cap] iteration=6 hard-cap=6",
    "next": "iterative-planner transition REFLECT",
}

TREE = bundle_tree(PACKAGE_COMMAND)
OTHER_AGENTS = sorted(rel for rel in TREE if rel.startswith("agents/") and rel != ORCHESTRATOR)


def test_the_files_measured_are_the_bundle() -> None:
    assert "SKILL.md" in TREE and ORCHESTRATOR in TREE
    assert set(ALWAYS_LOADED) == {"SKILL.md", ORCHESTRATOR}
    assert len(OTHER_AGENTS) >= 6
    assert {rel.split("/")[0] for rel in TREE} == {"SKILL.md", "agents", "modules", "references"}


def test_skill_md_budget() -> None:
    n = size(TREE["SKILL.md"])
    print(f"SKILL.md: {n} bytes (budget {SKILL_BUDGET})")
    assert n <= SKILL_BUDGET, f"SKILL.md is {n - SKILL_BUDGET} bytes over its budget"


def test_orchestrator_budget() -> None:
    n = size(TREE[ORCHESTRATOR])
    print(f"{ORCHESTRATOR}: {n} bytes (budget {ORCHESTRATOR_BUDGET})")
    assert n <= ORCHESTRATOR_BUDGET, f"{ORCHESTRATOR} is {n - ORCHESTRATOR_BUDGET} bytes over its budget"


@pytest.mark.parametrize("rel", OTHER_AGENTS)
def test_agent_budget(rel: str) -> None:
    n = size(TREE[rel])
    print(f"{rel}: {n} bytes (budget {AGENT_BUDGET})")
    assert n <= AGENT_BUDGET, f"{rel} is {n - AGENT_BUDGET} bytes over its budget"


@pytest.mark.parametrize("state", VALID_STATES)
def test_emit_state_budget(state: str) -> None:
    bare = size(emit_state_text(state, None, PACKAGE_COMMAND))
    live = size(emit_state_text(state, LIVE, PACKAGE_COMMAND))
    print(f"emit-state --state {state}: {bare} bytes, {live} with live facts (budget {EMIT_STATE_BUDGET})")
    assert live >= bare
    assert live <= EMIT_STATE_BUDGET, f"emit-state --state {state} is {live - EMIT_STATE_BUDGET} bytes over its budget"


def test_whole_bundle_budget() -> None:
    by_folder: dict[str, int] = {}
    for rel, data in TREE.items():
        by_folder[rel.split("/")[0]] = by_folder.get(rel.split("/")[0], 0) + size(data)
    total = sum(by_folder.values())
    print(f"bundle: {total} bytes (budget {BUNDLE_BUDGET}); "
          + ", ".join(f"{k} {v}" for k, v in sorted(by_folder.items())))
    assert total <= BUNDLE_BUDGET, f"the bundle is {total - BUNDLE_BUDGET} bytes over its budget"
