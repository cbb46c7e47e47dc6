"""Reading files for the graph: one file's payload, and many files in parallel for a cold build."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from skill.blast.graph.configs import parse_config
from skill.blast.graph.go_rust_scan import scan_go, scan_rust
from skill.blast.graph.js_scan import scan as scan_js
from skill.blast.graph.langs import GO, JS, PYTHON, RUST, is_config, language_of
from skill.blast.graph.python_scan import scan as scan_python

#: Files larger than this (minified bundles, generated code) are kept as targets but not read.
MAX_BYTES = 1024 * 1024
#: Below this many files, or this many CPUs, a process pool costs more than it saves (measured:
#: on two busy CPUs the pool was no faster than one process).
PARALLEL_FROM = 1500
PARALLEL_CPUS = 4

SCANNERS: dict[str, Callable[[str], list[str]]] = {
    PYTHON: scan_python,
    JS: scan_js,
    GO: scan_go,
    RUST: scan_rust,
}

Entry = list[Any]  # [size, mtime_ns, payload]


def read_entry(root: str, path: str, size: int, mtime: int) -> Entry:
    """``[size, mtime_ns, payload]``: import specs for code, a dict of facts for a config file."""
    config = is_config(path)
    payload: Any = {} if config else []
    if size <= MAX_BYTES:
        try:
            with open(os.path.join(root, path), "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except OSError:
            data = b""
        if b"\0" not in data[:8000]:
            text = data.decode("utf-8", errors="replace")
            if "\r" in text:
                text = text.replace("\r\n", "\n").replace("\r", "\n")
            if config:
                payload = parse_config(path, text)
            else:
                language = language_of(path)
                if language is not None:
                    payload = SCANNERS[language](text)
    return [size, mtime, payload]


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _read_chunk(root: str, items: list[tuple[str, int, int]]) -> list[tuple[str, Entry]]:
    return [(path, read_entry(root, path, size, mtime)) for path, size, mtime in items]


def read_all(
    root: str, items: list[tuple[str, int, int]], deadline: Callable[[], bool]
) -> tuple[dict[str, Entry], bool]:
    """Entries for ``items`` (path, size, mtime); second value False when time ran out first."""
    out: dict[str, Entry] = {}
    workers = min(_cpus(), 8)
    if len(items) >= PARALLEL_FROM and workers >= PARALLEL_CPUS:
        parallel = _read_parallel(root, items, workers, deadline, out)
        if parallel is not None:
            return out, parallel
    for index, (path, size, mtime) in enumerate(items):
        if index % 128 == 0 and deadline():
            return out, False
        out[path] = read_entry(root, path, size, mtime)
    return out, True


def _read_parallel(
    root: str,
    items: list[tuple[str, int, int]],
    workers: int,
    deadline: Callable[[], bool],
    out: dict[str, Entry],
) -> bool | None:
    """Read in a process pool; None when no pool could be started (the caller reads serially)."""
    from concurrent.futures import ProcessPoolExecutor  # only cold builds of big trees need it

    size = max(64, len(items) // (workers * 4))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    try:
        pool = ProcessPoolExecutor(max_workers=workers)
    except (OSError, ValueError, NotImplementedError):
        return None
    try:
        futures = [pool.submit(_read_chunk, root, chunk) for chunk in chunks]
        for future in futures:
            if deadline():
                return False
            out.update(future.result())
    except Exception:  # a worker that could not start or died: fall back to reading serially
        out.clear()
        return None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return True
