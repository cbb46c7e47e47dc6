"""Markdown primitives shared by the lifecycle commands and the validator.

* :func:`literal_mask` — a same-length copy of a document where code (closed fences, indented code
  blocks, inline code spans) is blanked, so comment delimiters inside code are not taken as real.
* :func:`comment_spans` — the ``<!-- … -->`` spans that are real comments.
* :func:`strip_comments` — comment text replaced by spaces (line *and column* preserving).
* :func:`extract_field`, :func:`extract_section`, :func:`is_placeholder` — reading plan files.

All scans are linear in the document size.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from skill.lazyre import lazy

_FENCE_RE = lazy(r"[ \t]*(`{3,}|~{3,})")
_LIST_ITEM_RE = lazy(r" {0,3}(?:[-*+]|[0-9]{1,9}[.)])(?:\s|$)")
_BACKTICKS_RE = lazy(r"`+")

COMPRESSED_OPEN = "<!-- COMPRESSED-SUMMARY -->"
COMPRESSED_CLOSE = "<!-- /COMPRESSED-SUMMARY -->"


def _leading_spaces(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _blank(line: str) -> str:
    return " " * len(line)


def _indented_code_lines(lines: list[str], literal: list[bool]) -> None:
    """Mark indented code blocks (≥4 leading spaces, after a blank line, not inside a list)."""
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        candidate = (
            not literal[i]
            and line.strip() != ""
            and _leading_spaces(line) >= 4
            and (i == 0 or lines[i - 1].strip() == "")
        )
        if not candidate:
            i += 1
            continue
        governed = False
        j = i - 1
        while j >= 0:
            prev = lines[j]
            if prev.strip() == "":
                j -= 1
                continue
            if _LIST_ITEM_RE.match(prev):
                governed = True
                break
            if _leading_spaces(prev) >= 1:
                j -= 1
                continue
            break
        if governed:
            i += 1
            continue
        end = i
        k = i + 1
        while k < n and not literal[k]:
            if lines[k].strip() == "":
                k += 1
                continue
            if _leading_spaces(lines[k]) >= 4:
                end = k
                k += 1
                continue
            break
        for m in range(i, end + 1):
            literal[m] = True
        i = end + 1


def _mask_inline_code(line: str) -> str:
    runs = list(_BACKTICKS_RE.finditer(line))
    if not runs:
        return line
    out = list(line)
    idx = 0
    while idx < len(runs):
        opener = runs[idx]
        width = len(opener.group(0))
        closer_idx = None
        for k in range(idx + 1, len(runs)):
            if len(runs[k].group(0)) == width:
                closer_idx = k
                break
        if closer_idx is None:
            idx += 1
            continue
        closer = runs[closer_idx]
        for pos in range(opener.start(), closer.end()):
            out[pos] = " "
        idx = closer_idx + 1
    return "".join(out)


def literal_mask(text: str) -> str:
    """Same length as ``text``; code regions are spaces, newlines kept."""
    lines = text.split("\n")
    literal = [False] * len(lines)
    # 1. fenced blocks (an opener without a closer is plain text)
    i = 0
    n = len(lines)
    while i < n:
        match = _FENCE_RE.match(lines[i])
        if not match:
            i += 1
            continue
        marker = match.group(1)
        char, width = marker[0], len(marker)
        closer = None
        for k in range(i + 1, n):
            other = _FENCE_RE.match(lines[k])
            if other and other.group(1)[0] == char and len(other.group(1)) >= width:
                closer = k
                break
        if closer is None:
            i += 1
            continue
        for m in range(i, closer + 1):
            literal[m] = True
        i = closer + 1
    # 2. indented code blocks
    _indented_code_lines(lines, literal)
    # 3. inline code spans on the remaining lines
    masked = [
        _blank(line) if literal[i] else _mask_inline_code(line) for i, line in enumerate(lines)
    ]
    return "\n".join(masked)


def comment_spans(text: str, mask: str | None = None) -> list[tuple[int, int]]:
    """``[start, end)`` offsets of real HTML comments (delimiters in code do not count)."""
    mask = literal_mask(text) if mask is None else mask
    spans: list[tuple[int, int]] = []
    cursor = 0
    while True:
        start = mask.find("<!--", cursor)
        if start < 0:
            break
        end = mask.find("-->", start + 4)
        if end < 0:
            break
        spans.append((start, end + 3))
        cursor = end + 3
    return spans


def unterminated_comment_start(text: str, mask: str | None = None) -> int:
    """Offset of a ``<!--`` that no ``-->`` closes, or -1."""
    mask = literal_mask(text) if mask is None else mask
    spans = comment_spans(text, mask)
    after = spans[-1][1] if spans else 0
    return mask.find("<!--", after)


def blank_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Replace every non-newline character inside ``spans`` by a space (columns preserved)."""
    chars = list(text)
    for start, end in spans:
        for pos in range(start, end):
            if chars[pos] != "\n":
                chars[pos] = " "
    return "".join(chars)


def strip_comments(text: str) -> str:
    """Comments blanked to spaces; line numbers and columns of the rest unchanged."""
    return blank_spans(text, comment_spans(text))


def blank_compressed_summary(text: str) -> str:
    """Blank the first compressed-summary block (markers included), keeping newlines."""
    start = text.find(COMPRESSED_OPEN)
    if start < 0:
        return text
    close = text.find(COMPRESSED_CLOSE, start)
    if close < 0:
        return text
    return blank_spans(text, [(start, close + len(COMPRESSED_CLOSE))])


def extract_field(text: str | None, pattern: str | re.Pattern[str]) -> str | None:
    """Group 1 of the first match, stripped; None when there is no text or no match.

    Patterns used here never cross a line: write ``[ \\t]*`` rather than ``\\s*``.
    """
    if not text:
        return None
    regex = re.compile(pattern, re.MULTILINE) if isinstance(pattern, str) else pattern
    match = regex.search(text)
    if not match:
        return None
    return match.group(1).strip()


def field_line(text: str | None, label: str) -> str | None:
    """The value after ``label`` on the first line that starts with it (e.g. ``# Current State:``)."""
    return extract_field(text, re.compile(rf"^{re.escape(label)}[ \t]*(.*)$", re.MULTILINE))


def section_pattern(heading: str) -> re.Pattern[str]:
    return re.compile(rf"^## {re.escape(heading)}(?:[ \t]+\(.*\))?[ \t]*$", re.MULTILINE)


def section_span(text: str, heading: str) -> tuple[int, int, int] | None:
    """(heading start, body start, body end) of the first ``## heading`` section, or None."""
    match = section_pattern(heading).search(text)
    if not match:
        return None
    body_start = match.end()
    nxt = text.find("\n## ", body_start)
    body_end = len(text) if nxt < 0 else nxt
    return match.start(), body_start, body_end


def extract_section(text: str | None, heading: str) -> str | None:
    """The stripped body of the first ``## heading`` section; None when absent or empty."""
    if not text:
        return None
    span = section_span(text, heading)
    if span is None:
        return None
    body = text[span[1] : span[2]].strip()
    return body or None


_PLACEHOLDER_RE = lazy(r"^\*(?:to be (?:defined|determined|populated)|pending|nothing yet)", re.I | re.M)


def is_placeholder(text: str | None) -> bool:
    """True for empty text or text holding one of the template's placeholder lines."""
    if text is None or text.strip() == "":
        return True
    return _PLACEHOLDER_RE.search(text.strip()) is not None


def first_line(text: str) -> str:
    """The first non-blank line, stripped ('' when there is none)."""
    for line in text.split("\n"):
        if line.strip():
            return line.strip()
    return ""


def replace_section(text: str, heading: str, body: str) -> str:
    """``text`` with the body of ``## heading`` replaced (the section is appended when absent)."""
    span = section_span(text, heading)
    body = body.strip("\n")
    if span is None:
        return text.rstrip("\n") + f"\n\n## {heading}\n{body}\n"
    _, start, end = span
    tail = text[end:]
    return text[:start] + "\n" + body + ("\n" + tail if tail else "\n")
