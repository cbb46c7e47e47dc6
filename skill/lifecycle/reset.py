"""``bootstrap reset-attempts``: empty the active plan's ``## Fix Attempts`` section."""

from __future__ import annotations

import re

from skill.errors import SkillError
from skill.plans.pointer import read_pointer
from skill.plans.store import Store, atomic_write_text
from skill.plans.textio import read_raw

RESET_PLACEHOLDER = "- (none yet for current step)"
_HEADING_RE = re.compile(r"^## Fix Attempts(?:[ \t]+\(.*\))?[ \t]*$", re.MULTILINE)
_NEXT_HEADING_RE = re.compile(r"^#{1,6}[ \t]", re.MULTILINE)


def reset_fix_attempts_text(text: str) -> str:
    """The section body replaced by the placeholder; ``###`` subsections end it too.

    Raises ValueError when there is no ``## Fix Attempts`` heading line.
    """
    newline = "\r\n" if "\r\n" in text else "\n"
    body = text.replace("\r\n", "\n")
    heading = _HEADING_RE.search(body)
    if heading is None:
        raise ValueError("no '## Fix Attempts' section")
    body_start = heading.end() + 1 if heading.end() < len(body) else heading.end()
    nxt = _NEXT_HEADING_RE.search(body, body_start)
    if nxt is None:
        tail = ""
    else:
        tail = body[nxt.start() :]
    # Keep a single blank line before the next heading when the original had one.
    section = body[body_start : nxt.start() if nxt else len(body)]
    gap = "\n" if section.endswith("\n\n") and tail else ""
    head = body[: heading.end()] + "\n"
    result = head + RESET_PLACEHOLDER + "\n" + gap + tail
    return result.replace("\n", newline) if newline != "\n" else result


def reset_attempts(store: Store) -> list[str]:
    plan_id = read_pointer(store.plans_dir)
    if plan_id is None:
        raise SkillError(
            "ERROR: No active plan. reset-attempts works on the active plan's state.md."
        )
    path = store.plan_dir(plan_id) / "state.md"
    with store.plan_lock(plan_id):
        raw = read_raw(path)
        if raw is None:
            raise SkillError(f"ERROR: cannot read {path.resolve()}.")
        try:
            updated = reset_fix_attempts_text(raw)
        except ValueError:
            raise SkillError(
                "ERROR: no '## Fix Attempts' section found in state.md.\n"
                "  Add the heading '## Fix Attempts (resets per plan step)' and run this again."
            ) from None
        if updated != raw:
            atomic_write_text(path, updated)
    return [
        f"Fix Attempts reset for active plan {plan_id}.",
        f"  state.md '## Fix Attempts' → \"{RESET_PLACEHOLDER}\"",
        "  The pre-step gate counts 0 attempts on the next EXECUTE step.",
    ]
