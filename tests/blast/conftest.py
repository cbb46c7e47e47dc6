"""Fixtures for tests/blast (helpers live in blast_helpers.py)."""

from .blast_helpers import repo  # noqa: F401  (re-exported as a fixture)
