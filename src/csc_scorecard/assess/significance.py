"""Chance variation: is a change bigger than the play of chance?

A scorecard calls a change "better" or "worse" only when it is bigger than
the layout's tolerance *and* than chance variation; these functions answer
the second question. They are also what the improvement plan uses for its
before/after tests, so the two always agree.

Scale: intervals of percentages are on the **percent scale (0-100)**, the
scale indicator values are stored on; count intervals are in counts.

The test, for both percentages and counts, is **non-overlapping 95%
intervals** (Wilson for a proportion, exact/Byar Poisson for a count). It is
the test the reader can check from the page: each figure's interval is in
the JSON and the row's tooltip, and "significant" means the two ranges do
not overlap. It is stricter than a two-proportion z test at 5% (two 95%
intervals that just fail to overlap correspond to p of about 0.006), which
is the side to err on when a councillor is told a service got worse. It is
the convention of PHE/OHID Fingertips and of the DfE's own comparisons of
small LA figures.

Means and medians (days, scores): the unit values behind them are not kept
with the figure, so there is no chance-variation test; ``mean_interval``
gives a normal-approximation interval when a caller has the unit values, but
the scorecard judges a mean or median on the tolerance alone (``significant``
is None, "not tested").
"""

from __future__ import annotations

import math
from statistics import NormalDist, fmean, stdev
from typing import Iterable

Z95 = 1.959963984540054
_EXACT_UP_TO = 100  # exact Poisson limits up to this count, Byar's approximation above (error < 0.1%)


def _z_for(z: float) -> float:
    return Z95 if abs(z - 1.96) < 1e-9 else z


def wilson_interval(k: float, n: float, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval for k successes out of n, as percentages (0-100).

    Wilson rather than the textbook p ± z·se: it stays inside 0-100 and is
    right for small bases and for 0% or 100% (the normal interval of 0 of 8
    is 0 to 0). ValueError for impossible figures (k > n, negative).
    """
    if n is None or k is None or n <= 0:
        raise ValueError("a proportion needs a base (n) above 0")
    if k < 0 or k > n:
        raise ValueError(f"{k} out of {n} is not a proportion")
    z = _z_for(z)
    p = k / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return max(0.0, centre - half) * 100, min(1.0, centre + half) * 100


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def proportions_differ(k1: float, n1: float, k2: float, n2: float, z: float = 1.96) -> bool:
    """True when the 95% Wilson intervals of k1/n1 and k2/n2 do not overlap (see the module notes)."""
    return not _overlap(wilson_interval(k1, n1, z), wilson_interval(k2, n2, z))


def _poisson_cdf(c: int, mu: float) -> float:
    """P(X <= c) for X ~ Poisson(mu), summed in logs so that large mu does not underflow."""
    if mu <= 0:
        return 1.0
    log_term = -mu
    total = math.exp(log_term)
    for i in range(1, c + 1):
        log_term += math.log(mu) - math.log(i)
        total += math.exp(log_term)
    return min(total, 1.0)


def _solve(f, lo: float, hi: float) -> float:
    """Bisection for an increasing f crossing 0 in [lo, hi]."""
    for _ in range(200):
        mid = (lo + hi) / 2
        if f(mid) > 0:
            hi = mid
        else:
            lo = mid
        if hi - lo < 1e-10 * max(1.0, hi):
            break
    return (lo + hi) / 2


def poisson_interval(count: float, z: float = 1.96) -> tuple[float, float]:
    """95% (by default) interval for a count seen once, treated as Poisson.

    Exact (Garwood) limits up to 100, Byar's approximation above it (the
    method of the PHE technical guide; both agree to a fraction of a percent
    there). The interval of 0 is 0 to 3.69.
    """
    if count is None or count < 0:
        raise ValueError("a count cannot be negative")
    z = _z_for(z)
    c = int(round(count))
    tail = 1 - NormalDist().cdf(z)  # 0.025 for z = 1.96
    if c <= _EXACT_UP_TO:
        lower = 0.0 if c == 0 else _solve(lambda mu: (1 - _poisson_cdf(c - 1, mu)) - tail, 0.0, c + 10 * math.sqrt(c) + 10)
        upper = _solve(lambda mu: tail - _poisson_cdf(c, mu), float(c), c + 10 * math.sqrt(c) + 20)
        return lower, upper
    lower = c * (1 - 1 / (9 * c) - z / (3 * math.sqrt(c))) ** 3
    upper = (c + 1) * (1 - 1 / (9 * (c + 1)) + z / (3 * math.sqrt(c + 1))) ** 3
    return lower, upper


def counts_differ(c1: float, c2: float, z: float = 1.96) -> bool:
    """True when the 95% Poisson intervals of two counts do not overlap (see the module notes)."""
    return not _overlap(poisson_interval(c1, z), poisson_interval(c2, z))


def rate_interval(count: float, population: float, per: float = 10_000, z: float = 1.96) -> tuple[float, float]:
    """Interval of a rate (count per ``per`` of the population): the count's Poisson interval, scaled."""
    if not population or population <= 0:
        raise ValueError("a rate needs a population above 0")
    lo, hi = poisson_interval(count, z)
    return lo * per / population, hi * per / population


def mean_interval(values: Iterable[float], z: float = 1.96) -> tuple[float, float] | None:
    """Normal-approximation interval of a mean from its unit values; None with fewer than 2 values."""
    data = [float(v) for v in values if v is not None]
    if len(data) < 2:
        return None
    m = fmean(data)
    half = _z_for(z) * stdev(data) / math.sqrt(len(data))
    return m - half, m + half


def interval_for(unit: str, value: float | None, numerator: float | None,
                 denominator: float | None, z: float = 1.96) -> tuple[float, float] | None:
    """The interval of one scorecard figure from its unit, numerator and denominator; None when untestable.

    percent: Wilson of numerator/denominator; count: Poisson of the count;
    rate10k: the numerator's Poisson interval scaled by value/numerator (the
    population is not carried with the figure, but value = numerator × 10,000
    / population). Means, medians and supplied figures without a base: None.
    """
    if value is None or numerator is None:
        return None
    try:
        if unit == "percent" and denominator:
            return wilson_interval(numerator, denominator, z)
        if unit == "count":
            return poisson_interval(numerator, z)
        if unit == "rate10k":
            if numerator == 0:
                return None if not value else (0.0, 0.0)
            lo, hi = poisson_interval(numerator, z)
            scale = value / numerator
            return lo * scale, hi * scale
    except ValueError:
        return None
    return None


def intervals_differ(a: tuple[float, float] | None, b: tuple[float, float] | None) -> bool | None:
    """True/False when both intervals are known (non-overlap = a real change), None when either is not."""
    if a is None or b is None:
        return None
    return not _overlap(a, b)
