"""changelog.md: every entry line against the one schema, its decision references, and comments
that may hide entries."""

from __future__ import annotations

from skill.plans.changelog import (
    FIELD_COUNT,
    comment_anomalies,
    iter_entries,
    line_issues,
    split_fields,
)
from skill.plans.decisions import DecisionsFile
from skill.validate.context import PlanContext

FILE = "changelog.md"


def check_format(ctx: PlanContext) -> None:
    text = ctx.plan_file(FILE)
    if not text:
        return
    for number, line in iter_entries(text):
        for problem in line_issues(line):
            ctx.sink.warn("changelog-malformed", f"{FILE}:{number}: {problem}", FILE, number)


def check_dref_join(ctx: PlanContext, decisions: DecisionsFile | None) -> None:
    text = ctx.plan_file(FILE)
    if not text or decisions is None:
        return
    known = {entry.id_str for entry in decisions.entries}
    for number, line in iter_entries(text):
        values = split_fields(line)
        if len(values) != FIELD_COUNT:
            continue
        dref = values[6]
        if dref != "-" and dref not in known:
            ctx.sink.warn(
                "changelog-dref-orphan",
                f"{FILE}:{number} dref {dref} names no decision: decisions.md has no ## {dref} entry.",
                FILE,
                number,
            )


def check_comment_anomaly(ctx: PlanContext) -> None:
    text = ctx.plan_file(FILE)
    if not text:
        return
    for found in comment_anomalies(text):
        where = "text before its '<!--'" if found.end == "opener" else "text after its '-->'"
        ctx.sink.warn(
            "changelog-comment-anomaly",
            f"{FILE}:{found.line}: the HTML comment on lines {found.first}-{found.last} has {where}, so "
            "it may have begun inside an entry and hidden the lines it spans from every check. Put "
            "comment delimiters on lines of their own, or remove the stray one.",
            FILE,
            found.line,
        )
