"""Reporting periods: financial years, quarters, year to date, rolling 12 months.

A period is a closed date interval [start, end]. Its name is what people type
and what results carry:

* ``2024-25``            financial year, 1 April 2024 - 31 March 2025
* ``2024-25-Q2``         quarter of that year (Q1 = April-June ... Q4 = January-March)
* ``ytd:2024-11-30``     year to date: 1 April 2024 - 30 November 2024
* ``12m:2024-11-30``     rolling 12 months: 1 December 2023 - 30 November 2024

Nothing here reads today's date: a period is always named.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..errors import IndicatorError
from ..ingest.values import FIRST_YEAR, LAST_YEAR

KINDS = ("financial-year", "quarter", "ytd", "12m")

_HELP = ("Write a financial year as 2024-25, a quarter as 2024-25-Q2 (Q1 = April-June), "
         "year to date as ytd:2024-11-30 or rolling 12 months as 12m:2024-11-30.")


@dataclass(frozen=True, order=True)
class Period:
    name: str
    start: date
    end: date
    kind: str

    @property
    def year_ending(self) -> int:
        """The year of the 31 March on or after the period's end: its collection year."""
        return year_ending(self.end)

    @property
    def financial_year(self) -> "Period":
        """The financial year the period ends in."""
        return financial_year(self.year_ending)

    @property
    def is_whole_financial_year(self) -> bool:
        return self.start == date(self.end.year - 1, 4, 1) and self.end == date(self.end.year, 3, 31)

    def previous(self) -> "Period":
        """The period just before this one, of the same kind and length.

        A financial year's previous is the year before; a quarter's the
        quarter before (2024-25-Q1 -> 2023-24-Q4). Year-to-date and rolling
        periods have no natural predecessor of the same length but the same
        period a year earlier, so for them previous() is same_last_year().
        """
        if self.kind == "financial-year":
            return financial_year(self.year_ending - 1)
        if self.kind == "quarter":
            q = int(self.name[-1])
            return quarter(self.year_ending, q - 1) if q > 1 else quarter(self.year_ending - 1, 4)
        return self.same_last_year()

    def same_last_year(self) -> "Period":
        if self.kind == "financial-year":
            return financial_year(self.year_ending - 1)
        if self.kind == "quarter":
            return quarter(self.year_ending - 1, int(self.name[-1]))
        end = _year_before(self.end)
        return year_to_date(end) if self.kind == "ytd" else rolling_12m(end)

    def __str__(self) -> str:
        return self.name


def year_ending(d: date) -> int:
    return d.year if d.month <= 3 else d.year + 1


def fy_name(year_ending: int) -> str:
    return f"{year_ending - 1}-{year_ending % 100:02d}"


def financial_year(year_ending: int) -> Period:
    return Period(fy_name(year_ending), date(year_ending - 1, 4, 1), date(year_ending, 3, 31), "financial-year")


def quarter(year_ending: int, q: int) -> Period:
    if q not in (1, 2, 3, 4):
        raise IndicatorError(f"Quarter {q} does not exist: quarters are Q1 (April-June) to Q4 (January-March).")
    first_month = (4, 7, 10, 1)[q - 1]
    y = year_ending - 1 if q < 4 else year_ending
    start = date(y, first_month, 1)
    last_month = first_month + 2
    end = date(y, last_month, calendar.monthrange(y, last_month)[1])
    return Period(f"{fy_name(year_ending)}-Q{q}", start, end, "quarter")


def year_to_date(end: date) -> Period:
    return Period(f"ytd:{end.isoformat()}", date(year_ending(end) - 1, 4, 1), end, "ytd")


def rolling_12m(end: date) -> Period:
    start = _year_before(end) + timedelta(days=1)
    return Period(f"12m:{end.isoformat()}", start, end, "12m")


def add_months(d: date, months: int) -> date:
    """Calendar month arithmetic as DuckDB's INTERVAL does it: 31 May - 3 months = 28/29 February."""
    if not months:
        return d
    m = d.month - 1 + months
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _year_before(d: date) -> date:
    """The same day a year earlier; a month's last day maps to that month's last day."""
    last = calendar.monthrange(d.year - 1, d.month)[1]
    if d.day == calendar.monthrange(d.year, d.month)[1]:
        return date(d.year - 1, d.month, last)
    return date(d.year - 1, d.month, min(d.day, last))


_FY = re.compile(r"(\d{4})\s*[-/]\s*(\d{2}|\d{4})", re.ASCII)
_Q = re.compile(r"(\d{4}\s*[-/]\s*(?:\d{2}|\d{4}))\s*[- ]?\s*[Qq]([1-9])", re.ASCII)
_ENDING = re.compile(r"(ytd|12m)\s*:\s*(\d{4}-\d{2}-\d{2})", re.IGNORECASE | re.ASCII)


def _parse_fy(text: str, original: str) -> int:
    m = _FY.fullmatch(text)
    if not m:
        raise IndicatorError(f'"{original}" is not a period. {_HELP}')
    start, end = int(m.group(1)), m.group(2)
    follows = int(end) == start + 1 if len(end) == 4 else int(end) == (start + 1) % 100
    if not follows:
        raise IndicatorError(f'"{original}" is not a financial year: the second year must follow the first '
                             f"(e.g. {start}-{(start + 1) % 100:02d}). {_HELP}")
    return start + 1


def parse_period(text: str | Period) -> Period:
    """Parse a period name; a bad one raises IndicatorError saying what to write."""
    if isinstance(text, Period):
        return text
    s = str(text).strip()
    m = _ENDING.fullmatch(s)
    if m:
        try:
            end = date.fromisoformat(m.group(2))
        except ValueError:
            raise IndicatorError(f'"{text}": {m.group(2)} is not a real date. {_HELP}') from None
        _check_range(end.year, text)
        return year_to_date(end) if m.group(1).lower() == "ytd" else rolling_12m(end)
    m = _Q.fullmatch(s)
    if m:
        return quarter(_check_range(_parse_fy(m.group(1), str(text)), text), int(m.group(2)))
    return financial_year(_check_range(_parse_fy(s, str(text)), text))


def _check_range(year: int, text) -> int:
    """Years outside FIRST_YEAR-LAST_YEAR are typos (ytd:0001-01-01 would build a calendar from year 1)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise IndicatorError(f'"{text}" is outside the years csc-scorecard works with ({FIRST_YEAR} to '
                             f"{LAST_YEAR}). {_HELP}")
    return year


def parse_periods(texts) -> list[Period]:
    return [parse_period(t) for t in texts]


def period_label(name: str) -> str:
    """A period's name as people read it: '2024-25', '2024-25 Q2', 'Apr–Nov 2024', '12m to Nov 2024'."""
    if len(name) == 10 and name[7:9] == "-Q":
        return f"{name[:7]} {name[8:]}"
    if name[:4] in ("ytd:", "12m:") and len(name) == 14 and name[9:11].isdigit():
        month, year = calendar.month_abbr[int(name[9:11])], name[4:8]
        return f"Apr–{month} {year}" if name.startswith("ytd") and month != "Apr" else \
            f"Apr {year}" if name.startswith("ytd") else f"12m to {month} {year}"
    return name


_NAMES_IN_TEXT = re.compile(r"\b(?:(?:ytd|12m):\d{4}-\d{2}-\d{2}|\d{4}-\d{2}-Q[1-4])\b")


def labelled(text: str) -> str:
    """Text with every period name in it read as people read it: 'no value for 12m:2024-12-31' -> 'no value
    for 12m to Dec 2024'. For words that reach a page (a comparator's basis, a reason)."""
    return _NAMES_IN_TEXT.sub(lambda m: period_label(m.group(0)), text)

