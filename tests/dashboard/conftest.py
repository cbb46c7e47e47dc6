"""One scripted history per test session (it takes ~40 CLI calls), copied for tests that change it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.dashboard.helpers import Story, dashboard, two_plan_story


@pytest.fixture(scope="session")
def story_base(tmp_path_factory: pytest.TempPathFactory) -> Story:
    return two_plan_story(tmp_path_factory.mktemp("story") / "proj")


@pytest.fixture(scope="session")
def built(story_base: Story, tmp_path_factory: pytest.TempPathFactory) -> tuple[Story, Path, dict]:
    """The story's dashboard, built once (read-only tests share it)."""
    out = tmp_path_factory.mktemp("site") / "out"
    return story_base, out, dashboard(story_base.root, out)


@pytest.fixture
def story(story_base: Story, tmp_path: Path) -> Story:
    """A private copy of the story's project (git repository included) for tests that change it."""
    root = tmp_path / "proj"
    shutil.copytree(story_base.root, root, symlinks=True)
    return Story(root, story_base.plan_a, story_base.plan_b, story_base.approvals_a, story_base.moves_a)
