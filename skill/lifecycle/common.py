"""Text shared by the lifecycle commands: the banner, the command name users should type."""

from __future__ import annotations

from skill import CLI_PREFIX, PROTOCOL_VERSION, __version__

CREDIT = "Developed by Nikolas Markou @ Electi Consulting"


def banner_line() -> str:
    """The credit banner: protocol version first (as the original prints it), then ours."""
    return f"  iterative-planner v{PROTOCOL_VERSION} — {CREDIT} (Python port {__version__})"


def stamp_line() -> str:
    """The version stamp written into state.md and decisions.md."""
    return f"*Skill: iterative-planner v{PROTOCOL_VERSION}*"


def invocation() -> str:
    """How to call bootstrap again, for messages."""
    return f"{CLI_PREFIX} bootstrap"
