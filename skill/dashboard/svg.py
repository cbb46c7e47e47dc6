"""Geometry of the journey picture: one lane per state, visits left to right in time order.

A visit's width grows with the logarithm of the time spent in it (a minute and a day both stay
readable); the axis labels give the real times. Iterations are shaded bands with their outcome and
verdict underneath; failed attempts are crosses in the EXECUTE lane; approvals are marks above the
lanes carrying the user's words. Only numbers and the model's text leave this module: the template
draws the elements and escapes every text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from skill.dashboard.model import RAIL, Approval, Plan, Visit

LEFT, RIGHT, TOP, LANE, BOTTOM, BAND_TOP = 86, 40, 78, 26, 58, 58
MIN_WIDTH, PER_DOUBLING, END_WIDTH = 40, 14, 20
TICK_GAP = 78
LABEL_CHARS = 44


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    state: str
    title: str
    current: bool


@dataclass(frozen=True)
class Band:
    x: float
    w: float
    label: str
    verdict: str
    outcome: str

    @property
    def text_x(self) -> float:
        return round(self.x + 4, 1)


@dataclass(frozen=True)
class Mark:
    """A symbol on the picture; ``path`` draws attempts and pivots, approvals use the label fields."""

    kind: str  # attempt | pivot | approval
    x: float
    y: float
    title: str
    path: str = ""
    label: str = ""
    label_y: float = 0.0

    @property
    def text_x(self) -> float:
        return round(self.x + 9, 1)

    @property
    def text_y(self) -> float:
        return round(self.label_y + 4, 1)

    @property
    def line_top(self) -> float:
        return round(self.label_y + 5, 1)


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Lane:
    y: float
    state: str
    visits: int

    @property
    def text_y(self) -> float:
        return round(self.y + 17, 1)


@dataclass(frozen=True)
class Picture:
    width: float
    height: float
    lanes: tuple[Lane, ...]
    boxes: tuple[Box, ...]
    links: tuple[tuple[float, float, float, float], ...]
    bands: tuple[Band, ...]
    marks: tuple[Mark, ...]
    ticks: tuple[Tick, ...]

    @property
    def lanes_bottom(self) -> float:
        return TOP + LANE * len(RAIL)

    @property
    def band_height(self) -> float:
        return self.lanes_bottom - BAND_TOP

    @property
    def verdict_y(self) -> float:
        return self.lanes_bottom + 16

    @property
    def tick_top(self) -> float:
        return self.lanes_bottom + 24

    @property
    def tick_bottom(self) -> float:
        return self.lanes_bottom + 30

    @property
    def tick_text_y(self) -> float:
        return self.lanes_bottom + 42


def _r(value: float) -> float:
    """Coordinates are written with one decimal."""
    return round(value, 1)


def _instant(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _seconds(start: str | None, end: str | None) -> float | None:
    a, b = _instant(start), _instant(end)
    return (b - a).total_seconds() if a and b and b >= a else None


def _width(visit: Visit, now: str) -> float:
    if visit.state == "CLOSE" and not visit.current:
        return END_WIDTH
    spent = _seconds(visit.start, visit.end or (now if visit.current else None))
    if spent is None:
        return MIN_WIDTH
    return MIN_WIDTH + PER_DOUBLING * math.log2(1 + spent / 60)


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _lane_y(state: str) -> float:
    return TOP + LANE * (RAIL.index(state) if state in RAIL else len(RAIL) - 1)


def _tick_label(start: str | None, previous: str | None) -> str:
    moment = _instant(start)
    if moment is None:
        return ""
    same_day = previous is not None and previous[:10] == (start or "")[:10]
    return moment.strftime("%H:%M") if same_day else moment.strftime("%m-%d %H:%M")


def layout(plan: Plan, now: str) -> Picture:
    """The picture of ``plan``'s visits, iterations, attempts and approvals at time ``now``."""
    boxes: list[Box] = []
    x = float(LEFT)
    for visit in plan.visits:
        w = _width(visit, now)
        title = f"{visit.state} (iteration {visit.iteration}), entered {visit.entered_by}"
        if visit.start:
            title += f" at {visit.start}"
        if visit.note:
            title += f": {visit.note}"
        boxes.append(Box(_r(x), _lane_y(visit.state) + 4, _r(w), LANE - 8, visit.state, title, visit.current))
        x += w
    links = tuple(
        (_r(b.x + b.w), _r(b.y + b.h / 2), c.x, _r(c.y + c.h / 2)) for b, c in zip(boxes, boxes[1:], strict=False)
    )
    marks: list[Mark] = []
    bands: list[Band] = []
    for iteration in plan.iterations:
        own = [b for b, v in zip(boxes, plan.visits, strict=True) if v.iteration == iteration.number]
        start, end = own[0].x, own[-1].x + own[-1].w
        bands.append(Band(start, _r(end - start), f"iter {iteration.number}", iteration.verdict or "",
                          iteration.outcome or ""))
        executing = [b for b, v in zip(boxes, plan.visits, strict=True)
                     if v.iteration == iteration.number and v.state == "EXECUTE"]
        failed = [a for a in plan.attempts if a.failed and a.iteration == iteration.number]
        span = sum(b.w for b in executing)
        for index, attempt in enumerate(failed):
            offset = span * (index + 1) / (len(failed) + 1)
            for box in executing:
                if offset <= box.w:
                    step = f"step {attempt.step}" if attempt.step is not None else "a step"
                    cx, cy = _r(box.x + offset), _r(box.y + box.h / 2)
                    marks.append(Mark("attempt", cx, cy,
                                      f"{step}, attempt {attempt.number or '?'}: {attempt.what} → failed",
                                      f"M{_r(cx - 5)} {_r(cy - 5)} l10 10 m0 -10 l-10 10"))
                    break
                offset -= box.w
    for box, visit in zip(boxes, plan.visits, strict=True):
        if visit.state == "PIVOT":
            cx, cy = _r(box.x + box.w / 2), _r(box.y + box.h / 2)
            marks.append(Mark("pivot", cx, cy, f"pivot: {visit.note}", f"M{cx} {_r(cy - 8)} l8 8 l-8 8 l-8 -8 z"))
    used: set[int] = set()
    for number, approval in enumerate(plan.approvals):
        chosen = _approved_visit(plan.visits, approval, used)
        if chosen is None:
            continue
        if not approval.again:
            used.add(chosen)
        box = boxes[chosen]
        label_y = 18.0 + 16 * (number % 3)
        words = approval.words or "(no words recorded)"
        verb = "approved again" if approval.again else "approved"
        marks.append(Mark("approval", box.x, box.y, f"{approval.move} {verb}: “{words}”",
                          label=f"“{_clip(words)}”", label_y=label_y))
    ticks: list[Tick] = []
    last_x: float = -TICK_GAP
    last_start: str | None = None
    for box, visit in zip(boxes, plan.visits, strict=True):
        if visit.start and box.x - last_x >= TICK_GAP:
            ticks.append(Tick(box.x, _tick_label(visit.start, last_start)))
            last_x, last_start = box.x, visit.start
    counts = plan.visits_per_state
    lanes = tuple(Lane(_lane_y(state), state, counts[state]) for state in RAIL)
    return Picture(_r(x + RIGHT + 8 * LABEL_CHARS), TOP + LANE * len(RAIL) + BOTTOM, lanes,
                   tuple(boxes), links, tuple(bands), tuple(marks), tuple(ticks))


def _arrow(text: str) -> str:
    return " → ".join(part.strip().upper() for part in text.replace("->", "→").split("→"))


def _visit_at(path: tuple[Visit, ...], when: str | None) -> int | None:
    """The visit whose stay holds the time ``when`` (a re-approval happens inside a visit)."""
    moment = _instant(when)
    if moment is None:
        return None
    inside = [i for i, v in enumerate(path) if (_instant(v.start) or moment) <= moment]
    return inside[-1] if inside else None


def _approved_visit(path: tuple[Visit, ...], approval: Approval, used: set[int]) -> int | None:
    """The visit the approved move started: same move, nearest in time (else the first unused);
    a re-approval, or a move the history lacks, goes to the visit its time falls in."""
    wanted = _arrow(approval.move)
    matches = [i for i, v in enumerate(path) if _arrow(v.entered_by) == wanted and i not in used]
    if approval.again or not matches:
        return _visit_at(path, approval.when)
    moment = _instant(approval.when)
    if moment is None:
        return matches[0]

    def distance(index: int) -> float:
        start = _instant(path[index].start)
        return abs((start - moment).total_seconds()) if start else math.inf

    return min(matches, key=distance)
