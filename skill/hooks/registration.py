"""How the hooks are registered: the command lines and the settings entries, defined once.

Claude Code (``.claude/settings.local.json`` / ``settings.json``, and a plugin's
``hooks/hooks.json``) and Codex (``.codex/hooks.json``, ``$CODEX_HOME/hooks.json``, a plugin's
``hooks/hooks.json``) read the same three-level shape: event → matcher group → handlers.

* ``SessionStart`` on ``startup|resume|clear|compact``: ``<prefix> hook session-start``;
* ``PreToolUse`` on Claude Code's file tools (``Edit|Write|MultiEdit|NotebookEdit``) or Codex's
  ``apply_patch`` (with its aliases ``Edit|Write``): ``<prefix> hook pre-tool-use``;
* Claude Code's ``statusLine`` (opt-in): ``<prefix> statusline``.

An entry is ours when one of its handlers runs exactly one of our command lines (as the install
receipt records the prefix); another tool's ``… hook session-start`` is never taken for ours.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

SESSION_START = "SessionStart"
PRE_TOOL_USE = "PreToolUse"
STATUS_LINE = "statusLine"
#: The hook events we register, in the order they are written.
EVENTS = (SESSION_START, PRE_TOOL_USE)

SESSION_MATCHER = "startup|resume|clear|compact"
CLAUDE_GUARD_MATCHER = "Edit|Write|MultiEdit|NotebookEdit"
CODEX_GUARD_MATCHER = "apply_patch|Edit|Write"
#: Seconds the harness gives a hook (both read the field in seconds).
TIMEOUT = 10

#: What follows the command prefix for each part.
SUBCOMMANDS = {
    SESSION_START: "hook session-start",
    PRE_TOOL_USE: "hook pre-tool-use",
    STATUS_LINE: "statusline",
}

#: Backwards-compatible names.
MATCHER = SESSION_MATCHER
EVENT = SESSION_START
SUBCOMMAND = SUBCOMMANDS[SESSION_START]


def command_line(part: str, prefix: str) -> str:
    """``<prefix> hook session-start`` and the like."""
    return f"{prefix} {SUBCOMMANDS[part]}"


def hook_command(prefix: str | None = None) -> str:
    """The SessionStart command line (default prefix: the command of :mod:`skill.command`)."""
    if prefix is None:
        from skill.command import agent_command

        prefix = agent_command()
    return command_line(SESSION_START, prefix)


def hook_entry(command: str, matcher: str) -> dict[str, Any]:
    """One matcher group with one command handler."""
    return {"matcher": matcher, "hooks": [{"type": "command", "command": command, "timeout": TIMEOUT}]}


def claude_hook_entry(command: str | None = None) -> dict[str, Any]:
    """The SessionStart entry of Claude Code's settings."""
    return hook_entry(command or hook_command(), SESSION_MATCHER)


def status_line_entry(command: str) -> dict[str, Any]:
    return {"type": "command", "command": command, "padding": 0}


def guard_matcher(harness: str) -> str:
    return CODEX_GUARD_MATCHER if harness == "codex" else CLAUDE_GUARD_MATCHER


def parts_for(prefix: str, harness: str, *, guard: bool = True, statusline: bool = False) -> dict[str, Any]:
    """Our parts of a settings/hooks file: event → entry, and ``statusLine`` (Claude Code only)."""
    parts: dict[str, Any] = {SESSION_START: hook_entry(command_line(SESSION_START, prefix), SESSION_MATCHER)}
    if guard:
        parts[PRE_TOOL_USE] = hook_entry(command_line(PRE_TOOL_USE, prefix), guard_matcher(harness))
    if statusline and harness == "claude":
        parts[STATUS_LINE] = status_line_entry(command_line(STATUS_LINE, prefix))
    return parts


def our_lines(part: str, prefixes: Iterable[str]) -> set[str]:
    """The command lines that mark ``part`` as ours, one per recorded prefix."""
    return {command_line(part, prefix.strip()) for prefix in prefixes if prefix.strip()}


def is_ours(entry: Any, commands: Iterable[str]) -> bool:
    """True for a matcher group that runs exactly one of ``commands`` (full command lines)."""
    wanted = {command.strip() for command in commands if command.strip()}
    if not wanted or not isinstance(entry, dict) or not isinstance(entry.get("hooks"), list):
        return False
    return any(
        isinstance(hook, dict) and str(hook.get("command", "")).strip() in wanted
        for hook in entry["hooks"]
    )


def is_our_status_line(value: Any, commands: Iterable[str]) -> bool:
    wanted = {command.strip() for command in commands if command.strip()}
    return isinstance(value, dict) and str(value.get("command", "")).strip() in wanted


def plugin_hooks(prefix: str, harness: str) -> dict[str, Any]:
    """A plugin's ``hooks/hooks.json``: the session packet and the write guard."""
    parts = parts_for(prefix, harness, guard=True)
    return {
        "description": "iterative-planner: the re-entry packet at session start and the write guard",
        "hooks": {event: [parts[event]] for event in EVENTS},
    }
