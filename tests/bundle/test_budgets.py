"""Size budgets of the prose agents load. Prints every size; fails only where a budget is
exceeded. Sizes are bytes of the rendered text with the command prefix ``python -m skill``."""

from __future__ import annotations

from pathlib import Path

import pytest

from skill.bundle import VALID_STATES, bundle_root, render_bundle_file, render_state_module

PREFIX = "python -m skill"
SKILL_BUDGET = 18_000
ORCHESTRATOR_BUDGET = 12_000
BUNDLE_BUDGET = 152_500
#: The original's module sizes (v2.57.2); each emit-state output must stay at or below them.
MODULE_BUDGETS = {"explore": 3663, "plan": 4710, "execute": 5035, "reflect": 9459, "pivot": 1858}

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
}


def size(text: str) -> int:
    return len(text.encode("utf-8"))


def bundle_files() -> list[str]:
    root = bundle_root()
    files = ["SKILL.md"] if (root / "SKILL.md").is_file() else []
    for folder in ("agents", "modules", "references"):
        files += sorted(f"{folder}/{p.name}" for p in (root / folder).glob("*.md"))
    return files


def rendered_size(rel: str) -> int:
    if rel.startswith("modules/state-"):
        return size(render_state_module(rel[len("modules/state-") : -3], None, command=PREFIX))
    return size(render_bundle_file(rel, command=PREFIX))


@pytest.mark.parametrize("state", VALID_STATES)
def test_emit_state_output_within_the_originals_size(state: str) -> None:
    bare = size(render_state_module(state, None, command=PREFIX))
    live = size(render_state_module(state, LIVE, command=PREFIX))
    # an installed skill may print a long interpreter path as its command prefix
    long_prefix = "/home/someone/.local/share/pipx/venvs/iterative-planner/bin/python -m skill"
    worst = size(render_state_module(state, LIVE, command=long_prefix))
    print(f"emit-state {state}: {bare} bytes, {live} with live facts, {worst} with a long "
          f"command prefix too (budget {MODULE_BUDGETS[state]})")
    assert worst <= MODULE_BUDGETS[state]


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
