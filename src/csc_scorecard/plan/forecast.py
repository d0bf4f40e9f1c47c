"""Year-end forecasts: where will each indicator be on 31 March, with an 80% interval?

Two simple methods whose working can be followed on paper (no fitted black box, no extra library):

**Year to date plus the rest of the year** (per-event shares and counts: assessments on time,
re-referrals, referrals, adoptions). The year-end figure is made of the months already seen and the
months still to come. The months to come are estimated from the same months last year, which the
rolling 12 months and the year to date give exactly (rolling 12 months to 31 December minus the
year to 31 December = January to March of last year), scaled by how this year's year to date
compares with last year's (growth), trusted in proportion to the share of the year already seen
(a quarter of the way through the year, a quarter of the growth so far is carried forward). A
percentage is forecast as its numerator and denominator: the remaining cases (last year's remaining
cases x growth) are assumed to succeed at this year's year-to-date rate. So a repeating seasonal
pattern and a constant are forecast exactly (and steady growth exactly late in the year). Interval: chance variation of the remaining cases (binomial for a share, Poisson for a
count) plus the uncertainty of the rate or growth they are estimated from.

**Monthly trend** (snapshots and cumulative measures: children looked after at a date, plans open,
children with 3 or more placements in 12 months). The figure at each of the last 12 month ends
(for a cumulative measure: over the 12 months to that month end, which at 31 March is the
year's figure) gives 11 month-to-month changes; the forecast is the latest figure plus their
average times the months to 31 March, damped the further ahead it looks (a random walk with a
damped drift: 3 months ahead three quarters of the trend is kept, 9 months ahead a quarter).
Interval: the scatter of the monthly changes, growing with the square root of the months ahead,
plus the uncertainty of the average change (Student's t). A constant series is forecast as itself;
a straight line continues, damped.

The damping of growth and trend was chosen on the backtest (benchmarks/bench_forecast.py): without
it the forecasts from the end of Q1 were worse than "the same as last year".

Medians and means (per-event) also use the monthly trend of their rolling 12-month figure.
Against the target: **on track** when the forecast meets it, **at risk** when the forecast misses
it but the 80% interval reaches it, **off track** when the whole interval misses it.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from ..indicators.period import Period, add_months, financial_year, rolling_12m, year_ending, year_to_date

Z80 = 1.2815515655446004  # two-sided 80%: 10% each side
_T80 = {1: 3.078, 2: 1.886, 3: 1.638, 4: 1.533, 5: 1.476, 6: 1.440, 7: 1.415, 8: 1.397, 9: 1.383, 10: 1.372,
        11: 1.363, 12: 1.356, 13: 1.350, 14: 1.345, 15: 1.341, 16: 1.337, 17: 1.333, 18: 1.330, 19: 1.328,
        20: 1.325, 25: 1.316, 30: 1.310}
TREND_MONTHS = 12
ON_TRACK, AT_RISK, OFF_TRACK = "on track", "at risk", "off track"


def t80(df: int) -> float:
    """Student's t for a two-sided 80% interval (the 90th percentile)."""
    if df <= 0:
        return math.inf
    for k in sorted(_T80, reverse=True):
        if df >= k:
            return _T80[k] if df <= 30 else Z80 + (_T80[30] - Z80) * 30 / df
    return _T80[1]


@dataclass
class Forecast:
    indicator: str
    year_end: date
    method: str  # "year to date + rest of year" | "monthly trend" | "year complete" | "not forecast"
    point: float | None = None
    low: float | None = None
    high: float | None = None
    target: float | None = None
    status: str | None = None  # on track | at risk | off track | None (no target, or not forecast)
    note: str | None = None
    basis: dict = field(default_factory=dict)  # the inputs, so the working can be checked

    def as_dict(self) -> dict:
        d = asdict(self)
        d["year_end"] = self.year_end.isoformat()
        return d


# -- the arithmetic (pure functions, tested on series with known answers) ---------------------------

def _growth(this: float, last: float | None) -> tuple[float, float]:
    """(growth, its relative variance) of this year's year to date over last year's; 1 when unknown."""
    if last is None or last <= 0 or this <= 0:
        return 1.0, 0.0
    return this / last, 1 / this + 1 / last


def window_count(ytd: float, rolling: float, last_ytd: float | None) -> tuple[float, float, float]:
    """(point, low, high) of a year-end count from the year to date, the rolling 12 months to the same
    day and last year's year to date."""
    rest_last_year = max(rolling - ytd, 0.0)
    g, rel_var = _growth(ytd, last_ytd)
    seen = ytd / rolling if rolling else 1.0  # the share of a year's count already seen
    g = 1 + (g - 1) * seen  # early in the year the growth so far is trusted less
    rest = g * rest_last_year
    var = rest + rest * rest * rel_var  # Poisson chance of the months to come + the growth's uncertainty
    half = Z80 * math.sqrt(var)
    point = ytd + rest
    return point, max(ytd, point - half), point + half


def window_percent(ytd: tuple[float, float], rolling: tuple[float, float],
                   last_ytd: tuple[float, float] | None) -> tuple[float, float, float]:
    """(point, low, high) of a year-end percentage from (numerator, denominator) pairs."""
    n_y, d_y = ytd
    n_r, d_r = rolling
    rest_cases_last_year = max(d_r - d_y, 0.0)
    g, _ = _growth(d_y, last_ytd[1] if last_ytd else None)
    seen = d_y / d_r if d_r else 1.0
    g = 1 + (g - 1) * seen
    d_rest = g * rest_cases_last_year
    p = n_y / d_y if d_y else (n_r / d_r if d_r else 0.0)
    base = d_y if d_y else d_r
    n_rest = p * d_rest
    d_total = d_y + d_rest
    if d_total <= 0:
        return 100 * p, 100 * p, 100 * p
    # the remaining cases succeed by chance (binomial) at a rate itself estimated from `base` cases
    var = d_rest * p * (1 - p) * (1 + d_rest / base) if base else 0.0
    point = 100 * (n_y + n_rest) / d_total
    half = 100 * Z80 * math.sqrt(var) / d_total
    return point, max(0.0, point - half), min(100.0, point + half)


def trend(values: list[tuple[float, float]], at: float) -> tuple[float, float, float] | None:
    """(point, low, high) at x = ``at`` from month-end points (x in months): the last figure plus the
    average monthly change times the months ahead, damped by (1 - months ahead / 12) (a random walk
    with a damped drift). None with fewer than 3 points.

    Interval: month-to-month changes scatter with standard deviation s; h months ahead the figure's
    uncertainty is s * sqrt(h) from the changes to come plus s * h / sqrt(m) from the estimated average
    change (m changes seen), with Student's t for m - 1 degrees of freedom.
    """
    if len(values) < 3:
        return None
    values = sorted(values)
    steps = [(y2 - y1) / (x2 - x1) for (x1, y1), (x2, y2) in zip(values, values[1:]) if x2 > x1]
    m = len(steps)
    drift = sum(steps) / m
    s = math.sqrt(sum((c - drift) ** 2 for c in steps) / (m - 1)) if m > 1 else 0.0
    x_last, y_last = values[-1]
    h = max(at - x_last, 0.0)
    damp = max(0.0, 1 - h / 12)  # 9 months ahead a quarter of the trend is kept, 3 months ahead three quarters
    point = y_last + drift * h * damp
    half = t80(m - 1) * s * math.sqrt(h + (h * damp) ** 2 / m)
    return point, point - half, point + half


def status_against(point: float | None, low: float | None, high: float | None, target: float | None,
                   better: str | None) -> str | None:
    if point is None or target is None or better not in ("up", "down"):
        return None

    def meets(v: float) -> bool:
        return v >= target - 1e-9 if better == "up" else v <= target + 1e-9

    if meets(point):
        return ON_TRACK
    best = high if better == "up" else low
    return AT_RISK if best is not None and meets(best) else OFF_TRACK


# -- what each method needs from the engine ----------------------------------------------------------

def month_ends(as_at: date, n: int = TREND_MONTHS) -> list[date]:
    """The last n month ends on or before as_at, oldest first."""
    first_of_next = date(as_at.year + (as_at.month == 12), as_at.month % 12 + 1, 1)
    last = first_of_next - timedelta(days=1)
    if last > as_at:
        last = date(as_at.year, as_at.month, 1) - timedelta(days=1)
    out = []
    for k in range(n):
        d = add_months(last, -k)
        out.append(date(d.year + (d.month == 12), d.month % 12 + 1, 1) - timedelta(days=1))
    return sorted(out)


def method_for(ind) -> str:
    if ind.supplied:
        return "not forecast"
    if ind.periods == "financial-year":
        return "not forecast"
    if ind.kind == "count" or (ind.kind == "cumulative" and ind.aggregate in ("count", "rate10k")):
        return "year to date + rest of year"
    if ind.kind == "per-event" and ind.aggregate == "percent":
        return "year to date + rest of year"
    return "monthly trend"


def periods_needed(ind, as_at: date) -> list[Period]:
    method = method_for(ind)
    if method == "year to date + rest of year":
        out = [year_to_date(as_at), rolling_12m(as_at)]
        last = add_months(as_at, -12)
        if year_ending(last) < year_ending(as_at):
            out.append(year_to_date(last))
        return out
    if method == "monthly trend":
        return [rolling_12m(d) for d in month_ends(as_at)]
    return []


def forecast(ind, as_at: date, results: dict[str, object], target: float | None, better: str | None) -> Forecast:
    """The year-end forecast of one indicator for one LA from engine Results keyed by period name."""
    fy = financial_year(year_ending(as_at))
    method = method_for(ind)
    out = Forecast(ind.id, fy.end, method, target=target)
    if method == "not forecast":
        out.note = ("supplied figures are not forecast" if ind.supplied
                    else "known only for a whole year (no figures within the year)")
        return out
    if as_at >= fy.end:
        out.method, out.note = "year complete", "the year is complete: this is the year's figure"
    ok = {name: r for name, r in results.items() if getattr(r, "status", None) == "ok" and r.value is not None}
    if method == "year to date + rest of year":
        ytd, rolling = year_to_date(as_at), rolling_12m(as_at)
        last = add_months(as_at, -12)
        last_ytd = year_to_date(last).name
        if ytd.name not in ok or rolling.name not in ok:
            missing = results.get(ytd.name) if ytd.name not in ok else results.get(rolling.name)
            out.method, out.note = "not forecast", getattr(missing, "reason", None) or "no year-to-date figure"
            return out
        y, r, ly = ok[ytd.name], ok[rolling.name], ok.get(last_ytd)
        if ind.aggregate == "percent":
            point, low, high = window_percent((y.numerator, y.denominator), (r.numerator, r.denominator),
                                              (ly.numerator, ly.denominator) if ly else None)
        else:
            c = window_count(y.numerator, r.numerator, ly.numerator if ly else None)
            scale = (y.value / y.numerator) if (ind.aggregate == "rate10k" and y.numerator) else 1.0
            point, low, high = (v * scale for v in c)
        out.basis = {"year_to_date": [y.numerator, y.denominator], "rolling_12m": [r.numerator, r.denominator],
                     "last_year_to_date": [ly.numerator, ly.denominator] if ly else None}
    else:
        points = []
        for d in month_ends(as_at):
            res = ok.get(rolling_12m(d).name)
            if res is not None:
                points.append((_months_between(fy.end, d), float(res.value)))
        fitted = trend(points, 0.0)
        if fitted is None:
            out.method, out.note = "not forecast", "fewer than 3 month ends with a figure"
            return out
        point, low, high = fitted
        out.basis = {"month_ends": [[-x, y] for x, y in points]}
    if out.method == "year complete":
        low = high = point
    if ind.unit == "percent":
        low, high = max(0.0, low), min(100.0, high)
    elif low is not None:
        low = max(0.0, low)
    out.point, out.low, out.high = point, low, high
    out.status = status_against(point, low, high, target, better)
    return out


def _months_between(later: date, earlier: date) -> float:
    """Months from earlier to later, negative when earlier is before (month ends to 31 March)."""
    return -((later.year - earlier.year) * 12 + later.month - earlier.month)
