"""Where the site goes, and how it is written there.

The default folder is private and per user: ``<user cache>/iterative-planner/dashboard/<repo>-<hash>``
(platformdirs), created with mode 0700. Any output folder is refused when it is a symlink, is not
owned by the current user, or can be reached by group or others (it is never chmod-ed), when it lies
inside the project or one of its worktrees, and when it already holds files the dashboard did not
write (a folder is ours when it holds our ``live.js``). Pages are written through a temporary file
and a rename, only when their content changed; pages of an earlier run that are gone are removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
from pathlib import Path

from skill.errors import SkillError

MANIFEST = "live.js"
_MANIFEST_HEAD = "/* iterative-planner dashboard: page versions, polled by open pages */\n"


def default_out(root: Path) -> Path:
    import platformdirs

    resolved = Path(root).resolve()
    digest = hashlib.sha256(str(resolved).encode("utf-8", "surrogateescape")).hexdigest()[:8]
    name = "".join(c if c.isalnum() or c in "-_." else "_" for c in resolved.name) or "root"
    return platformdirs.user_cache_path("iterative-planner") / "dashboard" / f"{name}-{digest}"


def _refuse(folder: Path, why: str, remedy: str) -> SkillError:
    return SkillError(f"ERROR: refusing the dashboard folder {folder}: {why}.\n  {remedy}\n  Nothing was written.")


def check_private(folder: Path) -> None:
    """Refuse ``folder`` unless it is a real directory, ours, and closed to group and others."""
    try:
        info = os.lstat(folder)
    except OSError as exc:
        raise _refuse(folder, f"cannot inspect it ({exc.strerror})", "Pass another --out DIR.") from None
    if stat.S_ISLNK(info.st_mode):
        raise _refuse(folder, "it is a symbolic link", "Pass the real folder, or another --out DIR.")
    if not stat.S_ISDIR(info.st_mode):
        raise _refuse(folder, "it is not a directory", "Pass a folder with --out DIR.")
    if os.name != "posix":
        return
    if info.st_uid != os.getuid():
        raise _refuse(folder, "it belongs to another user", "Use a folder of your own.")
    if info.st_mode & 0o077:
        raise _refuse(
            folder,
            f"group or others can reach it (mode {stat.S_IMODE(info.st_mode):04o})",
            f"Plan files can hold private notes: run `chmod 700 {folder}` yourself, or pass another --out DIR.",
        )


def _make_private(folder: Path) -> None:
    """Create ``folder`` (mode 0700) when missing, then check it; parents get 0700 too when created."""
    missing = []
    probe = folder
    while not os.path.lexists(probe) and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for path in reversed(missing):
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            pass
        except OSError as exc:
            raise _refuse(folder, f"cannot create {path} ({exc.strerror})", "Pass another --out DIR.") from None
    check_private(folder)


def _inside(path: Path, roots: list[Path]) -> Path | None:
    real = path.resolve()
    for root in roots:
        base = root.resolve()
        if real == base or base in real.parents:
            return root
    return None


def prepare(out: Path | None, roots: list[Path]) -> Path:
    """The checked output folder: ``out`` or the default, never inside one of ``roots``."""
    explicit = out is not None
    folder = Path(out).absolute() if out is not None else default_out(roots[0])
    owner = _inside(folder, roots)
    if owner is not None:
        raise _refuse(folder, f"it is inside the project {owner}; the dashboard never writes there",
                      "Leave out --out (a private cache folder is used), or pass a folder outside it.")
    if explicit and os.path.lexists(folder):
        check_private(folder)
        try:
            entries = os.listdir(folder)
        except OSError as exc:
            raise _refuse(folder, f"cannot list it ({exc.strerror})", "Pass another --out DIR.") from None
        if entries and MANIFEST not in entries:
            raise _refuse(folder, "it holds files the dashboard did not write",
                          "Pass a new or empty folder, or one an earlier dashboard run wrote.")
        return folder
    _make_private(folder)
    if not explicit:
        check_private(folder.parent)
    return folder


def read_manifest(folder: Path) -> dict[str, str]:
    """page → version of the last run written into ``folder`` ({} when none)."""
    try:
        text = (folder / MANIFEST).read_text(encoding="utf-8")
        data = json.loads(text[text.index("(") + 1 : text.rindex(")")])
        pages = data.get("pages", {})
    except (OSError, ValueError, AttributeError):
        return {}
    return {str(k): str(v) for k, v in pages.items()} if isinstance(pages, dict) else {}


def manifest_text(versions: dict[str, str], generated: str) -> str:
    payload = json.dumps({"generated": generated, "pages": versions}, sort_keys=True)
    return f"{_MANIFEST_HEAD}window.ipLive && window.ipLive({payload});\n"


def _write(path: Path, data: bytes) -> None:
    """Temporary file (mode 0600) in the same folder, then one rename."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _safe_name(name: str) -> bool:
    parts = name.split("/")
    return all(part not in ("", ".", "..") for part in parts) and not name.startswith("/")


def write_site(folder: Path, pages: dict[str, str], versions: dict[str, str], generated: str) -> list[str]:
    """Write the pages whose version changed; drop pages of the last run that are gone.

    Returns the names written. ``live.js`` is written last, so an open page reloads only once its
    new content is in place.
    """
    before = read_manifest(folder)
    written = []
    for name, html in pages.items():
        if not _safe_name(name):
            raise ValueError(f"unsafe page name {name!r}")
        path = folder / name
        if before.get(name) == versions[name] and path.is_file():
            continue
        if path.parent != folder and not path.parent.is_dir():
            os.mkdir(path.parent, 0o700)
        _write(path, html.encode("utf-8"))
        written.append(name)
    for name in sorted(set(before) - set(pages)):
        if _safe_name(name):
            with contextlib.suppress(OSError):
                (folder / name).unlink()
    if written or set(before) != set(pages) or not (folder / MANIFEST).is_file():
        _write(folder / MANIFEST, manifest_text(versions, generated).encode("utf-8"))
    return written
