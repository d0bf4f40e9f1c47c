"""The store: versioned loads, merged history, idempotency, rollback, calendar."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from csc_scorecard.ingest.issues import IssueLog
from csc_scorecard.ingest.result import ReadResult
from csc_scorecard.store import database


def cin_result(path: Path, year: int, referrals: list[dict], assessments: list[dict], la="201") -> ReadResult:
    path.write_text(f"{year} {referrals} {assessments}")  # content only feeds the file hash
    return ReadResult(path, "cin", "CIN census (XML)", year, la, IssueLog(str(path)),
                      {"cin_episode": referrals, "assessment": assessments})


def ref(child, rdate, closure=None):
    return {"child_id": child, "referral_date": rdate, "cin_closure_date": closure, "referral_nfa": False}


def asm(child, rdate, start, auth=None):
    return {"child_id": child, "referral_date": rdate, "assessment_actual_start_date": start,
            "assessment_authorisation_date": auth}


def rows(con, sql):
    return con.execute(sql).fetchall()


def test_referral_in_two_years_is_one_row_with_the_latest_version_and_its_assessments(tmp_path):
    con = database.connect(tmp_path / "s.duckdb")
    r2024 = cin_result(tmp_path / "cin2024.xml", 2024,
                       [ref("C1", date(2024, 3, 1)), ref("C2", date(2023, 6, 1), date(2023, 9, 1))],
                       [asm("C1", date(2024, 3, 1), date(2024, 3, 2))])
    r2025 = cin_result(tmp_path / "cin2025.xml", 2025,
                       [ref("C1", date(2024, 3, 1), date(2024, 8, 1))],
                       [asm("C1", date(2024, 3, 1), date(2024, 3, 2), date(2024, 4, 20))])
    database.load_results(con, [r2025])
    database.load_results(con, [r2024])  # an older year loaded later must not win
    assert rows(con, "SELECT child_id, cin_closure_date, collection_year FROM cin_episode ORDER BY 1") == [
        ("C1", date(2024, 8, 1), 2025), ("C2", date(2023, 9, 1), 2024)]
    # C1's assessment is the 2025 version (authorised), not the 2024 one (open)
    assert rows(con, "SELECT assessment_authorisation_date, collection_year FROM assessment") == [
        (date(2024, 4, 20), 2025)]
    assert rows(con, "SELECT count(*) FROM src_cin_episode") == [(3,)]


def test_reloading_the_same_file_changes_nothing(tmp_path):
    con = database.connect(tmp_path / "s.duckdb")
    r = cin_result(tmp_path / "cin.xml", 2025, [ref("C1", date(2024, 5, 1))], [])
    first = database.load_results(con, [r])
    again = database.load_results(con, [r])
    assert first.files[0].status == "loaded" and first.load_id == 1
    assert again.load_id is None and again.files[0].status == "unchanged"
    assert again.files[0].previous_load == 1
    assert rows(con, "SELECT count(*) FROM src_cin_episode") == [(1,)]
    assert rows(con, "SELECT count(*) FROM load") == [(1,)]


def test_a_corrected_resubmission_of_a_year_replaces_that_year_only(tmp_path):
    con = database.connect(tmp_path / "s.duckdb")
    database.load_results(con, [cin_result(tmp_path / "a.xml", 2024, [ref("OLD", date(2023, 5, 1))], [])])
    database.load_results(con, [cin_result(tmp_path / "b.xml", 2025, [ref("X", date(2024, 5, 1))], [])])
    database.load_results(con, [cin_result(tmp_path / "c.xml", 2025, [ref("Y", date(2024, 6, 1))], [])])
    assert rows(con, "SELECT child_id FROM cin_episode ORDER BY 1") == [("OLD",), ("Y",)]


def test_several_las_share_a_store_and_do_not_replace_each_other(tmp_path):
    con = database.connect(tmp_path / "s.duckdb")
    database.load_results(con, [cin_result(tmp_path / "a.xml", 2025, [ref("C1", date(2024, 5, 1))], [], la="201")])
    database.load_results(con, [cin_result(tmp_path / "b.xml", 2025, [ref("C1", date(2024, 5, 1))], [], la="202")])
    assert rows(con, "SELECT la FROM cin_episode ORDER BY 1") == [("201",), ("202",)]


def test_a_failed_load_leaves_the_store_exactly_as_before(tmp_path, monkeypatch):
    con = database.connect(tmp_path / "s.duckdb")
    database.load_results(con, [cin_result(tmp_path / "a.xml", 2024, [ref("C1", date(2023, 5, 1))], [])])
    before = {t: rows(con, f"SELECT * FROM {t} ORDER BY ALL") for t in
              ("src_cin_episode", "cin_episode", "load", "load_file")}

    def boom(con_, touched):
        raise RuntimeError("disk full")

    monkeypatch.setattr(database, "_rebuild_merged", boom)
    bad = cin_result(tmp_path / "b.xml", 2024, [ref("C9", date(2023, 7, 1))], [])
    with pytest.raises(RuntimeError):
        database.load_results(con, [bad])
    after = {t: rows(con, f"SELECT * FROM {t} ORDER BY ALL") for t in before}
    assert after == before


def test_a_file_with_a_fatal_issue_is_not_stored_but_recorded(tmp_path):
    con = database.connect(tmp_path / "s.duckdb")
    good = cin_result(tmp_path / "a.xml", 2025, [ref("C1", date(2024, 5, 1))], [])
    bad = cin_result(tmp_path / "b.xml", 2025, [ref("C2", date(2024, 5, 1))], [], la="202")
    bad.log.add("fatal", "unsafe-xml", "DOCTYPE", "Export again")
    out = database.load_results(con, [good, bad])
    assert [f.status for f in out.files] == ["loaded", "not loaded"]
    assert rows(con, "SELECT la FROM cin_episode") == [("201",)]
    history = database.load_history(con)
    assert [(h["la"], h["status"], h["fatal"]) for h in history] == [("201", "loaded", 0), ("202", "not loaded", 1)]
    # the refused file is not hashed (a huge one would cost seconds for a hash nothing reads)
    assert [len(h["sha256"]) for h in history] == [64, 0]


def test_a_file_of_several_las_is_hashed_once(tmp_path, monkeypatch):
    hashed = []
    monkeypatch.setattr(database, "sha256", lambda p: hashed.append(p) or "f" * 64)
    con = database.connect(tmp_path / "s.duckdb")
    one = cin_result(tmp_path / "a.xml", 2025, [ref("C1", date(2024, 5, 1))], [])
    other = ReadResult(one.path, "cin", "CIN census (XML)", 2025, "202", IssueLog(str(one.path)),
                       {"cin_episode": [ref("C2", date(2024, 5, 1))], "assessment": []})
    out = database.load_results(con, [one, other])
    assert [f.status for f in out.files] == ["loaded", "loaded"] and hashed == [one.path]


@pytest.mark.parametrize("a, b, expected", [
    (date(2024, 3, 28), date(2024, 3, 28), 0),   # same day
    (date(2024, 3, 28), date(2024, 4, 2), 1),    # Thu -> Tue over Good Friday and Easter Monday 2024
    (date(2024, 5, 3), date(2024, 5, 7), 1),     # Fri -> Tue over the early May bank holiday
    (date(2024, 12, 24), date(2025, 1, 2), 4),   # 27, 30, 31 Dec and 2 Jan
    (date(2022, 9, 16), date(2022, 9, 20), 1),   # Fri -> Tue over the Queen's state funeral (19 Sep 2022)
    (date(2024, 3, 30), date(2024, 4, 2), 1),    # from a Saturday
    (date(2024, 1, 1), date(2024, 12, 31), 254),
])
def test_working_days_from_the_calendar(tmp_path, a, b, expected):
    con = database.connect(tmp_path / "s.duckdb")
    got = con.execute(
        "SELECT cb.wd_index - ca.wd_index FROM calendar ca, calendar cb WHERE ca.date = ? AND cb.date = ?",
        [a, b]).fetchone()[0]
    assert got == expected


def test_a_newer_file_with_an_empty_table_clears_that_version(tmp_path):
    con = database.connect(tmp_path / "s.duckdb")
    database.load_results(con, [cin_result(tmp_path / "a.xml", 2025, [ref("C1", date(2024, 5, 1))],
                                           [asm("C1", date(2024, 5, 1), date(2024, 5, 2))])])
    database.load_results(con, [cin_result(tmp_path / "b.xml", 2025, [ref("C1", date(2024, 5, 1))], [])])
    assert rows(con, "SELECT count(*) FROM assessment") == [(0,)]
    assert rows(con, "SELECT count(*) FROM src_assessment") == [(0,)]


def test_last_years_assessment_of_a_still_open_referral_is_kept(tmp_path):
    # The CIN census lists only in-year assessments: the 2025 file no longer carries the
    # assessment C1 had in 2023-24, but the referral (still open) and that assessment both stay.
    con = database.connect(tmp_path / "s.duckdb")
    database.load_results(con, [cin_result(tmp_path / "a.xml", 2024, [ref("C1", date(2024, 1, 10))],
                                           [asm("C1", date(2024, 1, 10), date(2024, 1, 11), date(2024, 2, 20))])])
    database.load_results(con, [cin_result(tmp_path / "b.xml", 2025, [ref("C1", date(2024, 1, 10))],
                                           [asm("C1", date(2024, 1, 10), date(2024, 9, 2), date(2024, 10, 1))])])
    assert rows(con, "SELECT assessment_actual_start_date, collection_year FROM assessment ORDER BY 1") == [
        (date(2024, 1, 11), 2024), (date(2024, 9, 2), 2025)]
    assert rows(con, "SELECT count(*), max(collection_year) FROM cin_episode") == [(1, 2025)]
