"""The scorecard's share of the improvement plan: each row links to the actions that target it, and
`--forecast` adds the year-end forecast column, in the HTML, the workbook, the JSON and the CSV."""

from __future__ import annotations

import csv
import json
from datetime import date

import openpyxl
from click.testing import CliRunner

from csc_scorecard.cli import main
from csc_scorecard.project import Project
from csc_scorecard.report.model import Figure, Line, PlanAction, Scorecard, Section
from csc_scorecard.report.plan_links import attach_actions, attach_forecasts
from csc_scorecard.indicators.period import parse_period

from plan_helpers import assessments, settings_file, store_with

PLAN = ("title: Test plan\nthemes: child-journey\npriorities:\n"
        "  - {id: P1, theme: Help and protection, title: On time, actions: [\n"
        "      {id: A1, title: Tracker, owner: Manager, start: 2024-10-01, due: 2024-12-15, status: In progress,\n"
        "       percent_complete: 50, indicators: [{ref: TS 2, target: 90, by: 2025-03-31}]},\n"
        "      {id: A2, title: Huddle, owner: Lead, start: 2024-10-01, due: 2025-02-01, status: Not started,\n"
        "       indicators: [{ref: TS 2}, {ref: TS 1}]}]}\n")


def project_with_plan(tmp_path) -> Project:
    """8 of 20 assessments on time in July-September 2024, 19 of 20 in October-December (as in
    test_plan_impact): 27 of 40 on time in the year to date, nothing last January-March to add."""
    rows = [(date(2024, 7, 10 + i % 20), i < 8) for i in range(20)]
    rows += [(date(2024, 10, 7 + i % 20), i < 19) for i in range(20)]
    db = store_with(tmp_path / "store.duckdb", "assessment", assessments(rows))
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    project = Project(db, settings_file(tmp_path))
    project.plan_import(plan, by="tester")
    return project


def test_rows_link_to_their_actions_and_the_forecast_column_when_asked(tmp_path):
    project = project_with_plan(tmp_path)
    out = tmp_path / "card"
    result = project.report("2024-25-Q3", out=out, forecast=True, allow_empty=True)
    lines = {line.ref: line for line in result.scorecard.lines}
    assert [a.id for a in lines["TS 2"].actions] == ["A1", "A2"]
    assert [a.id for a in lines["TS 1"].actions] == ["A2"]
    assert lines["TS 2"].actions[0].target == 90 and lines["TS 2"].actions[0].by == date(2025, 3, 31)
    assert not lines["TS 3"].actions
    f = lines["TS 2"].forecast
    assert f.point == 67.5 and f.target == 85.7 and f.status == "off track"  # 27 of 40, nothing more to come
    assert f.year_end == date(2025, 3, 31) and result.scorecard.forecast_to == date(2025, 3, 31)

    html = (out / "scorecard.html").read_text(encoding="utf-8")
    assert "Forecast to 31 Mar 2025" in html and "67.5%" in html and "off track" in html
    assert '<a href="#action-A1" title="Tracker">A1</a>' in html and '<tr id="action-A1">' in html
    assert '<a href="#assessments-45wd">TS 2</a>' in html  # and back from the action to the row
    assert "to 90.0% by 31 Mar 2025" in html

    data = json.loads((out / "scorecard.json").read_text(encoding="utf-8"))
    row = next(r for r in data["rows"] if r["current"] and r["ref"] == "TS 2")
    assert (row["forecast"], row["forecast_status"], row["plan_actions"]) == (67.5, "off track", ["A1", "A2"])
    assert [a["id"] for a in data["scorecard"]["plan_actions"]] == ["A1", "A2"]
    assert data["scorecard"]["plan_actions"][1]["refs"] == ["TS 1", "TS 2"]
    with open(out / "scorecard.csv", encoding="utf-8-sig", newline="") as fh:
        csv_row = next(r for r in csv.DictReader(fh) if r["current"] == "true" and r["ref"] == "TS 2")
    assert (csv_row["forecast"], csv_row["plan_actions"]) == ("67.5", "A1 | A2")

    wb = openpyxl.load_workbook(out / "scorecard.xlsx")
    assert "Plan actions" in wb.sheetnames
    sheet = next(wb[n] for n in wb.sheetnames if n == "Help and protection")
    header = [c.value for c in sheet[4]]
    ts2 = next(r for r in sheet.iter_rows(min_row=5) if r[0].value == "TS 2")
    cell = dict(zip(header, ts2))
    assert cell["Forecast to\n31 Mar 2025"].value == 67.5 and cell["Forecast vs target"].value == "off track"
    assert cell["Plan actions"].value == "A1, A2"
    assert cell["Plan actions"].hyperlink.location == "'Plan actions'!A6"
    plan_sheet = wb["Plan actions"]
    assert [plan_sheet.cell(6, c).value for c in (1, 2, 3, 4)] == ["A1", "Tracker", "Manager", "In progress"]
    # A2's links name no target: the plan takes the scorecard's target, by the action's due date
    assert plan_sheet.cell(7, 6).value == ("TS 1 Re-referrals within 12 months (to 22.6% by 1 Feb 2025)\n"
                                           "TS 2 Assessments completed within 45 working days (to 85.7% by 1 Feb 2025)")


def test_no_forecast_column_unless_asked_and_no_plan_section_without_a_plan(tmp_path):
    project = project_with_plan(tmp_path)
    result = project.report("2024-25-Q3", out=tmp_path / "card", allow_empty=True)
    html = (tmp_path / "card" / "scorecard.html").read_text(encoding="utf-8")
    assert "Forecast to" not in html and all(line.forecast is None for line in result.scorecard.lines)
    assert 'id="plan-actions"' in html
    bare = Project(tmp_path / "bare.duckdb", settings_file(tmp_path))
    store_with(bare.db_path, "assessment", assessments([(date(2024, 7, 10), True)]))
    html = bare.report("2024-25-Q3", out=tmp_path / "bare", allow_empty=True).files["scorecard.html"].read_text(
        encoding="utf-8")
    assert 'id="plan-actions"' not in html and "Plan:" not in html


def test_the_command_line_says_what_the_forecasts_and_links_are(tmp_path):
    project = project_with_plan(tmp_path)
    r = CliRunner().invoke(main, ["report", "--period", "2024-25-Q3", "--forecast", "--allow-empty",
                                  "--db", str(project.db_path), "--settings", str(project.settings_path),
                                  "--out", str(tmp_path / "cli")])
    assert r.exit_code == 0, r.output
    assert "Year-end forecasts for" in r.output and "1 off track" in r.output
    assert "2 rows are targeted by 2 improvement-plan actions." in r.output


def _line(ref: str, indicator: str, unit: str = "count", value: float | None = 40.0, symbol=None) -> Line:
    return Line(ref, indicator, indicator.title(), unit, "down",
                [Figure("2024-25-Q3", value, symbol=symbol)])


def _card(*lines: Line, public: bool = False) -> Scorecard:
    return Scorecard("999", "Testshire", "2024-25-Q3", None, ["2024-25-Q3"], [Section("S", list(lines))],
                     public=public)


def test_actions_found_by_indicator_even_under_another_layouts_ref():
    card = _card(_line("TS 1", "referrals"), _line("X 9", "assessments-45wd"))
    attach_actions(card, {"OLD 7": [{"order": 0, "id": "A1", "title": "T", "indicator": "assessments-45wd"}],
                          "TS 1": [{"order": 1, "id": "A2", "title": "U"}]})
    assert [a.id for a in card.lines[1].actions] == ["A1"] and [a.id for a in card.lines[0].actions] == ["A2"]
    assert card.plan_actions == [PlanAction("A1", "T", order=0), PlanAction("A2", "U", order=1)]  # the plan's order


def test_public_forecasts_never_give_away_a_small_number():
    withheld = _line("TS 1", "a", value=None, symbol="c")
    small = _line("TS 2", "b")
    big = _line("TS 3", "c")
    card = _card(withheld, small, big, public=True)
    forecast = {"method": "monthly trend", "point": 8.0, "high": 12.0, "target": 10.0, "status": "at risk"}
    attach_forecasts(card, parse_period("2024-25-Q3"), [
        {**forecast, "indicator": "a", "low": 20.0}, {**forecast, "indicator": "b", "low": 4.6},
        {**forecast, "indicator": "c", "low": 5.6}])
    assert (withheld.forecast, small.forecast) == (None, None)
    assert big.forecast.point == 8.0 and big.forecast.low == 5.6
