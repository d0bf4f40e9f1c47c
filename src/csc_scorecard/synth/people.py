"""New children: identifiers, date of birth, sex, ethnicity, UPN, disabilities."""

from __future__ import annotations

import random
from typing import Callable

from .model import Child
from .rates import DISABILITY, ETHNICITY, UASC_ETHNICITY, Choice

# Age in years when referred (England: about a third are 10-15); -1 = unborn.
REFERRAL_AGE = Choice({-1: 3, 0: 10, 1: 5, 2: 5, 3: 5, 4: 5, 5: 5, 6: 5, 7: 5, 8: 5, 9: 5, 10: 5.5, 11: 5.5,
                       12: 5.5, 13: 6, 14: 6, 15: 5, 16: 4.5, 17: 3})
UASC_AGE = Choice({14: 8, 15: 17, 16: 45, 17: 30})

_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn_check_letter(digits: str) -> str:
    """DfE check letter: the 12 digits weighted 2..13, summed, modulo 23."""
    return _UPN_LETTERS[sum(int(c) * w for c, w in zip(digits, range(2, 14))) % 23]


def make_upn(rng: random.Random, la: str, dob: int) -> str:
    from datetime import date

    year_allocated = (date.fromordinal(dob).year + 5) % 100  # allocated on starting school
    digits = f"{la}{rng.randint(1000, 7999)}{year_allocated:02d}{rng.randint(0, 999):03d}"
    return upn_check_letter(digits) + digits


class People:
    def __init__(self, rng: random.Random, la: str, home_postcode: Callable[[random.Random], str]):
        self.rng = rng
        self.la = la
        self.home_postcode = home_postcode  # a real postcode in the LA (postcodes.py)
        self.serial = 0
        self.children: list[Child] = []

    def new(self, dob: int, *, uasc: bool = False) -> Child:
        rng = self.rng
        self.serial += 1
        sex = "M" if uasc and rng.random() < 0.92 else ("M" if rng.random() < 0.51 else "F")
        child = Child(f"{self.la}{self.serial:06d}", dob, sex, (UASC_ETHNICITY if uasc else ETHNICITY)(rng))
        child.uasc = uasc
        if not uasc:  # asylum-seeking children never had an English school, so no UPN (UN2)
            child.upn = make_upn(rng, self.la, dob)
        if rng.random() < 0.11:
            codes = {DISABILITY(rng) for _ in range(1 + (rng.random() < 0.35) + (rng.random() < 0.1))}
            child.disabilities = tuple(sorted(codes))
        child.home_post = self.home_postcode(rng)
        self.children.append(child)
        return child

    def referral_dob(self, on: int) -> tuple[int, bool]:
        """A date of birth for a child referred on `on`, and whether they are unborn then."""
        rng = self.rng
        age = REFERRAL_AGE(rng)
        if age < 0:
            return on + rng.randint(20, 150), True
        return on - int((age + rng.random()) * 365.25), False

    def uasc_dob(self, on: int) -> int:
        return on - int((UASC_AGE(self.rng) + self.rng.random() * 0.9) * 365.25)
