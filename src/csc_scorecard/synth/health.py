"""The local health assessment extract (docs/local-extracts.md), for `iha-20wd`.

No statutory return carries the date of a child's initial health assessment,
so an LA exports it from its case management system. The generator writes
that extract in every year folder as the LA would hold it on that 31 March: a
full list (every initial and review assessment of the synthetic history, from
the first collection year, up to the year end), so loading a later year's
extract replaces an earlier one, as the store expects.

The dates are drawn after the simulation, from the LA's own stream
(``seed:la:health``), so adding them changed no other file.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date

from .model import LaHistory
from .rates import Quantiles
from .workdays import WorkDays
from .write_903 import dmy

FILE_NAME = "health_assessments.csv"
COLUMNS = ("la", "child_id", "health_assessment_date", "assessment_type")

# Initial assessments within 20 working days: no national figure is published; LAs' own reports
# show most in time and a wide spread. (mean, sd between LAs, lowest, highest), as in rates.ENGLAND.
IHA_IN_TIME = (0.77, 0.07, 0.55, 0.95)
# Working days from the start of care to the assessment, when in time and when late.
IN_TIME_DAYS = Quantiles([(0.0, 3.0), (0.25, 10.0), (0.7, 17.0), (1.0, 20.0)])
LATE_DAYS = Quantiles([(0.0, 21.0), (0.5, 30.0), (0.85, 45.0), (1.0, 90.0)])
NEVER = 0.02  # declined or never arranged (e.g. a young person who refused it)
DONE_BEFORE_LEAVING = 0.4  # a child who left care before the date drawn was still seen, earlier


def draw_in_time_rate(rng: random.Random) -> float:
    mean, sd, lo, hi = IHA_IN_TIME
    return min(hi, max(lo, rng.gauss(mean, sd)))


def health_assessments(la: LaHistory, seed: int) -> list[tuple[str, int, str]]:
    """Every assessment (child ID, date ordinal, "initial"/"review") up to the last year end, in file order.

    Initial assessments for each start of care from the first collection year; reviews (six-monthly
    under five, yearly from five) for every period of care open then.
    """
    rng = random.Random(f"{seed}:{la.code}:health")
    in_time = draw_in_time_rate(rng)
    first = date(la.first_year - 1, 4, 1).toordinal()
    last = date(la.last_year, 3, 31).toordinal()
    wd = WorkDays(la.first_year - 25, la.last_year + 2)  # periods open since long before the first year
    rows: list[tuple[str, int, str]] = []
    for child in la.children:
        for period in child.periods:
            end = period.end if period.end is not None else last
            if period.start > last or end < first:
                continue
            seen = _initial(rng, wd, period.start, end, in_time)
            if seen is not None and period.start >= first and seen <= last:
                rows.append((child.id, seen, "initial"))
            # reviews follow the initial assessment (or, for children in care since before the
            # records begin, the anniversary of the start)
            review = seen if seen is not None else period.start
            while True:
                under_five = review - child.dob < 5 * 365
                review = wd.on_or_after(review + (182 if under_five else 365) + rng.randint(-30, 20))
                if review > end or review > last:
                    break
                if review >= first:
                    rows.append((child.id, review, "review"))
    rows.sort()
    return rows


def _initial(rng: random.Random, wd: WorkDays, start: int, end: int, in_time: float) -> int | None:
    """The date of the initial assessment of a period of care starting on `start` (None: never held)."""
    if rng.random() < NEVER:
        return None
    days = IN_TIME_DAYS(rng) if rng.random() < in_time else LATE_DAYS(rng)
    seen = wd.add(start, max(1, round(days)))
    if seen <= end:
        return seen
    # left care before that date: most were never seen, some were seen before they left
    available = wd.between(start, end)
    if available < 1 or rng.random() >= DONE_BEFORE_LEAVING:
        return None
    return wd.add(start, rng.randint(1, available))


def extract_csv(la: LaHistory, rows: list[tuple[str, int, str]], year: int) -> str:
    """The extract as held on 31 March of `year`: every assessment up to then."""
    end = date(year, 3, 31).toordinal()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows((la.code, child, dmy(on), kind) for child, on, kind in rows if on <= end)
    return buffer.getvalue()
