"""plans/ consolidated files: presence, caps, lessons eviction, compression markers."""

from __future__ import annotations

from .validate_helpers import issues, pairs, slugs, write_plan

OPEN = "<!-- COMPRESSED-SUMMARY -->"
CLOSE = "<!-- /COMPRESSED-SUMMARY -->"
PREV = "plan-2026-07-01T101010-beefcafe"


def test_caps(tmp_path):
    write_plan(tmp_path)
    plans = tmp_path / "plans"
    (plans / "SYSTEM.md").write_text("".join(f"{n}\n" for n in range(300)))
    (plans / "LESSONS.md").write_text("".join(f"{n}\n" for n in range(200)))
    found = issues(tmp_path)
    assert slugs(found, "atlas-cap") == [] and slugs(found, "lessons-cap") == []
    (plans / "SYSTEM.md").write_text("".join(f"{n}\n" for n in range(301)))
    (plans / "LESSONS.md").write_text("".join(f"{n}\n" for n in range(200)) + "tail")
    found = issues(tmp_path)
    assert (
        pairs(slugs(found, "atlas-cap")) == [("ERROR", "atlas-cap")]
        and "301" in slugs(found, "atlas-cap")[0].message
    )
    assert pairs(slugs(found, "lessons-cap")) == [("ERROR", "lessons-cap")]


def _eviction(tmp_path, current: str, snapshot: str | None, index: str | None = None):
    write_plan(tmp_path)
    plans = tmp_path / "plans"
    (plans / "LESSONS.md").write_text(current)
    if index is None:
        index = f"| Plan | Date | Goal | |\n|---|---|---|---|\n| {PREV} | 2026-07-01 | fixture goal | |\n"
    if index != "<absent>":
        (plans / "INDEX.md").write_text(index)
    if snapshot is not None:
        (plans / PREV).mkdir(exist_ok=True)
        (plans / PREV / "lessons_snapshot.md").write_text(snapshot)
    return slugs(issues(tmp_path), "lessons-eviction")


def test_eviction_warns_with_a_diff(tmp_path):
    snapshot = "- [I:5] gates inspect real artifacts\n- [I:5] b\n- [I:5] c\n- [I:3] d\n"
    found = _eviction(tmp_path, "- [I:5] b\n- [I:5] c changed\n", snapshot)
    assert pairs(found) == [("WARN", "lessons-eviction")]
    assert "2 [I:5] line(s)" in found[0].message and "had 3" in found[0].message
    assert "\n    - - [I:5] gates inspect real artifacts" in found[0].message
    assert "\n    + - [I:5] c changed" in found[0].message


def test_eviction_silent_and_infos(tmp_path):
    assert _eviction(tmp_path, "- [I:5] x\n- [I:5] y\n", "- [I:5] a\n- [I:5] b\n") == []
    assert _eviction(tmp_path, "- [I:5] x\n- [I:5] y\n", "- [I:5] a\n") == []
    (tmp_path / "plans" / PREV / "lessons_snapshot.md").unlink()
    found = _eviction(tmp_path, "x\n", None)
    assert pairs(found) == [("INFO", "lessons-eviction")] and PREV in found[0].message
    found = _eviction(tmp_path, "x\n", None, index="| Plan | Date |\n|---|---|\n")
    assert pairs(found) == [("INFO", "lessons-eviction")] and "no closed plan" in found[0].message


def test_eviction_clips_long_lines(tmp_path):
    long_line = "- [I:5] " + "x" * 200
    found = _eviction(tmp_path, "", long_line + "\n")
    assert "x" * 109 + "..." in found[0].message and "x" * 200 not in found[0].message


def _markers(tmp_path, text: str):
    write_plan(tmp_path)
    (tmp_path / "plans" / "FINDINGS.md").write_text(text)
    return pairs(slugs(issues(tmp_path), "compress-markers"))


def test_marker_shapes(tmp_path):
    assert _markers(tmp_path, f"# F\nmention `{OPEN}` and {OPEN} mid-sentence\n") == []
    assert (
        _markers(tmp_path, f"# F\n{OPEN}\nsummary\n{CLOSE}\n\n## plan_2026-01-01_deadbeef\n") == []
    )
    assert _markers(tmp_path, f"# F\n{OPEN}\n") == [("ERROR", "compress-markers")]
    assert _markers(tmp_path, f"# F\n## plan_2026-01-01_deadbeef\n{OPEN}\nx\n{CLOSE}\n") == [
        ("WARN", "compress-markers")
    ]
    assert _markers(tmp_path, f"# F\n## plan-2026-01-01T000000-deadbeef\n{OPEN}\n{CLOSE}\n") == [
        ("WARN", "compress-markers")
    ]
    for shape in (
        [OPEN, OPEN, CLOSE, CLOSE],
        [OPEN, CLOSE, CLOSE, OPEN],
        [CLOSE, OPEN],
        [OPEN, CLOSE, OPEN, CLOSE],
    ):
        assert _markers(tmp_path, "\n".join(shape) + "\n") == [("ERROR", "compress-markers")], shape
