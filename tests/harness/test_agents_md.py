"""The opt-in AGENTS.md block: only when named, only our block, taken back exactly."""

from __future__ import annotations

from tests.harness.conftest import tree

BEGIN = "<!-- iterative-planner:begin"
END = "<!-- iterative-planner:end -->"


def test_never_written_unless_named(sandbox):
    (sandbox.project / "AGENTS.md").write_text("# Ours\n")
    for args in (("install",), ("install", "--harness", "all")):
        assert sandbox.run(*args).returncode == 0
    assert (sandbox.project / "AGENTS.md").read_text() == "# Ours\n"
    assert not (sandbox.project / "CLAUDE.md").exists() and not (sandbox.project / "GEMINI.md").exists()


def test_block_is_appended_and_removed_leaving_the_rest(sandbox):
    agents_md = sandbox.project / "AGENTS.md"
    agents_md.write_text("# Project rules\n\nBe nice.\n")
    result = sandbox.json("install", "--harness", "agents-md")
    assert [t["target"] for t in result["targets"]] == ["agents", "agents-md"]
    ops = {f["rel"]: f["op"] for t in result["targets"] for f in t["files"]}
    assert ops["AGENTS.md"] == "add-block"
    text = agents_md.read_text()
    assert text.startswith("# Project rules\n\nBe nice.\n\n" + BEGIN)
    assert text.rstrip().endswith(END) and ".agents/skills/iterative-planner/SKILL.md" in text
    # the user adds below the block; a reinstall leaves everything as is
    agents_md.write_text(text + "\nMore rules.\n")
    result = sandbox.json("install", "--harness", "agents-md")
    assert {f["op"] for t in result["targets"] for f in t["files"]} == {"unchanged"}
    assert sandbox.run("uninstall", "--harness", "agents-md").returncode == 0
    assert agents_md.read_text() == "# Project rules\n\nBe nice.\n\nMore rules.\n"


def test_block_in_a_new_file_removes_the_file(sandbox):
    assert sandbox.run("install", "--harness", "agents-md").returncode == 0
    assert (sandbox.project / "AGENTS.md").read_text().startswith(BEGIN)
    assert sandbox.run("uninstall").returncode == 0
    assert tree(sandbox.project) == {}


def test_edited_block_is_kept_and_force_replaces_it(sandbox):
    agents_md = sandbox.project / "AGENTS.md"
    assert sandbox.run("install", "--harness", "agents-md").returncode == 0
    agents_md.write_text(agents_md.read_text().replace("## iterative-planner", "## my planner"))
    edited = agents_md.read_text()
    (sandbox.bundle / "SKILL.md").write_text((sandbox.bundle / "SKILL.md").read_text() + "x\n")
    done = sandbox.run("install", "--harness", "agents-md", "--command", "other-prefix")
    assert done.returncode == 0 and "keep-modified" in done.stdout
    assert agents_md.read_text() == edited
    done = sandbox.run("uninstall", "--harness", "agents-md")
    assert "keep-modified" in done.stdout and agents_md.read_text() == edited
    agents_md.write_text("# Mine\n\n" + edited)
    done = sandbox.run("install", "--harness", "agents-md", "--force")
    assert done.returncode == 0
    text = agents_md.read_text()
    assert text.startswith("# Mine\n\n" + BEGIN) and "## my planner" not in text
    assert text.count(BEGIN) == 1


def test_user_scope_is_refused(sandbox):
    done = sandbox.run("install", "--harness", "agents-md", "--scope", "user")
    assert done.returncode == 1 and "agents-md" in done.stderr
    assert tree(sandbox.home) == {}


def test_doctor_checks_the_block(sandbox):
    import json

    assert sandbox.run("install", "--harness", "agents-md").returncode == 0
    agents_md = sandbox.project / "AGENTS.md"
    agents_md.write_text("# Added above\n\n" + agents_md.read_text())
    done = sandbox.run("doctor", "--json", "--no-run")
    report = json.loads(done.stdout)
    entry = next(i for i in report["installs"] if i["target"] == "agents-md")
    assert entry["modified"] == [] and entry["missing"] == [] and entry["ok"]
