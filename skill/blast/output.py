"""How a blast-radius verdict is printed: the one-token line, the verbose line, or JSON."""

from __future__ import annotations

import json
from typing import Any

from skill.blast.score import BlastResult, Signals


def as_dict(result: BlastResult) -> dict[str, Any]:
    """The JSON object, keys in the original's order."""
    if result.reason is not None or result.signals is None:
        return {"tier": "UNKNOWN", "reason": result.reason, "file": result.file}
    s = result.signals
    return {
        "tier": result.tier,
        "score": result.score,
        "file": result.file,
        "signals": {
            "loc": {"score": s.loc, "added": s.added, "removed": s.removed},
            "deps": _deps(s),
            "shared": {"score": s.shared, "match": s.shared_match},
            "api": {"score": s.api, "hits": s.api_hits},
            "tests": {"score": s.tests, "hit": s.test_hit},
            "hist": {"score": s.hist, "prior": s.prior},
        },
    }


def _deps(s: Signals) -> dict[str, Any]:
    """The deps object: the original's score and count, then how they were found."""
    out: dict[str, Any] = {
        "score": s.deps,
        "count": s.dep_count,
        "tests": s.dep_tests,
        "typeOnly": s.dep_type_only,
        "method": s.dep_method,
    }
    if s.dep_transitive is not None:
        out["transitive"] = s.dep_transitive
    return out


def as_json(result: BlastResult) -> str:
    return json.dumps(as_dict(result), ensure_ascii=False, separators=(",", ":"))


def as_line(result: BlastResult, verbose: bool = False) -> str:
    if not verbose or result.signals is None:
        return result.token
    s = result.signals
    return (
        f"{result.token} loc={s.loc}(+{s.added},-{s.removed}) deps={s.deps}({s.dep_count}) "
        f"shared={s.shared} api={s.api}({s.api_hits}) tests={s.tests} hist={s.hist}"
        f" | {_fan_in(s)}"
    )


def _fan_in(s: Signals) -> str:
    """The verbose tail: how the importers were counted."""
    if s.dep_method != "imports":
        return f"importers by text search: {s.dep_count}"
    words = f"importers: {s.dep_count} direct, {s.dep_tests} tests, {s.dep_type_only} type-only"
    if s.dep_transitive is not None:
        words += f", {s.dep_transitive} transitive"
    return words
