"""The fast dispatcher: the commands an agent runs on every step, without click.

An agent calls ``bootstrap status``, ``validate-plan --pre-step``, ``emit-state`` and the validator
all the time, and the harness runs the hooks at every session start, every file write and every
status-bar refresh; importing click (and jinja2) would cost more than their work. :func:`dispatch`
recognises exactly these argument shapes::

    [--root DIR] bootstrap status [--json]                  (--root also anywhere after bootstrap)
    [--root DIR] validate-plan [--pre-step] [--json] [--root DIR] [PLAN_DIR]
    [--root DIR] emit-state --state STATE [--json] [--root DIR]
    [--root DIR] hook session-start|pre-tool-use [--root DIR]
    [--root DIR] statusline [--root DIR]

(options in any order, ``--root=DIR`` too) and runs them through the same library functions the
click commands call, with the same output, exit codes and error boundary: one message on stderr,
exit 1 (2 for usage), 130 after Ctrl-C, and the ``{"ok": false, …}`` object on stdout under
``--json``. Anything else — ``--help``, a typo, an option it does not know, a value click would
refuse — returns None and goes to click unchanged. ``IP_NO_FAST_PATH=1`` sends everything to click
(for comparing the two paths).
"""

from __future__ import annotations

import os

from skill.cli.failure import INTERRUPTED, INTERRUPTED_MESSAGE, error_json
from skill.cli.output import echo, escape_unencodable, write_raw
from skill.errors import SkillError, from_os_error
from skill.slots import Slotted

OFF_ENV = "IP_NO_FAST_PATH"
ROOT = "--root"
JSON = "--json"


class Call(Slotted):
    """One recognised command line."""

    __slots__ = ("command", "root", "as_json", "pre_step", "plan_dir", "state")

    def __init__(
        self,
        command: str,
        root: str | None = None,
        as_json: bool = False,
        pre_step: bool = False,
        plan_dir: str | None = None,
        state: str | None = None,
    ) -> None:
        self.command = command
        self.root = root
        self.as_json = as_json
        self.pre_step = pre_step
        self.plan_dir = plan_dir
        self.state = state


def _click_path_ok(value: str) -> bool:
    """A ``--root`` value click's ``Path(file_okay=False)`` takes as it is (it refuses an existing
    regular file and an unreadable folder with a usage error of its own)."""
    if not value:
        return False
    if not os.path.exists(value):
        return True
    return os.path.isdir(value) and os.access(value, os.R_OK)


def _option_value(args: list[str], index: int, name: str) -> tuple[str, int] | None:
    """``--name VALUE`` or ``--name=VALUE`` at ``index``: (value, next index), or None."""
    token = args[index]
    if token == name:
        if index + 1 >= len(args):
            return None
        return args[index + 1], index + 2
    if token.startswith(name + "="):
        return token[len(name) + 1 :], index + 1
    return None


def _bootstrap(rest: list[str], group_root: str | None) -> Call | None:
    """``bootstrap status [--json]`` with ``--root`` anywhere (``split_root``'s rule)."""
    root = group_root
    words: list[str] = []
    index = 0
    while index < len(rest):
        token = rest[index]
        if token == ROOT or token.startswith(ROOT + "="):
            found = _option_value(rest, index, ROOT)
            if found is None or not found[0]:
                return None  # bootstrap's own usage error
            root, index = found
            continue
        words.append(token)
        index += 1
    if not words or words[0] != "status" or any(word != JSON for word in words[1:]):
        return None
    return Call("status", root, as_json=JSON in words[1:])


def _options(rest: list[str], group_root: str | None, flags: set[str], valued: set[str], positional: int) -> tuple[dict[str, object], list[str]] | None:
    """Click-style options in any order: ``flags`` set True, ``valued`` take one value, at most
    ``positional`` plain arguments. None for anything else."""
    found: dict[str, object] = {ROOT: group_root}
    plain: list[str] = []
    index = 0
    while index < len(rest):
        token = rest[index]
        if token in flags:
            found[token] = True
            index += 1
            continue
        name = token.split("=", 1)[0]
        if name in valued and token.startswith("--"):
            value = _option_value(rest, index, name)
            if value is None or value[0].startswith("-") or not value[0]:
                return None
            if name == ROOT and not _click_path_ok(value[0]):
                return None
            found[name], index = value
            continue
        if token.startswith("-") or not token or len(plain) >= positional:
            return None
        plain.append(token)
        index += 1
    return found, plain


def parse(args: list[str]) -> Call | None:
    """The fast command ``args`` spell, or None when click should handle them."""
    if any(_undecodable(arg) for arg in args):
        return None
    group_root: str | None = None
    index = 0
    while index < len(args) and (args[index] == ROOT or args[index].startswith(ROOT + "=")):
        found = _option_value(args, index, ROOT)
        if found is None or not _click_path_ok(found[0]):
            return None
        group_root, index = found
    if index >= len(args):
        return None
    command, rest = args[index], args[index + 1 :]
    if command == "bootstrap":
        return _bootstrap(rest, group_root)
    if command == "validate-plan":
        parsed = _options(rest, group_root, {"--pre-step", JSON}, {ROOT}, 1)
        if parsed is None:
            return None
        found_opts, plain = parsed
        return Call(
            "validate",
            _text(found_opts[ROOT]),
            as_json=JSON in found_opts,
            pre_step="--pre-step" in found_opts,
            plan_dir=plain[0] if plain else None,
        )
    if command == "emit-state":
        parsed = _options(rest, group_root, {JSON}, {ROOT, "--state"}, 0)
        if parsed is None:
            return None
        found_opts, _ = parsed
        state = _text(found_opts.get("--state"))
        from skill.bundle import VALID_STATES

        if state is not None and state.lower() in VALID_STATES:
            state = state.lower()
        else:
            return None  # click says what is missing or wrong
        return Call("emit-state", _text(found_opts[ROOT]), as_json=JSON in found_opts, state=state)
    if command == "hook" and rest and rest[0] in ("session-start", "pre-tool-use"):
        parsed = _options(rest[1:], group_root, set(), {ROOT}, 0)
        return None if parsed is None else Call(rest[0], _text(parsed[0][ROOT]))
    if command == "statusline":
        parsed = _options(rest, group_root, set(), {ROOT}, 0)
        return None if parsed is None else Call("statusline", _text(parsed[0][ROOT]))
    return None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _undecodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


# -- running --------------------------------------------------------------------------------------


def status(call: Call) -> int:
    from skill.lifecycle.report import status_output
    from skill.plans.root import locate_root

    out, hint = status_output(os.path.join(locate_root(call.root), "plans"), call.as_json)
    echo(out)
    for line in hint:
        echo(line, err=True)
    return 0


def validate(call: Call) -> int:
    from skill.plans.root import locate_root

    root = locate_root(call.root)
    if call.pre_step:
        from skill.validate import gate

        result = gate.run(root, call.plan_dir)
        if call.as_json:
            import json

            echo(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            echo(result.line)
        return result.exit_code
    from pathlib import Path

    from skill.validate import report, runner

    target, issues = runner.validate(Path(root), call.plan_dir)
    echo(report.render_json(target.shown, issues) if call.as_json else report.render_text(target.shown, issues))
    return report.exit_code(issues)


def emit_state_output(state: str, root: str, as_json: bool) -> None:
    """Print the rules module for ``state`` with the live facts of the plan under ``root``."""
    from skill.bundle import plan_facts, render_state_module

    facts = plan_facts(root)
    text = render_state_module(state, facts)
    if as_json:
        import json

        write_raw(json.dumps({"state": state, "module": text, "plan": facts}, indent=2) + "\n")
    else:
        write_raw(text)


def emit_state(call: Call) -> int:
    from skill.plans.root import locate_root

    assert call.state is not None
    emit_state_output(call.state, locate_root(call.root), call.as_json)
    return 0


def hook(call: Call) -> int:
    from skill.hooks import entry

    if call.command == "session-start":
        return entry.session_start(call.root)
    if call.command == "pre-tool-use":
        return entry.pre_tool_use(call.root)
    return entry.statusline(call.root)


RUNNERS = {
    "status": status,
    "validate": validate,
    "emit-state": emit_state,
    "session-start": hook,
    "pre-tool-use": hook,
    "statusline": hook,
}


def fail(message: str, exit_code: int, as_json: bool) -> int:
    """The error boundary's answer (as :func:`skill.cli.group.fail` gives it)."""
    if as_json:
        echo(error_json(message, exit_code))
    echo(message, err=True)
    return exit_code


def dispatch(args: list[str]) -> int | None:
    """Run ``args`` when they are a fast command: its exit status; None to hand them to click."""
    if os.environ.get(OFF_ENV, "") == "1":
        return None
    call = parse(args)
    if call is None:
        return None
    escape_unencodable()
    try:
        return RUNNERS[call.command](call)
    except SkillError as exc:
        return fail(exc.message, exc.exit_code, call.as_json)
    except OSError as exc:
        return fail(from_os_error(exc).message, 1, call.as_json)
    except KeyboardInterrupt:
        return fail(INTERRUPTED_MESSAGE, INTERRUPTED, call.as_json)

