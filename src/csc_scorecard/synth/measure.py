"""Headline indicators computed straight from a simulated history.

Used to calibrate the generator (tests and tools/) without going through the
readers and the store: the definitions follow ../shared/INDICATORS.md closely
enough to check that an LA comes out near the England values.
"""

from __future__ import annotations

import statistics
from datetime import date

from .model import LaHistory
from .workdays import WorkDays


def _pct(n: int, d: int) -> float | None:
    return round(100 * n / d, 1) if d else None


def measure(la: LaHistory, year: int, wd: WorkDays | None = None) -> dict[str, float | None]:
    s = date(year - 1, 4, 1).toordinal()
    e = date(year, 3, 31).toordinal()
    wd = wd or WorkDays(year - 25, year + 2)
    refs = rerefs = nfa = 0
    a_in = a_n = 0
    a_days: list[int] = []
    icpc_in = icpc_n = s47 = 0
    cp_start = cp_second = cp_open = 0
    cla_end = starts = ceased = three = adopted = 0
    stable_n = stable_in = 0
    looked_after_in_year = missing_children = 0
    rev_n = rev_in = oc2_n = oc2_health = oc3_n = oc3_eet = 0
    for child in la.children:
        prev_ref = None
        for ep in child.episodes:
            if s <= ep.referral <= e:
                refs += 1
                nfa += ep.nfa
                if prev_ref is not None and ep.referral - prev_ref <= 365:
                    rerefs += 1
            prev_ref = ep.referral
            for a in ep.assessments:
                if a.auth is not None and s <= a.auth <= e:
                    days = wd.between(a.start, a.auth)
                    a_n += 1
                    a_in += days <= 45
                    a_days.append(days)
            for x in ep.s47s:
                if s <= x.start <= e:
                    s47 += 1
                if x.icpc is not None and s <= x.icpc <= e:
                    icpc_n += 1
                    icpc_in += wd.between(x.start, x.icpc) <= 15
            for plan in ep.cp_plans:
                if s <= plan.start <= e:
                    cp_start += 1
                    cp_second += plan.previous > 0
                if plan.start <= e and (plan.end is None or plan.end > e):
                    cp_open += 1
                    if _add_months(plan.start, 3) <= e:
                        rev_n += 1
                        rev_in += _reviews_in_time(plan.start, [r for r in plan.reviews if r <= e], e)
        for period in child.periods:
            if period.start <= e and (period.end is None or period.end > e):
                cla_end += 1
                places = sum(1 for ep in period.episodes if s <= ep.decom <= e and ep.rne in ("S", "P", "B"))
                places += any(ep.decom < s and (ep.dec is None or ep.dec > s) for ep in period.episodes)
                three += places >= 3
                age = (e - child.dob) / 365.25
                if age < 16 and period.start <= e - 913:
                    stable_n += 1
                    last = max(ep.decom for ep in period.episodes if ep.rne in ("S", "P", "B") and ep.decom <= e)
                    stable_in += last <= e - 730
            if s <= period.start <= e:
                starts += 1
            if period.end is not None and s <= period.end <= e:
                ceased += 1
                adopted += period.rec in ("E11", "E12")
            if year in period.oc2:
                oc2_n += 1
                oc2_health += period.oc2[year][6] == 1
            leaver = period.leaver.get(year)
            if leaver is not None and e - child.dob >= 19 * 365:
                oc3_n += 1
                oc3_eet += leaver[1] in ("F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5")
            if period.start <= e and (period.end is None or period.end >= s):
                looked_after_in_year += 1
                missing_children += any(k == "M" and start <= e and (end is None or end >= s)
                                        for k, start, end in period.missing)
    return {
        "referrals": refs,
        "re_referrals_pct": _pct(rerefs, refs),
        "nfa_pct": _pct(nfa, refs),
        "assessments": a_n,
        "assessments_45wd_pct": _pct(a_in, a_n),
        "assessment_median_wd": statistics.median(a_days) if a_days else None,
        "s47": s47,
        "icpc_15wd_pct": _pct(icpc_in, icpc_n),
        "cp_started": cp_start,
        "cp_second_pct": _pct(cp_second, cp_start),
        "cp_open": cp_open,
        "cla_31_march": cla_end,
        "cla_started": starts,
        "cla_ceased": ceased,
        "cla_3_placements_pct": _pct(three, cla_end),
        "cla_long_term_stability_pct": _pct(stable_in, stable_n),
        "cla_missing_pct": _pct(missing_children, looked_after_in_year),
        "adoptions_of_ceased_pct": _pct(adopted, ceased),
        "cp_reviews_in_time_pct": _pct(rev_in, rev_n),
        "oc2_health_assessments_pct": _pct(oc2_health, oc2_n),
        "care_leavers_eet_19_21_pct": _pct(oc3_eet, oc3_n),
    }


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


def _reviews_in_time(start: int, reviews: list[int], end: int) -> bool:
    """INDICATORS.md cp-reviews-in-time: first within 3 months, then every 6, none overdue at the end."""
    if not reviews or reviews[0] > _add_months(start, 3):
        return False
    if any(b > _add_months(a, 6) for a, b in zip(reviews, reviews[1:])):
        return False
    return end <= _add_months(reviews[-1], 6)
