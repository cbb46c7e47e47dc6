"""Python imports in the graph: every import form, packages, roots, TYPE_CHECKING, tests apart."""

from __future__ import annotations

from .graph_helpers import fan_in, importers, make_repo

FLAT = {
    "pkg/__init__.py": "from pkg.core import run\n",
    "pkg/core.py": "def run():\n    return 1\n",
    "pkg/util.py": "X = 1\n",
    "pkg/sub/__init__.py": "",
    "pkg/sub/deep.py": "from .. import util\nfrom ..core import run\n",
    "pkg/sub/sibling.py": "from . import deep\nfrom .deep import thing\n",
    "app.py": "import pkg.core\nimport pkg.util as u\n",
    "cli.py": "from pkg import core, util\n",
    "lazy.py": "def f():\n    import importlib\n    return importlib.import_module('pkg.sub.deep')\n",
    "typed.py": (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from pkg.core import run\n    import pkg.util\n"
        "import pkg.sub\n"
    ),
    "tests/test_core.py": "from pkg.core import run\n",
    "tests/conftest.py": "import pkg\n",
    "docs/notes.py": '"""\nimport pkg.core\nfrom pkg import util\n"""\nx = "import pkg.core"\n',
}


def test_every_import_form(tmp_path):
    root = make_repo(tmp_path / "r", FLAT)
    runtime, typed, tests = importers(root, "pkg/core.py")
    # import a.b / from a import b (b a module) / from ..x import y / from a.b import name
    assert runtime == {"pkg/__init__.py", "pkg/sub/deep.py", "app.py", "cli.py"}
    assert typed == {"typed.py"}
    assert tests == {"tests/test_core.py"}


def test_names_from_a_package_count_for_its_init(tmp_path):
    root = make_repo(tmp_path / "r", FLAT)
    runtime, _typed, tests = importers(root, "pkg/__init__.py")
    assert runtime == set()  # pkg.core, pkg.util and pkg.sub are modules, not names of pkg
    assert tests == {"tests/conftest.py"}
    assert importers(root, "pkg/sub/__init__.py")[0] == {"typed.py"}


def test_relative_and_dynamic_imports(tmp_path):
    root = make_repo(tmp_path / "r", FLAT)
    assert importers(root, "pkg/util.py")[0] == {"pkg/sub/deep.py", "app.py", "cli.py"}
    assert importers(root, "pkg/util.py")[1] == {"typed.py"}  # only under TYPE_CHECKING
    assert importers(root, "pkg/sub/deep.py")[0] == {"pkg/sub/sibling.py", "lazy.py"}


def test_type_checking_import_is_counted_apart_unless_also_at_runtime(tmp_path):
    files = dict(FLAT)
    files["both.py"] = (
        "import typing\nif typing.TYPE_CHECKING:\n    from pkg.util import X\nimport pkg.util\n"
    )
    root = make_repo(tmp_path / "r", files)
    runtime, typed, _tests = importers(root, "pkg/util.py")
    assert "both.py" in runtime and "both.py" not in typed
    assert typed == {"typed.py"}


def test_strings_and_docstrings_are_not_imports(tmp_path):
    root = make_repo(tmp_path / "r", FLAT)
    assert "docs/notes.py" not in fan_in(root, "pkg/core.py").importers


def test_src_layout_and_namespace_packages(tmp_path):
    files = {
        "pyproject.toml": "[project]\nname = 'x'\n",
        "src/lib/__init__.py": "",
        "src/lib/a.py": "A = 1\n",
        "src/lib/b.py": "from lib.a import A\n",
        "src/ns/part/mod.py": "M = 1\n",  # namespace packages: no __init__.py anywhere
        "src/ns/part/user.py": "from ns.part import mod\n",
        "tools/run.py": "import ns.part.mod\nfrom lib import a\n",
        "tests/test_b.py": "import lib.b\n",
    }
    root = make_repo(tmp_path / "r", files)
    assert importers(root, "src/lib/a.py")[0] == {"src/lib/b.py", "tools/run.py"}
    assert importers(root, "src/ns/part/mod.py")[0] == {"src/ns/part/user.py", "tools/run.py"}
    assert importers(root, "src/lib/b.py")[2] == {"tests/test_b.py"}


def test_declared_roots_and_script_folders(tmp_path):
    files = {
        "backend/pyproject.toml": '[tool.setuptools.packages.find]\nwhere = ["python"]\n',
        "backend/python/svc/__init__.py": "",
        "backend/python/svc/db.py": "D = 1\n",
        "backend/python/svc/api.py": "from svc.db import D\n",
        "scripts/helper.py": "H = 1\n",
        "scripts/main.py": "import helper\nfrom svc import db\n",
    }
    root = make_repo(tmp_path / "r", files)
    assert importers(root, "backend/python/svc/db.py")[0] == {
        "backend/python/svc/api.py",
        "scripts/main.py",
    }
    assert importers(root, "scripts/helper.py")[0] == {"scripts/main.py"}


def test_stdlib_names_do_not_hit_package_modules(tmp_path):
    files = {
        "app/__init__.py": "",
        "app/json.py": "J = 1\n",
        "app/main.py": "import json\nfrom . import json as local_json\n",
        "other.py": "import json\n",
    }
    root = make_repo(tmp_path / "r", files)
    assert importers(root, "app/json.py")[0] == {"app/main.py"}


def test_transitive_fan_in(tmp_path):
    root = make_repo(tmp_path / "r", FLAT)
    found = fan_in(root, "pkg/util.py", transitive=True)
    # deep.py, app.py, cli.py, typed.py (type-only) directly; sibling.py, lazy.py via deep.py
    assert found.transitive == 6
    assert fan_in(root, "pkg/util.py").transitive is None


def test_stub_files_share_their_module(tmp_path):
    files = {"m.py": "X = 1\n", "m.pyi": "X: int\n", "user.py": "import m\n"}
    root = make_repo(tmp_path / "r", files)
    assert importers(root, "m.pyi")[0] == {"user.py"}


def test_crlf_files_read_like_lf_files(tmp_path):
    files = {
        "core.py": "X = 1\r\n",
        "user.py": "from typing import TYPE_CHECKING\r\nif TYPE_CHECKING:\r\n    import core\r\n",
        "other.py": "from core import (\r\n    X,\r\n)\r\n",
    }
    root = make_repo(tmp_path / "r", files)
    assert importers(root, "core.py") == ({"other.py"}, {"user.py"}, set())
