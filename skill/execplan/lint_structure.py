"""ExecPlan lint rules on the document's shape: frontmatter, title and sections, Progress/Status."""

from __future__ import annotations

from collections.abc import Iterator

from skill.execplan import patterns
from skill.execplan.lint_model import (
    _CHECKBOX_RE,
    _NEXT_ACTION_RE,
    _TIMESTAMP_HINT_RE,
    ERROR,
    WARNING,
    Finding,
    _status_lines,
    frontmatter_values,
)
from skill.execplan.model import Document, Line, Section, section_key
from skill.execplan.profiles import (
    FRONTMATTER_KEYS,
    FRONTMATTER_PROFILES,
    FRONTMATTER_STATUSES,
    Profile,
)


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
