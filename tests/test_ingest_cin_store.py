"""CIN census files loaded through Project into a real DuckDB store, and through the CLI."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from csc_scorecard.cli import main
from csc_scorecard.ingest.cin_census import OUT_TABLES
from csc_scorecard.project import Project
from csc_scorecard.store import database

FIX = Path(__file__).parent / "fixtures" / "cin"
Y2024 = FIX / "two_years" / "cin_2023-24.xml"
Y2025 = FIX / "two_years" / "cin_2024-25.xml"
D = date.fromisoformat


def q(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table of the store, in a stable order."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [n for (n,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_name <> 'calendar' ORDER BY 1").fetchall()]
        return {n: sorted(con.execute(f"SELECT * FROM {n}").fetchall(), key=repr) for n in names}
    finally:
        con.close()


def assert_two_years_merged(db: Path) -> None:
    # One row per referral: 2023-10-02 from the 2024-25 file (now closed), the others from their only file.
    assert q(db, """SELECT child_id, referral_date, cin_closure_date, reason_for_closure, collection_year
                    FROM cin_episode ORDER BY child_id, referral_date""") == [
        ("M1", D("2023-05-01"), D("2023-08-01"), "RC8", 2024),
        ("M1", D("2023-10-02"), D("2024-06-30"), "RC7", 2025),
        ("M1", D("2024-09-01"), None, None, 2025),
        ("M2", D("2024-01-15"), None, None, 2024),
    ]
    # The referral's assessments are the later file's: two, the first now authorised (not the open one of 2024).
    assert q(db, """SELECT referral_date, assessment_actual_start_date, assessment_authorisation_date, collection_year
                    FROM assessment ORDER BY 1, 2""") == [
        (D("2023-05-01"), D("2023-05-02"), D("2023-06-01"), 2024),
        (D("2023-10-02"), D("2023-10-03"), D("2023-11-20"), 2025),
        (D("2023-10-02"), D("2024-03-01"), D("2024-04-10"), 2025),
    ]
    assert q(db, "SELECT referral_date, factor, collection_year FROM assessment_factor ORDER BY 1, 2") == [
        (D("2023-05-01"), "21", 2024), (D("2023-10-02"), "3B", 2025), (D("2023-10-02"), "4B", 2025)]
    assert q(db, "SELECT child_id, cin_plan_start_date FROM cin_plan") == [("M2", D("2024-02-01"))]
    # Children: the latest return each appears in wins (M1's 2024-25 row gives Sex M as given).
    assert q(db, "SELECT child_id, sex, sex_code, collection_year FROM child ORDER BY 1") == [
        ("M1", "M", "M", 2025), ("M2", "F", "2", 2024)]
    # Every version is kept in src_: three referrals in 2023-24, two in 2024-25.
    assert q(db, "SELECT collection_year, count(*) FROM src_cin_episode GROUP BY 1 ORDER BY 1") == [(2024, 3), (2025, 2)]


def test_a_referral_in_two_years_is_one_row_with_the_later_files_assessments(tmp_path):
    db = tmp_path / "s.duckdb"
    report = Project(db).load([Y2024, Y2025])
    assert [(f.status, f.la, f.collection_year) for f in report.files] == [("loaded", "999", 2024),
                                                                          ("loaded", "999", 2025)]
    # 999 is no English LA: said, and stored all the same
    assert [(i.code, i.severity) for i in report.issues] == [("not-an-english-la", "error")] * 2
    assert_two_years_merged(db)


def test_the_order_of_loading_does_not_matter(tmp_path):
    db = tmp_path / "s.duckdb"
    Project(db).load([Y2025])
    Project(db).load([Y2024])
    assert_two_years_merged(db)


def test_reloading_changes_nothing(tmp_path):
    db = tmp_path / "s.duckdb"
    Project(db).load([Y2024, Y2025])
    before = snapshot(db)
    report = Project(db).load([Y2024, Y2025])
    assert [f.status for f in report.files] == ["unchanged", "unchanged"]
    assert report.load_id is None
    assert snapshot(db) == before


def test_a_failed_load_leaves_the_store_exactly_as_before(tmp_path, monkeypatch):
    db = tmp_path / "s.duckdb"
    Project(db).load([Y2024])
    before = snapshot(db)
    real = database._to_arrow
    calls = []

    def fail_after_the_first_table(*args, **kw):
        calls.append(args[0].name)
        if len(calls) == 2:  # the first table of the file has been written by now
            raise RuntimeError("disk full (simulated)")
        return real(*args, **kw)

    monkeypatch.setattr(database, "_to_arrow", fail_after_the_first_table)
    with pytest.raises(RuntimeError, match="simulated"):
        Project(db).load([Y2025])
    assert calls[0] == "child" and len(calls) == 2
    assert snapshot(db) == before
    monkeypatch.setattr(database, "_to_arrow", real)
    Project(db).load([Y2025])  # and the store still works
    assert_two_years_merged(db)


def test_a_clean_file_lands_in_every_table_with_its_provenance(tmp_path):
    db = tmp_path / "s.duckdb"
    f = FIX / "clean_every_block_2027.xml"
    report = Project(db).load([f])
    assert report.files[0].rows == {"child": 2, "disability": 2, "cin_episode": 2, "assessment": 1,
                                    "assessment_factor": 2, "cin_plan": 1, "section47": 1, "cp_plan": 1,
                                    "cp_review": 2, "pre_proceedings": 1}
    for t in OUT_TABLES:
        assert q(db, f"SELECT DISTINCT la, source_return, collection_year, source_file FROM {t}") == [
            ("999", "cin", 2027, str(f))], t
    assert q(db, """SELECT pp_start_date, fgdm_meeting_offer, fgdm_meeting_fac, review_meetings_count, pp_outcome
                    FROM pre_proceedings""") == [(D("2026-08-01"), True, False, 2, "B")]
    assert q(db, "SELECT mother, mc_dob FROM child") == [(None, None), (None, None)]
    history = Project(db).loads()
    assert [(h["description"], h["status"], h["la"], h["collection_year"]) for h in history] == [
        ("CIN census (XML)", "loaded", "999", 2027)]


def test_nothing_from_a_malformed_or_hostile_file_is_stored(tmp_path):
    db = tmp_path / "s.duckdb"
    report = Project(db).load([FIX / "malformed_mismatched_tag.xml", FIX / "billion_laughs.xml"])
    assert [f.status for f in report.files] == ["not loaded", "not loaded"]
    assert [i.code for i in report.issues] == ["malformed-xml", "unsafe-xml"]
    assert all(q(db, f"SELECT count(*) FROM src_{t}") == [(0,)] for t in OUT_TABLES)


def test_cli_loads_the_sample_folder(shared_data, tmp_path):
    db = tmp_path / "s.duckdb"
    folder = shared_data / "samples" / "cin"
    args = ["load", str(folder), "--db", str(db), "--issues-dir", str(tmp_path / "issues")]
    out = CliRunner().invoke(main, args)
    # Three samples claim to be LA 201's 2023-24 return: the store keeps one version per LA and year, so the
    # first read (CIN2rows.xml) is loaded and the other two are refused, and the command says so (exit 1).
    assert out.exit_code == 1, out.output
    assert out.output.count("CIN census (XML)") == 5
    marks = {line[3:].strip(): line[:2] for line in out.output.splitlines() if line[:3] in ("OK ", "XX ", "== ")}
    assert marks == {str(folder / n): m for n, m in (
        ("CIN2rows.xml", "OK"), ("CIN_Census_2021.xml", "OK"), ("CIN_Census_2021_no_assessment_factors.xml", "XX"),
        ("CIN_Census_2024.xml", "XX"), ("fake_CIN_data.xml", "OK"))}
    assert "LA 975 2022-23; loaded" in out.output and "LA 201 2022-23; loaded" in out.output
    assert (tmp_path / "issues" / "issues.csv").exists()
    assert q(db, "SELECT la, collection_year, count(*) FROM src_child GROUP BY ALL ORDER BY 1, 2") == [
        ("201", 2023, 1), ("201", 2024, 1), ("975", 2023, 332)]
    # DfEX0000001 is in LA 201's 2022-23 and 2023-24 returns: one child row, the later one.
    assert q(db, "SELECT la, collection_year, count(*) FROM child GROUP BY ALL ORDER BY 1, 2") == [
        ("201", 2024, 1), ("975", 2023, 332)]
    assert q(db, "SELECT count(*) FROM cin_episode WHERE la = '975'") == [(402,)]
    again = CliRunner().invoke(main, args)
    marks = {line[3:].strip(): line[:2] for line in again.output.splitlines() if line[:3] in ("OK ", "XX ", "== ")}
    assert sorted(marks.values()) == ["==", "==", "==", "XX", "XX"]
