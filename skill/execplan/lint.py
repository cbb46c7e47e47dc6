"""ExecPlan lint: one check function per rule, each finding with a slug, a line and a message.

Use :func:`lint_text` (or :func:`lint_document`) with a profile from :mod:`profiles`. A check only
runs when its profile switches it on; :data:`RULES` lists every slug with the check producing it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass

from skill.execplan import patterns
from skill.execplan.model import Document, Line, Section, parse, section_key
from skill.execplan.profiles import (
    FRONTMATTER_KEYS,
    FRONTMATTER_PROFILES,
    FRONTMATTER_STATUSES,
    URL_SECTIONS,
    Profile,
)

ERROR = "error"
WARNING = "warning"

_STATUS_RE = re.compile(r"^[ \t]*(?:[-*+][ \t]+)?(?:\*\*)?Status(?:\*\*)?[ \t]*:(?:\*\*)?[ \t]*(.*)$")
_NEXT_ACTION_RE = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+)?(?:\*\*)?Next Action(?:\*\*)?[ \t]*:(?:\*\*)?[ \t]*(.*)$", re.IGNORECASE
)
_CHECKBOX_RE = re.compile(r"^[ \t]*(?:[-*+]|[0-9]{1,9}[.)])[ \t]+\[(?P<mark>[ xX])\]")
_TIMESTAMP_HINT_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}")
_RETRIEVED_RE = re.compile(r"^[ \t]*(?:[-*+][ \t]+)?(?:\*\*)?Retrieved(?:\*\*)?[ \t]*:(?:\*\*)?[ \t]*(.*)$")
_SOURCE_RE = re.compile(r"^[ \t]*(?:[-*+][ \t]+)?(?:\*\*)?Source(?:\*\*)?[ \t]*:", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    slug: str
    severity: str  # "error" or "warning"
    line: int
    message: str

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class LintResult:
    path: str
    profile: str
    findings: list[Finding]

    @property
    def errors(self) -> int:
        return sum(1 for item in self.findings if item.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for item in self.findings if item.severity == WARNING)

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.path,
            "profile": self.profile,
            "ok": self.errors == 0,
            "errors": self.errors,
            "warnings": self.warnings,
            "findings": [item.to_dict() for item in self.findings],
        }


Check = Callable[[Document, Profile], Iterator[Finding]]


# -- helpers --------------------------------------------------------------------------------------
def _frontmatter_lines(doc: Document) -> set[int]:
    fm = doc.frontmatter
    if fm is None:
        return set()
    last = fm.end if fm.end else (doc.lines[-1].number if doc.lines else fm.start)
    return set(range(fm.start, last + 1))


def _line_sections(doc: Document) -> dict[int, Section]:
    owner: dict[int, Section] = {}
    for section in doc.sections:
        owner[section.line] = section
        for item in section.lines:
            owner[item.number] = section
    return owner


def frontmatter_values(doc: Document) -> tuple[dict[str, str] | None, str | None, int]:
    """(values as strings, error message, error line). Values are None when they cannot be read."""
    fm = doc.frontmatter
    if fm is None:
        return None, None, 0
    if fm.end == 0:
        return None, f"frontmatter opened at line {fm.start} is never closed with '---'", fm.start
    import yaml  # heavy import, only when a frontmatter is present

    try:
        data = yaml.load(fm.raw, Loader=yaml.BaseLoader)  # every scalar stays a string
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = fm.start + 1 + mark.line if mark is not None else fm.start
        problem = getattr(exc, "problem", None) or "invalid YAML"
        return None, f"frontmatter is not valid YAML: {problem}", line
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, "frontmatter must be a YAML mapping of key: value lines", fm.start
    values = {str(k): (v if isinstance(v, str) else "") for k, v in data.items()}
    return values, None, 0


def _status_lines(lines: list[Line]) -> Iterator[tuple[Line, str]]:
    for item in lines:
        if item.in_fence:
            continue
        match = _STATUS_RE.match(item.text)
        if match:
            yield item, match.group(1).strip().strip("*`").strip()


# -- frontmatter rules ----------------------------------------------------------------------------
def check_frontmatter_missing(doc: Document, profile: Profile) -> Iterator[Finding]:
    if profile.frontmatter and doc.frontmatter is None:
        yield Finding(
            "frontmatter-missing",
            ERROR,
            doc.lines[0].number if doc.lines else 1,
            "no YAML frontmatter: start the file with '---', the keys "
            + ", ".join(FRONTMATTER_KEYS)
            + ", and a closing '---'",
        )


def check_frontmatter_invalid(doc: Document, profile: Profile) -> Iterator[Finding]:
    if not profile.frontmatter:
        return
    _, error, line = frontmatter_values(doc)
    if error:
        yield Finding("frontmatter-invalid", ERROR, line, error)


def check_frontmatter_fields(doc: Document, profile: Profile) -> Iterator[Finding]:
    values, _, _ = frontmatter_values(doc)
    if not profile.frontmatter or values is None:
        return
    for key in FRONTMATTER_KEYS:
        if not values.get(key, "").strip():
            line = doc.frontmatter.keys.get(key, doc.frontmatter.start) if doc.frontmatter else 1
            state = "is empty" if key in values else "is missing"
            yield Finding("frontmatter-field", ERROR, line, f"frontmatter key '{key}' {state}")


def check_frontmatter_status(doc: Document, profile: Profile) -> Iterator[Finding]:
    values, _, _ = frontmatter_values(doc)
    if not profile.frontmatter or not values or not values.get("status", "").strip():
        return
    value = values["status"].strip()
    if value not in FRONTMATTER_STATUSES:
        line = doc.frontmatter.keys.get("status", doc.frontmatter.start) if doc.frontmatter else 1
        yield Finding(
            "frontmatter-status",
            ERROR,
            line,
            f"frontmatter status '{value}' is not one of " + " | ".join(FRONTMATTER_STATUSES),
        )


def check_frontmatter_profile(doc: Document, profile: Profile) -> Iterator[Finding]:
    values, _, _ = frontmatter_values(doc)
    if not profile.frontmatter or not values or not values.get("profile", "").strip():
        return
    value = values["profile"].strip()
    line = doc.frontmatter.keys.get("profile", doc.frontmatter.start) if doc.frontmatter else 1
    if value not in FRONTMATTER_PROFILES:
        yield Finding(
            "frontmatter-profile",
            ERROR,
            line,
            f"frontmatter profile '{value}' is not one of " + " | ".join(FRONTMATTER_PROFILES),
        )
    elif value != profile.name:
        yield Finding(
            "frontmatter-profile",
            WARNING,
            line,
            f"the plan declares profile '{value}' but is being checked as '{profile.name}'",
        )


def check_frontmatter_timestamps(doc: Document, profile: Profile) -> Iterator[Finding]:
    values, _, _ = frontmatter_values(doc)
    if not profile.frontmatter or not values:
        return
    for key in ("created", "updated"):
        value = values.get(key, "").strip()
        if value and not patterns.is_rfc3339(value):
            line = doc.frontmatter.keys.get(key, doc.frontmatter.start) if doc.frontmatter else 1
            yield Finding(
                "frontmatter-timestamp",
                ERROR,
                line,
                f"frontmatter '{key}: {value}' is not an RFC 3339 timestamp "
                "(write e.g. 2025-11-22T14:00:00Z or 2025-11-22T14:00:00+09:00)",
            )


# -- structure rules ------------------------------------------------------------------------------
def check_title(doc: Document, profile: Profile) -> Iterator[Finding]:
    if doc.title is None:
        line = doc.sections[0].line if doc.sections else (doc.lines[0].number if doc.lines else 1)
        yield Finding("title-missing", WARNING, line, "no '# ' title line naming the task")


def check_sections_missing(doc: Document, profile: Profile) -> Iterator[Finding]:
    line = doc.title.line if doc.title else 1
    for title, need in profile.sections:
        if need == "must" and not doc.find(section_key(title)):
            yield Finding("section-missing", ERROR, line, f"required section '## {title}' is missing")


def check_sections_recommended(doc: Document, profile: Profile) -> Iterator[Finding]:
    line = doc.title.line if doc.title else 1
    for title, need in profile.sections:
        if need == "should" and not doc.find(section_key(title)):
            yield Finding(
                "section-recommended", WARNING, line, f"recommended section '## {title}' is missing"
            )


def check_section_order(doc: Document, profile: Profile) -> Iterator[Finding]:
    if not profile.ordered:
        return
    rank = {section_key(title): i for i, (title, _) in enumerate(profile.sections)}
    titles = {section_key(title): title for title, _ in profile.sections}
    latest: Section | None = None
    seen: set[str] = set()
    for section in doc.sections:
        key = section.key
        if key not in rank or key in seen:
            continue
        seen.add(key)
        if latest is not None and rank[key] < rank[latest.key]:
            yield Finding(
                "section-order",
                ERROR,
                section.line,
                f"section '## {titles[key]}' must come before '## {titles[latest.key]}' "
                f"(line {latest.line})",
            )
            continue
        latest = section


def check_section_duplicates(doc: Document, profile: Profile) -> Iterator[Finding]:
    known = {section_key(title) for title, _ in profile.sections}
    first_line: dict[str, int] = {}
    for section in doc.sections:
        if section.key not in known:
            continue
        if section.key in first_line:
            yield Finding(
                "section-duplicate",
                ERROR,
                section.line,
                f"section '## {section.title}' appears again (first at line {first_line[section.key]})",
            )
        else:
            first_line[section.key] = section.line


def check_sections_empty(doc: Document, profile: Profile) -> Iterator[Finding]:
    for title, need in profile.sections:
        if need != "must":
            continue
        section = doc.first(section_key(title))
        if section is not None and section.is_empty():
            yield Finding("section-empty", WARNING, section.line, f"section '## {title}' is empty")


# -- Progress / Status rules ----------------------------------------------------------------------
def _status_candidates(doc: Document, profile: Profile) -> list[tuple[Line, str]]:
    progress = doc.first("progress")
    found = list(_status_lines(progress.lines)) if progress else []
    if profile.status_in_header:
        found = list(_status_lines(doc.preamble)) + found
    return found


def check_progress_status(doc: Document, profile: Profile) -> Iterator[Finding]:
    progress = doc.first("progress")
    if profile.status_in_header:
        if not _status_candidates(doc, profile):
            line = doc.title.line if doc.title else 1
            yield Finding(
                "progress-status",
                ERROR,
                line,
                "no 'Status:' line under the title (allowed: "
                + " | ".join(profile.status_values)
                + ")",
            )
        return
    if progress is not None and profile.progress_fields and not _status_candidates(doc, profile):
        yield Finding("progress-status", ERROR, progress.line, "section 'Progress' has no 'Status:' line")


def check_status_value(doc: Document, profile: Profile) -> Iterator[Finding]:
    if not (profile.progress_fields or profile.status_in_header):
        return
    for item, value in _status_candidates(doc, profile)[:1]:
        if value.upper() not in profile.status_values:
            yield Finding(
                "status-value",
                ERROR,
                item.number,
                f"'Status: {value}' is not one of " + " | ".join(profile.status_values),
            )


def check_progress_next_action(doc: Document, profile: Profile) -> Iterator[Finding]:
    progress = doc.first("progress")
    if not profile.progress_fields or progress is None:
        return
    values = [
        match.group(1).strip()
        for item in progress.lines
        if not item.in_fence and (match := _NEXT_ACTION_RE.match(item.text))
    ]
    if not values:
        yield Finding(
            "progress-next-action", ERROR, progress.line, "section 'Progress' has no 'Next Action:' line"
        )
    elif not values[0]:
        yield Finding("progress-next-action", ERROR, progress.line, "'Next Action:' is empty")


def check_progress_checkboxes(doc: Document, profile: Profile) -> Iterator[Finding]:
    progress = doc.first("progress")
    if not profile.progress_checkboxes or progress is None:
        return
    boxes = [(item, m) for item in progress.lines if (m := _CHECKBOX_RE.match(item.text))]
    if not boxes:
        yield Finding(
            "progress-checkbox",
            ERROR,
            progress.line,
            "section 'Progress' has no checkbox items ('- [ ] step' / '- [x] (timestamp) step')",
        )


def check_progress_timestamps(doc: Document, profile: Profile) -> Iterator[Finding]:
    progress = doc.first("progress")
    if not profile.progress_checkboxes or progress is None:
        return
    for item in progress.lines:
        match = _CHECKBOX_RE.match(item.text)
        if match and match.group("mark") in "xX" and not _TIMESTAMP_HINT_RE.search(item.text):
            yield Finding(
                "progress-timestamp",
                ERROR,
                item.number,
                "completed Progress item has no timestamp (write '- [x] (2025-10-01T13:00:00Z) …')",
            )


# -- content rules --------------------------------------------------------------------------------
def check_timestamps(doc: Document, profile: Profile) -> Iterator[Finding]:
    skip = _frontmatter_lines(doc)
    for item in doc.lines:
        if item.number in skip:
            continue
        for match in patterns.bad_timestamps(item.text, profile.timestamp_style):
            hint = (
                "YYYY-MM-DDTHH:MM:SSZ or YYYY-MM-DDTHH:MM:SS+HH:MM"
                if profile.timestamp_style == "rfc3339"
                else "a time zone, e.g. 2025-10-01 13:00Z or 2025-10-01T13:00:00+02:00"
            )
            yield Finding(
                "timestamp-format",
                ERROR,
                item.number,
                f"ambiguous timestamp '{match.text}': use {hint}",
            )


def _snapshot_lines(doc: Document) -> set[int]:
    """Lines of blocks (runs of non-blank lines) holding both 'Retrieved: <time>' and 'Source:'."""
    allowed: set[int] = set()
    block: list[Line] = []

    def close() -> None:
        retrieved = any(
            (m := _RETRIEVED_RE.match(item.text)) and _TIMESTAMP_HINT_RE.search(m.group(1))
            for item in block
        )
        source = any(_SOURCE_RE.match(item.text) for item in block)
        if retrieved and source:
            allowed.update(item.number for item in block)
        block.clear()

    for item in doc.lines:
        if item.text.strip():
            block.append(item)
        else:
            close()
    close()
    return allowed


def check_external_urls(doc: Document, profile: Profile) -> Iterator[Finding]:
    owner = _line_sections(doc)
    free = {section_key(title) for title in URL_SECTIONS}
    snapshots: set[int] | None = None
    for item in doc.lines:
        section = owner.get(item.number)
        if section is not None and section.key in free:
            continue
        urls = list(patterns.external_urls(item.text))
        if not urls:
            continue
        if snapshots is None:
            snapshots = _snapshot_lines(doc)
        if item.number in snapshots:
            continue
        for url in urls:
            yield Finding(
                "external-url",
                ERROR,
                item.number,
                f"external URL '{url.text}' outside 'See Also'/'References': move it there, or "
                "snapshot what is needed next to it with 'Retrieved: <timestamp>' and 'Source: <url>'",
            )


def check_secrets(doc: Document, profile: Profile) -> Iterator[Finding]:
    for item in doc.lines:
        kinds = sorted({kind for kind, _ in patterns.secrets_in(item.text)})
        for kind in kinds:
            yield Finding(
                "secret",
                ERROR,
                item.number,
                f"looks like a secret ({kind}): remove it, rotate it if it was real, and write "
                "<REDACTED> instead",
            )


# -- formatting rules -----------------------------------------------------------------------------
def check_nested_fences(doc: Document, profile: Profile) -> Iterator[Finding]:
    if not profile.no_nested_fences:
        return
    for fence in doc.fences:
        if fence.marker.startswith("```"):
            yield Finding(
                "nested-fence",
                ERROR,
                fence.start,
                "triple-backtick fence inside the ExecPlan: show commands and output as blocks "
                "indented by four spaces instead",
            )


def check_checkbox_placement(doc: Document, profile: Profile) -> Iterator[Finding]:
    if not profile.checkboxes_only_in_progress:
        return
    owner = _line_sections(doc)
    skip = _frontmatter_lines(doc)
    for item in doc.lines:
        if item.in_fence or item.number in skip or not _CHECKBOX_RE.match(item.text):
            continue
        section = owner.get(item.number)
        if section is None or section.key != "progress":
            where = f"'{section.title}'" if section else "the text before the first section"
            yield Finding(
                "checkbox-outside-progress",
                ERROR,
                item.number,
                f"checkbox in {where}: checkboxes belong only in 'Progress'; use '- ' bullets here",
            )


def check_heading_spacing(doc: Document, profile: Profile) -> Iterator[Finding]:
    if not profile.blank_after_heading:
        return
    by_number = {item.number: item for item in doc.lines}
    for heading in doc.headings:
        following = by_number.get(heading.line + 1)
        if following is not None and following.text.strip() != "":
            yield Finding(
                "heading-spacing",
                ERROR,
                heading.line,
                f"heading '{'#' * heading.level} {heading.title}' must be followed by a blank line",
            )


#: slug -> check, in report order.
RULES: dict[str, Check] = {
    "frontmatter-missing": check_frontmatter_missing,
    "frontmatter-invalid": check_frontmatter_invalid,
    "frontmatter-field": check_frontmatter_fields,
    "frontmatter-status": check_frontmatter_status,
    "frontmatter-profile": check_frontmatter_profile,
    "frontmatter-timestamp": check_frontmatter_timestamps,
    "title-missing": check_title,
    "section-missing": check_sections_missing,
    "section-recommended": check_sections_recommended,
    "section-order": check_section_order,
    "section-duplicate": check_section_duplicates,
    "section-empty": check_sections_empty,
    "progress-status": check_progress_status,
    "status-value": check_status_value,
    "progress-next-action": check_progress_next_action,
    "progress-checkbox": check_progress_checkboxes,
    "progress-timestamp": check_progress_timestamps,
    "timestamp-format": check_timestamps,
    "external-url": check_external_urls,
    "secret": check_secrets,
    "nested-fence": check_nested_fences,
    "checkbox-outside-progress": check_checkbox_placement,
    "heading-spacing": check_heading_spacing,
}


def lint_document(doc: Document, profile: Profile, path: str = "<plan>") -> LintResult:
    findings: list[Finding] = []
    for check in RULES.values():
        findings.extend(check(doc, profile))
    findings.sort(key=lambda item: (item.line, 0 if item.severity == ERROR else 1))
    return LintResult(path, profile.name, findings)


def lint_text(text: str, profile: Profile, path: str = "<plan>") -> LintResult:
    return lint_document(parse(text), profile, path)


def declared_profile(text: str) -> str | None:
    """The frontmatter's ``profile`` value, when the text has a readable frontmatter."""
    values, _, _ = frontmatter_values(parse(text))
    if not values:
        return None
    value = values.get("profile", "").strip()
    return value or None
