"""One bad value never aborts a load: out-of-range numbers, every row dropped, a reader fault.

Before the fixes each of these stopped the whole `scorecard load` with "Internal error" (exit 3)."""

from __future__ import annotations

import duckdb
import openpyxl
import pytest
from click.testing import CliRunner

from csc_scorecard.cli import main
from csc_scorecard.ingest import detect, issues as issues_mod
from csc_scorecard.ingest.issues import IssueLog
from csc_scorecard.project import Project

OC2 = ("CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,"
       "SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\n")
EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
GOOD_EPISODE = "E1,01/05/2024,S,C2,N1,U4,PR1,,,,,,\n"


def load(tmp_path, *files, **kw):
    out = CliRunner().invoke(main, ["load", *map(str, files), "--la", "201", "--year", "2025", "--db",
                                    str(tmp_path / "s.duckdb"), "--issues-dir", str(tmp_path / "iss"), "--quiet",
                                    *kw.get("extra", [])])
    assert out.exit_code in (0, 1), out.output
    assert "Internal error" not in out.output
    return out


def test_numbers_beyond_the_store_range_are_row_issues_not_aborts(tmp_path):
    f = tmp_path / "oc2.csv"
    f.write_text(OC2 + "A,01/01/2010,2147483648,,0,1,1,1,1,0,0,0\n"
                       "B,01/01/2010,1e308,,99999999999,1,1,1,1,0,0,0\n"
                       "C,01/01/2010,12,,1,1,1,1,1,0,0,0\n")
    ep = tmp_path / "episodes.csv"
    ep.write_text(EPISODES + GOOD_EPISODE)
    out = load(tmp_path, f, ep)
    assert out.exit_code == 0, out.output
    con = duckdb.connect(str(tmp_path / "s.duckdb"), read_only=True)
    assert con.execute("SELECT child_id, sdq_score, convicted FROM oc2 ORDER BY 1").fetchall() == [
        ("A", None, 0), ("B", None, None), ("C", 12, 1)]
    assert con.execute("SELECT count(*) FROM cla_episode").fetchall() == [(1,)]
    issues = (tmp_path / "iss" / "issues.csv").read_text(encoding="utf-8-sig")
    assert issues.count("too large a number") == 3 and "row 3" in issues


def test_an_annex_a_count_beyond_range_is_a_cell_issue(tmp_path):
    from test_ingest_annex_a import L7, cp_row, workbook
    path = workbook(tmp_path / "Annex_A_201_2024-03-31.xlsx", {"List 7": [L7, cp_row(
        "C1", "01/02/2024", "01/03/2024", **{"Number of Previous Child Protection Plans": "4294967296"})]})
    [r] = detect.read_file(path, la="201")
    assert [(i.code, i.value) for i in r.log.issues if i.severity == "error"] == [("invalid-number", "4294967296")]
    out = load(tmp_path, path, extra=["--as-at", "2024-03-31"])
    assert out.exit_code == 0, out.output
    con = duckdb.connect(str(tmp_path / "s.duckdb"), read_only=True)
    assert con.execute("SELECT child_id, number_of_previous_cpp FROM annex_a_cp").fetchall() == [("C1", None)]


def test_a_table_whose_every_row_is_dropped_is_not_stored_and_others_are(tmp_path):
    bad = tmp_path / "episodes.csv"
    bad.write_text(EPISODES + "E1,,S,C2,N1,U4,PR1,,,,,,\n")  # no DECOM: the only row cannot be stored
    oc2 = tmp_path / "oc2.csv"
    oc2.write_text(OC2 + "C,01/01/2010,12,,1,1,1,1,1,0,0,0\n")
    out = load(tmp_path, bad, oc2)
    assert out.exit_code == 1 and "None of the file's rows could be stored" in out.output
    con = duckdb.connect(str(tmp_path / "s.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM oc2").fetchall() == [(1,)]
    assert con.execute("SELECT count(*) FROM cla_episode").fetchall() == [(0,)]


def test_a_fault_in_a_reader_fails_that_file_only(tmp_path, monkeypatch):
    from csc_scorecard.ingest import ssda903
    real = ssda903._read

    def broken(path, year, la):
        if path.name == "episodes.csv":
            raise TypeError("Value 123 too large")  # a value from the file must not reach the message
        return real(path, year, la)

    monkeypatch.setattr(ssda903, "_read", broken)
    ep = tmp_path / "episodes.csv"
    ep.write_text(EPISODES + GOOD_EPISODE)
    oc2 = tmp_path / "oc2.csv"
    oc2.write_text(OC2 + "C,01/01/2010,12,,1,1,1,1,1,0,0,0\n")
    report = Project(tmp_path / "s.duckdb").load([ep, oc2], la="201", year=2025)
    status = {f.path.rsplit("/", 1)[-1]: f.status for f in report.files}
    assert status == {"episodes.csv": "not loaded", "oc2.csv": "loaded"}
    [fatal] = [i for i in report.issues if i.severity == "fatal"]
    assert fatal.code == "reader-failed" and "123" not in fatal.message


def test_a_value_the_store_cannot_hold_fails_its_file_not_the_load(tmp_path):
    from csc_scorecard.ingest.result import ReadResult
    from csc_scorecard.store import database

    con = database.connect(tmp_path / "s.duckdb")
    good = detect.read_file(_write(tmp_path / "oc2.csv", OC2 + "C,01/01/2010,12,,1,1,1,1,1,0,0,0\n"),
                            la="201", year=2025)[0]
    bad = ReadResult(tmp_path / "h.csv", "local", "Local extract: health assessments (CSV)", 2025, "202",
                     IssueLog("h.csv"), {"health_assessment": [{"child_id": "X", "health_assessment_date": "x"}]})
    outcome = database.load_results(con, [good, bad])
    assert [f.status for f in outcome.files] == ["loaded", "not loaded"]
    assert [i.code for i in bad.log.issues] == ["unstorable-value"]
    assert con.execute("SELECT count(*) FROM oc2").fetchall() == [(1,)]


def _write(path, text):
    path.write_text(text)
    return path


def test_the_issue_list_keeps_the_first_of_each_code_and_counts_the_rest(monkeypatch):
    monkeypatch.setattr(issues_mod, "LISTED_PER_CODE", 3)
    log = IssueLog("f.csv")
    for n in range(10):
        log.add("warning", "repeated-column", "m", "f", location=f"column {n}")
    log.add("error", "invalid-date", "m", "f")
    assert [i.location for i in log.issues][:4] == ["column 0", "column 1", "column 2", ""]
    assert len(log.issues) == 5 and "7 more issues like this" in log.issues[-1].message
    assert log.counts()["warning"] == 10 and log.counts()["error"] == 1


def test_a_header_repeated_across_many_columns_gives_a_short_issue_list(tmp_path):
    f = tmp_path / "episodes.csv"
    f.write_text(EPISODES.rstrip("\n") + ",CHILD" * 200_000 + "\n" + GOOD_EPISODE)
    [r] = detect.read_file(f, la="201", year=2025)
    assert len(r.log.issues) <= issues_mod.LISTED_PER_CODE + 5
    assert r.log.counts()["warning"] >= 200_000


def test_ids_and_postcodes_that_are_plainly_not_are_warned_about_and_kept(tmp_path):
    f = tmp_path / "episodes.csv"
    f.write_text(EPISODES + "<script>,01/05/2024,S,C2,N1,U4,PR1,,,,=1+1,AB1 2CD,\n"
                            "E2,01/05/2024,S,C2,N1,U4,PR1,,,,SW1A 1AA,<b>x</b>,\n")
    [r] = detect.read_file(f, la="201", year=2025)
    assert [(i.severity, i.code, i.location, i.field, i.value) for i in r.log.issues] == [
        ("warning", "doubtful-value", "row 2", "CHILD", "<script>"),
        ("warning", "doubtful-value", "row 2", "HOME_POST", "=1+1"),
        ("warning", "doubtful-value", "row 3", "PL_POST", "<b>x</b>")]
    assert r.tables["cla_episode"].column("child_id").to_pylist() == ["<script>", "E2"]


def test_a_doubtful_annex_a_id_is_warned_about(tmp_path):
    from test_ingest_annex_a import L7, cp_row, workbook
    path = workbook(tmp_path / "Annex_A_201_2024-03-31.xlsx", {"List 7": [L7, cp_row(
        "<img src=x>", "01/02/2024", "01/03/2024")]})
    [r] = detect.read_file(path, la="201")
    assert [(i.code, i.value) for i in r.log.issues if i.severity == "warning"] == [("doubtful-value", "<img src=x>")]


@pytest.mark.parametrize("age", ["inf", "nan", "1e400"])
def test_an_annex_a_age_that_is_not_a_finite_number_is_a_cell_issue(tmp_path, age):
    from test_ingest_annex_a import L7, cp_row, workbook
    path = workbook(tmp_path / "Annex_A_201_2024-03-31.xlsx", {"List 7": [L7, cp_row(
        "C1", "01/02/2024", "01/03/2024", Age=age)]})
    [r] = detect.read_file(path, la="201")
    assert [(i.code, i.value) for i in r.log.issues if i.severity == "error"] == [("invalid-number", age)]


def test_superscript_digits_in_a_date_or_count_are_value_issues(tmp_path, monkeypatch):
    monkeypatch.setenv("SCORECARD_DEBUG", "1")  # a reader fault would raise here
    f = tmp_path / "episodes.csv"
    f.write_text(EPISODES + "E1,0²/05/2024,S,C2,N1,U4,PR1,,,,,,\n" + GOOD_EPISODE.replace("E1", "E2"))
    [r] = detect.read_file(f, la="201", year=2025)
    assert [(i.code, i.value) for i in r.log.issues if i.severity == "error"] == [("invalid-date", "0²/05/2024")]
    from csc_scorecard.ingest.cin_values import ValueChecks
    checks = ValueChecks()
    checks.log = IssueLog("cin.xml")
    assert checks.int_slow("²²", "Child[1]", "NumberOfPreviousCPP") is None
    assert [i.code for i in checks.log.issues] == ["invalid-number"]
