"""The SSDA903 XML reader: a small hand-built return, hostile files and broken files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from csc_scorecard.ingest import ssda903_xml
from csc_scorecard.ingest.detect import read_file


@pytest.fixture
def f903(fixtures) -> Path:
    return fixtures / "903"


def read1(path: Path, year: int | None = 2025, la: str | None = "201"):
    results = read_file(path, year=year, la=la)
    assert len(results) == 1
    return results[0]


def brief(result) -> list[tuple]:
    return [(i.severity, i.code, i.location, i.field, i.value) for i in result.log.issues]


def test_small_return(f903):
    r = read1(f903 / "903-small.xml")
    assert (r.description, r.source_return, r.la, r.collection_year) == ("SSDA903 (XML)", "ssda903", "201", 2025)
    assert r.row_counts() == {"child": 2, "cla_episode": 3, "cla_review": 1, "uasc": 1, "oc2": 1, "oc3": 1, "ad1": 1,
                              "placed_adoption": 1, "prev_perm": 1, "missing": 1}
    assert sorted(brief(r)) == sorted([
        ("error", "missing-child-id", "CHILD[2]/HEADER/CHILDID", "CHILDID", ""),
        ("info", "unknown-element", "", "HEADER/FAVOURITE_COLOUR", ""),
        ("info", "old-code", "", "SEX", "2"),
        ("error", "invalid-date", "CHILD[3]/HEADER/DOB", "DOB", "31/09/2012"),
        ("error", "duplicate-key", "CHILD[1]/EPISODE[3]", "DECOM", "01/06/2024"),
        ("error", "invalid-date", "CHILD[1]/HEADER/AREVIEW[2]/REVIEW", "REVIEW", "31/11/2024"),
        ("info", "lower-case-code", "", "IN_TOUCH", ""),
        ("warning", "unknown-code", "CHILD[1]/HEADER/ACCOM", "ACCOM", "01"),
    ])
    blank = next(i for i in r.log.issues if i.code == "missing-child-id")
    assert "header and 1 other record" in blank.message
    duplicate = next(i for i in r.log.issues if i.code == "duplicate-key")
    assert duplicate.message.startswith("CHILD[1]/EPISODE[2] already holds an episode for this child")
    t = {name: table.to_pylist() for name, table in r.tables.items()}
    assert [(c["child_id"], c["sex"], c["sex_code"], c["dob"], c["upn"], c["upn_unknown"]) for c in t["child"]] == [
        ("K1", "M", "M", date(2008, 2, 1), "A123456789012", None), ("K3", "F", "2", None, None, "UN1")]
    assert [(e["child_id"], e["decom"], e["place"], e["dec"]) for e in t["cla_episode"]] == [
        ("K1", date(2024, 4, 1), "K3", date(2024, 6, 1)),  # PL becomes place; K3 is valid from 2024-25
        ("K1", date(2024, 6, 1), "U4", None),  # the first of the two episodes starting 01/06/2024 wins
        ("K3", date(2024, 5, 1), "A5", None)]
    assert t["uasc"] == [{"child_id": "K1", "sex": "M", "dob": date(2008, 2, 1), "duc": date(2026, 2, 1)}]
    assert t["oc3"] == [{"child_id": "K1", "dob": date(2008, 2, 1), "in_touch": "YES", "activ": "F1", "accom": "01"}]
    assert t["cla_review"] == [{"child_id": "K1", "dob": date(2008, 2, 1), "review": date(2024, 5, 10),
                                "review_code": "PN1"}]
    assert t["missing"] == [{"child_id": "K1", "dob": date(2008, 2, 1), "missing": "M",
                             "mis_start": date(2024, 5, 1), "mis_end": date(2024, 5, 3)}]
    assert t["prev_perm"] == [{"child_id": "K1", "dob": date(2008, 2, 1), "prev_perm": "P1", "la_perm": "310",
                               "date_perm": "ZZ/05/2021", "date_perm_parsed": None}]
    assert t["oc2"][0]["sdq_score"] == 12 and t["oc2"][0]["health_check"] == 1  # K3's empty <OC2/> gives no row
    assert t["ad1"] == [{"child_id": "K3", "dob": None, "date_int": date(2024, 5, 1), "date_match": date(2024, 6, 1),
                         "foster_care": 1, "nb_adoptr": "2", "sex_adoptr": "MF", "ls_adoptr": "L11"}]
    assert t["placed_adoption"] == [{"child_id": "K3", "dob": None, "date_placed": date(2024, 5, 1),
                                     "date_placed_ceased": None, "reason_placed_ceased": None}]


def test_year_inferred_from_episodes(f903):
    r = read1(f903 / "903-small.xml", year=None)
    # Episode dates 01/04/2024 .. 01/06/2024 all fall in 2024-25.
    assert r.collection_year == 2025
    assert [i.code for i in r.log.issues if i.severity == "info"].count("year-inferred") == 1


@pytest.mark.parametrize("name", ["903-billion-laughs.xml", "903-external-entity.xml"])
def test_hostile_xml_is_refused_and_nothing_read(f903, name):
    r = read1(f903 / name)
    assert r.description == "SSDA903 (XML)"  # claimed by the 903 reader, then refused
    assert not r.loadable and r.tables == {}
    assert [(i.severity, i.code) for i in r.log.issues] == [("fatal", "unsafe-xml")]
    assert "root:" not in " ".join(i.message + i.value for i in r.log.issues)  # nothing of /etc/passwd


def test_doctype_beyond_the_first_64kb_is_still_refused(tmp_path):
    p = tmp_path / "late-doctype.xml"
    p.write_text('<?xml version="1.0"?>\n<!--' + "x" * 70000 + '-->\n'
                 '<!DOCTYPE EXPSSDA903 [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
                 "<EXPSSDA903><CHILD><HEADER><CHILDID>&xxe;</CHILDID></HEADER></CHILD></EXPSSDA903>\n")
    r = ssda903_xml.read(p, year=2025, la="201")[0]
    assert not r.loadable and r.tables == {}
    assert [i.code for i in r.log.issues] == ["unsafe-xml"]


def test_malformed_xml_is_fatal_with_its_line(f903):
    r = read1(f903 / "903-malformed.xml")
    assert not r.loadable and r.tables == {}
    [fatal] = r.log.issues
    assert (fatal.severity, fatal.code) == ("fatal", "malformed-xml")
    assert fatal.location.startswith("line 6")  # the file is cut off on its sixth line


def test_empty_return_and_unknown_la(tmp_path):
    p = tmp_path / "903_2024-25.xml"
    p.write_text('<?xml version="1.0"?>\n<EXPSSDA903></EXPSSDA903>\n')
    r = ssda903_xml.read(p, year=None, la=None)[0]
    assert r.collection_year == 2025  # from the file name
    assert [(i.severity, i.code) for i in r.log.issues] == [
        ("info", "year-from-name"), ("fatal", "unknown-la"), ("warning", "no-rows")]


def test_memory_stays_flat_children_are_cleared(tmp_path, monkeypatch):
    """Each CHILD is dropped once read: the tree holds only what the parser has read ahead, not the file."""
    child = ("<CHILD><HEADER><CHILDID>C{n}</CHILDID><SEX>M</SEX><DOB>01/01/2010</DOB><ETHNIC>WBRI</ETHNIC>"
             "<UPN>A123456789012</UPN></HEADER><EPISODE><DECOM>01/04/2024</DECOM><RNE>S</RNE><LS>C2</LS>"
             "<CIN>N1</CIN><PL>U4</PL><DEC /><REC /></EPISODE></CHILD>")
    p = tmp_path / "big.xml"
    p.write_text("<EXPSSDA903>" + "".join(child.format(n=n) for n in range(2000)) + "</EXPSSDA903>")
    seen = []
    real = ssda903_xml._child

    def spy(el, base, rows, unknown, log):
        seen.append(len(el.getparent()))  # children the root still holds when this one is read
        return real(el, base, rows, unknown, log)

    monkeypatch.setattr(ssda903_xml, "_child", spy)  # observes the real reader; changes nothing
    r = ssda903_xml.read(p, year=2025, la="201")[0]
    assert r.row_counts()["child"] == 2000 and r.row_counts()["cla_episode"] == 2000
    # lxml parses ahead in blocks (about 140 of these children); without clearing, this would reach 2000.
    assert max(seen) < 400


def test_utf16_with_a_namespace(tmp_path):
    p = tmp_path / "ns.xml"
    p.write_bytes(('<?xml version="1.0" encoding="UTF-16"?>\n<EXPSSDA903 xmlns="http://example.org/903"><CHILD>'
                   "<HEADER><CHILDID>N1</CHILDID><SEX>F</SEX><DOB>01/01/2010</DOB><ETHNIC>WBRI</ETHNIC>"
                   "<UPN>A123456789012</UPN></HEADER><EPISODE><DECOM>01/04/2024</DECOM><RNE>S</RNE><LS>C2</LS>"
                   "<CIN>N1</CIN><PL>U4</PL></EPISODE></CHILD></EXPSSDA903>").encode("utf-16"))
    r = read1(p)
    assert brief(r) == []
    assert [(c["child_id"], c["sex"]) for c in r.tables["child"].to_pylist()] == [("N1", "F")]
    assert [(e["decom"], e["place"]) for e in r.tables["cla_episode"].to_pylist()] == [(date(2024, 4, 1), "U4")]


def test_sniff():
    assert ssda903_xml.sniff(Path("a.xml"), b"<?xml version='1.0'?><EXPSSDA903><CHILD>")
    assert ssda903_xml.sniff(Path("a.xml"), "<EXPSSDA903>".encode("utf-16"))
    assert not ssda903_xml.sniff(Path("a.xml"), b"<Message><Header>")
    assert not ssda903_xml.sniff(Path("a.csv"), b"<EXPSSDA903>")
