"""ExecPlan lint: one check function per rule, each finding with a slug, a line and a message.

Use :func:`lint_text` (or :func:`lint_document`) with a profile from :mod:`profiles`. A check only
runs when its profile switches it on; :data:`RULES` lists every slug with the check producing it.
The rules live in :mod:`lint_structure` and :mod:`lint_content`; the result types in
:mod:`lint_model`.
"""

from __future__ import annotations

from skill.execplan.lint_content import (
    check_checkbox_placement,
    check_external_urls,
    check_heading_spacing,
    check_nested_fences,
    check_secrets,
    check_timestamps,
)
from skill.execplan.lint_model import ERROR, WARNING, Check, Finding, LintResult, frontmatter_values
from skill.execplan.lint_structure import (
    check_frontmatter_fields,
    check_frontmatter_invalid,
    check_frontmatter_missing,
    check_frontmatter_profile,
    check_frontmatter_status,
    check_frontmatter_timestamps,
    check_progress_checkboxes,
    check_progress_next_action,
    check_progress_status,
    check_progress_timestamps,
    check_section_duplicates,
    check_section_order,
    check_sections_empty,
    check_sections_missing,
    check_sections_recommended,
    check_status_value,
    check_title,
)
from skill.execplan.model import Document, parse
from skill.execplan.profiles import Profile

__all__ = ["ERROR", "WARNING", "Finding", "LintResult", "RULES", "lint_document", "lint_text", "declared_profile"]


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
