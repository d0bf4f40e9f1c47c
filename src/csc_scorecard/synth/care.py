"""A period of care, as the SSDA903 records it.

The period's outcome (return home, special guardianship, adoption, care until
18, …) and length are drawn first, from the child's age and route into care.
Then the legal statuses (court timetable: interim care order, then a full care
order or a placement order) and the placements (an early move from an
emergency placement, moves at a child-specific rate, long-term matches with
the same carers, a move to supported accommodation at 17, placement for
adoption) are laid out as dated changes, and the changes become episodes:
each one starts the day the previous one ends (REC X1) with the RNE the
change implies (L, P, T, B, U). Reviews, missing episodes and the adoption
records follow from the same timeline.
"""

from __future__ import annotations

import math
from datetime import date

from .model import Episode, Period
from .rates import PARTICIPATION, PLACE_CHANGE, SEX_ADOPTR, Choice

# Age (years) of children starting care, England-like.
START_AGE = Choice({0: 19, 1: 5, 2: 4, 3: 4, 4: 3.5, 5: 3, 6: 3, 7: 3, 8: 3, 9: 3, 10: 3.5, 11: 4, 12: 5,
                    13: 6.5, 14: 8, 15: 9, 16: 7.5, 17: 5})

OUTCOMES_BY_AGE = [  # (age below, outcome weights)
    (1, Choice({"adopt": 40, "sgo": 20, "home": 22, "eighteen": 11, "other": 7})),
    (5, Choice({"adopt": 26, "sgo": 23, "home": 30, "eighteen": 13, "other": 8})),
    (10, Choice({"adopt": 2, "sgo": 18, "home": 40, "eighteen": 32, "other": 8})),
    (13, Choice({"sgo": 9, "home": 45, "eighteen": 38, "other": 8})),
    (16, Choice({"sgo": 3, "home": 48, "eighteen": 40, "other": 9})),
    (99, Choice({"home": 30, "eighteen": 62, "other": 8})),
]
REC_HOME = Choice({"E4A": 72, "E13": 20, "E4B": 8})
REC_SGO = Choice({"E45": 45, "E46": 18, "E47": 8, "E48": 7, "E41": 22})
REC_OTHER = Choice({"E8": 60, "E3": 25, "E16": 5, "E9": 5, "E13": 5})
REC_AT_18 = Choice({"E17": 22, "E5": 38, "E6": 7, "E8": 16, "E7": 3, "E4A": 9, "E13": 5})
MOVE_CLASS = Choice({0.07: 64, 0.45: 27, 2.6: 9})  # placement moves a year
FOSTER = ("U1", "U2", "U3", "U4", "U5", "U6")
ADOPTION = ("A3", "A4", "A5", "A6")
# Supported accommodation: H5 until 2023-24, K3 (registered supported accommodation) from 1 April 2024.
# An H5 placement still open then is reported as K3 from the 2024-25 return on, as DfE asked and as the
# sector validator allows (rule 503D): the same episode recoded, not a new one (write_903.py). H5 had no
# Ofsted URN, and the recoded episode keeps none, so it matches last year's (rule 503F).
SEMI_INDEPENDENT_FROM = date(2024, 4, 1).toordinal()
NO_URN = ("P1", "P2", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z1")  # no Ofsted registration


def first_placement(rng, age: float, route: str, on: int) -> str:
    if route == "uasc":
        return _semi(on) if age >= 16 else ("U6" if rng.random() < 0.85 else "K2")
    if age < 1:
        return "U6" if rng.random() < 0.72 else ("U3" if rng.random() < 0.75 else "R3")
    if age < 10:
        return "U6" if rng.random() < 0.7 else ("U3" if rng.random() < 0.93 else "K2")
    if age < 16:
        u = rng.random()
        return "U6" if u < 0.55 else ("U3" if u < 0.7 else ("K2" if u < 0.98 else "K1"))
    u = rng.random()
    return "U6" if u < 0.32 else ("U3" if u < 0.42 else ("K2" if u < 0.62 else _semi(on)))


def _semi(on: int) -> str:
    return "K3" if on >= SEMI_INDEPENDENT_FROM else "H5"


def next_placement(rng, age: float, on: int, current: str) -> str:
    if age >= 16 and rng.random() < 0.35:
        return _semi(on)
    if age >= 11 and rng.random() < (0.3 if current in ("K2", "K1") else 0.18):
        return "K2"
    if rng.random() < 0.15:
        return "U3"
    return "U6"


def provider(rng, place: str) -> str:
    if place in ("U1", "U2", "U3"):
        return "PR1" if rng.random() < 0.9 else "PR4"
    if place in ("U4", "U5", "U6"):
        u = rng.random()
        return "PR1" if u < 0.55 else ("PR4" if u < 0.93 else "PR5")
    if place == "K2":
        u = rng.random()
        return "PR4" if u < 0.75 else ("PR1" if u < 0.95 else "PR5")
    if place in ("H5", "K3"):
        u = rng.random()
        return "PR4" if u < 0.7 else ("PR5" if u < 0.9 else "PR1")
    if place == "K1":
        return "PR1" if rng.random() < 0.5 else "PR2"
    if place == "R3":
        return "PR4" if rng.random() < 0.6 else "PR5"
    if place in ("A5", "A6", "A3", "A4"):
        u = rng.random()
        return "PR1" if u < 0.7 else ("PR2" if u < 0.9 else "PR5")
    if place == "P1":
        return "PR0"
    return "PR4"


def urn(rng, place: str) -> str:
    if place in NO_URN or place == "H5":
        return ""
    return f"SC{rng.randint(10000, 999999):06d}"


def may_be_care_leaver(sim, child, period: Period) -> bool:
    """Could this young person be in a care leavers (OC3) cohort in a collection year?"""
    if period.end is None or period.rec in ("E11", "E12", "E3", "E2"):
        return period.end is None
    return period.end >= sim.birthday(child, 16) and sim.birthday(child, 22) > sim.out_start


def simulate_period(sim, child, start: int, route: str, need: str) -> Period:
    rng = sim.rng_care
    sim.note_care_start(start)
    period = Period(start)
    period.uasc = route == "uasc"
    child.periods.append(period)
    age = (start - child.dob) / 365.25
    b18 = sim.birthday(child, 18)
    for below, choice in OUTCOMES_BY_AGE:
        if age < below:
            outcome = choice(rng)
            break
    if route == "uasc":
        outcome = "eighteen" if rng.random() < 0.88 else "other"

    # --- legal status timeline ----------------------------------------------------
    legal: list[tuple[int, str]] = []
    if route == "emergency":
        first = "L1" if rng.random() < 0.7 else "L2"
        legal.append((start, first))
        after = start + (rng.randint(1, 3) if first == "L1" else rng.randint(5, 8))
        ls = "C1" if rng.random() < 0.65 else "V2"
        legal.append((after, ls))
    elif route == "uasc":
        legal.append((start, "V2"))
        ls = "V2"
    else:
        ls = ("C1" if rng.random() < 0.55 else "V2") if age < 16 else ("C1" if rng.random() < 0.15 else "V2")
        legal.append((start, ls))
    court_from = legal[-1][0]
    if ls == "V2" and (outcome in ("adopt", "sgo") or (outcome == "eighteen" and age < 15 and rng.random() < 0.4)):
        court_from = legal[-1][0] + rng.randint(20, 150)
        legal.append((court_from, "C1"))
        ls = "C1"
    final_hearing = None
    if ls == "C1":
        final_hearing = court_from + rng.randint(150, 380)

    # --- outcome and end ---------------------------------------------------------------
    rec = ""
    plan_adoption = None
    if outcome == "home":
        days = rng.randint(1, 12) if rng.random() < 0.12 else int(rng.lognormvariate(math.log(150), 0.9))
        end = start + max(1, days)
        if final_hearing and end > final_hearing:
            legal.append((final_hearing, "C2"))
        rec = REC_HOME(rng)
    elif outcome == "sgo":
        end = (final_hearing or start + 300) + rng.randint(0, 240)
        if final_hearing and end > final_hearing + 1:
            legal.append((final_hearing, "C2"))
        rec = REC_SGO(rng)
    elif outcome == "adopt":
        plan_adoption = _adoption_plan(rng, start, final_hearing or start + 300)
        if plan_adoption["reversed"]:
            legal.append((plan_adoption["order"], "C2"))
            outcome = "sgo" if rng.random() < 0.5 else "eighteen"
            end = plan_adoption["order"] + rng.randint(90, 500) if outcome == "sgo" else b18
            rec = REC_SGO(rng) if outcome == "sgo" else ""
        else:
            legal.append((plan_adoption["order"], "E1"))
            end = plan_adoption["adopted"]
            rec = "E11" if rng.random() < 0.7 else "E12"
    elif outcome == "eighteen":
        end = b18
        if final_hearing and final_hearing < end - 1:
            legal.append((final_hearing, "C2"))
    else:
        days = int(rng.lognormvariate(math.log(320), 0.8))
        end = start + max(7, days)
        if final_hearing and end > final_hearing:
            legal.append((final_hearing, "C2"))
        rec = REC_OTHER(rng)
        if route == "uasc":
            rec = "E15" if rng.random() < 0.4 else "E8"
        if rec == "E9" and age < 12:
            rec = "E8"
    if end >= b18:
        end, outcome = b18, "eighteen"
    if not rec or outcome == "eighteen":
        rec = REC_AT_18(rng) if end == b18 else (rec or "E8")
    if end <= start:
        end = start + 1
    legal = legal[:1] + [(d, s) for d, s in legal[1:] if d < end]

    # --- placements ----------------------------------------------------------------------
    place = first_placement(rng, age, route, start)
    changes: list[tuple[int, int, str, str]] = []  # (date, order, kind, value)
    for d, s in legal[1:]:
        changes.append((d, 0, "legal", s))
    if plan_adoption and not plan_adoption["reversed"]:
        ffa = plan_adoption["ffa"]
        if ffa:
            place = "U5"
            changes.append((plan_adoption["placed"], 1, "type", "A5"))
        else:
            changes.append((plan_adoption["placed"], 1, "move", "A6"))
        placed_at = plan_adoption["placed"]
    else:
        placed_at = end
    # an early move from an emergency or short-notice placement
    if rng.random() < 0.32 and route != "uasc":
        changes.append((start + rng.randint(5, 100), 1, "move", ""))
    rate = MOVE_CLASS(rng) * sim.p.moves * (1.4 if age >= 11 else 1.0)
    t = float(start)
    while True:
        t += rng.expovariate(rate / 365.25)
        if t >= placed_at:
            break
        changes.append((int(t), 1, "move", ""))
    if outcome in ("eighteen", "other") and age < 15 and rng.random() < 0.55:
        changes.append((start + rng.randint(300, 900), 2, "longterm", ""))
    if outcome == "eighteen" and rng.random() < 0.4:
        changes.append((sim.birthday(child, 17) + rng.randint(0, 200), 1, "move", "SEMI"))
    if outcome == "home" and end - start > 400 and rng.random() < 0.3:
        changes.append((end - rng.randint(60, 240), 1, "move", "P1"))
    changes = sorted(c for c in changes if start < c[0] < end and c[0] <= sim.horizon)

    home = child.home_post
    cur_ls = legal[0][1]
    by = provider(rng, place)
    ep = Episode(start, "S", cur_ls, need, place, by, _pl_post(sim, rng, place, by, home), urn(rng, place), home)
    period.episodes.append(ep)
    i = 0
    while i < len(changes):
        day = changes[i][0]
        new_ls, new_place, carers_changed, type_changed = cur_ls, ep.place, False, False
        while i < len(changes) and changes[i][0] == day:
            _, _, kind, value = changes[i]
            i += 1
            if kind == "legal":
                new_ls = value
            elif kind == "move":
                age_now = (day - child.dob) / 365.25
                if value == "SEMI":
                    value = _semi(day)
                new_place = value or next_placement(rng, age_now, day, ep.place)
                carers_changed = True
                if new_place == "P1" and new_ls not in ("C1", "C2"):  # home on trial needs a care order
                    new_place = "U3"
            elif kind == "type" and not carers_changed:
                new_place, type_changed = value, True
            elif kind == "longterm" and not carers_changed and new_place in ("U6", "U3"):
                new_place, type_changed = ("U4" if new_place == "U6" else "U1"), True
        legal_changed = new_ls != cur_ls
        if not (legal_changed or carers_changed or type_changed):
            continue
        if carers_changed:
            rne = "B" if legal_changed else "P"
        elif type_changed:
            rne = "U" if legal_changed else "T"
        else:
            rne = "L"
        ep.dec, ep.rec = day, "X1"
        if carers_changed:
            ep.rpc = PLACE_CHANGE(rng)
        elif type_changed:
            ep.rpc = "PLACE"
        if carers_changed:
            by = provider(rng, new_place)
            nxt = Episode(day, rne, new_ls, need, new_place, by, _pl_post(sim, rng, new_place, by, home),
                          urn(rng, new_place), home)
        else:
            nxt = Episode(day, rne, new_ls, need, new_place, ep.provider, ep.pl_post,
                          ep.urn if not type_changed else urn(rng, new_place), home)
        period.episodes.append(nxt)
        ep, cur_ls = nxt, new_ls
    if end <= sim.horizon:
        if ep.place not in FOSTER:  # these endings need foster carers
            rec = {"E45": "E47", "E46": "E48", "E17": "E5"}.get(rec, rec)
        ep.dec, ep.rec = end, rec
        period.end, period.rec = end, rec

    _reviews(sim, rng, child, period)
    _missing(sim, rng, child, period, age)
    _previous_permanence(sim, rng, child, period)
    _social_workers(sim, rng, child, period)
    if plan_adoption:
        _adoption_records(sim, rng, period, plan_adoption)
    return period


def _pl_post(sim, rng, place: str, by: str, home: str) -> str:
    """Placed with parents: at home. The LA's own homes and units (PR1, not foster carers or adopters) are
    in the LA, as DfE rule 1015 expects. Others: near or far (postcodes.py)."""
    if place == "P1":
        return home
    if by == "PR1" and place not in FOSTER and place not in ADOPTION:
        return sim.postcodes.home(rng)
    return sim.placement_postcode(rng, home)


def _adoption_plan(rng, start: int, order_from: int) -> dict:
    decision = start + rng.randint(120, 330)
    order = max(decision + rng.randint(10, 120), order_from)
    reversed_ = rng.random() < 0.1
    match = order + rng.randint(40, 300)  # England: ~4 months from placement order to match
    placed = match + rng.randint(5, 35)
    adopted = placed + rng.randint(120, 330)
    return {"decision": decision, "order": order, "match": match, "placed": placed, "adopted": adopted,
            "reversed": reversed_, "ffa": rng.random() < 0.15,
            "reversed_on": decision + rng.randint(30, max(31, order - decision)) if reversed_ else None}


def _adoption_records(sim, rng, period: Period, plan: dict) -> None:
    horizon = sim.horizon
    if plan["decision"] > horizon:
        return
    if plan["reversed"]:
        ceased = plan["reversed_on"]
        reason = "RD2" if rng.random() < 0.3 else ("RD1" if rng.random() < 0.5 else "RD4")
        period.decisions.append((plan["decision"], ceased if ceased <= horizon else None,
                                 reason if ceased <= horizon else ""))
        return
    done = period.rec in ("E11", "E12")
    period.decisions.append((plan["decision"], None, ""))
    if done:
        sex = SEX_ADOPTR(rng)
        single = sex in ("M1", "F1")
        if single:
            ls = "L0"
        elif sex == "MF":
            ls = "L11" if rng.random() < 0.8 else "L3"
        else:
            ls = "L12" if rng.random() < 0.6 else "L4"
        period.adoption = (plan["decision"], plan["match"], 1 if plan["ffa"] else 0,
                           1 if single else 2, sex, ls)


def _reviews(sim, rng, child, period: Period) -> None:
    wd = sim.wd
    end = period.end if period.end is not None else sim.horizon + 1
    due = wd.add(period.start, 20)
    on_time = 0.95
    prev = period.start
    first = True
    while True:
        if rng.random() < on_time:
            day = wd.on_or_after(max(prev + 1, due - rng.randint(0, 12 if first else 25)))
            if day > due:
                day = due
        else:
            day = wd.on_or_after(due + rng.randint(1, 30))
        if day >= end or day > sim.horizon:
            break
        age = (day - child.dob) / 365.25
        period.reviews.append((day, "PN0" if age < 4 else PARTICIPATION(rng)))
        prev = day
        due = _add_months(day, 3 if first else 6)
        first = False


def _add_months(o: int, months: int) -> int:
    d = date.fromordinal(o)
    m = d.month - 1 + months
    y, m = d.year + m // 12, m % 12 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(y, m, day).toordinal()
        except ValueError:
            continue
    raise AssertionError


def _missing(sim, rng, child, period: Period, age: float) -> None:
    end = period.end if period.end is not None else sim.horizon
    prone = 0.55 if age >= 13 else (0.2 if age >= 10 else 0.02)
    if rng.random() >= prone * sim.p.missing:
        return
    rate = rng.choice((1.0, 2.0, 4.0, 8.0)) / 365.25
    t = float(period.start)
    last_end = period.start
    episodes = period.episodes
    while True:
        t += rng.expovariate(rate)
        day = int(t)
        if day >= end or day > sim.horizon:
            break
        if day <= last_end:
            continue
        kind = "M" if rng.random() < 0.75 else "A"
        back = day + (rng.randint(0, 2) if rng.random() < 0.85 else rng.randint(3, 20))
        # a missing period ends by the time the placement it started from ends
        for ep in episodes:
            if ep.decom <= day and (ep.dec is None or day < ep.dec):
                if ep.dec is not None and back >= ep.dec:
                    back = ep.dec - 1 if ep.dec - 1 >= day else day
                break
        period.missing.append((kind, day, back if back <= sim.horizon else None))
        last_end = back


PREV_PERM = Choice({"Z1": 93, "P2": 3, "P3": 2, "P1": 1, "P4": 1})
SW_REASON = Choice({"MANAGE": 20, "LEFTRL": 25, "ORGRST": 10, "TSPROC": 25, "ABSENC": 5, "CHCHAN": 3,
                    "PCCHAN": 2, "OTHERS": 10})


def _previous_permanence(sim, rng, child, period: Period) -> None:
    code = PREV_PERM(rng)
    if code == "Z1":
        return
    age_days = period.start - child.dob
    if age_days < 800:
        return
    when = date.fromordinal(child.dob + rng.randint(180, age_days - 400))
    la = sim.p.code if rng.random() < 0.6 else rng.choice(("302", "308", "208", "999"))
    shown = when.strftime("%d/%m/%Y") if code != "P4" else f"ZZ/ZZ/{when.year}"
    period.prev_perm = (code, la, shown)


def _social_workers(sim, rng, child, period: Period) -> None:
    """Social worker allocations while looked after (903 SWEpisodes, collected from 2023-24)."""
    end = period.end if period.end is not None else sim.horizon + 1
    t = period.start
    reason = "FCONTA"
    for earlier in child.periods[:-1]:  # a new period of care: the last allocation ends now
        if earlier.social_workers and earlier.social_workers[-1][2] is None:
            sw_id, start, _, why = earlier.social_workers[-1]
            earlier.social_workers[-1] = (sw_id, start, t, why)
            reason = "CHCHAN"
    while True:
        nxt = t + rng.randint(90, 420)
        sw = f"SWX{rng.randint(0, 99999):05d}"
        if nxt >= end or nxt > sim.horizon:
            # The latest allocation is left open, as the DfE rules expect (SW11b, SW17): the 903
            # records who the child's social worker is, not when the case closed.
            period.social_workers.append((sw, t, None, reason))
            break
        period.social_workers.append((sw, t, nxt, reason))
        t, reason = nxt, SW_REASON(rng)
