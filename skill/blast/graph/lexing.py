"""The one lexical question the scanners ask: does a line's start end inside a string or comment?"""

from __future__ import annotations


def inside_string_or_comment(prefix: str, comment: str, quotes: str, triple: bool) -> bool:
    """True when the end of ``prefix`` (a line up to some position) is not code.

    ``comment`` starts a comment to the end of the line (``#``, ``//``); ``quotes`` open strings
    closed by the same character, a backslash escaping the next one; with ``triple``, three
    quotes open a string closed by the same three.
    """
    if comment not in prefix and not any(quote in prefix for quote in quotes):
        return False
    quote = ""
    index = 0
    while index < len(prefix):
        char = prefix[index]
        if quote:
            if char == "\\":
                index += 1
            elif prefix.startswith(quote, index):
                index += len(quote) - 1
                quote = ""
        elif prefix.startswith(comment, index):
            return True
        elif char in quotes:
            quote = char * 3 if triple and prefix.startswith(char * 3, index) else char
            index += len(quote) - 1
        index += 1
    return bool(quote)
