"""`scorecard load` as a user runs it."""

from __future__ import annotations

import duckdb
from click.testing import CliRunner

from csc_scorecard.cli import main


def test_annex_a_extract_date_can_be_given_on_the_command_line(shared_data, tmp_path):
    db = tmp_path / "s.duckdb"
    wb = shared_data / "samples" / "annex-a" / "Annex_A_liiatools.xlsx"
    out = CliRunner().invoke(main, ["load", str(wb), "--la", "201", "--as-at", "2024-03-31", "--db", str(db),
                                    "--issues-dir", str(tmp_path / "iss"), "--quiet"])
    assert out.exit_code == 0, out.output
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT DISTINCT extract_date::VARCHAR, collection_year FROM annex_a_cp").fetchall() == [
        ("2024-03-31", 2024)]
    assert (tmp_path / "iss" / "issues.xlsx").exists()


def test_bad_year_and_la_are_usage_errors_not_tracebacks(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("CHILD\n1\n")
    out = CliRunner().invoke(main, ["load", str(f), "--year", "2024-26", "--db", str(tmp_path / "s.duckdb")])
    assert out.exit_code == 2 and "is not a collection year" in out.output
    out = CliRunner().invoke(main, ["load", str(f), "--la", "31", "--db", str(tmp_path / "s.duckdb")])
    assert out.exit_code == 2 and "three-digit" in out.output
