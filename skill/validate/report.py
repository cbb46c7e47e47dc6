"""Printing a verdict: the text lines users and scripts read, or one JSON object."""

from __future__ import annotations

import json

from skill.validate.issues import ERROR, INFO, WARN, Issue

_LABELS = {ERROR: "ERROR", WARN: "WARN ", INFO: "INFO "}


def summary(issues: list[Issue]) -> dict[str, int]:
    return {
        "errors": sum(1 for i in issues if i.severity == ERROR),
        "warnings": sum(1 for i in issues if i.severity == WARN),
        "infos": sum(1 for i in issues if i.severity == INFO),
    }


def exit_code(issues: list[Issue]) -> int:
    return 1 if any(i.severity == ERROR for i in issues) else 0


def render_text(plan_dir: str, issues: list[Issue]) -> str:
    """``PASS: …`` or the ``Validation:`` block: ERRORs, then WARNs, then INFOs, then ``Summary:``."""
    if not issues:
        return f"PASS: {plan_dir} — no issues found"
    lines = [f"Validation: {plan_dir}"]
    for severity in (ERROR, WARN, INFO):
        lines.extend(
            f"  {_LABELS[severity]} [{i.slug}]: {i.message}"
            for i in issues
            if i.severity == severity
        )
    counts = summary(issues)
    lines.append("")
    lines.append(
        f"Summary: {counts['errors']} error(s), {counts['warnings']} warning(s), {counts['infos']} info(s)"
    )
    return "\n".join(lines)


def render_json(plan_dir: str, issues: list[Issue], mode: str = "full") -> str:
    ordered = [i for severity in (ERROR, WARN, INFO) for i in issues if i.severity == severity]
    payload = {
        "plan_dir": plan_dir,
        "mode": mode,
        "issues": [i.as_dict() for i in ordered],
        "summary": summary(issues),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)
