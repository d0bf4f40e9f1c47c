"""The plan's history: every version kept whole, who changed what and when, nothing overwritten."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest
from click.testing import CliRunner

from csc_scorecard.cli import main
from csc_scorecard.errors import ScorecardError
from csc_scorecard.project import Project
from plan_helpers import EXAMPLE, settings_file


@pytest.fixture
def project(tmp_path):
    return Project(tmp_path / "store.duckdb", settings_file(tmp_path))


def test_edits_are_new_versions_with_who_what_and_when(project, tmp_path):
    assert project.plan_import(EXAMPLE, by="alice", note="agreed at DMT").version == 1
    assert project.plan_update("A1.2", by="bob", percent="80", note="third audit done") == 2
    assert project.plan_update("A1.2", by="bob", percent=80) is None  # no change, no version
    # carol edits the YAML: one action removed, one target changed, one new action
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace("{ref: TS 3, target: 85, by: 2025-03-31}", "{ref: TS 3, target: 88, by: 2025-03-31}")
    start = text.index("      - id: A2.3")
    end = text.index("  - id: P3")
    text = text[:start] + text[end:]
    text = text.replace("        indicators:\n          - {ref: WF 1, target: 10, by: 2025-03-31}",
                        "        indicators:\n          - {ref: WF 1, target: 10, by: 2025-03-31}\n"
                        "      - id: A5.2\n        title: Caseload review\n        owner: Head of service\n"
                        "        due: 2025-06-30\n        status: Not started\n"
                        "        indicators:\n          - {ref: WF 3}\n")
    edited = tmp_path / "edited.yaml"
    edited.write_text(text, encoding="utf-8")
    assert project.plan_import(edited, by="carol").version == 3

    la, changes = project.plan_history()
    assert la == "999"
    rows = [(c.version, c.saved_by, c.item, c.field, c.old, c.new) for c in changes]
    assert rows[0] == (1, "alice", "plan", None, None, "created: 5 priorities, 9 actions, 12 indicator links")
    assert changes[0].note == "agreed at DMT"
    assert (2, "bob", "action A1.2", "percent_complete", 60.0, 80.0) in rows
    assert len([r for r in rows if r[0] == 2]) == 1
    v3 = {r[2:] for r in rows if r[0] == 3}
    assert v3 == {
        ("action A2.2 -> TS 3", "target", 85.0, 88.0),
        ("action A1.2", "percent_complete", 80.0, 60.0),  # the YAML still says 60: carol's import set it back
        ("action A2.3", None, "removed", None), ("action A2.3 -> TS 5", None, "removed", None),
        ("action A2.3 -> TS 4", None, "removed", None),
        ("action A5.2", None, None, "added"), ("action A5.2 -> WF 3", None, None, "added"),
    }
    # the blank target took the scorecard layout's target for the year of the due date
    assert project.plan().action("A5.2").indicators[0].target == 15.2
    # nothing overwritten: version 1 still holds A2.3, and the tables only ever grew
    assert project.plan(version=1).action("A2.3").title.startswith("Review of every child protection plan")
    con = duckdb.connect(str(project.db_path), read_only=True)
    counts = con.execute("SELECT version, count(*) FROM plan_action WHERE la = '999' GROUP BY 1 ORDER BY 1").fetchall()
    con.close()
    assert counts == [(1, 9), (2, 9), (3, 9)]


def test_actions_by_scorecard_ref(project):
    assert project.plan_actions_by_ref() == {}
    project.plan_import(EXAMPLE, by="alice")
    by_ref = project.plan_actions_by_ref()
    assert [a["id"] for a in by_ref["TS 1"]] == ["A1.1", "A1.2"]
    assert by_ref["TS 5"] == [{"order": 4, "id": "A2.3", "title": by_ref["TS 5"][0]["title"],
                               "owner": "Child protection chairs manager", "status": "In progress",
                               "due": date(2025, 3, 31), "indicator": "cp-plans-2y-ended", "target": 4.0,
                               "by": date(2025, 3, 31)}]


def test_update_errors_are_plain(project):
    project.plan_import(EXAMPLE, by="alice")
    with pytest.raises(ScorecardError, match="The plan has no action A9"):
        project.plan_update("A9", status="Completed")
    with pytest.raises(ScorecardError, match='"Done" is not a status'):
        project.plan_update("A1.2", status="Done")
    with pytest.raises(ScorecardError, match="a number from 0 to 100"):
        project.plan_update("A1.2", percent="120")


def test_cli_update_and_history(project):
    args = ["--db", str(project.db_path), "--settings", str(project.settings_path)]
    runner = CliRunner()
    assert runner.invoke(main, ["plan", "import", str(EXAMPLE), "--by", "alice", *args]).exit_code == 0
    r = runner.invoke(main, ["plan", "update", "A2.2", "--status", "completed", "--by", "dan", *args])
    assert r.exit_code == 0 and "stored as plan version 2" in r.output
    r = runner.invoke(main, ["plan", "history", "--action", "A2.2", *args])
    lines = r.output.splitlines()
    assert len(lines) == 2
    assert "dan" in lines[0] and 'status "In progress" -> "Completed"' in lines[0]
    assert 'percent_complete "40" -> "100"' in lines[1]
