"""The six blast-radius signals, their weights and the tier.

``score = loc + deps + shared + api + tests + hist`` (from -1 to 11); LOW up to 2, MED up to 5,
HIGH from 6. The score is advisory: it never gates anything, and every failure to compute it
becomes ``UNKNOWN(<reason>)`` rather than an error.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from skill.blast import git
from skill.blast.api import api_hits
from skill.blast.deps import Graphs, dependents
from skill.blast.graph.langs import is_test_path, language_of
from skill.blast.textsearch import BINARY_SNIFF, read_bytes
from skill.blast.worktree import history_mention, test_credit

CODE_EXTS = frozenset(
    ".js .jsx .ts .tsx .mjs .cjs .py .rb .go .rs .java .kt .swift .scala .cs .c .h .cpp .hpp .cc .php".split()
)
SHARED_PATH_RE = re.compile(r"(^|/)(lib|core|shared|common|utils|types)/")
#: A test file's own deps signal never goes above this (the 1-5 importers band).
TEST_FILE_DEPS_CAP = 1


def tier_of(score: int) -> str:
    if score <= 2:
        return "LOW"
    return "MED" if score <= 5 else "HIGH"


def loc_score(total: int) -> int:
    if total <= 20:
        return 0
    if total <= 80:
        return 1
    return 2 if total <= 200 else 3


def deps_score(count: int) -> int:
    if count == 0:
        return 0
    if count <= 5:
        return 1
    return 2 if count <= 20 else 3


@dataclass
class Signals:
    loc: int = 0
    added: int = 0
    removed: int = 0
    deps: int = 0
    dep_count: int = 0
    dep_tests: int = 0
    dep_type_only: int = 0
    dep_method: str = "text"
    dep_transitive: int | None = None
    shared: int = 0
    shared_match: bool = False
    api: int = 0
    api_hits: int = 0
    tests: int = 0
    test_hit: bool = False
    hist: int = 0
    prior: bool = False

    @property
    def total(self) -> int:
        return self.loc + self.deps + self.shared + self.api + self.tests + self.hist


@dataclass
class BlastResult:
    """One file's verdict. ``reason`` is set (and ``signals`` is None) for UNKNOWN."""

    file: str
    tier: str
    score: int | None = None
    reason: str | None = None
    signals: Signals | None = field(default=None)

    @property
    def token(self) -> str:
        """The changelog's radius field: ``radius:MED(4)`` or ``radius:UNKNOWN(no-git)``."""
        if self.reason is not None:
            return f"radius:UNKNOWN({self.reason})"
        return f"radius:{self.tier}({self.score})"


def unknown(file: str, reason: str) -> BlastResult:
    return BlastResult(file=file, tier="UNKNOWN", reason=reason)


# -- paths -------------------------------------------------------------------------------------


def _posix(path: str) -> str:
    return path.replace(os.sep, "/") if os.sep != "/" else path


def _stem(path: str) -> str:
    """Basename without its extension (``a.test.js`` -> ``a.test``; ``.env`` -> ``.env``)."""
    name = os.path.basename(path)
    stem, _ext = os.path.splitext(name)
    return stem


def _ext(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[1]


def _real_location(absolute: str) -> str:
    """``absolute`` with its folder's symlinks resolved (the file itself is left as named)."""
    head, tail = os.path.split(absolute)
    return os.path.join(os.path.realpath(head), tail) if tail else os.path.realpath(absolute)


# -- file facts --------------------------------------------------------------------------------


def synthesized_line_count(data: bytes) -> int:
    """Lines of a new file: a final newline ends the last line rather than starting another."""
    text = data.decode("utf-8", errors="replace")
    if text == "":
        return 0
    if text.endswith("\r\n"):
        text = text[:-2]
    elif text.endswith("\n"):
        text = text[:-1]
    return text.count("\n") + 1


# -- the scorer --------------------------------------------------------------------------------


def score_file(
    file_arg: str,
    cwd: Path | str | None = None,
    *,
    transitive: bool = False,
    graphs: Graphs | None = None,
) -> BlastResult:
    """Score one file edit. Never raises for bad input: problems become UNKNOWN reasons.

    ``transitive`` also counts the files that reach this one through chains of imports (shown
    by ``--verbose``). ``graphs`` lets one command scoring several files load each repository's
    import graph once.
    """
    base = Path(cwd) if cwd is not None else Path.cwd()
    absolute = os.path.normpath(os.path.join(os.path.abspath(base), file_arg))
    shown = _posix(os.path.relpath(absolute, os.path.abspath(base))) if file_arg else file_arg
    if not file_arg:
        return unknown(shown, "no-file-arg")
    if not git.is_work_tree(base):
        return unknown(shown, "no-git")
    top = git.toplevel(base)
    root = Path(os.path.realpath(top if top is not None else base))
    real = _real_location(absolute)
    rel = os.path.relpath(real, root)
    if rel == os.curdir:
        return unknown(shown, "is-directory")  # the repository root itself
    if rel == os.pardir or rel.startswith(os.pardir + os.sep) or os.path.isabs(rel):
        return unknown(shown, "outside-repo")
    root_rel = _posix(rel)
    if root_rel == ".git" or root_rel.startswith(".git/"):
        return unknown(shown, "outside-repo")

    exists = os.path.exists(real)
    change = git.numstat(root, root_rel)
    if not exists and (change is None or change == (0, 0) and not _listed_in_diff(root, root_rel)):
        return unknown(shown, "not-tracked")
    if exists and os.path.isdir(real):
        return unknown(shown, "is-directory")
    if exists and not os.path.isfile(real):
        return unknown(shown, "unreadable")  # a FIFO or device: reading it could block
    content: bytes | None = None
    if exists:
        content = read_bytes(real)
        if content is None or b"\0" in content[:BINARY_SNIFF]:
            return unknown(shown, "unreadable")

    signals = Signals()
    untracked = exists and not git.is_tracked(root, root_rel)
    if untracked:
        assert content is not None
        signals.added = synthesized_line_count(content)
    else:
        if change is None:
            change = git.numstat(root, root_rel, base=None)
        signals.added, signals.removed = change if change is not None else (0, 0)
    signals.loc = loc_score(signals.added + signals.removed)

    test_file = is_test_path(root_rel)
    edited = untracked or signals.added + signals.removed > 0
    if edited and not test_file and is_code(root_rel):
        after = content.decode("utf-8", errors="replace") if content is not None else None
        before = None if untracked else git.blob_text(root, root_rel)
        signals.api_hits = api_hits(
            root_rel, before, after, lambda: _added_lines(root, root_rel, after, untracked)
        )
    signals.api = 2 if signals.api_hits > 0 else 0

    stem = _stem(root_rel)
    found = dependents(
        root, root_rel, stem, transitive=transitive, graphs=graphs, deleted=not exists
    )
    signals.dep_count = found.count
    signals.dep_tests = found.tests
    signals.dep_type_only = found.type_only
    signals.dep_method = found.method
    signals.dep_transitive = found.transitive
    signals.deps = deps_score(found.weighted)
    if test_file:
        signals.deps = min(signals.deps, TEST_FILE_DEPS_CAP)
    signals.shared_match = SHARED_PATH_RE.search(root_rel.lower()) is not None
    signals.shared = 2 if signals.shared_match else 0
    signals.test_hit = test_credit(root, root_rel, stem, found.test_importers)
    signals.tests = -1 if signals.test_hit else 0
    signals.prior = history_mention(root, root_rel)
    signals.hist = 1 if signals.prior else 0

    total = signals.total
    return BlastResult(file=shown, tier=tier_of(total), score=total, signals=signals)


def is_code(root_rel: str) -> bool:
    """Code whose public API the API signal reads (the original's list plus the graph's)."""
    return _ext(root_rel) in CODE_EXTS or language_of(root_rel) is not None


def _added_lines(root: Path, root_rel: str, after: str | None, untracked: bool) -> list[str]:
    """Added lines with their ``+`` (the whole body of an untracked file), for the line test."""
    if untracked:
        text = (after or "").removesuffix("\n")
        return ["+" + line for line in text.split("\n")] if text else []
    diff = git.diff_text(root, root_rel) or ""
    return [ln for ln in diff.split("\n") if ln.startswith("+") and not ln.startswith("+++")]


def _listed_in_diff(root: Path, root_rel: str) -> bool:
    """True when ``git diff HEAD`` lists the path at all (a deleted empty file has 0/0 counts)."""
    result = git.run_git(["diff", "HEAD", "--name-only", "-z", "--", git.literal(root_rel)], root)
    return result.ok and bool(git.split_z(result.stdout))
