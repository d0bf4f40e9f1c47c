"""scorecard indicators / cases / catalogue / supply through the real CLI."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from click.testing import CliRunner

from csc_scorecard.cli import main
from csc_scorecard.ingest.issues import IssueLog
from csc_scorecard.ingest.result import ReadResult
from csc_scorecard.store import database


@pytest.fixture
def store(tmp_path):
    """LA 201: two assessments authorised in 2024-25, one in 45 working days, one in 46."""
    path = tmp_path / "cin.xml"
    path.write_text("x")
    refs = [{"child_id": c, "referral_date": date(2024, 3, 1), "referral_nfa": False} for c in ("A1", "A2")]
    asms = [{"child_id": "A1", "referral_date": date(2024, 3, 1), "assessment_actual_start_date": date(2024, 3, 1),
             "assessment_authorisation_date": date(2024, 5, 8)},
            {"child_id": "A2", "referral_date": date(2024, 3, 1), "assessment_actual_start_date": date(2024, 3, 1),
             "assessment_authorisation_date": date(2024, 5, 9)}]
    results = [ReadResult(path, "cin", "CIN census (XML)", y, "201", IssueLog(str(path)),
                          {"cin_episode": refs, "assessment": asms}) for y in (2024, 2025)]
    con = database.connect(tmp_path / "s.duckdb")
    database.load_results(con, results[:1])
    path.write_text("y")
    database.load_results(con, results[1:])
    con.close()
    (tmp_path / "scorecard.yaml").write_text('la: "201"\nlas:\n  "201": {name: Testshire, population: {2025: 400}}\n')
    return tmp_path


def run(args, cwd=None):
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    return result


def test_indicators_json(store):
    r = run(["indicators", "--db", str(store / "s.duckdb"), "--settings", str(store / "scorecard.yaml"),
             "--period", "2024-25", "--id", "assessments-45wd", "--id", "referrals-rate", "--id", "cp-rate",
             "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = {row["indicator"]: row for row in json.loads(r.output)}
    assert rows["assessments-45wd"] == {"indicator": "assessments-45wd", "la": "201", "period": "2024-25",
                                        "numerator": 1, "denominator": 2, "value": 50.0, "unit": "percent",
                                        "status": "ok", "reason": None, "unknown": 0, "note": None}
    assert rows["referrals-rate"]["status"] == "ok" and rows["referrals-rate"]["value"] == 0.0  # referred 2023-24
    assert rows["cp-rate"]["status"] == "not available"
    assert rows["cp-rate"]["reason"] == "no CIN census child protection plans for 2024-25"


def test_indicators_csv_and_table(store):
    db = str(store / "s.duckdb")
    r = run(["indicators", "--db", db, "--period", "2024-25-Q1", "--id", "assessments-45wd", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert list(rows[0]) == ["indicator", "la", "period", "numerator", "denominator", "value", "unit", "status",
                             "reason", "unknown", "note"]
    assert (rows[0]["numerator"], rows[0]["denominator"], rows[0]["value"]) == ("1", "2", "50.0")
    r = run(["indicators", "--db", db, "--period", "2024-25", "--period", "2024-25-Q3", "--id", "assessments-45wd"])
    assert r.exit_code == 0
    lines = r.output.splitlines()
    assert "50.0%" in lines[2] and "1 / 2" in lines[2]
    assert "n/a" in lines[3] and "no assessments authorised in 2024-25 Q3" in lines[3]


def test_cases_lists_children_with_the_deciding_dates(store):
    db = str(store / "s.duckdb")
    r = run(["cases", "--db", db, "--indicator", "assessments-45wd", "--period", "2024-25", "--la", "201",
             "--format", "csv"])
    assert r.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(r.output)))
    # most overdue first
    assert [(x["child_id"], x["assessment_actual_start_date"], x["assessment_authorisation_date"],
             x["working_days"], x["in_numerator"], x["meets_standard"], x["days_over"]) for x in rows] == [
        ("A2", "2024-03-01", "2024-05-09", "46", "false", "false", "1"),
        ("A1", "2024-03-01", "2024-05-08", "45", "true", "true", "0")]
    r = run(["cases", "--db", db, "--indicator", "assessments-45wd", "--period", "2024-25"])
    assert r.output.splitlines()[-1] == "2 rows, 1 in the numerator"
    r = run(["cases", "--db", db, "--indicator", "assessments-45wd", "--period", "2024-25", "--format", "json"])
    data = json.loads(r.output)
    assert data["status"] == "ok" and data["rows"][1]["assessment_authorisation_date"] == "2024-05-08"
    assert any("meets_standard" in note for note in data["notes"])


def test_cases_not_available_and_bad_input(store):
    db = str(store / "s.duckdb")
    r = run(["cases", "--db", db, "--indicator", "assessments-45wd", "--period", "2025-26", "--la", "201"])
    assert r.exit_code == 1 and "Not available: no CIN census assessments for 2025-26" in r.output
    r = run(["cases", "--db", db, "--indicator", "assessment-45wd", "--period", "2024-25"])
    assert r.exit_code == 1 and "Did you mean assessments-45wd" in r.output
    r = run(["indicators", "--db", db, "--period", "2024/26"])
    assert r.exit_code == 2 and "is not a financial year" in r.output
    r = run(["indicators", "--db", str(store / "none.duckdb"), "--period", "2024-25"])
    assert r.exit_code == 1 and "No store at" in r.output


def test_catalogue_lists_and_tests(store, tmp_path):
    r = run(["catalogue", "--format", "json"])
    items = {i["id"]: i for i in json.loads(r.output)}
    assert items["icpc-15wd"]["unit"] == "percent" and items["icpc-15wd"]["benchmark"]["lait"] == "CP_conf_15days"
    r = run(["catalogue"])
    assert "cp-reviews-in-time  Child protection plans reviewed within timescales" in r.output
    assert "settings: cp_first_review_months = 3, cp_review_months = 6" in r.output
    own = tmp_path / "mine" / "odd"
    own.mkdir(parents=True)
    (own / "odd.yaml").write_text(
        "id: odd\ntitle: Odd\ndefinition: Referrals counted in the period, with a test that is wrong on purpose.\n"
        "unit: count\naggregate: count\npolarity: context\nsource: cin\nrequires: [cin_episode]\n"
        "judgement: {sif2013: help-and-protection, ilacs2023: help-and-protection}\n")
    (own / "odd.sql").write_text("SELECT la, child_id, TRUE AS in_numerator FROM cin_episode "
                                 "WHERE referral_date BETWEEN $period_start AND $period_end")
    (own / "odd.test.yaml").write_text("- name: wrong\n  period: 2024-25\n  inputs:\n    cin_episode:\n"
                                       "      - {child_id: A, referral_date: 2024-05-01}\n  expected: {value: 2}\n")
    (tmp_path / "scorecard.yaml").write_text("catalogue: mine\n")
    r = run(["catalogue", "--test", "--id", "odd", "--id", "referrals", "--settings", str(tmp_path / "scorecard.yaml")])
    assert r.exit_code == 1
    assert "FAIL " in r.output and "odd.test.yaml, line 1 [wrong] LA 999: value is 1, expected 2" in r.output
    assert r.output.splitlines()[-1] == "4 of 5 test cases passed."


def test_supply_command(store):
    path = store / "values.csv"
    path.write_text("indicator,la,period,value\nsw-caseload,201,2024-25,15.5\nsw-caseload,201,2024-25,x\n")
    db = str(store / "s.duckdb")
    r = run(["supply", str(path), "--db", db])
    assert r.exit_code == 0
    assert "1 values stored for LA 201" in r.output
    assert "WARNING:" in r.output and "row 3, value: \"x\"" in r.output
    r = run(["indicators", "--db", db, "--period", "2024-25", "--id", "sw-caseload", "--format", "json"])
    assert json.loads(r.output)[0]["value"] == 15.5
    bad = store / "bad.csv"
    bad.write_text("indicator,value\nsw-caseload,1\n")
    r = run(["supply", str(bad), "--db", db])
    assert r.exit_code == 1 and "missing-column" not in r.output and "has no column la, period" in r.output
