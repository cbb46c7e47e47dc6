"""A changelog written by log-edit (and then compressed) passes the validator's changelog checks."""

from __future__ import annotations

from .blast_helpers import commit_all, run_cli, write


def test_validator_accepts_log_edit_lines(repo):
    write(repo, "src/a.py", "a = 1\n")
    commit_all(repo)
    assert run_cli(repo, "bootstrap", "new", "check the ledger").returncode == 0
    plan = next(p for p in (repo / "plans").iterdir() if p.name.startswith("plan-"))
    state = plan / "state.md"
    text = state.read_text(encoding="utf-8").replace(
        "## Current Plan Step: N/A", "## Current Plan Step: 1 of 3"
    )
    state.write_text(text, encoding="utf-8")
    write(repo, "src/a.py", "a = 2\n")
    write(repo, "src/new file.js", "export const x = 1;\n")
    cases = [
        ("--file", "src/a.py", "--reason", "bump a | keep b"),
        ("--file", "src/new file.js", "--reason", "add → export"),
        ("--file", "src/a.py", "--reason", "undo", "--op", "REVERT(src/a.py)"),
    ]
    cases += [("--file", "src/a.py", "--reason", f"small {i}") for i in range(6)]
    for args in cases:
        done = run_cli(repo, "log-edit", *args)
        assert done.returncode == 0, done.stderr
    squeezed = run_cli(repo, "compress-changelog", "--threshold", "5")
    assert squeezed.returncode == 0 and "compressed" in squeezed.stdout
    assert "- (compressed: 6 low-decision-impact edits" in (plan / "changelog.md").read_text()
    report = run_cli(repo, "validate-plan")
    assert "Validation:" in report.stdout or "Summary:" in report.stdout, report.stdout
    assert "[changelog-malformed]" not in report.stdout
    assert "[changelog-dref-orphan]" not in report.stdout
