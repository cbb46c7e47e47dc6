"""How a command that failed says so, on both paths (the click group and the fast dispatcher).

One message on stderr and the exit status (1 for errors and refusals, 2 for usage, 130 after
Ctrl-C); under ``--json`` also ``{"ok": false, "error": …, "exit_code": …}`` on stdout first.
"""

from __future__ import annotations

#: Exit status after Ctrl-C (128 + SIGINT), as shells report it.
INTERRUPTED = 130
INTERRUPTED_MESSAGE = "Interrupted; an interrupted write leaves the old file or the new one."


def error_json(message: str, exit_code: int) -> str:
    """The JSON error object printed on stdout under ``--json``."""
    import json

    return json.dumps({"ok": False, "error": message, "exit_code": exit_code}, indent=2)


def refuse_undecodable(args: list[str]) -> None:
    """Exit 2 (the error object on stdout too under ``--json``) when an argument is not valid
    UTF-8 text; return when every one is."""
    import sys

    from skill.errors import has_undecodable, shown

    for index, arg in enumerate(args, start=1):
        if has_undecodable(arg):
            message = (
                f"ERROR: argument {index} is not valid UTF-8 text: {shown(arg)}.\n"
                "  Arguments become plan text or paths written as UTF-8: pass them in UTF-8 "
                "(rename a file whose name is not). Nothing was done."
            )
            if "--json" in args:
                print(error_json(message, 2))
            print(message, file=sys.stderr)
            raise SystemExit(2)
