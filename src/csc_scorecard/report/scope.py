"""Which LAs' figures a report needs: the LA and those its comparators are computed from.

A report is about one LA, but a store may hold a region or the whole of England. Computing every
indicator for every LA (153 in a national store) to show one LA is the slow part of `report`, so the
engine is asked only for the LAs whose figures reach the page:

* the LA itself;
* its neighbours, when the settings list them (`neighbours:`): computed comparators are their mean and
  median, and published comparators use the LA's own figure only;
* the region's LAs, where the region's figure is computed from the store (``region``).

Without a `neighbours:` list the computed comparators pool every other LA in the store, so every LA is
needed (None: no restriction). tests/test_report_scope.py checks that the report is the same either way.
"""

from __future__ import annotations

from typing import Iterable, Sequence


def report_las(known: Sequence[str], la: str, neighbours: Sequence[str] | None,
               region: Iterable[str] = ()) -> list[str] | None:
    """The LAs to compute for a report on ``la``, or None for every LA in the store (``known``)."""
    if not neighbours:
        return None
    present = set(known)
    wanted = [la, *(str(n) for n in neighbours), *region]
    return [x for x in dict.fromkeys(wanted) if x == la or x in present]
