"""Rendering the plan-file templates (``skill/plans/templates/*.md.j2``).

Values are inserted literally: Jinja never re-reads a substituted value, so a goal containing
``{{ version }}``, ``$&`` or ``\\1`` comes out exactly as typed. A missing variable is an error.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from skill.plans.layout import PLAN_FILES, ROOT_FILES

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"

ALL_TEMPLATES = PLAN_FILES + tuple(ROOT_FILES.values())


@lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )


def render(name: str, **values: str) -> str:
    """Render template ``name`` (e.g. ``"state"``); raises on an unknown name or missing value."""
    if name not in ALL_TEMPLATES:
        raise KeyError(f"no plan-file template named {name!r}")
    import jinja2

    try:
        return str(_environment().get_template(f"{name}.md.j2").render(**values))
    except jinja2.UndefinedError as exc:
        raise ValueError(f"template {name!r}: {exc.message}") from None
