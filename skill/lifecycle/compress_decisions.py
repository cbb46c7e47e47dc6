"""decisions.md past 300 lines: a lookup block after the preamble, never touching an entry.

The block lists every entry (id, phase, date, the Decision line and its anchors), the decisions of
PIVOT entries ("things not to do") and the anchored ones. It records how many entries it covered
and a fingerprint of their ids, so running it again with no new entry changes nothing.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from skill.lifecycle.compress import ENTRIES_AT_RE, Compression, compress_file
from skill.plans import decisions
from skill.plans.decisions import Entry, is_header, is_pivot_phase
from skill.plans.layout import DECISIONS_MD
from skill.plans.markdown import COMPRESSED_CLOSE as CLOSE_MARKER
from skill.plans.markdown import COMPRESSED_OPEN as OPEN_MARKER

DECISIONS_THRESHOLD = 300
MAX_BLOCK_LINES = 100
FINGERPRINT_RE = re.compile(r"<!-- entries-fingerprint: ([0-9a-f]{12}) -->")
_MISSING = "(Decision line missing)"


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
            if any(ENTRIES_AT_RE.search(x) for x in inner) and not any(is_header(x) for x in inner):
                return last_open, index
            last_open = None
    return None


def _refs(entry: Entry) -> str | None:
    refs = entry.line_value(decisions.ANCHOR_REFS_LABEL)
    return refs if refs and not refs.lower().startswith("(none") else None


def _block(entries: list[Entry], before: int) -> list[str]:
    inner = [
        f"<!-- entries-at-compress: {len(entries)} -->",
        f"<!-- entries-fingerprint: {fingerprint([e.id_str for e in entries])} -->",
        "## Summary (compressed)",
        f"*Compressed from {before} lines ({len(entries)} entries); the raw entries below "
        "remain the record.*",
        "",
        "### Decision lookup",
    ]
    for e in entries:
        text = e.lead("Decision") or _MISSING
        inner.append(f"- **{e.id_str}** | {e.phase} | {e.date} — {text}  (anchors: {_refs(e) or 'none'})")
    inner += ["", "### Things NOT to do (from PIVOT entries)"]
    pivots = [e for e in entries if is_pivot_phase(e.phase)]
    inner += [f"- {e.id_str}: {e.lead('Decision') or _MISSING}" for e in pivots] or [
        "*(no PIVOT entries so far)*"
    ]
    inner += ["", "### Anchored decisions"]
    anchored = [e for e in entries if _refs(e)]
    inner += [f"- {e.id_str} → {_refs(e)}" for e in anchored] or [
        "*(no entry has Anchor-Refs so far)*"
    ]
    inner.append("")
    if len(inner) > MAX_BLOCK_LINES:
        inner = inner[: MAX_BLOCK_LINES - 1] + [
            "*(summary cut at 100 lines; the raw entries below are complete)*"
        ]
    return [OPEN_MARKER, *inner, CLOSE_MARKER]


def _unchanged(lines: list[str], block: tuple[int, int], entries: list[Entry]) -> bool:
    recorded_fp = recorded_count = None
    for line in lines[block[0] : block[1] + 1]:
        fp = FINGERPRINT_RE.search(line)
        count = ENTRIES_AT_RE.search(line)
        recorded_fp = fp.group(1) if fp else recorded_fp
        recorded_count = int(count.group(1)) if count else recorded_count
    if recorded_fp is not None:
        return recorded_fp == fingerprint([e.id_str for e in entries])
    return recorded_count == len(entries)


def compress_decisions_text(
    text: str, threshold: int = DECISIONS_THRESHOLD
) -> tuple[Compression, str | None]:
    if text.strip() == "":
        return Compression(False, 0, 0, "empty"), None
    lines = text.split("\n")
    before = len(lines)
    if before <= threshold:
        return Compression(False, before, before, "under-threshold"), None
    non_blank = [line for line in lines if line.strip()][:10]
    if not any(line.strip().startswith("*Plan:") for line in non_blank):
        return Compression(False, before, before, "no-preamble"), None
    block = _summary_block(lines)
    entries = decisions.parse(text, range(block[0], block[1] + 1) if block else range(0)).entries
    if len(entries) < 2:
        return Compression(False, before, before, "too-few-entries"), None
    if block is not None and _unchanged(lines, block, entries):
        return Compression(False, before, before, "no-new-entries"), None
    new_block = _block(entries, before)
    if block is not None:
        rest = lines[block[1] + 1 :]
        while rest and rest[0].strip() == "":
            rest.pop(0)
        result = lines[: block[0]] + new_block + [""] + rest
    else:
        head = lines[: entries[0].line - 1]
        while head and head[-1].strip() == "":
            head.pop()
        result = head + [""] + new_block + [""] + lines[entries[0].line - 1 :]
    return Compression(True, before, len(result), "compressed"), "\n".join(result)


def maybe_compress_decisions(
    plan_dir: Path, threshold: int = DECISIONS_THRESHOLD, dry_run: bool = False, lock: bool = True
) -> Compression:
    """Put a lookup block before the first entry of ``<plan_dir>/decisions.md`` when it is long."""
    return compress_file(
        plan_dir, DECISIONS_MD, compress_decisions_text, threshold, dry_run=dry_run, lock=lock
    )
