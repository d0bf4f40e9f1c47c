"""The SSDA903 CSV reader on small fixtures in tests/fixtures/903, each named after its defect.

Every expected value below was worked out by hand from the fixture's text.
"""

from __future__ import annotations

import codecs
from datetime import date
from pathlib import Path

import pytest

from csc_scorecard.ingest import codes_903, ssda903
from csc_scorecard.ingest.detect import read_file
from csc_scorecard.ingest.collection_year import infer_year, year_from_path, year_in_name
from csc_scorecard.ingest.text_files import decode, first_line, sniff_delimiter
from csc_scorecard.store.schema import TABLES

EP = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
HD = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"


@pytest.fixture
def f903(fixtures) -> Path:
    return fixtures / "903"


def read1(path: Path, year: int | None = 2025, la: str | None = "201"):
    results = read_file(path, year=year, la=la)
    assert len(results) == 1
    return results[0]


def rows(result, table: str) -> list[dict]:
    return result.tables[table].to_pylist()


def issues(result, code: str | None = None) -> list:
    return [i for i in result.log.issues if code is None or i.code == code]


def brief(result) -> list[tuple]:
    return [(i.severity, i.code, i.location, i.field, i.value) for i in result.log.issues]


# --- encodings, line endings, delimiters ---------------------------------------------

def test_bom_is_not_part_of_the_first_column(f903):
    r = read1(f903 / "episodes-bom.csv")
    assert r.description == "SSDA903 Episodes (CSV)" and r.source_return == "ssda903"
    assert (r.la, r.collection_year) == ("201", 2025)
    assert brief(r) == []
    got = rows(r, "cla_episode")
    assert [(x["child_id"], x["decom"], x["dec"], x["place"], x["urn"]) for x in got] == [
        ("A1", date(2024, 4, 1), date(2024, 6, 1), "U4", "SC123456"),
        ("A1", date(2024, 6, 1), None, "U6", "XXXXXXX")]
    assert got[1]["reason_place_change"] == "CARPL" and got[0]["reason_place_change"] is None


def test_crlf_and_missing_final_newline_still_read_the_last_row(f903):
    r = read1(f903 / "episodes-crlf-no-final-newline.csv")
    assert brief(r) == []
    assert [(x["decom"], x["reason_place_change"]) for x in rows(r, "cla_episode")] == [
        (date(2024, 4, 1), None), (date(2024, 6, 1), "CARPL")]


@pytest.mark.parametrize("name, described", [("header-utf16.csv", "UTF-16 (little-endian)"),
                                             ("header-utf16be.csv", "UTF-16 (big-endian)")])
def test_utf16_with_bom(f903, name, described):
    r = read1(f903 / name)
    assert brief(r) == [("info", "encoding", "", "", described)]
    got = rows(r, "child")
    assert [(x["child_id"], x["sex"], x["dob"]) for x in got] == [
        ("B1", "M", date(2010, 5, 5)), ("B2", "F", date(2011, 6, 6))]
    # UN2 says why there is no UPN: it goes to upn_unknown, not upn.
    assert (got[1]["upn"], got[1]["upn_unknown"], got[1]["mother"], got[1]["mc_dob"]) == (
        None, "UN2", 1, date(2025, 1, 1))


def test_cp1252_fallback_is_reported_as_info(f903):
    r = read1(f903 / "episodes-cp1252.csv")
    assert brief(r) == [("info", "encoding", "", "", "Windows-1252")]
    assert rows(r, "cla_episode")[0]["urn"] == "SC\u00a312345"


def test_semicolon_delimited_file(f903):
    r = read1(f903 / "episodes-semicolon.csv")
    assert brief(r) == []
    assert [(x["child_id"], x["decom"]) for x in rows(r, "cla_episode")] == [("S1", date(2024, 4, 1))]


def test_decode_helpers():
    assert decode("é".encode("utf-8")).text == "é" and decode("é".encode("utf-8")).note is None
    assert decode(codecs.BOM_UTF8 + b"CHILD").text == "CHILD"
    # UTF-16 without a BOM is recognised by its zero bytes.
    assert decode("CHILD,DOB\r\n".encode("utf-16-le")).encoding == "utf-16-le"
    # 0x81 is undefined in Windows-1252: Latin-1 keeps the byte rather than failing.
    latin = decode(b"caf\xe9 \x81")
    assert (latin.encoding, latin.text) == ("latin-1", "caf\xe9 \x81")
    assert first_line(codecs.BOM_UTF16_LE + "CHILD,DOB\r\nX,Y".encode("utf-16-le")[:-1]) == "CHILD,DOB"
    assert sniff_delimiter("CHILD;DOB") == ";" and sniff_delimiter("CHILD,DOB;X") == ","


# --- columns ----------------------------------------------------------------------------

def test_missing_column_is_fatal_and_names_column_and_table(f903):
    r = read1(f903 / "episodes-missing-column.csv")
    assert not r.loadable and r.tables == {}
    [fatal] = issues(r, "missing-column")
    assert (fatal.severity, fatal.field) == ("fatal", "DECOM")
    assert "SSDA903 Episodes table" in fatal.message and "no DECOM column" in fatal.message


def test_misspelt_required_column_points_at_the_likely_one(f903):
    r = read1(f903 / "episodes-misspelt-required-column.csv")
    assert not r.loadable
    assert brief(r) == [("warning", "misspelt-column", "column 2", "DECCOM", "DECCOM"),
                        ("fatal", "missing-column", "", "DECOM", "")]
    assert 'The column "DECCOM" may be it' in issues(r, "missing-column")[0].message
    assert "rename" in issues(r, "missing-column")[0].fix


def test_column_order_case_spaces_and_extra_columns(f903):
    r = read1(f903 / "episodes-extra-and-misspelt-column.csv")
    assert r.loadable
    assert brief(r) == [("info", "extra-column", "column 14", "LA", "LA"),
                        ("warning", "misspelt-column", "column 15", "PL_DISTNCE", "PL_DISTNCE")]
    assert "PL_DISTANCE" in issues(r, "misspelt-column")[0].message
    [row] = rows(r, "cla_episode")
    assert (row["child_id"], row["decom"], row["ls"], row["cin"], row["place"], row["place_provider"], row["urn"]) \
        == ("C1", date(2024, 4, 1), "C1", "N2", "U3", "PR0", "SC1")
    assert "pl_distance" not in row  # not read: the store fills it with NULL


def test_pl_distance_is_read_when_present(tmp_path):
    p = tmp_path / "episodes.csv"
    p.write_text(EP + ",PL_DISTANCE\nP1,01/04/2024,S,C2,N1,U4,PR1,,,,,,,12.5\nP2,01/04/2024,S,C2,N1,U4,PR1,,,,,,,far\n"
                 "P3,01/04/2024,S,C2,N1,U4,PR1,,,,,,,-30\nP4,01/04/2024,S,C2,N1,U4,PR1,,,,,,,0\n")
    r = read1(p)
    assert [x["pl_distance"] for x in rows(r, "cla_episode")] == [12.5, None, None, 0.0]
    # a negative distance would count as "within 20 miles": refused, so the child is unknown instead
    assert brief(r) == [("error", "invalid-number", "row 3", "PL_DISTANCE", "far"),
                        ("error", "invalid-number", "row 4", "PL_DISTANCE", "-30")]
    assert "is negative; it was left blank" in issues(r, "invalid-number")[1].message


def test_file_named_for_another_table_is_read_by_its_columns(f903):
    r = read1(f903 / "episodes-wrong-table.csv")
    assert r.description == "SSDA903 Header (CSV)"
    assert brief(r) == [("warning", "file-name-mismatch", "", "", "episodes-wrong-table.csv")]
    assert [x["child_id"] for x in rows(r, "child")] == ["W1"]


def test_every_table_has_its_own_description_and_canonical_columns():
    from csc_scorecard.ingest.ssda903_tables import SPECS
    descriptions = {f"SSDA903 {s.name} (CSV)" for s in SPECS}
    assert len(descriptions) == 12
    for spec in SPECS:
        canon = set(TABLES[spec.table].column_names)
        produced = {c.canon for c in spec.cols} | {"sex_code", "upn_unknown", "date_perm_parsed"}
        produced |= {"episode_seq"} if spec.same_day else set()
        assert {c.canon for c in spec.cols} <= canon, spec.name
        assert set(TABLES[spec.table].key) - {"collection_year", "source_return"} <= produced


# --- rows ---------------------------------------------------------------------------------

def test_blank_child_rows_are_dropped_and_blank_lines_skipped(f903):
    r = read1(f903 / "header-blank-child-id.csv")
    assert brief(r) == [("error", "missing-child-id", "row 3", "CHILD", ""),
                        ("error", "missing-child-id", "row 5", "CHILD", "")]
    assert [x["child_id"] for x in rows(r, "child")] == ["D1", "D2"]


def test_bad_dates(f903):
    r = read1(f903 / "episodes-bad-dates.csv")
    assert brief(r) == [
        ("error", "invalid-date", "row 3", "DECOM", "31/02/2024"),
        ("error", "missing-value", "row 5", "DECOM", ""),
        ("error", "invalid-date", "row 7", "DECOM", "01/05/1890"),
        ("error", "invalid-date", "row 4", "DEC", "32/13/2024"),
        ("error", "invalid-date", "row 6", "DEC", "banana"),
    ]
    assert "row was not loaded" in issues(r)[0].message
    assert "left blank" in issues(r)[3].message
    assert [(x["child_id"], x["decom"], x["dec"]) for x in rows(r, "cla_episode")] == [
        ("E1", date(2024, 4, 1), date(2024, 6, 30)),  # 1/4/2024 and ISO 2024-06-30 both accepted
        ("E3", date(2024, 5, 1), None),
        ("E5", date(2024, 5, 1), None)]


def test_duplicates(f903):
    r = read1(f903 / "reviews-duplicates.csv")
    assert sorted(brief(r)) == sorted([
        ("warning", "duplicate-row", "row 3", "", ""),
        ("error", "duplicate-key", "row 4", "REVIEW", "10/05/2024"),
        ("warning", "unknown-code", "row 5", "REVIEW_CODE", "PN9"),
        ("info", "lower-case-code", "", "REVIEW_CODE", ""),
    ])
    assert "repeats row 2" in issues(r, "duplicate-row")[0].message
    assert issues(r, "duplicate-key")[0].message.startswith("Row 2 already holds a review for this child with the "
                                                            "same REVIEW")
    assert [(x["child_id"], x["review"], x["review_code"]) for x in rows(r, "cla_review")] == [
        ("F1", date(2024, 5, 10), "PN1"), ("F1", date(2024, 11, 10), "PN9"), ("F2", date(2024, 6, 1), "PN0")]


def test_overlapping_episodes(f903):
    r = read1(f903 / "episodes-overlapping.csv")
    assert brief(r) == [("warning", "overlapping-rows", "row 3", "DECOM", "01/05/2024"),
                        ("warning", "overlapping-rows", "row 5", "DECOM", "01/06/2024")]
    assert "(row 2, from 01/04/2024) ended (10/05/2024)" in issues(r)[0].message
    assert "it has no end date" in issues(r)[1].message
    assert len(rows(r, "cla_episode")) == 6


def test_empty_file_and_header_only_file(f903):
    empty = read1(f903 / "empty.csv")
    assert [(i.severity, i.code) for i in empty.log.issues] == [("fatal", "empty-file")]
    header_only = read1(f903 / "reviews-header-only.csv")
    assert header_only.loadable and header_only.row_counts() == {"cla_review": 0}
    assert brief(header_only) == [("warning", "no-rows", "", "", "")]


# --- codes ----------------------------------------------------------------------------

def test_codes_in_2024_25(f903):
    r = read1(f903 / "header-codes.csv")
    assert sorted(brief(r)) == sorted([
        ("warning", "unknown-code", "row 5", "SEX", "X"),
        ("info", "old-code", "", "SEX", "1"),
        ("info", "old-code", "", "SEX", "2"),
        ("warning", "unknown-code", "row 4", "ETHNIC", "XXXX"),
        ("info", "lower-case-code", "", "ETHNIC", ""),
        ("warning", "unknown-code", "row 5", "MOTHER", "2"),
        ("error", "invalid-number", "row 6", "MOTHER", "Y"),
    ])
    got = {x["child_id"]: x for x in rows(r, "child")}
    assert [(got[c]["sex"], got[c]["sex_code"]) for c in ("G1", "G2", "G3", "G4", "G5")] == [
        ("M", "1"), ("F", "2"), ("M", "M"), (None, "X"), ("U", "U")]
    assert got["G2"]["ethnicity"] == "WBRI" and got["G3"]["ethnicity"] == "XXXX"  # unknown kept as given
    assert (got["G3"]["upn"], got["G3"]["upn_unknown"]) == (None, "UN4")
    assert [got[c]["mother"] for c in ("G1", "G2", "G4", "G5")] == [0, None, 2, None]


def test_codes_in_2023_24_before_m_f_u(f903):
    r = read1(f903 / "header-codes.csv", year=2024)
    sex = [(i.code, i.location, i.value) for i in r.log.issues if i.field == "SEX"]
    assert sorted(sex) == [("code-not-yet-valid", "row 4", "M"), ("code-not-yet-valid", "row 6", "U"),
                           ("unknown-code", "row 5", "X")]
    assert "from 2024-25" in next(i.message for i in r.log.issues if i.value == "M")


def test_prev_perm_dates_with_unknown_parts(f903):
    r = read1(f903 / "prevperm-zz-dates.csv")
    assert brief(r) == [("warning", "unknown-code", "row 4", "LA_PERM", "ABC"),
                        ("warning", "invalid-date", "row 6", "DATE_PERM", "2021"),
                        ("warning", "invalid-date", "row 7", "DATE_PERM", "32/01/2020")]
    got = [(x["child_id"], x["date_perm"], x["date_perm_parsed"]) for x in rows(r, "prev_perm")]
    assert got == [("H1", "ZZ/05/2021", None), ("H2", "01/05/2021", date(2021, 5, 1)), ("H3", "ZZ/ZZ/2019", None),
                   ("H4", None, None), ("H5", "2021", None), ("H6", "32/01/2020", None)]


def test_code_lists_by_year():
    assert "K3" in codes_903.codes("PLACE", 2025) and "H5" in codes_903.codes("PLACE", 2025)
    assert "K3" not in codes_903.codes("PLACE", 2024)
    assert "Z11" in codes_903.codes("PLACE", 2026) and "H5" not in codes_903.codes("PLACE", 2026)
    assert codes_903.status("SEX", "1", 2025) == "legacy" and codes_903.status("SEX", "1", 2024) == "valid"
    assert codes_903.status("SEX", "M", 2024) == "future"
    assert codes_903.status("ACCOM", "01", 2018) == "unknown" and codes_903.status("ACCOM", "0", 2018) == "valid"
    assert codes_903.status("ACTIV", "F3", 2021) == "valid" and codes_903.status("ACTIV", "F3", 2022) == "legacy"
    assert len(codes_903.codes("ETHNIC")) == 20 and len(codes_903.codes("ACCOM")) == 33
    assert codes_903.label("REC", "E11") == "Adopted, application unopposed"
    assert codes_903.season(2025) == "2024-25"


# --- LA and collection year ---------------------------------------------------------------

def test_la_is_required(f903):
    r = read1(f903 / "episodes-bom.csv", la=None)
    assert not r.loadable
    [fatal] = issues(r, "unknown-la")
    assert "--la" in fatal.fix
    assert issues(read1(f903 / "episodes-bom.csv", la="31"), "invalid-la")[0].severity == "fatal"


@pytest.mark.parametrize("text, year", [
    ("2024-25", 2025), ("2024_25", 2025), ("202425", 2025), ("2024-2025", 2025), ("SSDA903_2025_header", 2025),
    ("1999-00", 2000), ("903", None), ("export 2025-01-31", None), ("2023-24 to 2024-25", None),
    ("episodes20250131", None)])
def test_year_in_name(text, year):
    assert year_in_name(text) == year


def test_infer_year_ignores_a_stray_date():
    dates = [date(2024, 5, 1)] * 150 + [date(2025, 3, 31)] * 50 + [date(2031, 1, 1)]
    assert infer_year(dates) == 2025  # 2030-31 holds 1 of 201 dates (< 1%)
    assert infer_year([]) is None


def test_year_from_file_name(tmp_path):
    p = tmp_path / "SSDA903_2023_24_episodes.csv"
    p.write_text(EP + "\nY1,01/04/2020,S,C2,N1,U4,PR1,,,,,,\n")
    r = read1(p, year=None)
    assert r.collection_year == 2024
    assert brief(r) == [("info", "year-from-name", "", "", "2023-24")]
    assert year_from_path(tmp_path / "2024-25" / "903" / "header.csv") == (2025, "2024-25")


def test_year_from_the_episodes_beside_a_table(tmp_path):
    (tmp_path / "episodes.csv").write_text(
        EP + "\nY1,01/04/2023,S,C2,N1,U4,PR1,01/03/2024,E11,,,,\nY2,01/02/2024,S,C2,N1,U4,PR1,,,,,,\n")
    (tmp_path / "header.csv").write_text(HD + "\nY1,F,01/01/2010,WBRI,A123456789012,,\n")
    r = read1(tmp_path / "header.csv", year=None)
    assert r.collection_year == 2024 and r.loadable
    [info] = issues(r, "year-inferred")
    assert "episodes.csv beside this file" in info.message and "--year" in info.fix
    own = read1(tmp_path / "episodes.csv", year=None)
    assert own.collection_year == 2024 and "the dates in this file" in issues(own, "year-inferred")[0].message


def test_unknown_year_is_fatal(tmp_path):
    (tmp_path / "header.csv").write_text(HD + "\nY1,F,01/01/2010,WBRI,A123456789012,,\n")
    r = read1(tmp_path / "header.csv", year=None)
    assert not r.loadable
    [fatal] = issues(r, "unknown-collection-year")
    assert "--year" in fatal.fix


def test_table_collected_only_from_a_later_year(tmp_path):
    p = tmp_path / "dolo.csv"
    p.write_text("CHILD,DOB,DOLO_START,DOLO_END\nQ1,01/01/2010,01/05/2024,\n")
    r = read1(p, year=2025)
    assert brief(r) == [("warning", "table-not-collected", "", "", "")]
    assert "2026-27" in issues(r)[0].message
    assert rows(r, "dolo") == [{"child_id": "Q1", "dob": date(2010, 1, 1), "dolo_start": date(2024, 5, 1),
                                "dolo_end": None}]


def test_sniff_claims_903_tables_only(tmp_path):
    assert ssda903.sniff(Path("x.csv"), (EP + "\n").encode())
    assert ssda903.sniff(Path("x.csv"), codecs.BOM_UTF16_LE + (HD + "\r\n").encode("utf-16-le"))
    assert not ssda903.sniff(Path("x.xlsx"), (EP + "\n").encode())
    assert not ssda903.sniff(Path("x.csv"), b"child_id,health_assessment_date,assessment_type\n")
    assert not ssda903.sniff(Path("x.csv"), b"CHILD,HEALTH_ASSESSMENT_DATE,ASSESSMENT_TYPE\n")
