"""The tool's own error type (a message for the user and the exit status to leave with), and
:func:`shown`, the one way a message quotes a value it was given."""

from __future__ import annotations

import os

#: How many characters of a value a message quotes.
SHOWN_LIMIT = 60


class SkillError(Exception):
    """An error the user can act on. ``exit_code`` is 1 for errors/refusals, 2 for usage."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


def from_os_error(exc: OSError) -> SkillError:
    """A file-system failure (permissions, a full disk, a read-only folder, a path too long) as
    one message naming the file and what to do, exit 1."""
    import errno

    name = getattr(exc, "filename", None)
    where = shown(name, 200) if name else "a file"
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        message = (
            f"ERROR: no room to write {where}: {reason}.\n"
            "  Free disk space (or raise the file-size limit), then retry; an interrupted write "
            "leaves the old file."
        )
    elif exc.errno == errno.EROFS:
        message = (
            f"ERROR: {where} is on a read-only file system.\n"
            "  Run the command where plans/ is writable."
        )
    elif exc.errno in (errno.EACCES, errno.EPERM):
        message = f"ERROR: permission denied: {where}.\n  Make it (and its folder) writable, then retry."
    else:
        message = (
            f"ERROR: {reason}: {where}\n"
            "  Check that the folder exists and is writable (and the disk is not full), then retry."
        )
    return SkillError(message, 1)


class LockTimeout(SkillError):
    """A lock could not be obtained within the bounded wait."""

    def __init__(self, lock_path: str, seconds: float) -> None:
        super().__init__(
            f"ERROR: could not lock {lock_path} within {seconds:g}s: another iterative-planner "
            "command is still working on this plan.\n"
            "  Retry shortly. The lock is released automatically when that command ends; "
            "never delete it while a command is running.",
            1,
        )
        self.lock_path = lock_path


def refusal(what: str, reason: str, remedies: list[str]) -> SkillError:
    """A checked command that will not go ahead: what was refused, why, what to do. Exit 1.

    ``ERROR: <what> refused: <reason>``, one indented line per remedy, then ``Nothing was written.``
    """
    lines = [f"ERROR: {what} refused: {reason}"]
    lines += [f"  {remedy}" for remedy in remedies]
    lines.append("  Nothing was written.")
    return SkillError("\n".join(lines), 1)


_ESCAPES = {"\\": "\\\\", "'": "\\'"}


def _printable(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if char in _ESCAPES:
        return _ESCAPES[char]
    if char.isprintable():
        return char
    return repr(char)[1:-1]


def shown(value: object, limit: int = SHOWN_LIMIT) -> str:
    """``value`` quoted for a message: printable characters only, at most ``limit`` of them.

    Control characters, undecodable bytes and other unprintables are escaped (``\\n``, ``\\xff``);
    a longer value is cut, and its length said: ``'aaaa…' (10485760 characters)``.
    """
    if isinstance(value, bytes):
        text = value.decode("utf-8", errors="surrogateescape")
    elif isinstance(value, os.PathLike):
        text = os.fspath(value)
        text = text if isinstance(text, str) else text.decode("utf-8", errors="surrogateescape")
    else:
        text = str(value)
    body = "".join(_printable(char) for char in text[:limit])
    if len(text) > limit:
        return f"'{body}…' ({len(text)} characters)"
    return f"'{body}'"


def has_undecodable(value: str) -> bool:
    """True when ``value`` holds a lone surrogate: bytes that were not UTF-8 (``surrogateescape``)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
