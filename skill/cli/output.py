"""Writing to stdout and stderr without click, for the fast paths (and for ``emit-state``'s exact
bytes on the click path too)."""

from __future__ import annotations

import sys


def echo(text: str, *, err: bool = False) -> None:
    """``text`` and a newline, as ``click.echo`` writes it (text stream, flushed)."""
    stream = sys.stderr if err else sys.stdout
    stream.write(text + "\n")
    stream.flush()


def write_raw(text: str) -> None:
    """UTF-8 bytes exactly as given (no newline translation), whatever the console encoding."""
    out = sys.stdout
    raw = getattr(out, "buffer", None)
    if raw is None:
        out.write(text)
        return
    out.flush()
    raw.write(text.encode("utf-8"))
    raw.flush()


def escape_unencodable() -> None:
    """Let stdout/stderr escape what their encoding cannot hold instead of raising."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
