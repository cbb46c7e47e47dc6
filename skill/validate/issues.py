"""The validator's finding: one rule broken, with its severity, slug and where it was seen."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

ERROR = "ERROR"
WARN = "WARN"
INFO = "INFO"
SEVERITIES = (ERROR, WARN, INFO)


@dataclass(frozen=True)
class Issue:
    """One finding. ``file`` is relative (to the plan folder, or ``plans/…``, or the project)."""

    severity: str
    slug: str
    message: str
    file: str | None = None
    line: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class IssueSink:
    """Collects issues in the order the checks emit them."""

    def __init__(self) -> None:
        self.items: list[Issue] = []

    def add(
        self,
        severity: str,
        slug: str,
        message: str,
        file: str | None = None,
        line: int | None = None,
    ) -> None:
        self.items.append(Issue(severity, slug, message, file, line))

    def error(
        self, slug: str, message: str, file: str | None = None, line: int | None = None
    ) -> None:
        self.add(ERROR, slug, message, file, line)

    def warn(
        self, slug: str, message: str, file: str | None = None, line: int | None = None
    ) -> None:
        self.add(WARN, slug, message, file, line)

    def info(
        self, slug: str, message: str, file: str | None = None, line: int | None = None
    ) -> None:
        self.add(INFO, slug, message, file, line)
