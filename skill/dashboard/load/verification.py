"""verification.md: the criteria with their evidence and the log files it names, the additional
checks, and the verdict with the move it recommends."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from skill.dashboard.load.files import visible
from skill.dashboard.model import CheckRow, Criterion, LogRef, VerdictItem, Verification
from skill.plans import protocol
from skill.plans import verification as verification_md
from skill.plans.markdown import extract_section, is_placeholder

#: The moves a verdict can recommend: the ones out of REFLECT.
RECOMMENDATIONS = tuple(protocol.targets_from("REFLECT"))
_RECOMMENDED = verification_md.VERDICT_ITEMS[-1][1]


def _inside(path: str, folder: Path) -> bool:
    real, base = os.path.realpath(path), os.path.realpath(folder)
    return os.path.commonpath([real, base]) == base and real != base


def log_refs(folder: Path, plan_page: str, cells: list[str]) -> tuple[LogRef, ...]:
    """Files inside the plan folder named (as a word or a code span) by a row's cells; never a
    symlink, never a file outside the folder."""
    refs: dict[str, LogRef] = {}
    for cell in cells:
        for word in cell.replace("`", " ").split():
            name = word.strip("()[]<>,;:'\"")
            if not name or name in refs or ("/" not in name and "." not in name):
                continue
            path = os.path.join(folder, name)
            if not os.path.isfile(path) or os.path.islink(path) or not _inside(path, folder):
                continue
            digest = hashlib.sha256(name.encode("utf-8", "replace")).hexdigest()[:10]
            refs[name] = LogRef(name, f"{plan_page.removesuffix('.html')}-log-{digest}.html", Path(path))
    return tuple(refs.values())


def recommendation(value: str) -> str | None:
    """The move a ``Recommended transition`` value names first; None while it is PENDING."""
    if verification_md.PENDING_RE.match(value.strip()):
        return None
    upper = value.upper()
    named = [(upper.find(move), move) for move in RECOMMENDATIONS if move in upper]
    return min(named)[1] if named else None


def verification(text: str | None, folder: Path, plan_page: str) -> Verification:
    shown = visible(text or "")
    criteria = tuple(
        Criterion(row[0], row[1], row[2], row[3], row[4], row[5], log_refs(folder, plan_page, row[3:]))
        for row in verification_md.table_rows(extract_section(shown, verification_md.CRITERIA))
        if len(row) >= 6 and not is_placeholder(row[1])
    )
    checks = tuple(
        CheckRow(row[0], row[1], row[2], row[3])
        for row in verification_md.table_rows(extract_section(shown, verification_md.ADDITIONAL_CHECKS))
        if len(row) >= 4
    )
    verdict = verification_md.verdict_values(extract_section(shown, verification_md.VERDICT))
    recommended = next((recommendation(value) for label, value in verdict if label == _RECOMMENDED), None)
    return Verification(criteria, checks, tuple(VerdictItem(label, value) for label, value in verdict), recommended)
