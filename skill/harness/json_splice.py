"""Editing a JSON document as text: add or remove one element and leave every other byte alone.

``json.dumps(json.loads(text))`` re-indents a user's file and reorders nothing but still rewrites it.
These functions locate values by their character spans instead, insert an element with the
indentation its neighbours use, and remove an element by cutting exactly what an insertion would
have added: ``remove(insert(text))`` gives ``text`` back byte for byte.

Pure functions on ``str``; the text must already be valid JSON (``json.loads`` it first).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

_WS = re.compile(r"[ \t\r\n]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


@dataclass
class Node:
    """A JSON value at ``text[start:end]``. Containers list their elements: an array's items have
    ``key`` None; an object's members carry their key and ``key_start`` (where the element begins)."""

    start: int
    end: int
    kind: str  # "object" | "array" | "scalar"
    key: str | None = None
    key_start: int | None = None
    children: list[Node] = field(default_factory=list)

    @property
    def element_start(self) -> int:
        """Where this value begins as an element of its container (a member begins at its key)."""
        return self.key_start if self.key_start is not None else self.start

    def member(self, key: str) -> Node | None:
        """The last member named ``key`` (the one ``json.loads`` keeps)."""
        found = None
        for child in self.children:
            if child.key == key:
                found = child
        return found


def _expect(ok: bool, text: str, at: int) -> None:
    if not ok:
        raise ValueError(f"not JSON at offset {at}: {text[at : at + 20]!r}")


def _skip(text: str, at: int) -> int:
    match = _WS.match(text, at)
    return match.end() if match else at


def _member(text: str, at: int) -> Node:
    """``"key": value`` at ``at``: the value's node, carrying its key."""
    key_match = _STRING.match(text, at)
    _expect(key_match is not None, text, at)
    assert key_match is not None
    colon = _skip(text, key_match.end())
    _expect(text[colon] == ":", text, colon)
    child = _value(text, colon + 1)
    child.key = json.loads(key_match.group(0))
    child.key_start = key_match.start()
    return child


_CONTAINERS = {"{": ("object", "}", _member), "[": ("array", "]", None)}


def _value(text: str, at: int) -> Node:
    at = _skip(text, at)
    char = text[at]
    if char in _CONTAINERS:
        kind, close, element = _CONTAINERS[char]
        node = Node(at, at, kind)
        at = _skip(text, at + 1)
        while text[at] != close:
            child = (element or _value)(text, at)
            node.children.append(child)
            at = _skip(text, child.end)
            if text[at] == ",":
                at = _skip(text, at + 1)
            else:
                _expect(text[at] == close, text, at)
        node.end = at + 1
        return node
    if char == '"':
        match = _STRING.match(text, at)
        _expect(match is not None, text, at)
        assert match is not None
        return Node(at, match.end(), "scalar")
    for word in ("true", "false", "null"):
        if text.startswith(word, at):
            return Node(at, at + len(word), "scalar")
    match = _NUMBER.match(text, at)
    _expect(match is not None and match.end() > at, text, at)
    assert match is not None
    return Node(at, match.end(), "scalar")


def parse(text: str) -> Node:
    """The document's top value with the spans of everything inside it."""
    return _value(text, 0)


def newline_of(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _line_indent(text: str, at: int) -> str:
    """The whitespace that begins the line holding position ``at``."""
    line_start = text.rfind("\n", 0, at) + 1
    return _WS.match(text, line_start).group(0).strip("\r\n")  # type: ignore[union-attr]


def _on_own_line(text: str, at: int) -> bool:
    line_start = text.rfind("\n", 0, at) + 1
    return not text[line_start:at].strip()


def indent_unit(text: str, root: Node) -> str:
    """The indentation step the document uses (that of its first nested line; two spaces when it
    has none)."""
    for child in root.children:
        if _on_own_line(text, child.element_start):
            step = _line_indent(text, child.element_start)[len(_line_indent(text, root.start)) :]
            if step:
                return step
    return "  "


def render(key: str | None, value: object, indent: str, unit: str, nl: str) -> str:
    """``value`` (as a member ``key`` when given) laid out from column ``indent``."""
    body = json.dumps(value, indent=unit, ensure_ascii=False).replace("\n", nl + indent)
    return (json.dumps(key, ensure_ascii=False) + ": " + body) if key is not None else body


def insert_last(text: str, container: Node, key: str | None, value: object, unit: str) -> str:
    """``text`` with ``value`` added as the container's last element (member ``key`` of an
    object), laid out like its neighbours."""
    nl = newline_of(text)
    if container.children:
        last = container.children[-1]
        if _on_own_line(text, last.element_start):
            indent = _line_indent(text, last.element_start)
            piece = "," + nl + indent + render(key, value, indent, unit, nl)
        else:
            label = "" if key is None else json.dumps(key, ensure_ascii=False) + ": "
            piece = ", " + label + json.dumps(value, ensure_ascii=False)
        return text[: last.end] + piece + text[last.end :]
    indent = _line_indent(text, container.start) + unit
    piece = nl + indent + render(key, value, indent, unit, nl)
    return text[: container.start + 1] + piece + text[container.start + 1 :]


def remove_at(text: str, container: Node, index: int) -> str:
    """``text`` without the container's element ``index``: the inverse of :func:`insert_last` for
    a last element, and a clean cut (the element, its comma, the space up to the next) otherwise."""
    element = container.children[index]
    if index + 1 < len(container.children):
        following = container.children[index + 1]
        return text[: element.element_start] + text[following.element_start :]
    if index > 0:
        previous = container.children[index - 1]
        return text[: previous.end] + text[element.end :]
    return text[: container.start + 1] + text[element.end :]


def replace_value(text: str, node: Node, value: object, unit: str) -> str:
    """``text`` with ``node``'s value replaced by ``value``, laid out from the node's line."""
    nl = newline_of(text)
    indent = _line_indent(text, node.element_start)
    return text[: node.start] + render(None, value, indent, unit, nl) + text[node.end :]


def is_empty(node: Node) -> bool:
    return node.kind != "scalar" and not node.children
