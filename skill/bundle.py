"""Finding the skill bundle (SKILL.md, agents/, modules/, references/, scripts/).

The same lookup works from a checkout, an editable install and an installed wheel: a wheel carries
the bundle inside the package as ``skill/_bundle/``; a checkout has it beside the package.

``emit-state`` is a fast path (:mod:`skill.cli.fast`): this module imports neither ``pathlib`` nor
jinja2 up front, and a state module that uses nothing but ``{{ name }}`` placeholders is filled in
by :func:`fill_placeholders` rather than by jinja2 (the same text; a test compares them).
"""

from __future__ import annotations

import os
from functools import lru_cache

from skill.lazyre import lazy
from skill.plans.protocol import STATES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

BUNDLE_PARTS = ("SKILL.md", "agents", "modules", "references", "scripts")


@lru_cache(maxsize=1)
def bundle_folder() -> str:
    """The folder that holds SKILL.md, agents/, modules/ and references/, as a string."""
    package = os.path.dirname(os.path.realpath(__file__))
    installed = os.path.join(package, "_bundle")
    if os.path.isdir(installed):
        return installed
    return os.path.dirname(package)


def bundle_root() -> Path:
    """The folder that holds SKILL.md, agents/, modules/ and references/."""
    from pathlib import Path

    return Path(bundle_folder())


def bundle_path(relative: str) -> Path:
    """Absolute path of a bundle file, e.g. ``bundle_path("agents/ip-explorer.md")``."""
    return bundle_root() / relative


#: Where the skill folder is when nothing fixed it (the release zip is unpacked there).
DEFAULT_SKILL_DIR = "~/.claude/skills/iterative-planner"


def template_context(command: str | None = None, **extra: object) -> dict[str, object]:
    """Variables every bundle template may use: ``cmd`` (default: :func:`skill.command.agent_command`),
    ``version``, ``protocol_version``, ``skill_dir`` (the installed skill folder) and ``namespace``
    (what the harness puts before the agents' and the skill's names: ``iterative-planner:`` in the
    Claude Code plugin, where components are namespaced by the plugin; empty elsewhere)."""
    from skill import PROTOCOL_VERSION, __version__
    from skill.command import agent_command

    context: dict[str, object] = {
        "cmd": command or agent_command(),
        "version": __version__,
        "protocol_version": PROTOCOL_VERSION,
        "skill_dir": DEFAULT_SKILL_DIR,
        "namespace": "",
    }
    context.update(extra)
    context["skill_dir_note"] = skill_dir_note(str(context["skill_dir"]))
    return context


def skill_dir_note(skill_dir: str) -> str:
    """What to say after a skill folder path: where a relative one starts from."""
    if skill_dir.startswith(("~", "$")) or os.path.isabs(skill_dir):
        return ""
    return " (relative to the project root)"


def render_bundle_text(text: str, command: str | None = None, **extra: object) -> str:
    """Render bundle Jinja text (StrictUndefined: a missing variable is an error)."""
    import jinja2

    env = jinja2.Environment(
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    return env.from_string(text).render(template_context(command, **extra))


def render_bundle_file(relative: str, command: str | None = None, **extra: object) -> str:
    """Read and render one bundle file, e.g. ``render_bundle_file("SKILL.md")``."""
    text = bundle_path(relative).read_text(encoding="utf-8")
    return render_bundle_text(text, command, **extra)


_PLACEHOLDER = lazy(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def fill_placeholders(text: str, context: dict[str, object]) -> str | None:
    """``text`` with each ``{{ name }}`` replaced by ``str(context[name])``, as jinja2 renders it;
    None when the text holds any other template syntax or names a variable ``context`` lacks
    (then jinja2 renders it, and reports what is wrong)."""
    names = _PLACEHOLDER.findall(text)
    if any(name not in context for name in names):
        return None
    rest = _PLACEHOLDER.sub("", text)
    if "{{" in rest or "{%" in rest or "{#" in rest:
        return None
    return _PLACEHOLDER.sub(lambda match: str(context[match.group(1)]), text)


def render_module_text(text: str, command: str | None = None, **extra: object) -> str:
    """A state module rendered: placeholders filled without jinja2 when that is all it has."""
    filled = fill_placeholders(text, template_context(command, **extra))
    return filled if filled is not None else render_bundle_text(text, command, **extra)


# --- state modules and plan-file templates (emit-state, emit-template) -------------------------

#: The states that have a rules module (lower case). CLOSE has none on purpose.
VALID_STATES: tuple[str, ...] = tuple(state.lower() for state in STATES if state != "CLOSE")

#: The plan-file template slugs ``emit-template`` serves, in the original's order.
VALID_TEMPLATES = (
    "state",
    "plan",
    "decisions",
    "findings",
    "progress",
    "verification",
    "checkpoints",
    "findings-consolidated",
    "decisions-consolidated",
    "lessons",
    "system",
    "index",
    "lessons-snapshot",
    "changelog",
    "summary",
    "presentation-contracts",
    "lessons-synthesis",
)

#: Where those templates live: package data, one ``<slug>.md`` each, never part of the installed
#: skill folder (an agent reads one only when it runs ``emit-template``).
FORMATS_FOLDER = "formats"


def plan_facts(root: Path | str) -> dict[str, object] | None:
    """Live facts of the active plan under ``root`` (None when there is no readable active plan)."""

    from skill.plans import attempts
    from skill.plans.pointer import read_pointer
    from skill.plans.protocol import LEASH_CAP
    from skill.plans.state import read_state_fields
    from skill.plans.textio import read_text

    plans_dir = os.path.join(root, "plans")
    plan_id = read_pointer(plans_dir)
    if plan_id is None:
        return None
    plan_dir = os.path.join(plans_dir, plan_id)
    state_text = read_text(os.path.join(plan_dir, "state.md"))
    if not state_text:
        return None
    fields = read_state_fields(state_text)
    facts: dict[str, object] = {
        "id": plan_id,
        "dir": f"plans/{plan_id}",
        "state": fields.state or "?",
        "iteration": fields.iteration or "?",
        "step": fields.step or "?",
        "attempts": attempts.current_count(state_text).total,
        "attempt_cap": LEASH_CAP,
        "gate": _gate_line(root, plan_dir),
    }
    facts["next"] = _next_command(root, plan_id, facts["gate"])
    return facts


def _next_command(root: Path | str, plan_id: str, gate: object) -> str | None:
    """What to run next (None when it cannot be worked out)."""
    from skill.transitions.advice import next_command

    try:
        return next_command(root, plan_id, gate if isinstance(gate, str) else None)
    except Exception:  # deliberate catch-all: advisory, like the gate line above
        return None


def _gate_line(root: Path | str, plan_dir: Path | str) -> str | None:
    """What ``validate-plan --pre-step`` would print (None when the gate itself fails)."""
    from skill.validate import pre_step

    try:
        _code, line = pre_step(root, plan_dir)
    except Exception:  # deliberate catch-all: advisory here; the real gate runs before each spawn
        return None
    return str(line).strip() or None


def render_state_module(state: str, facts: dict[str, object] | None = None, command: str | None = None) -> str:
    """The rendered module for ``state``; SkillError (exit 1) when it cannot be read or is empty."""
    from skill.errors import SkillError

    path = os.path.join(bundle_folder(), "modules", f"state-{state}.md")
    try:
        with open(path, encoding="utf-8") as handle:
            source = handle.read()
    except OSError as exc:
        raise SkillError(f"cannot read module for {state}: {exc.strerror or exc}", 1) from exc
    if not source.strip():
        raise SkillError(f"module for {state} is empty/corrupt", 1)
    return render_module_text(source, command, plan=facts, live=live_block(facts, state))


def live_block(facts: dict[str, object] | None, state: str = "execute") -> str:
    """The short "Live:" lines a module starts with when a plan is active ('' otherwise).

    The pre-step gate's verdict is shown with the EXECUTE rules only: elsewhere it always says
    ``wrong-state`` and would only distract.
    """
    if not facts:
        return ""
    lines = [
        f"Live: plan `{facts['id']}` ({facts['dir']}), state {facts['state']}, "
        f"iteration {facts['iteration']}, step {facts['step']}, "
        f"fix attempts {facts['attempts']} of {facts['attempt_cap']}.",
    ]
    if facts.get("gate") and state == "execute":
        lines.append(f"Pre-step gate now: `{facts['gate']}`")
    if facts.get("next"):
        lines.append(f"Next: {facts['next']}")
    return "\n".join(lines) + "\n\n"


def template_source_path(slug: str) -> str:
    """The file that holds the template for ``slug`` (a Jinja text with ``{{ cmd }}`` placeholders)."""
    package = os.path.dirname(os.path.realpath(__file__))
    return os.path.join(package, FORMATS_FOLDER, f"{slug}.md")


def render_template_slice(slug: str, command: str | None = None) -> str:
    """The rendered template for ``slug``; SkillError (exit 1) on a missing, unreadable or empty file."""
    from skill.errors import SkillError

    try:
        with open(template_source_path(slug), encoding="utf-8") as handle:
            source = handle.read()
    except OSError as exc:
        raise SkillError(f"cannot read the template for '{slug}': {exc.strerror or exc}", 1) from exc
    if not source.strip():
        raise SkillError(f"template '{slug}' is empty", 1)
    return render_bundle_text(source, command)
