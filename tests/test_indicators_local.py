"""Local extracts (health assessments): recognised by header, checked row by row, feeding iha-20wd."""

from __future__ import annotations

from datetime import date

from csc_scorecard.ingest import local
from csc_scorecard.ingest.detect import read_file
from csc_scorecard.project import Project


def test_recognised_by_header_in_any_order_and_case(tmp_path):
    path = tmp_path / "iha.csv"
    path.write_text("Assessment Type,Child ID,Health Assessment Date\ninitial,C1,03/06/2024\n")
    results = read_file(path, la="310")
    assert results[0].source_return == "local"
    assert results[0].tables["health_assessment"].to_pylist() == [
        {"child_id": "C1", "health_assessment_date": date(2024, 6, 3), "assessment_type": "initial"}]
    assert results[0].collection_year == 2025
    assert not results[0].log.issues


def test_bad_rows_reported_good_rows_kept(tmp_path):
    path = tmp_path / "iha.csv"
    path.write_text("child_id,health_assessment_date,assessment_type,la\n"
                    "C1,2024-06-03,IHA,310\n"
                    ",2024-06-03,initial,310\n"
                    "C2,31/02/2024,initial,310\n"
                    "C3,2024-06-03,annual,310\n"
                    "C1,2024-06-03,Initial,310\n"
                    "C4,2024-07-01,RHA,31\n"
                    "C5,2024-07-01,review,311\n")
    results = local.read(path)
    issues = [(i.code, i.location, i.field, i.value) for r in results for i in r.log.issues]
    assert issues == [
        ("missing-child-id", "row 3", "child_id", ""),
        ("invalid-date", "row 4", "health_assessment_date", "31/02/2024"),
        ("invalid-assessment-type", "row 5", "assessment_type", "annual"),
        ("duplicate-row", "row 6", "child_id", ""),
        ("invalid-la", "row 7", "la", "31"),
    ]
    assert [(r.la, r.row_counts()) for r in results] == [("310", {"health_assessment": 1}),
                                                         ("311", {"health_assessment": 1})]
    # no child's ID in any message
    assert all("C1" not in i.message and "C3" not in i.message for r in results for i in r.log.issues)


def test_without_an_la_it_is_not_loaded(tmp_path):
    path = tmp_path / "iha.csv"
    path.write_text("child_id,health_assessment_date,assessment_type\nC1,2024-06-03,initial\n")
    results = local.read(path)
    assert [i.code for i in results[0].log.issues] == ["la-not-given"] and not results[0].loadable


def test_supplied_values_file_given_to_load_says_use_supply(tmp_path):
    path = tmp_path / "values.csv"
    path.write_text("indicator,la,period,value\nsw-caseload,310,2024-25,15\n")
    results = read_file(path)
    assert results[0].log.issues[0].code == "supplied-values-file"
    assert "scorecard supply" in results[0].log.issues[0].fix


def test_a_new_extract_replaces_the_previous_one_and_feeds_iha_20wd(tmp_path):
    db = tmp_path / "s.duckdb"
    project = Project(db)
    episodes = tmp_path / "episodes.csv"
    episodes.write_text("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
                        "C1,16/12/2024,S,C2,N1,U1,PR1,,,,,,\n")
    first = tmp_path / "iha1.csv"
    first.write_text("child_id,health_assessment_date,assessment_type\nC1,2025-01-17,initial\n")
    project.load([episodes], la="310", year=2025)
    project.load([first], la="310")
    r = project.indicators("2024-25", ids=["iha-20wd"])[0]
    assert (r.numerator, r.denominator) == (0, 1)  # 21 working days: late
    second = tmp_path / "iha2.csv"
    second.write_text("child_id,health_assessment_date,assessment_type\nC1,2025-01-16,initial\n")
    project.load([second], la="310")  # corrected extract: the 17 January row must go
    r = project.indicators("2024-25", ids=["iha-20wd"])[0]
    assert (r.numerator, r.denominator) == (1, 1)
    case = project.cases("iha-20wd", "2024-25", la="310").rows[0]
    assert (case["health_assessment_date"], case["working_days"]) == (date(2025, 1, 16), 20)
    # an extract of column names only (an LA with nothing to report, or an export gone wrong) is no reason to
    # throw the stored list away: a warning, the load succeeds, and the 16 January row stays
    empty = tmp_path / "iha3.csv"
    empty.write_text("child_id,health_assessment_date,assessment_type\n")
    report = project.load([empty], la="310")
    assert report.ok
    [issue] = report.issues
    assert (issue.severity, issue.code) == ("warning", "no-rows")
    assert "nothing was stored; any list stored before is kept" in issue.message
    assert project.indicators("2024-25", ids=["iha-20wd"])[0].numerator == 1


def test_an_extract_whose_every_row_is_wrong_is_not_loaded(tmp_path):
    path = tmp_path / "iha.csv"
    path.write_text("child_id,health_assessment_date,assessment_type,la\nC1,2024-06-03,annual,310\n")
    [r] = local.read(path)
    assert [(i.severity, i.code) for i in r.log.issues] == [("error", "invalid-assessment-type"),
                                                           ("fatal", "no-rows")]
    assert not r.loadable and "see the problems listed for each row" in r.log.issues[-1].message
