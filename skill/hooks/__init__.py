"""Hooks that keep the agent on the protocol inside its harness (Claude Code, Codex).

* :mod:`skill.hooks.session_start` — ``hook session-start``: the re-entry packet, checked against git;
* :mod:`skill.hooks.guard` — ``hook pre-tool-use``: the write guard;
* :mod:`skill.hooks.statusline` — ``statusline``: one line for Claude Code's status bar;
* :mod:`skill.hooks.registration` — the settings entries that register them;
* :mod:`skill.hooks.payload`, :mod:`skill.hooks.gitinfo`, :mod:`skill.hooks.packet` — their parts.

They run on every session start and every file write, so they import no click, jinja2, pathlib,
dataclasses, typing or subprocess (``docs/architecture.md``, "Fast paths"). A hook never fails the
session: an unexpected error is one line on stderr and exit 0, with nothing on stdout.
"""
