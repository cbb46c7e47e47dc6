"""The human form of a hygiene scan: the category table, then every introduced finding (never
cut short), then the inherited ones grouped by category (10 shown per category; ``--json`` has
them all) with their standalone fixes."""

from __future__ import annotations

from skill.hygiene.model import CATEGORIES, ScanReport

INHERITED_SHOWN = 10


def lines(report: ScanReport) -> list[str]:
    head = report.plan_id or "(no plan folder)"
    out = [f"Hygiene scan: {head}" + (f" ({report.plan_dir})" if report.plan_dir else ""), ""]
    for category in report.categories:
        info = category.info
        out.append(
            f"  {info.id}  {info.key:<22} {category.status:<12} {len(category.findings):>3}  {category.note}"
        )
    missed = report.not_ran()
    out.append("")
    if missed:
        names = ", ".join(f"{c.info.id} ({c.status})" for c in missed)
        out.append(f"Not run in full: {names}. A category that did not run is not a clean one.")
    else:
        out.append(f"All {len(report.categories)} categories ran.")
    out += ["", f"## Introduced ({len(report.introduced)})"]
    if not report.introduced:
        out.append("  (none)")
    for finding in report.introduced:
        out.append(f"  [{finding.category}/{finding.kind}] {finding.where}: {finding.evidence}")
        out.append(f"      why: {finding.why}")
        out.append(f"      fix: {finding.remediation}")
    out += ["", f"## Inherited ({len(report.inherited)})"]
    if not report.inherited:
        out.append("  (none)")
    for info in CATEGORIES:
        items = [finding for finding in report.inherited if finding.category == info.id]
        if not items:
            continue
        out.append(f"  {info.id}: {info.title}: {len(items)}, not this plan's regression")
        for finding in items[:INHERITED_SHOWN]:
            out.append(f"    [{finding.kind}] {finding.where}: {finding.evidence}")
        if len(items) > INHERITED_SHOWN:
            out.append(f"    … and {len(items) - INHERITED_SHOWN} more (--json lists them all)")
        for remedy in dict.fromkeys(finding.remediation for finding in items):
            out.append(f"    fix: {remedy}")
    return out
