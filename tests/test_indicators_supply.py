"""Supplied indicators: `scorecard supply FILE`, bad rows, replacement, and the figures they give."""

from __future__ import annotations

from csc_scorecard.indicators.loader import load_catalogue
from csc_scorecard.indicators.supplied import read_supplied
from csc_scorecard.project import Project

GOOD = """indicator,la,period,value,numerator,denominator
cla-ks2-expected-standard,310,2024-25,38.5,5,13
sw-caseload,310,2024-25-Q2,16.1,,
sw-caseload,302,2024-25-Q2,14,,
"""


def issues_by_code(report):
    return {i.code: i for i in report.issues}


def test_supply_stores_values_and_engine_reports_them(tmp_path):
    path = tmp_path / "supplied.csv"
    path.write_text(GOOD)
    project = Project(tmp_path / "s.duckdb")
    report = project.supply(path)
    assert report.ok and report.load_id == 1 and report.issues == []
    assert sorted(f.la for f in report.files) == ["302", "310"]
    results = {(r.indicator, r.la, r.period): r for r in project.indicators(
        ["2024-25", "2024-25-Q2"], ids=["cla-ks2-expected-standard", "sw-caseload"])}
    ks2 = results["cla-ks2-expected-standard", "310", "2024-25"]
    assert (ks2.value, ks2.numerator, ks2.denominator, ks2.unit, ks2.status) == (38.5, 5, 13, "percent", "ok")
    assert results["sw-caseload", "302", "2024-25-Q2"].value == 14
    missing = results["sw-caseload", "310", "2024-25"]
    assert missing.status == "not available" and "no value supplied for 2024-25" in missing.reason
    # a value supplied for the financial year also answers the same dates under another name
    assert project.indicators(["12m:2025-03-31"], la="310", ids=["cla-ks2-expected-standard"])[0].value == 38.5


def test_supplying_again_replaces_the_same_indicator_la_and_period(tmp_path):
    project = Project(tmp_path / "s.duckdb")
    first = tmp_path / "first.csv"
    first.write_text(GOOD)
    project.supply(first)
    again = project.supply(first)
    assert again.load_id is None and again.ok  # unchanged file: nothing new
    second = tmp_path / "second.csv"
    second.write_text("indicator,la,period,value\ncla-ks2-expected-standard,310,2024-25,40\n")
    assert project.supply(second).load_id == 2
    values = {(r.indicator, r.la): r for r in project.indicators(
        "2024-25-Q2", ids=["sw-caseload"]) + project.indicators("2024-25", ids=["cla-ks2-expected-standard"])}
    assert values["cla-ks2-expected-standard", "310"].value == 40
    assert values["cla-ks2-expected-standard", "310"].numerator is None
    assert values["sw-caseload", "310"].value == 16.1  # other values untouched


def test_bad_rows_are_reported_and_the_good_ones_stored(tmp_path):
    path = tmp_path / "supplied.csv"
    path.write_text("""Indicator,LA,Period,Value,Numerator,Denominator,Comment
cla-ks2-expected-standard,310,2024-25,38.5,5,13,ok
cla-ks2-expectd-standard,310,2024-25,38.5,,,typo
referrals,310,2024-25,1200,,,computed
cla-ks2-expected-standard,31,2024-25,38.5,,,bad la
cla-ks2-expected-standard,310,2024-5,38.5,,,bad period
cla-ks2-expected-standard,310,2023-24,,,,empty
cla-ks2-expected-standard,310,2022-23,c,,,suppressed
cla-ks2-expected-standard,310,2021-22,about 40,,,text
cla-ks2-expected-standard,310,2020-21,140,,,over 100
cla-ks2-expected-standard,310,2019-20,0.385,,,fraction
cla-ks2-expected-standard,310,2018-19,50,1,3,mismatch
cla-ks2-expected-standard,310,2024-25,39,,,duplicate
sw-caseload,310,2024-25,15,-2,,negative numerator
cla-persistent-absence,310,2024-25,21.5%,,,percent sign
""")
    report = Project(tmp_path / "s.duckdb").supply(path)
    assert report.ok and report.load_id == 1
    codes = [(i.code, i.location, i.field, i.value, i.severity) for i in report.issues]
    assert codes == [
        ("unknown-column", "row 1", "comment", "", "warning"),
        ("unknown-indicator", "row 3", "indicator", "cla-ks2-expectd-standard", "error"),
        ("not-a-supplied-indicator", "row 4", "indicator", "referrals", "error"),
        ("invalid-la", "row 5", "la", "31", "error"),
        ("invalid-period", "row 6", "period", "2024-5", "error"),
        ("missing-value", "row 7", "value", "", "error"),
        ("suppressed-value", "row 8", "value", "c", "warning"),
        ("invalid-number", "row 9", "value", "about 40", "error"),
        ("percent-out-of-range", "row 10", "value", "140", "error"),
        ("percent-looks-like-fraction", "row 11", "value", "0.385", "warning"),
        ("value-does-not-match", "row 12", "value", "50", "warning"),
        ("duplicate-row", "row 13", "period", "2024-25", "error"),
        ("invalid-number", "row 14", "numerator", "-2", "error"),
    ]
    assert all(i.fix for i in report.issues)
    assert "Row 2 already gives cla-ks2-expected-standard for LA 310 and 2024-25" in issues_by_code(report)[
        "duplicate-row"].message
    stored = report.files[0].rows["supplied_value"]
    assert stored == 4  # rows 2, 11, 12 and 15
    absence = Project(tmp_path / "s.duckdb").indicators("2024-25", ids=["cla-persistent-absence"])[0]
    assert absence.value == 21.5


def test_a_file_without_the_columns_is_not_loaded(tmp_path):
    path = tmp_path / "supplied.csv"
    path.write_text("indicator,la,value\ncla-ks2-expected-standard,310,38.5\n")
    report = Project(tmp_path / "s.duckdb").supply(path)
    assert not report.ok and report.load_id is None
    fatal = report.issues[0]
    assert (fatal.severity, fatal.code) == ("fatal", "missing-column") and "period" in fatal.message


def test_a_file_with_no_good_row_is_not_loaded(tmp_path):
    path = tmp_path / "supplied.csv"
    path.write_text("indicator,la,period,value\nnope,310,2024-25,1\n")
    results = read_supplied(path, load_catalogue())
    assert [i.code for i in results[0].log.issues] == ["unknown-indicator", "no-values"]
    assert not results[0].loadable


def test_utf16_and_cp1252_files(tmp_path):
    path = tmp_path / "supplied.csv"
    path.write_bytes(GOOD.encode("utf-16"))
    results = read_supplied(path, load_catalogue())
    assert sum(r.row_counts().get("supplied_value", 0) for r in results) == 3
