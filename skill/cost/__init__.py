"""``cost``: what the skill costs an agent in bytes and estimated tokens.

* :mod:`skill.cost.model` — the results (typed, with ``as_dict()``) and the token estimate;
* :mod:`skill.cost.reads` — what a state's rules point the agent to (read from the rendered text);
* :mod:`skill.cost.sample` — the plan the per-state and per-hook figures are measured on;
* :mod:`skill.cost.measure` — the measuring, on the same renderers ``install`` and the commands use;
* :mod:`skill.cost.report` — the human table.
"""
