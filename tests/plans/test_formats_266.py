"""Owners of the 2.66.0 formats, by property: the anchor manifest, the skip line, the re-plan
counter, comment anomalies, the window's filter, tag ids."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from skill.plans import anchors_manifest, hygiene
from skill.plans.changelog import comment_anomalies
from skill.plans.consolidated import apply_window
from skill.plans.ids import is_plan_id, tag_id
from skill.plans.state import count_replans

hexes = st.text(alphabet="0123456789abcdef", min_size=8, max_size=8)
plan_ids = st.builds(lambda d, h: f"plan-2026-01-{d:02d}T000000-{h}", st.integers(1, 28), hexes) | st.builds(
    lambda d, h: f"plan_2026-02-{d:02d}_{h}", st.integers(1, 28), hexes
)
entries = st.builds(
    anchors_manifest.ManifestEntry,
    plan_ids,
    st.integers(1, 2000),
    st.just("2026-01-01"),
    st.text(max_size=40),
)


@given(st.lists(entries, max_size=8), st.binary(max_size=60))
def test_appending_keeps_every_byte_and_reads_back(found, head) -> None:
    text = head.decode("utf-8", "replace")
    data = text.encode("utf-8")
    lines = anchors_manifest.missing_lines(text, found)
    out = anchors_manifest.append_bytes(data, lines)
    assert out.startswith(data)
    after = anchors_manifest.read(out.decode("utf-8"))
    for entry in found:
        assert entry.number in after.get(entry.plan_id, set())
    assert anchors_manifest.missing_lines(out.decode("utf-8"), found) == []  # idempotent


@given(st.integers(0, 99), st.text(alphabet="abc →->|<!- ", min_size=1, max_size=30), st.sampled_from(["-", "\u2013", "\u2014"]))
def test_skip_lines_are_recognised_and_blanked(n, reason, dash) -> None:
    if not reason.strip():
        return
    line = hygiene.skip_line(n, reason).replace("-", dash, 1)
    block = f"## Transition History:\n- INIT → EXPLORE (x)\n{line}\n"
    assert hygiene.skip_iterations(block) == [n]
    blanked = hygiene.blank_skip_lines(block)
    assert len(blanked) == len(block) and "HYGIENE" not in blanked and "INIT → EXPLORE" in blanked


@given(st.lists(st.sampled_from(["- REFLECT → PIVOT", "- PIVOT → PLAN", "- REFLECT → EXECUTE",
                                 "- EXECUTE → REFLECT", "- REFLECT → EXPLORE", "- EXPLORE → PLAN",
                                 "- PLAN → EXECUTE"]), max_size=12))
def test_replans_never_exceed_departures_to_pivot_or_explore(moves) -> None:
    block = "\n".join(moves)
    departures = sum(1 for m in moves if m in ("- REFLECT → PIVOT", "- REFLECT → EXPLORE"))
    assert 0 <= count_replans(block) <= departures


def test_replans_count_only_returns_to_plan() -> None:
    assert count_replans("- REFLECT → PIVOT\n- PIVOT → PLAN\n- REFLECT → EXPLORE\n- EXPLORE → PLAN") == 2
    assert count_replans("- EXPLORE → PLAN\n- REFLECT → EXECUTE\n- EXECUTE → REFLECT") == 0
    assert count_replans("- REFLECT → PIVOT\n- REFLECT → EXECUTE\n- PIVOT → PLAN") == 0


@given(st.lists(st.sampled_from(["text", "<!--", "-->", "a <!-- b", "c --> d", "<!-- x -->", ""]), max_size=12))
def test_anomalies_point_at_lines_that_exist(lines) -> None:
    text = "\n".join(lines)
    for found in comment_anomalies(text):
        assert 1 <= found.first < found.last <= len(lines)
        assert found.line in (found.first, found.last)


@given(st.lists(plan_ids, min_size=1, max_size=12, unique=True), st.integers(0, 5), st.data())
def test_the_window_keeps_the_newest_and_every_last_copy(ids, keep, data) -> None:
    gone = set(data.draw(st.lists(st.sampled_from(ids), unique=True)))

    class Folder:
        def __init__(self, name: str) -> None:
            self.name = name

        def __truediv__(self, name: str) -> Folder:
            return Folder(name)

        def exists(self) -> bool:
            return self.name not in gone

    doc = "# Consolidated\n\n" + "".join(f"## {plan}\n- x\n\n" for plan in ids)
    kept = re.findall(r"^## (\S+)$", apply_window(doc, keep, plans_dir=Folder("plans")), re.M)  # type: ignore[arg-type]
    assert kept == ids[:keep] + [plan for plan in ids[keep:] if plan in gone]


@given(plan_ids)
def test_tag_ids_drop_the_time(plan) -> None:
    tag = tag_id(plan)
    assert re.fullmatch(r"plan-[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9a-f]{8}", tag) and not is_plan_id(tag)
