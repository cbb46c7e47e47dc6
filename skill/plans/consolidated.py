"""The cross-plan files under ``plans/``: FINDINGS.md and DECISIONS.md (one ``## <plan-id>``
section per closed plan, newest first, the newest four kept), INDEX.md (one table row per plan),
LESSONS.md and SYSTEM.md (created once, then the agent's).

Pure functions on text, plus :func:`ensure_root_files`, which writes through the store.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from skill.plans import findings, render
from skill.plans.ids import PLAN_SECTION_RE, is_plan_id
from skill.plans.layout import ROOT_FILES
from skill.plans.markdown import COMPRESSED_CLOSE, COMPRESSED_OPEN, comment_spans
from skill.plans.textio import line_count

if TYPE_CHECKING:
    from skill.plans.store import Store

#: Per-plan file -> consolidated file it is merged into at close, and whether links are rewritten.
MERGES: tuple[tuple[str, str, bool], ...] = (
    ("findings.md", "FINDINGS.md", True),
    ("decisions.md", "DECISIONS.md", False),
)
#: Files whose presence means earlier plans exist (new plans then get the cross-plan note).
HISTORY_FILES: tuple[str, ...] = ("FINDINGS.md", "DECISIONS.md", "LESSONS.md")
INDEX_MD = "INDEX.md"
LESSONS_MD = "LESSONS.md"
WINDOW = 4
SIZE_LIMIT = 500
CROSS_PLAN_NOTE = (
    "\n*Cross-plan context: see plans/FINDINGS.md, plans/DECISIONS.md, and plans/LESSONS.md*\n"
)
CROSS_PLAN_NOTE_RE = re.compile(r"\*Cross-plan context: see plans/FINDINGS\.md[^*\n]*\*")
_H2_RE = re.compile(r"^## ", re.MULTILINE)
#: A cell separator of an INDEX.md row: a ``|`` the writer did not escape as ``\|``.
_CELL_SEPARATOR_RE = re.compile(r"(?<!\\)\|")


def ensure_root_files(store: Store) -> list[str]:
    """Create each missing cross-plan file; never overwrite. Returns the names created."""
    created = []
    for name, template in ROOT_FILES.items():
        target = store.plans_dir / name
        if target.exists():
            continue
        store.write_text(target, render.render(template))
        created.append(name)
    return created


# -- merging a closed plan's section -----------------------------------------------------------


def body_from_first_section(text: str) -> str:
    """The text from the first ``## `` heading that is not inside an HTML comment ('' if none).

    Comments before that heading (such as decisions.md's schema example) are left out, so no
    example entry and no stray ``-->`` reach the consolidated file.
    """
    spans = comment_spans(text)
    for match in _H2_RE.finditer(text):
        if not any(start <= match.start() < end for start, end in spans):
            return text[match.start() :]
    return ""


def strip_cross_plan_note(text: str) -> str:
    """Remove the seeded cross-plan note when it stands alone on one of the first 10 lines."""
    lines = text.split("\n")
    for index, line in enumerate(lines[:10]):
        if CROSS_PLAN_NOTE_RE.fullmatch(line.strip()) and line.strip() == line:
            start, end = index, index + 1
            if end < len(lines) and lines[end].strip() == "":
                end += 1
            if start > 0 and lines[start - 1].strip() == "":
                start -= 1
            return "\n".join(lines[:start] + lines[end:])
    return text


def prepare_section(text: str, plan_id: str, *, rewrite_links: bool) -> str:
    body = strip_cross_plan_note(body_from_first_section(text))
    body = re.sub(r"^## ", "### ", body, flags=re.MULTILINE)
    if rewrite_links:
        body = body.replace("(findings/", f"({plan_id}/findings/")
    return body.strip()


def has_section(text: str, plan_id: str) -> bool:
    return re.search(rf"^## {re.escape(plan_id)}[ \t]*$", text, re.MULTILINE) is not None


def prepend_section(consolidated: str, plan_id: str, section: str) -> str:
    """Insert ``## <plan_id>`` + section above the newest plan section (below the H1 and any
    compressed summary). Unchanged when the plan already has a section anywhere in the file."""
    if has_section(consolidated, plan_id):
        return consolidated
    search_from = 0
    close = consolidated.find(COMPRESSED_CLOSE)
    if consolidated.find(COMPRESSED_OPEN) >= 0 and close >= 0:
        newline = consolidated.find("\n", close)
        search_from = len(consolidated) if newline < 0 else newline
    match = PLAN_SECTION_RE.search(consolidated, search_from)
    if match is None:
        head, tail = consolidated.rstrip(), ""
    else:
        head, tail = consolidated[: match.start()].rstrip(), consolidated[match.start() :]
    block = f"## {plan_id}\n{section}\n"
    if not head:
        return block + ("\n" + tail if tail else "")
    return f"{head}\n\n{block}" + ("\n" + tail if tail else "")


def plan_sections(text: str | None) -> dict[str, str]:
    """plan id → the stripped body of its ``## <plan-id>`` section, in file order."""
    text = text or ""
    starts = [match.start() for match in PLAN_SECTION_RE.finditer(text)] + [len(text)]
    found: dict[str, str] = {}
    for start, end in zip(starts, starts[1:], strict=False):
        heading, _, body = text[start:end].partition("\n")
        plan_id = heading[3:].strip()
        if is_plan_id(plan_id):
            found.setdefault(plan_id, body.strip())
    return found


def upsert_section(consolidated: str, plan_id: str, section: str) -> str:
    """The plan's section set to ``section``: replaced in place when the plan has one (so a close
    finished after an interruption merges what changed since), else prepended as
    :func:`prepend_section` does. An empty ``section`` never removes what is there."""
    heading = re.search(rf"^## {re.escape(plan_id)}[ \t]*$", consolidated, re.MULTILINE)
    if heading is None:
        return prepend_section(consolidated, plan_id, section) if section else consolidated
    if not section:
        return consolidated
    following = _H2_RE.search(consolidated, heading.end())
    end = len(consolidated) if following is None else following.start()
    tail = consolidated[end:]
    block = f"## {plan_id}\n{section}\n"
    return consolidated[: heading.start()] + block + ("\n" + tail if tail else "")


def apply_window(text: str, keep: int = WINDOW) -> str:
    """Keep the newest ``keep`` plan sections; everything from the next one on is dropped."""
    starts = [m.start() for m in PLAN_SECTION_RE.finditer(text)]
    if len(starts) <= keep:
        return text
    return text[: starts[keep]].rstrip() + "\n"


def size_notice(label: str, text: str) -> str | None:
    lines = line_count(text)
    if lines <= SIZE_LIMIT:
        return None
    if COMPRESSED_OPEN in text:
        return f"  ACTION NEEDED: {label} is {lines} lines (>{SIZE_LIMIT}). Update existing compressed summary."
    return f"  ACTION NEEDED: {label} is {lines} lines (>{SIZE_LIMIT}). Create compressed summary — see protocol."


# -- INDEX.md ----------------------------------------------------------------------------------


def index_row(plan_id: str, date: str | None, goal: str | None, findings_text: str | None) -> str:
    """``| plan-id | date | goal (60 chars) | first three finding topics |``."""
    shown_goal = (goal or "No goal")[:60].replace("|", "\\|")
    topics = ", ".join(t.lower() for t in findings.index_topics(findings_text)).replace("|", "\\|")
    return f"| {plan_id} | {date or 'unknown'} | {shown_goal} | {topics} |"


@dataclass(frozen=True)
class IndexRow:
    """One INDEX.md row, read back (``\\|`` unescaped)."""

    plan_id: str
    date: str
    goal: str
    topics: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def index_rows(index_text: str | None) -> list[IndexRow]:
    """The rows of INDEX.md whose first cell is a plan id, in file order (missing cells are '')."""
    rows = []
    for line in (index_text or "").split("\n"):
        if not line.strip().startswith("|"):
            continue
        cells = [cell.strip().replace("\\|", "|") for cell in _CELL_SEPARATOR_RE.split(line.strip())[1:]]
        if cells and cells[-1] == "" and line.rstrip().endswith("|"):
            cells.pop()
        if cells and is_plan_id(cells[0]):
            rows.append(IndexRow(*(cells + ["", "", ""])[:4]))
    return rows


def has_index_row(index_text: str, plan_id: str) -> bool:
    return re.search(rf"^\| {re.escape(plan_id)} \|", index_text, re.MULTILINE) is not None


def add_index_row(index_text: str, row: str) -> str:
    return index_text.rstrip() + "\n" + row + "\n"


def set_index_row(index_text: str, plan_id: str, row: str) -> str:
    """INDEX.md with the plan's row set to ``row``: the first existing row replaced, or added."""
    match = re.search(rf"^\| {re.escape(plan_id)} \|[^\n]*$", index_text, re.MULTILINE)
    if match is None:
        return add_index_row(index_text, row)
    return index_text[: match.start()] + row + index_text[match.end() :]
