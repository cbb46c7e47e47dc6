"""What ExecPlan lint reports (:class:`Finding`, :class:`LintResult`) and the document helpers
the rule modules share."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass

from skill.execplan.model import Document, Line, Section
from skill.execplan.profiles import (
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
