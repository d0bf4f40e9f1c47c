"""Neighbours, rank and quartile bands: the arithmetic, published and computed through one path."""

from __future__ import annotations

import duckdb
import pytest

from csc_scorecard.assess.compare import (
    catalogue_england, compare_values, comparators, computed_comparators, neighbour_stats,
    published_comparators, quartile_band, quartile_cuts, rank_of,
)
from csc_scorecard.benchmarks.load import load_benchmarks

CUTS = (25.0, 50.0, 75.0)


def test_quartile_cuts_are_r_type_7():
    assert quartile_cuts([0, 25, 50, 75, 100]) == CUTS
    # 1..10: R's quantile() gives 3.25, 5.5, 7.75
    assert quartile_cuts(range(1, 11)) == (3.25, 5.5, 7.75)
    assert quartile_cuts([5]) is None


@pytest.mark.parametrize("value, low_is_best, high_is_best", [
    (0, "A", "D"), (10, "A", "D"),
    (25, "A", "D"),     # on the lower quartile: the band below it
    (25.01, "B", "C"),
    (50, "B", "C"),     # on the median
    (60, "C", "B"),
    (75, "C", "B"),     # on the upper quartile
    (75.01, "D", "A"),
    (100, "D", "A"),
])
def test_quartile_band_boundaries_both_polarities(value, low_is_best, high_is_best):
    assert quartile_band(value, CUTS, "down") == low_is_best
    assert quartile_band(value, CUTS, "up") == high_is_best


def test_no_band_for_context_or_missing():
    assert quartile_band(10, CUTS, "context") is None
    assert quartile_band(None, CUTS, "up") is None
    assert quartile_band(10, None, "up") is None


def test_rank_ties_share_the_smallest_rank():
    values = [10, 20, 20, 30, 40]
    # higher is better: 40 -> 1, 30 -> 2, 20 and 20 -> 3, 10 -> 5 (LAIT's test case)
    assert [rank_of(v, values, "up") for v in values] == [5, 3, 3, 2, 1]
    assert [rank_of(v, values, "down") for v in values] == [1, 2, 2, 4, 5]
    assert rank_of(20, values, "context") is None


def test_neighbour_stats_skip_missing():
    values = {"1": 10.0, "2": None, "3": 20.0, "4": 40.0}
    assert neighbour_stats(["1", "2", "3", "4", "5"], values) == (pytest.approx(70 / 3), 20.0, 3)
    assert neighbour_stats(["2", "5"], values) == (None, None, 0)


def test_compare_values_places_this_periods_value_among_the_others():
    values = {"A": 10.0, "B": 20.0, "C": 30.0, "D": 40.0, "E": None}
    c = compare_values("A", values, "up", ["B", "C", "E"], value=35.0)
    assert c.value == 35.0 and c.published_value == 10.0
    assert (c.rank, c.of) == (2, 4)  # 35 among 20, 30, 40
    assert c.quartiles == (27.5, 32.5, 36.25)  # of 20, 30, 35, 40
    assert c.quartile_band == "B"  # (32.5, 36.25] is the third band from the bottom: B when higher is best
    assert (c.neighbours_mean, c.neighbours_median, c.neighbours_n, c.neighbours_listed) == (25.0, 25.0, 2, 3)


def results(values, indicator="ind", period="2024-25"):
    return [{"indicator": indicator, "la": la, "period": period, "value": v,
             "status": "ok" if v is not None else "not available"} for la, v in values.items()]


def test_computed_comparators_use_the_same_arithmetic():
    rows = results({"901": 80.0, "902": 70.0, "903": 90.0, "904": None, "905": 60.0})
    rows += results({"901": 1.0, "902": 1.0}, indicator="other")
    c = computed_comparators(rows, "901", "ind", "2024-25", polarity="up")
    # neighbours default to every other LA: 70, 90, (none), 60
    assert (c.neighbours_mean, c.neighbours_median, c.neighbours_n, c.neighbours_listed) == (
        pytest.approx(220 / 3), 70.0, 3, 4)
    assert (c.rank, c.of) == (2, 4)
    # cuts of 60, 70, 80, 90 = 67.5, 75, 82.5; 80 is in (75, 82.5]: B when higher is best
    assert c.quartile_band == "B"
    assert c.source == "computed from 5 LAs in the store" and c.year_used == "2024-25 (computed)"
    named = computed_comparators(rows, "901", "ind", "2024-25", polarity="up", neighbours=["903"])
    assert named.neighbours_mean == 90.0


def test_comparators_fall_back_from_published_to_computed_to_definition():
    ind = {"id": "ind", "polarity": "up", "benchmark": {"lait": "Nothing", "england_2024_25": 85.7}}
    rows = results({"901": 80.0, "902": 70.0})
    c = comparators(None, "901", ind, "2024-25", results=rows)
    assert c.neighbours_mean == 70.0 and c.england == 85.7
    only = comparators(None, "901", ind, "2024-25")
    assert only.england == 85.7 and only.neighbours_n == 0 and "definition" in only.england_basis
    assert catalogue_england("901", {}, "up") is None


@pytest.fixture
def small_store(tmp_path):
    csv = tmp_path / "c1.csv"
    lines = ["time_period,time_identifier,geographic_level,country_code,region_code,region_name,old_la_code,"
             "new_la_code,la_name,rereferral_percent"]
    for year, eng in ((2023, 21.0), (2024, 22.0)):
        lines.append(f"{year},Reporting year,National,E92000001,,,,,,{eng}")
        lines.append(f"{year},Reporting year,Regional,E92000001,E12000007,London,,,,{eng - 2}")
        for i, v in enumerate((10, 20, 30, 40, "c")):
            lines.append(f"{year},Reporting year,Local authority,E92000001,E13000002,Outer London,{301 + i},"
                         f"E0{i},LA {i},{v}")
    csv.write_text("\n".join(lines) + "\n")
    sn = tmp_path / "sn_2025.csv"
    sn.write_text("old_la_code,la_name,region_name," + ",".join(f"SN_{i},SN_{i}P" for i in range(1, 11)) + "\n"
                  "301,LA 0,London," + ",".join(f"{n},Close" for n in
                                                 ("302", "305", "303", "306", "307", "308", "309", "310", "311", "312"))
                  + "\n")
    con = duckdb.connect()
    load_benchmarks(con, [csv, sn])
    yield con
    con.close()


def test_published_comparators_year_selection(small_store):
    key = {"ees": {"file": "c1.csv", "column": "rereferral_percent"}}
    c = published_comparators(small_store, "301", key, "2023-24", polarity="down")
    assert (c.year, c.year_used, c.note) == (2024, "2023-24 published", None)
    assert (c.england, c.region_name, c.region) == (22.0, "London", 20.0)
    # neighbours 302 (20), 305 (suppressed), 303 (30); the rest are not in the file
    assert (c.neighbours_mean, c.neighbours_n, c.neighbours_listed) == (25.0, 2, 10)
    assert (c.value, c.rank, c.of, c.quartile_band) == (10.0, 1, 4, "A")
    earlier = published_comparators(small_store, "301", key, "2022-23", polarity="down")
    assert earlier.year == 2023 and earlier.england == 21.0
    later = published_comparators(small_store, "301", key, "2025-26", polarity="down")
    assert later.year == 2024 and "2025-26 is not published yet" in later.note
    too_early = published_comparators(small_store, "301", key, "2020-21", polarity="down")
    assert too_early.year is None and "nothing published" in too_early.note
    assert published_comparators(small_store, "301", {"lait": "X"}, "2023-24") is None  # LAIT not loaded


def test_la_missing_from_published_figures_gets_computed_neighbours(small_store):
    ind = {"id": "ind", "polarity": "down",
           "benchmark": {"ees": {"file": "c1.csv", "column": "rereferral_percent"}}}
    rows = results({"901": 12.0, "902": 16.0, "903": 20.0}, period="2023-24")
    c = comparators(small_store, "901", ind, "2023-24", value=12.0, results=rows)
    # 901 is not in c1.csv: neighbours, rank and band come from the store's LAs; England from the file
    assert (c.neighbours_mean, c.rank, c.of) == (18.0, 1, 3)
    assert (c.england, c.england_basis) == (22.0, "2023-24 published")
    assert "not in the published figures" in c.note
    # a real LA in the file keeps the published comparison
    real = comparators(small_store, "301", ind, "2023-24", value=12.0, results=rows)
    assert (real.la_published, real.of, real.source) == (True, 4, "EES c1.csv: rereferral_percent")
