"""``# DECISION`` anchors in the project's source: the walk (bounded depth, no symlinks, no
dependency or build folders; the 33 extensions of :mod:`skill.plans.source_comments`) and the
scanner (comment styles per file type, ``/* */`` only where the language has it, a strict and a
loose pass). Each file is read once; line numbers come from a table of line starts (bisect), so a file
with many anchors costs linear time. The audits of :mod:`skill.validate.anchors` use these."""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from skill.plans.decisions import decision_id
from skill.plans.ids import ANY_PLAN_ID, DECISION_NUM, is_plan_id
from skill.plans.markdown import comment_spans
from skill.plans.source_comments import (
    BLOCK_COMMENT_EXTENSIONS,
    HASH_EXTENSIONS,
    SQL_EXTENSIONS,
    WALKED_EXTENSIONS,
    block_comment_spans,
)
from skill.plans.textio import decode

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
HASH_EXT = HASH_EXTENSIONS
SLASH_EXT = BLOCK_COMMENT_EXTENSIONS
SQL_EXT = SQL_EXTENSIONS
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
    return line, ext in BLOCK_COMMENT_EXTENSIONS, ext in HTML_EXT


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
        regions.extend((start + 2, end - 2) for start, end in block_comment_spans(text))
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


def read_source(path: str | Path, needle: bytes = b"") -> str | None:
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
    text = read_source(path, b"DECISION")
    if text is None:
        return None
    ext = os.path.splitext(os.fspath(path))[1]
    strict, loose_all = scan_both(text, ext)
    loose = [a for a in loose_all if a.plan is not None and not is_plan_id(a.plan)]
    if not strict and not loose:
        return None
    return FileAnchors(rel, strict, loose)


def walk_files(
    root: Path,
    extensions: frozenset[str] = WALKED_EXTENSIONS,
    skipped: frozenset[str] = SKIPPED_DIRS,
    dot_folders: frozenset[str] = frozenset(),
) -> Iterator[tuple[str, str]]:
    """(path, path relative to ``root`` with ``/``) of every file with one of ``extensions`` under
    ``root``, in sorted pre-order, without following symlinks or entering the ``skipped`` folders
    or dot folders (except ``dot_folders``), at most :data:`MAX_DEPTH` deep. The anchor walk uses
    the defaults; ``hygiene scan`` its own sets."""

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
                    hidden = name.startswith(".") and name not in dot_folders
                    if hidden or name in skipped or depth >= MAX_DEPTH:
                        continue
                    yield from visit(entry.path, f"{prefix}{name}/", depth + 1)
                elif entry.is_file(follow_symlinks=False) and os.path.splitext(name)[1] in extensions:
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
