"""findings.md (its ``## Index`` and ``## Key Constraints``) and the topic files under findings/.

The Index holds one line per finding, ``- [Topic](findings/<slug>.md) — summary``; a numbered
``N. …`` line counts as well. The validator, ``transition PLAN`` and ``bootstrap close`` read the
Index through this module.
"""

from __future__ import annotations

import re

from skill.plans.hygiene import REPORT_FILE_RE, REPORT_SECTIONS
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
_TABLE_SEPARATOR_RE = re.compile(r"\|(?:[ \t]*:?-+:?[ \t]*\|)+")
_LINK_RE = re.compile(r"\[[^\]\n]+\]\(([^)\n]+)\)")
_LABEL_RE = re.compile(r"\[([^\]\n]+)\]\(")


def index_section(text: str | None) -> str | None:
    return extract_section(text, INDEX)


def indexed_count(text: str | None) -> int:
    """Index entries: the ``- …`` and ``N. …`` lines of ``## Index``, and its table rows."""
    index = index_section(text)
    if index is None:
        return 0
    lines = index.split("\n")
    listed = sum(1 for line in lines if _BULLET_RE.match(line) or _NUMBERED_RE.match(line))
    return listed + _table_rows(lines)


def _table_rows(lines: list[str]) -> int:
    """Data rows of the tables among ``lines``: ``|`` rows after a ``|---|`` separator row."""
    rows, in_table = 0, False
    for line in lines:
        text = line.strip()
        if not text.startswith("|"):
            in_table = False
        elif _TABLE_SEPARATOR_RE.fullmatch(text):
            in_table = True
        elif in_table:
            rows += 1
    return rows


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


# -- the other files under findings/ -----------------------------------------------------------

#: The reviewer's report at REFLECT: ``review-iter-N.md`` (a second review: ``-passM``).
REVIEW_FILE_RE = re.compile(r"^review-iter-[0-9]+(?:-pass[0-9]+)?\.md$")
REVIEW_SECTIONS: tuple[str, ...] = ("Concerns", "Blind Spots", "Verdict")
REVIEW_VERDICTS: tuple[str, ...] = ("READY_TO_CLOSE", "NEEDS_WORK", "NEEDS_INVESTIGATION")


def _heading_patterns(names: tuple[str, ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((name, re.compile(rf"^##[ \t]+{name}\b", re.M)) for name in names)


def sections_for(name: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The sections a file under findings/ must carry, chosen by its name: a reviewer's report,
    a hygiene report (:mod:`skill.plans.hygiene`), or else an explorer's topic file."""
    if REVIEW_FILE_RE.match(name):
        return _heading_patterns(REVIEW_SECTIONS)
    if REPORT_FILE_RE.match(name):
        return _heading_patterns(REPORT_SECTIONS)
    return TOPIC_SECTIONS


def missing_sections(name: str, text: str) -> list[str]:
    """The sections :func:`sections_for` ``name`` asks for that ``text`` lacks."""
    return [label for label, regex in sections_for(name) if not regex.search(text)]
