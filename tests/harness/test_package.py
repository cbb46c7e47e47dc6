"""package: the release zip (a ready skill folder) and the combined single file."""

from __future__ import annotations

import re
import zipfile

import frontmatter

from tests.harness.conftest import tree

RECEIPT = ".iterative-planner-install.json"


def test_zip_unpacked_equals_the_claude_install(sandbox):
    out = sandbox.tmp / "dist"
    done = sandbox.run("package", "--out", str(out))
    assert done.returncode == 0, done.stderr
    zips = list(out.glob("iterative-planner-*.zip"))
    assert len(zips) == 1
    with zipfile.ZipFile(zips[0]) as archive:
        names = archive.namelist()
        assert all(name.startswith("iterative-planner/") for name in names)
        archive.extractall(sandbox.tmp / "unzipped")
    unpacked = tree(sandbox.tmp / "unzipped" / "iterative-planner")

    done = sandbox.run("install", "--harness", "claude", "--command", "iterative-planner")
    assert done.returncode == 0, done.stderr
    installed = tree(sandbox.project / ".claude/skills/iterative-planner")
    installed.pop(RECEIPT)
    assert unpacked == installed
    assert "`iterative-planner bootstrap banner`" in unpacked["SKILL.md"].decode()

    # the same bundle gives the same zip
    again = sandbox.tmp / "dist2"
    assert sandbox.run("package", "--out", str(again)).returncode == 0
    assert (again / zips[0].name).read_bytes() == zips[0].read_bytes()


def test_combined_file_inlines_everything_and_rewrites_links(sandbox):
    out = sandbox.tmp / "dist"
    assert sandbox.run("package", "--out", str(out)).returncode == 0
    text = (out / "iterative-planner-combined.md").read_text()
    post = frontmatter.loads(text)
    assert post["name"] == "iterative-planner"
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', text))
    assert anchors == {
        "ip-references-guide",
        "ip-references-notes-deep",
        "ip-modules-state-plan",
        "ip-modules-state-execute",
    }
    # no link to an inlined file is left; every in-document link has its anchor
    assert not re.search(r"\]\((?:\.\./)?(?:references|modules)/", text)
    assert "[the formats](#ip-references-guide)" in text
    assert "[`references/notes/deep.md`](#ip-references-notes-deep)" in text
    assert "[`modules/state-plan.md`](#ip-modules-state-plan)" in text
    # a link with a fragment from one reference to another keeps the fragment
    assert "[deep notes](#part-two)" in text
    assert "iterative-planner emit-state --state execute" in text
    assert "{{ cmd }}" not in text


def test_package_dry_run_writes_nothing(sandbox):
    out = sandbox.tmp / "dist"
    done = sandbox.run("package", "--out", str(out), "--dry-run")
    assert done.returncode == 0 and "Would write" in done.stdout
    assert not out.exists()


def test_package_default_out_is_dist_in_cwd(sandbox):
    done = sandbox.run("package", "--json")
    assert done.returncode == 0, done.stderr
    assert (sandbox.project / "dist" / "iterative-planner-combined.md").is_file()
