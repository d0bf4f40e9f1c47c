"""Working days as a table.

wd(a, b), the number of days x with a < x <= b that are Monday-Friday and not
an England and Wales bank holiday, is ``cal_b.wd_index - cal_a.wd_index``
where wd_index counts working days up to and including the date. Same day =
0; the next working day = 1. Bank holidays come from the maintained
``holidays`` library (UK, subdivision England), which includes one-off days
such as the 2022 state funeral and the 2023 coronation.
"""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pyarrow as pa

FIRST = date(1990, 1, 1)
LAST = date(2045, 12, 31)


def england_bank_holidays(first_year: int = FIRST.year, last_year: int = LAST.year) -> dict[date, str]:
    found = holidays.UK(subdiv="ENG", years=range(first_year, last_year + 1))
    return dict(found.items())


def calendar_table() -> pa.Table:
    bank = england_bank_holidays()
    dates, working, index, names = [], [], [], []
    n = 0
    d = FIRST
    while d <= LAST:
        is_working = d.weekday() < 5 and d not in bank
        n += is_working
        dates.append(d)
        working.append(is_working)
        index.append(n)
        names.append(bank.get(d))
        d += timedelta(days=1)
    return pa.table({
        "date": pa.array(dates, pa.date32()),
        "is_working_day": pa.array(working, pa.bool_()),
        "wd_index": pa.array(index, pa.int32()),
        "bank_holiday": pa.array(names, pa.string()),
    })
