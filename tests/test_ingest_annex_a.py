"""The Ofsted Annex A reader on small workbooks built here, each named after its defect."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from csc_scorecard.ingest import annex_a
from csc_scorecard.ingest.annex_a_columns import LISTS
from csc_scorecard.store.schema import TABLES

L1 = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age", "Date of Contact", "Contact Source"]
L7 = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age", "Does the Child have a Disability",
      "Child Protection Plan Start Date", "Initial Category of Abuse", "Latest Category of Abuse",
      "Date of the Last Statutory Visit", "Was the Child Seen Alone?", "Date of latest review conference",
      "Child Protection Plan End Date",
      "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
      "Number of Previous Child Protection Plans", "Allocated Team", "Allocated Worker"]


def cp_row(child, start, visit, end=None, **over):
    row = dict(zip(L7, [child, "a) Male", "a) WBRI", "01/02/2015", 8, "b) No", start, "a) Neglect",
                        "Emotional abuse", visit, "a) Yes", None, end, "b) No", 0, "Team A", "Worker B"]))
    row.update(over)
    return [row[h] for h in L7]


def workbook(path: Path, sheets: dict[str, list[list]], epoch1904: bool = False) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    if epoch1904:
        wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def read_one(path: Path, **kw):
    [result] = annex_a.read(path, **kw)
    return result


def issues(result, code=None):
    return [(i.severity, i.code, i.location, i.field, i.value) for i in result.log.issues
            if code is None or i.code == code]


def sniff(path: Path) -> bool:
    return annex_a.sniff(path, path.read_bytes()[:65536])


# --- the canonical tables agree with the column specs -------------------------------------------
def test_every_list_column_is_a_store_column_of_the_right_type():
    kinds = {"id": "VARCHAR", "text": "VARCHAR", "code": "VARCHAR", "date": "DATE", "int": "INTEGER",
             "number": "DOUBLE", "flag": "BOOLEAN"}
    for spec in LISTS:
        table = dict(TABLES[spec.table].columns)
        assert table.pop("extract_date") == "DATE" and table.pop("row_number") == "INTEGER"
        expected = {}
        for c in spec.columns:
            if c.kind == "option":
                expected[c.name] = "BOOLEAN" if all(isinstance(v, bool) for v, _, _ in c.values) else "VARCHAR"
            else:
                expected[c.name] = kinds[c.kind]
        assert table == expected, spec.table
        assert TABLES[spec.table].key == ("extract_date", "row_number")
        assert TABLES[spec.table].version == ("extract_date",)
    assert [s.number for s in LISTS] == list(range(1, 12))


# --- dates --------------------------------------------------------------------------------------
def test_text_serial_and_real_dates_are_stored_as_the_same_dates(tmp_path):
    # 44218 is Excel's serial for 22/01/2021 (44090 = 16/09/2020, plus 128 days)
    variants = {"text": "22/01/2021", "serial": 44218, "real": datetime(2021, 1, 22),
                "serial-as-text": "44218", "month-name": "22-Jan-2021", "with-time": "22/01/2021 00:00"}
    for name, visit in variants.items():
        path = workbook(tmp_path / f"dates_{name}.xlsx", {"List 7": [L7, cp_row("C1", "01/12/2020", visit)]})
        r = read_one(path, la="822", as_at=date(2021, 3, 31))
        [row] = r.tables["annex_a_cp"]
        assert row["last_statutory_visit_date"] == date(2021, 1, 22), name
        assert row["cpp_start_date"] == date(2020, 12, 1)
        assert [i for i in issues(r) if i[0] != "info"] == [], name


def test_serial_dates_in_a_1904_workbook_count_from_1904(tmp_path):
    # In the 1904 system 22/01/2021 is 44218 - 1462 = 42756; openpyxl writes real dates correctly either way.
    path = workbook(tmp_path / "dates_1904.xlsx", {"List 7": [L7, cp_row("C1", datetime(2020, 12, 1), 42756)]},
                    epoch1904=True)
    [row] = read_one(path, la="822", as_at=date(2021, 3, 31)).tables["annex_a_cp"]
    assert row["last_statutory_visit_date"] == date(2021, 1, 22)
    assert row["cpp_start_date"] == date(2020, 12, 1)


def test_a_bad_date_is_blank_with_an_error_naming_sheet_row_and_header(tmp_path):
    path = workbook(tmp_path / "bad_date.xlsx", {"List 7": [
        L7, cp_row("C1", "01/12/2020", "22/01/2021"), cp_row("C2", "01/12/2020", "31/02/2021"),
        cp_row("C3", "12/31/2020", "next week")]})
    r = read_one(path, la="822", as_at=date(2021, 3, 31))
    assert issues(r, "invalid-date") == [
        ("error", "invalid-date", "List 7, row 3", "Date of the Last Statutory Visit", "31/02/2021"),
        ("error", "invalid-date", "List 7, row 4", "Child Protection Plan Start Date", "12/31/2020"),
        ("error", "invalid-date", "List 7, row 4", "Date of the Last Statutory Visit", "next week")]
    visits = [(x["child_id"], x["cpp_start_date"], x["last_statutory_visit_date"]) for x in r.tables["annex_a_cp"]]
    assert visits == [("C1", date(2020, 12, 1), date(2021, 1, 22)), ("C2", date(2020, 12, 1), None),
                      ("C3", None, None)]
    msg = next(i for i in r.log.issues if i.code == "invalid-date")
    assert "C2" not in msg.message and "C2" not in msg.fix  # no child IDs in messages
    # ...but the (private) issue list names the child on the row, so the team can find the case
    from csc_scorecard.ingest.report import rows_of
    assert [(x.location, x.child_id) for x in rows_of(r) if x.code == "invalid-date"] == [
        ("List 7, row 3", "C2"), ("List 7, row 4", "C3"), ("List 7, row 4", "C3")]


# --- headers and sheets ---------------------------------------------------------------------------
def test_header_wording_variants_and_reordered_columns(tmp_path):
    headers = ["Contact Source ", "DATE OF CONTACT", "Age of Child (Years)", "Sex", "Ethnicity",
               "Child\u2019s Unique ID", "Date of birth (dd/mm/yyyy)"]
    path = workbook(tmp_path / "header_variants.xlsx", {"List1": [
        headers, ["q) 6: Police", "16/09/2020", 6.5, "b) Female", "k) APKN", 1234, "25/01/2015"]]})
    r = read_one(path, la="822", as_at=date(2020, 9, 30))
    assert r.tables["annex_a_contacts"] == [{
        "child_id": "1234", "gender": "F", "ethnicity": "APKN", "dob": date(2015, 1, 25), "age": 6.5,
        "contact_date": date(2020, 9, 16), "contact_source": "6", "row_number": 2,
        "extract_date": date(2020, 9, 30)}]
    assert [i for i in issues(r) if i[0] != "info" or i[1] == "unmatched-column"] == []


def test_list_8_curly_quotes_trailing_bracket_and_shuffled_columns(tmp_path):
    headers = ["Allocated Worker", "Number of Episodes the Child has been \u2018Missing\u2019 from their Placement "
               "in the last 12 months", "Number of Episodes the Child has been 'Absent' from their Placement in "
               "the last 12 months", "Did the child accept a Return Interview after their last missing episode "
               "(Y/N)?", "Was the child offered a Return Interview after their last missing episode (Y/N)?",
               "Child Unique ID", "Date Ceased to be Looked After", "Reason Ceased to be Looked After",
               "Date Started to be Looked After", "Unaccompanied Asylum Seeking Child (UASC) within the Last "
               "12 Months (Y/N))", "Date of Last Social Work Visit", "Date of Last IRO Visit / Contact to the "
               "Child", "Child\u2019s Legal Status", "Start date of current legal status", "Placement Type",
               "Placement Provider", "Start Date of Most Recent Placement", "Number of Placements in the Last "
               "12 months", "Child's Category of Need", "Placement Location (In/Out of LA)"]
    values = ["W1", 3, 1, "b) No", "a) Yes", "C9", None, None, "06/08/2019", "Y", "06/01/2021", "12/01/2021",
              "E1: Placement order", "12/07/2020", "f) U6: Foster placement - not FFA", "e) PR4 - Private provision",
              "02/11/2020", 2, "N1 - Abuse or Neglect", "b) Out of LA"]
    path = workbook(tmp_path / "list8_variants.xlsx", {"L8 Children in Care": [headers, values]})
    r = read_one(path, la="822", as_at=date(2021, 1, 31))
    [row] = r.tables["annex_a_cla"]
    assert {k: row[k] for k in ("allocated_worker", "missing_episodes_12m", "absent_episodes_12m",
                                "return_interview_accepted", "return_interview_offered", "child_id",
                                "cla_end_date", "reason_ceased", "cla_start_date", "uasc_12m",
                                "last_social_work_visit_date", "last_iro_contact_date", "legal_status",
                                "legal_status_start_date", "placement_type", "placement_provider",
                                "placement_start_date", "placements_last_12_months", "category_of_need",
                                "placement_location")} == {
        "allocated_worker": "W1", "missing_episodes_12m": 3, "absent_episodes_12m": 1,
        "return_interview_accepted": False, "return_interview_offered": True, "child_id": "C9",
        "cla_end_date": None, "reason_ceased": None, "cla_start_date": date(2019, 8, 6), "uasc_12m": True,
        "last_social_work_visit_date": date(2021, 1, 6), "last_iro_contact_date": date(2021, 1, 12),
        "legal_status": "E1", "legal_status_start_date": date(2020, 7, 12), "placement_type": "U6",
        "placement_provider": "PR4", "placement_start_date": date(2020, 11, 2), "placements_last_12_months": 2,
        "category_of_need": "N1", "placement_location": "Out of LA"}
    assert [i for i in issues(r) if i[0] != "info"] == []


def test_title_rows_above_the_header_and_excel_row_numbers(tmp_path):
    path = workbook(tmp_path / "title_rows.xlsx", {"List 7": [
        ["Annex A - List 7: Child protection"], ["Extracted for inspection"], [],
        L7, cp_row("C1", "01/12/2020", "22/01/2021"), [], cp_row("C2", "01/12/2020", "not known")]})
    r = read_one(path, la="822", as_at=date(2021, 3, 31))
    assert [(x["child_id"], x["row_number"]) for x in r.tables["annex_a_cp"]] == [("C1", 5), ("C2", 7)]
    assert issues(r, "invalid-date") == [
        ("error", "invalid-date", "List 7, row 7", "Date of the Last Statutory Visit", "not known")]


def test_sheets_are_recognised_by_name_variants_or_by_their_headers(tmp_path):
    path = workbook(tmp_path / "sheet_names.xlsx", {
        "Notes": [["Read me first"]],
        "Contacts": [L1, ["C1", "a) Male", "a) WBRI", None, 5, "16/09/2020", "b) 1B: Individual"]],  # by headers
        "l7-cp": [L7, cp_row("C2", "01/12/2020", "22/01/2021")],  # by name
    })
    assert sniff(path)
    r = read_one(path, la="822", as_at=date(2020, 12, 31))
    assert r.row_counts() == {"annex_a_contacts": 1, "annex_a_cp": 1}
    assert r.tables["annex_a_contacts"][0]["contact_source"] == "1B"
    assert ("info", "sheet-ignored", "Notes", "", "") in issues(r)
    assert len(issues(r, "list-missing")) == 9


def test_missing_required_column_skips_that_list_and_the_others_load(tmp_path):
    no_end = [h for h in L7 if h != "Child Protection Plan End Date"]
    row = cp_row("C1", "01/12/2020", "22/01/2021")
    del row[L7.index("Child Protection Plan End Date")]
    path = workbook(tmp_path / "missing_required_column.xlsx", {
        "List 1": [L1, ["C1", "a) Male", "a) WBRI", None, 5, "16/09/2020", "q) 6: Police"]],
        "List 7": [no_end, row]})
    r = read_one(path, la="822", as_at=date(2020, 12, 31))
    assert r.loadable
    assert list(r.tables) == ["annex_a_contacts"]
    assert issues(r, "missing-column") == [
        ("error", "missing-column", "List 7", "Child Protection Plan End Date", "")]


def test_unmatched_and_repeated_columns_are_reported(tmp_path):
    path = workbook(tmp_path / "extra_columns.xlsx", {"List 1": [
        L1 + ["Worker's favourite colour", "Contact Source"],
        ["C1", "a) Male", "a) WBRI", None, 5, "16/09/2020", "q) 6: Police", "blue", "b) 1B: Individual"]]})
    r = read_one(path, la="822", as_at=date(2020, 12, 31))
    assert r.tables["annex_a_contacts"][0]["contact_source"] == "6"  # the first Contact Source column wins
    assert issues(r, "unmatched-column") == [
        ("info", "unmatched-column", "List 1, row 1", "Worker's favourite colour", "")]
    assert issues(r, "duplicate-column") == [("warning", "duplicate-column", "List 1, row 1", "Contact Source", "")]


def test_an_empty_sheet_and_a_header_only_sheet_are_empty_lists(tmp_path):
    path = workbook(tmp_path / "empty_sheets.xlsx", {
        "List 1": [L1, ["C1", "a) Male", "a) WBRI", None, 5, "16/09/2020", "q) 6: Police"]],
        "List 4": [], "List 7": [L7]})
    r = read_one(path, la="822", as_at=date(2020, 12, 31))
    assert r.row_counts() == {"annex_a_contacts": 1, "annex_a_assessments": 0, "annex_a_cp": 0}
    assert [(i[0], i[2]) for i in issues(r, "empty-list")] == [("info", "List 4"), ("info", "List 7")]
    assert r.loadable


def test_a_named_sheet_without_a_header_row_is_an_error(tmp_path):
    path = workbook(tmp_path / "no_header.xlsx", {
        "List 1": [L1, ["C1", "a) Male", "a) WBRI", None, 5, "16/09/2020", "q) 6: Police"]],
        "List 3": [["C1", "a) Male", "16/09/2020"]]})
    r = read_one(path, la="822", as_at=date(2020, 12, 31))
    assert [(i[0], i[2]) for i in issues(r, "header-not-found")] == [("error", "List 3")]
    assert list(r.tables) == ["annex_a_contacts"]


# --- values -------------------------------------------------------------------------------------------
def test_blank_child_id_drops_the_row_with_an_error(tmp_path):
    path = workbook(tmp_path / "blank_child_id.xlsx", {"List 1": [
        L1, ["C1", "a) Male", "a) WBRI", None, 5, "16/09/2020", "q) 6: Police"],
        [None, "b) Female", "a) WBRI", "01/01/2010", 10, "17/09/2020", "q) 6: Police"],
        ["  ", "b) Female", "a) WBRI", "01/01/2011", 9, "18/09/2020", "q) 6: Police"],
        ["C4", "b) Female", "a) WBRI", None, 9, "18/09/2020", "q) 6: Police"]]})
    r = read_one(path, la="822", as_at=date(2020, 12, 31))
    assert [x["child_id"] for x in r.tables["annex_a_contacts"]] == ["C1", "C4"]
    assert issues(r, "blank-id") == [("error", "blank-id", "List 1, row 3", "Child Unique ID", ""),
                                     ("error", "blank-id", "List 1, row 4", "Child Unique ID", "")]


def test_unknown_codes_are_blank_with_an_error_and_known_codes_keep_only_the_code(tmp_path):
    path = workbook(tmp_path / "unknown_code.xlsx", {"List 1": [
        L1, ["C1", "a) Male", "a) WBRI", None, 5, "16/09/2020", "z) 99: Martians"],
        ["C2", "d) Neither", "White British (WBRI)", None, 5, "16/09/2020", "3D - Health services"],
        ["C3", "Boy", "XXXX", None, 5, "16/09/2020", 6],
        ["C4", "c) Not stated/recorded", "s) nobt", None, 5, "16/09/2020", "10: Unknown"]]})
    r = read_one(path, la="822", as_at=date(2020, 12, 31))
    got = [(x["child_id"], x["gender"], x["ethnicity"], x["contact_source"]) for x in r.tables["annex_a_contacts"]]
    assert got == [("C1", "M", "WBRI", None), ("C2", "N", "WBRI", "3D"), ("C3", "M", None, "6"),
                   ("C4", "U", "NOBT", "10")]
    assert issues(r, "unknown-code") == [
        ("error", "unknown-code", "List 1, row 2", "Contact Source", "z) 99: Martians"),
        ("error", "unknown-code", "List 1, row 4", "Ethnicity", "XXXX")]


def test_yes_no_answers_become_booleans(tmp_path):
    answers = ["a) Yes", "b) No", "Y", "n", True, 0, "Yes - seen alone", "N/A", "Maybe"]
    rows = [L7] + [cp_row(f"C{i}", "01/12/2020", "22/01/2021", **{"Was the Child Seen Alone?": a})
                   for i, a in enumerate(answers)]
    r = read_one(workbook(tmp_path / "yes_no.xlsx", {"List 7": rows}), la="822", as_at=date(2021, 3, 31))
    assert [x["seen_alone"] for x in r.tables["annex_a_cp"]] == [True, False, True, False, True, False, True,
                                                                 None, None]
    assert issues(r, "invalid-yes-no") == [("error", "invalid-yes-no", "List 7, row 10",
                                            "Was the Child Seen Alone?", "Maybe")]


def test_category_of_abuse_and_other_labelled_options(tmp_path):
    rows = [L7, cp_row("C1", "01/12/2020", "22/01/2021", **{"Initial Category of Abuse": "Physical abuse",
                                                             "Latest Category of Abuse": "e) Multiple"}),
            cp_row("C2", "01/12/2020", "22/01/2021", **{"Initial Category of Abuse": "c) Sexual Abuse",
                                                         "Latest Category of Abuse": "Financial"})]
    r = read_one(workbook(tmp_path / "abuse.xlsx", {"List 7": rows}), la="822", as_at=date(2021, 3, 31))
    got = [(x["initial_category_of_abuse"], x["latest_category_of_abuse"]) for x in r.tables["annex_a_cp"]]
    assert got == [("PHY", "MUL"), ("SAB", None)]
    assert issues(r, "unknown-code") == [("error", "unknown-code", "List 7, row 3", "Latest Category of Abuse",
                                          "Financial")]


def test_excel_errors_and_blank_words(tmp_path):
    rows = [L7, cp_row("C1", "01/12/2020", "#N/A", **{"Child Protection Plan End Date": "NULL",
                                                       "Allocated Team": "#REF!"})]
    r = read_one(workbook(tmp_path / "excel_errors.xlsx", {"List 7": rows}), la="822", as_at=date(2021, 3, 31))
    [row] = r.tables["annex_a_cp"]
    assert (row["last_statutory_visit_date"], row["cpp_end_date"], row["allocated_team"]) == (None, None, None)
    assert [(i[3], i[4]) for i in issues(r, "excel-error")] == [
        ("Date of the Last Statutory Visit", "#N/A"), ("Allocated Team", "#REF!")]


def test_duplicate_rows_are_dropped_and_repeated_keys_warned(tmp_path):
    same = cp_row("C1", "01/12/2020", "22/01/2021")
    rows = [L7, same, cp_row("C2", "01/12/2020", "22/01/2021"), list(same),
            cp_row("C1", "01/12/2020", "29/01/2021")]  # same child and plan start, different visit date
    r = read_one(workbook(tmp_path / "duplicates.xlsx", {"List 7": rows}), la="822", as_at=date(2021, 3, 31))
    assert [x["row_number"] for x in r.tables["annex_a_cp"]] == [2, 3, 5]
    assert [(i[0], i[1], i[2]) for i in issues(r) if i[1].startswith("duplicate")] == [
        ("error", "duplicate-row", "List 7, row 4"), ("warning", "duplicate-key", "List 7, row 5")]
    assert "repeats row 2" in next(i.message for i in r.log.issues if i.code == "duplicate-row")


def test_current_cp_plans_and_visits_at_the_extract_date(tmp_path):
    rows = [L7, cp_row("C1", "01/06/2020", "22/01/2021"),  # open
            cp_row("C2", "01/06/2020", "10/11/2020", end="15/12/2020"),  # ended before the extract
            cp_row("C3", "03/03/2021", None)]  # open, not visited yet
    r = read_one(workbook(tmp_path / "cp.xlsx", {"List 7": rows}), la="822", as_at=date(2021, 3, 31))
    open_plans = [(x["child_id"], x["last_statutory_visit_date"]) for x in r.tables["annex_a_cp"]
                  if x["cpp_start_date"] <= x["extract_date"] and x["cpp_end_date"] is None]
    assert open_plans == [("C1", date(2021, 1, 22)), ("C3", None)]


# --- extract date, LA, sniffing -----------------------------------------------------------------------
@pytest.mark.parametrize("stem, expected", [
    ("Annex_A_2024_Jan", date(2024, 1, 31)),
    ("822_AnnexA_February2024", date(2024, 2, 29)),
    ("annex a sept 2023", date(2023, 9, 30)),
    ("AnnexA_2024-03-15", date(2024, 3, 15)),
    ("AnnexA_20240315", date(2024, 3, 15)),
    ("AnnexA_15.03.2024", date(2024, 3, 15)),
    ("AnnexA_2024-03", date(2024, 3, 31)),
    ("Annex_A", None),
    ("Annex_A_2024", None),  # a year alone is not a date
    ("Annex_A_Jan_Feb_2024", None),  # two months: ambiguous
    ("AnnexA_2024-02-30", None),
])
def test_date_from_file_name(stem, expected):
    assert annex_a.date_from_name(stem) == expected


@pytest.mark.parametrize("stem, expected", [
    ("822_Annex_A_2024_Jan", "822"), ("Annex_A_310", "310"), ("Annex_A_2024_Jan", None),
    ("310_vs_822_Annex_A", None), ("Annex_A_100_rows", None)])
def test_la_from_file_name(stem, expected):
    assert annex_a.la_from_name(stem) == expected


@pytest.mark.parametrize("extract, year", [
    (date(2024, 1, 31), 2024), (date(2024, 3, 31), 2024), (date(2024, 4, 1), 2025), (date(2024, 12, 31), 2025)])
def test_collection_year_is_the_31_march_on_or_after(extract, year):
    assert annex_a.collection_year(extract) == year


def _contacts(tmp_path, name, contact="16/09/2020"):
    return workbook(tmp_path / name, {"List 1": [L1, ["C1", "a) Male", "a) WBRI", "01/01/2010", 5, contact,
                                                      "q) 6: Police"]]})


def test_extract_date_and_la_from_the_file_name(tmp_path):
    r = read_one(_contacts(tmp_path, "822_Annex_A_2020_Sep.xlsx"))
    assert (r.la, r.collection_year) == ("822", 2021)
    assert r.tables["annex_a_contacts"][0]["extract_date"] == date(2020, 9, 30)
    assert [i[1] for i in issues(r) if i[0] == "info"][-2:] == ["extract-date", "la-from-name"]


def test_extract_date_falls_back_to_the_latest_date_but_not_a_birth_date(tmp_path):
    r = read_one(_contacts(tmp_path, "contacts.xlsx"), la="310")
    assert r.tables["annex_a_contacts"][0]["extract_date"] == date(2020, 9, 16)
    [msg] = [i.message for i in r.log.issues if i.code == "extract-date"]
    assert "16/09/2020" in msg and "Date of Contact" in msg
    assert r.collection_year == 2021


def test_as_at_wins_and_dates_after_it_are_warned(tmp_path):
    r = read_one(_contacts(tmp_path, "Annex_A_2020_Dec.xlsx"), la="310", as_at="2020-09-01", year=2020)
    assert r.tables["annex_a_contacts"][0]["extract_date"] == date(2020, 9, 1)
    assert [i[1] for i in issues(r) if i[0] == "warning"] == ["dates-after-extract", "year-mismatch"]


def test_unknown_la_is_fatal_with_a_fix(tmp_path):
    r = read_one(_contacts(tmp_path, "Annex_A_2020_Sep.xlsx"))
    assert not r.loadable
    [fatal] = [i for i in r.log.issues if i.severity == "fatal"]
    assert fatal.code == "unknown-la" and "--la" in fatal.fix


def test_la_argument_wins_over_the_file_name_with_a_warning(tmp_path):
    r = read_one(_contacts(tmp_path, "822_Annex_A_2020_Sep.xlsx"), la="310")
    assert r.la == "310"
    assert issues(r, "la-mismatch")[0][0] == "warning"


def test_a_workbook_that_is_not_annex_a(tmp_path):
    path = workbook(tmp_path / "budget.xlsx", {"Sheet1": [["Name", "Amount", "Date"], ["Paper", 3, "01/01/2024"]],
                                               "Lookups": [["Code", "Label"]]})
    assert not sniff(path)
    r = read_one(path, la="310")
    assert [(i.severity, i.code) for i in r.log.issues if i.severity == "fatal"] == [("fatal", "no-annex-a-lists")]
    csv = tmp_path / "episodes.csv"
    csv.write_text("CHILD,DECOM\n1,01/01/2020\n")
    assert not sniff(csv)


def test_a_contacts_like_local_extract_is_not_claimed_on_one_matching_column(tmp_path):
    path = workbook(tmp_path / "iha.xlsx", {"Sheet1": [
        ["Child ID", "Date became looked after", "Date of initial health assessment"], ["C1", "01/01/2024", None]]})
    assert not sniff(path)


def test_a_damaged_annex_a_file_is_claimed_and_reported(tmp_path):
    path = tmp_path / "Annex_A_2024_Jan.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    assert sniff(path)
    r = read_one(path, la="310")
    assert [(i.severity, i.code) for i in r.log.issues] == [("fatal", "unreadable-workbook")]


@pytest.mark.parametrize("title, number", [
    ("List 1", 1), ("List1", 1), ("list 11", 11), ("L7 Child protection", 7), ("Annex A List 8", 8),
    ("L-3 Referrals", 3), ("List 12", None), ("Lookups", None), ("Leavers", None), ("Notes", None)])
def test_sheet_names(title, number):
    assert annex_a._list_number(title) == number


def test_a_workbook_whose_every_list_fails_is_not_loaded(tmp_path):
    path = workbook(tmp_path / "Annex_A_2024_Jan.xlsx", {"List 1": [["Child Unique ID", "Gender"], ["C1", "M"]],
                                                         "List 2": [["something else"]]})
    r = read_one(path, la="310")
    assert [(i.severity, i.code, i.location) for i in r.log.issues if i.severity in ("fatal", "error")] == [
        ("error", "missing-column", "List 1"), ("error", "header-not-found", "List 2"),
        ("fatal", "no-lists-loaded", "")]
    assert not r.loadable
