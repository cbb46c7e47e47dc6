"""How a blast-radius verdict is printed: the one-token line, the verbose line, or JSON."""

from __future__ import annotations

import json
from typing import Any

from skill.blast.score import BlastResult


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
            "deps": {"score": s.deps, "count": s.dep_count},
            "shared": {"score": s.shared, "match": s.shared_match},
            "api": {"score": s.api, "hits": s.api_hits},
            "tests": {"score": s.tests, "hit": s.test_hit},
            "hist": {"score": s.hist, "prior": s.prior},
        },
    }


def as_json(result: BlastResult) -> str:
    return json.dumps(as_dict(result), ensure_ascii=False, separators=(",", ":"))


def as_line(result: BlastResult, verbose: bool = False) -> str:
    if not verbose or result.signals is None:
        return result.token
    s = result.signals
    return (
        f"{result.token} loc={s.loc}(+{s.added},-{s.removed}) deps={s.deps}({s.dep_count}) "
        f"shared={s.shared} api={s.api}({s.api_hits}) tests={s.tests} hist={s.hist}"
    )
