"""Working days as a table.

wd(a, b), the number of days x with a < x <= b that are Monday-Friday and not
an England and Wales bank holiday, is ``cal_b.wd_index - cal_a.wd_index``
where wd_index counts working days up to and including the date. Same day =
0; the next working day = 1. Bank holidays come from the maintained
``holidays`` library (UK, subdivision England), which includes one-off days
such as the 2022 state funeral and the 2023 coronation.
"""

from __future__ import annotations

from datetime import date

import pyarrow as pa

FIRST = date(1990, 1, 1)
LAST = date(2050, 12, 31)  # the last year a period may name (ingest/values.py LAST_YEAR)


def england_bank_holidays(first_year: int = FIRST.year, last_year: int = LAST.year) -> dict[date, str]:
    import holidays  # only where a calendar is made: every command that opens a store would pay for it

    found = holidays.UK(subdiv="ENG", years=range(first_year, last_year + 1))
    return dict(found.items())


def create_calendar(con) -> None:
    """Create the calendar table in DuckDB: the dates come from generate_series, the bank holidays from
    the library, and wd_index is a running count (set-based, so a new store opens quickly)."""
    bank = england_bank_holidays()
    holidays_arrow = pa.table({  # noqa: F841  (read by DuckDB's replacement scan)
        "date": pa.array(list(bank), pa.date32()),
        "name": pa.array(list(bank.values()), pa.string()),
    })
    con.execute(
        f"""CREATE TABLE calendar AS
            WITH days AS (
                SELECT d::DATE AS date FROM generate_series(DATE '{FIRST}', DATE '{LAST}', INTERVAL 1 DAY) t(d)),
            marked AS (
                SELECT days.date, h.name AS bank_holiday,
                       isodow(days.date) <= 5 AND h.name IS NULL AS is_working_day
                FROM days LEFT JOIN holidays_arrow h ON h.date = days.date)
            SELECT date, is_working_day,
                   (sum(is_working_day::INTEGER) OVER (ORDER BY date))::INTEGER AS wd_index, bank_holiday
            FROM marked ORDER BY date"""
    )
