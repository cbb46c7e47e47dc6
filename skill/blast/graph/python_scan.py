"""Python import statements, read without building a syntax tree.

A syntax tree costs a millisecond or more per file; a repository of 20,000 files cannot afford it
on every cache build. This scanner finds each ``import`` keyword with ``str.find``, checks that it
starts a statement (``import …`` or ``from … import …`` at the start of a logical line), skips
those inside triple-quoted strings, and reads the statement with small regular expressions. Its
output is checked against :mod:`ast` on real code in the tests.

Each import becomes one spec string:

* ``"i a.b.c"`` for ``import a.b.c`` (also ``importlib.import_module("a.b.c")``);
* ``"f ..pkg.mod name1,name2"`` for ``from ..pkg.mod import name1, name2`` (``*`` for a star);
* a leading ``~`` marks an import under ``if TYPE_CHECKING:`` (type checkers only).
"""

from __future__ import annotations

import bisect
import re

from skill.blast.graph.lexing import inside_string_or_comment

_DOTTED = re.compile(r"[^\W\d]\w*(?:\.[^\W\d]\w*)*")
_NAME = re.compile(r"[^\W\d]\w*|\*")
_FROM_PREFIX = re.compile(r"from(?:\s+|(?=\.))(\.*(?:[^\W\d]\w*(?:\.[^\W\d]\w*)*)?)\s*")
_INLINE_GUARD = re.compile(r"if\s+(?:[\w.]+\.)?TYPE_CHECKING\s*:\s*")
#: One-line ``import a.b as c, d`` or ``from .a import b as c, d`` (the common case, read at once).
_SIMPLE = re.compile(
    r"[ \t]*(?:from[ \t]+(\.*[\w.]*)[ \t]+)?import[ \t]+"
    r"([\w.]+(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*[\w.]+(?:[ \t]+as[ \t]+\w+)?)*)"
    r"[ \t]*(?:#[^\n]*)?(?:\r?\n|$)"
)
_INLINE_HEADER = re.compile(r"(?:if|elif|else|try|except|finally|with|for|while)\b[^:]*:\s*[^:]*$")
_GUARD_LINE = re.compile(
    r"^([ \t]*)(?:el)?if[ \t]+(?:[\w.]+\.)?TYPE_CHECKING[ \t]*:[ \t]*(?:#[^\n]*)?$", re.MULTILINE
)
_DYNAMIC = re.compile(
    r"(?:import_module|__import__)\(\s*(['\"])(\.*[\w.]*)\1(?:\s*,\s*(['\"])([\w.]+)\3)?"
)

Spans = list[tuple[int, int]]


def scan(text: str) -> list[str]:
    """The import specs of one Python source text, in order of appearance, without duplicates."""
    if "import" not in text:
        return []
    strings = _string_spans(text) if ('"""' in text or "'''" in text) else []
    starts = [s for s, _ in strings]
    guards = _guard_spans(text) if "TYPE_CHECKING" in text else []
    out: dict[str, None] = {}
    pos = text.find("import")
    while pos != -1:
        if not _inside(strings, starts, pos):
            for spec in _statement_at(text, pos, guards):
                out.setdefault(spec, None)
        pos = text.find("import", pos + 6)
    return list(out)


def _inside(spans: Spans, starts: list[int], pos: int) -> bool:
    index = bisect.bisect_right(starts, pos) - 1
    return index >= 0 and pos < spans[index][1]


def _statement_at(text: str, pos: int, guards: Spans) -> list[str]:
    before = text[pos - 1] if pos else " "
    after = text[pos + 6 : pos + 7]
    if after == "_" and text.startswith("import_module(", pos):
        return _dynamic(text, pos)
    if before == "_" and text.startswith("__import__(", pos - 2):
        return _dynamic(text, pos - 2)
    if before.isalnum() or before == "_" or after not in (" ", "\t", "\\", "("):
        return []
    line_start = text.rfind("\n", 0, pos) + 1
    mark = "~" if guards and _inside(guards, [s for s, _ in guards], pos) else ""
    simple = None if _continues(text, line_start) else _SIMPLE.match(text, line_start)
    if simple and text.rfind("import", line_start, simple.start(2)) == pos:
        names = [item.split()[0] for item in simple.group(2).split(",")]
        if simple.group(1) is None:
            return [f"{mark}i {name}" for name in names]
        return [f"{mark}f {simple.group(1)} {','.join(names)}"] if simple.group(1) else []
    prefix = _logical_prefix(text, line_start, pos)
    if _not_code(prefix):
        return []  # inside a string or a comment
    if ";" in prefix:
        prefix = prefix.rsplit(";", 1)[1]
    prefix = prefix.strip()
    guard = _INLINE_GUARD.match(prefix)
    if guard:
        mark, prefix = "~", prefix[guard.end() :]
    elif _INLINE_HEADER.match(prefix):
        prefix = prefix[prefix.rindex(":") + 1 :].strip()
    if prefix == "":
        modules = [
            m.group(0) for m in map(_DOTTED.match, _items(_logical_rest(text, pos + 6))) if m
        ]
        return [f"{mark}i {module}" for module in modules]
    matched = _FROM_PREFIX.fullmatch(prefix)
    if not matched or not matched.group(1):
        return []
    names = [m.group(0) for m in map(_NAME.match, _items(_names_text(text, pos + 6))) if m]
    return [f"{mark}f {matched.group(1)} {','.join(names)}"] if names else []


def _dynamic(text: str, pos: int) -> list[str]:
    """``importlib.import_module("a.b")`` / ``__import__("a")`` with a literal name."""
    matched = _DYNAMIC.match(text, pos)
    if not matched or not matched.group(2).strip("."):
        return []
    name, package = matched.group(2), matched.group(4)
    if name.startswith(".") and package:
        name = package + "." + name.lstrip(".")
    if name.startswith("."):
        dots = len(name) - len(name.lstrip("."))
        head, _, last = name[dots:].rpartition(".")
        return [f"f {'.' * dots}{head} {last}"]
    return [f"i {name}"] if _DOTTED.fullmatch(name) else []


def _logical_prefix(text: str, line_start: int, pos: int) -> str:
    """The text of the logical line before ``pos``, joining backslash-continued lines."""
    prefix = text[line_start:pos]
    while _continues(text, line_start):
        previous = text.rfind("\n", 0, line_start - 1) + 1
        prefix = text[previous : line_start - 1].rstrip("\r")[:-1] + " " + prefix
        line_start = previous
    return prefix


def _continues(text: str, line_start: int) -> bool:
    """True when the line before ``line_start`` ends with a line-joining backslash."""
    end = line_start - 1
    if end > 0 and text[end - 1] == "\r":
        end -= 1
    if end < 1 or text[end - 1] != "\\":
        return False
    return not _not_code(text[text.rfind("\n", 0, end) + 1 : end - 1])


def _logical_rest(text: str, pos: int) -> str:
    """The rest of the logical line from ``pos``: to a newline not escaped, ``;`` or ``#``."""
    out = []
    while True:
        end = text.find("\n", pos)
        chunk = text[pos:] if end == -1 else text[pos:end]
        if chunk.endswith("\\"):
            out.append(chunk[:-1])
            pos = end + 1
            continue
        out.append(chunk)
        break
    line = " ".join(out)
    for stop in (";", "#"):
        line = line.split(stop, 1)[0]
    return line


def _names_text(text: str, pos: int) -> str:
    """What follows ``from X import``: a parenthesised list (any lines) or the logical line."""
    start = pos
    while start < len(text) and text[start] in " \t\\\r\n":
        start += 1
    if text.startswith("(", start):
        parts = []
        pos = start + 1
        while pos < len(text):  # line by line, comments cut first: a comment may hold a ")"
            end = text.find("\n", pos)
            end = len(text) if end == -1 else end
            line = text[pos:end].split("#", 1)[0]
            close = line.find(")")
            if close != -1:
                parts.append(line[:close])
                break
            parts.append(line.rstrip("\\"))
            pos = end + 1
        return " ".join(parts)
    return _logical_rest(text, pos)


def _items(listing: str) -> list[str]:
    return [item.strip() for item in listing.split(",") if item.strip()]


def _string_spans(text: str) -> Spans:
    """Spans of triple-quoted strings, skipping quote runs in comments and one-line strings."""
    spans: Spans = []
    pos = 0
    while True:
        double, single = text.find('"""', pos), text.find("'''", pos)
        if double == -1 and single == -1:
            return spans
        start = single if double == -1 or (single != -1 and single < double) else double
        quote = text[start : start + 3]
        line_start = max(text.rfind("\n", 0, start) + 1, spans[-1][1] if spans else 0)
        if _not_code(text[line_start:start]):
            pos = start + 3
            continue
        end = text.find(quote, start + 3)
        while end != -1 and _escaped(text, end):
            end = text.find(quote, end + 1)
        if end == -1:
            spans.append((start, len(text)))
            return spans
        spans.append((start, end + 3))
        pos = end + 3


def _not_code(prefix: str) -> bool:
    return inside_string_or_comment(prefix, "#", "'\"", triple=True)


def _escaped(text: str, pos: int) -> bool:
    count = 0
    while pos > count and text[pos - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _guard_spans(text: str) -> Spans:
    """Spans of the bodies of ``if TYPE_CHECKING:`` blocks (indentation decides where they end)."""
    spans: Spans = []
    for matched in _GUARD_LINE.finditer(text):
        indent = len(matched.group(1).expandtabs())
        start = end = matched.end()
        pos = start + 1
        while pos < len(text):
            line_end = text.find("\n", pos)
            line_end = len(text) if line_end == -1 else line_end
            line = text[pos:line_end]
            body = line.lstrip()
            if body and not body.startswith("#"):
                if len(line[: len(line) - len(body)].expandtabs()) <= indent:
                    break
                end = line_end
            pos = line_end + 1
        spans.append((start, end))
    return spans
