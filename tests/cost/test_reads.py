"""What a state's rules point to, read from their text: each existing file once, in order."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from skill.cost.model import estimate_tokens
from skill.cost.reads import pointers

FILES = {
    "SKILL.md", "agents/ip-orchestrator.md", "agents/ip-explorer.md", "agents/ip-plan-writer.md",
    "references/planning-rigor.md", "references/code-hygiene.md",
}
TEMPLATES = ("state", "plan", "findings-consolidated")
ALWAYS = {"SKILL.md", "agents/ip-orchestrator.md"}


def test_names_in_order_each_once() -> None:
    text = (
        "Spawn ip-explorer, then read `references/planning-rigor.md` § Rigor and again "
        "references/planning-rigor.md; hand over to ip-plan-writer (ip-explorer again). Print "
        "`x emit-template --name plan` and `x emit-template --name findings-consolidated`."
    )
    found = pointers(text, FILES, TEMPLATES, ALWAYS)
    assert found.agents == ("agents/ip-explorer.md", "agents/ip-plan-writer.md")
    assert found.references == ("references/planning-rigor.md",)
    assert found.templates == ("plan", "findings-consolidated")


def test_missing_files_always_loaded_ones_and_lookalikes_cost_nothing() -> None:
    text = (
        "ip-orchestrator, ip-ghost, references/nowhere.md, myreferences/code-hygiene.md, "
        "emit-template --name bogus, skip-explorer, ip-explorer-x, `emit-template --name <slug>`"
    )
    found = pointers(text, FILES, TEMPLATES, ALWAYS)
    assert found.agents == () and found.references == () and found.templates == ()


def test_a_skill_path_prefix_still_counts() -> None:
    found = pointers("read `<skill-path>/references/code-hygiene.md`", FILES, TEMPLATES, ALWAYS)
    assert found.references == ("references/code-hygiene.md",)


@given(st.integers(min_value=0, max_value=10**9))
def test_tokens_are_a_quarter_of_the_bytes_rounded_up(size: int) -> None:
    tokens = estimate_tokens(size)
    assert tokens * 4 >= size > (tokens - 1) * 4 or size == tokens == 0
