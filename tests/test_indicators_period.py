"""Period names: parsing, boundaries, previous and same-last-year periods."""

from __future__ import annotations

from datetime import date

import pytest

from csc_scorecard.errors import IndicatorError
from csc_scorecard.indicators.period import add_months, parse_period


@pytest.mark.parametrize("text, name, start, end, kind", [
    ("2024-25", "2024-25", date(2024, 4, 1), date(2025, 3, 31), "financial-year"),
    ("2024/25", "2024-25", date(2024, 4, 1), date(2025, 3, 31), "financial-year"),
    ("2024-2025", "2024-25", date(2024, 4, 1), date(2025, 3, 31), "financial-year"),
    ("1999-00", "1999-00", date(1999, 4, 1), date(2000, 3, 31), "financial-year"),
    ("2024-25-Q1", "2024-25-Q1", date(2024, 4, 1), date(2024, 6, 30), "quarter"),
    ("2024-25 q2", "2024-25-Q2", date(2024, 7, 1), date(2024, 9, 30), "quarter"),
    ("2024-25-Q3", "2024-25-Q3", date(2024, 10, 1), date(2024, 12, 31), "quarter"),
    ("2023-24-Q4", "2023-24-Q4", date(2024, 1, 1), date(2024, 3, 31), "quarter"),
    ("ytd:2024-11-30", "ytd:2024-11-30", date(2024, 4, 1), date(2024, 11, 30), "ytd"),
    ("ytd:2025-02-14", "ytd:2025-02-14", date(2024, 4, 1), date(2025, 2, 14), "ytd"),
    ("YTD:2024-04-01", "ytd:2024-04-01", date(2024, 4, 1), date(2024, 4, 1), "ytd"),
    ("12m:2024-11-30", "12m:2024-11-30", date(2023, 12, 1), date(2024, 11, 30), "12m"),
    ("12m:2024-02-29", "12m:2024-02-29", date(2023, 3, 1), date(2024, 2, 29), "12m"),
    ("12m:2025-03-31", "12m:2025-03-31", date(2024, 4, 1), date(2025, 3, 31), "12m"),
])
def test_parse(text, name, start, end, kind):
    p = parse_period(text)
    assert (p.name, p.start, p.end, p.kind) == (name, start, end, kind)


@pytest.mark.parametrize("text, fragment", [
    ("2024", "is not a period"),
    ("2024-26", "the second year must follow the first"),
    ("2024-25-Q5", "Quarter 5 does not exist"),
    ("ytd:2024-02-30", "2024-02-30 is not a real date"),
    ("last year", "is not a period"),
    ("", "is not a period"),
])
def test_bad_period_says_what_to_write(text, fragment):
    with pytest.raises(IndicatorError) as err:
        parse_period(text)
    assert fragment in str(err.value)
    assert "2024-25-Q2" in str(err.value) or "Quarter" in str(err.value)


@pytest.mark.parametrize("text, previous, last_year", [
    ("2024-25", "2023-24", "2023-24"),
    ("2024-25-Q1", "2023-24-Q4", "2023-24-Q1"),
    ("2024-25-Q3", "2024-25-Q2", "2023-24-Q3"),
    ("ytd:2024-11-30", "ytd:2023-11-30", "ytd:2023-11-30"),
    ("12m:2024-02-29", "12m:2023-02-28", "12m:2023-02-28"),
    ("ytd:2023-02-28", "ytd:2022-02-28", "ytd:2022-02-28"),
    ("12m:2025-02-28", "12m:2024-02-29", "12m:2024-02-29"),  # a month's last day stays the last day
])
def test_previous_and_same_last_year(text, previous, last_year):
    p = parse_period(text)
    assert p.previous().name == previous
    assert p.same_last_year().name == last_year


def test_year_ending_and_whole_year():
    assert parse_period("2024-25-Q2").year_ending == 2025
    assert parse_period("2024-25-Q4").year_ending == 2025
    assert parse_period("ytd:2024-11-30").financial_year.name == "2024-25"
    assert parse_period("2024-25").is_whole_financial_year
    assert parse_period("12m:2025-03-31").is_whole_financial_year
    assert parse_period("ytd:2025-03-31").is_whole_financial_year
    assert not parse_period("12m:2025-02-28").is_whole_financial_year
    assert not parse_period("2024-25-Q4").is_whole_financial_year


def test_add_months_clamps_like_duckdb():
    assert add_months(date(2024, 5, 31), -3) == date(2024, 2, 29)
    assert add_months(date(2024, 4, 1), -12) == date(2023, 4, 1)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 12, 15), 1) == date(2025, 1, 15)
