"""Has the indicator moved since the action began? Before and after, with the scorecard's own test.

For each link (an action and an indicator) the figure *after* is the indicator over the time since
the action started, up to the report date (at most the last 12 months of it), and the figure
*before* is the same indicator over the same length of time just before the start, so the two are
comparable for counts and for measures that grow with the length of the period. A snapshot
indicator (children looked after at a date) is compared at the day before the start and at the
report date; an indicator that exists only for a whole financial year (OC2, OC3) compares the last
full year before the start with the latest full year since it.

The test is the scorecard's (assess/significance.py): the two figures' 95% intervals (Wilson for
a percentage, Poisson for a count or a rate) do not overlap. Means and medians have no test; their
movement is said to be untested.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..assess.significance import interval_for, intervals_differ
from ..indicators.period import Period, add_months, financial_year, quarter, year_ending

BEYOND = "moved beyond chance variation since the action began"
NO_CHANGE = "no measurable change yet"
WRONG_WAY = "moved the wrong way"
NOT_YET = "not measurable yet"
UNTESTED_RIGHT = "moved the right way (a median or mean: no chance-variation test)"
UNTESTED_WRONG = "moved the wrong way (a median or mean: no chance-variation test)"
UNTESTED_SAME = "no change (a median or mean: no chance-variation test)"


def span(start: date, end: date) -> Period:
    """A period of any dates (the engine takes any start and end); its name is what the report shows."""
    return Period(f"{start.isoformat()}..{end.isoformat()}", start, end, "custom")


def windows(start: date, as_at: date, *, kind: str, periods: str = "any", supplied: bool = False) -> tuple[Period, Period] | None:
    """(before, after) for an action that started on ``start``, seen at ``as_at``; None before it began."""
    if as_at < start:
        return None
    day_before = start - timedelta(days=1)
    if periods == "financial-year":
        before = financial_year(year_ending(day_before))
        after_end = year_ending(as_at) if as_at == date(as_at.year, 3, 31) else year_ending(as_at) - 1
        after = financial_year(after_end)
        return (before, after) if after.start >= start else (before, None)  # type: ignore[return-value]
    if supplied:  # supplied figures exist for named periods only: the quarters either side of the start
        return _quarter_ending(day_before), _quarter_ending(as_at)
    after_start = max(start, add_months(as_at, -12) + timedelta(days=1))
    length = (as_at - after_start).days
    if kind == "snapshot":
        return span(day_before, day_before), span(as_at, as_at)
    return span(day_before - timedelta(days=length), day_before), span(after_start, as_at)


def _quarter_ending(d: date) -> Period:
    """The last whole quarter ending on or before d."""
    q_end_months = {3: 4, 6: 1, 9: 2, 12: 3}
    y, m = d.year, d.month
    while True:
        last = (date(y, m + 1, 1) if m < 12 else date(y + 1, 1, 1)) - timedelta(days=1)
        if m in q_end_months and last <= d:
            return quarter(year_ending(last), q_end_months[m])
        m -= 1
        if m == 0:
            y, m = y - 1, 12


@dataclass
class Figure:
    period: str
    start: date
    end: date
    value: float | None
    numerator: float | None
    denominator: float | None
    status: str = "ok"
    reason: str | None = None
    interval: tuple[float, float] | None = None

    @classmethod
    def of(cls, period: Period, result) -> "Figure":
        fig = cls(period.name, period.start, period.end, result.value, result.numerator, result.denominator,
                  result.status, result.reason)
        if result.status == "ok":
            fig.interval = interval_for(result.unit, result.value, result.numerator, result.denominator)
        return fig

    @property
    def ok(self) -> bool:
        return self.status == "ok" and self.value is not None

    def as_dict(self) -> dict:
        return {"period": self.period, "start": self.start.isoformat(), "end": self.end.isoformat(),
                "value": self.value, "numerator": self.numerator, "denominator": self.denominator,
                "status": self.status, "reason": self.reason,
                "interval": list(self.interval) if self.interval else None}


@dataclass
class Movement:
    before: Figure | None
    after: Figure | None
    change: float | None
    better: str | None  # "up" | "down": which way is better for this link
    direction: str | None  # "better" | "worse" | "same"
    significant: bool | None  # None: not tested (a median, a mean) or not measurable
    phrase: str
    reason: str | None = None

    def as_dict(self) -> dict:
        return {"before": self.before.as_dict() if self.before else None,
                "after": self.after.as_dict() if self.after else None, "change": self.change,
                "better": self.better, "direction": self.direction, "significant": self.significant,
                "movement": self.phrase, "reason": self.reason}


def better_way(polarity: str, target: float | None, reference: float | None) -> str | None:
    """Which way is better: the indicator's polarity, or for a context indicator with a plan target,
    towards the target from where it started."""
    if polarity in ("up", "down"):
        return polarity
    if target is None or reference is None or target == reference:
        return None
    return "up" if target > reference else "down"


def movement(before: Figure | None, after: Figure | None, *, polarity: str, target: float | None) -> Movement:
    if before is None or after is None or not before.ok or not after.ok:
        missing = after if (after is None or not after.ok) else before
        reason = ("no full financial year since the action began" if missing is None
                  else f"{missing.period}: {missing.reason or 'not available'}")
        return Movement(before, after, None, None, None, None, NOT_YET, reason)
    change = after.value - before.value
    better = better_way(polarity, target, before.value)
    if change == 0:
        direction = "same"
    elif better is None:
        direction = None
    else:
        direction = "better" if (change > 0) == (better == "up") else "worse"
    differ = intervals_differ(before.interval, after.interval)
    if differ is None:
        phrase = {"better": UNTESTED_RIGHT, "worse": UNTESTED_WRONG}.get(direction or "", UNTESTED_SAME)
    elif not differ or direction == "same":
        phrase = NO_CHANGE
    elif direction == "worse":
        phrase = WRONG_WAY
    elif direction == "better":
        phrase = BEYOND
    else:  # a context indicator without a target: it moved, but neither way is better
        phrase = "moved beyond chance variation (no better direction)"
    return Movement(before, after, change, better, direction, differ, phrase)
