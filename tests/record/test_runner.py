"""The criterion runner on its own: exit status, output tail, time limit, control codes."""

from __future__ import annotations

from pathlib import Path

from skill.record.runner import OUTPUT_CAP, RunResult, run


def test_exit_status_and_both_streams(tmp_path: Path) -> None:
    result = run("echo out; echo err >&2; exit 3", tmp_path)
    assert (result.exit_status, result.passed, result.timed_out) == (3, False, False)
    assert result.output == "out\nerr\n" and result.last_line == "err"
    assert result.status_text(5).startswith("exit 3 after ")


def test_runs_in_the_given_folder_with_empty_stdin(tmp_path: Path) -> None:
    (tmp_path / "marker.txt").write_text("here\n")
    result = run("cat marker.txt; cat", tmp_path)
    assert result.passed and result.output == "here\n"


def test_a_timeout_kills_the_group(tmp_path: Path) -> None:
    result = run("(sleep 2; touch late.txt) & sleep 20", tmp_path, timeout=0.3)
    assert result.timed_out and result.exit_status is None and result.seconds < 5
    assert result.status_text(0.3) == "timed out after 0.3s (process group killed)"
    import time

    time.sleep(2.3)
    assert not (tmp_path / "late.txt").exists()


def test_output_is_capped_to_its_tail(tmp_path: Path) -> None:
    result = run("seq 1 300000", tmp_path)
    assert result.truncated and len(result.output.encode()) <= OUTPUT_CAP
    assert result.output.endswith("299999\n300000\n") and result.output[0].isdigit()


def test_a_folder_that_does_not_exist_is_a_result_not_an_exception(tmp_path: Path) -> None:
    result = run("true", tmp_path / "missing")
    assert result.error is not None and not result.passed
    assert result.status_text(5).startswith("could not start: ")


def test_the_last_line_has_no_control_codes() -> None:
    result = RunResult("x", 0, 0.1, "a\n\x1b[32m3 passed\x1b[0m in 0.1s\x07\r\n\n", False)
    assert result.last_line == "3 passed in 0.1s"
    assert RunResult("x", 0, 0.1, "", False).last_line == ""
