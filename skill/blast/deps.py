"""The deps signal's raw facts: who imports the scored file, read from the import graph.

Files in a language the graph reads (:mod:`skill.blast.graph.langs`) are counted from their
resolved imports; every other file keeps the original text search (:mod:`skill.blast.textsearch`),
as does a graph language when the graph cannot be built (no ``git ls-files``, or a cold build
past its time budget).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from skill.blast import textsearch
from skill.blast.graph.build import load_graph
from skill.blast.graph.langs import language_of
from skill.blast.graph.model import ImportGraph

IMPORTS = "imports"
TEXT = "text"

#: Graphs already loaded in this process, per repository root (one command's several files).
Graphs = dict[Path, ImportGraph | None]


@dataclass(frozen=True)
class Dependents:
    """Direct importers of one file: run time, type-only and tests apart (``method`` says how)."""

    count: int
    type_only: int = 0
    tests: int = 0
    method: str = TEXT
    transitive: int | None = None
    test_importers: tuple[str, ...] = ()

    @property
    def weighted(self) -> int:
        """The count the deps score is read from: type-only importers weigh a half, tests a quarter."""
        return self.count + self.type_only // 2 + self.tests // 4


def dependents(
    root: Path,
    root_rel: str,
    stem: str,
    transitive: bool = False,
    graphs: Graphs | None = None,
    deleted: bool = False,
) -> Dependents:
    """Importers of ``root_rel``; ``deleted``: the file is gone, count who still imports it."""
    if language_of(root_rel) is not None:
        graph = _graph(root, graphs, (root_rel,) if deleted else ())
        if graph is not None:
            fan_in = graph.fan_in(root_rel, transitive=transitive)
            return Dependents(
                count=len(fan_in.importers),
                type_only=len(fan_in.type_only),
                tests=len(fan_in.tests),
                method=IMPORTS,
                transitive=fan_in.transitive,
                test_importers=fan_in.tests,
            )
    return Dependents(count=textsearch.count_dependents(root, root_rel, stem))


def _graph(root: Path, graphs: Graphs | None, gone: tuple[str, ...]) -> ImportGraph | None:
    if gone:
        return load_graph(root, gone=gone)[0]  # shaped for this one file: not shared
    if graphs is not None and root in graphs:
        return graphs[root]
    graph, _report = load_graph(root)
    if graphs is not None:
        graphs[root] = graph
    return graph
