"""The checked edit: the one unit of work every command that changes a plan's files goes through.

::

    with checked_edit(store, plan_id, "transition PLAN", checks=[state_check]) as edit:
        text = edit.require_state()           # state.md as LF text, read under the lock
        edit.write(STATE_MD, new_text)        # staged, not written yet
    edit.written                              # what was written, state.md last

The plan's lock is held from the first read to the last write, so two commands racing on one plan
are serialised. Files are read on demand, once, as LF text; their framing (BOM, CRLF) is put back
when they are written. When the block ends normally every check runs on the staged result; a check
that objects raises its refusal and nothing is written. Otherwise the changed files are written
through the store (confined, atomic): every other plan file first, state.md last, because state.md
is the record of the move and an interrupted command is finished by running it again.

The checks are passed in by the caller. This module sits in the ``plans`` layer, below the
validator, so it cannot import the validator's checks itself; the features (transitions,
lifecycle) pass :func:`skill.validate.edits.state_check` and friends.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from skill import CLI_PREFIX
from skill.errors import SkillError
from skill.plans.layout import STATE_MD
from skill.plans.store import Store
from skill.plans.textio import Framing, from_lf, read_raw, to_lf

#: A check on the staged result: a refusal to raise, or None when the edit may be written.
Check = Callable[["PlanEdit"], SkillError | None]


@dataclass
class _File:
    original: str | None  # LF text as read (None: missing or unreadable)
    framing: Framing
    text: str | None = None  # staged LF text (None: unchanged)
    data: bytes | None = None  # staged bytes, written as they are


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
            raw = read_raw(self.path(name))
            if raw is None:
                self._files[name] = _File(None, Framing())
            else:
                text, framing = to_lf(raw)
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

    def commit(self) -> list[str]:
        """Write every change through the store, state.md last; returns what was written."""
        for name in self.changes():
            loaded = self._files[name]
            path = self.path(name)
            if path.parent != self.plan_dir and self.plan_dir in path.parents:
                path.parent.mkdir(parents=True, exist_ok=True)  # findings/, checkpoints/, …
            if loaded.data is not None:
                self.store.write_bytes(path, loaded.data)
            else:
                assert loaded.text is not None
                self.store.write_text(path, from_lf(loaded.text, loaded.framing))
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
) -> Iterator[PlanEdit]:
    """Lock the plan, hand out a :class:`PlanEdit`, then check and write it (or refuse).

    ``lock=False`` is for a caller that already holds this plan's lock (or reads only);
    ``folder`` names a plan folder that is not ``plans/<plan_id>`` under the store's root.
    """
    guard = store.plan_lock(plan_id) if lock else contextlib.nullcontext()
    with guard:
        edit = PlanEdit(store, plan_id, what, folder)
        yield edit
        for check in checks:
            problem = check(edit)
            if problem is not None:
                raise problem
        edit.commit()
