"""The resolved import graph and the fan-in questions the scorer asks it."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from skill.blast.graph.go_rust_resolve import package_node
from skill.blast.graph.langs import GO, is_test_path, language_of

#: Marks a type-only edge (``if TYPE_CHECKING:`` in Python, ``import type`` in TypeScript).
TYPE_ONLY = "~"


@dataclass(frozen=True)
class FanIn:
    """The files that import one file directly, split three ways; each file is counted once.

    ``importers``: non-test files importing it at run time. ``type_only``: non-test files that
    import it only for type checking. ``tests``: test files importing it in any way.
    ``transitive``: non-test files that reach it through any chain of imports (only when asked).
    """

    importers: tuple[str, ...] = ()
    type_only: tuple[str, ...] = ()
    tests: tuple[str, ...] = ()
    transitive: int | None = None


@dataclass
class ImportGraph:
    """``edges``: importer -> targets it names (``~`` prefix for type-only)."""

    edges: Mapping[str, Iterable[str]]
    files: frozenset[str] = field(default_factory=frozenset)

    def node_of(self, path: str) -> str:
        """The node ``path`` is imported as: its Go package, its ``.py`` for a ``.pyi`` stub."""
        if language_of(path) == GO and not path.endswith("_test.go"):
            return package_node(posixpath.dirname(path))
        if path.endswith(".pyi") and path[:-1] in self.files:
            return path[:-1]
        return path

    def fan_in(self, path: str, transitive: bool = False) -> FanIn:
        node = self.node_of(path)
        typed = TYPE_ONLY + node
        runtime: list[str] = []
        type_only: list[str] = []
        tests: list[str] = []
        for importer, targets in self.edges.items():
            if importer == path or (node != path and self.node_of(importer) == node):
                continue
            targets = targets if isinstance(targets, (list, tuple, set)) else list(targets)
            if node in targets:
                (tests if is_test_path(importer) else runtime).append(importer)
            elif typed in targets:
                (tests if is_test_path(importer) else type_only).append(importer)
        reach = self._transitive(node) if transitive else None
        return FanIn(tuple(sorted(runtime)), tuple(sorted(type_only)), tuple(sorted(tests)), reach)

    def _transitive(self, node: str) -> int:
        """Non-test files with a chain of imports to ``node`` (tests do not pass reach on)."""
        reverse: dict[str, list[str]] = {}
        for importer, targets in self.edges.items():
            for target in targets:
                reverse.setdefault(target.lstrip(TYPE_ONLY), []).append(importer)
        seen_nodes = {node}
        reached: set[str] = set()
        frontier = [node]
        while frontier:
            following: list[str] = []
            for current in frontier:
                for importer in reverse.get(current, ()):
                    if importer in reached or is_test_path(importer):
                        continue
                    reached.add(importer)
                    importer_node = self.node_of(importer)
                    if importer_node not in seen_nodes:
                        seen_nodes.add(importer_node)
                        following.append(importer_node)
            frontier = following
        reached.discard(node)
        return len({r for r in reached if self.node_of(r) != node})
