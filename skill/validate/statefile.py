"""Reading state.md: the fields and blocks every state check (and the pre-step gate) needs.

Light on purpose: the pre-step gate imports this module, so it uses only ``re`` and the Markdown
primitives. No pattern here crosses a line break by accident.
"""

from __future__ import annotations

import re

from skill.plans.markdown import extract_section, field_line, strip_comments

_HISTORY_RE = re.compile(r"^## Transition History:", re.MULTILINE)
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2010": "-"})
#: Between two phase names: optional blanks, an arrow, optional blanks (one rule for every check).
ARROW = r"[ \t]*(?:→|->)[ \t]*"
_EXECUTE_REFLECT_RE = re.compile(rf"EXECUTE{ARROW}REFLECT")
#: A recorded fix attempt in ``## Fix Attempts`` (the leash counts these lines).
ATTEMPT_LINE_RE = re.compile(
    r"-\s+(?:Step\s+[0-9]+[,\s]+attempts?\s+[0-9]+|Attempts?\s+[0-9]+)", re.IGNORECASE
)
_JS_SPACE = " \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_INT_RE = re.compile(r"([+-]?)(0[xX][0-9a-fA-F]+|[0-9]+)")
_INT10_RE = re.compile(r"([+-]?)([0-9]+)")


def js_parse_int(text: str | None, radix10: bool = False) -> int | None:
    """JavaScript ``parseInt``: leading blanks, a sign, the longest digit run. None stands for NaN."""
    if text is None:
        return None
    match = (_INT10_RE if radix10 else _INT_RE).match(text.lstrip(_JS_SPACE))
    if not match:
        return None
    sign, digits = match.groups()
    value = int(digits, 16) if digits[:2].lower() == "0x" else int(digits)
    return -value if sign == "-" else value


def current_state(text: str | None) -> str | None:
    """The value of ``# Current State:`` as written (stripped), or None when absent or empty."""
    return field_line(text, "# Current State:") or None


def declared_iteration(text: str | None) -> str | None:
    """The value of ``## Iteration:`` as written, or None when absent or empty."""
    return field_line(text, "## Iteration:") or None


def normalize_dashes(text: str) -> str:
    return text.translate(_DASHES)


def history_block(text: str | None) -> str | None:
    """``## Transition History:`` through the end of the file, or None when there is no heading."""
    if not text:
        return None
    match = _HISTORY_RE.search(text)
    return text[match.start() :] if match else None


def count_execute_reflect(block: str | None) -> int:
    """How many ``EXECUTE → REFLECT`` records a block holds (anywhere on a line, any arrow)."""
    if not block:
        return 0
    return len(_EXECUTE_REFLECT_RE.findall(normalize_dashes(block)))


def derived_iteration(text: str | None) -> tuple[int, int, int]:
    """(derived, raw count, comment-stripped count) of EXECUTE → REFLECT records.

    The raw count is taken without removing comments so a stray ``<!--`` can never hide records;
    the derived iteration is the larger of the two.
    """
    raw = count_execute_reflect(history_block(text))
    stripped = count_execute_reflect(history_block(strip_comments(text))) if text else 0
    return max(raw, stripped), raw, stripped


def fix_attempts(text: str | None) -> int:
    """Recorded fix attempts in the ``## Fix Attempts`` section (0 when it is absent)."""
    section = extract_section(text, "Fix Attempts")
    if section is None:
        return 0
    return sum(1 for line in section.split("\n") if ATTEMPT_LINE_RE.match(line))


def effective_iteration(text: str | None) -> tuple[int | None, int, int]:
    """(declared as a number or None, derived, the larger of both with None counted as 0)."""
    declared = js_parse_int(declared_iteration(text))
    derived = derived_iteration(text)[0]
    return declared, derived, max(declared or 0, derived)
