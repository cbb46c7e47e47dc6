"""Issue 18, defects 5 and 12: a file the user names is read only if it is a regular file within
the size cap, and nothing hangs or balloons on a device, a FIFO or junk; export is linear in junk.

Every run here has a memory cap and a timeout: an unbounded read fails them instead of passing.
"""

from __future__ import annotations

import os

import pytest

from skill.plans.textio import NAMED_FILE_LIMIT
from tests.lifecycle.helpers import new_plan, read, write
from tests.support.cli import limits, run_cli

COMMANDS = [
    ("execplan", "import"),
    ("execplan", "lint"),
    ("receipt", "check"),
]


@pytest.fixture
def fifo(project):
    path = project / "pipe.md"
    os.mkfifo(path)
    return path


def _refused(result, *expected):
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("ERROR: "), result.stderr
    assert any(word in result.stderr for word in expected), result.stderr


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_refused_without_reading(project, command, device):
    if not os.path.exists(device):
        pytest.skip(f"{device} is not on this system")
    result = run_cli(project, *command, device, timeout=30, preexec_fn=limits())
    _refused(result, "character device")


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_fifo_is_refused_without_blocking(project, command, fifo):
    result = run_cli(project, *command, str(fifo), timeout=30, preexec_fn=limits())
    _refused(result, "FIFO")


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_file_over_the_cap_is_refused(project, command):
    big = project / "big.md"
    with open(big, "wb") as handle:
        handle.truncate(NAMED_FILE_LIMIT + 1)  # sparse: no disk, but its size is what counts
    result = run_cli(project, *command, str(big), timeout=30, preexec_fn=limits())
    _refused(result, "larger than")
    assert not (project / "plans").exists() or command != ("execplan", "import") or not any(
        p.name.startswith("plan") for p in (project / "plans").iterdir()
    )


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_folder_is_refused(project, command):
    result = run_cli(project, *command, str(project), timeout=30)
    _refused(result, "a folder")


def test_log_edit_of_a_fifo_is_refused_without_blocking(project, fifo):
    plan = new_plan(project, "FIFO")
    before = read(project, f"plans/{plan}/changelog.md")
    result = run_cli(project, "log-edit", "--file", "pipe.md", "--reason", "x", "--step", "iter-1/step-1",
                     timeout=30, preexec_fn=limits())
    _refused(result, "FIFO")
    assert read(project, f"plans/{plan}/changelog.md") == before


def test_log_edit_counts_a_large_new_file_in_bounded_memory(project):
    new_plan(project, "Big file")
    big = project / "generated.bin"
    with open(big, "wb") as handle:
        handle.write(b"one\ntwo\n")
        handle.truncate(300 * 1024 * 1024)  # sparse: 300 MiB to read, more than the memory cap
    result = run_cli(project, "log-edit", "--file", "generated.bin", "--reason", "generated",
                     "--step", "iter-1/step-1", "--radius", "radius:LOW(1)", timeout=120,
                     preexec_fn=limits(memory=256 * 1024 * 1024))
    assert result.returncode == 0, result.stderr
    assert "CREATE(+3)" in result.stdout  # two lines, then one long run of NUL bytes


def test_plan_files_that_are_fifos_never_block_a_command(project):
    plan = new_plan(project, "FIFO plan file")
    for name in ("decisions.md", "findings.md"):
        (project / "plans" / plan / name).unlink()
        os.mkfifo(project / "plans" / plan / name)
    for args in (["bootstrap", "status"], ["bootstrap", "resume"], ["validate-plan"], ["execplan", "export"]):
        result = run_cli(project, *args, timeout=30, preexec_fn=limits())
        assert "Traceback" not in result.stderr, args


def test_export_is_linear_in_junk(project):
    """Decisions junk that made the code masking quadratic (minutes for 1 MiB): the export now
    finishes well inside the hang guard. Timing itself is measured in benchmarks/."""
    plan = new_plan(project, "Junk")
    path = project / "plans" / plan / "decisions.md"
    junk = "- a\n" + "\n\n    x" * 150_000 + "\n".join("`" * w for w in range(1500, 2, -1))
    write(project, f"plans/{plan}/decisions.md", read(project, f"plans/{plan}/decisions.md") + junk)
    assert path.stat().st_size > 1_000_000
    result = run_cli(project, "execplan", "export", timeout=240, preexec_fn=limits())
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("---\n")
