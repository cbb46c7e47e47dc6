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
from dataclasses import dataclass, field
from pathlib import Path

from skill.plans import anchors_manifest
from skill.plans.anchors_manifest import anchor_refs
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

MANIFEST = anchors_manifest.MANIFEST


@dataclass(frozen=True)
class AnchorFinding:
    """One objection of the reverse audit: severity, slug, file, the anchor, the message."""

    severity: str
    slug: str
    file: str
    anchor: Anchor
    message: str


@dataclass
class KnownDecisions:
    """Decision numbers by plan id, and for each plan the places that supplied them (in tier
    order: the active plan's decisions.md, the plan's own decisions.md, plans/DECISIONS.md,
    plans/ANCHORS.md)."""

    ids: dict[str, set[int]] = field(default_factory=dict)
    sources: dict[str, list[str]] = field(default_factory=dict)

    def add(self, plan: str, numbers: set[int], source: str) -> None:
        self.ids.setdefault(plan, set()).update(numbers)
        tiers = self.sources.setdefault(plan, [])
        if source not in tiers:
            tiers.append(source)


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

    def known(self) -> KnownDecisions:
        referenced = {a.plan for f in self.files for a in f.strict if a.plan is not None}
        return known_decisions(self.ctx, self.decisions, referenced)

    # -- reverse audit -----------------------------------------------------------------------
    def reverse_findings(self) -> list[AnchorFinding]:
        """Every anchor the reverse audit objects to, in walk order (the data behind
        :meth:`check_reverse`, also read by ``hygiene scan``)."""
        plan_id = self.ctx.plan_id
        known = self.known()
        active = known.ids.get(plan_id, set()) if plan_id else set()
        found: list[AnchorFinding] = []
        for source in self.files:
            for anchor in source.bad_prefix:
                found.append(
                    AnchorFinding(
                        "WARN",
                        "anchor-badprefix",
                        source.rel,
                        anchor,
                        f'{source.rel}:{anchor.line} anchor prefix "{anchor.plan}" is not a plan id, so '
                        f"{anchor.id_str} is invisible to the anchor audit. Use the full plan folder name "
                        "(plan-YYYY-MM-DDTHHMMSS-xxxxxxxx, or legacy plan_YYYY-MM-DD_xxxxxxxx); a commit tag "
                        "drops the THHMMSS part, an anchor keeps it (references/decision-anchoring.md).",
                    )
                )
            for anchor in source.strict:
                found.extend(self._judge(source.rel, anchor, known, active, plan_id))
        return found

    def check_reverse(self) -> None:
        for finding in self.reverse_findings():
            self.ctx.sink.add(
                finding.severity, finding.slug, finding.message, finding.file, finding.anchor.line
            )

    def _judge(
        self, rel: str, anchor: Anchor, known: KnownDecisions, active: set[int], plan_id: str
    ) -> list[AnchorFinding]:
        severity = "WARN" if anchor.stale else "ERROR"
        where = f"{rel}:{anchor.line}"
        if anchor.plan is not None:
            label = f"{anchor.plan}/{anchor.id_str}{anchor.stale_suffix}"
            if anchor.plan not in known.ids:
                message = (
                    f"{where} anchor {label} names a plan with no recorded decisions (no entries in its "
                    f"decisions.md, no section in plans/DECISIONS.md, no line in plans/{MANIFEST})."
                )
                return [AnchorFinding(severity, "anchor-unknown-plan", rel, anchor, message)]
            if anchor.num not in known.ids[anchor.plan]:
                sources = " and ".join(known.sources[anchor.plan])
                message = (
                    f"{where} orphan anchor {label}: the plan resolves via {sources}, but no "
                    f"{anchor.id_str} entry was found there."
                )
                return [AnchorFinding(severity, "anchor-orphan", rel, anchor, message)]
            return []
        expected = f"{plan_id or '<plan-id>'}/{anchor.id_str}"
        found = [
            AnchorFinding(
                "WARN",
                "anchor-unqualified",
                rel,
                anchor,
                f"{where} bare anchor {anchor.id_str}{anchor.stale_suffix} has no plan-id prefix (write "
                f"`{expected}`; references/decision-anchoring.md).",
            )
        ]
        if anchor.num not in active:
            found.append(
                AnchorFinding(
                    severity,
                    "anchor-orphan",
                    rel,
                    anchor,
                    f"{where} orphan anchor {anchor.id_str}{anchor.stale_suffix}: the active plan's "
                    "decisions.md has no such entry.",
                )
            )
        return found

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
) -> KnownDecisions:
    """Decision numbers by plan, from four tiers: the active plan's decisions.md, the
    decisions.md of each plan an anchor names, the sections of plans/DECISIONS.md, and the lines
    of plans/ANCHORS.md (which outlive both the folder and the section)."""
    known = KnownDecisions()
    if ctx.plan_id and active is not None and active.entries:
        known.add(ctx.plan_id, {e.num for e in active.entries}, "the active plan's decisions.md")
    for plan in sorted(referenced):
        if plan == ctx.plan_id or not ANY_PLAN_ID_RE.fullmatch(plan):
            continue
        text = ctx.plans_file(f"{plan}/decisions.md")
        if not text:
            continue
        entries = parse_decisions(text).entries
        if entries:
            known.add(plan, {e.num for e in entries}, f"plans/{plan}/decisions.md")
    consolidated = ctx.plans_file("DECISIONS.md", raw=True)
    current: str | None = None
    sections: dict[str, set[int]] = {}
    for line in (consolidated or "").split("\n"):
        heading = _CONSOLIDATED_PLAN_RE.fullmatch(line)
        if heading:
            current = heading.group(1)
            continue
        entry = _CONSOLIDATED_ID_RE.match(line)
        if entry and current is not None:
            sections.setdefault(current, set()).add(int(entry.group(1)))
    for plan, numbers in sections.items():
        known.add(plan, numbers, "plans/DECISIONS.md")
    for plan, numbers in anchors_manifest.read(ctx.plans_file(MANIFEST, raw=True)).items():
        known.add(plan, numbers, f"plans/{MANIFEST}")
    return known
