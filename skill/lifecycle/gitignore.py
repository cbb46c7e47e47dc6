"""The project's ``.gitignore`` entries for ``plans/``, anchored to the project root.

The shape is the one the original adopted in 2.58.0: ``/plans/*`` then ``!/plans/ANCHORS.md``, in
that order (git lets the last matching line win, so the negation must come second), which keeps
plan folders out of git while the anchor manifest can be committed. A bare ``plans/`` would ignore
every folder named ``plans`` at any depth, this package's own ``skill/plans/`` included (hatchling
builds the wheel without ignored files).

An older entry (``plans/``, ``/plans/``, ``plans``, ``/plans``, ``plans/*``) is rewritten in place
to the anchored glob; a second one is dropped. Everything else in the file is kept byte for byte:
the file is handled as bytes, its line endings are reused, and a file that is not text git would
read (a NUL byte, e.g. UTF-16) is left untouched with a warning.
"""

from __future__ import annotations

import os
import re

from skill.plans.store import Store, clean_temps_of
from skill.plans.textio import read_bytes

GLOB = b"/plans/*"
KEEP = b"!/plans/ANCHORS.md"
#: lines that meant "ignore plans/" before the anchored shape
LEGACY = frozenset({b"plans/", b"/plans/", b"plans", b"/plans", b"plans/*", GLOB})
#: the negation, anchored or (equivalently, it has a slash) not
NEGATIONS = frozenset({KEEP, b"!plans/ANCHORS.md"})
BOM = b"\xef\xbb\xbf"

_LINE = re.compile(rb"[^\n]*\n|[^\n]+")


def _key(line: bytes) -> bytes:
    """A line as git compares it here: without its line ending and trailing blanks."""
    return line.rstrip(b"\r\n").rstrip(b" \t")


def _ending(data: bytes) -> bytes:
    return b"\r\n" if b"\r\n" in data else b"\n"


def updated(data: bytes) -> bytes | None:
    """``data`` with the two entries in place, or None when nothing needs to change (or the file
    is not one this may touch)."""
    if b"\x00" in data:
        return None
    lines = _LINE.findall(data)
    nl = _ending(data)
    bom = b""
    if lines and lines[0].startswith(BOM):
        bom, lines[0] = BOM, lines[0][len(BOM) :]
    keys = [_key(line) for line in lines]
    globs = [i for i, key in enumerate(keys) if key in LEGACY]
    if globs and keys[globs[0]] == GLOB and len(globs) == 1:
        after = [i for i, key in enumerate(keys) if key in NEGATIONS and i > globs[0]]
        before = [i for i, key in enumerate(keys) if key in NEGATIONS and i < globs[0]]
        if after and not before:
            return None
    out: list[bytes] = []
    placed = False
    for line, key in zip(lines, keys, strict=True):
        if key in NEGATIONS:
            continue  # written once, right after the glob
        if key in LEGACY:
            if placed:
                continue
            ending = line[len(line.rstrip(b"\r\n")) :] or nl
            out.append(GLOB + ending)
            out.append(KEEP + ending)
            placed = True
            continue
        out.append(line)
    if not placed:
        if out and not out[-1].endswith(b"\n"):
            out[-1] += nl
        out += [GLOB + nl, KEEP + nl]
    result = bom + b"".join(out)
    return None if result == data else result


def ensure_entries(store: Store) -> str | None:
    """Bring the project's ``.gitignore`` to the anchored entries. Returns a warning, or None."""
    target = store.root / ".gitignore"
    try:
        clean_temps_of(target)  # under the plans-wide lock, as every writer of .gitignore is
        data = read_bytes(target) if os.path.lexists(target) else b""
        if data is None:
            return (
                f"WARNING: {target} is not a regular file that can be read; it was left as it is.\n"
                f"  Add the lines {GLOB.decode()} and {KEEP.decode()} to a .gitignore yourself."
            )
        if b"\x00" in data:
            return (
                f"WARNING: {target} is not plain text (it holds NUL bytes); it was left as it is.\n"
                f"  Add the lines {GLOB.decode()} and {KEEP.decode()} to it yourself."
            )
        new = updated(data)
        if new is not None:
            store.write_bytes(target, new)
    except OSError as exc:
        return (
            f"WARNING: the plan was created but .gitignore could not be updated: {exc}\n"
            f"  Add the lines {GLOB.decode()} and {KEEP.decode()}, in that order, yourself."
        )
    return None
