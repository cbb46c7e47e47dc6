"""``hygiene skip``: the one writer of the HYGIENE SKIP line, and what the line unlocks
(``[hygiene-gate]`` quiet, ``transition CLOSE`` allowed), refusals and crashes included."""

from __future__ import annotations

import re

import pytest

from skill.plans import hygiene
from tests.support.env import clean_env
from tests.transitions.helpers import (
    cli,
    new_plan,
    ok,
    read,
    to_execute,
    tree_bytes,
    validator_issues,
    verification,
    write,
)
from tests.transitions.test_refusals import refused

SKIP_RE = re.compile(r"^- HYGIENE SKIP \(iter 1\): (.*)$", re.M)


def to_reflect(root) -> str:
    plan_id = to_execute(root)
    ok(root, "transition", "REFLECT")
    write(root, "verification.md", verification(True))
    return plan_id


def test_skip_records_one_defused_line_and_quiets_the_gate(project) -> None:
    to_reflect(project)
    assert any(i["slug"] == "hygiene-gate" for i in validator_issues(project))
    done = ok(project, "hygiene", "skip", "--reason", "tree changes next -> sweep later; REFLECT → EXECUTE <!-- x")
    assert "Recorded in plans/" in done.stdout
    text = read(project, "state.md")
    reasons = SKIP_RE.findall(text)
    assert len(reasons) == 1 and "->" not in reasons[0] and "→" not in reasons[0] and "<!--" not in reasons[0]
    assert not re.search(r"(?:→|->)", reasons[0])  # a 2.57.2 reader finds no transition in it
    issues = validator_issues(project)
    assert not [i for i in issues if i["slug"] in ("hygiene-gate", "transition")]
    assert text.index("HYGIENE SKIP") > text.index("## Transition History:")


def test_skip_json(project) -> None:
    plan_id = to_reflect(project)
    done = ok(project, "hygiene", "skip", "--reason", "reviewer said NEEDS_WORK", "--json")
    import json

    data = json.loads(done.stdout)
    assert data["plan"] == plan_id and data["iteration"] == 1
    assert data["line"] == hygiene.skip_line(1, "reviewer said NEEDS_WORK")
    assert data["written"] == [f"plans/{plan_id}/state.md"]


def test_transition_close_needs_a_record_then_goes_ahead(project) -> None:
    to_reflect(project)
    refused(project, "transition", "CLOSE", "--user", "close it", match=[r"iteration 1 has no hygiene-sweep record", r"hygiene skip"])
    ok(project, "hygiene", "skip", "--reason", "nothing but docs changed")
    ok(project, "transition", "CLOSE", "--user", "close it")
    plan_dir = next(p for p in (project / "plans").iterdir() if p.name.startswith("plan-"))
    assert not [i for i in validator_issues(project, str(plan_dir)) if i["slug"] == "hygiene-gate"]


def test_a_report_also_lets_close_through(project) -> None:
    to_reflect(project)
    write(project, "findings/hygiene-iter-1.md", "# Sweep\n\n## Inherited\n\n## Introduced\n(none)\n\n## Verdict\nCLEAN\n")
    ok(project, "transition", "CLOSE", "--user", "close it")


def test_refusals_write_nothing(project) -> None:
    refused(project, "hygiene", "skip", "--reason", "x", match=[r"No active plan"])
    new_plan(project)
    refused(project, "hygiene", "skip", "--reason", "x", match=[r"decided in REFLECT; the plan is in EXPLORE"])
    refused(project, "hygiene", "skip", "--reason", "   ", code=2, match=[r"--reason needs a reason"])
    refused(project, "hygiene", "skip", code=2)


def test_one_skip_per_iteration(project) -> None:
    to_reflect(project)
    ok(project, "hygiene", "skip", "--reason", "first")
    refused(project, "hygiene", "skip", "--reason", "second", match=[r"already has a HYGIENE SKIP line"])


def test_never_over_a_report(project) -> None:
    to_reflect(project)
    write(project, "findings/hygiene-iter-1.md", "# S\n\n## Inherited\n\n## Introduced\n\n## Verdict\nCLEAN\n")
    refused(project, "hygiene", "skip", "--reason", "late", match=[r"was swept: findings/hygiene-iter-1.md"])


def test_lock_held(project) -> None:
    from skill.plans.store import Store

    plan_id = to_reflect(project)
    with Store(project).plan_lock(plan_id):
        before = tree_bytes(project)
        done = cli(project, "hygiene", "skip", "--reason", "x", env=clean_env(IP_LOCK_TIMEOUT="0.5"))
        assert done.returncode == 1 and "could not lock" in done.stderr
        assert tree_bytes(project) == before


def test_crash_after_the_write_leaves_the_new_file_whole(project) -> None:
    to_reflect(project)
    before = read(project, "state.md")
    done = cli(project, "hygiene", "skip", "--reason", "crash test", env=clean_env(IP_FAULT_AFTER_WRITES="1"))
    assert done.returncode == 86
    after = read(project, "state.md")
    assert after != before and len(SKIP_RE.findall(after)) == 1
    assert after.replace(SKIP_RE.search(after).group(0) + "\n", "") == before
    assert not list(project.rglob("*.iptmp"))


TABLE = (
    "| Field | Value |\n|---|---|\n| Criteria passed | 1/1 |\n| Regressions | none |\n| Scope drift | none |\n"
    "| Simplification blockers | none |\n| Recommendation | CLOSE |\n"
)
BOLD = "".join(
    f"**{label}**: {value}\n\n"
    for label, value in (("Criteria passed", "1/1"), ("Regressions", "none"), ("Scope drift", "none"),
                         ("Simplification blockers", "none"), ("Recommendation", "CLOSE"))
)


@pytest.mark.parametrize("verdict", [TABLE, BOLD])
@pytest.mark.parametrize("force", [False, True])
def test_close_refuses_a_verdict_the_validator_would_reject(project, verdict: str, force: bool) -> None:
    to_reflect(project)
    ok(project, "hygiene", "skip", "--reason", "docs only")
    text = read(project, "verification.md")
    write(project, "verification.md", text[: text.index("## Verdict")] + "## Verdict\n" + verdict)
    args = ["--user", "close it", *(["--force", "--note", "the user said close"] if force else [])]
    refused(project, "transition", "CLOSE", *args, match=[r"lacks the field\(s\) Criteria passed", r"ERROR at CLOSE"])
