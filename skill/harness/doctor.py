"""``doctor``: what is installed where, which version, whether it is stale, and whether it runs.

Installs are found from the receipts: the in-target receipt of every target for this project and
for the user's home, plus every receipt in the user's data folder (other projects). For each:

* ``modified`` / ``missing``: files whose bytes differ from the receipt, or that are gone;
* ``stale``: the install's version differs from this package's, or the current bundle rendered
  with the recorded command would write different files;
* ``command``: the command prefix recorded in the receipt, whether the installed SKILL.md names it,
  and whether ``<prefix> bootstrap banner`` exits 0 (run in an empty scratch folder).
"""

from __future__ import annotations

from pathlib import Path

from skill.harness.base import Context, confined
from skill.harness.installer import hash_on_disk
from skill.harness.receipt import Receipt, all_user_receipts, find_receipt
from skill.harness.registry import all_targets, get_target
from skill.harness.source import Bundle, probe_command


def _candidates(project: Path) -> list[tuple[str, Receipt | None, Path | None, str]]:
    """(scope, receipt, where it was read, error) for every install we can find."""
    from skill.errors import SkillError

    seen: set[tuple[str, str, str]] = set()
    out: list[tuple[str, Receipt | None, Path | None, str]] = []

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
            if not target.supports(scope):
                continue
            ctx = Context(scope=scope, project=project, command="", bundle=None)  # type: ignore[arg-type]
            try:
                receipt, where = find_receipt(
                    target.name, scope, target.base(ctx), target.receipt_rel(ctx)
                )
            except SkillError as exc:
                add(None, confined(target.base(ctx), target.receipt_rel(ctx)), exc.message, scope)
                continue
            if receipt is not None:
                add(receipt, where)
    for path, receipt, error in all_user_receipts():
        add(receipt, path, error)
    return out


def diagnose(project: Path, bundle_dir: str | None = None, run_commands: bool = True) -> dict[str, object]:
    from skill import __version__
    from skill.errors import SkillError

    bundle = Bundle(bundle_dir)
    probes: dict[str, dict[str, object]] = {}
    installs: list[dict[str, object]] = []
    for scope, receipt, where, error in _candidates(Path(project).absolute()):
        if receipt is None:
            installs.append({"scope": scope, "receipt": str(where), "ok": False, "problems": [error]})
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
        base = Path(receipt.base)
        modified, missing = [], []
        try:
            owner = get_target(receipt.target)
            blocks = owner.blocks(Context(receipt.scope, base, "", None))  # type: ignore[arg-type]
        except SkillError:
            owner, blocks = None, set()
        for rel, digest in sorted(receipt.files.items()):
            try:
                current = hash_on_disk(confined(base, rel), rel in blocks, owner, rel)
            except SkillError:
                current = None
            if current is None:
                missing.append(rel)
            elif current != digest:
                modified.append(rel)
        entry["modified"] = modified
        entry["missing"] = missing
        if missing:
            how = f"--root {base}" if receipt.scope == "project" else "--scope user"
            problems.append(
                f"{len(missing)} file(s) missing: reinstall, or forget this install with "
                f"`iterative-planner uninstall --harness {receipt.target} {how}`"
            )
        stale_reasons: list[str] = []
        if receipt.version != __version__:
            stale_reasons.append(f"installed {receipt.version}, this package is {__version__}")
        try:
            target = get_target(receipt.target)
            ctx = Context(
                scope=receipt.scope,
                project=base if receipt.scope == "project" else Path(project).absolute(),
                command=receipt.command,
                bundle=bundle,
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
        command_info: dict[str, object] = {"prefix": receipt.command}
        skill_md = [rel for rel in receipt.files if rel.endswith("/SKILL.md")]
        if skill_md:
            try:
                text = confined(base, skill_md[0]).read_text(encoding="utf-8")
                command_info["in_skill_md"] = receipt.command in text
            except OSError:
                command_info["in_skill_md"] = False
            if not command_info["in_skill_md"]:
                problems.append("the installed SKILL.md does not name the recorded command")
        if run_commands and receipt.command:
            if receipt.command not in probes:
                probes[receipt.command] = probe_command(receipt.command)
            probe = probes[receipt.command]
            command_info["runs"] = probe["ok"]
            command_info["exit_code"] = probe["exit_code"]
            if probe.get("detail"):
                command_info["detail"] = probe["detail"]
            if not probe["ok"]:
                problems.append(f"`{receipt.command} bootstrap banner` does not run ({probe['detail'] or probe['exit_code']})")
        entry["command_check"] = command_info
        entry["problems"] = problems
        entry["ok"] = not problems
        installs.append(entry)
    return {
        "version": __version__,
        "project": str(Path(project).absolute()),
        "installs": installs,
        "ok": all(item["ok"] for item in installs),
    }


def format_report(report: dict[str, object]) -> str:
    lines = [f"iterative-planner {report['version']} doctor (project {report['project']})"]
    installs = report["installs"]
    assert isinstance(installs, list)
    if not installs:
        lines.append("Nothing installed (no install receipt found). Run `iterative-planner install`.")
        return "\n".join(lines)
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
            lines.append(f"  stale: {reason}")
        check = item["command_check"]
        runs = check.get("runs")
        verdict = "runs" if runs else ("does NOT run" if runs is False else "not checked")
        lines.append(f"  command: {check['prefix']} ({verdict})")
        for problem in item["problems"]:
            lines.append(f"  problem: {problem}")
    lines.append("")
    lines.append("All installs healthy." if report["ok"] else "Some installs need attention (see problems above).")
    return "\n".join(lines)
