"""The Annex A reader on the two public sample workbooks, and loading them into a real DuckDB store."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import date

import pytest

from csc_scorecard.ingest import annex_a
from csc_scorecard.ingest.detect import read_file
from csc_scorecard.project import Project

# Counted by hand from the workbooks (data rows under each list's header row).
SAMPLE_ROWS = {"annex_a_contacts": 5, "annex_a_early_help": 5, "annex_a_referrals": 6, "annex_a_assessments": 5,
               "annex_a_section47": 5, "annex_a_cin": 5, "annex_a_cp": 7, "annex_a_cla": 5,
               "annex_a_care_leavers": 6, "annex_a_adoption": 5, "annex_a_adopters": 5}

# The same defects are in both: List 4's "requiring support" answers are "CS Assessment Updated" (not yes/no),
# List 6 row 2's need code is "PSRMEM - ..." (not N0-N9), and List 6's team and worker cells are #N/A.
SAMPLE_ERRORS = (
    [("invalid-yes-no", f"List 4, row {n}") for n in range(2, 7)]
    + [("unknown-code", "List 6, row 2")]
    + [("excel-error", f"List 6, row {n}") for n in range(2, 7) for _ in range(2)])


@pytest.fixture
def jan2024(shared_data):
    return shared_data / "samples" / "annex-a" / "Annex_A_2024_Jan.xlsx"


@pytest.fixture
def liiatools(shared_data):
    return shared_data / "samples" / "annex-a" / "Annex_A_liiatools.xlsx"


def errors(result):
    return [(i.code, i.location) for i in result.log.issues if i.severity == "error"]


def by_row(result, table):
    return {r["row_number"]: r for r in result.tables[table]}


def test_the_2024_template_sample(jan2024):
    assert annex_a.sniff(jan2024, jan2024.read_bytes()[:65536])
    [r] = read_file(jan2024, la="822")  # through detection, as the CLI does
    assert (r.source_return, r.description, r.la, r.collection_year) == ("annex_a", "Ofsted Annex A (xlsx)", "822",
                                                                        2024)
    assert r.row_counts() == SAMPLE_ROWS
    assert errors(r) == SAMPLE_ERRORS
    # The name says January 2024 but the data stop in March 2021: the analyst is told.
    assert [(i.severity, i.code) for i in r.log.issues if i.severity in ("warning", "info")] == [
        ("info", "extract-date"), ("warning", "extract-date-doubtful")]
    assert {row["extract_date"] for rows in r.tables.values() for row in rows} == {date(2024, 1, 31)}
    # 2024 List 9 has the UASC, personal adviser, pathway plan and latest contact columns
    leaver = by_row(r, "annex_a_care_leavers")[2]
    assert (leaver["uasc_or_former_uasc"], leaver["personal_adviser"], leaver["eligibility_category"],
            leaver["in_touch"], leaver["accommodation"], leaver["accommodation_suitable"], leaver["activity"]) == (
        None, None, "Former relevant", "YES", "Y", True, "F1")


def test_the_older_liiatools_sample(liiatools):
    [r] = annex_a.read(liiatools, la="822")
    assert r.row_counts() == SAMPLE_ROWS
    assert errors(r) == SAMPLE_ERRORS
    # Its List 9 predates four columns; with no date in the name the extract is the latest date in it.
    assert Counter(i.code for i in r.log.issues if i.severity == "info") == {
        "optional-column-missing": 4, "extract-date": 1}
    assert (r.tables["annex_a_contacts"][0]["extract_date"], r.collection_year) == (date(2021, 3, 15), 2021)


def test_every_2024_template_header_maps_to_its_own_column(jan2024):
    # The canonical tables list their columns in the template's order, so header i must map to column i.
    from csc_scorecard.ingest.annex_a_columns import BY_NUMBER
    from csc_scorecard.store.schema import TABLES

    sheets, _ = annex_a._load(jan2024)
    for sheet in sheets:
        spec = BY_NUMBER[int(sheet.title.split()[1])]
        header = annex_a._find_header(spec, sheet)
        mapped = [header.columns[i].name for i in sorted(header.columns)]
        assert mapped == list(TABLES[spec.table].column_names[2:]), sheet.title
        assert header.row == 0 and header.unmatched == [] and header.repeated == []


def test_sample_values(jan2024):
    [r] = annex_a.read(jan2024, la="822")
    contacts = by_row(r, "annex_a_contacts")
    assert [(c["child_id"], c["gender"], c["ethnicity"], c["contact_source"]) for c in contacts.values()] == [
        ("9212044", "F", "WBRI", "6"), ("11973218", "F", "APKN", "6"), ("6217392", "M", "NOBT", "1B"),
        ("16248829", "M", "NOBT", "6"), ("13981739", "F", "WBRI", "9")]
    assert (contacts[2]["dob"], contacts[3]["dob"], contacts[2]["contact_date"]) == (
        date(2015, 1, 25), None, date(2020, 9, 16))
    referral = by_row(r, "annex_a_referrals")[2]
    assert (referral["referral_source"], referral["referral_nfa"], referral["referrals_last_12_months"],
            referral["allocated_worker"]) == ("8", False, 0, "Dustin Hazlett")  # a non-breaking space made plain
    s47 = by_row(r, "annex_a_section47")[4]
    assert (s47["disability"], s47["icpc_not_required"], s47["icpc_date"], s47["icpc_resulted_in_cpp"],
            s47["s47_last_12_months"]) == (False, True, None, None, 3)
    cin = by_row(r, "annex_a_cin")
    assert [(c["primary_need_code"], c["case_status"], c["allocated_team"]) for c in cin.values()] == [
        (None, "Child in need plan", None)] + [("N1", "Child in need plan", None)] * 4
    cp = by_row(r, "annex_a_cp")[2]
    assert (cp["cpp_start_date"], cp["initial_category_of_abuse"], cp["last_statutory_visit_date"], cp["seen_alone"],
            cp["cpp_end_date"], cp["epo_or_police_protection_6m"], cp["number_of_previous_cpp"]) == (
        date(2020, 11, 23), "PHY", date(2021, 1, 22), True, date(2021, 2, 16), False, 0)
    ceased = by_row(r, "annex_a_cla")[6]
    assert (ceased["cla_start_date"], ceased["cla_end_date"], ceased["reason_ceased"], ceased["legal_status"],
            ceased["placement_type"], ceased["placement_provider"], ceased["uasc_12m"], ceased["disability"]) == (
        date(2008, 10, 22), date(2020, 9, 22), "E47", "C1", "H5", "PR4", False, True)
    adoption = by_row(r, "annex_a_adoption")[4]
    assert (adoption["family_id"], adoption["age"], adoption["date_no_longer_placed"],
            adoption["reason_no_longer_placed"]) == ("4836911", 14.0, date(2014, 10, 12), "RD2")
    adopter = by_row(r, "annex_a_adopters")[5]
    assert (adopter["adopter_id"], adopter["fostering_for_adoption"], adopter["children_placed"],
            adopter["leaving_date"], adopter["reason_leaving"]) == ("11340940", False, 1, date(2010, 6, 14), "1")


def _rows(con, sql):
    return con.execute(sql).fetchall()


def test_load_into_duckdb_then_reload_changes_nothing(jan2024, db_path):
    project = Project(db_path)
    first = project.load([jan2024], la="822")
    assert [f.status for f in first.files] == ["loaded"]
    assert first.files[0].rows == SAMPLE_ROWS
    con = project.connect(read_only=True)
    try:
        assert _rows(con, "SELECT row_number, child_id, contact_source, la, collection_year, extract_date "
                          "FROM annex_a_contacts ORDER BY row_number LIMIT 2") == [
            (2, "9212044", "6", "822", 2024, date(2024, 1, 31)), (3, "11973218", "6", "822", 2024, date(2024, 1, 31))]
        # children on a CP plan at the extract date, and when each was last visited
        assert _rows(con, "SELECT child_id, last_statutory_visit_date FROM annex_a_cp WHERE cpp_end_date IS NULL "
                          "AND cpp_start_date <= extract_date ORDER BY child_id") == [
            ("14953858", date(2021, 3, 2)), ("5358472", date(2021, 3, 2))]
        # children looked after at the extract date, and their last social work visit
        assert _rows(con, "SELECT child_id, last_social_work_visit_date FROM annex_a_cla WHERE cla_end_date IS NULL "
                          "ORDER BY child_id") == [
            ("1373595", date(2021, 2, 22)), ("14065184", date(2021, 1, 20)), ("1761444", date(2021, 1, 6)),
            ("2529037", date(2021, 2, 22))]
        assert _rows(con, "SELECT typeof(last_social_work_visit_date), typeof(seen_alone) FROM annex_a_cla, "
                          "annex_a_cp LIMIT 1") == [("DATE", "BOOLEAN")]
        before = {t: _rows(con, f"SELECT * FROM src_{t} ORDER BY row_number") for t in SAMPLE_ROWS}
    finally:
        con.close()

    again = project.load([jan2024], la="822")
    assert [f.status for f in again.files] == ["unchanged"] and again.load_id is None
    con = project.connect(read_only=True)
    try:
        assert {t: _rows(con, f"SELECT * FROM src_{t} ORDER BY row_number") for t in SAMPLE_ROWS} == before
        assert _rows(con, "SELECT count(*) FROM load_file") == [(1,)]
    finally:
        con.close()


def test_two_extracts_coexist_and_a_changed_copy_of_one_replaces_it(jan2024, liiatools, tmp_path, db_path):
    project = Project(db_path)
    project.load([jan2024, liiatools], la="822")
    # The same extract (same name, so the same extract date) changed and loaded again replaces its rows.
    changed = tmp_path / "Annex_A_2024_Jan.xlsx"
    shutil.copy(liiatools, changed)  # different bytes, same extract date: the 2024 Jan rows are replaced
    report = project.load([changed], la="822")
    assert [f.status for f in report.files] == ["loaded"]
    con = project.connect(read_only=True)
    try:
        assert _rows(con, "SELECT extract_date, count(*) FROM annex_a_contacts GROUP BY 1 ORDER BY 1") == [
            (date(2021, 3, 15), 5), (date(2024, 1, 31), 5)]
        assert _rows(con, "SELECT count(*) FROM src_annex_a_cp") == [(14,)]
        assert _rows(con, "SELECT DISTINCT source_file FROM src_annex_a_cp WHERE extract_date = DATE '2024-01-31'") \
            == [(str(changed),)]
    finally:
        con.close()


def test_other_published_workbooks_are_not_claimed(shared_data):
    paths = sorted((shared_data / "benchmarks" / "neighbours").glob("*.xlsx"))
    assert paths
    for path in paths:
        assert not annex_a.sniff(path, path.read_bytes()[:65536]), path.name
