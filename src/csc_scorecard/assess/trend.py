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

Small numbers: a percentage on fewer than 10 cases (``low_base:`` in the
layout) is flagged "low base": one child moves it by 10 points or more.
"""

from __future__ import annotations

from dataclasses import dataclass

from .rag import EPSILON, Tolerance

LOW_BASE = 10


@dataclass(frozen=True)
class Trend:
    against: str  # "previous period" | "same period last year" | ...
    period: str | None  # the earlier period's name
    earlier: float | None
    change: float | None  # value - earlier
    direction: str | None  # "up" | "down" | "same" | None (no value to compare)
    judgement: str | None  # "better" | "worse" | "same" | None (context, or nothing to compare)


def direction(value: float | None, earlier: float | None, polarity: str, same_within: Tolerance | None = None,
              *, against: str = "previous period", period: str | None = None) -> Trend:
    if value is None or earlier is None:
        return Trend(against, period, earlier, None, None, None)
    change = value - earlier
    threshold = same_within.of(earlier) if same_within else 0.0
    if abs(change) <= threshold + EPSILON:
        return Trend(against, period, earlier, change, "same", "same")
    moved = "up" if change > 0 else "down"
    if polarity == "context":
        return Trend(against, period, earlier, change, moved, None)
    if polarity not in ("up", "down"):
        raise ValueError(f"polarity must be up, down or context, not {polarity!r}")
    better = moved == polarity
    return Trend(against, period, earlier, change, moved, "better" if better else "worse")


def versus(value: float | None, comparator: float | None, polarity: str,
           same_within: Tolerance | None = None) -> str | None:
    """How a value stands against a comparator (neighbours, England): better / worse / same / None."""
    if value is None or comparator is None or polarity not in ("up", "down"):
        return None
    return direction(value, comparator, polarity, same_within).judgement


def low_base(unit: str, denominator: float | None, threshold: int = LOW_BASE) -> bool:
    """True for a percentage whose denominator is under the threshold (and above 0)."""
    return unit == "percent" and denominator is not None and 0 < denominator < threshold
