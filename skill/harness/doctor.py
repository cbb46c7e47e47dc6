"""``doctor``: what is installed for this project and for this user, and whether it works.

Installs are found from the receipts of every target at project scope (this project) and at user
scope; receipts of other projects in the user's data folder are only counted (``--all`` lists
them). For each install:

* ``missing`` (a problem) and ``modified`` (a warning: you changed them, install keeps them);
* ``stale``: the install's version differs from this package's, or the current bundle rendered
  with the recorded command would write different files;
* ``command``: the command prefix recorded in the receipt, whether the installed SKILL.md names it,
  where a bare ``iterative-planner`` resolves on PATH, and whether ``<prefix> bootstrap banner``
  exits 0 (run in an empty scratch folder);
* warnings about the harness: the same target installed at both scopes, a Codex project that is not
  trusted; and a problem for a project-scope Gemini extension, which Gemini CLI never loads;
* ``hooks`` (Claude Code and Codex): which of ours are registered in the settings file — the
  session-start packet, the write guard, the status line — and whether ``IP_GUARD=0`` or
  ``IP_DISABLED=1`` in this environment turns them off.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from skill.command import AGENT_COMMAND, CONSOLE_SCRIPT, own_console_script, resolves_here
from skill.harness.base import Context, confined
from skill.harness.ownership import hash_on_disk, owned_by
from skill.harness.receipt import Receipt, all_user_receipts, find_receipt
from skill.harness.registry import all_targets, get_target
from skill.harness.source import Bundle, probe_command

Candidate = tuple[str, "Receipt | None", "Path | None", str]


def _same_folder(a: str | Path, b: str | Path) -> bool:
    return Path(a).resolve() == Path(b).resolve()


def _candidates(project: Path, everywhere: bool) -> tuple[list[Candidate], int]:
    """(scope, receipt, where it was read, error) for every install of this project and user;
    with the number of other projects' installs left out (all of them kept when ``everywhere``)."""
    from skill.errors import SkillError

    seen: set[tuple[str, str, str]] = set()
    out: list[Candidate] = []

    def add(receipt: Receipt | None, where: Path | None, error: str = "", scope: str = "") -> None:
        if receipt is not None:
            key = (receipt.target, receipt.scope, str(Path(receipt.base).resolve()))
            if key in seen:
                return
            seen.add(key)
            scope = receipt.scope
        out.append((scope, receipt, where, error))

    for scope in ("project", "user"):
        for target in all_targets():
            ctx = Context(scope=scope, project=project, command="", bundle=None)  # type: ignore[arg-type]
            try:
                receipt, where = find_receipt(target.name, scope, target.base(ctx), target.receipt_rel(ctx))
            except SkillError as exc:
                add(None, confined(target.base(ctx), target.receipt_rel(ctx)), exc.message, scope)
                continue
            if receipt is not None:
                add(receipt, where)
    elsewhere = 0
    for path, receipt, error in all_user_receipts():
        if receipt is None:
            add(receipt, path, error)
            continue
        key = (receipt.target, receipt.scope, str(Path(receipt.base).resolve()))
        if key in seen:
            continue
        if everywhere:
            add(receipt, path)
        else:
            elsewhere += 1
    return out, elsewhere


def _command_check(receipt: Receipt, base: Path, probes: dict[str, dict[str, object]], run: bool) -> tuple[dict[str, object], list[str], list[str]]:
    """The command check of one install: (facts, problems, warnings)."""
    info: dict[str, object] = {"prefix": receipt.command}
    problems: list[str] = []
    warnings: list[str] = []
    skill_md = [rel for rel in receipt.files if rel.endswith("/SKILL.md")]
    if skill_md:
        try:
            text = confined(base, skill_md[0]).read_text(encoding="utf-8")
            info["in_skill_md"] = receipt.command in text
        except OSError:
            info["in_skill_md"] = False
        if not info["in_skill_md"]:
            problems.append("the installed SKILL.md does not name the recorded command")
    if receipt.command == CONSOLE_SCRIPT:
        found = shutil.which(CONSOLE_SCRIPT)
        info["resolves_to"] = found
        if found is None:
            problems.append(
                f"`{CONSOLE_SCRIPT}` is not on PATH here: install the package where the agent's "
                "shell finds it (e.g. `pipx install iterative-planner`), or reinstall with --command"
            )
        elif not resolves_here(found, own_console_script()):
            warnings.append(f"`{CONSOLE_SCRIPT}` on PATH is another installation ({found})")
    if run and receipt.command:
        if receipt.command not in probes:
            probes[receipt.command] = probe_command(receipt.command)
        probe = probes[receipt.command]
        info["runs"] = probe["ok"]
        info["exit_code"] = probe["exit_code"]
        if probe.get("detail"):
            info["detail"] = probe["detail"]
        if not probe["ok"]:
            problems.append(
                f"`{receipt.command} bootstrap banner` does not run ({probe['detail'] or probe['exit_code']})"
            )
    return info, problems, warnings


def _harness_checks(receipt: Receipt, base: Path) -> tuple[list[str], list[str]]:
    """(problems, warnings) that come from the harness rather than from our files."""
    from skill.harness.codex import project_trusted, trust_note
    from skill.harness.overlap import double_install_note

    problems: list[str] = []
    warnings: list[str] = []
    if receipt.target == "gemini" and receipt.scope == "project":
        problems.append(
            "Gemini CLI loads extensions only from ~/.gemini/extensions, never from a project: this "
            "one is not loaded (Gemini reads the skill from .agents/skills/). Remove it with "
            f"`{AGENT_COMMAND} uninstall --harness gemini --root {base}`"
        )
    if receipt.target == "codex" and receipt.scope == "project" and not project_trusted(base):
        warnings.append(trust_note(base))
    try:
        twin = double_install_note(get_target(receipt.target), base, receipt.scope)
    except Exception:  # noqa: BLE001 - an unknown target in a receipt is reported elsewhere
        twin = None
    if twin:
        warnings.append(twin)
    return problems, warnings


def hook_state(receipt: Receipt, base: Path) -> dict[str, object] | None:
    """Which of our hooks the install's settings file registers (None for targets without hooks)."""
    import os

    from skill.errors import SkillError
    from skill.harness.hook_settings import found_parts
    from skill.harness.ownership import read_shared
    from skill.hooks.registration import PRE_TOOL_USE, SESSION_START, STATUS_LINE

    if receipt.target not in ("claude", "codex"):
        return None
    target = get_target(receipt.target)
    ctx = Context(receipt.scope, base, receipt.command, None, dict(receipt.options))  # type: ignore[arg-type]
    rels = sorted(target.blocks(ctx))
    if not rels:
        return None
    try:
        found = found_parts(rels[0], read_shared(confined(base, rels[0])), [receipt.command])
    except SkillError as exc:
        return {"file": rels[0], "error": exc.message}
    state: dict[str, object] = {
        "file": rels[0],
        "session_start": SESSION_START in found,
        "guard": PRE_TOOL_USE in found,
        "guard_off_here": os.environ.get("IP_GUARD", "").strip() == "0",
        "disabled_here": os.environ.get("IP_DISABLED", "").strip() == "1",
    }
    if receipt.target == "claude":
        state["statusline"] = STATUS_LINE in found
    return state


def hooks_line(state: dict[str, object]) -> str:
    """``hooks: session start on, write guard on, status line off`` (and what turns them off)."""
    if "error" in state:
        return f"hooks: {state['file']} cannot be read ({state['error']})"
    names = [("session_start", "session start"), ("guard", "write guard"), ("statusline", "status line")]
    shown = [f"{label} {'on' if state[key] else 'off'}" for key, label in names if key in state]
    line = "hooks: " + ", ".join(shown)
    if state.get("disabled_here"):
        line += " (IP_DISABLED=1 here turns every hook off)"
    elif state.get("guard") and state.get("guard_off_here"):
        line += " (IP_GUARD=0 here turns the guard off)"
    return line


def diagnose(
    project: Path,
    bundle_dir: str | None = None,
    run_commands: bool = True,
    everywhere: bool = False,
) -> dict[str, object]:
    from skill import __version__
    from skill.errors import SkillError

    project = Path(project).absolute()
    bundle = Bundle(bundle_dir)
    probes: dict[str, dict[str, object]] = {}
    installs: list[dict[str, object]] = []
    candidates, elsewhere = _candidates(project, everywhere)
    for scope, receipt, where, error in candidates:
        if receipt is None:
            installs.append(
                {"scope": scope, "receipt": str(where), "ok": False, "problems": [error], "warnings": []}
            )
            continue
        entry: dict[str, object] = {
            "target": receipt.target,
            "scope": receipt.scope,
            "base": receipt.base,
            "receipt": str(where),
            "version": receipt.version,
            "protocol_version": receipt.protocol_version,
            "installed_at": receipt.installed_at,
            "command": receipt.command,
            "files": len(receipt.files),
        }
        problems: list[str] = []
        warnings: list[str] = []
        base = Path(receipt.base)
        if receipt.scope == "project" and not base.is_dir():
            problems.append(
                f"the project folder {base} is gone; forget this install by deleting {where}"
            )
        modified, missing = [], []
        try:
            owner = get_target(receipt.target)
            blocks = owner.blocks(Context(receipt.scope, base, "", None))  # type: ignore[arg-type]
        except SkillError:
            owner, blocks = None, set()
        for rel, digest in sorted(receipt.files.items()):
            try:
                ctx = Context(receipt.scope, base, "", None)  # type: ignore[arg-type]
                owned = owned_by(ctx, receipt, receipt.shared.get(rel))
                current = hash_on_disk(confined(base, rel), rel in blocks, owner, rel, owned)
            except SkillError:
                current = None
            if current is None:
                missing.append(rel)
            elif current != digest:
                modified.append(rel)
        entry["modified"] = modified
        entry["missing"] = missing
        if missing and base.is_dir():
            how = f"--root {base}" if receipt.scope == "project" else "--scope user"
            problems.append(
                f"{len(missing)} file(s) missing: reinstall, or forget this install with "
                f"`{AGENT_COMMAND} uninstall --harness {receipt.target} {how}`"
            )
        if modified:
            warnings.append(
                f"{len(modified)} file(s) changed since install ({', '.join(modified)}): install "
                "keeps your version, so they may not match the rest; `install --force` replaces them"
            )
        stale_reasons: list[str] = []
        if receipt.version != __version__:
            stale_reasons.append(f"installed {receipt.version}, this package is {__version__}")
        try:
            target = get_target(receipt.target)
            ctx = Context(
                scope=receipt.scope,
                project=base if receipt.scope == "project" else project,
                command=receipt.command,
                bundle=bundle,
                options=dict(receipt.options),
            )
            from skill.harness.receipt import sha256

            wanted = {rel: sha256(data) for rel, data in target.files(ctx).items()}
            differ = sorted(rel for rel in set(wanted) | set(receipt.files) if wanted.get(rel) != receipt.files.get(rel))
            if differ:
                stale_reasons.append(f"{len(differ)} file(s) differ from the current bundle")
            entry["location"] = str(target.location(ctx))
        except SkillError as exc:
            stale_reasons.append(exc.message)
        entry["stale"] = bool(stale_reasons)
        entry["stale_reasons"] = stale_reasons
        info, command_problems, command_warnings = _command_check(receipt, base, probes, run_commands)
        entry["command_check"] = info
        hooks = hook_state(receipt, base)
        if hooks is not None:
            entry["hooks"] = hooks
        harness_problems, harness_warnings = _harness_checks(receipt, base)
        entry["problems"] = problems + command_problems + harness_problems
        entry["warnings"] = warnings + command_warnings + harness_warnings
        entry["ok"] = not entry["problems"]
        installs.append(entry)
    return {
        "version": __version__,
        "project": str(project),
        "installs": installs,
        "other_projects": elsewhere,
        "ok": all(item["ok"] for item in installs),
    }


def format_report(report: dict[str, object]) -> str:
    lines = [f"iterative-planner {report['version']} doctor (project {report['project']})"]
    installs = report["installs"]
    assert isinstance(installs, list)
    elsewhere = report.get("other_projects") or 0
    if not installs:
        lines.append(f"Nothing installed here (no install receipt found). Run `{AGENT_COMMAND} install`.")
    for item in installs:
        lines.append("")
        if "target" not in item:
            lines.append(f"? unreadable receipt {item['receipt']}")
            lines.extend(f"  problem: {p}" for p in item["problems"])
            continue
        status = "ok" if item["ok"] else "PROBLEM"
        stale = "stale" if item["stale"] else "current"
        lines.append(
            f"{item['target']} ({item['scope']}) {item.get('location', item['base'])}: "
            f"version {item['version']}, {stale}, {status}"
        )
        lines.append(f"  files: {item['files']} recorded, {len(item['modified'])} modified, {len(item['missing'])} missing")
        for rel in item["modified"]:
            lines.append(f"    modified: {rel}")
        for reason in item["stale_reasons"]:
            lines.append(f"  stale: {reason} (reinstall to refresh)")
        check = item["command_check"]
        runs = check.get("runs")
        verdict = "runs" if runs else ("does NOT run" if runs is False else "not checked")
        lines.append(f"  command: {check['prefix']} ({verdict})")
        if isinstance(item.get("hooks"), dict):
            lines.append(f"  {hooks_line(item['hooks'])}")
        for problem in item["problems"]:
            lines.append(f"  problem: {problem}")
        for warning in item["warnings"]:
            lines.append(f"  warning: {warning}")
    if elsewhere:
        lines.append("")
        lines.append(f"({elsewhere} install(s) in other folders not shown; `doctor --all` lists them.)")
    if installs:
        lines.append("")
        lines.append("All installs healthy." if report["ok"] else "Some installs need attention (see problems above).")
    return "\n".join(lines)
