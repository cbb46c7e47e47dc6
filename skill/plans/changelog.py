"""The changelog line schema: one declarative definition for every reader and writer.

A changelog line is eight fields joined by `` | ``::

    UTC | iter-N/step-M[.K] | commit | path | OP(+N,-M) | radius:TIER(score) | D-NNN-or-dash | reason

The step is ``iter-N/step-M``, or ``iter-N/step-M.K`` for the K-th completion fix of plan step M
(one level only). The reason is last and may itself contain `` | ``. HTML comments are blanked
before lines are read, so the inside of a multi-line ``<!-- … -->`` is never an entry. :data:`ENTRY_SCHEMA` lists each field with its
check; :func:`field_issues` applies it (used by the validator's ``[changelog-malformed]`` and by
``log-edit`` before it writes); :func:`format_line` is the only place lines are put together.
The "must match" texts quote the original tool's patterns verbatim, so its users see the same words.
"""

from __future__ import annotations

import re

from skill.lazyre import LazyPattern, lazy
from skill.plans.markdown import comment_spans, strip_comments
from skill.slots import Slotted

TYPE_CHECKING = False  # the SessionStart hook reads the changelog: no typing or dataclasses here
if TYPE_CHECKING:
    from collections.abc import Callable

SEPARATOR = " | "
FIELD_NAMES = ("ts", "step", "commit", "path", "op", "radius", "dref", "reason")
FIELD_COUNT = len(FIELD_NAMES)

HEADER_LINES = 4
#: A compressor's summary line; group 1 is how many entries it stands for.
INLINE_SUMMARY_RE = lazy(r"^- \(compressed: ([0-9]+) low-decision-impact edits")

STEP_RE = lazy(r"iter-[0-9]+/step-[0-9]+(?:\.[0-9]+)?")
#: The commit field of an edit not committed yet.
UNCOMMITTED = "uncommitted"
_STEP_PARTS_RE = lazy(r"iter-([0-9]+)/step-([0-9]+)(?:\.[0-9]+)?")
TIER_RE = lazy(r"^radius:(LOW|MED|HIGH|UNKNOWN)")


class FieldRule(Slotted):
    """How one field is checked: a full-match pattern and/or a custom check."""

    __slots__ = ("name", "pattern", "shown", "reason", "check")

    def __init__(
        self,
        name: str,
        pattern: LazyPattern | None = None,
        shown: str = "",  # the pattern as quoted in messages
        reason: str = "",  # message when the pattern does not match
        check: Callable[[str], str | None] | None = None,  # returns a reason, or None when fine
    ) -> None:
        self.name = name
        self.pattern = pattern
        self.shown = shown
        self.reason = reason
        self.check = check


def _check_ts(value: str) -> str | None:
    from datetime import datetime

    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z", value):
        return "must be an ISO-8601 UTC timestamp (YYYY-MM-DDTHH:MM:SSZ)"
    numbers = [int(part) for part in re.findall(r"[0-9]+", value)]
    if numbers[0] == 0:
        numbers[0] = 2000  # year 0 (a leap year) is real for the original; datetime starts at year 1
    try:
        year, month, day, hour, minute, second = numbers
        datetime(year, month, day, hour, minute, second)  # rejects Feb 30, hour 24, second 60 (years below 1000 are fine)
    except ValueError:
        return "is not a real calendar date/time"
    return None


def _check_path(value: str) -> str | None:
    if value.strip() == "":
        return "must not be empty"
    if "|" in value:
        return 'must not contain "|"'
    if "\r" in value or "\n" in value:
        return "must not contain a newline"
    return None


def _check_text(value: str) -> str | None:
    return "must not be empty" if value.strip() == "" else None


def _rule(name: str, pattern: str, shown: str) -> FieldRule:
    return FieldRule(name, lazy(pattern), shown, f"must match {shown}")


ENTRY_SCHEMA: tuple[FieldRule, ...] = (
    FieldRule("ts", check=_check_ts),
    _rule("step", r"iter-[0-9]+/step-[0-9]+(?:\.[0-9]+)?", r"^iter-\d+\/step-\d+(?:\.\d+)?$"),
    _rule("commit", r"(?:[0-9a-f]{7,40}|uncommitted)", r"^([0-9a-f]{7,40}|uncommitted)$"),
    FieldRule("path", check=_check_path),
    _rule(
        "op",
        r"(?:CREATE\(\+[0-9]+\)|EDIT\(\+[0-9]+,-[0-9]+\)|DELETE\(-[0-9]+\)|RENAME\([^→]+→[^)]+\)|REVERT\([^)]+\))",
        r"^(CREATE\(\+\d+\)|EDIT\(\+\d+,-\d+\)|DELETE\(-\d+\)|RENAME\([^→]+→[^)]+\)|REVERT\([^)]+\))$",
    ),
    _rule(
        "radius",
        r"(?:radius:(?:LOW|MED|HIGH)\(-?[0-9]+\)|radius:UNKNOWN\([^)]+\))",
        r"^(radius:(LOW|MED|HIGH)\(-?\d+\)|radius:UNKNOWN\([^)]+\))$",
    ),
    _rule("dref", r"(?:D-[0-9]{3,}|-)", r"^(D-\d{3,}(?!\d)|-)$"),
    FieldRule("reason", check=_check_text),
)

#: Shapes of the compressor's own records (counts are integers >= their minimum).
COMPRESSED_SUMMARY_KEYS = ("entries-at-compress", "elided-groups", "elided-lines")


class ChangelogEntry(Slotted):
    """One changelog line's eight fields (a plain class: the SessionStart hook reads entries)."""

    __slots__ = FIELD_NAMES

    def __init__(
        self, ts: str, step: str, commit: str, path: str, op: str, radius: str, dref: str, reason: str
    ) -> None:
        self.ts = ts
        self.step = step
        self.commit = commit
        self.path = path
        self.op = op
        self.radius = radius
        self.dref = dref
        self.reason = reason

    def as_fields(self) -> list[str]:
        return [self.ts, self.step, self.commit, self.path, self.op, self.radius, self.dref, self.reason]

    def as_dict(self) -> dict[str, str]:
        return dict(zip(FIELD_NAMES, self.as_fields(), strict=True))

    @property
    def tier(self) -> str:
        match = TIER_RE.match(self.radius)
        return match.group(1) if match else "UNKNOWN"


def parse_step(value: str) -> tuple[int, int] | None:
    """(iteration, step) of an ``iter-N/step-M`` value (the step field, or a commit tag's tail);
    a completion fix ``step-M.K`` counts as plan step M."""
    match = _STEP_PARTS_RE.fullmatch(value.strip())
    return (int(match.group(1)), int(match.group(2))) if match else None


def split_fields(line: str) -> list[str]:
    """Split on the first seven `` | ``; the eighth field keeps the rest. Fields are stripped.

    With fewer than seven separators the plain split is returned (fewer than eight fields).
    """
    parts = line.split(SEPARATOR, FIELD_COUNT - 1)
    return [part.strip() for part in parts]


def is_skipped_line(line: str) -> bool:
    """Lines that are not entries: blank, headings, italic notes, comment openers, summaries."""
    text = line.strip()
    return (
        text == ""
        or text.startswith("#")
        or text.startswith("*")
        or text.startswith("<!--")
        or INLINE_SUMMARY_RE.match(text) is not None
    )


def value_issue(rule: FieldRule, value: str) -> str | None:
    if rule.check is not None:
        return rule.check(value)
    assert rule.pattern is not None
    return None if rule.pattern.fullmatch(value) else rule.reason


def field_issues(values: list[str]) -> list[str]:
    """Messages ``attribute "<name>" <reason> (got "<value>")`` for each failing field, in order."""
    issues: list[str] = []
    for index, rule in enumerate(ENTRY_SCHEMA):
        value = values[index] if index < len(values) else "undefined"
        reason = value_issue(rule, value)
        if reason is not None:
            issues.append(f'attribute "{rule.name}" {reason} (got "{value}")')
    return issues


def line_issues(line: str) -> list[str]:
    """Why ``line`` is not a valid entry (empty list when it is one)."""
    values = split_fields(line.strip())
    if len(values) != FIELD_COUNT:
        return [f"expected {FIELD_COUNT} pipe-separated fields, got {len(values)}"]
    return field_issues(values)


def parse_line(line: str) -> ChangelogEntry | None:
    """The entry on ``line`` when it has eight fields (shape not checked), else None."""
    values = split_fields(line.strip())
    if len(values) != FIELD_COUNT:
        return None
    return ChangelogEntry(*values)


def format_line(entry: ChangelogEntry) -> str:
    """The one writer of changelog lines. Raises ValueError naming each field that fails."""
    values = entry.as_fields()
    problems = field_issues(values)
    if problems:
        raise ValueError("; ".join(problems))
    line = SEPARATOR.join(values)
    if "\n" in line or "\r" in line:
        raise ValueError('attribute "reason" must not contain a newline')
    reparsed = parse_line(line)
    if reparsed != entry:
        raise ValueError("fields would not read back the same (a field other than the reason holds ' | ')")
    return line


def summary_line(count: int, span: str, files: int) -> str:
    """The one writer of the line that stands for ``count`` folded entries."""
    return f"- (compressed: {count} low-decision-impact edits, {span}, files: {files})"


def iter_entries(text: str) -> list[tuple[int, str]]:
    """(1-based line number, stripped line) for every line the schema applies to: comments are
    blanked first (line numbers kept), so no line inside a multi-line comment is read."""
    out: list[tuple[int, str]] = []
    for number, line in enumerate(strip_comments(text).split("\n"), start=1):
        if is_skipped_line(line):
            continue
        out.append((number, line.strip()))
    return out


def step_field(iteration: int, step: int) -> str:
    """The step field of a line: ``iter-N/step-M``."""
    return f"iter-{iteration}/step-{step}"


def entries_of(text: str | None, step: str) -> list[ChangelogEntry]:
    """The entries whose step field is ``step`` (``iter-N/step-M``), in file order."""
    found = []
    for _number, line in iter_entries(text or ""):
        entry = parse_line(line)
        if entry is not None and entry.step == step:
            found.append(entry)
    return found


def set_commit(text: str, step: str, commit: str) -> str:
    """``text`` with the commit field of each ``uncommitted`` line of ``step`` set to ``commit``
    (the step's commit has been made); every other line kept byte for byte."""
    lines = text.split("\n")
    for number, line in iter_entries(text):
        entry = parse_line(line)
        if entry is None or entry.step != step or entry.commit != "uncommitted":
            continue
        entry.commit = commit
        raw = lines[number - 1]
        lines[number - 1] = raw[: len(raw) - len(raw.lstrip())] + format_line(entry)
    return "\n".join(lines)


def paths_of(entry: ChangelogEntry) -> list[str]:
    """The project paths an entry names: its path, and both names of a ``RENAME(old→new)``."""
    paths = [entry.path]
    match = re.fullmatch(r"RENAME\(([^→]+)→([^)]+)\)", entry.op)
    if match:
        paths += [match.group(1).strip(), match.group(2).strip()]
    return paths


def since_last_revert(entries: list[ChangelogEntry]) -> list[ChangelogEntry]:
    """The entries after the last ``REVERT(…)`` one: the work of the attempt in progress."""
    last = max((i for i, entry in enumerate(entries) if entry.op.startswith("REVERT(")), default=-1)
    return entries[last + 1 :]


class CommentAnomaly(Slotted):
    """A multi-line comment whose opener or closer shares its line with other text."""

    __slots__ = ("line", "end", "first", "last")

    def __init__(self, line: int, end: str, first: int, last: int) -> None:
        self.line = line  # 1-based line of the offending delimiter
        self.end = end  # "opener" or "closer"
        self.first = first  # the comment's first line
        self.last = last  # the comment's last line


def comment_anomalies(text: str) -> list[CommentAnomaly]:
    """Multi-line ``<!-- … -->`` comments that do not stand on lines of their own.

    A ``<!--`` written inside an entry's reason pairs with the next ``-->`` and hides every line
    in between; such a comment starts after other text (or ends before it), which is what this
    reports. A comment on one line is never an anomaly.
    """
    found: list[CommentAnomaly] = []
    for start, end in comment_spans(text):
        first = text.count("\n", 0, start) + 1
        last = text.count("\n", 0, end) + 1
        if first == last:
            continue
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        if text[line_start:start].strip():
            found.append(CommentAnomaly(first, "opener", first, last))
        if text[end : len(text) if line_end < 0 else line_end].strip():
            found.append(CommentAnomaly(last, "closer", first, last))
    return found
