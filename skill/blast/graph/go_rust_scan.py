"""Go imports and Rust ``mod``/``use`` paths, read with regular expressions.

Go: ``import "a/b"``, ``import alias "a/b"`` and ``import ( … )`` blocks; each path becomes
``"r a/b"``.

Rust: ``mod name;`` becomes ``"m name"`` (``"m name path=x.rs"`` under ``#[path = "x.rs"]``);
every path starting with ``crate::``, ``super::`` or ``self::`` — in a ``use`` tree or inline in
code — and every ``use other_crate::…`` becomes ``"p crate::a::b"``. A path inside an inline
``mod tests { … }`` block carries that block's module names: ``"p tests|super::x"``, so that its
``super`` means the file's own module.
"""

from __future__ import annotations

import re

_GO_SINGLE = re.compile(r'^import[ \t]+(?:[\w.]+[ \t]+)?"([^"\n]+)"', re.MULTILINE)
_GO_BLOCK = re.compile(r"^import[ \t]*\((.*?)^\)", re.MULTILINE | re.DOTALL)
_GO_ITEM = re.compile(r'^[ \t]*(?:[\w.]+[ \t]+)?"([^"\n]+)"', re.MULTILINE)


def scan_go(text: str) -> list[str]:
    if "import" not in text:
        return []
    paths = [m.group(1) for m in _GO_SINGLE.finditer(text)]
    for block in _GO_BLOCK.finditer(text):
        paths += [m.group(1) for m in _GO_ITEM.finditer(block.group(1))]
    return list(dict.fromkeys(f"r {path}" for path in paths if path != "C"))


_VIS = r"(?:pub(?:\([^)]*\))?[ \t]+)?"
_RS_MOD = re.compile(
    r'^[ \t]*(?:#\[path[ \t]*=[ \t]*"([^"]+)"\][ \t]*\n[ \t]*)?'
    + _VIS
    + r"mod[ \t]+(?:r#)?(\w+)[ \t]*;",
    re.MULTILINE,
)
_RS_USE = re.compile(r"^[ \t]*" + _VIS + r"use[ \t]+([^;]+);", re.MULTILINE)
_RS_INLINE = re.compile(r"(?<![\w:])((?:crate|super|self)(?:::(?:super|[A-Za-z_]\w*))+)")
_RS_INLINE_MOD = re.compile(r"^[ \t]*" + _VIS + r"mod[ \t]+(\w+)[ \t]*\{", re.MULTILINE)
_RS_COMMENT = re.compile(r"//[^\n]*")
_RS_RENAME = re.compile(r"\s+as\s+\w+")


def scan_rust(text: str) -> list[str]:
    blocks = _inline_mod_spans(text) if "mod" in text else []
    out: dict[str, None] = {}
    for matched in _RS_MOD.finditer(text):
        path = f" path={matched.group(1)}" if matched.group(1) else ""
        out.setdefault(f"m {_context(blocks, matched.start())}{matched.group(2)}{path}", None)
    for matched in _RS_USE.finditer(text):
        context = _context(blocks, matched.start())
        for path in expand_use_tree(_RS_COMMENT.sub("", matched.group(1))):
            out.setdefault(f"p {context}{path}", None)
    for matched in _RS_INLINE.finditer(text):
        out.setdefault(f"p {_context(blocks, matched.start())}{matched.group(1)}", None)
    return list(out)


def _context(blocks: list[tuple[int, int, str]], pos: int) -> str:
    """``"a::b|"`` for a position inside inline ``mod a { mod b { … } }`` blocks, else ``""``."""
    names = [name for start, end, name in blocks if start <= pos < end]
    return "::".join(names) + "|" if names else ""


def _inline_mod_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of each inline ``mod name { … }`` block, found by brace counting."""
    spans = []
    for matched in _RS_INLINE_MOD.finditer(text):
        depth, pos = 1, matched.end()
        while depth and pos < len(text):
            brace = min(
                (i for i in (text.find("{", pos), text.find("}", pos)) if i != -1), default=-1
            )
            if brace == -1:
                pos = len(text)
                break
            depth += 1 if text[brace] == "{" else -1
            pos = brace + 1
        spans.append((matched.end(), pos, matched.group(1)))
    return spans


def expand_use_tree(tree: str) -> list[str]:
    """``a::{b, c::{d, self}}`` -> ``["a::b", "a::c::d", "a::c"]`` (renames and ``*`` dropped)."""
    tree = "".join(_RS_RENAME.sub("", tree).split())
    out: list[str] = []
    _expand("", tree, out)
    return [path.removeprefix("::") for path in out if path]


def _expand(prefix: str, tree: str, out: list[str]) -> None:
    brace = tree.find("{")
    if brace == -1:
        path = tree.removesuffix("*").rstrip(":")
        out.append(f"{prefix}::{path}" if prefix and path else prefix or path)
        return
    head = tree[:brace].rstrip(":")
    inner = tree[brace + 1 : tree.rfind("}")]
    base = f"{prefix}::{head}" if prefix and head else prefix or head
    for item in _split_top(inner):
        if item == "self":
            out.append(base)
        elif item:
            _expand(base, item, out)


def _split_top(inner: str) -> list[str]:
    items, depth, start = [], 0, 0
    for index, char in enumerate(inner):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == "," and depth == 0:
            items.append(inner[start:index])
            start = index + 1
    items.append(inner[start:])
    return items
