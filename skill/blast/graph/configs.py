"""The few facts the resolvers need from project files, read leniently (a bad file gives ``{}``).

* ``go.mod``: ``{"module": "example.com/m"}``;
* ``Cargo.toml``: ``{"name": "my_crate", "lib": "src/lib.rs"}`` (``-`` in names read as ``_``);
* ``package.json``: ``{"name": "@scope/pkg", "entries": ["src/index.ts", …]}`` from ``source``,
  ``module``, ``main``, ``types`` and ``exports["."]``;
* ``tsconfig*.json`` / ``jsconfig.json``: ``{"extends": …, "baseUrl": …, "paths": {…}}``;
* ``pyproject.toml`` / ``setup.cfg``: ``{"roots": ["src", …]}``, the folders packages live in.
"""

from __future__ import annotations

import json
import posixpath
import re
from typing import Any

_GO_MODULE = re.compile(r"^\s*module\s+\"?([^\s\"]+)\"?", re.MULTILINE)
_TOML_SECTION = re.compile(r"^\s*\[([^\]]+)\]\s*$", re.MULTILINE)
_TOML_STRING = r"\s*=\s*[\"']([^\"']+)[\"']"
_JSONC = re.compile(r'("(?:[^"\\]|\\.)*")|//[^\n]*|/\*.*?\*/', re.DOTALL)
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
_PY_ROOT_PATTERNS = (
    re.compile(r"""^\s*where\s*=\s*\[([^\]]*)\]""", re.MULTILINE),  # setuptools find
    re.compile(r"""^\s*package-dir\s*=\s*\{\s*["']{2}\s*=\s*["']([^"']+)["']""", re.MULTILINE),
    re.compile(r"""^\s*from\s*=\s*["']([^"']+)["']""", re.MULTILINE),  # poetry packages
    re.compile(r"""^\s*sources\s*=\s*\[([^\]]*)\]""", re.MULTILINE),  # hatch
    re.compile(r"""^\s*package_dir\s*=\s*(?:\n\s*)?=\s*(\S+)""", re.MULTILINE),  # setup.cfg
    re.compile(r"""^\s*where\s*=\s*(\S+)\s*$""", re.MULTILINE),  # setup.cfg find
)


def parse_config(path: str, text: str) -> dict[str, Any]:
    name = posixpath.basename(path)
    try:
        if name == "go.mod":
            matched = _GO_MODULE.search(text)
            return {"module": matched.group(1)} if matched else {}
        if name == "Cargo.toml":
            return _cargo(text)
        if name == "package.json":
            return _package_json(json.loads(text))
        if name.endswith(".json"):
            return _tsconfig(json.loads(_TRAILING_COMMA.sub(r"\1", _JSONC.sub(_keep_string, text))))
        if name in ("pyproject.toml", "setup.cfg"):
            return _python_roots(text)
    except (ValueError, TypeError, AttributeError):
        return {}
    return {}


def _keep_string(matched: re.Match[str]) -> str:
    return matched.group(1) or ""


def _toml_sections(text: str) -> dict[str, str]:
    sections: dict[str, str] = {}
    marks = list(_TOML_SECTION.finditer(text))
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(text)
        sections.setdefault(mark.group(1).strip(), text[mark.end() : end])
    return sections


def _cargo(text: str) -> dict[str, Any]:
    sections = _toml_sections(text)
    out: dict[str, Any] = {}
    name = re.search(r"^\s*name" + _TOML_STRING, sections.get("package", ""), re.MULTILINE)
    if name:
        out["name"] = name.group(1).replace("-", "_")
    lib = sections.get("lib", "")
    lib_name = re.search(r"^\s*name" + _TOML_STRING, lib, re.MULTILINE)
    if lib_name:
        out["name"] = lib_name.group(1).replace("-", "_")
    lib_path = re.search(r"^\s*path" + _TOML_STRING, lib, re.MULTILINE)
    if lib_path:
        out["lib"] = posixpath.normpath(lib_path.group(1))
    return out


def _package_json(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        return {}
    entries = [data.get(key) for key in ("source", "module", "main", "types", "typings")]
    exports = data.get("exports")
    if isinstance(exports, dict):
        exports = exports.get(".", exports)
    while isinstance(exports, dict):
        exports = next(
            (exports[k] for k in ("source", "import", "default", "require") if k in exports), None
        )
    entries.insert(0, exports)
    out: dict[str, Any] = {
        "entries": [posixpath.normpath(e) for e in entries if isinstance(e, str) and e]
    }
    if isinstance(data.get("name"), str):
        out["name"] = data["name"]
    return out


def _tsconfig(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        return {}
    out: dict[str, Any] = {}
    if isinstance(data.get("extends"), str):
        out["extends"] = data["extends"]
    options = data.get("compilerOptions")
    if isinstance(options, dict):
        if isinstance(options.get("baseUrl"), str):
            out["baseUrl"] = options["baseUrl"]
        paths = options.get("paths")
        if isinstance(paths, dict):
            out["paths"] = {
                str(k): [t for t in v if isinstance(t, str)]
                for k, v in paths.items()
                if isinstance(v, list)
            }
    return out


def _python_roots(text: str) -> dict[str, Any]:
    roots: list[str] = []
    for pattern in _PY_ROOT_PATTERNS:
        for matched in pattern.finditer(text):
            roots += re.findall(r"[\w./-]+", matched.group(1))
    cleaned = [posixpath.normpath(r) for r in roots if r not in (".", "")]
    return {"roots": sorted(set(cleaned))} if cleaned else {}
