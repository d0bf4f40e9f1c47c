"""Delimited text that loses rows or years unless read with care; refused years and periods."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest
from click.testing import CliRunner

from csc_scorecard.cli import main
from csc_scorecard.errors import IndicatorError, IngestError
from csc_scorecard.indicators.period import parse_period
from csc_scorecard.ingest import detect, text_files
from csc_scorecard.ingest.detect import parse_la, parse_year
from csc_scorecard.project import Project

EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"


def episode(n: int, decom: str = "01/05/2024") -> str:
    return f"E{n},{decom},S,C2,N1,U4,PR1,,,,,,\n"


def read(path, **kw):
    [r] = detect.read_file(path, la="201", **kw)
    return r


def test_an_unclosed_quote_is_reported_with_the_lines_it_swallowed(tmp_path):
    f = tmp_path / "episodes.csv"
    f.write_text(EPISODES + episode(1) + '"' + episode(2) + "".join(episode(n) for n in range(3, 11)))
    r = read(f, year=2025)
    [issue] = [i for i in r.log.issues if i.code == "unclosed-quote"]
    assert issue.location == "lines 3-11" and "9 lines" in issue.message and "end of the file" in issue.message
    # rows read + rows reported = rows in the file; and the file is refused whole, so the year's stored
    # episodes are not replaced by the one row that was read
    assert r.tables["cla_episode"].num_rows + 9 == 10
    assert not r.loadable and issue.severity == "fatal"


def test_a_quote_closed_later_loses_only_the_lines_between(tmp_path):
    f = tmp_path / "episodes.csv"
    f.write_text(EPISODES + episode(1) + 'E2,"01/05/2024,S\n' + episode(3) + 'E4",x\n' + episode(5))
    r = read(f, year=2025)
    [issue] = [i for i in r.log.issues if i.code == "unclosed-quote"]
    assert issue.location == "lines 3-5"
    assert r.tables["cla_episode"].column("child_id").to_pylist() == ["E1", "E5"]
    # the row after the broken one keeps its own line number in issues
    later = read(_with(tmp_path, 'E1,,S,C2,N1,U4,PR1,,,,,,\n"x\ny"\nE9,32/01/2024,S,C2,N1,U4,PR1,,,,,,\n'), year=2025)
    assert not r.loadable
    assert [(i.code, i.location) for i in later.log.issues if i.severity in ("fatal", "error")] == [
        ("unclosed-quote", "lines 3-4"), ("missing-value", "row 2"), ("invalid-date", "row 5"), ("no-row-stored", "")]


def _with(tmp_path, rows: str):
    f = tmp_path / "e2.csv"
    f.write_text(EPISODES + rows)
    return f


def test_a_field_over_the_csv_limit_is_reported_and_the_file_refused(tmp_path):
    f = tmp_path / "episodes.csv"
    f.write_text(EPISODES + episode(1) + '"' + "x" * 200_000 + '",01/05/2024,S,C2,N1,U4,PR1,,,,,,\n' + episode(3))
    r = read(f, year=2025)
    assert r.log.fatal and not r.loadable
    assert [(i.code, i.location) for i in r.log.issues] == [("unreadable-row", "line 3")]


def test_an_over_long_line_refuses_the_file_without_holding_it(tmp_path, monkeypatch):
    monkeypatch.setattr(text_files, "MAX_LINE_CHARS", 1000)
    f = tmp_path / "episodes.csv"
    f.write_text(EPISODES + episode(1) + "E2," + "y," * 5000 + "\n" + episode(3))
    r = read(f, year=2025)
    assert [(i.code, i.location) for i in r.log.issues] == [("line-too-long", "line 3")]
    assert not r.loadable


def test_a_file_with_more_rows_than_any_return_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(text_files, "MAX_RECORDS", 5)
    f = tmp_path / "episodes.csv"
    f.write_text(EPISODES + "".join(episode(n) for n in range(10)))
    r = read(f, year=2025)
    assert [i.code for i in r.log.issues if i.severity == "fatal"] == ["file-too-large"]


def test_local_extract_reports_an_unclosed_quote(tmp_path):
    f = tmp_path / "iha.csv"
    f.write_text('child_id,health_assessment_date,assessment_type\nC1,01/05/2024,initial\n"C2,02/05/2024,initial\n'
                 "C3,03/05/2024,initial\n")
    r = read(f)
    assert [(i.code, i.location) for i in r.log.issues] == [("unclosed-quote", "lines 3-4")]
    assert r.tables["health_assessment"].column("child_id").to_pylist() == ["C1"]


@pytest.mark.parametrize("decom", ["31/12/9999", "01/01/0001", "01/01/10000", "31/12/2099"])
def test_sentinel_and_absurd_dates_never_name_a_collection_year(tmp_path, decom):
    d = tmp_path / "903"  # no year in the folder name: the year comes from the dates
    d.mkdir()
    f = d / "episodes.csv"
    f.write_text(EPISODES + episode(1, decom) + episode(2, "01/05/2024"))
    r = read(f)
    assert r.collection_year == 2025
    if decom != "31/12/2099":
        assert any(i.code == "invalid-date" and i.value == decom for i in r.log.issues)


def test_only_sentinel_dates_give_no_year(tmp_path):
    d = tmp_path / "903"
    d.mkdir()
    f = d / "episodes.csv"
    f.write_text(EPISODES + episode(1, "31/12/2099"))
    assert [i.code for i in read(f).log.issues if i.severity == "fatal"] == ["unknown-collection-year"]


@pytest.mark.parametrize("text", ["1999", "2051", "9998-9999", "0001"])
def test_years_outside_the_sensible_range_are_refused(text):
    with pytest.raises(ValueError, match="2000 to 2050"):
        parse_year(text)


@pytest.mark.parametrize("text", ["ytd:0001-01-01", "12m:9999-12-31", "1990-91", "2055-56-Q1"])
def test_periods_outside_the_sensible_range_are_refused(text):
    with pytest.raises(IndicatorError, match="2000 to 2050"):
        parse_period(text)


def test_cli_refuses_absurd_years_periods_and_extract_dates(tmp_path):
    f = tmp_path / "episodes.csv"
    f.write_text(EPISODES + episode(1))
    run = CliRunner().invoke
    db = str(tmp_path / "s.duckdb")
    out = run(main, ["load", str(f), "--la", "201", "--year", "2099", "--db", db])
    assert out.exit_code == 2 and "2000 to 2050" in out.output
    out = run(main, ["load", str(f), "--la", "201", "--as-at", "9999-12-31", "--db", db])
    assert out.exit_code == 1 and "outside the years" in out.output and "Internal" not in out.output
    out = run(main, ["indicators", "--period", "ytd:0001-01-01", "--db", db])
    assert out.exit_code == 2 and "2000 to 2050" in out.output
    with pytest.raises(IngestError):
        Project(tmp_path / "t.duckdb").load([f], la="201", as_at=date(1, 1, 1))


@pytest.mark.parametrize("text", ["٣١٠", "３１０", "31O"])
def test_unicode_digits_are_not_la_codes(text, tmp_path):
    with pytest.raises(ValueError):
        parse_la(text)
    f = tmp_path / "episodes.csv"
    f.write_text(EPISODES + episode(1))
    [r] = detect.read_file(f, la=text, year=2025)
    assert r.log.fatal


def test_extreme_stored_values_never_make_a_report_crash(tmp_path):
    folder = tmp_path / "2024-25"
    folder.mkdir()
    (folder / "episodes.csv").write_text(
        EPISODES.rstrip("\n") + ",PL_DISTANCE\n"
        "A1,01/01/1900,S,C2,N1,U4,PR1,31/12/2100,E11,,,,,1.7e308\n"
        "A2,01/05/2024,S,C2,N1,U4,PR1,02/05/1901,E11,,,,,1.7e308\n"
        "A3,31/12/2100,S,C2,N1,U4,PR1,,,,,,,-1.7e308\n")
    (folder / "header.csv").write_text("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
                                       "A1,1,01/01/2100,WBRI,UN1,,\nA2,1,01/01/1900,WBRI,UN1,1,31/12/2100\n")
    db = str(tmp_path / "s.duckdb")
    run = CliRunner().invoke
    out = run(main, ["load", str(folder), "--la", "201", "--db", db, "--quiet", "--issues-dir", str(tmp_path / "i")])
    assert out.exit_code == 0, out.output
    for period in ("2024-25", "2024-25-Q3", "ytd:2050-12-31", "2000-01"):
        out = run(main, ["report", "--period", period, "--la", "201", "--db", db, "--out", str(tmp_path / "r")])
        # a period the data does not cover is refused with a message; none may crash
        assert out.exit_code == 0 if period.startswith("2024") else out.exit_code in (0, 1), out.output
        assert "Internal error" not in out.output


def test_supplied_values_report_an_unclosed_quote(tmp_path):
    from csc_scorecard.indicators.run import catalogue_for, settings_for
    from csc_scorecard.indicators.supplied import read_supplied
    f = tmp_path / "supplied.csv"
    f.write_text('indicator,la,period,value\nsw-caseload,310,2024-25,16.1\n"sw-caseload,311,2024-25,15\n'
                 "sw-caseload,312,2024-25,14\n")
    [r] = read_supplied(f, catalogue_for(settings_for(None)))
    assert [(i.code, i.location) for i in r.log.issues] == [("unclosed-quote", "lines 3-4")]
    assert [row["value"] for row in r.tables["supplied_value"]] == [16.1]
