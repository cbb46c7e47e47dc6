"""What the agent writes by hand in the scenario: the project's code and the plans' content files.

Each plan-file text follows its template (``emit-template --name …``) or the agent prompt that
asks for it; nothing here is bookkeeping that a command writes.
"""

from __future__ import annotations

# -- the project: a small cache package with its tests ------------------------------------------

INIT_PY = '''"""tinycache: a small in-memory cache."""

from tinycache.store import Store

__all__ = ["Store"]
'''

STORE_PY = '''"""The cache itself."""


class Store:
    def __init__(self):
        self._items = {}

    def set(self, key, value):
        self._items[key] = value

    def get(self, key, default=None):
        return self._items.get(key, default)
'''

TEST_STORE_PY = '''from tinycache import Store


def test_set_then_get():
    store = Store()
    store.set("a", 1)
    assert store.get("a") == 1


def test_missing_key_gives_default():
    assert Store().get("nope", 7) == 7
'''

CLOCK_PY = '''"""Time for expiry checks: monotonic, so wall-clock jumps never expire entries early."""

import time


def now():
    return time.monotonic()
'''

STORE_TTL_BROKEN_PY = '''"""The cache itself."""

import time


class Store:
    def __init__(self):
        self._items = {}

    def set(self, key, value, ttl=None):
        self._items[key] = (value, time.time() + ttl)

    def get(self, key, default=None):
        value, expires = self._items.get(key, (default, None))
        return value if expires > time.time() else default
'''

STORE_TTL_PY = '''"""The cache itself."""

from tinycache import clock


class Store:
    def __init__(self):
        self._items = {}

    def set(self, key, value, ttl=None):
        expires = None if ttl is None else clock.now() + ttl
        self._items[key] = (value, expires)

    def get(self, key, default=None):
        if key not in self._items:
            return default
        value, expires = self._items[key]
        if expires is not None and clock.now() >= expires:
            del self._items[key]
            return default
        return value
'''

STORE_TTL_DOC_PY = STORE_TTL_PY.replace(
    "    def set(self, key, value, ttl=None):\n",
    '    def set(self, key, value, ttl=None):\n        """Store ``value``; with ``ttl`` (seconds) it expires after that long."""\n',
)

TEST_TTL_PY = TEST_STORE_PY + '''

def test_entry_expires(monkeypatch):
    from tinycache import clock

    now = [100.0]
    monkeypatch.setattr(clock, "now", lambda: now[0])
    store = Store()
    store.set("a", 1, ttl=5)
    assert store.get("a") == 1
    now[0] = 105.0
    assert store.get("a") is None
'''

INIT_CLOCK_PY = '''"""tinycache: a small in-memory cache."""

from tinycache import clock
from tinycache.store import Store

__all__ = ["Store", "clock"]
'''

# Plan 2: a default TTL per store.
STORE_DEFAULTS_BROKEN_PY = STORE_TTL_DOC_PY.replace(
    "    def __init__(self):\n        self._items = {}\n",
    "    def __init__(self, defaults):\n        self._items = {}\n        self._defaults = defaults\n",
)
STORE_DEFAULT_TTL_PY = STORE_TTL_DOC_PY.replace(
    "    def __init__(self):\n        self._items = {}\n",
    "    def __init__(self, default_ttl=None):\n        self._items = {}\n        self._default_ttl = default_ttl\n",
).replace(
    "        expires = None if ttl is None else clock.now() + ttl\n",
    "        ttl = self._default_ttl if ttl is None else ttl\n"
    "        expires = None if ttl is None else clock.now() + ttl\n",
)
TEST_DEFAULT_TTL_PY = TEST_TTL_PY + '''

def test_default_ttl_applies(monkeypatch):
    from tinycache import clock

    now = [0.0]
    monkeypatch.setattr(clock, "now", lambda: now[0])
    store = Store(default_ttl=2)
    store.set("a", 1)
    now[0] = 3.0
    assert store.get("a") is None
'''
README_MD = "# tinycache\n\n`Store(default_ttl=seconds)` expires every entry after that long unless `set` gives a ttl.\n"

# -- plan files ---------------------------------------------------------------------------------


def topic(title: str, summary: str, finding: str) -> str:
    """A findings/<slug>.md file with the five sections the template requires."""
    return f"""# {title}

## Summary
{summary}

## Key Findings
- {finding}

## Constraints
- [HARD] the public API `Store.get`/`Store.set` keeps working for existing callers — `tinycache/store.py:4`

## Code Patterns
- [REUSE] `tinycache/store.py:5` — a plain dict holds the entries

## Risks & Unknowns
- None found beyond the constraint above.
"""


PLAN1 = """# Plan v1

## Goal
Add expiry (TTL) to tinycache.Store.

## Problem Statement
Entries never expire; callers want `set(key, value, ttl=seconds)`. Done when an entry past its ttl reads as missing.

## Context
Store keeps entries in a dict (findings/store.md); tests run with pytest (findings/tests.md).

## Files To Modify
- tinycache/clock.py: new, a monotonic now()
- tinycache/store.py: ttl on set, expiry on get
- tests/test_store.py: expiry tests
- tinycache/__init__.py: export clock

## Steps
1. [ ] Add tinycache/clock.py with a monotonic now() [RISK: low]
2. [ ] Store.set takes ttl; get drops expired entries [RISK: medium] [deps: 1]
3. [ ] Expiry tests in tests/test_store.py [RISK: low] [deps: 2]
4. [ ] Export clock from tinycache/__init__.py [RISK: low] [deps: 1]

## Assumptions
- Callers pass ttl in seconds (findings/store.md).

## Failure Modes
| Dependency | Slow | Bad Data | Down | Blast Radius |
|---|---|---|---|---|
| clock | n/a | a negative ttl | n/a | expiry only |

## Pre-Mortem & Falsification Signals
- STOP IF an existing test fails after step 2.

## Success Criteria
- An entry past its ttl reads as missing.
- Existing callers without ttl behave as before.

## Verification Strategy
- Criterion 1: `python -m pytest -q tests` — test_entry_expires passes
- Criterion 2: `python -m pytest -q tests` — the two old tests pass

## Complexity Budget
- Files added: 0/3 max
- New abstractions (classes/modules/interfaces): 0/2 max
- Lines added vs removed: +0/-0 (target: net negative or neutral)
"""

PLAN2_V1 = """# Plan v1

## Goal
Give each Store a default TTL.

## Problem Statement
Every caller repeats the same ttl; a store-wide default removes that. Done when `set` without ttl uses the default.

## Context
Expiry exists since the previous plan (plans/FINDINGS.md); the constructor takes no arguments today.

## Files To Modify
- tinycache/store.py: a defaults table passed to the constructor

## Steps
1. [ ] Store takes a required defaults table [RISK: medium]
2. [ ] Document it in README.md [RISK: low] [deps: 1]

## Assumptions
- No caller constructs Store with arguments today.

## Failure Modes
| Dependency | Slow | Bad Data | Down | Blast Radius |
|---|---|---|---|---|
| callers | n/a | missing table | n/a | every Store() call |

## Pre-Mortem & Falsification Signals
- STOP IF `Store()` without arguments breaks.

## Success Criteria
- `Store(default_ttl=2)` expires entries set without ttl.

## Verification Strategy
- Criterion 1: `python -m pytest -q tests` — all tests pass

## Complexity Budget
- Files added: 0/3 max
- New abstractions (classes/modules/interfaces): 0/2 max
- Lines added vs removed: +0/-0 (target: net negative or neutral)
"""

PLAN2_V2 = PLAN2_V1.replace("# Plan v1", "# Plan v2").replace(
    "- tinycache/store.py: a defaults table passed to the constructor",
    "- tinycache/store.py: an optional default_ttl argument\n- tests/test_store.py: a default-ttl test",
).replace(
    "1. [ ] Store takes a required defaults table [RISK: medium]\n2. [ ] Document it in README.md [RISK: low] [deps: 1]",
    "1. [ ] Store takes an optional default_ttl [RISK: low]\n2. [ ] A default-ttl test [RISK: low] [deps: 1]",
)
PLAN2_V2_DRIFTED = PLAN2_V2.replace(
    "2. [ ] A default-ttl test [RISK: low] [deps: 1]",
    "2. [ ] A default-ttl test [RISK: low] [deps: 1]\n3. [ ] Document default_ttl in README.md [RISK: low] [deps: 1]",
)


HYGIENE_REPORT = """# Hygiene sweep: iteration 1

## Inherited
- total: 0

## Introduced
(none)

## Verdict
CLEAN
"""


def summary(plan_id: str, outcome: str, iterations: list[str]) -> str:
    return f"""# Summary: {outcome}
*Plan: {plan_id}*
{outcome}

## Outcome
{outcome}
## Iterations: {len(iterations)}
""" + "\n".join(f"- {line}" for line in iterations) + """
## Key Decisions
- D-001: the approach the plan took
## Files Changed
- tinycache/store.py
## Decision Anchors Registry
- none: no anchors in code
## Lessons
- Expiry checks read a monotonic clock.
"""
