"""Measuring the bundle on the renderers the rest of the package uses, so a figure here is the size
of what an agent really reads:

* the bundle files as ``install`` writes them (:class:`skill.harness.source.Bundle`);
* ``emit-state`` and ``emit-template`` output as those commands print it (:mod:`skill.bundle`);
* each hook's answer as the hook prints it (:mod:`skill.hooks`), on the plan of
  :func:`skill.cost.sample.measured_plan`.
"""

from __future__ import annotations

import os

from skill.bundle import VALID_STATES, VALID_TEMPLATES, render_state_module, render_template_slice
from skill.cost.model import CostReport, Group, Part
from skill.cost.reads import pointers
from skill.cost.sample import (
    SAMPLE_SOURCE,
    measured_plan,
    session_start_input,
    statusline_input,
    write_input,
)

#: What every session loads: the skill's entry point and the agent that runs the loop.
ALWAYS_LOADED = ("SKILL.md", "agents/ip-orchestrator.md")
#: The prose the budgets cover (the scripts are run, never read).
PROSE_FOLDERS = ("agents/", "modules/", "references/")


def size(text: str | bytes) -> int:
    """Bytes of ``text`` as printed or installed (UTF-8)."""
    return len(text.encode("utf-8") if isinstance(text, str) else text)


def bundle_tree(command: str) -> dict[str, bytes]:
    """The skill folder's prose files as ``install`` writes them for ``command`` (path -> bytes)."""
    from skill.harness.source import Bundle

    tree = Bundle().skill_tree(command)
    return {rel: data for rel, data in tree.items() if rel == "SKILL.md" or rel.startswith(PROSE_FOLDERS)}


def emit_state_text(state: str, facts: dict[str, object] | None, command: str) -> str:
    """What ``emit-state --state <state>`` prints for a plan with ``facts`` (None: no plan)."""
    return render_state_module(state, facts, command)


def state_group(state: str, facts: dict[str, object] | None, command: str, tree: dict[str, bytes]) -> Group:
    """One state: its ``emit-state`` output, then each agent, reference and template it names."""
    text = emit_state_text(state, facts, command)
    found = pointers(text, set(tree), VALID_TEMPLATES, set(ALWAYS_LOADED))
    parts = [Part(f"emit-state --state {state}", size(text))]
    parts += [Part(rel, size(tree[rel])) for rel in (*found.agents, *found.references)]
    parts += [
        Part(f"emit-template --name {slug}", size(render_template_slice(slug, command)))
        for slug in found.templates
    ]
    return Group(state, tuple(parts))


def _hook_env() -> dict[str, str]:
    """This environment with the hooks switched on (their cost is what is asked, not whether they run)."""
    from skill.hooks.guard import GUARD_ENV
    from skill.hooks.payload import DISABLED_ENV

    return {k: v for k, v in os.environ.items() if k not in (DISABLED_ENV, GUARD_ENV)}


def hook_parts(root: str, plan_id: str) -> tuple[Part, ...]:
    """Bytes each hook prints on one firing for the plan active under ``root`` (0: it prints nothing)."""
    from skill.hooks import guard, session_start, statusline
    from skill.hooks.payload import json_line

    env = _hook_env()
    packet = session_start.answer(session_start_input(root), explicit_root=root, env=env, cwd=root)
    parts = [Part("hook session-start", size(json_line(packet)) if packet else 0, "after compaction")]
    for rel, where in ((SAMPLE_SOURCE, "a project file"), (f"plans/{plan_id}/findings.md", "a plan file")):
        said = guard.answer(write_input(root, rel), explicit_root=root, env=env, cwd=root)
        note = "deny" if said else "allow: prints nothing"
        parts.append(Part(f"hook pre-tool-use ({where})", size(json_line(said)) if said else 0, note))
    line = statusline.answer(statusline_input(root), explicit_root=root, env=env, cwd=root)
    parts.append(Part("statusline", size(line + "\n") if line else 0, "shown to the user, not the model"))
    return tuple(parts)


def measure(root: str, command: str | None = None) -> CostReport:
    """The cost report for the project at ``root`` (see :mod:`skill.cost.sample` for the plan used)."""
    from skill.bundle import plan_facts
    from skill.command import agent_command

    prefix = command or agent_command()
    tree = bundle_tree(prefix)
    always = Group("always loaded", tuple(Part(rel, size(tree[rel])) for rel in ALWAYS_LOADED if rel in tree))
    bundle = Group("bundle", tuple(Part(rel, size(data)) for rel, data in tree.items()))
    with measured_plan(root) as (where, subject):
        facts = plan_facts(where)
        per_state = tuple(state_group(state, facts, prefix, tree) for state in VALID_STATES)
        per_hook = hook_parts(where, subject.plan_id)
    return CostReport(prefix, subject, always, per_state, per_hook, bundle)
