"""The cross-plan files under ``plans/``: FINDINGS.md and DECISIONS.md (one ``## <plan-id>``
section per closed plan, newest first: the newest 25 kept, and every older one whose plan folder
is gone, since it is then the last copy), INDEX.md (one table row per plan), ANCHORS.md (its owner
is :mod:`~skill.plans.anchors_manifest`), LESSONS.md and SYSTEM.md (created once, then the
agent's).

Pure functions on text, plus :func:`ensure_root_files`, which writes through the store.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from skill.plans import anchors_manifest, findings, render
from skill.plans.ids import PLAN_SECTION_RE, is_plan_id
from skill.plans.layout import ROOT_FILES
from skill.plans.markdown import COMPRESSED_CLOSE, COMPRESSED_OPEN, comment_spans
from skill.plans.textio import decode, line_count, read_text

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
WINDOW = 25
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
    return re.search(rf"^##[ \t]+{re.escape(plan_id)}[ \t]*$", text, re.MULTILINE) is not None


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


def _sections(text: str) -> list[tuple[int, int, str]]:
    """(start, end, heading text) of every ``## plan…`` section, in file order."""
    starts = [match.start() for match in PLAN_SECTION_RE.finditer(text)]
    found = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        newline = text.find("\n", start, end)
        found.append((start, end, text[start + 3 : end if newline < 0 else newline].strip()))
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


def plan_sections(text: str | None) -> dict[str, str]:
    """plan id → the stripped body of its ``## <plan-id>`` section, in file order."""
    text = text or ""
    found: dict[str, str] = {}
    for start, end, name in _sections(text):
        if is_plan_id(name):
            found.setdefault(name, text[start:end].partition("\n")[2].strip())
    return found


def apply_window(text: str, keep: int = WINDOW, plans_dir: Path | None = None) -> str:
    """Keep the newest ``keep`` plan sections; of the older ones keep those that are the last copy
    of their plan: the heading is not a plan id, or ``plans_dir/<id>`` no longer exists.

    Without ``plans_dir`` no folder is looked at and every older section with a plan-id heading
    goes. Nothing is reordered.
    """
    sections = _sections(text)
    if len(sections) <= keep:
        return text
    pieces = [text[: sections[keep][0]]]
    for start, end, name in sections[keep:]:
        if not is_plan_id(name) or (plans_dir is not None and not (plans_dir / name).exists()):
            pieces.append(text[start:end])
    return "".join(pieces).rstrip() + "\n"


def kept_orphans(text: str, plans_dir: Path, keep: int = WINDOW) -> int:
    """How many sections beyond the newest ``keep`` stay because their folder is gone."""
    return sum(
        1 for _start, _end, name in _sections(text)[keep:] if not (is_plan_id(name) and (plans_dir / name).exists())
    )


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


# -- what a close adds beyond the merge ----------------------------------------------------------


def record_close(store: Store, plan_id: str) -> list[str]:
    """The closing plan's anchored decisions appended to plans/ANCHORS.md (created when missing),
    and the sliding window's report. Returns the lines ``close`` prints (none when quiet)."""
    notes: list[str] = []
    manifest = store.plans_dir / anchors_manifest.MANIFEST
    try:
        data = manifest.read_bytes()
    except FileNotFoundError:
        data = render.render(ROOT_FILES[anchors_manifest.MANIFEST]).encode("utf-8")
        store.write_bytes(manifest, data)
    decisions = read_text(store.plan_dir(plan_id) / "decisions.md")
    lines = anchors_manifest.missing_lines(decode(data), anchors_manifest.entries_for(plan_id, decisions))
    if lines:
        store.write_bytes(manifest, anchors_manifest.append_bytes(data, lines))
        notes.append(f"  Anchor manifest: {len(lines)} line(s) appended to plans/{anchors_manifest.MANIFEST}.")
    for _source, target, _links in MERGES:
        kept = kept_orphans(read_text(store.plans_dir / target) or "", store.plans_dir)
        if kept:
            notes.append(
                f"  Kept {kept} older plan section(s) in plans/{target} whose plan folders are gone "
                "(the last copy)."
            )
    return notes
