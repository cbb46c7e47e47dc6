"""Text at the edges: reading plan files robustly, reading files a user names within bounds,
and rewriting a file only when its bytes survive exactly.

* Reading plan files (:func:`read_text`): UTF-8 with replacement, the BOM dropped, and every line
  ending (``\\r\\n``, a lone ``\\r``, ``\\n``) read as one line break. Only regular files are read;
  a FIFO or a device reads as missing, so nothing ever blocks on one.
* Reading a file the user named (:func:`read_named_file`): regular files only, at most
  :data:`NAMED_FILE_LIMIT` bytes, never blocking; anything else is one clear refusal.
* Rewriting (:func:`frame` / :func:`unframe`): owners edit LF text; the file's BOM and line-ending
  style are put back at the edge. A file whose bytes would not survive that round trip (invalid
  UTF-8, a NUL byte, mixed line endings) carries the reason in :attr:`Framing.problem`, and the
  writers refuse to touch it rather than re-encode it.
"""

from __future__ import annotations

import os
import stat

from skill.errors import SkillError, shown
from skill.lazyre import lazy
from skill.slots import Slotted

BOM = "\ufeff"

#: The most a file named on the command line may hold (ExecPlans, receipts and edited source files
#: are far smaller); a bigger one is refused, never read.
NAMED_FILE_LIMIT = 8 * 1024 * 1024



# -- line endings ------------------------------------------------------------------------------


def normalize_newlines(text: str) -> str:
    """Every ``\\r\\n`` and lone ``\\r`` as ``\\n``: the three line endings read alike."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_lines(text: str) -> list[str]:
    """Lines split at ``\\r\\n``, ``\\r`` or ``\\n`` alike (``str.split('\\n')`` semantics otherwise)."""
    return normalize_newlines(text).split("\n")


def decode(data: bytes) -> str:
    """Bytes as plan text: UTF-8 (bad bytes replaced), no BOM, LF line endings."""
    text = data.decode("utf-8", errors="replace")
    if text.startswith(BOM):
        text = text[1:]
    return normalize_newlines(text)


def open_regular(path: str | os.PathLike[str]) -> int | None:
    """A descriptor on ``path`` when it is a regular file (opened without blocking), else None."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


def _read_fd(fd: int, limit: int | None) -> bytes:
    """Everything from ``fd`` (or ``limit + 1`` bytes at most), closing it."""
    chunks: list[bytes] = []
    total = 0
    try:
        while limit is None or total <= limit:
            want = 1 << 20 if limit is None else min(1 << 20, limit + 1 - total)
            chunk = os.read(fd, want)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks)


def read_bytes(path: str | os.PathLike[str], limit: int | None = None) -> bytes | None:
    """A regular file's bytes (its first ``limit`` bytes at most), or None when it is missing,
    unreadable or not a regular file."""
    fd = open_regular(path)
    if fd is None:
        return None
    try:
        data = _read_fd(fd, limit)
    except OSError:
        return None
    return data if limit is None else data[:limit]


def read_text(path: str | os.PathLike[str]) -> str | None:
    """The file's text (BOM dropped, line endings as LF), or None when it cannot be read as a file."""
    data = read_bytes(path)
    return None if data is None else decode(data)


def read_raw(path: str | os.PathLike[str]) -> str | None:
    """The file's text with line endings untouched (for checks that look at them)."""
    data = read_bytes(path)
    return None if data is None else data.decode("utf-8", errors="replace")


# -- files the user names ------------------------------------------------------------------------

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def named_file_problem(path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` is not a regular file that can be read (None when it is one, or is missing)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"it cannot be examined ({exc.strerror or exc})"
    if stat.S_ISREG(mode):
        return None
    return f"it is {_kind(mode)}, not a regular file"


def read_named_file(path: str | os.PathLike[str], what: str, *, limit: int = NAMED_FILE_LIMIT) -> bytes:
    """The bytes of a file named on the command line, within bounds, or a SkillError (exit 1).

    Only a regular file is read (a symlink to one is followed); a folder, FIFO, device or socket is
    refused without being opened for long, so nothing blocks. A file over ``limit`` bytes is
    refused, and no more than ``limit + 1`` bytes are ever read, even from a file that grows.
    """
    name = shown(os.fspath(path))
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise SkillError(f"ERROR: {what} not found: {name}.\n  Check the path and try again.") from None
    except OSError as exc:
        raise SkillError(f"ERROR: cannot read {what} {name}: {exc.strerror or exc}.") from None
    if not stat.S_ISREG(mode):
        remedy = "Pass the file itself." if stat.S_ISDIR(mode) else "Only regular files are read."
        raise SkillError(f"ERROR: {what} {name} is {_kind(mode)}, not a regular file.\n  {remedy}")
    fd = open_regular(path)
    if fd is None:
        raise SkillError(f"ERROR: cannot read {what} {name}.\n  Check that it is a readable regular file.")
    try:
        data = _read_fd(fd, limit)
    except OSError as exc:
        raise SkillError(f"ERROR: cannot read {what} {name}: {exc.strerror or exc}.") from None
    if len(data) > limit:
        raise SkillError(
            f"ERROR: {what} {name} is larger than {limit // (1024 * 1024)} MiB; it was not read.\n"
            "  Pass a smaller file."
        )
    return data


def read_named_text(path: str | os.PathLike[str], what: str, *, limit: int = NAMED_FILE_LIMIT) -> str:
    """:func:`read_named_file` decoded as plan text (see :func:`decode`)."""
    return decode(read_named_file(path, what, limit=limit))



def line_count(text: str) -> int:
    """Lines as the original counts them: ``count('\\n') + 1``."""
    return text.count("\n") + 1


def js_trim(text: str) -> str:
    """Strip whitespace and U+FEFF from both ends, as JavaScript's ``trim()`` does."""
    return text.strip().strip(BOM).strip()


# -- framing: owners edit LF text; a file's BOM and line endings are put back at the edge ----------


class Framing(Slotted):
    """How a file was framed (a BOM, its line ending) and, when its bytes would not survive a
    rewrite exactly, why (:attr:`problem`)."""

    __slots__ = ("bom", "newline", "problem")

    def __init__(self, bom: bool = False, newline: str = "\n", problem: str | None = None) -> None:
        self.bom = bom
        self.newline = newline
        self.problem = problem

    @property
    def crlf(self) -> bool:
        return self.newline == "\r\n"


def _newline_style(raw: str) -> tuple[str, str | None]:
    """The file's one line ending, or (``\\n``, why it has more than one)."""
    crlf = raw.count("\r\n")
    lone_cr = raw.count("\r") - crlf
    lone_lf = raw.count("\n") - crlf
    styles = [(ending, n) for ending, n in (("\r\n", crlf), ("\n", lone_lf), ("\r", lone_cr)) if n]
    if len(styles) <= 1:
        return (styles[0][0] if styles else "\n"), None
    return "\n", f"its line endings are mixed ({crlf} CRLF, {lone_lf} LF, {lone_cr} CR)"


def to_lf(raw: str) -> tuple[str, Framing]:
    """``raw`` without its BOM, every line ending as LF, and the framing to restore on write."""
    bom = raw.startswith(BOM)
    text = raw[1:] if bom else raw
    newline, problem = _newline_style(text)
    return normalize_newlines(text), Framing(bom, newline, problem)


def from_lf(text: str, framing: Framing) -> str:
    """LF text framed as the original file was (its line ending, a leading BOM)."""
    if framing.newline != "\n":
        text = text.replace("\n", framing.newline)
    return (BOM + text) if framing.bom else text


def frame(data: bytes) -> tuple[str, Framing]:
    """A file's bytes as LF text plus its framing.

    The text is always usable for reading. :attr:`Framing.problem` is set when writing it back
    could not reproduce the bytes that were not edited: invalid UTF-8 (it would be re-encoded),
    a NUL byte (binary data), or mixed line endings.
    """
    problem = None
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raw = data.decode("utf-8", errors="replace")
        problem = f"it is not valid UTF-8 (byte 0x{data[exc.start]:02X} at offset {exc.start})"
    text, framing = to_lf(raw)
    if problem is None and "\x00" in raw:
        problem = f"it holds binary data (a NUL byte at offset {data.index(0)})"
    if problem is None:
        problem = framing.problem
    return text, Framing(framing.bom, framing.newline, problem)


def unframe(text: str, framing: Framing) -> bytes:
    """LF ``text`` as the bytes of a file framed by ``framing`` (UTF-8)."""
    return from_lf(text, framing).encode("utf-8")


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
