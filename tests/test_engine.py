"""The engine over real stores: the sample files, a synthetic region, and small built ones.

The figure and the case list come from the same query, so for every percent
indicator the case rows must equal the denominator and the marked rows the
numerator; batching all periods into one query must give the same figures as
one query per period.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest

from csc_scorecard.errors import IndicatorError
from csc_scorecard.indicators.engine import Engine
from csc_scorecard.indicators.loader import load_catalogue
from csc_scorecard.indicators.period import parse_period
from csc_scorecard.ingest.issues import IssueLog
from csc_scorecard.ingest.result import ReadResult
from csc_scorecard.project import Project
from csc_scorecard.store import database

from conftest import SHARED_DATA

CATALOGUE = load_catalogue()
PERIODS = ["2022-23", "2023-24", "2024-25", "2024-25-Q1", "2024-25-Q4", "ytd:2024-11-30", "12m:2024-11-30"]
CASE_PERIODS = ["2022-23", "2024-25", "2024-25-Q4", "12m:2024-11-30"]


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> Path:
    """The public sample files (CIN census XML, SSDA903 CSVs, Annex A workbooks) in one store."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"public sample data not found at {SHARED_DATA}")
    samples = SHARED_DATA / "samples"
    db = tmp_path_factory.mktemp("samples") / "store.duckdb"
    project = Project(db)
    project.load([samples / "cin" / "fake_CIN_data.xml", samples / "cin" / "CIN_Census_2024.xml"])
    csvs = [p for p in sorted((samples / "903").glob("*.csv")) if "errors" not in p.name]
    project.load(csvs, la="975", year=2025)
    project.load([samples / "annex-a" / "Annex_A_2024_Jan.xlsx"], la="975")
    return db


@pytest.fixture(scope="module")
def synthetic_store(tmp_path_factory) -> tuple[Path, Path]:
    """Two small synthetic LAs, two years (Annex A at the last year end), through the real readers."""
    try:
        from csc_scorecard.synth.generate import generate
    except ImportError:
        pytest.skip("the synthetic generator is not available")
    out = tmp_path_factory.mktemp("synth")
    result = generate(out / "files", seed=7, size="small", years=2, end_year=2025, las=2, annex_a="all")
    project = Project(out / "store.duckdb", result.settings)
    for la in result.las:
        project.load([out / "files" / la.code], la=la.code)
    return out / "store.duckdb", result.settings


def _engine(db: Path, settings: Path | None = None, **kw) -> Engine:
    project = Project(db, settings)
    con = database.connect(db, read_only=True)
    return Engine(con, CATALOGUE, settings=project.config.settings, population=project.config.population(),
                  las=project.config.las, **kw)


def _check_cases_match_figures(engine: Engine) -> int:
    checked = 0
    for r in engine.compute(CASE_PERIODS):
        if r.status != "ok":
            assert r.reason, r
            continue
        ind = CATALOGUE.get(r.indicator)
        if ind.supplied:
            continue
        cases = engine.cases(r.indicator, r.period, r.la)
        marked = sum(1 for row in cases.rows if row.get("in_numerator") is True)
        decides = "value" if ind.aggregate in ("median", "mean") else "in_numerator"
        known = sum(1 for row in cases.rows if row[decides] is not None)
        # a row whose answer is unknown (NULL) is listed, in neither numerator nor denominator
        assert len(cases.rows) - known == r.unknown, r
        if ind.aggregate == "percent":
            assert known == r.denominator, r
            assert marked == r.numerator, r
            assert math.isclose(r.value, 100 * marked / known)
        elif ind.aggregate in ("count", "rate10k"):
            assert marked == r.numerator, r
        else:
            assert known == r.denominator, r
        assert all(row["la"] == r.la and row.get("child_id") for row in cases.rows)
        checked += 1
    return checked


def _same_figures(a, b) -> None:
    assert len(a) == len(b)
    for x, y in zip(a, b):
        assert (x.indicator, x.la, x.period, x.status, x.numerator, x.denominator, x.reason, x.unknown, x.note) == \
               (y.indicator, y.la, y.period, y.status, y.numerator, y.denominator, y.reason, y.unknown, y.note)
        assert (x.value is None and y.value is None) or math.isclose(x.value, y.value, rel_tol=1e-12)


def test_whole_catalogue_runs_over_the_samples(sample_store):
    engine = _engine(sample_store)
    results = engine.compute(PERIODS)
    assert len(results) == len(CATALOGUE) * len(PERIODS) * len(engine.las())
    assert set(engine.las()) >= {"975", "201"}
    assert all(r.status in ("ok", "not available") for r in results)
    assert all(r.reason for r in results if r.status != "ok")
    assert engine.unbatched == []
    # the samples hold real figures for some indicators: these must come out, not "not available"
    ok = {(r.indicator, r.la) for r in results if r.status == "ok"}
    assert ("referrals", "975") in ok


def test_samples_case_rows_equal_figures(sample_store):
    assert _check_cases_match_figures(_engine(sample_store)) > 10


def test_samples_batched_equals_one_query_per_period(sample_store):
    _same_figures(_engine(sample_store).compute(PERIODS), _engine(sample_store, batch=False).compute(PERIODS))


@pytest.mark.slow
def test_synthetic_case_rows_equal_figures(synthetic_store):
    db, settings = synthetic_store
    engine = _engine(db, settings)
    checked = _check_cases_match_figures(engine)
    computed = {r.indicator for r in engine.compute(["2024-25"]) if r.status == "ok"}
    # every computed help-and-protection indicator has data in a synthetic LA
    for iid in ("referrals", "referrals-rate", "re-referrals-12m", "referrals-nfa", "assessments-45wd",
                "assessment-duration-wd", "s47-enquiries", "icpc-15wd", "cp-plans-started", "cp-rate",
                "cp-second-plan", "cp-plans-2y-open", "cp-reviews-in-time", "cp-visits-in-time",
                "cla-visits-in-time"):
        assert iid in computed, iid
    assert checked > 50


@pytest.mark.slow
def test_synthetic_batched_equals_one_query_per_period(synthetic_store):
    db, settings = synthetic_store
    _same_figures(_engine(db, settings).compute(PERIODS), _engine(db, settings, batch=False).compute(PERIODS))


# -- small stores built by hand -------------------------------------------------------------------
def _store(tmp_path, *results) -> Path:
    db = tmp_path / "s.duckdb"
    con = database.connect(db)
    database.load_results(con, list(results))
    con.close()
    return db


def _cin(tmp_path, name, year, la, referrals=(), assessments=()) -> ReadResult:
    path = tmp_path / name
    path.write_text(f"{name}{referrals}{assessments}")
    return ReadResult(path, "cin", "CIN census (XML)", year, la, IssueLog(str(path)),
                      {"cin_episode": [{"child_id": c, "referral_date": d, "referral_nfa": False} for c, d in referrals],
                       "assessment": [{"child_id": c, "referral_date": d, "assessment_actual_start_date": d,
                                       "assessment_authorisation_date": a} for c, d, a in assessments]})


def _own_indicator(tmp_path, iid: str, definition: str, sql: str, *, unit="count", aggregate="count",
                   polarity="context", extra="") -> Path:
    """An LA's own indicator in tmp_path/mine/<iid>/ and a scorecard.yaml naming that folder; the settings."""
    folder = tmp_path / "mine" / iid
    folder.mkdir(parents=True)
    (folder / f"{iid}.yaml").write_text(
        f"id: {iid}\ntitle: {iid.capitalize()}\ndefinition: {definition}\nunit: {unit}\naggregate: {aggregate}\n"
        f"polarity: {polarity}\nsource: cin\n{extra}requires: [cin_episode]\n"
        "judgement: {sif2013: help-and-protection, ilacs2023: help-and-protection}\n")
    (folder / f"{iid}.sql").write_text(sql)
    (tmp_path / "scorecard.yaml").write_text("catalogue: mine\n")
    return tmp_path / "scorecard.yaml"


def test_not_available_reasons_per_la(tmp_path):
    db = _store(tmp_path,
                _cin(tmp_path, "a.xml", 2025, "201", [("A", date(2024, 5, 1))], [("A", date(2024, 5, 1), date(2024, 5, 2))]),
                _cin(tmp_path, "b.xml", 2024, "202", [("B", date(2023, 5, 1))]))
    (tmp_path / "scorecard.yaml").write_text(
        'la: "201"\nlas:\n  "201": {population: {2025: 1000}}\n  "203": {name: Nowhere}\n')
    results = {(r.indicator, r.la): r for r in Project(db, tmp_path / "scorecard.yaml").indicators(
        "2024-25", ids=["referrals", "referrals-rate", "assessments-45wd", "re-referrals-12m"])}
    assert results["referrals", "201"].value == 1
    assert results["referrals-rate", "201"].value == 10.0
    assert results["assessments-45wd", "201"].value == 100.0
    assert results["referrals", "202"].reason == "no CIN census referrals for 2024-25"
    assert results["referrals-rate", "202"].reason == "no CIN census referrals for 2024-25"
    assert results["referrals", "203"].reason == "no CIN census referrals for 2024-25"  # in settings, no data
    assert results["re-referrals-12m", "201"].reason == "no CIN census referrals for 2023-24"
    assert all(r.value is None for r in results.values() if r.status != "ok")


def test_la_filter_and_rate_without_population(tmp_path):
    db = _store(tmp_path, _cin(tmp_path, "a.xml", 2025, "201", [("A", date(2024, 5, 1))]),
                _cin(tmp_path, "b.xml", 2025, "202", [("B", date(2024, 5, 1))]))
    results = Project(db).indicators(["2024-25"], la="202", ids=["referrals-rate"])
    assert [(r.la, r.status) for r in results] == [("202", "not available")]
    assert "population not set in scorecard.yaml and no published ONS population loaded for LA 202 year 2025" \
        in results[0].reason


def test_financial_year_only_indicator_asked_for_a_quarter(tmp_path):
    _own_indicator(tmp_path, "yearly", "Referrals counted over a whole financial year only, as a test of the rule.",
                   "SELECT la, child_id, TRUE AS in_numerator FROM cin_episode WHERE referral_date BETWEEN "
                   "$period_start AND $period_end", extra="periods: financial-year\n")
    db = _store(tmp_path, _cin(tmp_path, "a.xml", 2025, "201", [("A", date(2024, 5, 1))]))
    project = Project(db, tmp_path / "scorecard.yaml")
    q = project.indicators(["2024-25-Q1", "2024-25", "12m:2025-03-31"], ids=["yearly"])
    assert q[0].status == "not available" and "describes a whole financial year; ask for 2024-25" in q[0].reason
    assert (q[1].value, q[2].value) == (1, 1)
    assert project.cases("yearly", "2024-25-Q1").status == "not available"


def test_median_of_a_decimal_value_is_not_rounded_to_its_scale(tmp_path):
    """An LA's own query may give its value as a DECIMAL, whose median DuckDB rounds to the column's scale
    (1.5 and 2.0 -> 1.8). The figure is the true median, 1.75, on every path: one period, all periods in
    one query, and the breakdown."""
    _own_indicator(tmp_path, "halves", "The median of a value given as a decimal with one place, as a test of "
                   "the rule.", "SELECT la, child_id, referral_date, CAST(CASE child_id WHEN 'A' THEN 1.5 ELSE 2.0 "
                   "END AS DECIMAL(9, 1)) AS value FROM cin_episode WHERE referral_date BETWEEN $period_start AND "
                   "$period_end", unit="days", aggregate="median", polarity="down")
    db = _store(tmp_path, _cin(tmp_path, "a.xml", 2025, "201", [("A", date(2024, 5, 1)), ("B", date(2024, 6, 1))]))
    project = Project(db, tmp_path / "scorecard.yaml")
    assert [r.value for r in project.indicators(["2024-25"], ids=["halves"])] == [1.75]
    assert [r.value for r in project.indicators(["2024-25", "2024-25-Q1"], ids=["halves"])] == [1.75, 1.75]
    rows = project.breakdown(["2024-25"], "sex", ids=["halves"])
    assert rows and {r["value"] for r in rows} == {1.75}


def test_broken_query_names_its_file(tmp_path):
    _own_indicator(tmp_path, "broken", "A query that refers to a column that does not exist, on purpose.",
                   "SELECT la, child_id, no_such_column AS in_numerator FROM cin_episode")
    folder = tmp_path / "mine" / "broken"
    db = _store(tmp_path, _cin(tmp_path, "a.xml", 2025, "201", [("A", date(2024, 5, 1))]))
    with pytest.raises(IndicatorError) as err:
        Project(db, tmp_path / "scorecard.yaml").indicators(["2024-25", "2023-24"], ids=["broken"])
    assert "broken.sql: the query failed for 2024-25" in str(err.value)
    (folder / "broken.sql").write_text("SELECT la, child_id, TRUE AS in_numerator FROM cin_episode WHERE $since")
    with pytest.raises(IndicatorError, match=r"uses \$since, which is neither"):
        Project(db, tmp_path / "scorecard.yaml").indicators(["2024-25"], ids=["broken"])


def test_setting_override_from_scorecard_yaml(tmp_path):
    """cp-visits-in-time with the default 10 working days, then with the LA's 15."""
    path = tmp_path / "annex.xlsx"
    path.write_text("x")
    rows = [{"extract_date": date(2025, 1, 10), "row_number": 2, "child_id": "B",
             "cpp_start_date": date(2024, 6, 1), "last_statutory_visit_date": date(2024, 12, 23)}]
    db = _store(tmp_path, ReadResult(path, "annex_a", "Ofsted Annex A (xlsx)", 2025, "201", IssueLog(str(path)),
                                     {"annex_a_cp": rows}))
    assert Project(db).indicators("2024-25", ids=["cp-visits-in-time"])[0].value == 0.0
    (tmp_path / "scorecard.yaml").write_text("settings: {cp_visit_wd: 15}\n")
    assert Project(db, tmp_path / "scorecard.yaml").indicators("2024-25", ids=["cp-visits-in-time"])[0].value == 100.0
    cases = Project(db).cases("cp-visits-in-time", "2024-25", la="201")
    assert cases.rows == [{"la": "201", "child_id": "B", "extract_date": date(2025, 1, 10),
                           "cpp_start_date": date(2024, 6, 1), "last_statutory_visit_date": date(2024, 12, 23),
                           "working_days_since_visit": 11, "in_numerator": False,
                           # 10 working days after 23/12/2024 over Christmas and New Year: 09/01/2025
                           "due_date": date(2025, 1, 9), "days_over": 1,
                           "team": "Unknown", "worker": "Unknown", "allocated_by": None}]


def test_cases_for_an_la_without_data(tmp_path):
    db = _store(tmp_path, _cin(tmp_path, "a.xml", 2025, "201", [("A", date(2024, 5, 1))]))
    cases = Project(db).cases("referrals", "2023-24", la="201")
    assert (cases.status, cases.reason, cases.rows) == ("not available", "no CIN census referrals for 2023-24", [])
    assert Project(db).cases("referrals", parse_period("2024-25"), la="201").rows[0]["child_id"] == "A"


@pytest.mark.slow
def test_help_and_protection_figures_agree_with_the_generators_own_count(tmp_path):
    """The synthetic generator counts its simulated history directly (synth/measure.py), without files,
    readers or SQL: the engine over the loaded returns must reach the same figures."""
    try:
        from csc_scorecard.synth.generate import generate
        from csc_scorecard.synth.measure import measure
    except ImportError:
        pytest.skip("the synthetic generator is not available")
    result = generate(tmp_path / "files", seed=3, size="small", years=3, end_year=2025, las=1, annex_a="none")
    la = result.las[0]
    project = Project(tmp_path / "s.duckdb", result.settings)
    project.load([tmp_path / "files" / la.code], la=la.code)
    expected = measure(la, 2025)
    got = {r.indicator: r for r in project.indicators("2024-25")}
    pairs = {"referrals": "referrals", "nfa_pct": "referrals-nfa", "assessments_45wd_pct": "assessments-45wd",
             "assessment_median_wd": "assessment-duration-wd", "s47": "s47-enquiries", "icpc_15wd_pct": "icpc-15wd",
             "cp_started": "cp-plans-started", "cp_second_pct": "cp-second-plan"}
    for key, iid in pairs.items():
        assert got[iid].status == "ok", got[iid]
        assert round(got[iid].value, 1) == expected[key], (iid, got[iid].value, expected[key])
    assert got["assessments-45wd"].denominator == expected["assessments"]
    assert got["cp-rate"].numerator == expected["cp_open"]
    # the generator's "within 12 months" is 365 days; 12 calendar months can differ by a day in leap years
    rereferrals = got["re-referrals-12m"]
    assert abs(rereferrals.value - expected["re_referrals_pct"]) <= 100 / rereferrals.denominator + 0.05
