"""Bad input: a clear message, exit 1 (2 for usage), no traceback, nothing written."""

from __future__ import annotations

import json

from tests.harness.conftest import tree

RECEIPT = ".iterative-planner-install.json"


def assert_clean_failure(done, code):
    assert done.returncode == code, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr + done.stdout


def test_unknown_harness_is_a_usage_error(sandbox):
    done = sandbox.run("install", "--harness", "claude,vim")
    assert_clean_failure(done, 2)
    assert "vim" in done.stderr and "claude" in done.stderr
    assert tree(sandbox.project) == {} and not sandbox.data.exists()
    assert_clean_failure(sandbox.run("uninstall", "--harness", "nope"), 2)


def test_bad_scope_is_a_usage_error(sandbox):
    done = sandbox.run("install", "--scope", "global")
    assert_clean_failure(done, 2)
    assert tree(sandbox.project) == {}


def test_empty_command_is_a_usage_error(sandbox):
    assert_clean_failure(sandbox.run("install", "--command", " "), 2)
    assert tree(sandbox.project) == {}


def test_template_error_writes_nothing_at_all(sandbox):
    # the broken file is a module, rendered after SKILL.md: still nothing may be written
    (sandbox.bundle / "modules" / "state-zz.md").write_text("{{ no_such_variable }}\n")
    done = sandbox.run("install", "--harness", "all")
    assert_clean_failure(done, 1)
    assert "state-zz.md" in done.stderr
    assert tree(sandbox.project) == {} and not sandbox.data.exists()


def test_missing_bundle_is_an_error(sandbox):
    done = sandbox.run("install", "--bundle-dir", str(sandbox.tmp / "nowhere"), bundle=False)
    assert_clean_failure(done, 1)
    assert "SKILL.md" in done.stderr


def test_damaged_receipt_is_reported_not_ignored(sandbox):
    assert sandbox.run("install", "--harness", "agents").returncode == 0
    receipt = sandbox.project / ".agents/skills/iterative-planner" / RECEIPT
    receipt.write_text("{not json")
    before = tree(sandbox.project)
    for args in (("install", "--harness", "agents"), ("uninstall", "--harness", "agents")):
        done = sandbox.run(*args)
        assert_clean_failure(done, 1)
        assert str(receipt) in done.stderr
    assert tree(sandbox.project) == before


def test_receipt_paths_cannot_escape_the_target_folder(sandbox):
    victim = sandbox.tmp / "victim.txt"
    victim.write_text("keep me\n")
    import hashlib

    assert sandbox.run("install", "--harness", "agents").returncode == 0
    receipt = sandbox.project / ".agents/skills/iterative-planner" / RECEIPT
    data = json.loads(receipt.read_text())
    data["files"]["../victim.txt"] = hashlib.sha256(b"keep me\n").hexdigest()
    receipt.write_text(json.dumps(data))
    done = sandbox.run("uninstall", "--harness", "agents")
    assert_clean_failure(done, 1)
    assert victim.read_text() == "keep me\n"
    assert (sandbox.project / ".agents/skills/iterative-planner/SKILL.md").exists()


def test_symlinked_folder_pointing_outside_is_refused(sandbox):
    outside = sandbox.tmp / "outside"
    outside.mkdir()
    (sandbox.project / ".cursor").mkdir()
    (sandbox.project / ".cursor" / "rules").symlink_to(outside, target_is_directory=True)
    done = sandbox.run("install", "--harness", "cursor")
    assert_clean_failure(done, 1)
    assert "outside" in done.stderr
    assert tree(outside) == {} and not (sandbox.project / ".agents").exists()


def test_a_folder_where_a_file_goes_is_an_error(sandbox):
    (sandbox.project / ".claude/agents/ip-explorer.md").mkdir(parents=True)
    done = sandbox.run("install", "--harness", "claude")
    assert_clean_failure(done, 1)
    assert "is a folder" in done.stderr
    assert not (sandbox.project / ".claude/skills").exists()


def test_package_out_must_be_a_folder(sandbox):
    target = sandbox.tmp / "afile"
    target.write_text("x")
    done = sandbox.run("package", "--out", str(target))
    assert_clean_failure(done, 2)  # click rejects a file for a folder option


def test_write_failure_midway_is_a_message_and_recorded(sandbox):
    # `references` is a file: planning passes, the writes fail once they reach it
    skill_dir = sandbox.project / ".claude/skills/iterative-planner"
    skill_dir.mkdir(parents=True)
    (skill_dir / "references").write_text("not a folder\n")
    done = sandbox.run("install", "--harness", "claude")
    assert_clean_failure(done, 1)
    assert "stopped" in done.stderr and "uninstall" in done.stderr
    # what was written before the failure is recorded, so uninstall takes it back
    written = json.loads((skill_dir / RECEIPT).read_text())["files"]
    assert ".claude/agents/ip-explorer.md" in written and ".claude/skills/iterative-planner/SKILL.md" in written
    assert not any("/references/" in rel for rel in written)
    for rel in written:
        assert (sandbox.project / rel).is_file()
    assert sandbox.run("uninstall", "--harness", "claude").returncode == 0
    assert tree(sandbox.project) == {".claude/skills/iterative-planner/references": b"not a folder\n"}
