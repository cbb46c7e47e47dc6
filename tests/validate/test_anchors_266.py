"""Anchors as 2.62.0 reads them: 33 extensions, block comments only in the slash family, string-
aware block spans shared with retire, and messages naming the tiers that resolved the plan."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skill.lifecycle.retire import SOURCE_EXTENSIONS
from skill.plans.source_comments import (
    BLOCK_COMMENT_EXTENSIONS,
    WALKED_EXTENSIONS,
    block_comment_spans,
)
from skill.validate.anchor_scan import scan_text

from .validate_helpers import PLAN_ID, issues, slugs, write_plan

ID = f"{PLAN_ID}/D-001"


def test_thirty_three_extensions_shared_with_retire() -> None:
    assert len(WALKED_EXTENSIONS) == 33 and SOURCE_EXTENSIONS == WALKED_EXTENSIONS
    assert len(BLOCK_COMMENT_EXTENSIONS) == 19 and ".sql" not in BLOCK_COMMENT_EXTENSIONS


@pytest.mark.parametrize("ext", [".sh", ".yml", ".toml", ".tf", ".r", ".pl"])
def test_hash_anchors_in_the_new_extensions(ext: str) -> None:
    assert [a.num for a in scan_text(f"# DECISION {ID}: keep\n", ext)] == [1]


@pytest.mark.parametrize("ext", [".jsx", ".cs", ".swift", ".php", ".scala", ".cc"])
def test_slash_and_block_anchors_in_the_new_extensions(ext: str) -> None:
    text = f"// DECISION {ID}: keep\n/* DECISION {PLAN_ID}/D-002: and this */\n"
    assert [a.num for a in scan_text(text, ext)] == [1, 2]


@pytest.mark.parametrize("ext", [".tf", ".sql", ".py", ".sh"])
def test_no_block_comments_outside_the_slash_family(ext: str) -> None:
    assert scan_text(f"/* DECISION {ID}: hidden */\n", ext) == []


def test_jsx_comment_on_a_self_closing_line() -> None:
    text = f"<Widget {{/* DECISION {ID}: no memo here */}} />\n"
    assert [a.line for a in scan_text(text, ".jsx")] == [1]


def test_shell_globs_do_not_pair_into_a_comment() -> None:
    text = f"rm -rf build/*\n# DECISION {ID}: keep the build dir\ncp src/*/lib x\n"
    assert [a.line for a in scan_text(text, ".sh")] == [2]


def test_a_closer_written_as_prose_does_not_hide_a_later_anchor() -> None:
    text = f"/* the */ marker ends a comment */\nint x;\n/* DECISION {ID}: later */\n"
    assert [a.line for a in scan_text(text, ".c")] == [3]


def test_openers_in_strings_and_line_comments_open_nothing() -> None:
    text = 'const a = "/*";\n// also /* here\nlet b = \'*/\';\n/* real */\n'
    spans = block_comment_spans(text)
    assert [text[s:e] for s, e in spans] == ["/* real */"]


def test_unterminated_opener_gives_no_span() -> None:
    assert block_comment_spans("x /* never closed\n") == []


@given(st.text(alphabet='ab/*"\'\\\n ', max_size=60))
def test_spans_are_ordered_disjoint_and_delimited(text: str) -> None:
    last = 0
    for start, end in block_comment_spans(text):
        assert last <= start < end <= len(text)
        assert text.startswith("/*", start) and text[end - 2 : end] == "*/" and end - start >= 4
        last = end


def test_orphan_message_names_the_tiers_read(tmp_path) -> None:
    write_plan(tmp_path)
    (tmp_path / "plans" / "ANCHORS.md").write_text(
        "# Decision Anchor Manifest\nplan-2026-01-01T000000-aaaaaaaa/D-001 | 2026-01-01 | kept\n"
    )
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "x.py").write_text("# DECISION plan-2026-01-01T000000-aaaaaaaa/D-004: gone\n")
    found = slugs(issues(tmp_path), "anchor-orphan")
    assert len(found) == 1 and "resolves via plans/ANCHORS.md" in found[0].message
    (tmp_path / "src" / "x.py").write_text("# DECISION plan-2026-01-01T000000-bbbbbbbb/D-004: gone\n")
    unknown = slugs(issues(tmp_path), "anchor-unknown-plan")
    assert len(unknown) == 1 and "no line in plans/ANCHORS.md" in unknown[0].message
