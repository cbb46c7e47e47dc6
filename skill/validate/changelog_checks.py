"""changelog.md: every entry line against the one schema, and its decision references."""

from __future__ import annotations

from skill.plans.changelog import FIELD_COUNT, iter_entries, line_issues, split_fields
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
