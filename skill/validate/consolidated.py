"""Checks on the consolidated files under plans/: presence, line caps, lessons eviction,
compression markers, and INDEX.md rows whose plan left nothing behind."""

from __future__ import annotations

import re

from skill.plans import consolidated as consolidated_plans
from skill.plans.ids import ANY_PLAN_ID_RE, PLAN_SECTION_RE
from skill.plans.markdown import COMPRESSED_CLOSE, COMPRESSED_OPEN
from skill.validate.context import PlanContext

ATLAS_CAP = 300
LESSONS_CAP = 200
_INDEX_ROW_RE = re.compile(r"^\|([^|]+)\|")
IMPORTANT = "[I:5]"
DIFF_SHOWN = 10
DIFF_WIDTH = 120


def _lines(raw: str) -> int:
    """Lines in a file, a final newline not starting another one (an empty file has 0)."""
    pieces = raw.split("\n")
    return len(pieces) - 1 if pieces[-1] == "" else len(pieces)


def check_presence(ctx: PlanContext) -> None:
    for name in ("FINDINGS.md", "DECISIONS.md", "LESSONS.md"):
        if not ctx.plans_exists(name):
            ctx.sink.info(
                "consolidated",
                f"plans/{name} not found (it is created with the first plan).",
                f"plans/{name}",
            )
    if not ctx.plans_exists("INDEX.md"):
        ctx.sink.info(
            "consolidated",
            "plans/INDEX.md not found (it is created by the first `new`).",
            "plans/INDEX.md",
        )


def _check_cap(
    ctx: PlanContext, name: str, cap: int, absent_slug: str, cap_slug: str, absent: str, over: str
) -> None:
    if not ctx.plans_exists(name):
        ctx.sink.info(absent_slug, absent, f"plans/{name}")
        return
    raw = ctx.plans_file(name, raw=True)
    if raw is None:
        return
    count = _lines(raw)
    if count > cap:
        ctx.sink.error(cap_slug, over.format(count=count), f"plans/{name}")


def check_atlas_cap(ctx: PlanContext) -> None:
    _check_cap(
        ctx,
        "SYSTEM.md",
        ATLAS_CAP,
        "atlas-absent",
        "atlas-cap",
        "plans/SYSTEM.md not found (bootstrap creates it; plans made by older versions may not have it).",
        "plans/SYSTEM.md has {count} lines, over the 300-line cap. Curate it at the next CLOSE: demote what "
        "went stale rather than cutting the newest lines (`emit-template --name system`).",
    )


def check_lessons_cap(ctx: PlanContext) -> None:
    _check_cap(
        ctx,
        "LESSONS.md",
        LESSONS_CAP,
        "lessons-absent",
        "lessons-cap",
        "plans/LESSONS.md not found (bootstrap creates it; plans made by older versions may not have it).",
        "plans/LESSONS.md has {count} lines, over the 200-line cap. Rewrite it at the next CLOSE: merge "
        "related lessons, drop weak ones, tighten the wording (SKILL.md, Lessons Learned).",
    )


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _clip(line: str) -> str:
    if _utf16_len(line) <= DIFF_WIDTH:
        return line
    out, units = [], 0
    for char in line:
        width = 2 if ord(char) > 0xFFFF else 1
        if units + width > DIFF_WIDTH - 3:
            break
        out.append(char)
        units += width
    return "".join(out) + "..."


def _previous_plan(index: str | None) -> str | None:
    found = None
    for line in (index or "").split("\n"):
        match = _INDEX_ROW_RE.match(line)
        if match and ANY_PLAN_ID_RE.fullmatch(match.group(1).strip()):
            found = match.group(1).strip()
    return found


def check_lessons_eviction(ctx: PlanContext) -> None:
    lessons = ctx.plans_file("LESSONS.md")
    if lessons is None:
        return
    previous = _previous_plan(ctx.plans_file("INDEX.md"))
    if previous is None:
        ctx.sink.info(
            "lessons-eviction",
            "plans/INDEX.md records no closed plan yet, so there is no lessons baseline to compare with.",
            "plans/INDEX.md",
        )
        return
    snapshot = ctx.plans_file(f"{previous}/lessons_snapshot.md")
    if snapshot is None:
        ctx.sink.info(
            "lessons-eviction",
            f"the previous plan {previous} has no lessons_snapshot.md (it predates snapshots), so there is no "
            "lessons baseline to compare with.",
            f"plans/{previous}/lessons_snapshot.md",
        )
        return
    now = [line for line in lessons.split("\n") if IMPORTANT in line]
    before = [line for line in snapshot.split("\n") if IMPORTANT in line]
    if len(now) >= len(before):
        return
    now_set, before_set = set(now), set(before)
    diff = [f"- {_clip(line)}" for line in before if line not in now_set]
    diff += [f"+ {_clip(line)}" for line in now if line not in before_set]
    shown = diff[:DIFF_SHOWN]
    if len(diff) > DIFF_SHOWN:
        shown.append(f"… ({len(diff) - DIFF_SHOWN} more changed line(s))")
    body = "".join(f"\n    {line}" for line in shown)
    ctx.sink.warn(
        "lessons-eviction",
        f"plans/LESSONS.md has {len(now)} [I:5] line(s); the snapshot taken at the previous close "
        f"({previous}/lessons_snapshot.md) had {len(before)}. What changed:{body}\n"
        "    Merging or tightening [I:5] lessons is fine curation; this is for a human to judge and never "
        "blocks CLOSE.",
        "plans/LESSONS.md",
    )


def check_compression_markers(ctx: PlanContext) -> None:
    for name in ("FINDINGS.md", "DECISIONS.md"):
        raw = ctx.plans_file(name, raw=True)
        if not raw:
            continue
        opens: list[int] = []
        closes: list[int] = []
        offset = 0
        for line in raw.split("\n"):
            stripped = line.strip()
            if stripped == COMPRESSED_OPEN:
                opens.append(offset)
            elif stripped == COMPRESSED_CLOSE:
                closes.append(offset)
            offset += len(line) + 1
        if not opens and not closes:
            continue
        where = f"plans/{name}"
        if len(opens) != len(closes):
            ctx.sink.error(
                "compress-markers",
                f"{where}: compression markers are unbalanced ({len(opens)} open, {len(closes)} close); they "
                "come in pairs (SKILL.md, Consolidated File Management).",
                where,
            )
            continue
        problem = None
        for k, (start, end) in enumerate(zip(opens, closes, strict=True)):
            if start >= end:
                problem = f"{where}: a compression closer comes before its opener (SKILL.md, Consolidated File Management)."
                break
            if k > 0 and start < closes[k - 1]:
                problem = f"{where}: compression blocks are nested; compression replaces the block, it never nests."
                break
        if problem:
            ctx.sink.error("compress-markers", problem, where)
            continue
        if len(opens) > 1:
            ctx.sink.error(
                "compress-markers",
                f"{where}: {len(opens)} compression-summary blocks found where at most one belongs; compression "
                "replaces the existing block.",
                where,
            )
            continue
        section = PLAN_SECTION_RE.search(raw)
        if section is not None and section.start() < opens[0]:
            ctx.sink.warn(
                "compress-markers",
                f"{where}: the compression block sits after the first `## <plan-id>` section; it belongs between "
                "the H1 heading and the first plan section.",
                where,
            )


def check_index_orphans(ctx: PlanContext) -> None:
    """An INDEX.md row whose plan folder is gone and whose section is in neither FINDINGS.md nor
    DECISIONS.md: nothing of that plan survives but the row (a missing folder alone is normal)."""
    index = ctx.plans_file("INDEX.md")
    if not index:
        return
    sections: str | None = None
    for plan_id in (row.plan_id for row in consolidated_plans.index_rows(index)):
        if (ctx.plans_dir / plan_id).exists():
            continue
        if sections is None:
            sections = "\n".join(
                ctx.plans_file(name) or "" for name in ("FINDINGS.md", "DECISIONS.md")
            )
        if consolidated_plans.has_section(sections, plan_id):
            continue
        ctx.sink.warn(
            "index-orphan",
            f"plans/INDEX.md lists {plan_id}, but its folder is gone and neither plans/FINDINGS.md nor "
            "plans/DECISIONS.md has its section, so nothing of that plan survives but this row (its "
            "anchors may still resolve through plans/ANCHORS.md).",
            "plans/INDEX.md",
        )
