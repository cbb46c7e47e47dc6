"""The hooks as commands: read stdin, answer on stdout, exit 0 whatever happens.

Both command paths call these (:mod:`skill.cli.fast` and the click commands of
:mod:`skill.cli.hook`), so a hook behaves the same however it is started.
"""

from __future__ import annotations

from skill.hooks.payload import note_error, read_stdin, write_json, write_line


def session_start(explicit_root: str | None = None) -> int:
    """``hook session-start``: the re-entry packet, or nothing."""
    try:
        from skill.hooks.session_start import answer

        found = answer(read_stdin(), explicit_root=explicit_root)
    except Exception as exc:  # noqa: BLE001 - a hook never breaks the session
        note_error("hook session-start", exc)
        return 0
    if found is not None:
        write_json(found)
    return 0


def pre_tool_use(explicit_root: str | None = None) -> int:
    """``hook pre-tool-use``: a deny, or nothing (fails open)."""
    try:
        from skill.hooks.guard import answer

        found = answer(read_stdin(), explicit_root=explicit_root)
    except Exception as exc:  # noqa: BLE001 - a broken guard must not block every write
        note_error("hook pre-tool-use", exc)
        return 0
    if found is not None:
        write_json(found)
    return 0


def statusline(explicit_root: str | None = None) -> int:
    """``statusline``: one line, or nothing."""
    try:
        from skill.hooks.statusline import answer

        line = answer(read_stdin(), explicit_root=explicit_root)
    except Exception as exc:  # noqa: BLE001 - an empty status line rather than an error
        note_error("statusline", exc)
        return 0
    if line:
        write_line(line)
    return 0
