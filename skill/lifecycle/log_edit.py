"""``log-edit``: build one changelog line from git and state.md, check it, append it safely.

Everything is computed and validated *before* the plan lock is taken; under the lock the changelog
is read, the line appended, and the file replaced atomically. A line the schema would reject is
refused with the field and the reason, and nothing is written.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from skill.errors import SkillError, shown
from skill.plans.changelog import ChangelogEntry, format_line
from skill.plans.textio import leading_int, named_file_problem, open_regular, read_text


@dataclass(frozen=True)
class EditRequest:
    """What the agent passes. ``None`` means "compute it"."""

    file: str
    reason: str
    dref: str = "-"
    op: str | None = None
    step: str | None = None
    commit: str | None = None
    radius: str | None = None


@dataclass(frozen=True)
class LoggedEdit:
    plan_id: str
    changelog: Path
    entry: ChangelogEntry
    line: str

    def as_dict(self) -> dict[str, object]:
        return {
            "plan": self.plan_id,
            "changelog": str(self.changelog),
            "line": self.line,
            "entry": self.entry.as_dict(),
        }


@dataclass(frozen=True)
class ProjectPath:
    """A file named on the command line, checked to lie inside the project root."""

    absolute: str  # lexical absolute path
    real: str  # with the folder's symlinks resolved
    rel: str  # project-root-relative, forward slashes (the changelog's path field)


# -- the plan ----------------------------------------------------------------------------------


def active_plan(root: Path) -> str:
    from skill.plans.pointer import read_pointer, read_pointer_raw

    plans_dir = Path(root) / "plans"
    plan_id = read_pointer(plans_dir)
    if plan_id is None:
        raw = read_pointer_raw(plans_dir)
        detail = (
            f"plans/.current_plan names {shown(raw)}, which is not a plan folder"
            if raw
            else "there is no plans/.current_plan"
        )
        raise SkillError(
            f"ERROR: no active plan under {root}: {detail}.\n"
            "  Start one with 'bootstrap new \"goal\"', or pass --root to point at the project."
        )
    return plan_id


_SUB_STEP_RE = re.compile(r"[ \t]*([0-9]+\.[0-9]+)(?![0-9.])")


def step_from_state(root: Path, plan_id: str) -> str:
    """``iter-N/step-M`` (``step-M.K`` for a completion fix) from state.md's ``## Iteration:``
    and ``## Current Plan Step:``."""
    from skill.plans.state import read_state_fields

    state_path = Path(root) / "plans" / plan_id / "state.md"
    fields = read_state_fields(read_text(state_path))
    iteration = leading_int(fields.iteration)
    sub_step = _SUB_STEP_RE.match(fields.step or "")  # a completion fix of step M reads "M.K"
    step = sub_step.group(1) if sub_step else leading_int(fields.step)
    if iteration is None:
        raise SkillError(
            f"ERROR: cannot tell the iteration: plans/{plan_id}/state.md has "
            f"'## Iteration:' set to {shown(fields.iteration or '')}.\n"
            "  Fix that line (e.g. '## Iteration: 1') or pass --step iter-N/step-M."
        )
    if step is None:
        raise SkillError(
            f"ERROR: cannot tell the plan step: plans/{plan_id}/state.md has "
            f"'## Current Plan Step:' set to {shown(fields.step or '')}.\n"
            "  Set the step you are executing (e.g. '## Current Plan Step: 2 of 5') "
            "or pass --step iter-N/step-M."
        )
    return f"iter-{iteration}/step-{step}"


# -- the file ----------------------------------------------------------------------------------


def project_path(root: Path, name: str) -> ProjectPath:
    """Resolve ``name`` (relative to the project root, or absolute); refuse it outside the root."""
    if name.strip() == "" or "\0" in name:
        raise SkillError("ERROR: --file must name a file (it is empty or holds a NUL byte).", 2)
    root_abs = os.path.abspath(root)
    absolute = os.path.normpath(os.path.join(root_abs, name))
    rel = os.path.relpath(absolute, root_abs)
    if rel == os.curdir or rel == os.pardir or rel.startswith(os.pardir + os.sep):
        raise SkillError(
            f"ERROR: refusing to log {shown(name)}: it is outside the project root {root_abs}.\n"
            "  Log only files of this project; pass --root if the project is elsewhere."
        )
    head, tail = os.path.split(absolute)
    real = os.path.join(os.path.realpath(head), tail)
    real_root = os.path.realpath(root_abs)
    real_rel = os.path.relpath(real, real_root)
    if real_rel == os.pardir or real_rel.startswith(os.pardir + os.sep) or os.path.isabs(real_rel):
        raise SkillError(
            f"ERROR: refusing to log {shown(name)}: through a symlinked folder it resolves to {real},\n"
            f"  outside the project root {real_root}."
        )
    rel = rel.replace(os.sep, "/")
    if rel != rel.strip():
        raise SkillError(
            f"ERROR: refusing to log {shown(name)}: a changelog path cannot begin or end with "
            "whitespace (the line's fields are trimmed when read).\n  Rename the file first."
        )
    return ProjectPath(absolute=absolute, real=real, rel=rel)


def _line_count(path: str) -> int:
    """Lines of a new file, counted in chunks (memory stays small whatever its size); a final line
    ending ends the last line rather than starting another, as the scorer counts them."""
    fd = open_regular(path)
    if fd is None:
        raise SkillError(f"ERROR: cannot read {shown(path, 200)} as a regular file.")
    breaks = 0
    last = b""
    try:
        with os.fdopen(fd, "rb") as handle:
            while chunk := handle.read(1 << 20):
                breaks += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError as exc:
        raise SkillError(f"ERROR: cannot read {shown(path, 200)}: {exc.strerror}.") from None
    if not last:
        return 0
    return breaks if last == b"\n" else breaks + 1


def _status_letter(top: Path, args: list[str], git_rel: str) -> str | None:
    from skill.blast import git

    result = git.run_git(
        [*args, "--name-status", "-z", "--no-renames", "--", git.literal(git_rel)], top
    )
    if not result.ok:
        return None
    items = git.split_z(result.stdout)
    return items[0][:1] if items else None


def _counts(top: Path, args: list[str], git_rel: str) -> tuple[int, int]:
    from skill.blast import git

    result = git.run_git(
        [*args, "--numstat", "-z", "--no-renames", "--", git.literal(git_rel)], top
    )
    return git.sum_numstat(result.stdout) if result.ok else (0, 0)


def _op_from(letter: str | None, added: int, removed: int) -> str:
    if letter == "A":
        return f"CREATE(+{added})"
    if letter == "D":
        return f"DELETE(-{removed})"
    return f"EDIT(+{added},-{removed})"


def git_facts(root: Path, target: ProjectPath) -> tuple[str, str]:
    """(op, commit) for the file as git sees it.

    Uncommitted changes (staged or not, or an untracked file) give ``uncommitted`` and the op of
    the working tree against HEAD; a clean file gives HEAD's short hash and what HEAD did to it.
    """
    from skill.blast import git

    exists = os.path.lexists(target.absolute)
    if not git.is_work_tree(root):
        raise SkillError(
            f"ERROR: {root} is not in a git work tree, so the operation and its line counts "
            "cannot be computed.\n  Pass them yourself, e.g. --op 'EDIT(+3,-1)' --commit uncommitted."
        )
    top = Path(os.path.realpath(git.toplevel(root) or root))
    git_rel = os.path.relpath(target.real, top).replace(os.sep, "/")
    head = git.head_short(top)
    if head is None:  # no commit yet: everything is new
        if not exists:
            raise SkillError(
                f"ERROR: {target.rel} does not exist and the repository has no commits; "
                "nothing to compare with.\n  Pass --op (e.g. --op 'DELETE(-12)')."
            )
        return f"CREATE(+{_line_count(target.absolute)})", "uncommitted"
    letter = _status_letter(top, ["diff", "HEAD"], git_rel)
    if letter is not None:
        added, removed = _counts(top, ["diff", "HEAD"], git_rel)
        return _op_from(letter, added, removed), "uncommitted"
    if exists and not git.is_tracked(top, git_rel):
        return f"CREATE(+{_line_count(target.absolute)})", "uncommitted"
    tree_args = ["diff-tree", "--root", "-r", "--no-commit-id", "HEAD"]
    letter = _status_letter(top, tree_args, git_rel)
    if not exists and letter != "D":
        raise SkillError(
            f"ERROR: {target.rel} does not exist and git has no record of it being deleted.\n"
            "  Check the path, or pass --op (e.g. --op 'RENAME(old→new)')."
        )
    added, removed = _counts(top, tree_args, git_rel) if letter else (0, 0)
    return _op_from(letter, added, removed), head


# -- building and writing ----------------------------------------------------------------------


def build_entry(
    root: Path, plan_id: str, request: EditRequest, now: datetime | None = None
) -> tuple[ChangelogEntry, str]:
    """The entry and its line, every field computed or taken from ``request``; raises SkillError."""
    from skill.plans.ids import utc_timestamp

    target = project_path(root, request.file)
    if os.path.isdir(target.absolute):
        raise SkillError(
            f"ERROR: {target.rel} is a folder; log-edit records one file per line.\n"
            "  Run it once for each file you changed."
        )
    problem = named_file_problem(target.absolute)
    if problem is not None:
        raise SkillError(
            f"ERROR: refusing to log {shown(target.rel)}: {problem}.\n"
            "  log-edit records edits to regular files; nothing was read or written."
        )
    step = request.step if request.step is not None else step_from_state(root, plan_id)
    op, commit = request.op, request.commit
    if op is None or commit is None:
        git_op, git_commit = git_facts(root, target)
        op = git_op if op is None else op
        commit = git_commit if commit is None else commit
    radius = request.radius
    if radius is None:
        from skill.blast.score import score_file

        radius = score_file(target.absolute, root).token
    entry = ChangelogEntry(
        ts=utc_timestamp(now),
        step=step,
        commit=commit,
        path=target.rel,
        op=op,
        radius=radius,
        dref=request.dref,
        reason=request.reason.strip(),
    )
    try:
        line = format_line(entry)
    except ValueError as exc:
        raise SkillError(
            f"ERROR: refusing to write this changelog line: {exc}.\n  Nothing was written."
        ) from None
    return entry, line


def dref_known(root: Path, plan_id: str, dref: str) -> bool:
    """True when decisions.md has an entry ``## <dref> | …`` (outside comments and code)."""
    from skill.plans import decisions

    text = read_text(Path(root) / "plans" / plan_id / "decisions.md")
    return text is not None and decisions.parse(text).has(dref)


def append_line(root: Path, plan_id: str, line: str) -> Path:
    """Append ``line`` to the plan's changelog.md in a checked edit (under the plan's lock)."""
    from skill.plans.edit import checked_edit
    from skill.plans.layout import CHANGELOG_MD
    from skill.plans.store import Store

    store = Store(Path(root))
    plan_dir = store.plan_dir(plan_id)
    if not plan_dir.is_dir():
        raise SkillError(f"ERROR: plan folder {plan_dir} is gone; nothing was written.")
    changelog = plan_dir / CHANGELOG_MD
    with checked_edit(store, plan_id, "log-edit") as edit:
        if not plan_dir.is_dir():
            raise SkillError(f"ERROR: plan folder {plan_dir} was removed; nothing was written.")
        current = edit.read(CHANGELOG_MD)
        if current is None:
            if changelog.exists() or changelog.is_symlink():
                raise SkillError(f"ERROR: cannot read {changelog}; nothing was written.")
            from skill.plans.render import render

            current = render("changelog")
        if current and not current.endswith("\n"):
            current += "\n"
        edit.write(CHANGELOG_MD, current + line + "\n")
    return changelog


def log_edit(root: Path, request: EditRequest, now: datetime | None = None) -> LoggedEdit:
    plan_id = active_plan(root)
    entry, line = build_entry(root, plan_id, request, now)
    changelog = append_line(root, plan_id, line)
    return LoggedEdit(plan_id=plan_id, changelog=changelog, entry=entry, line=line)
