"""Which harnesses a project (or a user's home) uses, judged by the folders present."""

from __future__ import annotations

from pathlib import Path

from skill.harness.registry import all_targets

FALLBACK = ("claude", "agents")


def detect(scope: str, project: Path) -> tuple[list[str], list[str]]:
    """(target names, evidence): targets whose marker folders exist; the fallback when none."""
    names: list[str] = []
    evidence: list[str] = []
    for target in all_targets():
        if target.explicit_only or not (target.supports(scope) or target.substitute(scope)):
            continue
        if scope == "project":
            markers = [project / marker for marker in target.project_markers]
        else:
            markers = target.user_markers()
        hits = [str(path) for path in markers if path.is_dir()]
        if hits:
            names.append(target.name)
            evidence.extend(f"{hit} -> {target.name}" for hit in hits)
    if not names:
        return list(FALLBACK), [f"no harness folder found; defaulting to {' + '.join(FALLBACK)}"]
    return names, evidence
