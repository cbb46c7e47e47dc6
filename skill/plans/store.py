"""The one way plan files are written: under a lock, through a unique temporary file, atomically.

Every write goes through :class:`Store`:

* a cross-process :mod:`filelock` lock, plans-wide (``plans/.lock``) for new/close/retire and per
  plan (``plans/<id>/.lock``) for edits to one plan's files. A lock that cannot be had within the
  timeout (``IP_LOCK_TIMEOUT`` seconds, default 15) raises :class:`~skill.errors.LockTimeout`
  naming the lock file. Locks are never stolen; the kernel releases them when a process dies.
* a temporary file with a unique name in the target's folder, flushed and fsynced, then
  ``os.replace``-d over the target, and the folder fsynced.

The lock file is removed on release while it is still held; waiters that were queued on the removed
file notice (filelock checks the link count) and retry on the new one, so no lock file is left behind.

Every write, and every lock, is confined to the project root (:meth:`Store.ensure_inside`): with
``plans/`` (or a plan folder) symlinked elsewhere, a writer refuses before it creates a lock there.
Temporary files are removed where they were made: an interrupted write's leftover in a plan folder
or in ``plans/`` goes when the next lock on that folder is taken, one beside another file (a source
file ``retire`` stamps, ``.gitignore``) when that file is next written (:func:`clean_temps_of`).

For crash tests, ``IP_FAULT_AFTER_WRITES=K`` makes the process exit abruptly (status 86) right after
its K-th write step; a write step is one ``os.replace``, one ``unlink`` or one directory removal.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from skill.errors import LockTimeout, SkillError, shown

TEMP_SUFFIX = ".iptmp"
#: A temporary file made by :func:`atomic_write_bytes` for ``name``: ``.<name>.<8 random>.iptmp``.
_TEMP_RE = re.compile(r"\.(?P<name>.+)\.[A-Za-z0-9_]{8}" + re.escape(TEMP_SUFFIX))
LOCK_NAME = ".lock"
DEFAULT_LOCK_TIMEOUT = 15.0
FAULT_EXIT_STATUS = 86

_write_steps = 0


def lock_timeout() -> float:
    raw = os.environ.get("IP_LOCK_TIMEOUT", "")
    try:
        value = float(raw)
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT
    return value if value >= 0 else DEFAULT_LOCK_TIMEOUT


def current_umask() -> int:
    """The process umask (read without changing it for longer than one call)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_step() -> None:
    """Count one durable write step; honour the fault-injection switch."""
    global _write_steps
    _write_steps += 1
    raw = os.environ.get("IP_FAULT_AFTER_WRITES")
    if raw and raw.isdigit() and _write_steps >= int(raw):
        os._exit(FAULT_EXIT_STATUS)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _naming(exc: OSError, path: Path) -> OSError:
    """``exc`` naming the file the caller meant (a failed write names no file, or the temp file)."""
    return OSError(exc.errno, exc.strerror or str(exc), str(path))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data``: unique temp file in the same folder, fsync, ``os.replace``."""
    path = Path(path)
    folder = path.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise _naming(exc, path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            mode = path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~current_umask()
            os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        if isinstance(exc, OSError):
            raise _naming(exc, path) from None
        raise
    _fsync_dir(folder)
    _write_step()


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8, atomically. Text that has no UTF-8 form (a lone surrogate, such as
    an undecodable byte smuggled in) is refused before anything is written."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise SkillError(
            f"ERROR: refusing to write {shown(path, 200)}: the text holds {shown(text[exc.start:exc.end])}, "
            "which has no UTF-8 form.\n  Nothing was written."
        ) from None
    atomic_write_bytes(path, data)


def temp_owner(name: str) -> str | None:
    """The file name a temporary file of :func:`atomic_write_bytes` was made for, or None."""
    match = _TEMP_RE.fullmatch(name)
    return match.group("name") if match else None


def clean_temps_of(path: Path) -> list[Path]:
    """Remove leftovers of interrupted writes of ``path`` (its ``.<name>.*.iptmp`` siblings).

    For files outside plan folders (a source file, ``.gitignore``); call it under the lock that
    every writer of ``path`` holds, so no live temporary file is taken for a leftover.
    """
    path = Path(path)
    removed: list[Path] = []
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return removed
    for entry in entries:
        if temp_owner(entry.name) == path.name:
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False) or entry.is_symlink():
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


def rename_into_place(source: Path, target: Path) -> None:
    """Move a fully written file or folder to its final name in one step."""
    os.replace(source, target)
    _fsync_dir(Path(target).parent)
    _write_step()


def remove_file(path: Path) -> bool:
    """Unlink ``path`` if present; True when something was removed."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        return False
    _fsync_dir(Path(path).parent)
    _write_step()
    return True


def remove_tree(path: Path) -> bool:
    """Remove a folder atomically from the reader's view: rename it aside, then delete it.

    The rename is the single step that makes the folder disappear, so a crash leaves either the
    folder in place or a ``.<name>.<random>.iptmp`` leftover that :func:`clean_stale_temps` removes.
    """
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        return False
    if path.is_symlink() or not path.is_dir():
        return remove_file(path)
    aside = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent))
    os.rmdir(aside)
    os.replace(path, aside)
    _fsync_dir(path.parent)
    _write_step()
    shutil.rmtree(aside, ignore_errors=True)
    return True


def clean_stale_temps(folder: Path) -> list[Path]:
    """Remove leftovers of interrupted writes (``.*.iptmp``) in ``folder``. Call under the lock."""
    removed: list[Path] = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    for entry in entries:
        if entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    entry.unlink()
            removed.append(entry)
    return removed


@contextlib.contextmanager
def locked(
    lock_path: Path, timeout: float | None = None, clean: Path | None = None
) -> Iterator[None]:
    """Hold the lock at ``lock_path`` for the duration of the block, or raise LockTimeout.

    With ``clean``, leftovers of interrupted writes in that folder are removed once the lock is
    held (every write there happens under this lock, so any temporary file found is stale).
    """
    lock_path = Path(lock_path)
    seconds = lock_timeout() if timeout is None else timeout
    release = _acquire(lock_path, seconds)
    try:
        if clean is not None:
            clean_stale_temps(clean)
        yield
    finally:
        # Unlink while still holding it; waiters on the old file see a link count of 0 and retry.
        with contextlib.suppress(OSError):
            os.unlink(lock_path)
        release()


def _acquire(lock_path: Path, seconds: float) -> Callable[[], None]:
    """Take the lock (filelock, or the stdlib fallback without it); return its release. A lock
    file that cannot be created is one clear SkillError, not a raw OSError."""
    try:
        return _take(lock_path, seconds)
    except OSError as exc:
        raise SkillError(
            f"ERROR: cannot create the lock {shown(lock_path, 200)}: {exc.strerror or exc}.\n"
            "  Every writing command takes this lock: make the folder writable (and remove "
            "anything else by that name), then retry. Nothing was written."
        ) from None


def _take(lock_path: Path, seconds: float) -> Callable[[], None]:
    try:
        from filelock import FileLock, Timeout  # imported here: read-only commands never pay for it
    except ImportError:
        from skill.plans import flock

        try:
            fd = flock.acquire(str(lock_path), seconds)
        except flock.Timeout:
            raise LockTimeout(str(lock_path), seconds) from None
        return lambda: flock.release(fd)
    lock = FileLock(str(lock_path), timeout=seconds, is_singleton=False)
    try:
        lock.acquire(poll_interval=0.01)
    except Timeout:
        raise LockTimeout(str(lock_path), seconds) from None
    return lock.release


class Store:
    """Plan storage rooted at a project folder: ``<root>/plans``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.plans_dir = self.root / "plans"

    # -- locks -----------------------------------------------------------------
    def plans_lock(self, timeout: float | None = None) -> contextlib.AbstractContextManager[None]:
        """The plans-wide lock (new, close, retire). Creates ``plans/`` if needed.

        Refused (SkillError) when ``plans/`` resolves outside the project root: no lock file, no
        folder and no clean-up is ever made there."""
        self.ensure_inside(self.plans_dir / LOCK_NAME)
        self.plans_dir.mkdir(parents=True, exist_ok=True)
        return locked(self.plans_dir / LOCK_NAME, timeout, clean=self.plans_dir)

    def plan_lock(self, plan_id: str, timeout: float | None = None) -> contextlib.AbstractContextManager[None]:
        """The lock for edits to one plan's files; refused like :meth:`plans_lock` outside the root."""
        self.ensure_inside(self.plans_dir / plan_id / LOCK_NAME)
        return locked(self.plans_dir / plan_id / LOCK_NAME, timeout, clean=self.plans_dir / plan_id)

    # -- paths -----------------------------------------------------------------
    def plan_dir(self, plan_id: str) -> Path:
        return self.plans_dir / plan_id

    def write_text(self, path: Path, text: str) -> None:
        """Replace ``path`` (inside the project) with ``text`` as UTF-8, atomically."""
        self.ensure_inside(path)
        atomic_write_text(path, text)

    def write_bytes(self, path: Path, data: bytes) -> None:
        """Replace ``path`` (inside the project) with ``data``, atomically."""
        self.ensure_inside(path)
        atomic_write_bytes(path, data)

    def remove(self, path: Path) -> bool:
        """Unlink ``path`` (inside the project) if present; True when something was removed."""
        self.ensure_inside(path)
        return remove_file(path)

    def create_folder(self, target: Path, files: dict[str, str], folders: tuple[str, ...] = ()) -> None:
        """Create the folder ``target`` holding ``files`` (name -> LF text) and empty ``folders``.

        The folder is assembled under a temporary name beside ``target`` and renamed into place in
        one step, so a crash leaves either no folder or a complete one (the leftover is a stale
        temp that :func:`clean_stale_temps` removes).
        """
        self.ensure_inside(target)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent))
        try:
            os.chmod(staging, 0o777 & ~current_umask())
            for name in folders:
                (staging / name).mkdir()
            for name, text in files.items():
                # the folder is not visible under its final name yet: plain writes are safe here
                (staging / name).write_text(text, encoding="utf-8", newline="\n")
            rename_into_place(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise

    def ensure_inside(self, path: Path) -> None:
        """Refuse a write whose real location is outside the project root."""
        root = self.root.resolve()
        target = Path(path)
        parent = target.parent.resolve()
        if parent != root and root not in parent.parents:
            raise SkillError(
                f"ERROR: refusing to write {shown(target, 200)}: it resolves to {shown(parent, 200)}, "
                f"outside the project root {shown(root, 200)}.\n"
                "  A plans/ folder (or plan folder) symlinked out of the project is never written; "
                "move it back into the project. Nothing was written."
            )
