"""The known install targets, their aliases, and how names given by the user resolve."""

from __future__ import annotations

from skill.errors import SkillError
from skill.harness.base import Target

#: target name -> module holding ``TARGET`` (imported on demand)
TARGET_MODULES: dict[str, str] = {
    "claude": "skill.harness.claude",
    "agents": "skill.harness.agents_dir",
    "codex": "skill.harness.codex",
    "cursor": "skill.harness.cursor",
    "gemini": "skill.harness.gemini",
    "agents-md": "skill.harness.agents_md",
}

#: harnesses that need nothing beyond the shared .agents/skills folder
ALIASES: dict[str, str] = {
    "copilot": "agents",
    "opencode": "agents",
    "windsurf": "agents",
    "agent-skills": "agents",
}

ALL = "all"


def harness_names() -> list[str]:
    """Every name ``--harness`` accepts."""
    return [*TARGET_MODULES, *ALIASES, ALL]


def get_target(name: str) -> Target:
    import importlib

    canonical = ALIASES.get(name, name)
    module = TARGET_MODULES.get(canonical)
    if module is None:
        raise SkillError(
            f"ERROR: unknown harness {name!r}; choose from {', '.join(harness_names())}.", 2
        )
    target = importlib.import_module(module).TARGET
    assert isinstance(target, Target), module
    return target


def all_targets() -> list[Target]:
    return [get_target(name) for name in TARGET_MODULES]


def resolve(
    names: list[str], scope: str, explicit: bool = True, notes: list[str] | None = None
) -> list[Target]:
    """Targets for ``names`` (aliases and ``all`` expanded, requirements added, in fixed order).

    A target that has no location in ``scope`` is replaced by its substitute when it has one (the
    reason is appended to ``notes``); otherwise it is an error when named explicitly and skipped
    when it only came from ``all`` or detection.
    """
    wanted: list[str] = []
    expanded: list[tuple[str, bool]] = []
    for raw in names:
        for name in (part.strip().lower() for part in raw.split(",")):
            if not name:
                continue
            if name == ALL:
                expanded.extend((n, False) for n in TARGET_MODULES if not get_target(n).explicit_only)
            else:
                expanded.append((name, explicit))
    for name, named in expanded:
        target = get_target(name)
        if target.explicit_only and not named:
            continue
        if not target.supports(scope):
            swap = target.substitute(scope)
            if swap is not None:
                other, why = swap
                if notes is not None and why not in notes:
                    notes.append(why)
                if other not in wanted:
                    wanted.append(other)
                continue
            if named:
                raise SkillError(
                    f"ERROR: the {target.name} target has no {scope}-scope location "
                    f"(it supports: {', '.join(target.scopes)}). The 'agents' target covers "
                    f"{target.name} at {scope} scope.",
                    1,
                )
            continue
        for need in (*target.requires, target.name):
            if need not in wanted:
                wanted.append(need)
    order = list(TARGET_MODULES)
    return [get_target(name) for name in sorted(wanted, key=order.index)]
