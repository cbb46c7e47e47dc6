"""A small, safe Markdown subset for untrusted plan files.

Every character of the input leaves here HTML-escaped; the only markup in the output is the tags
this module writes itself. Block constructs: ATX headings, paragraphs, bullet and numbered lists
(nested by indentation, ``[ ]``/``[x]`` task boxes), fenced code blocks, pipe tables, block quotes,
horizontal rules. Inline: code spans, ``**strong**``, ``*em*``/``_em_``, ``~~del~~``, and links.
A link becomes an anchor only when its target is an ``http://`` or ``https://`` URL; any other
target (``javascript:``, ``data:``, a relative path) is shown as text. Raw HTML is text.
"""

from __future__ import annotations

import re
from html import escape

from markupsafe import Markup

_FENCE_RE = re.compile(r" {0,3}(`{3,}|~{3,})(.*)$")
_HEADING_RE = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*#*[ \t]*$")
_LIST_RE = re.compile(r"( *)([-*+]|[0-9]{1,9}[.)])[ \t]+(.*)$")
_RULE_RE = re.compile(r" {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_ALIGN_CELL_RE = re.compile(r":?-+:?")
_QUOTE_RE = re.compile(r" {0,3}> ?(.*)$")
_TASK_RE = re.compile(r"\[([ xX])\][ \t]+")
_URL_RE = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_LINK_RE = re.compile(r"\[([^\[\]\n]*)\]\(([^()\s]*)(?:[ \t]+\"[^\"\n]*\")?\)")
_AUTOLINK_RE = re.compile(r"<(https?://[^\s<>\"'`]+)>", re.IGNORECASE)
_TICKS_RE = re.compile(r"`+")
_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_EMPHASIS = (
    (re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"), "strong"),
    (re.compile(r"(?<![\w])__(?=\S)(.+?)(?<=\S)__(?![\w])"), "strong"),
    (re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"), "em"),
    (re.compile(r"(?<![\w])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w])"), "em"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), "del"),
)


def safe_url(url: str) -> bool:
    """True for an absolute http(s) URL with no blank, quote, angle bracket or backtick."""
    return _URL_RE.fullmatch(url) is not None


def _anchor(url: str, label_html: str) -> str:
    return f'<a href="{escape(url, quote=True)}" rel="noopener noreferrer nofollow">{label_html}</a>'


def _emphasise(text: str) -> str:
    out = escape(text, quote=True)
    if "*" not in out and "_" not in out and "~" not in out:
        return out
    for regex, tag in _EMPHASIS:
        out = regex.sub(rf"<{tag}>\1</{tag}>", out)
    return out


#: What ends a run of plain text: an escape, a backtick run, a link, an autolink.
_TOKEN_RE = re.compile(r"\\[!-/:-@\[-`{-~]|`+|\[(?=[^\[\]\n]*\]\()|<(?=https?://)", re.IGNORECASE)


def inline(text: str, links: bool = True) -> str:
    """One paragraph's inline content as HTML (escaped text plus our own tags)."""
    out: list[str] = []
    plain_from = pos = 0
    n = len(text)

    def plain(upto: int) -> None:
        if upto > plain_from:
            out.append(_emphasise(text[plain_from:upto]))

    while pos < n:
        token = _TOKEN_RE.search(text, pos)
        if token is None:
            break
        start, value = token.start(), token.group(0)
        if value[0] == "\\":
            plain(start)
            out.append(escape(value[1], quote=True))
            pos = plain_from = token.end()
            continue
        if value[0] == "`":
            width = len(value)
            close = next((m.start() for m in _TICKS_RE.finditer(text, token.end()) if len(m.group(0)) == width), -1)
            if close < 0:
                pos = token.end()
                continue
            plain(start)
            body = text[token.end() : close]
            if body.startswith(" ") and body.endswith(" ") and body.strip():
                body = body[1:-1]
            out.append(f"<code>{escape(body, quote=True)}</code>")
            pos = plain_from = close + width
            continue
        match = (_LINK_RE if value == "[" else _AUTOLINK_RE).match(text, start) if links else None
        if match is None:
            pos = start + 1
            continue
        plain(start)
        if value == "[":
            label, url = match.group(1), match.group(2)
            if safe_url(url):
                out.append(_anchor(url, inline(label, links=False)))
            else:
                out.append(inline(label, links=False))
                out.append(f' <span class="href">({escape(url, quote=True)})</span>')
        else:
            out.append(_anchor(match.group(1), escape(match.group(1), quote=True)))
        pos = plain_from = match.end()
    plain(n)
    return "".join(out)


def _split_row(line: str) -> list[str]:
    """Cells of a pipe-table row: ``|`` inside code spans or escaped as ``\\|`` does not split."""
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    if "`" not in body and "\\" not in body:
        return [cell.strip() for cell in body.split("|")]
    cells, current, in_code, i = [], [], False, 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body) and body[i + 1] == "|":
            current.append("\\|" if in_code else "|")
            i += 2
            continue
        if char == "`":
            in_code = not in_code
        if char == "|" and not in_code:
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(char)
        i += 1
    cells.append("".join(current).strip())
    return cells


def is_alignment_row(line: str) -> bool:
    cells = _split_row(line)
    return bool(cells) and all(_ALIGN_CELL_RE.fullmatch(cell) for cell in cells)


def table_rows(text: str) -> list[list[str]]:
    """The body rows (cells as written) of the first pipe table in ``text``; [] when none."""
    lines = text.split("\n")
    for index in range(len(lines) - 1):
        if lines[index].lstrip().startswith("|") and is_alignment_row(lines[index + 1]):
            rows = []
            for line in lines[index + 2 :]:
                if not line.lstrip().startswith("|"):
                    break
                rows.append(_split_row(line))
            return rows
    return []


class _Renderer:
    def __init__(self, text: str, heading_shift: int) -> None:
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.shift = heading_shift
        self.out: list[str] = []
        self.i = 0

    def run(self) -> str:
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if not line.strip():
                self.i += 1
            elif _FENCE_RE.match(line):
                self.fence()
            elif _HEADING_RE.match(line):
                self.heading()
            elif _RULE_RE.match(line):
                self.out.append("<hr>")
                self.i += 1
            elif self.at_table():
                self.table()
            elif _LIST_RE.match(line) and len(_LIST_RE.match(line).group(1)) < 4:  # type: ignore[union-attr]
                self.list_block()
            elif _QUOTE_RE.match(line):
                self.quote()
            else:
                self.paragraph()
        return "\n".join(self.out)

    def starts_block(self, line: str) -> bool:
        return bool(
            _FENCE_RE.match(line)
            or _HEADING_RE.match(line)
            or _RULE_RE.match(line)
            or _QUOTE_RE.match(line)
            or (_LIST_RE.match(line) and len(line) - len(line.lstrip(" ")) < 4)
        )

    def at_table(self) -> bool:
        line = self.lines[self.i]
        return (
            line.lstrip().startswith("|")
            and self.i + 1 < len(self.lines)
            and is_alignment_row(self.lines[self.i + 1])
        )

    def fence(self) -> None:
        marker = _FENCE_RE.match(self.lines[self.i]).group(1)  # type: ignore[union-attr]
        body: list[str] = []
        self.i += 1
        while self.i < len(self.lines):
            other = _FENCE_RE.match(self.lines[self.i])
            if other and other.group(1)[0] == marker[0] and len(other.group(1)) >= len(marker) and not other.group(2).strip():
                self.i += 1
                break
            body.append(self.lines[self.i])
            self.i += 1
        self.out.append(f"<pre><code>{escape(chr(10).join(body), quote=True)}</code></pre>")

    def heading(self) -> None:
        match = _HEADING_RE.match(self.lines[self.i])
        assert match is not None
        level = min(6, len(match.group(1)) + self.shift)
        self.out.append(f"<h{level}>{inline(match.group(2) or '')}</h{level}>")
        self.i += 1

    def table(self) -> None:
        header = _split_row(self.lines[self.i])
        self.i += 2
        rows = []
        while self.i < len(self.lines) and self.lines[self.i].lstrip().startswith("|"):
            rows.append(_split_row(self.lines[self.i]))
            self.i += 1
        html = ["<table><thead><tr>"]
        html += [f"<th>{inline(cell)}</th>" for cell in header]
        html.append("</tr></thead><tbody>")
        for row in rows:
            cells = (row + [""] * len(header))[: max(len(header), 1)]
            html.append("<tr>" + "".join(f"<td>{inline(cell)}</td>" for cell in cells) + "</tr>")
        html.append("</tbody></table>")
        self.out.append("".join(html))

    def quote(self) -> None:
        body = []
        while self.i < len(self.lines):
            match = _QUOTE_RE.match(self.lines[self.i])
            if not match:
                break
            body.append(match.group(1))
            self.i += 1
        self.out.append(f"<blockquote>{_Renderer(chr(10).join(body), self.shift).run()}</blockquote>")

    def paragraph(self) -> None:
        body = [self.lines[self.i].strip()]
        self.i += 1
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if not line.strip() or self.starts_block(line) or self.at_table():
                break
            body.append(line.strip())
            self.i += 1
        self.out.append(f"<p>{'<br>'.join(inline(part) for part in body)}</p>")

    def list_block(self) -> None:
        items: list[tuple[int, bool, str]] = []  # (indent, ordered, text)
        while self.i < len(self.lines):
            line = self.lines[self.i]
            match = _LIST_RE.match(line)
            if match:
                marker = match.group(2)
                items.append((len(match.group(1)), marker[0].isdigit(), match.group(3)))
                self.i += 1
                continue
            if line.strip() and line.startswith(" ") and items and not self.starts_block(line.lstrip()):
                indent, ordered, text = items[-1]
                items[-1] = (indent, ordered, f"{text}\n{line.strip()}")
                self.i += 1
                continue
            break
        self.out.append(_nest(items))


def _item_html(text: str) -> str:
    task = _TASK_RE.match(text)
    prefix = ""
    if task:
        done = task.group(1) in "xX"
        prefix = f'<span class="task {"done" if done else "open"}">{"☑" if done else "☐"}</span> '
        text = text[task.end() :]
    return prefix + "<br>".join(inline(part) for part in text.split("\n"))


def _nest(items: list[tuple[int, bool, str]]) -> str:
    """Nested <ul>/<ol> from (indent, ordered, text) items: deeper indentation opens a sub-list."""
    html: list[str] = []
    stack: list[tuple[int, str]] = []  # (indent, tag)
    for indent, ordered, text in items:
        tag = "ol" if ordered else "ul"
        while stack and indent < stack[-1][0]:
            html.append(f"</li></{stack.pop()[1]}>")
        if stack and indent == stack[-1][0]:
            html.append("</li>")
            if stack[-1][1] != tag:
                html.append(f"</{stack.pop()[1]}>")
        if not stack or indent > stack[-1][0]:
            html.append(f"<{tag}>")
            stack.append((indent, tag))
        html.append(f"<li>{_item_html(text)}")
    while stack:
        html.append(f"</li></{stack.pop()[1]}>")
    return "".join(html)


def render(text: str | None, heading_shift: int = 1) -> Markup:
    """``text`` as safe HTML; headings move down ``heading_shift`` levels (``#`` → ``<h2>``)."""
    if not text:
        return Markup("")
    return Markup(_Renderer(text, heading_shift).run())


def render_inline(text: str | None) -> Markup:
    """One line of ``text`` (a table cell, a note) as safe inline HTML."""
    return Markup(inline(text or ""))
