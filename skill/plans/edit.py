"""The checked edit: the one unit of work every command that changes a plan's files goes through.

::

    with checked_edit(store, plan_id, "transition PLAN", checks=[state_check]) as edit:
        text = edit.require_state()           # state.md as LF text, read under the lock
        edit.write(STATE_MD, new_text)        # staged, not written yet
    edit.written                              # what was written, state.md last

The plan's lock is held from the first read to the last write, so two commands racing on one plan
are serialised. Once the lock is held, the edit checks that the plan is still the active one and
still open (:meth:`PlanEdit.require_open`: the pointer names it, state.md is not CLOSE, no close of
it has started), so a writer that loses a race with ``close`` (or ``new --force``) refuses instead of
writing into a closed plan. Only the close itself opts out (``require_open=False``).

Files are read on demand, once, as LF text; their framing (BOM, line ending) is put back when they
are written. A file whose bytes would not survive that (invalid UTF-8, binary data, mixed line
endings: :func:`skill.plans.textio.frame`) is never rewritten: the edit refuses, naming the file
and the reason. When the block ends normally every check runs on the staged result; a check
that objects raises its refusal and nothing is written. Otherwise the changed files are written
through the store (confined, atomic): every other plan file first, state.md last, because state.md
is the record of the move and an interrupted command is finished by running it again.

The checks are passed in by the caller. This module sits in the ``plans`` layer, below the
validator, so it cannot import the validator's checks itself; the features (transitions,
lifecycle) pass :func:`skill.validate.edits.state_check` and friends.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from skill import CLI_PREFIX
from skill.errors import SkillError, refusal, shown
from skill.plans import closing
from skill.plans.layout import STATE_MD
from skill.plans.pointer import read_pointer, read_pointer_raw
from skill.plans.state import current_state
from skill.plans.store import Store
from skill.plans.textio import Framing, frame, read_bytes, unframe

#: A check on the staged result: a refusal to raise, or None when the edit may be written.
Check = Callable[["PlanEdit"], SkillError | None]


@dataclass
class _File:
    original: str | None  # LF text as read (None: missing or unreadable)
    framing: Framing
    text: str | None = None  # staged LF text (None: unchanged)
    data: bytes | None = None  # staged bytes, written as they are
    foreign: str | None = None  # why the path, though present, is not a file this edit may replace


@dataclass
class PlanEdit:
    """One plan's files, read once under its lock, and the changes staged for them."""

    store: Store
    plan_id: str
    what: str
    folder: Path | None = None  # the plan folder, when it is not ``plans/<plan_id>`` of the store
    written: list[str] = field(default_factory=list)
    _files: dict[str, _File] = field(default_factory=dict)

    @property
    def plan_dir(self) -> Path:
        return self.folder if self.folder is not None else self.store.plan_dir(self.plan_id)

    def path(self, name: str) -> Path:
        return self.plan_dir / name

    def rel(self, name: str) -> str:
        return f"plans/{self.plan_id}/{name}"

    def _load(self, name: str) -> _File:
        if name not in self._files:
            path = self.path(name)
            data = read_bytes(path)
            if data is None:
                # missing is fine (the file is created); anything else there is never replaced
                foreign = "it is not a regular file that can be read" if os.path.lexists(path) else None
                self._files[name] = _File(None, Framing(), foreign=foreign)
            else:
                text, framing = frame(data)
                self._files[name] = _File(text, framing)
        return self._files[name]

    def original(self, name: str) -> str | None:
        """The file as it was read (LF text), ignoring staged changes; None when unreadable."""
        return self._load(name).original

    def read(self, name: str) -> str | None:
        """The file's current text: staged if changed, else as read. None when unreadable."""
        loaded = self._load(name)
        return loaded.text if loaded.text is not None else loaded.original

    def require_state(self) -> str:
        """state.md's text; a SkillError when it is missing or empty."""
        text = self.read(STATE_MD)
        if text is None or not text.strip():
            raise SkillError(
                f"ERROR: cannot read {self.rel(STATE_MD)} (missing or empty).\n"
                f"  Recover it first (see `{CLI_PREFIX} bootstrap resume`); nothing was written.",
                1,
            )
        return text

    def write(self, name: str, text: str) -> None:
        """Stage LF ``text`` for ``name`` (written with the file's framing; unchanged text is skipped)."""
        loaded = self._load(name)
        loaded.text = text
        loaded.data = None

    def write_bytes(self, name: str, data: bytes) -> None:
        """Stage bytes for ``name``, written as they are."""
        loaded = self._load(name)
        loaded.data = data
        loaded.text = None

    def staged(self, name: str) -> bool:
        """True when the command staged content for ``name`` (even if it equals what was read)."""
        loaded = self._files.get(name)
        return loaded is not None and (loaded.text is not None or loaded.data is not None)

    def changes(self) -> list[str]:
        """Names of the files whose staged content differs from what was read, state.md last."""
        names = [
            name
            for name, loaded in self._files.items()
            if loaded.data is not None or (loaded.text is not None and loaded.text != loaded.original)
        ]
        return sorted(names, key=lambda name: name == STATE_MD)

    def require_open(self) -> None:
        """Refuse unless this plan is the active one and still open (see the module docstring)."""
        plans_dir = self.store.plans_dir
        active = read_pointer(plans_dir)
        if active != self.plan_id:
            raw = read_pointer_raw(plans_dir)
            now = f"names {shown(raw)}" if raw else "names no plan"
            raise refusal(
                self.what,
                f"plans/{self.plan_id} is no longer the active plan (plans/.current_plan now {now}).",
                [f"See `{CLI_PREFIX} bootstrap status`; commands work on the active plan."],
            )
        progress = closing.read_progress(self.plan_dir)
        if progress is not None or (current_state(self.read(STATE_MD)) or "").strip().upper() == "CLOSE":
            started = ""
            if progress is not None and progress.interrupted:
                started = f" (a close started {progress.started} and did not finish)"
            raise refusal(
                self.what,
                f"the plan is already CLOSE{started}.",
                [
                    f"If plans/.current_plan still names it, finish with `{CLI_PREFIX} bootstrap close`;",
                    f"then start the next plan with `{CLI_PREFIX} bootstrap new \"goal\"`.",
                ],
            )

    def unwritable(self) -> list[tuple[str, str]]:
        """(file, reason) for each changed file whose bytes a rewrite would not keep exactly."""
        found = []
        for name in self.changes():
            loaded = self._files[name]
            # staged bytes replace the whole file: only its text framing no longer matters
            problem = loaded.foreign or (loaded.framing.problem if loaded.data is None else None)
            if problem:
                found.append((name, problem))
        return found

    def require_writable(self) -> None:
        """Refuse when a changed file could not be rewritten byte for byte (see :meth:`unwritable`)."""
        problems = self.unwritable()
        if problems:
            name, reason = problems[0]
            raise refusal(
                self.what,
                f"{self.rel(name)} cannot be rewritten without changing bytes this command did not "
                f"edit: {reason}.",
                ["Repair the file (save it as UTF-8 text with one kind of line ending), then retry."],
            )

    def commit(self) -> list[str]:
        """Write every change through the store, state.md last; returns what was written.

        Refuses, writing nothing, when a changed file could not be rewritten byte for byte."""
        self.require_writable()
        for name in self.changes():
            loaded = self._files[name]
            path = self.path(name)
            if path.parent != self.plan_dir and self.plan_dir in path.parents:
                path.parent.mkdir(parents=True, exist_ok=True)  # findings/, checkpoints/, …
            if loaded.data is not None:
                self.store.write_bytes(path, loaded.data)
            else:
                assert loaded.text is not None
                self.store.write_bytes(path, unframe(loaded.text, loaded.framing))
            self.written.append(self.rel(name))
        return self.written


@contextlib.contextmanager
def checked_edit(
    store: Store,
    plan_id: str,
    what: str,
    checks: Sequence[Check] = (),
    *,
    lock: bool = True,
    folder: Path | None = None,
    require_open: bool = True,
) -> Iterator[PlanEdit]:
    """Lock the plan, check it is active and open, hand out a :class:`PlanEdit`, then check and
    write it (or refuse).

    ``lock=False`` is for a caller that already holds this plan's lock (or reads only);
    ``folder`` names a plan folder that is not ``plans/<plan_id>`` under the store's root;
    ``require_open=False`` is for the close alone, which writes the closed plan's record.
    """
    guard = store.plan_lock(plan_id) if lock else contextlib.nullcontext()
    with guard:
        edit = PlanEdit(store, plan_id, what, folder)
        if require_open:
            edit.require_open()
        yield edit
        for check in checks:
            problem = check(edit)
            if problem is not None:
                raise problem
        edit.commit()
