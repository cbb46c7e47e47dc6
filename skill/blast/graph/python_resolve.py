"""Which file a Python import names.

Relative imports resolve from the importer's package. Absolute ones are looked up under import
roots, nearest first:

1. the importer's base folder: the first folder above it that is not a package (no
   ``__init__.py``), which is where ``python script.py`` and pytest put it on ``sys.path``;
2. the repository root, every ``src/`` folder, every folder holding a ``pyproject.toml``,
   ``setup.py`` or ``setup.cfg`` (and its ``src/``), and the package folders those files
   declare; ancestors of the importer first;
3. any folder holding a regular package of that top-level name (layouts such as ``lib/pkg/``).

``import a.b.c`` names ``a/b/c.py`` (or ``a/b/c/__init__.py``); ``from a.b import c`` names the
submodule ``a/b/c.py`` when there is one and ``a/b.py`` / ``a/b/__init__.py`` otherwise. Parent
packages are not counted as imported. Namespace packages (folders without ``__init__.py``) work
under every root of the first two kinds.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from typing import Any

from skill.blast.graph.langs import PYTHON, language_of

_PROJECT_FILES = ("pyproject.toml", "setup.py", "setup.cfg")


class PythonResolver:
    def __init__(self, files: Iterable[str], configs: Mapping[str, Mapping[str, Any]]) -> None:
        self.modules: set[str] = set()
        self.dirs: set[str] = set()
        self.packages: set[str] = set()
        roots = ["", "src"]
        for path in files:
            name = posixpath.basename(path)
            folder = posixpath.dirname(path)
            if name in _PROJECT_FILES:
                roots += [folder, _join(folder, "src")]
                for declared in configs.get(path, {}).get("roots", ()):
                    roots.append(posixpath.normpath(_join(folder, declared)))
            if language_of(path) != PYTHON:
                continue
            self.modules.add(path)
            if name in ("__init__.py", "__init__.pyi"):
                self.packages.add(folder)
            while folder and folder not in self.dirs:
                self.dirs.add(folder)
                folder = posixpath.dirname(folder)
        self.roots = list(dict.fromkeys(r for r in roots if r != "." and self._is_root(r)))
        self.top: dict[str, list[str]] = {}
        for package in sorted(self.packages):
            parent = posixpath.dirname(package)
            if parent not in self.packages:
                self.top.setdefault(posixpath.basename(package), []).append(parent)
        self._root_memo: dict[str, list[str]] = {}
        self._top_memo: dict[tuple[str, str], list[str]] = {}
        self._memo: dict[tuple[str, str], tuple[str | None, str | None]] = {}

    def _is_root(self, folder: str) -> bool:
        return folder == "" or folder in self.dirs

    # -- public ------------------------------------------------------------------------------

    def resolve(self, importer: str, spec: str) -> list[str]:
        """Files named by one scanner spec (``"i a.b"``, ``"f .x y,z"``; ``~`` already removed)."""
        kind, _, rest = spec.partition(" ")
        if kind == "i":
            file, _where = self._absolute(importer, rest)
            return [file] if file else []
        module, _, names = rest.partition(" ")
        if module.startswith("."):
            base = self._relative_base(importer, module)
            if base is None:
                return []
        else:
            _file, base = self._absolute(importer, module)
            if base is None:
                return []
        own = self._module_file(base)
        out: list[str] = []
        for name in names.split(","):
            sub = self._module_file(_join(base, name)) if name != "*" else None
            target = sub or own
            if target and target not in out:
                out.append(target)
        return out

    # -- lookup ------------------------------------------------------------------------------

    def _module_file(self, base: str) -> str | None:
        for candidate in (
            base + ".py",
            base + "/__init__.py",
            base + ".pyi",
            base + "/__init__.pyi",
        ):
            if candidate in self.modules:
                return candidate
        return None

    def _relative_base(self, importer: str, module: str) -> str | None:
        dots = len(module) - len(module.lstrip("."))
        folder = posixpath.dirname(importer)
        for _ in range(dots - 1):
            if not folder:
                return None
            folder = posixpath.dirname(folder)
        rest = module[dots:]
        return _join(folder, rest.replace(".", "/")) if rest else folder

    def _absolute(self, importer: str, dotted: str) -> tuple[str | None, str | None]:
        """(module file, module path) of ``dotted`` seen from ``importer``; path set for folders."""
        folder = importer[: max(importer.rfind("/"), 0)]
        key = (folder, dotted)
        if key in self._memo:
            return self._memo[key]
        relative = dotted.replace(".", "/")
        found: tuple[str | None, str | None] = (None, None)
        for root in self._roots_for(folder, dotted.split(".", 1)[0]):
            base = _join(root, relative)
            file = self._module_file(base)
            if file:
                found = (file, base)
                break
            if base in self.dirs and found[1] is None:
                found = (None, base)  # a namespace package; keep looking for a module
        self._memo[key] = found
        return found

    def _roots_for(self, folder: str, top: str) -> list[str]:
        key = (folder, top)
        found = self._top_memo.get(key)
        if found is not None:
            return found
        roots = self._root_memo.get(folder)
        if roots is None:
            base = folder
            while base in self.packages:
                base = posixpath.dirname(base)
            ancestors = [r for r in self.roots if _within(folder, r)]
            ancestors.sort(key=len, reverse=True)
            others = [r for r in self.roots if r not in ancestors]
            others.sort(key=lambda r: (-_shared(folder, r), len(r), r))
            roots = list(dict.fromkeys([base, *ancestors, *others]))
            self._root_memo[folder] = roots
        extra = self.top.get(top, ())
        if extra:
            near = sorted(extra, key=lambda r: (-_shared(folder, r), len(r), r))
            roots = roots + [r for r in near if r not in roots]
        self._top_memo[key] = roots
        return roots


def _join(folder: str, rest: str) -> str:
    return f"{folder}/{rest}" if folder else rest


def _within(folder: str, root: str) -> bool:
    return root == "" or folder == root or folder.startswith(root + "/")


def _shared(a: str, b: str) -> int:
    """Number of leading path components ``a`` and ``b`` share."""
    count = 0
    for x, y in zip(a.split("/"), b.split("/"), strict=False):
        if x != y:
            break
        count += 1
    return count
