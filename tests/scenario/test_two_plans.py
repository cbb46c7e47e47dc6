"""Two plans on a real project, driven by the commands: the story of issue 13.

Plan 1 adds expiry to a small Python package in four steps, with one failed fix attempt, a
REFLECT → EXECUTE completion fix and a close. Plan 2 hits the Autonomy Leash, PIVOTs, has its
plan.md changed after approval, and closes. Every bookkeeping write goes through a command; the
story writes by hand only content (plan.md, topic bodies, the hygiene report, summary.md,
LESSONS.md), and checks at the end that it wrote nothing else. After every command the validator
reports no ERROR and no WARN, except the ones that announce REFLECT's remaining work (no hygiene
record yet, a PENDING Verdict), which must go once that work is recorded; the pre-step gate
answers what the state says.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.scenario import content as c
from tests.scenario.story import CONTENT, Known, Story
from tests.support.cli import run_cli
from tests.support.git import commit_all, git, init_repo

# What REFLECT announces until the work is done: the hygiene record of the iteration and the Verdict.
HYGIENE: Known = ("hygiene-gate", "no hygiene-sweep record for iteration")
VERDICT: Known = ("verdict", "PENDING")


@pytest.fixture
def story(tmp_path):  # type: ignore[no-untyped-def]
    root = init_repo(tmp_path / "tinycache")
    for rel, text in {
        "tinycache/__init__.py": c.INIT_PY,
        "tinycache/store.py": c.STORE_PY,
        "tests/test_store.py": c.TEST_STORE_PY,
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    commit_all(root, "tinycache 0.1")
    # The skill installed into the project, untracked, as a user does before the first plan.
    installed = run_cli(root, "install", "--harness", "claude", "--scope", "project")
    assert installed.returncode == 0, installed.stderr
    assert (root / ".claude" / "skills" / "iterative-planner" / "SKILL.md").is_file()
    return Story(root)


def explore(s: Story, topics: dict[str, tuple[str, str, str]], constraint: str) -> None:
    """One `finding add` per topic (the first topic's body written by hand, the others through
    --body-file), then the constraint."""
    assert "finding add" in s.next_line("EXPLORE")
    for n, (slug, (title, summary, finding)) in enumerate(topics.items()):
        body = c.topic(title, summary, finding)
        if n == 0:
            s.write(f"findings/{slug}.md", body)  # the explorer writes the file, then indexes it
            s.run("finding", "add", title, "--summary", summary, match=(f"findings/{slug}.md",))
            assert s.read(f"findings/{slug}.md") == body  # kept, not overwritten
        else:
            s.run("finding", "add", title, "--summary", summary, "--body-file", s.note(f"{slug}.md", body))
        s.check("EXPLORE")
        assert f"- [{title}](findings/{slug}.md) — {summary}" in s.read("findings.md").split("## Key Constraints")[0]
    s.run("finding", "constraint", "--kind", "HARD", constraint)
    s.check("EXPLORE")
    assert "transition PLAN" in s.next_line("EXPLORE")
    constraints = s.read("findings.md").split("## Key Constraints")[1].split("\n## ")[0]
    assert constraint in constraints


def step_with(s: Story, files: dict[str, str], message: str) -> str:
    """Carry out one step: write the files, log each, then `step next --commit`."""
    for rel, text in files.items():
        s.source(rel, text)
    for rel in files:
        s.run("log-edit", "--file", rel, "--reason", message)
        s.check("EXECUTE")
    result = s.run("step", "next", "--commit", message)
    s.check("EXECUTE")
    return result.stdout


def verify(s: Story, recommend: str, *, pending: tuple[Known, ...]) -> None:
    """The verifier's write-out in REFLECT, each command the one emit-state names next:
    criteria by `verify run`, the checks, the Verdict."""
    advice = s.next_line("REFLECT")
    assert "verify run`" in advice
    fresh = "earlier REFLECT visit" not in advice  # else the whole sequence is named at once
    s.run("verify", "run", match=("PASS",))
    s.check("REFLECT", known=pending)
    assert not fresh or "verify check regression" in s.next_line("REFLECT")
    run = s.pytest()
    s.run("verify", "check", "regression", "--result", "PASS", "--command", "python -m pytest -q tests",
          "--details", run.stdout.strip().splitlines()[-1])
    s.check("REFLECT", known=pending)
    assert not fresh or s.next_line("REFLECT").endswith("verify check scope`")
    s.run("verify", "check", "scope", match=("Scope drift: CLEAN", "changed file(s), all in Files To Modify"))  # fix loops included
    s.check("REFLECT", known=pending)
    s.run("verify", "check", "diff", "--result", "CLEAN", "--command", "git diff", "--details", "no debug code, no TODO left")
    s.check("REFLECT", known=pending)
    assert not fresh or "verify verdict --recommend" in s.next_line("REFLECT")
    s.run("verify", "verdict", "--recommend", recommend)
    s.check("REFLECT", known=tuple(k for k in pending if k != VERDICT))


def test_two_plans(story: Story) -> None:
    s = story
    plan1 = plan_one(s)
    plan2 = plan_two(s)
    consolidated(s, plan1, plan2)
    # The story wrote only content: every bookkeeping line came from a command.
    assert s.written and all(name == "LESSONS.md" or CONTENT.match(name.split("/", 1)[1]) for name in s.written), s.written
    assert {name.split("/", 1)[1] for name in s.written if "/" in name} == {
        "findings/store-internals.md", "findings/constructor.md", "findings/hygiene-iter-1.md", "plan.md", "summary.md"}


def plan_one(s: Story) -> str:
    s.run("bootstrap", "new", "Add expiry (TTL) to tinycache.Store")
    plan_id = s.plan_id
    s.check("EXPLORE")
    s.run("bootstrap", "status", match=("[EXPLORE]",))
    s.check("EXPLORE")

    explore(s, {
        "store-internals": ("Store internals", "entries live in a plain dict, no expiry", "`tinycache/store.py:5` holds `self._items`"),
        "test-suite": ("Test suite", "pytest runs two tests in under a second", "`tests/test_store.py:4` covers set/get"),
        "time-source": ("Time source", "nothing reads the clock yet", "`tinycache/store.py:1` imports nothing"),
    }, "Store() keeps working without arguments")
    s.run("transition", "PLAN", "--note", "3 findings, scope mapped",
          "--confidence", "scope=adequate,solutions=open,risks=partial", match=("3 findings",))
    s.check("PLAN")

    # PLAN: the plan (content) and the approach decision (a command).
    s.write("plan.md", c.PLAN1)
    s.check("PLAN")
    s.run("decision", "add", "--context", "the store needs expiry without breaking callers",
          "--decision", "lazy expiry on get, times from a monotonic clock",
          "--gain", "a small change to one class", "--cost", "no background eviction",
          "--reasoning", "lazy expiry on read is enough for an in-memory cache", match=("D-001",))
    s.check("PLAN")
    assert "## D-001 | PLAN |" in s.read("decisions.md")
    s.refused("transition", "EXECUTE", "--approved", match=("--user",))
    s.check("PLAN")
    s.run("transition", "EXECUTE", "--user", "Looks right, go ahead")
    s.check("EXECUTE")
    approvals = s.read("approvals.jsonl").splitlines()
    assert len(approvals) == 1 and '"words": "Looks right, go ahead"' in approvals[0]
    assert "- [ ] iter-1/step-1: Add tinycache/clock.py" in s.read("progress.md")
    assert s.git_subjects() == ["tinycache 0.1"]
    cp0 = s.read("checkpoints/cp-000-iter1.md")  # written by `transition EXECUTE`
    assert _head(s)[:7] in cp0 and "tinycache/clock.py" in cp0

    # Step 1.
    out = step_with(s, {"tinycache/clock.py": c.CLOCK_PY}, "add a monotonic clock")
    assert "Committed" in out and s.git_subjects()[0] == f"[{_tag(plan_id)}/iter-1/step-1] add a monotonic clock"

    # Step 2, first try fails: logged, reverted, recorded with one command.
    s.source("tinycache/store.py", c.STORE_TTL_BROKEN_PY)
    s.run("log-edit", "--file", "tinycache/store.py", "--reason", "ttl on set")
    s.check("EXECUTE")
    assert s.pytest().returncode != 0  # the old tests break: expires is None without ttl
    s.refused("attempt", "--what", "ttl read from time.time", "--result", "failed", "--reverted",
              "--why", "old tests fail: None + ttl", match=("still differ from the step's start",))
    s.check("EXECUTE")
    s.revert("tinycache/store.py")
    s.run("attempt", "--what", "ttl read from time.time", "--result", "failed", "--reverted",
          "--why", "old tests fail: None + ttl", match=("D-002",))
    s.check("EXECUTE")  # one attempt: the gate still passes
    changelog = s.read("changelog.md")
    assert re.search(r"\| iter-1/step-2 \| [0-9a-f]{7} \| tinycache/store\.py \| REVERT\(tinycache/store\.py\) \| "
                     r"radius:\w+\(-?\d+\) \| D-002 \| revert: ttl read from time\.time$", changelog, re.M)
    assert "**Files reverted**: `tinycache/store.py`" in s.read("decisions.md")
    step_with(s, {"tinycache/store.py": c.STORE_TTL_PY}, "ttl on set, expiry on get")
    assert s.pytest().returncode == 0

    # Steps 3 and 4.
    step_with(s, {"tests/test_store.py": c.TEST_TTL_PY}, "expiry tests")
    out = step_with(s, {"tinycache/__init__.py": c.INIT_CLOCK_PY}, "export clock")
    assert "All steps done" in out
    progress = s.read("progress.md")
    completed = progress.split("## Completed")[1].split("## In Progress")[0]
    assert len(re.findall(r"^- \[x\] iter-1/step-[1-4]: .+ \(commit [0-9a-f]{7}\)$", completed, re.M)) == 4
    assert "iter-1/step" not in progress.split("## Remaining")[1].split("## Blocked")[0]
    manifest = s.read("state.md").split("## Change Manifest")[1].split("\n## ")[0]
    assert "- [x] `tinycache/clock.py` — CREATED (step 1, committed" in manifest
    assert "- [x] `tinycache/store.py` — MODIFIED (step 2, committed" in manifest
    plan_md = s.read("plan.md")
    assert "- Files added: 1/3 max" in plan_md
    assert re.search(r"- Lines added vs removed: \+\d+/-\d+ \(target", plan_md)
    assert "← CURRENT" not in plan_md and plan_md.count("[x]") == 4
    assert len(s.git_subjects()) == 5

    # REFLECT: the criteria run for real; a missing docstring makes it a completion fix.
    s.run("transition", "REFLECT", "--note", "all steps done")
    s.check("REFLECT", known=(HYGIENE, VERDICT))
    verify(s, "EXECUTE", pending=(HYGIENE, VERDICT))
    verification = s.read("verification.md")
    assert re.search(r"^\| 1 \| An entry past its ttl reads as missing\. \| automated \| `python -m pytest -q tests` \| PASS \| "
                     r"exit 0 .*\(log: verify-output/criterion-1-iter1\.log\) \|$", verification, re.M), verification
    assert "- Criteria passed: 2/2" in verification and "- Recommendation: → EXECUTE" in verification
    assert "passed" in s.read("verify-output/criterion-2-iter1.log")
    s.run("decision", "add", "--context", "all criteria pass; ttl is undocumented",
          "--decision", "a completion fix adds the docstring", "--gain", "one more commit",
          "--cost", "a short EXECUTE round", "--reasoning", "callers read the docstring, not the tests", match=("D-003",))
    s.check("REFLECT", known=(HYGIENE,))
    scan = json.loads(s.run("hygiene", "scan", "--json").stdout)  # the installed skill is not the plan's work
    assert scan["introduced"] == [], scan["introduced"]
    assert not re.search(r"\| iter-1/step-\d \| uncommitted \|", s.read("changelog.md"))  # step next stamped them
    s.run("hygiene", "skip", "--reason", "a one-class change; the completion fix comes first")
    s.check("REFLECT")
    assert "show the completion fix; on the user's yes:" in s.next_line("REFLECT")
    s.refused("transition", "CLOSE", "--user", "close it", match=("recommends EXECUTE, not CLOSE",))
    s.check("REFLECT")
    s.refused("transition", "EXECUTE", "--note", "docstring", match=("[user]",))
    s.run("transition", "EXECUTE", "--user", "Yes, add the docstring", "--note", "completion fix")
    s.check("EXECUTE")
    s.run("step", "set", "4")
    s.check("EXECUTE")
    out = step_with(s, {"tinycache/store.py": c.STORE_TTL_DOC_PY}, "document ttl")
    assert "All steps done" in out

    s.run("transition", "REFLECT", "--note", "completion fix done")
    s.check("REFLECT")  # the Verdict of the first REFLECT and its hygiene skip still stand
    assert "the Verdict is from an earlier REFLECT visit; verify again" in s.next_line("REFLECT")
    verify(s, "CLOSE", pending=())
    assert "- Recommendation: → CLOSE" in s.read("verification.md")

    # CLOSE: the archivist's content, then the move with the user's word.
    s.write("summary.md", c.summary(plan_id, "Store entries expire after their ttl.",
                                    ["v1: lazy expiry on get; one failed try, one completion fix; all criteria passed"]))
    s.lessons("# Lessons Learned\n*What earlier plans taught.*\n\n- [I:5] Expiry reads a monotonic clock, never time.time.\n")
    s.check("REFLECT")
    s.refused("transition", "CLOSE", match=("[user]",))
    s.run("transition", "CLOSE", "--user", "Ship it")
    s.check("CLOSE", plan_id=plan_id)
    state = s.read("state.md", plan_id)
    assert '- REFLECT → CLOSE (PC-REFLECT presented; user: "Ship it";' in state
    assert len(s.read("approvals.jsonl", plan_id).splitlines()) == 3
    s.run("bootstrap", "status", match=("No active plan",))
    return plan_id


def plan_two(s: Story) -> str:
    s.run("bootstrap", "new", "Give each Store a default TTL")
    plan_id = s.plan_id
    s.check("EXPLORE")
    explore(s, {
        "constructor": ("Constructor", "Store() takes no arguments", "`tinycache/store.py:7` `__init__(self)`"),
        "callers": ("Callers", "every caller passes the same ttl", "`tests/test_store.py:18` passes ttl=5"),
        "expiry": ("Expiry", "set computes the expiry from ttl", "`tinycache/store.py:11` `clock.now() + ttl`"),
    }, "Store() keeps working without arguments")
    s.run("transition", "PLAN", "--note", "3 findings", "--confidence", "scope=deep,solutions=narrow,risks=partial")
    s.check("PLAN")
    s.write("plan.md", c.PLAN2_V1)
    s.run("decision", "add", "--context", "every caller repeats the same ttl",
          "--decision", "a defaults table in the constructor", "--gain", "one place for the default",
          "--cost", "a constructor argument", "--reasoning", "the table allows per-key defaults later")
    s.check("PLAN")
    s.run("transition", "EXECUTE", "--user", "OK")
    s.check("EXECUTE")
    assert _head(s)[:7] in s.read("checkpoints/cp-000-iter1.md")

    # Step 1 fails twice: the leash.
    for attempt, why in (("required defaults table", "Store() without arguments raises"),
                         ("defaults table with a None default", "still breaks Store()")):
        s.source("tinycache/store.py", c.STORE_DEFAULTS_BROKEN_PY)
        s.run("log-edit", "--file", "tinycache/store.py", "--reason", attempt)
        s.check("EXECUTE")
        assert s.pytest().returncode != 0
        s.revert("tinycache/store.py")
        s.run("attempt", "--what", attempt, "--result", "failed", "--why", why, "--reverted")
    s.check("EXECUTE", gate="leash-cap")
    assert "- Step 1: LEASH HIT." in s.read("state.md")

    # No way around it: other steps, resets, another attempt.
    s.refused("step", "set", "2", match=("Autonomy Leash",))
    s.refused("step", "next", match=("Autonomy Leash",))
    s.refused("attempt", "--what", "a third idea", "--result", "failed", match=("[leash-cap]",))
    s.run("bootstrap", "reset-attempts", match=("still counts 2",))
    s.check("EXECUTE", gate="leash-cap")
    s.refused("transition", "PIVOT", match=("not a move",))

    # A lost pointer in the middle: status and resume name the plan; `bootstrap use` brings it back.
    (s.root / "plans" / ".current_plan").write_text("garbage", encoding="utf-8")
    status = s.run("bootstrap", "status")
    assert status.stdout == "No active plan.\n" and plan_id in status.stderr and "bootstrap use" in status.stderr
    s.run("bootstrap", "resume", code=1, match=(plan_id,))
    s.run("bootstrap", "use", plan_id, match=("Active plan",))
    s.check("EXECUTE", gate="leash-cap")

    # REFLECT: the criterion checked by reading the failures; the boyscout's report as content.
    s.run("transition", "REFLECT", "--note", "leash hit on step 1")
    s.check("REFLECT", known=(HYGIENE, VERDICT))
    s.run("verify", "set", "1", "FAIL", "--evidence", "exit 1; 2 tests fail: Store() needs an argument")
    s.check("REFLECT", known=(HYGIENE, VERDICT))
    s.run("verify", "check", "regression", "--result", "FAIL", "--details", "Store() raises TypeError")
    s.run("verify", "check", "scope")
    s.check("REFLECT", known=(HYGIENE, VERDICT))
    s.refused("verify", "verdict", "--recommend", "CLOSE", match=("criterion 1 did not pass",))
    s.run("verify", "verdict", "--recommend", "PIVOT", match=("Criteria passed: 0/1",))
    s.check("REFLECT", known=(HYGIENE,))
    scan = json.loads(s.run("hygiene", "scan", "--json").stdout)
    assert scan["introduced"] == [], scan["introduced"]  # reverted attempts are not stale `uncommitted` lines
    s.check("REFLECT", known=(HYGIENE,))
    s.write("findings/hygiene-iter-1.md", c.HYGIENE_REPORT)
    s.check("REFLECT")
    s.run("transition", "PIVOT", "--note", "a required table breaks every caller", match=("decision add --kind pivot",))
    s.check("PIVOT")
    s.refused("transition", "PLAN", "--user", "try the optional argument", match=("[pivot-entry]",))
    s.check("PIVOT")
    assert "decision add --kind pivot" in s.next_line("PIVOT")
    s.run("decision", "add", "--kind", "pivot", "--context", "both attempts made the table required",
          "--what-failed", "a required constructor argument breaks Store()",
          "--learned", "the plan ignored the HARD constraint on Store()",
          "--simpler", "yes — one optional argument", "--complexity", "removing",
          "--decision", "an optional default_ttl argument", "--gain", "one default for all keys",
          "--cost", "no per-key defaults", "--reasoning", "callers asked for one default; per-key can come later",
          match=("D-004",))
    s.check("PIVOT")
    s.run("transition", "PLAN", "--user", "Yes, try the optional argument")
    s.check("PLAN")
    s.write("plan.md", c.PLAN2_V2)  # `# Plan v2`, as the template says
    s.check("PLAN")
    s.run("transition", "EXECUTE", "--user", "Go")
    s.check("EXECUTE")
    assert "## Iteration: 2" in s.read("state.md")
    s.run("checkpoint", "--reason", "iteration 2 starts from the reverted store", match=("cp-001-iter2.md",))
    s.check("EXECUTE")
    assert _head(s)[:7] in s.read("checkpoints/cp-001-iter2.md")

    step_with(s, {"tinycache/store.py": c.STORE_DEFAULT_TTL_PY}, "optional default_ttl")

    # plan.md changed after approval: the gate notices, the user re-approves.
    s.write("plan.md", s.read("plan.md").replace(
        "2. [ ] A default-ttl test [RISK: low] [deps: 1] ← CURRENT",
        "2. [ ] A default-ttl test [RISK: low] [deps: 1] ← CURRENT\n3. [ ] Document default_ttl in README.md [RISK: low] [deps: 1]",
    ).replace("- tests/test_store.py: a default-ttl test\n", "- tests/test_store.py: a default-ttl test\n- README.md: document default_ttl\n"))
    s.check("EXECUTE", gate="plan-drift")
    assert 'changed="Files To Modify, Steps"' in s.gate()["line"]  # type: ignore[operator]
    s.run("approve", code=2)  # --user is required
    s.run("approve", "--user", "Yes, document it too")
    s.check("EXECUTE")
    step_with(s, {"tests/test_store.py": c.TEST_DEFAULT_TTL_PY}, "default-ttl test")
    out = step_with(s, {"README.md": c.README_MD}, "document default_ttl")
    assert "All steps done" in out
    assert s.pytest().returncode == 0
    plan_md = s.read("plan.md")
    assert "- Files added: 1/3 max" in plan_md  # README.md, counted from cp-001-iter2's commit

    s.run("transition", "REFLECT", "--note", "all steps done")
    s.check("REFLECT", known=(HYGIENE,))  # iteration 1's Verdict (PIVOT) stands until rewritten
    assert "earlier REFLECT visit" in s.next_line("REFLECT")  # not "transition PIVOT"
    verify(s, "CLOSE", pending=(HYGIENE,))
    metrics = s.read("verification.md").split("## Convergence Metrics")[1].split("\n## ")[0]
    assert "*Iteration 2 against iteration 1, REFLECT visit 2, written by verify verdict" in metrics
    assert "| Pass rate | 0.00 | 1.00 | +1.00 |" in metrics
    assert "| New issues found | 2 | 0 | +1 |" in metrics
    assert "| **Convergence score** | - | - | 3.00 |" in metrics, metrics
    s.run("decision", "add", "--context", "iteration 2 passes every criterion",
          "--decision", "close", "--gain", "shipping now", "--cost", "no ttl=0 guard",
          "--reasoning", "no caller passes 0")
    s.check("REFLECT", known=(HYGIENE,))
    assert "record this iteration's hygiene sweep" in s.next_line("REFLECT")
    s.run("hygiene", "skip", "--reason", "iteration 1's sweep was clean and this one changes one argument")
    s.check("REFLECT")
    s.write("summary.md", c.summary(plan_id, "Stores take an optional default ttl.", [
        "v1: a required defaults table; two failed attempts, leash hit",
        "v2: an optional default_ttl; all criteria passed"]))
    s.lessons("# Lessons Learned\n*What earlier plans taught.*\n\n- [I:5] Expiry reads a monotonic clock, never time.time.\n"
              "- [I:5] New constructor arguments are optional: Store() has callers everywhere.\n")
    s.check("REFLECT")
    s.run("transition", "CLOSE", "--user", "Close it")
    s.check("CLOSE", plan_id=plan_id)
    history = s.read("state.md", plan_id).split("## Fix Attempt History")[1].split("\n## ")[0]
    assert history.count("| - Step 1, attempt") == 2 and "bootstrap reset-attempts by" in history
    assert re.search(r"^- iter-1 \| reopened \S+ \| REFLECT to PIVOT$", history, re.M)
    moves = [json_line["move"] for json_line in map(_json, s.read("approvals.jsonl", plan_id).splitlines())]
    assert moves == ["PLAN → EXECUTE", "PIVOT → PLAN", "PLAN → EXECUTE", "approve", "REFLECT → CLOSE"]
    return plan_id


def consolidated(s: Story, plan1: str, plan2: str) -> None:
    plans = s.root / "plans"
    findings = (plans / "FINDINGS.md").read_text(encoding="utf-8")
    decisions = (plans / "DECISIONS.md").read_text(encoding="utf-8")
    index = (plans / "INDEX.md").read_text(encoding="utf-8")
    assert findings.index(f"## {plan2}") < findings.index(f"## {plan1}")  # newest first
    assert "Store internals" in findings and "Constructor" in findings
    assert decisions.count(f"## {plan1}") == 1 and decisions.count(f"## {plan2}") == 1
    section1 = decisions.split(f"## {plan1}")[1]
    section2 = decisions.split(f"## {plan2}")[1].split(f"## {plan1}")[0]
    assert "## D-002 | EXECUTE |" in section1 and "## D-004 | PIVOT |" in section2
    assert "ttl read from time.time" in section1 and "an optional default_ttl argument" in section2
    assert index.count(f"| {plan1} |") == 1 and index.count(f"| {plan2} |") == 1
    for plan_id in (plan1, plan2):
        assert (plans / plan_id / "lessons_snapshot.md").is_file()
        assert not (plans / ".current_plan").exists()
        s.check("CLOSE", plan_id=plan_id)
    assert len([x for x in s.git_subjects() if x.startswith(f"[{_tag(plan2)}/iter-2/")]) == 3


def _tag(plan_id: str) -> str:
    from skill.plans.ids import tag_id

    return tag_id(plan_id)


def _head(s: Story) -> str:
    return git(s.root, "rev-parse", "HEAD").strip()


def _json(line: str) -> dict[str, str]:
    data: dict[str, str] = json.loads(line)
    return data
