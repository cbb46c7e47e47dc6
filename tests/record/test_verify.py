"""`verify run/set/check/verdict` in REFLECT, on a real git project with real commands."""

from __future__ import annotations

import json
import re
import time

import pytest

from skill.plans import verification
from skill.plans.markdown import extract_section
from tests.record.helpers import (
    APPROVAL,
    APPROVAL_KW,
    BASE_DECISION,
    clean_after,
    cli,
    ok,
    project,
    to_execute,
    to_reflect,
    tree_bytes,
)
from tests.support.git import commit_all

ROW = re.compile(r"^\| (\d+) \|")


def rows(plan_dir) -> dict[int, list[str]]:  # type: ignore[no-untyped-def]
    return verification.criteria((plan_dir / "verification.md").read_text())


def test_run_records_each_command_with_evidence_and_its_output(root):
    plan_dir = to_reflect(root)
    result = clean_after(root, "verify", "run", "--json")
    data = json.loads(result.stdout)
    assert [(c["criterion"], c["result"], c["exit_status"]) for c in data["criteria"]] == [(1, "PASS", 0), (2, "PASS", 0)]
    found = rows(plan_dir)
    assert sorted(found) == [1, 2]  # criterion 3 has no command: left for `verify set`
    assert found[1][:5] == ["1", "f returns 2", "automated", "`grep -q 'return 2' src/app.py`", "PASS"]
    assert re.fullmatch(r"exit 0 after \d+\.\ds; no output \(log: verify-output/criterion-1-iter1\.log\)", found[1][5])
    assert found[2][3] == r"`test -f src/app.py && echo 'app \| present'`"
    assert found[2][5].endswith('last line: "app \\| present" (log: verify-output/criterion-2-iter1.log)')
    log = (plan_dir / "verify-output" / "criterion-2-iter1.log").read_text()
    assert log.endswith("app | present\n") and "# result: exit 0 after" in log
    assert "*To be populated during PLAN*" not in (plan_dir / "verification.md").read_text()


def test_a_failing_command_is_a_fail_row_never_a_crash(root):
    plan_dir = to_reflect(root, done=False)
    (root / "src" / "app.py").write_text("def f():\n    return 1\n")
    result = clean_after(root, "verify", "run", "1")
    assert "Criterion 1: FAIL (exit 1 after" in result.stdout
    assert rows(plan_dir)[1][4] == "FAIL"
    assert sorted(rows(plan_dir)) == [1]


def test_a_command_over_its_time_is_killed_with_its_children(root):
    plan_dir = to_reflect(root)
    path = plan_dir / "plan.md"
    path.write_text(path.read_text().replace(
        "`grep -q 'return 2' src/app.py`", "`(sleep 2; touch late.txt) & sleep 30`"))
    started = time.monotonic()
    result = ok(root, "verify", "run", "1", "--timeout", "0.5")
    assert time.monotonic() - started < 10
    assert "FAIL (timed out after 0.5s (process group killed)" in result.stdout
    time.sleep(2.5)
    assert not (root / "late.txt").exists()


def test_long_output_is_capped_in_the_log(root):
    plan_dir = to_reflect(root)
    path = plan_dir / "plan.md"
    path.write_text(path.read_text().replace("`grep -q 'return 2' src/app.py`", "`seq 1 200000`"))
    ok(root, "verify", "run", "1")
    log = (plan_dir / "verify-output" / "criterion-1-iter1.log").read_text()
    assert "# output: the last 256 KiB only" in log and log.endswith("199999\n200000\n")
    assert len(log.encode()) < 300 * 1024
    assert 'last line: "200000"' in rows(plan_dir)[1][5]


def test_set_records_a_criterion_checked_by_hand(root):
    plan_dir = to_reflect(root)
    clean_after(root, "verify", "set", "3", "pass", "--evidence", "manual review — README.md says 2")
    assert rows(plan_dir)[3] == ["3", "the docs say 2", "manual", "read README.md.", "PASS",
                                 "manual review — README.md says 2"]
    before = tree_bytes(root)
    for args, code, message in [
        (("3", "PASS", "--evidence", "ok"), 1, 'weak Evidence: "ok"'),
        (("3", "PASS", "--evidence", "done"), 1, "single word"),
        (("9", "PASS", "--evidence", "manual review — x"), 1, "no criterion 9"),
        (("3", "MAYBE", "--evidence", "x y"), 2, "MAYBE"),
        (("0", "PASS", "--evidence", "x y"), 2, "0"),
    ]:
        result = cli(root, "verify", "set", *args)
        assert result.returncode == code and message in result.stderr, (args, result.stderr)
    assert tree_bytes(root) == before


def test_checks_regression_diff_and_scope(root):
    plan_dir = to_reflect(root)
    clean_after(root, "verify", "check", "regression", "--result", "PASS", "--details", "14 passed", "--command", "pytest -q")
    clean_after(root, "verify", "check", "diff", "--result", "FAIL", "--details", "a debug print at src/app.py:3")
    result = clean_after(root, "verify", "check", "scope", "--json")
    assert json.loads(result.stdout)["changed"] == ["src/app.py"]
    checks = verification.checks((plan_dir / "verification.md").read_text())
    assert checks["regression"] == ["Regression", "pytest -q", "PASS", "14 passed"]
    assert checks["diff review"][2:] == ["ISSUES", "a debug print at src/app.py:3"]
    assert checks["scope drift"][2:] == ["CLEAN", "1 changed file(s), all in Files To Modify"]
    assert "git diff" in checks["scope drift"][1]
    (root / "stray.py").write_text("x = 1\n")
    ok(root, "verify", "check", "scope")
    checks = verification.checks((plan_dir / "verification.md").read_text())
    assert checks["scope drift"][2:] == ["DRIFT", "unplanned: stray.py (1 of 2 changed)"]


def test_scope_ignores_the_plans_folder_and_bootstraps_gitignore_entries(tmp_path):
    from skill.plans.store import Store
    from skill.transitions.step import step
    from skill.transitions.transition import transition
    from tests.record.helpers import PLAN_MD, add_findings
    from tests.support.plans import new_plan

    root = project(tmp_path / "p")
    plan_dir = new_plan(root)  # .gitignore now carries the plans/ entries, uncommitted
    add_findings(root)
    store = Store(root)
    transition(store, "PLAN", confidence="scope=deep,solutions=adequate,risks=clear")
    (plan_dir / "plan.md").write_text(PLAN_MD)
    transition(store, "EXECUTE", **APPROVAL_KW)
    (root / "src" / "app.py").write_text("def f():\n    return 2\n")
    ok(root, "log-edit", "--file", "src/app.py", "--reason", "2")
    commit_all(root, "step 1")
    step(store, action="next")
    step(store, action="next")
    transition(store, "REFLECT")
    result = ok(root, "verify", "check", "scope", "--json")
    assert json.loads(result.stdout)["changed"] == ["src/app.py"]
    gitignore = root / ".gitignore"
    gitignore.write_text(gitignore.read_text() + "dist/\n")
    result = ok(root, "verify", "check", "scope", "--json")
    assert json.loads(result.stdout)["unplanned"] == [".gitignore"]


def test_scope_leaves_out_files_untracked_before_the_iteration(tmp_path):
    """The installed skill (`install --scope project`) and other untracked files that were there
    when EXECUTE began are not changes of the iteration; a new untracked file is."""
    root = project(tmp_path / "p")
    (root / ".claude" / "skills").mkdir(parents=True)
    (root / ".claude" / "skills" / "SKILL.md").write_text("installed\n")
    (root / "notes.txt").write_text("mine\n")
    plan_dir = to_reflect(root)
    result = ok(root, "verify", "check", "scope", "--json")
    assert json.loads(result.stdout)["changed"] == ["src/app.py"]
    assert "CLEAN" in verification.checks((plan_dir / "verification.md").read_text())["scope drift"][2]
    (root / "new.py").write_text("x = 1\n")
    assert json.loads(ok(root, "verify", "check", "scope", "--json").stdout)["unplanned"] == ["new.py"]


def filled(root) -> None:  # type: ignore[no-untyped-def]
    ok(root, "verify", "run")
    ok(root, "verify", "set", "3", "PASS", "--evidence", "manual review — README.md says 2")
    ok(root, "verify", "check", "regression", "--result", "PASS", "--details", "3/3 green")
    ok(root, "verify", "check", "scope")


def test_verdict_is_counted_from_the_tables_and_closes_the_plan(root):
    plan_dir = to_reflect(root)
    filled(root)
    result = clean_after(root, "verify", "verdict", "--recommend", "close")
    expected = [
        "- Criteria passed: 3/3",
        "- Regressions: none (3/3 green)",
        "- Scope drift: none",
        "- Simplification blockers: none",
        "- Recommendation: → CLOSE",
    ]
    assert result.stdout.splitlines() == expected
    text = (plan_dir / "verification.md").read_text()
    assert extract_section(text, verification.VERDICT).split("\n") == expected
    assert verification.recommendation(text) == "CLOSE"
    assert strict_266_problems(extract_section(text, verification.VERDICT) or "", "CLOSE") == []
    assert "| **Convergence score** | - | - | N/A — first iteration |" in (extract_section(text, verification.CONVERGENCE) or "")
    (plan_dir / "summary.md").write_text(f"# Summary\n*Plan: {plan_dir.name}*\nf returns 2.\n")
    ok(root, "hygiene", "skip", "--reason", "a one-line change")
    ok(root, "transition", "CLOSE", *APPROVAL)


def test_verdict_refusals(root):
    plan_dir = to_reflect(root)
    before = tree_bytes(root)
    result = cli(root, "verify", "verdict", "--recommend", "PIVOT")
    assert result.returncode == 1 and "criterion 1, 2, 3 of plan.md has no PASS/FAIL row yet" in result.stderr
    ok(root, "verify", "run")
    ok(root, "verify", "set", "3", "FAIL", "--evidence", "manual review — README.md still says 1")
    result = cli(root, "verify", "verdict", "--recommend", "EXECUTE")
    assert result.returncode == 1 and "Regression check in ## Additional Checks is not filled (PENDING)" in result.stderr
    ok(root, "verify", "check", "regression", "--result", "PASS", "--details", "3 ok")
    result = cli(root, "verify", "verdict", "--recommend", "EXECUTE")
    assert result.returncode == 1 and " verify check scope` first"  in result.stderr
    ok(root, "verify", "check", "scope")
    result = cli(root, "verify", "verdict", "--recommend", "CLOSE")
    assert result.returncode == 1 and "criterion 3 did not pass" in result.stderr
    assert cli(root, "verify", "verdict", "--recommend", "WAIT").returncode == 2
    assert extract_section((plan_dir / "verification.md").read_text(), verification.VERDICT) == extract_section(
        before[f"plans/{plan_dir.name}/verification.md"].decode(), verification.VERDICT
    )
    clean_after(root, "verify", "verdict", "--recommend", "EXECUTE")
    assert "- Criteria passed: 2/3" in (plan_dir / "verification.md").read_text()


def test_blockers_rule_out_close_and_decisions_md_is_read(root):
    plan_dir = to_reflect(root)
    filled(root)
    ok(root, "decision", "add", *BASE_DECISION)
    path = plan_dir / "decisions.md"
    path.write_text(path.read_text() + "**Blocker found**: yes — a flag nobody reads\n")
    result = cli(root, "verify", "verdict", "--recommend", "CLOSE")
    assert result.returncode == 1 and "D-001 says **Blocker found**: yes" in result.stderr
    result = cli(root, "verify", "verdict", "--recommend", "CLOSE", "--blockers", "an unused flag")
    assert result.returncode == 1 and "a simplification blocker is open" in result.stderr
    clean_after(root, "verify", "verdict", "--recommend", "PIVOT", "--blockers", "an unused flag")
    verdict = extract_section(path.with_name("verification.md").read_text(), verification.VERDICT)
    assert "- Simplification blockers: yes — an unused flag" in verdict
    assert strict_266_problems(verdict, "REFLECT") == []


def test_a_pending_word_inside_a_value_is_not_pending(root):
    """Only a value that starts with PENDING is unfilled (the 2.58 field rules), so a blocker that
    mentions a pending review reads back as written."""
    to_reflect(root)
    filled(root)
    ok(root, "verify", "verdict", "--recommend", "PIVOT", "--blockers", "pending review")
    plan_id = (root / "plans" / ".current_plan").read_text().strip()
    text = (root / "plans" / plan_id / "verification.md").read_text()
    assert "- Simplification blockers: yes — pending review" in text


@pytest.mark.parametrize(
    "args",
    [
        ("verify", "run"),
        ("verify", "set", "1", "PASS", "--evidence", "12 passed"),
        ("verify", "check", "regression", "--result", "PASS", "--details", "d"),
        ("verify", "check", "scope"),
        ("verify", "verdict", "--recommend", "PIVOT"),
    ],
)
def test_verify_is_refused_outside_reflect(root, args):
    to_execute(root)
    before = tree_bytes(root)
    result = cli(root, *args)
    assert result.returncode == 1 and "verification.md records results in REFLECT" in result.stderr
    assert "the plan is in EXECUTE" in result.stderr
    assert tree_bytes(root) == before


def test_usage_of_check(root):
    to_reflect(root)
    for args in (("scope", "--result", "PASS"), ("regression",), ("regression", "--result", "PASS"), ("lint",)):
        result = cli(root, "verify", "check", *args)
        assert result.returncode == 2, (args, result.stderr)


def test_no_command_in_the_strategy(root):
    plan_dir = to_reflect(root)
    path = plan_dir / "plan.md"
    path.write_text(re.sub(r"`[^`]+` (exits|prints)", r"\1", path.read_text()))
    result = cli(root, "verify", "run")
    assert result.returncode == 1 and "has no `- Criterion N: `command`` line" in result.stderr


# -- the 2.66.0 Verdict rules (spec-266 §2.8), as a second reader -----------------------------

_FIELDS = [
    r"criteria pass(?:ed|es|ing)?(?: count)?",
    r"regressions?",
    r"scope drift",
    r"simplification blockers?",
    r"recommend(?:ation|ations|ed)?(?: (?:transition|state))?",
]


def strict_266_problems(section: str, state: str) -> list[str]:
    """Missing, out-of-order or PENDING fields, read the way 2.66.0 reads a Verdict."""
    found: list[tuple[int, str]] = []
    for line in section.split("\n"):
        bullet = re.match(r"^(\s*)(?:[-*+]|\d+[.)])\s+(.*)$", line)
        if not bullet:
            continue
        label, _, value = bullet.group(2).partition(":")
        label = re.sub(r"[*_`~\\]", "", label).strip()
        label = re.sub(r"\s*\([^)]*\)$", "", label).rstrip(".:!?")
        label = re.sub(r"\s+", " ", label).lower()
        parts = re.split(r" and |/|&|\+|,|;", label)
        indexes = [next((i for i, f in enumerate(_FIELDS) if re.fullmatch(f, p.strip())), None) for p in parts]
        if None in indexes:
            continue
        found += [(i, value.strip()) for i in indexes if i is not None]
    problems = [f"missing {i}" for i in range(5) if i not in {i for i, _ in found}]
    order = [i for i, _ in found]
    if order != sorted(order):
        problems.append("order")
    if state in ("REFLECT", "CLOSE"):
        problems += [f"pending {i}" for i, value in found if re.match(r"pending\b", value, re.I)]
    return problems


def test_the_2_66_reader_sees_what_it_should():
    template = (
        "- Criteria passed: PENDING (N/M)\n- Regressions: PENDING\n- Scope drift: PENDING\n"
        "- Simplification blockers: PENDING\n- Recommendation: PENDING (→ CLOSE / PIVOT / EXPLORE / EXECUTE)"
    )
    assert strict_266_problems(template, "REFLECT") == [f"pending {i}" for i in range(5)]
    assert strict_266_problems(template, "EXECUTE") == []
    table = "| Criteria passed | 1/1 |\n| Regressions | none |"
    assert strict_266_problems(table, "REFLECT") == [f"missing {i}" for i in range(5)]
    swapped = "- Regressions: none\n- Criteria passed: 1/1\n- Scope drift: none\n- Simplification blockers: none\n- Recommendation: CLOSE"
    assert strict_266_problems(swapped, "CLOSE") == ["order"]
    assert strict_266_problems("- Regressions found: none", "CLOSE")[:1] == ["missing 0"]
