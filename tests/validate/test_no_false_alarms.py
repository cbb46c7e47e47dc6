"""Issue 14, item 4: every file the bundle tells an agent to write, written exactly as its template
(``emit-template --name …``) or the prose shows it, validates with no WARN in the state where it is
written; both ways of closing end in the same verdict.

One scenario, driven by the real commands: EXPLORE (findings), PLAN (plan, progress, verification
with PENDING rows, decisions), EXECUTE (checkpoint, changelog, the state.md layout), REFLECT
(results, review, hygiene report), PIVOT and a second PLAN (`# Plan v2`), CLOSE (summary).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.support.cli import run_cli
from tests.support.git import commit_all

GOAL = "Move session storage from cookies to JWT"
TOPICS = ("auth-system", "redis-store", "vault")


def template(root: Path, name: str, block: int = 0) -> str:
    """The ``block``-th fenced markdown example of ``emit-template --name <name>``."""
    done = run_cli(root, "emit-template", "--name", name)
    assert done.returncode == 0, done.stderr
    blocks = re.findall(r"^```markdown\n(.*?)^```$", done.stdout, re.M | re.S)
    return blocks[block]


def ok(root: Path, *args: str) -> None:
    done = run_cli(root, *args)
    assert done.returncode == 0, (args, done.stdout, done.stderr)


def alarms(root: Path, plan_dir: str | None = None) -> list[tuple[str, str, str]]:
    done = run_cli(root, "validate-plan", "--json", *([plan_dir] if plan_dir else []))
    assert done.returncode in (0, 1), done.stderr
    found = json.loads(done.stdout)["issues"]
    return [(i["severity"], i["slug"], i["message"]) for i in found if i["severity"] != "INFO"]


class Scenario:
    def __init__(self, root: Path) -> None:
        self.root = root
        ok(root, "bootstrap", "new", GOAL)
        self.plan_id = (root / "plans" / ".current_plan").read_text()
        self.dir = root / "plans" / self.plan_id
        self.alarms: dict[str, list[tuple[str, str, str]]] = {}
        self.decisions_tail = ""

    def write(self, name: str, text: str) -> None:
        path = self.dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("<plan-id>", self.plan_id), encoding="utf-8")

    def append(self, name: str, text: str) -> None:
        with open(self.dir / name, "a", encoding="utf-8") as handle:
            handle.write(text.replace("<plan-id>", self.plan_id))

    def source(self, rel: str, lines: dict[int, str]) -> None:
        """A source file with ``lines`` (1-based) set, blank lines elsewhere."""
        width = max(lines)
        text = "\n".join(lines.get(n, "") for n in range(1, width + 1)) + "\n"
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("<plan-id>", self.plan_id), encoding="utf-8")


def _decisions_entries(root: Path) -> tuple[str, str, str]:
    """(preamble, D-001 block, D-002 block) of the decisions template."""
    text = template(root, "decisions")
    head, rest = text.split("\n## D-001", 1)
    first, second = rest.split("\n## D-002", 1)
    return head + "\n", "\n## D-001" + first, "\n## D-002" + second


def _verification_in_plan(root: Path) -> str:
    """verification.md as the plan-writer leaves it: the bootstrap template, one PENDING row per
    Success Criterion (state-plan: "method from the Verification Strategy, result PENDING")."""
    from skill.plans.render import render

    text = render("verification", plan_id="x")
    rows = (
        "| 1 | A token from host A is accepted by hosts B and C | test | `pytest tests/auth -k cross_host` | PENDING | - |\n"
        "| 2 | A revoked token is rejected within 60 s | test | `pytest tests/auth -k revoke` | PENDING | - |"
    )
    return text.replace("| 1 | *To be populated during PLAN* | - | - | PENDING | - |", rows)


REVIEW = """# Adversarial Review — Iteration {n}

## Concerns
1. [NOTE] the cross-host test shares one process — tests/auth/test_cross.py:10 — add a two-process run

## Blind Spots
- mobile clients: no environment

## Verdict
READY_TO_CLOSE
"""

HYGIENE = """# Hygiene Sweep — Iteration {n}

Scanner: exit 0. Categories: 5 ran, 0 degraded.

## Inherited
Total: 0 — not this plan's regression, not remediated here.

## Introduced
(none)

## Verdict
CLEAN
"""


def to_reflect(root: Path) -> Scenario:
    """A plan taken from EXPLORE to REFLECT, every file written from its template on the way;
    ``run.alarms[state]`` holds what the validator reported in each state."""
    run = Scenario(root)
    # EXPLORE: the findings index and one topic file per slug it links
    run.write("findings.md", template(root, "findings", 0))
    for slug in TOPICS:
        run.write(f"findings/{slug}.md", template(root, "findings", 1))
    run.alarms["EXPLORE"] = alarms(root)
    ok(root, "transition", "PLAN", "--note", "3 findings", "--confidence", "scope=adequate,solutions=open,risks=partial")
    # PLAN: the plan-writer's files
    head, first, second = _decisions_entries(root)
    run.decisions_tail = second
    run.write("plan.md", template(root, "plan").replace("[x] Add", "[ ] Add").replace(" ← CURRENT", ""))
    run.write("progress.md", template(root, "progress"))
    run.write("verification.md", _verification_in_plan(root))
    run.write("decisions.md", head + first)
    run.source("src/auth/token.py", {40: "# DECISION <plan-id>/D-001: verify on each host, never share sessions"})
    run.source("src/auth/session.py", {12: "# DECISION <plan-id>/D-001: tokens, not the Redis store"})
    commit_all(root, "source")
    run.alarms["PLAN"] = alarms(root)
    ok(root, "transition", "EXECUTE", "--user", "approved, go ahead")
    # EXECUTE: a checkpoint and the changelog, as their templates show them
    run.write("checkpoints/cp-001-iter1.md", template(root, "checkpoints"))
    run.append("changelog.md", "\n".join(template(root, "changelog").splitlines()[4:]) + "\n")
    run.alarms["EXECUTE"] = alarms(root)
    ok(root, "transition", "REFLECT")
    # REFLECT: results, the review, the hygiene report
    run.write("verification.md", template(root, "verification"))
    run.write("findings/review-iter-1.md", REVIEW.format(n=1))
    run.write("findings/hygiene-iter-1.md", HYGIENE.format(n=1))
    run.alarms["REFLECT"] = alarms(root)
    return run


@pytest.fixture(scope="module")
def reflect_scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    from tests.support.git import init_repo

    return to_reflect(init_repo(tmp_path_factory.mktemp("templates") / "proj"))


@pytest.mark.parametrize("state", ["EXPLORE", "PLAN", "EXECUTE", "REFLECT"])
def test_templates_raise_no_alarm_where_they_are_written(reflect_scenario: Scenario, state: str) -> None:
    assert reflect_scenario.alarms[state] == []


def test_state_md_as_its_template_shows_it(tmp_path: Path) -> None:
    from tests.support.git import init_repo

    root = init_repo(tmp_path / "proj")
    run = Scenario(root)
    run.write("state.md", template(root, "state"))
    run.write("findings.md", template(root, "findings", 0))
    for slug in TOPICS:
        run.write(f"findings/{slug}.md", template(root, "findings", 1))
    run.write("plan.md", template(root, "plan"))
    run.write("progress.md", template(root, "progress"))
    assert [a for a in alarms(root) if a[1] not in ("plan", "verdict")] == []


def _ready_to_close(run: Scenario) -> None:
    """REFLECT's verification.md with every criterion passed: the template's values changed, its
    layout kept; then summary.md from its template (the archivist writes it before close)."""
    text = template(run.root, "verification").replace("| FAIL | manual review — observed acceptance at 75 s |",
                                                      "| PASS | manual review — observed rejection at 41 s |")
    run.write("verification.md", text.replace("Criteria passed: 1/2", "Criteria passed: 2/2").replace("→ PIVOT", "→ CLOSE"))
    run.write("summary.md", template(run.root, "summary"))


def test_pivot_and_plan_v2_as_the_prose_says(reflect_scenario: Scenario) -> None:
    run, root = reflect_scenario, reflect_scenario.root
    ok(root, "transition", "PIVOT", "--note", "revoked tokens accepted too long")
    run.append("decisions.md", run.decisions_tail)  # the REFLECT → PIVOT entry of the template
    assert alarms(root) == []
    ok(root, "transition", "PLAN", "--note", "read the token before the legacy middleware", "--user", "yes, re-plan")
    plan_v2 = template(root, "plan").replace("# Plan v1:", "# Plan v2:").replace("[x] Add", "[ ] Add")
    run.write("plan.md", plan_v2.replace(" ← CURRENT", ""))  # R-PLAN-08: v = the iteration it runs in
    assert alarms(root) == []
    ok(root, "transition", "EXECUTE", "--user", "approved, go ahead")
    assert alarms(root) == []


@pytest.mark.parametrize("how", ["transition", "bootstrap"])
def test_both_ways_of_closing_end_in_the_same_verdict(tmp_path: Path, how: str) -> None:
    from tests.support.git import init_repo

    run = to_reflect(init_repo(tmp_path / "proj"))
    _ready_to_close(run)
    assert alarms(run.root) == []
    if how == "transition":
        ok(run.root, "transition", "CLOSE", "--user", "close it")
    else:
        ok(run.root, "bootstrap", "close")
    assert alarms(run.root, run.plan_id) == []
