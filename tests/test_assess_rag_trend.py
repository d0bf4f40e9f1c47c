"""RAG against target and direction of travel: both polarities, at the exact boundaries."""

from __future__ import annotations

import pytest

from csc_scorecard.assess.rag import Tolerance, parse_tolerance, rag
from csc_scorecard.assess.trend import direction, low_base, versus

FIVE = Tolerance(5)


@pytest.mark.parametrize("value, expected", [
    (90.0, "green"),   # above the target
    (85.0, "green"),   # equal to the target
    (84.9, "amber"),
    (80.0, "amber"),   # exactly at the edge of the tolerance
    (79.99, "red"),    # just beyond it
    (0.0, "red"),
])
def test_rag_higher_is_better(value, expected):
    assert rag(value, 85.0, "up", FIVE).rating == expected


@pytest.mark.parametrize("value, expected", [
    (15.0, "green"),
    (22.0, "green"),   # equal to the target
    (22.1, "amber"),
    (27.0, "amber"),   # at the edge
    (27.01, "red"),
])
def test_rag_lower_is_better(value, expected):
    assert rag(value, 22.0, "down", FIVE).rating == expected


def test_edge_survives_floating_point():
    # 85.1 - 5.1 is 79.99999999999999 in binary floating point: still the edge, so amber
    assert rag(85.1 - 5.1, 85.0, "up", FIVE).rating == "amber"


def test_relative_tolerance():
    ten_percent = parse_tolerance("10% of target")
    assert ten_percent == Tolerance(10, relative=True)
    # target 426 days, lower is better: amber up to 426 + 42.6 = 468.6
    assert rag(426, 426, "down", ten_percent).rating == "green"
    assert rag(468.6, 426, "down", ten_percent).rating == "amber"
    assert rag(468.7, 426, "down", ten_percent).rating == "red"
    # target 80%, higher is better: amber down to 72
    assert rag(72, 80, "up", ten_percent).rating == "amber"
    assert rag(71.9, 80, "up", ten_percent).rating == "red"


def test_no_tolerance_means_any_miss_is_red():
    assert rag(84.99, 85, "up").rating == "red"
    assert rag(85, 85, "up").rating == "green"


def test_no_rag_for_context_missing_value_or_target():
    assert rag(67, 60, "context", FIVE).rating is None
    assert "context" in rag(67, 60, "context", FIVE).reason
    assert rag(None, 60, "up", FIVE).reason == "no value"
    assert rag(67, None, "up", FIVE).reason == "no target"


def test_reason_and_shortfall():
    r = rag(81, 85, "up", FIVE)
    assert (r.rating, r.shortfall) == ("amber", 4)
    assert "misses the target by 4" in r.reason


@pytest.mark.parametrize("text", ["10 percent", "-3", "abc", "10% of previous"])
def test_bad_tolerances(text):
    with pytest.raises(ValueError):
        parse_tolerance(text)


def test_tolerance_forms():
    assert parse_tolerance(5) == Tolerance(5.0)
    assert parse_tolerance("2.5") == Tolerance(2.5)
    assert parse_tolerance("1% of previous", relative_to="previous") == Tolerance(1.0, relative=True)


@pytest.mark.parametrize("polarity, value, earlier, moved, judged", [
    ("up", 88.0, 85.0, "up", "better"),
    ("up", 82.0, 85.0, "down", "worse"),
    ("down", 20.0, 22.0, "down", "better"),
    ("down", 24.0, 22.0, "up", "worse"),
    ("up", 85.0, 85.0, "same", "same"),
    ("context", 70.0, 67.0, "up", None),
    ("context", 60.0, 67.0, "down", None),
    ("context", 67.0, 67.0, "same", "same"),
])
def test_direction_of_travel(polarity, value, earlier, moved, judged):
    t = direction(value, earlier, polarity)
    assert (t.direction, t.judgement) == (moved, judged)
    assert t.change == pytest.approx(value - earlier)


def test_same_within_threshold_boundaries():
    half = Tolerance(0.5)
    assert direction(85.5, 85.0, "up", half).judgement == "same"     # exactly at the threshold
    assert direction(84.5, 85.0, "up", half).judgement == "same"
    assert direction(85.51, 85.0, "up", half).judgement == "better"  # just beyond
    assert direction(84.49, 85.0, "up", half).judgement == "worse"
    one_percent = Tolerance(1, relative=True)  # of the earlier value: 2 days on 200
    assert direction(202, 200, "down", one_percent).judgement == "same"
    assert direction(203, 200, "down", one_percent).judgement == "worse"


def test_nothing_to_compare():
    t = direction(85, None, "up", against="same period last year", period="2023-24")
    assert (t.direction, t.judgement, t.change, t.period) == (None, None, None, "2023-24")


def test_versus_comparator():
    assert versus(80, 85.7, "up") == "worse"
    assert versus(15.6, 18.84, "down") == "better"
    assert versus(67, 60, "context") is None
    assert versus(80, None, "up") is None


@pytest.mark.parametrize("unit, denominator, flagged", [
    ("percent", 9, True), ("percent", 1, True), ("percent", 10, False), ("percent", 0, False),
    ("percent", None, False), ("count", 3, False),
])
def test_low_base(unit, denominator, flagged):
    assert low_base(unit, denominator) is flagged
    assert low_base("percent", 14, threshold=15) is True
