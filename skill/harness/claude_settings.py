"""Our SessionStart entry in a Claude Code settings file (``settings.local.json``/``settings.json``).

The file is the user's. Only the one entry whose hook command is exactly ours (as the receipt
records it) belongs to us. It is added and removed as text (:mod:`skill.harness.json_splice`), so
every other byte of the file, indentation included, stays as the user wrote it, and
uninstall gives back the file as it was before install.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from skill.errors import SkillError
from skill.harness import json_splice as splice
from skill.hooks import EVENT, is_ours

HOOKS = "hooks"


def load(rel: str, text: str | None) -> dict[str, Any]:
    """The settings object; SkillError when the file is not the JSON shape Claude Code reads."""
    if not text or not text.strip():
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SkillError(
            f"ERROR: {rel} is not valid JSON ({exc.msg}, line {exc.lineno}); "
            "fix it, then run the command again. Nothing was changed."
        ) from None
    if not isinstance(data, dict):
        raise SkillError(f"ERROR: {rel} does not hold a JSON object; nothing was changed.")
    hooks = data.get(HOOKS)
    if hooks is not None and not isinstance(hooks, dict):
        raise SkillError(f'ERROR: "{HOOKS}" in {rel} is not an object; nothing was changed.')
    if isinstance(hooks, dict) and hooks.get(EVENT) is not None and not isinstance(hooks[EVENT], list):
        raise SkillError(f'ERROR: "{HOOKS}.{EVENT}" in {rel} is not a list; nothing was changed.')
    return data


def _entries(text: str) -> tuple[splice.Node, splice.Node | None, splice.Node | None]:
    """The document, its ``hooks`` object and the ``SessionStart`` list (None when absent)."""
    root = splice.parse(text)
    hooks = root.member(HOOKS)
    event = hooks.member(EVENT) if hooks is not None else None
    return root, hooks, event


def _value(text: str, node: splice.Node) -> Any:
    return json.loads(text[node.start : node.end])


def _our_indexes(text: str, event: splice.Node | None, commands: Iterable[str]) -> list[int]:
    if event is None:
        return []
    wanted = list(commands)
    return [i for i, item in enumerate(event.children) if is_ours(_value(text, item), wanted)]


def extract(rel: str, text: str, commands: Iterable[str]) -> str | None:
    """Our entry (canonical JSON, keys sorted: the text the receipt hashes), or None."""
    load(rel, text)
    if not text.strip():
        return None
    _, _, event = _entries(text)
    found = _our_indexes(text, event, commands)
    if not found or event is None:
        return None
    return json.dumps(_value(text, event.children[found[0]]), sort_keys=True)


def merge(rel: str, existing: str | None, entry: dict[str, Any], commands: Iterable[str]) -> str:
    """The settings text with our entry added, or put in place of our earlier one."""
    load(rel, existing)
    if not existing or not existing.strip():
        return json.dumps({HOOKS: {EVENT: [entry]}}, indent=2) + "\n"
    text = existing
    root, hooks, event = _entries(text)
    unit = splice.indent_unit(text, root)
    if hooks is None:
        return splice.insert_last(text, root, HOOKS, {EVENT: [entry]}, unit)
    if event is None:
        return splice.insert_last(text, hooks, EVENT, [entry], unit)
    ours = _our_indexes(text, event, commands)
    if not ours:
        return splice.insert_last(text, event, None, entry, unit)
    for index in reversed(ours[1:]):  # a duplicate of ours (an older install) goes
        text = splice.remove_at(text, event, index)
        _, _, event = _entries(text)
        assert event is not None
    return splice.replace_value(text, event.children[ours[0]], entry, unit)


def containers_needed(rel: str, existing: str | None) -> tuple[str, ...]:
    """The containers :func:`merge` creates in ``existing`` to hold the entry."""
    data = load(rel, existing)
    hooks = data.get(HOOKS)
    if hooks is None:
        return (HOOKS, EVENT)
    return () if EVENT in hooks else (EVENT,)


def strip(
    rel: str, existing: str, commands: Iterable[str], containers: tuple[str, ...] | None = None
) -> str:
    """The settings text without our entry. A ``SessionStart`` list or ``hooks`` object it leaves
    empty goes too when install created it (``containers``; None: unknown, any empty one goes)."""
    load(rel, existing)
    if not existing.strip():
        return existing
    text = existing
    _, _, event = _entries(text)
    ours = _our_indexes(text, event, commands)
    if not ours:
        return text
    for index in reversed(ours):
        assert event is not None
        text = splice.remove_at(text, event, index)
        _, _, event = _entries(text)
    made = (HOOKS, EVENT) if containers is None else containers
    root, hooks, event = _entries(text)
    if EVENT in made and hooks is not None and event is not None and splice.is_empty(event):
        text = splice.remove_at(text, hooks, hooks.children.index(event))
        root, hooks, _ = _entries(text)
    if HOOKS in made and hooks is not None and splice.is_empty(hooks):
        text = splice.remove_at(text, root, root.children.index(hooks))
    return text


def holds_nothing(text: str) -> bool:
    """True when the settings text is empty or an empty object."""
    return not text.strip() or json.loads(text) == {}
