"""decisions.md: the entry parser, the schema check, the plan-id preamble and the strictness cutover."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

from skill.plans.ids import ANY_PLAN_ID, DECISION_NUM
from skill.plans.markdown import blank_compressed_summary, literal_mask, strip_comments
from skill.validate.context import PlanContext
from skill.validate.state import is_pivot_phase

_PREAMBLE_RE = re.compile(rf"\*Plan:\s*({ANY_PLAN_ID})\*\s*\Z")
_H2_RE = re.compile(r"## (.+)")
_HEADER_RE = re.compile(rf"## D-({DECISION_NUM}) \| (.+) \| ([0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})")
_TRADE_OFF_RE = re.compile(r"\*\*Trade-off\*\*:")
_COST_RE = re.compile(r"at the cost of", re.I)
_INIT_RE = re.compile(r"INIT[ \t]*(?:→|->)[ \t]*EXPLORE[ \t]*\(([^)\n]+)\)")
PREAMBLE_WINDOW = 10
#: Plans started at or after this instant are "strict": missing preambles and Anchor-Refs are ERRORs.
STRICT_SINCE = datetime(2026, 5, 7, 9, 0, 0, tzinfo=timezone.utc)


@dataclass
class Decision:
    num: int  # the id as a number (D-0001 and D-001 are both 1)
    id_str: str  # the id as written
    phase: str  # upper-cased
    line: int
    body: list[str] = field(default_factory=list)

    @property
    def body_text(self) -> str:
        return "\n".join(self.body)


@dataclass
class DecisionsFile:
    preamble: str | None
    entries: list[Decision]
    bad_headers: list[tuple[int, str]]  # (line number, the header line)


def _preamble(text: str) -> str | None:
    seen = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            continue
        seen += 1
        match = _PREAMBLE_RE.match(stripped)
        if match:
            return match.group(1)
        if seen >= PREAMBLE_WINDOW:
            break
    return None


def parse_decisions(text: str) -> DecisionsFile:
    """Entries ``## D-NNN | PHASE | YYYY-MM-DD`` and their bodies.

    Comments and the compressed-summary block are blanked first (lines and columns kept); lines in
    closed fenced or indented code blocks are examples, never headings.
    """
    visible = strip_comments(blank_compressed_summary(text))
    code = literal_mask(visible).split("\n")
    entries: list[Decision] = []
    bad: list[tuple[int, str]] = []
    current: Decision | None = None
    for index, line in enumerate(visible.split("\n")):
        in_code = line.strip() != "" and code[index].strip() == ""
        heading = None if in_code else _H2_RE.fullmatch(line.rstrip())
        if heading is None:
            if current is not None:
                current.body.append(line)
            continue
        current = None
        match = _HEADER_RE.fullmatch(line.rstrip())
        if match:
            current = Decision(
                int(match.group(1)),
                f"D-{match.group(1)}",
                match.group(2).strip().upper(),
                index + 1,
            )
            entries.append(current)
        else:
            bad.append((index + 1, line.rstrip()))
    return DecisionsFile(_preamble(text), entries, bad)


def pad3(num: int) -> str:
    return f"D-{num:03d}"


def check_schema(ctx: PlanContext, parsed: DecisionsFile | None) -> None:
    if parsed is None:
        return
    sink = ctx.sink
    for line, header in parsed.bad_headers:
        sink.error(
            "decisions-schema",
            f'decisions.md:{line} non-conforming entry header: "{header}" (the shape is "## D-NNN | PHASE | YYYY-MM-DD").',
            "decisions.md",
            line,
        )
    for position, entry in enumerate(parsed.entries, start=1):
        if entry.num != position:
            sink.error(
                "decisions-schema",
                f"decisions.md D-NNN sequence broken at position {position}: expected {pad3(position)}, "
                f"found {pad3(entry.num)}.",
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
        if is_pivot_phase(entry.phase) and "**Complexity Assessment**" not in entry.body_text:
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
        from datetime import timedelta

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
        found = _preamble(text)
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
