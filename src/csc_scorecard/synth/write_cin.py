"""The CIN census XML for one LA and collection year.

What goes in follows the DfE census rules as the sector's validator checks
them: every child with a CIN episode open at any time in the year; within an
episode, assessments authorised in the year or still open at 31 March (and
started in the year), Section 47 enquiries whose conference was in the year
(or that ended without one, or are still waiting for one, having started in
the year), and CIN and CP plans open at any time in the year, with all their
reviews to date. Dates after 31 March are not known yet and are left out.
Sex is GenderCurrent (1/2, 0 unborn) until 2023-24 and Sex (M/F, U unborn)
from 2024-25.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from .model import CinEpisode, LaHistory


@lru_cache(maxsize=None)
def iso(o: int) -> str:
    return date.fromordinal(o).isoformat()


def header(la: str, year: int) -> str:
    return (f"<Header><CollectionDetails><Collection>CIN</Collection><Year>{year}</Year>"
            f"<ReferenceDate>{year}-03-31</ReferenceDate></CollectionDetails>"
            f"<Source><SourceLevel>L</SourceLevel><LEA>{la}</LEA><SoftwareCode>csc-scorecard synth</SoftwareCode>"
            f"<Release>1</Release><SerialNo>001</SerialNo><DateTime>{year}-05-15T09:00:00</DateTime></Source>"
            "</Header>")


def child_blocks(la: LaHistory, year: int) -> list[tuple[str, str]]:
    """(child id, the child's XML) for every child in the year's census, in a stable order."""
    s = date(year - 1, 4, 1).toordinal()
    e = date(year, 3, 31).toordinal()
    new_sex = year >= 2025
    out = []
    for child in la.children:
        eps = [ep for ep in child.episodes if ep.referral <= e and (ep.closure is None or ep.closure >= s)]
        if not eps:
            continue
        unborn = child.dob > e
        ident = [f"<LAchildID>{child.id}</LAchildID>"]
        if child.upn and e - child.dob >= 5 * 365:
            ident.append(f"<UPN>{child.upn}</UPN>")
        else:
            ident.append(f"<UPNunknown>{'UN2' if child.uasc else 'UN1'}</UPNunknown>")
        if unborn:
            ident.append(f"<ExpectedPersonBirthDate>{iso(child.dob)}</ExpectedPersonBirthDate>")
            ident.append("<Sex>U</Sex>" if new_sex else "<GenderCurrent>0</GenderCurrent>")
        else:
            ident.append(f"<PersonBirthDate>{iso(child.dob)}</PersonBirthDate>")
            if new_sex:
                ident.append(f"<Sex>{child.sex}</Sex>")
            else:
                ident.append(f"<GenderCurrent>{'1' if child.sex == 'M' else '2'}</GenderCurrent>")
        dis = "".join(f"<Disability>{d}</Disability>" for d in child.disabilities)
        parts = [f"<Child><ChildIdentifiers>{''.join(ident)}</ChildIdentifiers><ChildCharacteristics>"
                 f"<Ethnicity>{child.ethnicity}</Ethnicity><Disabilities>{dis}</Disabilities>"
                 "</ChildCharacteristics>"]
        for ep in eps:
            parts.append(_details(ep, s, e))
        parts.append("</Child>")
        out.append((child.id, "".join(parts)))
    return out


def _details(ep: CinEpisode, s: int, e: int) -> str:
    p = [f"<CINdetails><CINreferralDate>{iso(ep.referral)}</CINreferralDate>"
         f"<ReferralSource>{ep.source}</ReferralSource>"]
    if ep.need:
        p.append(f"<PrimaryNeedCode>{ep.need}</PrimaryNeedCode>")
    if ep.closure is not None and ep.closure <= e:
        p.append(f"<CINclosureDate>{iso(ep.closure)}</CINclosureDate><ReasonForClosure>{ep.reason}</ReasonForClosure>")
    for a in ep.assessments:
        if a.start > e:
            continue
        done = a.auth is not None and a.auth <= e
        if done and a.auth >= s:
            factors = "".join(f"<AssessmentFactors>{f}</AssessmentFactors>" for f in a.factors)
            p.append(f"<Assessments><AssessmentActualStartDate>{iso(a.start)}</AssessmentActualStartDate>"
                     f"<AssessmentAuthorisationDate>{iso(a.auth)}</AssessmentAuthorisationDate>"
                     f"<FactorsIdentifiedAtAssessment>{factors}</FactorsIdentifiedAtAssessment></Assessments>")
        elif not done and a.start >= s:
            p.append(f"<Assessments><AssessmentActualStartDate>{iso(a.start)}</AssessmentActualStartDate>"
                     "</Assessments>")
    for plan in ep.cin_plans:
        if plan.start <= e and (plan.end is None or plan.end >= s):
            end = f"<CINPlanEndDate>{iso(plan.end)}</CINPlanEndDate>" if plan.end is not None and plan.end <= e else ""
            p.append(f"<CINPlanDates><CINPlanStartDate>{iso(plan.start)}</CINPlanStartDate>{end}</CINPlanDates>")
    for x in ep.s47s:
        if x.start > e:
            continue
        held = x.icpc is not None and x.icpc <= e
        if (held and x.icpc >= s) or (x.not_required and x.start >= s) or (not held and not x.not_required
                                                                            and x.start >= s):
            icpc = f"<DateOfInitialCPC>{iso(x.icpc)}</DateOfInitialCPC>" if held else ""
            p.append(f"<Section47><S47ActualStartDate>{iso(x.start)}</S47ActualStartDate>"
                     f"<InitialCPCtarget>{iso(x.target)}</InitialCPCtarget>{icpc}"
                     f"<ICPCnotRequired>{'1' if x.not_required else '0'}</ICPCnotRequired></Section47>")
    p.append(f"<ReferralNFA>{'1' if ep.nfa else '0'}</ReferralNFA>")
    for plan in ep.cp_plans:
        if plan.start <= e and (plan.end is None or plan.end >= s):
            end = f"<CPPendDate>{iso(plan.end)}</CPPendDate>" if plan.end is not None and plan.end <= e else ""
            reviews = [r for r in plan.reviews if r <= e]
            rv = ("<Reviews>" + "".join(f"<CPPreviewDate>{iso(r)}</CPPreviewDate>" for r in reviews)
                  + "</Reviews>") if reviews else ""
            p.append(f"<ChildProtectionPlans><CPPstartDate>{iso(plan.start)}</CPPstartDate>{end}"
                     f"<InitialCategoryOfAbuse>{plan.initial}</InitialCategoryOfAbuse>"
                     f"<LatestCategoryOfAbuse>{plan.latest}</LatestCategoryOfAbuse>"
                     f"<NumberOfPreviousCPP>{plan.previous}</NumberOfPreviousCPP>{rv}</ChildProtectionPlans>")
    p.append("</CINdetails>")
    return "".join(p)


def cin_xml(la_code: str, year: int, blocks: list[tuple[str, str]]) -> str:
    body = "".join(b for _, b in blocks)
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<Message>{header(la_code, year)}<Children>{body}'
            "</Children></Message>\n")
