"""The API signal: how many public names an edit added, removed or changed the signature of.

Python, JavaScript/TypeScript, Go and Rust compare the file's public surface before and after
the edit (:mod:`.python_api`, :mod:`.text_api`). Other code files, and a Python file that does
not parse, keep the original line test: added diff lines that look like public declarations.
"""

from __future__ import annotations

from collections.abc import Callable

from skill.blast.api import python_api, text_api
from skill.blast.graph.langs import GO, JS, PYTHON, RUST, language_of

Surface = dict[str, tuple[str, ...]]

_READERS: dict[str, Callable[[str, str], Surface | None]] = {
    PYTHON: python_api.surface,
    JS: lambda text, _path: text_api.js_surface(text),
    GO: lambda text, _path: text_api.go_surface(text),
    RUST: lambda text, _path: text_api.rust_surface(text),
}


def api_hits(
    path: str, before: str | None, after: str | None, added_lines: Callable[[], list[str]]
) -> int:
    """Public names changed between ``before`` and ``after`` (None: the file did not exist).

    ``added_lines`` gives the diff's added lines (with their ``+``) for the line test, used when
    no surface reader applies; it is only called then.
    """
    reader = _READERS.get(language_of(path) or "")
    if reader is not None:
        before, after = _lf(before), _lf(after)
        old = reader(before, path) if before is not None else {}
        new = reader(after, path) if after is not None else {}
        if old is not None and new is not None:
            return changed_names(old, new)
    return sum(1 for line in added_lines() if text_api.API_LINE_RE.match(line))


def changed_names(old: Surface, new: Surface) -> int:
    """How many names were added, removed or changed their signature."""
    return sum(1 for name in old.keys() | new.keys() if old.get(name) != new.get(name))


def _lf(text: str | None) -> str | None:
    if text is None or "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")
