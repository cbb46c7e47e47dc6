"""The two intra-plan compressors: changelog.md (past 200 lines) and decisions.md (past 300).

Both are safe to run again and again: a metadata block records what was compressed, and a second
run with nothing new changes nothing. Neither ever edits a raw decision entry, and the changelog
compressor only folds runs of five or more low-impact lines (tier LOW or MED, not a REVERT, no
decision reference) into one summary line; every other line stays as it was. The decisions.md
lookup block is built in :mod:`skill.lifecycle.compress_decisions`.

Each rewrite is a pure function on text; :func:`compress_file` runs one inside a checked edit.
The results are :class:`Compression` values whose :meth:`~Compression.as_dict` gives the original
tool's keys.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from skill.plans.changelog import (
    HEADER_LINES,
    INLINE_SUMMARY_RE,
    TIER_RE,
    split_fields,
    summary_line,
)
from skill.plans.edit import checked_edit
from skill.plans.layout import CHANGELOG_MD
from skill.plans.markdown import COMPRESSED_CLOSE as CLOSE_MARKER
from skill.plans.markdown import COMPRESSED_OPEN as OPEN_MARKER
from skill.plans.store import Store

ENTRIES_AT_RE = re.compile(r"<!-- entries-at-compress: ([0-9]+) -->")

CHANGELOG_THRESHOLD = 200
MIN_RUN = 5


@dataclass(frozen=True)
class Compression:
    """What a compressor did (or would do, on a dry run)."""

    compressed: bool
    before_lines: int
    after_lines: int
    reason: str
    elided_count: int | None = None  # changelog only: the runs folded into summary lines

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "compressed": self.compressed,
            "beforeLines": self.before_lines,
            "afterLines": self.after_lines,
        }
        if self.elided_count is not None:
            data["elidedCount"] = self.elided_count
        data["reason"] = self.reason
        return data


#: A pure compressor: (text, threshold) -> (verdict, new text or None).
Compressor = Callable[[str, int], "tuple[Compression, str | None]"]


def compress_file(
    plan_dir: Path,
    name: str,
    compressor: Compressor,
    threshold: int,
    *,
    dry_run: bool = False,
    lock: bool = True,
    require_open: bool = True,
) -> Compression:
    """Run ``compressor`` on ``<plan_dir>/<name>`` in a checked edit (no lock on a dry run).
    ``require_open=False`` compresses a folder that is not the open, active plan (a copy, a test)."""
    plan_dir = Path(plan_dir)
    if not plan_dir.is_dir():
        return Compression(False, 0, 0, "missing", 0 if name == CHANGELOG_MD else None)
    store = Store(plan_dir.parent.parent)
    locking = lock and not dry_run
    with checked_edit(
        store, plan_dir.name, "compress-changelog", lock=locking, folder=plan_dir, require_open=require_open
    ) as edit:
        text = edit.read(name) if edit.path(name).is_file() else None
        if text is None:
            return Compression(False, 0, 0, "missing", 0 if name == CHANGELOG_MD else None)
        result, new_text = compressor(text, threshold)
        if new_text is not None and not dry_run:
            edit.write(name, new_text)
    return result


# -- changelog ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    kind: str  # "entry", "summary" or "other"
    elidable: bool = False
    step: str = ""
    path: str = ""
    count: int = 0  # entries an inline summary stands for


def classify_changelog_line(line: str) -> _Line:
    summary = INLINE_SUMMARY_RE.match(line)
    if summary:
        return _Line("summary", count=int(summary.group(1)))
    if line.strip() == "" or line.count("|") < 7:
        return _Line("other")
    fields = split_fields(line)
    if len(fields) < 8:
        return _Line("other")
    tier_match = TIER_RE.match(fields[5])
    tier = tier_match.group(1) if tier_match else "UNKNOWN"
    elidable = tier in ("LOW", "MED") and not fields[4].startswith("REVERT(") and fields[6] == "-"
    return _Line("entry", elidable=elidable, step=fields[1], path=fields[3])


def _changelog_metadata(lines: list[str]) -> tuple[int, int, int | None] | None:
    """(start, end, entries-at-compress) of the metadata block after the header, or None.

    Only a block made of comment and blank lines counts, so an entry line that somehow sits
    between the markers is never swallowed by a rewrite.
    """
    for index in range(HEADER_LINES, len(lines)):
        line = lines[index]
        if OPEN_MARKER in line:
            for end in range(index, len(lines)):
                if CLOSE_MARKER in lines[end]:
                    inner = lines[index + 1 : end]
                    if all(x.strip() == "" or x.lstrip().startswith("<!--") for x in inner):
                        found = None
                        for x in lines[index : end + 1]:
                            match = ENTRIES_AT_RE.search(x)
                            if match:
                                found = int(match.group(1))
                        return index, end, found
                    return None
            return None
        if classify_changelog_line(line).kind == "entry" or line.startswith("## "):
            return None
    return None


def compress_changelog_text(
    text: str, threshold: int = CHANGELOG_THRESHOLD
) -> tuple[Compression, str | None]:
    """The verdict and, when compressed, the new text (pure function; nothing is written)."""
    if text.strip() == "":
        return Compression(False, 0, 0, "empty", 0), None
    lines = text.split("\n")
    before = len(lines)
    if before <= threshold:
        return Compression(False, before, before, "under-threshold", 0), None
    block = _changelog_metadata(lines)
    skip = range(block[0], block[1] + 1) if block else range(0)

    entry_count = 0
    body: list[str] = []
    for index in range(HEADER_LINES, len(lines)):
        if index in skip:
            continue
        body.append(lines[index])
        kind = classify_changelog_line(lines[index])
        entry_count += 1 if kind.kind == "entry" else kind.count
    if block is not None and block[2] == entry_count:
        return Compression(False, before, before, "no-new-entries", 0), None

    while body and body[0].strip() == "":
        body.pop(0)
    classes = [classify_changelog_line(line) for line in body]
    runs: list[tuple[int, int]] = []
    start = -1
    for index in range(len(body) + 1):
        elidable = index < len(body) and classes[index].kind == "entry" and classes[index].elidable
        if elidable and start < 0:
            start = index
        elif not elidable and start >= 0:
            if index - start >= MIN_RUN:
                runs.append((start, index))
            start = -1
    if not runs:
        return Compression(False, before, before, "no-elidable-groups", 0), None

    new_body: list[str] = []
    cursor = elided = 0
    for first, end in runs:
        new_body.extend(body[cursor:first])
        group = classes[first:end]
        span = (
            group[0].step
            if group[0].step == group[-1].step
            else f"{group[0].step}..{group[-1].step}"
        )
        files = len({item.path for item in group})
        new_body.append(summary_line(len(group), span, files))
        elided += len(group)
        cursor = end
    new_body.extend(body[cursor:])
    metadata = [
        OPEN_MARKER,
        f"<!-- entries-at-compress: {entry_count} -->",
        f"<!-- elided-groups: {len(runs)}, elided-lines: {elided} -->",
        CLOSE_MARKER,
    ]
    new_text = "\n".join(lines[:HEADER_LINES] + metadata + new_body)
    if text.endswith("\n") and not new_text.endswith("\n"):
        new_text += "\n"
    elif not text.endswith("\n") and new_text.endswith("\n"):
        new_text = new_text[:-1]
    after = len(new_text.split("\n"))
    return Compression(True, before, after, "compressed", len(runs)), new_text


def maybe_compress_changelog(
    plan_dir: Path,
    threshold: int = CHANGELOG_THRESHOLD,
    dry_run: bool = False,
    lock: bool = True,
    require_open: bool = True,
) -> Compression:
    """Compress ``<plan_dir>/changelog.md`` when it is past ``threshold`` lines."""
    return compress_file(
        plan_dir, CHANGELOG_MD, compress_changelog_text, threshold,
        dry_run=dry_run, lock=lock, require_open=require_open,
    )
