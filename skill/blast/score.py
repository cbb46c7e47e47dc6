"""The six blast-radius signals, their weights and the tier.

``score = loc + deps + shared + api + tests + hist`` (from -1 to 11); LOW up to 2, MED up to 5,
HIGH from 6. The score is advisory: it never gates anything, and every failure to compute it
becomes ``UNKNOWN(<reason>)`` rather than an error.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from skill.blast import git

CODE_EXTS = frozenset(
    ".js .jsx .ts .tsx .mjs .cjs .py .rb .go .rs .java .kt .swift .scala .cs .c .h .cpp .hpp .cc .php".split()
)
SHARED_PATH_RE = re.compile(r"(^|/)(lib|core|shared|common|utils|types)/")
API_LINE_RE = re.compile(r"^\+\s*(export\b|pub\s|public\s|def\s+[a-z]|func\s+[A-Z])")
TEST_DIR_RE = re.compile(r"(^|/)(tests?|specs?|__tests__)/", re.IGNORECASE)
TEST_NAME_RE = re.compile(r"\.(test|spec)\.")
#: Directories the fallback scan (used only when ``git grep`` fails) never enters.
SKIPPED_DIRS = frozenset({".git", "node_modules", "dist", "plans"})
BINARY_SNIFF = 8000
READ_CAP = 4 * 1024 * 1024


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


def _read_bytes(path: str, cap: int = READ_CAP) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read(cap)
    except OSError:
        return None


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


# -- signals -----------------------------------------------------------------------------------


def _reverse_dep_pattern(stem: str) -> str:
    base = re.sub(r"[.*+?^${}()|\[\]\\]", lambda m: "\\" + m.group(0), stem)
    return (
        f"(from ['\"][^'\"]*{base}['\"]"
        f"|require\\(['\"][^'\"]*{base}['\"]\\)"
        f"|import [^;]*{base}"
        f"|use [a-zA-Z0-9_:]*{base}"
        f'|include ["<][^">]*{base})'
    )


def _count_dependents(root: Path, root_rel: str, stem: str) -> int:
    if not stem or "\n" in stem or "\r" in stem:
        return 0
    pattern = _reverse_dep_pattern(stem)
    result = git.run_git(
        [
            "grep",
            "-E",
            "-l",
            "-z",
            "-I",
            "--untracked",
            "--no-color",
            "-e",
            pattern,
            "--",
            ":(top)",
            git.exclude_literal(root_rel),
            ":(top,exclude)plans/",
        ],
        root,
    )
    if result.ok:
        return len([name for name in git.split_z(result.stdout) if name != root_rel])
    if result.no_match:
        return 0
    return _scan_dependents(root, root_rel, pattern, _ext(root_rel))


def _scan_dependents(root: Path, root_rel: str, pattern: str, ext: str) -> int:
    """Fallback when ``git grep`` fails: walk the tree in Python (same extension only)."""
    regex = re.compile(pattern)
    deadline = time.monotonic() + git.git_timeout()
    count = 0
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS]
        for name in files:
            if ext and not name.endswith(ext):
                continue
            full = os.path.join(folder, name)
            rel = _posix(os.path.relpath(full, root))
            if rel == root_rel:
                continue
            data = _read_bytes(full)
            if data is not None and b"\0" not in data[:BINARY_SNIFF]:
                if regex.search(data.decode("utf-8", errors="replace")):
                    count += 1
        if time.monotonic() > deadline:
            break
    return count


def _api_hits(lines: list[str]) -> int:
    return sum(1 for line in lines if API_LINE_RE.match(line))


def _changed_paths(root: Path) -> list[str]:
    """Paths changed against HEAD (or the index) plus untracked ones, root-relative."""
    paths: list[str] = []
    for args in (["diff", "HEAD"], ["diff"]):
        result = git.run_git([*args, "--name-only", "-z", "--no-renames"], root)
        if result.ok:
            paths.extend(git.split_z(result.stdout))
            break
    status = git.run_git(["status", "--porcelain", "-z", "--untracked-files=all"], root)
    if status.ok:
        records = status.stdout.split("\0")
        index = 0
        while index < len(records):
            record = records[index]
            index += 1
            if len(record) < 4:
                continue
            if record.startswith("??"):
                paths.append(record[3:])
            elif record[0] in "RC":
                index += 1  # a rename/copy carries its source path as the next record
    return list(dict.fromkeys(paths))  # first occurrence of each path, in order


def _test_credit(root: Path, root_rel: str, stem: str) -> bool:
    if not stem:
        return False
    needle = re.compile(re.escape(stem))
    for candidate in _changed_paths(root):
        if candidate == root_rel:
            continue
        if not (TEST_DIR_RE.search(candidate) or TEST_NAME_RE.search(candidate)):
            continue
        data = _read_bytes(str(root / candidate))
        if data and needle.search(data.decode("utf-8", errors="replace")):
            return True
    return False


def _history_mention(root: Path, root_rel: str) -> bool:
    from skill.plans.pointer import read_pointer
    from skill.plans.textio import read_text

    plan_id = read_pointer(root / "plans")
    if plan_id is None:
        return False
    plan_dir = root / "plans" / plan_id
    candidates = [plan_dir / "state.md"]
    checkpoints = plan_dir / "checkpoints"
    try:
        candidates += sorted(p for p in checkpoints.iterdir() if p.name.endswith(".md"))
    except OSError:
        pass
    regex = re.compile(rf"(`|\s){re.escape(root_rel)}(`|\s|\Z)")
    for path in candidates:
        text = read_text(path)
        if text is not None and regex.search(text):
            return True
    return False


# -- the scorer --------------------------------------------------------------------------------


def score_file(file_arg: str, cwd: Path | str | None = None) -> BlastResult:
    """Score one file edit. Never raises for bad input: problems become UNKNOWN reasons."""
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
        content = _read_bytes(real)
        if content is None or b"\0" in content[:BINARY_SNIFF]:
            return unknown(shown, "unreadable")

    signals = Signals()
    untracked = exists and os.path.isfile(real) and not git.is_tracked(root, root_rel)
    code = _ext(root_rel) in CODE_EXTS
    if untracked:
        assert content is not None
        signals.added = synthesized_line_count(content)
        if code:
            text = content.decode("utf-8", errors="replace")
            if text.endswith("\n"):
                text = text[:-1]
            body = text.split("\n") if text else []
            signals.api_hits = _api_hits(["+" + line for line in body])
    else:
        if change is None:
            change = git.numstat(root, root_rel, base=None)
        signals.added, signals.removed = change if change is not None else (0, 0)
        if code:
            diff = git.diff_text(root, root_rel) or ""
            added = [
                ln for ln in diff.split("\n") if ln.startswith("+") and not ln.startswith("+++")
            ]
            signals.api_hits = _api_hits(added)
    signals.loc = loc_score(signals.added + signals.removed)
    signals.api = 2 if signals.api_hits > 0 else 0

    stem = _stem(root_rel)
    signals.dep_count = _count_dependents(root, root_rel, stem)
    signals.deps = deps_score(signals.dep_count)
    signals.shared_match = SHARED_PATH_RE.search(root_rel.lower()) is not None
    signals.shared = 2 if signals.shared_match else 0
    signals.test_hit = _test_credit(root, root_rel, stem)
    signals.tests = -1 if signals.test_hit else 0
    signals.prior = _history_mention(root, root_rel)
    signals.hist = 1 if signals.prior else 0

    total = signals.total
    return BlastResult(file=shown, tier=tier_of(total), score=total, signals=signals)


def _listed_in_diff(root: Path, root_rel: str) -> bool:
    """True when ``git diff HEAD`` lists the path at all (a deleted empty file has 0/0 counts)."""
    result = git.run_git(["diff", "HEAD", "--name-only", "-z", "--", git.literal(root_rel)], root)
    return result.ok and bool(git.split_z(result.stdout))
