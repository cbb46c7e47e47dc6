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


def merge(existing: str | None, block: str) -> str:
    """``existing`` with the block replaced, or appended after a blank line."""
    if not existing:
        return block + "\n"
    span = _span(existing)
    if span is not None:
        return existing[: span[0]] + block + existing[span[1] :]
    return existing.rstrip("\n") + "\n\n" + block + "\n"


def strip(existing: str) -> str:
    """``existing`` without the block (and the blank line that set it apart)."""
    span = _span(existing)
    if span is None:
        return existing
    before = existing[: span[0]].rstrip("\n")
    after = existing[span[1] :].lstrip("\n")
    if before and after:
        return before + "\n\n" + after
    return (before + "\n") if before else after
