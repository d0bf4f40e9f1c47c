"""The CIN census XML reader on small fixtures, one defect each (tests/fixtures/cin).

Every expected value was worked out by hand from the fixture's XML.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from csc_scorecard.ingest import cin_census
from csc_scorecard.ingest.detect import read_file

FIX = Path(__file__).parent / "fixtures" / "cin"
D = date.fromisoformat


def read(name: str, **kw):
    results = cin_census.read(FIX / name, year=kw.get("year"), la=kw.get("la"))
    assert len(results) == 1
    return results[0]


def issues(r) -> list[tuple]:
    return [(i.severity, i.code, i.location, i.field, i.value) for i in r.log.issues]


def rows(r, table: str) -> list[dict]:
    return r.tables[table].to_pylist()


def test_a_clean_file_with_every_block_gives_every_table_and_no_issues():
    r = read("clean_every_block_2027.xml")
    assert (r.la, r.collection_year, r.source_return, r.description) == ("999", 2027, "cin", "CIN census (XML)")
    assert issues(r) == []
    assert rows(r, "child") == [
        {"child_id": "A1", "upn": "A12345678901B", "former_upn": None, "upn_unknown": None, "dob": D("2015-05-01"),
         "expected_dob": None, "sex": "F", "sex_code": "F", "ethnicity": "WBRI", "death_date": None},
        {"child_id": "B2", "upn": None, "former_upn": None, "upn_unknown": "UN1", "dob": None,
         "expected_dob": D("2027-05-01"), "sex": "U", "sex_code": "U", "ethnicity": "NOBT", "death_date": None},
    ]
    assert rows(r, "disability") == [{"child_id": "A1", "disability": "AUT"}, {"child_id": "A1", "disability": "LD"}]
    ref = D("2026-04-10")
    assert rows(r, "cin_episode") == [
        {"child_id": "A1", "referral_date": ref, "referral_source": "6", "primary_need_code": "N1",
         "cin_closure_date": D("2027-01-15"), "reason_for_closure": "RC7", "date_of_initial_cpc": D("2026-05-05"),
         "referral_nfa": False},
        {"child_id": "B2", "referral_date": D("2027-02-01"), "referral_source": "3B", "primary_need_code": "N0",
         "cin_closure_date": None, "reason_for_closure": None, "date_of_initial_cpc": None, "referral_nfa": True},
    ]
    assert rows(r, "assessment") == [
        {"child_id": "A1", "referral_date": ref, "assessment_actual_start_date": D("2026-04-11"),
         "assessment_internal_review_date": D("2026-04-30"), "assessment_authorisation_date": D("2026-05-20")}]
    assert rows(r, "assessment_factor") == [
        {"child_id": "A1", "referral_date": ref, "assessment_actual_start_date": D("2026-04-11"), "factor": f}
        for f in ("3A", "16A")]
    assert rows(r, "cin_plan") == [{"child_id": "A1", "referral_date": ref, "cin_plan_start_date": D("2026-05-21"),
                                    "cin_plan_end_date": D("2026-09-30")}]
    assert rows(r, "section47") == [
        {"child_id": "A1", "referral_date": ref, "s47_actual_start_date": D("2026-04-12"),
         "initial_cpc_target": D("2026-05-03"), "date_of_initial_cpc": D("2026-05-05"), "icpc_not_required": False}]
    assert rows(r, "cp_plan") == [
        {"child_id": "A1", "referral_date": ref, "cpp_start_date": D("2026-05-05"), "cpp_end_date": D("2026-12-01"),
         "initial_category_of_abuse": "NEG", "latest_category_of_abuse": "EMO", "number_of_previous_cpp": 1}]
    assert rows(r, "cp_review") == [
        {"child_id": "A1", "referral_date": ref, "cpp_start_date": D("2026-05-05"), "cpp_review_date": D(d)}
        for d in ("2026-07-28", "2026-11-20")]
    assert rows(r, "pre_proceedings") == [
        {"child_id": "A1", "referral_date": ref, "pp_start_date": D("2026-08-01"), "lbp_sent_date": D("2026-08-05"),
         "fgdm_meeting_offer": True, "fgdm_meeting_fac": False, "initial_pp_meeting_date": D("2026-08-15"),
         "review_meetings_count": 2, "step_decision_date": D("2026-11-01"), "pp_outcome": "B",
         "court_app_date": D("2026-11-20"), "letter_init_cp_date": D("2026-11-10")}]


def test_bad_dates_are_blanked_with_errors_and_day_first_dates_read_with_a_warning():
    r = read("bad_dates.xml")
    c = "Children/Child[1]"
    assert issues(r) == [
        ("warning", "date-not-iso", f"{c}/ChildIdentifiers/PersonBirthDate", "PersonBirthDate", "31/12/2014"),
        ("error", "invalid-date", f"{c}/ChildIdentifiers/ExpectedPersonBirthDate", "ExpectedPersonBirthDate",
         "1066-04-13"),
        ("error", "invalid-date", f"{c}/CINdetails[1]/CINclosureDate", "CINclosureDate", "2024-02-30"),
        ("error", "invalid-date", f"{c}/CINdetails[1]/Assessments[1]/AssessmentAuthorisationDate",
         "AssessmentAuthorisationDate", "2024-13-01"),
        ("error", "invalid-date", f"{c}/CINdetails[1]/ChildProtectionPlans[1]/Reviews/CPPreviewDate[2]",
         "CPPreviewDate", "soon"),
    ]
    child = rows(r, "child")[0]
    assert (child["dob"], child["expected_dob"]) == (D("2014-12-31"), None)
    assert rows(r, "cin_episode")[0]["cin_closure_date"] is None
    # Spaces around an ISO date are harmless: read silently.
    a = rows(r, "assessment")[0]
    assert (a["assessment_actual_start_date"], a["assessment_authorisation_date"]) == (D("2024-06-03"), None)
    assert [x["cpp_review_date"] for x in rows(r, "cp_review")] == [D("2024-09-01")]
    assert "30 February" not in r.log.issues[2].message  # the message describes, the value field shows


def test_unknown_codes_are_blanked_and_wrong_case_codes_read_with_a_warning():
    r = read("bad_codes.xml")
    c = "Children/Child[1]"
    assert issues(r) == [
        ("warning", "code-case", f"{c}/ChildIdentifiers/Sex", "Sex", "f"),
        ("error", "unknown-code", f"{c}/ChildCharacteristics/Ethnicity", "Ethnicity", "XXXX"),
        ("error", "unknown-code", f"{c}/ChildCharacteristics/Disabilities/Disability[2]", "Disability", "WINGS"),
        ("error", "unknown-code", f"{c}/ChildIdentifiers/UPNunknown", "UPNunknown", "UN9"),
        ("error", "unknown-code", f"{c}/CINdetails[1]/ReferralSource", "ReferralSource", "11"),
        ("warning", "code-case", f"{c}/CINdetails[1]/PrimaryNeedCode", "PrimaryNeedCode", "n2"),
        ("error", "unknown-code", f"{c}/CINdetails[1]/ReasonForClosure", "ReasonForClosure", "RC10"),
        ("error", "unknown-code", f"{c}/CINdetails[1]/Assessments[1]/FactorsIdentifiedAtAssessment/AssessmentFactors[2]",
         "AssessmentFactors", "99Z"),
        ("error", "unknown-code", f"{c}/CINdetails[1]/ChildProtectionPlans[1]/InitialCategoryOfAbuse",
         "InitialCategoryOfAbuse", "ABC"),
        ("error", "unknown-code", f"{c}/CINdetails[1]/PreProceedingsandFGDM[1]/PPOutcome", "PPOutcome", "D"),
        ("info", "sex-field-for-year", "", "GenderCurrent", ""),
    ]
    k1, k2 = rows(r, "child")
    assert (k1["sex"], k1["sex_code"], k1["ethnicity"], k1["upn_unknown"]) == ("F", "f", None, None)
    assert (k2["sex"], k2["sex_code"]) == ("F", "2")  # GenderCurrent 2 in a 2024-25 file: still read
    assert rows(r, "disability") == [{"child_id": "K1", "disability": "HAND"}]
    ep = rows(r, "cin_episode")[0]
    assert (ep["referral_source"], ep["primary_need_code"], ep["reason_for_closure"]) == (None, "N2", None)
    # 18A is a legacy factor the DfE still accepts: kept without comment.
    assert [f["factor"] for f in rows(r, "assessment_factor")] == ["1A", "18A"]
    cp = rows(r, "cp_plan")[0]
    assert (cp["initial_category_of_abuse"], cp["latest_category_of_abuse"]) == (None, "PHY")
    assert rows(r, "pre_proceedings")[0]["pp_outcome"] is None


def test_flags_and_whole_numbers():
    r = read("bad_flags_and_numbers.xml")
    c = "Children/Child[1]/CINdetails[1]"
    assert issues(r) == [
        ("error", "invalid-flag", f"{c}/ReferralNFA", "ReferralNFA", "maybe"),
        ("warning", "flag-not-standard", f"{c}/Section47[1]/ICPCnotRequired", "ICPCnotRequired", "Y"),
        ("error", "invalid-number", f"{c}/ChildProtectionPlans[1]/NumberOfPreviousCPP", "NumberOfPreviousCPP", "-1"),
        ("error", "invalid-number", f"{c}/PreProceedingsandFGDM[1]/ReviewMeetingsCount", "ReviewMeetingsCount", "2.5"),
    ]
    assert rows(r, "cin_episode")[0]["referral_nfa"] is None
    assert rows(r, "section47")[0]["icpc_not_required"] is True
    assert rows(r, "cp_plan")[0]["number_of_previous_cpp"] is None
    pp = rows(r, "pre_proceedings")[0]
    assert (pp["fgdm_meeting_offer"], pp["fgdm_meeting_fac"], pp["review_meetings_count"]) == (True, False, None)


def test_blank_and_repeated_child_ids_drop_the_child_and_keep_the_first():
    r = read("blank_and_duplicate_child_ids.xml")
    assert issues(r) == [
        ("error", "missing-child-id", "Children/Child[2]/ChildIdentifiers/LAchildID", "LAchildID", ""),
        ("error", "duplicate-child", "Children/Child[3]/ChildIdentifiers/LAchildID", "LAchildID", "P1"),
        ("error", "missing-child-id", "Children/Child[4]", "", ""),
    ]
    assert "Children/Child[1]" in r.log.issues[1].message and "2 referrals" in r.log.issues[1].message
    assert [(c["child_id"], c["sex"], c["ethnicity"]) for c in rows(r, "child")] == [("P1", "F", "WBRI"),
                                                                                     ("P5", "F", "WBRI")]
    assert [(e["child_id"], e["referral_date"]) for e in rows(r, "cin_episode")] == [("P1", D("2024-06-01")),
                                                                                   ("P5", D("2024-10-01"))]


def test_referrals_without_a_usable_date_or_repeating_one_are_dropped_with_their_blocks():
    r = read("duplicate_and_undated_referrals.xml")
    c = "Children/Child[1]"
    assert issues(r) == [
        ("error", "missing-referral-date", f"{c}/CINdetails[2]/CINreferralDate", "CINreferralDate", ""),
        ("error", "invalid-date", f"{c}/CINdetails[3]/CINreferralDate", "CINreferralDate", "yesterday"),
        ("error", "duplicate-referral", f"{c}/CINdetails[4]/CINreferralDate", "CINreferralDate", "2024-06-01"),
    ]
    assert "referral was not loaded" in r.log.issues[1].message
    assert [(e["referral_date"], e["referral_source"], e["referral_nfa"]) for e in rows(r, "cin_episode")] == [
        (D("2024-06-01"), "6", False), (D("2024-11-01"), "3A", True)]
    assert [a["assessment_actual_start_date"] for a in rows(r, "assessment")] == [D("2024-06-02")]


def test_repeated_blocks_within_a_referral_keep_the_first_and_repeated_list_items_are_stored_once():
    r = read("duplicate_blocks_and_list_items.xml")
    c = "Children/Child[1]"
    assert issues(r) == [
        ("warning", "duplicate-code", f"{c}/ChildCharacteristics/Disabilities/Disability[2]", "Disability", "VIS"),
        ("warning", "duplicate-code",
         f"{c}/CINdetails[1]/Assessments[1]/FactorsIdentifiedAtAssessment/AssessmentFactors[2]",
         "AssessmentFactors", "2B"),
        ("error", "duplicate-block", f"{c}/CINdetails[1]/Assessments[2]/AssessmentActualStartDate",
         "AssessmentActualStartDate", "2024-06-02"),
        ("warning", "duplicate-review", f"{c}/CINdetails[1]/ChildProtectionPlans[1]/Reviews/CPPreviewDate[2]",
         "CPPreviewDate", "2024-09-01"),
        ("error", "duplicate-block", f"{c}/CINdetails[1]/ChildProtectionPlans[2]/CPPstartDate", "CPPstartDate",
         "2024-07-01"),
    ]
    assert rows(r, "disability") == [{"child_id": "B1", "disability": "VIS"}]
    assert [(a["assessment_actual_start_date"], a["assessment_authorisation_date"]) for a in rows(r, "assessment")] \
        == [(D("2024-06-02"), D("2024-07-01")), (D("2024-09-02"), None)]
    # The dropped assessment's factor (21) and the dropped plan's review are not stored either.
    assert [f["factor"] for f in rows(r, "assessment_factor")] == ["2B"]
    assert [x["cpp_review_date"] for x in rows(r, "cp_review")] == [D("2024-09-01")]
    assert len(rows(r, "cp_plan")) == 1


def test_missing_required_values_are_stored_blank_with_a_warning_each():
    r = read("missing_required_values.xml")
    c = "Children/Child[1]"
    assert issues(r) == [
        ("warning", "missing-value", f"{c}/ChildIdentifiers/Sex", "Sex", ""),
        ("warning", "missing-value", f"{c}/ChildCharacteristics/Ethnicity", "Ethnicity", ""),
        ("warning", "missing-value", f"{c}/CINdetails[1]/ReferralSource", "ReferralSource", ""),
        ("warning", "missing-value", f"{c}/CINdetails[1]/ReferralNFA", "ReferralNFA", ""),
        ("warning", "missing-value", f"{c}/CINdetails[1]/Assessments[1]/AssessmentActualStartDate",
         "AssessmentActualStartDate", ""),
        ("warning", "missing-value", f"{c}/CINdetails[1]/Section47[1]/ICPCnotRequired", "ICPCnotRequired", ""),
        ("warning", "missing-value", f"{c}/CINdetails[1]/ChildProtectionPlans[1]/InitialCategoryOfAbuse",
         "InitialCategoryOfAbuse", ""),
        ("warning", "missing-value", f"{c}/CINdetails[1]/ChildProtectionPlans[1]/LatestCategoryOfAbuse",
         "LatestCategoryOfAbuse", ""),
        ("warning", "missing-value", f"{c}/CINdetails[1]/ChildProtectionPlans[1]/NumberOfPreviousCPP",
         "NumberOfPreviousCPP", ""),
        ("warning", "missing-value", "Children/Child[2]/ChildCharacteristics", "ChildCharacteristics", ""),
        ("warning", "missing-value", "Children/Child[3]/CINdetails", "CINdetails", ""),
    ]
    m1, m2, m3 = rows(r, "child")
    assert m3["child_id"] == "M3"  # a child without a referral is still stored
    assert (m1["sex"], m1["sex_code"], m1["ethnicity"]) == (None, None, None)
    assert (m2["sex"], m2["ethnicity"]) == ("F", None)
    a = rows(r, "assessment")[0]
    assert (a["assessment_actual_start_date"], a["assessment_authorisation_date"]) == (None, D("2024-07-01"))


def test_stray_text_unknown_and_repeated_elements_are_warnings_counted_once_per_kind():
    r = read("stray_text_and_unknown_elements.xml")
    assert issues(r) == [
        ("warning", "stray-text", "Children/Child[1]/ChildIdentifiers", "", "PersonBirthDate"),
        ("warning", "repeated-element", "Children/Child[1]/ChildIdentifiers/UPN", "UPN", ""),
        ("warning", "unknown-element", "Children/Child[1]/ChildCharacteristics/FavouriteColour", "FavouriteColour", ""),
        ("warning", "repeated-element", "Children/Child[3]/ChildCharacteristics", "ChildCharacteristics", ""),
    ]
    assert "after <UPN>" in r.log.issues[0].message and "2 times" in r.log.issues[0].message
    assert "3 times" in r.log.issues[2].message
    assert "blue" not in str(r.log.issues[2])  # the unknown element's content is never echoed
    assert [c["upn"] for c in rows(r, "child")] == ["A12345678901B", "A12345678902B", None]  # the first UPN kept
    assert rows(r, "child")[2]["ethnicity"] == "WBRI"  # and the first ChildCharacteristics


def test_malformed_xml_is_fatal_with_its_line_and_nothing_is_returned():
    r = read("malformed_mismatched_tag.xml")
    assert [(i.severity, i.code, i.location) for i in r.log.issues] == [("fatal", "malformed-xml", "line 25")]
    assert r.tables == {} and not r.loadable
    assert "not well-formed" in r.log.issues[0].message


@pytest.mark.parametrize("name", ["billion_laughs.xml", "external_entity.xml"])
def test_hostile_xml_is_refused_before_parsing(name):
    r = read(name)
    assert [(i.severity, i.code) for i in r.log.issues] == [("fatal", "unsafe-xml")]
    assert r.tables == {}
    assert "root:" not in str(r.log.issues[0])  # /etc/passwd was never read


def test_a_doctype_hidden_in_utf16_is_refused_too(tmp_path):
    f = tmp_path / "laughs16.xml"
    text = (FIX / "billion_laughs.xml").read_text().replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-16"?>')
    f.write_bytes(text.encode("utf-16"))
    r = cin_census.read(f)[0]
    assert [(i.severity, i.code) for i in r.log.issues] == [("fatal", "unsafe-xml")]


def test_a_utf16_file_reads_like_its_utf8_twin(tmp_path):
    f = tmp_path / "clean16.xml"
    text = (FIX / "clean_every_block_2027.xml").read_text().replace('encoding="utf-8"', 'encoding="utf-16"')
    f.write_bytes(text.encode("utf-16"))
    assert cin_census.sniff(f, f.read_bytes()[:65536])
    r16, r8 = cin_census.read(f)[0], read("clean_every_block_2027.xml")
    assert issues(r16) == []
    assert {t: rows(r16, t) for t in r16.tables} == {t: rows(r8, t) for t in r8.tables}


def test_a_namespaced_file_reads_like_a_plain_one():
    r = read("namespaced.xml")
    assert issues(r) == []
    assert (r.la, r.collection_year) == ("310", 2025)
    assert r.row_counts() == {"child": 1, "disability": 1, "cin_episode": 1, "assessment": 1, "assessment_factor": 1,
                              "cin_plan": 0, "section47": 0, "cp_plan": 1, "cp_review": 1, "pre_proceedings": 0}
    assert rows(r, "child")[0]["dob"] == D("2012-02-03")
    assert rows(r, "assessment_factor")[0]["factor"] == "4B"


def test_without_a_header_the_la_and_year_must_be_given():
    r = read("no_header.xml")
    assert [(i.severity, i.code) for i in r.log.issues] == [("fatal", "unknown-year"), ("fatal", "unknown-la")]
    assert "--la" in r.log.issues[1].fix and "--year" in r.log.issues[0].fix
    assert r.tables == {}
    r = read("no_header.xml", year=2025, la="310")
    assert issues(r) == [] and (r.la, r.collection_year) == ("310", 2025)
    assert r.row_counts()["cin_episode"] == 1


def test_the_reference_date_decides_the_year_and_an_argument_overrides_it_with_a_warning():
    r = read("reference_date_in_year_extract.xml")
    assert (r.la, r.collection_year) == ("201", 2025)
    assert [(i.code, i.value) for i in r.log.issues] == [("reference-date-not-31-march", "2024-10-31"),
                                                         ("year-mismatch", "2024")]
    r = read("reference_date_in_year_extract.xml", year=2024)
    assert r.collection_year == 2024
    assert [i.code for i in r.log.issues] == ["reference-date-not-31-march", "year-mismatch", "year-overridden",
                                             "sex-field-for-year"]  # Sex, in what is now a 2023-24 file


def test_an_la_argument_wins_over_the_header_with_a_warning():
    r = read("clean_every_block_2027.xml", la="310")
    assert r.la == "310"
    assert issues(r) == [("warning", "la-overridden", "Header/Source/LEA", "LEA", "999")]
    assert issues(read("clean_every_block_2027.xml", la="999", year=2027)) == []


def test_a_file_without_children_loads_empty_tables_with_a_warning():
    r = read("no_children.xml")
    assert issues(r) == [("warning", "no-children", "Children", "", "")]
    assert r.loadable and set(r.row_counts().values()) == {0}
    assert set(r.tables) == set(cin_census.OUT_TABLES)


def test_each_child_is_freed_once_read(monkeypatch):
    """Memory stays flat: when a Child is read, the ones before it are gone (but for the last, emptied)."""
    before = []
    real = cin_census._Reader._child

    def spy(self, el, n):
        before.append([len(e) for e in el.itersiblings(preceding=True)])
        return real(self, el, n)

    monkeypatch.setattr(cin_census._Reader, "_child", spy)
    read("blank_and_duplicate_child_ids.xml")
    assert before == [[], [0], [0], [0], [0]]


def test_messages_carry_no_child_ids_or_birth_dates():
    for name in ("bad_dates.xml", "bad_codes.xml", "blank_and_duplicate_child_ids.xml",
                 "duplicate_and_undated_referrals.xml", "stray_text_and_unknown_elements.xml"):
        for i in read(name).log.issues:
            assert i.file.endswith(name) and i.message and i.fix
            for secret in ("K1", "K2", "D1", "P1", "P5", "R1", "S1", "S2", "2014-12-31"):
                assert secret not in i.message and secret not in i.fix, (name, i)


def test_detect_hands_cin_files_to_this_reader_and_no_other(tmp_path):
    r = read_file(FIX / "clean_every_block_2027.xml")[0]
    assert r.description == "CIN census (XML)"
    csv = tmp_path / "header.csv"
    csv.write_text("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n1,M,01/01/2015,WBRI,,,\n")
    assert not cin_census.sniff(csv, csv.read_bytes())
    other = tmp_path / "other.xml"
    other.write_text("<EXPSSDA903><CHILD><HEADER><CHILDID>1</CHILDID></HEADER></CHILD></EXPSSDA903>")
    assert not cin_census.sniff(other, other.read_bytes())
    assert not cin_census.sniff(other, b"PK\x03\x04<Message><Children>")


def test_a_header_after_the_children_still_gives_the_la_and_year():
    r = read("header_after_children.xml")
    assert issues(r) == [] and (r.la, r.collection_year) == ("310", 2025)
    assert r.row_counts()["cin_episode"] == 1


def test_a_windows_1252_file_declared_as_utf8_is_refused_with_an_encoding_fix(tmp_path):
    f = tmp_path / "cp1252.xml"
    text = (FIX / "clean_every_block_2027.xml").read_text().replace("<SoftwareCode>fixture", "<SoftwareCode>Liquidlogic Café")
    f.write_bytes(text.encode("cp1252"))
    r = cin_census.read(f)[0]
    [issue] = r.log.issues
    assert (issue.severity, issue.code, issue.location) == ("fatal", "malformed-xml", "line 13")  # the SoftwareCode line
    assert "UTF-8" in issue.fix and r.tables == {}
    f.write_bytes(text.replace('encoding="utf-8"', 'encoding="windows-1252"').encode("cp1252"))
    r = cin_census.read(f)[0]
    assert issues(r) == [] and r.row_counts()["child"] == 2


def test_spaces_around_every_value_change_nothing(tmp_path):
    """Every value padded takes the checking path instead of the fast one: same rows, no issues."""
    import re

    f = tmp_path / "padded.xml"
    f.write_text(re.sub(r">([^<\s][^<]*)<", r">  \1 <", (FIX / "clean_every_block_2027.xml").read_text()))
    padded, clean = cin_census.read(f)[0], read("clean_every_block_2027.xml")
    assert issues(padded) == []
    assert {t: rows(padded, t) for t in padded.tables} == {t: rows(clean, t) for t in clean.tables}
