"""The fast Python import scanner agrees with :mod:`ast` on generated and on real code."""

from __future__ import annotations

import sysconfig
import warnings
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from skill.blast.graph.python_scan import scan

from .ast_oracle import ast_specs
from .blast_helpers import REPO

ident = st.tuples(st.sampled_from("abcmxyz_"), st.text(alphabet="abcmxyz_019", max_size=5)).map(
    "".join
)
dotted = st.lists(ident, min_size=1, max_size=3).map(".".join)
alias = st.one_of(st.just(""), ident.map(lambda a: f" as {a}"))


@st.composite
def statement(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["import", "from", "paren", "relative", "continued"]))
    names = draw(st.lists(st.tuples(ident, alias), min_size=1, max_size=3))
    listing = ", ".join(n + a for n, a in names)
    if kind == "import":
        return f"import {draw(dotted)}{draw(alias)}"
    if kind == "from":
        return f"from {draw(dotted)} import {listing}"
    if kind == "paren":
        lines = listing.replace(", ", ",\n    ")
        return f"from {draw(dotted)} import (\n    {lines},\n)"
    if kind == "continued":
        return f"from {draw(dotted)} \\\n    import {listing}"
    dots = "." * draw(st.integers(1, 3))
    module = draw(st.one_of(st.just(""), dotted))
    return f"from {dots}{module} import {listing}"


@st.composite
def module_text(draw: st.DrawFn) -> str:
    parts = ['"""Doc.\n\nimport not_this\n"""']
    for stmt in draw(st.lists(statement(), min_size=1, max_size=6)):
        wrapper = draw(st.sampled_from(["plain", "function", "guarded", "string", "comment"]))
        if wrapper == "function":
            parts.append("def f():\n    " + stmt.replace("\n", "\n    "))
        elif wrapper == "guarded":
            parts.append("if TYPE_CHECKING:\n    " + stmt.replace("\n", "\n    ") + "\nx = 1")
        elif wrapper == "string":
            parts.append("s = '''\n" + stmt + "\n'''")
        elif wrapper == "comment":
            parts.append("# " + stmt.replace("\n", "\n# "))
        else:
            parts.append(stmt)
    return "\n".join(parts) + "\n"


@settings(max_examples=150, deadline=None)
@given(module_text())
def test_scanner_matches_ast_on_generated_modules(text):
    assert set(scan(text)) == ast_specs(text)


def _python_files() -> list[Path]:
    """The stdlib's smaller top-level modules and a few packages, and this project's code."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    picked = sorted(p for p in stdlib.glob("*.py") if p.stat().st_size < 20_000)
    for package in ("email", "json", "importlib"):
        picked += sorted((stdlib / package).rglob("*.py"))
    return picked + sorted((REPO / "skill").rglob("*.py"))


def test_scanner_matches_ast_on_the_stdlib_and_this_project():
    compared = 0
    differing = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in _python_files():
            try:
                text = path.read_text(encoding="utf-8")
                expected = ast_specs(text)
            except (UnicodeDecodeError, SyntaxError, ValueError):
                continue
            dynamic = "import_module(" in text or "__import__(" in text
            got = set(scan(text))
            if got != expected and not (dynamic and expected <= got):
                differing.append((str(path), sorted(expected ^ got)[:3]))
            compared += 1
    assert compared > 250
    assert differing == []


def test_dynamic_imports_with_literal_names():
    text = (
        "import importlib\nm = importlib.import_module('pkg.mod')\n"
        "n = importlib.import_module('.sibling', 'pkg')\no = __import__('other')\n"
        "p = importlib.import_module('.rel')\nq = importlib.import_module(name)\n"
    )
    assert scan(text) == ["i importlib", "i pkg.mod", "i pkg.sibling", "i other", "f . rel"]


def test_comments_inside_a_parenthesised_import_list():
    text = (
        "from a.b import (  # noqa: F401  (x, y: re-exported)\n    x,  # first )\n    y,\n)\n"
        "from c import (d)  # (e)\n"
    )
    assert scan(text) == ["f a.b x,y", "f c d"]
    assert set(scan(text)) == ast_specs(text)
