"""emit-state fills the state modules' placeholders without jinja2: the same text jinja2 renders."""

from __future__ import annotations

import pytest

from skill.bundle import (
    bundle_root,
    fill_placeholders,
    live_block,
    render_bundle_text,
    render_module_text,
    template_context,
)

MODULES = sorted(p.name for p in (bundle_root() / "modules").glob("state-*.md"))
FACTS = {"id": "plan-x", "dir": "plans/plan-x", "state": "EXECUTE", "iteration": "1", "step": "2 of 3",
         "attempts": 1, "attempt_cap": 2, "gate": "GATE:FAIL [leash-cap] attempts={{ cmd }} $& \\1"}


@pytest.mark.parametrize("name", MODULES)
@pytest.mark.parametrize("facts", [None, FACTS])
def test_every_module_renders_the_same_without_jinja2(name: str, facts: dict | None) -> None:
    text = (bundle_root() / "modules" / name).read_text(encoding="utf-8")
    extra = {"plan": facts, "live": live_block(facts, name[6:-3])}
    filled = fill_placeholders(text, template_context("ip x", **extra))
    assert filled is not None, "a module grew template syntax beyond {{ name }}: check fill_placeholders"
    assert filled == render_bundle_text(text, "ip x", **extra)
    assert render_module_text(text, "ip x", **extra) == filled


def test_anything_else_is_left_to_jinja2() -> None:
    context = template_context("ip")
    assert fill_placeholders("{% if cmd %}x{% endif %}", context) is None
    assert fill_placeholders("{{ cmd | upper }}", context) is None
    assert fill_placeholders("{# note #}{{ cmd }}", context) is None
    assert fill_placeholders("{{ nope }}", context) is None
    assert render_module_text("{% if cmd %}{{ cmd }}{% endif %}", "ip") == "ip"
    with pytest.raises(Exception, match="nope"):
        render_module_text("{{ nope }}", "ip")
    assert fill_placeholders("a {{cmd}} b {{  version  }}", context) == f"a ip b {context['version']}"
