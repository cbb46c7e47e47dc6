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


def test_union_of_both_maps_covers_every_rule_once() -> None:
    """Checked once both maps exist; before that, the test above covers this map's share."""
    maps = sorted(DOCS.glob("rule-map-*.md"))
    named = [rule for path in maps for rule, _ in entries(path)]
    counts = Counter(named)
    assert not [r for r, n in counts.items() if n > 1], "a rule is mapped in two places"
    if (DOCS / "rule-map-skill.md").is_file():
        assert set(named) == set(all_rule_ids()), set(all_rule_ids()) - set(named)
    else:
        assert set(named) <= set(all_rule_ids())
