"""iterative-planner for Python: the planning protocol's tools as an importable library.

The CLI lives in :mod:`skill.cli`; nothing here runs at import time.
"""

__version__ = "0.1.0"

#: The version of the iterative-planner protocol (and plan-file formats) this package implements.
PROTOCOL_VERSION = "2.57.2"

#: The command prefix messages tell agents to run. Spelled here only, so it is swapped in one place.
CLI_PREFIX = "python -m skill"

__all__ = ["__version__", "PROTOCOL_VERSION", "CLI_PREFIX"]
