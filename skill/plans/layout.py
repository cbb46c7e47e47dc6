"""What the plan files contain, as data: read by the validator, the checked commands and export."""

from __future__ import annotations

import re

#: Per-plan files (``<name>.md``) in the order ``new`` writes them.
PLAN_FILES: tuple[str, ...] = ("state", "plan", "decisions", "findings", "progress", "verification", "changelog")

#: plan.md's sections, in order (headings are ``## <name>``).
PLAN_SECTIONS: tuple[str, ...] = (
    "Goal",
    "Problem Statement",
    "Context",
    "Files To Modify",
    "Steps",
    "Assumptions",
    "Failure Modes",
    "Pre-Mortem & Falsification Signals",
    "Success Criteria",
    "Verification Strategy",
    "Complexity Budget",
)

#: verification.md's ``## Verdict`` items, in their required order: (pattern, label).
VERDICT_ITEMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"criteria pass(?:ed|\s+count)", re.IGNORECASE), "Criteria passed"),
    (re.compile(r"regressions", re.IGNORECASE), "Regressions"),
    (re.compile(r"scope drift", re.IGNORECASE), "Scope drift"),
    (re.compile(r"simplification blockers", re.IGNORECASE), "Simplification blockers"),
    (re.compile(r"recommend(?:ed|ation)", re.IGNORECASE), "Recommended transition"),
)

# -- protocol limits (the gate, the validator and the checked commands share them) --------------

#: Fix attempts allowed per plan step (the Autonomy Leash); the gate stops the next one.
LEASH_CAP = 2
#: Iteration at which decomposition analysis becomes mandatory (WARN).
ITERATION_WARN = 5
#: Iteration that must not be entered (ERROR; the gate and `transition` refuse it).
ITERATION_LIMIT = 6
