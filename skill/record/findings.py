"""``finding add``, ``finding constraint`` and ``finding correct``: findings.md and the topic files.

States (SKILL.md's lifecycle matrix): findings.md and findings/* are written in EXPLORE and, for
corrections and ghost constraints, in PIVOT. ``finding correct`` is also allowed in REFLECT,
because the REFLECT → EXPLORE route says to update contradicted findings first.
"""

from __future__ import annotations

import posixpath
import re

from skill.errors import SkillError, refusal
from skill.plans import findings
from skill.plans.layout import FINDINGS_MD
from skill.plans.store import Store
from skill.record.common import command, defuse, iteration, recording, require_file, text_value
from skill.record.result import Recorded

WRITE_STATES = ("EXPLORE", "PIVOT")
CORRECT_STATES = ("EXPLORE", "REFLECT", "PIVOT")
_WRITE_WHY = "findings.md and findings/* are written in EXPLORE, and in PIVOT for corrections"


def _write_remedy() -> str:
    return (
        "Findings are read-only in this state. More context needed? Go back to EXPLORE "
        f"({command('transition EXPLORE')}) where the protocol allows it."
    )


def _topic(value: str) -> str:
    topic = defuse(value)
    if not topic:
        raise SkillError("ERROR: TOPIC is empty.\n  Nothing was written.", 2)
    if "[" in topic or "]" in topic:
        raise SkillError(
            f"ERROR: TOPIC {topic!r} holds '[' or ']', which would break the Index link.\n"
            "  Name the topic without brackets. Nothing was written.",
            2,
        )
    return topic


def finding_add(store: Store, topic: str, summary: str, body: str | None = None) -> Recorded:
    """Index ``topic`` in findings.md and make sure its topic file exists (``body`` replaces it)."""
    title = _topic(topic)
    line_summary = text_value(summary, "--summary")
    if body is not None and not body.strip():
        raise SkillError("ERROR: the body is empty.\n  Nothing was written.", 2)
    try:
        name = findings.slug(title) + ".md"
    except ValueError as exc:
        raise SkillError(f"ERROR: {exc}.\n  Nothing was written.", 2) from None
    target = findings.topic_target(name)
    reserved = findings.RESERVED_TOPIC_RE.fullmatch(name[:-3]) is not None
    with recording(store, "finding add", WRITE_STATES, _WRITE_WHY, _write_remedy()) as (edit, result):
        existing = edit.read(target)  # read first, so the topic file is written before the Index
        index_text = require_file(edit, FINDINGS_MD)
        exists = existing is not None and existing.strip() != ""
        if reserved and (body is not None or not exists):
            raise refusal(
                edit.what,
                f"{target} is a reviewer or hygiene-sweep report name, with a layout of its own.",
                ["Those reports are written by their agents; choose another topic name."],
            )
        if body is not None:
            content = findings.topic_from_body(title, body.replace("\r\n", "\n"))
            missing = findings.missing_topic_sections(content)
            if missing:
                raise refusal(
                    edit.what,
                    f"the body lacks the topic file section(s): {', '.join('## ' + m for m in missing)}.",
                    [
                        "Give all five sections (Summary, Key Findings, Constraints, Code Patterns, Risks & "
                        f"Unknowns; layout: {command('emit-template --name findings')}), or a plain "
                        "text without sections, which becomes the Summary.",
                    ],
                )
            edit.write(target, content)
            result.notes.append(f"{target} written from the body.")
        elif not exists:
            content = findings.topic_skeleton(title, line_summary)
            edit.write(target, content)
            result.notes.append(f"{target} created with its five sections: fill in the placeholders.")
        else:
            content = existing or ""
            result.notes.append(f"{target} kept as it is.")
        line = findings.index_line(title, target, line_summary)
        new_index = findings.set_index_line(index_text, title, target, line_summary)
        edit.write(FINDINGS_MD, new_index)
    result.lines = [line]
    count = findings.indexed_count(new_index)
    result.data = {"file": target, "indexed": count}
    lines = content.count("\n")
    if lines > findings.TOPIC_MAX_LINES:
        result.warnings.append(f"WARNING: {target} has {lines} lines; keep a topic file within {findings.TOPIC_MAX_LINES}.")
    return result


def finding_constraint(store: Store, kind: str, text: str) -> Recorded:
    """One ``- KIND: text`` line under findings.md ``## Key Constraints``."""
    label = kind.strip().upper()
    if label not in findings.CONSTRAINT_KINDS:
        raise SkillError(
            f"ERROR: --kind must be one of {', '.join(findings.CONSTRAINT_KINDS)} (got {kind!r}).\n"
            "  Nothing was written.",
            2,
        )
    constraint = text_value(text, "TEXT")
    with recording(store, "finding constraint", WRITE_STATES, _WRITE_WHY, _write_remedy()) as (edit, result):
        edit.write(FINDINGS_MD, findings.add_constraint(require_file(edit, FINDINGS_MD), label, constraint))
    result.lines = [findings.constraint_line(label, constraint)]
    if not result.written:
        result.notes.append("That constraint is already listed; nothing changed.")
    return result


_PLAN_PREFIX_RE = re.compile(r"^(?:.*/)?plans/[^/]+/")


def topic_name(value: str) -> str | None:
    """``findings/<name>.md`` for FILE given as that, ``<name>.md``, ``<name>`` or a path through the
    plan folder; None for findings.md itself. ValueError when it names no topic file."""
    path = _PLAN_PREFIX_RE.sub("", value.strip().replace("\\", "/"))
    if path == FINDINGS_MD:
        return None
    if path.startswith(findings.TOPIC_FOLDER + "/"):
        path = path[len(findings.TOPIC_FOLDER) + 1 :]
    if not path.endswith(".md"):
        path += ".md"
    if not path or "/" in path or path.startswith(".") or posixpath.basename(path) != path:
        raise ValueError(f"{value!r} names no file in the plan's findings/ folder")
    return findings.topic_target(path)


def finding_correct(store: Store, file: str, note: str) -> Recorded:
    """A ``[CORRECTED iter-N]`` line in findings.md ``## Corrections`` and in the topic file."""
    text = text_value(note, "--note")
    try:
        target = topic_name(file)
    except ValueError as exc:
        raise SkillError(f"ERROR: FILE: {exc}.\n  Nothing was written.", 2) from None
    why = "findings are corrected in EXPLORE, REFLECT and PIVOT"
    remedy = "Note the correction once the plan is back in one of those states."
    with recording(store, "finding correct", CORRECT_STATES, why, remedy) as (edit, result):
        topic_text = edit.read(target) if target is not None else None  # written before findings.md
        index_text = require_file(edit, FINDINGS_MD)
        number = iteration(edit)
        if target is not None:
            if topic_text is None:
                raise refusal(
                    edit.what,
                    f"plans/{result.plan_id}/{target} does not exist.",
                    ["Name an existing topic file (see findings.md ## Index)."],
                )
            edit.write(target, findings.add_correction(topic_text, findings.correction_line(number, text)))
        line = findings.correction_line(number, text, target)
        edit.write(FINDINGS_MD, findings.add_correction(index_text, line))
    result.lines = [line]
    result.data = {"file": target, "iteration": number}
    return result
