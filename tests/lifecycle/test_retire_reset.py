"""retire (anchor stamping, id validation) and reset-attempts."""

from __future__ import annotations

import hashlib
import re

from tests.lifecycle.helpers import bootstrap, new_plan, read, write

OLD = "plan_2026-03-01_cccccccc"


def setup_retire(project, source="// DECISION plan_2026-03-01_cccccccc/D-001: keep retry budget at 3\n"):
    write(project, f"plans/{OLD}/state.md", "# Current State: CLOSE\n")
    write(project, "src/main.js", source)


def test_retire_stamps_and_removes_and_is_idempotent(project):
    setup_retire(project)
    result = bootstrap(project, "retire", OLD)
    assert result.returncode == 0, result.stderr
    assert "Anchors marked [STALE]: 1 across 1 file(s)." in result.stdout
    assert "Plan directory: removed." in result.stdout
    assert read(project, "src/main.js") == f"// DECISION {OLD}/D-001 [STALE]: keep retry budget at 3\n"
    assert not (project / "plans" / OLD).exists()
    again = bootstrap(project, "retire", OLD)
    assert "not present" in again.stdout and "0 across 0" in again.stdout
    assert read(project, "src/main.js").count("[STALE]") == 1


def test_retire_many_languages_and_long_ids(project):
    setup_retire(project)
    write(project, "a.py", f"# DECISION {OLD}/D-1000: long\n# DECISION {OLD}/D-1: too short\n")
    write(project, "b.sql", f"-- DECISION {OLD}/D-002\n")
    write(project, "c.txt", f"DECISION {OLD}/D-003\n")  # not a scanned extension
    write(project, "d.JS", f"// DECISION {OLD}/D-004\n")  # case-sensitive extension
    write(project, "node_modules/x.js", f"// DECISION {OLD}/D-005\n")
    bootstrap(project, "retire", OLD)
    bootstrap(project, "retire", OLD)
    assert read(project, "a.py") == f"# DECISION {OLD}/D-1000 [STALE]: long\n# DECISION {OLD}/D-1: too short\n"
    assert "[STALE]" in read(project, "b.sql")
    for untouched in ("c.txt", "d.JS", "node_modules/x.js"):
        assert "[STALE]" not in read(project, untouched)


def test_retire_leaves_other_plans_and_newline_split_anchors(project):
    setup_retire(project, f"// DECISION {OLD}/D-001 and DECISION plan_2026-03-02_dddddddd/D-002\n"
                          f"// DECISION\n{OLD}/D-003\n")
    bootstrap(project, "retire", OLD)
    text = read(project, "src/main.js")
    assert f"{OLD}/D-001 [STALE]" in text and "D-002 [STALE]" not in text and "D-003 [STALE]" not in text


def test_markdown_only_real_comments_are_stamped(project):
    doc = (
        f"Prose **DECISION {OLD}/D-001** and `# DECISION {OLD}/D-002` and `<!--` `-->`.\n\n"
        "```md\n"
        f"<!-- DECISION {OLD}/D-003 -->\n"
        "```\n\n"
        f"    <!-- DECISION {OLD}/D-004 -->\n\n"
        f"<!-- DECISION {OLD}/D-005: real -->\n"
        f"<!-- DECISION {OLD}/D-006 unclosed\n"
    )
    setup_retire(project, "")
    write(project, "docs/notes.md", doc)
    result = bootstrap(project, "retire", OLD)
    assert "1 across 1 file(s)" in result.stdout
    assert read(project, "docs/notes.md") == doc.replace("D-005: real", "D-005 [STALE]: real")


def test_retire_refuses_bad_ids_and_changes_nothing(project):
    setup_retire(project)
    digest = hashlib.sha256((project / "src/main.js").read_bytes()).hexdigest()
    for bad in ("../x", "plan_bad", f"{OLD}\n", f"plans/{OLD}", "plan_2026-03-01_cccccc",
                "plan_2026-03-01_ccccccccc", "plan_2026-03-01_zzzzzzzz", "plan_2026-3-1_cccccccc"):
        result = bootstrap(project, "retire", bad)
        assert result.returncode == 1 and "not a valid plan-id" in result.stderr, bad
    missing = bootstrap(project, "retire")
    assert missing.returncode == 1 and "usage:" in missing.stderr
    assert hashlib.sha256((project / "src/main.js").read_bytes()).hexdigest() == digest
    assert (project / "plans" / OLD / "state.md").exists()


def test_retire_refuses_the_active_plan(project):
    plan = new_plan(project)
    result = bootstrap(project, "retire", plan)
    assert result.returncode == 1 and "ACTIVE plan" in result.stderr
    assert (project / "plans" / plan).is_dir()


def test_retire_skips_non_utf8_files(project):
    setup_retire(project)
    raw = b"\xff\xfe // DECISION " + OLD.encode() + b"/D-001\n"
    (project / "src" / "bin.c").write_bytes(raw)
    assert bootstrap(project, "retire", OLD).returncode == 0
    assert (project / "src" / "bin.c").read_bytes() == raw


STATE = (
    "# Current State: EXECUTE\n## Iteration: 1\n## Current Plan Step: 2 of 4\n"
    "## Fix Attempts (resets per plan step)\n- Step 2, attempt 1: tried X\n- Step 2, attempt 2: tried Y\n"
    "### Notes kept\n- keep me\n\n## Change Manifest (current iteration)\n- src/app.js\n"
)


def test_reset_attempts_clears_only_the_attempt_lines(project):
    plan = new_plan(project)
    write(project, f"plans/{plan}/state.md", STATE)
    result = bootstrap(project, "reset-attempts")
    assert result.returncode == 0, result.stderr
    state = read(project, f"plans/{plan}/state.md")
    section, history = state.split("## Fix Attempt History\n")
    assert "tried X" not in section and "tried Y" not in section
    assert "## Fix Attempts (resets per plan step)\n- (none yet for current step)\n### Notes kept\n- keep me\n" in state
    assert "\n\n## Change Manifest (current iteration)\n- src/app.js\n" in state
    # moved, not deleted: who reset them and when, the line verbatim; the leash still counts them
    assert re.search(r"^- iter-1/step-2 \| archived \S+Z \| bootstrap reset-attempts by .+ \| "
                     r"- Step 2, attempt 1: tried X$", history, re.M)
    assert "still counts 2 attempt(s) on step 2" in result.stdout


def test_reset_attempts_heading_at_eof_without_newline(project):
    plan = new_plan(project)
    write(project, f"plans/{plan}/state.md", "# Current State: EXECUTE\n## Fix Attempts")
    assert bootstrap(project, "reset-attempts").returncode == 0
    assert read(project, f"plans/{plan}/state.md").endswith("## Fix Attempts\n- (none yet for current step)\n")


def test_reset_attempts_errors(project):
    assert "No active plan" in bootstrap(project, "reset-attempts").stderr
    plan = new_plan(project)
    write(project, f"plans/{plan}/state.md", "# Current State: EXECUTE\n## Fix Attempts Archive\n")
    result = bootstrap(project, "reset-attempts")
    assert result.returncode == 1 and "no '## Fix Attempts' section" in result.stderr
    assert read(project, f"plans/{plan}/state.md") == "# Current State: EXECUTE\n## Fix Attempts Archive\n"
