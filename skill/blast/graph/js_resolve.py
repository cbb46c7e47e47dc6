"""Which file a JavaScript/TypeScript module specifier names.

* Relative (``./x``, ``../x``): the exact file, else with an extension added (``.ts``, ``.tsx``,
  ``.d.ts``, ``.js``, ``.jsx``, ``.mjs``, ``.cjs``, ``.mts``, ``.cts``, ``.json``, ``.vue``,
  ``.svelte``), else the folder's ``index`` file. A ``.js``/``.jsx``/``.mjs``/``.cjs`` specifier
  also names the ``.ts``/``.tsx``/``.mts``/``.cts`` source it is compiled from.
* Path aliases from the nearest ``tsconfig.json``/``jsconfig.json`` (``baseUrl``, ``paths``,
  following relative ``extends``).
* Packages of the repository itself (a ``package.json`` with a ``name``, as in workspaces):
  ``@scope/pkg`` names its entry file, ``@scope/pkg/sub`` a file inside it.
* ``@/x`` and ``~/x`` that no config declares (an alias set in a bundler config): ``src/x``
  next to the nearest ``package.json``, else ``x`` there.

Anything else (packages from a registry, Node built-ins) names no file of the repository.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

_EXTENSIONS = (
    ".ts", ".tsx", ".d.ts", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts", ".json", ".vue", ".svelte",
)  # fmt: skip
_COMPILED = {".js": (".ts", ".tsx"), ".jsx": (".tsx",), ".mjs": (".mts",), ".cjs": (".cts",)}
_CONFIG_NAMES = ("tsconfig.json", "jsconfig.json")


@dataclass(frozen=True)
class Alias:
    """One ``paths`` entry: ``"@/*": ["src/*"]`` is prefix ``@/``, suffix ``""``, wildcard."""

    prefix: str
    suffix: str
    wildcard: bool
    targets: tuple[str, ...]

    def match(self, specifier: str) -> str | None:
        """The text the ``*`` stands for ("" for an exact alias), or None when it does not apply."""
        if not self.wildcard:
            return "" if specifier == self.prefix else None
        if (
            len(specifier) >= len(self.prefix) + len(self.suffix)
            and specifier.startswith(self.prefix)
            and specifier.endswith(self.suffix)
        ):
            return specifier[len(self.prefix) : len(specifier) - len(self.suffix)]
        return None


@dataclass(frozen=True)
class Aliases:
    """A config's aliases; bare names are also looked up under ``base`` when it has a baseUrl."""

    base: str
    rules: tuple[Alias, ...]
    base_url: bool


class JsResolver:
    def __init__(self, files: Iterable[str], configs: Mapping[str, Mapping[str, Any]]) -> None:
        self.files = files if isinstance(files, (set, frozenset)) else set(files)
        self.configs = configs
        # "a/b" -> the file "a/b.<ext>" names, best extension first; "a" -> "a/index.<ext>"
        self.stems: dict[str, str] = {}
        self.indexes: dict[str, str] = {}
        rank = {ext: n for n, ext in enumerate(_EXTENSIONS)}
        for path in sorted(self.files, key=lambda p: rank.get(_extension(p), 99)):
            ext = _extension(path)
            if ext not in rank:
                continue
            stem = path[: -len(ext)]
            self.stems.setdefault(stem, path)
            if stem == "index" or stem.endswith("/index"):
                self.indexes.setdefault(stem[:-6].rstrip("/"), path)
        self.aliases: dict[str, Aliases] = {}
        self.packages: dict[str, tuple[str, list[str]]] = {}
        for path, data in configs.items():
            name = posixpath.basename(path)
            if name in _CONFIG_NAMES:
                self.aliases[posixpath.dirname(path)] = self._alias_table(path)
            elif name == "package.json" and isinstance(data.get("name"), str):
                self.packages[data["name"]] = (posixpath.dirname(path), data.get("entries", []))
        self._folder_memo: dict[str, Aliases | None] = {}

    def resolve(self, importer: str, spec: str) -> list[str]:
        """Files named by one scanner spec (``"r ./x"``; the kind letter is ignored)."""
        specifier = spec[2:].split("?", 1)[0].split("#", 1)[0]
        if not specifier:
            return []
        if specifier.startswith((".", "/")) and not specifier.startswith("//"):
            if specifier.startswith("/"):
                return []
            found = self._file(posixpath.normpath(_join(posixpath.dirname(importer), specifier)))
            return [found] if found else []
        found = (
            self._aliased(importer, specifier)
            or self._package(specifier)
            or self._source_alias(importer, specifier)
        )
        return [found] if found else []

    # -- files -------------------------------------------------------------------------------

    def _file(self, base: str) -> str | None:
        if base.startswith("../") or base == "..":
            return None
        if base in self.files:
            return base
        stem, ext = posixpath.splitext(base)
        for swapped in _COMPILED.get(ext, ()):
            if stem + swapped in self.files:
                return stem + swapped
        return self.stems.get(base) or self.indexes.get("" if base == "." else base)

    # -- tsconfig paths ----------------------------------------------------------------------

    def _alias_table(self, path: str) -> Aliases:
        """The aliases one config declares, its relative ``extends`` chain merged in."""
        base_url: str | None = None
        paths: dict[str, list[str]] | None = None
        paths_dir = posixpath.dirname(path)
        current: str | None = path
        for _ in range(8):
            if current is None or current not in self.configs:
                break
            data = self.configs[current]
            folder = posixpath.dirname(current)
            if base_url is None and isinstance(data.get("baseUrl"), str):
                base_url = posixpath.normpath(_join(folder, data["baseUrl"]))
            if paths is None and isinstance(data.get("paths"), dict):
                paths, paths_dir = data["paths"], folder
            parent = data.get("extends")
            current = None
            if isinstance(parent, str) and parent.startswith("."):
                parent = parent if parent.endswith(".json") else parent + ".json"
                current = posixpath.normpath(_join(folder, parent))
        base = base_url if base_url is not None else paths_dir
        rules = []
        for pattern, targets in (paths or {}).items():
            prefix, star, suffix = pattern.partition("*")
            rules.append(Alias(prefix, suffix, bool(star), tuple(targets)))
        rules.sort(key=lambda rule: len(rule.prefix), reverse=True)
        return Aliases(base if base != "." else "", tuple(rules), base_url is not None)

    def _aliased(self, importer: str, specifier: str) -> str | None:
        aliases = self._config_for(posixpath.dirname(importer))
        if aliases is None:
            return None
        for rule in aliases.rules:
            middle = rule.match(specifier)
            if middle is None:
                continue
            for target in rule.targets:
                found = self._file(
                    posixpath.normpath(_join(aliases.base, target.replace("*", middle)))
                )
                if found:
                    return found
        if aliases.base_url:
            return self._file(posixpath.normpath(_join(aliases.base, specifier)))
        return None

    def _config_for(self, folder: str) -> Aliases | None:
        if folder in self._folder_memo:
            return self._folder_memo[folder]
        found = self.aliases.get(folder)
        if found is None and folder:
            found = self._config_for(posixpath.dirname(folder))
        self._folder_memo[folder] = found
        return found

    def _source_alias(self, importer: str, specifier: str) -> str | None:
        """``@/x`` or ``~/x`` that no config declares: the usual bundler alias for ``src/x``."""
        if not specifier.startswith(("@/", "~/")):
            return None
        folder = posixpath.dirname(importer)
        while True:
            if _join(folder, "package.json") in self.files:
                rest = specifier[2:]
                return self._file(_join(folder, "src/" + rest)) or self._file(_join(folder, rest))
            if not folder:
                return None
            folder = posixpath.dirname(folder)

    # -- workspace packages ------------------------------------------------------------------

    def _package(self, specifier: str) -> str | None:
        parts = specifier.split("/")
        count = 2 if specifier.startswith("@") else 1
        name, sub = "/".join(parts[:count]), "/".join(parts[count:])
        if name not in self.packages:
            return None
        folder, entries = self.packages[name]
        if sub:
            return self._file(_join(folder, sub)) or self._file(_join(folder, "src/" + sub))
        for entry in [*entries, "src/index", "index"]:
            found = self._file(posixpath.normpath(_join(folder, entry)))
            if found:
                return found
        return None


def _extension(path: str) -> str:
    """The resolvable extension of ``path`` (``.d.ts`` counts as one), or ""."""
    if path.endswith(".d.ts"):
        return ".d.ts"
    dot = path.rfind(".")
    return path[dot:] if dot > path.rfind("/") else ""


def _join(folder: str, rest: str) -> str:
    return f"{folder}/{rest}" if folder else rest
