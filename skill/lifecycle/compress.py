"""The two intra-plan compressors: changelog.md (past 200 lines) and decisions.md (past 300).

Both are safe to run again and again: a metadata block records what was compressed, and a second
run with nothing new changes nothing. Neither ever edits a raw decision entry, and the changelog
compressor only folds runs of five or more low-impact lines (tier LOW or MED, not a REVERT, no
decision reference) into one summary line; every other line stays as it was.

The functions return dataclasses whose :meth:`as_dict` gives the original tool's keys.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from skill.plans.changelog import HEADER_LINES, split_fields

OPEN_MARKER = "<!-- COMPRESSED-SUMMARY -->"
CLOSE_MARKER = "<!-- /COMPRESSED-SUMMARY -->"
ENTRIES_AT_RE = re.compile(r"<!-- entries-at-compress: ([0-9]+) -->")
FINGERPRINT_RE = re.compile(r"<!-- entries-fingerprint: ([0-9a-f]{12}) -->")

CHANGELOG_THRESHOLD = 200
DECISIONS_THRESHOLD = 300
MIN_RUN = 5
MAX_BLOCK_LINES = 100


# -- shared ------------------------------------------------------------------------------------


@contextmanager
def _plan_locked(plan_dir: Path, lock: bool) -> Iterator[None]:
    """The plan's lock (``<root>/plans/<id>/.lock``) when ``lock`` is true."""
    if not lock:
        yield
        return
    from skill.plans.store import Store

    plan_dir = Path(plan_dir)
    store = Store(plan_dir.parent.parent)
    with store.plan_lock(plan_dir.name):
        yield


def _read(path: Path) -> str | None:
    from skill.plans.textio import read_text

    return read_text(path) if Path(path).is_file() else None


def _write(path: Path, text: str) -> None:
    from skill.plans.store import atomic_write_text

    atomic_write_text(path, text)


# -- changelog ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangelogCompression:
    compressed: bool
    before_lines: int
    after_lines: int
    elided_count: int
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {
            "compressed": self.compressed,
            "beforeLines": self.before_lines,
            "afterLines": self.after_lines,
            "elidedCount": self.elided_count,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class _Line:
    kind: str  # "entry", "summary" or "other"
    elidable: bool = False
    step: str = ""
    path: str = ""
    count: int = 0  # entries an inline summary stands for


_TIER_RE = re.compile(r"^radius:(LOW|MED|HIGH|UNKNOWN)")
_SUMMARY_COUNT_RE = re.compile(r"^- \(compressed: ([0-9]+) low-decision-impact edits")


def classify_changelog_line(line: str) -> _Line:
    summary = _SUMMARY_COUNT_RE.match(line)
    if summary:
        return _Line("summary", count=int(summary.group(1)))
    if line.strip() == "" or line.count("|") < 7:
        return _Line("other")
    fields = split_fields(line)
    if len(fields) < 8:
        return _Line("other")
    tier_match = _TIER_RE.match(fields[5])
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
) -> tuple[ChangelogCompression, str | None]:
    """The verdict and, when compressed, the new text (pure function; nothing is written)."""
    if text.strip() == "":
        return ChangelogCompression(False, 0, 0, 0, "empty"), None
    lines = text.split("\n")
    before = len(lines)
    if before <= threshold:
        return ChangelogCompression(False, before, before, 0, "under-threshold"), None
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
        return ChangelogCompression(False, before, before, 0, "no-new-entries"), None

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
        return ChangelogCompression(False, before, before, 0, "no-elidable-groups"), None

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
        new_body.append(
            f"- (compressed: {len(group)} low-decision-impact edits, {span}, files: {files})"
        )
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
    return ChangelogCompression(True, before, after, len(runs), "compressed"), new_text


def maybe_compress_changelog(
    plan_dir: Path, threshold: int = CHANGELOG_THRESHOLD, dry_run: bool = False, lock: bool = True
) -> ChangelogCompression:
    """Compress ``<plan_dir>/changelog.md`` when it is past ``threshold`` lines."""
    path = Path(plan_dir) / "changelog.md"
    if not Path(plan_dir).is_dir():
        return ChangelogCompression(False, 0, 0, 0, "missing")
    with _plan_locked(Path(plan_dir), lock and not dry_run):
        text = _read(path)
        if text is None:
            return ChangelogCompression(False, 0, 0, 0, "missing")
        result, new_text = compress_changelog_text(text, threshold)
        if new_text is not None and not dry_run:
            _write(path, new_text)
    return result


# -- decisions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionsCompression:
    compressed: bool
    before_lines: int
    after_lines: int
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {
            "compressed": self.compressed,
            "beforeLines": self.before_lines,
            "afterLines": self.after_lines,
            "reason": self.reason,
        }


@dataclass
class _Decision:
    ident: str
    phase: str
    date: str
    line: int
    decision: str | None = None
    refs: str | None = None


_HEADER_RE = re.compile(r"^## (D-[0-9]{3,}(?![0-9]))\s*\|\s*([^|]+?)\s*\|\s*(\S+)\s*$")
_DECISION_RE = re.compile(r"^\*\*Decision\*\*:\s*(.*)$")
_REFS_RE = re.compile(r"^\*\*Anchor-Refs\*\*:\s*(.*)$")
_FIELD_RE = re.compile(r"^\*\*[A-Z][^*]*\*\*:")
_PIVOT_RE = re.compile(r"\bPIVOT\b")


def fingerprint(ids: list[str]) -> str:
    """First 12 hex digits of SHA-1 over the sorted ids joined by commas."""
    return hashlib.sha1(",".join(sorted(ids)).encode("utf-8")).hexdigest()[:12]


def _summary_block(lines: list[str]) -> tuple[int, int] | None:
    """(open, close) line indexes of the first summary block this tool would have written.

    A block runs from an open marker to the next close marker, holds an ``entries-at-compress``
    record and no decision heading. A stray opener with no closer is not a block (the original
    duplicated the whole file in that case), and neither is a hand-made pair of markers around
    raw entries: those entries are read, and never replaced.
    """
    last_open: int | None = None
    for index, line in enumerate(lines):
        if OPEN_MARKER in line:
            last_open = index
        elif CLOSE_MARKER in line and last_open is not None:
            inner = lines[last_open : index + 1]
            if any(ENTRIES_AT_RE.search(x) for x in inner) and not any(
                _HEADER_RE.match(x) for x in inner
            ):
                return last_open, index
            last_open = None
    return None


def _parse_decisions(lines: list[str], skip: range) -> list[_Decision]:
    entries: list[_Decision] = []
    current: _Decision | None = None
    in_comment = False
    collecting = False
    for index, line in enumerate(lines):
        if index in skip:
            continue
        if in_comment:
            if "-->" in line:
                in_comment = False
            continue
        if "<!--" in line and "-->" not in line and OPEN_MARKER not in line:
            in_comment = True
            collecting = False
            continue
        header = _HEADER_RE.match(line)
        if header:
            current = _Decision(header.group(1), header.group(2), header.group(3), index)
            entries.append(current)
            collecting = False
            continue
        if current is None:
            continue
        if collecting:
            if line.strip() == "" or _FIELD_RE.match(line):
                collecting = False
            else:
                extra = line.strip()
                current.decision = f"{current.decision} {extra}" if current.decision else extra
                continue
        decision = _DECISION_RE.match(line)
        if decision:
            current.decision = decision.group(1).strip()
            collecting = True
            continue
        refs = _REFS_RE.match(line)
        if refs:
            current.refs = refs.group(1).strip()
    return entries


def _has_refs(refs: str | None) -> bool:
    return bool(refs) and not refs.lower().startswith("(none")  # type: ignore[union-attr]


def _decisions_block(entries: list[_Decision], before: int) -> list[str]:
    inner = [
        f"<!-- entries-at-compress: {len(entries)} -->",
        f"<!-- entries-fingerprint: {fingerprint([e.ident for e in entries])} -->",
        "## Summary (compressed)",
        f"*Compressed from {before} lines ({len(entries)} entries); the raw entries below "
        "remain the record.*",
        "",
        "### Decision lookup",
    ]
    for e in entries:
        refs = e.refs if _has_refs(e.refs) else "none"
        text = e.decision or "(Decision line missing)"
        inner.append(f"- **{e.ident}** | {e.phase} | {e.date} — {text}  (anchors: {refs})")
    inner += ["", "### Things NOT to do (from PIVOT entries)"]
    pivots = [e for e in entries if _PIVOT_RE.search(e.phase)]
    inner += [f"- {e.ident}: {e.decision or '(Decision line missing)'}" for e in pivots] or [
        "*(no PIVOT entries so far)*"
    ]
    inner += ["", "### Anchored decisions"]
    anchored = [e for e in entries if _has_refs(e.refs)]
    inner += [f"- {e.ident} → {e.refs}" for e in anchored] or [
        "*(no entry has Anchor-Refs so far)*"
    ]
    inner.append("")
    if len(inner) > MAX_BLOCK_LINES:
        inner = inner[: MAX_BLOCK_LINES - 1] + [
            "*(summary cut at 100 lines; the raw entries below are complete)*"
        ]
    return [OPEN_MARKER, *inner, CLOSE_MARKER]


def compress_decisions_text(
    text: str, threshold: int = DECISIONS_THRESHOLD
) -> tuple[DecisionsCompression, str | None]:
    if text.strip() == "":
        return DecisionsCompression(False, 0, 0, "empty"), None
    lines = text.split("\n")
    before = len(lines)
    if before <= threshold:
        return DecisionsCompression(False, before, before, "under-threshold"), None
    non_blank = [line for line in lines if line.strip()][:10]
    if not any(line.strip().startswith("*Plan:") for line in non_blank):
        return DecisionsCompression(False, before, before, "no-preamble"), None
    block = _summary_block(lines)
    skip = range(block[0], block[1] + 1) if block else range(0)
    entries = _parse_decisions(lines, skip)
    if len(entries) < 2:
        return DecisionsCompression(False, before, before, "too-few-entries"), None
    if block is not None:
        recorded_fp = recorded_count = None
        for line in lines[block[0] : block[1] + 1]:
            fp = FINGERPRINT_RE.search(line)
            count = ENTRIES_AT_RE.search(line)
            recorded_fp = fp.group(1) if fp else recorded_fp
            recorded_count = int(count.group(1)) if count else recorded_count
        if recorded_fp is not None:
            unchanged = recorded_fp == fingerprint([e.ident for e in entries])
        else:
            unchanged = recorded_count == len(entries)
        if unchanged:
            return DecisionsCompression(False, before, before, "no-new-entries"), None

    new_block = _decisions_block(entries, before)
    if block is not None:
        rest = lines[block[1] + 1 :]
        while rest and rest[0].strip() == "":
            rest.pop(0)
        result = lines[: block[0]] + new_block + [""] + rest
    else:
        first = entries[0].line
        head = lines[:first]
        while head and head[-1].strip() == "":
            head.pop()
        result = head + [""] + new_block + [""] + lines[first:]
    new_text = "\n".join(result)
    return DecisionsCompression(True, before, len(result), "compressed"), new_text


def maybe_compress_decisions(
    plan_dir: Path, threshold: int = DECISIONS_THRESHOLD, dry_run: bool = False, lock: bool = True
) -> DecisionsCompression:
    """Put a lookup block before the first entry of ``<plan_dir>/decisions.md`` when it is long."""
    path = Path(plan_dir) / "decisions.md"
    if not Path(plan_dir).is_dir():
        return DecisionsCompression(False, 0, 0, "missing")
    with _plan_locked(Path(plan_dir), lock and not dry_run):
        text = _read(path)
        if text is None:
            return DecisionsCompression(False, 0, 0, "missing")
        result, new_text = compress_decisions_text(text, threshold)
        if new_text is not None and not dry_run:
            _write(path, new_text)
    return result
