"""Make plan-folder text safe to place inside an exported ExecPlan.

Whatever the plan files hold, the exported document must pass every lint profile:

* fenced code becomes a block indented by four spaces (no fences inside an ExecPlan);
* Markdown headings inside copied text become bold lines (they must not open sections);
* checkboxes become plain bullets, ``(done)`` marking ticked ones (checkboxes belong to Progress);
* secrets are replaced by ``<REDACTED>``;
* date-times without a time zone are spelled ``YYYY-MM-DD at HH:MM (time zone not recorded)``;
* external URLs are replaced by ``[Rn]`` and listed once under ``References``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from skill.execplan import patterns

_FENCE_RE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})(.*)$")
_HEADING_RE = re.compile(r"^[ ]{0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$")
_CHECKBOX_RE = re.compile(r"^([ \t]*)([-*+]|[0-9]{1,9}[.)])[ \t]+\[([ xX~!-])\][ \t]*")


@dataclass
class References:
    """External URLs met while exporting, numbered in order of first appearance."""

    urls: list[str] = field(default_factory=list)

    def label(self, url: str) -> str:
        if url not in self.urls:
            self.urls.append(url)
        return f"[R{self.urls.index(url) + 1}]"

    def render(self) -> str:
        return "\n".join(f"- [R{i}] {url}" for i, url in enumerate(self.urls, 1))


def _defuse_timestamps(line: str) -> str:
    found = list(patterns.bad_timestamps(line, "rfc3339"))
    for match in reversed(found):
        parsed = re.match(
            r"([0-9]{4}-[0-9]{2}-[0-9]{2})[Tt ]([0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)(.*)$",
            match.text,
        )
        if parsed is None:  # pragma: no cover - bad_timestamps only yields this shape
            continue
        zone = parsed.group(3)
        spelled = f"{parsed.group(1)} at {parsed.group(2)}" + (
            f" (offset {zone})" if zone else " (time zone not recorded)"
        )
        line = line[: match.start] + spelled + line[match.end :]
    return line


def clean_inline(line: str, refs: References) -> str:
    """One line of copied text: secrets, ambiguous date-times and external URLs handled.

    Each rewrite can put new neighbours side by side (a secret pattern may only match once the
    text before it changed), so the rewrites repeat until the line stops changing.
    """
    for _ in range(8):
        before = line
        line = patterns.redact_secrets(line)
        line = _defuse_timestamps(line)
        for match in reversed(list(patterns.external_urls(line))):
            line = line[: match.start] + refs.label(match.text) + line[match.end :]
        if line == before:
            break
    return line


def _unfence(lines: list[str]) -> list[str]:
    out: list[str] = []
    fence: str | None = None
    for line in lines:
        match = _FENCE_RE.match(line)
        if fence is None:
            if match and not (match.group(1)[0] == "`" and "`" in match.group(2)):
                fence = match.group(1)
                if out and out[-1].strip():
                    out.append("")
                continue
            out.append(line)
            continue
        if match and match.group(2).strip() == "" and match.group(1)[0] == fence[0] and len(
            match.group(1)
        ) >= len(fence):
            fence = None
            out.append("")
            continue
        out.append("    " + line if line.strip() else "")
    return out


def clean_block(text: str | None, refs: References) -> str:
    """A multi-line body of copied text, made safe for every profile (see the module doc)."""
    if not text:
        return ""
    lines = _unfence(text.replace("\r\n", "\n").split("\n"))
    out: list[str] = []
    for line in lines:
        heading = _HEADING_RE.match(line)
        if heading:
            line = f"**{heading.group(1)}**" if heading.group(1) else ""
        box = _CHECKBOX_RE.match(line)
        if box:
            done = "(done) " if box.group(3) in "xX" else ""
            line = f"{box.group(1)}{box.group(2)} {done}{line[box.end():]}"
        out.append(clean_inline(line.rstrip(), refs))
    cleaned = "\n".join(out)
    cleaned = re.sub(r"\n{3,}", "\n\n", cleaned)
    return cleaned.strip("\n")


def one_line(text: str | None, refs: References) -> str:
    """Copied text folded onto one line (for titles, labels and decision fields)."""
    if not text:
        return ""
    cleaned = clean_block(text, refs)
    return clean_inline(" ".join(part.strip() for part in cleaned.split("\n") if part.strip()), refs)
