"""An ExecPlan document split into the parts the linter and the importer need.

The parser never fails: any text yields a :class:`Document`. Line numbers are 1-based and refer to
the file as given (BOM dropped, CRLF folded), so findings point at the right line even when the
plan is wrapped in an outer ```` ```md ```` envelope or starts with YAML frontmatter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_FENCE_RE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})(.*)$")
_ENVELOPE_OPEN_RE = re.compile(r"^```+[ \t]*(md|markdown)[ \t]*$", re.IGNORECASE)
_TRAILING_NOTE_RE = re.compile(r"[ \t]*\([^()]*\)[ \t]*$")


def section_key(title: str) -> str:
    """A heading reduced to a comparable key: annotations such as ``(MUST)`` dropped, ``&`` = ``and``.

    ``Validation & Acceptance (MUST)`` and ``Validation and Acceptance`` share the key
    ``validation and acceptance``; ``Tolerances (Exception Triggers)`` becomes ``tolerances``.
    """
    text = title.strip().rstrip(":").strip()
    previous = None
    while previous != text:
        previous = text
        text = _TRAILING_NOTE_RE.sub("", text)
    text = text.replace("&", " and ").lower()
    return " ".join(text.split())


@dataclass
class Line:
    number: int  # 1-based line number in the file
    text: str
    in_fence: bool  # inside a fenced code block (delimiter lines included)


@dataclass
class Heading:
    level: int
    title: str
    line: int


@dataclass
class Section:
    """One ``## `` section: its heading and the lines up to the next ``## `` or ``# `` heading."""

    title: str
    line: int
    lines: list[Line] = field(default_factory=list)

    @property
    def key(self) -> str:
        return section_key(self.title)

    @property
    def body(self) -> str:
        return "\n".join(item.text for item in self.lines).strip("\n")

    def is_empty(self) -> bool:
        return self.body.strip() == ""


@dataclass
class Frontmatter:
    """The YAML block between the opening ``---`` and the next ``---``."""

    start: int  # line of the opening ---
    end: int  # line of the closing --- (0 when it is never closed)
    raw: str
    keys: dict[str, int] = field(default_factory=dict)  # top-level key -> line number


@dataclass
class Fence:
    marker: str  # the delimiter run, e.g. ``` or ~~~~
    start: int
    end: int  # 0 when never closed


@dataclass
class Document:
    lines: list[Line]  # the document proper (envelope excluded)
    frontmatter: Frontmatter | None
    title: Heading | None
    preamble: list[Line]  # between the title (or frontmatter) and the first ## section
    sections: list[Section]
    headings: list[Heading]
    fences: list[Fence]
    envelope: bool  # the plan was wrapped in one outer ```md fence

    def find(self, key: str) -> list[Section]:
        return [section for section in self.sections if section.key == key]

    def first(self, key: str) -> Section | None:
        found = self.find(key)
        return found[0] if found else None


def _envelope_bounds(raw_lines: list[str]) -> tuple[int, int, bool]:
    """(first, last+1) indices of the document proper, and whether an envelope was removed."""
    non_blank = [i for i, text in enumerate(raw_lines) if text.strip()]
    if len(non_blank) >= 2:
        first, last = non_blank[0], non_blank[-1]
        if _ENVELOPE_OPEN_RE.match(raw_lines[first].strip()) and raw_lines[last].strip() == "```":
            return first + 1, last, True
    return 0, len(raw_lines), False


def _fences(lines: list[Line]) -> list[Fence]:
    fences: list[Fence] = []
    open_fence: Fence | None = None
    for item in lines:
        match = _FENCE_RE.match(item.text)
        if open_fence is None:
            if match and not (match.group(1)[0] == "`" and "`" in match.group(2)):
                open_fence = Fence(match.group(1), item.number, 0)
                fences.append(open_fence)
                item.in_fence = True
            continue
        item.in_fence = True
        if match and match.group(2).strip() == "":
            marker = match.group(1)
            if marker[0] == open_fence.marker[0] and len(marker) >= len(open_fence.marker):
                open_fence.end = item.number
                open_fence = None
    return fences


def _frontmatter(lines: list[Line]) -> Frontmatter | None:
    if not lines or lines[0].text.strip() != "---":
        return None
    start = lines[0].number
    keys: dict[str, int] = {}
    body: list[str] = []
    for item in lines[1:]:
        if item.text.strip() in ("---", "..."):
            return Frontmatter(start, item.number, "\n".join(body), keys)
        body.append(item.text)
        match = re.match(r"^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:", item.text)
        if match and match.group(1) not in keys:
            keys[match.group(1)] = item.number
    return Frontmatter(start, 0, "\n".join(body), keys)


def parse(text: str) -> Document:
    """Split ``text`` (already decoded, LF line endings) into a :class:`Document`."""
    raw_lines = text.split("\n")
    first, stop, envelope = _envelope_bounds(raw_lines)
    lines = [Line(i + 1, raw_lines[i], False) for i in range(first, stop)]
    frontmatter = _frontmatter(lines)
    skip = 0
    if frontmatter is not None:
        skip = len(lines) if frontmatter.end == 0 else frontmatter.end - lines[0].number + 1
    body_lines = lines[skip:]
    fences = _fences(body_lines)

    headings: list[Heading] = []
    title: Heading | None = None
    preamble: list[Line] = []
    sections: list[Section] = []
    current: Section | None = None
    for item in body_lines:
        match = None if item.in_fence else _HEADING_RE.match(item.text)
        if match:
            heading = Heading(len(match.group(1)), match.group(2).strip(), item.number)
            headings.append(heading)
            if heading.level == 1:
                if title is None:
                    title = heading
                current = None
                continue
            if heading.level == 2:
                current = Section(heading.title, item.number)
                sections.append(current)
                continue
        if current is not None:
            current.lines.append(item)
        else:
            preamble.append(item)
    return Document(lines, frontmatter, title, preamble, sections, headings, fences, envelope)
