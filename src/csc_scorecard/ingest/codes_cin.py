"""CIN census code lists, by collection year.

Taken from the DfE CIN census schemas (the 2024 original and the 2024-2026
copies maintained by Social Finance for the London pipeline) and the CIN
validator's 2026-27 rules. A collection year is the year of the 31 March that
ends it: 2025 is the 2024-25 census.

Usable by any stage (the reader checks values with them, the synthetic
generator draws from them, reports print the labels):

    codes("ReferralSource", 2025)       -> {"1A": "Individual - family member, relative or carer", ...}
    label("PrimaryNeedCode", "N1", 2026) -> "Abuse, neglect and exploitation"
    valid_in("Sex", "M", 2024)           -> False (Sex replaced GenderCurrent in 2024-25)
"""

from __future__ import annotations

from dataclasses import dataclass

# Years are inclusive; None = open-ended. Only breaks that the schemas show are
# recorded; where the public material gives no year (e.g. when 18B/18C replaced
# 18A), the code is treated as valid in every year rather than guessing.


@dataclass(frozen=True)
class Code:
    code: str
    label: str
    first_year: int | None = None
    last_year: int | None = None
    relabelled: tuple[tuple[int, str], ...] = ()  # (from year, new label)

    def valid_in(self, year: int | None) -> bool:
        if year is None:
            return True
        return (self.first_year is None or year >= self.first_year) and (self.last_year is None or year <= self.last_year)

    def label_in(self, year: int | None) -> str:
        text = self.label
        for since, new in self.relabelled:
            if year is None or year >= since:
                text = new
        return text


def _list(*items: Code | tuple) -> dict[str, Code]:
    out: dict[str, Code] = {}
    for item in items:
        c = item if isinstance(item, Code) else Code(*item)
        out[c.code] = c
    return out


SEX_FIRST_YEAR = 2025  # 2024-25: Sex (M/F/U) replaced GenderCurrent (1/2/0/9)
PRE_PROCEEDINGS_FIRST_YEAR = 2027  # 2026-27: the PreProceedingsandFGDM block

LISTS: dict[str, dict[str, Code]] = {
    "ReferralSource": _list(
        ("1A", "Individual - family member, relative or carer"),
        ("1B", "Individual - acquaintance (including neighbours and child minders)"),
        ("1C", "Individual - self"),
        ("1D", "Individual - other (including strangers)"),
        ("2A", "Schools"),
        ("2B", "Education services"),
        ("3A", "Health services - GP"),
        ("3B", "Health services - health visitor"),
        ("3C", "Health services - school nurse"),
        ("3D", "Health services - other primary health services"),
        ("3E", "Health services - A&E (emergency department)"),
        ("3F", "Health services - other (e.g. hospice)"),
        ("4", "Housing (LA housing or housing association)"),
        ("5A", "LA services - social care (e.g. adult social care)"),
        ("5B", "LA services - other internal (e.g. youth offending, excluding housing)"),
        ("5C", "LA services - external (e.g. from another local authority's adult social care)"),
        ("5D", "LA services - early help"),
        ("6", "Police"),
        ("7", "Other legal agency (courts, probation, immigration, CAFCASS, prison)"),
        ("8", "Other (children's centres, independent agency providers, voluntary organisations)"),
        ("9", "Anonymous"),
        ("10", "Unknown"),
    ),
    "PrimaryNeedCode": _list(
        Code("N1", "Abuse or neglect", relabelled=((2026, "Abuse, neglect and exploitation"),)),
        ("N2", "Child's disability"),
        ("N3", "Parental disability or illness"),
        ("N4", "Family in acute stress"),
        ("N5", "Family dysfunction"),
        ("N6", "Socially unacceptable behaviour"),
        ("N7", "Low income"),
        ("N8", "Absent parenting"),
        ("N9", "Cases other than children in need"),
        ("N0", "Not stated"),
    ),
    "ReasonForClosure": _list(
        ("RC1", "Adopted"),
        ("RC2", "Died"),
        ("RC3", "Child arrangements order"),
        ("RC4", "Special guardianship order"),
        ("RC5", "Transferred to services of another local authority"),
        ("RC6", "Transferred to adult social care services"),
        ("RC7", "Services ceased for any other reason, including child no longer in need"),
        ("RC8", "Case closed after assessment, no further action"),
        ("RC9", "Case closed after assessment, referred to early help"),
    ),
    "AssessmentFactors": _list(
        ("1A", "Alcohol misuse - by the child"),
        ("1B", "Alcohol misuse - by the parent(s)/carer(s)"),
        ("1C", "Alcohol misuse - by another person living in the household"),
        ("2A", "Drug misuse - by the child"),
        ("2B", "Drug misuse - by the parent(s)/carer(s)"),
        ("2C", "Drug misuse - by another person living in the household"),
        ("3A", "Domestic abuse - the child is the subject"),
        ("3B", "Domestic abuse - the parent(s)/carer(s) are the subject"),
        ("3C", "Domestic abuse - another person living in the household is the subject"),
        ("4A", "Mental health - of the child"),
        ("4B", "Mental health - of the parent(s)/carer(s)"),
        ("4C", "Mental health - of another person in the family/household"),
        ("5A", "Learning disability - of the child"),
        ("5B", "Learning disability - of the parent(s)/carer(s)"),
        ("5C", "Learning disability - of another person in the family/household"),
        ("6A", "Physical disability or illness - of the child"),
        ("6B", "Physical disability or illness - of the parent(s)/carer(s)"),
        ("6C", "Physical disability or illness - of another person in the family/household"),
        ("7A", "Young carer"),
        ("8B", "Privately fostered - overseas children who intend to return"),
        ("8C", "Privately fostered - overseas children who intend to stay"),
        ("8D", "Privately fostered - UK children in educational placements"),
        ("8E", "Privately fostered - UK children making alternative family arrangements"),
        ("8F", "Privately fostered - other"),
        ("9A", "Unaccompanied asylum-seeking child"),
        ("10A", "Going/being missing"),
        ("11A", "Child sexual exploitation"),
        ("12A", "Trafficking"),
        ("13A", "Gangs"),
        ("14A", "Socially unacceptable behaviour"),
        ("15A", "Self-harm"),
        ("16A", "Abuse or neglect - neglect"),
        ("17A", "Abuse or neglect - emotional abuse"),
        # 18A/19A were split into child-on-child / adult-on-child codes; the DfE
        # still accepts them by exception, so they stay valid (labelled legacy).
        ("18A", "Abuse or neglect - physical abuse (legacy code)"),
        ("18B", "Abuse or neglect - physical abuse, child on child"),
        ("18C", "Abuse or neglect - physical abuse, adult on child"),
        ("19A", "Abuse or neglect - sexual abuse (legacy code)"),
        ("19B", "Abuse or neglect - sexual abuse, child on child"),
        ("19C", "Abuse or neglect - sexual abuse, adult on child"),
        ("20", "Other"),
        ("21", "No factors identified"),
        ("22A", "Female genital mutilation"),
        ("23A", "Abuse linked to faith or belief"),
        ("24A", "Child criminal exploitation"),
    ),
    "CategoryOfAbuse": _list(
        ("NEG", "Neglect"),
        ("PHY", "Physical abuse"),
        ("SAB", "Sexual abuse"),
        ("EMO", "Emotional abuse"),
        ("MUL", "Multiple/not recommended"),
    ),
    "Disability": _list(
        ("NONE", "No disability"),
        ("MOB", "Mobility"),
        ("HAND", "Hand function"),
        ("PC", "Personal care"),
        ("INC", "Incontinence"),
        ("COMM", "Communication"),
        ("LD", "Learning"),
        ("HEAR", "Hearing"),
        ("VIS", "Vision"),
        ("BEH", "Behaviour"),
        ("CON", "Consciousness"),
        ("AUT", "Autism"),
        ("DDA", "Other"),
    ),
    "Ethnicity": _list(
        ("WBRI", "White British"),
        ("WIRI", "White Irish"),
        ("WIRT", "Traveller of Irish heritage"),
        ("WOTH", "Any other White background"),
        ("WROM", "Gypsy/Roma"),
        ("MWBC", "White and Black Caribbean"),
        ("MWBA", "White and Black African"),
        ("MWAS", "White and Asian"),
        ("MOTH", "Any other mixed background"),
        ("AIND", "Indian"),
        ("APKN", "Pakistani"),
        ("ABAN", "Bangladeshi"),
        ("AOTH", "Any other Asian background"),
        ("BCRB", "Caribbean"),
        ("BAFR", "African"),
        ("BOTH", "Any other Black background"),
        ("CHNE", "Chinese"),
        ("OOTH", "Any other ethnic group"),
        ("REFU", "Refused"),
        ("NOBT", "Information not yet obtained"),
    ),
    "GenderCurrent": _list(
        ("1", "Male", None, SEX_FIRST_YEAR - 1),
        ("2", "Female", None, SEX_FIRST_YEAR - 1),
        ("0", "Not recorded or unborn", None, SEX_FIRST_YEAR - 1),
        ("9", "Indeterminate", None, SEX_FIRST_YEAR - 1),
    ),
    "Sex": _list(
        ("M", "Male", SEX_FIRST_YEAR),
        ("F", "Female", SEX_FIRST_YEAR),
        ("U", "Unknown (including unborn)", SEX_FIRST_YEAR),
    ),
    "UPNunknown": _list(
        ("UN1", "Child is not of school age and has not yet been given a UPN"),
        ("UN2", "Child has never attended a maintained school in England"),
        ("UN3", "Child is educated outside England"),
        ("UN4", "UPN not yet known"),
        ("UN5", "Sources collating UPNs reflect discrepancy"),
        ("UN6", "UN6 (wording not found in the public material)"),
        ("UN7", "Referral with no further action"),
    ),
    # Codeset CS131 of the 2026-27 census; its wording was not in the public material.
    "PPOutcome": _list(
        ("A", "Pre-proceedings outcome A", PRE_PROCEEDINGS_FIRST_YEAR),
        ("B", "Pre-proceedings outcome B", PRE_PROCEEDINGS_FIRST_YEAR),
        ("C", "Pre-proceedings outcome C", PRE_PROCEEDINGS_FIRST_YEAR),
    ),
}

# Both category-of-abuse elements share one list.
LISTS["InitialCategoryOfAbuse"] = LISTS["LatestCategoryOfAbuse"] = LISTS["CategoryOfAbuse"]

# GenderCurrent (to 2023-24) and Sex (from 2024-25) in the canonical M/F/U.
GENDER_TO_SEX = {"1": "M", "2": "F", "0": "U", "9": "U"}


def codes(field: str, year: int | None = None) -> dict[str, str]:
    """Code -> label of the codes valid in `year` (all years when None)."""
    return {c.code: c.label_in(year) for c in LISTS[field].values() if c.valid_in(year)}


def label(field: str, code: str, year: int | None = None) -> str | None:
    c = LISTS[field].get(code)
    return c.label_in(year) if c else None


def known(field: str) -> frozenset[str]:
    """Every code the list has held in any year."""
    return frozenset(LISTS[field])


def valid_in(field: str, code: str, year: int | None) -> bool:
    c = LISTS[field].get(code)
    return bool(c and c.valid_in(year))
