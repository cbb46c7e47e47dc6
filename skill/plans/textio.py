"""Reading plan files robustly: UTF-8 with replacement, BOM dropped, CRLF folded to LF."""

from __future__ import annotations

import os
from pathlib import Path

BOM = "\ufeff"


def decode(data: bytes) -> str:
    text = data.decode("utf-8", errors="replace")
    if text.startswith(BOM):
        text = text[1:]
    return text.replace("\r\n", "\n")


def read_text(path: str | os.PathLike[str]) -> str | None:
    """The file's text (BOM dropped, CRLF → LF), or None when it cannot be read as a file."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    return decode(data)


def read_raw(path: str | os.PathLike[str]) -> str | None:
    """The file's text with line endings untouched (used for byte-faithful rewrites)."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    return data.decode("utf-8", errors="replace")


def line_count(text: str) -> int:
    """Lines as the original counts them: ``count('\\n') + 1``."""
    return text.count("\n") + 1


def js_trim(text: str) -> str:
    """Strip whitespace and U+FEFF from both ends, as JavaScript's ``trim()`` does."""
    return text.strip().strip(BOM).strip()
