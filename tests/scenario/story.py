"""The harness of the scenario: a real git project, the real CLI, and a check after every command.

Every step of a story is either a command (``Story.run``) or a write of a content file
(``Story.write`` for plan content, ``Story.lessons`` for plans/LESSONS.md, ``Story.note`` for a
``--body-file`` outside the project, ``Story.source`` for project files). ``Story.write`` takes
only content files (:data:`CONTENT`) and remembers each one, so a story can show it never wrote a
bookkeeping file. After each command the story asserts that ``validate-plan`` reports no ERROR
and exactly the warnings the caller names (none, unless REFLECT's remaining work is named at the
call site: a missing hygiene record, a PENDING Verdict), and that the pre-step gate answers what
the state says: ``GATE:PASS`` in EXECUTE unless a slug is expected, ``wrong-state`` elsewhere.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from tests.support.cli import run_cli
from tests.support.env import clean_env
from tests.support.git import git

#: A WARN the caller expects (work the state still has to do): (slug, a piece of its message).
Known = tuple[str, str]

#: The plan files an agent writes by hand: plan.md's sections, a topic file's body (a finding or
#: the boyscout's hygiene report) and summary.md. Everything else in a plan folder is bookkeeping,
#: written by a command.
CONTENT = re.compile(r"^(?:plan\.md|summary\.md|findings/[a-z0-9-]+\.md)$")


class Story:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.commands: list[tuple[str, ...]] = []
        #: Every file the story wrote itself, relative to plans/ ("<plan-id>/plan.md", "LESSONS.md").
        self.written: list[str] = []

    # -- files -----------------------------------------------------------------------------------

    @property
    def plan_id(self) -> str:
        return (self.root / "plans" / ".current_plan").read_text(encoding="utf-8")

    def plan_file(self, name: str, plan_id: str | None = None) -> Path:
        return self.root / "plans" / (plan_id or self.plan_id) / name

    def read(self, name: str, plan_id: str | None = None) -> str:
        return self.plan_file(name, plan_id).read_text(encoding="utf-8")

    def write(self, name: str, text: str) -> None:
        """A content file of the active plan, written as the agent writes it (never bookkeeping)."""
        assert CONTENT.match(name), f"{name} is bookkeeping: a command writes it"
        path = self.plan_file(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.written.append(f"{self.plan_id}/{name}")

    def lessons(self, text: str) -> None:
        """plans/LESSONS.md, which the archivist rewrites by hand at CLOSE."""
        (self.root / "plans" / "LESSONS.md").write_text(text, encoding="utf-8")
        self.written.append("LESSONS.md")

    def note(self, name: str, text: str) -> str:
        """A scratch file outside the project (a ``--body-file``); returns its path."""
        path = self.root.parent / "notes" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return str(path)

    def source(self, rel: str, text: str) -> None:
        """A project file (the code the plan changes)."""
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def revert(self, *paths: str) -> None:
        """What the executor does after a failed run: the files back as git has them."""
        git(self.root, "checkout", "--", *paths)

    def pytest(self) -> subprocess.CompletedProcess[str]:
        """The project's own test suite, for real (its output is the verification evidence)."""
        return subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
            cwd=self.root, env=clean_env(), capture_output=True, text=True, timeout=300,
        )

    def git_subjects(self) -> list[str]:
        return git(self.root, "log", "--format=%s").splitlines()

    # -- commands --------------------------------------------------------------------------------

    def run(self, *args: str, code: int = 0, match: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
        """One command; its exit status must be ``code`` and its output contain each of ``match``."""
        self.commands.append(args)
        result = run_cli(self.root, *args)
        assert result.returncode == code, (args, result.stdout, result.stderr)
        for text in match:
            assert text in result.stdout + result.stderr, (args, text, result.stdout, result.stderr)
        return result

    def refused(self, *args: str, match: tuple[str, ...] = ()) -> None:
        """A refusal: exit 1, "Nothing was written.", and no plan file changed."""
        before = self.snapshot()
        self.run(*args, code=1, match=("Nothing was written", *match))
        assert self.snapshot() == before, args

    def next_line(self, state: str) -> str:
        """emit-state's ``Next:`` line for ``state``, as the agent reads it."""
        out = run_cli(self.root, "emit-state", "--state", state.lower()).stdout
        return next(line for line in out.splitlines() if line.startswith("Next: "))

    def snapshot(self) -> dict[str, bytes]:
        return {
            str(path.relative_to(self.root)): path.read_bytes()
            for path in sorted((self.root / "plans").rglob("*"))
            if path.is_file() and path.name != ".lock"
        }

    # -- the checks after every command -------------------------------------------------------------

    def issues(self, plan_id: str | None = None) -> list[dict[str, object]]:
        args = ["validate-plan", "--json"] + ([plan_id] if plan_id else [])
        result = run_cli(self.root, *args)
        assert result.returncode in (0, 1), (result.stdout, result.stderr)
        issues: list[dict[str, object]] = json.loads(result.stdout)["issues"]
        return issues

    def gate(self) -> dict[str, object]:
        result = run_cli(self.root, "validate-plan", "--pre-step", "--json")
        assert result.returncode in (0, 2), (result.stdout, result.stderr)
        data: dict[str, object] = json.loads(result.stdout)
        return data

    def check(
        self,
        state: str,
        *,
        gate: str | None = None,
        known: tuple[Known, ...] = (),
        plan_id: str | None = None,
    ) -> None:
        """0 ERROR; WARNs exactly ``known``; the state; the gate's answer for that state."""
        issues = self.issues(plan_id)
        errors = [issue for issue in issues if issue["severity"] == "ERROR"]
        assert errors == [], (self.commands[-1:], errors)
        warns = [issue for issue in issues if issue["severity"] == "WARN"]
        unexpected = [w for w in warns if not any(w["slug"] == s and p in str(w["message"]) for s, p in known)]
        assert unexpected == [], (self.commands[-1:], unexpected)
        missing = [k for k in known if not any(w["slug"] == k[0] and k[1] in str(w["message"]) for w in warns)]
        assert missing == [], ("known false alarm no longer reported; drop it", missing)
        written = self.read("state.md", plan_id).split("# Current State:", 1)[1].split("\n", 1)[0].strip()
        assert written == state
        if plan_id is not None:
            return
        answer = self.gate()
        if state == "EXECUTE":
            assert answer["slug"] == gate, (self.commands[-1:], answer)
        else:
            assert answer["slug"] == "wrong-state", answer
