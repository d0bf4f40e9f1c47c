"""One referral's journey through children's social care (the CIN census side).

A referral opens a CIN episode. Most are assessed; some lead to a Section 47
enquiry, an initial child protection conference and a child protection plan;
others to a child in need plan; a few to care (care.py). The episode closes
when the work ends, with the reason the CIN census asks for. Plans never
overlap: a CIN plan ends before a CP plan starts and starts the day after one
ends, as the DfE validation rules require.
"""

from __future__ import annotations

import math

from . import care
from .model import Assessment, CinEpisode, CinPlan, CpPlan, Section47
from .rates import CATEGORY, FACTORS, PRIMARY_NEED, REFERRAL_SOURCE, Choice

REFERRAL_SOURCE_UASC = Choice({"7": 40, "5C": 25, "6": 20, "8": 15})
source = REFERRAL_SOURCE
need = PRIMARY_NEED
MAX_STAGES = 12


def _factors(rng, n: int | None = None) -> tuple[str, ...]:
    n = n or (1 + (rng.random() < 0.6) + (rng.random() < 0.35) + (rng.random() < 0.15))
    return tuple(sorted({FACTORS(rng) for _ in range(n)}, key=_factor_key))


def _factor_key(code: str) -> tuple[int, str]:
    digits = "".join(c for c in code if c.isdigit())
    return int(digits), code


def history_assessment(sim, ep: CinEpisode, before: int) -> None:
    """The assessment of a child who came into care before our referral stream began."""
    rng = sim.rng_care
    start = ep.referral
    auth = min(before, sim.wd.add(start, max(1, int(sim.assess_days(rng)))))
    ep.assessments.append(Assessment(start, auth, _factors(rng)))


def run_episode(sim, child, day: int, route: str) -> CinEpisode:
    rng = sim.rng
    p = sim.p
    wd = sim.wd
    horizon = sim.horizon
    ep = CinEpisode(day, REFERRAL_SOURCE_UASC(rng) if route == "uasc" else source(rng), "")
    child.episodes.append(ep)
    child.last_referral = day
    b18 = sim.birthday(child, 18)
    pressure = sim.care_pressure(day)

    if route != "uasc" and rng.random() < p.nfa:
        ep.nfa = True
        _close(ep, day, "RC7", horizon)
        child.busy_until = day
        return ep

    ep.need = "N8" if route == "uasc" else need(rng)
    # The assessment starts on the day of the referral or within a few working days.
    a_start = day if rng.random() < 0.6 else wd.add(day, rng.randint(1, 5))
    auth = wd.add(a_start, max(1, round(sim.assess_days(rng))))
    assessment = Assessment(a_start, auth, ())
    ep.assessments.append(assessment)
    end_of_assessment = auth

    if route == "uasc":
        assessment.factors = ("9A",) + _factors(rng, 1)
        period = care.simulate_period(sim, child, day, "uasc", ep.need)
        after_care(sim, child, ep, period)
        return ep

    # Emergency: police protection or an emergency protection order at the start.
    if rng.random() < 0.012 * pressure and child.dob <= day:
        assessment.factors = _factors(rng)
        period = care.simulate_period(sim, child, day + rng.randint(0, 2), "emergency", ep.need)
        after_care(sim, child, ep, period)
        return ep

    stage, t = "assessed", end_of_assessment
    s47_first = rng.random() < p.s47_rate * 0.9
    if s47_first:
        # the enquiry starts with or soon after the assessment, never before it
        s_start = a_start if rng.random() < 0.5 else wd.add(a_start, rng.randint(1, 3))
        stage, t = _section47(sim, child, ep, s_start, first=True)
        if stage != "cp":  # a plan starts at the conference, whatever the assessment is doing
            t = max(t, end_of_assessment)
    not_in_need = p.not_in_need / max(0.3, (1 - p.nfa) * (1 - p.s47_rate * p.icpc_rate * p.plan_rate))
    if stage == "assessed":
        if rng.random() < not_in_need:
            closure = max(t, end_of_assessment)
            if rng.random() < 0.3 and not ep.s47s and len(ep.assessments) == 1:
                assessment.factors = ("21",)
            else:
                assessment.factors = _factors(rng)
            ep.need = "N9" if rng.random() < 0.3 else ep.need
            if ep.s47s:  # RC8/RC9 mean "closed after assessment": not after an enquiry
                reason = "RC7"
            else:
                reason = "RC9" if rng.random() < 0.4 else "RC8"
            _close(ep, closure, reason, horizon)
            child.busy_until = ep.closure if ep.closure is not None else math.inf
            return ep
        stage = "cin" if rng.random() < 0.75 else "services"
        t = max(t, end_of_assessment)
    if not assessment.factors:
        assessment.factors = _factors(rng)

    for _ in range(MAX_STAGES):
        if t >= horizon or stage == "open":
            break
        if t >= b18:
            _close(ep, b18, "RC6" if child.disabilities != ("NONE",) and rng.random() < 0.5 else "RC7", horizon)
            break
        if stage == "cp":
            stage, t = _cp_plan(sim, child, ep, t, b18, pressure)
        elif stage == "cin":
            stage, t = _cin_plan(sim, child, ep, t, b18, pressure)
        elif stage == "services":  # assessed as in need, services without a plan
            t2 = t + rng.randint(10, 120)
            if rng.random() < 0.03 * pressure:
                stage, t = "care", t2
            else:
                _close(ep, min(t2, b18), "RC7", horizon)
                break
        elif stage == "s47":
            stage, t = _section47(sim, child, ep, t, first=False)
            if stage == "assessed":
                stage = "cin" if rng.random() < 0.6 else "close"
        elif stage == "care":
            start = max(t, child.dob + rng.randint(0, 3))
            if start >= b18 - 30:
                _close(ep, min(t, b18), "RC7", horizon)
                break
            period = care.simulate_period(sim, child, start, "cin", ep.need)
            after_care(sim, child, ep, period)
            return ep
        elif stage == "close":
            _close(ep, min(t + rng.randint(0, 20), b18), "RC7", horizon)
            break
    child.busy_until = ep.closure if ep.closure is not None else math.inf
    return ep


def _last_activity(ep: CinEpisode) -> int:
    last = ep.referral
    for a in ep.assessments:
        last = max(last, a.auth if a.auth is not None else a.start)
    for x in ep.s47s:
        last = max(last, x.icpc if x.icpc is not None else x.start)
    for plan in (*ep.cin_plans, *ep.cp_plans):
        last = max(last, plan.end if plan.end is not None else 10**9)
    return last


def _close(ep: CinEpisode, on: int, reason: str, horizon: int) -> None:
    """Close on `on`, or when the last piece of work in the episode finishes if that is later."""
    on = max(on, _last_activity(ep))
    if on <= horizon:
        ep.closure = on
        ep.reason = reason


def _section47(sim, child, ep: CinEpisode, start: int, first: bool) -> tuple[str, int]:
    """A Section 47 enquiry; returns the next stage and when it begins."""
    rng = sim.rng
    p = sim.p
    wd = sim.wd
    start = wd.on_or_after(start) if rng.random() < 0.9 else start
    if not first:
        # a later enquiry comes with a fresh assessment (the earlier one may be in another year's return)
        last = ep.assessments[-1]
        if last.auth is not None and last.auth < start:
            auth = wd.add(start, max(1, round(sim.assess_days(rng))))
            ep.assessments.append(Assessment(start, auth, _factors(rng)))
    target = wd.add(start, 15)
    if rng.random() < p.icpc_rate and child.dob - start < 150:
        icpc = wd.add(start, max(1, round(sim.icpc_days(rng))))
        s47 = Section47(start, target, icpc, False)
        ep.s47s.append(s47)
        if rng.random() < p.plan_rate:
            return "cp", icpc
        return "assessed", icpc
    # no conference needed: decided within the enquiry's few working days
    ep.s47s.append(Section47(start, target, None, True))
    return "assessed", wd.add(start, rng.randint(2, 12))


def _cp_plan(sim, child, ep: CinEpisode, start: int, b18: int, pressure: float) -> tuple[str, int]:
    rng = sim.rng
    p = sim.p
    wd = sim.wd
    plan = CpPlan(start, CATEGORY(rng), child.prior_cpp + child.cp_count)
    child.cp_count += 1
    ep.cp_plans.append(plan)
    # Length: mostly 3-18 months, a long tail past two years.
    months = rng.lognormvariate(math.log(p.cp_months * 0.75), 0.68)  # ~4% last two years or more
    until = start + int(months * 30.4)
    goes_to_care = rng.random() < 0.1 * pressure
    if goes_to_care:
        until = start + rng.randint(20, int(months * 30.4) + 30)
    # Reviews: first within 3 months, then every 6 months; each held on time with the LA's rate.
    on_time = p.cp_review_on_time
    review = start
    gap_due = 91
    end = None
    while True:
        due = review + gap_due
        if rng.random() < on_time:
            nxt = wd.on_or_after(due - rng.randint(3, 25))
            if nxt > due:
                nxt = wd.add(due - 7, 1)
        else:
            nxt = wd.on_or_after(due + rng.randint(1, 35))
        if nxt <= review:
            nxt = wd.add(review, 1)
        if goes_to_care and until <= nxt:
            end = until
            break
        if nxt > sim.horizon or nxt >= b18:
            break
        plan.reviews.append(nxt)
        review = nxt
        gap_due = 182
        if nxt >= until:
            end = nxt
            break
    if rng.random() < 0.1:
        plan.latest = CATEGORY(rng)
    if end is None:
        if b18 <= sim.horizon and (not plan.reviews or plan.reviews[-1] < b18):
            plan.end = b18 - 1 if b18 - 1 > start else None
            return ("close", b18 - 1) if plan.end else ("open", sim.horizon)
        return "open", sim.horizon
    if end <= start:
        end = start + 1
    plan.end = end if end <= sim.horizon else None
    if plan.end is None:
        return "open", sim.horizon
    if goes_to_care:
        return "care", end
    return ("cin", end + 1) if rng.random() < 0.55 else ("close", end)


def _cin_plan(sim, child, ep: CinEpisode, start: int, b18: int, pressure: float) -> tuple[str, int]:
    rng = sim.rng
    length = min(720, int(rng.lognormvariate(math.log(150), 0.6)))
    end = start + max(14, length)
    u = rng.random()
    nxt = "close"
    if u < 0.035 * pressure:
        nxt = "care"
        end = start + rng.randint(14, max(15, length))
    elif u < 0.035 * pressure + 0.08:
        nxt = "s47"
    if end >= b18:
        end, nxt = b18 - 1, "close"
    if end <= start:
        end = start + 1
    plan = CinPlan(start, end if end <= sim.horizon else None)
    ep.cin_plans.append(plan)
    if plan.end is None:
        return "open", sim.horizon
    return nxt, end


def after_care(sim, child, ep: CinEpisode, period) -> None:
    """Close the CIN episode once the period of care has ended, for the reason the ending implies."""
    ep.period = period
    rng = sim.rng_care
    horizon = sim.horizon
    if period.end is None:
        child.busy_until = math.inf
        return
    rec, end = period.rec, period.end
    b18 = sim.birthday(child, 18)
    if rec in ("E11", "E12"):
        _close(ep, end, "RC1", horizon)
        child.busy_until = math.inf  # an adopted child has a new family and a new identity
        return
    elif rec == "E41":
        _close(ep, end, "RC3", horizon)
    elif rec in ("E45", "E46", "E47", "E48"):
        _close(ep, end, "RC4", horizon)
    elif rec == "E3":
        _close(ep, end, "RC5", horizon)
    elif rec == "E7":
        _close(ep, end, "RC6", horizon)
    elif rec in ("E4A", "E4B", "E13") and end < b18 - 120 and rng.random() < 0.45:
        # home with a child in need plan for a while
        plan_end = min(b18 - 1, end + 1 + rng.randint(60, 270))
        ep.cin_plans.append(CinPlan(end + 1, plan_end if plan_end <= horizon else None))
        _close(ep, plan_end + rng.randint(0, 14), "RC7", horizon)
    else:
        _close(ep, end + rng.randint(0, 10) if end < b18 - 10 else end, "RC7", horizon)
    child.busy_until = ep.closure if ep.closure is not None else math.inf
