"""Ownership receipts: which files an install wrote, with their sha256.

Each install writes two copies of its receipt: one inside the target folder
(``.iterative-planner-install.json``) and one per user under the tool's data folder
(``platformdirs.user_data_dir("iterative-planner")``, or ``$IP_DATA_DIR``), in
``receipts/<target>-<scope>-<hash of the base folder>.json``. The in-target copy wins; the user copy
lets ``uninstall`` and ``doctor`` work when the in-target one is gone.

A receipt also records what uninstall needs to give the folder back as it was: the folders install
created (removed again once empty), and for each shared file whether install created it and what it
put before its block. A project-scope receipt inside the project names its base as ``.``, so it
holds no path of this machine; the user copy keeps the absolute path.

A receipt is only trusted as far as its paths are plain relative paths: a tampered receipt cannot
make ``uninstall`` delete anything outside the target folder.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from skill.errors import SkillError
from skill.plans.store import atomic_write_text, remove_file

RECEIPT_FORMAT = 1
TOOL = "iterative-planner"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str | None:
    try:
        return sha256(Path(path).read_bytes())
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def data_dir() -> Path:
    override = os.environ.get("IP_DATA_DIR")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(TOOL, appauthor=False))


def user_receipts_dir() -> Path:
    return data_dir() / "receipts"


@dataclass(frozen=True)
class SharedEdit:
    """What install did to a shared file: created it, or put ``lead`` and then its block after the
    user's text; ``containers``: the JSON containers it created to hold its entry (None: not
    recorded, by an older version)."""

    created: bool
    lead: str = ""
    containers: tuple[str, ...] | None = None

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"created": self.created, "lead": self.lead}
        if self.containers is not None:
            out["containers"] = list(self.containers)
        return out


@dataclass
class Receipt:
    target: str
    scope: str
    base: str  # absolute path of the folder every file path is relative to
    version: str
    protocol_version: str
    command: str
    files: dict[str, str] = field(default_factory=dict)  # relative POSIX path -> sha256
    receipt_rel: str = ""
    installed_at: str = ""
    #: folders install created (relative POSIX paths), removed by uninstall once empty
    created_dirs: list[str] = field(default_factory=list)
    #: shared files (relative POSIX path) -> what install did to them
    shared: dict[str, SharedEdit] = field(default_factory=dict)
    #: the install options that shaped the files (``guard``, ``statusline``); empty for targets
    #: that have none, and in receipts written before options existed
    options: dict[str, bool] = field(default_factory=dict)

    def to_json(self, portable_base: bool = False) -> str:
        """The receipt as JSON; ``portable_base`` writes the base as ``.`` (the copy inside a
        project, which must not name this machine's paths)."""
        payload = {
            "tool": TOOL,
            "format": RECEIPT_FORMAT,
            "target": self.target,
            "scope": self.scope,
            "base": "." if portable_base else self.base,
            "receipt": self.receipt_rel,
            "version": self.version,
            "protocol_version": self.protocol_version,
            "command": self.command,
            "installed_at": self.installed_at,
            "files": dict(sorted(self.files.items())),
            "created_dirs": sorted(set(self.created_dirs)),
            "shared": {rel: edit.as_dict() for rel, edit in sorted(self.shared.items())},
        }
        if self.options:
            payload["options"] = dict(sorted(self.options.items()))
        return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Receipt:
        from skill.harness.base import check_rel

        data = json.loads(text)
        if not isinstance(data, dict) or data.get("tool") != TOOL:
            raise ValueError("not an iterative-planner receipt")
        files = data.get("files")
        if not isinstance(files, dict):
            raise ValueError("no file list")
        clean: dict[str, str] = {}
        for rel, digest in files.items():
            check_rel(rel)
            if not isinstance(digest, str) or len(digest) != 64:
                raise ValueError(f"bad hash for {rel}")
            clean[rel] = digest
        dirs = data.get("created_dirs", [])
        if not isinstance(dirs, list):
            raise ValueError("created_dirs is not a list")
        for rel in dirs:
            if rel != ".":  # the base folder itself
                check_rel(rel)
        shared: dict[str, SharedEdit] = {}
        raw_shared = data.get("shared", {})
        if not isinstance(raw_shared, dict):
            raise ValueError("shared is not an object")
        for rel, edit in raw_shared.items():
            check_rel(rel)
            if not isinstance(edit, dict) or not isinstance(edit.get("created"), bool):
                raise ValueError(f"bad shared-file record for {rel}")
            lead = edit.get("lead", "")
            if not isinstance(lead, str) or lead.strip():
                raise ValueError(f"bad lead for {rel}")
            containers = edit.get("containers")
            if containers is not None and (
                not isinstance(containers, list) or not all(isinstance(c, str) for c in containers)
            ):
                raise ValueError(f"bad containers for {rel}")
            shared[rel] = SharedEdit(edit["created"], lead, None if containers is None else tuple(containers))
        raw_options = data.get("options", {})
        if not isinstance(raw_options, dict) or not all(
            isinstance(key, str) and isinstance(value, bool) for key, value in raw_options.items()
        ):
            raise ValueError("options is not an object of true/false values")
        return cls(
            target=str(data.get("target", "")),
            scope=str(data.get("scope", "")),
            base=str(data.get("base", "")),
            version=str(data.get("version", "")),
            protocol_version=str(data.get("protocol_version", "")),
            command=str(data.get("command", "")),
            files=clean,
            receipt_rel=str(data.get("receipt", "")),
            installed_at=str(data.get("installed_at", "")),
            created_dirs=list(dirs),
            shared=shared,
            options=dict(raw_options),
        )


def now_utc() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def user_receipt_path(target: str, scope: str, base: Path) -> Path:
    key = hashlib.sha256(str(Path(base).resolve()).encode("utf-8")).hexdigest()[:12]
    return user_receipts_dir() / f"{target}-{scope}-{key}.json"


def read_receipt(path: Path) -> Receipt | None:
    """The receipt at ``path``; None when absent. A damaged receipt is an error, not ignored."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SkillError(f"ERROR: cannot read the install receipt {path}: {exc}") from None
    try:
        return Receipt.from_json(text)
    except (ValueError, SkillError) as exc:
        detail = exc.message if isinstance(exc, SkillError) else str(exc)
        raise SkillError(
            f"ERROR: the install receipt {path} is damaged ({detail}).\n"
            "  Fix or delete it; without it iterative-planner cannot tell which files are its own."
        ) from None


def find_receipt(target: str, scope: str, base: Path, receipt_rel: str) -> tuple[Receipt | None, Path | None]:
    """The in-target receipt if present, else the user copy; with the path it was read from."""
    from skill.harness.base import confined

    local = confined(base, receipt_rel)
    found = read_receipt(local)
    if found is not None:
        if not Path(found.base).is_absolute():  # a portable copy: its base is where it was found
            found.base = str(Path(base).resolve())
        return found, local
    user = user_receipt_path(target, scope, base)
    found = read_receipt(user)
    if found is not None:
        return found, user
    return None, None


def write_receipts(receipt: Receipt, local_path: Path) -> Path:
    """Write the in-target receipt and the user copy; returns the user copy's path."""
    local_path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(local_path, receipt.to_json(portable_base=receipt.scope == "project"))
    user = user_receipt_path(receipt.target, receipt.scope, Path(receipt.base))
    user.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(user, receipt.to_json())
    return user


def delete_receipts(target: str, scope: str, base: Path, local_path: Path) -> None:
    remove_file(local_path)
    with contextlib.suppress(OSError):
        remove_file(user_receipt_path(target, scope, base))


def all_user_receipts() -> list[tuple[Path, Receipt | None, str]]:
    """Every receipt in the user's data folder: (path, receipt or None, error text)."""
    folder = user_receipts_dir()
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.glob("*.json")):
        try:
            out.append((path, read_receipt(path), ""))
        except SkillError as exc:
            out.append((path, None, exc.message))
    return out
