"""The skill as a Claude Code plugin (with its own marketplace) and as a Codex plugin.

``package --format claude-plugin`` writes::

    .claude-plugin/plugin.json        name, version, description, author, license, keywords
    .claude-plugin/marketplace.json   this folder as a one-plugin marketplace ("source": "./")
    skills/iterative-planner/…        the skill folder (SKILL.md, agents/, modules/, references/)
    agents/<name>.md                  the sub-agents, which Claude Code loads from a plugin's agents/
    hooks/hooks.json                  the re-entry packet and the write guard
    scripts/iterative-planner         a launcher for the hooks: the package copy in lib/, run by python3
    lib/skill/…                       that copy (standard library only on the hooks' path)
    README.md

Claude Code names a plugin's components after the plugin: the agents become
``iterative-planner:ip-explorer`` and so on, and the skill ``iterative-planner:iterative-planner``.
SKILL.md and the orchestrator are rendered with ``namespace = "iterative-planner:"`` so that they
spawn the agents by those names. ``package --format codex-plugin`` writes ``.codex-plugin/plugin.json``
with the skill and the hooks (Codex plugins carry no agents). Both name the command
``iterative-planner`` (the console script: ``pipx install iterative-planner``); the hooks run from the
plugin's own copy of the package, so they work before that is installed.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from skill.command import CONSOLE_SCRIPT
from skill.errors import SkillError
from skill.harness.source import SKILL_NAME, Bundle

PLUGIN_NAME = SKILL_NAME
#: What Claude Code puts before a plugin's agent and skill names.
NAMESPACE = f"{PLUGIN_NAME}:"
AUTHOR = "iterative-planner Python developers"
DESCRIPTION = (
    "A state machine for long coding tasks (EXPLORE, PLAN, EXECUTE, REFLECT, PIVOT, CLOSE) with a plan "
    "folder on disk, a pre-step gate, a re-entry packet checked against git and a write guard."
)
KEYWORDS = ["planning", "state-machine", "agents", "workflow", "git"]
LICENSE = "GPL-3.0-or-later"
LAUNCHER = "scripts/iterative-planner"
#: The hook commands' prefix: python3 running the launcher inside the installed plugin.
HOOK_PREFIX = 'python3 "${CLAUDE_PLUGIN_ROOT}/' + LAUNCHER + '"'
PLUGIN_SKILL_DIR = "${CLAUDE_PLUGIN_ROOT}/skills/" + SKILL_NAME
FORMATS = ("claude-plugin", "codex-plugin")
MANIFEST = {"claude-plugin": ".claude-plugin/plugin.json", "codex-plugin": ".codex-plugin/plugin.json"}

LAUNCHER_TEXT = '''#!/usr/bin/env python3
"""iterative-planner from this plugin: the hooks (and the per-step commands) run from the copy of the
package in ../lib; the other commands need the package installed: pipx install iterative-planner."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lib"))
os.environ.setdefault("IP_COMMAND", "iterative-planner")  # what messages tell the agent to run
try:
    from skill.cli import main
except ImportError as exc:  # a Python older than the package needs
    sys.stderr.write(f"iterative-planner plugin: cannot load its package ({exc}); Python 3.10+ is needed\\n")
    raise SystemExit(0) from None
try:
    main()
except ModuleNotFoundError as exc:
    sys.stderr.write(
        f"iterative-planner: this command needs the package installed (missing {exc.name}): "
        "pipx install iterative-planner\\n"
    )
    raise SystemExit(1) from None
'''

README_TEXT = """# iterative-planner ({harness} plugin)

{description}

The skill tells the agent to run `iterative-planner …`; install the command once:

    pipx install iterative-planner

The hooks need only `python3` (3.10 or newer): they run from the copy of the package in `lib/`.
Version {version}, protocol {protocol}. License: {license}.
"""


def package_tree() -> dict[str, bytes]:
    """``lib/skill/…``: the package's Python files, from where this one is installed."""
    package = Path(__file__).resolve().parent.parent
    out: dict[str, bytes] = {}
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package)
        if "__pycache__" in rel.parts or rel.parts[0] == "_bundle":
            continue
        out[f"lib/skill/{rel.as_posix()}"] = path.read_bytes()
    return out


def _json(data: object) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _common(bundle: Bundle, harness: str, namespace: str) -> dict[str, bytes]:
    from skill import PROTOCOL_VERSION, __version__
    from skill.hooks.registration import plugin_hooks

    files = {
        f"skills/{SKILL_NAME}/{rel}": data
        for rel, data in bundle.skill_tree(CONSOLE_SCRIPT, PLUGIN_SKILL_DIR, namespace).items()
    }
    files["hooks/hooks.json"] = _json(plugin_hooks(HOOK_PREFIX, harness))
    files[LAUNCHER] = LAUNCHER_TEXT.encode("utf-8")
    files.update(package_tree())
    files["README.md"] = README_TEXT.format(
        harness="Claude Code" if harness == "claude" else "Codex",
        description=DESCRIPTION,
        version=__version__,
        protocol=PROTOCOL_VERSION,
        license=LICENSE,
    ).encode("utf-8")
    return files


def claude_plugin_files(bundle: Bundle) -> dict[str, bytes]:
    """Every file of the Claude Code plugin and marketplace (relative POSIX path -> bytes)."""
    from skill import __version__

    files = _common(bundle, "claude", NAMESPACE)
    for agent in bundle.agents(CONSOLE_SCRIPT, PLUGIN_SKILL_DIR, NAMESPACE):
        files[f"agents/{agent.name}.md"] = agent.text.encode("utf-8")
    files[MANIFEST["claude-plugin"]] = _json({
        "name": PLUGIN_NAME,
        "version": __version__,
        "description": DESCRIPTION,
        "author": {"name": AUTHOR},
        "license": LICENSE,
        "keywords": KEYWORDS,
    })
    files[".claude-plugin/marketplace.json"] = _json({
        "name": PLUGIN_NAME,
        "owner": {"name": AUTHOR},
        "description": DESCRIPTION,
        "plugins": [{"name": PLUGIN_NAME, "source": "./", "description": DESCRIPTION, "version": __version__}],
    })
    return files


def codex_plugin_files(bundle: Bundle) -> dict[str, bytes]:
    """Every file of the Codex plugin (relative POSIX path -> bytes)."""
    from skill import __version__

    files = _common(bundle, "codex", "")
    files[MANIFEST["codex-plugin"]] = _json({
        "name": PLUGIN_NAME,
        "version": __version__,
        "description": DESCRIPTION,
        "author": {"name": AUTHOR},
        "license": LICENSE,
        "keywords": KEYWORDS,
        "skills": "./skills/",
        "hooks": "./hooks/hooks.json",
        "interface": {
            "displayName": "Iterative Planner",
            "shortDescription": "Plan, gate and verify long coding tasks step by step",
            "developerName": AUTHOR,
            "category": "Productivity",
        },
    })
    return files


def plugin_files(bundle: Bundle, fmt: str) -> dict[str, bytes]:
    return claude_plugin_files(bundle) if fmt == "claude-plugin" else codex_plugin_files(bundle)


def _ours(manifest: Path) -> bool:
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("name") == PLUGIN_NAME


def write_plugin(out_dir: Path, bundle: Bundle, fmt: str, dry_run: bool = False) -> dict[str, object]:
    """Write the plugin into ``out_dir``. The entries it owns there (``skills``, ``agents``,
    ``hooks``, ``scripts``, ``lib``, ``README.md`` and the manifest folder) are replaced whole;
    anything else in the folder (a ``.git``, a licence) is left alone. A folder holding such an
    entry that an earlier run did not write is refused."""
    from skill import __version__
    from skill.plans.store import atomic_write_bytes

    files = plugin_files(bundle, fmt)
    tops = sorted({rel.split("/", 1)[0] for rel in files})
    if out_dir.exists() and not out_dir.is_dir():
        raise SkillError(f"ERROR: --out {out_dir} exists and is not a folder.")
    taken = [name for name in tops if (out_dir / name).exists() or (out_dir / name).is_symlink()]
    if taken and not _ours(out_dir / MANIFEST[fmt]):
        raise SkillError(
            f"ERROR: {out_dir} already holds {', '.join(taken)}, not written by `package --format {fmt}`.\n"
            "  Choose an empty or new folder with --out; nothing was written."
        )
    if not dry_run:
        for name in taken:
            target = out_dir / name
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            else:
                target.unlink()
        for rel in sorted(files):
            path = out_dir.joinpath(*rel.split("/"))
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(path, files[rel])
        os.chmod(out_dir.joinpath(*LAUNCHER.split("/")), 0o755)
    return {
        "format": fmt,
        "version": __version__,
        "out": str(out_dir),
        "files": len(files),
        "manifest": str(out_dir / MANIFEST[fmt]),
        "command": CONSOLE_SCRIPT,
        "dry_run": dry_run,
    }
