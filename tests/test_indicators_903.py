"""The SSDA903 indicators beyond their hand-computed .test.yaml cases.

* every query runs as it is (named parameters only, no engine around it);
* the OC2/OC3 queries return nothing for anything but a whole financial year,
  even without the engine's own check;
* on the public 903 sample (2017-18, loaded with the real reader), the counts
  agree with a plain-Python reading of the same stored episodes, and each
  indicator is computed or says why not;
* every LAIT Short Desc and EES filter named in the YAML exists in the
  published files, so the benchmarks join.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date

import duckdb
import pytest

from conftest import SHARED_DATA
from csc_scorecard.indicators.engine import Engine, sql_parameters
from csc_scorecard.indicators.loader import load_catalogue
from csc_scorecard.project import Project
from csc_scorecard.store.database import ensure_schema

IDS = (
    "cla-rate", "cla-started", "cla-ceased", "cla-3-placements", "cla-long-term-stability", "cla-missing",
    "cla-placed-20-miles", "cla-reviews-in-time",
    "cla-health-assessments", "cla-dental-checks", "cla-immunisations", "cla-sdq-score", "cla-convictions",
    "care-leavers-eet-19-21", "care-leavers-eet-17-18", "care-leavers-accommodation-19-21",
    "care-leavers-in-touch-19-21",
    "adoptions", "adoptions-of-ceased", "adoption-a1-days", "adoption-a2-days",
)
CATALOGUE = load_catalogue()
SAMPLE_903 = SHARED_DATA / "samples" / "903"
# The sample's CSV tables (the XML file holds other children; the _errors file is a defect fixture).
SAMPLE_FILES = ("header", "episodes", "reviews", "uasc", "oc2", "oc3", "ad1", "placed_for_adoption",
                "previous_permanence", "missing", "sw_episodes", "DoLo")


def test_the_catalogue_holds_every_903_indicator():
    assert set(IDS) <= set(CATALOGUE.ids())
    for iid in IDS:
        ind = CATALOGUE.get(iid)
        assert ind.source == "ssda903"
        assert ind.test_path.is_file(), f"{iid} has no hand-computed cases"


@pytest.mark.parametrize("iid", IDS)
def test_each_query_runs_as_it_is(iid):
    """Plain DuckDB, named parameters: what an analyst pastes into the duckdb CLI."""
    ind = CATALOGUE.get(iid)
    con = duckdb.connect()
    ensure_schema(con)
    params = {"period_start": date(2024, 4, 1), "period_end": date(2025, 3, 31), **ind.settings}
    cur = con.execute(ind.sql, {k: v for k, v in params.items() if k in sql_parameters(ind.sql)})
    columns = [d[0] for d in cur.description]
    assert cur.fetchall() == []
    assert columns[:2] == ["la", "child_id"]
    wanted = "value" if ind.aggregate in ("mean", "median") else "in_numerator"
    assert wanted in columns


# A date of birth inside each whole-year indicator's age band on 31 March 2025.
BAND_DOB = {"cla-sdq-score": date(2014, 1, 1), "cla-convictions": date(2012, 1, 1),
            "care-leavers-eet-17-18": date(2007, 1, 1), "care-leavers-eet-19-21": date(2004, 1, 1),
            "care-leavers-accommodation-19-21": date(2004, 1, 1), "care-leavers-in-touch-19-21": date(2004, 1, 1)}


@pytest.mark.parametrize("iid", [i for i in IDS if CATALOGUE.get(i).periods == "financial-year"])
def test_a_whole_year_return_gives_nothing_for_a_quarter(iid):
    """The engine refuses such periods first; the query does not rely on it."""
    ind = CATALOGUE.get(iid)
    con = duckdb.connect()
    ensure_schema(con)
    con.execute(f"INSERT INTO {ind.requires[0]} (la, collection_year, child_id, dob) VALUES ('999', 2025, 'A', ?)",
                [BAND_DOB.get(iid, date(2012, 1, 1))])
    whole = con.execute(ind.sql, {"period_start": date(2024, 4, 1), "period_end": date(2025, 3, 31)}).fetchall()
    quarter = con.execute(ind.sql, {"period_start": date(2025, 1, 1), "period_end": date(2025, 3, 31)}).fetchall()
    ytd = con.execute(ind.sql, {"period_start": date(2024, 4, 1), "period_end": date(2024, 12, 31)}).fetchall()
    assert len(whole) == 1
    assert quarter == [] and ytd == []


# -- the public 903 sample ---------------------------------------------------------
@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    if not SAMPLE_903.is_dir():
        pytest.skip(f"public sample data not found at {SAMPLE_903} (set CSC_SHARED_DATA)")
    project = Project(tmp_path_factory.mktemp("s903") / "store.duckdb")
    report = project.load([SAMPLE_903 / f"{name}.csv" for name in SAMPLE_FILES], la="999")
    assert report.ok, [(f.path, f.status) for f in report.files]
    assert {f.collection_year for f in report.files} == {2018}
    con = project.connect()
    yield con
    con.close()


def _episodes(con) -> dict[str, list[tuple]]:
    """The stored dated episodes, short breaks included, in order, per child."""
    rows = con.execute(
        "SELECT child_id, decom, dec, rne, rec, ls, place FROM cla_episode WHERE la = '999' AND decom IS NOT NULL"
    ).fetchall()
    by_child: dict[str, list[tuple]] = defaultdict(list)
    for r in rows:
        by_child[r[0]].append(r)
    big = date(9999, 1, 1)
    for eps in by_child.values():
        eps.sort(key=lambda e: (e[1], e[2] or big, e[3] or "", e[5] or "", e[6] or ""))
    return by_child


def _short_break(e: tuple) -> bool:
    return (e[5] or "") in ("V3", "V4")


def _overlapping(eps: list[tuple]) -> bool:
    """DfE rule 501: an episode starts before an earlier one (in start order) ended."""
    big = date(9999, 1, 1)
    return any(b[1] < (a[2] or big) for i, a in enumerate(eps) for b in eps[i + 1:])


def _placements(eps: list[tuple]) -> list[int]:
    """The placement of each episode (short breaks included): a new one at RNE S, P or B, or where no
    earlier episode ended into the episode with REC X1; otherwise that earlier episode's placement."""
    placement: list[int] = []
    for i, e in enumerate(eps):
        before = [j for j in range(i) if eps[j][2] == e[1] and eps[j][4] == "X1"]
        placement.append(placement[before[0]] if before and e[3] not in ("S", "P", "B") else i)
    return placement


def _by_python(con, start: date, end: date) -> dict[str, int]:
    """INDICATORS.md's conventions read directly: ceasings are endings with REC set and not X1; a child
    whose episodes overlap is unknown in the counts that depend on the chain."""
    counts = {"cla-rate": 0, "cla-started": 0, "cla-ceased": 0, "ceased-unknown": 0, "adopted-at-last-ending": 0,
              "3+ placements": 0, "placements-unknown": 0}
    for everything in _episodes(con).values():
        eps = [e for e in everything if not _short_break(e)]
        if not eps:
            continue
        overlapping = _overlapping(everything)
        open_at_end = any(e[1] <= end and (e[2] is None or e[2] > end) for e in eps)
        counts["cla-rate"] += open_at_end
        counts["cla-started"] += any(e[3] == "S" and start <= e[1] <= end for e in eps)
        ceasings = [e for e in eps if e[2] is not None and e[4] not in (None, "X1") and start <= e[2] <= end]
        if ceasings and overlapping:
            counts["ceased-unknown"] += 1
        elif ceasings:
            counts["cla-ceased"] += 1
            last = max(ceasings, key=lambda e: (e[2], eps.index(e)))
            counts["adopted-at-last-ending"] += last[4] in ("E11", "E12")
        if open_at_end and overlapping:
            counts["placements-unknown"] += 1
        elif open_at_end:
            placement = _placements(everything)
            held = {placement[i] for i, e in enumerate(everything) if not _short_break(e)
                    and (start <= e[1] <= end or (e[1] < start and (e[2] is None or e[2] > start)))}
            counts["3+ placements"] += len(held) >= 3
    return counts


@pytest.mark.parametrize("period, start, end", [
    ("2017-18", date(2017, 4, 1), date(2018, 3, 31)),
    ("2017-18-Q3", date(2017, 10, 1), date(2017, 12, 31)),
])
def test_sample_counts_agree_with_plain_python(sample, period, start, end):
    expected = _by_python(sample, start, end)
    assert expected["cla-rate"] > 500 and expected["cla-ceased"] > 50  # the sample is big enough to mean something
    results = {r.indicator: r for r in Engine(sample, CATALOGUE, population={("999", 2018): 10000}).compute(
        [period], ids=["cla-rate", "cla-started", "cla-ceased", "adoptions", "adoptions-of-ceased",
                       "cla-3-placements"], la="999")}
    assert results["cla-rate"].numerator == expected["cla-rate"]
    assert results["cla-started"].value == expected["cla-started"]
    assert (results["cla-ceased"].value, results["cla-ceased"].unknown) == (
        expected["cla-ceased"], expected["ceased-unknown"])
    assert results["adoptions"].value == expected["adopted-at-last-ending"] == results["adoptions-of-ceased"].numerator
    assert (results["adoptions-of-ceased"].denominator, results["adoptions-of-ceased"].unknown) == (
        expected["cla-ceased"], expected["ceased-unknown"])
    assert results["cla-3-placements"].denominator + results["cla-3-placements"].unknown == expected["cla-rate"]
    assert results["cla-3-placements"].unknown == expected["placements-unknown"]
    assert results["cla-3-placements"].numerator == expected["3+ placements"]


def test_sample_every_indicator_is_computed_or_says_why(sample):
    results = {r.indicator: r for r in Engine(sample, CATALOGUE, population={("999", 2018): 50000}).compute(
        ["2017-18"], ids=IDS, la="999")}
    unavailable = {i: r.reason for i, r in results.items() if r.status != "ok"}
    # Only one year is loaded: the reviews measure needs the year before, long-term stability and
    # the adoption A1/A2 the two years before; the sample's care leavers are all 17-18; its postcodes
    # are fictional and no reference is loaded.
    assert set(unavailable) == {"cla-reviews-in-time", "cla-long-term-stability", "adoption-a1-days",
                                "adoption-a2-days", "cla-placed-20-miles", "care-leavers-eet-19-21",
                                "care-leavers-accommodation-19-21", "care-leavers-in-touch-19-21"}
    assert "2016-17" in unavailable["cla-reviews-in-time"]
    assert "2015-16" in unavailable["cla-long-term-stability"]
    assert "known placement distance" in unavailable["cla-placed-20-miles"]
    for r in results.values():
        if r.status == "ok" and r.unit == "percent":
            assert 0 <= r.value <= 100
    # The sample's OC2 has a row for every child in its header (2,675): the OC2 measures take the
    # return's rows as the cohort.
    assert results["cla-health-assessments"].denominator == 2675
    # A case list is the same rows as the figure.
    cases = Engine(sample, CATALOGUE).cases("cla-3-placements", "2017-18", "999")
    known = [r for r in cases.rows if r["in_numerator"] is not None]
    assert len(known) == results["cla-3-placements"].denominator
    assert len(cases.rows) - len(known) == results["cla-3-placements"].unknown > 0  # the sample has overlaps
    assert {r["unknown_reason"] for r in cases.rows if r["in_numerator"] is None} == {
        "overlapping episodes (DfE rule 501)"}
    assert sum(r["in_numerator"] for r in known) == results["cla-3-placements"].numerator


# -- benchmarks join ------------------------------------------------------------------
@pytest.fixture(scope="module")
def lait_short_descs() -> set[str]:
    path = SHARED_DATA / "benchmarks" / "lait" / "bds_long_0.parquet"
    if not path.is_file():
        pytest.skip(f"LAIT data not found at {path}")
    return {r[0] for r in duckdb.sql(f"SELECT DISTINCT \"Short Desc\" FROM '{path}'").fetchall()}


@pytest.mark.parametrize("iid", IDS)
def test_benchmark_keys_exist_in_the_published_files(iid, lait_short_descs):
    bench = CATALOGUE.get(iid).benchmark
    if "lait" in bench:
        assert bench["lait"] in lait_short_descs, f"{iid}: LAIT has no Short Desc {bench['lait']!r}"
        with open(SHARED_DATA / "benchmarks" / "lait" / "lait_data_dictionary.csv", encoding="utf-8") as f:
            assert bench["lait"] in {row["Measure_short"] for row in csv.DictReader(f)}
    if "ees" in bench:
        ees = bench["ees"]
        path = SHARED_DATA / "benchmarks" / "ees" / ees["file"]
        where = " AND ".join(f'"{k}" = ?' for k in ees.get("filter", {}))
        sql = (f"SELECT count(*) FROM read_csv('{path}', all_varchar = true) "
               f"WHERE geographic_level = 'National' AND time_period = '2025'"
               + (f" AND {where}" if where else "") + f' AND "{ees["column"]}" IS NOT NULL')
        assert duckdb.execute(sql, list(ees.get("filter", {}).values())).fetchone()[0] == 1, f"{iid}: {ees}"


def test_sample_figures_are_the_same_for_many_periods_at_once(sample):
    """The engine runs a query once for several periods (a LATERAL rewrite); the figures must not change."""
    periods = ["2017-18", "2017-18-Q1", "2017-18-Q2", "2017-18-Q3", "2017-18-Q4", "ytd:2017-12-31"]
    population = {("999", 2018): 50000}
    batched_engine = Engine(sample, CATALOGUE, population=population)
    batched = batched_engine.compute(periods, ids=IDS, la="999")
    one_by_one = Engine(sample, CATALOGUE, population=population, batch=False).compute(periods, ids=IDS, la="999")
    assert batched_engine.unbatched == []
    assert [r.as_dict() for r in batched] == [r.as_dict() for r in one_by_one]
    assert sum(r.status == "ok" for r in batched) > 40
