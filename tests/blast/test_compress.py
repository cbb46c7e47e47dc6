"""The changelog and decisions compressors: the golden example, preservation, idempotency."""

from __future__ import annotations

import json

from skill.lifecycle.compress import compress_changelog_text, maybe_compress_changelog
from skill.lifecycle.compress_decisions import (
    compress_decisions_text,
    fingerprint,
    maybe_compress_decisions,
)

from .blast_helpers import CHANGELOG_HEADER, active_plan_id, make_plan, run_cli


def entry(i=0, tier="LOW(0)", dref="-", op="EDIT(+5,-2)", path=None, step=None):
    step = step or f"iter-1/step-{i}"
    path = path or f"src/f{i}.py"
    return f"2026-05-15T12:00:00Z | {step} | abc1234 | {path} | {op} | radius:{tier} | {dref} | tweak {i}"


def pad(n):
    return [f"<!-- pad {i} -->" for i in range(n)]


def body(lines):
    return CHANGELOG_HEADER + "\n".join(lines) + "\n"


def test_golden_example(tmp_path):
    lines = [""]
    lines.append(entry(0, tier="HIGH(7)"))
    lines += [entry(i) for i in range(1, 7)]
    lines.append(entry(7, dref="D-001"))
    lines += [entry(8), entry(9)]
    plan = tmp_path / "plan"
    plan.mkdir()
    (plan / "changelog.md").write_text(body(lines), encoding="utf-8")
    result = maybe_compress_changelog(plan, threshold=10, lock=False, require_open=False)
    assert result.as_dict() == {
        "compressed": True,
        "beforeLines": 16,
        "afterLines": 14,
        "elidedCount": 1,
        "reason": "compressed",
    }
    out = (plan / "changelog.md").read_text(encoding="utf-8").split("\n")
    assert out[:4] == CHANGELOG_HEADER.split("\n")[:4]
    assert out[4:8] == [
        "<!-- COMPRESSED-SUMMARY -->",
        "<!-- entries-at-compress: 10 -->",
        "<!-- elided-groups: 1, elided-lines: 6 -->",
        "<!-- /COMPRESSED-SUMMARY -->",
    ]
    assert out[8:] == [
        entry(0, tier="HIGH(7)"),
        "- (compressed: 6 low-decision-impact edits, iter-1/step-1..iter-1/step-6, files: 6)",
        entry(7, dref="D-001"),
        entry(8),
        entry(9),
        "",
    ]
    again = maybe_compress_changelog(plan, threshold=10, lock=False, require_open=False)
    assert again.reason == "no-new-entries" and not again.compressed


def test_reasons():
    assert compress_changelog_text("  \n")[0].reason == "empty"
    small = body([entry(i) for i in range(40)])
    assert compress_changelog_text(small)[0].as_dict() == {
        "compressed": False,
        "beforeLines": 45,
        "afterLines": 45,
        "elidedCount": 0,
        "reason": "under-threshold",
    }
    protected = [entry(i, tier="HIGH(8)") for i in range(125)] + [
        entry(i, dref="D-001") for i in range(125)
    ]
    result, new = compress_changelog_text(body(protected))
    assert result.reason == "no-elidable-groups" and new is None


def test_missing(tmp_path):
    assert maybe_compress_changelog(tmp_path / "nope").reason == "missing"
    assert maybe_compress_changelog(tmp_path, lock=False, require_open=False).reason == "missing"
    assert maybe_compress_decisions(tmp_path / "nope").reason == "missing"


def test_two_runs_and_protected_lines():
    lines = pad(220) + [entry(i) for i in range(6)] + [entry(99, tier="HIGH(8)")]
    lines += [entry(i, op="EDIT(+1,-1)") for i in range(10, 17)]
    lines += [entry(50, op="REVERT(src/foo.mjs)"), entry(51, dref="D-007")]
    lines += [entry(i) for i in range(60, 63)]  # a run of 3 is kept
    result, new = compress_changelog_text(body(lines))
    assert result.elided_count == 2
    out = new.split("\n")
    s6 = out.index(
        "- (compressed: 6 low-decision-impact edits, iter-1/step-0..iter-1/step-5, files: 6)"
    )
    high = out.index(entry(99, tier="HIGH(8)"))
    s7 = [i for i, x in enumerate(out) if x.startswith("- (compressed: 7 ")][0]
    assert s6 < high < s7
    for kept in (
        entry(50, op="REVERT(src/foo.mjs)"),
        entry(51, dref="D-007"),
        entry(60),
        entry(62),
    ):
        assert kept in out
    assert "<!-- elided-groups: 2, elided-lines: 13 -->" in out


def test_appending_after_compression_adds_a_second_summary():
    first, text = compress_changelog_text(body(pad(220) + [entry(i) for i in range(8)]))
    assert first.compressed
    text += "\n".join(entry(100 + i) for i in range(20)) + "\n"
    second, text2 = compress_changelog_text(text)
    assert second.compressed and second.elided_count == 1
    assert text2.count("<!-- COMPRESSED-SUMMARY -->") == 1
    assert "- (compressed: 8 low-decision-impact edits" in text2
    assert "- (compressed: 20 low-decision-impact edits" in text2
    assert "<!-- entries-at-compress: 28 -->" in text2
    assert entry(100) not in text2
    third, text3 = compress_changelog_text(text2)
    assert third.reason == "no-new-entries" and text3 is None


def test_entry_between_markers_is_never_dropped():
    lines = [
        "<!-- COMPRESSED-SUMMARY -->",
        entry(500, tier="HIGH(9)"),
        "<!-- /COMPRESSED-SUMMARY -->",
    ]
    lines += pad(220) + [entry(i) for i in range(6)]
    result, new = compress_changelog_text(body(lines))
    assert result.compressed
    assert entry(500, tier="HIGH(9)") in new.split("\n")


def test_no_trailing_newline_kept():
    text = body(pad(220) + [entry(i) for i in range(6)]).rstrip("\n")
    _result, new = compress_changelog_text(text)
    assert not new.endswith("\n")


def test_dry_run_writes_nothing(tmp_path):
    plan = tmp_path / "plan"
    plan.mkdir()
    original = body(pad(220) + [entry(i) for i in range(12)])
    (plan / "changelog.md").write_text(original, encoding="utf-8")
    result = maybe_compress_changelog(plan, dry_run=True, require_open=False)
    assert result.compressed and result.elided_count == 1
    assert result.after_lines < result.before_lines
    assert (plan / "changelog.md").read_text(encoding="utf-8") == original


# -- decisions ---------------------------------------------------------------------------------

PREAMBLE = (
    "# Decision Log\n*Plan: plan_2099-01-01_deadbeef*\n*Skill: x*\n*Append-only.*\n\n"
    "<!-- Schema example — keep.\n     guidance\n\n## D-001 | EXPLORE → PLAN | YYYY-MM-DD\n"
    "**Decision**: <one sentence>\n-->\n"
)


def decision(n, phase="EXPLORE → PLAN", refs="(none yet)", text=None):
    return (
        f"\n## D-{n:03d} | {phase} | 2026-05-15\n**Context**: c\n"
        f"**Decision**: {text or f'choice {n}'}\ncontinued here\n"
        f"**Trade-off**: a **at the cost of** b\n**Anchor-Refs**: {refs}\n"
    )


def decisions_doc(n, pad_lines=320, **kw):
    return (
        PREAMBLE
        + "".join(decision(i, **kw) for i in range(1, n + 1))
        + "\n".join(pad(pad_lines))
        + "\n"
    )


def test_fingerprint_value():
    assert fingerprint(["D-003", "D-001", "D-004", "D-002"]) == "050e1edc7c1d"


def test_decisions_compress_and_idempotent():
    text = decisions_doc(5)
    result, new = compress_decisions_text(text)
    assert result.reason == "compressed" and result.after_lines == len(new.split("\n"))
    assert (
        new.count("<!-- COMPRESSED-SUMMARY -->") == 1
        and new.count("<!-- /COMPRESSED-SUMMARY -->") == 1
    )
    for n in range(1, 6):
        assert f"\n## D-{n:03d} | EXPLORE → PLAN | 2026-05-15\n" in new
    assert new.startswith(PREAMBLE.rstrip("\n"))  # preamble and schema comment untouched
    assert new.index("<!-- /COMPRESSED-SUMMARY -->") < new.index(
        "## D-001 | EXPLORE → PLAN | 2026-05-15"
    )
    assert (
        "- **D-001** | EXPLORE → PLAN | 2026-05-15 — choice 1 continued here  (anchors: none)"
        in new
    )
    again, same = compress_decisions_text(new)
    assert again.reason == "no-new-entries" and same is None


def test_decisions_pivot_refs_and_growth():
    doc = (
        PREAMBLE
        + decision(1)
        + decision(
            2,
            phase="REFLECT → PIVOT",
            refs="`src/foo.mjs:42`, `src/bar.mjs:100-110`",
            text="stop caching",
        )
        + "\n".join(pad(320))
        + "\n"
    )
    _r, new = compress_decisions_text(doc)
    assert "- D-002: stop caching" in new
    assert "- D-002 → `src/foo.mjs:42`, `src/bar.mjs:100-110`" in new
    grown = new + decision(3) + decision(4)
    result, newer = compress_decisions_text(grown)
    assert result.compressed
    assert newer.count("<!-- COMPRESSED-SUMMARY -->") == 1
    assert "<!-- entries-at-compress: 4 -->" in newer and "**D-004**" in newer
    assert len(newer) < len(grown) + 400  # replaced, not duplicated


def test_decisions_same_count_different_ids_recompresses():
    _r, new = compress_decisions_text(decisions_doc(6))
    swapped = new.replace("## D-001 | EXPLORE", "## D-007 | EXPLORE")
    result, newer = compress_decisions_text(swapped)
    assert result.compressed
    assert "**D-007**" in newer and "**D-001**" not in newer
    legacy = "\n".join(x for x in new.split("\n") if "entries-fingerprint" not in x)
    assert compress_decisions_text(legacy)[0].reason == "no-new-entries"


def test_decisions_other_reasons():
    assert compress_decisions_text(decisions_doc(3, pad_lines=5))[0].reason == "under-threshold"
    assert compress_decisions_text(decisions_doc(1, pad_lines=400))[0].reason == "too-few-entries"
    late = (
        "\n".join(f"line {i}" for i in range(11))
        + "\n*Plan: x*\n"
        + "".join(decision(i) for i in range(1, 4))
        + "\n".join(pad(320))
    )
    assert compress_decisions_text(late)[0].reason == "no-preamble"
    assert compress_decisions_text("\n\n")[0].reason == "empty"


def test_decisions_unclosed_marker_does_not_duplicate():
    doc = decisions_doc(4).replace("\n## D-002", "\n<!-- COMPRESSED-SUMMARY -->\n## D-002", 1)
    result, new = compress_decisions_text(doc)
    assert result.compressed
    assert new.count("## D-003 | EXPLORE → PLAN | 2026-05-15") == 1
    assert "**D-004**" in new  # entries after the stray opener were read
    again, _ = compress_decisions_text(new)
    assert again.reason == "no-new-entries"


# -- the command -------------------------------------------------------------------------------


def test_cli_compress_changelog(repo):
    plan = make_plan(repo)
    lines = [entry(i) for i in range(230)]
    (plan / "changelog.md").write_text(body(lines), encoding="utf-8")
    dry = run_cli(repo, "compress-changelog", "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    data = json.loads(dry.stdout)
    assert data["plan"] == active_plan_id(repo) and data["changelog"]["compressed"] is True
    assert (plan / "changelog.md").read_text(encoding="utf-8") == body(lines)
    done = run_cli(repo, "compress-changelog")
    assert done.returncode == 0 and "compressed" in done.stdout
    text = (plan / "changelog.md").read_text(encoding="utf-8")
    assert "- (compressed: 230 low-decision-impact edits" in text
    again = run_cli(repo, "compress-changelog", "--decisions", "--json")
    report = json.loads(again.stdout)
    assert report["changelog"]["reason"] == "under-threshold"
    assert report["decisions"]["reason"] == "under-threshold"
    assert (plan / "changelog.md").read_text(encoding="utf-8") == text


def test_cli_without_plan(tmp_path):
    done = run_cli(tmp_path, "compress-changelog")
    assert done.returncode == 1 and "no active plan" in done.stderr
    bad = run_cli(tmp_path, "compress-changelog", "--threshold", "-3")
    assert bad.returncode == 2
