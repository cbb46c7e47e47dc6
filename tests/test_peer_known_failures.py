"""tests/peer-suite-known-failures.txt: every line names a real test and a recorded reason.

CI runs the original's own suite against this port with that file as `--known`, so a line there
lets a failure through. Each line must therefore cite, in its reason, a section of
docs/compatibility.md and a phrase that really is in that section.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
KNOWN = REPO / "tests" / "peer-suite-known-failures.txt"
COMPAT = REPO / "docs" / "compatibility.md"
ORIGINAL_TESTS = REPO.parent / "shared" / "reference" / "iterative-planner-2.57.2" / "src" / "scripts"

TITLE = re.compile(r"^(?P<file>[a-z-]+\.test\.mjs) :: (?P<path>.+)$")
CITE = re.compile(r"\[compatibility\.md § (?P<section>[^›\]]+?) › (?P<phrase>[^\]]+)\]$")


def known_lines() -> list[tuple[str, str]]:
    """(test title, reason) for each entry, split as the runner splits them (first ' # ')."""
    rows = []
    for line in KNOWN.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        title, _, reason = line.partition(" # ")
        rows.append((title.strip(), reason.strip()))
    return rows


def flat(text: str) -> str:
    return " ".join(text.replace("`", "").replace("**", "").split())


def compat_sections() -> dict[str, str]:
    """`## ` heading (backticks dropped) → the section's text, flattened."""
    sections: dict[str, str] = {}
    heading = None
    for line in COMPAT.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            heading = flat(line[3:])
            sections[heading] = ""
        elif heading is not None:
            sections[heading] += line + "\n"
    return {name: flat(body) for name, body in sections.items()}


def test_every_entry_is_a_test_title_with_a_reason() -> None:
    rows = known_lines()
    assert rows, "the known-failures list is empty"
    titles = [title for title, _ in rows]
    assert len(titles) == len(set(titles)), "a test is listed twice"
    for title, reason in rows:
        assert TITLE.match(title), f"not a `FILE.test.mjs :: describe > test` title: {title!r}"
        assert reason, f"no reason after ' # ': {title!r}"


def test_every_reason_cites_an_existing_compatibility_entry() -> None:
    sections = compat_sections()
    for title, reason in known_lines():
        cite = CITE.search(reason)
        assert cite, f"reason does not end with [compatibility.md § section › phrase]: {title!r}"
        section = cite["section"].strip()
        assert section in sections, f"no section {section!r} in docs/compatibility.md ({title!r})"
        assert flat(cite["phrase"]) in sections[section], (
            f"section {section!r} of docs/compatibility.md does not say {cite['phrase']!r} ({title!r})"
        )


def test_every_entry_names_a_test_of_the_original() -> None:
    if not ORIGINAL_TESTS.is_dir():
        pytest.skip(f"the original's tests are not beside the clone ({ORIGINAL_TESTS})")
    for title, _ in known_lines():
        m = TITLE.match(title)
        assert m, title
        source = ORIGINAL_TESTS / m["file"]
        assert source.is_file(), f"no test file {m['file']} in the original"
        text = source.read_text(encoding="utf-8")
        for part in m["path"].split(" > "):
            assert part in text, f"{m['file']} has no describe/test named {part!r}"
