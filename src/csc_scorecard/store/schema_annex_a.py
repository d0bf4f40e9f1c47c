"""Canonical tables for Ofsted Annex A Lists 1-11 (owned by the Annex A reader).

Annex A is a snapshot of an LA's open and recent work, taken for an ILACS
inspection. One workbook = one extract, identified by its ``extract_date``:

* ``version = ("extract_date",)``: reloading the same extract (or a
  corrected one with the same date) replaces that extract's rows and nothing
  else; extracts taken on other dates coexist, so the merged table holds
  every snapshot and indicators pick one with ``WHERE extract_date = ...``.
* ``key = ("extract_date", "row_number")``: Annex A lists have no reliable
  natural key (a child may appear on several rows of Lists 1-8 and 10), so a
  row is identified by its Excel row number in the list's sheet, which also
  lets anyone trace a stored row back to the workbook.

Table names (the "annex_a_" prefix, then the list's subject):

====  ===========================  =========================================
List  table                        one row per
====  ===========================  =========================================
1     annex_a_contacts             contact in the last 6 months
2     annex_a_early_help           early help assessment / intervention
3     annex_a_referrals            referral in the last 6 months
4     annex_a_assessments          social work assessment in the last 6 months
5     annex_a_section47            section 47 enquiry (and its ICPC)
6     annex_a_cin                  child in need (open or closed in 6 months)
7     annex_a_cp                   child protection plan (open or ended in 6 months)
8     annex_a_cla                  child looked after (or ceased in 6 months)
9     annex_a_care_leavers         care leaver entitled to services
10    annex_a_adoption             child with an adoption decision / order
11    annex_a_adopters             (prospective) adopter
====  ===========================  =========================================

Value conventions: Ofsted's letter prefixes ("a) ", "q) ") are dropped; where
the option embeds a statutory code the code is stored (referral source "6",
ethnicity "WBRI", need "N1", legal status "E1", placement "U6", provider
"PR4", reason ceased "E47", accommodation "Y", activity "F1", in touch "YES",
reason for closure "RC1", category of abuse "NEG"/"PHY"/"SAB"/"EMO"/"MUL",
reason no longer placed "RD2"); gender is M, F, U (not stated/recorded) or N
(neither); yes/no questions are BOOLEAN; other options keep Ofsted's label
without its letter (case status "Child protection plan", permanence plan
"Long-term fostering", eligibility "Former relevant", placement location
"In LA"/"Out of LA").
"""

from __future__ import annotations

from .schema import B, D, F, I, V, Table

KEY = ("extract_date", "row_number")
VERSION = ("extract_date",)

_ROW = (("extract_date", D), ("row_number", I))
_CHILD = (("child_id", V), ("gender", V), ("ethnicity", V), ("dob", D), ("age", F))
_WORKER = (("allocated_team", V), ("allocated_worker", V))


def _list(number: int, name: str, columns: tuple, what: str) -> Table:
    return Table(name, _ROW + columns, key=KEY, version=VERSION,
                 description=f"Ofsted Annex A List {number}: {what}")


ANNEX_A_TABLES: list[Table] = [
    _list(1, "annex_a_contacts", _CHILD + (
        ("contact_date", D), ("contact_source", V)),
        "contacts in the 6 months before the extract (one row per contact)."),
    _list(2, "annex_a_early_help", _CHILD + (
        ("eh_assessment_start_date", D), ("eh_assessment_completion_date", D),
        ("eh_assessment_organisation", V)),
        "early help assessments in the last 6 months and current early help."),
    _list(3, "annex_a_referrals", _CHILD + (
        ("referral_date", D), ("referral_source", V), ("referral_nfa", B),
        ("referrals_last_12_months", I)) + _WORKER,
        "referrals in the last 6 months (one row per referral)."),
    _list(4, "annex_a_assessments", _CHILD + (
        ("disability", B), ("assessment_start_date", D), ("assessment_child_seen", B),
        ("assessment_authorisation_date", D), ("assessment_requires_support", B)) + _WORKER,
        "social work (continuous / child and family) assessments in the last 6 months."),
    _list(5, "annex_a_section47", _CHILD + (
        ("disability", B), ("s47_start_date", D), ("icpc_not_required", B), ("icpc_date", D),
        ("icpc_resulted_in_cpp", B), ("s47_last_12_months", I), ("icpcs_last_12_months", I)) + _WORKER,
        "section 47 enquiries in the last 6 months and their initial child protection conferences."),
    _list(6, "annex_a_cin", _CHILD + (
        ("disability", B), ("cin_start_date", D), ("primary_need_code", V), ("date_last_seen", D),
        ("cin_closure_date", D), ("reason_for_closure", V), ("case_status", V)) + _WORKER,
        "children in need at the extract date or in the previous 6 months."),
    _list(7, "annex_a_cp", _CHILD + (
        ("disability", B), ("cpp_start_date", D), ("initial_category_of_abuse", V),
        ("latest_category_of_abuse", V), ("last_statutory_visit_date", D), ("seen_alone", B),
        ("latest_review_conference_date", D), ("cpp_end_date", D),
        ("epo_or_police_protection_6m", B), ("number_of_previous_cpp", I)) + _WORKER,
        "children on a child protection plan at the extract date (cpp_end_date empty) "
        "or whose plan ended in the previous 6 months."),
    _list(8, "annex_a_cla", _CHILD + (
        ("uasc_12m", B), ("disability", B), ("cla_start_date", D), ("category_of_need", V),
        ("second_period_12m", B), ("legal_status_start_date", D), ("legal_status", V),
        ("latest_review_date", D), ("last_social_work_visit_date", D), ("permanence_plan", V),
        ("last_iro_contact_date", D), ("last_health_assessment_date", D), ("last_dental_check_date", D),
        ("placements_last_12_months", I), ("cla_end_date", D), ("reason_ceased", V),
        ("placement_start_date", D), ("placement_type", V), ("placement_provider", V),
        ("placement_postcode", V), ("placement_urn", V), ("placement_location", V), ("placement_la", V),
        ("missing_episodes_12m", I), ("absent_episodes_12m", I), ("return_interview_offered", B),
        ("return_interview_accepted", B)) + _WORKER,
        "children looked after at the extract date (cla_end_date empty) "
        "or who ceased to be looked after in the previous 6 months."),
    _list(9, "annex_a_care_leavers", _CHILD + (
        ("uasc_or_former_uasc", B), ("disability", B)) + _WORKER + (
        ("personal_adviser", V), ("eligibility_category", V), ("pathway_plan_review_date", D),
        ("in_touch", V), ("latest_contact_date", D), ("accommodation", V),
        ("accommodation_suitable", B), ("activity", V)),
        "care leavers entitled to leaving care services at the extract date."),
    _list(10, "annex_a_adoption", (
        ("child_id", V), ("family_id", V), ("gender", V), ("ethnicity", V), ("dob", D), ("age", F),
        ("disability", B), ("date_entered_care", D), ("date_should_be_placed", D),
        ("placement_order_date", D), ("matching_date", D), ("date_placed_for_adoption", D),
        ("adoption_order_date", D), ("date_no_longer_placed", D), ("reason_no_longer_placed", V),
        ("ffa_or_concurrent_date", D)),
        "children adopted, with a decision that they should be placed for adoption, "
        "or whose decision was reversed, in the last 12 months."),
    _list(11, "annex_a_adopters", (
        ("adopter_id", V), ("family_id", V), ("gender", V), ("ethnicity", V), ("disability", B),
        ("fostering_for_adoption", B), ("enquiry_date", D), ("stage1_start_date", D),
        ("stage1_end_date", D), ("stage2_start_date", D), ("stage2_end_date", D),
        ("application_date", D), ("approval_date", D), ("matched_date", D), ("placed_date", D),
        ("children_placed", I), ("adoption_order_date", D), ("leaving_date", D), ("reason_leaving", V)),
        "individuals in contact with the LA's adoption agency in the last 12 months (one row per adopter)."),
]
