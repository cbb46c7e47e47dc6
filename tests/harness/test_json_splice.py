"""Text-level JSON edits of hooks settings files (Claude Code, Codex) and the Codex trust reader,
in-process."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from skill.harness import hook_settings, json_splice
from skill.harness.codex import scan_trust, trusted_projects
from skill.hooks.registration import claude_hook_entry, parts_for

OURS = "ipx hook session-start"
ENTRY = claude_hook_entry(OURS)

_scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=5))
_values = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=4), inner, max_size=3)), max_leaves=8)
_hooks = st.dictionaries(st.sampled_from(["Stop", "PreToolUse", "SessionStart"]),
                         st.lists(st.fixed_dictionaries({"matcher": st.text(max_size=4)}), max_size=2),
                         max_size=2)
_settings = st.builds(
    lambda rest, hooks, with_hooks, status: {
        **rest,
        **({"hooks": hooks} if with_hooks else {}),
        **({"statusLine": {"type": "command", "command": status}} if status else {}),
    },
    st.dictionaries(st.text(max_size=6).filter(lambda k: k not in ("hooks", "statusLine")), _values, max_size=4),
    _hooks,
    st.booleans(),
    st.sampled_from(["", "their-statusline.sh"]),
)


def _not_hooks(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "hooks"}


@settings(max_examples=200, deadline=None)
@given(
    _settings,
    st.sampled_from([None, 0, 1, 2, 4, "\t"]),
    st.sampled_from(["", "\n", "\r\n"]),
    st.booleans(),
    st.booleans(),
)
def test_add_then_remove_gives_the_same_bytes(data, indent, tail, guard, statusline):
    text = json.dumps(data, indent=indent, ensure_ascii=False)
    if tail == "\r\n":
        text = text.replace("\n", "\r\n")
    text += tail
    theirs = hook_settings.foreign_status_line("s.json", text, ["ipx"])
    assert (theirs is not None) == ("statusLine" in data)
    parts = parts_for("ipx", "claude", guard=guard, statusline=statusline and theirs is None)
    made = hook_settings.containers_needed("s.json", text, parts)
    merged = hook_settings.merge("s.json", text, parts, ["ipx"])
    loaded = json.loads(merged)
    assert loaded["hooks"]["SessionStart"][-1] == ENTRY
    guards = [e for e in loaded["hooks"].get("PreToolUse", []) if "hooks" in e]
    assert guards == ([parts["PreToolUse"]] if guard else [])
    assert loaded.get("statusLine") == (data.get("statusLine") or parts.get("statusLine"))
    assert _not_hooks({k: v for k, v in loaded.items() if k != "statusLine"}) == _not_hooks(
        {k: v for k, v in data.items() if k != "statusLine"}
    )
    assert hook_settings.extract("s.json", merged, ["ipx"]) == hook_settings.canonical(parts)
    assert hook_settings.extract("s.json", merged, ["other"]) is None
    assert hook_settings.strip("s.json", merged, ["ipx"], made) == text  # byte for byte
    # a receipt of an older version records no containers: any left empty go, the rest is the same
    legacy = json.loads(hook_settings.strip("s.json", merged, ["ipx"]))
    assert _not_hooks(legacy) == _not_hooks(data)


def test_a_lone_session_start_entry_hashes_as_earlier_versions_recorded_it():
    parts = parts_for("ipx", "claude", guard=False)
    assert hook_settings.canonical(parts) == json.dumps(parts["SessionStart"], sort_keys=True)
    assert hook_settings.parse_block(hook_settings.canonical(parts)) == parts
    both = parts_for("ipx", "codex", guard=True)
    assert hook_settings.parse_block(hook_settings.canonical(both)) == both
    assert both["PreToolUse"]["matcher"] == "apply_patch|Edit|Write"


def test_turning_the_guard_off_takes_only_our_entry_out():
    theirs = {"matcher": "Write", "hooks": [{"type": "command", "command": "lint-on-write"}]}
    text = json.dumps({"hooks": {"PreToolUse": [theirs]}}, indent=2)
    with_guard = hook_settings.merge("s.json", text, parts_for("ipx", "claude"), ["ipx"])
    assert len(json.loads(with_guard)["hooks"]["PreToolUse"]) == 2
    without = hook_settings.merge("s.json", with_guard, parts_for("ipx", "claude", guard=False), ["ipx"])
    assert json.loads(without)["hooks"]["PreToolUse"] == [theirs]


def test_spans_of_members_and_items():
    text = '{"a": [1, {"b": "x,y"}], "c": "\\"}"}'
    root = json_splice.parse(text)
    assert [c.key for c in root.children] == ["a", "c"]
    a = root.member("a")
    assert text[a.start:a.end] == '[1, {"b": "x,y"}]' and len(a.children) == 2
    assert text[root.member("c").start:root.member("c").end] == '"\\"}"'


def test_codex_trust_readers_agree():
    config = (
        'model = "o"\n'
        '[projects."/home/me/app"]\ntrust_level = "trusted"\n'
        "[projects.'/home/me/other'] # note\ntrust_level = 'untrusted'\n"
        '[projects."C:\\\\work\\\\x"]\ntrust_level = "trusted"\n'
        '[tools]\ntrust_level = "trusted"\n'
    )
    expected = {"/home/me/app": "trusted", "/home/me/other": "untrusted", "C:\\work\\x": "trusted"}
    assert scan_trust(config) == expected
    assert trusted_projects(config) == expected
    assert trusted_projects("not [toml") == {}
