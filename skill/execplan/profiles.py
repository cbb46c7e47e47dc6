"""The three lint profiles, as data.

* ``codex-strict`` and ``repo-native``: the Standard ExecPlan Schema (YAML frontmatter, MUST
  sections in a fixed order, SHOULD sections, ``Status:``/``Next Action:`` in Progress, RFC 3339
  timestamps). ``codex-strict`` adds the Codex formatting envelope: no triple-backtick fences inside
  the plan, checkboxes only in Progress, a blank line after every heading.
* ``execplans``: the living-section skeleton of the "execplans" skill (Constraints, Tolerances,
  Risks, Progress with timestamped checkboxes, Surprises & Discoveries, Decision Log, Outcomes &
  Retrospective) and a ``Status:`` line from its own list.

Section names are compared by :func:`skill.execplan.model.section_key`, so ``&``/``and`` and
annotations such as ``(MUST)`` do not matter.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

FRONTMATTER_KEYS = ("id", "status", "owner", "created", "updated", "profile")
FRONTMATTER_STATUSES = ("DRAFT", "IN_PROGRESS", "BLOCKED", "DONE", "ABANDONED")
FRONTMATTER_PROFILES = ("codex-strict", "repo-native")
EXECPLANS_STATUSES = ("DRAFT", "APPROVED", "IN PROGRESS", "BLOCKED", "COMPLETE")

#: Every section the Standard ExecPlan Schema names, in its order; (title, requirement).
STANDARD_SECTIONS: tuple[tuple[str, str], ...] = (
    ("Purpose / Big Picture", "must"),
    ("Progress", "must"),
    ("Context and Orientation", "must"),
    ("Interfaces & Dependencies", "should"),
    ("Constraints & Safety", "must"),
    ("Tooling Interface & Governance", "must"),
    ("Plan of Work", "must"),
    ("Milestones", "should"),
    ("Concrete Steps", "should"),
    ("Validation & Acceptance", "must"),
    ("Idempotence & Recovery", "should"),
    ("Surprises & Discoveries", "must"),
    ("Decision Log", "must"),
    ("Inter-Agent Messages", "optional"),
    ("Handoff Summary", "should"),
    ("Outcomes & Retrospective", "must"),
)

#: The execplans skeleton, in its order. Living sections are required; the rest recommended.
EXECPLANS_SECTIONS: tuple[tuple[str, str], ...] = (
    ("Purpose / Big Picture", "should"),
    ("Constraints", "must"),
    ("Tolerances", "must"),
    ("Risks", "must"),
    ("Progress", "must"),
    ("Surprises & Discoveries", "must"),
    ("Decision Log", "must"),
    ("Outcomes & Retrospective", "must"),
    ("Context and Orientation", "should"),
    ("Plan of Work", "should"),
    ("Concrete Steps", "should"),
    ("Validation and Acceptance", "should"),
    ("Idempotence and Recovery", "should"),
    ("Artifacts and Notes", "optional"),
    ("Interfaces and Dependencies", "optional"),
)

#: Sections where external URLs may appear freely.
URL_SECTIONS = ("See Also", "References")


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    sections: tuple[tuple[str, str], ...]
    ordered: bool  # MUST/SHOULD sections must appear in the listed order
    frontmatter: bool  # YAML frontmatter with FRONTMATTER_KEYS required
    progress_fields: bool  # Progress must carry Status: and Next Action:
    status_values: tuple[str, ...]  # allowed values of the Status: line
    status_in_header: bool  # Status: may sit in the preamble (execplans) rather than in Progress
    timestamp_style: str  # "rfc3339" or "zoned" (see patterns.bad_timestamps)
    no_nested_fences: bool
    checkboxes_only_in_progress: bool
    blank_after_heading: bool
    progress_checkboxes: bool  # Progress needs checkboxes, completed ones with a timestamp


_CODEX_STRICT = Profile(
    name="codex-strict",
    description="Standard ExecPlan Schema with the Codex envelope rules",
    sections=STANDARD_SECTIONS,
    ordered=True,
    frontmatter=True,
    progress_fields=True,
    status_values=FRONTMATTER_STATUSES,
    status_in_header=False,
    timestamp_style="rfc3339",
    no_nested_fences=True,
    checkboxes_only_in_progress=True,
    blank_after_heading=True,
    progress_checkboxes=False,
)

PROFILES: dict[str, Profile] = {
    "codex-strict": _CODEX_STRICT,
    # the same schema without the Codex envelope's formatting rules
    "repo-native": replace(
        _CODEX_STRICT,
        name="repo-native",
        description="Standard ExecPlan Schema, GitHub-flavoured Markdown allowed",
        no_nested_fences=False,
        checkboxes_only_in_progress=False,
        blank_after_heading=False,
    ),
    "execplans": Profile(
        name="execplans",
        description="execplans skill: living sections, tolerances, risks, approval-gate status",
        sections=EXECPLANS_SECTIONS,
        ordered=False,
        frontmatter=False,
        progress_fields=False,
        status_values=EXECPLANS_STATUSES,
        status_in_header=True,
        timestamp_style="zoned",
        no_nested_fences=True,
        checkboxes_only_in_progress=False,
        blank_after_heading=True,
        progress_checkboxes=True,
    ),
}

DEFAULT_PROFILE = "codex-strict"
PROFILE_NAMES = tuple(PROFILES)


def get_profile(name: str) -> Profile:
    """The profile called ``name``; KeyError for an unknown name (the CLI restricts the choice)."""
    return PROFILES[name]
