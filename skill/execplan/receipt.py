"""PSR-v1 policy-synthesis receipt checks.

A receipt is a JSON (or YAML) mapping, either the receipt itself or wrapped as
``{"policy_synthesis_receipt": {...}}``. Each failed rule is one :class:`ReceiptFinding` naming the
rule, where in the receipt it failed (a key path such as ``passes[1].disposition``) and why.

Digests are well-formed when they are ``<algorithm>:<hex>`` with the algorithm's length
(sha256/sha3-256/blake3: 64 hex digits; sha384: 96; sha512/sha3-512/blake2b: 128) or 64 bare hex
digits (sha256).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

RECEIPT_VERSION = "PSR-v1"
WRAPPER_KEY = "policy_synthesis_receipt"
REQUIRED_KEYS = (
    "receipt_version",
    "plan_id",
    "revision",
    "source_digest",
    "initial_policy_digest",
    "final_policy_digest",
    "passes",
    "radical_candidate",
    "convergence",
)
PASS_KEYS = (
    "pass_id",
    "lens",
    "candidate_digest_before",
    "candidate_digest_after",
    "findings",
    "material_changes",
    "disposition",
)
PASS_DISPOSITIONS = ("changed", "clean", "blocked", "return_to_spec", "return_to_grill")
RADICAL_KEYS = ("candidate", "disposition", "reason", "affected_refs")
RADICAL_DISPOSITIONS = ("adopt", "reject", "defer", "return_to_spec", "none")
TOP_DIGESTS = ("source_digest", "initial_policy_digest", "final_policy_digest")

_DIGEST_LENGTHS = {
    "sha256": 64,
    "sha3-256": 64,
    "blake3": 64,
    "sha384": 96,
    "sha512": 128,
    "sha3-512": 128,
    "blake2b": 128,
}
_DIGEST_RE = re.compile(r"(?:(?P<algo>[a-z0-9-]+):)?(?P<hex>[0-9a-fA-F]+)")


@dataclass(frozen=True)
class ReceiptFinding:
    rule: str
    where: str
    message: str


@dataclass
class ReceiptResult:
    path: str
    findings: list[ReceiptFinding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def failed_rules(self) -> list[str]:
        return sorted({item.rule for item in self.findings})

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.path,
            "ok": self.ok,
            "receipt_version": RECEIPT_VERSION,
            "failed_rules": self.failed_rules,
            "findings": [asdict(item) for item in self.findings],
        }


def is_digest(value: object) -> bool:
    if not isinstance(value, str):
        return False
    match = _DIGEST_RE.fullmatch(value.strip())
    if not match:
        return False
    algo, hexpart = match.group("algo"), match.group("hex")
    if algo is None:
        return len(hexpart) == 64
    return _DIGEST_LENGTHS.get(algo.lower()) == len(hexpart)


def _truthy(value: object) -> bool:
    if isinstance(value, bool):
        return value
    return isinstance(value, str) and value.strip().lower() in ("true", "yes")


def _nothing(value: object) -> bool:
    """True for 0, false, an empty list/mapping, or 'none'/'' — i.e. nothing outstanding."""
    if value is False or value is None:
        return value is False
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return value == 0
    if isinstance(value, list | dict):
        return len(value) == 0
    if isinstance(value, str):
        return value.strip().lower() in ("0", "none", "false", "no", "[]")
    return False


def _text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)


def load_receipt(text: str) -> tuple[Any, str | None]:
    """(data, error). JSON first; YAML when the text is not JSON."""
    try:
        return json.loads(text), None
    except ValueError as json_error:
        json_message = str(json_error)
    import yaml  # heavy import, only for non-JSON receipts

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or "syntax error"
        return None, f"not valid JSON ({json_message}) nor YAML ({problem})"
    if isinstance(data, str | int | float) or data is None:
        return None, f"not valid JSON ({json_message}) and not a YAML mapping"
    return data, None


class _Checker:
    def __init__(self, receipt: dict[str, Any], result: ReceiptResult) -> None:
        self.receipt = receipt
        self.result = result

    def fail(self, rule: str, where: str, message: str) -> None:
        self.result.findings.append(ReceiptFinding(rule, where, message))

    # one method per rule family -------------------------------------------------------------
    def required_keys(self) -> None:
        for key in REQUIRED_KEYS:
            if key not in self.receipt:
                self.fail("required-key", key, f"required key '{key}' is missing")

    def version(self) -> None:
        if "receipt_version" in self.receipt and self.receipt["receipt_version"] != RECEIPT_VERSION:
            self.fail(
                "receipt-version",
                "receipt_version",
                f"receipt_version is {_text(self.receipt['receipt_version'])}; expected '{RECEIPT_VERSION}'",
            )

    def identity(self) -> None:
        plan_id = self.receipt.get("plan_id")
        if "plan_id" in self.receipt and not (isinstance(plan_id, str) and plan_id.strip()):
            self.fail("plan-identity", "plan_id", "plan_id must be a non-empty string")
        if "revision" in self.receipt:
            revision = self.receipt["revision"]
            good = (isinstance(revision, int) and not isinstance(revision, bool) and revision >= 0) or (
                isinstance(revision, str) and revision.strip() != ""
            )
            if not good:
                self.fail("plan-identity", "revision", "revision must be a non-negative integer or a non-empty string")

    def _digest(self, where: str, key: str, value: object) -> None:
        if is_digest(value):
            return
        hint = " (in YAML, quote a digest made only of digits)" if isinstance(value, int) else ""
        self.fail(
            "digest-format",
            where,
            f"{key} {_text(value)} is not a well-formed digest (e.g. sha256:<64 hex>){hint}",
        )

    def digests(self) -> None:
        for key in TOP_DIGESTS:
            if key in self.receipt:
                self._digest(key, key, self.receipt[key])
        for i, item in enumerate(self._passes()):
            for key in ("candidate_digest_before", "candidate_digest_after"):
                if key in item:
                    self._digest(f"passes[{i}].{key}", key, item[key])

    def _passes(self) -> list[dict[str, Any]]:
        passes = self.receipt.get("passes")
        if not isinstance(passes, list):
            return []
        return [item for item in passes if isinstance(item, dict)]

    def passes(self) -> None:
        if "passes" not in self.receipt:
            return
        passes = self.receipt["passes"]
        if not isinstance(passes, list) or not passes:
            self.fail("passes", "passes", "passes must be a non-empty list of synthesis passes")
            return
        for i, item in enumerate(passes):
            if not isinstance(item, dict):
                self.fail("passes", f"passes[{i}]", "each pass must be a mapping")
                continue
            for key in PASS_KEYS:
                if key not in item:
                    self.fail("passes", f"passes[{i}].{key}", f"pass is missing '{key}'")
            for key in ("findings", "material_changes"):
                if key in item and not isinstance(item[key], list):
                    self.fail("passes", f"passes[{i}].{key}", f"'{key}' must be a list")

    def pass_dispositions(self) -> None:
        for i, item in enumerate(self._passes()):
            if "disposition" in item and item["disposition"] not in PASS_DISPOSITIONS:
                self.fail(
                    "pass-disposition",
                    f"passes[{i}].disposition",
                    f"disposition {_text(item['disposition'])} is not one of " + " | ".join(PASS_DISPOSITIONS),
                )

    def pass_consistency(self) -> None:
        for i, item in enumerate(self._passes()):
            changes = item.get("material_changes")
            disposition = item.get("disposition")
            before, after = item.get("candidate_digest_before"), item.get("candidate_digest_after")
            if disposition == "clean":
                if isinstance(changes, list) and changes:
                    self.fail("pass-consistency", f"passes[{i}]", "a clean pass lists material changes")
                if before is not None and after is not None and before != after:
                    self.fail("pass-consistency", f"passes[{i}]", "a clean pass changed the candidate digest")
            if disposition == "changed" and isinstance(changes, list) and not changes:
                self.fail("pass-consistency", f"passes[{i}]", "a changed pass lists no material changes")

    def digest_chain(self) -> None:
        passes = self._passes()
        if not passes or len(passes) != len(self.receipt.get("passes") or []):
            return
        expected = self.receipt.get("initial_policy_digest")
        for i, item in enumerate(passes):
            before = item.get("candidate_digest_before")
            if expected is not None and before is not None and before != expected:
                origin = "initial_policy_digest" if i == 0 else f"passes[{i - 1}].candidate_digest_after"
                self.fail(
                    "digest-chain",
                    f"passes[{i}].candidate_digest_before",
                    f"does not match {origin}: each pass must start from the previous candidate",
                )
            expected = item.get("candidate_digest_after")
        final = self.receipt.get("final_policy_digest")
        if final is not None and expected is not None and final != expected:
            self.fail(
                "digest-chain",
                "final_policy_digest",
                f"does not match passes[{len(passes) - 1}].candidate_digest_after",
            )

    def radical(self) -> None:
        if "radical_candidate" not in self.receipt:
            return
        radical = self.receipt["radical_candidate"]
        if not isinstance(radical, dict):
            self.fail("radical-candidate", "radical_candidate", "radical_candidate must be a mapping")
            return
        for key in RADICAL_KEYS:
            if key not in radical:
                self.fail("radical-candidate", f"radical_candidate.{key}", f"radical_candidate is missing '{key}'")
        if "affected_refs" in radical and not isinstance(radical["affected_refs"], list):
            self.fail("radical-candidate", "radical_candidate.affected_refs", "affected_refs must be a list")
        reason = radical.get("reason")
        if "reason" in radical and not (isinstance(reason, str) and reason.strip()):
            self.fail(
                "radical-candidate",
                "radical_candidate.reason",
                "reason must say why the candidate was adopted, rejected, deferred or absent",
            )
        if "disposition" in radical and radical["disposition"] not in RADICAL_DISPOSITIONS:
            self.fail(
                "radical-disposition",
                "radical_candidate.disposition",
                f"disposition {_text(radical['disposition'])} is not one of " + " | ".join(RADICAL_DISPOSITIONS),
            )

    def convergence(self) -> None:
        if "convergence" not in self.receipt:
            return
        conv = self.receipt["convergence"]
        if not isinstance(conv, dict):
            self.fail("convergence", "convergence", "convergence must be a mapping")
            return
        truths = (
            ("complete_clean_sweep", "convergence-clean-sweep", "no complete zero-material-delta sweep"),
            ("independent_press_pass_clean", "convergence-press-pass", "the independent fresh-eyes pass was not clean"),
            ("improvements_exhausted", "convergence-improvements-exhausted", "material improvements are not exhausted"),
        )
        for key, rule, why in truths:
            if key not in conv:
                self.fail(rule, f"convergence.{key}", f"'{key}' is missing")
            elif not _truthy(conv[key]):
                self.fail(rule, f"convergence.{key}", f"{key} is {_text(conv[key])}: {why}")
        nothings = (
            ("unresolved_errors", "convergence-unresolved-errors", "errors remain unresolved"),
            ("untreated_material_risks", "convergence-untreated-risks", "material risks remain untreated"),
        )
        for key, rule, why in nothings:
            if key not in conv:
                self.fail(rule, f"convergence.{key}", f"'{key}' is missing")
            elif not _nothing(conv[key]):
                self.fail(rule, f"convergence.{key}", f"{key} is {_text(conv[key])}: {why}")

    def final_pass(self) -> None:
        passes = self._passes()
        if passes and passes[-1].get("disposition") in PASS_DISPOSITIONS and passes[-1]["disposition"] != "clean":
            self.fail(
                "convergence-final-pass",
                f"passes[{len(passes) - 1}].disposition",
                f"the last pass is '{passes[-1]['disposition']}': synthesis stops only after a clean pass",
            )

    def run(self) -> None:
        for step in (
            self.required_keys,
            self.version,
            self.identity,
            self.digests,
            self.passes,
            self.pass_dispositions,
            self.pass_consistency,
            self.digest_chain,
            self.radical,
            self.convergence,
            self.final_pass,
        ):
            step()


#: Every rule name a finding can carry.
RULES = (
    "receipt-format",
    "required-key",
    "receipt-version",
    "plan-identity",
    "digest-format",
    "passes",
    "pass-disposition",
    "pass-consistency",
    "digest-chain",
    "radical-candidate",
    "radical-disposition",
    "convergence",
    "convergence-clean-sweep",
    "convergence-press-pass",
    "convergence-unresolved-errors",
    "convergence-untreated-risks",
    "convergence-improvements-exhausted",
    "convergence-final-pass",
)


def check_receipt(data: Any, path: str = "<receipt>") -> ReceiptResult:
    result = ReceiptResult(path)
    if isinstance(data, dict) and WRAPPER_KEY in data and isinstance(data[WRAPPER_KEY], dict):
        data = data[WRAPPER_KEY]
    if not isinstance(data, dict):
        result.findings.append(
            ReceiptFinding("receipt-format", "(top level)", "a receipt must be a JSON object (mapping)")
        )
        return result
    _Checker(data, result).run()
    return result


def check_receipt_text(text: str, path: str = "<receipt>") -> ReceiptResult:
    data, error = load_receipt(text)
    if error:
        result = ReceiptResult(path)
        result.findings.append(ReceiptFinding("receipt-format", "(file)", error))
        return result
    return check_receipt(data, path)
