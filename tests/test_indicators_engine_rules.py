"""Engine rules on small stores built by hand: how a query is wrapped, unknown answers, history
counted back from the period's end, empty files as real data, and populations for rates.

Every expected figure is worked out by hand in the comments beside it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from csc_scorecard.errors import ConfigError
from csc_scorecard.indicators.engine import _strip
from csc_scorecard.indicators.loader import load_catalogue
from csc_scorecard.indicators.period import parse_period
from csc_scorecard.ingest.issues import IssueLog
from csc_scorecard.ingest.result import ReadResult
from csc_scorecard.project import Project
from csc_scorecard.store import database

from conftest import SHARED_DATA

JUDGEMENT = "judgement: {sif2013: help-and-protection, ilacs2023: help-and-protection}\n"
TWO_YEARS = ["2024-25", "2023-24"]  # two periods: the engine batches them into one query


def _indicator(root: Path, iid: str, sql: str, *, aggregate: str = "count", unit: str | None = None,
               requires: str = "cin_episode", extra: str = "") -> None:
    folder = root / "mine" / iid
    folder.mkdir(parents=True)
    (folder / f"{iid}.yaml").write_text(
        f"id: {iid}\ntitle: Test {iid}\ndefinition: A test indicator built for one engine rule, with "
        f"words enough to pass the checks.\nunit: {unit or aggregate}\naggregate: {aggregate}\n"
        f"polarity: context\nsource: cin\nrequires: [{requires}]\n{JUDGEMENT}{extra}")
    (folder / f"{iid}.sql").write_text(sql)
    (root / "scorecard.yaml").write_text("catalogue: mine\n")


def _cin(tmp_path: Path, name: str, year: int, la: str, referrals) -> ReadResult:
    path = tmp_path / name
    path.write_text(f"{name}{referrals}")
    return ReadResult(path, "cin", "CIN census (XML)", year, la, IssueLog(str(path)),
                      {"cin_episode": [{"child_id": c, "referral_date": d, "referral_nfa": nfa}
                                       for c, d, nfa in referrals]})


def _store(tmp_path: Path, *results) -> Path:
    db = tmp_path / "s.duckdb"
    con = database.connect(db)
    database.load_results(con, list(results))
    con.close()
    return db


# LA 201, 2024-25: A (NFA), B (not NFA), C (NFA unknown); 2023-24: D (not NFA)
REFERRALS_2025 = [("A", date(2024, 5, 1), True), ("B", date(2024, 6, 1), False), ("C", date(2024, 7, 1), None)]
REFERRALS_2024 = [("D", date(2023, 5, 1), False)]


@pytest.fixture
def cin_store(tmp_path) -> Path:
    return _store(tmp_path, _cin(tmp_path, "a.xml", 2025, "201", REFERRALS_2025),
                  _cin(tmp_path, "b.xml", 2024, "201", REFERRALS_2024))


# -- 1. the query is wrapped safely ------------------------------------------------------------------
def test_strip_removes_trailing_semicolons_and_comments_but_not_quoted_text():
    assert _strip("SELECT 1;\n") == "SELECT 1"
    assert _strip("SELECT 1 ; ;  -- done;\n") == "SELECT 1"
    assert _strip("SELECT 1 -- the end") == "SELECT 1"
    assert _strip("SELECT 1 /* a; b */ ;") == "SELECT 1"
    assert _strip("SELECT '--;' AS x") == "SELECT '--;' AS x"
    assert _strip("SELECT 1 -- a; note\nFROM t;") == "SELECT 1 -- a; note\nFROM t"


@pytest.mark.parametrize("ending", [
    "  -- referrals in the period",          # a comment on the last line (it used to hide the closing bracket)
    ";",                                     # a trailing semicolon
    "; -- done",                             # a semicolon and then a comment
    "\n-- note: in_numerator is TRUE;\n",    # a comment holding a semicolon, on a line of its own
])
def test_query_ending_in_a_comment_or_semicolon_runs(cin_store, tmp_path, ending):
    _indicator(tmp_path, "ends", "SELECT la, child_id, referral_date, TRUE AS in_numerator FROM cin_episode\n"
                                 "WHERE referral_date BETWEEN $period_start AND $period_end" + ending)
    project = Project(cin_store, tmp_path / "scorecard.yaml")
    got = {r.period: r.value for r in project.indicators(TWO_YEARS, ids=["ends"])}  # batched
    assert got == {"2024-25": 3, "2023-24": 1}
    assert project.indicators("2024-25", ids=["ends"])[0].value == 3  # one period: not batched
    assert [r["child_id"] for r in project.cases("ends", "2024-25", la="201").rows] == ["A", "B", "C"]


# -- 2. unknown answers: listed, but in neither numerator nor denominator ------------------------------
def test_percent_leaves_unknown_rows_out_of_the_denominator(cin_store, tmp_path):
    _indicator(tmp_path, "nfa", "SELECT la, child_id, referral_nfa AS in_numerator FROM cin_episode\n"
                                "WHERE referral_date BETWEEN $period_start AND $period_end -- C is unknown",
               aggregate="percent")
    project = Project(cin_store, tmp_path / "scorecard.yaml")
    r = {x.period: x for x in project.indicators(TWO_YEARS, ids=["nfa"])}
    # 2024-25: A true, B false, C NULL -> 1 / 2 = 50%, 1 unknown
    assert (r["2024-25"].numerator, r["2024-25"].denominator, r["2024-25"].value, r["2024-25"].unknown) == \
        (1, 2, 50.0, 1)
    assert (r["2023-24"].numerator, r["2023-24"].denominator, r["2023-24"].unknown) == (0, 1, 0)
    cases = project.cases("nfa", "2024-25", la="201").rows
    assert [(c["child_id"], c["in_numerator"]) for c in cases] == [("A", True), ("B", False), ("C", None)]
    single = project.indicators("2024-25", ids=["nfa"])[0]  # the unbatched path agrees
    assert (single.numerator, single.denominator, single.unknown) == (1, 2, 1)


def test_percent_with_only_unknown_rows_is_not_available_and_says_why(tmp_path):
    db = _store(tmp_path, _cin(tmp_path, "a.xml", 2025, "201", [("C", date(2024, 7, 1), None)]))
    _indicator(tmp_path, "nfa", "SELECT la, child_id, referral_nfa AS in_numerator FROM cin_episode "
                                "WHERE referral_date BETWEEN $period_start AND $period_end", aggregate="percent",
               extra="counts: referrals\n")
    r = Project(db, tmp_path / "scorecard.yaml").indicators("2024-25", ids=["nfa"])[0]
    assert (r.status, r.value, r.unknown) == ("not available", None, None)
    assert r.reason == "no referrals in 2024-25 (the answer is unknown for 1 of the referrals listed)"


def test_test_cases_can_expect_the_unknown_count(tmp_path):
    from csc_scorecard.indicators.testing import load_cases, run_case

    _indicator(tmp_path, "nfa", "SELECT la, child_id, referral_nfa AS in_numerator FROM cin_episode "
                                "WHERE referral_date BETWEEN $period_start AND $period_end", aggregate="percent")
    (tmp_path / "mine" / "nfa" / "nfa.test.yaml").write_text(
        "- name: one of each\n  period: 2024-25\n  inputs:\n    cin_episode:\n"
        "      - {child_id: A, referral_date: 2024-05-01, referral_nfa: true}\n"
        "      - {child_id: B, referral_date: 2024-05-01, referral_nfa: false}\n"
        "      - {child_id: C, referral_date: 2024-05-01}\n"
        "  expected: {numerator: 1, denominator: 2, value: 50.0, unknown: 1}\n"
        "- name: a wrong unknown count is reported\n  period: 2024-25\n  inputs:\n    cin_episode:\n"
        "      - {child_id: C, referral_date: 2024-05-01}\n      - {child_id: D, referral_date: 2024-05-01}\n"
        "  expected: {unknown: 1}\n")
    right, wrong = load_cases(load_catalogue([tmp_path / "mine"]).get("nfa"))
    assert run_case(right) == []
    problems = run_case(wrong)  # two unknown, no known: not available, so unknown is None
    assert any("unknown is None, expected 1" in p for p in problems), problems


def test_unknown_reasons_and_notes_sum_up_into_the_figures_note(cin_store, tmp_path):
    _indicator(tmp_path, "nfa", "SELECT la, child_id, referral_nfa AS in_numerator,\n"
                                "  CASE WHEN referral_nfa IS NULL THEN 'NFA not recorded' END AS unknown_reason,\n"
                                "  CASE WHEN child_id IN ('A', 'B') THEN 'checked by hand' END AS note\n"
                                "FROM cin_episode WHERE referral_date BETWEEN $period_start AND $period_end",
               aggregate="percent")
    _indicator(tmp_path, "plain", "SELECT la, child_id, referral_nfa AS in_numerator FROM cin_episode "
                                  "WHERE referral_date BETWEEN $period_start AND $period_end", aggregate="percent")
    project = Project(cin_store, tmp_path / "scorecard.yaml")
    batched = {(r.indicator, r.period): r.note for r in project.indicators(TWO_YEARS, ids=["nfa", "plain"])}
    # 2024-25: C unknown; A and B noted. 2023-24: D neither
    assert batched == {("nfa", "2024-25"): "1 unknown: NFA not recorded; checked by hand (2)",
                       ("nfa", "2023-24"): None, ("plain", "2024-25"): None, ("plain", "2023-24"): None}
    [single] = project.indicators("2024-25", ids=["nfa"])  # the unbatched path agrees
    assert single.note == batched["nfa", "2024-25"]
    from click.testing import CliRunner

    from csc_scorecard.cli import main
    out = CliRunner().invoke(main, ["indicators", "--db", str(cin_store), "--settings", str(tmp_path / "scorecard.yaml"),
                                    "--id", "nfa", "--period", "2024-25"]).output.splitlines()
    assert "1 / 2; 1 unknown" in out[2] and out[2].endswith("1 unknown: NFA not recorded; checked by hand (2)")


def test_count_and_mean_report_unknown_rows(cin_store, tmp_path):
    _indicator(tmp_path, "nfa-count", "SELECT la, child_id, referral_nfa AS in_numerator FROM cin_episode "
                                      "WHERE referral_date BETWEEN $period_start AND $period_end")
    # value: days from 1 April 2024 for NFA referrals (A: 30), 0 for the others (B), NULL when unknown (C)
    _indicator(tmp_path, "nfa-days", "SELECT la, child_id, CASE WHEN referral_nfa THEN referral_date - $period_start "
                                     "WHEN NOT referral_nfa THEN 0 END::DOUBLE AS value FROM cin_episode "
                                     "WHERE referral_date BETWEEN $period_start AND $period_end",
               aggregate="mean", unit="days")
    project = Project(cin_store, tmp_path / "scorecard.yaml")
    got = {r.indicator: r for r in project.indicators("2024-25", ids=["nfa-count", "nfa-days"])}
    assert (got["nfa-count"].value, got["nfa-count"].unknown) == (1, 1)
    assert (got["nfa-days"].numerator, got["nfa-days"].denominator, got["nfa-days"].value,
            got["nfa-days"].unknown) == (30, 2, 15.0, 1)


def test_indicators_command_shows_unknown_only_when_there_are_some(cin_store, tmp_path):
    from click.testing import CliRunner

    from csc_scorecard.cli import main

    _indicator(tmp_path, "nfa", "SELECT la, child_id, referral_nfa AS in_numerator FROM cin_episode "
                                "WHERE referral_date BETWEEN $period_start AND $period_end", aggregate="percent")
    args = ["indicators", "--db", str(cin_store), "--settings", str(tmp_path / "scorecard.yaml"), "--id", "nfa"]
    lines = CliRunner().invoke(main, args + ["--period", "2024-25", "--period", "2023-24"]).output.splitlines()
    assert "50.0%" in lines[2] and "1 / 2; 1 unknown" in lines[2]
    assert "0.0%" in lines[3] and "unknown" not in lines[3]
    csv_out = CliRunner().invoke(main, args + ["--period", "2024-25", "--format", "csv"]).output.splitlines()
    assert csv_out[0].endswith(",reason,unknown,note") and csv_out[1].endswith(",1,")
    cases = CliRunner().invoke(main, ["cases", "--db", str(cin_store), "--settings", str(tmp_path / "scorecard.yaml"),
                                      "--indicator", "nfa", "--period", "2024-25", "--la", "201"]).output
    assert cases.splitlines()[-1] == "3 rows, 1 in the numerator, 1 unknown (in neither numerator nor denominator)"


# -- 3. history counted back from the period's end ------------------------------------------------------
def test_history_from_counts_back_from_the_end_or_the_start():
    cat = load_catalogue()
    stability, a1, rereferrals = cat.get("cla-long-term-stability"), cat.get("adoption-a1-days"), \
        cat.get("re-referrals-12m")
    q1, fy, q4 = parse_period("2024-25-Q1"), parse_period("2024-25"), parse_period("2024-25-Q4")
    # 30 June 2024 - 30 months = 30 December 2021: records after it, in 2021-22's return onwards
    assert stability.history_from(q1) == date(2021, 12, 31)
    # 31 March 2025 - 30 months = 30 September 2022
    assert stability.history_from(fy) == stability.history_from(q4) == date(2022, 10, 1)
    # adopted in the 3 years ending 30 June 2024: after 30 June 2021
    assert a1.history_from(q1) == date(2021, 7, 1)
    assert a1.history_from(fy) == date(2022, 4, 1)
    # lookback_months still counts from the start: 12 months before 1 April 2024
    assert rereferrals.history_from(fy) == date(2023, 4, 1)


def _episodes(tmp_path: Path, year: int, la: str = "201") -> ReadResult:
    """One child in care since 1 June 2021 (in every return from 2021-22), in the return of `year`."""
    path = tmp_path / f"episodes_{year}.csv"
    path.write_text(f"episodes {year}")
    return ReadResult(path, "ssda903", "SSDA903 Episodes (CSV)", year, la, IssueLog(str(path)),
                      {"cla_episode": [{"child_id": "K", "decom": date(2021, 6, 1), "rne": "S", "ls": "C2",
                                        "place": "U1"}],
                       "child": [{"child_id": "K", "dob": date(2015, 1, 1)}]})


def test_quarter_coverage_needs_the_return_holding_the_day_30_months_before_its_end(tmp_path):
    db = _store(tmp_path, *(_episodes(tmp_path, y) for y in (2023, 2024, 2025)))
    project = Project(db)
    got = {r.period: r for r in project.indicators(["2024-25", "2024-25-Q1"], ids=["cla-long-term-stability"])}
    # the year: 2022-23 to 2024-25 are enough; K in care since June 2021, same placement: 1 of 1
    assert (got["2024-25"].status, got["2024-25"].value) == ("ok", 100.0)
    # Q1 (ending 30 June 2024) reaches back to 31 December 2021, in 2021-22's return
    assert got["2024-25-Q1"].reason == "no SSDA903 episodes for 2021-22"
    con = database.connect(db)
    database.load_results(con, [_episodes(tmp_path, 2022)])
    con.close()
    assert Project(db).indicators("2024-25-Q1", ids=["cla-long-term-stability"])[0].value == 100.0


def test_history_months_before_end_must_be_a_whole_number(tmp_path):
    _indicator(tmp_path, "bad", "SELECT la, child_id, TRUE AS in_numerator FROM cin_episode",
               extra="history_months_before_end: -3\n")
    with pytest.raises(ConfigError, match="history_months_before_end: must be a whole number of months"):
        load_catalogue([tmp_path / "mine"])


# -- 4. a file with no rows for a table is data: the figure is 0 -------------------------------------------
EPISODES = ("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
            "1001,01/06/2024,S,C2,N1,U1,PR1,,,,,,\n"
            "1002,10/09/2024,S,V2,N2,U1,PR1,01/02/2025,E4A,,,,\n")
HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n1001,1,01/01/2012,WBRI,,,\n1002,2,05/05/2010,WBRI,,,\n"


def _return_903(folder: Path, *, ad1: bool, missing: bool) -> Path:
    folder.mkdir(parents=True)
    (folder / "episodes.csv").write_text(EPISODES)
    (folder / "header.csv").write_text(HEADER)
    if ad1:
        (folder / "ad1.csv").write_text("CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR\n")
    if missing:
        (folder / "missing.csv").write_text("CHILD,DOB,MISSING,MIS_START,MIS_END\n")
    return folder


def test_header_only_903_files_load_as_empty_tables_and_count_as_data(tmp_path):
    project = Project(tmp_path / "s.duckdb")
    # LA 201 sent AD1 and Missing files with the column names and no rows; LA 202 sent neither
    report = project.load([_return_903(tmp_path / "201" / "2024-25", ad1=True, missing=True)], la="201")
    assert report.ok, [str(i) for i in report.issues]
    project.load([_return_903(tmp_path / "202" / "2024-25", ad1=False, missing=False)], la="202")
    counts = {Path(f["file"]).name: f["row_counts"] for f in project.loads() if f["la"] == "201"}
    assert counts["ad1.csv"] == {"ad1": 0} and counts["missing.csv"] == {"missing": 0}
    assert {f["collection_year"] for f in project.loads()} == {2025}

    got = {(r.indicator, r.la): r for r in project.indicators("2024-25", ids=["adoptions", "cla-missing"])}
    # nobody's care ended in adoption (1002 went home, E4A)
    assert (got["adoptions", "201"].status, got["adoptions", "201"].value) == ("ok", 0)
    # both children looked after in 2024-25, neither missing: 0 of 2
    r = got["cla-missing", "201"]
    assert (r.status, r.numerator, r.denominator, r.value) == ("ok", 0, 2, 0.0)
    # without a Missing file the figure is not 0 but not available
    assert got["cla-missing", "202"].reason == "no SSDA903 missing for 2024-25"


def test_an_empty_annex_a_list_counts_for_the_workbooks_extract_date(tmp_path):
    """A workbook with children on CP plans (List 8) and an empty List 6 (children looked after)."""
    path = tmp_path / "annex.xlsx"
    path.write_text("x")
    extract = date(2025, 1, 10)
    cp = [{"extract_date": extract, "row_number": 2, "child_id": "B", "cpp_start_date": date(2024, 6, 1),
           "last_statutory_visit_date": date(2025, 1, 6)}]
    result = ReadResult(path, "annex_a", "Ofsted Annex A (xlsx)", 2025, "201", IssueLog(str(path)),
                        {"annex_a_cp": cp, "annex_a_cla": []}, version={"extract_date": extract})
    db = _store(tmp_path, result)
    got = {r.indicator: r for r in Project(db).indicators("2024-25", ids=["cla-visits-in-time",
                                                                            "cp-visits-in-time"])}
    assert got["cp-visits-in-time"].value == 100.0
    # the list was there and empty: no cohort, rather than "no Annex A List 6 extract dated in 2024-25"
    assert got["cla-visits-in-time"].status == "not available"
    assert got["cla-visits-in-time"].reason == "no children looked after in an Annex A extract dated in 2024-25"


# -- 5. populations: scorecard.yaml first, then the published ONS estimates -----------------------------
def _bench_population(db: Path, rows) -> None:
    from csc_scorecard.benchmarks.tables import ensure_tables

    con = duckdb.connect(str(db))
    ensure_tables(con)
    con.executemany("INSERT INTO bench_population (file, level, la_code, mid_year, year, population) "
                    "VALUES (?, 'la', ?, ?, ?, ?)", rows)
    con.close()


def test_rate_uses_the_published_population_when_settings_have_none(cin_store, tmp_path):
    _bench_population(cin_store, [
        ("ons_old.csv", "201", 2023, 2024, 900), ("ons_old.csv", "201", 2024, 2025, 1400),
        ("ons_new.csv", "201", 2024, 2025, 1500),  # the newer publication (reaching mid-2025) revises mid-2024
        ("ons_new.csv", "201", 2025, 2026, 1600),
    ])
    rates = {r.period: r for r in Project(cin_store).indicators(TWO_YEARS + ["2022-23"], ids=["referrals-rate"])}
    # 2024-25: 3 referrals x 10,000 / 1,500 (mid-2024, newest file) = 20
    assert (rates["2024-25"].numerator, rates["2024-25"].denominator, rates["2024-25"].value) == (3, 1500, 20.0)
    assert rates["2023-24"].value == pytest.approx(1 * 10000 / 900)
    assert rates["2022-23"].reason.startswith("no CIN census referrals")  # coverage is decided first
    (tmp_path / "scorecard.yaml").write_text('las:\n  "201": {population: {2025: 1000}}\n')
    # settings win: 3 x 10,000 / 1,000 = 30; the year settings lack still comes from ONS
    rates = {r.period: r for r in Project(cin_store, tmp_path / "scorecard.yaml").indicators(
        TWO_YEARS, ids=["referrals-rate"])}
    assert (rates["2024-25"].value, rates["2023-24"].denominator) == (30.0, 900)


def test_rate_without_any_population_says_where_it_looked(cin_store):
    _bench_population(cin_store, [("ons.csv", "999", 2024, 2025, 5000)])  # another LA's only
    r = Project(cin_store).indicators("2024-25", ids=["referrals-rate"])[0]
    assert r.status == "not available"
    assert r.reason.startswith("population not set in scorecard.yaml and no published ONS population loaded "
                               "for LA 201 year 2025")


def test_rate_from_the_real_ons_file(tmp_path):
    ons = SHARED_DATA / "benchmarks" / "ees" / "ons_mid-year_population_estimates_2012_to_2024.csv"
    if not ons.is_file():
        pytest.skip(f"public benchmark files not found at {ons.parent}")
    from csc_scorecard.benchmarks.load import load_benchmarks

    refs = [(f"H{i}", date(2024, 4, 1 + i), False) for i in range(6)]
    db = _store(tmp_path, _cin(tmp_path, "harrow.xml", 2025, "310", refs))
    con = duckdb.connect(str(db))
    assert [o.status for o in load_benchmarks(con, [ons])] == ["loaded"]
    con.close()
    r = Project(db).indicators("2024-25", ids=["referrals-rate"])[0]
    # Harrow (310), children aged 0-17 at mid-2024 (the file's line for 2024): 60,452; 6 referrals
    assert (r.numerator, r.denominator) == (6, 60452)
    assert r.value == pytest.approx(6 * 10000 / 60452)
