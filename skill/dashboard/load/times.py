"""Times as the pages show them: ISO-8601 UTC ``YYYY-MM-DDTHH:MM:SSZ``, or None when unknown."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

from skill.plans import ids
from skill.validate.decisions import parse_instant


def utc(instant: datetime | None) -> str | None:
    return instant.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") if instant else None


def now() -> str:
    return utc(datetime.now(timezone.utc)) or ""


def time_in(text: str) -> str | None:
    """The last ISO-8601 date-time among the ``;``/``,``-separated parts of a note (``transition``
    ends its history notes with one)."""
    for part in reversed(text.replace(",", ";").split(";")):
        instant = parse_instant(part.strip().rstrip(")").strip())
        if instant is not None and "T" in part:
            return utc(instant)
    return None


def instant(text: str) -> str | None:
    """``text`` as a UTC time when it is an ISO-8601 date-time, else None."""
    return utc(parse_instant(text)) if "T" in text else None


def plan_created(plan_id: str) -> str | None:
    """When the plan id was minted (a legacy id gives midnight of its date)."""
    return utc(ids.plan_instant(plan_id))


def updated(folder: Path) -> str | None:
    """When a file directly in ``folder`` last changed."""
    try:
        stamps = [entry.stat().st_mtime for entry in os.scandir(folder) if entry.is_file()]
    except OSError:
        return None
    return utc(datetime.fromtimestamp(max(stamps), timezone.utc)) if stamps else None
