"""Chance-variation tests and DfE disclosure control, against figures worked out by hand or from tables."""

import pytest

from csc_scorecard.assess import disclosure as dc
from csc_scorecard.assess.significance import (
    counts_differ, interval_for, mean_interval, poisson_interval, proportions_differ, rate_interval,
    wilson_interval)


def test_wilson_known_values():
    # 50 of 100: p = .5, z = 1.96 -> centre .5, half 1.96*sqrt(.0025 + 3.8416/40000)/1.038416 = .19617
    lo, hi = wilson_interval(50, 100)
    assert lo == pytest.approx(40.383, abs=1e-3) and hi == pytest.approx(59.617, abs=1e-3)
    # 0 of 8 stays inside 0-100 and is not the degenerate 0 to 0: upper = z^2/(n+z^2) = 3.8415/11.8415
    lo, hi = wilson_interval(0, 8)
    assert lo == 0 and hi == pytest.approx(100 * 3.841459 / 11.841459, abs=1e-3)
    lo, hi = wilson_interval(8, 8)
    assert hi == 100 and lo == pytest.approx(100 - 32.441, abs=1e-3)
    with pytest.raises(ValueError):
        wilson_interval(5, 4)
    with pytest.raises(ValueError):
        wilson_interval(0, 0)


def test_proportions_differ_by_non_overlapping_intervals():
    # 3.4% vs 10.8% of 1,000 each: intervals (2.4, 4.7) and (9.0, 12.9) are apart
    assert proportions_differ(34, 1000, 108, 1000)
    # 3 of 10 vs 5 of 10: both intervals are wide and overlap
    assert not proportions_differ(3, 10, 5, 10)
    # 60/100 vs 73/100: a z test at 5% would call it (p = .05); the interval rule does not
    assert not proportions_differ(60, 100, 73, 100)


def test_poisson_exact_and_byar():
    # Garwood limits from the chi-square table: 0 -> (0, 3.689); 5 -> (1.623, 11.668); 10 -> (4.795, 18.390)
    assert poisson_interval(0) == (0.0, pytest.approx(3.6889, abs=1e-3))
    assert poisson_interval(5) == (pytest.approx(1.6235, abs=1e-3), pytest.approx(11.6683, abs=1e-3))
    assert poisson_interval(10) == (pytest.approx(4.7954, abs=1e-3), pytest.approx(18.3904, abs=1e-3))
    # exact at 100 is (81.364, 121.627); Byar just above agrees to well under 1%
    lo, hi = poisson_interval(100)
    assert lo == pytest.approx(81.364, abs=1e-2) and hi == pytest.approx(121.627, abs=1e-2)
    lo, hi = poisson_interval(101)
    assert lo == pytest.approx(82.26, rel=5e-3) and hi == pytest.approx(122.73, rel=5e-3)
    with pytest.raises(ValueError):
        poisson_interval(-1)


def test_counts_differ():
    assert not counts_differ(10, 25)  # (4.8, 18.4) and (16.2, 36.9) overlap
    assert counts_differ(10, 30)  # (4.8, 18.4) and (20.2, 42.8) do not
    assert not counts_differ(0, 3)


def test_rate_and_figure_intervals():
    lo, hi = rate_interval(10, 50_000)
    assert (lo, hi) == (pytest.approx(0.95908, abs=1e-4), pytest.approx(3.67808, abs=1e-4))
    assert interval_for("percent", 50.0, 50, 100) == wilson_interval(50, 100)
    assert interval_for("rate10k", 2.0, 10, None) == (pytest.approx(0.95908, abs=1e-4), pytest.approx(3.67808, abs=1e-4))
    assert interval_for("days", 30.0, None, 12) is None  # a mean or median: not tested
    assert interval_for("percent", None, None, None) is None
    lo, hi = mean_interval([1, 2, 3, 4, 5])
    assert (lo + hi) / 2 == pytest.approx(3) and hi - 3 == pytest.approx(1.959964 * 1.5811388 / 5 ** 0.5)


def test_counts_one_to_five_are_confidential_zero_is_not():
    shown = dc.protect({"a": dc.Figure(0), "b": dc.Figure(1), "c": dc.Figure(5), "d": dc.Figure(6),
                        "e": dc.Figure(None)})
    assert [shown[k].text() for k in "abcde"] == ["0", "c", "c", "6", "x"]


def test_secondary_suppression_hides_the_next_smallest_cell():
    # 3 + 12 + 20 = 35: hiding only 3 lets it be worked out from 35 - 12 - 20
    cells = {"x": dc.Figure(3), "y": dc.Figure(12), "z": dc.Figure(20), "total": dc.Figure(35)}
    shown = dc.protect(cells, [["x", "y", "z", "total"]])
    assert [shown[k].text() for k in ("x", "y", "z", "total")] == ["c", "c", "20", "35"]
    # two small cells already protect each other
    cells = {"x": dc.Figure(3), "y": dc.Figure(2), "z": dc.Figure(20), "total": dc.Figure(25)}
    shown = dc.protect(cells, [["x", "y", "z", "total"]])
    assert [shown[k].text() for k in ("x", "y", "z", "total")] == ["c", "c", "20", "25"]
    # a small total with every member shown would be recovered by adding them up
    cells = {"x": dc.Figure(0), "y": dc.Figure(0), "total": dc.Figure(4)}
    shown = dc.protect(cells, [["x", "y", "total"]])
    assert shown["total"].text() == "c" and shown["x"].text() == "0"


def test_grid_secondary_suppression_across_rows_and_columns():
    # counts by team (rows) and outcome (columns), with totals
    counts = {("A", "p"): 2, ("A", "q"): 10, ("B", "p"): 8, ("B", "q"): 9}
    grid = dc.Grid(["A", "B"], ["p", "q"], counts, row_totals={"A": 12, "B": 17},
                   column_totals={"p": 10, "q": 19}, grand_total=29)
    shown = grid.protect()
    hidden = {k for k, s in shown.items() if s.suppressed}
    # row A: 2 hidden -> 10 hidden; column p: 2 hidden -> 8 hidden; column q then has 10 hidden -> 9 hidden
    assert hidden == {("A", "p"), ("A", "q"), ("B", "p"), ("B", "q")}
    # no line of a sum has exactly one hidden cell
    for r in ("A", "B"):
        assert sum(shown[(r, c)].suppressed for c in ("p", "q", "Total")) != 1
    for c in ("p", "q"):
        assert sum(shown[(r, c)].suppressed for r in ("A", "B", "Total")) != 1


def test_percentages_and_rates():
    cells = {
        "p1": dc.Figure(40.0, "percent", numerator=4, denominator=10),  # numerator 1-5
        "p2": dc.Figure(70.0, "percent", numerator=7, denominator=10),  # 10 - 7 = 3
        "p3": dc.Figure(70.0, "percent", numerator=7, denominator=10, base_shown=False),
        "p4": dc.Figure(0.0, "percent", numerator=0, denominator=3),  # 0% of 3: all 3 known
        "p5": dc.Figure(50.0, "percent", numerator=10, denominator=20),
        "r1": dc.Figure(1.2, "rate", numerator=5),
        "r2": dc.Figure(12.0, "rate", numerator=50),
        "n": dc.Figure(3), "pn": dc.Figure(60.0, "percent", numerator=30, denominator=50, derived_from=("n",)),
    }
    shown = dc.protect(cells)
    assert {k: shown[k].text() for k in cells} == {
        "p1": "c", "p2": "c", "p3": "70", "p4": "c", "p5": "50", "r1": "c", "r2": "12", "n": "c", "pn": "c"}


def test_england_and_region_counts_rounded_to_ten():
    shown = dc.protect({"e": dc.Figure(3040, level="england"), "r": dc.Figure(3, level="region"),
                        "r2": dc.Figure(15, level="region"), "e2": dc.Figure(0, level="england"),
                        "ep": dc.Figure(3.4, "percent", numerator=2, denominator=59, level="england")})
    assert {k: s.text() for k, s in shown.items()} == {"e": "3040", "r": "k", "r2": "20", "e2": "0", "ep": "3.4"}
    assert dc.legend(["c", "x"]) == [dc.LEGEND["c"], dc.LEGEND["x"]]
