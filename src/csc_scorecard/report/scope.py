"""Which LAs' figures a report needs: the LA and those its comparators are computed from.

A report is about one LA, but a store may hold a region or the whole of England. Computing every
indicator for every LA (153 in a national store) to show one LA is the slow part of `report`, so the
engine is asked only for the LAs whose figures reach the page:

* the LA itself;
* its statistical neighbours (``report_neighbours``): computed comparators are their mean and median,
  and published comparators use the LA's own figure only;
* the region's LAs, where the region's figure is computed from the store (``region``).

The neighbours are the settings' `neighbours:` list, else the loaded DfE neighbours file's, else the
DfE list shipped with the tool (reference/neighbours.py). Only when the store holds none of the LA's
neighbours (a store of LAs that are not each other's neighbours, or a code that is not an English
LA's) do the computed comparators pool every other LA in the store, and every LA is needed (None: no
restriction). tests/test_report_scope.py checks that the report is the same either way.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from ..benchmarks.published import statistical_neighbours
from ..reference.neighbours import dfe_neighbours


def report_neighbours(con, la: str, listed: Sequence[str] | None, known: Sequence[str]) -> list[str] | None:
    """The neighbours a report on ``la`` compares with: ``listed`` (the settings'), else the loaded
    neighbours file's (what published comparators use anyway), else the shipped DfE list when the store
    (``known``) holds at least one of them; None (pool every other LA) otherwise."""
    if listed:
        return [str(n) for n in listed]
    loaded = [str(n["la"]) for n in statistical_neighbours(con, la)]
    if loaded:
        return loaded
    shipped = dfe_neighbours(la)
    present = set(known)
    return shipped if any(n in present for n in shipped) else None


def report_las(known: Sequence[str], la: str, neighbours: Sequence[str] | None,
               region: Iterable[str] = ()) -> list[str] | None:
    """The LAs to compute for a report on ``la``, or None for every LA in the store (``known``)."""
    if not neighbours:
        return None
    present = set(known)
    wanted = [la, *(str(n) for n in neighbours), *region]
    return [x for x in dict.fromkeys(wanted) if x == la or x in present]
