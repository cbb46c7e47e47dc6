"""changelog.md: the schema on every entry line, and the dref join against decisions.md."""

from __future__ import annotations

from .validate_helpers import CHANGELOG_MD, issues, run_cli, slugs, write_plan

GOOD = "2026-05-30T10:00:00Z | iter-1/step-1 | abc1234 | src/a.py | EDIT(+1,-2) | radius:LOW(1) | {dref} | {reason}"


def _run(tmp_path, *lines: str):
    plan = write_plan(tmp_path)
    (plan / "changelog.md").write_text(CHANGELOG_MD + "\n".join(lines) + "\n")
    return issues(tmp_path)


def test_clean_and_pipes_in_reason(tmp_path):
    found = _run(tmp_path, GOOD.format(dref="-", reason="fix race: a | b condition"))
    assert [i for i in found if i.slug.startswith("changelog-")] == []


def test_each_bad_field(tmp_path):
    good = GOOD.format(dref="-", reason="why").split(" | ")
    bad = {
        0: ["NOTATIME", "2026-13-45T99:99:99Z"],
        1: ["step-1"],
        2: ["xyz"],
        3: ["   "],
        4: ["MUTATE(+1)", "EDIT(+1,-0)trailing"],
        5: ["radius:HUGE(9)", "radius:LOW(2)trailing"],
        6: ["D-1"],
    }
    names = ["ts", "step", "commit", "path", "op", "radius", "dref"]
    for index, values in bad.items():
        for value in values:
            fields = list(good)
            fields[index] = value
            found = slugs(_run(tmp_path, " | ".join(fields)), "changelog-malformed")
            assert found and all(i.severity == "WARN" for i in found), value
            assert any(f'attribute "{names[index]}"' in i.message for i in found), value
            assert found[0].message.startswith("changelog.md:4: ")


def test_field_count(tmp_path):
    found = slugs(
        _run(tmp_path, "2026-05-30T10:00:00Z | iter-1/step-1 | abc1234"), "changelog-malformed"
    )
    assert len(found) == 1 and "expected 8 pipe-separated fields, got 3" in found[0].message


def test_skipped_lines(tmp_path):
    found = _run(
        tmp_path,
        "- (compressed: 7 low-decision-impact edits from steps 1-3, radius LOW)",
        "<!-- a comment -->",
        "*italic note*",
        GOOD.format(dref="-", reason="ok"),
    )
    assert slugs(found, "changelog-malformed") == []


def test_dref_join(tmp_path):
    found = slugs(_run(tmp_path, GOOD.format(dref="D-999", reason="x")), "changelog-dref-orphan")
    assert len(found) == 1 and found[0].severity == "WARN"
    assert "changelog.md:4" in found[0].message and "D-999" in found[0].message
    assert (
        slugs(_run(tmp_path, GOOD.format(dref="D-001", reason="x")), "changelog-dref-orphan") == []
    )
    both = _run(tmp_path, GOOD.format(dref="D-1", reason="x"))
    assert (
        len(slugs(both, "changelog-malformed")) == 1
        and len(slugs(both, "changelog-dref-orphan")) == 1
    )
    seven = "2026-05-30T10:00:00Z | iter-1/step-1 | abc1234 | src/a.py | EDIT(+1,-2) | radius:LOW(1) | D-999"
    assert slugs(_run(tmp_path, seven), "changelog-dref-orphan") == []


def test_dref_needs_decisions(tmp_path):
    plan = write_plan(tmp_path)
    (plan / "changelog.md").write_text(CHANGELOG_MD + GOOD.format(dref="D-999", reason="x") + "\n")
    (plan / "decisions.md").unlink()
    assert slugs(issues(tmp_path), "changelog-dref-orphan") == []


def test_no_changelog_is_fine(tmp_path):
    plan = write_plan(tmp_path)
    (plan / "changelog.md").unlink()
    assert [i for i in issues(tmp_path) if i.slug.startswith("changelog")] == []


def test_gate_ignores_changelog(tmp_path):
    plan = write_plan(tmp_path)
    (plan / "changelog.md").write_text(CHANGELOG_MD + GOOD.format(dref="D-999", reason="x") + "\n")
    result = run_cli(tmp_path, "validate-plan", "--pre-step")
    assert result.returncode == 0 and result.stdout.strip() == "GATE:PASS"
