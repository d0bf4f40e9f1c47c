"""Direction of travel: better, worse or the same, not just up or down.

A change is compared with the earlier value (the previous period, or the same
period last year):

* within the "same" threshold either way -> **same**;
* otherwise **better** or **worse** by the indicator's polarity (a fall in
  re-referrals is better; a fall in assessments on time is worse);
* context indicators have no better or worse: only **up**, **down** or
  **same** (``judgement`` is None).

The threshold is a layout field, ``same_within:``, absolute in the
indicator's unit (``0.5`` = half a percentage point for a percentage) or
``"N% of previous"`` (relative to the earlier value). A change exactly at the
threshold is "same". The default is 0: any change counts, as in LAIT.

Chance variation: where both figures carry an interval (a percentage's
Wilson interval, a count's Poisson interval; assess/significance.py), a
change whose intervals overlap is also "same" - "no significant change" on
the page - however far it is beyond the threshold. Means and medians carry no
interval and are judged on the threshold alone (``significant`` None).

Small numbers: a percentage on fewer than 10 cases (``low_base:`` in the
layout) is flagged "low base": one child moves it by 10 points or more.
"""

from __future__ import annotations

from dataclasses import dataclass

from .rag import EPSILON, Tolerance
from .significance import intervals_differ

LOW_BASE = 10


@dataclass(frozen=True)
class Trend:
    against: str  # "previous period" | "same period last year" | ...
    period: str | None  # the earlier period's name
    earlier: float | None
    change: float | None  # value - earlier
    direction: str | None  # "up" | "down" | "same" | None (no value to compare)
    judgement: str | None  # "better" | "worse" | "same" | None (context, or nothing to compare)
    significant: bool | None = None  # the intervals do not overlap; None: not tested (no intervals)
    interval: tuple[float, float] | None = None  # the earlier figure's 95% interval
    beyond_tolerance: bool | None = None

    @property
    def words(self) -> str:
        """How the page says it: 'better', 'worse', 'no significant change', 'up', 'down'."""
        if self.direction is None:
            return ""
        if self.judgement == "same" or self.direction == "same":
            return "no significant change"
        return self.judgement or self.direction


def direction(value: float | None, earlier: float | None, polarity: str, same_within: Tolerance | None = None,
              *, against: str = "previous period", period: str | None = None,
              interval: tuple[float, float] | None = None,
              earlier_interval: tuple[float, float] | None = None) -> Trend:
    """``interval`` and ``earlier_interval``: the two figures' 95% intervals, when they have them."""
    if value is None or earlier is None:
        return Trend(against, period, earlier, None, None, None, interval=earlier_interval)
    change = value - earlier
    threshold = same_within.of(earlier) if same_within else 0.0
    significant = intervals_differ(interval, earlier_interval)
    beyond = abs(change) > threshold + EPSILON
    if not beyond or significant is False:
        return Trend(against, period, earlier, change, "same", "same", significant, earlier_interval, beyond)
    moved = "up" if change > 0 else "down"
    if polarity == "context":
        return Trend(against, period, earlier, change, moved, None, significant, earlier_interval, beyond)
    if polarity not in ("up", "down"):
        raise ValueError(f"polarity must be up, down or context, not {polarity!r}")
    better = moved == polarity
    return Trend(against, period, earlier, change, moved, "better" if better else "worse", significant,
                 earlier_interval, beyond)


def versus(value: float | None, comparator: float | None, polarity: str,
           same_within: Tolerance | None = None) -> str | None:
    """How a value stands against a comparator (neighbours, England): better / worse / same / None."""
    if value is None or comparator is None or polarity not in ("up", "down"):
        return None
    return direction(value, comparator, polarity, same_within).judgement


def low_base(unit: str, denominator: float | None, threshold: int = LOW_BASE) -> bool:
    """True for a percentage whose denominator is under the threshold (and above 0)."""
    return unit == "percent" and denominator is not None and 0 < denominator < threshold
