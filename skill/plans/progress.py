"""progress.md: its sections and its checkbox counts."""

from __future__ import annotations

import re

#: Sections progress.md must have (``## Blocked`` is optional).
SECTIONS: tuple[str, ...] = ("Completed", "In Progress", "Remaining")
ALL_SECTIONS: tuple[str, ...] = (*SECTIONS, "Blocked")

_DONE_RE = re.compile(r"^- \[x\].+$", re.MULTILINE)
_OPEN_RE = re.compile(r"^- \[ \].+$", re.MULTILINE)


def counts(text: str | None) -> tuple[int, int] | None:
    """(done, open) checkbox lines; None when the file is empty or missing."""
    if not text:
        return None
    return len(_DONE_RE.findall(text)), len(_OPEN_RE.findall(text))


def missing_sections(text: str) -> list[str]:
    """Required sections with no ``## <name>`` in the file."""
    return [name for name in SECTIONS if f"## {name}" not in text]


# -- plan steps as checklist items (``transition EXECUTE``, ``step next`` and ``step set``) --------

_STEP_ITEM_RE = re.compile(r"^- \[([ xX])\] iter-([0-9]+)/step-([0-9]+): (.*)$")
_PHASE_ITEM_RE = re.compile(r"^- \[ \] (EXPLORE|PLAN|REFLECT|PIVOT)\b[^\n]*$")
_PLACEHOLDER_LINE_RE = re.compile(r"^\*[^\n]*\*$")
EMPTY = {
    "Completed": "*Nothing yet.*",
    "In Progress": "*Nothing in progress.*",
    "Remaining": "*Nothing left.*",
}


def step_item(iteration: int, number: int, description: str, done: bool, commit: str | None = None) -> str:
    """The one writer of a step's checklist line: ``- [x] iter-1/step-2: what (commit abc1234)``."""
    line = f"- [{'x' if done else ' '}] iter-{iteration}/step-{number}: {' '.join(description.split())}"
    return line + (f" (commit {commit})" if done and commit else "")


def _lines(text: str, name: str) -> list[str]:
    from skill.plans.markdown import section_span

    span = section_span(text, name)
    if span is None:
        return []
    return [line for line in text[span[1] : span[2]].split("\n") if line.strip()]


def sync_steps(
    text: str,
    iteration: int,
    steps: list[tuple[int, bool, str]],
    current: int | None,
    commits: dict[int, str] | None = None,
) -> str:
    """progress.md with this iteration's steps where plan.md says they are.

    Completed holds the ticked steps (an existing line keeps its commit; ``commits`` adds new
    ones), In Progress the ``current`` step, Remaining the other unticked steps. Other lines are
    kept where they are, except: placeholders (italic lines) go once a section has items, an
    unticked ``- [ ] EXPLORE: …``-style phase item in In Progress is ticked into Completed, and
    unfinished steps of an earlier iteration move to Blocked ("plan replaced").
    """
    from skill.plans.markdown import replace_section

    commits = commits or {}
    sections = {name: _lines(text, name) for name in ALL_SECTIONS}
    kept: dict[str, list[str]] = {name: [] for name in ALL_SECTIONS}
    previous: dict[int, str] = {}
    for name, lines in sections.items():
        for line in lines:
            item = _STEP_ITEM_RE.match(line)
            if item and int(item.group(2)) == iteration and name != "Blocked":
                if item.group(1) in "xX":
                    previous[int(item.group(3))] = line
            elif item and name in ("In Progress", "Remaining") and item.group(1) == " ":
                kept["Blocked"].append(f"- {line[len('- [ ] '):]} — not done: plan replaced in iteration {iteration}")
            elif name == "In Progress" and _PHASE_ITEM_RE.match(line):
                kept["Completed"].append("- [x]" + line[len("- [ ]") :])
            else:
                kept[name].append(line)
    for number, ticked, description in steps:
        if ticked:
            line = previous.get(number) or step_item(iteration, number, description, True, commits.get(number))
            if number in commits and f"(commit {commits[number]})" not in line:
                line = step_item(iteration, number, description, True, commits[number])
            kept["Completed"].append(line)
        elif number == current:
            kept["In Progress"].append(step_item(iteration, number, description, False))
        else:
            kept["Remaining"].append(step_item(iteration, number, description, False))
    for name in ALL_SECTIONS:
        real = [line for line in kept[name] if not _PLACEHOLDER_LINE_RE.match(line.strip())]
        if not real:
            real = [line for line in kept[name] if line.strip()] or ([EMPTY[name]] if name in EMPTY else [])
        if real != sections[name]:
            text = replace_section(text, name, "\n".join(real))
    return text
