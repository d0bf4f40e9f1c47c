"""Every SSDA903 sample file in ../shared/data/samples/903 (D2I validator test data) reads as expected.

The expected counts were taken from the files independently (row counts with
wc/csv, duplicates and overlaps with DuckDB SQL over the raw CSVs, XML element
counts with XPath).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from lxml import etree

from csc_scorecard.ingest import ssda903, ssda903_xml


@pytest.fixture
def s903(shared_data):
    return shared_data / "samples" / "903"


def read(path, year=None):
    [r] = (ssda903_xml if path.suffix == ".xml" else ssda903).read(path, year=year, la="201")
    return r


def codes(r):
    return Counter((i.severity, i.code) for i in r.log.issues)


@pytest.mark.parametrize("name, table, n", [
    ("header.csv", "child", 2675), ("episodes.csv", "cla_episode", 5050), ("reviews.csv", "cla_review", 12568),
    ("uasc.csv", "uasc", 132), ("oc2.csv", "oc2", 2675), ("oc3.csv", "oc3", 53), ("ad1.csv", "ad1", 29),
    ("placed_for_adoption.csv", "placed_adoption", 29), ("placed_for_adoption_errors.csv", "placed_adoption", 30),
    ("previous_permanence.csv", "prev_perm", 2675), ("missing.csv", "missing", 43),
    ("sw_episodes.csv", "sw_episode", 1), ("DoLo.csv", "dolo", 1)])
def test_each_csv_reads_in_full(s903, name, table, n):
    r = read(s903 / name)
    assert r.loadable
    assert r.row_counts() == {table: n}
    # The set has no year in its name: every table takes 2017-18 from the episodes in episodes.csv.
    assert r.collection_year == 2018
    assert codes(r)[("info", "year-inferred")] == 1


def test_header_old_sex_codes(s903):
    r = read(s903 / "header.csv")
    assert [i for i in r.log.issues if i.severity != "info"] == []  # 1/2 were the codes in 2017-18
    sex = Counter((c["sex"], c["sex_code"]) for c in r.tables["child"].to_pylist())
    assert sex == {("M", "1"): 1333, ("F", "2"): 1342}
    later = read(s903 / "header.csv", year=2025)  # accepted for history in a 2024-25 return, with a note
    notes = {i.value: i.message for i in later.log.issues if i.code == "old-code"}
    assert notes["1"].startswith("1,333 rows use the SEX code \"1\" (read as M)")
    assert notes["2"].startswith("1,342 rows use the SEX code \"2\" (read as F)")


def test_episodes(s903):
    r = read(s903 / "episodes.csv")
    assert codes(r) == {("info", "year-inferred"): 1, ("warning", "overlapping-rows"): 72}
    first = r.tables["cla_episode"].slice(0, 1).to_pylist()[0]
    assert (first["child_id"], first["decom"], first["place"], first["dec"], first["urn"]) == (
        "566910", date(2016, 2, 15), "T2", date(2017, 8, 14), "4244474")


def test_reviews_duplicates(s903):
    r = read(s903 / "reviews.csv")
    assert codes(r) == {("info", "year-inferred"): 1, ("warning", "duplicate-row"): 2, ("error", "duplicate-key"): 12}
    assert sorted(i.location for i in r.log.issues if i.code == "duplicate-row") == ["row 12074", "row 9826"]


def test_sw_episodes_bom_and_bad_reason(s903):
    assert (s903 / "sw_episodes.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    r = read(s903 / "sw_episodes.csv")
    assert r.tables["sw_episode"].to_pylist() == [{
        "child_id": "CHILD10", "dob": date(1993, 12, 5), "sw_id": "SW999", "sw_decom": date(2020, 1, 1),
        "sw_dec": date(2020, 1, 3), "sw_reason": "SWLAZY"}]
    bad = [(i.severity, i.location, i.field, i.value) for i in r.log.issues if i.code == "unknown-code"]
    assert bad == [("warning", "row 2", "SW_REASON", "SWLAZY")]
    assert codes(r)[("warning", "table-not-collected")] == 1  # SWEpisodes start in 2023-24


def test_dolo_without_final_newline(s903):
    assert not (s903 / "DoLo.csv").read_bytes().endswith(b"\n")
    r = read(s903 / "DoLo.csv")
    assert r.tables["dolo"].to_pylist() == [{"child_id": "CHILD10", "dob": date(1993, 12, 5),
                                             "dolo_start": date(2025, 1, 1), "dolo_end": date(2025, 1, 2)}]


def test_placed_for_adoption_errors(s903):
    r = read(s903 / "placed_for_adoption_errors.csv")
    # Child 988635 has two decisions, placed 22/11/2015 and 22/11/2016, both ceasing 07/04/2017.
    [overlap] = [i for i in r.log.issues if i.code == "overlapping-rows"]
    assert (overlap.location, overlap.value) == ("row 2", "22/11/2016")
    assert "(row 3, from 22/11/2015) ended (07/04/2017)" in overlap.message
    assert codes(r)[("warning", "unknown-code")] == 30  # REASON_PLACED_CEASED "XXX" on every row


def test_oc3_bad_accommodation_codes(s903):
    r = read(s903 / "oc3.csv")
    bad = [(i.location, i.field, i.value) for i in r.log.issues if i.code == "unknown-code"]
    assert bad == [("row 2", "ACCOM", "01"), ("row 47", "ACCOM", "02")]


def test_fake_903_xml(s903):
    path = s903 / "fake_903.xml"
    tree = etree.parse(str(path))
    count = lambda xpath: int(tree.xpath(f"count({xpath})"))  # noqa: E731
    r = read(path)
    assert r.loadable and r.collection_year == 2018
    assert r.row_counts() == {
        "child": count("/EXPSSDA903/CHILD"), "cla_episode": count("//EPISODE"), "cla_review": count("//AREVIEW"),
        "uasc": count("//HEADER[UASC='1']"), "oc2": count("//OC2"), "oc3": count("//HEADER[IN_TOUCH]"),
        "ad1": count("//HEADER[DATE_INT]"), "placed_adoption": count("//AD_PLACED"),
        "prev_perm": count("//PERMANENCE"), "missing": count("//AMISSING")}
    assert r.row_counts()["child"] == 253 and r.row_counts()["cla_episode"] == 459
    accom = [(i.location, i.value) for i in r.log.issues if i.field == "ACCOM"]
    assert accom == [("CHILD[252]/HEADER/ACCOM", "01")]
    assert sum(1 for i in r.log.issues if i.field == "REASON_PLACED_CEASED") == 3
    assert codes(r) == {("info", "year-inferred"): 1, ("warning", "unknown-code"): 4,
                        ("warning", "overlapping-rows"): 7}
