"""``# DECISION`` anchors in the project's source: the three audits (the walk and the scanner are
in :mod:`skill.validate.anchor_scan`).

* reverse audit — every anchor must name a known decision (``anchor-orphan``,
  ``anchor-unknown-plan``), carry a plan-id prefix (``anchor-unqualified``) that is a real plan id
  (``anchor-badprefix``);
* forward audit A — a decision that code anchors must list them (``anchor-refs-missing`` /
  ``anchor-refs``);
* forward audit B — every ``**Anchor-Refs**:`` target must exist and hold the anchor
  (``anchor-refs-stale``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from skill.plans.decisions import ANCHOR_REFS_LABEL, DecisionsFile
from skill.plans.decisions import parse as parse_decisions
from skill.plans.ids import ANY_PLAN_ID, ANY_PLAN_ID_RE, DECISION_NUM
from skill.validate.anchor_scan import (  # noqa: F401  (LineIndex, scan_text, walk: re-exported)
    Anchor,
    FileAnchors,
    LineIndex,
    read_source,
    scan_file,
    scan_project,
    scan_text,
    walk,
)
from skill.validate.context import PlanContext


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
    text = read_source(path)
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
