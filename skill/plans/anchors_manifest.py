"""plans/ANCHORS.md: the committed manifest of anchored decisions (one owner: grammar, reader,
writer).

One line per decision that code anchors, ``<plan-id>/D-NNN | YYYY-MM-DD | rationale``, so a
``# DECISION <plan-id>/D-NNN`` anchor still resolves once the plan folder and its consolidated
section are gone. ``bootstrap new`` creates the file (header only); closing a plan appends one line
for each of its decisions that has an ``**Anchor-Refs**:`` line. Bytes already in the file are never
rewritten, reordered or trimmed (appends work on the bytes); a decision that already has a line
is not appended again.

The reader takes every line that starts (column 0) with a plan id of either grammar, ``/D-`` and
three or more digits followed by ``|``; everything after the ``|`` is ignored, and so is every
other line (the header, blanks, comments — lines inside an HTML comment are read too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from skill.plans.decisions import parse as parse_decisions
from skill.plans.ids import ANY_PLAN_ID, DECISION_NUM
from skill.plans.layout import ANCHORS_MD
from skill.plans.textio import one_line

MANIFEST = ANCHORS_MD
#: An entry line's prefix: group 1 the plan id, group 2 the decision number.
ENTRY_RE = re.compile(rf"^({ANY_PLAN_ID})/D-({DECISION_NUM})[ \t]*\|", re.MULTILINE)
#: The ``**Anchor-Refs**:`` line of a decision entry.
REFS_RE = re.compile(r"\*\*Anchor-Refs\*\*:(.*)")
_LIST_ITEM_RE = re.compile(r"\s*[-*+]\s")
_BACKTICK_RE = re.compile(r"`([^`]+)`")


def read(text: str | None) -> dict[str, set[int]]:
    """Decision numbers by plan id, from the manifest's entry lines (empty for no text)."""
    found: dict[str, set[int]] = {}
    for match in ENTRY_RE.finditer(text or ""):
        found.setdefault(match.group(1), set()).add(int(match.group(2)))
    return found


def anchor_refs(body: list[str]) -> str | None:
    """The text of an entry's first ``**Anchor-Refs**:`` line, or of the list right under it."""
    for index, line in enumerate(body):
        match = REFS_RE.match(line)
        if not match:
            continue
        if match.group(1).strip():
            return match.group(1)
        items: list[str] = []
        for following in body[index + 1 :]:
            if not following.strip():
                if items:
                    break
                continue
            if not _LIST_ITEM_RE.match(following):
                break
            items.append(following)
        return "\n".join(items) if items else None
    return None


def refs(body: list[str]) -> list[str]:
    """The backticked references (``path:line``) of an entry's Anchor-Refs, in order."""
    text = anchor_refs(body)
    return [span.strip() for span in _BACKTICK_RE.findall(text or "") if span.strip()]


@dataclass(frozen=True)
class ManifestEntry:
    plan_id: str
    number: int
    date: str
    rationale: str

    @property
    def key(self) -> str:
        return f"{self.plan_id}/D-{self.number:03d}"

    def line(self) -> str:
        """The one writer of an entry line."""
        return f"{self.key} | {self.date} | {one_line(self.rationale) or '(no rationale given)'}"


def missing_lines(text: str | None, entries: list[ManifestEntry]) -> list[str]:
    """The lines of the ``entries`` the manifest ``text`` does not hold yet, in order."""
    have = read(text)
    lines = []
    for entry in entries:
        if entry.number in have.get(entry.plan_id, set()):
            continue
        have.setdefault(entry.plan_id, set()).add(entry.number)
        lines.append(entry.line())
    return lines


def append_bytes(data: bytes, lines: list[str]) -> bytes:
    """``data`` (the file as it is) with ``lines`` after it; nothing in ``data`` changes. The file's
    own line ending is used, and one is added first when the last line lacks it."""
    if not lines:
        return data
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    head = data if not data or data.endswith(b"\n") else data + newline
    return head + b"".join(line.encode("utf-8") + newline for line in lines)


def entries_for(plan_id: str, decisions_text: str | None) -> list[ManifestEntry]:
    """One entry per decision of ``decisions_text`` whose Anchor-Refs name at least one place:
    dated as its header, the rationale being the first line of its ``**Decision**:``."""
    if not decisions_text:
        return []
    found = []
    for entry in parse_decisions(decisions_text).entries:
        if not refs(entry.body):
            continue
        rationale = entry.line_value("Decision") or entry.lead("Decision") or ""
        found.append(ManifestEntry(plan_id, entry.num, entry.date, rationale))
    return found
