"""The rule maps: every rule of protocol-rules.md is stated once, in the bundle or by a command.

``docs/rule-map-modules.md`` covers the groups owned by the state modules and the references;
``docs/rule-map-skill.md`` the groups owned by SKILL.md and the agents; ``docs/rule-map-2.66.md``
the rules added after 2.57.2. Each line reads ``- R-XXX-NN → target``, where target is one of:

* ``path § Heading``: a heading of that bundle file as installed (rendered);
* ``emit-template --name <slug>``: a plan-file template the command serves;
* ```command` [slug]``: the command that enforces the rule and the slug its refusal (or the
  validator line) carries;
* ``docs/compatibility.md (dropped)``: dropped, with the reason recorded there.

A test fails when a rule is unmapped, mapped twice, or points at text that no longer exists.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
RULES = Path("/work/shared/spec/protocol-rules.md")
RULES_COPY = REPO / "docs" / "protocol-rule-ids.txt"
#: Rules the original added after 2.57.2 (ids ours), mapped in docs/rule-map-2.66.md.
NEW_RULES = REPO / "docs" / "protocol-rule-ids-2.66.txt"
MODULE_GROUPS = {
    "EXPL", "PLAN", "EXEC", "LEASH", "REFL", "PIV", "CPLX", "HYG", "ANCH", "PC", "CONS", "RIG",
    "CONV", "BLAST", "REG", "PY",
}
LINE = re.compile(r"^- (R-[A-Z]+-\d{2}) → (.+?)\s*$", re.M)
DROPPED = "docs/compatibility.md (dropped)"
SECTION = re.compile(r"^((?:SKILL\.md|(?:agents|modules|references)/[\w.-]+\.md)) § (.+)$")
TEMPLATE = re.compile(r"^emit-template --name ([a-z-]+)$")
COMMAND = re.compile(r"^`([a-z][a-z -]*)` \[([a-z][a-z-]*)\]$")


def all_rule_ids() -> list[str]:
    """Rule ids in protocol order: from the spec when present, else the committed id list."""
    if RULES.is_file():
        return re.findall(r"\*\*(R-[A-Z]+-\d{2})\*\*", RULES.read_text(encoding="utf-8"))
    return RULES_COPY.read_text(encoding="utf-8").split()


def entries(path: Path) -> list[tuple[str, str]]:
    return LINE.findall(path.read_text(encoding="utf-8"))


def group(rule: str) -> str:
    return rule.split("-")[1]


def test_rule_id_list_is_complete() -> None:
    ids = all_rule_ids()
    assert len(ids) == 505 and len(set(ids)) == 505
    if RULES.is_file():  # keep the committed copy in step with the spec
        assert RULES_COPY.read_text(encoding="utf-8").split() == ids


def test_module_map_names_each_of_its_rules_exactly_once() -> None:
    mine = [r for r in all_rule_ids() if group(r) in MODULE_GROUPS]
    named = [rule for rule, _ in entries(DOCS / "rule-map-modules.md")]
    counts = Counter(named)
    assert not [r for r, n in counts.items() if n > 1], "named twice"
    assert set(named) == set(mine), (set(mine) - set(named), set(named) - set(mine))
    assert len(mine) == 325


def rendered_headings(rel: str) -> set[str]:
    from skill.bundle import bundle_path, render_bundle_file, render_state_module

    assert bundle_path(rel).is_file(), f"{rel} does not exist"
    if rel.startswith("modules/state-"):
        text = render_state_module(rel[len("modules/state-") : -3], None, command="python -m skill")
    else:
        text = render_bundle_file(rel, command="python -m skill")
    return {m.strip() for m in re.findall(r"^#{1,6} (.+)$", text, re.M)}


def source_slugs() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "skill").rglob("*.py"))


def check_target(target: str, headings: dict[str, set[str]], source: str) -> str | None:
    """None when ``target`` names something that exists; else what is wrong."""
    from click.testing import CliRunner

    from skill.bundle import VALID_TEMPLATES
    from skill.cli import cli

    if target == DROPPED:
        return None
    if m := SECTION.match(target):
        rel, heading = m.groups()
        if rel == "references/file-formats.md":
            return "file-formats.md is going: name the template (emit-template --name <slug>)"
        if rel not in headings:
            headings[rel] = rendered_headings(rel)
        return None if heading in headings[rel] else f"{rel} has no heading {heading!r}"
    if m := TEMPLATE.match(target):
        slug = m.group(1)
        if slug not in VALID_TEMPLATES:
            return f"no template {slug!r}"
        result = CliRunner().invoke(cli, ["emit-template", "--name", slug])
        return None if result.exit_code == 0 and result.output.strip() else f"emit-template {slug} fails"
    if m := COMMAND.match(target):
        words, slug = m.group(1).split(), m.group(2)
        result = CliRunner().invoke(cli, [*words, "--help"])
        if result.exit_code != 0 or not result.output.startswith("Usage:"):
            return f"no command {' '.join(words)!r}"
        if f'"{slug}"' not in source and f"[{slug}]" not in source:
            return f"no refusal slug {slug!r} in skill/"
        return None
    return "not a target: use 'path § Heading', 'emit-template --name slug' or '`command` [slug]'"


def test_every_target_exists() -> None:
    headings: dict[str, set[str]] = {}
    source = source_slugs()
    problems = []
    for path in sorted(DOCS.glob("rule-map-*.md")):
        for rule, target in entries(path):
            problem = check_target(target, headings, source)
            if problem:
                problems.append(f"{path.name}: {rule} → {target}: {problem}")
    assert not problems, "\n".join(problems)


def test_a_vanished_heading_or_command_fails_the_check() -> None:
    headings: dict[str, set[str]] = {}
    source = source_slugs()
    assert check_target("SKILL.md § Transitions", headings, source) is None
    assert check_target("SKILL.md § No such heading", headings, source)
    assert check_target("`transition` [user]", headings, source) is None
    assert check_target("`transition` [no-such-slug]", headings, source)
    assert check_target("`no-such-command` [user]", headings, source)
    assert check_target("emit-template --name plan", headings, source) is None
    assert check_target("emit-template --name nope", headings, source)
    assert check_target("SKILL.md", headings, source)  # a bare file is not precise enough


def test_dropped_rules_are_explained() -> None:
    compat = (DOCS / "compatibility.md").read_text(encoding="utf-8")
    for rule, target in entries(DOCS / "rule-map-modules.md"):
        if target == DROPPED:
            assert re.search(rf"^- {rule} ", compat, re.M), f"{rule} dropped without a reason"


def test_drift_rules_have_a_recorded_choice() -> None:
    if not RULES.is_file():
        return
    text = RULES.read_text(encoding="utf-8")
    drift = re.findall(r"^- \[ \] \*\*(R-[A-Z]+-\d{2})\*\*.*\[drift", text, re.M)
    compat = (DOCS / "compatibility.md").read_text(encoding="utf-8")
    mine = [r for r in drift if group(r) in MODULE_GROUPS]
    assert len(mine) == 34
    missing = [r for r in mine if r not in compat]
    assert not missing, f"no recorded choice for {missing}"


def new_rule_ids() -> list[str]:
    return NEW_RULES.read_text(encoding="utf-8").split()


def test_union_of_the_maps_covers_every_rule_once() -> None:
    """The 505 rules of 2.57.2 and the rules added up to 2.66.0, each mapped exactly once."""
    maps = sorted(DOCS.glob("rule-map-*.md"))
    named = [rule for path in maps for rule, _ in entries(path)]
    counts = Counter(named)
    assert not [r for r, n in counts.items() if n > 1], "a rule is mapped in two places"
    original = set(all_rule_ids())
    assert set(named) == original | set(new_rule_ids()), (original | set(new_rule_ids())) ^ set(named)


def test_new_rules_have_new_ids_and_their_own_words() -> None:
    new = new_rule_ids()
    assert len(new) == len(set(new)) >= 17 and not set(new) & set(all_rule_ids())
    text = (DOCS / "rule-map-2.66.md").read_text(encoding="utf-8")
    mapped = dict(entries(DOCS / "rule-map-2.66.md"))
    for rule in new:
        assert rule in mapped, rule
        statement = re.search(rf"^- {rule} → .+\n  (.+)$", text, re.M)
        assert statement and len(statement.group(1)) > 40, rule
