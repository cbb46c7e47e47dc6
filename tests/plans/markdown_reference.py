"""The Markdown code masking as first written (quadratic on some inputs), kept as the oracle the
linear rewrite in :mod:`skill.plans.markdown` is checked against."""

from __future__ import annotations

import re

_FENCE_RE = re.compile(r"[ \t]*(`{3,}|~{3,})")
_LIST_ITEM_RE = re.compile(r" {0,3}(?:[-*+]|[0-9]{1,9}[.)])(?:\s|$)")
_BACKTICKS_RE = re.compile(r"`+")


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
