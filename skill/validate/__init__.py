"""The validator and the pre-step gate, as a library.

``python -m skill validate-plan`` is a thin shell over these functions; other commands (the checked
``transition``, ``attempt`` and ``step``) call them to check state.md after they write it.

* :class:`Issue` — one finding: ``severity`` (``"ERROR"``, ``"WARN"``, ``"INFO"``), ``slug``
  (``"leash"``, ``"anchor-orphan"``, …), ``message``, ``file`` (relative: ``state.md``,
  ``plans/SYSTEM.md``, ``src/app.py``) and ``line`` (1-based, or None).
* :func:`validate_plan` — every check on one plan folder; issues in check order.
* :func:`check_state_text` — the checks that need only the text of state.md (state and
  transitions, Change Manifest, leash, iteration caps, comment anomalies, exploration confidence).
* :func:`pre_step` — the gate: ``(exit code, line)``; 0 and ``GATE:PASS``, or 2 and
  ``GATE:FAIL [slug] …``.

Importing this package is cheap: the checks are imported when a function is called.
"""

from __future__ import annotations

from skill.validate.issues import ERROR, INFO, WARN, Issue

TYPE_CHECKING = False  # the gate imports this package: no pathlib or typing at import time
if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["Issue", "ERROR", "WARN", "INFO", "validate_plan", "check_state_text", "pre_step"]


def validate_plan(root: Path, plan_dir: Path | str | None = None) -> list[Issue]:
    """Validate ``plan_dir`` (a path, or a plan id under ``root/plans``; default: the active plan).

    ``root`` is the project root: ``plans/`` and the anchor walk start there. Raises
    :class:`skill.errors.SkillError` when the plan folder cannot be found.
    """
    from pathlib import Path

    from skill.validate.runner import validate

    return validate(Path(root), plan_dir)[1]


def check_state_text(state_text: str) -> list[Issue]:
    """Issues found in the text of a state.md on its own (no other file is read)."""
    from skill.validate.state import check_state_text as run

    return run(state_text)


def pre_step(root: Path | str, plan_dir: Path | str | None = None) -> tuple[int, str]:
    """The pre-step gate for ``plan_dir`` (default: the active plan): ``(exit code, line)``."""
    from skill.validate.gate import pre_step as run

    return run(root, plan_dir)
