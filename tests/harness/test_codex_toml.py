"""Codex custom agents: TOML that parses, with the required keys, whatever the agent text holds."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skill.harness.codex import agent_toml, toml_multiline, toml_string

REQUIRED = ("name", "description", "developer_instructions")

if sys.version_info >= (3, 11):
    import tomllib

    def parse(text: str) -> dict:
        return tomllib.loads(text)
else:  # pragma: no cover - Python 3.10: a structural check only
    tomllib = None

    def parse(text: str) -> dict:
        out = {}
        for key in REQUIRED:
            assert f"\n{key} = " in "\n" + text
            out[key] = True
        return out


def test_installed_codex_agents_parse_with_required_keys(sandbox):
    assert sandbox.run("install", "--harness", "codex").returncode == 0
    files = sorted((sandbox.project / ".codex" / "agents").glob("*.toml"))
    assert [f.name for f in files] == ["ip-explorer.toml", "ip-orchestrator.toml"]
    for path in files:
        data = parse(path.read_text(encoding="utf-8"))
        for key in REQUIRED:
            assert data[key]
        if tomllib is not None:
            assert data["name"] == path.stem
            assert "\n" not in data["description"]
            assert 'It quotes "things", uses a backslash \\ and a tab here.' in data["description"]
            body = data["developer_instructions"]
            assert 'Triple quotes """ and a trailing quote "' in body
            assert "bootstrap status" in body and "{{" not in body
            # Claude-only keys are not carried over
            assert set(data) == set(REQUIRED)


@pytest.mark.skipif(sys.version_info < (3, 11), reason="tomllib is Python 3.11+")
@settings(max_examples=200, deadline=None)
@given(st.text())
def test_toml_strings_round_trip(text):
    assert tomllib.loads(f"a = {toml_string(text)}")["a"] == text
    assert tomllib.loads(f"b = {toml_multiline(text)}")["b"] == text


@pytest.mark.skipif(sys.version_info < (3, 11), reason="tomllib is Python 3.11+")
def test_agent_toml_round_trips_awkward_text():
    body = 'ends with quotes ""\n\\n is not a newline\r\n"""\ttab\x00nul\x7f'
    data = tomllib.loads(agent_toml("ip-x", 'say "hi"', body))
    assert data == {"name": "ip-x", "description": 'say "hi"', "developer_instructions": body}
