"""Which language a path is read as, and which paths are tests, per language convention."""

from __future__ import annotations

import posixpath
import re

PYTHON = "python"
JS = "js"
GO = "go"
RUST = "rust"

#: Extensions whose import statements the graph reads, by language.
EXTENSIONS: dict[str, str] = {
    ".py": PYTHON,
    ".pyi": PYTHON,
    ".js": JS,
    ".jsx": JS,
    ".mjs": JS,
    ".cjs": JS,
    ".ts": JS,
    ".tsx": JS,
    ".mts": JS,
    ".cts": JS,
    ".vue": JS,
    ".svelte": JS,
    ".go": GO,
    ".rs": RUST,
}

#: Files whose content decides how imports resolve (module roots, path aliases, package names).
CONFIG_NAMES = frozenset(
    {
        "go.mod",
        "Cargo.toml",
        "package.json",
        "tsconfig.json",
        "jsconfig.json",
        "pyproject.toml",
        "setup.cfg",
    }
)

_TEST_DIR = re.compile(r"(^|/)(tests?|specs?|__tests__|__mocks__)/", re.IGNORECASE)
_JS_TEST_NAME = re.compile(r"\.(test|spec)\.[^/]*$")
_PY_TEST_NAME = re.compile(r"(^|/)(test_[^/]*|[^/]*_test|conftest)\.pyi?$")
_RUST_BENCH_DIR = re.compile(r"(^|/)benches/")


def language_of(path: str) -> str | None:
    """The graph language of ``path`` (root-relative, ``/``-separated), or None."""
    dot = path.rfind(".")
    if dot <= path.rfind("/") + 1:
        return None  # no extension, or a dot file such as ``.py``
    return EXTENSIONS.get(path[dot:].lower())


def is_config(path: str) -> bool:
    name = path[path.rfind("/") + 1 :]
    return name in CONFIG_NAMES or (name.startswith("tsconfig") and name.endswith(".json"))


def is_test_path(path: str) -> bool:
    """True for a test file by its path: a test folder, or a test name for its language.

    Every language: a ``test/``, ``tests/``, ``spec/``, ``specs/``, ``__tests__/`` or
    ``__mocks__/`` folder, or ``.test.``/``.spec.`` in the name. Python: ``test_*.py``,
    ``*_test.py``, ``conftest.py``. Go: ``*_test.go``. Rust: also ``benches/``.
    """
    if _TEST_DIR.search(path) or _JS_TEST_NAME.search(path):
        return True
    language = language_of(path)
    if language == PYTHON:
        return _PY_TEST_NAME.search(path) is not None
    if language == GO:
        return path.endswith("_test.go")
    if language == RUST:
        return _RUST_BENCH_DIR.search(path) is not None
    return False


def test_names_for(path: str) -> tuple[str, ...]:
    """File names a test of ``path`` conventionally has (``store.py`` -> ``test_store.py`` …)."""
    stem, ext = posixpath.splitext(posixpath.basename(path))
    language = language_of(path)
    if language == PYTHON:
        return (f"test_{stem}.py", f"{stem}_test.py")
    if language == GO:
        return (f"{stem}_test.go",)
    if language == JS:
        return tuple(f"{stem}.{kind}{e}" for kind in ("test", "spec") for e in (ext, ".ts", ".js"))
    if language == RUST:
        return (f"{stem}.rs", f"{stem}_test.rs", f"test_{stem}.rs")
    return ()
