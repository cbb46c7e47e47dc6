"""execplan lint: valid fixtures per profile, one broken document per rule, CLI behaviour."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skill.execplan.lint import RULES, lint_text
from skill.execplan.model import parse, section_key
from skill.execplan.profiles import PROFILES

VALID = {
    "codex-strict": "valid-codex-strict.md",
    "repo-native": "valid-repo-native.md",
    "execplans": "valid-execplans.md",
}


def _sub(old: str, new: str) -> Callable[[str], str]:
    def mutate(text: str) -> str:
        assert old in text, f"fixture no longer contains {old!r}"
        return text.replace(old, new, 1)

    return mutate


def _drop_section(title: str) -> Callable[[str], str]:
    def mutate(text: str) -> str:
        pattern = re.compile(rf"^## {re.escape(title)}.*?(?=^## |\Z)", re.M | re.S)
        assert pattern.search(text), f"fixture has no section {title!r}"
        return pattern.sub("", text, count=1)

    return mutate


def _drop_frontmatter(text: str) -> str:
    assert text.startswith("---\n")
    end = text.index("\n---\n", 4)
    return text[end + 5 :].lstrip("\n")


# (profile, mutation, slug, severity)
BROKEN = [
    ("codex-strict", _drop_frontmatter, "frontmatter-missing", "error"),
    ("codex-strict", _sub("owner: agent-007", "owner: [unclosed"), "frontmatter-invalid", "error"),
    ("codex-strict", _sub("owner: agent-007\n", ""), "frontmatter-field", "error"),
    ("codex-strict", _sub("status: IN_PROGRESS", "status: WORKING"), "frontmatter-status", "error"),
    ("codex-strict", _sub("profile: codex-strict", "profile: fancy"), "frontmatter-profile", "error"),
    (
        "codex-strict",
        _sub("created: 2025-11-22T14:00:00Z", "created: 2025-11-22 14:00"),
        "frontmatter-timestamp",
        "error",
    ),
    ("codex-strict", _sub("# PLAN: Sign in with an OAuth2 provider\n\n", ""), "title-missing", "warning"),
    ("codex-strict", _drop_section("Tooling Interface & Governance"), "section-missing", "error"),
    ("codex-strict", _drop_section("Milestones"), "section-recommended", "warning"),
    (
        "codex-strict",
        lambda t: t.replace("## Plan of Work", "## @@").replace("## Milestones", "## Plan of Work").replace(
            "## @@", "## Milestones"
        ),
        "section-order",
        "error",
    ),
    ("codex-strict", lambda t: t + "\n## Decision Log\n\nA second log.\n", "section-duplicate", "error"),
    ("codex-strict", _sub("Nothing shipped yet.", ""), "section-empty", "warning"),
    ("codex-strict", _sub("Status: IN_PROGRESS\nNext", "Next"), "progress-status", "error"),
    ("codex-strict", _sub("Status: IN_PROGRESS\nNext", "Status: WORKING\nNext"), "status-value", "error"),
    (
        "codex-strict",
        _sub("Next Action: Write the callback handler in `src/auth/callback.ts`.\n", ""),
        "progress-next-action",
        "error",
    ),
    ("codex-strict", _sub("- [x] 2025-11-22T14:05:00Z", "- [x] 2025-11-22 14:05"), "timestamp-format", "error"),
    (
        "codex-strict",
        _sub("Sessions live in", "Read https://docs.example.org/sessions first. Sessions live in"),
        "external-url",
        "error",
    ),
    ("codex-strict", _sub("- Deleting user data", "- Deleting user data\n- api_key = 9f8e7d6c5b4a39281706"), "secret", "error"),
    ("codex-strict", _sub("## Plan of Work\n\n", "## Plan of Work\n\n```sh\nnpm test\n```\n\n"), "nested-fence", "error"),
    ("codex-strict", _sub("- Dependency upgrades", "- [ ] Dependency upgrades"), "checkbox-outside-progress", "error"),
    ("codex-strict", _sub("## Plan of Work\n\n", "## Plan of Work\n"), "heading-spacing", "error"),
    ("repo-native", _drop_frontmatter, "frontmatter-missing", "error"),
    ("repo-native", _drop_section("Decision Log"), "section-missing", "error"),
    ("repo-native", _sub("updated: 2025-11-19T11:00:00Z", "updated: 2025-11-19T11:00:00"), "frontmatter-timestamp", "error"),
    ("repo-native", _sub("| the HTTP handlers |", "| see www.example.com/api |"), "external-url", "error"),
    ("execplans", _drop_section("Tolerances (Exception Triggers)"), "section-missing", "error"),
    ("execplans", _drop_section("Plan of Work"), "section-recommended", "warning"),
    ("execplans", _sub("Status: IN PROGRESS\n", ""), "progress-status", "error"),
    ("execplans", _sub("Status: IN PROGRESS", "Status: IN_PROGRESS"), "status-value", "error"),
    (
        "execplans",
        _sub("- [x] (2025-10-01 13:00Z) Read `server/routes.py` and found the catch-all.\n- [ ] Add the route and its test.", "Work has started."),
        "progress-checkbox",
        "error",
    ),
    ("execplans", _sub("- [x] (2025-10-01 13:00Z) Read", "- [x] Read"), "progress-timestamp", "error"),
    ("execplans", _sub("(2025-10-01 13:00Z)", "(2025-10-01 13:00)"), "timestamp-format", "error"),
    ("execplans", _sub("## Constraints\n\n", "## Constraints\n"), "heading-spacing", "error"),
    ("execplans", _sub("From the repository root:\n", "From the repository root:\n\n```\nls\n```\n"), "nested-fence", "error"),
    (
        "execplans",
        _sub("- Python 3.10 must keep working.", "- Python 3.10 must keep working.\n-----BEGIN RSA PRIVATE KEY-----"),
        "secret",
        "error",
    ),
]


@pytest.mark.parametrize("profile", sorted(VALID))
def test_valid_fixture_lints_clean(profile: str, read_fixture) -> None:
    result = lint_text(read_fixture(VALID[profile]), PROFILES[profile])
    assert result.findings == []


@pytest.mark.parametrize(
    ("profile", "mutate", "slug", "severity"),
    BROKEN,
    ids=[f"{p}-{s}" for p, _, s, _ in BROKEN],
)
def test_broken_document_is_reported(profile, mutate, slug, severity, read_fixture) -> None:
    text = mutate(read_fixture(VALID[profile]))
    result = lint_text(text, PROFILES[profile])
    hits = [f for f in result.findings if f.slug == slug]
    assert hits, f"expected [{slug}], got {[f.slug for f in result.findings]}"
    assert {f.severity for f in hits} == {severity}
    lines = text.split("\n")
    for hit in hits:
        assert 1 <= hit.line <= len(lines)
        assert hit.message


def test_every_rule_has_a_broken_fixture() -> None:
    covered = {slug for _, _, slug, _ in BROKEN}
    assert covered == set(RULES)


def test_finding_points_at_the_offending_line(read_fixture) -> None:
    text = read_fixture(VALID["codex-strict"]).replace("- Dependency upgrades", "- [ ] Dependency upgrades")
    expected = text.split("\n").index("- [ ] Dependency upgrades") + 1
    (hit,) = [f for f in lint_text(text, PROFILES["codex-strict"]).findings]
    assert (hit.slug, hit.line) == ("checkbox-outside-progress", expected)


def test_repo_native_document_breaks_only_codex_formatting_rules(read_fixture) -> None:
    result = lint_text(read_fixture(VALID["repo-native"]), PROFILES["codex-strict"])
    errors = {f.slug for f in result.findings if f.severity == "error"}
    assert errors == {"heading-spacing", "nested-fence", "checkbox-outside-progress"}


def test_envelope_fence_is_not_a_nested_fence_and_lines_stay_true(read_fixture) -> None:
    inner = read_fixture(VALID["codex-strict"]).replace("## Plan of Work\n\n", "## Plan of Work\n")
    wrapped = "```md\n" + inner + "```\n"
    result = lint_text(wrapped, PROFILES["codex-strict"])
    (hit,) = result.findings
    assert hit.slug == "heading-spacing"
    assert wrapped.split("\n")[hit.line - 1] == "## Plan of Work"


def test_urls_allowed_in_references_snapshots_and_localhost(read_fixture) -> None:
    text = read_fixture(VALID["codex-strict"])
    assert "https://example.com/oauth-spec" in text  # in a snapshot block and in References
    assert "http://localhost:3000/login" in text
    assert lint_text(text, PROFILES["codex-strict"]).findings == []
    without_retrieved = text.replace("- Retrieved: 2025-11-22T14:05:00Z\n", "")
    slugs = [f.slug for f in lint_text(without_retrieved, PROFILES["codex-strict"]).findings]
    assert slugs == ["external-url"]


@pytest.mark.parametrize(
    "line",
    [
        "token: ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8",
        "AKIA" + "ABCDEFGHIJKLMNOP",
        "password=hunter2hunter2",
        "xoxb-" + "123456789012-abcdefghij",
    ],
)
def test_secret_patterns(line: str, read_fixture) -> None:
    text = read_fixture(VALID["codex-strict"]).replace("Nothing shipped yet.", line)
    result = lint_text(text, PROFILES["codex-strict"])
    assert [f.slug for f in result.findings] == ["secret"]
    assert line not in result.findings[0].message


def test_placeholders_are_not_secrets(read_fixture) -> None:
    text = read_fixture(VALID["codex-strict"]).replace(
        "Nothing shipped yet.", "password: <REDACTED>, api_key=${API_KEY}"
    )
    assert lint_text(text, PROFILES["codex-strict"]).findings == []


def test_section_key_normalisation() -> None:
    assert section_key("Validation & Acceptance (MUST)") == section_key("Validation and Acceptance")
    assert section_key("Tolerances (Exception Triggers)") == "tolerances"
    assert section_key("Handoff Summary (MUST on handoff; SHOULD otherwise)") == "handoff summary"


# -- CLI ------------------------------------------------------------------------------------------
def test_cli_clean_file_exits_zero(cli, fixtures_dir: Path) -> None:
    proc = cli("execplan", "lint", str(fixtures_dir / VALID["execplans"]), "--profile", "execplans")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().startswith("Summary: 0 error(s), 0 warning(s)")


def test_cli_default_profile_comes_from_frontmatter(cli, fixtures_dir: Path) -> None:
    proc = cli("execplan", "lint", str(fixtures_dir / VALID["repo-native"]))
    assert proc.returncode == 0, proc.stdout
    assert "(profile repo-native)" in proc.stdout


def test_cli_reports_each_finding_and_exits_one(cli, tmp_path: Path, read_fixture) -> None:
    plan = tmp_path / "auth-PLAN.md"
    plan.write_text(read_fixture(VALID["codex-strict"]).replace("## Plan of Work\n\n", "## Plan of Work\n"))
    proc = cli("execplan", "lint", "auth-PLAN.md")
    assert proc.returncode == 1
    lines = proc.stdout.rstrip("\n").split("\n")
    assert re.fullmatch(r"  ERROR \[heading-spacing\] auth-PLAN\.md:\d+: .+", lines[0])
    assert lines[-1].startswith("Summary: 1 error(s), 0 warning(s)")
    assert "Traceback" not in proc.stderr


def test_cli_json_output(cli, tmp_path: Path, read_fixture) -> None:
    plan = tmp_path / "p.md"
    plan.write_text(read_fixture(VALID["execplans"]).replace("Status: IN PROGRESS", "Status: MAYBE"))
    proc = cli("execplan", "lint", "p.md", "--profile", "execplans", "--json")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data["ok"] is False and data["errors"] == 1 and data["profile"] == "execplans"
    (finding,) = data["findings"]
    assert finding["slug"] == "status-value" and finding["severity"] == "error"
    assert plan.read_text().split("\n")[finding["line"] - 1] == "Status: MAYBE"


def test_cli_warnings_alone_exit_zero(cli, tmp_path: Path, read_fixture) -> None:
    (tmp_path / "p.md").write_text(read_fixture(VALID["codex-strict"]).replace("Nothing shipped yet.", ""))
    proc = cli("execplan", "lint", "p.md")
    assert proc.returncode == 0
    assert "  WARN [section-empty] p.md:" in proc.stdout


def test_cli_missing_file(cli) -> None:
    proc = cli("execplan", "lint", "nope.md")
    assert proc.returncode == 1
    assert "not found: 'nope.md'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_unknown_profile_is_a_usage_error(cli, fixtures_dir: Path) -> None:
    proc = cli("execplan", "lint", str(fixtures_dir / VALID["execplans"]), "--profile", "loose")
    assert proc.returncode == 2
    assert "loose" in proc.stderr


# -- properties -----------------------------------------------------------------------------------
_ALPHABET = st.sampled_from(
    list("#-*`~[]xX :()\n\t|")
    + ["## ", "# ", "---\n", "```", "Status:", "Next Action:", "- [ ] ", "- [x] ", "https://a.b/c",
       "2025-01-01 10:00", "2025-01-01T10:00:00Z", "## Progress\n", "## References\n", "Retrieved: ",
       "Source: ", "AKIA", "id: x\n", "profile: codex-strict\n", "\ufeff", "é"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_lint_never_crashes_and_lines_are_in_range(text: str) -> None:
    n_lines = len(text.split("\n"))
    for profile in PROFILES.values():
        result = lint_text(text, profile)
        for finding in result.findings:
            assert finding.slug in RULES
            assert 1 <= finding.line <= n_lines


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_parse_any_text(text: str) -> None:
    doc = parse(text)
    numbers = [line.number for line in doc.lines]
    assert numbers == sorted(numbers)
    for section in doc.sections:
        assert 1 <= section.line <= len(text.split("\n"))
