"""ExecPlan lint rules on the content: timestamps, external URLs, secrets, and formatting."""

from __future__ import annotations

from collections.abc import Iterator

from skill.execplan import patterns
from skill.execplan.lint_model import (
    _CHECKBOX_RE,
    _RETRIEVED_RE,
    _SOURCE_RE,
    _TIMESTAMP_HINT_RE,
    ERROR,
    Finding,
    _frontmatter_lines,
    _line_sections,
)
from skill.execplan.model import Document, Line, section_key
from skill.execplan.profiles import (
    URL_SECTIONS,
    Profile,
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
