"""`bootstrap new` and .gitignore: `/plans/*` then `!/plans/ANCHORS.md`, anchored to the root;
older `plans` lines migrated; every other byte of the file kept."""

from __future__ import annotations

import subprocess

from hypothesis import given
from hypothesis import strategies as st

from skill.lifecycle.gitignore import GLOB, KEEP, LEGACY, NEGATIONS, updated
from tests.lifecycle.helpers import bootstrap, new_plan
from tests.support.env import clean_env

ENTRIES = b"/plans/*\n!/plans/ANCHORS.md\n"


def test_created_appended_migrated():
    assert updated(b"") == ENTRIES
    assert updated(b"node_modules/") == b"node_modules/\n" + ENTRIES
    assert updated(b"node_modules/\n") == b"node_modules/\n" + ENTRIES
    for legacy in (b"plans/", b"/plans/", b"plans", b"/plans", b"plans/*", b"plans/  "):
        assert updated(b"a\n" + legacy + b"\nb\n") == b"a\n" + ENTRIES + b"b\n", legacy
    # a second old line goes; the negation is put right after the glob, once
    assert updated(b"plans/\nx\nplans\n") == ENTRIES + b"x\n"
    assert updated(b"!/plans/ANCHORS.md\n/plans/*\n") == ENTRIES
    assert updated(ENTRIES) is None and updated(b"# mine\n" + ENTRIES + b"dist/\n") is None


def test_other_bytes_are_kept_exactly():
    crlf = b"a\r\nplans/\r\nb"
    assert updated(crlf) == b"a\r\n/plans/*\r\n!/plans/ANCHORS.md\r\nb"
    latin1 = b"# caf\xe9\n*.log\n"
    assert updated(latin1) == latin1 + ENTRIES
    bom = b"\xef\xbb\xbfplans/\n"
    assert updated(bom) == b"\xef\xbb\xbf" + ENTRIES
    assert updated(b"plans/sub/\n#plans/\n") == b"plans/sub/\n#plans/\n" + ENTRIES
    assert updated(b"\xff\xfep\x00l\x00") is None  # UTF-16: not a file git reads; untouched


_line = st.binary(max_size=20).filter(
    lambda b: not set(b) & {0, 10, 13} and b.rstrip(b" \t") not in LEGACY | NEGATIONS
    and not b.startswith(b"\xef\xbb\xbf")
)


@given(st.lists(_line, max_size=8), st.sampled_from([b"\n", b"\r\n"]), st.integers(0, 8),
       st.sampled_from(sorted(LEGACY | {b""})))
def test_property_only_our_lines_change(lines, nl, where, legacy):
    body = [line + nl for line in lines]
    ours = GLOB + nl + KEEP + nl
    if legacy:
        at = min(where, len(body))
        body.insert(at, legacy + nl)
        expected = b"".join(body[:at]) + ours + b"".join(body[at + 1 :])
    else:
        ending = nl if body else b"\n"
        expected = b"".join(body) + GLOB + ending + KEEP + ending
    result = updated(b"".join(body))
    assert result == expected
    assert updated(result) is None  # idempotent


def test_new_writes_the_entries_and_git_reads_them(project):
    (project / "src" / "plans").mkdir(parents=True)
    (project / "src" / "plans" / "model.py").write_text("x = 1\n")
    (project / ".gitignore").write_bytes(b"# caf\xe9\nplans/\n*.log")
    new_plan(project)
    assert (project / ".gitignore").read_bytes() == b"# caf\xe9\n" + ENTRIES + b"*.log"
    (project / "plans" / "ANCHORS.md").write_text("# anchors\n")

    def ignored(rel: str) -> bool:
        done = subprocess.run(["git", "check-ignore", "-q", rel], cwd=project, env=clean_env())
        return done.returncode == 0

    plan_file = next((project / "plans").glob("plan-*/state.md")).relative_to(project).as_posix()
    assert ignored(plan_file) and ignored("plans/FINDINGS.md")
    assert not ignored("plans/ANCHORS.md")
    assert not ignored("src/plans/model.py")  # a folder named plans elsewhere stays in git
    # idempotent across plans
    assert bootstrap(project, "close").returncode == 0
    new_plan(project, "Second")
    assert (project / ".gitignore").read_bytes() == b"# caf\xe9\n" + ENTRIES + b"*.log"


def test_a_binary_gitignore_is_left_alone_with_a_warning(project):
    data = b"\xff\xfep\x00l\x00a\x00n\x00s\x00/\x00\n\x00"
    (project / ".gitignore").write_bytes(data)
    result = bootstrap(project, "new", "Goal")
    assert result.returncode == 0
    assert "left as it is" in result.stderr and "/plans/*" in result.stderr
    assert (project / ".gitignore").read_bytes() == data
