"""SSDA903 code lists, by collection year.

A collection year is the year of its 31 March (2025 = 2024-25). Each code
knows the first and last collection year it is valid in (None = open-ended),
so a reader can tell a code that is valid this year from one that was valid in
an earlier year (kept for history: an episode that started in 2019 keeps its
H5 placement) and from one that was never valid.

Sources: the DfE SSDA903 guides as reflected in the open validators
(data-to-insight/csc-validator-be-903 rules by year, Social Finance liia-tools
schemas 2017-2027); see research/datamodel.md section 2.3. Descriptions not
published anywhere we could read (SW_REASON, LS_ADOPTR, Z11-Z14) are short
paraphrases marked "(see DfE guide)".

Other stages (the synthetic generator, reports) read the same lists through
``codes()`` and ``label()``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    code: str
    label: str
    first: int | None = None  # first collection year the code is valid in
    last: int | None = None  # last collection year the code is valid in


# Tables that did not always exist (collection year of their first return).
TABLE_FIRST_YEAR = {"SWEpisodes": 2024, "DoLo": 2027}


def _plain(pairs: str, first: int | None = None, last: int | None = None) -> tuple[Code, ...]:
    """'A=Label; B=Label' -> Codes (keeps the lists below readable)."""
    out = []
    for item in pairs.split(";"):
        code, _, text = item.strip().partition("=")
        out.append(Code(code.strip(), text.strip(), first, last))
    return tuple(out)


_ACCOM_TYPES = {
    "B": "With parents or relatives", "C": "Community home or other form of residential care",
    "D": "Semi-independent, transitional accommodation", "E": "Supported lodgings",
    "G": "Gone abroad", "H": "Deported", "K": "Ordinary lodgings, without formal support",
    "R": "Residence not known", "S": "No fixed abode / homeless",
    "T": "Foyers and similar supported accommodation",
    "U": "Independent living, e.g. own tenancy, university accommodation, flat-sharing",
    "V": "Emergency accommodation", "W": "Bed and breakfast", "X": "In custody",
    "Y": "Other accommodation", "Z": "With former foster carers",
}

CODE_LISTS: dict[str, tuple[Code, ...]] = {
    "SEX": (
        Code("1", "Male", None, 2024), Code("2", "Female", None, 2024),
        Code("M", "Male", 2025), Code("F", "Female", 2025), Code("U", "Unknown / not recorded", 2025),
    ),
    "ETHNIC": _plain(
        "WBRI=White British; WIRI=White Irish; WOTH=Any other White background; "
        "WIRT=Traveller of Irish heritage; WROM=Gypsy/Roma; MWBC=White and Black Caribbean; "
        "MWBA=White and Black African; MWAS=White and Asian; MOTH=Any other Mixed background; "
        "AIND=Indian; APKN=Pakistani; ABAN=Bangladeshi; AOTH=Any other Asian background; "
        "BCRB=Caribbean; BAFR=African; BOTH=Any other Black background; CHNE=Chinese; "
        "OOTH=Any other ethnic group; REFU=Refused; NOBT=Information not yet obtained"),
    "UPN_UNKNOWN": _plain(
        "UN1=Child not of school age, no UPN yet; "
        "UN2=Never attended a maintained school in England; UN3=Educated outside England; "
        "UN4=Newly looked after, UPN not yet known; UN5=Sources disagree, UPN cannot be matched"),
    "RNE": _plain(
        "S=Started to be looked after; L=Change of legal status only; "
        "P=Change of placement and carer(s) only; T=Change of placement (same carers) only; "
        "B=Change of legal status and placement and carer(s); "
        "U=Change of legal status and placement (same carers)"),
    "LS": _plain(
        "C1=Interim care order; C2=Full care order; D1=Freeing order granted; "
        "E1=Placement order granted; V2=Single period of accommodation under section 20; "
        "V3=Agreed series of short-term breaks, individual episodes recorded; "
        "V4=Agreed series of short-term breaks, agreements recorded; "
        "L1=Police protection, in local authority accommodation; L2=Emergency protection order; "
        "L3=Child assessment order, in local authority accommodation; "
        "J1=Remanded to local authority or youth detention accommodation; "
        "J2=Local authority accommodation under PACE 1984; "
        "J3=Youth rehabilitation order with residence or intensive fostering requirement"),
    "CIN": _plain(
        "N1=Abuse or neglect; N2=Child's disability; N3=Parental illness or disability; "
        "N4=Family in acute stress; N5=Family dysfunction; N6=Socially unacceptable behaviour; "
        "N7=Low income; N8=Absent parenting"),
    "PLACE": (
        *_plain(
            "A3=Placed for adoption with consent, with current foster carer(s); "
            "A4=Placed for adoption with consent, not with current foster carer(s); "
            "A5=Placed for adoption with placement order, with current foster carer(s); "
            "A6=Placed for adoption with placement order, not with current foster carer(s); "
            "K1=Secure children's home; K2=Children's home subject to Children's Homes Regulations; "
            "P1=Placed with own parent(s) or other person(s) with parental responsibility; "
            "P3=Residential employment; R1=Residential care home; "
            "R2=NHS or health trust or other establishment providing medical or nursing care; "
            "R3=Family centre or mother and baby unit; R5=Young offender institution; "
            "S1=Residential school, except where dual-registered as a children's home; "
            "T0=All types of temporary move; T1=Temporary period in hospital; "
            "T2=Temporary absence on holiday; "
            "T3=Temporary accommodation while the normal foster carer(s) are on holiday; "
            "T4=Temporary accommodation of 7 days or less, not covered by T1-T3; "
            "U1=Foster placement with relative or friend, long-term fostering; "
            "U2=Foster placement with relative or friend who is also an approved adopter (FFA/concurrent); "
            "U3=Foster placement with relative or friend, not long-term or FFA/concurrent; "
            "U4=Foster placement with other foster carer, long-term fostering; "
            "U5=Foster placement with other foster carer who is also an approved adopter (FFA/concurrent); "
            "U6=Foster placement with other foster carer, not long-term or FFA/concurrent"),
        Code("H5", "Semi-independent living accommodation not subject to children's homes regulations", None, 2025),
        Code("P2", "Independent living, e.g. flat, lodgings, bedsit, B&B or with friends", None, 2025),
        Code("Z1", "Other placement", None, 2025),
        Code("K3", "Registered supported accommodation", 2025),
        *_plain("Z11=Other placement, type 1 (see DfE guide); Z12=Other placement, type 2 (see DfE guide); "
                "Z13=Other placement, type 3 (see DfE guide); Z14=Other placement, type 4 (see DfE guide)",
                first=2026),
    ),
    "PLACE_PROVIDER": _plain(
        "PR0=Parent(s) or other person(s) with parental responsibility; "
        "PR1=Own local authority provision; PR2=Other local authority provision; "
        "PR3=Other public provision; PR4=Private provision; PR5=Voluntary or third sector provision"),
    "REC": (
        *_plain(
            "X1=Episode ceases and a new episode begins on the same day; "
            "E11=Adopted, application unopposed; E12=Adopted, consent dispensed with by the court; "
            "E2=Died; E3=Care taken over by another local authority in the UK; "
            "E4A=Returned home to live with parents or other person with parental responsibility, as part of the care plan; "
            "E4B=Returned home to live with parents or other person with parental responsibility, not as part of the care plan; "
            "E13=Left care to live with parents, relatives or other person with no parental responsibility; "
            "E41=Residence order or child arrangements order granted; "
            "E45=Special guardianship order to former foster carers who are relatives or friends; "
            "E46=Special guardianship order to former foster carers other than relatives or friends; "
            "E47=Special guardianship order to carers other than former foster carers, relatives or friends; "
            "E48=Special guardianship order to carers other than former foster carers, not relatives or friends; "
            "E5=Moved into independent living with supportive accommodation; "
            "E6=Moved into independent living with no formalised support; "
            "E7=Transferred to residential care funded by adult social care; E8=Ceased for any other reason; "
            "E9=Sentenced to custody; E14=Accommodation on remand ended; "
            "E15=Age assessment determined the child is aged 18 or over; E16=Child moved abroad; "
            "E17=Aged 18 or over and remained with current carers"),
        Code("E43", "Special guardianship order to former foster carers (before E45-E48)", None, 2016),
        Code("E44", "Special guardianship order to carers other than former foster carers (before E45-E48)",
             None, 2016),
    ),
    "REASON_PLACE_CHANGE": _plain(
        "CARPL=Change to or implementation of the care plan; CLOSE=Resignation or closure of the provision; "
        "ALLEG=Allegation (section 47); STAND=Standards of care concern; APPRR=Approval removed; "
        "CREQB=Carer(s) requested the placement end because of the child's behaviour; "
        "CREQO=Carer(s) requested the placement end for other reasons; CHILD=Child requested the placement end; "
        "LAREQ=Responsible or area authority requested the placement end; "
        "PLACE=Change in the status of the placement only; CUSTOD=Custody arrangement; OTHER=Other"),
    "REVIEW_CODE": _plain(
        "PN0=Child aged under 4 at the time of the review; PN1=Child attends and speaks for themself; "
        "PN2=Child attends, an advocate speaks on their behalf; "
        "PN3=Child attends and conveys their view symbolically (non-verbally); "
        "PN4=Child attends but does not speak for themself or convey their view; "
        "PN5=Child does not attend but briefs an advocate to speak for them; "
        "PN6=Child does not attend but conveys their feelings by a facilitative medium; "
        "PN7=Child does not attend and their views are not conveyed"),
    "MISSING": _plain("M=Missing from care; A=Away from placement without authorisation"),
    "SDQ_REASON": _plain(
        "SDQ1=No form returned: child aged under 4 or over 16; SDQ2=Carer(s) refused; "
        "SDQ3=Not possible because of the severity of the child's disability; SDQ4=Other; "
        "SDQ5=Young person refused"),
    "IN_TOUCH": _plain(
        "YES=In touch; NO=Not in touch; DIED=Died after leaving care; REFU=Young person refuses contact; "
        "NREQ=No longer requires services; "
        "RHOM=Returned home to parents or others with parental responsibility for 6 months or more"),
    "ACTIV": (
        *_plain(
            "F1=Full-time higher education; P1=Part-time higher education; "
            "F2=Full-time education other than higher education; P2=Part-time education other than higher education; "
            "G4=Not in education, employment or training: illness or disability; "
            "G5=Not in education, employment or training: other reasons; "
            "G6=Not in education, employment or training: pregnancy or parenting; "
            "0=Not in touch, unknown, died or returned home"),
        Code("F3", "Full-time training or employment (before apprenticeships were split out)", None, 2021),
        Code("P3", "Part-time training or employment (before apprenticeships were split out)", None, 2021),
        *_plain("F4=Full-time apprenticeship; P4=Part-time apprenticeship; "
                "F5=Full-time training or employment, not an apprenticeship; "
                "P5=Part-time training or employment, not an apprenticeship", first=2022),
    ),
    "ACCOM": (
        *(Code(f"{letter}{digit}", f"{text} ({'suitable' if digit == '1' else 'not suitable'})")
          for letter, text in _ACCOM_TYPES.items() for digit in "12"),
        Code("0", "Not in touch, unknown, died or returned home"),
    ),
    "PREV_PERM": _plain(
        "P1=Adoption; P2=Special guardianship order; "
        "P3=Residence order or child arrangements order (with whom the child lives); P4=Unknown; "
        "Z1=No previous permanence option"),
    "REASON_PLACED_CEASED": _plain(
        "RD1=The child's needs changed after the decision; RD2=The court did not make a placement order; "
        "RD3=Prospective adopters could not be found; RD4=Any other reason"),
    "SEX_ADOPTR": _plain(
        "M1=Single male adopter; F1=Single female adopter; MM=Male couple; FF=Female couple; "
        "MF=Male and female couple"),
    "LS_ADOPTR": _plain(
        "L0=Single adopter (see DfE guide); L11=Opposite-sex married couple or civil partners (see DfE guide); "
        "L12=Same-sex married couple or civil partners (see DfE guide); "
        "L2=Other couple (see DfE guide); L3=Opposite-sex unmarried couple (see DfE guide); "
        "L4=Same-sex unmarried couple (see DfE guide)"),
    "NB_ADOPTR": _plain("1=One adopter; 2=Two adopters"),
    "SW_REASON": _plain(
        "MANAGE=Management decision (see DfE guide); FCONTA=Fixed-term contract ended (see DfE guide); "
        "LEFTRL=Left the role (see DfE guide); ORGRST=Organisational restructure (see DfE guide); "
        "TSPROC=Transfer between teams or processes (see DfE guide); ABSENC=Absence (see DfE guide); "
        "CHCHAN=Child's circumstances changed (see DfE guide); PCCHAN=Placement change (see DfE guide); "
        "SWDIED=Social worker died; OTHERS=Other reason"),  # the table itself starts in 2023-24
    "FLAG": _plain("0=No; 1=Yes"),
}

# Plain words for the fields, used in messages and fixes.
FIELD_WORDS = {
    "CHILD": "the child's ID", "DOB": "date of birth", "SEX": "sex", "ETHNIC": "ethnicity",
    "UPN": "unique pupil number", "MOTHER": "whether the child is a mother", "MC_DOB": "date of birth of the child's child",
    "DECOM": "date the episode started", "DEC": "date the episode ended", "RNE": "reason for new episode",
    "LS": "legal status", "CIN": "category of need", "PLACE": "placement type", "PLACE_PROVIDER": "placement provider",
    "REC": "reason the episode ceased", "REASON_PLACE_CHANGE": "reason for placement change",
    "REVIEW": "date of the review", "REVIEW_CODE": "participation in the review", "DUC": "date UASC status ceased",
    "SDQ_SCORE": "SDQ score", "SDQ_REASON": "reason for no SDQ score", "IN_TOUCH": "whether in touch",
    "ACTIV": "main activity", "ACCOM": "accommodation", "DATE_INT": "date of the decision to place for adoption",
    "DATE_MATCH": "date matched with adopters", "FOSTER_CARE": "adopted by former foster carers",
    "NB_ADOPTR": "number of adopters", "SEX_ADOPTR": "sex of adopters", "LS_ADOPTR": "legal status of adopters",
    "DATE_PLACED": "date of the decision to place for adoption", "DATE_PLACED_CEASED": "date the decision ceased",
    "REASON_PLACED_CEASED": "reason the decision ceased", "PREV_PERM": "previous permanence option",
    "LA_PERM": "LA of previous permanence order", "DATE_PERM": "date of previous permanence order",
    "MISSING": "missing or away", "MIS_START": "date the missing episode started",
    "MIS_END": "date the missing episode ended", "SW_ID": "social worker ID", "SW_DECOM": "date the allocation started",
    "SW_DEC": "date the allocation ended", "SW_REASON": "reason for social worker change",
    "DOLO_START": "date the order started", "DOLO_END": "date the order ended", "PL_DISTANCE": "placement distance",
}

_BY_CODE: dict[str, dict[str, Code]] = {f: {c.code: c for c in lst} for f, lst in CODE_LISTS.items()}


def fields() -> tuple[str, ...]:
    """The 903 fields with a code list."""
    return tuple(CODE_LISTS)


def codes(field: str, year: int | None = None) -> dict[str, str]:
    """Code -> description of the codes valid in the collection year (every code ever valid if year is None)."""
    return {c.code: c.label for c in CODE_LISTS[field]
            if year is None or ((c.first is None or c.first <= year) and (c.last is None or year <= c.last))}


def label(field: str, code: str) -> str | None:
    c = _BY_CODE.get(field, {}).get(code)
    return c.label if c else None


def status(field: str, code: str, year: int | None) -> str:
    """'valid' this year; 'legacy' (valid only in earlier years); 'future' (only from a later year); 'unknown'."""
    c = _BY_CODE[field].get(code)
    if c is None:
        return "unknown"
    if year is None:
        return "valid"
    if c.first is not None and year < c.first:
        return "future"
    if c.last is not None and year > c.last:
        return "legacy"
    return "valid"


def valid_in(field: str, code: str) -> str:
    """Plain-English validity span, e.g. 'from 2024-25' or 'until 2023-24'."""
    c = _BY_CODE[field][code]
    if c.first and c.last:
        return f"from {season(c.first)} until {season(c.last)}"
    if c.first:
        return f"from {season(c.first)}"
    if c.last:
        return f"until {season(c.last)}"
    return "in every year"


def season(year: int) -> str:
    """2025 -> '2024-25'."""
    return f"{year - 1}-{str(year)[2:]}"
