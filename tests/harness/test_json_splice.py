"""Text-level JSON edits of Claude Code's settings and the Codex trust reader, in-process."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from skill.harness import claude_settings, json_splice
from skill.harness.codex import scan_trust, trusted_projects
from skill.hooks import claude_hook_entry

OURS = "ipx hook session-start"
ENTRY = claude_hook_entry(OURS)

_scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=5))
_values = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=4), inner, max_size=3)), max_leaves=8)
_hooks = st.dictionaries(st.sampled_from(["Stop", "PreToolUse", "SessionStart"]),
                         st.lists(st.fixed_dictionaries({"matcher": st.text(max_size=4)}), max_size=2),
                         max_size=2)
_settings = st.builds(
    lambda rest, hooks, with_hooks: {**rest, **({"hooks": hooks} if with_hooks else {})},
    st.dictionaries(st.text(max_size=6).filter(lambda k: k != "hooks"), _values, max_size=4),
    _hooks,
    st.booleans(),
)


@settings(max_examples=200, deadline=None)
@given(_settings, st.sampled_from([None, 0, 1, 2, 4, "\t"]), st.sampled_from(["", "\n", "\r\n"]))
def test_add_then_remove_gives_the_same_bytes(data, indent, tail):
    text = json.dumps(data, indent=indent, ensure_ascii=False)
    if tail == "\r\n":
        text = text.replace("\n", "\r\n")
    text += tail
    made = claude_settings.containers_needed("s.json", text)
    merged = claude_settings.merge("s.json", text, ENTRY, [OURS])
    loaded = json.loads(merged)
    assert loaded["hooks"]["SessionStart"][-1] == ENTRY
    assert {k: v for k, v in loaded.items() if k != "hooks"} == {k: v for k, v in data.items() if k != "hooks"}
    assert claude_settings.extract("s.json", merged, [OURS]) == json.dumps(ENTRY, sort_keys=True)
    assert claude_settings.extract("s.json", merged, ["other hook session-start"]) is None
    assert claude_settings.strip("s.json", merged, [OURS], made) == text  # byte for byte
    # a receipt of an older version records no containers: any left empty go, the rest is the same
    legacy = json.loads(claude_settings.strip("s.json", merged, [OURS]))
    assert {k: v for k, v in legacy.items() if k != "hooks"} == {k: v for k, v in data.items() if k != "hooks"}


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
