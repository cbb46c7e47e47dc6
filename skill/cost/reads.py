"""What a state's rules point the agent to, read from the rendered text (never listed by hand):

* ``references/<name>.md``: a reference it is told to read;
* ``ip-<role>``: a sub-agent spawned in that state (its definition, ``agents/ip-<role>.md``);
* ``emit-template --name <slug>``: a plan-file template it is told to print.

Each is counted once, in the order the text first names it, and only when it exists: a citation of
a file the bundle lacks costs nothing (the bundle tests report it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_REFERENCE = re.compile(r"(?<![\w.-])references/([\w.-]+\.md)")
_AGENT = re.compile(r"(?<![\w/-])(ip-[a-z][a-z-]*[a-z])(?![\w-])")
_TEMPLATE = re.compile(r"emit-template --name ([a-z][a-z-]*)")


@dataclass(frozen=True)
class Pointers:
    references: tuple[str, ...]  # bundle paths, "references/planning-rigor.md"
    agents: tuple[str, ...]  # bundle paths, "agents/ip-explorer.md"
    templates: tuple[str, ...]  # slugs, "plan"


def _unique(found: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(found))


def pointers(text: str, files: set[str], templates: tuple[str, ...], skip: set[str]) -> Pointers:
    """The references, agents and templates ``text`` names that exist (bundle paths in ``files``,
    slugs in ``templates``), leaving out the bundle paths in ``skip`` (what is always loaded)."""
    refs = [f"references/{name}" for name in _REFERENCE.findall(text)]
    agents = [f"agents/{name}.md" for name in _AGENT.findall(text)]
    return Pointers(
        references=_unique([rel for rel in refs if rel in files and rel not in skip]),
        agents=_unique([rel for rel in agents if rel in files and rel not in skip]),
        templates=_unique([slug for slug in _TEMPLATE.findall(text) if slug in templates]),
    )
