"""DECISION anchors: styles, the reverse audit, Anchor-Refs, the walk's limits."""

from __future__ import annotations

import os

from skill.validate.anchors import LineIndex, scan_text, walk

from .validate_helpers import PLAN_ID, issues, pairs, slugs, write_plan

OTHER = "plan_2026-02-02_11223344"
UNKNOWN = "plan_2026-03-03_99999999"


def _write(root, rel: str, text: str):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _anchor_pairs(found):
    return [(i.severity, i.slug) for i in found if i.slug.startswith("anchor")]


def test_styles():
    assert [a.num for a in scan_text("x = 1  # DECISION D-001: why\n", ".py")] == [1]
    assert (
        scan_text("#DECISION D-001\n# decision D-001\n# DECISION D-001x\n# DECISION D-01\n", ".py")
        == []
    )
    assert [a.num for a in scan_text("// DECISION D-002\n/* DECISION D-003 */\n", ".js")] == [2, 3]
    assert [a.num for a in scan_text("-- DECISION D-004\n", ".sql")] == [4]
    assert [
        a.num for a in scan_text("<!-- DECISION D-005 -->\n`<!-- DECISION D-006 -->`\n", ".md")
    ] == [5]
    assert scan_text("# DECISION D-007\n", ".txt") == []
    one_per_line = scan_text("# DECISION D-001 # DECISION D-002\n", ".py")
    assert [a.num for a in one_per_line] == [1]
    stale = scan_text(f"# DECISION {PLAN_ID}/D-010 [STALE]\n", ".py")[0]
    assert stale.stale and stale.plan == PLAN_ID and stale.num == 10
    assert scan_text(f"# DECISION plans/{PLAN_ID}/D-010\n", ".py") == []


def test_line_numbers_of_multiline_styles():
    text = "a\n/*\n  note\n  DECISION D-001\n*/\n<!-- x -->\n"
    assert [a.line for a in scan_text(text, ".c")] == [4]
    index = LineIndex("a\nbb\n\nc")
    assert [index.line(o) for o in (0, 1, 2, 4, 5, 6)] == [1, 1, 2, 2, 3, 4]


def test_reverse_audit(tmp_path):
    write_plan(tmp_path)
    other = tmp_path / "plans" / OTHER
    other.mkdir()
    (other / "decisions.md").write_text(
        "## D-001 | EXECUTE | 2026-02-02\n**Trade-off**: x\n\n## D-002 | EXECUTE | 2026-02-02\n**Trade-off**: y\n"
    )
    _write(
        tmp_path,
        "docs/doc.md",
        f"<!-- DECISION {OTHER}/D-002 -->\n<!-- DECISION {OTHER}/D-007 -->\n<!-- DECISION {UNKNOWN}/D-001 -->\n"
        f"<!-- DECISION {UNKNOWN}/D-009 [STALE] -->\n<!-- DECISION plan-2026-02-02-11223344/D-002 -->\n",
    )
    found = issues(tmp_path)
    assert _anchor_pairs(found) == [
        ("WARN", "anchor-badprefix"),
        ("ERROR", "anchor-orphan"),
        ("ERROR", "anchor-unknown-plan"),
        ("WARN", "anchor-unknown-plan"),
    ]
    orphan = slugs(found, "anchor-orphan")[0]
    assert f"{OTHER}/D-007" in orphan.message and orphan.file == "docs/doc.md" and orphan.line == 2
    before = [(i.severity, i.slug, i.message) for i in found]
    for decoy in ("plan-2026-04-04T000000-aaaaaaaa", "plan_2026-04-05_bbbbbbbb"):
        (tmp_path / "plans" / decoy).mkdir()
        (tmp_path / "plans" / decoy / "decisions.md").write_text("## D-001 | X | 2026-01-01\n")
    assert [(i.severity, i.slug, i.message) for i in issues(tmp_path)] == before


def test_bare_anchors(tmp_path):
    write_plan(tmp_path)
    _write(tmp_path, "src/a.py", "# DECISION D-001\n# DECISION D-002\n# DECISION D-003 [STALE]\n")
    assert _anchor_pairs(issues(tmp_path)) == [
        ("WARN", "anchor-unqualified"),
        ("WARN", "anchor-unqualified"),
        ("ERROR", "anchor-orphan"),
        ("WARN", "anchor-unqualified"),
        ("WARN", "anchor-orphan"),
    ]


def test_consolidated_decisions_resolve(tmp_path):
    write_plan(tmp_path)
    (tmp_path / "plans" / "DECISIONS.md").write_text(
        f"# Decisions\n\n## {OTHER}\n\n### D-004 | X | 2026\n"
    )
    _write(tmp_path, "src/a.go", f"// DECISION {OTHER}/D-004\n")
    assert _anchor_pairs(issues(tmp_path)) == []


def test_masked_markdown(tmp_path):
    write_plan(tmp_path)
    anchor = f"<!-- DECISION {UNKNOWN}/D-001 example -->"
    _write(tmp_path, "doc.md", f"Text.\n\n    {anchor}\n\n```\n{anchor}\n```\n")
    found = issues(tmp_path)
    assert slugs(found, "anchor-unknown-plan") == [] and not any(
        "doc.md" in i.message for i in found
    )
    _write(tmp_path, "doc.md", f"Text.\n\n{anchor}\n")
    assert [i.file for i in slugs(issues(tmp_path), "anchor-unknown-plan")] == ["doc.md"]


def test_anchor_refs(tmp_path):
    plan = write_plan(tmp_path)
    original = (plan / "decisions.md").read_text()
    (plan / "decisions.md").write_text(original.replace("**Anchor-Refs**: (none yet)\n", ""))
    _write(tmp_path, "src/a.py", f"# DECISION {PLAN_ID}/D-001\n")
    found = issues(tmp_path)
    assert ("WARN", "anchor-refs") in pairs(found)  # lenient fixture
    assert slugs(found, "anchor-refs-missing") == []
    text = original.replace("(none yet)", "`src/a.py:1`")
    (plan / "decisions.md").write_text(text)
    found = issues(tmp_path)
    assert slugs(found, "anchor-refs") == [] and slugs(found, "anchor-refs-stale") == []
    (plan / "decisions.md").write_text(
        text.replace("`src/a.py:1`", "`src/a.py:1`, `src/gone.py:3`, `src/b.py:2`, `nocolon`")
    )
    _write(tmp_path, "src/b.py", "print('no anchor')\n")
    stale = slugs(issues(tmp_path), "anchor-refs-stale")
    assert (
        len(stale) == 2 and "src/gone.py:3" in stale[0].message and "src/b.py:2" in stale[1].message
    )


def test_anchor_refs_missing_in_strict_plan(tmp_path):
    plan = write_plan(tmp_path)
    (plan / "state.md").write_text((plan / "state.md").read_text().replace("(task started, ", "("))
    text = (plan / "decisions.md").read_text()
    (plan / "decisions.md").write_text(text.replace("**Anchor-Refs**: (none yet)\n", ""))
    _write(tmp_path, "src/a.py", f"# DECISION {PLAN_ID}/D-001\n")
    assert ("ERROR", "anchor-refs-missing") in pairs(issues(tmp_path))


def test_walk_limits(tmp_path):
    _write(tmp_path, "a.py", "")
    _write(tmp_path, ".dot.py", "")
    for skipped in (
        "node_modules",
        ".git",
        ".venv",
        "venv",
        "__pycache__",
        "dist",
        "build",
        "target",
        "vendor",
        "plans",
    ):
        _write(tmp_path, f"{skipped}/x.py", "")
    _write(tmp_path, "src/deep/b.md", "")
    _write(tmp_path, "src/c.sh", "")
    _write(tmp_path, "src/notes.txt", "")  # not one of the 33 extensions
    deep = "/".join(f"d{n}" for n in range(12))
    _write(tmp_path, f"{deep}/twelve.py", "")
    _write(tmp_path, f"{deep}/d12/thirteen.py", "")
    outside = tmp_path.parent / (tmp_path.name + "-outside")
    outside.mkdir()
    _write(outside, "secret.py", "")
    os.symlink(outside, tmp_path / "link")
    os.symlink(outside / "secret.py", tmp_path / "link.py")
    found = [p.relative_to(tmp_path).as_posix() for p in walk(tmp_path)]
    assert found == [".dot.py", "a.py", f"{deep}/twelve.py", "src/c.sh", "src/deep/b.md"]


def test_binary_and_unreadable_files(tmp_path):
    write_plan(tmp_path)
    (tmp_path / "blob.py").write_bytes(b"\x00\xff# DECISION D-009\n")
    (tmp_path / "latin.py").write_bytes(b"\xe9t\xe9 # DECISION D-001\n")
    locked = _write(tmp_path, "locked.py", "# DECISION D-077\n")
    locked.chmod(0)
    try:
        found = issues(tmp_path)
    finally:
        locked.chmod(0o644)
    unqualified = slugs(found, "anchor-unqualified")
    assert [i.file for i in unqualified] == ["latin.py"] or os.geteuid() == 0


def test_anchor_refs_as_a_list(tmp_path):
    plan = write_plan(tmp_path)
    _write(tmp_path, "src/a.py", f"# DECISION {PLAN_ID}/D-001\n")
    text = (plan / "decisions.md").read_text()
    listed = "**Anchor-Refs**:\n- `src/a.py:1`\n- `src/gone.py:2`\n"
    (plan / "decisions.md").write_text(text.replace("**Anchor-Refs**: (none yet)\n", listed))
    stale = slugs(issues(tmp_path), "anchor-refs-stale")
    assert [("src/gone.py:2" in i.message) for i in stale] == [True]


def test_undecodable_file_name(tmp_path):
    write_plan(tmp_path)
    (tmp_path / "src").mkdir()
    with open(os.path.join(os.fsencode(tmp_path / "src"), b"bad\xff.py"), "wb") as handle:
        handle.write(b"# DECISION D-001\n")
    found = slugs(issues(tmp_path), "anchor-unqualified")
    assert [i.file for i in found] == ["src/bad\ufffd.py"]
    found[0].file.encode("utf-8")  # printable
