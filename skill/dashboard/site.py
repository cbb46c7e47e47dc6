"""Rendering the site: one Jinja2 environment (autoescape on), templates kept in ``templates/``.

:func:`render` turns a :class:`~skill.dashboard.model.Site` into ``{page name: html}`` plus each
page's version (a digest of its content), which ``live.js`` lists so open pages can reload.
Pages carry a Content-Security-Policy that allows only the inline stylesheet, the one inline reload
script (by its hash) and ``live.js``; no page loads anything from the network.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from skill import CLI_PREFIX
from skill.dashboard import markdown, svg
from skill.dashboard.model import RAIL, LogRef, Plan, Site

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
LIVE_PAGE = "index.html"
PLANS_PAGE = "plans.html"
_VERSION_SLOT = 'data-version=""'
#: Bytes of a log file shown on its page (the end of the file, where failures are).
LOG_LIMIT = 256 * 1024


@dataclass(frozen=True)
class Rendered:
    pages: dict[str, str]
    versions: dict[str, str]


@lru_cache(maxsize=1)
def environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = markdown.render
    env.filters["mdi"] = markdown.render_inline
    env.filters["when"] = _when
    env.globals["RAIL"] = RAIL
    env.globals["command"] = str(CLI_PREFIX)
    return env


def _when(value: str | None) -> str:
    """``2026-11-30T21:26:23Z`` → ``2026-11-30 21:26``; '' for None."""
    return f"{value[:10]} {value[11:16]}" if value and len(value) >= 16 else (value or "")


@lru_cache(maxsize=1)
def _script() -> tuple[Markup, str]:
    text = (TEMPLATE_DIR / "reload.js").read_text(encoding="utf-8").strip()
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return Markup(text), digest


def _finish(html: str) -> tuple[str, str]:
    version = hashlib.sha256(html.encode("utf-8")).hexdigest()[:16]
    return html.replace(_VERSION_SLOT, f'data-version="{version}"', 1), version


def _read_log(ref: LogRef) -> tuple[str, bool]:
    try:
        size = ref.source.stat().st_size
        with open(ref.source, "rb") as handle:
            if size > LOG_LIMIT:
                handle.seek(size - LOG_LIMIT)
            data = handle.read(LOG_LIMIT)
    except OSError as exc:
        return f"(cannot read {ref.label}: {exc.strerror})", False
    return data.decode("utf-8", "replace"), size > LOG_LIMIT


def render(site: Site) -> Rendered:
    env = environment()
    script, script_hash = _script()
    common = {"site": site, "reload_js": script, "script_hash": script_hash}
    jobs: list[tuple[str, str, dict[str, Any]]] = []
    live = site.plan(site.live)
    jobs.append((LIVE_PAGE, "live.html.j2", {"plan": live, "picture": _picture(live, site)}))
    jobs.append((PLANS_PAGE, "plans.html.j2", {}))
    for plan in site.plans:
        jobs.append((plan.page, "plan.html.j2", {"plan": plan, "picture": _picture(plan, site)}))
        for ref in plan.logs:
            text, clipped = _read_log(ref)
            jobs.append((ref.page, "log.html.j2", {"plan": plan, "ref": ref, "text": text,
                                                   "clipped": clipped, "limit": LOG_LIMIT}))
    for ledger in site.ledgers:
        jobs.append((ledger.page, "ledger.html.j2", {"ledger": ledger}))
    pages: dict[str, str] = {}
    versions: dict[str, str] = {}
    for name, template, values in jobs:
        base = "../" * name.count("/")
        html = env.get_template(template).render(page=name, base=base, **common, **values)
        pages[name], versions[name] = _finish(html)
    return Rendered(pages, versions)


def _picture(plan: Plan | None, site: Site) -> svg.Picture | None:
    """The journey of ``plan``; an open visit lasts until the plan's files last changed, so the
    picture (and the page) only changes when the files do."""
    if plan is None or not plan.visits:
        return None
    return svg.layout(plan, plan.updated or plan.visits[-1].start or site.generated)
