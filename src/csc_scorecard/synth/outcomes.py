"""Year-end outcomes: OC2 (looked after 12 months at 31 March) and OC3 (care leavers).

Cohorts follow the DfE definitions as the sector's validator applies them:

* OC2: looked after on 31 March, continuously since 1 April (no period started
  after 1 April or ended before 31 March).
* OC3: young people whose 17th-21st birthday fell in the year and who were
  "relevant" or "former relevant": looked after for at least 13 weeks since
  their 14th birthday, some of it after their 16th. Seventeen- and
  eighteen-year-olds are left out while still looked after on the birthday or
  when they left care after it (rules 1007 and 1016). Adopted young people,
  and those whose care passed to another LA, are never care leavers here.
"""

from __future__ import annotations

from datetime import date

from .rates import Choice

ACCOM_SUITABLE = Choice({"U": 30, "Z": 9, "D": 14, "E": 6, "B": 14, "K": 3, "T": 3, "Y": 6, "C": 2})
ACCOM_UNSUITABLE = Choice({"S": 25, "V": 20, "W": 15, "X": 20, "K": 10, "B": 10})
EET = Choice({"F1": 12, "P1": 2, "F2": 30, "P2": 6, "F4": 5, "P4": 2, "F5": 32, "P5": 11})
NEET = Choice({"G4": 22, "G5": 60, "G6": 18})
NOT_IN_TOUCH = Choice({"NO": 55, "REFU": 25, "NREQ": 12, "RHOM": 8})


def year_outcomes(sim) -> None:
    rng = sim.rng_out
    p = sim.p
    for year in range(sim.la.first_year, sim.la.last_year + 1):
        start = date(year - 1, 4, 1).toordinal()
        end = date(year, 3, 31).toordinal()
        for child in sim.people.children:
            if not child.periods:
                continue
            _oc2(sim, rng, p, child, year, start, end)
            _oc3(sim, rng, p, child, year, start, end)


def _oc2(sim, rng, p, child, year: int, start: int, end: int) -> None:
    for period in child.periods:
        if period.start <= start and (period.end is None or period.end >= end):
            age = (end - child.dob) / 365.25
            under5 = sim.birthday(child, 5) > end
            # An SDQ score, or the reason there is none, for children 4-16 (rules 188, 189, 197B); the
            # validator accepts no "SDQ1" (outside the ages) inside that range, so it is never used.
            if sim.birthday(child, 4) > end or sim.birthday(child, 17) < start:
                sdq = ("", "")
            elif rng.random() < 0.8:
                sdq = (min(40, max(0, round(rng.gauss(p.sdq_mean, 6.5)))), "")
            else:
                sdq = ("", rng.choice(("SDQ2", "SDQ3", "SDQ4", "SDQ5")))
            convicted = int(rng.random() < p.convicted) if age >= 10 else ""
            misuse = int(age >= 11 and rng.random() < 0.05)
            received = (1 if rng.random() < 0.6 else 0) if misuse else ""
            offered = ("" if received == 1 else (1 if rng.random() < 0.7 else 0)) if misuse else ""
            period.oc2[year] = (
                sdq[0], sdq[1], convicted,
                (1 if rng.random() < 0.88 else 0) if under5 else "",
                int(rng.random() < p.immunisations), int(rng.random() < p.teeth_check),
                int(rng.random() < p.health_assessment), misuse, received, offered)
            return


def _oc3(sim, rng, p, child, year: int, start: int, end: int) -> None:
    for age in (17, 18, 19, 20, 21):
        bday = sim.birthday(child, age)
        if start <= bday <= end:
            break
    else:
        return
    last = child.periods[-1]
    if last.rec in ("E11", "E12", "E3", "E2"):
        return
    b14, b16 = sim.birthday(child, 14), sim.birthday(child, 16)
    days_since_14 = 0
    after_16 = False
    for period in child.periods:
        p_end = period.end if period.end is not None else end
        days_since_14 += max(0, min(p_end, bday) - max(period.start, b14))
        after_16 = after_16 or p_end > b16
    if days_since_14 < 91 or not after_16:
        return
    if last.end is None or last.end > bday:
        return
    if age <= 18 and last.end >= bday:  # left care on or after the birthday: not yet a care leaver here
        return
    band_eet = p.eet_17_18 if age <= 18 else p.eet_19_21
    if rng.random() < p.in_touch:
        in_touch = "YES"
        activ = EET(rng) if rng.random() < band_eet / p.in_touch else NEET(rng)
        suitable = rng.random() < p.suitable / p.in_touch  # England's share counts everyone in the band
        letter = ACCOM_SUITABLE(rng) if suitable else ACCOM_UNSUITABLE(rng)
        if letter == "Z" and age == 17:
            letter = "U"
        accom = letter + ("1" if suitable else "2")
    else:
        in_touch = NOT_IN_TOUCH(rng)
        activ, accom = "0", "0"

    last.leaver[year] = (in_touch, activ, accom)
