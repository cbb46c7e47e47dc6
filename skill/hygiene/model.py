"""What a hygiene scan reports: findings, per-category status, the whole report."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from skill.errors import SkillError

INTRODUCED = "introduced"
INHERITED = "inherited"
RAN = "ran"
DEGRADED = "degraded"
UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class CategoryInfo:
    id: str
    key: str
    title: str


#: The five categories, in report order. The scan must report a status for every one.
CATEGORIES: tuple[CategoryInfo, ...] = (
    CategoryInfo("A", "orphaned-anchors", "Orphaned decision anchors"),
    CategoryInfo("B", "stale-commit-fields", "Stale `uncommitted` changelog fields"),
    CategoryInfo("C", "orphan-plan-artifacts", "Leftover plan-folder artifacts"),
    CategoryInfo("D", "forbidden-leftovers", "Forbidden leftovers in the code"),
    CategoryInfo("E", "complexity-budget", "Complexity Budget against the real diff"),
)
BY_ID = {info.id: info for info in CATEGORIES}


@dataclass(frozen=True)
class Finding:
    """One piece of residue. ``provenance`` and ``why`` are set by the partition."""

    category: str
    kind: str
    file: str | None
    line: int | None
    evidence: str
    remediation: str
    plan: str | None = None  # category A: the plan id the anchor names
    provenance: str = ""
    why: str = ""

    @property
    def where(self) -> str:
        if self.file is None:
            return "(no file)"
        return f"{self.file}:{self.line}" if self.line else self.file

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Category:
    """One category's result: ``ran``, ``degraded`` (could not fully run) or ``unavailable``
    (needs git). A category that did not run is never a clean one."""

    info: CategoryInfo
    status: str
    note: str
    findings: list[Finding] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.info.id,
            "key": self.info.key,
            "title": self.info.title,
            "status": self.status,
            "note": self.note,
            "findings": len(self.findings),
        }


@dataclass
class ScanReport:
    plan_id: str | None
    plan_dir: str | None
    git_available: bool
    categories: list[Category]
    introduced: list[Finding]
    inherited: list[Finding]

    @property
    def ran(self) -> int:
        return sum(1 for category in self.categories if category.status == RAN)

    def not_ran(self) -> list[Category]:
        return [category for category in self.categories if category.status != RAN]

    def as_dict(self) -> dict[str, Any]:
        by_category: dict[str, int] = {}
        for finding in self.introduced + self.inherited:
            by_category[finding.category] = by_category.get(finding.category, 0) + 1
        return {
            "tool": "hygiene scan",
            "plan_id": self.plan_id,
            "plan_dir": self.plan_dir,
            "git_available": self.git_available,
            "categories": [category.as_dict() for category in self.categories],
            "categories_reported": len(self.categories),
            "categories_ran": self.ran,
            "counts": {
                "introduced": len(self.introduced),
                "inherited": len(self.inherited),
                "by_category": by_category,
            },
            "introduced": [finding.as_dict() for finding in self.introduced],
            "inherited": [finding.as_dict() for finding in self.inherited],
        }


class ScanUntrustworthy(SkillError):
    """The scan itself cannot be trusted: nothing may be printed on stdout (exit 1)."""

    def __init__(self, label: str, reason: str) -> None:
        super().__init__(f"ERROR: [{label}] {reason}", 1)
        self.label = label
        self.reason = reason
