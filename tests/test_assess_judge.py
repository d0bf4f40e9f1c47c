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
