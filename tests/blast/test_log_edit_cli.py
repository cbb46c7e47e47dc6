"""log-edit as a real subprocess: computed fields, refusals, and nothing written on refusal."""

from __future__ import annotations

import json
import os

from skill.plans.changelog import line_issues, parse_line
from skill.plans.render import render

from .blast_helpers import (
    active_plan_id,
    clean_env,
    commit_all,
    git,
    make_plan,
    run_cli,
    write,
)

#: changelog.md as `bootstrap new` writes it: what a refused log-edit must leave behind.
FRESH_CHANGELOG = render("changelog")


def changelog(root):
    return (root / "plans" / active_plan_id(root) / "changelog.md").read_text(encoding="utf-8")


def entries(root):
    return [parse_line(line) for line in changelog(root).splitlines()[4:]]


def log(root, *args, env=None):
    return run_cli(root, "log-edit", *args, env=env)


def test_edit_of_tracked_file_from_git_and_state(repo):
    make_plan(repo, step="3 of 5", iteration="2")
    write(repo, "src/app.py", "a = 1\nb = 2\n")
    commit_all(repo)
    write(repo, "src/app.py", "a = 1\nc = 3\nd = 4\n")
    done = log(repo, "--file", "src/app.py", "--reason", "swap b for c | keep d")
    assert done.returncode == 0, done.stderr
    [entry] = entries(repo)
    assert entry.step == "iter-2/step-3"
    assert entry.commit == "uncommitted"
    assert entry.path == "src/app.py"
    assert entry.op == "EDIT(+2,-1)"
    assert entry.radius.startswith("radius:LOW(")
    assert entry.dref == "-"
    assert entry.reason == "swap b for c | keep d"
    assert done.stdout.strip() == changelog(repo).splitlines()[-1]
    assert all(line_issues(line) == [] for line in changelog(repo).splitlines()[4:])


def test_create_delete_and_committed(repo):
    make_plan(repo)
    write(repo, "keep.txt", "k\n")
    commit_all(repo)
    write(repo, "new.js", "one\ntwo\nthree\n")
    assert log(repo, "--file", "new.js", "--reason", "add").returncode == 0
    git(repo, "add", "new.js")
    git(repo, "commit", "-q", "-m", "add new")
    head = git(repo, "rev-parse", "--short=7", "HEAD").strip()
    assert log(repo, "--file", "new.js", "--reason", "committed already").returncode == 0
    (repo / "keep.txt").unlink()
    assert log(repo, "--file", "keep.txt", "--reason", "drop").returncode == 0
    got = [(e.op, e.commit) for e in entries(repo)]
    assert got == [
        ("CREATE(+3)", "uncommitted"),
        ("CREATE(+3)", head),
        ("DELETE(-1)", "uncommitted"),
    ]


def test_repository_without_commits(repo):
    make_plan(repo)
    write(repo, "first.py", "x = 1\n")
    done = log(repo, "--file", "first.py", "--reason", "start", "--dref", "D-001", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["plan"] == active_plan_id(repo)
    assert data["entry"]["op"] == "CREATE(+1)"
    assert data["entry"]["commit"] == "uncommitted"
    assert data["entry"]["dref"] == "D-001"
    assert data["line"] == changelog(repo).splitlines()[-1]
    assert "WARNING" not in done.stderr  # D-001 exists in decisions.md


def test_unknown_dref_warns_but_writes(repo):
    make_plan(repo)
    write(repo, "f.py", "x\n")
    done = log(repo, "--file", "f.py", "--reason", "r", "--dref", "D-042")
    assert done.returncode == 0
    assert "D-042" in done.stderr and "WARNING" in done.stderr
    assert entries(repo)[0].dref == "D-042"


def test_step_na_is_refused_and_step_override_works(repo):
    make_plan(repo, step="N/A")
    write(repo, "f.py", "x\n")
    done = log(repo, "--file", "f.py", "--reason", "r")
    assert done.returncode == 1
    assert "--step" in done.stderr and "Current Plan Step" in done.stderr
    assert "Traceback" not in done.stderr
    assert changelog(repo) == FRESH_CHANGELOG
    done = log(repo, "--file", "f.py", "--reason", "r", "--step", "iter-4/step-1")
    assert done.returncode == 0, done.stderr
    assert entries(repo)[0].step == "iter-4/step-1"


def test_invalid_fields_refused_naming_the_field(repo):
    make_plan(repo)
    write(repo, "f.py", "x\n")
    cases = [
        (["--file", "f.py", "--reason", "r", "--dref", "D-1"], '"dref"'),
        (["--file", "f.py", "--reason", "r", "--op", "RENAME(a->b)"], '"op"'),
        (["--file", "f.py", "--reason", "r", "--commit", "HEAD"], '"commit"'),
        (["--file", "f.py", "--reason", "r", "--step", "step-1"], '"step"'),
        (["--file", "f.py", "--reason", "two\nlines"], '"reason"'),
        (["--file", "f.py", "--reason", "   "], '"reason"'),
        (
            ["--file", "a|b.py", "--reason", "r", "--op", "EDIT(+1,-0)", "--commit", "uncommitted"],
            '"path"',
        ),
        (
            [
                "--file",
                "a\nb.py",
                "--reason",
                "r",
                "--op",
                "EDIT(+1,-0)",
                "--commit",
                "uncommitted",
            ],
            '"path"',
        ),
    ]
    for args, field in cases:
        done = log(repo, *args)
        assert done.returncode == 1, (args, done.stderr)
        assert field in done.stderr, (args, done.stderr)
        assert "Nothing was written" in done.stderr
        assert "Traceback" not in done.stderr
    assert changelog(repo) == FRESH_CHANGELOG


def test_paths_outside_root_refused(repo, tmp_path):
    make_plan(repo)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.py").write_text("x\n")
    os.symlink(outside, repo / "link")
    for name in ("../outside/x.py", str(outside / "x.py"), "link/x.py", "."):
        done = log(
            repo, "--file", name, "--reason", "r", "--op", "EDIT(+1,-0)", "--commit", "uncommitted"
        )
        assert done.returncode == 1, name
        assert "outside the project root" in done.stderr or "must name a file" in done.stderr, name
    assert changelog(repo) == FRESH_CHANGELOG


def test_leading_dash_and_spaces_in_path(repo):
    make_plan(repo)
    write(repo, "-weird name 'q'.py", "x\n")
    done = log(repo, "--file", "-weird name 'q'.py", "--reason", "odd name")
    assert done.returncode == 0, done.stderr
    assert entries(repo)[0].path == "-weird name 'q'.py"
    assert entries(repo)[0].op == "CREATE(+1)"


def test_path_with_surrounding_whitespace_refused(repo):
    make_plan(repo)
    write(repo, " padded.py", "x\n")
    done = log(repo, "--file", " padded.py", "--reason", "r")
    assert done.returncode == 1 and "whitespace" in done.stderr
    assert changelog(repo) == FRESH_CHANGELOG


def test_folder_refused(repo):
    make_plan(repo)
    write(repo, "src/a.py", "x\n")
    done = log(repo, "--file", "src", "--reason", "r")
    assert done.returncode == 1 and "folder" in done.stderr
    assert changelog(repo) == FRESH_CHANGELOG


def test_no_active_plan(repo):
    write(repo, "f.py", "x\n")
    done = log(repo, "--file", "f.py", "--reason", "r")
    assert done.returncode == 1
    assert "no active plan" in done.stderr
    assert not (repo / "plans").exists()


def test_outside_git_needs_op(tmp_path):
    make_plan(tmp_path)
    write(tmp_path, "f.py", "x\n")
    done = log(tmp_path, "--file", "f.py", "--reason", "r")
    assert done.returncode == 1 and "--op" in done.stderr
    done = log(
        tmp_path,
        "--file",
        "f.py",
        "--reason",
        "r",
        "--op",
        "EDIT(+1,-1)",
        "--commit",
        "uncommitted",
    )
    assert done.returncode == 0, done.stderr
    assert entries(tmp_path)[0].radius == "radius:UNKNOWN(no-git)"


def test_root_option_and_env(repo, tmp_path):
    make_plan(repo)
    write(repo, "f.py", "x\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert log(elsewhere, "--root", str(repo), "--file", "f.py", "--reason", "a").returncode == 0
    env = clean_env(IP_PLAN_ROOT=str(repo))
    assert log(elsewhere, "--file", "f.py", "--reason", "b", env=env).returncode == 0
    assert [e.reason for e in entries(repo)] == ["a", "b"]


def test_missing_changelog_is_created_and_no_newline_is_repaired(repo):
    plan = make_plan(repo)
    write(repo, "f.py", "x\n")
    (plan / "changelog.md").unlink()
    assert log(repo, "--file", "f.py", "--reason", "a").returncode == 0
    text = changelog(repo)
    assert text.startswith("# Changelog\n") and len(text.splitlines()) == 5
    (plan / "changelog.md").write_text(text.rstrip("\n"), encoding="utf-8")
    assert log(repo, "--file", "f.py", "--reason", "b").returncode == 0
    lines = changelog(repo).splitlines()
    assert len(lines) == 6 and all(line_issues(x) == [] for x in lines[4:])
    leftovers = [p.name for p in plan.iterdir() if p.name.endswith(".iptmp")]
    assert leftovers == []
