"""Category D: the Forbidden Leftovers of references/code-hygiene.md that a machine can decide,
swept over the project's code files.

Rules are anchored at the start of a line, so prose that merely names ``TODO`` or a debug call is
not flagged (a call chained mid-line is missed: the price of that). ``print()`` and
``console.log`` are never flagged: command-line tools print on purpose. The walk is the anchor
walk's (no ``.gitignore``, no symlinks, at most 12 folders deep) with its own extensions and
skipped folders; ``.github`` is read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from skill.hygiene.model import BY_ID, DEGRADED, RAN, Category, Finding
from skill.plans.source_comments import BLOCK_COMMENT_EXTENSIONS
from skill.plans.textio import decode
from skill.validate.anchor_scan import walk_files

CODE_EXTENSIONS = BLOCK_COMMENT_EXTENSIONS | frozenset(
    ".py .rb .sh .bash .zsh .ps1 .pl .r .ex .exs".split()
)
SKIPPED_DIRS = frozenset(
    "node_modules dist build target vendor coverage venv __pycache__ plans site-packages".split()
)
MAX_BYTES = 2_000_000
_JS_EXTENSIONS = frozenset(".js .jsx .mjs .cjs .ts .tsx".split())

_MARKER_RE = re.compile(r"^\s*(?://+|#+|\*|/\*+|--)\s*(TODO|FIXME|XXX|HACK)\b")
_DEBUG_RE = re.compile(
    r"^\s*(?:debugger\b|console\.(?:debug|trace)\s*\(|breakpoint\s*\(\s*\)|pdb\.set_trace\s*\()"
)
_COMMENTED_CODE_RE = re.compile(
    r"^\s*(?://|#)\s*(?:const|let|var|function|return|import|export|if|for|while|switch|class|def"
    r"|elif|await|async)\b.*[;{}]\s*$"
)
_IMPORT_RE = re.compile(r"^import\s+([\s\S]*?)\s+from\s+[\"'][^\"']+[\"'];?", re.MULTILINE)
_TEST_FILE_RE = re.compile(r"^(.*)\.(?:test|spec)\.((?:m|c)?[jt]sx?)$")
_NAME_RE = re.compile(r"[A-Za-z_$][\w$]*")


def code_files(root: Path) -> Iterator[str]:
    """Root-relative paths (``/``-separated) of the code files under ``root``, sorted."""
    for _path, rel in walk_files(root, CODE_EXTENSIONS, SKIPPED_DIRS, frozenset({".github"})):
        yield rel


def _imported_names(clause: str) -> list[str]:
    names: list[str] = []
    braces = re.search(r"\{([^}]*)\}", clause)
    if braces:
        for part in braces.group(1).split(","):
            part = part.strip()
            if not part:
                continue
            alias = re.search(r"\bas\s+([A-Za-z_$][\w$]*)$", part)
            names.append(alias.group(1) if alias else re.sub(r"^type\s+", "", part))
    namespace = re.search(r"\*\s+as\s+([A-Za-z_$][\w$]*)", clause)
    if namespace:
        names.append(namespace.group(1))
    head = re.sub(r"\{[^}]*\}", "", clause)
    head = re.sub(r"\*\s+as\s+[A-Za-z_$][\w$]*", "", head)
    default = re.fullmatch(r"\s*([A-Za-z_$][\w$]*)\s*,?\s*", head)
    if default:
        names.append(default.group(1))
    return [name for name in names if _NAME_RE.fullmatch(name)]


def scan_text(rel: str, text: str) -> list[Finding]:
    """The leftovers in one file's text (orphaned tests are decided by :func:`orphaned_tests`)."""
    found: list[Finding] = []
    for number, line in enumerate(text.split("\n"), start=1):
        shown = line.strip()[:160]
        marker = _MARKER_RE.match(line)
        if marker:
            found.append(
                Finding("D", "marker-comment", rel, number, shown,
                        f"resolve the {marker.group(1)} or delete it: a marker is unfinished work")
            )
        if _DEBUG_RE.match(line):
            found.append(Finding("D", "debug-statement", rel, number, shown, "remove the debug statement"))
        if _COMMENTED_CODE_RE.match(line):
            found.append(
                Finding("D", "commented-out-code", rel, number, shown,
                        "delete the commented-out code: git history keeps it")
            )
    if os.path.splitext(rel)[1] in _JS_EXTENSIONS:
        body = _IMPORT_RE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
        for match in _IMPORT_RE.finditer(text):
            number = text.count("\n", 0, match.start()) + 1
            for name in _imported_names(match.group(1)):
                if not re.search(rf"(?<![\w$]){re.escape(name)}(?![\w$])", body):
                    found.append(
                        Finding("D", "dead-import", rel, number, f"`{name}` is imported and never used",
                                f"remove `{name}` from the import")
                    )
    return found


def orphaned_tests(paths: list[str]) -> list[Finding]:
    """``x.test.ts`` / ``x.spec.js`` whose subject ``x.ts`` / ``x.js`` does not exist."""
    present = set(paths)
    found = []
    for rel in paths:
        match = _TEST_FILE_RE.match(rel)
        if match is None:
            continue
        subject = f"{match.group(1)}.{match.group(2)}"
        if subject not in present:
            found.append(
                Finding("D", "orphaned-test-file", rel, None, f"no subject file {subject}",
                        "delete the test, or restore the module it tests")
            )
    return found


def _read(path: Path) -> str | None:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError:
        return None
    if len(data) > MAX_BYTES or b"\0" in data:
        return None
    return decode(data)


def forbidden_leftovers(root: Path) -> Category:
    paths = list(code_files(root))
    findings: list[Finding] = []
    read = 0
    for rel in paths:
        text = _read(root / rel)
        if text is None:
            continue
        read += 1
        findings.extend(scan_text(rel, text))
    findings.extend(orphaned_tests(paths))
    if not paths:
        return Category(BY_ID["D"], DEGRADED, "no code file found to sweep", findings)
    return Category(BY_ID["D"], RAN, f"{read} of {len(paths)} code file(s) swept", findings)
