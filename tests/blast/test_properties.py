"""Property tests: the changelog schema round trip and the compressors' guarantees."""

from __future__ import annotations

from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skill.blast.score import synthesized_line_count, tier_of
from skill.lifecycle.compress import classify_changelog_line, compress_changelog_text
from skill.lifecycle.compress_decisions import compress_decisions_text
from skill.plans.changelog import ChangelogEntry, format_line, line_issues, parse_line

from .blast_helpers import CHANGELOG_HEADER

one_line = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=40
)
anything = st.text(max_size=40)

ts = st.datetimes(min_value=datetime(1000, 1, 1)).map(lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ"))
step = st.tuples(st.integers(0, 999), st.integers(0, 999)).map(lambda t: f"iter-{t[0]}/step-{t[1]}")
commit = st.one_of(st.just("uncommitted"), st.text("0123456789abcdef", min_size=7, max_size=40))
op = st.one_of(
    st.integers(0, 9999).map(lambda n: f"CREATE(+{n})"),
    st.tuples(st.integers(0, 999), st.integers(0, 999)).map(lambda t: f"EDIT(+{t[0]},-{t[1]})"),
    st.integers(0, 9999).map(lambda n: f"DELETE(-{n})"),
    st.just("RENAME(a.py→b.py)"),
    st.just("REVERT(src/x.py)"),
)
radius = st.one_of(
    st.tuples(st.sampled_from(["LOW", "MED", "HIGH"]), st.integers(-1, 11)).map(
        lambda t: f"radius:{t[0]}({t[1]})"
    ),
    st.sampled_from(["radius:UNKNOWN(no-git)", "radius:UNKNOWN(not-tracked)"]),
)
dref = st.one_of(st.just("-"), st.integers(1, 99999).map(lambda n: f"D-{n:03d}"))


def mixed(valid):
    return st.one_of(valid, anything)


@settings(max_examples=300, deadline=None)
@given(
    mixed(ts),
    mixed(step),
    mixed(commit),
    mixed(one_line),
    mixed(op),
    mixed(radius),
    mixed(dref),
    anything,
)
def test_format_line_round_trips(ts_, step_, commit_, path_, op_, radius_, dref_, reason_):
    entry = ChangelogEntry(ts_, step_, commit_, path_, op_, radius_, dref_, reason_)
    try:
        line = format_line(entry)
    except ValueError as exc:
        assert str(exc)  # a refusal always says why
        return
    assert "\n" not in line
    assert parse_line(line) == entry
    assert line_issues(line) == []


@settings(max_examples=200, deadline=None)
@given(
    ts,
    step,
    commit,
    one_line.filter(lambda p: p.strip() and "|" not in p),
    op,
    radius,
    dref,
    one_line,
)
def test_valid_fields_always_format(ts_, step_, commit_, path_, op_, radius_, dref_, reason_):
    entry = ChangelogEntry(
        ts_, step_, commit_, path_.strip(), op_, radius_, dref_, reason_.strip() or "r"
    )
    assert parse_line(format_line(entry)) == entry


@given(anything)
def test_line_tools_never_raise(text):
    line_issues(text)
    parse_line(text)
    classify_changelog_line(text)


def _entry_line(data):
    s, c, p, o, r, d = data
    return f"2026-05-15T12:00:00Z | {s} | {c} | {p} | {o} | {r} | {d} | why"


entry_line = st.tuples(
    step, commit, st.sampled_from(["a.py", "b.py", "c/d.js"]), op, radius, dref
).map(_entry_line)
body_line = st.one_of(
    entry_line,
    entry_line,
    entry_line,
    st.just(""),
    st.integers(1, 50).map(
        lambda n: f"- (compressed: {n} low-decision-impact edits, iter-1/step-1, files: 1)"
    ),
    one_line.filter(lambda x: "COMPRESSED-SUMMARY" not in x and "entries-at-compress" not in x),
)


def _equivalents(lines):
    total = 0
    for line in lines:
        kind = classify_changelog_line(line)
        total += 1 if kind.kind == "entry" else kind.count
    return total


def _is_subsequence(needles, haystack):
    it = iter(haystack)
    return all(any(n == h for h in it) for n in needles)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(body_line, max_size=60), st.integers(0, 30))
def test_changelog_compressor_keeps_protected_lines_and_is_idempotent(lines, threshold):
    text = CHANGELOG_HEADER + "\n".join(lines) + "\n"
    result, new = compress_changelog_text(text, threshold)
    if new is None:
        assert not result.compressed
        return
    assert result.compressed and result.after_lines == len(new.split("\n"))
    body = lines
    protected = [
        x
        for x in body
        if x.strip()
        and not (classify_changelog_line(x).kind == "entry" and classify_changelog_line(x).elidable)
    ]
    out = new.split("\n")
    assert out[:4] == CHANGELOG_HEADER.split("\n")[:4]
    assert _is_subsequence(protected, out[8:])
    assert _equivalents(out[4:]) == _equivalents(body)
    again, newer = compress_changelog_text(new, threshold)
    assert newer is None and not again.compressed


decision_block = st.tuples(
    st.integers(1, 30), st.sampled_from(["PLAN", "REFLECT → PIVOT", "EXECUTE"]), one_line
).map(
    lambda t: (
        f"## D-{t[0]:03d} | {t[1]} | 2026-01-01\n**Decision**: {t[2]}\n**Anchor-Refs**: {t[2]}\n"
    )
)
decision_piece = st.one_of(
    decision_block,
    decision_block,
    one_line.map(lambda x: x + "\n"),
    st.just("<!--\n"),
    st.just("-->\n"),
    st.just("<!-- COMPRESSED-SUMMARY -->\n"),
    st.just("<!-- /COMPRESSED-SUMMARY -->\n"),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(decision_piece, max_size=25), st.integers(0, 40))
def test_decisions_compressor_never_drops_raw_lines(pieces, threshold):
    text = "# Decision Log\n*Plan: plan_2099-01-01_deadbeef*\n" + "".join(pieces)
    result, new = compress_decisions_text(text, threshold)
    if new is None:
        return
    assert result.compressed
    assert _is_subsequence([x for x in text.split("\n") if x.strip()], new.split("\n"))
    again, newer = compress_decisions_text(new, threshold)
    assert newer is None, again


@given(st.binary(max_size=200))
def test_line_count_never_raises(data):
    assert synthesized_line_count(data) >= 0


@given(st.integers(-5, 20))
def test_tiers(score):
    tier = tier_of(score)
    assert tier == ("LOW" if score <= 2 else "MED" if score <= 5 else "HIGH")
