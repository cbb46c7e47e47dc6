"""Fixture trees for the import-graph tests: a dict of files becomes a committed git repository."""

from __future__ import annotations

from pathlib import Path

from skill.blast.graph.build import load_graph
from skill.blast.graph.model import FanIn

from .blast_helpers import commit_all, git, write


def make_repo(root: Path, files: dict[str, str], commit: bool = True) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    for rel, text in files.items():
        write(root, rel, text)
    if commit:
        commit_all(root)
    return root


def fan_in(root: Path, path: str, transitive: bool = False) -> FanIn:
    graph, report = load_graph(root.resolve())
    assert graph is not None and report.complete
    return graph.fan_in(path, transitive=transitive)


def importers(root: Path, path: str) -> tuple[set[str], set[str], set[str]]:
    """(runtime, type-only, tests) importers of ``path`` as sets, for readable assertions."""
    found = fan_in(root, path)
    return set(found.importers), set(found.type_only), set(found.tests)
