"""receipt check: PSR-v1 receipts, valid and one broken per rule; CLI behaviour; fuzzing."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skill.execplan.receipt import RULES, check_receipt, check_receipt_text, is_digest

HEX = "f" * 64


@pytest.fixture
def receipt(read_fixture) -> dict[str, Any]:
    return json.loads(read_fixture("receipt-valid.json"))["policy_synthesis_receipt"]


def _set(path: str, value: Any) -> Callable[[dict], None]:
    def mutate(data: dict) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        if value is _DELETE:
            del node[int(last) if last.isdigit() else last]
        else:
            node[int(last) if last.isdigit() else last] = value

    return mutate


_DELETE = object()

# (mutation, rule, where)
BROKEN = [
    (_set("plan_id", _DELETE), "required-key", "plan_id"),
    (_set("convergence", _DELETE), "required-key", "convergence"),
    (_set("receipt_version", "PSR-v2"), "receipt-version", "receipt_version"),
    (_set("plan_id", ""), "plan-identity", "plan_id"),
    (_set("revision", -1), "plan-identity", "revision"),
    (_set("source_digest", "sha256:xyz"), "digest-format", "source_digest"),
    (_set("passes.1.candidate_digest_after", "md5:" + "a" * 32), "digest-format", "passes[1].candidate_digest_after"),
    (_set("passes", []), "passes", "passes"),
    (_set("passes.0.lens", _DELETE), "passes", "passes[0].lens"),
    (_set("passes.0.findings", "none"), "passes", "passes[0].findings"),
    (_set("passes.1.disposition", "done"), "pass-disposition", "passes[1].disposition"),
    (_set("passes.2.material_changes", ["one more tweak"]), "pass-consistency", "passes[2]"),
    (_set("passes.1.material_changes", []), "pass-consistency", "passes[1]"),
    (_set("passes.1.candidate_digest_before", "sha256:" + HEX), "digest-chain", "passes[1].candidate_digest_before"),
    (_set("final_policy_digest", "sha256:" + HEX), "digest-chain", "final_policy_digest"),
    (_set("radical_candidate", "none"), "radical-candidate", "radical_candidate"),
    (_set("radical_candidate.reason", " "), "radical-candidate", "radical_candidate.reason"),
    (_set("radical_candidate.affected_refs", _DELETE), "radical-candidate", "radical_candidate.affected_refs"),
    (_set("radical_candidate.disposition", "maybe"), "radical-disposition", "radical_candidate.disposition"),
    (_set("convergence", [True]), "convergence", "convergence"),
    (_set("convergence.complete_clean_sweep", False), "convergence-clean-sweep", "convergence.complete_clean_sweep"),
    (_set("convergence.independent_press_pass_clean", _DELETE), "convergence-press-pass", "convergence.independent_press_pass_clean"),
    (_set("convergence.unresolved_errors", 2), "convergence-unresolved-errors", "convergence.unresolved_errors"),
    (_set("convergence.untreated_material_risks", ["rollback untested"]), "convergence-untreated-risks", "convergence.untreated_material_risks"),
    (_set("convergence.improvements_exhausted", "no"), "convergence-improvements-exhausted", "convergence.improvements_exhausted"),
    (_set("passes.2.disposition", "blocked"), "convergence-final-pass", "passes[2].disposition"),
]


def test_valid_receipts(read_fixture) -> None:
    for name in ("receipt-valid.json", "receipt-valid.yaml"):
        result = check_receipt_text(read_fixture(name), name)
        assert result.ok, result.findings


def test_unwrapped_receipt_is_accepted(receipt) -> None:
    assert check_receipt(receipt).ok


@pytest.mark.parametrize(("mutate", "rule", "where"), BROKEN, ids=[f"{r}:{w}" for _, r, w in BROKEN])
def test_broken_receipt_names_the_rule(receipt, mutate, rule: str, where: str) -> None:
    data = copy.deepcopy(receipt)
    mutate(data)
    result = check_receipt({"policy_synthesis_receipt": data})
    assert not result.ok
    assert (rule, where) in {(f.rule, f.where) for f in result.findings}, result.findings


def test_every_rule_is_exercised() -> None:
    covered = {rule for _, rule, _ in BROKEN} | {"receipt-format"}
    assert covered == set(RULES)


@pytest.mark.parametrize("text", ["", "[1, 2]", "{not json", "- a\n- b\n", "42"])
def test_unreadable_or_non_mapping_receipts(text: str) -> None:
    result = check_receipt_text(text)
    assert [f.rule for f in result.findings] == ["receipt-format"]


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("sha256:" + "a" * 64, True),
        ("SHA512:" + "0" * 128, False),  # algorithm names are lower case
        ("sha512:" + "0" * 128, True),
        ("b" * 64, True),
        ("sha256:" + "a" * 63, False),
        ("sha256:" + "g" * 64, False),
        (12, False),
        (None, False),
    ],
)
def test_digest_shapes(value, ok: bool) -> None:
    assert is_digest(value) is ok


# -- CLI ------------------------------------------------------------------------------------------
def test_cli_valid_receipt(cli, fixtures_dir: Path) -> None:
    proc = cli("receipt", "check", str(fixtures_dir / "receipt-valid.json"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "OK:" in proc.stdout


def test_cli_broken_receipt_names_each_failed_rule(cli, tmp_path: Path, receipt) -> None:
    receipt["receipt_version"] = "PSR-v0"
    receipt["convergence"]["improvements_exhausted"] = False
    target = tmp_path / ".ledger" / "plan" / "p-17" / "synthesis-receipt.json"
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps(receipt))
    proc = cli("receipt", "check", ".ledger/plan/p-17/synthesis-receipt.json")
    assert proc.returncode == 1
    assert "ERROR [receipt-version]" in proc.stdout
    assert "ERROR [convergence-improvements-exhausted]" in proc.stdout
    assert proc.stdout.rstrip().endswith("Summary: 2 failed rule check(s) in .ledger/plan/p-17/synthesis-receipt.json")


def test_cli_json(cli, tmp_path: Path, receipt) -> None:
    receipt["passes"][0]["disposition"] = "perhaps"
    (tmp_path / "r.json").write_text(json.dumps(receipt))
    proc = cli("receipt", "check", "r.json", "--json")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data["ok"] is False
    assert data["failed_rules"] == ["pass-disposition"]
    assert data["findings"][0]["where"] == "passes[0].disposition"


def test_cli_missing_and_garbage_files(cli, tmp_path: Path) -> None:
    proc = cli("receipt", "check", "absent.json")
    assert proc.returncode == 1 and "not found" in proc.stderr
    (tmp_path / "bad.json").write_bytes(b"\xff\xfe: [unclosed")
    proc = cli("receipt", "check", "bad.json")
    assert proc.returncode == 1
    assert "[receipt-format]" in proc.stdout
    assert "Traceback" not in proc.stderr


@settings(max_examples=100, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=8),
        lambda inner: st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["passes", "convergence", "radical_candidate", "disposition", "receipt_version", "x"]),
            inner,
            max_size=5,
        ),
        max_leaves=20,
    )
)
def test_checker_never_crashes(data) -> None:
    result = check_receipt(data)
    assert all(f.rule in RULES for f in result.findings)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_text_loader_never_crashes(text: str) -> None:
    result = check_receipt_text(text)
    assert all(f.rule in RULES for f in result.findings)


def test_yaml_digit_only_digest_gets_a_hint(read_fixture) -> None:
    text = read_fixture("receipt-valid.yaml").replace("  source_digest: " + "e" * 64, "  source_digest: " + "5" * 64)
    result = check_receipt_text(text)
    (finding,) = result.findings
    assert finding.rule == "digest-format" and "quote" in finding.message
