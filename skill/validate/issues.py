"""The validator's finding: one rule broken, with its severity, slug and where it was seen."""

from __future__ import annotations

from skill.slots import Slotted

ERROR = "ERROR"
WARN = "WARN"
INFO = "INFO"
SEVERITIES = (ERROR, WARN, INFO)


class Issue(Slotted):
    """One finding. ``file`` is relative (to the plan folder, or ``plans/…``, or the project).
    A plain class, not a dataclass: the validator's start-up time counts (see docs/architecture.md)."""

    __slots__ = ("severity", "slug", "message", "file", "line")

    def __init__(
        self, severity: str, slug: str, message: str, file: str | None = None, line: int | None = None
    ) -> None:
        self.severity = severity
        self.slug = slug
        self.message = message
        self.file = file
        self.line = line

    def as_dict(self) -> dict[str, object]:
        return self._fields()


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
