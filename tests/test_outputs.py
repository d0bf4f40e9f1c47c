"""outputs.py: private files and folders whatever the umask; CSVs safe to open in Excel."""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from csc_scorecard.cli import main
from csc_scorecard.ingest.issues import Issue
from csc_scorecard.ingest.report import write_issue_reports
from csc_scorecard.outputs import SafeCSVWriter, csv_cell, private_dir, private_file_open, write_csv
from csc_scorecard.store import database


def _mode(p: Path) -> int:
    return stat.S_IMODE(os.stat(p).st_mode)


@pytest.fixture
def open_umask():
    old = os.umask(0)  # the worst case: everything created world-writable unless we say otherwise
    try:
        yield
    finally:
        os.umask(old)


def test_private_folders_and_files_ignore_the_umask(tmp_path, open_umask):
    d = private_dir(tmp_path / "a" / "b")
    assert _mode(tmp_path / "a") == 0o700 and _mode(d) == 0o700
    with private_file_open(d / "x.csv", "w") as f:
        f.write("x")
    assert _mode(d / "x.csv") == 0o600
    (d / "y.csv").write_text("old")
    os.chmod(d / "y.csv", 0o666)
    with private_file_open(d / "y.csv", "w", encoding="utf-8") as f:  # an earlier run's world-readable file
        f.write("new")
    assert _mode(d / "y.csv") == 0o600 and (d / "y.csv").read_text() == "new"


@pytest.mark.parametrize("value, shown", [
    ("=1+1", "'=1+1"), ("+44 20 7946 0000", "'+44 20 7946 0000"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"), ("\r=x", "'\r=x"), ("-3", "-3"), ("-0.25", "-0.25"), ("-inf", "'-inf"),
    ("A=1", "A=1"), (True, "true"), (False, "false"), (None, ""), (12, "12"), (-1.5, "-1.5"),
])
def test_csv_cells_that_excel_would_run_are_neutralised(value, shown):
    assert csv_cell(value) == shown


def test_neutralising_can_be_turned_off_for_programs():
    buf = io.StringIO()
    w = SafeCSVWriter(buf, ["a", "b"], neutralise=False)
    w.writerow({"a": "=1+1", "b": True})
    assert buf.getvalue().strip() == "=1+1,true"


def test_issue_list_is_private_and_safe(tmp_path, open_umask):
    issue = Issue("error", "invalid-date", "f.csv", "row 2", "DOB", '=HYPERLINK("http://x")', "m", "f")
    csv_path, xlsx_path = write_issue_reports([issue], tmp_path / "issues")
    assert _mode(tmp_path / "issues") == 0o700
    assert _mode(csv_path) == 0o600 and _mode(xlsx_path) == 0o600
    rows = list(csv.DictReader(csv_path.open(encoding="utf-8-sig")))
    assert rows[0]["value"] == "'=HYPERLINK(\"http://x\")"


def test_store_and_its_write_ahead_log_are_private(tmp_path, open_umask):
    db = tmp_path / "new" / "store.duckdb"
    con = database.connect(db)
    wal = db.with_name(db.name + ".wal")
    con.execute("CREATE TABLE t (x INTEGER)")
    with database.transaction(con):
        con.execute("INSERT INTO t VALUES (1)")
    assert _mode(db.parent) == 0o700 and _mode(db) == 0o600
    if wal.exists():
        assert _mode(wal) == 0o600
    con.close()
    assert _mode(db) == 0o600


def test_cases_csv_neutralises_unless_asked_not_to(tmp_path):
    from csc_scorecard.outputs import SafeCSVWriter  # noqa: F401  (the cases command uses it)
    path = write_csv(tmp_path / "c.csv", ["child_id", "in_numerator"], [{"child_id": "=cmd|' /C calc'!A0",
                                                                          "in_numerator": True}])
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig")))
    assert rows == [{"child_id": "'=cmd|' /C calc'!A0", "in_numerator": "true"}]
    out = CliRunner().invoke(main, ["cases", "--help"])
    assert "--plain-csv" in out.output
