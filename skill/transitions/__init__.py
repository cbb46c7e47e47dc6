"""Checked moves on a plan: ``transition``, ``attempt`` and ``step``.

* :mod:`machine` — the protocol's edges and what each one demands, as data.
* :mod:`state_edit` — pure rewrites of state.md (and the step marker of plan.md).
* :mod:`checks` — the entry conditions, read from the plan files.
* :mod:`commands` — read, check, validate and write, under the plan's lock.
"""
