"""The state modules, references and plan-file templates keep their promises: every command they
tell an agent to run parses against the real CLI (and runs, where it only reads), every cited bundle
path and section exists, every template slug they name is served.

The templates ``emit-template`` serves are package data (``skill/formats/<slug>.md``), not bundle
files; here they are named ``formats/<slug>.md`` and checked like the references."""

from __future__ import annotations

import re
import shlex
import subprocess
import warnings
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from skill.bundle import (
    VALID_STATES,
    VALID_TEMPLATES,
    bundle_root,
    render_bundle_file,
    render_template_slice,
    template_source_path,
)
from skill.cli import COMMANDS, cli

PREFIX = "python -m skill"
PLAN_ID = "plan-2026-05-15T105344-8d6e386c"
FORMATS = [f"formats/{slug}.md" for slug in VALID_TEMPLATES]
OWN = sorted(
    [f"modules/{p.name}" for p in (bundle_root() / "modules").glob("*.md")]
    + [f"references/{p.name}" for p in (bundle_root() / "references").glob("*.md")]
) + FORMATS
ALL_BUNDLE = OWN + sorted(
    [f"agents/{p.name}" for p in (bundle_root() / "agents").glob("*.md")]
    + (["SKILL.md"] if (bundle_root() / "SKILL.md").is_file() else [])
)
PLAN_TEMPLATES = sorted((Path(__file__).resolve().parents[2] / "skill/plans/templates").glob("*.j2"))


def render(rel: str) -> str:
    if rel.startswith("formats/"):
        return render_template_slice(rel[len("formats/") : -len(".md")], command=PREFIX)
    extra = {"plan": None, "live": ""} if rel.startswith("modules/") else {}
    return render_bundle_file(rel, command=PREFIX, **extra)


def code_spans(text: str) -> list[str]:
    """Inline code spans, and the lines of fenced or indented code blocks."""
    spans: list[str] = []
    fenced = False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if fenced or re.match(r" {4,}\S", line) and not line.lstrip().startswith(("-", "|", "*")):
            spans.append(line.strip())
            continue
        spans.extend(m.group(2).strip() for m in re.finditer(r"(`+)(.+?)\1", line))
    return spans


def fill(arg: str) -> str:
    """Sample values for the placeholders the prose uses."""
    arg = arg.replace("<plan-id>", PLAN_ID)
    if arg in ("<path>", "<file>"):
        return "src/app.py"
    if arg == "<slug>":
        return "state"
    return re.sub(r"<[^<>]+>", "x", arg)


def commands_in(text: str) -> list[list[str]]:
    found = []
    for span in code_spans(text):
        if span.startswith(PREFIX + " "):
            found.append([fill(a) for a in shlex.split(span[len(PREFIX) + 1 :])])
    return found


def _rest(ctx: click.Context) -> list[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return [*ctx.protected_args, *ctx.args]


def parse(args: list[str]) -> None:
    """Parse like the real CLI, running nothing; click raises on an unknown command or option."""
    ctx = cli.make_context("iterative-planner", list(args))
    group: click.Group = cli
    rest = _rest(ctx)
    while True:
        name, command, rest = group.resolve_command(ctx, rest)
        assert command is not None, f"no command {name!r}"
        sub = command.make_context(name, list(rest), parent=ctx)
        if isinstance(command, click.Group):
            group, ctx, rest = command, sub, _rest(sub)
            continue
        if name == "bootstrap":  # takes its arguments raw: check the subcommand here
            from skill.cli.bootstrap import SUBCOMMANDS

            raw = list(rest)
            assert raw and raw[0] in SUBCOMMANDS, f"unknown bootstrap subcommand in {args}"
            if raw[0] == "retire":
                assert len(raw) == 2, args
            if raw[0] in ("close", "reset-attempts", "banner"):
                assert raw[1:] == [], args
            if raw[0] in ("resume", "status", "list"):
                assert set(raw[1:]) <= {"--json"}, args
        return


def read_only(args: list[str]) -> bool:
    if "--help" in args:
        return True
    head = args[0]
    if head == "bootstrap":
        return args[1:2] in (["status"], ["resume"], ["list"], ["banner"])
    if head == "compress-changelog":
        return "--dry-run" in args
    return head in ("validate-plan", "emit-state", "emit-template", "blast-radius")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("proj")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / "src").mkdir()
    (root / "src" / "app.py").write_text("print('hi')\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--root", str(root), "bootstrap", "new", "bundle test goal"])
    assert result.exit_code == 0, result.output
    return root


@pytest.mark.parametrize("rel", OWN)
def test_commands_parse_and_read_only_ones_run(rel: str, project: Path) -> None:
    text = render(rel)
    commands = commands_in(text)
    assert len(commands) == text.count(PREFIX + " "), f"{rel}: a command is not in a code span"
    for args in commands:
        assert args[0] in COMMANDS, f"{rel}: unknown command {args[0]!r}"
        variants = [args]
        if args[:2] == ["emit-state", "--state"] and args[2] == "x":
            variants = [["emit-state", "--state", s] for s in VALID_STATES]
        for variant in variants:
            try:
                parse(variant)
            except click.ClickException as exc:
                pytest.fail(f"{rel}: `{PREFIX} {shlex.join(variant)}` does not parse: {exc}")
            if not read_only(variant):
                continue
            result = CliRunner().invoke(cli, ["--root", str(project), *variant])
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                variant, result.exception)
            if "--pre-step" in variant:  # a fresh plan is in EXPLORE, so the gate refuses
                assert result.exit_code in (0, 2) and result.stdout.startswith("GATE:"), variant
            else:  # the validator may report problems (1); a usage error (2) is a bug
                assert result.exit_code <= (1 if variant[0] == "validate-plan" else 0), (
                    variant, result.output)


def test_modules_tell_agents_to_run_the_key_commands() -> None:
    text = "\n".join(render(f"modules/state-{s}.md") for s in VALID_STATES)
    for needle in ("validate-plan --pre-step", "log-edit --file", "attempt --what", "step next",
                   "transition PLAN", "transition EXECUTE --user", "transition REFLECT",
                   "transition PIVOT", "compress-changelog", "emit-template --name"):
        assert f"{PREFIX} {needle}" in text, needle


CITATION = re.compile(r"(?<![\w/])((?:references|modules|agents)/[\w.-]+\.md)")


@pytest.mark.parametrize("rel", ALL_BUNDLE + [str(p) for p in PLAN_TEMPLATES])
def test_cited_bundle_paths_exist(rel: str) -> None:
    text = Path(rel).read_text(encoding="utf-8") if rel.startswith("/") else render(rel)
    for path in set(CITATION.findall(text)):
        if "<" in path or "{" in path:
            continue
        assert (bundle_root() / path).is_file(), f"{rel} cites {path}, which does not exist"


def heading_cores(rel: str) -> list[str]:
    if rel.startswith("formats/"):
        text = Path(template_source_path(rel[len("formats/") : -len(".md")])).read_text(encoding="utf-8")
    else:
        text = (bundle_root() / rel).read_text(encoding="utf-8")
    cores = []
    for title in re.findall(r"^#{1,6} (.+)$", text, re.M):
        cores.append(re.split(r": | \(| — ", title)[0].strip().lower())
    return cores


POINTER = re.compile(
    r"(?:`?((?:references/|modules/|agents/)?[\w.-]+\.md)`? )?§ ((?:[^).,;`|\n]|\.(?=\d))+)"
)


@pytest.mark.parametrize("rel", OWN)
def test_section_pointers_name_real_headings(rel: str) -> None:
    """`references/x.md` § Title (or § Title alone, meaning this file) opens with a heading of x."""
    for line in render(rel).splitlines():
        if line.startswith("#"):
            continue
        for target, pointer in POINTER.findall(line):
            target = target or rel
            if target == "SKILL.md" or "/" in target:
                cores = heading_cores(target)
            else:
                continue  # a file named without its folder: not a bundle citation
            words = pointer.strip().lower()
            code = re.match(r"[a-z]\.\d+", words)
            if code:
                ok = any(c.startswith(code.group(0) + " ") or c == code.group(0) for c in cores)
            else:
                ok = any(words.startswith(c) for c in cores if c)
            assert ok, f"{rel}: '{target} § {pointer.strip()}' names no heading of {target}"


@pytest.mark.parametrize("rel", ALL_BUNDLE)
def test_template_slugs_named_in_prose_exist(rel: str) -> None:
    for slug in re.findall(r"emit-template --name ([a-z][a-z-]*)", render(rel)):
        assert slug in VALID_TEMPLATES, f"{rel} names template {slug!r}"


def test_presentation_contracts_are_all_defined_once() -> None:
    text = render("formats/presentation-contracts.md")
    for name in ("PC-EXPLORE", "PC-PLAN", "PC-EXECUTE-STEP", "PC-EXECUTE-LEASH", "PC-REFLECT",
                 "PC-PIVOT"):
        assert len(re.findall(rf"^### {name}:", text, re.M)) == 1, name
    for rel in OWN:
        if rel != "formats/presentation-contracts.md":
            assert not re.search(r"^#+ PC-", render(rel), re.M), f"{rel} restates a contract"


def test_no_project_relative_script_paths() -> None:
    for rel in OWN:
        text = render(rel)
        assert not re.search(r"\bnode\s", text), rel
        assert not re.search(r"scripts/[\w.-]+\.mjs", text), rel


def test_changelog_format_matches_the_schema() -> None:
    from skill.plans.changelog import FIELD_COUNT, SEPARATOR, split_fields

    text = render("formats/changelog.md")
    header = "`UTC | iter-N/step-M | commit | path | OP(+N,-M) | radius:TIER(score) | D-NNN-or-dash | reason`"
    assert header in text
    sample = [ln for ln in text.splitlines() if re.match(r"\d{4}-\d\d-\d\dT", ln)]
    assert len(sample) >= 2
    from skill.plans.changelog import field_issues

    for line in sample:
        fields = split_fields(line)
        assert len(fields) == FIELD_COUNT and SEPARATOR in line
        assert not field_issues(fields), (line, field_issues(fields))
