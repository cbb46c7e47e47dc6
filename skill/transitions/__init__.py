"""Checked moves on a plan: ``transition``, ``attempt`` and ``step``.

The protocol's states and moves are data in :mod:`skill.plans.protocol`; every command here is one
checked edit (:mod:`skill.plans.edit`) of the active plan.

* :mod:`transition` — ``transition STATE``; :mod:`close` — ``transition CLOSE``;
* :mod:`attempt` — ``attempt``; :mod:`step` — ``step next`` / ``step set N``;
* :mod:`moves` — the rewrites a move makes; :mod:`conditions` — its entry conditions;
* :mod:`common` — the active plan and its state; :mod:`outcome` — the result type.
"""
