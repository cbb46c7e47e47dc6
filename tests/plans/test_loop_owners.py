"""The owners LOOP-A added: the attempt history, approvals, progress items, the Change Manifest,
the Complexity Budget and the tag id. Pure text functions, tested in-process, with properties."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from skill.plans import approvals, attempts, changelog, manifest, plan, progress
from skill.plans.ids import commit_tag, tag_id

STATE = (
    "# Current State: EXECUTE\n## Iteration: {iteration}\n## Current Plan Step: {step} of 4\n"
    "## Fix Attempts (resets per plan step)\n- (none yet)\n"
    "## Change Manifest (current iteration)\n- (no changes yet)\n"
    "## Last Transition: PLAN → EXECUTE (t)\n## Transition History:\n- INIT → EXPLORE (task started)\n"
)
words = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n|"), min_size=1, max_size=30)


def state(iteration: int = 1, step: int = 1) -> str:
    return STATE.format(iteration=iteration, step=step)


def test_tag_id_both_grammars() -> None:
    assert tag_id("plan-2026-07-14T051317-317362c4") == "plan-2026-07-14-317362c4"
    assert tag_id("plan_2026-07-14_79ee0f59") == "plan-2026-07-14-79ee0f59"
    assert commit_tag("plan-2026-07-14T051317-317362c4", 3, 2) == "[plan-2026-07-14-317362c4/iter-3/step-2]"


# -- the attempt history -------------------------------------------------------------------------


def test_archive_moves_lines_and_the_count_stays() -> None:
    text = attempts.add(state(), attempts.attempt_line(1, 1, "a", "failed"))
    text = attempts.add(text, attempts.attempt_line(1, 2, "b", "failed"))
    text = attempts.add(text, attempts.leash_hit_line(1, 2))
    assert attempts.leash_count(text, 1, 1).total == 2
    moved = attempts.archive(text, 1, 1, "2026-01-01T00:00:00Z", "step set 2")
    assert attempts.attempt_lines(moved) == []
    assert attempts.leash_count(moved, 1, 1) == attempts.LeashCount(0, 2)  # still counted for step 1
    assert attempts.leash_count(moved, 1, 2).total == 0  # not for another step
    assert attempts.leash_count(moved, 2, 1).total == 0  # nor in another iteration
    lines = attempts.history_lines(moved)
    assert lines[0] == "- iter-1/step-1 | archived 2026-01-01T00:00:00Z | step set 2 | - Step 1, attempt 1: a → failed"
    assert lines[2].endswith("| - Step 1: LEASH HIT. 2 attempts recorded; stop, revert, show PC-EXECUTE-LEASH, "
                             "move to REFLECT and wait for the user's direction.")
    # archiving again (reset-attempts) keeps everything
    again = attempts.archive(moved, 1, 1, "t2", "bootstrap reset-attempts by me")
    assert again == moved


def test_reopen_starts_a_fresh_count_for_that_iteration_only() -> None:
    text = attempts.add(state(), attempts.attempt_line(1, 1, "a", "failed"))
    text = attempts.archive(text, 1, 1, "t1", "step next")
    text = attempts.reopen(text, 1, "t2", "REFLECT to EXECUTE", ', user: "go"')
    assert attempts.leash_count(text, 1, 1).total == 0
    assert attempts.history_lines(text)[-1] == '- iter-1 | reopened t2 | REFLECT to EXECUTE, user: "go"'
    text = attempts.add(text, attempts.attempt_line(1, 1, "b", "failed"))
    text = attempts.archive(text, 1, 1, "t3", "step set 2")
    assert attempts.leash_count(text, 1, 1).total == 1  # after the marker: counts again


def test_latest_passed() -> None:
    lines = [attempts.attempt_line(2, 1, "a", "failed"), attempts.attempt_line(2, 2, "b", "passed")]
    assert attempts.latest_passed(lines, 2) and not attempts.latest_passed(lines[:1], 2)


@given(words, words, st.integers(0, 9), st.integers(1, 20))
def test_history_line_reads_back(reason: str, what: str, iteration: int, step: int) -> None:
    original = attempts.attempt_line(step, 1, what.strip() or "x", "failed")
    line = attempts.archived_line(iteration, step, "2026-01-01T00:00:00Z", reason, original)
    text = "## Fix Attempts\n- (none yet)\n" + attempts.HISTORY_HEADING + "\n" + line + "\n"
    [entry] = attempts.history(text)
    assert (entry.iteration, entry.step, entry.when, entry.original) == (iteration, step, "2026-01-01T00:00:00Z", original.strip())
    assert entry.is_attempt


@settings(max_examples=60)
@given(st.lists(st.tuples(st.sampled_from(["attempt", "move", "reset", "reopen", "iteration"]), st.integers(1, 3)),
                max_size=25))
def test_the_count_follows_the_model(ops: list[tuple[str, int]]) -> None:
    """Whatever the order of attempts, step moves, resets and exits, the leash counts what the
    protocol says: the step's attempts in this iteration since the last exit."""
    iteration, step = 1, 1
    text = state()
    model: dict[tuple[int, int], int] = {}
    for op, value in ops:
        if op == "attempt":
            number = model.get((iteration, step), 0) + 1
            text = attempts.add(text, attempts.attempt_line(step, number, "x", "failed"))
            model[(iteration, step)] = number
        elif op in ("move", "reset"):
            text = attempts.archive(text, iteration, step, "t", "step set" if op == "move" else "reset")
            step = value if op == "move" else step
            text = text.replace(text.split("## Current Plan Step: ")[1].split("\n")[0], f"{step} of 4", 1)
        elif op == "reopen":
            text = attempts.reopen(text, iteration, "t", "REFLECT to EXECUTE")
            model = {key: n for key, n in model.items() if key[0] != iteration}
        else:
            text = attempts.archive(text, iteration, step, "t", "PLAN to EXECUTE")
            iteration += 1
            text = text.replace(f"## Iteration: {iteration - 1}", f"## Iteration: {iteration}")
        assert attempts.current_count(text).total == model.get((iteration, step), 0), (ops, text)


# -- approvals -----------------------------------------------------------------------------------

PLAN = """# Plan v1

## Goal
g

## Steps
1. [ ] one
2. [ ] two
3. [ ] three

## Success Criteria
- it works

## Complexity Budget
- Files added: 0/3 max
- New abstractions (classes/modules/interfaces): 0/2 max
- Lines added vs removed: +0/-0 (target: net negative or neutral)
"""


@given(st.integers(1, 3), st.integers(0, 3), st.integers(0, 9), st.integers(0, 999), st.integers(0, 999))
def test_digest_ignores_markers_ticks_and_measured_counts(current: int, done: int, files: int, added: int, removed: int) -> None:
    text = PLAN
    for number in range(1, done + 1):
        text = plan.mark_step(text, None, number)
    text = plan.set_budget(plan.mark_step(text, current), files, added, removed)
    text = text.replace("New abstractions (classes/modules/interfaces): 0/2", f"New abstractions (classes/modules/interfaces): {files % 3}/2")
    assert approvals.plan_digest(text) == approvals.plan_digest(PLAN)


def test_content_changes_are_drift_and_named() -> None:
    changed = PLAN.replace("- it works", "- it works fast")
    assert approvals.plan_digest(changed) != approvals.plan_digest(PLAN)
    assert approvals.changed_sections(PLAN, changed) == ["Success Criteria"]
    grown = PLAN.replace("3. [ ] three", "3. [ ] three\n4. [ ] four").replace("Files added: 0/3", "Files added: 0/4")
    assert approvals.changed_sections(PLAN, grown) == ["Steps", "Complexity Budget"]


@given(words)
def test_approval_line_round_trip(said: str) -> None:
    record = approvals.Approval("2026-01-01T00:00:00Z", "PLAN → EXECUTE", "PLAN", "EXECUTE", said, "sha256:00")
    line = approvals.record_line(record)
    assert "\n" not in line and list(json.loads(line)) == list(approvals.KEYS)
    assert approvals.parse(line + "\nnot json\n") == [record]
    once = approvals.appended("", record)
    assert approvals.appended(once, record) == once  # an interrupted command run again: once
    reapproved = approvals.appended(once, approvals.Approval("t", "approve", "EXECUTE", "EXECUTE", said, "sha256:01"))
    assert approvals.latest_plan_approval(reapproved).plan_md_digest == "sha256:01"  # type: ignore[union-attr]


# -- progress.md, the Change Manifest, the Budget --------------------------------------------------

PROGRESS = "# Progress\n\n## Completed\n*Nothing yet.*\n\n## In Progress\n- [ ] EXPLORE: Initial context gathering\n\n## Remaining\n*To be populated once the plan has steps.*\n\n## Blocked\n*Nothing currently.*\n"


@given(st.lists(st.booleans(), min_size=1, max_size=6), st.data())
def test_progress_follows_the_plan(ticks: list[bool], data: st.DataObject) -> None:
    items = [(n, tick, f"step {n}") for n, tick in enumerate(ticks, start=1)]
    open_steps = [n for n, tick, _ in items if not tick]
    current = data.draw(st.sampled_from(open_steps)) if open_steps else None
    text = progress.sync_steps(PROGRESS, 1, items, current, {n: "abc1234" for n, tick, _ in items if tick})
    assert progress.sync_steps(text, 1, items, current) == text  # idempotent, commits kept
    completed = text.split("## Completed")[1].split("## In Progress")[0]
    remaining = text.split("## Remaining")[1].split("## Blocked")[0]
    assert completed.count("(commit abc1234)") == sum(ticks)
    assert "- [x] EXPLORE: Initial context gathering" in completed
    assert sorted(int(n) for n in __import__("re").findall(r"iter-1/step-(\d+)", remaining)) == [
        n for n in open_steps if n != current]
    assert progress.counts(text) == (sum(ticks) + 1, len(open_steps))


def test_an_earlier_iterations_open_steps_move_to_blocked() -> None:
    first = progress.sync_steps(PROGRESS, 1, [(1, True, "a"), (2, False, "b")], 2, {1: "abc1234"})
    second = progress.sync_steps(first, 2, [(1, False, "x")], 1)
    assert "- [x] iter-1/step-1: a (commit abc1234)" in second
    assert "- iter-1/step-2: b — not done: plan replaced in iteration 2" in second.split("## Blocked")[1]


paths = st.from_regex(r"[a-z]{1,6}(/[a-z]{1,6}){0,2}\.py", fullmatch=True)


@given(st.lists(st.tuples(paths, st.sampled_from(["CREATED", "MODIFIED", "REVERTED", "NOT LOGGED"]), st.integers(1, 5),
                          st.booleans()), max_size=6))
def test_manifest_reads_back_what_it_wrote(touched: list[tuple[str, str, int, bool]]) -> None:
    text = state()
    expected: dict[str, manifest.Touched] = {}
    for path, change, step, done in touched:
        item = manifest.Touched(path, change, (step,), "committed abc1234" if done else "uncommitted", done)
        text = manifest.record(text, [item])
        expected[path] = manifest.merged(expected.get(path), item)
    assert manifest.entries(text) == expected
    assert manifest.reset(text) == state()


def test_change_words() -> None:
    assert manifest.change_word(["CREATE(+3)", "EDIT(+1,-0)"]) == "CREATED"
    assert manifest.change_word(["EDIT(+1,-0)", "REVERT(a.py)"]) == "REVERTED"
    assert manifest.change_word(["EDIT(+1,-1)"]) == "MODIFIED"


def test_budget_keeps_caps_and_notes() -> None:
    text = PLAN.replace("- Files added: 0/3 max", "- Files added: 0/3 max (justified: a new module)")
    out = plan.set_budget(text, 4, 120, 7)
    assert "- Files added: 4/3 max (justified: a new module)" in out
    assert "- Lines added vs removed: +120/-7 (target: net negative or neutral)" in out
    assert "- New abstractions (classes/modules/interfaces): 0/2 max" in out


def test_changelog_step_entries_and_revert_window() -> None:
    lines = [
        "2026-01-01T00:00:00Z | iter-1/step-2 | uncommitted | a.py | EDIT(+1,-0) | radius:LOW(1) | - | x",
        "2026-01-01T00:00:01Z | iter-1/step-2 | abc1234 | a.py | REVERT(a.py) | radius:LOW(1) | D-001 | revert: x",
        "2026-01-01T00:00:02Z | iter-1/step-2 | uncommitted | b.py | RENAME(c.py→b.py) | radius:LOW(1) | - | y",
        "2026-01-01T00:00:03Z | iter-1/step-3 | uncommitted | d.py | EDIT(+1,-0) | radius:LOW(1) | - | z",
    ]
    entries = changelog.entries_of("\n".join(lines), "iter-1/step-2")
    assert [e.path for e in entries] == ["a.py", "a.py", "b.py"]
    assert [e.path for e in changelog.since_last_revert(entries)] == ["b.py"]
    assert changelog.paths_of(entries[2]) == ["b.py", "c.py", "b.py"]
