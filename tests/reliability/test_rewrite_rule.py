"""Issue 18, defects 6 and 11: a writing command keeps every byte it did not edit, or refuses to
touch the file and says why; ``\\r``, ``\\n`` and ``\\r\\n`` end a line alike."""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skill.plans.textio import frame, split_lines, unframe
from tests.lifecycle.helpers import new_plan, read, write
from tests.support.cli import limits, run_cli
from tests.support.git import commit_all

STEPS = "## Steps\n1. [ ] first\n2. [ ] second\n3. [ ] third\n"


def executing(project, step="1 of 3"):
    """An EXECUTE plan on ``step`` with three plan steps, written by hand (no step baseline, so
    the work tree is committed first: ``step next`` then sees no unlogged change)."""
    plan = new_plan(project, "Rewrite rule")
    commit_all(project, "plans ignored")
    plan_md = re.sub(r"## Steps\n[^\n]*\n", STEPS, read(project, f"plans/{plan}/plan.md"))
    write(project, f"plans/{plan}/plan.md", plan_md)
    state = read(project, f"plans/{plan}/state.md")
    state = state.replace("# Current State: EXPLORE", "# Current State: EXECUTE")
    state = state.replace("## Iteration: 0", "## Iteration: 1")
    write(project, f"plans/{plan}/state.md", state.replace("## Current Plan Step: N/A", f"## Current Plan Step: {step}"))
    return plan


# -- defect 6: invalid UTF-8 and binary data are never re-encoded -------------------------------


def test_a_stray_latin1_byte_in_state_md_is_refused_not_replaced(project):
    plan = executing(project)
    path = project / "plans" / plan / "state.md"
    data = path.read_bytes().replace(b"## Iteration: 1", b"## Iteration: 1 caf\xe9")
    path.write_bytes(data)
    result = run_cli(project, "transition", "REFLECT")
    assert result.returncode == 1, result.stdout
    assert "not valid UTF-8" in result.stderr and "0xE9" in result.stderr
    assert "Nothing was written." in result.stderr
    assert path.read_bytes() == data  # not a byte changed: no U+FFFD


def test_ten_mib_of_junk_is_never_rewritten(project):
    plan = executing(project)
    path = project / "plans" / plan / "changelog.md"
    junk = path.read_bytes() + os.urandom(10 * 1024 * 1024)
    path.write_bytes(junk)
    result = run_cli(project, "log-edit", "--file", "a.py", "--reason", "x", "--op", "CREATE(+1)",
                     "--commit", "uncommitted", "--radius", "radius:LOW(1)", timeout=120, preexec_fn=limits())
    assert result.returncode == 1, result.stdout
    assert "cannot be rewritten" in result.stderr and "Traceback" not in result.stderr
    assert path.stat().st_size == len(junk) and path.read_bytes() == junk


def test_binary_data_in_a_plan_file_is_refused(project):
    plan = executing(project)
    path = project / "plans" / plan / "state.md"
    data = path.read_bytes() + b"\x00\x01binary"
    path.write_bytes(data)
    result = run_cli(project, "attempt", "--what", "try", "--result", "failed")
    assert result.returncode == 1 and "binary data" in result.stderr, result.stderr
    assert path.read_bytes() == data


def test_close_refuses_before_writing_when_a_consolidated_file_is_not_utf8(project):
    plan = new_plan(project, "Consolidated junk")
    findings = project / "plans" / "FINDINGS.md"
    data = findings.read_bytes() + b"\xff\xfe junk\n"
    findings.write_bytes(data)
    before = {p: p.read_bytes() for p in (project / "plans").rglob("*") if p.is_file() and p.name != ".lock"}
    result = run_cli(project, "bootstrap", "close")
    assert result.returncode == 1 and "not valid UTF-8" in result.stderr, result.stderr
    after = {p: p.read_bytes() for p in (project / "plans").rglob("*") if p.is_file() and p.name != ".lock"}
    assert after == before  # refused before the first write: the plan is still open
    assert not (project / "plans" / plan / "close-progress.txt").exists()


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("bom", [False, True])
def test_a_file_with_one_line_ending_keeps_it_and_its_bom(project, newline, bom):
    plan = executing(project)
    path = project / "plans" / plan / "state.md"
    text = read(project, f"plans/{plan}/state.md").replace("\n", newline)
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode())
    result = run_cli(project, "step", "next")
    assert result.returncode == 0, result.stderr
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") == bom
    body = after.decode("utf-8").lstrip("\ufeff")
    rest = body.replace(newline, "")
    assert "\r" not in rest and "\n" not in rest  # no other line ending crept in
    assert split_lines(body)[0] == "# Current State: EXECUTE"
    assert "## Current Plan Step: 2 of 3" in split_lines(body)
    assert sum(line.startswith("## ") for line in split_lines(body)) == sum(
        line.startswith("## ") for line in split_lines(text))


# -- defect 11: a lone CR never glues two lines together ------------------------------------------


def test_a_lone_cr_never_makes_step_next_delete_a_heading(project):
    plan = executing(project)
    path = project / "plans" / plan / "state.md"
    data = path.read_bytes().replace(b"## Current Plan Step: 1 of 3\n", b"## Current Plan Step: 1 of 3\r")
    assert b"\r## " in data
    path.write_bytes(data)
    # the readers see the heading after the lone CR as its own line
    status = run_cli(project, "bootstrap", "status")
    assert "step=1 of 3 |" in status.stdout, status.stdout
    # the writer refuses (mixed endings cannot be kept byte for byte) instead of eating the heading
    result = run_cli(project, "step", "next")
    assert result.returncode == 1 and "line endings are mixed" in result.stderr, result.stderr
    assert path.read_bytes() == data


def test_cr_only_state_md_moves_a_step_and_keeps_every_heading(project):
    plan = executing(project)
    path = project / "plans" / plan / "state.md"
    text = read(project, f"plans/{plan}/state.md")
    path.write_bytes(text.replace("\n", "\r").encode())
    result = run_cli(project, "step", "next")
    assert result.returncode == 0, result.stderr
    after = path.read_bytes().decode()
    assert "\n" not in after
    assert after.count("\r## ") == text.count("\n## ")
    assert "## Current Plan Step: 2 of 3\r" in after


# -- the rule itself ---------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"),
                     max_size=8), max_size=12),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.booleans(),
)
def test_uniform_files_round_trip_exactly(lines, newline, bom):
    data = (("\ufeff" if bom else "") + newline.join(lines)).encode("utf-8")
    text, framing = frame(data)
    if b"\x00" in data:
        assert framing.problem is not None
        return
    assert framing.problem is None
    assert unframe(text, framing) == data
    assert "\r" not in text


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=64))
def test_any_bytes_either_round_trip_or_carry_a_reason(data):
    text, framing = frame(data)
    if framing.problem is None:
        assert unframe(text, framing) == data
    assert "\r" not in text
