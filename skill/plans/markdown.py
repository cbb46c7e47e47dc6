"""Markdown primitives shared by the lifecycle commands and the validator.

* :func:`literal_mask` — a same-length copy of a document where code (closed fences, indented code
  blocks, inline code spans) is blanked, so comment delimiters inside code are not taken as real.
* :func:`comment_spans` — the ``<!-- … -->`` spans that are real comments.
* :func:`strip_comments` — comment text replaced by spaces (line *and column* preserving).
* :func:`extract_field`, :func:`extract_section`, :func:`is_placeholder` — reading plan files.
* :func:`put_line`, :func:`add_section`, :func:`replace_section` — writing one line or one section.

All scans are linear in the document size.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

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
    """Mark indented code blocks (≥4 leading spaces, after a blank line, not inside a list).

    An indented line continues a list item when, walking back past blank and indented lines, the
    first other line is a list item. That answer is carried forward in ``in_list`` (lines inside a
    block never change it), so each line is looked at once.
    """
    in_list = False
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if (
            not in_list
            and line.startswith("    ")
            and not literal[i]
            and line.strip() != ""
            and (i == 0 or lines[i - 1].strip() == "")
        ):
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
            continue
        if line and not line.isspace():
            if _LIST_ITEM_RE.match(line):
                in_list = True
            elif not line.startswith(" "):
                in_list = False
        i += 1


def _mask_inline_code(line: str) -> str:
    """Code spans blanked: a backtick run opens one, the next run of the same width closes it."""
    if "`" not in line:
        return line
    runs = list(_BACKTICKS_RE.finditer(line))
    later: dict[int, list[int]] = {}  # width -> indexes of the runs of that width, last first
    for index in range(len(runs) - 1, -1, -1):
        later.setdefault(len(runs[index].group(0)), []).append(index)
    out = list(line)
    idx = 0
    while idx < len(runs):
        queue = later[len(runs[idx].group(0))]
        while queue and queue[-1] <= idx:
            queue.pop()
        if not queue:
            idx += 1
            continue
        closer_idx = queue.pop()
        for pos in range(runs[idx].start(), runs[closer_idx].end()):
            out[pos] = " "
        idx = closer_idx + 1
    return "".join(out)


def literal_mask(text: str) -> str:
    """Same length as ``text``; code regions are spaces, newlines kept. Linear in the text."""
    if "`" not in text and "~~~" not in text and "    " not in text:
        return text  # no fence, no code span, no indented line: nothing is code
    lines = text.split("\n")
    literal = [False] * len(lines)
    # 1. fenced blocks (an opener without a closer is plain text). Only lines holding a fence are
    # visited; the widest later fence of each character tells at once whether an opener closes.
    fences: list[tuple[int, str, int]] = []  # (line, character, width)
    for index, line in enumerate(lines):
        if "```" in line or "~~~" in line:
            match = _FENCE_RE.match(line)
            if match:
                fences.append((index, match.group(1)[0], len(match.group(1))))
    widest_after: list[dict[str, int]] = [{}] * len(fences)
    running = {"`": 0, "~": 0}
    for position in range(len(fences) - 1, -1, -1):
        widest_after[position] = dict(running)
        _index, char, width = fences[position]
        running[char] = max(running[char], width)
    position = 0
    while position < len(fences):
        index, char, width = fences[position]
        if widest_after[position][char] < width:
            position += 1
            continue
        closer = position + 1
        while not (fences[closer][1] == char and fences[closer][2] >= width):
            closer += 1
        for m in range(index, fences[closer][0] + 1):
            literal[m] = True
        position = closer + 1
    # 2. indented code blocks
    _indented_code_lines(lines, literal)
    # 3. inline code spans on the remaining lines
    masked = [
        (_blank(line) if literal[i] else _mask_inline_code(line)) if line else line
        for i, line in enumerate(lines)
    ]
    return "\n".join(masked)


def comment_spans(text: str, mask: str | None = None) -> list[tuple[int, int]]:
    """``[start, end)`` offsets of real HTML comments (delimiters in code do not count)."""
    if "<!--" not in text:
        return []  # the mask only blanks text, so it holds no opener either
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
    spans = comment_spans(text)
    return blank_spans(text, spans) if spans else text


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


def is_placeholder_line(line: str) -> bool:
    """True for one of the template's italic placeholder lines (``*To be populated…*``)."""
    return _PLACEHOLDER_RE.match(line.strip()) is not None


def add_section(text: str, heading: str, before: Sequence[str] = ()) -> str:
    """``text`` with an empty ``## heading`` section, placed before the first of the ``before``
    headings that exists (at the end otherwise). Unchanged when the section is already there."""
    if section_span(text, heading) is not None:
        return text
    for later in before:
        span = section_span(text, later)
        if span is not None:
            return text[: span[0]] + f"## {heading}\n\n" + text[span[0] :]
    return text.rstrip("\n") + f"\n\n## {heading}\n"


def put_line(
    text: str,
    heading: str,
    line: str,
    *,
    same: Callable[[str], bool] | None = None,
    before: Sequence[str] = (),
) -> str:
    """``text`` with ``line`` in the ``## heading`` section.

    The first line of the section for which ``same`` is true is replaced; otherwise ``line`` goes
    after the section's last non-blank line. The template's placeholder lines in that section are
    dropped. A missing section is added first (see :func:`add_section`).
    """
    text = add_section(text, heading, before)
    span = section_span(text, heading)
    assert span is not None
    _, start, end = span
    lines = text[start:end].split("\n")  # lines[0] is the rest of the heading line
    body = [row for row in lines[1:] if not is_placeholder_line(row)]
    replaced = False
    if same is not None:
        for index, row in enumerate(body):
            if same(row):
                body[index] = line
                replaced = True
                break
    if not replaced:
        last = max((index for index, row in enumerate(body) if row.strip()), default=-1)
        body.insert(last + 1, line)
    tail = text[end:]
    new_body = "\n".join([lines[0], *body])
    if not tail and not new_body.endswith("\n"):
        new_body += "\n"
    return text[:start] + new_body + tail
