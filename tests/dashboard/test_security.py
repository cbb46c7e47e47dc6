"""Every byte of a plan file is untrusted: injected markup in any file renders as inert text."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skill.dashboard.markdown import render, safe_url
from tests.dashboard.helpers import (
    Page,
    approve,
    dashboard,
    edit,
    git_repo,
    ok,
    read_page,
    to_planned,
)
from tests.transitions.helpers import PLAN_MD

RELOAD_JS = (Path(__file__).resolve().parents[2] / "skill/dashboard/templates/reload.js").read_text().strip()

PAYLOADS = [
    "<script>alert('s1')</script>",
    "[click me](javascript:alert%28'j1'%29)",
    "[click](javascript:alert('j2'))",
    "[data](data:text/html;base64,PHNjcmlwdD4=)",
    "<img src=x onerror=alert('i1')>",
    '<a href="javascript:alert(\'a1\')">raw anchor</a>',
    '" onmouseover="alert(\'q1\')" x="',
    "' onfocus='alert(1)' autofocus='",
    "</title></text></svg><script>alert('svg1')</script>",
    "<iframe src=javascript:alert('f1')></iframe>",
    "<style>body{display:none}</style>",
    "<!-- hidden --><b>bold</b> & &amp; &lt;",
    "`</code><script>alert('c1')</script>`",
]
EVIL = " ".join(PAYLOADS)

#: Markup the pages may contain: the page shell, the Markdown subset and the journey picture.
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "script", "body", "header", "nav", "main", "footer",
    "section", "article", "figure", "figcaption", "div", "span", "p", "a", "code", "pre", "strong",
    "em", "del", "b", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt",
    "dd", "table", "thead", "tbody", "tr", "th", "td", "blockquote", "details", "summary",
    "svg", "g", "rect", "line", "path", "circle", "text",
}
ALLOWED_ATTRS = {
    "lang", "data-page", "data-base", "data-version", "charset", "name", "content", "http-equiv",
    "href", "rel", "class", "id", "title", "data-k", "data-state", "data-step", "data-kind",
    "data-plan", "data-path", "data-outcome", "data-visits", "xmlns", "width", "height", "viewbox",
    "role", "aria-label", "aria-hidden", "x", "y", "x1", "y1", "x2", "y2", "rx", "cx", "cy", "r", "d",
    "open",
}


def assert_inert(page: Page, where: str) -> None:
    scripts = [a for t, a in page.tags if t == "script"]
    assert len(scripts) == 1 and page.scripts == [RELOAD_JS], where
    for tag, attrs in page.tags:
        assert tag in ALLOWED_TAGS, (where, tag)
        for name, value in attrs.items():
            assert name in ALLOWED_ATTRS, (where, tag, name, value)
            text = html.unescape(value or "").lower().replace(" ", "")
            if name == "href":
                assert re.match(r"https?://", text) or not re.match(r"[a-z][a-z0-9+.-]*:", text), (where, value)
        if tag == "meta" and attrs.get("http-equiv"):
            assert attrs["http-equiv"] == "Content-Security-Policy"
            assert "default-src 'none'" in (attrs.get("content") or "")
    # nothing the payloads carry became an element or an event handler
    assert not page.find("img") and not page.find("iframe"), where
    assert all("javascript" not in (a.get("href") or "").lower() for a in page.find("a")), where


def evil_project(root: Path) -> tuple[Path, str]:
    git_repo(root)
    plan_id = to_planned(root, f"Harden {PAYLOADS[0]} login", PLAN_MD.format(version=1).replace(
        "Make session expiry configurable.", f"Make it safe {EVIL}").replace(
        "1. [ ] Add SESSION_TTL", f"1. [ ] {PAYLOADS[8]} Add SESSION_TTL"))
    folder = root / "plans" / plan_id
    (folder / "findings").mkdir(exist_ok=True)
    (folder / "findings" / "evil.md").write_text(f"# Evil\n\n## Summary\n{EVIL}\n\n| a | b |\n|---|---|\n| {PAYLOADS[6]} | {PAYLOADS[1]} |\n")
    findings = folder / "findings.md"
    findings.write_text(findings.read_text().replace("## Key Constraints", f"- [Evil {PAYLOADS[4]}](findings/evil.md) {PAYLOADS[2]}\n\n## Key Constraints"))
    decisions = folder / "decisions.md"
    decisions.write_text(decisions.read_text() + f"\n## D-001 | PLAN | 2026-01-01\n**Context**: {EVIL}\n**Decision**: x\n**Trade-off**: a **at the cost of** b\n**Reasoning**: {PAYLOADS[9]}\n")
    approve(root, "EXECUTE", f"yes {PAYLOADS[8]} {PAYLOADS[6]}")
    edit(root, "app.py", "x = 1\n", f"reason {PAYLOADS[6]} {PAYLOADS[0]}")
    ok(root, "attempt", "--what", f"try {PAYLOADS[8]}", "--result", "failed")
    ok(root, "transition", "REFLECT", "--note", f"note {PAYLOADS[4]} {PAYLOADS[6]}")
    (folder / "logs").mkdir()
    (folder / "logs" / "c1.log").write_text(f"output {EVIL}\n")
    (folder / "verification.md").write_text(
        "# Verification Results\n\n## Criteria Verification\n"
        "| # | Criterion | Method | Command/Action | Result | Evidence |\n|---|---|---|---|---|---|\n"
        f"| 1 | {PAYLOADS[0]} | test | `pytest` | PASS | see logs/c1.log {PAYLOADS[6]} |\n\n"
        f"## Verdict\n- Criteria passed: 1/1\n- Regressions: none {PAYLOADS[5]}\n- Scope drift: none\n"
        "- Simplification blockers: none\n- Recommendation: CLOSE\n"
    )
    (root / "plans" / "LESSONS.md").write_text(f"# Lessons\n{EVIL}\n")
    return root, plan_id


def test_injected_markup_renders_inert_on_every_page(tmp_path):
    root, plan_id = evil_project(tmp_path / "proj")
    data = dashboard(root, tmp_path / "site")
    out = Path(data["out"])
    log_pages = [name for name in data["pages"] if "-log-" in name]
    assert len(log_pages) == 1
    for name in data["pages"]:
        assert_inert(read_page(out, name), name)
    page = read_page(out, f"p/{plan_id}.html")
    text = page.text
    for payload in ("<script>alert('s1')</script>", "<img src=x onerror=alert('i1')>",
                    "</title></text></svg><script>alert('svg1')</script>", "javascript:alert%28'j1'%29"):
        assert payload in text  # shown as text, not dropped
    assert "onmouseover=\"alert('q1')\"" in text
    log = read_page(out, log_pages[0])
    assert "<script>alert('s1')</script>" in log.text
    assert "<script>alert('s1')</script>" in read_page(out, "f/LESSONS.html").text
    # the words inside the journey picture are text nodes of <text>/<title>, escaped
    raw = (out / f"p/{plan_id}.html").read_text()
    assert "&lt;/title&gt;&lt;/text&gt;&lt;/svg&gt;&lt;script&gt;" in raw
    assert "<script>alert" not in raw


def test_only_http_links_become_anchors():
    out = render("[a](https://example.org/x) [b](http://e.org) [c](ftp://e.org) [d](/etc/passwd) "
                 "[e](javascript:void%280%29) [f](JaVaScRiPt:x) [g](//evil.org) <https://auto.org>")
    page = Page(str(out))
    assert [a["href"] for a in page.find("a")] == ["https://example.org/x", "http://e.org", "https://auto.org"]
    assert all(a["rel"] == "noopener noreferrer nofollow" for a in page.find("a"))
    assert "(ftp://e.org)" in page.text and "(JaVaScRiPt:x)" in page.text


@pytest.mark.parametrize("url,good", [
    ("https://example.org/a?b=1&c=2", True), ("HTTP://EXAMPLE.ORG", True), ("https://x.org/\"onload", False),
    ("javascript:alert(1)", False), ("https://a.org/<b>", False), ("https:// a", False), ("mailto:a@b", False),
])
def test_safe_url(url, good):
    assert safe_url(url) is good


MD_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "ul", "ol", "li", "code", "pre", "strong", "em",
           "del", "a", "span", "table", "thead", "tbody", "tr", "th", "td", "blockquote", "hr"}
PIECES = st.sampled_from([
    "<", ">", "&", '"', "'", "`", "``", "*", "**", "_", "~~", "[", "]", "(", ")", "|", "\\", "#", "- ", "1. ",
    "\n", "\n\n", "    ", "> ", "```\n", "---\n", "javascript:", "https://e.org/", "http://", "<script>",
    "onerror=", "[x](", "<!--", "-->", "word", " ", "é", "\u202e", "&lt;", "[ ] ", "[x] ",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_any_markdown_renders_to_the_subset_only(text):
    out = str(render(text))
    page = Page(out)
    for tag, attrs in page.tags:
        assert tag in MD_TAGS, (text, tag)
        for name, value in attrs.items():
            if tag == "a" and name == "href":
                assert safe_url(value or ""), (text, value)
            elif tag == "a":
                assert name == "rel"
            else:
                assert tag == "span" and name == "class", (text, tag, name)
    assert "<script" not in out and "javascript:" not in "".join(a.get("href") or "" for a in page.find("a"))
