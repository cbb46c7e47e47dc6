"""``# DECISION`` anchors in the project's source: the walk, the scanner and the three audits.

* reverse audit — every anchor must name a known decision (``anchor-orphan``,
  ``anchor-unknown-plan``), carry a plan-id prefix (``anchor-unqualified``) that is a real plan id
  (``anchor-badprefix``);
* forward audit A — a decision that code anchors must list them (``anchor-refs-missing`` /
  ``anchor-refs``);
* forward audit B — every ``**Anchor-Refs**:`` target must exist and hold the anchor
  (``anchor-refs-stale``).

The walk reads each file once and remembers what it found; line numbers come from a table of line
starts (bisect), so a file with many anchors costs linear time.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from skill.plans.decisions import ANCHOR_REFS_LABEL, DecisionsFile, decision_id
from skill.plans.decisions import parse as parse_decisions
from skill.plans.ids import ANY_PLAN_ID, ANY_PLAN_ID_RE, DECISION_NUM, is_plan_id
from skill.plans.markdown import comment_spans
from skill.plans.textio import decode
from skill.validate.context import PlanContext

MAX_DEPTH = 12
SKIPPED_DIRS = frozenset(
    {
        "node_modules",
        "dist",
        "build",
        "plans",
        "target",
        "__pycache__",
        "vendor",
        "out",
        "venv",
        "site-packages",
    }
)
WALKED_EXTENSIONS = frozenset(
    {
        ".py",
        ".js",
        ".mjs",
        ".cjs",
        ".ts",
        ".tsx",
        ".rb",
        ".go",
        ".rs",
        ".c",
        ".h",
        ".cpp",
        ".hpp",
        ".java",
        ".kt",
        ".sql",
        ".md",
    }
)
HASH_EXT = frozenset(
    {".py", ".rb", ".sh", ".bash", ".zsh", ".yml", ".yaml", ".toml", ".r", ".pl", ".pm", ".tf"}
)
SLASH_EXT = frozenset(
    {
        ".js",
        ".jsx",
        ".ts",
        ".tsx",
        ".mjs",
        ".cjs",
        ".go",
        ".rs",
        ".c",
        ".h",
        ".cpp",
        ".hpp",
        ".cc",
        ".java",
        ".swift",
        ".kt",
        ".scala",
        ".cs",
        ".php",
    }
)
SQL_EXT = frozenset({".sql"})
HTML_EXT = frozenset({".md", ".markdown", ".mdx", ".html", ".htm"})

_NB = r"[^\S\n]"  # a blank that is not a line break
_LOOSE_PREFIX = r"[^\s/]+"


def _body(prefix: str, blank: str) -> str:
    return rf"(?:({prefix})/)?D-({DECISION_NUM})({blank}+\[STALE\])?"


def _line_style(marker: str, prefix: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?:^|{_NB}){marker}{_NB}+DECISION{_NB}+{_body(prefix, _NB)}(?::|{_NB}|$)", re.M
    )


_STYLES = {
    "hash": (_line_style("#", ANY_PLAN_ID), _line_style("#", _LOOSE_PREFIX)),
    "slash": (_line_style("//", ANY_PLAN_ID), _line_style("//", _LOOSE_PREFIX)),
    "sql": (_line_style("--", ANY_PLAN_ID), _line_style("--", _LOOSE_PREFIX)),
}
_ANY_BLANK = r"\s"
_INNER = (
    re.compile(r"DECISION\s+" + _body(ANY_PLAN_ID, _ANY_BLANK)),
    re.compile(r"DECISION\s+" + _body(_LOOSE_PREFIX, _ANY_BLANK)),
)
_BLOCK_RE = re.compile(r"/\*([\s\S]*?)\*/")


class Anchor(NamedTuple):
    plan: str | None  # the plan-id prefix, or None for a bare anchor
    num: int
    stale: bool
    line: int

    @property
    def id_str(self) -> str:
        return decision_id(self.num)

    @property
    def stale_suffix(self) -> str:
        return " [STALE]" if self.stale else ""


@dataclass(frozen=True)
class FileAnchors:
    rel: str
    strict: list[Anchor]  # prefix absent or a plan id
    bad_prefix: list[Anchor]  # a prefix that is not a plan id


class LineIndex:
    """Offset → 1-based line number in O(log n)."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        self.starts.extend(match.end() for match in re.finditer("\n", text))

    def line(self, offset: int) -> int:
        return bisect_right(self.starts, offset)


def _styles_for(ext: str) -> tuple[str | None, bool, bool]:
    """(line style, block comments?, HTML comments?) for an extension."""
    line = (
        "hash"
        if ext in HASH_EXT
        else "slash"
        if ext in SLASH_EXT
        else "sql"
        if ext in SQL_EXT
        else None
    )
    html = ext in HTML_EXT
    return line, not html, html


def _anchor(match: re.Match[str], line: int) -> Anchor:
    return Anchor(match.group(1), int(match.group(2)), match.group(3) is not None, line)


def scan_both(text: str, ext: str) -> tuple[list[Anchor], list[Anchor]]:
    """(strict, loose) anchors in ``text`` for a file with extension ``ext``.

    Strict anchors have no prefix or a plan-id prefix; loose ones take any prefix without blanks or
    ``/``. Each list holds line-style anchors, then block-comment ones, then HTML-comment ones. The
    comment regions and the line table are computed once for both.
    """
    if "DECISION" not in text:
        return [], []
    index = LineIndex(text)
    results: tuple[list[Anchor], list[Anchor]] = ([], [])
    line_style, block, html = _styles_for(ext)
    regions: list[tuple[int, int]] = []
    if block and "/*" in text:
        regions.extend((c.start(1), c.end(1)) for c in _BLOCK_RE.finditer(text))
    block_count = len(regions)
    if html and "<!--" in text:
        regions.extend((start + 4, end - 3) for start, end in comment_spans(text))
    for which, found in enumerate(results):
        if line_style is not None:
            last_line = 0
            for match in _STYLES[line_style][which].finditer(text):
                line = index.line(match.start())
                if line == last_line:
                    continue  # one anchor per line
                last_line = line
                found.append(_anchor(match, line))
        inner = _INNER[which]
        for number, (start, end) in enumerate(regions):
            if number >= block_count and "DECISION" not in text[start:end]:
                continue
            for match in inner.finditer(text, start, end):
                found.append(_anchor(match, index.line(match.start())))
    return results


def scan_text(text: str, ext: str, loose: bool = False) -> list[Anchor]:
    """Strict (or, with ``loose``, loose) anchors in ``text``; see :func:`scan_both`."""
    return scan_both(text, ext)[1 if loose else 0]


def _read(path: str | Path, needle: bytes = b"") -> str | None:
    """The file's text; None when it is unreadable, binary (holds NUL) or lacks ``needle``."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    if needle not in data or b"\0" in data:
        return None
    return decode(data)


def scan_file(path: str | Path, rel: str) -> FileAnchors | None:
    text = _read(path, b"DECISION")
    if text is None:
        return None
    ext = os.path.splitext(os.fspath(path))[1]
    strict, loose_all = scan_both(text, ext)
    loose = [a for a in loose_all if a.plan is not None and not is_plan_id(a.plan)]
    if not strict and not loose:
        return None
    return FileAnchors(rel, strict, loose)


def walk_files(root: Path) -> Iterator[tuple[str, str]]:
    """(path, path relative to ``root`` with ``/``) of every source file under ``root``, in sorted
    pre-order, without following symlinks or entering VCS, virtual-environment, dependency, build
    and dot folders."""

    def visit(folder: str, prefix: str, depth: int) -> Iterator[tuple[str, str]]:
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            return
        for entry in entries:
            name = entry.name
            try:
                if entry.is_symlink():
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if name.startswith(".") or name in SKIPPED_DIRS or depth >= MAX_DEPTH:
                        continue
                    yield from visit(entry.path, f"{prefix}{name}/", depth + 1)
                elif (
                    entry.is_file(follow_symlinks=False)
                    and os.path.splitext(name)[1] in WALKED_EXTENSIONS
                ):
                    yield entry.path, f"{prefix}{name}"
            except OSError:
                continue

    yield from visit(os.fspath(root), "", 0)


def walk(root: Path) -> Iterator[Path]:
    """The files :func:`walk_files` visits, as paths."""
    for path, _rel in walk_files(root):
        yield Path(path)


def scan_project(root: Path) -> list[FileAnchors]:
    results = []
    for path, rel in walk_files(root):
        shown = rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        found = scan_file(path, shown)
        if found is not None:
            results.append(found)
    return results


class AnchorAudit:
    """The project scan (done once) and the known decisions it is checked against."""

    def __init__(self, ctx: PlanContext, decisions: DecisionsFile | None) -> None:
        self.ctx = ctx
        self.decisions = decisions
        self._files: list[FileAnchors] | None = None

    @property
    def files(self) -> list[FileAnchors]:
        if self._files is None:
            self._files = scan_project(self.ctx.root)
        return self._files

    def known(self) -> dict[str, set[int]]:
        referenced = {a.plan for f in self.files for a in f.strict if a.plan is not None}
        return known_decisions(self.ctx, self.decisions, referenced)

    # -- reverse audit -----------------------------------------------------------------------
    def check_reverse(self) -> None:
        sink = self.ctx.sink
        plan_id = self.ctx.plan_id
        known = self.known()
        active = known.get(plan_id, set()) if plan_id else set()
        for found in self.files:
            for anchor in found.bad_prefix:
                sink.warn(
                    "anchor-badprefix",
                    f'{found.rel}:{anchor.line} anchor prefix "{anchor.plan}" is not a plan id, so {anchor.id_str} '
                    "is invisible to the anchor audit. Use the full plan folder name "
                    "(plan-YYYY-MM-DDTHHMMSS-xxxxxxxx, or legacy plan_YYYY-MM-DD_xxxxxxxx); a commit tag drops "
                    "the THHMMSS part, an anchor keeps it (references/decision-anchoring.md).",
                    found.rel,
                    anchor.line,
                )
            for anchor in found.strict:
                self._check_one(found.rel, anchor, known, active, plan_id)

    def _check_one(
        self, rel: str, anchor: Anchor, known: dict[str, set[int]], active: set[int], plan_id: str
    ) -> None:
        sink = self.ctx.sink
        severity = "WARN" if anchor.stale else "ERROR"
        where = f"{rel}:{anchor.line}"
        if anchor.plan is not None:
            label = f"{anchor.plan}/{anchor.id_str}{anchor.stale_suffix}"
            if anchor.plan not in known:
                sink.add(
                    severity,
                    "anchor-unknown-plan",
                    f"{where} anchor {label} names a plan with no recorded decisions (no entries in its "
                    "decisions.md and no section in plans/DECISIONS.md).",
                    rel,
                    anchor.line,
                )
            elif anchor.num not in known[anchor.plan]:
                sink.add(
                    severity,
                    "anchor-orphan",
                    f"{where} orphan anchor {label}: the plan exists but records no {anchor.id_str}.",
                    rel,
                    anchor.line,
                )
            return
        expected = f"{plan_id or '<plan-id>'}/{anchor.id_str}"
        sink.warn(
            "anchor-unqualified",
            f"{where} bare anchor {anchor.id_str}{anchor.stale_suffix} has no plan-id prefix (write "
            f"`{expected}`; references/decision-anchoring.md).",
            rel,
            anchor.line,
        )
        if anchor.num not in active:
            sink.add(
                severity,
                "anchor-orphan",
                f"{where} orphan anchor {anchor.id_str}{anchor.stale_suffix}: the active plan's decisions.md has "
                "no such entry.",
                rel,
                anchor.line,
            )

    # -- forward audit A ---------------------------------------------------------------------
    def check_refs_required(self, strict: bool) -> None:
        if self.decisions is None or not self.decisions.entries:
            return
        plan_id = self.ctx.plan_id
        anchored = {
            a.num
            for f in self.files
            for a in f.strict
            if (a.plan is not None and a.plan == plan_id) or (a.plan is None and plan_id)
        }
        for entry in self.decisions.entries:
            if entry.num in anchored and not entry.has_field(ANCHOR_REFS_LABEL):
                self.ctx.sink.add(
                    "ERROR" if strict else "WARN",
                    "anchor-refs-missing" if strict else "anchor-refs",
                    f"decisions.md {entry.id_str} is anchored in the code but has no **Anchor-Refs**: line.",
                    "decisions.md",
                    entry.line,
                )

    # -- forward audit B ---------------------------------------------------------------------
    def check_refs_valid(self) -> None:
        if self.decisions is None:
            return
        plan_id = self.ctx.plan_id
        for entry in self.decisions.entries:
            refs = anchor_refs(entry.body)
            if refs is None:
                continue
            for ref in (span.strip() for span in _BACKTICK_RE.findall(refs)):
                colon = ref.rfind(":")
                if colon < 1:
                    continue
                target = self.ctx.root / ref[:colon]
                if not target.exists():
                    self.ctx.sink.warn(
                        "anchor-refs-stale",
                        f"decisions.md {entry.id_str} **Anchor-Refs** names a missing file: {ref}",
                        "decisions.md",
                        entry.line,
                    )
                    continue
                anchors = _anchors_of(target)
                if not any(
                    a.num == entry.num and (a.plan is None or a.plan == plan_id) for a in anchors
                ):
                    self.ctx.sink.warn(
                        "anchor-refs-stale",
                        f"decisions.md {entry.id_str} **Anchor-Refs** {ref}, but that file holds no matching "
                        "DECISION anchor.",
                        "decisions.md",
                        entry.line,
                    )


_REFS_RE = re.compile(rf"\*\*{ANCHOR_REFS_LABEL}\*\*:(.*)")
_LIST_ITEM_RE = re.compile(r"\s*[-*+]\s")


def anchor_refs(body: list[str]) -> str | None:
    """The text of the first ``**Anchor-Refs**:`` line, or of the list right under it."""
    for index, line in enumerate(body):
        match = _REFS_RE.match(line)
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
_BACKTICK_RE = re.compile(r"`([^`]+)`")


def _anchors_of(path: Path) -> list[Anchor]:
    if not path.is_file():
        return []
    text = _read(path)
    if text is None:
        return []
    return scan_text(text, os.path.splitext(path.name)[1])


_CONSOLIDATED_PLAN_RE = re.compile(rf"##\s+({ANY_PLAN_ID})\s*")
_CONSOLIDATED_ID_RE = re.compile(rf"#{{2,3}}\s+D-({DECISION_NUM})\b")


def known_decisions(
    ctx: PlanContext, active: DecisionsFile | None, referenced: set[str]
) -> dict[str, set[int]]:
    """Decision numbers by plan: the active plan, the plans anchors reference, plans/DECISIONS.md."""
    known: dict[str, set[int]] = {}
    if ctx.plan_id and active is not None and active.entries:
        known.setdefault(ctx.plan_id, set()).update(e.num for e in active.entries)
    for plan in sorted(referenced):
        if plan == ctx.plan_id or not ANY_PLAN_ID_RE.fullmatch(plan):
            continue
        text = ctx.plans_file(f"{plan}/decisions.md")
        if not text:
            continue
        entries = parse_decisions(text).entries
        if entries:
            known.setdefault(plan, set()).update(e.num for e in entries)
    consolidated = ctx.plans_file("DECISIONS.md", raw=True)
    current: str | None = None
    for line in (consolidated or "").split("\n"):
        heading = _CONSOLIDATED_PLAN_RE.fullmatch(line)
        if heading:
            current = heading.group(1)
            continue
        entry = _CONSOLIDATED_ID_RE.match(line)
        if entry and current is not None:
            known.setdefault(current, set()).add(int(entry.group(1)))
    return known
