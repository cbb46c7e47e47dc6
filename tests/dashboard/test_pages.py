"""The pages of a real two-plan history: all produced, links resolve, numbers match the CLI's."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from tests.dashboard.helpers import Page, dashboard, ok, plan_file, read_page
from tests.support.cli import run_cli
from tests.support.git import git

LEDGER_PAGES = {f"f/{name}.html" for name in ("FINDINGS", "DECISIONS", "LESSONS", "SYSTEM", "INDEX", "ANCHORS")}


def _files(out: Path) -> set[str]:
    return {
        str(path.relative_to(out)).replace(os.sep, "/")
        for path in out.rglob("*")
        if path.is_file()
    }


def test_every_page_is_written_and_listed(built):
    story, out, data = built
    expected = {"index.html", "plans.html", f"p/{story.plan_a}.html", f"p/{story.plan_b}.html"} | LEDGER_PAGES
    assert set(data["pages"]) == expected
    assert _files(out) == expected | {"live.js"}
    assert data["index"] == str(out / "index.html")
    assert data["live_plan"] == story.plan_b
    assert data["plans"] == 2
    versions = json.loads((out / "live.js").read_text().split("ipLive(", 1)[1].rsplit(")", 1)[0])["pages"]
    assert set(versions) == expected
    for name in expected:
        assert read_page(out, name).find("html")[0]["data-version"] == versions[name]


def test_internal_links_resolve(built):
    _story, out, data = built
    checked = 0
    for name in data["pages"]:
        page = read_page(out, name)
        for attrs in page.find("a"):
            href = attrs.get("href") or ""
            parts = urlsplit(href)
            if parts.scheme in ("http", "https"):
                continue
            assert parts.scheme == "" and not parts.netloc, (name, href)
            target = (out / name).parent / parts.path if parts.path else out / name
            target = target.resolve()
            assert target.is_file(), (name, href)
            assert out.resolve() in target.parents
            if parts.fragment:
                assert parts.fragment in Page(target.read_text()).ids, (name, href)
            checked += 1
    assert checked > 30


def test_live_page_numbers_match_status_resume_and_the_validator(built):
    story, out, _data = built
    root = story.root
    status = json.loads(ok(root, "bootstrap", "status", "--json").stdout)
    resume = json.loads(ok(root, "bootstrap", "resume", "--json").stdout)
    issues = json.loads(run_cli(root, "validate-plan", "--json").stdout)
    gate = run_cli(root, "validate-plan", "--pre-step").stdout.strip()
    for name in ("index.html", f"p/{story.plan_b}.html"):
        values = read_page(out, name).values
        assert values["state"] == status["state"] == "EXECUTE"
        assert values["iteration"] == status["iteration"]
        assert values["step"] == status["step"]
        assert values["last_transition"] == status["last_transition"]
        assert int(values["progress-done"]) == resume["progress"]["done"]
        assert int(values["progress-remaining"]) == resume["progress"]["remaining"]
        assert int(values["decisions"]) == (resume["decisions"] or 0)
        assert int(values["errors"]) == issues["summary"]["errors"]
        assert int(values["warnings"]) == issues["summary"]["warnings"]
        assert int(values["infos"]) == issues["summary"]["infos"]
        assert values["gate"] == gate
        assert values["failed-attempts"] == "1"


def test_closed_plan_page_shows_its_journey(built):
    story, out, _data = built
    page = read_page(out, f"p/{story.plan_a}.html")
    values = page.values
    assert values["state"] == "CLOSE" and values["iteration"] == "2"
    expected: dict[str, int] = {}
    for _source, target in story.moves_a:
        expected[target] = expected.get(target, 0) + 1
    for state in ("EXPLORE", "PLAN", "EXECUTE", "REFLECT", "PIVOT", "CLOSE"):
        assert values[f"visits-{state}"] == str(expected.get(state, 0)), state
    svg = page.find("svg", id="journey")[0]
    assert svg["data-visits"] == str(len(story.moves_a))
    assert len(page.with_class("rect", "visit")) == len(story.moves_a)
    assert [b["data-outcome"] for b in page.with_class("g", "band")] == ["PIVOT", "CLOSE"]
    assert len(page.with_class("g", "pivot")) == 1
    approvals = page.with_class("g", "approval")
    assert len(approvals) == len(story.approvals_a)
    for words in story.approvals_a:
        assert f"“{words}”" in page.text
    assert "verdict CLOSE, criteria 1/1" in page.text
    assert "gate" not in values  # a closed plan has no gate to ask


def test_live_plan_steps_attempts_and_changelog(built):
    story, out, _data = built
    page = read_page(out, f"p/{story.plan_b}.html")
    current = [a["data-step"] for a in page.with_class("tr", "current") if a.get("data-step")]
    assert current == ["1"]
    assert len(page.with_class("g", "attempt")) == 1
    assert "write the log synchronously" in page.text
    heat = [a for t, a in page.tags if t == "tr" and a.get("data-path")]
    assert [a["data-path"] for a in heat] == ["audit.py"]
    changelog = plan_file(story.root, story.plan_b, "changelog.md").read_text()
    tiers = [line.split(" | ")[5].split(":")[1].split("(")[0] for line in changelog.splitlines() if line[:1].isdigit()]
    cells = [a["class"].split()[1] for a in page.with_class("span", "cell") if a.get("title")]
    assert cells == [f"t-{tier}" for tier in tiers]


def test_plans_page_lists_every_plan_newest_first(built):
    story, out, _data = built
    page = read_page(out, "plans.html")
    rows = [a["data-plan"] for t, a in page.tags if t == "tr" and a.get("data-plan")]
    assert rows == [story.plan_b, story.plan_a]
    assert page.find("a", href=f"p/{story.plan_a}.html")


def test_ledger_pages_render_the_cross_plan_files(built):
    story, out, _data = built
    index = read_page(out, "f/INDEX.html")
    assert story.plan_a in index.text  # the row bootstrap close added
    assert index.find("table")
    findings = read_page(out, "f/FINDINGS.html")
    assert "tokens are checked in middleware/auth.py" in findings.text
    assert "Decision Anchor Manifest" in read_page(out, "f/ANCHORS.html").text  # bootstrap new writes it


def test_dashboard_never_writes_into_the_project(story, tmp_path):
    def snapshot() -> dict[str, tuple[int, bytes]]:
        return {
            str(p.relative_to(story.root)): (p.stat().st_mtime_ns, p.read_bytes())
            for p in story.root.rglob("*")
            if p.is_file()
        }

    before = snapshot()
    dashboard(story.root, tmp_path / "site")
    assert snapshot() == before


def test_rerun_writes_only_what_changed(story, tmp_path):
    out = tmp_path / "site"
    first = dashboard(story.root, out)
    assert set(first["written"]) == set(first["pages"])
    assert dashboard(story.root, out)["written"] == []
    ok(story.root, "attempt", "--what", "buffer the log in memory", "--result", "failed")
    third = dashboard(story.root, out)
    assert set(third["written"]) == {"index.html", "plans.html", f"p/{story.plan_b}.html"}
    page = read_page(out, "index.html")
    assert page.values["failed-attempts"] == "2"
    assert [a["data-kind"] for a in page.find("li") if a.get("data-kind")] == ["leash"]
    assert page.values["gate"].startswith("GATE:FAIL [leash-cap]")


def test_plan_whose_folder_is_gone_comes_from_index_and_ledgers(story, tmp_path):
    shutil.rmtree(story.root / "plans" / story.plan_a)
    ok(story.root, "bootstrap", "close")  # plan B too, the administrative way
    data = dashboard(story.root, tmp_path / "site")
    assert data["live_plan"] == story.plan_b  # no active plan: the newest one
    assert f"p/{story.plan_a}.html" in data["pages"]
    out = Path(data["out"])
    plans = read_page(out, "plans.html")
    row = [a for t, a in plans.tags if t == "tr" and a.get("data-plan") == story.plan_a]
    assert row and "closed" in row[0]["class"]
    page = read_page(out, f"p/{story.plan_a}.html")
    assert "Make session expiry configurable." in page.text
    assert "FINDINGS.md (section)" in page.text
    assert "sessions live in a single SQLite table" in page.text
    closed_b = read_page(out, f"p/{story.plan_b}.html")
    assert closed_b.values["state"] == "CLOSE" and closed_b.values["visits-CLOSE"] == "1"
    assert not closed_b.find("section", id="waiting") and "gate" not in closed_b.values


def test_plans_of_other_worktrees_are_listed(story, tmp_path):
    other = tmp_path / "other-tree"
    git(story.root, "worktree", "add", "-q", str(other))
    ok(other, "bootstrap", "new", "Try the other branch")
    other_id = (other / "plans" / ".current_plan").read_text()
    data = dashboard(story.root, tmp_path / "site")
    assert f"p/{other_id}.html" in data["pages"]
    assert "f/w1-INDEX.html" in data["pages"]
    page = read_page(Path(data["out"]), "plans.html")
    assert str(other) in page.text
    assert data["live_plan"] == story.plan_b  # the live plan is this worktree's active plan
    assert read_page(Path(data["out"]), f"p/{other_id}.html").values["state"] == "EXPLORE"


def test_plan_option_picks_the_live_page_and_refuses_unknown_ids(built, tmp_path):
    story, _out, _data = built
    data = dashboard(story.root, tmp_path / "site", "--plan", story.plan_a)
    assert data["live_plan"] == story.plan_a
    assert read_page(Path(data["out"]), "index.html").values["state"] == "CLOSE"
    bad = run_cli(story.root, "dashboard", "--out", str(tmp_path / "s2"), "--plan", "plan-2020-01-01T000000-00000000")
    assert bad.returncode == 1
    assert "no such plan" in bad.stderr and story.plan_b in bad.stderr
    assert "Traceback" not in bad.stderr
    assert not (tmp_path / "s2" / "index.html").exists()


def test_decisions_show_their_anchor_refs_and_code_anchors(story, tmp_path):
    decisions = plan_file(story.root, story.plan_a, "decisions.md")
    decisions.write_text(decisions.read_text().replace(
        "**Complexity Assessment**", "**Anchor-Refs**: `settings.py:2`\n**Complexity Assessment**"))
    (story.root / "settings.py").write_text(f"SESSION_TTL = 1800\n# DECISION {story.plan_a}/D-001\n")
    data = dashboard(story.root, tmp_path / "site")
    page = read_page(Path(data["out"]), f"p/{story.plan_a}.html")
    assert "D-001" in page.ids
    assert "Anchored in the code: settings.py:2" in page.text
    assert "settings.py:2" in [t for t in page.texts if t.startswith("settings.py")]


def test_changelog_decision_refs_link_to_their_decision(story, tmp_path):
    decisions = plan_file(story.root, story.plan_b, "decisions.md")
    decisions.write_text(decisions.read_text() + "\n## D-001 | EXECUTE | 2026-01-01\n**Context**: c\n"
                         "**Decision**: d\n**Trade-off**: a **at the cost of** b\n**Reasoning**: r\n")
    (story.root / "audit.py").write_text("LOG = []\nLOG.append(1)\n")
    ok(story.root, "log-edit", "--file", "audit.py", "--reason", "append", "--dref", "D-001")
    data = dashboard(story.root, tmp_path / "site")
    page = read_page(Path(data["out"]), f"p/{story.plan_b}.html")
    assert page.find("a", href="#D-001") and "D-001" in page.ids
