"""A block of ours inside a Markdown file the user owns (the project's AGENTS.md): the markers
that delimit it, and how it is found, put in and taken out. Only the text between the markers is
ours; everything around it is left as it was."""

from __future__ import annotations

BEGIN = "<!-- iterative-planner:begin (added by `iterative-planner install --harness agents-md`; `iterative-planner uninstall` removes it) -->"
END = "<!-- iterative-planner:end -->"

def _span(text: str) -> tuple[int, int] | None:
    """Start and end offsets of the whole block (markers included), or None."""
    start = text.find(BEGIN.split(" (", 1)[0])
    if start < 0:
        return None
    end = text.find(END, start)
    if end < 0:
        return None
    return start, end + len(END)


def extract(text: str) -> str | None:
    span = _span(text)
    return None if span is None else text[span[0] : span[1]]


def lead_for(existing: str | None) -> str:
    """The text that sets an appended block apart by one blank line, in the file's line ending;
    nothing is taken away from the user's text, so :func:`strip` can give it back exactly."""
    if not existing:
        return ""
    nl = "\r\n" if "\r\n" in existing else "\n"
    if existing.endswith(nl + nl):
        return ""
    return nl if existing.endswith(nl) else nl + nl


def merge(existing: str | None, block: str, lead: str | None = None) -> str:
    """``existing`` with the block replaced in place, or appended after ``lead`` (default:
    :func:`lead_for`) and followed by one newline."""
    if not existing:
        return block + "\n"
    span = _span(existing)
    if span is not None:
        return existing[: span[0]] + block + existing[span[1] :]
    return existing + (lead_for(existing) if lead is None else lead) + block + "\n"


def strip(existing: str, lead: str | None = None) -> str:
    """``existing`` without the block. When the block still ends the file and ``lead`` (what
    install put before it) is known, exactly the appended text goes; otherwise the block and the
    blank lines around it."""
    span = _span(existing)
    if span is None:
        return existing
    before, after = existing[: span[0]], existing[span[1] :]
    if lead is not None and after in ("", "\n") and before.endswith(lead):
        return before[: len(before) - len(lead)]
    before = before.rstrip("\r\n")
    after = after.lstrip("\r\n")
    if before and after:
        return before + "\n\n" + after
    return (before + "\n") if before else after
