"""A hand-made, judged scorecard for the renderer tests.

Shaped like what Project.report hands the renderers; every figure is written
out here so the tests can assert exact cells, colours and text.
"""

from __future__ import annotations

from datetime import date, datetime

from csc_scorecard.assess.history import History
from csc_scorecard.report.model import (
    BandSeries, Comparator, DurationBands, Figure, Line, Scorecard, Section,
)

PERIODS = ["2020-21", "2021-22", "2022-23", "2023-24", "2024-25"]


def figures(values, num_den=None, low_base_last=False):
    out = []
    for i, (p, v) in enumerate(zip(PERIODS, values)):
        n, d = (num_den[i] if num_den else (None, None))
        last = i == len(values) - 1
        out.append(Figure(p, v, n, d, "ok" if v is not None else "not available",
                          "" if v is not None else "no CIN census loaded for 2020-21",
                          low_base=low_base_last and last))
    return out


def sample_scorecard(public: bool = False) -> Scorecard:
    assessments = Line(
        "TS 2", "assessments-45wd", "Assessments completed within 45 working days", "percent", "up",
        figures([None, 78.0, 81.25, 84.0, 88.4],
                [(None, None), (390, 500), (455, 560), (504, 600), (530, 599.5)]),
        definition="Of the assessments authorised in the period, the percentage authorised within 45 working "
                   "days of their start.",
        source="cin", judgement_area="help-and-protection", target=85.0, rag="green",
        rag_reason="at or above the target of 85.0%", direction="better", change="up",
        direction_last_year="better",
        neighbours_mean=Comparator(83.1, "2023-24", "LAIT 2023-24"), neighbours_median=Comparator(84.0, "2023-24", "LAIT 2023-24"),
        england=Comparator(85.7, "2024-25", "DfE 2024-25"), quartile="B")
    re_referrals = Line(
        "TS 1", "re-referrals-12m", "Re-referrals within 12 months", "percent", "down",
        figures([21.0, 22.5, 23.0, 24.0, 26.5], [(210, 1000), (225, 1000), (230, 1000), (240, 1000), (265, 1000)]),
        definition="Of the referrals in the period, the percentage for a child referred in the 12 months before.",
        source="cin", judgement_area="help-and-protection", target=22.0, rag="red",
        rag_reason="above the target of 22.0% by more than 2 points", direction="worse", change="up",
        direction_last_year="worse", neighbours_mean=Comparator(21.4, "2023-24", "LAIT 2023-24"),
        england=Comparator(22.6, "2024-25", "DfE 2024-25"), quartile="D",
        region=Comparator(21.9, "2023-24", "LAIT 2023-24"), rank=120, rank_of=152)
    duration = Line(
        "TS 24", "assessment-duration-wd", "Median assessment duration (working days)", "days", "down",
        figures([None, 36.0, 35.0, 34.0, 33.0]), source="cin", judgement_area="help-and-protection",
        target=None, rag=None, direction="better", change="down", england=Comparator(33.0, "2024-25", "DfE 2024-25"))
    second_plan = Line(
        "TS 23", "cp-second-plan", "Child protection plans starting: second or later plan", "percent", "down",
        figures([20.0, 25.0, 18.0, 22.0, 37.5], [(2, 10), (2, 8), (1, 6), (2, 9), (3, 8)], low_base_last=True),
        source="cin", judgement_area="help-and-protection", target=20.0, rag="amber",
        rag_reason="within 2 points of the target", direction="worse", change="up", low_base=True,
        england=Comparator(24.5, "2024-25", "DfE 2024-25"))
    placements = Line(
        "TS 8", "cla-3-placements", "Children looked after with 3 or more placements in the year", "percent",
        "down", figures([11.0, 10.5, 10.0, 9.8, 10.1], [(44, 400), (42, 400), (40, 400), (39, 398), (41, 406)]),
        source="ssda903", judgement_area="looked-after", target=10.0, rag="amber",
        rag_reason="within 1 point of the target", direction="worse", change="up",
        neighbours_mean=Comparator(9.9, "2023-24", "LAIT 2023-24"), england=Comparator(10.0, "2024-25", "DfE 2024-25"),
        quartile="C")
    cla_rate = Line(
        "TS 21", "cla-rate", "Children looked after per 10,000 children", "rate10k", "context",
        figures([60.2, 61.0, 62.4, 63.0, 63.0], [(301, None), (305, None), (312, None), (315, None), (315, None)]),
        source="ssda903", judgement_area="looked-after", direction="same", change="same",
        neighbours_mean=Comparator(70.5, "2023-24", "LAIT 2023-24"), england=Comparator(67.0, "2024-25", "DfE 2024-25"))
    adoptions = Line(
        "TS 15", "adoptions", "Children adopted", "count", "up",
        figures([12, 15, 9, 11, 14]), source="ssda903", judgement_area="looked-after", target=12, rag="green",
        direction="better", change="up")
    eet = Line(
        "TS 10", "care-leavers-eet-19-21", "Care leavers aged 19–21 in education, employment or training",
        "percent", "up", figures([50.0, 52.0, 55.0, 53.0, 57.0], [(50, 100), (52, 100), (55, 100), (53, 100), (57, 100)]),
        source="ssda903", judgement_area="care-leavers", target=60.0, rag="red", direction="better", change="up",
        england=Comparator(54.0, "2024-25", "DfE 2024-25"), neighbours_mean=Comparator(55.5, "2023-24", "LAIT 2023-24"))
    workforce = Line(
        "WF 1", "agency-social-workers", "Agency social workers (% of posts)", "percent", "down",
        figures([None, None, None, None, None]), source="supplied", judgement_area="leadership",
        target=15.0, note="No value supplied for 2024-25.")
    # year by year for the trend chart: two years from the LA's published figures, then its own
    re_referrals.history_series = History(
        ["2020-21", "2021-22", "2022-23", "2023-24", "2024-25"], [20.0, 21.0, 23.0, 24.0, 26.5],
        [True, True, False, False, False], [22.0] * 5, [22.1, 21.5, 22.4, 22.4, 22.6], [19.0, 18.0, 18.9, 18.8, 19.4],
        [20.5, 20.0, 21.0, 21.4, 21.2], region_name="Sampleshire region")
    bands = DurationBands(
        current=BandSeries("2024-25", (30, 60, 80, 120, 140, 100, 50, 20), 33.0),
        previous=BandSeries("2023-24", (20, 50, 70, 110, 150, 96, 70, 34), 35.0))
    return Scorecard(
        la="999", la_name="Sampleshire", period="2024-25", compare_to="2023-24", periods=PERIODS,
        sections=[
            Section("Children in need of help and protection", [re_referrals, assessments, second_plan, duration]),
            Section("Children looked after and achieving permanence", [placements, adoptions, cla_rate]),
            Section("Care leavers", [eet]),
            Section("Leadership and workforce", [workforce]),
        ],
        timeliness=bands, data_as_at=date(2025, 3, 31), generated_at=datetime(2025, 5, 1, 9, 30),
        public=public)
