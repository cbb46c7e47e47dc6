"""Checked moves on a plan: ``transition``, ``attempt``, ``step`` and ``approve``.

The protocol's states and moves are data in :mod:`skill.plans.protocol`; every command here is one
checked edit (:mod:`skill.plans.edit`) of the active plan.

* :mod:`transition` — ``transition STATE``; :mod:`close` — ``transition CLOSE``;
* :mod:`attempt` — ``attempt``; :mod:`step` — ``step next`` / ``step set N``;
* :mod:`approve` — ``approve --user``: a re-approval of plan.md during EXECUTE;
* :mod:`moves` — the rewrites a move makes; :mod:`conditions` — its entry conditions;
* :mod:`records` — approvals, progress items and the working-tree baseline a move stages;
* :mod:`gitwork` — the working tree through git (changed files, line counts, the step commit);
* :mod:`advice` — the next command for the live state (``emit-state``'s "Next:" line);
* :mod:`common` — the active plan and its state; :mod:`outcome` — the result type.
"""
