"""Real postcodes for synthetic children, so that placement distances are real.

Home and placement postcodes are drawn from the ONS Postcode Directory that
``scorecard postcodes load`` stores (``reference/sample.py``), so
``cla-placed-20-miles`` computes real distances on synthetic data. A postcode
covers about 15 addresses and the children are invented, so no real person is
described (docs/synthetic-data.md).

* Home: a postcode in the child's LA.
* Placed with parents (P1): the home postcode (care.py).
* Any other placement: far away (more than 20 miles, outside the LA) with the
  LA's ``placed_far`` probability, drawn around England's 18% (rates.py);
  otherwise nearby (within 12 miles, often a neighbouring LA) or anywhere in
  the LA. Placements with parents are never far, so the per-placement
  probability is raised to keep the LA's share of all children near
  ``placed_far``.

Everything is drawn from the caller's ``random.Random`` over a directory sorted
by postcode, so the same seed gives the same postcodes. The directory is read
once per process (about 2 s).
"""

from __future__ import annotations

import csv
import random
from functools import lru_cache

from ..reference.areas import LA_CODES
from ..reference.sample import PostcodeSampler, default_sampler

NEARBY_MILES = 12.0  # "nearby" placements: never counted as more than 20 miles away
FAR_MIN_MILES = 20.0
FAR_BAND_MILES = 40.0  # half of the far placements are 20-40 miles away, the rest anywhere beyond 20
NEARBY_SHARE = 0.3  # of the placements that are not far: the rest are anywhere in the LA
P1_SHARE = 0.07  # about 7% of children looked after are placed with parents (never far)


class LaPostcodes:
    """Draws one LA's home and placement postcodes."""

    def __init__(self, la: str, placed_far: float, sampler: PostcodeSampler | None = None):
        self.la = la
        self.sampler = sampler or default_sampler()
        self.far = min(0.95, placed_far / (1 - P1_SHARE))

    def home(self, rng: random.Random) -> str:
        return self.sampler.in_la(self.la, 1, rng)[0]

    def placement(self, rng: random.Random, home: str) -> str:
        u = rng.random()
        try:
            if u < self.far:
                far_band = rng.random() < 0.5
                return self.sampler.near(home, rng, min_miles=FAR_MIN_MILES,
                                         max_miles=FAR_BAND_MILES if far_band else None, exclude_la=self.la)[0]
            if u < self.far + (1 - self.far) * NEARBY_SHARE:
                return self.sampler.near(home, rng, max_miles=NEARBY_MILES)[0]
        except ValueError:  # a home with nothing in the band (never for the shipped region): stay in the LA
            pass
        return self.sampler.in_la(self.la, 1, rng)[0]


@lru_cache(maxsize=1)
def _la_names() -> dict[str, str]:
    """{DfE code: LA name}, current names winning over retired ones (la_codes.csv)."""
    with open(LA_CODES, encoding="utf-8", newline="") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: r["current"] == "yes")  # current last: it wins
    return {r["la_code"]: r["la_name"] for r in rows}


def placement_la(postcode: str) -> tuple[str, str] | None:
    """(DfE code, name) of the LA a drawn postcode is in, for Annex A's "LA of Placement"; None if unknown."""
    where = default_sampler().locate(postcode) if postcode else None
    if where is None:
        return None
    return where[2], _la_names().get(where[2], where[2])
