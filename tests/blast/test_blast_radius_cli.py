"""blast-radius as a real subprocess in temporary git repositories."""

from __future__ import annotations

import json
import re

from .blast_helpers import blast_json, commit_all, git, run_cli, write


def line_of(cwd, *args):
    done = run_cli(cwd, "blast-radius", *args)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_no_file_arg(tmp_path):
    assert line_of(tmp_path) == "radius:UNKNOWN(no-file-arg)"


def test_no_git(tmp_path):
    write(tmp_path, "f.js", "x\n")
    assert line_of(tmp_path, "f.js") == "radius:UNKNOWN(no-git)"
    done = run_cli(tmp_path, "blast-radius", "f.js", "--json")
    assert json.loads(done.stdout) == {"tier": "UNKNOWN", "reason": "no-git", "file": "f.js"}


def test_directory_and_missing(repo):
    write(repo, "d/a.js", "x\n")
    commit_all(repo)
    assert line_of(repo, "d") == "radius:UNKNOWN(is-directory)"
    assert line_of(repo, ".") == "radius:UNKNOWN(is-directory)"
    assert line_of(repo / "d", "..") == "radius:UNKNOWN(is-directory)"
    assert line_of(repo, "nope.js") == "radius:UNKNOWN(not-tracked)"


def test_deleted_tracked_file_still_scores(repo):
    write(repo, "gone.js", "".join(f"line {i}\n" for i in range(30)))
    commit_all(repo)
    (repo / "gone.js").unlink()
    data = blast_json(repo, "gone.js")
    assert data["signals"]["loc"] == {"score": 1, "added": 0, "removed": 30}


def test_binary_untracked_is_unreadable(repo):
    (repo / "blob.bin").write_bytes(b"abc\0def")
    assert line_of(repo, "blob.bin") == "radius:UNKNOWN(unreadable)"


def test_outside_repo_is_unknown(repo, tmp_path):
    write(tmp_path, "outside.js", "x\n")
    commit_all_safe = write(repo, "a.js", "x\n")
    assert commit_all_safe.exists()
    assert line_of(repo, "../outside.js") == "radius:UNKNOWN(outside-repo)"


def test_json_schema_and_order(repo):
    write(repo, "app.js", "const a = 1;\n")
    commit_all(repo)
    done = run_cli(repo, "blast-radius", "app.js", "--json")
    raw = done.stdout.strip()
    data = json.loads(raw)
    assert list(data) == ["tier", "score", "file", "signals"]
    assert list(data["signals"]) == ["loc", "deps", "shared", "api", "tests", "hist"]
    assert data["file"] == "app.js"
    assert raw.startswith('{"tier":"LOW","score":0,')


def test_shared_path_and_api(repo):
    write(repo, "lib/thing.js", "const a = 1;\n")
    write(repo, "app.js", "const b = 1;\n")
    commit_all(repo)
    with (repo / "lib/thing.js").open("a") as f:
        f.write("export function foo() {}\n")
    data = blast_json(repo, "lib/thing.js")
    assert data["signals"]["shared"] == {"score": 2, "match": True}
    assert data["signals"]["api"]["score"] == 2 and data["signals"]["api"]["hits"] >= 1
    assert blast_json(repo, "app.js")["signals"]["shared"]["score"] == 0


def test_loc_thresholds(repo):
    write(repo, "a.txt", "x\n")
    commit_all(repo)
    with (repo / "a.txt").open("a") as f:
        f.write("".join(f"l{i}\n" for i in range(30)))
    data = blast_json(repo, "a.txt")
    assert data["signals"]["loc"]["added"] == 30
    assert data["signals"]["loc"]["score"] == 1
    assert data["signals"]["api"] == {"score": 0, "hits": 0}  # not a code extension


def test_verbose_line(repo):
    write(repo, "app.js", "x\n")
    commit_all(repo)
    out = line_of(repo, "app.js", "--verbose")
    assert re.fullmatch(
        r"radius:LOW\(0\) loc=0\(\+0,-0\) deps=0\(0\) shared=0 api=0\(0\) tests=0 hist=0"
        r" \| importers: 0 direct, 0 tests, 0 type-only, 0 transitive",
        out,
    )
    write(repo, "notes.txt", "x\n")
    commit_all(repo)
    assert line_of(repo, "notes.txt", "--verbose").endswith(" | importers by text search: 0")


def _importers(repo, n):
    for i in range(n):
        write(repo, f"src/m{i}.js", "import { x } from '../lib/widget';\n")


def test_tier_boundaries(repo):
    write(repo, "lib/widget.js", "export const x = 1;\n")
    _importers(repo, 1)
    commit_all(repo)
    assert line_of(repo, "lib/widget.js") == "radius:MED(3)"  # shared 2 + deps 1
    with (repo / "lib/widget.js").open("a") as f:
        f.write("export const y = 2;\n")
    assert line_of(repo, "lib/widget.js") == "radius:MED(5)"  # + api 2
    _importers(repo, 6)
    assert line_of(repo, "lib/widget.js") == "radius:HIGH(6)"  # deps 2 (untracked importers count)


def test_api_only_is_low_two(repo):
    write(repo, "app.py", "x = 1\n")
    commit_all(repo)
    with (repo / "app.py").open("a") as f:
        f.write("def helper():\n    return 1\n")
    assert line_of(repo, "app.py") == "radius:LOW(2)"


def test_test_credit(repo):
    write(repo, "widget.js", "const w = 1;\n")
    commit_all(repo)
    write(repo, "test/widget.test.js", "require('../widget');\n")
    git(repo, "add", "test/widget.test.js")
    data = blast_json(repo, "widget.js")
    assert data["signals"]["tests"] == {"score": -1, "hit": True}
    deps = data["signals"]["deps"]
    assert (deps["count"], deps["tests"], deps["score"]) == (0, 1, 0)  # a test importer alone
    git(repo, "rm", "-q", "--cached", "test/widget.test.js")
    (repo / "test/widget.test.js").unlink()
    assert blast_json(repo, "widget.js")["signals"]["tests"] == {"score": 0, "hit": False}


def test_history_signal(repo):
    write(repo, "tracked.js", "x\n")
    commit_all(repo)
    plan = repo / "plans" / "plan-2026-01-02T030405-0a1b2c3d"
    plan.mkdir(parents=True)
    (repo / "plans/.current_plan").write_text(plan.name)
    (plan / "state.md").write_text("## Change Manifest\n- `tracked.js` edited\n")
    assert blast_json(repo, "tracked.js")["signals"]["hist"] == {"score": 1, "prior": True}
    (plan / "state.md").write_text("## Change Manifest\n- nottracked.json\n")
    assert blast_json(repo, "tracked.js")["signals"]["hist"]["score"] == 0
    sub = repo / "sub"
    sub.mkdir()
    (plan / "state.md").write_text("mentions tracked.js\n")
    assert blast_json(sub, "../tracked.js")["signals"]["hist"]["prior"] is True


def test_untracked_create_and_staging_invariance(repo):
    write(repo, "README.md", "r\n")
    commit_all(repo)
    write(repo, "big.js", "".join(f"const v{i} = {i};\n" for i in range(500)))
    before = blast_json(repo, "big.js")
    assert before["signals"]["loc"] == {"score": 3, "added": 500, "removed": 0}
    git(repo, "add", "big.js")
    after = blast_json(repo, "big.js")
    assert after["signals"]["loc"] == before["signals"]["loc"]
    assert (after["tier"], after["score"]) == (before["tier"], before["score"])


def test_untracked_export_and_empty(repo):
    write(repo, "README.md", "r\n")
    commit_all(repo)
    write(repo, "mod.js", "export function a() {}\nconst b = 2;\n")
    assert blast_json(repo, "mod.js")["signals"]["api"] == {"score": 2, "hits": 1}
    write(repo, "empty.js", "")
    assert blast_json(repo, "empty.js")["signals"]["loc"]["added"] == 0
    # blast-radius never stages anything
    assert git(repo, "status", "--porcelain").count("??") == 2


def test_tracked_diff_only_counts_added_lines(repo):
    write(repo, "lib.js", "export const a = 1;\nexport const b = 2;\n")
    commit_all(repo)
    with (repo / "lib.js").open("a") as f:
        f.write("export const c = 3;\n")
    assert blast_json(repo, "lib.js")["signals"]["api"]["hits"] == 1


def test_cwd_invariance(repo):
    write(repo, "lib/util.js", "export const x = 1;\n")
    write(repo, "src/a.js", "import { x } from '../lib/util';\n")
    commit_all(repo)
    with (repo / "lib/util.js").open("a") as f:
        f.write("export const y = 2;\n")
    write(repo, "tests/util.test.js", "import '../lib/util';\n")
    top = line_of(repo, "lib/util.js", "--verbose")
    inner = line_of(repo / "lib", "util.js", "--verbose")
    assert top == inner
    assert "tests=-1" in top
    assert (
        json.loads(run_cli(repo / "lib", "blast-radius", "util.js", "--json").stdout)["file"]
        == "util.js"
    )


def test_shell_metacharacters_are_inert(repo):
    write(repo, "README.md", "r\n")
    commit_all(repo)
    hostile = [
        "x$(touch PWNED).js",
        "x`touch PWNED2`.js",
        "a b 'c\" | d.js",
        "-rf.js",
        "new\nline.js",
    ]
    for name in hostile:
        write(repo, name, "export const a = 1;\n")
    for name in hostile:
        out = line_of(repo, name)
        assert re.fullmatch(r"radius:(LOW|MED|HIGH)\(-?\d+\)", out), (name, out)
    assert not (repo / "PWNED").exists() and not (repo / "PWNED2").exists()


def test_glob_and_magic_names_are_literal(repo):
    write(repo, "a*b.js", "x\n")
    write(repo, "abb.js", "y\n")
    write(repo, ":(glob)c.js", "z\n")
    commit_all(repo)
    with (repo / "abb.js").open("a") as f:
        f.write("".join(f"l{i}\n" for i in range(40)))
    # the glob must not pick up abb.js's churn
    assert blast_json(repo, "a*b.js")["signals"]["loc"]["added"] == 0
    assert blast_json(repo, ":(glob)c.js")["tier"] == "LOW"


def test_deps_fallback_when_git_grep_fails(repo, monkeypatch):
    from pathlib import Path

    from skill.blast import score

    # Ruby is not read by the import graph: its deps come from the text search.
    write(repo, "lib/core.rb", "CORE = 1\n")
    write(repo, "src/x.rb", "include <lib/core>\n")
    write(repo, "plans/notes.rb", "include <lib/core>\n")
    commit_all(repo)
    real = score.git.run_git

    def failing(args, cwd, timeout=None):
        if args and args[0] == "grep":
            return score.git.GitResult(128, "")
        return real(args, cwd, timeout)

    monkeypatch.setattr(score.git, "run_git", failing)
    result = score.score_file("lib/core.rb", Path(repo))
    assert result.signals is not None and result.signals.dep_count == 1
    assert result.signals.dep_method == "text"


def test_multiple_files_one_line_each(repo):
    write(repo, "a.js", "x\n")
    commit_all(repo)
    out = line_of(repo, "a.js", "missing.js", "--unknown-flag").splitlines()
    assert out == ["radius:LOW(0)", "radius:UNKNOWN(not-tracked)"]


def test_toplevel_failure_falls_back_to_cwd(repo, monkeypatch):
    from pathlib import Path

    from skill.blast import score

    write(repo, "lib/a.js", "x\n")
    commit_all(repo)
    monkeypatch.setattr(score.git, "toplevel", lambda cwd: None)
    result = score.score_file("lib/a.js", Path(repo))
    assert (result.reason, result.tier, result.score) == (None, "LOW", 2)
    assert result.signals is not None and result.signals.shared == 2


def test_entry_script_from_checkout(repo):
    import subprocess
    import sys

    from .blast_helpers import REPO, clean_env

    write(repo, "app.js", "x\n")
    commit_all(repo)
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "blast-radius.py"), "app.js", "--verbose"],
        cwd=repo,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("radius:LOW(0) loc=0(+0,-0)")
