"""Rough calibration: a medium LA drawn at the England values comes out near them.

The ranges are wide on purpose: one LA-year is a sample of a few hundred to a
few thousand cases, and the point is to catch a generator that drifts (a
change that halves assessment times, or stops children leaving care), not to
pin decimals. England 2024-25 values are in ../shared/INDICATORS.md.
"""

from __future__ import annotations

import random
import statistics

import pytest

from csc_scorecard.synth.generate import region
from csc_scorecard.synth.measure import measure
from csc_scorecard.synth.rates import SIZES, draw_params
from csc_scorecard.synth.simulate import Sim

# indicator: (England 2024-25, lowest, highest) accepted for one medium LA-year
RANGES = {
    "re_referrals_pct": (22.6, 18, 27),
    "nfa_pct": (6.5, 3, 10),
    "assessments_45wd_pct": (85.7, 75, 95),
    "assessment_median_wd": (33, 27, 39),
    "icpc_15wd_pct": (81.4, 70, 92),
    "cp_second_pct": (24.5, 15, 33),
    "cp_reviews_in_time_pct": (90.6, 82, 98),
    "cla_3_placements_pct": (10, 5, 15),
    "cla_long_term_stability_pct": (69, 55, 82),
    "cla_missing_pct": (11, 5, 17),
    "adoptions_of_ceased_pct": (9, 3, 16),
    "oc2_health_assessments_pct": (90, 82, 97),
    "care_leavers_eet_19_21_pct": (54, 40, 68),
}


@pytest.fixture(scope="module")
def england_like():
    info = region()["las"]["309"]
    params = draw_params(random.Random(0), "309", info, SIZES["medium"], jitter=False)
    return params, Sim(params, 7, 2023, 2025).run()


def test_a_medium_la_at_england_rates_comes_out_near_england(england_like):
    params, la = england_like
    m = measure(la, 2025)
    outside = {k: (m[k], lo, hi) for k, (_, lo, hi) in RANGES.items() if not lo <= m[k] <= hi}
    assert outside == {}
    # volumes: the size asked for (medium ~3,000 referrals and ~300 in care), give or take
    assert 0.85 * params.referrals <= m["referrals"] <= 1.15 * params.referrals
    assert 0.8 * params.cla_stock <= m["cla_31_march"] <= 1.25 * params.cla_stock
    assert 0.75 * params.cla_starts <= m["cla_started"] <= 1.25 * params.cla_starts


def test_every_year_of_the_history_is_in_steady_state(england_like):
    _, la = england_like
    first, last = measure(la, 2023), measure(la, 2025)
    assert abs(first["cla_31_march"] - last["cla_31_march"]) <= 0.2 * last["cla_31_march"]
    assert abs(first["cp_open"] - last["cp_open"]) <= 0.25 * last["cp_open"]
    assert abs(first["assessments_45wd_pct"] - last["assessments_45wd_pct"]) <= 6


def test_a_region_spreads_around_england():
    info = region()["las"]
    draw = random.Random("5:params")
    values = []
    for i, code in enumerate(list(info)[:7]):
        params = draw_params(draw, code, info[code], SIZES["medium"] / 4)
        values.append(measure(Sim(params, 5, 2025, 2025).run(), 2025)["assessments_45wd_pct"])
    assert 80 <= statistics.mean(values) <= 91
    assert statistics.stdev(values) >= 2.0  # LAs differ, as real ones do
    assert max(values) - min(values) >= 6


@pytest.mark.slow
def test_a_medium_las_children_placed_over_20_miles_away_come_out_near_england(tmp_path):
    """Through the store and the indicator, with real distances: England 18%, this LA drawn around it."""
    from csc_scorecard.project import Project
    from csc_scorecard.reference.postcodes import load_postcodes, used_postcodes
    from csc_scorecard.synth.generate import generate

    generate(tmp_path / "out", seed=42, size="medium", years=1, end_year=2025, las=1, annex_a="none")
    project = Project(tmp_path / "store.duckdb", tmp_path / "out" / "scorecard.yaml")
    assert project.load([tmp_path / "out" / "309" / "2024-25"], la="309", year=2025).ok
    con = project.connect()
    try:
        load_postcodes(con, own={"309": "E09000014"}, only=used_postcodes(con))
    finally:
        con.close()
    [result] = project.indicators("2024-25", la="309", ids=["cla-placed-20-miles"])
    assert result.status == "ok" and result.unknown == 0  # every postcode is real: no child is unknown
    assert result.denominator > 200
    assert 8 <= result.value <= 30
