"""Run one local authority's history: who is referred when, and what follows.

The simulation has three layers, oldest first:

1. *Care history*: children who came into care up to 20 years before the
   first collection year (before the referral stream starts), so that the
   first years already have a realistic stock of long-term looked-after
   children and of care leavers aged 17-21.
2. *The referral stream*: referrals day by day from two years before the
   first collection year (a warm-up, so CIN and CP caseloads are in steady
   state) to the end of the last. Each referral's whole journey is drawn at
   once (journeys.py, care.py); a child cannot be referred again while an
   episode is open.
3. *Year outcomes*: OC2 and OC3 rows per collection year (outcomes.py).

Two gentle feedback loops keep the LA on its targets: the share of
re-referrals, and the number of children starting care each year.
"""

from __future__ import annotations

import math
import random
from datetime import date

from . import care, journeys, outcomes
from .model import CinEpisode, LaHistory
from .people import People
from .postcodes import LaPostcodes
from .rates import LaParams, assessment_days, icpc_days
from .workdays import WorkDays

YEAR = 365.25


def birthday(dob: int, years: int) -> int:
    d = date.fromordinal(dob)
    try:
        return date(d.year + years, d.month, d.day).toordinal()
    except ValueError:  # 29 February
        return date(d.year + years, 3, 1).toordinal()


class Sim:
    def __init__(self, params: LaParams, seed: int, first_year: int, last_year: int):
        self.p = params
        self.la = LaHistory(params.code, params.name, params, first_year, last_year)
        key = f"{seed}:{params.code}"
        self.rng = random.Random(f"{key}:referrals")
        self.rng_care = random.Random(f"{key}:care")
        self.rng_out = random.Random(f"{key}:outcomes")
        self.out_start = date(first_year - 1, 4, 1).toordinal()
        self.out_end = date(last_year, 3, 31).toordinal()
        self.cin_start = date(first_year - 3, 4, 1).toordinal()
        self.hist_start = date(first_year - 21, 4, 1).toordinal()
        self.horizon = self.out_end  # nothing after the last collection year is decided
        self.wd = WorkDays(first_year - 23, last_year + 3)
        self.postcodes = LaPostcodes(params.code, params.placed_far)
        self.people = People(random.Random(f"{key}:people"), params.code, self.postcodes.home)
        self.assess_days = assessment_days(params)
        self.icpc_days = icpc_days(params)
        # feedback state
        self.referrals_seen = 0
        self.rereferrals = 0
        self.care_starts = 0

    # -- helpers used by journeys and care ---------------------------------
    def birthday(self, child, years: int) -> int:
        return birthday(child.dob, years)

    def placement_postcode(self, rng: random.Random, home: str) -> str:
        return self.postcodes.placement(rng, home)

    def demand(self, on: int) -> float:
        """Demand multiplier on a day: 1 at the last year, changing by `trend` a year."""
        return (1 + self.p.trend) ** ((on - self.out_end) / YEAR)

    def care_pressure(self, on: int) -> float:
        """>1 when fewer children have started care than planned by now, <1 when more.

        A journey is drawn whole on the day of the referral, so starts are counted when they are
        decided, often months ahead; they are compared with the plan a few months ahead too (but
        never beyond the last day simulated, where decided starts stop being counted).
        """
        expected = self.p.cla_starts * (min(on + 120, self.horizon) - self.cin_start) / YEAR
        monthly = max(1.0, self.p.cla_starts / 12)
        return min(4.0, max(0.05, 1 + (expected - self.care_starts) / monthly))

    def note_care_start(self, start: int) -> None:
        if start >= self.cin_start:
            self.care_starts += 1

    # -- layer 1: care before the referral stream ------------------------------
    def care_history(self) -> None:
        rng = self.rng_care
        per_day = self.p.cla_starts / YEAR
        t = float(self.hist_start)
        while True:
            t += rng.expovariate(per_day * self.demand(int(t)))
            start = int(t)
            if start >= self.cin_start:
                break
            uasc = rng.random() < self.p.uasc_share
            if uasc:
                dob = self.people.uasc_dob(start)
            else:
                dob = start - int(care.START_AGE(rng) * YEAR + rng.random() * YEAR)
            # Only children still in care when the stream starts, or care leavers who will be
            # 17-21 in a collection year, matter; decide the rest cheaply and forget them.
            if birthday(dob, 22) < self.out_start:
                continue
            child = self.people.new(dob, uasc=uasc)
            referral = start - rng.randint(0, 40)
            ep = CinEpisode(referral, journeys.REFERRAL_SOURCE_UASC(rng) if uasc else journeys.source(rng),
                            "N8" if uasc else journeys.need(rng))
            child.episodes.append(ep)
            child.last_referral = referral
            journeys.history_assessment(self, ep, start)
            route = "uasc" if uasc else ("emergency" if rng.random() < 0.25 else "cin")
            period = care.simulate_period(self, child, start, route, ep.need)
            journeys.after_care(self, child, ep, period)
            if child.busy_until < self.out_start and not care.may_be_care_leaver(self, child, period):
                self.people.children.pop()  # never appears in any return

    # -- layer 2: referrals ----------------------------------------------------
    def referral_dates(self) -> list[int]:
        rng = self.rng
        days = []
        weights = []
        bank = self.wd
        for o in range(self.cin_start, self.out_end + 1):
            wday = (o - 1) % 7
            w = 1.0 if wday < 5 else (0.22 if wday == 5 else 0.15)
            if wday < 5 and not bank.is_working(o):
                w = 0.3
            d = date.fromordinal(o)
            if d.month == 8:
                w *= 0.85
            elif d.month == 12 and d.day >= 20:
                w *= 0.6
            days.append(o)
            weights.append(w * self.demand(o))
        # scaled so that the last year has the LA's referrals, with Poisson-like noise
        expected = sum(weights) * self.p.referrals / sum(weights[-365:])
        n = max(1, int(rng.gauss(expected, math.sqrt(expected))))
        picked = rng.choices(days, weights=weights, k=n)
        picked.sort()
        return picked

    def referrals(self) -> None:
        rng = self.rng
        recent: list = []  # (referral date, child), in date order
        head = 0
        people = self.people
        target = self.p.re_referral
        uasc_share = self.p.uasc_share * self.p.cla_starts / max(1.0, self.p.referrals)
        for day in self.referral_dates():
            while head < len(recent) and recent[head][0] < day - 365:
                head += 1
            if head > 4096:
                del recent[:head]
                head = 0
            child = None
            n = self.referrals_seen
            p_re = min(0.95, max(0.0, target * 1.1 + (target * n - self.rereferrals) * 0.02))
            if rng.random() < p_re and len(recent) > head:
                for _ in range(6):
                    cand = recent[rng.randrange(head, len(recent))][1]
                    if cand.busy_until < day and cand.dob < day and day < birthday(cand.dob, 17) \
                            and cand.last_referral < day:
                        child = cand
                        break
            if child is None and rng.random() < 0.16 and people.children:
                for _ in range(4):
                    cand = people.children[rng.randrange(len(people.children))]
                    if cand.busy_until < day and cand.last_referral < day - 366 and cand.dob < day \
                            and day < birthday(cand.dob, 17):
                        child = cand
                        break
            route = "referral"
            if child is None:
                if rng.random() < uasc_share * self.care_pressure(day):
                    child = people.new(people.uasc_dob(day), uasc=True)
                    route = "uasc"
                else:
                    dob, unborn = people.referral_dob(day)
                    child = people.new(dob)
                    child.unborn_referral = unborn
                    if rng.random() < self.p.rates.get("prior_cpp", 0.2) and not unborn:
                        child.prior_cpp = 1 + (rng.random() < 0.2)
            if day - child.last_referral <= 365:
                self.rereferrals += 1
            self.referrals_seen += 1
            journeys.run_episode(self, child, day, route)
            recent.append((day, child))

    # -- the whole thing ---------------------------------------------------------
    def run(self) -> LaHistory:
        self.care_history()
        self.referrals()
        outcomes.year_outcomes(self)
        self.la.children = self.people.children
        return self.la
