"""The canonical child-level model.

Tables are named after the returns' own items, in snake_case, so that an
analyst who knows the SSDA903 or the CIN census can read the indicator SQL.

Each table exists twice in the store:

* ``src_<table>`` keeps every version loaded: one version per LA and
  ``version`` columns (normally the collection year). Loading a file replaces
  that LA's rows of the same version and nothing else, so a reload changes
  nothing and a corrected resubmission replaces the old one cleanly.
* ``<table>`` is the merged history the indicators read: for each ``key``
  (e.g. a CIN referral = child + referral date; an assessment = its referral +
  its start date) the row of the latest version wins. Tables with a ``parent``
  are replaced as a unit with their parent's key (an assessment's factors are
  those of the assessment's winning version).

  The CIN census carries only in-year assessments, enquiries, plans and reviews
  of a referral that is still open (DfE rule 8696), so these merge on their own
  keys: last year's assessment of a referral stays when this year's file no
  longer lists it.

Every row carries its provenance: la, source_return, collection_year,
source_file, load_id.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

PROVENANCE = (
    ("la", "VARCHAR"),
    ("source_return", "VARCHAR"),
    ("collection_year", "INTEGER"),
    ("source_file", "VARCHAR"),
    ("load_id", "INTEGER"),
)


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[tuple[str, str], ...]  # (name, DuckDB type), provenance excluded
    key: tuple[str, ...]  # identifies one entity across versions (la is implied)
    parent: str | None = None  # merged as a unit with this table, on `key`
    version: tuple[str, ...] = ("collection_year",)  # what one file's contribution is keyed by
    description: str = ""

    @property
    def all_columns(self) -> tuple[tuple[str, str], ...]:
        return PROVENANCE + self.columns

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self.columns)


D, V, I, B, F = "DATE", "VARCHAR", "INTEGER", "BOOLEAN", "DOUBLE"
# The Arrow type of each column type: readers build Arrow tables, the store stages them, exports read them.
ARROW_TYPES = {D: pa.date32(), V: pa.string(), I: pa.int32(), B: pa.bool_(), F: pa.float64()}

REFERRAL_KEY = ("child_id", "referral_date")

TABLES: dict[str, Table] = {}


def _add(t: Table) -> None:
    assert t.name not in TABLES, t.name
    for k in t.key:
        assert k in t.column_names or k in dict(PROVENANCE), (t.name, k)
    TABLES[t.name] = t


# --- Children (both returns) ------------------------------------------------
_add(Table(
    "child",
    (("child_id", V), ("upn", V), ("former_upn", V), ("upn_unknown", V),
     ("dob", D), ("expected_dob", D),
     ("sex", V),  # normalised: M, F, U (from 903 SEX 1/2 or CIN GenderCurrent 1/2/0/9 or Sex)
     ("sex_code", V),  # the code as given in the file
     ("ethnicity", V), ("death_date", D),
     ("mother", I), ("mc_dob", D)),  # 903 header only
    key=("source_return", "child_id"),
    description="One row per child per return (CIN ChildIdentifiers + ChildCharacteristics; 903 Header).",
))
_add(Table(
    "disability",
    (("child_id", V), ("disability", V)),
    key=("source_return", "child_id"), parent="child",
    description="CIN Disabilities: one row per child and disability code.",
))

# --- CIN census -------------------------------------------------------------
_add(Table(
    "cin_episode",
    (("child_id", V), ("referral_date", D), ("referral_source", V), ("primary_need_code", V),
     ("cin_closure_date", D), ("reason_for_closure", V), ("date_of_initial_cpc", D),
     ("referral_nfa", B)),
    key=REFERRAL_KEY,
    description="CIN census CINdetails: one row per referral (CIN episode).",
))
_add(Table(
    "assessment",
    (("child_id", V), ("referral_date", D), ("assessment_actual_start_date", D),
     ("assessment_internal_review_date", D), ("assessment_authorisation_date", D)),
    key=(*REFERRAL_KEY, "assessment_actual_start_date"),
    description="CIN census Assessments within a referral.",
))
_add(Table(
    "assessment_factor",
    (("child_id", V), ("referral_date", D), ("assessment_actual_start_date", D), ("factor", V)),
    key=(*REFERRAL_KEY, "assessment_actual_start_date"), parent="assessment",
    description="CIN census FactorsIdentifiedAtAssessment: one row per factor code.",
))
_add(Table(
    "cin_plan",
    (("child_id", V), ("referral_date", D), ("cin_plan_start_date", D), ("cin_plan_end_date", D)),
    key=(*REFERRAL_KEY, "cin_plan_start_date"),
    description="CIN census CINPlanDates.",
))
_add(Table(
    "section47",
    (("child_id", V), ("referral_date", D), ("s47_actual_start_date", D), ("initial_cpc_target", D),
     ("date_of_initial_cpc", D), ("icpc_not_required", B)),
    key=(*REFERRAL_KEY, "s47_actual_start_date"),
    description="CIN census Section47 enquiries.",
))
_add(Table(
    "cp_plan",
    (("child_id", V), ("referral_date", D), ("cpp_start_date", D), ("cpp_end_date", D),
     ("initial_category_of_abuse", V), ("latest_category_of_abuse", V), ("number_of_previous_cpp", I)),
    key=(*REFERRAL_KEY, "cpp_start_date"),
    description="CIN census ChildProtectionPlans.",
))
_add(Table(
    "cp_review",
    (("child_id", V), ("referral_date", D), ("cpp_start_date", D), ("cpp_review_date", D)),
    key=(*REFERRAL_KEY, "cpp_start_date", "cpp_review_date"),
    description="CIN census CPPreviewDate within a child protection plan.",
))
_add(Table(
    "pre_proceedings",
    (("child_id", V), ("referral_date", D), ("pp_start_date", D), ("lbp_sent_date", D),
     ("fgdm_meeting_offer", B), ("fgdm_meeting_fac", B), ("initial_pp_meeting_date", D),
     ("review_meetings_count", I), ("step_decision_date", D), ("pp_outcome", V),
     ("court_app_date", D), ("letter_init_cp_date", D)),
    key=(*REFERRAL_KEY, "pp_start_date"),
    description="CIN census PreProceedingsandFGDM (2026-27 onwards).",
))

# --- SSDA903 ----------------------------------------------------------------
_add(Table(
    "cla_episode",
    (("child_id", V), ("decom", D), ("rne", V), ("ls", V), ("cin", V), ("place", V),
     ("place_provider", V), ("dec", D), ("rec", V), ("reason_place_change", V),
     ("home_post", V), ("pl_post", V), ("urn", V), ("pl_distance", F),
     ("episode_seq", I)),  # 1, or 2, 3 ... for episodes that ended the day they started (see ssda903_tables)
    key=("child_id", "decom", "episode_seq"),
    description="SSDA903 Episodes: one row per legal status / placement segment.",
))
_add(Table(
    "uasc",
    (("child_id", V), ("sex", V), ("dob", D), ("duc", D)),
    key=("child_id",),
    description="SSDA903 UASC: date unaccompanied asylum-seeking status ceased.",
))
_add(Table(
    "cla_review",
    (("child_id", V), ("dob", D), ("review", D), ("review_code", V)),
    key=("child_id", "review"),
    description="SSDA903 Reviews.",
))
_add(Table(
    "oc2",
    (("child_id", V), ("dob", D), ("sdq_score", I), ("sdq_reason", V), ("convicted", I),
     ("health_check", I), ("immunisations", I), ("teeth_check", I), ("health_assessment", I),
     ("substance_misuse", I), ("intervention_received", I), ("intervention_offered", I)),
    key=("child_id", "collection_year"),
    description="SSDA903 OC2: outcomes for children looked after 12+ months at 31 March (one per year).",
))
_add(Table(
    "oc3",
    (("child_id", V), ("dob", D), ("in_touch", V), ("activ", V), ("accom", V)),
    key=("child_id", "collection_year"),
    description="SSDA903 OC3: care leavers at their 17th-21st birthdays (one per year).",
))
_add(Table(
    "ad1",
    (("child_id", V), ("dob", D), ("date_int", D), ("date_match", D), ("foster_care", I),
     ("nb_adoptr", V), ("sex_adoptr", V), ("ls_adoptr", V)),
    key=("child_id", "collection_year"),
    description="SSDA903 AD1: children adopted in the year.",
))
_add(Table(
    "placed_adoption",
    (("child_id", V), ("dob", D), ("date_placed", D), ("date_placed_ceased", D),
     ("reason_placed_ceased", V)),
    key=("child_id", "date_placed"),
    description="SSDA903 PlacedAdoption: decisions that a child should be placed for adoption.",
))
_add(Table(
    "prev_perm",
    (("child_id", V), ("dob", D), ("prev_perm", V), ("la_perm", V),
     ("date_perm", V),  # as given: any part may be ZZ when unknown
     ("date_perm_parsed", D)),
    key=("child_id", "collection_year"),
    description="SSDA903 PrevPerm: permanence before entering care.",
))
_add(Table(
    "missing",
    (("child_id", V), ("dob", D), ("missing", V), ("mis_start", D), ("mis_end", D)),
    key=("child_id", "mis_start", "missing"),
    description="SSDA903 Missing: missing (M) or away without authorisation (A) episodes.",
))
_add(Table(
    "sw_episode",
    (("child_id", V), ("dob", D), ("sw_id", V), ("sw_decom", D), ("sw_dec", D), ("sw_reason", V)),
    key=("child_id", "sw_decom"),
    description="SSDA903 SWEpisodes (2023-24 onwards): social worker allocations.",
))
_add(Table(
    "dolo",
    (("child_id", V), ("dob", D), ("dolo_start", D), ("dolo_end", D)),
    key=("child_id", "dolo_start"),
    description="SSDA903 DoLo (2026-27 onwards): deprivation of liberty orders.",
))

# --- Reference data (no LA: la is NULL) --------------------------------------
_add(Table(
    "postcode",
    (("postcode", V),  # upper case without spaces, e.g. HA11AA
     ("oseast1m", F), ("osnrth1m", F),  # OS grid reference in metres
     ("laua", V),  # ONS district (lower-tier) code
     ("utla", V),  # ONS upper-tier code: the county of a district, else the district itself
     ("la_code", V)),  # DfE three-digit code of that upper-tier LA; NULL outside England
    key=("postcode",), version=("source_return",),  # a newer directory replaces the older one
    description="ONS postcode directory: where each postcode is and which LA it is in "
                "(read by cla-placed-20-miles when episodes carry no PL_DISTANCE).",
))

# Ofsted Annex A lists and local tables are defined beside their readers.
from .schema_annex_a import ANNEX_A_TABLES  # noqa: E402
from .schema_local import LOCAL_TABLES  # noqa: E402

for _t in (*ANNEX_A_TABLES, *LOCAL_TABLES):
    _add(_t)
