"""The project every bookkeeping test starts from."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.record.helpers import project


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A git project with one committed source file (no plan yet)."""
    return project(tmp_path / "proj")
