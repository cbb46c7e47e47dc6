"""Go packages against go.mod, and Rust mod/use paths, in the graph."""

from __future__ import annotations

from skill.blast.graph.go_rust_scan import expand_use_tree, scan_go, scan_rust

from .graph_helpers import fan_in, importers, make_repo

GO = {
    "go.mod": "module example.com/shop\n\ngo 1.22\n",
    "internal/store/store.go": "package store\n\nfunc Get() int { return 1 }\n",
    "internal/store/cache.go": 'package store\n\nimport "fmt"\n\nvar _ = fmt.Sprint\n',
    "internal/store/store_test.go": 'package store\n\nimport "testing"\n',
    "internal/store/ext_test.go": (
        'package store_test\n\nimport "example.com/shop/internal/store"\n\nvar _ = store.Get\n'
    ),
    "cmd/api/main.go": (
        'package main\n\nimport (\n\t"fmt"\n\tst "example.com/shop/internal/store"\n'
        '\t// "example.com/shop/internal/unused"\n)\n\nfunc main() { fmt.Println(st.Get()) }\n'
    ),
    "cmd/worker/main.go": 'package main\n\nimport "example.com/shop/internal/store"\n',
    "tools/go.mod": "module example.com/shop/tools\n",
    "tools/gen/gen.go": 'package gen\n\nimport "example.com/shop/internal/store"\n',
    "tools/cli.go": 'package main\n\nimport "example.com/shop/tools/gen"\n',
}


def test_go_importers_of_a_package_count_for_each_of_its_files(tmp_path):
    root = make_repo(tmp_path / "r", GO)
    expected = {"cmd/api/main.go", "cmd/worker/main.go", "tools/gen/gen.go"}
    for path in ("internal/store/store.go", "internal/store/cache.go"):
        runtime, _typed, tests = importers(root, path)
        assert runtime == expected
        assert tests == {"internal/store/ext_test.go"}


def test_go_nested_module_and_test_files(tmp_path):
    root = make_repo(tmp_path / "r", GO)
    assert importers(root, "tools/gen/gen.go")[0] == {"tools/cli.go"}
    assert fan_in(root, "internal/store/store_test.go").importers == ()
    found = fan_in(root, "internal/store/store.go", transitive=True)
    assert found.transitive == 4  # the three importers, and tools/cli.go through tools/gen


def test_go_scanner():
    text = 'package x\n\nimport "a/b"\nimport c "c/d"\nimport (\n\t_ "e"\n\t. "f/g"\n\t"C"\n)\n'
    assert scan_go(text) == ["r a/b", "r c/d", "r e", "r f/g"]


RUST = {
    "Cargo.toml": '[package]\nname = "my-app"\nversion = "0.1.0"\n',
    "src/lib.rs": "pub mod model;\nmod util;\npub use crate::model::User;\n",
    "src/main.rs": "use my_app::model::User;\nfn main() {}\n",
    "src/model.rs": "pub mod user;\npub use user::User;\n",
    "src/model/user.rs": (
        "use super::super::util::helper;\n"
        "pub struct User;\n#[cfg(test)]\nmod tests {\n    use super::*;\n}\n"
    ),
    "src/util/mod.rs": 'pub fn helper() {}\n#[path = "extra_impl.rs"]\nmod extra;\n',
    "src/util/extra_impl.rs": "fn x() { crate::model::user::User; }\n",
    "tests/integration.rs": "mod common;\nuse my_app::model::user::User;\n",
    "tests/common/mod.rs": "pub fn setup() {}\n",
}


def test_rust_mod_and_use_paths(tmp_path):
    root = make_repo(tmp_path / "r", RUST)
    runtime, _typed, tests = importers(root, "src/model/user.rs")
    assert runtime == {"src/model.rs", "src/util/extra_impl.rs"}
    assert tests == {"tests/integration.rs"}
    # ``mod util;`` and ``super::super::util``; the inline test module's ``super`` is the file
    assert importers(root, "src/util/mod.rs")[0] == {"src/lib.rs", "src/model/user.rs"}
    assert importers(root, "src/util/extra_impl.rs")[0] == {"src/util/mod.rs"}
    assert importers(root, "src/model.rs")[0] == {"src/lib.rs", "src/main.rs"}
    assert importers(root, "tests/common/mod.rs")[2] == {"tests/integration.rs"}


def test_rust_scanner_and_use_trees():
    assert expand_use_tree("crate::a::{b, c::{d, self}, e as f, g::*}") == [
        "crate::a::b", "crate::a::c::d", "crate::a::c", "crate::a::e", "crate::a::g",
    ]  # fmt: skip
    specs = scan_rust("mod a;\npub(crate) mod b;\nmod t {\n    use super::x;\n}\n")
    assert specs == ["m a", "m b", "p t|super::x"]
