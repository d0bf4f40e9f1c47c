"""Real postcodes for synthetic children, so that their placement distances are real.

The synthetic generator asks for home postcodes in an LA and placement
postcodes at a distance from home; the answers come from the same ONS
directory ``scorecard postcodes load`` stores, so cla-placed-20-miles computes
real distances on synthetic data. Only English postcodes with a grid reference
and a known LA are drawn. The same seed and the same directory version give
the same postcodes.

    sampler = PostcodeSampler()                      # reads the directory once (~2 s)
    homes = sampler.in_la("309", 3, rng)             # ['N17 6QX', ...] (DfE or ONS code)
    near = sampler.near(homes[0], rng, max_miles=5)  # within 5 miles
    far = sampler.near(homes[0], rng, min_miles=20, exclude_la="309")  # over 20 miles, outside the LA
"""

from __future__ import annotations

import bisect
import random
from functools import lru_cache
from typing import Mapping

import pyarrow as pa
import pyarrow.compute as pc

from .areas import ons_to_dfe
from .postcodes import METRES_PER_MILE, display, normalise, place, read_directory

CELL = 5000  # metres: the grid squares near() draws from
_TRIES = 500


class PostcodeSampler:
    def __init__(self, directory: pa.Table | None = None, own: Mapping[str, str] | None = None):
        """``directory``: postcode, oseast1m, osnrth1m, laua (default: the installed ONS directory)."""
        self._codes = ons_to_dfe(own)
        placed = place(directory if directory is not None else read_directory(), self._codes).table
        keep = pc.and_(pc.and_(pc.starts_with(placed.column("laua"), "E"), pc.is_valid(placed.column("oseast1m"))),
                       pc.and_(pc.is_valid(placed.column("osnrth1m")), pc.is_valid(placed.column("la_code"))))
        table = placed.filter(keep).sort_by("postcode")  # sorted, so locate() is a binary search
        self._postcode = table.column("postcode").combine_chunks()
        self._e = table.column("oseast1m").combine_chunks()
        self._n = table.column("osnrth1m").combine_chunks()
        self._la = table.column("la_code").combine_chunks()
        self._la_order = pc.sort_indices(self._la)
        self._by_la = _runs(self._la.take(self._la_order))  # la_code -> (first position in _la_order, rows)
        cell = pc.add(pc.multiply(_cell_of(self._e), 10000), _cell_of(self._n))
        self._cell_order = pc.sort_indices(cell)
        self._by_cell = _runs(cell.take(self._cell_order))  # cell -> (first position in _cell_order, rows)

    def __len__(self) -> int:
        return len(self._postcode)

    # -- by LA -------------------------------------------------------------------------------
    def la_code(self, la: str) -> str:
        """A DfE code as given, or the DfE code of an ONS code ("E09000014" -> "309")."""
        return la if la[:1].isdigit() else self._codes.get(la, la)

    def in_la(self, la: str, n: int, rng: random.Random) -> list[str]:
        """n postcodes drawn at random (with replacement) from the LA's area; ValueError if it has none."""
        code = self.la_code(la)
        if code not in self._by_la:
            raise ValueError(f"no postcodes for LA {la} in the ONS postcode directory")
        first, count = self._by_la[code]
        return [display(self._postcode[self._la_order[first + rng.randrange(count)].as_py()].as_py())
                for _ in range(n)]

    # -- by distance -----------------------------------------------------------------------------
    def locate(self, postcode: str) -> tuple[float, float, str] | None:
        """(easting, northing, DfE code of its LA) of a postcode, or None if it is not drawn from."""
        wanted = normalise(postcode) or ""
        i = bisect.bisect_left(_AsPy(self._postcode), wanted)
        if i == len(self._postcode) or self._postcode[i].as_py() != wanted:
            return None
        return self._e[i].as_py(), self._n[i].as_py(), self._la[i].as_py()

    def near(self, postcode: str, rng: random.Random, *, min_miles: float = 0.0, max_miles: float | None = None,
             n: int = 1, exclude_la: str | None = None) -> list[str]:
        """n postcodes more than ``min_miles`` and at most ``max_miles`` (None: anywhere in England) from
        ``postcode`` in a straight line, outside ``exclude_la`` if given; ValueError if none can be found.

        Drawn in proportion to where postcodes are (towns more than moors), not uniformly over the land.
        """
        where = self.locate(postcode)
        if where is None:
            raise ValueError(f"{postcode} is not an English postcode with a grid reference in the directory")
        e0, n0, _ = where
        lo, hi = min_miles * METRES_PER_MILE, None if max_miles is None else max_miles * METRES_PER_MILE
        excluded = self.la_code(exclude_la) if exclude_la else None
        cells = None if hi is None else self._cells_within(e0, n0, lo, hi)
        out = []
        for _ in range(n):
            for _ in range(_TRIES):
                i = self._draw(rng, cells)
                d = ((self._e[i].as_py() - e0) ** 2 + (self._n[i].as_py() - n0) ** 2) ** 0.5
                if (d > lo or lo == 0) and (hi is None or d <= hi) and self._la[i].as_py() != excluded:
                    out.append(display(self._postcode[i].as_py()))
                    break
            else:
                raise ValueError(f"no postcode found {min_miles}-{max_miles} miles from {postcode}")
        return out

    def _cells_within(self, e0: float, n0: float, lo: float, hi: float) -> tuple[list[tuple[int, int]], list[int]]:
        """The grid squares that can hold a point between lo and hi metres away, with their sizes."""
        found, weights = [], []
        for ce in range(int((e0 - hi) // CELL), int((e0 + hi) // CELL) + 1):
            for cn in range(int((n0 - hi) // CELL), int((n0 + hi) // CELL) + 1):
                run = self._by_cell.get(ce * 10000 + cn)
                if run is None:
                    continue
                near_e = min(max(e0, ce * CELL), (ce + 1) * CELL) - e0
                near_n = min(max(n0, cn * CELL), (cn + 1) * CELL) - n0
                far_e = max(abs(ce * CELL - e0), abs((ce + 1) * CELL - e0))
                far_n = max(abs(cn * CELL - n0), abs((cn + 1) * CELL - n0))
                if (near_e ** 2 + near_n ** 2) ** 0.5 <= hi and (far_e ** 2 + far_n ** 2) ** 0.5 > lo:
                    found.append(run)
                    weights.append(run[1])
        return found, weights

    def _draw(self, rng: random.Random, cells) -> int:
        if cells is None:
            return rng.randrange(len(self._postcode))
        runs, weights = cells
        if not runs:
            return rng.randrange(len(self._postcode))  # rejected by the distance check: ends in ValueError
        first, count = rng.choices(runs, weights)[0]
        return self._cell_order[first + rng.randrange(count)].as_py()


class _AsPy:
    """An arrow array as a sequence of Python values, for bisect."""

    def __init__(self, array: pa.Array):
        self.array = array

    def __len__(self) -> int:
        return len(self.array)

    def __getitem__(self, i: int):
        return self.array[i].as_py()


def _cell_of(metres: pa.Array) -> pa.Array:
    return pc.cast(pc.floor(pc.divide(metres, float(CELL))), pa.int64())


def _runs(sorted_values: pa.Array) -> dict:
    """{value: (first position, length)} of a sorted array's runs of equal values."""
    out, pos = {}, 0
    counts = {r["values"]: r["counts"] for r in pc.value_counts(sorted_values).to_pylist()}
    for value in pc.unique(sorted_values).to_pylist():  # unique keeps first-seen order, i.e. sorted
        out[value] = (pos, counts[value])
        pos += counts[value]
    return out


@lru_cache(maxsize=1)
def default_sampler() -> PostcodeSampler:
    """One sampler per process over the installed directory (reading it takes a second or two)."""
    return PostcodeSampler()


def sample_postcodes(la: str, n: int, rng: random.Random) -> list[str]:
    """n real postcodes in an LA (DfE code "309" or ONS code "E09000014"), as the SSDA903 writes them."""
    return default_sampler().in_la(la, n, rng)


def postcodes_near(postcode: str, n: int, rng: random.Random, *, min_miles: float = 0.0,
                   max_miles: float | None = 20.0, exclude_la: str | None = None) -> list[str]:
    """n real postcodes between min_miles (exclusive) and max_miles (inclusive; None: anywhere) from a postcode."""
    return default_sampler().near(postcode, rng, min_miles=min_miles, max_miles=max_miles, n=n,
                                  exclude_la=exclude_la)
