"""Plan-id and decision-id grammars, defined once.

Two plan-id grammars exist: the one this tool writes (``plan-YYYY-MM-DDTHHMMSS-xxxxxxxx``) and the
legacy one older plan folders use (``plan_YYYY-MM-DD_xxxxxxxx``). Both are read everywhere.
"""

from __future__ import annotations

import re

from skill.lazyre import lazy

TYPE_CHECKING = False  # typing stays unimported: the fast paths read plan ids
if TYPE_CHECKING:
    from datetime import datetime

NEW_PLAN_ID = r"plan-[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{6}-[0-9a-f]{8}"
LEGACY_PLAN_ID = r"plan_[0-9]{4}-[0-9]{2}-[0-9]{2}_[0-9a-f]{8}"
#: Either grammar, as a non-capturing group for embedding in larger patterns.
ANY_PLAN_ID = rf"(?:{NEW_PLAN_ID}|{LEGACY_PLAN_ID})"

NEW_PLAN_ID_RE = lazy(NEW_PLAN_ID)
LEGACY_PLAN_ID_RE = lazy(LEGACY_PLAN_ID)
ANY_PLAN_ID_RE = lazy(ANY_PLAN_ID)

#: Cheap directory filter used when listing plans; not a validator.
PLAN_PREFIX_RE = lazy(r"plan[-_]")
#: A consolidated-file section start (``## plan-…`` / ``## plan_…``).
PLAN_SECTION_RE = lazy(r"^## plan[-_]", re.MULTILINE)
_DATE_RE = lazy(r"plan[-_]([0-9]{4}-[0-9]{2}-[0-9]{2})[T_]")

#: Decision-id digits: three or more, maximal run.
DECISION_NUM = r"[0-9]{3,}(?![0-9])"
DECISION_ID = rf"D-{DECISION_NUM}"
DECISION_ID_RE = lazy(DECISION_ID)


def is_plan_id(value: str) -> bool:
    """True when ``value`` is, as a whole, a plan id in either grammar (no trailing newline)."""
    return ANY_PLAN_ID_RE.fullmatch(value) is not None


def is_new_plan_id(value: str) -> bool:
    return NEW_PLAN_ID_RE.fullmatch(value) is not None


def is_decision_id(value: str) -> bool:
    return re.fullmatch(DECISION_ID, value) is not None


def plan_date(plan_id: str) -> str | None:
    """``YYYY-MM-DD`` from a plan id of either grammar, or None."""
    match = _DATE_RE.match(plan_id)
    return match.group(1) if match else None


def plan_instant(plan_id: str) -> datetime | None:
    """When the id was minted (UTC): date and time in the write grammar, midnight of the date in
    the legacy one; None for a non-plan id or an impossible date."""
    if not is_plan_id(plan_id):
        return None
    from datetime import datetime, timezone

    stamp = plan_id[5:22] if is_new_plan_id(plan_id) else f"{plan_id[5:15]}T000000"
    try:
        return datetime.strptime(stamp, "%Y-%m-%dT%H%M%S").replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def looks_like_plan_dir_name(name: str) -> bool:
    return PLAN_PREFIX_RE.match(name) is not None


def mint_plan_id(now: datetime | None = None) -> str:
    """A fresh id in the write grammar, from a UTC instant and 4 random bytes."""
    import secrets
    from datetime import datetime, timezone

    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    stamp = now.strftime("%Y-%m-%dT%H%M%S")
    plan_id = f"plan-{stamp}-{secrets.token_hex(4)}"
    if not is_new_plan_id(plan_id):  # pragma: no cover - guarded for safety, unreachable
        raise ValueError(f"generated plan-id {plan_id!r} does not match the plan-id grammar")
    return plan_id


def utc_timestamp(now: datetime | None = None) -> str:
    """ISO-8601 UTC with seconds and ``Z``: ``YYYY-MM-DDTHH:MM:SSZ``."""
    from datetime import datetime, timezone

    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%SZ")


_TAG_NEW_RE = lazy(r"plan-([0-9]{4}-[0-9]{2}-[0-9]{2})T[0-9]{6}-([0-9a-f]{8})")
_TAG_LEGACY_RE = lazy(r"plan_([0-9]{4}-[0-9]{2}-[0-9]{2})_([0-9a-f]{8})")


def tag_id(plan_id: str) -> str:
    """The plan's id in commit tags: the folder name without ``THHMMSS`` (legacy ``_`` as ``-``).

    ``plan-2026-07-14T051317-317362c4`` and ``plan_2026-07-14_317362c4`` both give
    ``plan-2026-07-14-317362c4``. Raises ValueError for a name in neither grammar.
    """
    match = _TAG_NEW_RE.fullmatch(plan_id) or _TAG_LEGACY_RE.fullmatch(plan_id)
    if match is None:
        raise ValueError(f"{plan_id!r} is not a plan id")
    return f"plan-{match.group(1)}-{match.group(2)}"


def commit_tag(plan_id: str, iteration: int, step: int) -> str:
    """``[<tag-id>/iter-N/step-M]``: the start of a step commit's subject (grep it with the ``]``)."""
    return f"[{tag_id(plan_id)}/iter-{iteration}/step-{step}]"


def list_sort_key(name: str) -> tuple[str, str]:
    """Order for ``list``: by the id's date (undated names last), then by full name."""
    date = plan_date(name)
    return (date if date is not None else name, name)
