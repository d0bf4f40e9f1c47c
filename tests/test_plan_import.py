"""Plan import: the template, round trips, and bad workbooks and YAML files with every problem located."""

from __future__ import annotations

from datetime import datetime

import openpyxl
import pytest
from click.testing import CliRunner

from csc_scorecard.cli import main
from csc_scorecard.errors import ScorecardError
from csc_scorecard.plan.parse import PlanError
from csc_scorecard.project import Project
from plan_helpers import EXAMPLE, settings_file


@pytest.fixture
def project(tmp_path):
    return Project(tmp_path / "store.duckdb", settings_file(tmp_path))


def test_template_has_the_layout_refs_as_a_drop_down(project, tmp_path):
    path = project.plan_init(tmp_path / "plan.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Read me", "Themes", "Priorities", "Actions", "Indicators", "Lists"]
    lists = [r[0].value for r in wb["Lists"].iter_rows(min_row=2) if r[0].value]
    assert lists[0] == "TS 1 – Re-referrals within 12 months"
    assert any(v.startswith("TS 2 – ") for v in lists)
    # the drop-down on the Indicators sheet's Indicator column reads that list
    dvs = {str(dv.sqref): dv for dv in wb["Indicators"].data_validations.dataValidation}
    assert dvs["B2:B1001"].type == "list" and dvs["B2:B1001"].formula1.startswith("Lists!$A$2:$A$")
    assert {str(dv.sqref) for dv in wb["Actions"].data_validations.dataValidation} >= {"H2:H501", "I2:I501"}
    assert [r[0].value for r in wb["Themes"].iter_rows(min_row=2)][:2] == ["Early help", "The front door"]


def test_national_framework_preset(project, tmp_path):
    wb = openpyxl.load_workbook(project.plan_init(tmp_path / "nf.xlsx", themes="national-framework"))
    themes = [r[0].value for r in wb["Themes"].iter_rows(min_row=2)]
    assert len(themes) == 7 and themes[0].startswith("Outcome 1: Children, young people and families stay together")
    assert themes[-1] == "Enabler: The workforce is equipped and effective"


def test_yaml_to_workbook_and_back_is_the_same_plan(project, tmp_path):
    first = project.plan_import(EXAMPLE, by="alice")
    assert first.version == 1 and len(first.plan.actions) == 9
    xlsx = project.plan_export(tmp_path / "out.xlsx")
    again = project.plan_import(xlsx, by="bob")
    assert again.version is None  # identical: no new version
    yml = project.plan_export(tmp_path / "out.yaml")
    assert project.plan_import(yml).version is None
    a = project.plan().action("A2.1")
    assert [(link.ref, link.indicator, link.target) for link in a.indicators] == [
        ("TS 2", "assessments-45wd", 90.0), ("TS 24", "assessment-duration-wd", 30.0)]


def _filled_template(project, tmp_path):
    """The template with a plan written into it (by openpyxl, as Excel would)."""
    path = project.plan_init(tmp_path / "bad.xlsx")
    wb = openpyxl.load_workbook(path)
    p, a, i = wb["Priorities"], wb["Actions"], wb["Indicators"]
    p.append(["P1", "The front door", "Front door decisions", "Head of MASH"])
    p.append(["P1", "The front door", "A second P1", None])                                 # row 3: ID twice
    p.append(["P2", "Front dor", "Typo in theme", None])                                    # row 4: theme
    p.append(["P3", "Care leavers", "Nothing under it", None])                              # row 5: no actions
    a.append(["A1", "P1", "Triage", "Manager", "MASH", datetime(2024, 4, 1), datetime(2024, 9, 30),
              "In progress", 50, None, None])                                                # row 2: fine
    a.append(["A2", "P9", "Unknown priority", "Manager", None, "2024-13-01", datetime(2024, 9, 30),
              "Started", 150, "Purple", None])                                               # row 3: 5 problems
    a.append(["A3", "P1", "Due before start", "Manager", None, datetime(2024, 9, 1), datetime(2024, 8, 1),
              "Completed", 40, None, None])                                                  # row 4: 2 problems
    a.append(["A4", "P1", "No owner", None, None, None, datetime(2025, 3, 31), "In progress", None, None, None])
    a.append(["A5", "P1", "Not linked", "Manager", None, None, datetime(2025, 3, 31), "Not started", 0, None, None])
    # row 7: fine, under P2 whose theme is mistyped: P2's problem is reported once, not again here
    a.append(["A6", "P2", "Under P2", "Manager", None, None, datetime(2025, 3, 31), "Not started", 0, None, None])
    i.append(["A1", "TS 2 – Assessments completed within 45 working days", 90, datetime(2025, 3, 31)])  # fine
    i.append(["A1", "TS 99", 50, None])                                                      # row 3: unknown ref
    i.append(["A1", "TS 3", 150, None])                                                      # row 4: over 100
    i.append(["A7", "TS 1", 20, None])                                                       # row 5: no action A7
    i.append(["A1", "assessments-45wd", 91, "31/03/2025"])                                  # row 6: twice
    i.append(["A1", "TS 6", None, None])                                                     # row 7: no target
    i.append(["A1", "TS 1", "twenty", "soon"])                                               # row 8: 2 problems
    i.append(["A6", "TS 1", 20, None])                                                       # row 9: fine
    wb.save(path)
    return path


def test_bad_workbook_every_problem_located_and_nothing_stored(project, tmp_path):
    path = _filled_template(project, tmp_path)
    with pytest.raises(PlanError) as info:
        project.plan_import(path)
    got = {(p.sheet, p.cell, p.column) for p in info.value.problems}
    expected = {
        ("Priorities", "A3", "ID"), ("Priorities", "B4", "Theme"), ("Priorities", "A5", "ID"),
        ("Actions", "B3", "Priority"), ("Actions", "F3", "Start"), ("Actions", "H3", "Status"),
        ("Actions", "I3", "% complete"), ("Actions", "J3", "RAG"),
        ("Actions", "G4", "Due"), ("Actions", "I4", "% complete"),
        ("Actions", "D5", "Owner"), ("Actions", "A6", "ID"),
        ("Indicators", "B3", "Indicator"), ("Indicators", "C4", "Target"), ("Indicators", "A5", "Action"),
        ("Indicators", "B6", "Indicator"), ("Indicators", "C7", "Target"), ("Indicators", "C8", "Target"),
        ("Indicators", "D8", "By"),
    }
    assert got == expected
    by_cell = {p.cell: p for p in info.value.problems if p.sheet == "Actions"}
    assert by_cell["F3"].value == "2024-13-01" and "31/03/2025" in by_cell["F3"].fix
    assert "Not started, In progress, Completed" in by_cell["H3"].fix
    assert "before the start" in by_cell["G4"].message and 'Actions!G4 (Due) "2024-08-01"' in by_cell["G4"].text()
    text = str(info.value)
    assert "19 problems" in text and "nothing was stored" in text
    assert 'Priorities!B4 (Theme) "Front dor": this is not one of the plan\'s themes. Fix: write "The front door"' in text
    assert 'Indicators!B3 (Indicator) "TS 99"' in text
    assert project.plan() is None  # nothing stored
    assert project.plan_history()[1] == []


def test_missing_column_and_sheet(project, tmp_path):
    path = project.plan_init(tmp_path / "cols.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["Actions"]["D1"] = "Responsible"  # the Owner column renamed
    del wb["Indicators"]
    wb.save(path)
    with pytest.raises(PlanError) as info:
        project.plan_import(path)
    texts = [p.text() for p in info.value.problems]
    assert any(t.startswith("Actions, Owner") and 'the column "Owner" is missing' in t for t in texts)
    assert any(t.startswith("Indicators, Action") for t in texts)


def test_bad_yaml_located_by_line(project, tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(
        "title: Test\n"
        "themes: child-journey\n"
        "priorities:\n"
        "  - id: P1\n"
        "    theme: The front door\n"
        "    title: Decisions\n"
        "    actions:\n"
        "      - id: A1\n"
        "        title: Triage\n"
        "        owner: Manager\n"
        "        due: 2025-02-30\n"
        "        status: In progress\n"
        "        indicators:\n"
        "          - {ref: TS 2, target: 101}\n", encoding="utf-8")
    with pytest.raises(PlanError) as info:
        project.plan_import(path)
    texts = sorted(p.text() for p in info.value.problems)
    assert texts[0].startswith('actions, line 11, due "2025-02-30": this is not a date.')
    assert texts[1].startswith('indicators, line 14, target "101": TS 2 is a percentage')


def test_cli_import_error_is_plain(project, tmp_path):
    path = _filled_template(project, tmp_path)
    result = CliRunner().invoke(main, ["plan", "import", str(path), "--db", str(project.db_path),
                                       "--settings", str(project.settings_path)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {path}: 19 problems in the plan; nothing was stored.")
    assert "Traceback" not in result.output


def test_themes_setting_in_scorecard_yaml(tmp_path):
    settings = settings_file(tmp_path)
    settings.write_text(settings.read_text(encoding="utf-8") + "plan_themes: [Front door, Children in care]\n",
                        encoding="utf-8")
    project = Project(tmp_path / "store.duckdb", settings)
    wb = openpyxl.load_workbook(project.plan_init(tmp_path / "own.xlsx"))
    assert [r[0].value for r in wb["Themes"].iter_rows(min_row=2)] == ["Front door", "Children in care"]
    with pytest.raises(ScorecardError, match='"journey" is not a theme preset'):
        project.plan_init(tmp_path / "x.xlsx", themes="journey")
