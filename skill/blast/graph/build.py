"""Building the import graph of a repository, reusing the cache for every unchanged file.

1. One ``git ls-files -z --cached --others --exclude-standard``: tracked files plus untracked
   ones that are not ignored (a new file is scored and counted before it is staged). Files
   under the top-level ``plans/`` folder (this skill's plan folders) are not read.
2. Each code or config file is stat-ed; a cached entry with the same size and modification time
   is reused, every other file is read again (so commits, checkouts and working-tree edits
   re-read exactly the files they touched).
3. Imports are resolved to files and the edges cached. Only the files that were read again,
   and those whose imports could name a file that came or went, are resolved again
   (:func:`reusable_edges`).

A cold build that runs past its time budget keeps what it read for the next run and returns
None, so the caller falls back to the text search; the next call continues where it stopped.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skill.blast import git
from skill.blast.graph import cache as graph_cache
from skill.blast.graph.go_rust_resolve import GoResolver, RustResolver
from skill.blast.graph.js_resolve import JsResolver
from skill.blast.graph.langs import GO, JS, PYTHON, RUST, is_config, language_of
from skill.blast.graph.model import TYPE_ONLY, ImportGraph
from skill.blast.graph.parse import Entry, read_all
from skill.blast.graph.python_resolve import PythonResolver

#: The plan folders of this skill: never read as code (as in the original's text search).
PLANS_PREFIX = "plans/"
#: Files whose arrival or removal changes how Python resolves imports around them.
_STRUCTURAL = frozenset({"__init__.py", "__init__.pyi", "setup.py"})
_INDEX_STEMS = frozenset({"index", "__init__", "mod", "lib", "main"})
#: Seconds a build may spend reading files before the scorer falls back to the text search.
DEFAULT_BUDGET = 15.0


@dataclass(frozen=True)
class BuildReport:
    """What one :func:`load_graph` call did (for benchmarks and tests)."""

    files: int
    read: int
    resolved: int
    saved_to: Path | None
    complete: bool


def build_budget() -> float:
    return git.env_seconds("IP_BLAST_GRAPH_BUDGET", DEFAULT_BUDGET)


def list_files(root: Path) -> list[str] | None:
    """Tracked and untracked-but-not-ignored files, root-relative; None when git fails."""
    result = git.run_git(
        ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--full-name"],
        root,
        timeout=max(git.git_timeout(), 30.0),
    )
    if not result.ok:
        return None
    return sorted(set(git.split_z(result.stdout)))


def load_graph(
    root: Path, budget: float | None = None, gone: tuple[str, ...] = ()
) -> tuple[ImportGraph | None, BuildReport]:
    """The import graph of the repository at ``root`` (its top level), built or refreshed.

    ``gone``: deleted files (also from the index) that should still be found as import
    targets, so that deleting a module counts the files that still import it. They shape only
    the returned graph, never the cache.
    """
    start = time.monotonic()
    limit = build_budget() if budget is None else budget
    files = list_files(root)
    if files is None:
        return None, BuildReport(0, 0, 0, None, False)
    locations = graph_cache.locations(root)
    cached = graph_cache.load(locations)
    try:
        return _build(
            root, files, locations, cached, lambda: time.monotonic() - start > limit, gone
        )
    except (TypeError, ValueError, KeyError, IndexError, AttributeError):
        if not cached.entries:
            raise
        # a cache file that is valid JSON but not ours in shape: build without it
        empty = graph_cache.CacheData()
        return _build(root, files, locations, empty, lambda: time.monotonic() - start > limit, gone)


def _build(
    root: Path,
    files: list[str],
    locations: list[Path],
    cached: graph_cache.CacheData,
    late: Callable[[], bool],
    gone: tuple[str, ...],
) -> tuple[ImportGraph | None, BuildReport]:
    entries: dict[str, Entry] = {}
    stale: list[tuple[str, int, int]] = []
    base = str(root)
    prefix = base.rstrip(os.sep) + os.sep
    for path in files:
        if path.startswith(PLANS_PREFIX) or (language_of(path) is None and not is_config(path)):
            continue
        try:
            info = os.stat(prefix + path)
        except OSError:
            continue  # deleted in the working tree, or unreadable
        if not stat.S_ISREG(info.st_mode):
            continue
        old = cached.entries.get(path)
        if old is not None and old[0] == info.st_size and old[1] == info.st_mtime_ns:
            entries[path] = old
        else:
            stale.append((path, info.st_size, info.st_mtime_ns))
    fresh, complete = read_all(base, stale, late)
    entries.update(fresh)
    if not complete:
        partial = graph_cache.CacheData(cached.head, entries, {})
        saved = graph_cache.save(locations, partial)
        return None, BuildReport(len(files), len(fresh), 0, saved, False)
    edges = reusable_edges(cached, entries, fresh)
    todo = [p for p in entries if p not in edges and language_of(p) is not None]
    if todo:
        resolve_into(edges, todo, files, entries)
    if fresh or todo or len(entries) != len(cached.entries):
        head = git.run_git(["rev-parse", "--verify", "--quiet", "HEAD"], root).stdout.strip()
        saved = graph_cache.save(locations, graph_cache.CacheData(head, entries, edges))
    else:
        saved = None
    listed = set(files)
    ghosts = [p for p in gone if p not in listed and language_of(p) is not None]
    if ghosts:
        files = sorted(listed.union(ghosts))
        tokens = {token for path in ghosts for token in name_tokens(path)}
        edges = dict(edges)
        again = [p for p in edges if any(t in spec for spec in entries[p][2] for t in tokens)]
        resolve_into(edges, again, files, entries)
    graph = ImportGraph(edges, frozenset(files))
    return graph, BuildReport(len(files), len(fresh), len(todo), saved, True)


def reusable_edges(
    cached: graph_cache.CacheData, entries: Mapping[str, Entry], fresh: Mapping[str, Entry]
) -> dict[str, list[str]]:
    """The cached edges still valid for ``entries``; everything else is resolved again.

    An edited file is resolved again. A new or deleted code file can change what other imports
    name, so every file whose imports mention its name (``util`` for ``util.ts``, the folder for
    an ``index``, ``__init__`` or Go file) is resolved again too. A new or deleted package marker
    (``__init__.py``, ``setup.py``) or any config change (module roots, aliases) resolves
    everything.
    """
    if not cached.edges:
        return {}
    added = [p for p in entries if p not in cached.entries]
    removed = [p for p in cached.entries if p not in entries]
    changed = added + removed + [p for p in fresh if p in cached.entries and is_config(p)]
    if any(is_config(p) or p.rpartition("/")[2] in _STRUCTURAL for p in changed):
        return {}
    edges = {p: t for p, t in cached.edges.items() if p in entries and p not in fresh}
    tokens = {token for path in added + removed for token in name_tokens(path)}
    if tokens:
        for path in list(edges):
            specs = entries[path][2]
            if any(token in spec for spec in specs for token in tokens):
                del edges[path]
    return edges


def name_tokens(path: str) -> tuple[str, ...]:
    """Names an import of ``path`` would contain: its stem, or its folder for index-like files."""
    folder, _, name = path.rpartition("/")
    stem = name.split(".", 1)[0]
    parent = folder.rpartition("/")[2]
    if language_of(path) == GO or stem in _INDEX_STEMS:
        return (parent or stem, stem) if parent else (stem,)
    return (stem,)


def resolve_into(
    edges: dict[str, list[str]],
    todo: list[str],
    files: list[str],
    entries: Mapping[str, Entry],
) -> None:
    """Resolve the imports of every path in ``todo`` and store them in ``edges``."""
    configs = {p: e[2] for p, e in entries.items() if is_config(p) and isinstance(e[2], dict)}
    file_set = frozenset(files)
    resolvers: dict[str, Any] = {}
    makers: dict[str, Callable[[], Any]] = {
        PYTHON: lambda: PythonResolver(file_set, configs),
        JS: lambda: JsResolver(file_set, configs),
        GO: lambda: GoResolver(file_set, configs),
        RUST: lambda: RustResolver(file_set, configs),
    }
    for path in todo:
        language = language_of(path)
        specs = entries[path][2]
        if language is None or not isinstance(specs, list):
            continue
        resolver = resolvers.get(language)
        if resolver is None:
            resolver = resolvers[language] = makers[language]()
        targets: dict[str, None] = {}
        stub = path.endswith((".pyi", ".d.ts"))  # read by type checkers only
        for spec in specs:
            typed = stub or spec.startswith(TYPE_ONLY) or (language == JS and spec.startswith("t "))
            for target in resolver.resolve(path, spec.lstrip(TYPE_ONLY)):
                if target == path:
                    continue
                if typed:
                    if target not in targets:
                        targets.setdefault(TYPE_ONLY + target, None)
                else:
                    targets.pop(TYPE_ONLY + target, None)
                    targets[target] = None
        edges[path] = list(targets)
