"""The CIN census reader on the public sample files (../shared/data/samples/cin) and schemas.

Expected issues were counted by hand from the XML (and the 332-child file's counts
cross-checked with a separate ElementTree script).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from lxml import etree

from csc_scorecard.ingest import cin_census, codes_cin


def read(shared_data, name):
    path = shared_data / "samples" / "cin" / name
    [r] = cin_census.read(path)
    return r


def issues(r):
    return [(i.severity, i.code, i.location, i.field, i.value) for i in r.log.issues]


def test_fake_cin_data_332_children(shared_data):
    r = read(shared_data, "fake_CIN_data.xml")
    assert (r.la, r.collection_year) == ("975", 2023)
    assert r.row_counts() == {"child": 332, "disability": 112, "cin_episode": 402, "assessment": 0,
                              "assessment_factor": 0, "cin_plan": 0, "section47": 0, "cp_plan": 0, "cp_review": 0,
                              "pre_proceedings": 0}
    # ReferenceDate 2022-07-21 (not a 31 March) is in 2022-23; the header Year says 2022.
    assert issues(r) == [
        ("warning", "reference-date-not-31-march", "Header/CollectionDetails/ReferenceDate", "ReferenceDate",
         "2022-07-21"),
        ("warning", "year-mismatch", "Header/CollectionDetails/Year", "Year", "2022"),
    ] + [("warning", "duplicate-code", f"Children/Child[{n}]/ChildCharacteristics/Disabilities/Disability[{k}]",
          "Disability", code)
         for n, k, code in ((68, 2, "MOB"), (102, 2, "CON"), (198, 2, "COMM"), (294, 3, "LD"), (312, 2, "VIS"))]
    children = r.tables["child"].to_pylist()
    assert Counter(c["sex_code"] for c in children) == {"1": 82, "2": 74, "0": 96, "9": 80}
    assert Counter(c["sex"] for c in children) == {"M": 82, "F": 74, "U": 176}
    assert sum(c["death_date"] is not None for c in children) == 21
    episodes = r.tables["cin_episode"].to_pylist()
    assert all(e["referral_nfa"] is True for e in episodes)
    assert sum(e["cin_closure_date"] is not None for e in episodes) == 252
    first = children[0]
    assert (first["child_id"], first["upn"], first["dob"], first["ethnicity"]) == (
        "RND000215205141", "A850728973744", date(2019, 12, 6), "WIRT")


def test_cin_census_2024_sex_holding_a_gender_code_and_stray_text(shared_data):
    r = read(shared_data, "CIN_Census_2024.xml")
    assert (r.la, r.collection_year) == ("201", 2024)  # ReferenceDate 2024-03-31, though Year says 2023
    assert issues(r) == [
        ("warning", "year-mismatch", "Header/CollectionDetails/Year", "Year", "2023"),
        ("warning", "sex-given-as-gender-code", "Children/Child[1]/ChildIdentifiers/Sex", "Sex", "1"),
        ("error", "unknown-code",
         "Children/Child[1]/CINdetails[1]/Assessments[1]/FactorsIdentifiedAtAssessment/AssessmentFactors[2]",
         "AssessmentFactors", "RB"),
        ("warning", "stray-text", "Children/Child[1]/ChildIdentifiers", "", "PersonBirthDate"),
        ("info", "sex-field-for-year", "", "Sex", ""),  # Sex in a 2023-24 file, which still used GenderCurrent
    ]
    assert r.row_counts() == {"child": 2, "disability": 3, "cin_episode": 2, "assessment": 2, "assessment_factor": 2,
                              "cin_plan": 1, "section47": 1, "cp_plan": 1, "cp_review": 1, "pre_proceedings": 0}
    c1, c2 = r.tables["child"].to_pylist()
    assert (c1["sex"], c1["sex_code"], c1["dob"], c1["upn_unknown"]) == ("M", "1", date(2015, 3, 27), "UN3")
    assert (c2["child_id"], c2["sex"], c2["sex_code"]) == ("child_fails_assessments", "M", "M")
    assert [f["factor"] for f in r.tables["assessment_factor"].to_pylist()] == ["1C", "6B"]
    assert r.tables["section47"].to_pylist()[0]["icpc_not_required"] is False
    assert r.tables["cp_plan"].to_pylist()[0]["number_of_previous_cpp"] == 10


def test_cin_census_2021_every_block_and_a_date_in_1066(shared_data):
    r = read(shared_data, "CIN_Census_2021.xml")
    assert (r.la, r.collection_year) == ("201", 2023)
    assert issues(r) == [
        ("error", "invalid-date", "Children/Child[1]/ChildIdentifiers/ExpectedPersonBirthDate",
         "ExpectedPersonBirthDate", "1066-04-13"),
        ("warning", "stray-text", "Children/Child[1]/ChildIdentifiers", "", "PersonBirthDate"),
    ]
    assert r.row_counts() == {"child": 1, "disability": 2, "cin_episode": 1, "assessment": 1, "assessment_factor": 2,
                              "cin_plan": 1, "section47": 1, "cp_plan": 1, "cp_review": 1, "pre_proceedings": 0}
    child = r.tables["child"].to_pylist()[0]
    assert (child["dob"], child["death_date"], child["sex"]) == (date(1965, 3, 27), date(1980, 10, 8), "M")
    a = r.tables["assessment"].to_pylist()[0]
    assert (a["assessment_actual_start_date"], a["assessment_internal_review_date"],
            a["assessment_authorisation_date"]) == (date(1970, 6, 3), date(1970, 6, 22), date(1971, 7, 18))


def test_cin2rows_repeats_a_child_protection_plan(shared_data):
    r = read(shared_data, "CIN2rows.xml")
    assert issues(r) == [
        ("warning", "year-mismatch", "Header/CollectionDetails/Year", "Year", "2023"),
        ("error", "duplicate-block", "Children/Child[1]/CINdetails[1]/ChildProtectionPlans[2]/CPPstartDate",
         "CPPstartDate", "2022-02-17"),
        ("warning", "stray-text", "Children/Child[1]/ChildIdentifiers", "", "PersonBirthDate"),
    ]
    assert (r.row_counts()["cp_plan"], r.row_counts()["cp_review"]) == (1, 1)


def test_no_assessment_factors_sample(shared_data):
    r = read(shared_data, "CIN_Census_2021_no_assessment_factors.xml")
    assert [i.code for i in r.log.issues] == ["year-mismatch", "stray-text"]
    assert (r.row_counts()["assessment"], r.row_counts()["assessment_factor"]) == (1, 0)


def test_every_sample_is_claimed_by_the_cin_reader_and_the_903_xml_is_not(shared_data):
    for f in sorted((shared_data / "samples" / "cin").glob("*.xml")):
        assert cin_census.sniff(f, f.read_bytes()[:65536]), f.name
    f903 = shared_data / "samples" / "903" / "fake_903.xml"
    assert not cin_census.sniff(f903, f903.read_bytes()[:65536])
    for f in (shared_data / "samples" / "annex-a").glob("*.xlsx"):
        assert not cin_census.sniff(f, f.read_bytes()[:65536])


# -- code lists against the schemas ------------------------------------------------------

XSD_LISTS = {"referralsourcetype": "ReferralSource", "primaryneedcodetype": "PrimaryNeedCode",
             "reasonforclosuretype": "ReasonForClosure", "assessmentfactorstype": "AssessmentFactors",
             "categoryofabusetype": "CategoryOfAbuse", "categoryofabuse": "CategoryOfAbuse",
             "disabilitytype": "Disability", "ethnicitytype": "Ethnicity", "sextype": "Sex",
             "gendertype": "GenderCurrent", "unknownupntype": "UPNunknown"}


@pytest.mark.parametrize("xsd, year", [("CIN_schema_2024_pipeline.xsd", 2024), ("CIN_schema_2025_pipeline.xsd", 2025),
                                       ("CIN_schema_2026_pipeline.xsd", 2026)])
def test_code_lists_match_the_schema_of_their_year(shared_data, xsd, year):
    ns = {"xs": "http://www.w3.org/2001/XMLSchema"}
    tree = etree.parse(str(shared_data / "schemas" / xsd))
    seen = set()
    for st in tree.iterfind(".//xs:simpleType[@name]", ns):
        field = XSD_LISTS.get(st.get("name"))
        if field:
            seen.add(field)
            assert set(codes_cin.codes(field, year)) == {e.get("value") for e in st.iterfind(".//xs:enumeration", ns)}
    assert len(seen) == 9  # every coded list, with Sex or GenderCurrent as the year has it


def test_code_lists_by_year():
    assert codes_cin.codes("Sex", 2024) == {} and set(codes_cin.codes("Sex", 2025)) == {"M", "F", "U"}
    assert set(codes_cin.codes("GenderCurrent", 2024)) == {"1", "2", "0", "9"} and not codes_cin.codes("GenderCurrent", 2025)
    assert codes_cin.label("PrimaryNeedCode", "N1", 2025) == "Abuse or neglect"
    assert codes_cin.label("PrimaryNeedCode", "N1", 2026) == "Abuse, neglect and exploitation"
    assert codes_cin.valid_in("PPOutcome", "A", 2027) and not codes_cin.valid_in("PPOutcome", "A", 2026)
    assert codes_cin.label("ReferralSource", "99") is None
