"""A scripted two-plan history made by the real commands, and a reader for the pages it gives.

Plan A: iteration 1 fails (two failed attempts on step 1: the leash), PIVOT, iteration 2 passes,
REFLECT → CLOSE. Plan B: the live plan, in EXECUTE with one failed attempt.
The user's approvals go through ``transition … --user WORDS`` when this checkout has it; before
that (issue "checks that tell the truth"), through ``--approved`` plus an ``approvals.jsonl`` line
in the shape being settled there (time, move, from, to, words, plan.md digest; the value of
``move`` for a move is not settled, so the reader goes by ``from``/``to``).
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass, field
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

from skill.plans.state import current_state
from tests.support.cli import run_cli
from tests.support.git import commit_all, init_repo
from tests.support.plans import active_plan_id
from tests.transitions.helpers import FINDINGS_MD, PLAN_MD, verification

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def ok(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    result = run_cli(root, *args, env=env)
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result


def git_repo(root: Path) -> Path:
    """A git repository with one commit (worktrees need a HEAD)."""
    init_repo(root)
    (root / "README.md").write_text("demo\n")
    commit_all(root)
    return root


def plan_file(root: Path, plan_id: str, name: str) -> Path:
    return root / "plans" / plan_id / name


def state_of(root: Path, plan_id: str) -> str:
    state = current_state(plan_file(root, plan_id, "state.md").read_text())
    assert state is not None
    return state


def approve(root: Path, target: str, words: str) -> None:
    """A user-gated move with the user's words recorded."""
    ok(root, "transition", target, "--user", words)


def to_planned(root: Path, goal: str, plan_md: str) -> str:
    ok(root, "bootstrap", "new", goal)
    plan_id = active_plan_id(root)
    plan_file(root, plan_id, "verification.md").write_text(verification(False))
    plan_file(root, plan_id, "findings.md").write_text(FINDINGS_MD)
    ok(root, "transition", "PLAN", "--note", "3 findings", "--confidence",
       "scope=deep,solutions=adequate,risks=clear")
    plan_file(root, plan_id, "plan.md").write_text(plan_md)
    return plan_id


def edit(root: Path, name: str, text: str, reason: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    ok(root, "log-edit", "--file", name, "--reason", reason)


PIVOT_DECISION = """
## D-{number:03d} | REFLECT → PIVOT | {date}
**Context**: the settings object is frozen at import.
**Decision**: read the TTL per request instead.
**Trade-off**: no global setting **at the cost of** one lookup per request.
**Reasoning**: two attempts failed on the frozen object.
**Complexity Assessment**: simpler; one module fewer.
"""


@dataclass
class Story:
    root: Path
    plan_a: str
    plan_b: str
    approvals_a: list[str] = field(default_factory=list)
    moves_a: list[tuple[str, str]] = field(default_factory=list)


def two_plan_story(root: Path) -> Story:
    git_repo(root)
    plan_a = to_planned(root, "Make session expiry configurable", PLAN_MD.format(version=1))
    words = ["Yes, go ahead with the TTL plan", "Pivot to a per-request TTL", "Approved: plan v2",
             "Close it, the tests prove it"]
    approve(root, "EXECUTE", words[0])
    edit(root, "settings.py", "SESSION_TTL = 3600\n", "add SESSION_TTL")
    ok(root, "attempt", "--what", "read TTL from the environment", "--result", "failed")
    ok(root, "attempt", "--what", "patch the frozen settings object", "--result", "failed")
    ok(root, "transition", "REFLECT", "--note", "leash hit on step 1")
    ok(root, "transition", "PIVOT", "--note", "settings object is frozen")
    decisions = plan_file(root, plan_a, "decisions.md")
    today = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    text = decisions.read_text()
    number = len(re.findall(r"^## D-[0-9]+", text, re.MULTILINE)) + 1
    decisions.write_text(text + PIVOT_DECISION.format(number=number, date=today))
    approve(root, "PLAN", words[1])
    plan_file(root, plan_a, "plan.md").write_text(PLAN_MD.format(version=2))
    approve(root, "EXECUTE", words[2])
    edit(root, "auth/middleware.py", "def check(session):\n    return session.fresh\n", "check expiry")
    edit(root, "settings.py", "SESSION_TTL = 1800\n", "shorter default TTL")
    for _ in range(3):
        ok(root, "step", "next")
    ok(root, "transition", "REFLECT", "--note", "all steps done")
    plan_file(root, plan_a, "verification.md").write_text(verification(True, "CLOSE"))
    ok(root, "hygiene", "skip", "--reason", "two settings lines; nothing to sweep")
    approve(root, "CLOSE", words[3])
    story = Story(root, plan_a, "", words, [
        ("INIT", "EXPLORE"), ("EXPLORE", "PLAN"), ("PLAN", "EXECUTE"), ("EXECUTE", "REFLECT"),
        ("REFLECT", "PIVOT"), ("PIVOT", "PLAN"), ("PLAN", "EXECUTE"), ("EXECUTE", "REFLECT"),
        ("REFLECT", "CLOSE"),
    ])
    story.plan_b = to_planned(root, "Add audit logging", PLAN_MD.format(version=1))
    approve(root, "EXECUTE", "Fine, start with the logger")
    edit(root, "audit.py", "LOG = []\n", "audit log store")
    ok(root, "attempt", "--what", "write the log synchronously", "--result", "failed")
    return story


def dashboard(root: Path, out: Path, *args: str, env: dict[str, str] | None = None) -> dict:
    result = ok(root, "dashboard", "--json", "--out", str(out), *args, env=env)
    return json.loads(result.stdout)


class Page(HTMLParser):
    """What the tests look at in a page: tags with attributes, ids, links, scripts, data-k texts."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.values: dict[str, str] = {}
        self.scripts: list[str] = []
        self.texts: list[str] = []
        self._open: list[list] = []  # [key, depth, parts]
        self._script: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.append((tag, values))
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "script":
            self._script = []
        if tag in VOID:
            return
        for item in self._open:
            item[1] += 1
        if values.get("data-k"):
            self._open.append([values["data-k"], 1, []])

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None
        if tag in VOID:
            return
        for item in list(self._open):
            item[1] -= 1
            if item[1] == 0:
                self.values[item[0]] = "".join(item[2]).strip()
                self._open.remove(item)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
        self.texts.append(data)
        for item in self._open:
            item[2].append(data)

    @property
    def text(self) -> str:
        return "".join(self.texts)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]

    def with_class(self, tag: str, name: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag and name in (a.get("class") or "").split()]


def read_page(out: Path, name: str) -> Page:
    return Page((out / name).read_text(encoding="utf-8"))
