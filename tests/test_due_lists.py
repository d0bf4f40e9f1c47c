"""Two due lists whose first versions listed too much for a manager to act on.

* Initial health assessments: a child in care since before the health extract reaches back cannot be
  judged (the extract cannot say whether an assessment was held), so only starts on or after its earliest
  assessment are listed. Working days below count England's bank holidays (Good Friday 18 and Easter
  Monday 21 April 2025).
* Child protection visits fall due every 10 working days, so "due within 10" listed every child on a
  plan: due soon is within 3 working days for this list.
"""

from __future__ import annotations

from datetime import date as D

import pytest

from csc_scorecard.ingest.issues import IssueLog
from csc_scorecard.ingest.result import ReadResult
from csc_scorecard.project import Project
from csc_scorecard.store import database


def _episode(child: str, start: D) -> dict:
    return {"child_id": child, "decom": start, "rne": "S", "ls": "C2", "cin": "N1", "place": "U4"}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("due")
    src = tmp / "src.txt"
    con = database.connect(tmp / "s.duckdb")

    def load(name: str, source: str, year: int, la: str, tables: dict) -> None:
        src.write_text(name)
        database.load_results(con, [ReadResult(src, source, name, year, la, IssueLog(str(src)), tables)])

    load("903", "ssda903", 2025, "203", {"cla_episode": [
        _episode("H1", D(2015, 10, 12)),  # in care since before the extract reaches back: not listed
        _episode("H2", D(2025, 2, 3)),    # due Mon 3 Mar (20th working day); at 31 Mar 20 working days over
        _episode("H3", D(2023, 5, 1)),    # assessed 20 May 2023: nothing due
        _episode("H4", D(2025, 3, 24)),   # due Wed 23 Apr (over Easter): beyond 10 working days, not yet listed
        _episode("H5", D(2025, 3, 3)),    # due Mon 31 Mar, the day asked about: due soon
    ]})
    load("health", "local", 2025, "203", {"health_assessment": [
        {"child_id": "H3", "health_assessment_date": D(2023, 5, 20), "assessment_type": "initial"}]})
    # at Fri 10 Jan 2025, next visits due 10 working days after the last (Christmas and New Year between)
    load("annex", "annex_a", 2025, "204", {"annex_a_cp": [
        {"extract_date": D(2025, 1, 10), "row_number": n, "child_id": c, "cpp_start_date": D(2024, 6, 1),
         "last_statutory_visit_date": visit}
        for n, (c, visit) in enumerate([("V1", D(2024, 12, 23)),   # due Thu 9 Jan: 1 working day over
                                        ("V2", D(2025, 1, 3)),     # due Fri 17 Jan: not within 3
                                        ("V3", D(2024, 12, 31))],  # due Wed 15 Jan: within 3, due soon
                                       start=2)]})
    con.close()
    return Project(tmp / "s.duckdb")


def _rows(lists, wanted):
    [d] = [d for d in lists if d.id == wanted]
    return d, [(r["child_id"], r["due_date"], r["status"], r["days_over"]) for r in d.rows]


def test_initial_health_assessments_only_from_where_the_extract_reaches(store):
    d, rows = _rows(store.due(D(2025, 3, 31), la="203"), "iha")
    assert rows == [("H2", D(2025, 3, 3), "overdue", 20), ("H5", D(2025, 3, 31), "due soon", 0)]
    assert d.as_at == {"203": D(2025, 3, 31)}


def test_child_protection_visits_due_soon_means_within_3_working_days(store):
    d, rows = _rows(store.due(D(2025, 1, 10), la="204"), "cp-visits")
    assert rows == [("V1", D(2025, 1, 9), "overdue", 1), ("V3", D(2025, 1, 15), "due soon", 0)]
    assert any("due within 3 working days" in n for n in d.notes)
