"""What the dashboard shows, as typed values: one plan's journey and the site around it.

Only :mod:`skill.dashboard.load` fills these; templates read nothing else. Every ``str`` that came
from a plan file is untrusted text, kept exactly as written: templates escape it, and
:mod:`skill.dashboard.markdown` renders a fixed safe subset of Markdown.
Times are ISO-8601 UTC strings (``YYYY-MM-DDTHH:MM:SSZ``) or None when the files do not say.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from skill.validate.issues import Issue

#: The protocol's states in rail order; "INIT" is where every history starts.
RAIL = ("EXPLORE", "PLAN", "EXECUTE", "REFLECT", "PIVOT", "CLOSE")


@dataclass(frozen=True)
class Move:
    """One line of state.md's ``## Transition History:``."""

    source: str
    target: str
    note: str
    when: str | None


@dataclass(frozen=True)
class Visit:
    """One stay in a state: entered by ``entered_by`` at ``start``, left at ``end``."""

    state: str
    iteration: int
    start: str | None
    end: str | None
    entered_by: str
    note: str
    current: bool = False


@dataclass(frozen=True)
class Attempt:
    """A fix attempt on a plan step. ``live`` ones are still counted by the gate."""

    step: int | None
    number: int | None
    what: str
    result: str
    iteration: int | None = None
    when: str | None = None
    live: bool = True

    @property
    def failed(self) -> bool:
        return self.result.lower() == "failed"


@dataclass(frozen=True)
class Step:
    """A numbered line of plan.md's ``## Steps``, with what happened to it."""

    number: int
    text: str
    done: bool
    current: bool
    leash_cap: int  # fix attempts allowed on a step (skill.plans.layout.LEASH_CAP)
    commits: tuple[str, ...] = ()
    attempts: tuple[Attempt, ...] = ()

    @property
    def failed(self) -> int:
        return sum(1 for attempt in self.attempts if attempt.failed)

    @property
    def leash_hit(self) -> bool:
        return self.failed >= self.leash_cap


@dataclass(frozen=True)
class Iteration:
    """PLAN → EXECUTE starts iteration N; the move out of its last REFLECT is its outcome."""

    number: int
    start: str | None
    end: str | None
    outcome: str | None
    verdict: str | None
    failed_attempts: int = 0


@dataclass(frozen=True)
class CodeAnchor:
    path: str
    line: int
    stale: bool


@dataclass(frozen=True)
class Decision:
    ident: str
    phase: str
    date: str
    body: str
    refs: tuple[str, ...] = ()
    anchors: tuple[CodeAnchor, ...] = ()


@dataclass(frozen=True)
class Change:
    """One changelog.md line."""

    when: str
    iteration: int | None
    step: int | None
    commit: str
    path: str
    op: str
    tier: str
    radius: str
    dref: str
    reason: str


@dataclass(frozen=True)
class FileHeat:
    """A file's edits in order, by blast-radius tier: one cell of the heat strip each."""

    path: str
    changes: tuple[Change, ...]

    @property
    def worst(self) -> str:
        order = ("UNKNOWN", "LOW", "MED", "HIGH")
        return max((c.tier for c in self.changes), key=order.index, default="UNKNOWN")


@dataclass(frozen=True)
class LogRef:
    """A log file a verification row names, copied into the site as an escaped page."""

    label: str
    page: str
    source: Path


@dataclass(frozen=True)
class Criterion:
    number: str
    criterion: str
    method: str
    command: str
    result: str
    evidence: str
    logs: tuple[LogRef, ...] = ()


@dataclass(frozen=True)
class CheckRow:
    """A row of verification.md's ``## Additional Checks``."""

    name: str
    command: str
    result: str
    details: str


@dataclass(frozen=True)
class VerdictItem:
    label: str
    value: str


@dataclass(frozen=True)
class Verification:
    criteria: tuple[Criterion, ...] = ()
    checks: tuple[CheckRow, ...] = ()
    verdict: tuple[VerdictItem, ...] = ()
    recommendation: str | None = None

    @property
    def passed(self) -> int:
        return sum(1 for c in self.criteria if c.result.upper() == "PASS")

    @property
    def pending(self) -> int:
        return sum(1 for c in self.criteria if c.result.upper() == "PENDING")


@dataclass(frozen=True)
class Approval:
    """One line of approvals.jsonl: the user's own words for a gated move."""

    when: str | None
    move: str  # ``FROM → TO`` as the history writes it, or what the line names
    words: str
    digest: str | None = None
    again: bool = False  # a re-approval (of an edited plan) in the same state, not a move


@dataclass(frozen=True)
class Waiting:
    """Something only the user can do now."""

    kind: str  # approve-plan | approve-pivot | confirm-close | confirm-reflect | leash
    title: str
    detail: str


@dataclass(frozen=True)
class Gate:
    line: str
    passed: bool
    slug: str | None


@dataclass(frozen=True)
class Validation:
    errors: int
    warnings: int
    infos: int
    issues: tuple[Issue, ...]


@dataclass(frozen=True)
class Status:
    """The fields of ``bootstrap status --json`` (same names, same values)."""

    state: str
    iteration: str
    step: str
    goal: str | None
    last_transition: str | None
    incomplete_close: bool = False


@dataclass(frozen=True)
class Document:
    """A Markdown file to render (comments already removed)."""

    name: str
    text: str


@dataclass(frozen=True)
class Plan:
    plan_id: str
    page: str
    worktree: str
    folder: Path | None  # None: closed plan whose folder is gone (rebuilt from the ledgers)
    active: bool
    closed: bool
    created: str | None
    updated: str | None
    status: Status
    date: str | None = None
    topics: str = ""
    progress: tuple[int, int] | None = None
    moves: tuple[Move, ...] = ()
    visits: tuple[Visit, ...] = ()
    iterations: tuple[Iteration, ...] = ()
    steps: tuple[Step, ...] = ()
    attempts: tuple[Attempt, ...] = ()
    decisions: tuple[Decision, ...] = ()
    changes: tuple[Change, ...] = ()
    heat: tuple[FileHeat, ...] = ()
    verification: Verification = field(default_factory=Verification)
    approvals: tuple[Approval, ...] = ()
    waiting: tuple[Waiting, ...] = ()
    gate: Gate | None = None
    validation: Validation | None = None
    documents: tuple[Document, ...] = ()
    checkpoints: tuple[str, ...] = ()

    @property
    def visits_per_state(self) -> dict[str, int]:
        counts = {state: 0 for state in RAIL}
        for visit in self.visits:
            if visit.state in counts:
                counts[visit.state] += 1
        return counts

    @property
    def current_step(self) -> Step | None:
        return next((step for step in self.steps if step.current), None)

    @property
    def leash_hits(self) -> int:
        return sum(1 for step in self.steps if step.leash_hit)

    @property
    def failed_attempts(self) -> int:
        return sum(1 for attempt in self.attempts if attempt.failed)

    @property
    def logs(self) -> tuple[LogRef, ...]:
        return tuple(log for c in self.verification.criteria for log in c.logs)


@dataclass(frozen=True)
class Worktree:
    path: str
    branch: str | None
    head: str | None
    main: bool


@dataclass(frozen=True)
class Ledger:
    """A cross-plan file under plans/ (FINDINGS, DECISIONS, LESSONS, SYSTEM, INDEX, ANCHORS)."""

    name: str
    page: str
    text: str | None
    worktree: str


@dataclass(frozen=True)
class Site:
    root: str
    generated: str
    worktrees: tuple[Worktree, ...]
    plans: tuple[Plan, ...]  # newest first
    live: str | None  # the plan id the live page shows
    ledgers: tuple[Ledger, ...]

    def plan(self, plan_id: str | None) -> Plan | None:
        return next((p for p in self.plans if p.plan_id == plan_id), None)
