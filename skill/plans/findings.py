"""findings.md (its ``## Index`` and ``## Key Constraints``) and the topic files under findings/.

The Index holds one line per finding, ``- [Topic](findings/<slug>.md) — summary``; a numbered
``N. …`` line counts as well. The validator, ``transition PLAN`` and ``bootstrap close`` read the
Index through this module.
"""

from __future__ import annotations

import re

from skill.plans.markdown import extract_section

INDEX = "Index"
KEY_CONSTRAINTS = "Key Constraints"
CORRECTIONS = "Corrections"
SECTIONS: tuple[str, ...] = (INDEX, KEY_CONSTRAINTS, CORRECTIONS)
#: Sections every topic file under findings/ carries.
TOPIC_SECTIONS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(rf"^##[ \t]+{name}\b", re.M))
    for name in ("Summary", "Key Findings", "Constraints", "Code Patterns", "Risks")
)

_BULLET_RE = re.compile(r"- .+")
_NUMBERED_RE = re.compile(r"[0-9]+\.\s+.+")
_LINK_RE = re.compile(r"\[[^\]\n]+\]\(([^)\n]+)\)")
_LABEL_RE = re.compile(r"\[([^\]\n]+)\]\(")


def index_section(text: str | None) -> str | None:
    return extract_section(text, INDEX)


def indexed_count(text: str | None) -> int:
    """Index entries: the ``- …`` and ``N. …`` lines of ``## Index``."""
    index = index_section(text)
    if index is None:
        return 0
    lines = index.split("\n")
    return sum(1 for line in lines if _BULLET_RE.match(line) or _NUMBERED_RE.match(line))


def index_links(text: str | None) -> list[str]:
    """The link targets of the Index, in order."""
    index = index_section(text)
    if index is None:
        return []
    return [match.group(1).strip() for match in _LINK_RE.finditer(index)]


def index_topics(text: str | None, limit: int = 3) -> list[str]:
    """The first ``limit`` link labels of the Index."""
    index = index_section(text)
    if index is None:
        return []
    return _LABEL_RE.findall(index)[:limit]


def index_line(topic: str, target: str, summary: str) -> str:
    """The one writer of an Index line."""
    return f"- [{topic}]({target}) — {summary}"


def missing_topic_sections(text: str) -> list[str]:
    """The :data:`TOPIC_SECTIONS` a topic file lacks."""
    return [label for label, regex in TOPIC_SECTIONS if not regex.search(text)]
