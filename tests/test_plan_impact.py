"""Before and after: the scorecard's chance-variation test on hand-built figures and a hand-built store."""

from __future__ import annotations

from datetime import date

import json

import pytest
from click.testing import CliRunner

from csc_scorecard.assess.significance import wilson_interval
from csc_scorecard.cli import main
from csc_scorecard.indicators.engine import Result
from csc_scorecard.plan import impact
from csc_scorecard.project import Project
from plan_helpers import assessments, settings_file, store_with


def fig(k, n, unit="percent", value=None):
    r = Result("x", "999", "p", k, n, value if value is not None else (100 * k / n if unit == "percent" else k), unit)
    return impact.Figure.of(impact.span(date(2024, 1, 1), date(2024, 3, 31)), r)


def test_phrases_for_hand_computed_figures():
    # 40% of 20 [21.9-61.3] against 95% of 20 [76.4-99.1]: the intervals do not overlap
    assert wilson_interval(8, 20)[1] < wilson_interval(19, 20)[0]
    up = impact.movement(fig(8, 20), fig(19, 20), polarity="up", target=90)
    assert (up.phrase, up.direction, up.significant) == (impact.BEYOND, "better", True)
    assert up.change == pytest.approx(55.0)
    down = impact.movement(fig(19, 20), fig(8, 20), polarity="up", target=90)
    assert (down.phrase, down.direction) == (impact.WRONG_WAY, "worse")
    # 10 of 20 against 12 of 20: better, but within chance
    same = impact.movement(fig(10, 20), fig(12, 20), polarity="up", target=90)
    assert (same.phrase, same.direction, same.significant) == (impact.NO_CHANGE, "better", False)
    # a lower-is-better indicator falling a lot is good news
    assert impact.movement(fig(60, 100), fig(20, 100), polarity="down", target=20).phrase == impact.BEYOND
    # counts: Poisson intervals of 10 [4.8-18.4] and 40 [28.6-54.5]
    assert impact.movement(fig(10, None, "count"), fig(40, None, "count"), polarity="up", target=None).phrase == impact.BEYOND
    assert impact.movement(fig(10, None, "count"), fig(14, None, "count"), polarity="up", target=None).phrase == impact.NO_CHANGE
    # a context indicator: the plan's target says which way is better (from 62 towards 55 is down)
    ctx = impact.movement(fig(62, None, "count"), fig(30, None, "count"), polarity="context", target=40)
    assert (ctx.better, ctx.phrase) == ("down", impact.BEYOND)
    # a median: no test
    med = impact.movement(fig(None, 50, "days", 40), fig(None, 50, "days", 30), polarity="down", target=30)
    assert (med.phrase, med.significant) == (impact.UNTESTED_RIGHT, None)
    # not available after: not measurable, with the reason
    na = impact.Figure("q", date(2024, 1, 1), date(2024, 3, 31), None, None, None, "not available", "no data")
    assert impact.movement(fig(8, 20), na, polarity="up", target=90).reason == "q: no data"


def test_windows_are_equal_lengths_either_side_of_the_start():
    before, after = impact.windows(date(2024, 10, 1), date(2024, 12, 31), kind="per-event")
    assert (after.start, after.end) == (date(2024, 10, 1), date(2024, 12, 31))
    assert (before.start, before.end) == (date(2024, 7, 1), date(2024, 9, 30))
    assert (after.end - after.start) == (before.end - before.start)
    # at most the last 12 months after
    before, after = impact.windows(date(2023, 1, 1), date(2024, 12, 31), kind="count")
    assert (after.start, before.start, before.end) == (date(2024, 1, 1), date(2021, 12, 31), date(2022, 12, 31))
    # a snapshot: the day before the start against the report date
    before, after = impact.windows(date(2024, 10, 1), date(2024, 12, 31), kind="snapshot")
    assert (before.start, before.end, after.start) == (date(2024, 9, 30), date(2024, 9, 30), date(2024, 12, 31))
    # whole-year indicators: the year before against the first whole year since (none yet here)
    before, after = impact.windows(date(2024, 4, 1), date(2024, 12, 31), kind="snapshot", periods="financial-year")
    assert (before.name, after) == ("2023-24", None)
    assert impact.windows(date(2025, 1, 1), date(2024, 12, 31), kind="per-event") is None


def test_before_and_after_on_a_hand_built_store(tmp_path):
    """Assessments: 8 of 20 on time in July-September 2024, 19 of 20 in October-December, action from
    1 October: the report shows 40% -> 95%, beyond chance variation."""
    rows = [(date(2024, 7, 10 + i % 20), i < 8) for i in range(20)]
    rows += [(date(2024, 10, 7 + i % 20), i < 19) for i in range(20)]
    db = store_with(tmp_path / "store.duckdb", "assessment", assessments(rows))
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "title: Test plan\nthemes: child-journey\npriorities:\n"
        "  - {id: P1, theme: Help and protection, title: On time, actions: [\n"
        "      {id: A1, title: Tracker, owner: Manager, start: 2024-10-01, due: 2024-12-15, status: In progress,\n"
        "       percent_complete: 50, indicators: [{ref: TS 2, target: 90, by: 2025-03-31}]}]}\n", encoding="utf-8")
    project = Project(db, settings_file(tmp_path))
    project.plan_import(plan, by="tester")
    report, files = project.plan_report("2024-25-Q3", out=tmp_path / "out")
    ev = report.links[("A1", "assessments-45wd")]
    assert (ev["evidence"]["before"]["numerator"], ev["evidence"]["before"]["denominator"]) == (8, 20)
    assert (ev["evidence"]["after"]["numerator"], ev["evidence"]["after"]["denominator"]) == (19, 20)
    assert ev["movement"] == impact.BEYOND
    assert [(s["period"], s["value"]) for s in ev["series"]] == [
        ("2024-25-Q2", 40.0), ("2024-25-Q3", 95.0)]
    assert report.actions["A1"].overdue is True and report.actions["A1"].days_overdue == 16
    assert sorted(files) == ["plan-report.html", "plan-report.json", "plan-report.xlsx"]
    html = files["plan-report.html"].read_text(encoding="utf-8")
    assert "moved beyond chance variation since the action began" in html and "Overdue 16" in html
    # the forecast hook for the scorecard: every layout row with a target, plan or no plan
    rows = {f["ref"]: f for f in project.forecasts("2024-25-Q3")}
    assert rows["TS 2"]["method"] == "year to date + rest of year" and rows["TS 2"]["target"] == 85.7
    # 27 of 40 on time so far, and no assessments in January-March 2024 to expect more of: 67.5%
    assert rows["TS 2"]["point"] == pytest.approx(67.5) and rows["TS 2"]["status"] == "off track"
    assert rows["TS 10"]["method"] == "not forecast"
    paper = project.plan_for_paper("2024-25-Q3")
    assert paper == [{"theme": "Help and protection", "priority": "On time", "actions": [{
        "id": "A1", "title": "Tracker", "owner": "Manager", "due": date(2024, 12, 15), "status": "In progress",
        "rag": "Red", "percent_complete": 50.0,
        "indicators": [{"ref": "TS 2", "indicator": "Assessments completed within 45 working days",
                        "movement": impact.BEYOND}]}]}]


    # the same through the command line
    args = ["--db", str(db), "--settings", str(project.settings_path)]
    r = CliRunner().invoke(main, ["plan", "report", "--period", "2024-25-Q3", "--out", str(tmp_path / "cli"),
                                  "--format", "json", *args])
    assert r.exit_code == 0, r.output
    assert "A1     In progress  Red    OVERDUE 16 days" in r.output
    assert "TS 2   moved beyond chance variation since the action began" in r.output
    saved = json.loads((tmp_path / "cli" / "plan-report.json").read_text(encoding="utf-8"))
    assert saved["summary"]["overdue"] == 1 and saved["themes"][0]["theme"] == "Help and protection"


def test_paper_gets_nothing_without_a_plan(tmp_path):
    project = Project(tmp_path / "none.duckdb", settings_file(tmp_path))
    assert project.plan_for_paper("2024-25-Q3") == []
