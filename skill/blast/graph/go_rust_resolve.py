"""Which package or file a Go import path or a Rust module path names.

Go: an import path that starts with a ``go.mod`` file's module path names the package folder
below that ``go.mod`` (the longest module path wins, so nested modules work). The graph node of a
Go package is its folder with a trailing ``/``: every non-test ``.go`` file in it shares it.

Rust: a crate is a folder with a ``Cargo.toml``. Module files follow the 2018 layout
(``a.rs`` or ``a/mod.rs``; a child of ``a.rs`` lives in ``a/``). ``crate::a::b::Item`` names the
deepest module file on that path (``src/a/b.rs``, else ``src/a.rs``, else the crate root);
``super::`` and ``self::`` start from the importer's own module; ``other_crate::…`` starts at
that workspace crate's library root. ``mod x;`` names ``x.rs`` or ``x/mod.rs`` (or its
``#[path]``).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from typing import Any

from skill.blast.graph.langs import GO, RUST, language_of

_ROOT_NAMES = ("lib.rs", "main.rs")
_SPECIAL_DIRS = ("tests", "examples", "benches")


class GoResolver:
    def __init__(self, files: Iterable[str], configs: Mapping[str, Mapping[str, Any]]) -> None:
        self.modules = sorted(
            (
                (data["module"], posixpath.dirname(path))
                for path, data in configs.items()
                if posixpath.basename(path) == "go.mod" and "module" in data
            ),
            key=lambda row: len(row[0]),
            reverse=True,
        )
        self.package_dirs = {
            posixpath.dirname(p)
            for p in files
            if language_of(p) == GO and not p.endswith("_test.go")
        }

    def resolve(self, importer: str, spec: str) -> list[str]:
        path = spec[2:]
        for module, folder in self.modules:
            if path == module or path.startswith(module + "/"):
                rest = path[len(module) + 1 :]
                target = posixpath.join(folder, rest) if rest else folder
                return [package_node(target)] if target in self.package_dirs else []
        return []


def package_node(folder: str) -> str:
    """The graph node of the Go package in ``folder``."""
    return folder + "/"


class RustResolver:
    def __init__(self, files: Iterable[str], configs: Mapping[str, Mapping[str, Any]]) -> None:
        self.files = {p for p in files if language_of(p) == RUST}
        self.crates: dict[str, Mapping[str, Any]] = {}
        self.by_name: dict[str, str] = {}
        for path, data in configs.items():
            if posixpath.basename(path) == "Cargo.toml":
                folder = posixpath.dirname(path)
                self.crates[folder] = data
                if "name" in data:
                    self.by_name[data["name"]] = folder

    def resolve(self, importer: str, spec: str) -> list[str]:
        kind, _, rest = spec.partition(" ")
        context, _, rest = rest.rpartition("|")
        inline = context.split("::") if context else []
        if kind == "m":
            name, _, attribute = rest.partition(" path=")
            if attribute:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(importer), attribute))
                return [target] if target in self.files else []
            folder = _join(self._child_dir(importer), "/".join(inline))
            found = self._module_file(_join(folder, name))
            return [found] if found else []
        segments = [s for s in rest.split("::") if s]
        if not segments:
            return []
        head = segments[0]
        if head in ("crate", "self", "super"):
            base, parts = self._module_of(importer)
            if base is None:
                return []
            if head == "crate":
                start: list[str] = []
                segments = segments[1:]
            else:
                start = parts + inline
                while segments and segments[0] in ("self", "super"):
                    if segments[0] == "super":
                        if not start:
                            return []
                        start = start[:-1]
                    segments = segments[1:]
        elif head in self.by_name:
            base, start, segments = self._lib_dir(self.by_name[head]), [], segments[1:]
            if base is None:
                return []
        else:
            return []
        found = self._walk(base, start, segments)
        return [found] if found and found != importer else []

    # -- layout ------------------------------------------------------------------------------

    def _crate_of(self, path: str) -> str | None:
        folder = posixpath.dirname(path)
        while True:
            if folder in self.crates:
                return folder
            if not folder:
                return None
            folder = posixpath.dirname(folder)

    def _lib_dir(self, crate: str) -> str | None:
        lib = self.crates[crate].get("lib")
        root = _join(crate, lib) if lib else _join(crate, "src/lib.rs")
        return posixpath.dirname(root) if root in self.files else None

    def _source_base(self, path: str) -> str:
        """The folder ``crate::`` maps to for ``path``: its crate root file's folder."""
        crate = self._crate_of(path)
        folder = posixpath.dirname(path)
        if crate is not None:
            lib = self.crates[crate].get("lib")
            if lib and _within(folder, posixpath.dirname(_join(crate, lib))):
                return posixpath.dirname(_join(crate, lib))
            for special in _SPECIAL_DIRS + ("src/bin",):
                special_dir = _join(crate, special)
                if _within(folder, special_dir):
                    return special_dir
            src = _join(crate, "src")
            if _within(folder, src):
                return src
        return folder

    def _module_of(self, path: str) -> tuple[str | None, list[str]]:
        """(source base, module path) of a file: ``src/a/b.rs`` -> ``("src", ["a", "b"])``."""
        base = self._source_base(path)
        relative = path[len(base) + 1 :] if base else path
        parts = relative[: -len(".rs")].split("/")
        if parts[-1] == "mod" or (len(parts) == 1 and parts[0] + ".rs" in _ROOT_NAMES):
            parts = parts[:-1]
        elif len(parts) == 1 and posixpath.basename(base) in _SPECIAL_DIRS + ("bin",):
            parts = []  # tests/x.rs, src/bin/x.rs: a crate root of its own
        return base, parts

    def _child_dir(self, path: str) -> str:
        """Where ``mod x;`` in ``path`` looks for ``x.rs``."""
        base, parts = self._module_of(path)
        name = posixpath.basename(path)
        if name == "mod.rs" or not parts:
            return posixpath.dirname(path)
        return path[: -len(".rs")]

    def _module_file(self, stem: str) -> str | None:
        for candidate in (stem + ".rs", stem + "/mod.rs"):
            if candidate in self.files:
                return candidate
        return None

    def _root_file(self, base: str) -> str | None:
        for name in _ROOT_NAMES:
            candidate = _join(base, name)
            if candidate in self.files:
                return candidate
        return None

    def _walk(self, base: str, start: list[str], segments: list[str]) -> str | None:
        """The deepest module file on ``start + segments`` (``start`` is taken as a module)."""
        parts = list(start)
        found = self._module_file(_join(base, "/".join(parts))) if parts else self._root_file(base)
        for segment in segments:
            candidate = self._module_file(_join(base, "/".join([*parts, segment])))
            if candidate is None:
                break
            parts.append(segment)
            found = candidate
        return found


def _join(folder: str, rest: str) -> str:
    if not rest:
        return folder
    return f"{folder}/{rest}" if folder else rest


def _within(folder: str, root: str) -> bool:
    return root == "" or folder == root or folder.startswith(root + "/")
