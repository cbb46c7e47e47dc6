"""Ownership receipts: which files an install wrote, with their sha256.

Each install writes two copies of its receipt: one inside the target folder
(``.iterative-planner-install.json``) and one per user under the tool's data folder
(``platformdirs.user_data_dir("iterative-planner")``, or ``$IP_DATA_DIR``), in
``receipts/<target>-<scope>-<hash of the base folder>.json``. The in-target copy wins; the user copy
lets ``uninstall`` and ``doctor`` work when the in-target one is gone.

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

    def to_json(self) -> str:
        payload = {
            "tool": TOOL,
            "format": RECEIPT_FORMAT,
            "target": self.target,
            "scope": self.scope,
            "base": self.base,
            "receipt": self.receipt_rel,
            "version": self.version,
            "protocol_version": self.protocol_version,
            "command": self.command,
            "installed_at": self.installed_at,
            "files": dict(sorted(self.files.items())),
        }
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
        return found, local
    user = user_receipt_path(target, scope, base)
    found = read_receipt(user)
    if found is not None:
        return found, user
    return None, None


def write_receipts(receipt: Receipt, local_path: Path) -> Path:
    """Write the in-target receipt and the user copy; returns the user copy's path."""
    text = receipt.to_json()
    local_path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(local_path, text)
    user = user_receipt_path(receipt.target, receipt.scope, Path(receipt.base))
    user.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(user, text)
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
