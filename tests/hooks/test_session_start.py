"""``hook session-start``: the re-entry packet, checked against git, from the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from skill.hooks import packet
from skill.hooks.session_start import answer, logged_paths
from tests.hooks.helpers import commit, hook, session_start, tag
from tests.support.git import init_repo
from tests.support.plans import set_state_fields
from tests.transitions.helpers import ok, plan_path, to_execute


def lines_of(text: str | None) -> list[str]:
    assert text is not None
    return text.split("\n")


def line_starting(text: str | None, start: str) -> str:
    found = [line for line in lines_of(text) if line.startswith(start)]
    assert len(found) == 1, (start, text)
    return found[0]


def started_project(tmp_path: Path) -> Path:
    """A git project with one commit before the plan starts (as most projects are)."""
    root = init_repo(tmp_path / "proj")
    (root / "README.md").write_text("proj\n")
    commit(root, "initial")
    return root


def executing(tmp_path: Path) -> tuple[Path, str]:
    """A plan in EXECUTE on step 1 of 3, its .gitignore line committed."""
    root = started_project(tmp_path)
    plan_id = to_execute(root)
    commit(root, "ignore plans")
    return root, plan_id


def test_nothing_without_an_active_plan_or_when_disabled(project: Path) -> None:
    assert hook(project, "session-start", {"cwd": str(project)}).stdout == ""
    ok(project, "bootstrap", "new", "A goal")
    assert session_start(project) is not None
    assert hook(project, "session-start", {"cwd": str(project)}, IP_DISABLED="1").stdout == ""
    ok(project, "transition", "CLOSE", "--note", "done")
    assert hook(project, "session-start", {"cwd": str(project)}).stdout == ""


def test_empty_or_garbage_stdin_reads_as_an_empty_object(project: Path) -> None:
    ok(project, "bootstrap", "new", "A goal")
    for payload in ("", "not json", "[1, 2]", '{"cwd": 7, "source": ["x"]}'):
        done = hook(project, "session-start", payload)
        context = json.loads(done.stdout)["hookSpecificOutput"]["additionalContext"]
        assert "Goal: A goal" in context and "(session" not in context


def test_explore_packet_names_plan_goal_state_and_next_command(project: Path) -> None:
    ok(project, "bootstrap", "new", "Make session expiry configurable")
    plan_id = (project / "plans" / ".current_plan").read_text()
    text = session_start(project)
    assert f"active plan plans/{plan_id}/ (session startup)" in lines_of(text)[0]
    assert line_starting(text, "Goal:") == "Goal: Make session expiry configurable"
    assert line_starting(text, "State:") == "State: EXPLORE, iteration 0, step N/A"
    assert line_starting(text, "Last decision:") == "Last decision: none yet."
    assert line_starting(text, "Next:") == "Next: `iterative-planner emit-state --state explore` (the EXPLORE rules for this plan)."
    assert "Fix attempts" not in str(text)  # EXECUTE only
    assert len(str(text)) <= packet.LIMIT
    assert session_start(project) == text  # deterministic


def test_compaction_is_said_first_with_what_to_read_again(project: Path) -> None:
    ok(project, "bootstrap", "new", "A goal")
    plan_id = (project / "plans" / ".current_plan").read_text()
    text = session_start(project, source="compact")
    first = lines_of(text)[0]
    assert first.startswith("Context was compacted")
    assert f"plans/{plan_id}/ state.md, plan.md, decisions.md, progress.md" in first
    assert "(session compact)" in lines_of(text)[1]
    for source in ("startup", "resume", "clear"):
        assert not lines_of(session_start(project, source=source))[0].startswith("Context was compacted")


def test_committed_steps_and_unlogged_edits_show_up(tmp_path: Path) -> None:
    root, _plan_id = executing(tmp_path)
    (root / "src").mkdir()
    (root / "src" / "settings.py").write_text("SESSION_TTL = 3600\n")
    ok(root, "log-edit", "--file", "src/settings.py", "--reason", "the TTL setting")
    step1 = commit(root, f"[{tag(root)}/iter-1/step-1] add SESSION_TTL", "src/settings.py")
    ok(root, "step", "next")
    # step 2: one file logged, one not; a new untracked file too
    (root / "src" / "middleware.py").write_text("def check(): pass\n")
    ok(root, "log-edit", "--file", "src/middleware.py", "--reason", "expiry check")
    (root / "src" / "settings.py").write_text("SESSION_TTL = 60\n")
    (root / "notes.txt").write_text("scratch\n")
    text = session_start(root)
    assert line_starting(text, "State:") == (
        "State: EXECUTE, iteration 1, step 2 of 3: Check expiry in the middleware [RISK: medium] [deps: 1]"
    )
    assert line_starting(text, "Fix attempts:") == "Fix attempts: 0 of 2."
    assert line_starting(text, "Step commits") == f"Step commits, iteration 1: step 1 {step1[:7]}."
    assert line_starting(text, "Changed since") == (
        f"Changed since step 1's commit {step1[:7]}: notes.txt, src/middleware.py, src/settings.py."
    )
    assert line_starting(text, "Not in the changelog") == "Not in the changelog for this step: notes.txt, src/settings.py."
    assert line_starting(text, "Next:") == (
        'Next: `iterative-planner log-edit --file notes.txt --reason "…"` for each file not in the changelog.'
    )
    assert "Warning" not in str(text)
    assert line_starting(text, "Gate:") == "Gate: GATE:PASS"


def test_a_commit_after_the_last_step_commit_counts_as_changed(tmp_path: Path) -> None:
    root, _plan_id = executing(tmp_path)
    (root / "a.py").write_text("a\n")
    ok(root, "log-edit", "--file", "a.py", "--reason", "step one")
    step1 = commit(root, f"[{tag(root)}/iter-1/step-1] a")
    ok(root, "step", "next")
    (root / "b.py").write_text("b\n")
    commit(root, "an ordinary commit in between")
    text = session_start(root)
    assert line_starting(text, "Changed since") == f"Changed since step 1's commit {step1[:7]}: b.py."
    assert line_starting(text, "Not in the changelog") == "Not in the changelog for this step: b.py."


def test_current_step_already_committed_is_a_warning(tmp_path: Path) -> None:
    root, _plan_id = executing(tmp_path)
    (root / "a.py").write_text("a\n")
    ok(root, "log-edit", "--file", "a.py", "--reason", "step one")
    step1 = commit(root, f"[{tag(root)}/iter-1/step-1] step one done, step next forgotten")
    text = session_start(root)
    assert line_starting(text, "Warning:") == (
        f"Warning: step 1 is the current step but already has a step commit ({step1[:7]})."
    )
    assert line_starting(text, "Next:") == "Next: `iterative-planner step next` (the current step is committed)."


def test_a_ticked_step_without_a_commit_is_a_warning(tmp_path: Path) -> None:
    root, _plan_id = executing(tmp_path)
    ok(root, "step", "next")  # ticks step 1 [x], no commit
    ok(root, "step", "next")  # and step 2
    text = session_start(root)
    assert line_starting(text, "Warning:") == (
        "Warning: steps 1, 2 are ticked [x] in plan.md but have no step commit in iteration 1."
    )
    assert "[x]" in plan_path(root, "plan.md").read_text()


def test_another_plans_commits_and_other_iterations_are_told_apart(tmp_path: Path) -> None:
    root, _plan_id = executing(tmp_path)
    (root / "a.py").write_text("a\n")
    commit(root, "[plan-2020-01-01-deadbeef/iter-1/step-1] another plan's step")
    (root / "b.py").write_text("b\n")
    old = commit(root, f"[{tag(root)}/iter-0/step-3] from an earlier iteration")
    text = session_start(root)
    assert line_starting(text, "Step commits") == "Step commits, iteration 1: none. Earlier iterations: 1."
    assert line_starting(text, "Changed since") == f"Changed since iteration 0 step 3's commit {old[:7]}: none outside plans/."


def test_the_gate_line_and_the_leash(tmp_path: Path) -> None:
    root, _plan_id = executing(tmp_path)
    for what in ("first try", "second try"):
        ok(root, "attempt", "--what", what, "--result", "failed")
    text = session_start(root)
    assert line_starting(text, "Fix attempts:") == "Fix attempts: 2 of 2."
    assert line_starting(text, "Gate:").startswith("Gate: GATE:FAIL [leash-cap]")
    assert "transition REFLECT" in line_starting(text, "Next:")


def test_last_decision_is_named(tmp_path: Path) -> None:
    from tests.support.plans import add_decision

    root, _plan_id = executing(tmp_path)
    add_decision(plan_path(root, "state.md").parent, number=1)
    add_decision(plan_path(root, "state.md").parent, number=2, phase="EXECUTE")
    assert line_starting(session_start(root), "Last decision:") == "Last decision: D-002: (EXECUTE) x"


def test_no_repository_is_said_in_one_line(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    root.mkdir()
    ok(root, "bootstrap", "new", "A goal")
    text = session_start(root)
    assert line_starting(text, "Git:") == "Git: no repository here; step commits and changed files were not checked."


def test_monorepo_paths_are_project_relative(tmp_path: Path) -> None:
    top = started_project(tmp_path)
    svc = top / "svc"
    svc.mkdir()
    ok(svc, "bootstrap", "new", "Service goal")
    (svc / "api.py").write_text("x\n")
    (top / "other.py").write_text("y\n")  # beside the project: not its business
    text = session_start(svc)
    assert line_starting(text, "Uncommitted changes") == "Uncommitted changes (no step commit yet): .gitignore, api.py."


def test_long_fields_and_many_files_stay_within_the_limit(tmp_path: Path) -> None:
    root, _plan_id = executing(tmp_path)
    plan_md = plan_path(root, "plan.md")
    plan_md.write_text(plan_md.read_text().replace("Make session expiry configurable", "G" * 5000))
    for n in range(300):
        (root / f"file_{n:03d}_{'x' * 60}.py").write_text("x\n")
    text = session_start(root)
    assert len(str(text)) <= packet.LIMIT
    assert line_starting(text, "Goal:").endswith("…") and len(line_starting(text, "Goal:")) <= 170
    assert line_starting(text, "Uncommitted changes").endswith("(+292 more).")
    assert lines_of(text)[-1].startswith("Next:")
    small = session_start(root, IP_PACKET_CHARS="400")
    assert small is not None and len(small) <= 400
    assert lines_of(small)[-1].startswith("Next:") and "bootstrap resume` has more" in small


def test_codex_input_and_a_subfolder_cwd(tmp_path: Path) -> None:
    root, plan_id = executing(tmp_path)
    sub = root / "src"
    sub.mkdir()
    payload = {"session_id": "s", "transcript_path": None, "cwd": str(sub), "hook_event_name": "SessionStart",
               "model": "gpt-5.5", "permission_mode": "default", "source": "resume"}
    done = hook(tmp_path, "session-start", payload)  # the process runs elsewhere; the input's cwd counts
    context = json.loads(done.stdout)["hookSpecificOutput"]["additionalContext"]
    assert f"plans/{plan_id}/ (session resume)" in context


def test_an_unreadable_state_is_still_a_packet(tmp_path: Path) -> None:
    root, _plan_id = executing(tmp_path)
    set_state_fields(plan_path(root, "state.md").parent, state="EXECUTEE")
    text = session_start(root)
    assert line_starting(text, "State:").startswith("State: EXECUTEE")
    assert line_starting(text, "Next:") == "Next: `iterative-planner bootstrap resume`; state.md names no protocol state."


def test_library_answer_and_logged_paths(tmp_path: Path) -> None:
    root, _plan_id = executing(tmp_path)
    assert answer("{}", env={"IP_DISABLED": "1"}, cwd=str(root)) is None
    found = answer("{}", env={}, cwd=str(root))
    assert found is not None and found["hookSpecificOutput"]["hookEventName"] == "SessionStart"
    changelog = (
        "# Changelog\n\n"
        "2026-01-01T00:00:00Z | iter-1/step-2 | uncommitted | a.py | EDIT(+1,-0) | radius:LOW(1) | - | r\n"
        "2026-01-01T00:00:00Z | iter-1/step-2.1 | uncommitted | b.py | CREATE(+1) | radius:LOW(1) | - | r\n"
        "2026-01-01T00:00:00Z | iter-1/step-20 | uncommitted | c.py | CREATE(+1) | radius:LOW(1) | - | r\n"
        "2026-01-01T00:00:00Z | iter-1/step-2 | uncommitted | d.py | RENAME(d.py→e.py) | radius:LOW(1) | - | r\n"
    )
    assert logged_paths(changelog, 1, 2) == {"a.py", "b.py", "d.py", "e.py"}
    assert logged_paths(changelog, None, None) == {"a.py", "b.py", "c.py", "d.py", "e.py"}


def _facts(goal: str, step_text: str, files: list[str], decision: str, source: str | None) -> packet.Facts:
    git_facts = packet.GitFacts([(1, 1, "a" * 40)], 1, "a" * 40, files, files[::2], None, [2, 3])
    return packet.Facts(
        "iterative-planner", source, "plan-2026-01-01T000000-abcdef12", goal, "EXECUTE", "1", "2 of 3",
        2, step_text, 1, 2, ("D-001", decision), "GATE:PASS", None, ("state.md", "plan.md"), git_facts,
    )


@settings(max_examples=150, deadline=None)
@given(
    st.text(max_size=3000),
    st.text(max_size=3000),
    st.lists(st.text(min_size=1, max_size=300), max_size=40),
    st.text(max_size=2000),
    st.sampled_from([None, "startup", "compact"]),
    st.integers(200, 5000),
)
def test_the_packet_never_exceeds_its_limit_and_keeps_its_ends(goal, step_text, files, decision, source, limit):
    facts = _facts(goal, step_text, files, decision, source)
    text = packet.render(facts, limit)
    assert len(text) <= limit
    assert text == packet.render(facts, limit)
    assert text.split("\n")[-1].startswith("Next:")
    if limit >= 800:
        assert "iterative-planner: active plan plans/plan-2026-01-01T000000-abcdef12/" in text
