"""Judging rows: one layout row + its indicator + engine figures -> a plain result."""

from __future__ import annotations

import textwrap

import pytest

from csc_scorecard.assess.judge import judge_row, judge_scorecard
from csc_scorecard.assess.layout import load_layout

CATALOGUE = {
    "icpc-15wd": {"id": "icpc-15wd", "title": "ICPCs within 15 working days", "unit": "percent",
                  "polarity": "up", "source": "cin",
                  "judgement": {"sif2013": "help-and-protection", "ilacs2023": "help-and-protection"},
                  "benchmark": {"lait": "CP_conf_15days", "england_2024_25": 81.4}},
    "re-referrals-12m": {"id": "re-referrals-12m", "title": "Re-referrals within 12 months", "unit": "percent",
                         "polarity": "down", "source": "cin", "benchmark": {}},
    "cla-rate": {"id": "cla-rate", "title": "Children looked after per 10,000", "unit": "rate10k",
                 "polarity": "context", "source": "ssda903", "benchmark": {"england_2024_25": 67}},
}


@pytest.fixture
def layout(tmp_path):
    path = tmp_path / "layout.yaml"
    path.write_text(textwrap.dedent("""
        defaults: {amber: 5, same_within: 0.5}
        sections:
          - name: Help and protection
            rows:
              - {ref: TS 3, indicator: icpc-15wd, target: {2024-25: 80, 2025-26: 85}}
              - {ref: TS 1, indicator: re-referrals-12m, target: 20}
          - name: Looked after
            rows:
              - {ref: TS 21, indicator: cla-rate, label: CLA rate}
    """), encoding="utf-8")
    return load_layout(path, CATALOGUE)


def fig(indicator, la, period, num, den, value=None, status="ok", reason=None):
    if value is None and status == "ok":
        value = 100.0 * num / den
    return {"indicator": indicator, "la": la, "period": period, "numerator": num, "denominator": den,
            "value": value, "unit": "percent", "status": status, "reason": reason}


def test_row_judged_against_target_previous_and_last_year(layout):
    row = layout.row("TS 3")
    # 2025-26 Q2: 45 of 60 = 75% against 85 with 5 points of amber -> 10 short -> red
    # 4,500 of 6,000 = 75% against 85 with 5 points of amber -> 10 short -> red
    j = judge_row(row, CATALOGUE["icpc-15wd"], fig("icpc-15wd", "310", "2025-26-Q2", 4500, 6000),
                  previous=fig("icpc-15wd", "310", "2025-26-Q1", 4000, 5000),      # 80%: worse
                  last_year=fig("icpc-15wd", "310", "2024-25-Q2", 3000, 4000))     # 75%: same
    assert (j.value, j.target, j.rag) == (75.0, 85, "red")
    assert (j.direction, j.change, j.direction_last_year) == ("worse", "down", "same")
    assert j.vs_previous.period == "2025-26-Q1" and j.vs_previous.change == pytest.approx(-5)
    assert j.significant is True and j.vs_previous.words == "worse"
    # Wilson of 4,500/6,000: centre (.75 + 1.96^2/12000) / (1 + 1.96^2/6000) = .749840,
    # half 1.96 * sqrt(.75 * .25 / 6000 + 1.96^2 / (4 * 6000^2)) / 1.00064 = .010951
    assert j.ci_low == pytest.approx(73.889, abs=0.002) and j.ci_high == pytest.approx(76.079, abs=0.002)


def test_a_change_within_chance_variation_is_no_significant_change(layout):
    # 45 of 60 (75%) after 40 of 50 (80%): 5 points beyond the 0.5 tolerance, but the intervals
    # (62.8-84.2 and 67.0-88.8) overlap
    j = judge_row(layout.row("TS 3"), CATALOGUE["icpc-15wd"], fig("icpc-15wd", "310", "2025-26-Q2", 45, 60),
                  previous=fig("icpc-15wd", "310", "2025-26-Q1", 40, 50))
    assert (j.direction, j.change, j.significant) == ("same", "same", False)
    assert j.vs_previous.words == "no significant change" and j.vs_previous.beyond_tolerance is True
    assert j.low_base is False and j.section == "Help and protection"
    assert j.judgement["ilacs2023"] == "help-and-protection"


def test_previous_year_target_and_low_base(layout):
    j = judge_row(layout.row("TS 3"), CATALOGUE["icpc-15wd"], fig("icpc-15wd", "310", "2024-25", 7, 9))
    # 2024-25's target is 80; 7/9 = 77.78% is 2.22 short, within the 5-point tolerance
    assert (j.target, j.rag) == (80, "amber")
    assert j.value == pytest.approx(700 / 9)
    assert j.low_base is True  # a percentage of 9 cases
    assert j.vs_previous.judgement is None and j.vs_previous.period == "2023-24"


def test_lower_is_better_and_no_target_for_the_year(layout):
    j = judge_row(layout.row("TS 1"), CATALOGUE["re-referrals-12m"], fig("re-referrals-12m", "310", "2024-25", 2500, 10000),
                  previous=fig("re-referrals-12m", "310", "2023-24", 3000, 10000))
    assert (j.rag, j.direction, j.change) == ("amber", "better", "down")  # 25 is 5 above 20: the edge
    no_target = judge_row(layout.row("TS 3"), CATALOGUE["icpc-15wd"], fig("icpc-15wd", "310", "2023-24", 8, 10))
    assert no_target.rag is None and no_target.rag_reason == "no target set for 2023-24"


def test_context_and_not_available(layout):
    row = layout.row("TS 21")
    # 3,000 children (Poisson 2,893-3,109) after 2,700 (2,600-2,803): a real rise
    j = judge_row(row, CATALOGUE["cla-rate"], fig("cla-rate", "310", "2024-25", 3000, None, value=60.0),
                  previous=fig("cla-rate", "310", "2023-24", 2700, None, value=54.0))
    assert (j.title, j.rag, j.direction, j.change) == ("CLA rate", None, None, "up")
    assert j.ci_low == pytest.approx(60 * 2893.0 / 3000, abs=0.02)  # the rate's interval: the count's, scaled
    # 300 after 280: intervals overlap, so no significant change
    j = judge_row(row, CATALOGUE["cla-rate"], fig("cla-rate", "310", "2024-25", 300, None, value=60.0),
                  previous=fig("cla-rate", "310", "2023-24", 280, None, value=56.0))
    assert (j.direction, j.change, j.significant) == ("same", "same", False)
    assert "context" in j.rag_reason
    na = judge_row(layout.row("TS 3"), CATALOGUE["icpc-15wd"],
                   fig("icpc-15wd", "310", "2024-25", None, None, status="not available",
                       reason="no CIN census for 2024-25"))
    assert (na.value, na.status, na.rag) == (None, "not available", None)
    assert na.rag_reason == "not available: no CIN census for 2024-25"


def test_judge_scorecard_computes_neighbours_from_the_store_las(layout):
    results = []
    for la, (num, den) in {"901": (45, 60), "902": (30, 60), "903": (54, 60), "904": (48, 60)}.items():
        results.append(fig("icpc-15wd", la, "2024-25", num, den))
        results.append(fig("re-referrals-12m", la, "2024-25", 20, 100))
    results.append(fig("icpc-15wd", "901", "2023-24", 42, 60))
    sections = judge_scorecard(layout, CATALOGUE, results, "901", "2024-25", neighbours=["902", "903"])
    ts3 = sections[0].rows[0]
    assert (ts3.value, ts3.rag, ts3.direction) == (75.0, "amber", "same")  # 70% of 60 last year: within chance
    c = ts3.comparators
    assert (c.neighbours_mean, c.neighbours_n) == (70.0, 2)  # 50% and 90%
    assert (c.rank, c.of) == (3, 4)  # 90, 80, 75, 50
    assert c.england == 81.4 and "definition" in c.england_basis
    assert (ts3.vs_neighbours, ts3.vs_england) == ("better", "worse")
    assert c.quartile_band == "C"  # cuts 68.75, 77.5, 82.5: 75 is in the 2nd band
    # but rank and band are only given from published figures: these are computed from the store
    assert (ts3.rank, ts3.quartile, ts3.as_dict()["quartile"]) == (None, None, None)
    cla = sections[1].rows[0]
    assert cla.status == "not available" and cla.reason == "no figure computed"


PART_YEAR = {
    "cla-3-placements": {"id": "cla-3-placements", "title": "3+ placements", "unit": "percent", "polarity": "down",
                         "kind": "cumulative", "source": "ssda903", "benchmark": {"england_2024_25": 10}},
    "adoptions": {"id": "adoptions", "title": "Adoptions", "unit": "count", "polarity": "up", "kind": "count",
                  "source": "ssda903", "benchmark": {"england_2024_25": 3040}},
    "icpc-15wd": {**CATALOGUE["icpc-15wd"], "kind": "per-event"},
}


@pytest.fixture
def part_year_layout(tmp_path):
    path = tmp_path / "layout.yaml"
    path.write_text(textwrap.dedent("""
        defaults: {amber: 2}
        sections:
          - name: Looked after
            rows:
              - {ref: TS 8, indicator: cla-3-placements, target: 10}
              - {ref: TS 15, indicator: adoptions, target: 20, profiled: {Q1: 5, Q2: 10, Q3: 15}}
              - {ref: TS 3, indicator: icpc-15wd, target: 80}
              - {ref: TS 8b, indicator: cla-3-placements, target: 10, profiled: {Q3: 4}}
    """), encoding="utf-8")
    return load_layout(path, PART_YEAR)


def count(indicator, la, period, n):
    return {"indicator": indicator, "la": la, "period": period, "numerator": n, "denominator": None,
            "value": n, "unit": "count", "status": "ok", "reason": None}


def test_cumulative_row_in_a_quarter_is_judged_on_the_rolling_12_months(part_year_layout):
    results = [
        fig("cla-3-placements", "901", "2024-25-Q3", 11, 319),         # 3.4% in the quarter alone
        fig("cla-3-placements", "901", "12m:2024-12-31", 35, 319),     # 11.0% over 12 months
        fig("cla-3-placements", "901", "12m:2024-09-30", 30, 310),
        fig("cla-3-placements", "901", "12m:2023-12-31", 20, 300),
        fig("cla-3-placements", "902", "12m:2024-12-31", 20, 200),
    ]
    ts8 = judge_scorecard(part_year_layout, PART_YEAR, results, "901", "2024-25-Q3")[0].rows[0]
    assert (ts8.basis, ts8.basis_period, ts8.basis_label) == ("rolling 12 months", "12m:2024-12-31",
                                                              "12 months to 31 Dec 2024")
    assert ts8.value == pytest.approx(3500 / 319) and ts8.target == 10
    assert ts8.rag == "amber"  # 0.97 points above 10, within 2
    assert ts8.in_period["value"] == pytest.approx(1100 / 319) and ts8.in_period["period"] == "2024-25-Q3"
    assert ts8.vs_previous.period == "12m:2024-09-30" and ts8.vs_last_year.period == "12m:2023-12-31"
    # the neighbours are the other LA's rolling 12 months, not its quarter
    assert ts8.comparators.neighbours_mean == pytest.approx(10.0)
    # the same row with a profiled Q3 target is judged on the quarter itself
    ts8b = judge_scorecard(part_year_layout, PART_YEAR, results, "901", "2024-25-Q3")[0].rows[3]
    assert (ts8b.basis, ts8b.value, ts8b.target, ts8b.rag) == ("period", pytest.approx(1100 / 319), 4, "green")
    assert ts8b.target_basis == "profiled target for Q3"


def test_a_count_is_never_compared_with_other_areas_and_takes_only_a_profiled_target(part_year_layout):
    results = [count("adoptions", "901", "2024-25-Q3", 3), count("adoptions", "902", "2024-25-Q3", 40),
               count("adoptions", "901", "2024-25-Q2", 12), count("adoptions", "901", "2024-25", 17),
               count("adoptions", "901", "2024-25-Q4", 4)]
    rows = judge_scorecard(part_year_layout, PART_YEAR, results, "901", "2024-25-Q3")[0].rows
    ts15 = rows[1]
    assert ts15.comparators is None and ts15.vs_england is None and ts15.region is None
    assert (ts15.rank, ts15.quartile) == (None, None)
    assert (ts15.target, ts15.rag, ts15.target_basis) == (15, "red", "profiled target for Q3")
    # 3 after 12: Poisson intervals (0.6-8.8) and (6.2-21.0) overlap -> no significant change
    assert ts15.direction == "same" and ts15.significant is False
    # Q4 has no profiled target: no rating, and the annual target is not used
    q4 = judge_scorecard(part_year_layout, PART_YEAR, results, "901", "2024-25-Q4")[0].rows[1]
    assert (q4.target, q4.rag) == (None, None) and "whole year" in q4.rag_reason
    # the whole year is rated against the annual target
    year = judge_scorecard(part_year_layout, PART_YEAR, results, "901", "2024-25")[0].rows[1]
    assert (year.target, year.rag) == (20, "red") and year.comparators is None  # 3 short, amber is 2


def test_pro_rata_profile():
    from csc_scorecard.assess.layout import parse_layout
    from csc_scorecard.indicators.period import parse_period

    layout = parse_layout({"sections": [{"name": "A", "rows": [
        {"ref": "X", "indicator": "adoptions", "target": 20, "profiled": "pro rata"}]}]}, "l.yaml", PART_YEAR)
    row = layout.row("X")
    assert row.profiled_target(parse_period("2024-25-Q2"))[0] == pytest.approx(5)
    assert row.profiled_target(parse_period("ytd:2024-12-31"))[0] == pytest.approx(15)


def test_bad_profiled_target_names_the_line():
    from csc_scorecard.assess.layout import parse_layout
    from csc_scorecard.errors import ConfigError

    with pytest.raises(ConfigError, match="profiled"):
        parse_layout({"sections": [{"name": "A", "rows": [
            {"ref": "X", "indicator": "adoptions", "target": 20, "profiled": 5}]}]}, "l.yaml", PART_YEAR)
    with pytest.raises(ConfigError, match='"Q5" is not a quarter'):
        parse_layout({"sections": [{"name": "A", "rows": [
            {"ref": "X", "indicator": "adoptions", "target": 20, "profiled": {"Q5": 5}}]}]}, "l.yaml", PART_YEAR)


def test_not_rated_when_most_of_the_cohort_is_unknown(layout):
    """20 of 30 known is rated; 10 known against 26 unknown (care began before the loaded history) is not:
    the known ones are a biased part of the cohort."""
    row = layout.row("TS 3")
    rated = judge_row(row, CATALOGUE["icpc-15wd"], {**fig("icpc-15wd", "310", "2024-25", 15, 20), "unknown": 10})
    assert rated.rag == "amber"  # 75% against 80, 5 points short: amber's edge
    withheld = judge_row(row, CATALOGUE["icpc-15wd"], {**fig("icpc-15wd", "310", "2024-25", 9, 10), "unknown": 26})
    assert withheld.rag is None and withheld.value == 90.0
    assert withheld.rag_reason == "not rated: the answer is unknown for most of the children behind it (26 of 36)"
    level = judge_row(row, CATALOGUE["icpc-15wd"], {**fig("icpc-15wd", "310", "2024-25", 9, 10), "unknown": 10})
    assert level.rag == "green"  # as many known as unknown: still rated
