"""iterative-planner for Python: the planning protocol's tools as an importable library.

The CLI lives in :mod:`skill.cli`; nothing here runs at import time.
"""

__version__ = "0.1.0"

#: The version of the iterative-planner protocol (and plan-file formats) this package implements.
PROTOCOL_VERSION = "2.66.0"

__all__ = ["__version__", "PROTOCOL_VERSION", "CLI_PREFIX"]


def __getattr__(name: str) -> object:
    """``CLI_PREFIX``: the command prefix messages tell agents to run. The rule that picks it lives
    in :mod:`skill.command`; this name formats as its answer when a message is built."""
    if name == "CLI_PREFIX":
        from skill.command import AGENT_COMMAND

        return AGENT_COMMAND
    raise AttributeError(f"module 'skill' has no attribute {name!r}")
