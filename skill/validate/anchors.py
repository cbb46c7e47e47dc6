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

from skill.plans.ids import ANY_PLAN_ID, ANY_PLAN_ID_RE, DECISION_NUM, is_plan_id
from skill.plans.markdown import comment_spans
from skill.plans.textio import decode
from skill.validate.context import PlanContext
from skill.validate.decisions import DecisionsFile, pad3, parse_decisions

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


@dataclass(frozen=True)
class Anchor:
    plan: str | None  # the plan-id prefix, or None for a bare anchor
    num: int
    stale: bool
    line: int

    @property
    def id_str(self) -> str:
        return pad3(self.num)

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


def scan_text(text: str, ext: str, loose: bool = False) -> list[Anchor]:
    """Anchors in ``text`` for a file with extension ``ext``: line-style, then block, then HTML."""
    if "DECISION" not in text:
        return []
    which = 1 if loose else 0
    index = LineIndex(text)
    found: list[Anchor] = []
    line_style, block, html = _styles_for(ext)
    if line_style is not None:
        last_line = 0
        for match in _STYLES[line_style][which].finditer(text):
            line = index.line(match.start())
            if line == last_line:
                continue  # one anchor per line
            last_line = line
            found.append(_anchor(match, line))
    inner = _INNER[which]
    if block and "/*" in text:
        for comment in _BLOCK_RE.finditer(text):
            for match in inner.finditer(text, comment.start(1), comment.end(1)):
                found.append(_anchor(match, index.line(match.start())))
    if html and "<!--" in text:
        for start, end in comment_spans(text):
            for match in inner.finditer(text, start + 4, end - 3):
                found.append(_anchor(match, index.line(match.start())))
    return found


def _read(path: Path) -> str | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if b"\0" in data:
        return None  # binary
    return decode(data)


def scan_file(path: Path, rel: str) -> FileAnchors | None:
    text = _read(path)
    if text is None or "DECISION" not in text:
        return None
    ext = os.path.splitext(path.name)[1]
    strict = scan_text(text, ext)
    loose = [
        a for a in scan_text(text, ext, loose=True) if a.plan is not None and not is_plan_id(a.plan)
    ]
    if not strict and not loose:
        return None
    return FileAnchors(rel, strict, loose)


def walk(root: Path) -> Iterator[Path]:
    """Source files under ``root`` in sorted pre-order, without following symlinks or entering
    VCS, virtual-environment, dependency, build and dot folders."""

    def visit(folder: Path, depth: int) -> Iterator[Path]:
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            return
        for entry in entries:
            try:
                if entry.is_symlink():
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if (
                        entry.name.startswith(".")
                        or entry.name in SKIPPED_DIRS
                        or depth >= MAX_DEPTH
                    ):
                        continue
                    yield from visit(Path(entry.path), depth + 1)
                elif entry.is_file(follow_symlinks=False):
                    if os.path.splitext(entry.name)[1] in WALKED_EXTENSIONS:
                        yield Path(entry.path)
            except OSError:
                continue

    yield from visit(Path(root), 0)


def scan_project(root: Path) -> list[FileAnchors]:
    results = []
    for path in walk(root):
        rel = path.relative_to(root).as_posix()
        found = scan_file(path, rel)
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
            if entry.num in anchored and "**Anchor-Refs**:" not in entry.body_text:
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
            refs_line = next((m for m in map(_REFS_RE.match, entry.body) if m), None)
            if refs_line is None:
                continue
            for ref in (span.strip() for span in _BACKTICK_RE.findall(refs_line.group(1))):
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


_REFS_RE = re.compile(r"\*\*Anchor-Refs\*\*:[^\S\n]*(.+)")
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
