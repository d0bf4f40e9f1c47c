"""Managers' work lists on a small hand-built store: team and worker, --failing, breakdowns, due lists,
the work-list files. Dates hand-counted from the England calendar."""

from __future__ import annotations

import csv
import json
import os
import stat
from datetime import date

import openpyxl
import pytest
from click.testing import CliRunner

from csc_scorecard.cli import main
from csc_scorecard.errors import IndicatorError
from csc_scorecard.indicators.engine import Result
from csc_scorecard.ingest import local
from csc_scorecard.ingest.issues import IssueLog
from csc_scorecard.ingest.result import ReadResult
from csc_scorecard.project import Project
from csc_scorecard.report import breakdowns
from csc_scorecard.report.worklist import Sheet, write
from csc_scorecard.store import database

D = date


def _assessment(child, start, auth=None):
    return {"child_id": child, "referral_date": start, "assessment_actual_start_date": start,
            "assessment_authorisation_date": auth}


@pytest.fixture
def store(tmp_path):
    """LA 201 (CIN census 2023-24 and 2024-25, an allocation extract) and LA 202 (Annex A only)."""
    src = tmp_path / "src.txt"
    src.write_text("x")
    assessments = [
        _assessment("A1", D(2024, 3, 1), D(2024, 5, 8)),  # 45 working days (Easter, 6 May): in time
        _assessment("A2", D(2024, 3, 1), D(2024, 5, 9)),  # 46: one day late
        _assessment("A3", D(2024, 6, 3), D(2024, 9, 30)),  # due Mon 5 Aug, authorised 84 working days in: 39 late
        _assessment("A4", D(2025, 1, 20)),  # open: due Mon 24 Mar 2025, 5 working days overdue on 31 Mar
        _assessment("A5", D(2025, 2, 3)),  # open: due Mon 7 Apr 2025 (after 31 Mar, within 10 working days)
        _assessment("A6", D(2025, 3, 10)),  # open: due 15 May 2025, not yet listed
    ]
    referrals = [{"child_id": a["child_id"], "referral_date": a["referral_date"], "referral_nfa": False}
                 for a in assessments]
    children = [{"child_id": c, "sex": s, "dob": dob, "ethnicity": e}
                for c, s, dob, e in [("A1", "F", D(2015, 5, 1), "WBRI"), ("A2", "M", D(2010, 1, 1), "BAFR"),
                                     ("A3", "F", D(2024, 1, 1), "WBRI"), ("A4", "M", D(2008, 1, 1), "REFU"),
                                     ("A5", "F", D(2019, 1, 1), "APKN"), ("A6", "M", D(2019, 1, 1), "CHNE")]]
    allocations = [
        {"child_id": "A1", "team": "Team X", "worker": "W1", "from_date": D(2024, 3, 1), "to_date": D(2024, 4, 15)},
        {"child_id": "A1", "team": "Team Y", "worker": "W2", "from_date": D(2024, 4, 15), "to_date": None},
        {"child_id": "A3", "team": "Team Y", "worker": "W2", "from_date": D(2024, 6, 1), "to_date": None},
        {"child_id": "A4", "team": "Team X", "worker": "W3", "from_date": D(2025, 1, 20), "to_date": None},
        {"child_id": "A5", "team": "Team Y", "worker": "W2", "from_date": D(2025, 2, 3), "to_date": None},
    ]
    cp = [{"extract_date": D(2025, 1, 10), "row_number": 2, "child_id": "B", "cpp_start_date": D(2024, 6, 1),
           "last_statutory_visit_date": D(2024, 12, 23), "allocated_team": "CP Team", "allocated_worker": "W9"}]
    con = database.connect(tmp_path / "s.duckdb")
    for year in (2024, 2025):
        database.load_results(con, [ReadResult(src, "cin", "CIN census (XML)", year, "201", IssueLog(str(src)), {
            "cin_episode": referrals, "assessment": assessments, "child": children})])
        src.write_text(f"x{year}")
    database.load_results(con, [ReadResult(src, "local", "allocations", 2025, "201", IssueLog(str(src)),
                                           {"allocation": allocations})])
    src.write_text("annex")
    database.load_results(con, [ReadResult(src, "annex_a", "Annex A", 2025, "202", IssueLog(str(src)),
                                           {"annex_a_cp": cp})])
    con.close()
    (tmp_path / "scorecard.yaml").write_text('la: "201"\n')
    return Project(tmp_path / "s.duckdb", tmp_path / "scorecard.yaml")


def test_allocation_extract_is_read_and_its_bad_rows_reported(tmp_path):
    path = tmp_path / "allocations.csv"
    path.write_text("Child ID,Allocated Team,Social Worker,Start date,End date\n"
                    "C1,Team X,W1,01/04/2024,30/06/2024\n"
                    "C1,Team Y,W2,2024-06-30,\n"
                    "C2,,W3,01/04/2024,\n"  # no team
                    "C3,Team X,W3,31/02/2024,\n"  # not a date
                    "C4,Team X,W3,01/05/2024,01/04/2024\n")  # ends before it starts
    assert local.sniff(path, path.read_bytes())
    [result] = local.read(path, la="201")
    rows = result.tables["allocation"].to_pylist()
    assert rows == [
        {"child_id": "C1", "team": "Team X", "worker": "W1", "from_date": D(2024, 4, 1), "to_date": D(2024, 6, 30)},
        {"child_id": "C1", "team": "Team Y", "worker": "W2", "from_date": D(2024, 6, 30), "to_date": None}]
    found = {(i.code, i.location, i.field) for i in result.log.issues}
    assert found == {("missing-team", "row 4", "team"), ("invalid-date", "row 5", "from_date"),
                     ("dates-out-of-order", "row 6", "to_date")}


def test_case_rows_carry_the_worker_at_the_event_or_the_latest_annex_a(store):
    rows = {r["child_id"]: r for r in store.cases("assessments-45wd", "2024-25", la="201").rows}
    # A1's assessment started 1 Mar 2024, with Team X (Team Y took over on 15 April)
    assert (rows["A1"]["team"], rows["A1"]["worker"], rows["A1"]["allocated_by"]) == (
        "Team X", "W1", "allocation extract")
    # A2 is not in the LA's extract: unknown, and Annex A is not used to guess
    assert (rows["A2"]["team"], rows["A2"]["worker"], rows["A2"]["allocated_by"]) == ("Unknown", "Unknown", None)
    # LA 202 has no extract: the latest Annex A's allocation
    [b] = store.cases("cp-visits-in-time", "2024-25", la="202").rows
    assert (b["team"], b["worker"], b["allocated_by"]) == ("CP Team", "W9", "Annex A 2025-01-10")
    # 10 working days after Mon 23 Dec 2024, over 25, 26 Dec and 1 Jan: Thu 9 Jan; seen 11 working days before
    assert (b["due_date"], b["days_over"]) == (D(2025, 1, 9), 1)


def test_failing_lists_the_late_ones_most_overdue_first(store):
    cases = store.work_list("assessments-45wd", "2024-25", la="201", failing=True)
    assert [(r["child_id"], r["due_date"], r["days_over"], r["meets_standard"], r["team"])
            for r in cases.rows] == [("A3", D(2024, 8, 5), 39, "false", "Team Y"),
                                     ("A2", D(2024, 5, 8), 1, "false", "Unknown")]
    assert cases.columns.index("meets_standard") == cases.columns.index("in_numerator") + 1
    assert any("meets_standard" in n for n in cases.notes)
    everyone = store.work_list("assessments-45wd", "2024-25", la="201")
    assert [r["child_id"] for r in everyone.rows] == ["A3", "A2", "A1"]
    assert everyone.rows[-1]["meets_standard"] == "true"


def test_meets_standard_follows_the_polarity(store):
    # re-referrals: lower is better, so a re-referral (in the numerator) does not meet the standard
    from csc_scorecard.indicators.worklist import FALSE, TRUE, UNKNOWN, meets
    ind = store.catalogue().get("re-referrals-12m")
    assert (meets(ind, True), meets(ind, False), meets(ind, None)) == (FALSE, TRUE, UNKNOWN)
    assert meets(store.catalogue().get("referrals"), True) == UNKNOWN  # a context count
    with pytest.raises(IndicatorError, match="no standard"):
        store.work_list("referrals", "2024-25", la="201", failing=True)


def test_breakdown_by_team_and_sex_adds_up_to_the_la(store):
    rows = [r for r in store.breakdown("2024-25", "team", la="201", ids=["assessments-45wd"])]
    assert [(r["group"], r["numerator"], r["denominator"]) for r in rows] == [
        ("All", 1, 3), ("Team X", 1, 1), ("Team Y", 0, 1), ("Unknown", 0, 1)]
    by_sex = store.breakdown("2024-25", "sex", la="201", ids=["assessments-45wd"])
    assert [(r["group"], r["numerator"], r["denominator"]) for r in by_sex] == [
        ("All", 1, 3), ("Female", 1, 2), ("Male", 0, 1)]
    by_age = store.breakdown("2024-25", "age", la="201", ids=["assessments-45wd"])
    # ages on the assessment's start: A1 8, A2 14, A3 5 months
    assert [(r["group"], r["denominator"]) for r in by_age] == [("All", 3), ("Under 1", 1), ("5 to 9", 1),
                                                                  ("10 to 15", 1)]
    # several groupings in one pass: each one's rows, in the order asked, as if asked one at a time
    together = store.breakdown("2024-25", ["sex", "team", "age"], la="201", ids=["assessments-45wd"])
    assert together == by_sex + rows + by_age
    with pytest.raises(ValueError):
        store.breakdown("2024-25", ["sex", "shoe size"], la="201", ids=["assessments-45wd"])


def test_due_lists_say_the_date_of_their_data(store):
    lists = {d.id: d for d in store.due(D(2025, 3, 31), la="201")}
    open_ = lists["assessments-open"]
    assert [(r["child_id"], r["due_date"], r["status"], r["days_over"], r["team"]) for r in open_.rows] == [
        ("A4", D(2025, 3, 24), "overdue", 5, "Team X"), ("A5", D(2025, 4, 7), "due soon", 0, "Team Y")]
    assert open_.as_at == {"201": D(2025, 3, 31)}
    assert lists["cp-visits"].unavailable == {"201": "no Annex A extract dated on or before 31/03/2025"}
    # asked about June: the census still describes 31 March, and says so
    june = {d.id: d for d in store.due(D(2025, 6, 30), la="201")}["assessments-open"]
    assert june.as_at == {"201": D(2025, 3, 31)}
    assert any("data as at 31/03/2025 - asked about 30/06/2025" in n for n in june.notes)
    # A4 due 24 Mar: 66 working days before 30 June (Easter, two May bank holidays between); A5 and A6 overdue too
    assert [(r["child_id"], r["days_over"]) for r in june.rows][0] == ("A4", 66)
    assert {r["child_id"] for r in june.rows} == {"A4", "A5", "A6"}
    only = {d.id: d for d in store.due(D(2025, 3, 31), la="201", team="Team Y")}["assessments-open"]
    assert [r["child_id"] for r in only.rows] == ["A5"]


def test_cli_due_writes_a_private_workbook_with_counts_by_team(store, tmp_path):
    out = tmp_path / "lists" / "due.xlsx"
    r = CliRunner().invoke(main, ["due", "--db", str(store.db_path), "--settings", str(store.settings_path),
                                  "--at", "31/03/2025", "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "Assessments due or overdue (45 working days from the start): 1 overdue, 1 due soon (data as at 31/03/2025)" in r.output
    assert "A4" not in r.output  # only counts are printed
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600 and stat.S_IMODE(os.stat(out.parent).st_mode) == 0o700
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "Summary" and "assessments-open" in wb.sheetnames and "Caseloads" in wb.sheetnames
    summary = [[c.value for c in row] for row in wb["Summary"].iter_rows()]
    header = next(i for i, row in enumerate(summary) if row[:2] == ["la", "team"])
    table = {row[1]: dict(zip(summary[header], row)) for row in summary[header + 1:]}
    assert table["Team X"]["assessments-open overdue"] == 1 and table["Team Y"]["assessments-open due soon"] == 1


def test_work_list_files_sorted_filtered_frozen_a4_and_safe(tmp_path):
    rows = [{"child_id": "C1", "team": "=HYPERLINK(\"http://x\")", "due_date": D(2025, 1, 9), "days_over": -1}]
    sheet = Sheet("late", ["child_id", "team", "due_date", "days_over"], rows, title="Late", notes=["a note"])
    xlsx, csv_path, js = (write(tmp_path / f"w.{ext}", [sheet]) for ext in ("xlsx", "csv", "json"))
    for path in (xlsx, csv_path, js):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    ws = openpyxl.load_workbook(xlsx)["late"]
    assert ws.auto_filter.ref == "A4:D5" and ws.freeze_panes == "A5"
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "landscape"
    assert ws["B5"].data_type == "s" and ws["B5"].value.startswith("=HYPERLINK")  # text, not a formula
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        got = list(csv.reader(f))
    assert got == [["child_id", "team", "due_date", "days_over"],
                   ["C1", "'=HYPERLINK(\"http://x\")", "2025-01-09", "-1"]]
    assert json.loads(js.read_text())["rows"][0]["due_date"] == "2025-01-09"


def test_public_breakdowns_suppress_small_cells_and_the_one_that_would_reveal_them():
    fig = Result("x", "201", "2024-25", 30, 60, 50.0, "percent")
    groups = [{"group": "Female", "numerator": 27, "denominator": 50, "value": 54.0},
              {"group": "Male", "numerator": 3, "denominator": 10, "value": 30.0}]
    shown = breakdowns._protected("percent", "percent", "sex", fig, groups, public=True)
    # Male rests on 3 children: c; Female would then give it away (30 - 27): c too
    assert [(c.group, c.text) for c in shown.cells] == [("All children", "50.0%"), ("Female", "c"), ("Male", "c")]
    internal = breakdowns._protected("percent", "percent", "sex", fig, groups, public=False)
    assert [(c.text, c.base) for c in internal.cells][2] == ("30.0%", "3 of 10")


def test_a_store_from_before_allocations_still_lists_cases(store):
    import duckdb
    con = duckdb.connect(str(store.db_path))
    con.execute("DROP VIEW child_allocation; DROP TABLE allocation; DROP TABLE src_allocation")
    con.execute("UPDATE meta SET value = 'older' WHERE key = 'views_version'")
    con.close()
    rows = store.cases("assessments-45wd", "2024-25", la="201").rows  # read-only: temporary empty table
    assert {r["team"] for r in rows} == {"Unknown"}


def test_due_at_defaults_to_the_latest_data_and_takes_text(store):
    assert store.due(None, la="201")[0].at == D(2025, 3, 31)  # the 2024-25 census's 31 March
    assert store.due("2024-25-Q3", la="201")[0].at == D(2024, 12, 31)
    assert store.due("2025-01-10", la="202")[3].as_at == {"202": D(2025, 1, 10)}  # cp-visits, from Annex A
