"""Text patterns shared by the linter and the exporter: timestamps, external URLs, secrets.

Every pattern works on one line at a time, so no match can cross a newline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

# A date followed by a time: the candidates the timestamp rule looks at. Bare dates are fine.
_DATETIME_RE = re.compile(
    r"(?<![0-9])(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})(?P<sep>[Tt ])(?P<hm>[0-9]{2}:[0-9]{2})"
    r"(?P<sec>:[0-9]{2}(?:\.[0-9]+)?)?(?P<zone>[Zz]|[+-][0-9]{2}:?[0-9]{2})?(?![0-9:])"
)
_RFC3339_RE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?(?:[Zz]|[+-][0-9]{2}:[0-9]{2})"
)

_URL_RE = re.compile(r"(?i)\b(?:https?|ftp)://[^\s<>()\[\]{}\"'`|]+|(?<![\w.@/])www\.[^\s<>()\[\]{}\"'`|]+")
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "0.0.0.0", "[::1]", "::1"}


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    text: str


def _valid_instant(date: str, hm: str, sec: str | None) -> bool:
    try:
        datetime.strptime(f"{date} {hm}{sec or ':00'}"[:19], "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return False
    return True


def is_rfc3339(value: str) -> bool:
    """True when ``value`` as a whole is an RFC 3339 date-time with seconds and a zone."""
    value = value.strip()
    if not _RFC3339_RE.fullmatch(value):
        return False
    return _valid_instant(value[:10], value[11:16], value[16:19])


def bad_timestamps(line: str, style: str) -> Iterator[Match]:
    """Date-times on ``line`` that break the profile's timestamp ``style``.

    ``rfc3339``: ``YYYY-MM-DDTHH:MM:SS`` with ``Z`` or ``±HH:MM`` (fraction allowed).
    ``zoned``: as above, but a space may separate date and time and seconds may be left out; the
    zone is still required (``2025-10-01 13:00Z`` passes, ``2025-10-01 13:00`` does not).
    """
    for match in _DATETIME_RE.finditer(line):
        zone = match.group("zone")
        ok = zone is not None and _valid_instant(match.group("date"), match.group("hm"), match.group("sec"))
        if ok and style == "rfc3339":
            ok = match.group("sep") in "Tt" and match.group("sec") is not None and (
                zone in "Zz" or ":" in zone
            )
        elif ok:
            ok = zone in "Zz" or len(zone) in (5, 6)
        if not ok:
            yield Match(match.start(), match.end(), match.group(0))


def _host(url: str) -> str:
    rest = url.split("://", 1)[1] if "://" in url else url
    rest = rest.split("@", 1)[-1] if "@" in rest.split("/", 1)[0] else rest
    if rest.startswith("["):
        return rest[: rest.find("]") + 1].lower() if "]" in rest else rest.lower()
    return re.split(r"[/:?#]", rest, maxsplit=1)[0].lower()


def external_urls(line: str) -> Iterator[Match]:
    """URLs on ``line`` that leave the machine (localhost and loopback addresses are skipped)."""
    for match in _URL_RE.finditer(line):
        url = match.group(0).rstrip(".,;:!?*_")
        if _host(url) in _LOCAL_HOSTS:
            continue
        yield Match(match.start(), match.start() + len(url), url)


# (kind, pattern, group holding the secret value)
_SECRET_PATTERNS: list[tuple[str, re.Pattern[str], int]] = [
    ("private key block", re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"), 0),
    ("AWS access key id", re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Z0-9])"), 0),
    ("GitHub token", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})"), 0),
    ("Slack token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"), 0),
    ("API secret key", re.compile(r"\bsk-(?:[A-Za-z0-9_-]*-)?[A-Za-z0-9]{20,}"), 0),
    ("Google API key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}"), 0),
    ("JSON Web Token", re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"), 0),
    (
        "credential assignment",
        re.compile(
            r"(?i)\b(?:api[_-]?key|secret[_-]?key|client[_-]?secret|access[_-]?token|auth[_-]?token"
            r"|password|passwd|private[_-]?key)[\"']?[ \t]*[:=][ \t]*[\"']?(?P<value>[^\s\"'<>`]{8,})"
        ),
        1,
    ),
]
_PLACEHOLDER_VALUE_RE = re.compile(r"(?i)^(?:\$\{?[A-Z0-9_]+\}?|redacted|x+|\*+|\.+|changeme|none|null|example\S*)$")


def secrets_in(line: str) -> Iterator[tuple[str, Match]]:
    """(kind, span of the secret value) for every obvious secret on ``line``."""
    for kind, pattern, group in _SECRET_PATTERNS:
        for match in pattern.finditer(line):
            value = match.group(group)
            if group and _PLACEHOLDER_VALUE_RE.match(value.strip(",;.")):
                continue
            yield kind, Match(match.start(group), match.end(group), value)


def redact_secrets(line: str) -> str:
    """``line`` with every secret value replaced by ``<REDACTED>``."""
    spans = sorted({(m.start, m.end) for _, m in secrets_in(line)}, reverse=True)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and end > merged[-1][0]:
            merged[-1] = (min(start, merged[-1][0]), max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    for start, end in merged:
        line = line[:start] + "<REDACTED>" + line[end:]
    return line
