"""A quarter's scorecard compares like with like along each row.

A cumulative row (3 or more placements, went missing) is judged on the 12 months to the quarter's end; its
earlier columns are then the 12 months to each of their ends, not each quarter alone beside a year's figure
(the first version showed 3.2%, 2.5%, 1.6%, 1.3% and then 11.0%). A per-event row keeps each quarter's own
figure, as the quarter's own figure is what it is judged on."""

from __future__ import annotations

from csc_scorecard.assess.judge import extra_periods
from csc_scorecard.assess.layout import load_layout
from csc_scorecard.indicators.period import parse_period


def test_extra_periods_reach_each_earlier_column_of_a_cumulative_row(synthetic_region):
    project, _ = synthetic_region
    catalogue = project.catalogue()
    layout = load_layout(project.config.layout, catalogue)
    q3 = parse_period("2024-25-Q3")
    trend = [parse_period(p) for p in ("2024-25-Q1", "2024-25-Q2")]
    names = {p.name for p in extra_periods(layout, catalogue, q3, trend=trend)}
    assert {"12m:2024-06-30", "12m:2024-09-30", "12m:2024-12-31", "12m:2023-12-31"} <= names
    assert not {p.name for p in extra_periods(layout, catalogue, parse_period("2024-25"), trend=trend)}  # a year


def test_a_cumulative_row_s_earlier_columns_are_12_months_too(synthetic_region):
    project, made = synthetic_region
    la = made.las[0].code
    card = project.report("2024-25-Q3", la=la).scorecard
    lines = {line.indicator: line for s in card.sections for line in s.lines}
    placements, assessments = lines["cla-3-placements"], lines["assessments-45wd"]
    assert placements.basis == "rolling 12 months" and placements.judged.period == "12m:2024-12-31"
    assert card.periods == ["2023-24-Q3", "2023-24-Q4", "2024-25-Q1", "2024-25-Q2", "2024-25-Q3"]
    earlier = [f.period for f in placements.figures[:-1]]
    assert earlier == ["12m:2023-12-31", "12m:2024-03-31", "12m:2024-06-30", "12m:2024-09-30"]
    figures = {(r.period, r.indicator): r for r in project.indicators(earlier, la=la, ids=["cla-3-placements"])}
    for f in placements.figures[:-1]:
        assert (f.value, f.numerator, f.denominator) == (figures[f.period, "cla-3-placements"].value,
                                                         figures[f.period, "cla-3-placements"].numerator,
                                                         figures[f.period, "cla-3-placements"].denominator)
    assert placements.figures[-1].period == "2024-25-Q3"  # the quarter alone, shown beside, not rated
    # a per-event row: each column its own quarter
    assert [f.period for f in assessments.figures] == card.periods
