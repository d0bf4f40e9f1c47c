"""The Ofsted Annex A workbook (Lists 1-11) at the end of the last collection year.

Headers and values follow the Ofsted template as LAs fill it in (the labels
carry the template's letter prefixes, "b) Female", "q) 6: Police"); dates are
real Excel dates. The extract date is 31 March; "the last six months" is
October-March and Lists 10-11 look back twelve months. Contacts that did not
become referrals, early help and adopters are not in the simulated history:
they are drawn here from their own seeded stream. Allocated teams and workers
come from the child's allocation history (allocation.py), the same as the local
allocation extract; workers are "Worker 0301", never names.
"""

from __future__ import annotations

import random
from datetime import date, datetime
from pathlib import Path

import xlsxwriter

from .allocation import Allocations
from .model import LaHistory
from .postcodes import placement_la

ETHNIC_ORDER = ["WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN",
                "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"]
ETHNIC = {c: f"{chr(97 + i)}) {c}" for i, c in enumerate(ETHNIC_ORDER)}
SOURCES = [("1A", "Individual"), ("1B", "Individual"), ("1C", "Individual"), ("1D", "Individual"),
           ("2A", "Schools"), ("2B", "Education services"), ("3A", "Health services"), ("3B", "Health services"),
           ("3C", "Health services"), ("3D", "Health services"), ("3E", "Health services"),
           ("3F", "Health services"), ("4", "Housing"), ("5A", "LA services"), ("5B", "LA services"),
           ("5C", "LA services"), ("6", "Police"), ("7", "Other legal agency"), ("8", "Other"), ("9", "Anonymous"),
           ("10", "Unknown")]
SOURCE = {c: f"{chr(97 + i)}) {c}: {d}" for i, (c, d) in enumerate(SOURCES)}
SOURCE["5D"] = "5D: LA services"  # early help: newer than the template's lettered list
NEED = {"N1": "N1 - Abuse or neglect", "N2": "N2 - Child's disability", "N3": "N3 - Parental disability or illness",
        "N4": "N4 - Family in acute stress", "N5": "N5 - Family dysfunction",
        "N6": "N6 - Socially unacceptable behaviour", "N7": "N7 - Low income", "N8": "N8 - Absent parenting",
        "N9": "N9 - Cases other than children in need"}
CLOSURE = {"RC1": "a) Adopted", "RC2": "b) Died", "RC3": "c) Child arrangements order",
           "RC4": "d) Special guardianship order", "RC5": "e) Transferred to services of another local authority",
           "RC6": "f) Transferred to adult social care services",
           "RC7": "g) Services ceased for any other reason, including child no longer in need",
           "RC8": "h) Case closed after assessment, no further action",
           "RC9": "i) Case closed after assessment, referred to early help"}
ABUSE = {"NEG": "a) Neglect", "PHY": "b) Physical abuse", "SAB": "c) Sexual abuse", "EMO": "d) Emotional abuse",
         "MUL": "e) Multiple"}
LEGAL = {"C1": "C1: Interim care order", "C2": "C2: Full care order", "E1": "E1: Placement order",
         "V2": "V2: Single period of accommodation under section 20", "L1": "L1: Police protection",
         "L2": "L2: Emergency protection order", "J1": "J1: Remanded to LA accommodation"}
PLACE = {"U1": "a) U1: Foster placement - relatives - long term", "U2": "b) U2: Foster placement - relatives - FFA",
         "U3": "c) U3: Foster placement - relatives - not long term or FFA",
         "U4": "d) U4: Foster placement - other - long term", "U5": "e) U5: Foster placement - other - FFA",
         "U6": "f) U6: Foster placement - not FFA", "A5": "g) A5: Placed for adoption with placement order - "
         "with current foster carer", "A6": "h) A6: Placed for adoption with placement order - not with current "
         "foster carer", "K1": "i) K1: Secure children's home", "K2": "j) K2: Children's home",
         "K3": "k) K3: Registered supported accommodation", "H5": "l) H5: Semi-independent living",
         "P1": "m) P1: Placed with own parents", "R3": "n) R3: Family centre or mother and baby unit"}
PROVIDER = {"PR0": "a) PR0 - Parents", "PR1": "b) PR1 - Own provision", "PR2": "c) PR2 - Other LA provision",
            "PR3": "d) PR3 - Other public provision", "PR4": "e) PR4 - Private provision",
            "PR5": "f) PR5 - Voluntary/third sector provision"}
REC = {"E11": "E11: Adopted - unopposed", "E12": "E12: Adopted - consent dispensed",
       "E4A": "E4A: Returned home to parents - planned", "E4B": "E4B: Returned home to parents - not planned",
       "E13": "E13: Left care to live with parents or relatives without parental responsibility",
       "E41": "E41: Child arrangements order", "E45": "E45: SGO - former foster carers relatives",
       "E46": "E46: SGO - former foster carers", "E47": "E47: SGO - other relatives",
       "E48": "E48: SGO - other", "E5": "E5: Independent living with support", "E6": "E6: Independent living",
       "E7": "E7: Adult social care", "E8": "E8: Other reason", "E3": "E3: Care taken over by another LA",
       "E9": "E9: Sentenced to custody", "E14": "E14: Remand ended", "E15": "E15: Age assessed as 18+",
       "E16": "E16: Moved abroad", "E17": "E17: Remained with carers aged 18+ (staying put)"}
ACCOM = {"B": "B: With parents or relatives", "C": "C: Community home", "D": "D: Semi-independent",
         "E": "E: Supported lodgings", "K": "K: Ordinary lodgings", "S": "S: No fixed abode",
         "T": "T: Foyers", "U": "U: Independent living", "V": "V: Emergency accommodation",
         "W": "W: Bed and breakfast", "X": "X: In custody", "Y": "Y: Other accommodation",
         "Z": "Z: With former foster carers"}
ACTIV = {"F1": "F1: Full time in higher education", "P1": "P1: Part time in higher education",
         "F2": "F2: Full time in education other than higher", "P2": "P2: Part time in education other than higher",
         "F4": "F4: Full time apprenticeship", "P4": "P4: Part time apprenticeship",
         "F5": "F5: Full time training or employment", "P5": "P5: Part time training or employment",
         "G4": "G4: NEET - illness or disability", "G5": "G5: NEET - other", "G6": "G6: NEET - pregnancy or parenting"}
COMMON = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age"]
DISABLED = "Does the Child have a Disability"
TEAM, WORKER = "Allocated Team", "Allocated Worker"


def write_annex_a(la: LaHistory, year: int, path: Path, *, seed: int, defects: list[str] = (),
                  log: list[dict] | None = None, allocations: Allocations | None = None) -> Path:
    rng = random.Random(f"{seed}:{la.code}:{year}:annex-a")
    e = date(year, 3, 31).toordinal()
    s6 = date(year - 1, 10, 1).toordinal()
    s12 = date(year - 1, 4, 1).toordinal()
    lists = _lists(la, rng, allocations or Allocations(la, seed), s6, s12, e)
    if defects:
        from .defects import apply_annex_a

        lists = apply_annex_a(rng, lists, defects, log)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path), {"in_memory": True, "strings_to_numbers": False})
    wb.set_properties({"created": datetime(year, 4, 10, 9, 0, 0), "title": f"Annex A - {la.name}"})
    bold = wb.add_format({"bold": True})
    day = wb.add_format({"num_format": "dd/mm/yyyy"})
    for name, (headers, rows) in lists.items():
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, headers, bold)
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, date):
                    ws.write_datetime(r, c, datetime(value.year, value.month, value.day), day)
                else:
                    ws.write(r, c, value)
    wb.close()
    return path


def _d(o: int | None) -> date | None:
    return date.fromordinal(o) if o is not None else None


def _person(child, on: int) -> list:
    unborn = child.dob > on
    gender = "c) Not stated/recorded" if unborn else ("a) Male" if child.sex == "M" else "b) Female")
    age = "" if unborn else round((on - child.dob) / 365.25, 2)
    return [child.id, gender, ETHNIC[child.ethnicity], _d(child.dob), age]


def _yes(flag: bool) -> str:
    return "a) Yes" if flag else "b) No"


def _disabled(child) -> str:
    return _yes(child.disabilities != ("NONE",))


def _worker(rng, alloc: Allocations, teams: int, child, *days: int) -> list:
    """The team and worker holding the child's case on the first of ``days`` it is held (the
    extract date first, then the list's own event), else blank: not known, as in the extract.
    The draws of the former random allocation (a team of ``teams``, a worker) are kept, so that the
    lists' other values are the same as before."""
    if teams:
        rng.randint(1, teams)
    rng.randint(1, 400)
    for day in days:
        held = alloc.at(child.id, day)
        if held:
            return list(held)
    return [None, None]


def _lists(la: LaHistory, rng, alloc: Allocations, s6: int, s12: int,
           e: int) -> dict[str, tuple[list[str], list[list]]]:
    l1, l2, l3, l4, l5, l6, l7, l8, l9, l10 = ([] for _ in range(10))
    referral_count = 0
    for child in la.children:
        refs = [ep.referral for ep in child.episodes]
        for ep in child.episodes:
            if s6 <= ep.referral <= e:
                referral_count += 1
                l1.append(_person(child, e) + [_d(ep.referral - (rng.random() < 0.3)), SOURCE[ep.source]])
                earlier = sum(1 for r in refs if ep.referral - 365 <= r < ep.referral)
                l3.append(_person(child, e) + [_d(ep.referral), SOURCE[ep.source], "Yes" if ep.nfa else "No",
                                               earlier]
                          + _worker(rng, alloc, 4, child, e, ep.referral))
                if ep.reason == "RC9" and ep.closure is not None and ep.closure + 20 <= e:
                    l2.append(_person(child, e) + [_d(ep.closure + rng.randint(1, 20)), None,
                                                   f"Early Help Locality {rng.randint(1, 4)}"])
            for a in ep.assessments:
                if a.start <= e and (a.auth is None or a.auth >= s6):
                    done = a.auth is not None and a.auth <= e
                    needs = "" if not done else ("No" if ep.reason in ("RC8", "RC9") else "Yes")
                    l4.append(_person(child, e) + [_disabled(child), _d(a.start), "Yes", _d(a.auth) if done else None,
                                                   needs]
                              + _worker(rng, alloc, 4, child, e, a.start))
            for x in ep.s47s:
                if s6 <= x.start <= e:
                    held = x.icpc is not None and x.icpc <= e
                    plan = any(p.start == x.icpc for p in ep.cp_plans) if held else None
                    n47 = sum(1 for y in _all_s47(child) if x.start - 365 <= y.start <= x.start)
                    nicpc = sum(1 for y in _all_s47(child) if y.icpc and x.start - 365 <= y.icpc <= x.start + 60)
                    l5.append(_person(child, e) + [_disabled(child), _d(x.start), "Yes" if x.not_required else "No",
                                                   _d(x.icpc) if held else None,
                                                   "" if plan is None else ("Yes" if plan else "No"), n47, nicpc]
                              + _worker(rng, alloc, 3, child, e, x.start))
            open_now = ep.closure is None or ep.closure > e
            if ep.referral <= e and (open_now or ep.closure >= s6) and not ep.nfa and ep.assessments:
                status = _case_status(ep, e)
                l6.append(_person(child, e) + [_disabled(child), _d(ep.referral), NEED.get(ep.need, ""),
                                               _d(min(e, max(ep.referral, e - rng.randint(0, 40)))),
                                               None if open_now else _d(ep.closure),
                                               None if open_now else CLOSURE.get(ep.reason, ""), status]
                          + _worker(rng, alloc, 3, child, e,
                                    (ep.closure - 1) if ep.closure is not None else e))
            for plan in ep.cp_plans:
                if plan.start <= e and (plan.end is None or plan.end >= s6):
                    ended = plan.end is not None and plan.end <= e
                    reviews = [r for r in plan.reviews if r <= e]
                    visit = e - (rng.randint(0, 14) if rng.random() < 0.85 else rng.randint(15, 40))
                    l7.append(_person(child, e) + [
                        _disabled(child), _d(plan.start), ABUSE[plan.initial], ABUSE[plan.latest],
                        _d(max(plan.start, visit)), _yes(rng.random() < 0.7), _d(reviews[-1]) if reviews else None,
                        _d(plan.end) if ended else None, "b) No", plan.previous]
                        + _worker(rng, alloc, 3, child, e,
                                  (plan.end - 1) if plan.end is not None else e))
        for period in child.periods:
            _list8(l8, rng, alloc, child, period, s6, s12, e, la.code)
            _list10(l10, rng, child, period, s12, e)
        _list9(l9, rng, alloc, child, e)
    _extra_contacts(l1, rng, la, s6, e, referral_count)
    l1 = sorted({tuple(row): row for row in l1}.values(), key=lambda row: (row[5], row[0]))  # no repeated rows
    return {
        "List 1": (COMMON + ["Date of Contact", "Contact Source"], l1),
        "List 2": (COMMON + ["Assessment start date", "Assessment completion date",
                             "Organisation completing assessment"], l2),
        "List 3": (COMMON + ["Date of Referral", "Referral Source", "Referral NFA?",
                             "Number of Referrals in Last 12 Months", TEAM, WORKER], l3),
        "List 4": (COMMON + [DISABLED, "Continuous Assessment Start Date", "Child Seen During Continuous Assessment",
                             "Continuous Assessment Date of Authorisation",
                             "Was the child assessed as requiring LA children's social care support?", TEAM, WORKER],
                   l4),
        "List 5": (COMMON + [DISABLED, "Strategy discussion initiating Section 47 Enquiry Start Date",
                             "Was an Initial Child Protection Conference deemed unnecessary?",
                             "Date of Initial Child Protection Conference",
                             "Did the Initial Child Protection Conference Result in a Child Protection Plan",
                             "Number of Section 47 Enquiries in the last 12 months",
                             "Number of ICPCs in the last 12 months", TEAM, WORKER], l5),
        "List 6": (COMMON + [DISABLED, "CIN Start Date", "Primary Need Code", "Date Child Was Last Seen",
                             "CIN Closure Date", "Reason for Closure", "Case Status", TEAM, WORKER], l6),
        "List 7": (COMMON + [DISABLED, "Child Protection Plan Start Date", "Initial Category of Abuse",
                             "Latest Category of Abuse", "Date of the Last Statutory Visit",
                             "Was the Child Seen Alone?", "Date of latest review conference",
                             "Child Protection Plan End Date",
                             "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six "
                             "Months (Y/N)", "Number of Previous Child Protection Plans", TEAM, WORKER], l7),
        "List 8": (LIST8_HEADERS, l8),
        "List 9": (COMMON + ["Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
                             DISABLED, TEAM, WORKER, "Allocated Personal Advisor", "Eligibility Category",
                             "Latest Pathway Plan Review Date", "LA in Touch", "Latest Date of Contact",
                             "Type of Accommodation", "Suitability of Accommodation", "Activity Status"], l9),
        "List 10": (LIST10_HEADERS, l10),
        "List 11": (LIST11_HEADERS, _adopters(rng, l10, s12, e)),
    }


def _all_s47(child):
    for ep in child.episodes:
        yield from ep.s47s


def _case_status(ep, e: int) -> str:
    if ep.period is not None and ep.period.start <= e and (ep.period.end is None or ep.period.end > e):
        return "a) Looked after child"
    if any(p.start <= e and (p.end is None or p.end > e) for p in ep.cp_plans):
        return "b) Child Protection plan"
    if any(p.start <= e and (p.end is None or p.end > e) for p in ep.cin_plans):
        return "c) Child in need plan"
    if ep.closure is not None and ep.closure <= e:
        return "e) Closed episode"
    return "d) Open assessment"


LIST8_HEADERS = COMMON + [
    "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))", DISABLED,
    "Date Started to be Looked After", "Child's Category of Need",
    "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
    "Start date of current legal status", "Child's Legal Status", "Date of Latest Statutory Review",
    "Date of Last Social Work Visit", "What is the permanence plan for this child?",
    "Date of Last IRO Visit / Contact to the Child", "Date of Last Health Assessment", "Date of Last Dental Check",
    "Number of Placements in the Last 12 months", "Date Ceased to be Looked After", "Reason Ceased to be Looked After",
    "Start Date of Most Recent Placement", "Placement Type", "Placement Provider", "Placement postcode",
    "URN of Placement", "Placement Location", "LA of Placement",
    "Number of Episodes the Child has been ‘Missing’ from their Placement in the last 12 months",
    "Number of Episodes the Child has been ‘Absent’ from their Placement in the last 12 months",
    "Was the child offered a Return Interview after their last missing episode (Y/N)?",
    "Did the child accept a Return Interview after their last missing episode (Y/N)?", TEAM, WORKER]


def _list8(rows, rng, alloc: Allocations, child, period, s6: int, s12: int, e: int, own_la: str) -> None:
    if period.start > e or (period.end is not None and period.end < s6):
        return
    eps = [ep for ep in period.episodes if ep.decom <= e]
    current = eps[-1]
    ceased = period.end is not None and period.end <= e
    legal_start = current.decom
    for ep in reversed(eps):
        if ep.ls != current.ls:
            break
        legal_start = ep.decom
    place_start = max(ep.decom for ep in eps if ep.rne in ("S", "P", "B"))
    placements = sum(1 for ep in eps if ep.rne in ("S", "P", "B") and e - 365 < ep.decom <= e)
    placements += any(ep.decom <= e - 365 and (ep.dec is None or ep.dec > e - 365) for ep in eps)
    reviews = [d for d, _ in period.reviews if d <= e]
    missing = [m for m in period.missing if e - 365 < m[1] <= e]
    plan = {"E1": "b) Adoption"}.get(current.ls) or ("f) Long-term fostering" if current.place in ("U1", "U4")
                                                     else "a) Return to family")
    earlier = any(p is not period and p.end is not None and period.start - 365 <= p.end < period.start
                  for p in child.periods)
    last = min(e, period.end or e)
    place = "K3" if current.place == "H5" and e >= date(2024, 4, 1).toordinal() else current.place
    placed_in = placement_la(current.pl_post)  # (DfE code, name) of the real postcode's LA
    location = None if placed_in is None else ("In LA" if placed_in[0] == own_la else "Out of LA")
    rows.append(_person(child, e) + [
        _yes(period.uasc), _disabled(child), _d(period.start), NEED.get(current.cin, ""), _yes(earlier),
        _d(legal_start), LEGAL.get(current.ls, current.ls), _d(reviews[-1]) if reviews else None,
        _d(max(period.start, last - (rng.randint(0, 40) if rng.random() < 0.88 else rng.randint(43, 100)))), plan,
        _d(max(period.start, last - rng.randint(0, 90))),
        _d(max(period.start, last - rng.randint(20, 330))), _d(max(period.start, last - rng.randint(20, 330))),
        placements, _d(period.end) if ceased else None, REC.get(period.rec, period.rec) if ceased else None,
        _d(place_start), PLACE.get(place, place), PROVIDER[current.provider], current.pl_post,
        current.urn or None, location, placed_in[1] if placed_in else None,
        sum(1 for m in missing if m[0] == "M"), sum(1 for m in missing if m[0] == "A"),
        ("Yes" if rng.random() < 0.9 else "No") if missing else None,
        ("Yes" if rng.random() < 0.6 else "No") if missing else None]
        + _worker(rng, alloc, 3, child, e,
                  (period.end - 1) if period.end is not None else e))


def _list9(rows, rng, alloc: Allocations, child, e: int) -> None:
    if not child.periods:
        return
    last = child.periods[-1]
    age = (e - child.dob) / 365.25
    if not 16 <= age < 21 or last.rec in ("E11", "E12", "E3") or last.end is None or last.end > e:
        return
    if last.end < child.dob + int(16 * 365.25) or not last.leaver and age >= 19:
        return
    in_touch, activ, accom = last.leaver.get(max(last.leaver), ("YES", "F2", "U1")) if last.leaver \
        else ("YES", "F5", "D1")
    touching = in_touch == "YES"
    rows.append(_person(child, e) + [
        _yes(last.uasc), _disabled(child), *_worker(rng, alloc, 0, child, e),
        f"Adviser {rng.randint(1, 60):03d}", "b) Former relevant child",
        _d(e - rng.randint(0, 200)), _yes(touching), _d(e - rng.randint(0, 60)) if touching else None,
        ACCOM.get(accom[:1]) if touching and accom not in ("", "0") else None,
        ("a) Suitable" if accom.endswith("1") else "b) Not suitable") if touching and accom not in ("", "0") else None,
        ACTIV.get(activ) if touching else None])


LIST10_HEADERS = [
    "Child Unique ID", "Family identifier", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)", DISABLED,
    "Date the Child Entered Care", "Date of Decision that Child Should be Placed for Adoption",
    "Date of Placement Order", "Date of Matching Child and Prospective Adopters", "Date Placed for Adoption",
    "Date of Adoption Order", "Date of Decision that Child Should No Longer be Placed for Adoption",
    "Reason Why Child No Longer Placed for Adoption",
    "Date the child was placed for fostering in FFA or concurrent planning placement"]
REVERSAL = {"RD1": "a) RD1: Child's needs changed", "RD2": "b) RD2: Court did not make a placement order",
            "RD3": "c) RD3: Prospective adopters cannot be found", "RD4": "d) RD4: Any other reason"}


def _list10(rows, rng, child, period, s12: int, e: int) -> None:
    for decided, ceased, reason in period.decisions:
        adopted = period.rec in ("E11", "E12") and period.end is not None and s12 <= period.end <= e
        recent = s12 <= decided <= e or (ceased is not None and s12 <= ceased <= e) or adopted
        if decided > e or not recent:
            continue
        order = next((ep.decom for ep in period.episodes if ep.ls == "E1"), None)
        placed = next((ep.decom for ep in period.episodes if ep.place in ("A5", "A6")), None)
        match = period.adoption[1] if period.adoption else (placed - rng.randint(5, 30) if placed else None)
        ffa = next((ep.decom for ep in period.episodes if ep.place == "U5"), None)
        person = _person(child, e)
        rows.append([child.id, f"F{child.id}", person[1], person[2], person[3], int(person[4] or 0),
                     _disabled(child), _d(period.start), _d(decided),
                     _d(order) if order and order <= e else None, _d(match) if match and match <= e else None,
                     _d(placed) if placed and placed <= e else None, _d(period.end) if adopted else None,
                     _d(ceased) if ceased and ceased <= e else None,
                     REVERSAL.get(reason) if ceased and ceased <= e else None, _d(ffa) if ffa and ffa <= e else None])


LIST11_HEADERS = [
    "Individual adopter identifier", "Family identifier", "Gender", "Ethnicity", "Disability",
    "Is the (prospective) adopter fostering for adoption?", "Date enquiry received", "Date Stage 1 started",
    "Date Stage 1 ended", "Date Stage 2 started", "Date Stage 2 ended", "Date application submitted",
    "Date application approved", "Date adopter matched with child(ren)", "Date child/children placed with adopter(s)",
    "No. of children placed", "Date of Adoption Order", "Date of leaving adoption process",
    "Reason for leaving adoption process"]


def _adopters(rng, list10: list[list], s12: int, e: int) -> list[list]:
    rows = []
    n = 0
    for child_row in list10:
        matched, placed, adopted = child_row[10], child_row[11], child_row[12]
        if matched is None:
            continue
        start = matched.toordinal() - rng.randint(200, 400)
        stages = [start + d for d in (0, 14, 75, 80, 180, 185, 200)]
        for _ in range(1 if rng.random() < 0.15 else 2):
            n += 1
            rows.append([f"A{n:05d}", child_row[1], "a) Male" if rng.random() < 0.45 else "b) Female",
                         ETHNIC[rng.choice(ETHNIC_ORDER[:18])], "b) No", "No"]
                        + [_d(o) for o in stages] + [matched, placed, 1, adopted, None, None])
    # prospective adopters still in the process, and some who left it
    for _ in range(max(2, len(rows) // 2)):
        n += 1
        start = rng.randint(s12, e - 30)
        left = rng.random() < 0.25
        rows.append([f"A{n:05d}", f"P{n:05d}", "a) Male" if rng.random() < 0.45 else "b) Female",
                     ETHNIC[rng.choice(ETHNIC_ORDER[:18])], "b) No", "No", _d(start), _d(min(e, start + 14)),
                     None, None, None, None, None, None, None, None, None,
                     _d(min(e, start + 40)) if left else None, "a) Withdrew" if left else None])
    return rows


def _extra_contacts(rows, rng, la: LaHistory, s6: int, e: int, referrals: int) -> None:
    """Contacts that did not become referrals: about 1.4 for every referral."""
    from .rates import ETHNICITY, REFERRAL_SOURCE

    known = [c for c in la.children if c.dob < e and e - c.dob < 18 * 365]
    for i in range(int(referrals * 1.4)):
        on = rng.randint(s6, e)
        if known and rng.random() < 0.5:
            child = rng.choice(known)
            person = _person(child, e)
        else:
            dob = on - rng.randint(30, 17 * 365)
            person = [f"{la.code}K{i:05d}", "a) Male" if rng.random() < 0.5 else "b) Female",
                      ETHNIC[ETHNICITY(rng)], _d(dob), round((e - dob) / 365.25, 2)]
        rows.append(person + [_d(on), SOURCE[REFERRAL_SOURCE(rng)]])
