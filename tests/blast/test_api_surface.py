"""The API signal: public names whose presence or signature changed, per language."""

from __future__ import annotations

from skill.blast.api import api_hits
from skill.blast.api.python_api import surface
from skill.blast.api.text_api import go_surface, js_surface, rust_surface


def hits(path: str, before: str | None, after: str | None, lines: list[str] | None = None) -> int:
    return api_hits(path, before, after, lambda: lines or [])


PY = '''"""Module."""
__all__ = ["_listed"]

def public(a, b=1) -> int:
    return a + b

def _private(x):
    return x

def _listed():
    pass

class Thing(Base):
    size: int = 0
    _hidden: int = 1

    def __init__(self, n):
        self.n = n

    def method(self, x):
        return x

    def _helper(self):
        pass

LIMIT = 3
_cache = {}
'''


def test_python_surface_names_and_signatures():
    names = surface(PY, "m.py")
    assert names is not None
    assert set(names) == {
        "public", "_listed", "Thing", "Thing.size", "Thing.__init__", "Thing.method", "LIMIT",
    }  # fmt: skip
    assert names["public"] == ("def(a, b=1) -> int",)


def test_python_body_change_is_not_an_api_change():
    changed = PY.replace("return a + b", "return b + a").replace("_cache = {}", "_cache = []")
    assert hits("m.py", PY, changed) == 0


def test_python_signature_presence_and_visibility_changes():
    assert hits("m.py", PY, PY.replace("def public(a, b=1)", "def public(a, b=1, c=2)")) == 1
    assert hits("m.py", PY, PY + "\ndef added():\n    pass\n") == 1
    assert hits("m.py", PY, PY.replace("def _private(x)", "def private(x)")) == 1
    assert hits("m.py", PY, PY.replace("def method(self, x)", "def method(self, x, y)")) == 1
    assert hits("m.py", PY, PY.replace("class Thing(Base)", "class Thing(Other)")) == 1
    assert hits("m.py", PY, PY.replace("size: int = 0", "size: float = 0")) == 1
    assert hits("m.py", PY, None) == 7  # deleting the module removes every public name
    assert hits("m.py", None, PY) == 7  # a new module adds them


def test_python_reexports_count_in_a_package_init_only():
    before = "from .core import run\nfrom typing import Any\n"
    after = "from .core import run, stop\nfrom typing import Any, Dict\n"
    assert hits("pkg/__init__.py", before, after) == 1  # stop; typing names are not the API
    assert hits("pkg/mod.py", before, after) == 0


def test_python_syntax_error_falls_back_to_the_line_test():
    broken = PY + "\ndef oops(:\n"
    assert hits("m.py", PY, broken, ["+def oops(:"]) == 1
    assert hits("m.py", PY, broken, ["+x = 1"]) == 0


JS = """// helpers
export function fmt(value: string, width = 2): string {
  return value.padStart(width);
}
export const LIMIT = 3;
export default class Store {}
export { a as b } from './a';
export * from './all';
export type Id = string;
const local = 1;
"""


def test_js_surface():
    names = js_surface(JS)
    assert set(names) == {"fmt", "LIMIT", "default", "b", "* ./all", "Id"}
    assert names["fmt"] == ("export function fmt(value: string, width = 2): string",)


def test_js_hits_read_signatures_not_bodies():
    assert hits("a.ts", JS, JS.replace("padStart(width)", "padEnd(width)")) == 0
    assert hits("a.ts", JS, JS.replace("width = 2)", "width = 2, fill = ' ')")) == 1
    assert hits("a.ts", JS, JS.replace("const local = 1;", "export const local = 1;")) == 1
    assert hits("a.js", JS, JS + "export const more = 2;\n") == 1


def test_commonjs_exports():
    before = "module.exports = { a, b: 1 };\nexports.c = () => 1;\n"
    after = "module.exports = { a, b: 1, d };\nexports.c = () => 1;\n"
    assert set(js_surface(before)) == {"a", "b", "c"}
    assert hits("x.cjs", before, after) == 1


GO = """package store

// Store keeps things.
type Store struct {
\tName string
\tcount int
}

type config struct {
\tPath string
}

const (
\tLimit = 3
\tsmall = 1
)

func New(name string) *Store {
\treturn &Store{Name: name}
}

func (s *Store) Get(key string) (string, error) {
\treturn "", nil
}

func helper() {}
"""


def test_go_surface():
    assert set(go_surface(GO)) == {"Store", "Store.Name", "Limit", "New", "Store.Get"}
    assert hits("s.go", GO, GO.replace("return &Store", "return  &Store")) == 0
    assert hits("s.go", GO, GO.replace("Get(key string)", "Get(key string, n int)")) == 1
    assert hits("s.go", GO, GO.replace("\tcount int", "\tCount int")) == 1
    assert hits("s.go", GO, GO.replace("func helper", "func Helper")) == 1


RS = """pub struct User {
    pub name: String,
    age: u32,
}

pub fn load(path: &str) -> Result<User, Error> {
    todo!()
}

pub(crate) fn internal() {}
fn private() {}
pub use crate::model::Kind;
"""


def test_rust_surface():
    assert set(rust_surface(RS)) == {
        "struct User",
        "field name",
        "fn load",
        "use pub use crate::model::Kind",
    }
    assert hits("u.rs", RS, RS.replace("todo!()", "unimplemented!()")) == 0
    assert hits("u.rs", RS, RS.replace("load(path: &str)", "load(path: &Path)")) == 1
    assert hits("u.rs", RS, RS.replace("pub(crate) fn internal", "pub fn internal")) == 1


def test_other_languages_keep_the_original_line_test():
    lines = ["+public class A {}", "+  private int x;", "+export x"]
    assert hits("A.java", "class A {}", "public class A {}", lines) == 2
