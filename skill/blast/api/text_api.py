"""The exported surface of JavaScript/TypeScript, Go and Rust files, read line by line.

Each surface maps an exported name to its declaration heads (the text up to the body's opening
brace, normalised): a change of parameters, types or presence changes the surface, a change
inside a body does not.

* JS/TS: ``export`` declarations (``function``, ``class``, ``const``/``let``/``var``,
  ``interface``, ``type``, ``enum``, ``default``), ``export { a as b }``, ``export * from``,
  and CommonJS ``module.exports``/``exports.name``.
* Go: exported (capitalised) functions, methods, types, variables and constants, and the
  exported fields and methods listed in exported struct and interface types.
* Rust: ``pub`` items (``fn``, ``struct``, ``enum``, ``trait``, ``type``, ``const``, ``static``,
  ``mod``, ``use``, ``union``) and ``pub`` fields; ``pub(crate)`` and narrower are not public.
"""

from __future__ import annotations

import re

Surface = dict[str, tuple[str, ...]]

_JS_COMMENT = re.compile(r"/\*.*?\*/|(?<![:\\'\"])//[^\n]*", re.DOTALL)
_JS_DECL = re.compile(
    r"^[ \t]*export[ \t]+(?:declare[ \t]+)?(default[ \t]+)?(?:abstract[ \t]+)?(?:async[ \t]+)?"
    r"(function\*?|class|const|let|var|interface|type|enum|namespace)?[ \t]*([A-Za-z_$][\w$]*)?",
    re.MULTILINE,
)
_JS_LIST = re.compile(
    r"^[ \t]*export[ \t]*(type[ \t]*)?\{([^}]*)\}[ \t]*(?:from[ \t]*['\"]([^'\"]+)['\"])?",
    re.MULTILINE,
)
_JS_STAR = re.compile(
    r"^[ \t]*export[ \t]*\*[ \t]*(?:as[ \t]+([\w$]+)[ \t]*)?from[ \t]*['\"]([^'\"]+)['\"]",
    re.MULTILINE,
)
_CJS_NAMED = re.compile(r"^[ \t]*(?:module\.)?exports\.([\w$]+)[ \t]*=", re.MULTILINE)
_CJS_WHOLE = re.compile(r"^[ \t]*module\.exports[ \t]*=[ \t]*(\{)?", re.MULTILINE)
_CJS_KEY = re.compile(r"(?:^|,)\s*(?:async\s+)?([A-Za-z_$][\w$]*)\s*(?=[,:(]|$)")

_GO_FUNC = re.compile(r"^func[ \t]+(?:\([^)]*?\*?[ \t]*(\w+)(?:\[[^\]]*\])?[ \t]*\)[ \t]*)?(\w+)")
_GO_DECL = re.compile(r"^(type|var|const)[ \t]+(\w+)")
_GO_GROUP = re.compile(r"^(type|var|const)[ \t]*\($")
_GO_MEMBER = re.compile(r"^[ \t]+(\w+)")

_RS_ITEM = re.compile(
    r"^[ \t]*pub[ \t]+(?:(?:async|unsafe|const|extern(?:[ \t]+\"[^\"]*\")?)[ \t]+)*"
    r"(fn|struct|enum|trait|type|const|static|mod|use|union)\b[ \t]*(?:r#)?(\w*)",
    re.MULTILINE,
)
_RS_FIELD = re.compile(r"^[ \t]*pub[ \t]+(?:r#)?([a-z_]\w*)[ \t]*:(?!:)", re.MULTILINE)

#: The original's public-API line test, kept for languages no surface reader covers.
API_LINE_RE = re.compile(r"^\+\s*(export\b|pub\s|public\s|def\s+[a-z]|func\s+[A-Z])")


def head(text: str, start: int, limit: int = 400) -> str:
    """Declaration text from ``start`` to the body: a ``{``, ``;`` or line end outside brackets."""
    depth = 0
    end = min(len(text), start + limit)
    index = start
    while index < end:
        char = text[index]
        if char in "([<":
            depth += 1
        elif char in ")]>" and depth:
            depth -= 1
        elif depth == 0 and (
            char in "{;"
            or (char == "\n" and not text[start:index].rstrip().endswith(("=", ",", "=>", "(")))
        ):
            break
        index += 1
    return " ".join(text[start:index].split())


def js_surface(text: str) -> Surface:
    text = _JS_COMMENT.sub("", text)
    found: dict[str, list[str]] = {}
    for matched in _JS_DECL.finditer(text):
        default, kind, name = matched.groups()
        if not kind and not default:
            continue  # ``export {…}`` / ``export *``: read below
        key = "default" if default else (name or "")
        if key:
            found.setdefault(key, []).append(head(text, matched.start()))
    for matched in _JS_LIST.finditer(text):
        source = f" from {matched.group(3)}" if matched.group(3) else ""
        for item in matched.group(2).split(","):
            words = item.split()
            if words:
                found.setdefault(words[-1], []).append(f"{' '.join(words)}{source}")
    for matched in _JS_STAR.finditer(text):
        found.setdefault(matched.group(1) or f"* {matched.group(2)}", []).append(matched.group(2))
    for matched in _CJS_NAMED.finditer(text):
        found.setdefault(matched.group(1), []).append(head(text, matched.start()))
    for matched in _CJS_WHOLE.finditer(text):
        if matched.group(1):
            body = text[matched.end() : text.find("}", matched.end())]
            for key in _CJS_KEY.findall(" ".join(body.split())):
                found.setdefault(key, []).append("module.exports")
        else:
            found.setdefault("default", []).append(head(text, matched.start()))
    return _sorted(found)


def go_surface(text: str) -> Surface:
    found: dict[str, list[str]] = {}
    lines = text.split("\n")
    owner = ""  # the exported struct/interface whose body we are in, or the open group kind
    for index, line in enumerate(lines):
        if owner:
            if line.startswith((")", "}")):
                owner = ""
                continue
            member = _GO_MEMBER.match(line)
            if member and member.group(1)[:1].isupper():
                key = (
                    member.group(1)
                    if owner in ("type", "var", "const")
                    else f"{owner}.{member.group(1)}"
                )
                found.setdefault(key, []).append(" ".join(line.split("//")[0].split()))
            continue
        func = _GO_FUNC.match(line)
        if func and func.group(2)[:1].isupper():
            key = f"{func.group(1)}.{func.group(2)}" if func.group(1) else func.group(2)
            found.setdefault(key, []).append(head("\n".join(lines[index : index + 20]), 0))
            continue
        group = _GO_GROUP.match(line.rstrip())
        if group:
            owner = group.group(1)
            continue
        decl = _GO_DECL.match(line)
        if decl and decl.group(2)[:1].isupper():
            found.setdefault(decl.group(2), []).append(" ".join(line.split("//")[0].split()))
            if line.rstrip().endswith("{") and decl.group(1) == "type":
                owner = decl.group(2)
    return _sorted(found)


def rust_surface(text: str) -> Surface:
    text = re.sub(r"//[^\n]*", "", text)
    found: dict[str, list[str]] = {}
    for matched in _RS_ITEM.finditer(text):
        kind, name = matched.groups()
        signature = head(text, matched.start())
        key = f"use {signature}" if kind == "use" else f"{kind} {name}"
        found.setdefault(key, []).append(signature)
    for matched in _RS_FIELD.finditer(text):
        line_end = text.find("\n", matched.start())
        line = text[matched.start() : line_end if line_end != -1 else len(text)]
        found.setdefault(f"field {matched.group(1)}", []).append(" ".join(line.split()))
    return _sorted(found)


def _sorted(found: dict[str, list[str]]) -> Surface:
    return {key: tuple(sorted(values)) for key, values in found.items()}
