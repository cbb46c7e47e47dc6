"""Plan-file text: reading robustly (UTF-8 with replacement, BOM dropped, CRLF folded to LF) and
the framing that byte-faithful rewrites restore on write."""

from __future__ import annotations

import os

from skill.lazyre import lazy
from skill.slots import Slotted

BOM = "\ufeff"


def decode(data: bytes) -> str:
    text = data.decode("utf-8", errors="replace")
    if text.startswith(BOM):
        text = text[1:]
    return text.replace("\r\n", "\n")


def read_text(path: str | os.PathLike[str]) -> str | None:
    """The file's text (BOM dropped, CRLF → LF), or None when it cannot be read as a file."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    return decode(data)


def read_raw(path: str | os.PathLike[str]) -> str | None:
    """The file's text with line endings untouched (used for byte-faithful rewrites)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    return data.decode("utf-8", errors="replace")


def line_count(text: str) -> int:
    """Lines as the original counts them: ``count('\\n') + 1``."""
    return text.count("\n") + 1


def js_trim(text: str) -> str:
    """Strip whitespace and U+FEFF from both ends, as JavaScript's ``trim()`` does."""
    return text.strip().strip(BOM).strip()


# -- framing: rewrites work on LF text; the file's BOM and CRLF endings are restored at the edge --


class Framing(Slotted):
    """How a file was framed: a BOM and/or CRLF line endings."""

    __slots__ = ("bom", "crlf")

    def __init__(self, bom: bool = False, crlf: bool = False) -> None:
        self.bom = bom
        self.crlf = crlf


def to_lf(raw: str) -> tuple[str, Framing]:
    """``raw`` without its BOM, CRLF folded to LF, and the framing to restore on write."""
    framing = Framing(bom=raw.startswith(BOM), crlf="\r\n" in raw)
    text = raw[1:] if framing.bom else raw
    return text.replace("\r\n", "\n"), framing


def from_lf(text: str, framing: Framing) -> str:
    """LF text framed as the original file was (CRLF endings, leading BOM)."""
    if framing.crlf:
        text = text.replace("\n", "\r\n")
    return (BOM + text) if framing.bom else text


_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2010": "-"})


def normalize_dashes(text: str) -> str:
    """En dash, em dash and hyphen folded to ``-``."""
    return text.translate(_DASHES)


def one_line(value: str) -> str:
    """Collapse whitespace (newlines included) so a value cannot break a file's structure."""
    return " ".join(value.split())


_JS_SPACE = (
    " \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_INT_RE = lazy(r"([+-]?)(0[xX][0-9a-fA-F]+|[0-9]+)")
_INT10_RE = lazy(r"([+-]?)([0-9]+)")
_LEADING_INT_RE = lazy(r"[ \t]*([0-9]+)")


def js_parse_int(text: str | None, radix10: bool = False) -> int | None:
    """JavaScript ``parseInt``: leading blanks, a sign, the longest digit run. None stands for NaN."""
    if text is None:
        return None
    match = (_INT10_RE if radix10 else _INT_RE).match(text.lstrip(_JS_SPACE))
    if not match:
        return None
    sign, digits = match.groups()
    value = int(digits, 16) if digits[:2].lower() == "0x" else int(digits)
    return -value if sign == "-" else value


def leading_int(value: str | None) -> int | None:
    """The unsigned number a value starts with (``"2 of 5"`` → 2), or None."""
    match = _LEADING_INT_RE.match(value or "")
    return int(match.group(1)) if match else None
