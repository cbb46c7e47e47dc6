"""No sequence of `step`, `attempt`, `transition` and `bootstrap` commands reopens the leash.

A random walk through the library's commands (the functions the CLI calls, in-process for speed)
on a real plan folder. After every command the gate must answer what the protocol says: in EXECUTE,
`leash-cap` exactly when the current step has two attempts in this iteration since the last
protocol exit (the user's REFLECT → EXECUTE, a PIVOT, a new iteration).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from skill.errors import SkillError
from skill.lifecycle.new import create_plan
from skill.lifecycle.reset import reset_attempts
from skill.plans import attempts
from skill.plans.store import Store
from skill.transitions.attempt import attempt
from skill.transitions.step import step
from skill.transitions.transition import transition
from skill.validate.gate import run as gate
from tests.transitions.helpers import FINDINGS_MD, PLAN_MD, pivot_entry

OPS = st.sampled_from([
    ("attempt", "failed"), ("attempt", "failed"), ("attempt", "failed"), ("attempt", "passed"),
    ("step", "next"), ("step", 1), ("step", 2), ("step", 3),
    ("reset", None), ("move", "REFLECT"), ("move", "EXECUTE"), ("user", "EXECUTE"),
    ("move", "PIVOT"), ("user", "PLAN"), ("user", "EXECUTE"),
])


def prepared(root: Path) -> Store:
    store = Store(root)
    folder = create_plan(store, "walk").plan_dir
    (folder / "findings.md").write_text(FINDINGS_MD, encoding="utf-8")
    transition(store, "PLAN", note="ready", confidence="scope=deep,solutions=open,risks=clear")
    (folder / "plan.md").write_text(PLAN_MD.format(version=1), encoding="utf-8")
    transition(store, "EXECUTE", user="go")
    return store


def fields(store: Store) -> tuple[str, int, int | None]:
    text = (store.plans_dir / (store.plans_dir / ".current_plan").read_text() / "state.md").read_text()
    return text.split("# Current State: ")[1].split("\n")[0], attempts.iteration_of(text), attempts.step_of(text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(OPS, min_size=3, max_size=16))
def test_no_walk_reopens_the_leash(ops: list[tuple[str, object]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = prepared(Path(tmp))
        failures: dict[tuple[int, int | None], int] = {}
        for kind, value in ops:
            before = fields(store)
            try:
                if kind == "attempt":
                    attempt(store, what="x", result=str(value))
                elif kind == "step":
                    step(store, action="next") if value == "next" else step(store, action="set", number=int(str(value)))
                elif kind == "reset":
                    reset_attempts(store)
                elif kind == "move":
                    transition(store, str(value), note="walk")
                else:
                    if before[0] == "PIVOT":
                        pivot_entry(Path(tmp))
                    transition(store, str(value), user="the user said so")
            except SkillError:
                assert fields(store) == before, (kind, value)
                continue
            state, iteration, current = fields(store)
            if kind == "attempt":
                failures[(iteration, current)] = failures.get((iteration, current), 0) + 1
            elif (before[0], state) in (("REFLECT", "EXECUTE"), ("REFLECT", "PIVOT")):
                failures = {key: n for key, n in failures.items() if key[0] != iteration}
            if state == "EXECUTE":
                slug = gate(Path(tmp)).slug
                expected = "leash-cap" if failures.get((iteration, current), 0) >= 2 else None
                event(f"gate {slug}")
                assert slug == expected, (ops, kind, value, failures)
