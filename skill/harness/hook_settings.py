"""Our parts of a hooks settings file: Claude Code's ``settings.local.json``/``settings.json`` and
Codex's ``hooks.json``.

The file is the user's. Ours are: the ``SessionStart`` entry, the ``PreToolUse`` entry (the write
guard) and, in Claude Code's file when asked for, ``statusLine`` — each only when it runs exactly one
of our command lines (:mod:`skill.hooks.registration`). They are added, replaced and removed as
text (:mod:`skill.harness.json_splice`), so every other byte of the file stays as the user wrote it
and uninstall gives the file back as it was. A ``statusLine`` of the user's is never replaced.

The receipt hashes :func:`canonical` of our parts: a lone ``SessionStart`` entry hashes as the entry
itself (what earlier versions recorded), any other set as one object keyed by part.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from skill.errors import SkillError
from skill.harness import json_splice as splice
from skill.harness.base import NOBODY, Owned
from skill.hooks.registration import (
    EVENTS,
    PRE_TOOL_USE,
    SESSION_START,
    STATUS_LINE,
    hook_entry,
    is_our_status_line,
    is_ours,
    our_lines,
    status_line_entry,
)

HOOKS = "hooks"


def load(rel: str, text: str | None) -> dict[str, Any]:
    """The settings object; SkillError when the file is not the JSON shape the harness reads."""
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
    for event in EVENTS:
        if isinstance(hooks, dict) and hooks.get(event) is not None and not isinstance(hooks[event], list):
            raise SkillError(f'ERROR: "{HOOKS}.{event}" in {rel} is not a list; nothing was changed.')
    return data


def canonical(parts: Mapping[str, Any]) -> str:
    """The text the receipt hashes for these parts (keys sorted)."""
    if set(parts) == {SESSION_START}:
        return json.dumps(parts[SESSION_START], sort_keys=True)
    return json.dumps(dict(parts), sort_keys=True)


def parse_block(block: str) -> dict[str, Any]:
    """:func:`canonical`'s inverse."""
    data = json.loads(block)
    if isinstance(data, dict) and "matcher" in data and HOOKS in data:
        return {SESSION_START: data}
    assert isinstance(data, dict)
    return data


def _value(text: str, node: splice.Node) -> Any:
    return json.loads(text[node.start : node.end])


def _event_list(text: str, event: str) -> tuple[splice.Node, splice.Node | None, splice.Node | None]:
    root = splice.parse(text)
    hooks = root.member(HOOKS)
    return root, hooks, hooks.member(event) if hooks is not None else None


def _our_indexes(text: str, items: splice.Node | None, lines: set[str]) -> list[int]:
    if items is None:
        return []
    return [i for i, item in enumerate(items.children) if is_ours(_value(text, item), lines)]


def found_parts(rel: str, text: str | None, prefixes: Iterable[str]) -> dict[str, Any]:
    """Our parts as they are in the file (the first entry of ours per event)."""
    load(rel, text)
    if not text or not text.strip():
        return {}
    prefixes = list(prefixes)
    found: dict[str, Any] = {}
    for event in EVENTS:
        _, _, items = _event_list(text, event)
        ours = _our_indexes(text, items, our_lines(event, prefixes))
        if ours and items is not None:
            found[event] = _value(text, items.children[ours[0]])
    status = splice.parse(text).member(STATUS_LINE)
    if status is not None and is_our_status_line(_value(text, status), our_lines(STATUS_LINE, prefixes)):
        found[STATUS_LINE] = _value(text, status)
    return found


def extract(rel: str, text: str, prefixes: Iterable[str]) -> str | None:
    """:func:`canonical` of our parts in the file, or None when there are none."""
    found = found_parts(rel, text, prefixes)
    return canonical(found) if found else None


def foreign_status_line(rel: str, text: str | None, prefixes: Iterable[str]) -> Any | None:
    """The user's own ``statusLine`` (one that is not ours), or None."""
    data = load(rel, text)
    value = data.get(STATUS_LINE)
    if value is None or is_our_status_line(value, our_lines(STATUS_LINE, prefixes)):
        return None
    return value


def _put_event(text: str, event: str, entry: Any, lines: set[str]) -> str:
    root, hooks, items = _event_list(text, event)
    unit = splice.indent_unit(text, root)
    if hooks is None:
        return splice.insert_last(text, root, HOOKS, {event: [entry]}, unit)
    if items is None:
        return splice.insert_last(text, hooks, event, [entry], unit)
    ours = _our_indexes(text, items, lines)
    if not ours:
        return splice.insert_last(text, items, None, entry, unit)
    for index in reversed(ours[1:]):  # a duplicate of ours (an older install) goes
        text = splice.remove_at(text, items, index)
        _, _, items = _event_list(text, event)
        assert items is not None
    return splice.replace_value(text, items.children[ours[0]], entry, unit)


def _drop_event(text: str, event: str, lines: set[str]) -> str:
    _, _, items = _event_list(text, event)
    for index in reversed(_our_indexes(text, items, lines)):
        assert items is not None
        text = splice.remove_at(text, items, index)
        _, _, items = _event_list(text, event)
    return text


def _put_status_line(text: str, value: Any, lines: set[str]) -> str:
    root = splice.parse(text)
    unit = splice.indent_unit(text, root)
    node = root.member(STATUS_LINE)
    if node is None:
        return splice.insert_last(text, root, STATUS_LINE, value, unit)
    if is_our_status_line(_value(text, node), lines):
        return splice.replace_value(text, node, value, unit)
    return text  # the user's own: never replaced


def _drop_status_line(text: str, lines: set[str]) -> str:
    root = splice.parse(text)
    node = root.member(STATUS_LINE)
    if node is not None and is_our_status_line(_value(text, node), lines):
        return splice.remove_at(text, root, root.children.index(node))
    return text


def merge(
    rel: str,
    existing: str | None,
    parts: Mapping[str, Any],
    prefixes: Iterable[str],
    containers: tuple[str, ...] | None = (),
) -> str:
    """The file's text with our parts put in (added, or in place of our earlier ones); parts of
    ours that are no longer wanted (the guard turned off, the status line not asked for) go, with
    an event list they leave empty when install created it (``containers``, as in :func:`strip`)."""
    load(rel, existing)
    prefixes = list(prefixes)
    if not existing or not existing.strip():
        data: dict[str, Any] = {}
        lists = {event: [parts[event]] for event in EVENTS if event in parts}
        if lists:
            data[HOOKS] = lists
        if STATUS_LINE in parts:
            data[STATUS_LINE] = parts[STATUS_LINE]
        return json.dumps(data, indent=2) + "\n"
    text = existing
    made = (HOOKS, *EVENTS) if containers is None else containers
    for event in EVENTS:
        lines = our_lines(event, prefixes)
        if event in parts:
            text = _put_event(text, event, parts[event], lines)
            continue
        dropped = _drop_event(text, event, lines)
        if dropped == text:
            continue
        text = dropped
        _, container, items = _event_list(text, event)
        if event in made and container is not None and items is not None and splice.is_empty(items):
            text = splice.remove_at(text, container, container.children.index(items))
    lines = our_lines(STATUS_LINE, prefixes)
    if STATUS_LINE in parts:
        text = _put_status_line(text, parts[STATUS_LINE], lines)
    else:
        text = _drop_status_line(text, lines)
    return text


def containers_needed(rel: str, existing: str | None, parts: Iterable[str] = EVENTS) -> tuple[str, ...]:
    """The containers :func:`merge` creates in ``existing`` to hold ``parts``: ``hooks`` and the
    event lists that are not there yet."""
    data = load(rel, existing)
    hooks = data.get(HOOKS)
    events = tuple(event for event in EVENTS if event in set(parts))
    if hooks is None:
        return (HOOKS, *events) if events else ()
    return tuple(event for event in events if event not in hooks)


def strip(
    rel: str, existing: str, prefixes: Iterable[str], containers: tuple[str, ...] | None = None
) -> str:
    """The file's text without our parts. An event list or ``hooks`` object they leave empty goes
    too when install created it (``containers``; None: unknown, any empty one goes)."""
    load(rel, existing)
    if not existing.strip():
        return existing
    prefixes = list(prefixes)
    text = existing
    for event in EVENTS:
        text = _drop_event(text, event, our_lines(event, prefixes))
    text = _drop_status_line(text, our_lines(STATUS_LINE, prefixes))
    made = (HOOKS, *EVENTS) if containers is None else containers
    for event in EVENTS:
        root, hooks, items = _event_list(text, event)
        if event in made and hooks is not None and items is not None and splice.is_empty(items):
            text = splice.remove_at(text, hooks, hooks.children.index(items))
    root = splice.parse(text)
    hooks = root.member(HOOKS)
    if HOOKS in made and hooks is not None and splice.is_empty(hooks):
        text = splice.remove_at(text, root, root.children.index(hooks))
    return text


def holds_nothing(text: str) -> bool:
    """True when the text is empty or an empty object."""
    return not text.strip() or json.loads(text) == {}


def natural_order(parts: dict[str, object]) -> dict[str, object]:
    """Entries rebuilt in their natural key order (the receipt's canonical form sorts keys)."""
    out: dict[str, object] = {}
    for event in (SESSION_START, PRE_TOOL_USE):
        entry = parts.get(event)
        if isinstance(entry, dict):
            hook = entry["hooks"][0]
            rebuilt = hook_entry(hook["command"], entry["matcher"])
            out[event] = rebuilt if rebuilt == entry else entry
    status = parts.get(STATUS_LINE)
    if isinstance(status, dict):
        rebuilt_status = status_line_entry(status["command"])
        out[STATUS_LINE] = rebuilt_status if rebuilt_status == status else status
    return out


class SettingsBlocks:
    """The block methods of a target whose shared file is a hooks settings file: our "block" is
    our entries in it, identified by the command prefixes the receipt records."""

    def block_extract(self, rel: str, text: str, owned: Owned = NOBODY) -> str | None:
        return extract(rel, text, sorted(owned.commands))

    def block_lead(self, rel: str, existing: str | None) -> str:
        return ""

    def block_containers(self, rel: str, existing: str | None, block: str = "") -> tuple[str, ...]:
        return containers_needed(rel, existing, parse_block(block) if block else ())

    def block_merge(self, rel: str, existing: str | None, block: str, owned: Owned = NOBODY) -> str:
        return merge(rel, existing, natural_order(parse_block(block)), sorted(owned.commands), owned.containers)

    def block_strip(self, rel: str, existing: str, owned: Owned = NOBODY) -> str:
        return strip(rel, existing, sorted(owned.commands), owned.containers)

    def block_leaves_nothing(self, rel: str, rest: str) -> bool:
        return holds_nothing(rest)
