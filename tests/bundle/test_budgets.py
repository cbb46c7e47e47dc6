"""Size budgets of the prose agents load (issue 21: lean prose). Prints every size; fails only where
a budget is exceeded. Sizes are bytes of the rendered text with the command prefix
``python -m skill``; an emit-state output is measured with the live facts of an active plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from skill.bundle import VALID_STATES, bundle_root, render_bundle_file, render_state_module

PREFIX = "python -m skill"
SKILL_BUDGET = 9_000
ORCHESTRATOR_BUDGET = 4_500
WORKER_BUDGET = 1_500
#: Each emit-state output, its Live/Next lines included.
MODULE_BUDGET = 3_000
#: SKILL.md, the agents, the state modules and the references (the plan-file templates are served
#: by emit-template on demand and are not prose an agent reads up front).
BUNDLE_BUDGET = 70_000

#: The largest live facts a plan can produce in practice (long id, long step, gate line).
LIVE = {
    "id": "plan-2026-05-15T105344-8d6e386c",
    "dir": "plans/plan-2026-05-15T105344-8d6e386c",
    "state": "EXECUTE",
    "iteration": "5",
    "step": "12 of 12",
    "attempts": 2,
    "attempt_cap": 2,
    "gate": "GATE:FAIL [iteration-cap] iteration=6 hard-cap=6",
    "next": '`python -m skill step next --commit "<what step 12 did>"`',
}


def size(text: str) -> int:
    return len(text.encode("utf-8"))


def bundle_files() -> list[str]:
    root = bundle_root()
    files = ["SKILL.md"] if (root / "SKILL.md").is_file() else []
    for folder in ("agents", "modules", "references"):
        files += sorted(f"{folder}/{p.name}" for p in (root / folder).glob("*.md"))
    return [f for f in files if f != "references/file-formats.md"]


def rendered_size(rel: str) -> int:
    if rel.startswith("modules/state-"):
        return size(render_state_module(rel[len("modules/state-") : -3], None, command=PREFIX))
    return size(render_bundle_file(rel, command=PREFIX))


@pytest.mark.parametrize("state", VALID_STATES)
def test_emit_state_output_within_budget(state: str) -> None:
    bare = size(render_state_module(state, None, command=PREFIX))
    live = size(render_state_module(state, LIVE, command=PREFIX))
    # an installed skill may print a long interpreter path as its command prefix (not budgeted)
    long_prefix = "/home/someone/.local/share/pipx/venvs/iterative-planner/bin/python -m skill"
    worst = size(render_state_module(state, LIVE, command=long_prefix))
    print(f"emit-state {state}: {bare} bytes, {live} with live facts (budget {MODULE_BUDGET}), "
          f"{worst} with a long command prefix too")
    assert live <= MODULE_BUDGET


@pytest.mark.parametrize("rel", [f for f in bundle_files() if f.startswith("agents/")
                                 and not f.endswith("ip-orchestrator.md")])
def test_each_worker_agent_within_budget(rel: str) -> None:
    n = rendered_size(rel)
    print(f"{rel}: {n} bytes (budget {WORKER_BUDGET})")
    assert n <= WORKER_BUDGET


def test_skill_md_budget() -> None:
    if not (bundle_root() / "SKILL.md").is_file():
        pytest.fail("SKILL.md is missing")
    n = rendered_size("SKILL.md")
    print(f"SKILL.md: {n} bytes (budget {SKILL_BUDGET})")
    assert n <= SKILL_BUDGET


def test_orchestrator_budget() -> None:
    path = "agents/ip-orchestrator.md"
    assert (bundle_root() / path).is_file(), "no orchestrator definition under agents/"
    n = rendered_size(path)
    print(f"{path}: {n} bytes (budget {ORCHESTRATOR_BUDGET})")
    assert n <= ORCHESTRATOR_BUDGET


def test_whole_bundle_budget() -> None:
    total = 0
    by_folder: dict[str, int] = {}
    for rel in bundle_files():
        n = rendered_size(rel)
        total += n
        by_folder[Path(rel).parts[0] if "/" in rel else rel] = by_folder.get(
            Path(rel).parts[0] if "/" in rel else rel, 0) + n
        print(f"  {rel}: {n}")
    print(f"bundle: {total} bytes (budget {BUNDLE_BUDGET}); " + ", ".join(
        f"{k} {v}" for k, v in sorted(by_folder.items())))
    assert total <= BUNDLE_BUDGET
