"""The rule maps: every rule of protocol-rules.md is stated in exactly one bundle file.

``docs/rule-map-modules.md`` covers the groups owned by the state modules and the references;
``docs/rule-map-skill.md`` the groups owned by SKILL.md and the agents. Each line reads
``- R-XXX-NN → path``; each path must exist.
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
LINE = re.compile(r"^- (R-[A-Z]+-\d{2}) → (\S+)", re.M)


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


def test_every_mapped_file_exists() -> None:
    for path in sorted(DOCS.glob("rule-map-*.md")):
        for rule, target in entries(path):
            assert (REPO / target).is_file(), f"{path.name}: {rule} → {target} does not exist"


def test_dropped_rules_are_explained() -> None:
    compat = (DOCS / "compatibility.md").read_text(encoding="utf-8")
    for rule, target in entries(DOCS / "rule-map-modules.md"):
        if target == "docs/compatibility.md":
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
        statement = re.search(rf"^- {rule} → \S+\n  (.+)$", text, re.M)
        assert statement and len(statement.group(1)) > 40, rule
