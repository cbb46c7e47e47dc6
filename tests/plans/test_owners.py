"""The plan-file owners and the checked edit, in-process: round trips, write order, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skill.errors import SkillError, refusal
from skill.plans import attempts, decisions
from skill.plans import state as statefile
from skill.plans.edit import PlanEdit, checked_edit
from skill.plans.layout import PLAN_MD, STATE_MD
from skill.plans.store import Store
from tests.support.plans import new_plan

words = st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=40)
labels = st.sampled_from(["Context", "Decision", "Trade-off", "Reasoning", "Anchor-Refs", "Complexity Assessment"])


@given(st.integers(1, 9999), words, st.dates().map(lambda d: d.isoformat()), st.lists(st.tuples(labels, words), max_size=5, unique_by=lambda t: t[0]))
def test_a_written_entry_reads_back_or_is_refused(number, phase, date, fields):
    entry = decisions.NewEntry(number, phase, date, tuple(fields))
    try:
        text = decisions.format_entry(entry)
    except ValueError:
        return
    parsed = decisions.parse("# Decision Log\n\n" + text)
    assert len(parsed.entries) == 1 and parsed.bad_headers == []
    read = parsed.entries[0]
    assert read.num == number and read.date == date and read.phase == " ".join(phase.split())
    assert set(read.fields()) == {label for label, _ in fields}


@given(st.lists(st.sampled_from(["- x\n", "\n", "### sub\n", "- Step 1, attempt 1: a → failed\n"]), max_size=6))
def test_attempts_add_counts_one_more_and_reset_clears_it(body):
    text = "# Current State: EXECUTE\n## Fix Attempts (resets per plan step)\n" + "".join(body) + "## Next\n"
    before = attempts.count(text)
    line = attempts.attempt_line(2, 1, "tried", "failed")
    added = attempts.add(text, line)
    assert attempts.count(added) == before + 1
    assert line not in attempts.reset(added)  # what add wrote, reset clears
    assert attempts.count(attempts.reset(added)) == attempts.count(attempts.reset(text))
    assert added.endswith("## Next\n")


class RecordingStore(Store):
    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.order: list[str] = []

    def write_text(self, path: Path, text: str) -> None:
        self.order.append(Path(path).name)
        super().write_text(path, text)

    def write_bytes(self, path: Path, data: bytes) -> None:
        self.order.append(Path(path).name)
        super().write_bytes(path, data)


def test_checked_edit_writes_plan_files_first_state_last_with_their_framing(tmp_path: Path) -> None:
    plan_dir = new_plan(tmp_path)
    crlf = "\ufeff" + (plan_dir / PLAN_MD).read_text(encoding="utf-8").replace("\n", "\r\n")
    (plan_dir / PLAN_MD).write_bytes(crlf.encode("utf-8"))
    store = RecordingStore(tmp_path)
    with checked_edit(store, plan_dir.name, "test") as edit:
        edit.write(STATE_MD, statefile.set_state(edit.require_state(), "PLAN"))
        plan_text = edit.read(PLAN_MD)
        assert plan_text is not None and "\r" not in plan_text
        edit.write(PLAN_MD, plan_text + "more\n")
        edit.write("progress.md", edit.read("progress.md") or "")  # unchanged: not written
    assert store.order == [PLAN_MD, STATE_MD]
    assert edit.written == [f"plans/{plan_dir.name}/{PLAN_MD}", f"plans/{plan_dir.name}/{STATE_MD}"]
    raw = (plan_dir / PLAN_MD).read_bytes().decode("utf-8")
    assert raw.startswith("\ufeff") and raw.endswith("more\r\n") and "\n" not in raw.replace("\r\n", "")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and p.name != ".lock"}


def test_a_refusing_check_or_a_failing_body_writes_nothing(tmp_path: Path) -> None:
    plan_dir = new_plan(tmp_path)
    before = _snapshot(plan_dir)

    def refuse(edit: PlanEdit) -> SkillError | None:
        return refusal(edit.what, "no.", ["Do something else."])

    with pytest.raises(SkillError) as caught:
        with checked_edit(Store(tmp_path), plan_dir.name, "test move", [refuse]) as edit:
            edit.write(STATE_MD, "# Current State: PLAN\n")
    assert caught.value.message.startswith("ERROR: test move refused: no.")
    assert caught.value.message.endswith("Nothing was written.")
    with pytest.raises(RuntimeError):
        with checked_edit(Store(tmp_path), plan_dir.name, "test") as edit:
            edit.write(STATE_MD, "# Current State: PLAN\n")
            raise RuntimeError("boom")
    assert _snapshot(plan_dir) == before
