"""The human table of ``cost`` (``--json`` prints :meth:`CostReport.as_dict` instead)."""

from __future__ import annotations

from skill.cost.model import TOKEN_RULE, CostReport, Group, Part

NAME_WIDTH = 44
#: The per-state columns: heading -> the prefix of the parts it adds up.
STATE_COLUMNS = (
    ("emit-state", "emit-state "),
    ("agents", "agents/"),
    ("references", "references/"),
    ("templates", "emit-template "),
)


def _row(name: str, size: int, tokens: int, note: str = "") -> str:
    line = f"  {name:<{NAME_WIDTH}}{size:>8,}{tokens:>8,}"
    return f"{line}   {note}" if note else line


def _header(title: str) -> str:
    return f"{title:<{NAME_WIDTH + 2}}{'bytes':>8}{'tokens':>8}"


def _group_rows(group: Group) -> list[str]:
    rows = [_row(part.name, part.size, part.tokens) for part in group.parts]
    rows.append(_row("total", group.size, group.tokens))
    return rows


def _width(title: str) -> int:
    return max(len(title), 7) + 2


def _state_table(states: tuple[Group, ...]) -> list[str]:
    head = "".join(f"{title:>{_width(title)}}" for title, _ in STATE_COLUMNS)
    rows = [f"  {'state':<9}{head}{'total':>9}{'tokens':>8}"]
    for group in states:
        cells = "".join(f"{group.kind_size(prefix):>{_width(title)},}" for title, prefix in STATE_COLUMNS)
        rows.append(f"  {group.name:<9}{cells}{group.size:>9,}{group.tokens:>8,}")
    return rows


def _hook_rows(parts: tuple[Part, ...]) -> list[str]:
    return [_row(part.name, part.size, part.tokens, part.note) for part in parts]


def render_text(report: CostReport) -> str:
    bundle = report.bundle
    lines = [
        f"Bundle cost in bytes; {TOKEN_RULE}.",
        f"Command prefix: {report.command}",
        f"Per state and per hook: measured on {report.measured_on.description}.",
        "",
        _header("Always loaded (every session)"),
        *_group_rows(report.always_loaded),
        "",
        "Per state: the emit-state output, then each agent, reference and template it names (bytes)",
        *_state_table(report.per_state),
        "",
        _header("Per hook firing"),
        *_hook_rows(report.per_hook),
        "",
        f"Whole bundle (SKILL.md, agents, modules, references): {bundle.size:,} bytes, "
        f"{bundle.tokens:,} tokens, {len(bundle.parts)} files.",
    ]
    return "\n".join(lines)
