"""findings.md (its ``## Index`` and ``## Key Constraints``) and the topic files under findings/.

The Index holds one line per finding, ``- [Topic](findings/<slug>.md) — summary``; a numbered
``N. …`` line counts as well. The validator, ``transition PLAN`` and ``bootstrap close`` read the
Index through this module; ``finding add/constraint/correct`` write it through it (the one writer
of an Index line, a constraint line and a correction line).
"""

from __future__ import annotations

import re
import unicodedata

from skill.plans.hygiene import REPORT_FILE_RE, REPORT_SECTIONS
from skill.plans.markdown import extract_section, put_line

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


# -- writing -----------------------------------------------------------------------------------

#: Folder of the topic files, relative to the plan folder.
TOPIC_FOLDER = "findings"
#: Constraint classes (references: planning rigor, constraint classification).
CONSTRAINT_KINDS: tuple[str, ...] = ("HARD", "SOFT", "GHOST")
#: Topic-file names with a schema of their own (the reviewer's and the hygiene sweep's reports).
RESERVED_TOPIC_RE = re.compile(r"(?:review|hygiene)-iter-[0-9]+(?:-pass[0-9]+)?")
#: How the protocol tags a correction of an earlier finding.
CORRECTED_TAG = "[CORRECTED iter-{iteration}]"
#: Lines a topic file should stay within.
TOPIC_MAX_LINES = 150
_SLUG_MAX = 60
_TOPIC_PLACEHOLDERS: dict[str, str] = {
    "Key Findings": "*To be written: each finding with its `file:line`.*",
    "Constraints": "*To be written: each constraint tagged [HARD], [SOFT] or [GHOST].*",
    "Code Patterns": "*To be written: `[REUSE] path:line — what it already does`.*",
    "Risks & Unknowns": "*To be written: what could not be determined, and what to check next.*",
}


def slug(topic: str) -> str:
    """The kebab-case file slug of a topic (ASCII letters and digits); ValueError when empty."""
    ascii_text = unicodedata.normalize("NFKD", topic).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    text = text[:_SLUG_MAX].rstrip("-")
    if not text:
        raise ValueError(f"the topic {topic!r} has no letters or digits to name its file with")
    return text


def topic_target(name: str) -> str:
    """``findings/<name>`` (``name`` with its ``.md``), the Index link target."""
    return f"{TOPIC_FOLDER}/{name}"


def _link_file(line: str) -> str | None:
    match = _LINK_RE.search(line)
    return match.group(1).strip().split("#", 1)[0] if match else None


def set_index_line(text: str, topic: str, target: str, summary: str) -> str:
    """findings.md with the Index line for ``target``: the line linking that file is replaced,
    or a new one goes after the last entry."""
    line = index_line(topic, target, summary)
    file = target.split("#", 1)[0]
    return put_line(
        text,
        INDEX,
        line,
        same=lambda row: (_BULLET_RE.match(row) or _NUMBERED_RE.match(row)) is not None
        and _link_file(row) == file,
        before=(KEY_CONSTRAINTS, CORRECTIONS),
    )


def constraint_line(kind: str, constraint: str) -> str:
    """The one writer of a Key Constraints line: ``- KIND: text``."""
    return f"- {kind}: {constraint}"


def add_constraint(text: str, kind: str, constraint: str) -> str:
    """findings.md with the constraint under ``## Key Constraints`` (an identical line is kept once)."""
    line = constraint_line(kind, constraint)
    return put_line(text, KEY_CONSTRAINTS, line, same=lambda row: row.strip() == line, before=(CORRECTIONS,))


def correction_line(iteration: int, note: str, target: str | None = None) -> str:
    """The one writer of a correction: ``- [CORRECTED iter-N] note (findings/<slug>.md)``."""
    where = f" ({target})" if target else ""
    return f"- {CORRECTED_TAG.format(iteration=iteration)} {note}{where}"


def add_correction(text: str, line: str) -> str:
    """findings.md (or a topic file) with ``line`` appended under its ``## Corrections``."""
    return put_line(text, CORRECTIONS, line)


def topic_skeleton(topic: str, summary: str) -> str:
    """A new topic file: the title, the summary, and the other required sections to fill in."""
    parts = [f"# {topic}", "", "## Summary", summary, ""]
    for name, placeholder in _TOPIC_PLACEHOLDERS.items():
        parts += [f"## {name}", placeholder, ""]
    return "\n".join(parts)


def topic_from_body(topic: str, body: str) -> str:
    """A topic file from the agent's text: a body without ``## `` sections is the Summary of a
    new skeleton; a body with sections is the file (titled ``# topic`` when it has no title)."""
    text = body.strip("\n") + "\n"
    if not re.search(r"^##[ \t]", text, re.M):
        return topic_skeleton(topic, text.strip())
    if not re.match(r"#[ \t]", text):
        text = f"# {topic}\n\n{text}"
    return text


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
