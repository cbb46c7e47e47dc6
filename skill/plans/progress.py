"""progress.md: its sections and its checkbox counts."""

from __future__ import annotations

import re

#: Sections progress.md must have (``## Blocked`` is optional).
SECTIONS: tuple[str, ...] = ("Completed", "In Progress", "Remaining")
ALL_SECTIONS: tuple[str, ...] = (*SECTIONS, "Blocked")

_DONE_RE = re.compile(r"^- \[x\].+$", re.MULTILINE)
_OPEN_RE = re.compile(r"^- \[ \].+$", re.MULTILINE)


def counts(text: str | None) -> tuple[int, int] | None:
    """(done, open) checkbox lines; None when the file is empty or missing."""
    if not text:
        return None
    return len(_DONE_RE.findall(text)), len(_OPEN_RE.findall(text))


def missing_sections(text: str) -> list[str]:
    """Required sections with no ``## <name>`` in the file."""
    return [name for name in SECTIONS if f"## {name}" not in text]
