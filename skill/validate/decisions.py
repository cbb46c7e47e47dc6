"""decisions.md: the entry parser, the schema check, the plan-id preamble and the strictness cutover."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from skill.plans import decisions
from skill.plans.decisions import DecisionsFile, decision_id, is_pivot_phase
from skill.validate.context import PlanContext

_COST_RE = re.compile(decisions.COST_PHRASE, re.I)
_TRADE_OFF_RE = re.compile(rf"\*\*{decisions.TRADE_OFF_LABEL}\*\*:")
_INIT_RE = re.compile(r"INIT[ \t]*(?:→|->)[ \t]*EXPLORE[ \t]*\(([^)\n]+)\)")
#: Plans started at or after this instant are "strict": missing preambles and Anchor-Refs are ERRORs.
STRICT_SINCE = datetime(2026, 5, 7, 9, 0, 0, tzinfo=timezone.utc)


def check_schema(ctx: PlanContext, parsed: DecisionsFile | None) -> None:
    if parsed is None:
        return
    sink = ctx.sink
    for line, header in parsed.bad_headers:
        sink.error(
            "decisions-schema",
            f'decisions.md:{line} non-conforming entry header: "{header}" (the shape is "{decisions.HEADER_SHAPE}").',
            "decisions.md",
            line,
        )
    for position, entry in enumerate(parsed.entries, start=1):
        if entry.num != position:
            sink.error(
                "decisions-schema",
                f"decisions.md D-NNN sequence broken at position {position}: expected {decision_id(position)}, "
                f"found {decision_id(entry.num)}.",
                "decisions.md",
                entry.line,
            )
            break
    for entry in parsed.entries:
        where = f"decisions.md {entry.id_str} (line {entry.line})"
        if not any(_TRADE_OFF_RE.match(line) for line in entry.body):
            sink.error(
                "decisions-schema",
                f"{where} has no **Trade-off**: line.",
                "decisions.md",
                entry.line,
            )
        elif not _COST_RE.search(entry.body_text):
            sink.warn(
                "decisions-schema",
                f'{where}: the **Trade-off** never says "at the cost of" (name what was given up).',
                "decisions.md",
                entry.line,
            )
        if is_pivot_phase(entry.phase) and not entry.mentions(decisions.COMPLEXITY_ASSESSMENT_LABEL):
            sink.error(
                "decisions-schema",
                f"{where} is a PIVOT entry but missing **Complexity Assessment** block.",
                "decisions.md",
                entry.line,
            )


_ISO_RE = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,9}))?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?"
)


def parse_instant(text: str) -> datetime | None:
    """An ISO-8601 date or date-time (no offset means UTC), or None when ``text`` is not one."""
    match = _ISO_RE.fullmatch(text.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        instant = datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            int((fraction or "0")[:6].ljust(6, "0")),
            tzinfo=timezone.utc,
        )
    except ValueError:
        return None
    if zone and zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        instant -= sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return instant


def is_strict(state_text: str | None) -> bool:
    """True when the plan's INIT → EXPLORE record carries a date at or after :data:`STRICT_SINCE`."""
    for match in _INIT_RE.finditer(state_text or ""):
        instant = parse_instant(match.group(1))
        if instant is not None:
            return instant >= STRICT_SINCE
    return False


def check_preamble(ctx: PlanContext, strict: bool) -> None:
    for name in ("decisions.md", "summary.md"):
        text = ctx.plan_file(name)
        if not text:
            continue
        found = decisions.preamble(text)
        if found is None:
            ctx.sink.add(
                "ERROR" if strict else "WARN",
                "preamble-missing",
                f'{name} has no plan-id preamble "*Plan: {ctx.plan_id}*" within its first 10 non-blank lines.',
                name,
            )
        elif ctx.plan_id and found != ctx.plan_id:
            ctx.sink.error(
                "preamble-mismatch",
                f'{name} preamble names plan "{found}" but the plan folder is "{ctx.plan_id}".',
                name,
            )
