"""The deps, API and test signals through the CLI, on a small JS/TS project and Python trees."""

from __future__ import annotations

from .blast_helpers import blast_json, git, line_of_cli, run_cli, write
from .graph_helpers import make_repo

TS_PROJECT = {
    "package.json": '{"name": "shop", "type": "module"}\n',
    "src/lib/money.ts": "export function add(a: number, b: number): number { return a + b; }\n",
    "src/cart.ts": "import { add } from './lib/money.js';\nexport const total = add(1, 2);\n",
    "src/invoice.ts": "import { add } from './lib/money';\nexport const sum = add;\n",
    "src/report.tsx": "import * as money from './lib/money.js';\nexport const R = money;\n",
    "src/types.ts": "import type { add } from './lib/money';\nexport type Add = typeof add;\n",
    "src/lib/money.test.ts": "import { add } from './money';\n",
    "test/cart.spec.ts": "import { add } from '../src/lib/money.js';\n",
    "src/index.js": "module.exports = require('./cart.ts');\n",
}


def test_ts_project_counts_tiers_and_api(tmp_path):
    root = make_repo(tmp_path / "r", TS_PROJECT)
    data = blast_json(root, "src/lib/money.ts")
    deps = data["signals"]["deps"]
    assert (deps["count"], deps["typeOnly"], deps["tests"]) == (3, 1, 2)
    assert (deps["score"], data["signals"]["shared"]["score"], data["tier"]) == (1, 2, "MED")
    # a parameter added to the exported function: the API signal, not the body
    write(root, "src/lib/money.ts", TS_PROJECT["src/lib/money.ts"].replace("b: number)", "b = 0)"))
    assert blast_json(root, "src/lib/money.ts")["signals"]["api"] == {"score": 2, "hits": 1}
    write(root, "src/lib/money.ts", TS_PROJECT["src/lib/money.ts"].replace("a + b", "b + a"))
    assert blast_json(root, "src/lib/money.ts")["signals"]["api"] == {"score": 0, "hits": 0}
    assert blast_json(root, "src/cart.ts")["signals"]["deps"]["count"] == 1  # src/index.js


def test_tests_weigh_a_quarter_and_type_only_importers_a_half(tmp_path):
    files = {"core.py": "X = 1\n"}
    files.update({f"tests/test_{i}.py": "import core\n" for i in range(8)})
    files.update(
        {f"t{i}.py": "import typing\nif typing.TYPE_CHECKING:\n    import core\n" for i in range(2)}
    )
    root = make_repo(tmp_path / "r", files)
    deps = blast_json(root, "core.py")["signals"]["deps"]
    assert (deps["count"], deps["typeOnly"], deps["tests"]) == (0, 2, 8)
    assert deps["score"] == 1  # 0 + 2/2 + 8/4 = 3 weighted importers: the 1-5 band


def test_a_test_file_is_never_above_low_on_deps(tmp_path):
    files = {"tests/helpers.py": "def make():\n    return 1\n"}
    files.update({f"tests/test_{i}.py": "from tests.helpers import make\n" for i in range(30)})
    files["tests/__init__.py"] = ""
    root = make_repo(tmp_path / "r", files)
    write(root, "tests/helpers.py", "def make(n=1):\n    return n\n")
    data = blast_json(root, "tests/helpers.py")
    assert data["signals"]["deps"]["tests"] == 30
    assert data["signals"]["deps"]["score"] == 1  # capped: 30/4 = 7 weighted would be 2
    assert data["signals"]["api"] == {"score": 0, "hits": 0}  # tests are not an API
    assert data["tier"] == "LOW"


def test_changed_test_named_after_the_file_earns_the_credit(tmp_path):
    root = make_repo(tmp_path / "r", {"pkg/__init__.py": "", "pkg/store.py": "X = 1\n"})
    write(root, "tests/test_store.py", "import pkg\n\ndef test_x():\n    assert pkg\n")
    assert blast_json(root, "pkg/store.py")["signals"]["tests"] == {"score": -1, "hit": True}
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "tests")
    assert blast_json(root, "pkg/store.py")["signals"]["tests"] == {"score": 0, "hit": False}


def test_several_files_in_one_call_share_one_graph(tmp_path):
    root = make_repo(tmp_path / "r", TS_PROJECT)
    out = line_of_cli(root, "src/lib/money.ts", "src/cart.ts", "README.md")
    assert out.splitlines() == ["radius:MED(3)", "radius:LOW(1)", "radius:UNKNOWN(not-tracked)"]


def test_log_edit_records_the_graph_radius(tmp_path):
    from .blast_helpers import make_plan

    root = make_repo(tmp_path / "r", TS_PROJECT)
    make_plan(root)
    write(root, "src/lib/money.ts", TS_PROJECT["src/lib/money.ts"] + "export const ZERO = 0;\n")
    done = run_cli(root, "log-edit", "--file", "src/lib/money.ts", "--reason", "add ZERO")
    assert done.returncode == 0, done.stderr
    assert "| radius:MED(5) |" in done.stdout  # deps 1 + shared 2 + api 2 (ZERO is new)


def test_deleting_a_module_counts_who_still_imports_it(tmp_path):
    files = {"pkg/__init__.py": "", "pkg/gone.py": "X = 1\n"}
    files.update({f"use{i}.py": "from pkg.gone import X\n" for i in range(7)})
    root = make_repo(tmp_path / "r", files)
    (root / "pkg/gone.py").unlink()
    deps = blast_json(root, "pkg/gone.py")["signals"]["deps"]
    assert (deps["count"], deps["score"]) == (7, 2)
    git(root, "rm", "-q", "--cached", "pkg/gone.py")  # gone from the index too
    deps = blast_json(root, "pkg/gone.py")["signals"]["deps"]
    assert (deps["count"], deps["score"]) == (7, 2)
