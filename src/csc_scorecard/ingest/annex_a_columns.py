"""What each Ofsted Annex A list holds: its columns, how to recognise their headers, their values.

LAs fill in Ofsted's template by hand or from their own reports, so header
wording drifts ("Age" / "Age of Child (Years)", curly or straight quotes, a
stray ")", "Gender" becoming "Sex" in 2026) and columns move. A column is
therefore found by a regular expression searched in the *normalised* header
(lower case, every run of non-alphanumerics turned into one space), never by
position or exact wording.

Within a list the columns are tried in the order given, and a header is taken
by the first column whose pattern it matches; so where two headers share
words (the "Return Interview after their last missing episode" questions and
"Number of episodes ... missing") the more specific column comes first.

Column kinds and what is stored:

* ``id``     text; a blank ID drops the row (an error).
* ``text``   trimmed text, Ofsted's letter prefix ("a) ") kept out.
* ``date``   DATE from a real date, an Excel serial or dd/mm/yyyy text.
* ``int`` / ``number``  INTEGER / DOUBLE.
* ``flag``   BOOLEAN from Yes/No, Y/N, a) Yes / b) No, 1/0, true/false.
* ``code``   the statutory (CIN census / SSDA903) code the option carries:
             "q) 6: Police" -> "6", "f) U6: Foster placement" -> "U6".
* ``option`` one value from a fixed list, recognised by keywords in the label.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- Code lists (CIN census and SSDA903; historic codes kept so old extracts load) ---
REFERRAL_SOURCE = frozenset(
    "1A 1B 1C 1D 2A 2B 3A 3B 3C 3D 3E 3F 4 5A 5B 5C 5D 6 7 8 9 10".split())
ETHNICITY = frozenset(
    "WBRI WIRI WIRT WOTH WROM MWBC MWBA MWAS MOTH AIND APKN ABAN AOTH BCRB BAFR BOTH CHNE OOTH "
    "REFU NOBT".split())
PRIMARY_NEED = frozenset(f"N{i}" for i in range(10))  # CIN census N0-N9
CATEGORY_OF_NEED = frozenset(f"N{i}" for i in range(1, 9))  # SSDA903 N1-N8
LEGAL_STATUS = frozenset("C1 C2 D1 E1 V2 V3 V4 L1 L2 L3 J1 J2 J3".split())
PLACEMENT_TYPE = frozenset(
    "A3 A4 A5 A6 H5 K1 K2 K3 P1 P2 P3 R1 R2 R3 R5 S1 T0 T1 T2 T3 T4 U1 U2 U3 U4 U5 U6 "
    "Z1 Z11 Z12 Z13 Z14".split())
PLACEMENT_PROVIDER = frozenset(f"PR{i}" for i in range(6))
REASON_CEASED = frozenset(
    "X1 E11 E12 E2 E3 E4A E4B E13 E41 E43 E44 E45 E46 E47 E48 E5 E6 E7 E8 E9 E14 E15 E16 E17".split())
ACCOMMODATION = frozenset("B C D E G H K R S T U V W X Y Z 0".split())
ACTIVITY = frozenset("F1 P1 F2 P2 F3 P3 F4 P4 F5 P5 G4 G5 G6 0".split())
REASON_NO_LONGER_PLACED = frozenset("RD1 RD2 RD3 RD4".split())

# --- Options recognised by keywords: (stored value, regex on the normalised label, label for messages) ---
# Order matters: the first match wins, so "not in touch" is tried before "in touch".
GENDER = (
    ("F", r"^(f|female|2|girl|woman)\b", "b) Female"),
    ("M", r"^(m|male|1|boy|man)\b", "a) Male"),
    ("N", r"neither|indeterminate|non ?binary|^i$", "d) Neither"),
    ("U", r"not (stated|recorded|known)|unknown|unborn|unspecified|withheld|^(u|0|9)$", "c) Not stated/recorded"),
)
CATEGORY_OF_ABUSE = (
    ("MUL", r"^mul$|multiple|not recommended", "Multiple"),
    ("NEG", r"^neg$|neglect", "Neglect"),
    ("PHY", r"^phy$|physical", "Physical abuse"),
    ("SAB", r"^sab$|sexual", "Sexual abuse"),
    ("EMO", r"^emo$|emotional", "Emotional abuse"),
)
REASON_FOR_CLOSURE = (
    ("RC1", r"^rc ?1$|adopt", "Adopted"),
    ("RC2", r"^rc ?2$|\bdied\b|\bdeath\b", "Died"),
    ("RC9", r"^rc ?9$|early help", "Case closed after assessment, referred to early help"),
    ("RC8", r"^rc ?8$|no further action|\bnfa\b|not in need after assessment|closed after assessment",
     "Child not in need after assessment"),
    ("RC3", r"^rc ?3$|arrangements? order|residence order", "Child arrangements order"),
    ("RC4", r"^rc ?4$|special guardianship|\bsgo\b", "Special guardianship order"),
    ("RC5", r"^rc ?5$|(another|other) (la|local authority)", "Transferred to another LA"),
    ("RC6", r"^rc ?6$|adult", "Transferred to adult social care"),
    ("RC7", r"^rc ?7$|ceased|other reason|no longer in need", "Services ceased for any other reason"),
    (None, r"^not (stated|recorded|known)$", "Not stated"),  # stored blank, without an issue
)
CASE_STATUS = (
    ("Looked after child", r"looked after|\bcla\b|\blac\b|\bcic\b", "a) Looked after child"),
    ("Child protection plan", r"protection|\bcpp?\b", "b) Child Protection plan"),
    ("Child in need plan", r"child in need|\bcin\b", "c) Child in need plan"),
    ("Open assessment", r"assessment", "d) Open assessment"),
    ("Closed episode", r"closed", "e) Closed episode"),
)
PERMANENCE_PLAN = (
    ("Adoption", r"adopt", "b) Adoption"),
    ("SGO/CAO", r"\bsgo\b|special guardianship|\bcao\b|arrangements? order|residence order", "c) SGO/CAO"),
    ("Long-term residential placement", r"residential", "e) Long-term residential placement"),
    ("Long-term fostering", r"foster", "f) Long-term fostering"),
    ("Supported living in the community", r"supported living|independen|community",
     "d) Supported living in the community"),
    ("Return to family", r"return|family|home|parent", "a) Return to family"),
    ("Other", r"^other\b", "g) Other"),
)
ELIGIBILITY = (
    ("Former relevant", r"former relevant", "Former relevant child"),
    ("Relevant", r"relevant", "Relevant child"),
    ("Qualifying", r"qualif", "Qualifying care leaver"),
    ("Eligible", r"eligible", "Eligible child"),
)
IN_TOUCH = (
    ("REFU", r"^refu$|refus", "Young person refuses contact"),
    ("NREQ", r"^nreq$|no longer requir|not required", "No longer requires services"),
    ("DIED", r"^died$|died", "Died"),
    ("RHOM", r"^rhom$|returned home|returned to live", "Returned home"),
    ("NO", r"^(no|n)$|^no\b|not in touch", "b) No"),
    ("YES", r"^(yes|y)$|^yes\b|in touch", "a) Yes"),
)
SUITABLE = (
    (False, r"not suitable|unsuitable|^(no|n|2)$", "b) Not suitable"),
    (True, r"^suitable|^(yes|y|1)$", "a) Suitable"),
)
PLACEMENT_LOCATION = (
    ("Out of LA", r"\bout\b|outside", "Out of LA"),
    ("In LA", r"\bin\b|inside|within", "In LA"),
)


@dataclass(frozen=True)
class Col:
    name: str  # canonical column (store/schema_annex_a.py)
    label: str  # the template's header, for messages about a missing column
    pattern: str  # regex searched in the normalised header
    kind: str = "text"
    values: object = None  # code set (kind "code") or options (kind "option")
    required: bool = False  # without this column the list cannot be used


@dataclass(frozen=True)
class ListSpec:
    number: int
    table: str
    title: str
    columns: tuple[Col, ...]
    identity: tuple[str, ...] = ()  # a repeat of these values is reported (duplicate-key)

    @property
    def id_column(self) -> str:
        return self.columns[0].name


def _child(disability: bool = True, family: bool = False) -> tuple[Col, ...]:
    cols = [
        Col("child_id", "Child Unique ID", r"\bchilds?\b.*\b(id|identifier)\b|^(child )?(unique )?id$"
            r"|^(la )?child ?id$|^(person|client|case) id$", "id", required=True),
        Col("gender", "Gender", r"\b(gender|sex)\b", "option", GENDER),
        Col("ethnicity", "Ethnicity", r"\bethnic", "code", ETHNICITY),
        Col("dob", "Date of Birth", r"\bbirth\b|\bdob\b", "date"),
        Col("age", "Age of Child (Years)", r"^age\b|\bage of child\b|\bage in years\b", "number"),
    ]
    if family:
        cols.insert(1, Col("family_id", "Family identifier", r"\bfamily\b"))
    if disability:
        cols.append(Col("disability", "Does the Child have a Disability", r"\bdisab", "flag"))
    return tuple(cols)


def _stage(number: str, event: str) -> str:
    """'Date Stage 1 started', 'Stage one start date', 'Start of stage 1' ..."""
    return rf"\bstage ({number})\b.*\b({event})|\b({event}).*\bstage ({number})\b"


_TEAM = Col("allocated_team", "Allocated Team", r"\bteam\b")
_WORKER = Col("allocated_worker", "Allocated Worker", r"\bworker\b")
_SOURCE = r"\bsource\b"

LISTS: tuple[ListSpec, ...] = (
    ListSpec(1, "annex_a_contacts", "Contacts", _child(disability=False) + (
        Col("contact_date", "Date of Contact", r"\bdate\b.*\bcontact|\bcontact\b.*\bdate\b", "date", required=True),
        Col("contact_source", "Contact Source", _SOURCE, "code", REFERRAL_SOURCE),
    )),
    ListSpec(2, "annex_a_early_help", "Early help", _child(disability=False) + (
        Col("eh_assessment_organisation", "Organisation completing assessment", r"organi[sz]ation|agency|\bby\b"),
        Col("eh_assessment_completion_date", "Assessment completion date",
            r"complet.*\bdate\b|\bdate\b.*complet|\bend date\b", "date"),
        Col("eh_assessment_start_date", "Assessment start date", r"\bstart", "date", required=True),
    ), identity=("child_id", "eh_assessment_start_date")),
    ListSpec(3, "annex_a_referrals", "Referrals", _child(disability=False) + (
        Col("referrals_last_12_months", "Number of Referrals in Last 12 Months",
            r"\b(number|no)\b.*referral|referrals.*\b(12|twelve)\b", "int"),
        Col("referral_date", "Date of Referral", r"\bdate\b.*referral|referral.*\bdate\b", "date", required=True),
        Col("referral_source", "Referral Source", _SOURCE, "code", REFERRAL_SOURCE),
        Col("referral_nfa", "Referral NFA?", r"\bnfa\b|no further action", "flag"),
        _TEAM, _WORKER,
    ), identity=("child_id", "referral_date")),
    ListSpec(4, "annex_a_assessments", "Assessments", _child() + (
        Col("assessment_start_date", "Continuous Assessment Start Date", r"\bstart", "date", required=True),
        Col("assessment_child_seen", "Child Seen During Continuous Assessment", r"\bseen\b", "flag"),
        Col("assessment_authorisation_date", "Continuous Assessment Date of Authorisation",
            r"authori[sz]|complet", "date"),
        Col("assessment_requires_support", "Was the child assessed as requiring LA children's social care support?",
            r"requir|support|outcome", "flag"),
        _TEAM, _WORKER,
    ), identity=("child_id", "assessment_start_date")),
    ListSpec(5, "annex_a_section47", "Section 47 enquiries and ICPCs", _child() + (
        Col("s47_last_12_months", "Number of Section 47 Enquiries in the last 12 months",
            r"\b(number|no)\b.*(section 47|\bs ?47\b|enquir)", "int"),
        Col("icpcs_last_12_months", "Number of ICPCs in the last 12 months",
            r"\b(number|no)\b.*(icpc|conference)", "int"),
        Col("s47_start_date", "Strategy discussion initiating Section 47 Enquiry Start Date",
            r"\bstart|strategy", "date", required=True),
        Col("icpc_not_required", "Was an Initial Child Protection Conference deemed unnecessary?",
            r"unnecessary|not (required|needed)", "flag"),
        Col("icpc_resulted_in_cpp", "Did the Initial Child Protection Conference Result in a Child Protection Plan",
            r"\bresult", "flag"),
        Col("icpc_date", "Date of Initial Child Protection Conference",
            r"\bdate\b.*(conference|icpc)|(conference|icpc).*\bdate\b", "date"),
        _TEAM, _WORKER,
    ), identity=("child_id", "s47_start_date")),
    ListSpec(6, "annex_a_cin", "Children in need", _child() + (
        Col("cin_start_date", "CIN Start Date", r"\bstart", "date", required=True),
        Col("primary_need_code", "Primary Need Code", r"\bneed\b", "code", PRIMARY_NEED),
        Col("date_last_seen", "Date Child Was Last Seen", r"\bseen\b", "date"),
        Col("reason_for_closure", "Reason for Closure", r"\breason\b", "option", REASON_FOR_CLOSURE),
        Col("cin_closure_date", "CIN Closure Date", r"clos", "date"),
        Col("case_status", "Case Status", r"\bstatus\b", "option", CASE_STATUS),
        _TEAM, _WORKER,
    ), identity=("child_id", "cin_start_date")),
    ListSpec(7, "annex_a_cp", "Child protection", _child() + (
        Col("cpp_start_date", "Child Protection Plan Start Date", r"\bstart", "date", required=True),
        Col("initial_category_of_abuse", "Initial Category of Abuse", r"\binitial\b.*categor", "option",
            CATEGORY_OF_ABUSE),
        Col("latest_category_of_abuse", "Latest Category of Abuse", r"\b(latest|current)\b.*categor", "option",
            CATEGORY_OF_ABUSE),
        Col("last_statutory_visit_date", "Date of the Last Statutory Visit", r"\bvisit", "date"),
        Col("seen_alone", "Was the Child Seen Alone?", r"\balone\b", "flag"),
        Col("latest_review_conference_date", "Date of latest review conference", r"\breview", "date"),
        Col("epo_or_police_protection_6m",
            "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
            r"emergency protection|\bpolice\b|\bepo\b", "flag"),
        Col("number_of_previous_cpp", "Number of Previous Child Protection Plans", r"\bprevious\b", "int"),
        Col("cpp_end_date", "Child Protection Plan End Date", r"\bend(ed)?\b|\bceased\b", "date", required=True),
        _TEAM, _WORKER,
    ), identity=("child_id", "cpp_start_date")),
    ListSpec(8, "annex_a_cla", "Children in care", _child() + (
        Col("uasc_12m", "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
            r"\buasc\b|asylum", "flag"),
        Col("return_interview_offered", "Was the child offered a Return Interview after their last missing "
            "episode (Y/N)?", r"\boffered\b", "flag"),
        Col("return_interview_accepted", "Did the child accept a Return Interview after their last missing "
            "episode (Y/N)?", r"\baccept", "flag"),
        Col("missing_episodes_12m", "Number of Episodes the Child has been 'Missing' from their Placement in "
            "the last 12 months", r"\bmissing\b", "int"),
        Col("absent_episodes_12m", "Number of Episodes the Child has been 'Absent' from their Placement in "
            "the last 12 months", r"\b(absent|away)\b", "int"),
        Col("placements_last_12_months", "Number of Placements in the Last 12 months",
            r"\b(number|no)\b.*placements", "int"),
        Col("second_period_12m", "Is this a second or subsequent period of being a Looked After Child within "
            "the last 12 months (Y/N)", r"\b(second|subsequent)\b", "flag"),
        Col("reason_ceased", "Reason Ceased to be Looked After", r"\breason\b", "code", REASON_CEASED),
        Col("cla_end_date", "Date Ceased to be Looked After", r"\bceased\b|\bleft care\b", "date", required=True),
        Col("legal_status_start_date", "Start date of current legal status",
            r"legal status.*\b(start|date)\b|\b(start|date)\b.*legal status", "date"),
        Col("legal_status", "Child's Legal Status", r"legal status", "code", LEGAL_STATUS),
        Col("placement_type", "Placement Type", r"placement type|type of placement", "code", PLACEMENT_TYPE),
        Col("placement_provider", "Placement Provider", r"\bprovider\b", "code", PLACEMENT_PROVIDER),
        Col("placement_postcode", "Placement postcode", r"post ?code"),
        Col("placement_urn", "URN of Placement", r"\burn\b"),
        Col("placement_la", "LA of Placement", r"\b(la|local authority) of placement\b|placement (la|local authority)"),
        Col("placement_location", "Placement Location", r"\blocation\b|\bin out\b", "option", PLACEMENT_LOCATION),
        Col("placement_start_date", "Start Date of Most Recent Placement",
            r"(start|date).*placement|placement.*(start|date)", "date"),
        Col("cla_start_date", "Date Started to be Looked After",
            r"\bstart(ed)?\b.*looked after|looked after.*\bstart|\bentered care\b|became looked after", "date",
            required=True),
        Col("category_of_need", "Child's Category of Need", r"\bneed\b", "code", CATEGORY_OF_NEED),
        Col("latest_review_date", "Date of Latest Statutory Review", r"\breview\b", "date"),
        Col("last_social_work_visit_date", "Date of Last Social Work Visit",
            r"social work.*visit|\bsw visit|visit.*social work", "date"),
        Col("permanence_plan", "What is the permanence plan for this child?", r"permanen", "option",
            PERMANENCE_PLAN),
        Col("last_iro_contact_date", "Date of Last IRO Visit / Contact to the Child",
            r"\biro\b|independent reviewing", "date"),
        Col("last_dental_check_date", "Date of Last Dental Check", r"dental|teeth", "date"),
        Col("last_health_assessment_date", "Date of Last Health Assessment", r"\bhealth\b", "date"),
        _TEAM, _WORKER,
    ), identity=("child_id", "cla_start_date")),
    ListSpec(9, "annex_a_care_leavers", "Care leavers", _child() + (
        Col("uasc_or_former_uasc", "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
            r"\buasc\b|asylum", "flag"),
        Col("personal_adviser", "Allocated Personal Advisor", r"personal advis|\bpa\b"),
        _TEAM, _WORKER,
        Col("eligibility_category", "Eligibility Category", r"eligib", "option", ELIGIBILITY),
        Col("pathway_plan_review_date", "Latest Pathway Plan Review Date", r"pathway", "date"),
        Col("in_touch", "LA in Touch", r"\bin touch\b", "option", IN_TOUCH),
        Col("latest_contact_date", "Latest Date of Contact", r"\bcontact\b", "date"),
        Col("accommodation_suitable", "Suitability of Accommodation", r"suitab", "option", SUITABLE),
        Col("accommodation", "Type of Accommodation", r"accommodation", "code", ACCOMMODATION),
        Col("activity", "Activity Status", r"\bactivit", "code", ACTIVITY),
    ), identity=("child_id",)),
    ListSpec(10, "annex_a_adoption", "Adoption", _child(family=True) + (
        Col("reason_no_longer_placed", "Reason Why Child No Longer Placed for Adoption", r"\breason\b", "code",
            REASON_NO_LONGER_PLACED),
        Col("date_no_longer_placed", "Date of Decision that Child Should No Longer be Placed for Adoption",
            r"no longer", "date"),
        Col("ffa_or_concurrent_date", "Date the child was placed for fostering in FFA or concurrent planning "
            "placement", r"\bffa\b|fostering for adoption|concurrent", "date"),
        Col("date_should_be_placed", "Date of Decision that Child Should be Placed for Adoption",
            r"should be placed|\bdecision\b", "date", required=True),
        Col("date_entered_care", "Date the Child Entered Care", r"entered care|looked after|\bcare\b", "date"),
        Col("placement_order_date", "Date of Placement Order", r"placement order", "date"),
        Col("matching_date", "Date of Matching Child and Prospective Adopters", r"\bmatch", "date"),
        Col("date_placed_for_adoption", "Date Placed for Adoption", r"placed for adoption", "date"),
        Col("adoption_order_date", "Date of Adoption Order", r"adoption order", "date"),
    ), identity=("child_id", "date_should_be_placed")),
    ListSpec(11, "annex_a_adopters", "Adopters", (
        Col("adopter_id", "Individual adopter identifier",
            r"adopter.*\b(id|identifier)\b|\bindividual\b.*\b(id|identifier)\b", "id", required=True),
        Col("family_id", "Family identifier", r"\bfamily\b"),
        Col("gender", "Gender", r"\b(gender|sex)\b", "option", GENDER),
        Col("ethnicity", "Ethnicity", r"\bethnic", "code", ETHNICITY),
        Col("disability", "Disability", r"\bdisab", "flag"),
        Col("children_placed", "No. of children placed", r"^(no|number)\b.*\bplaced\b|how many", "int"),
        Col("reason_leaving", "Reason for leaving adoption process", r"\breason\b"),
        Col("leaving_date", "Date of leaving adoption process", r"\bleaving\b|\bleft\b|withdr", "date"),
        Col("fostering_for_adoption", "Is the (prospective) adopter fostering for adoption?",
            r"fostering for adoption|\bffa\b", "flag"),
        Col("enquiry_date", "Date enquiry received", r"\benquiry\b", "date", required=True),
        Col("stage1_start_date", "Date Stage 1 started", _stage("1|one", "start"), "date"),
        Col("stage1_end_date", "Date Stage 1 ended", _stage("1|one", "end|complet"), "date"),
        Col("stage2_start_date", "Date Stage 2 started", _stage("2|two", "start"), "date"),
        Col("stage2_end_date", "Date Stage 2 ended", _stage("2|two", "end|complet"), "date"),
        Col("application_date", "Date application submitted", r"submitted|application (received|made)", "date"),
        Col("approval_date", "Date application approved", r"approv", "date"),
        Col("matched_date", "Date adopter matched with child(ren)", r"\bmatch", "date"),
        Col("placed_date", "Date child/children placed with adopter(s)", r"\bplaced\b", "date"),
        Col("adoption_order_date", "Date of Adoption Order", r"adoption order", "date"),
    ), identity=("adopter_id",)),
)

BY_NUMBER = {spec.number: spec for spec in LISTS}
