"""Shared fixtures. Helpers live in :mod:`tests.support` (environment, CLI runner, git, plans)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.git import init_repo


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty git repository (branch main) to run commands in."""
    return init_repo(tmp_path / "proj")
