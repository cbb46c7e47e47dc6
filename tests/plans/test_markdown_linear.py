"""The code masking is linear and reads exactly as the first version did (kept as an oracle)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from skill.plans.markdown import _mask_inline_code, literal_mask
from tests.plans import markdown_reference as reference

# Lines built from the pieces the masking reacts to: fences, indentation, list items, backticks.
_PIECES = st.sampled_from(
    ["```", "````", "~~~", "~~~~", "    code", "  x", "- item", "1. item", "", "text", "`a`",
     "``b``", "` ``", "<!--", "-->", "\t", " ", "`", "``", "```js"]
)
_LINE = st.lists(_PIECES, max_size=4).map(" ".join)
_DOC = st.lists(st.one_of(_LINE, st.text(max_size=12)), max_size=40).map("\n".join)


@settings(max_examples=400, deadline=None)
@given(_DOC)
def test_literal_mask_matches_the_reference(text):
    assert literal_mask(text) == reference.literal_mask(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["`", "``", "```", "a", " ", "b c"]), max_size=40).map("".join))
def test_inline_code_matches_the_reference(line):
    assert _mask_inline_code(line) == reference._mask_inline_code(line)


def _counts(build, sizes):
    """Operation counts are not timed: the masking of each size must give the same-length
    result, and the sizes run here are ones the first version needed minutes for."""
    for size in sizes:
        text = build(size)
        assert len(literal_mask(text)) == len(text)


def test_inputs_that_were_quadratic_finish():
    # a list item followed by many blank-separated indented lines (each looked back to the item)
    _counts(lambda k: "- a\n" + "\n\n    x" * k, [40_000])
    # many unclosed fence openers of decreasing width, each scanning to the end
    _counts(lambda k: "\n".join("`" * w for w in range(k, 2, -1)) + "\n" * 200_000, [1_500])
    # one line with many backtick runs of distinct widths and no closers
    _counts(lambda k: " ".join("`" * w for w in range(1, k)), [1_500])
