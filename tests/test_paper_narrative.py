"""The narrative engine: each rule fires and does not fire on hand-set judged rows; merging; wording."""

from __future__ import annotations

from datetime import date

import pytest

from csc_scorecard.assess import narrative
from csc_scorecard.assess.framework import framework_for, frameworks
from csc_scorecard.assess.narrative import Earlier, Fact, RULES_BY_ID, draft, fired
from csc_scorecard.indicators.loader import load_catalogue

ILACS = framework_for(date(2025, 6, 1))


def fact(**kw) -> Fact:
    base = dict(ref="TS 2", indicator="assessments-45wd", title="Assessments completed within 45 working days",
                unit="percent", polarity="up", period="2024-25", value=80.0, numerator=800, denominator=1000,
                theme="timeliness", judgement="help-and-protection")
    base.update(kw)
    return Fact(**base)


def ids(f: Fact) -> set[str]:
    return {r.id for r in fired(f)}


def sig(judgement: str, value: float, n: float, d: float, period: str = "2023-24") -> Earlier:
    return Earlier(period, value, n, d, judgement, testable=True, significant=True)


@pytest.mark.parametrize("rule, fires, quiet", [
    ("S-GREEN-COMPARED", dict(rag="green", vs_england="better"), dict(rag="green", vs_england="worse",
                                                                      vs_neighbours="worse")),
    ("S-GREEN-COMPARED", dict(rag="green", vs_neighbours="same"), dict(rag="amber", vs_neighbours="better")),
    ("S-TOP-QUARTILE", dict(quartile="A"), dict(quartile="B")),
    ("S-IMPROVED", dict(previous=sig("better", 70, 700, 1000)),
     dict(previous=Earlier("2023-24", 79, 790, 1000, "better", True, False))),
    ("S-IMPROVED", dict(last_year=sig("better", 70, 700, 1000)), dict(last_year=sig("worse", 90, 900, 1000))),
    ("W-RED", dict(rag="red"), dict(rag="amber")),
    ("W-AMBER-WORSE", dict(rag="amber", previous=sig("worse", 90, 900, 1000)),
     dict(rag="green", previous=sig("worse", 90, 900, 1000))),
    ("W-AMBER-WORSE", dict(rag="amber", vs_england="worse", england_significant=True),
     dict(rag="amber", vs_england="worse", england_significant=False)),
    ("W-BOTTOM-QUARTILE", dict(quartile="D"), dict(quartile="C")),
    ("W-WORSE-THAN-BOTH", dict(vs_neighbours="worse", vs_england="worse"),
     dict(vs_neighbours="worse", vs_england="better")),
    ("W-FELL-FROM-STRENGTH", dict(strength_last_time=True, previous=sig("worse", 90, 900, 1000)),
     dict(strength_last_time=False, previous=sig("worse", 90, 900, 1000))),
    ("W-FELL-FROM-STRENGTH", dict(strength_last_time=True, previous=sig("worse", 90, 900, 1000)),
     dict(strength_last_time=True, previous=Earlier("2023-24", 81, 810, 1000, "worse", True, False))),
])
def test_each_rule_fires_and_does_not(rule, fires, quiet):
    assert rule in ids(fact(**fires))
    assert rule not in ids(fact(**quiet))
    assert RULES_BY_ID[rule].description


def test_context_and_missing_figures_fire_nothing():
    assert ids(fact(polarity="context", rag=None, quartile="A")) == set()
    assert ids(fact(value=None, rag="red")) == set()


def test_a_weakness_rule_wins_over_a_strength_rule():
    f = fact(rag="green", vs_england="better", quartile="D")
    points = draft([f], ILACS)["help-and-protection"]
    assert [p.side for p in points] == ["weakness"]
    assert set(points[0].rules["TS 2"]) == {"S-GREEN-COMPARED", "W-BOTTOM-QUARTILE"}


def test_related_indicators_merge_into_one_point_citing_every_ref():
    a = fact(ref="TS 2", rag="red", target=85.7)
    c = fact(ref="TS 3", indicator="icpc-15wd", title="Initial child protection conferences within 15 working days",
             rag="red", value=70.0, numerator=70, denominator=100, target=81.4)
    other = fact(ref="TS 8", indicator="cla-3-placements", title="Children with 3 or more placements", theme="stability",
                 polarity="down", rag="red", judgement="children-in-care", value=12.0, numerator=12, denominator=100,
                 target=10)
    out = draft([c, a, other], ILACS)
    hp = out["help-and-protection"]
    assert len(hp) == 1 and hp[0].refs == ["TS 2", "TS 3"]
    assert hp[0].text.endswith("(TS 2, TS 3).")
    assert hp[0].text.startswith("Timeliness of assessments and child protection conferences needs to improve. "
                                 "Assessments completed within 45 working days stood at 80.0%")
    assert ". Initial child protection conferences within 15 working days stood at 70.0%" in hp[0].text
    assert "80.0% in 2024-25 (800 of 1,000)" in hp[0].text and "70.0%" in hp[0].text
    assert "below the target of 85.7%" in hp[0].text
    assert [p.refs for p in out["children-in-care"]] == [["TS 8"]]
    assert "above the target of 10.0%" in out["children-in-care"][0].text
    assert hp[0].figures[0]["value"] == 80.0 and hp[0].fingerprint


def test_a_theme_with_strengths_and_weaknesses_is_variable():
    good = fact(ref="TS 4", indicator="cp-reviews-in-time", title="Child protection plans reviewed within timescales",
                theme="compliance", rag="green", vs_england="better", value=95.0, numerator=95, denominator=100)
    bad = fact(ref="TS 6", indicator="cp-visits-in-time", title="Children on a plan visited within timescale",
               theme="compliance", rag="red", value=60.0, numerator=60, denominator=100)
    points = draft([good, bad], ILACS)["help-and-protection"]
    assert [p.side for p in points] == ["strength", "weakness"]
    # neither point claims the whole theme: variable, a strength in part and in part needing to improve
    assert points[0].text.startswith("Compliance with social care processes (reviews and visits) is variable, and a "
                                     "strength in part.")
    assert points[1].text.startswith("Compliance with social care processes (reviews and visits) is variable, and in "
                                     "part needs to improve.")
    # a theme with one side only keeps its plain lead
    assert draft([good], ILACS)["help-and-protection"][0].text.startswith(
        "Compliance with social care processes (reviews and visits) is a strength.")


def test_compliance_also_counts_under_leaders():
    bad = fact(ref="TS 7", indicator="cla-reviews-in-time", title="Reviews on time", theme="compliance",
               judgement="children-in-care", rag="red")
    out = draft([bad], ILACS)
    assert [p.refs for p in out["impact-of-leaders"]] == [["TS 7"]]
    assert [p.refs for p in out["children-in-care"]] == [["TS 7"]]


def test_wording_non_significant_change_is_broadly_stable():
    # the judge calls a change whose intervals overlap "same", with significant False
    for judged in ("same", "better"):
        f = fact(rag="red", target=85.7, previous=Earlier("2023-24", 79.0, 790, 1000, judged, True, False))
        text = draft([f], ILACS)["help-and-protection"][0].text
        assert "it remained broadly stable (79.0% in 2023-24, a change within chance variation)" in text
        assert "up from" not in text
    f = fact(rag="red", target=85.7, previous=Earlier("2023-24", 80.0, 800, 1000, "same", True, False))
    assert "it was unchanged (80.0% in 2023-24)" in draft([f], ILACS)["help-and-protection"][0].text
    f = fact(rag="red", target=85.7, previous=sig("worse", 90.0, 900, 1000))
    text = draft([f], ILACS)["help-and-protection"][0].text
    assert "down from 90.0% in 2023-24, a significant decline" in text


def test_wording_low_base():
    f = fact(rag="red", value=50.0, numerator=3, denominator=6, low_base=True, target=85.7,
             previous=Earlier("2023-24", 100.0, 5, 5, "worse", False, False))
    text = draft([f], ILACS)["help-and-protection"][0].text
    assert "(3 of 6, a low base)" in text
    assert "a low base, so one child moves the figure a long way" in text
    assert "decline" not in text


def test_wording_public_suppresses_small_numbers():
    f = fact(rag="red", value=50.0, numerator=3, denominator=6, low_base=True)
    point = draft([f], ILACS, public=True)["help-and-protection"][0]
    assert "3 of 6" not in point.text and "50.0%" not in point.text and "(c:" in point.text and "(TS 2)" in point.text
    # nor do the figures it records hold the counts, while its fingerprint is the one the full draft has
    assert [(q["numerator"], q["denominator"]) for q in point.figures] == [(None, None)]
    full = draft([f], ILACS)["help-and-protection"][0]
    assert [(q["numerator"], q["denominator"]) for q in full.figures] == [(3, 6)]
    assert point.fingerprint == full.fingerprint


def test_frameworks_by_date_and_choice():
    assert framework_for(date(2026, 6, 1)).id == "ilacs-2026"
    assert "overall" not in {j.id for j in framework_for(date(2026, 6, 1)).judgements}
    assert framework_for(date(2025, 6, 1)).id == "ilacs-2023"
    assert framework_for(date(2022, 6, 1)).judgement_of("x", {"ilacs2023": "care-leavers"}) == "children-in-care"
    sif = framework_for(date(2026, 6, 1), "sif-2013")
    assert sif.judgement_of("x", {"sif2013": "adoption"}) == "adoption"
    assert set(frameworks()) >= {"sif-2013", "ilacs-2018", "ilacs-2023", "ilacs-2026"}


def test_every_indicator_has_a_known_theme():
    known = narrative.themes()
    for ind in load_catalogue():
        assert ind.extra.get("theme") in known, ind.id


def _judged(current, previous, target=85.7):
    from csc_scorecard.assess.judge import judge_row
    from csc_scorecard.assess.layout import Row

    catalogue = load_catalogue()
    row = Row(ref="TS 2", indicator="assessments-45wd", section="Help", every_year=target)

    def fig(period, n, d):
        return {"indicator": "assessments-45wd", "la": "999", "period": period, "numerator": n, "denominator": d,
                "value": 100 * n / d, "unit": "percent", "status": "ok", "reason": None}
    j = judge_row(row, catalogue.get("assessments-45wd"), fig("2024-25", *current),
                  previous=fig("2023-24", *previous), last_year=fig("2023-24", *previous), period="2024-25")
    return j, {("assessments-45wd", "2023-24"): fig("2023-24", *previous)}


def test_facts_from_the_judge_use_its_chance_variation_test():
    # 700/1000 against 800/1000: Wilson intervals 67.1-72.7 and 77.4-82.4 do not overlap
    j, figures = _judged((700, 1000), (800, 1000))
    [f] = narrative.facts_from([j], ILACS, themes_of={"assessments-45wd": "timeliness"}, figures=figures)
    assert f.rag == "red" and f.previous.significant and f.previous.judgement == "worse"
    point = draft([f], ILACS)["help-and-protection"][0]
    assert "down from 80.0% in 2023-24, a significant decline" in point.text
    assert "W-RED" in point.rules["TS 2"]
    # 78/100 against 80/100 overlap: broadly stable, whatever the judge's tolerance
    j, figures = _judged((78, 100), (80, 100))
    [f] = narrative.facts_from([j], ILACS, themes_of={"assessments-45wd": "timeliness"}, figures=figures)
    assert not f.previous.significant
    assert "remained broadly stable (80.0% in 2023-24" in draft([f], ILACS)["help-and-protection"][0].text
