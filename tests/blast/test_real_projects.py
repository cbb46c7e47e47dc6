"""blast-radius on real code: an installed library copied into a git repository, this project.

The expected importer counts are worked out independently, with :mod:`ast` and a plain module
lookup (:func:`tests.blast.ast_oracle.ast_importers`), never with the scorer's own code.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import jinja2
import pytest

from skill.blast.graph.langs import is_test_path

from .ast_oracle import ast_importers
from .blast_helpers import REPO, blast_json, commit_all, git, run_cli, write

JINJA_FILES = ("environment.py", "nodes.py", "utils.py", "exceptions.py", "runtime.py", "lexer.py")


@pytest.fixture(scope="module")
def jinja_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """jinja2's installed sources in src-layout, with two tests of our own, committed."""
    root = tmp_path_factory.mktemp("jinja") / "proj"
    source = Path(jinja2.__file__).parent
    shutil.copytree(source, root / "src" / "jinja2", ignore=shutil.ignore_patterns("__pycache__"))
    write(root, "pyproject.toml", "[project]\nname = 'jinja2-copy'\n")
    write(root, "tests/test_env.py", "from jinja2 import Environment\nimport jinja2.nodes\n")
    write(root, "tests/test_utils.py", "from jinja2.utils import Markup\n")
    git(root, "init", "-q", "-b", "main")
    commit_all(root)
    return root


def _expected(root: Path, target: str) -> tuple[int, int, int]:
    """(runtime non-test, type-only non-test, tests) importers of ``target``, read with ast."""
    found = ast_importers(root, roots=("src",)).get(target, {"runtime": set(), "typing": set()})
    everyone = found["runtime"] | found["typing"]
    tests = {f for f in everyone if is_test_path(f)}
    return len(found["runtime"] - tests), len(found["typing"] - tests), len(tests)


@pytest.mark.parametrize("name", JINJA_FILES)
def test_importer_counts_match_an_independent_reading(jinja_repo, name):
    target = f"src/jinja2/{name}"
    deps = blast_json(jinja_repo, target)["signals"]["deps"]
    assert deps["method"] == "imports"
    assert (deps["count"], deps["typeOnly"], deps["tests"]) == _expected(jinja_repo, target)


def test_real_library_counts_are_not_trivial(jinja_repo):
    counts = {n: blast_json(jinja_repo, f"src/jinja2/{n}")["signals"]["deps"] for n in JINJA_FILES}
    assert counts["nodes.py"]["count"] >= 5 and counts["utils.py"]["count"] >= 10
    assert counts["environment.py"]["typeOnly"] >= 3  # ``if t.TYPE_CHECKING:`` imports
    assert counts["nodes.py"]["tests"] == 1 and counts["utils.py"]["tests"] == 1


def test_signature_change_to_a_public_function_is_an_api_change(jinja_repo):
    target = jinja_repo / "src/jinja2/utils.py"
    original = target.read_text(encoding="utf-8")
    try:
        matched = re.search(r"^def (\w+)\((.*?)\)", original, re.MULTILINE | re.DOTALL)
        assert matched is not None and not matched.group(1).startswith("_")
        edited = original.replace(matched.group(0), matched.group(0)[:-1] + ", *, extra=None)", 1)
        target.write_text(edited, encoding="utf-8")
        api = blast_json(jinja_repo, "src/jinja2/utils.py")["signals"]["api"]
        assert api == {"score": 2, "hits": 1}
        body = original.replace("\n    return ", "\n    return  ", 1)  # a body-only change
        target.write_text(body, encoding="utf-8")
        assert blast_json(jinja_repo, "src/jinja2/utils.py")["signals"]["api"]["hits"] == 0
    finally:
        target.write_text(original, encoding="utf-8")


def test_a_new_test_function_stays_low(jinja_repo):
    test_file = jinja_repo / "tests/test_utils.py"
    original = test_file.read_text(encoding="utf-8")
    try:
        test_file.write_text(original + "\n\ndef test_more():\n    assert Markup('x')\n")
        data = blast_json(jinja_repo, "tests/test_utils.py")
        assert data["tier"] == "LOW" and data["signals"]["api"]["hits"] == 0
        assert data["signals"]["deps"]["score"] <= 1
    finally:
        test_file.write_text(original, encoding="utf-8")


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This project's Python code (skill/ and tests/), committed into a fresh repository."""
    root = tmp_path_factory.mktemp("self") / "proj"
    for folder in ("skill", "tests"):
        for path in sorted((REPO / folder).rglob("*.py")):
            relative = path.relative_to(REPO)
            if "__pycache__" not in relative.parts:
                write(root, relative.as_posix(), path.read_text(encoding="utf-8"))
    git(root, "init", "-q", "-b", "main")
    commit_all(root)
    return root


@pytest.mark.parametrize(
    "target",
    ["skill/plans/store.py", "skill/errors.py", "skill/blast/git.py", "skill/plans/layout.py"],
)
def test_this_projects_own_modules(project_copy, target):
    deps = blast_json(project_copy, target)["signals"]["deps"]
    assert (deps["count"], deps["typeOnly"], deps["tests"]) == _expected_self(project_copy, target)


def _expected_self(root: Path, target: str) -> tuple[int, int, int]:
    found = ast_importers(root, roots=("",)).get(target, {"runtime": set(), "typing": set()})
    everyone = found["runtime"] | found["typing"]
    tests = {f for f in everyone if is_test_path(f)}
    return len(found["runtime"] - tests), len(found["typing"] - tests), len(tests)


def test_store_has_many_importers_and_scores_above_the_old_heuristic(project_copy):
    data = blast_json(project_copy, "skill/plans/store.py")
    assert data["signals"]["deps"]["count"] >= 10  # the text search found 1
    assert data["signals"]["deps"]["score"] >= 2  # 6 or more importers
    verbose = run_cli(project_copy, "blast-radius", "skill/plans/store.py", "--verbose").stdout
    assert re.search(r"importers: \d+ direct, \d+ tests, \d+ type-only, \d+ transitive", verbose)
