"""SSDA903 files loaded through Project into a real DuckDB store, and through the CLI."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
from click.testing import CliRunner

from csc_scorecard.cli import main
from csc_scorecard.project import Project


def counts(db: Path, *tables: str) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    finally:
        con.close()


def query(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_two_collection_years_latest_version_wins(fixtures, db_path):
    folder = fixtures / "903" / "two-years"
    project = Project(db_path)
    report = project.load([folder], la="201")
    assert report.ok and report.load_id == 1
    assert sorted((Path(f.path).parent.name, Path(f.path).name, f.collection_year, f.status) for f in report.files) == [
        ("2023-24", "episodes.csv", 2024, "loaded"), ("2023-24", "header.csv", 2024, "loaded"),
        ("2024-25", "episodes.csv", 2025, "loaded"), ("2024-25", "header.csv", 2025, "loaded")]
    assert {i.code for i in report.issues} == {"year-from-name"}
    # M1's episode starting 01/02/2024 is in both returns: open in 2023-24, ended 01/08/2024 in 2024-25.
    assert counts(db_path, "src_cla_episode", "cla_episode", "src_child", "child") == {
        "src_cla_episode": 4, "cla_episode": 3, "src_child": 4, "child": 3}
    assert query(db_path, "SELECT child_id, decom, dec, rec, collection_year FROM cla_episode ORDER BY child_id") == [
        ("M1", date(2024, 2, 1), date(2024, 8, 1), "E4A", 2025),
        ("M2", date(2023, 5, 1), date(2023, 9, 1), "E11", 2024),
        ("M3", date(2024, 6, 1), None, None, 2025)]
    assert query(db_path, "SELECT child_id, sex, sex_code, collection_year, la, source_return FROM child "
                          "ORDER BY child_id") == [
        ("M1", "M", "M", 2025, "201", "ssda903"), ("M2", "F", "2", 2024, "201", "ssda903"),
        ("M3", "F", "F", 2025, "201", "ssda903")]

    history = project.loads()
    again = project.load([folder], la="201")
    assert again.ok and again.load_id is None
    assert [f.status for f in again.files] == ["unchanged"] * 4
    assert project.loads() == history
    assert counts(db_path, "src_cla_episode", "cla_episode", "src_child", "child") == {
        "src_cla_episode": 4, "cla_episode": 3, "src_child": 4, "child": 3}


def test_csv_tables_load_and_reload_unchanged(shared_data, tmp_path, db_path):
    """The CSV set alone (one file per table) loads whole, and a second load changes nothing."""
    s903 = shared_data / "samples" / "903"
    folder = tmp_path / "903"
    folder.mkdir()
    for f in s903.glob("*.csv"):
        if f.name != "placed_for_adoption_errors.csv":  # a second PlacedAdoption table: see the next test
            (folder / f.name).symlink_to(f)
    runner = CliRunner()
    args = ["load", str(folder), "--la", "201", "--db", str(db_path), "--issues-dir", str(tmp_path / "issues")]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    out = result.output
    assert f"OK {folder / 'episodes.csv'}" in out
    assert "SSDA903 Episodes (CSV) - LA 201 2017-18; loaded; 84 warnings, 1 note" in out
    assert "rows: cla_episode 5,050" in out and "rows: child 2,675" in out and "rows: cla_review 12,568" in out
    assert (tmp_path / "issues" / "issues.xlsx").is_file()
    assert counts(db_path, "child", "cla_episode", "cla_review", "oc2", "oc3", "uasc", "placed_adoption", "dolo") == {
        "child": 2675, "cla_episode": 5050, "cla_review": 12568, "oc2": 2675, "oc3": 53, "uasc": 132,
        "placed_adoption": 29, "dolo": 1}
    history = Project(db_path).loads()
    assert len(history) == 12 and {h["status"] for h in history} == {"loaded"}

    again = runner.invoke(main, args)
    assert again.exit_code == 0, again.output
    assert "Nothing new to store" in again.output
    assert Project(db_path).loads() == history
    assert counts(db_path, "child", "cla_episode")["cla_episode"] == 5050


def test_sample_folder_refuses_a_second_version_of_a_table(shared_data, tmp_path, db_path):
    """The sample folder holds two PlacedAdoption tables and an XML return of other children for the
    same year: loading either over the CSVs would silently replace their rows, so they are not loaded."""
    s903 = shared_data / "samples" / "903"
    result = CliRunner().invoke(main, ["load", str(s903), "--la", "201", "--db", str(db_path),
                                       "--issues-dir", str(tmp_path / "issues")])
    assert result.exit_code == 1
    report = {Path(f["file"]).name: f for f in Project(db_path).loads()}
    refused = sorted(name for name, f in report.items() if f["status"] == "not loaded")
    assert refused == ["fake_903.xml", "placed_for_adoption_errors.csv"]
    assert sum(f["status"] == "loaded" for f in report.values()) == 12
    assert "placed_for_adoption.csv, earlier in this load, already holds the placed_adoption table" in result.output
    assert counts(db_path, "cla_episode", "placed_adoption") == {"cla_episode": 5050, "placed_adoption": 29}


def test_unknown_la_is_not_loaded(fixtures, db_path):
    report = Project(db_path).load([fixtures / "903" / "episodes-bom.csv"], year=2025)
    assert not report.ok and report.load_id is None
    assert [i.code for i in report.issues if i.severity == "fatal"] == ["unknown-la"]
    assert counts(db_path, "src_cla_episode")["src_cla_episode"] == 0


def test_two_episodes_starting_the_same_day_are_both_kept_and_match_across_years(tmp_path, fixtures):
    """C1: a zero-length s20 episode then the care order from the same day: both are episodes.
    C2: two open episodes from one day cannot both be right: the second is refused."""
    from csc_scorecard.project import Project

    f = fixtures / "903" / "episodes-two-starting-the-same-day.csv"
    project = Project(tmp_path / "s.duckdb")
    report = project.load([f], la="201", year=2025)
    assert report.ok
    codes = [(i.code, i.location) for i in report.issues if i.severity == "error"]
    assert codes == [("duplicate-key", "row 5")]
    con = project.connect()
    assert con.execute("SELECT child_id, ls, dec, episode_seq FROM cla_episode ORDER BY child_id, episode_seq"
                       ).fetchall() == [("C1", "C1", None, 1), ("C1", "V2", date(2024, 6, 1), 2),
                                        ("C2", "C1", None, 1)]
    # next year the zero-length episode is history and not in the file: the care order (seq 1) is updated
    nxt = tmp_path / "2026" / "episodes.csv"
    nxt.parent.mkdir()
    nxt.write_text("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
                   "C1,01/06/2024,L,C1,N1,U6,PR1,10/05/2025,E13,,,,\n")
    con.close()
    assert project.load([nxt], la="201", year=2026).ok
    con = project.connect()
    assert con.execute("SELECT ls, dec, episode_seq, collection_year FROM cla_episode WHERE child_id = 'C1' "
                       "ORDER BY episode_seq").fetchall() == [("C1", date(2025, 5, 10), 1, 2026),
                                                          ("V2", date(2024, 6, 1), 2, 2025)]
