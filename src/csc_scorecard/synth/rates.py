"""Calibration: each LA's rates, drawn around the England values.

The England figures are those in ../shared/INDICATORS.md (2024-25). Each
synthetic LA draws its own value from a normal distribution around the
England value (clipped to a plausible range), so that a region of LAs shows a
realistic spread. Some knobs (``moves``, ``prior_cpp``) are not indicators
themselves; their defaults were tuned by generating LAs and measuring the
indicators they drive (see tests/test_synth_calibration.py).
"""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass, field

# name: (England value, spread (sd) between LAs, lowest, highest)
ENGLAND: dict[str, tuple[float, float, float, float]] = {
    "re_referral": (0.226, 0.04, 0.12, 0.34),  # referrals within 12 months of an earlier one
    "nfa": (0.065, 0.035, 0.01, 0.18),  # referrals with no further action
    "not_in_need": (0.308, 0.06, 0.15, 0.45),  # referrals closed after assessment as not in need
    "assess_p45": (0.857, 0.06, 0.65, 0.98),  # assessments within 45 working days
    "assess_median": (33.0, 4.5, 20.0, 41.0),  # median assessment length, working days
    "s47_rate": (0.36, 0.06, 0.2, 0.52),  # Section 47 enquiries per referral
    "icpc_rate": (0.34, 0.05, 0.22, 0.48),  # initial conferences per Section 47 enquiry
    "icpc_p15": (0.814, 0.08, 0.55, 0.98),  # conferences within 15 working days
    "plan_rate": (0.78, 0.05, 0.65, 0.9),  # conferences that start a plan
    "cp_months": (9.5, 1.2, 7.0, 13.0),  # mean length of a CP plan
    "cp_review_on_time": (0.955, 0.015, 0.91, 0.99),  # each review held in time (plans: ~90%)
    "moves": (1.0, 0.2, 0.6, 1.5),  # multiplier on placement moves (3+ placements ~10%)
    "missing": (1.0, 0.25, 0.5, 1.6),  # multiplier on going missing (~11% of children in care)
    "health_assessment": (0.90, 0.04, 0.75, 0.99),
    "teeth_check": (0.81, 0.07, 0.6, 0.97),
    "immunisations": (0.84, 0.06, 0.65, 0.98),
    "sdq_mean": (14.9, 1.0, 12.0, 18.0),
    "convicted": (0.02, 0.008, 0.005, 0.05),
    "eet_19_21": (0.54, 0.06, 0.38, 0.7),
    "eet_17_18": (0.64, 0.07, 0.45, 0.82),
    "suitable": (0.89, 0.04, 0.78, 0.98),
    "in_touch": (0.96, 0.02, 0.88, 0.995),
    "uasc_share": (0.10, 0.04, 0.02, 0.2),  # of children starting care
    "trend": (0.0, 0.03, -0.06, 0.06),  # yearly change in demand
    "placed_far": (0.18, 0.05, 0.06, 0.32),  # looked after over 20 miles from home and outside the LA
}

# Sizes scale the LA's real 2024-25 volumes (Haringey ~3,300 referrals, ~325 in care).
SIZES = {"small": 0.06, "medium": 0.92, "large": 4.55}


@dataclass
class LaParams:
    code: str
    name: str
    ons_code: str
    referrals: float  # per year, at the last year
    cla_starts: float  # children starting care per year
    cla_stock: float  # looked after at 31 March
    population: dict[int, int] = field(default_factory=dict)
    rates: dict[str, float] = field(default_factory=dict)

    def __getattr__(self, name: str) -> float:
        try:
            return self.__dict__["rates"][name]
        except KeyError:
            raise AttributeError(name) from None


def draw_params(rng: random.Random, code: str, info: dict, scale: float, jitter: bool = True) -> LaParams:
    rates = {}
    for name, (mean, sd, lo, hi) in ENGLAND.items():  # dict order is fixed: same draws every run
        value = rng.gauss(mean, sd) if jitter else mean
        rates[name] = min(hi, max(lo, value))
    return LaParams(
        code=code, name=info["name"], ons_code=info.get("ons_code", ""),
        referrals=info["referrals"] * scale, cla_starts=info["cla_starts"] * scale,
        cla_stock=info["cla_31_march"] * scale,
        population={int(y): round(p * scale) for y, p in info["population"].items()},
        rates=rates)


class Choice:
    """A weighted choice that is cheap to draw from many times."""

    __slots__ = ("items", "cum", "total")

    def __init__(self, weights: dict):
        self.items = list(weights)
        self.cum = []
        total = 0.0
        for w in weights.values():
            total += w
            self.cum.append(total)
        self.total = total

    def __call__(self, rng: random.Random):
        return self.items[bisect(self.cum, rng.random() * self.total)]


class Quantiles:
    """A distribution given by points of its quantile function, linear between them."""

    __slots__ = ("us", "xs")

    def __init__(self, points: list[tuple[float, float]]):
        points = sorted(points)
        self.us = [u for u, _ in points]
        self.xs = [x for _, x in points]

    def __call__(self, rng: random.Random) -> float:
        u = rng.random()
        i = bisect(self.us, u)
        if i >= len(self.us):
            return self.xs[-1]
        u0, u1, x0, x1 = self.us[i - 1], self.us[i], self.xs[i - 1], self.xs[i]
        return x0 + (x1 - x0) * (u - u0) / (u1 - u0)


def assessment_days(p: LaParams) -> Quantiles:
    """Working days from start to authorisation: median and share within 45 as drawn for the LA."""
    med, p45 = p.assess_median, p.assess_p45
    tail = p45 + (1 - p45) * 0.65
    return Quantiles([(0.0, 1.0), (0.1, max(4.0, med * 0.3)), (0.5, med), (p45, 45.0), (tail, 65.0), (1.0, 130.0)])


def icpc_days(p: LaParams) -> Quantiles:
    """Working days from the strategy discussion to the initial conference."""
    p15 = p.icpc_p15
    return Quantiles([(0.0, 3.0), (min(0.25, p15 / 3), 8.0), (p15, 15.0), (p15 + (1 - p15) * 0.7, 25.0),
                      (1.0, 45.0)])


# --- Code lists with England-like weights ---------------------------------
REFERRAL_SOURCE = Choice({"6": 29, "2A": 18, "2B": 2, "3A": 2, "3B": 3, "3C": 1, "3D": 4, "3E": 3, "3F": 2,
                          "1A": 4, "1B": 1, "1C": 1, "1D": 1, "5A": 3, "5B": 4, "5C": 2, "5D": 3, "4": 2,
                          "7": 4, "8": 6, "9": 1, "10": 2})
PRIMARY_NEED = Choice({"N1": 57, "N2": 9, "N3": 3, "N4": 14, "N5": 8, "N6": 2, "N7": 0.5, "N8": 4})
CATEGORY = Choice({"NEG": 50, "EMO": 38, "PHY": 7, "SAB": 4, "MUL": 1})
ETHNICITY = Choice({"WBRI": 28, "WIRI": 1, "WOTH": 12, "WIRT": 0.3, "WROM": 1, "MWBC": 5, "MWBA": 2, "MWAS": 2,
                    "MOTH": 6, "AIND": 3, "APKN": 3, "ABAN": 3, "AOTH": 4, "BCRB": 6, "BAFR": 12, "BOTH": 5,
                    "CHNE": 0.5, "OOTH": 7, "REFU": 1, "NOBT": 2})
UASC_ETHNICITY = Choice({"BAFR": 35, "OOTH": 30, "AOTH": 20, "WOTH": 10, "BOTH": 5})
DISABILITY = Choice({"AUT": 30, "LD": 20, "COMM": 15, "BEH": 15, "MOB": 5, "HAND": 3, "PC": 3, "INC": 2,
                     "HEAR": 2, "VIS": 2, "CON": 1, "DDA": 2})
FACTORS = Choice({"3B": 30, "4B": 35, "3A": 10, "4A": 20, "2B": 12, "1B": 10, "16A": 18, "17A": 20, "18B": 3,
                  "18C": 8, "19B": 2, "19C": 4, "15A": 5, "14A": 5, "10A": 3, "11A": 3, "24A": 3, "13A": 2,
                  "5B": 4, "6B": 5, "6A": 4, "5A": 4, "7A": 2, "20": 15, "1A": 1, "2A": 2, "3C": 3, "4C": 2,
                  "2C": 1, "1C": 1, "12A": 0.5, "22A": 0.3, "23A": 0.3})
PARTICIPATION = Choice({"PN1": 55, "PN2": 5, "PN3": 3, "PN4": 5, "PN5": 15, "PN6": 7, "PN7": 10})
PLACE_CHANGE = Choice({"CARPL": 40, "CREQB": 15, "CREQO": 10, "CHILD": 5, "LAREQ": 10, "STAND": 3, "ALLEG": 2,
                       "CLOSE": 3, "OTHER": 12})
SEX_ADOPTR = Choice({"MF": 70, "FF": 8, "MM": 7, "F1": 12, "M1": 3})
