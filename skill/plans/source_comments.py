"""Which source files carry ``DECISION`` anchors, in which comment styles, and where the ``/* */``
comments are. The validator's anchor scan and ``bootstrap retire`` share these sets, so what one
reports the other can stamp.

33 extensions are walked: 12 with ``#`` line comments, 19 with ``//`` line comments *and*
``/* */`` block comments, ``.sql`` with ``--`` comments, and Markdown (HTML comments only). Block
comments are looked for only in the 19 languages that have them: in a shell file, ``rm build/*``
and a later ``cp src/*/x`` are not a comment.
"""

from __future__ import annotations

HASH_EXTENSIONS = frozenset(
    ".py .rb .sh .bash .zsh .yml .yaml .toml .r .pl .pm .tf".split()
)
#: The languages with ``//`` line comments and ``/* */`` block comments.
BLOCK_COMMENT_EXTENSIONS = frozenset(
    ".js .jsx .mjs .cjs .ts .tsx .go .rs .c .h .cpp .hpp .cc .java .kt .swift .scala .cs .php".split()
)
SQL_EXTENSIONS = frozenset({".sql"})
MARKDOWN_EXTENSIONS = frozenset({".md"})
#: Every extension the anchor walk reads (33).
WALKED_EXTENSIONS = HASH_EXTENSIONS | BLOCK_COMMENT_EXTENSIONS | SQL_EXTENSIONS | MARKDOWN_EXTENSIONS

_QUOTES = ('"', "'")


def _string_end(text: str, start: int) -> int:
    """One past the quote closing the string opened at ``start``, or -1 when it does not close
    on its line (then the quote is ordinary text). A backslash escapes the next character."""
    quote = text[start]
    pos = start + 1
    while pos < len(text):
        char = text[pos]
        if char == "\\":
            pos += 2
            continue
        if char == quote:
            return pos + 1
        if char == "\n":
            return -1
        pos += 1
    return -1


def _skip_code(text: str, pos: int) -> int | None:
    """Where scanning continues when ``pos`` starts a string or a ``//`` comment (None: it does
    not, or the comment runs to the end of the text, which is returned as ``len(text)``)."""
    char = text[pos]
    if char == "/" and text.startswith("//", pos):
        newline = text.find("\n", pos + 2)
        return len(text) if newline < 0 else newline + 1
    if char in _QUOTES:
        end = _string_end(text, pos)
        return end if end > 0 else None
    return None


def _next_delimiter(text: str, pos: int) -> tuple[int, str]:
    """The next ``/*`` or ``*/`` at or after ``pos`` in code context (strings, ``//`` comments
    and escaped characters skipped), as (offset, delimiter); (-1, "") when there is none."""
    while pos < len(text):
        if text[pos] == "\\":
            pos += 2
            continue
        for delimiter in ("/*", "*/"):
            if text.startswith(delimiter, pos):
                return pos, delimiter
        after = _skip_code(text, pos)
        pos = after if after is not None else pos + 1
    return -1, ""


def block_comment_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` offsets of every complete ``/* … */`` comment, delimiters included.

    Openers inside ``"…"``/``'…'`` strings (one line) and ``//`` comments do not count; a
    backslash escapes the next character; an unterminated ``/*`` gives no span. A ``*/`` reached
    from code after a comment's closer, before any new ``/*``, cannot be code: the closer before
    it was prose inside the comment, which runs on to it. Backticks and regex literals are not
    lexed: when unsure the scan finds a comment too many, never one too few.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    while True:
        start, delimiter = _next_delimiter(text, pos)
        if start < 0:
            return spans
        if delimiter == "*/":
            pos = start + 1  # a closer outside any comment: not a delimiter
            continue
        close = text.find("*/", start + 2)
        if close < 0:
            pos = start + 2
            continue
        while True:
            stray, found = _next_delimiter(text, close + 2)
            if found != "*/":
                break
            close = stray
        spans.append((start, close + 2))
        pos = close + 2
