"""The benchmark readers on the real published files in ../shared/data/benchmarks.

Every expected figure below was read by hand from the files themselves
(the CSV line or the parquet rows named in each test).
"""

from __future__ import annotations

import duckdb
import pytest

from conftest import SHARED_DATA
from csc_scorecard.assess.compare import published_comparators
from csc_scorecard.benchmarks.load import load_benchmarks
from csc_scorecard.benchmarks.profile import find_la, la_profile
from csc_scorecard.benchmarks.published import statistical_neighbours

BENCH = SHARED_DATA / "benchmarks"
HARROW_SN_2025 = ["317", "312", "302", "307", "320", "870", "313", "315", "871", "826"]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    if not BENCH.is_dir():
        pytest.skip(f"public benchmark files not found at {BENCH} (set CSC_SHARED_DATA)")
    path = tmp_path_factory.mktemp("bench") / "store.duckdb"
    con = duckdb.connect(str(path))
    outcomes = load_benchmarks(con, [BENCH])
    yield con, {o.path.name: o for o in outcomes}
    con.close()


def value(con, **where):
    sql = " AND ".join(f"{k} = ?" for k in where)
    rows = con.execute(f"SELECT value, value_code FROM bench_value WHERE {sql}", list(where.values())).fetchall()
    assert len(rows) == 1, rows
    return rows[0]


def test_every_real_file_loads_except_the_empty_one(store):
    con, outcomes = store
    assert outcomes["la_children_who_ceased_during_the_year.csv"].status == "not loaded"
    assert "empty" in outcomes["la_children_who_ceased_during_the_year.csv"].message
    loaded = {name for name, o in outcomes.items() if o.status == "loaded"}
    assert len(loaded) == len(outcomes) - 1
    assert outcomes["bds_long_0.parquet"].kind == "lait"
    assert outcomes["lait_data_dictionary.csv"].kind == "lait-dictionary"
    assert outcomes["sn_may_2025.xlsx"].kind == "neighbours"
    assert outcomes["LA_Inspection_Outcomes_as_at_31_March_2025.ods"].kind == "ofsted"
    # 641,070 parquet rows, less the 170 labelled "0" (no year)
    assert outcomes["bds_long_0.parquet"].rows == 641_070 - 170


def test_ees_england_and_la_values(store):
    con, _ = store
    c1 = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
    # line 2: 2025,Reporting year,National,...,632830,142900,22.6,...
    assert value(con, file=c1, measure="rereferral_percent", level="england", year=2025) == (22.6, None)
    # Harrow 2025: 2281 referrals, 355 re-referrals, 15.6%
    assert value(con, file=c1, measure="rereferral_percent", la_code="310", year=2025) == (15.6, None)
    row = con.execute("SELECT area_name, ons_code, region, year_label FROM bench_value WHERE file = ? "
                      "AND measure = 'referral_count' AND la_code = '310' AND year = 2025", [c1]).fetchone()
    # region_name in the file is "Outer London": an LA's region is London
    assert row == ("Harrow", "E09000015", "London", "2024-25")


def test_ees_file_with_byte_order_mark_and_filters(store):
    con, _ = store
    # line 474 (the file starts with a BOM; la_name comes before new_la_code):
    # 2025,...,Outer London,310,Harrow,E09000015,Children looked after on 31 March each year,60452,176,29
    assert value(con, file="cla_number_and_rate_per_10k_children.csv", measure="rate_per_10000",
                 la_code="310", year=2025,
                 filters='{"population_type":"Children looked after on 31 March each year"}') == (29.0, None)
    # line 23: 2025,...,National,...,19 to 21 years,"Total in education, employment or training",20760,54
    filters = '{"breakdown":"Total in education, employment or training","care_leaver_age":"19 to 21 years"}'
    assert value(con, file="la_care_leavers_activity.csv", measure="care_leaver_percent", level="england",
                 year=2025, filters=filters) == (54.0, None)


def test_ees_suppressed_value_is_null_with_its_symbol(store):
    con, _ = store
    # line 136: Hackney 2025 ... 2_years_or_more = c, 2_years_or_more_percent = c
    assert value(con, file="d5_cpps_at31march_by_duration_2013_to_2025.csv", measure="2_years_or_more_percent",
                 la_code="204", year=2025) == (None, "c")


def test_ons_population_is_stored_for_the_year_it_serves(store):
    con, _ = store
    row = con.execute("SELECT mid_year, population FROM bench_population WHERE la_code = '310' AND year = 2025"
                      ).fetchone()
    assert row == (2024, 60452)  # mid-2024 estimate, the denominator of 2024-25 rates


def test_lait_neighbour_mean_leaves_out_neighbours_without_a_value(store):
    con, _ = store
    # Hackney (204), CPPlans2yrs, 2025. Its May 2025 neighbours and their LAIT values:
    # 210 1.5, 206 5.3, 309 4.7, 208 6.7, 211 1.6, 209 8.6, 202 3.6, 352 2.4, 320 7.2, 213 "-"
    # mean of the nine with a value = 41.6 / 9; median = 4.7; Hackney's own value 2.7
    comp = published_comparators(con, "204", {"lait": "CPPlans2yrs"}, "2024-25", polarity="down")
    assert comp.neighbours_n == 9 and comp.neighbours_listed == 10
    assert comp.neighbours_mean == pytest.approx(41.6 / 9)
    assert comp.neighbours_median == pytest.approx(4.7)
    assert comp.value == 2.7 and comp.year == 2025 and comp.year_used == "2024-25 published"
    assert [n["la"] for n in comp.neighbours][-1] == "213" and comp.neighbours[-1]["value"] is None


def test_lait_harrow_re_referrals_against_neighbours_region_and_england(store):
    con, _ = store
    comp = published_comparators(con, "310", {"lait": "ReReferral"}, "2024-25", polarity="down")
    # neighbours 16.8, 20.9, 14.8, 19.5, 19.1, 22.9, 12.1, 21.3, 20.7, 20.3: sum 188.4
    assert comp.neighbours_mean == pytest.approx(18.84)
    assert comp.neighbours_median == pytest.approx((19.5 + 20.3) / 2)
    assert (comp.england, comp.region_name, comp.region) == (22.6, "London", 19.4)
    lower = con.execute("SELECT count(*) FROM bench_value WHERE source = 'lait' AND measure = 'ReReferral' "
                        "AND year = 2025 AND level = 'la' AND value < 15.6").fetchone()[0]
    assert comp.rank == lower + 1
    assert comp.quartile_band == "A"  # 15.6 is below the lower quartile (16.9) and lower is better


def test_ees_and_lait_agree(store):
    con, _ = store
    lait = published_comparators(con, "310", {"lait": "ReReferral"}, "2024-25", polarity="down")
    ees = published_comparators(con, "310", {"ees": {"file": "c1_children_in_need_referrals_and_rereferrals_"
                                                     "2013_to_2025.csv", "column": "rereferral_percent"}},
                                "2024-25", polarity="down")
    assert (ees.value, ees.england, ees.neighbours_mean, ees.rank) == (
        lait.value, lait.england, lait.neighbours_mean, lait.rank)


def test_quarter_uses_the_latest_published_year_and_says_so(store):
    con, _ = store
    comp = published_comparators(con, "310", {"lait": "ReReferral"}, "2025-26-Q2", polarity="down", value=14.0)
    assert comp.year == 2025 and comp.year_used == "2024-25 published"
    assert "annual" in comp.note
    assert comp.value == 14.0 and comp.published_value == 15.6
    assert comp.value_basis == "this period's value among 2024-25 published"


def test_statistical_neighbours_in_order_from_each_file(store):
    con, _ = store
    for model in ("sn_may_2025", "sn_model_2025_wide"):
        assert [n["la"] for n in statistical_neighbours(con, "310", model)] == HARROW_SN_2025
    bands = [n["band"] for n in statistical_neighbours(con, "310", "sn_model_2025_wide")]
    assert bands[0] == "Very close" and bands[1] == "Close" and bands[-1] == "Somewhat close"
    # pre-2019 Dorset is listed under "Old SNs:" in the May 2025 workbook
    assert con.execute("SELECT DISTINCT current FROM bench_neighbour WHERE model = 'sn_may_2025' "
                       "AND la_code = '835'").fetchall() == [(False,)]


def test_la_profile_for_init(store):
    con, _ = store
    assert find_la(con, "harrow") == "310"
    p = la_profile(con, "310")
    assert (p.name, p.ons_code, p.region) == ("Harrow", "E09000015", "London")
    assert p.population[2025] == 60452
    assert [n["la"] for n in p.neighbours] == HARROW_SN_2025
    assert p.ofsted["overall"] == "Inadequate"


def test_reloading_changes_nothing(store):
    con, _ = store
    before = con.execute("SELECT count(*) FROM bench_value").fetchone()[0]
    again = load_benchmarks(con, [BENCH / "neighbours", BENCH / "ees" / "d3_cpps_subsequent_plan_2013_to_2025.csv"])
    assert {o.status for o in again} == {"unchanged"}
    assert con.execute("SELECT count(*) FROM bench_value").fetchone()[0] == before


def test_every_catalogue_benchmark_names_a_published_measure(store):
    """Each indicator's benchmark: block resolves in the real files, and its England figure agrees."""
    from csc_scorecard.benchmarks.published import keys_from_benchmark, published, resolve
    from csc_scorecard.indicators.loader import load_catalogue

    con, _ = store
    mismatches, checked = [], 0
    for ind in load_catalogue():
        for key in keys_from_benchmark(ind.benchmark or {}):
            stored = resolve(con, key)  # raises on a name that is not in a loaded file
            mismatches += _unit_mismatch(con, ind, key)
            england = (ind.benchmark or {}).get("england_2024_25")
            if stored is None or england is None:
                continue
            got = published(con, stored, 2025).england
            checked += 1
            if got is not None and abs(got - england) > max(0.06, abs(england) * 0.01):
                mismatches.append(f"{ind.id} ({ind.unit}): {key.describe()} England 2025 = {got:g}, "
                                  f"the definition says {england:g}")
    assert checked > 40
    assert not mismatches, "benchmark keys naming a different measure: " + "; ".join(mismatches)


def _unit_mismatch(con, ind, key) -> list[str]:
    """A count must not be compared with a published rate or percentage, nor a rate with a count
    (s47-enquiries once named LAIT's Section_47, a rate per 10,000; cp-rate EES's CPP_At31, a count)."""
    if key.source == "lait":
        row = con.execute("SELECT title FROM bench_measure WHERE source = 'lait' AND measure = ?",
                          [key.measure]).fetchone()
        words = (row[0] if row and row[0] else key.measure).lower()
    else:
        words = key.measure.lower()
    is_rate = "rate" in words or "10,000" in words or "10000" in words
    is_share = "%" in words or "percent" in words
    if (ind.unit == "count" and (is_rate or is_share)) or (ind.unit == "rate10k" and not is_rate):
        return [f"{ind.id} ({ind.unit}): {key.describe()} is {words!r}"]
    return []
