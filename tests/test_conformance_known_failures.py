"""tests/conformance-known-failures.txt: every line names a case and cites a recorded reason.

`.ci/conformance-check` lets a listed case fail, so each reason must end with
`[compatibility.md § section › phrase]` naming a section of docs/compatibility.md that says it.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_peer_known_failures import CITE, compat_sections, flat

REPO = Path(__file__).resolve().parents[1]
KNOWN = REPO / "tests" / "conformance-known-failures.txt"
CORPORA = REPO.parent / "shared" / "conformance"


def rows() -> list[tuple[str, str]]:
    found = []
    for line in KNOWN.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            case, _, reason = line.partition(" # ")
            found.append((case.strip(), reason.strip()))
    return found


def test_each_case_once_with_a_cited_reason() -> None:
    cases = [case for case, _ in rows()]
    assert cases and len(cases) == len(set(cases))
    sections = compat_sections()
    for case, reason in rows():
        assert re.fullmatch(r"(lifecycle|validate|routers)/[a-z0-9-]+", case), case
        cite = CITE.search(reason)
        assert cite, f"{case}: no [compatibility.md § section › phrase]"
        section = flat(cite["section"].strip())
        assert section in sections, (case, section)
        assert flat(cite["phrase"]) in sections[section], (case, cite["phrase"])
        if CORPORA.is_dir():
            assert (CORPORA / case / "case.json").is_file(), case
