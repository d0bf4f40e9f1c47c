"""Year-end forecasts on series whose answer is known: constant, linear, seasonal."""

from __future__ import annotations

from datetime import date

import pytest

from csc_scorecard.indicators.engine import Result
from csc_scorecard.indicators.period import rolling_12m, year_to_date
from csc_scorecard.plan import forecast as fc
from csc_scorecard.project import Project

# monthly counts April..March with a strong season, the same pattern every year
SEASON = [30, 32, 35, 20, 18, 33, 36, 34, 25, 31, 33, 40]


def test_seasonal_counts_are_forecast_exactly():
    last = this = SEASON
    to_dec = 9  # April-December seen
    ytd = sum(this[:to_dec])
    rolling = ytd + sum(last[to_dec:])  # January-March of last year + this year to December
    point, low, high = fc.window_count(ytd, rolling, sum(last[:to_dec]))
    assert point == pytest.approx(sum(this))
    assert low < point < high and low >= ytd


def test_constant_counts_are_forecast_exactly():
    point, _, _ = fc.window_count(90.0, 120.0, 90.0)  # 10 a month
    assert point == pytest.approx(120.0)


def test_growth_is_trusted_in_proportion_to_the_year_seen():
    # 33 so far against 30 by the same day last year (growth 1.1); the rolling 12 months is 123, so the
    # rest of last year was 90 and about a quarter of the year is seen: the 90 grow by 1 + 0.1 x 33/123
    ytd, rolling, last = 33.0, 123.0, 30.0
    seen = ytd / rolling
    point, _, _ = fc.window_count(ytd, rolling, last)
    assert point == pytest.approx(33 + 90 * (1 + 0.1 * seen))


def test_seasonal_percentage_is_forecast_exactly():
    """Cases follow the season; 80% succeed every month: the year ends at 80%."""
    d_last = SEASON
    d_this = [m * 1.2 for m in SEASON]  # 20% more cases this year, in the same season
    n = lambda ds: [0.8 * d for d in ds]  # noqa: E731
    ytd = (sum(n(d_this)[:9]), sum(d_this[:9]))
    rolling = (ytd[0] + sum(n(d_last)[9:]), ytd[1] + sum(d_last[9:]))
    point, low, high = fc.window_percent(ytd, rolling, (sum(n(d_last)[:9]), sum(d_last[:9])))
    assert point == pytest.approx(80.0)
    assert low < 80 < high
    # this year running at 90% after a year at 80%: the rest of the year is assumed at 90% too
    ytd90 = (0.9 * ytd[1], ytd[1])
    point, _, _ = fc.window_percent(ytd90, (ytd90[0] + sum(n(d_last)[9:]), rolling[1]), None)
    assert point == pytest.approx(90.0)


def test_linear_and_constant_trends():
    # a snapshot rising 0.5 a month: 12 month ends from -14 (January last year) to -3 (December);
    # 3 months to 31 March, three quarters of the trend kept: 58.5 + 0.5 x 3 x 0.75
    line = [(x, 60 + 0.5 * x) for x in range(-14, -2)]
    point, low, high = fc.trend(line, 0.0)
    assert (point, low, high) == (pytest.approx(59.625), pytest.approx(59.625), pytest.approx(59.625))
    # one month ahead: 59.5 + 0.5 x 1 x 11/12
    assert fc.trend(line[:-1] + [(-1, 59.5)], 0.0)[0] == pytest.approx(59.5 + 0.5 * 11 / 12)
    flat = [(x, 42.0) for x in range(-14, -2)]
    assert fc.trend(flat, 0.0) == (pytest.approx(42.0), pytest.approx(42.0), pytest.approx(42.0))
    # with scatter the interval widens with the distance ahead
    noisy = [(x, 50 + (1 if x % 2 else -1)) for x in range(-14, -2)]
    p0, l0, h0 = fc.trend(noisy, 0.0)
    p1, l1, h1 = fc.trend(noisy, 6.0)
    assert h1 - l1 > h0 - l0 > 0
    assert fc.trend(line[:2], 0.0) is None


def test_status_against_the_target():
    assert fc.status_against(86, 84, 88, 85, "up") == fc.ON_TRACK
    assert fc.status_against(84, 82, 86, 85, "up") == fc.AT_RISK
    assert fc.status_against(80, 78, 82, 85, "up") == fc.OFF_TRACK
    assert fc.status_against(20, 18, 22, 21, "down") == fc.ON_TRACK
    assert fc.status_against(22, 20, 24, 21, "down") == fc.AT_RISK
    assert fc.status_against(25, 23, 27, 21, "down") == fc.OFF_TRACK
    assert fc.status_against(25, 23, 27, None, "down") is None


def test_t_quantiles_and_month_ends():
    assert fc.t80(10) == 1.372 and fc.t80(1000) == pytest.approx(fc.Z80, abs=0.001)
    ends = fc.month_ends(date(2024, 12, 31))
    assert ends[0] == date(2024, 1, 31) and ends[-1] == date(2024, 12, 31) and date(2024, 2, 29) in ends
    assert fc.month_ends(date(2024, 12, 15))[-1] == date(2024, 11, 30)


def test_forecast_from_engine_results():
    """The glue: a per-event percentage forecast from the Results the engine would give."""
    cat = Project("unused.duckdb").catalogue()
    ind = cat.get("assessments-45wd")
    at = date(2024, 12, 31)
    res = {year_to_date(at).name: Result("a", "999", year_to_date(at).name, 720, 900, 80.0, "percent"),
           rolling_12m(at).name: Result("a", "999", rolling_12m(at).name, 960, 1200, 80.0, "percent"),
           year_to_date(date(2023, 12, 31)).name: Result("a", "999", "x", 720, 900, 80.0, "percent")}
    f = fc.forecast(ind, at, res, 85.0, "up")
    assert (f.method, f.point, f.status) == ("year to date + rest of year", pytest.approx(80.0), fc.OFF_TRACK)
    assert f.basis["rolling_12m"] == [960, 1200]
    whole_year = fc.forecast(cat.get("care-leavers-eet-19-21"), at, {}, 54.0, "up")
    assert (whole_year.method, whole_year.point) == ("not forecast", None)
